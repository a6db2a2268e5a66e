"""The dataset card (``README.md`` of the dataset folder), generated, never hand-edited.

The card is a pure function of ``CardInfo``: no clock is read here, so the same inputs
give the same card byte for byte. A release passes its date in ``release_date``.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from extractor._dataset import DATA_FILE_NAME, MODEL_OF_CONFIG, arrow_schema
from schema import SCHEMA_VERSION, Actor, Conflict, Country, Evidence, Extractor, IsoDate

_PROJECT_URL = "https://github.com/newsextract/newsextract"
_SHARED_TYPES: tuple[type[BaseModel], ...] = (Actor, Evidence, Extractor, Conflict)
_MEANING = {
    "articles": "One row per ingested article. Evidence offsets index its `text`.",
    "meetings": "One row per canonical meeting (one row even when several articles report it).",
    "statements": "One row per attributed statement, per utterance and article.",
    "military_facilities": "One row per canonical base or installation (spelling variants are one row).",
    "agreements": "One row per canonical treaty, lease, contract, deal or memorandum.",
    "mentions": "One row per extracted mention, linked to the canonical record it was merged into.",
    "changes": "One row per record added, removed (tombstone) or changed by each release.",
}


@dataclass(frozen=True)
class CardInfo:
    """What the card says: the configs with their row counts, and how the data was made.

    ``extra_configs`` are configs beyond the record contract (a release's ``changes``),
    with the model their rows follow; ``statistics`` maps a config to named figures.
    ``bytes_per_config`` is each config's Arrow size (``_dataset.arrow_num_bytes``), the
    ``num_bytes`` that ``datasets`` requires beside ``num_examples`` in a split's info.
    ``data_files`` maps a config to its path in the folder (``_dataset.data_files_pattern``,
    a glob over a sharded config's files); a config not in it has ``<config>/train.parquet``.
    """

    rows_per_config: dict[str, int]
    engine: str
    package_version: str
    model: str | None = None
    prompt_hash: str | None = None
    input_sha256: dict[str, str] = field(default_factory=dict)
    accounting: dict[str, int] = field(default_factory=dict)
    version: str | None = None
    pretty_name: str = "newsextract events"
    release_date: str | None = None
    repo_id: str | None = None
    no_text: bool = False
    extra_configs: dict[str, type[BaseModel]] = field(default_factory=dict)
    statistics: dict[str, dict[str, str]] = field(default_factory=dict)
    release_notes: str | None = None
    bytes_per_config: dict[str, int] = field(default_factory=dict)
    data_files: dict[str, str] = field(default_factory=dict)


def _model_of(info: CardInfo, config: str) -> type[BaseModel]:
    return info.extra_configs.get(config) or MODEL_OF_CONFIG[config]


def config_features(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The ``dataset_info.features`` YAML list of rows following ``model``.

    Written as the Hugging Face ``datasets`` library writes it (``Features._to_yaml_list``; a
    test checks they agree), without importing that library: it costs about a second of start-up.
    """
    return [{"name": item.name, **_feature_type(item.type)} for item in arrow_schema(model)]


_DTYPES = {"string": "string", "int64": "int64", "double": "float64", "bool": "bool"}


def _feature_type(arrow_type: Any) -> dict[str, Any]:
    import pyarrow as pa

    if pa.types.is_struct(arrow_type):
        return {"struct": [{"name": item.name, **_feature_type(item.type)} for item in arrow_type]}
    if pa.types.is_list(arrow_type):
        inner = _feature_type(arrow_type.value_type)
        # a list of a plain type is written "list: string", a list of rows "list: [fields]"
        return {"list": inner.get("dtype") or inner.get("struct") or inner}
    if str(arrow_type) in _DTYPES:
        return {"dtype": _DTYPES[str(arrow_type)]}
    raise TypeError(f"no dataset feature for the Arrow type {arrow_type}")


def card_metadata(info: CardInfo) -> dict[str, Any]:
    """The YAML front matter: every config, its data file and its features."""
    configs = list(info.rows_per_config)
    metadata: dict[str, Any] = {
        "pretty_name": info.pretty_name,
        "license": "other",
        "license_name": "mixed-news-sources",
        "language": ["en"],
        "task_categories": ["token-classification", "text-classification"],
        "tags": ["information-extraction", "events", "diplomacy", "military", "provenance"],
        "size_categories": [_size_category(max(info.rows_per_config.values(), default=0))],
        "configs": [
            {
                "config_name": config,
                "data_files": [{"split": "train", "path": info.data_files.get(config, f"{config}/{DATA_FILE_NAME}")}],
                **({"default": True} if config == "meetings" else {}),
            }
            for config in configs
        ],
        "dataset_info": [
            {
                "config_name": config,
                "features": config_features(_model_of(info, config)),
                "splits": [
                    {
                        "name": "train",
                        "num_bytes": info.bytes_per_config.get(config, 0),
                        "num_examples": info.rows_per_config[config],
                    }
                ],
            }
            for config in configs
        ],
    }
    if info.version:
        metadata["version"] = info.version
    return metadata


def _size_category(rows: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if rows < limit:
            return name
    return "100K<n<1M" if rows < 1_000_000 else "n>1M"


def render_card(info: CardInfo) -> str:
    """The whole card: YAML front matter, then prose."""
    import yaml

    front = yaml.safe_dump(card_metadata(info), sort_keys=False, allow_unicode=True)
    sections = [
        _intro(info),
        _configs_section(info),
        _record_types_section(info),
        _provenance_section(info),
        _statistics_section(info),
        _limitations_section(info),
        _loading_section(info),
        _citation_section(info),
    ]
    return f"---\n{front}---\n\n" + "\n\n".join(section.strip() for section in sections) + "\n"


def _intro(info: CardInfo) -> str:
    release = ""
    if info.version:
        release = f"\n\nThis is release **{info.version}**" + (
            f", published {info.release_date}." if info.release_date else "."
        )
        release += " `CHANGELOG.md` lists every record added, removed or changed by each release."
    notes = f"\n\n{info.release_notes.strip()}" if info.release_notes else ""
    return f"""# {info.pretty_name}

Diplomatic and military events extracted from news articles by [newsextract]({_PROJECT_URL}).
Every record carries the exact passages it rests on (`evidence`: article id, offsets and
text), a confidence, and the extractor that made it. Records follow the JSON Schema
files in `schema/` (schema version {SCHEMA_VERSION}).{release}{notes}"""


def _configs_section(info: CardInfo) -> str:
    rows = "\n".join(
        f"| `{config}` | {count} | {_MEANING.get(config, '')} |" for config, count in info.rows_per_config.items()
    )
    return f"## Configs\n\n| config | rows | one row per |\n|---|---|---|\n{rows}"


def _record_types_section(info: CardInfo) -> str:
    parts = ["## Record types and fields"]
    for config in info.rows_per_config:
        model = _model_of(info, config)
        parts.append(f"### `{config}` ({model.__name__})\n\n{_doc(model)}\n\n{field_table(model)}")
    parts.append("### Shared types")
    for model in _SHARED_TYPES:
        parts.append(f"#### {model.__name__}\n\n{_doc(model)}\n\n{field_table(model)}")
    parts.append(
        "Dates are ISO 8601 of reduced precision (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the length "
        "is the precision). Countries are ISO 3166-1 alpha-3 codes."
    )
    return "\n\n".join(parts)


def _doc(model: type[BaseModel]) -> str:
    return " ".join((model.__doc__ or "").split())


def field_table(model: type[BaseModel]) -> str:
    """A Markdown table of ``model``'s fields: name, type and description, in declaration order."""
    lines = ["| field | type | description |", "|---|---|---|"]
    for name, info in model.model_fields.items():
        description = (info.description or "").replace("|", "\\|")
        lines.append(f"| `{name}` | {_type_name(info.annotation)} | {description} |")
    return "\n".join(lines)


def _type_name(annotation: Any) -> str:
    if annotation == IsoDate:
        return "Date"
    if annotation == Country:
        return "Country"
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        nullable = len(members) < len(get_args(annotation))
        text = " or ".join(_type_name(member) for member in members)
        return f"{text} or null" if nullable else text
    if origin is typing.Annotated:
        return _type_name(get_args(annotation)[0])
    if origin is Literal:
        return " \\| ".join(f"`{value}`" for value in get_args(annotation))
    if origin is list:
        return f"list of {_type_name(get_args(annotation)[0])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
    return simple.get(annotation, str(annotation))


def _provenance_section(info: CardInfo) -> str:
    made_by = [
        f"- engine: `{info.engine}`",
        f"- model: `{info.model}`" if info.model else "- model: none (no language model)",
        f"- prompt hash: `{info.prompt_hash}`" if info.prompt_hash else "- prompt hash: none",
        f"- newsextract version: `{info.package_version}`",
        f"- schema version: `{SCHEMA_VERSION}`",
    ]
    accounting = "\n".join(f"- {name}: {value}" for name, value in sorted(info.accounting.items()))
    inputs = "\n".join(f"| `{name}` | `{digest}` |" for name, digest in sorted(info.input_sha256.items()))
    return f"""## How it was made

Each article was ingested (HTML, text or JSONL), cleaned, and passed to the extraction
engine; mentions of the same event were merged into canonical records; every evidence
passage was checked against the article text before it was written.

{chr(10).join(made_by)}
{f"{chr(10)}Accounting:{chr(10)}{chr(10)}{accounting}{chr(10)}" if accounting else ""}
Inputs (sha256 of the raw input bytes, by article id):

| article | sha256 |
|---|---|
{inputs or "| none | |"}"""


def _statistics_section(info: CardInfo) -> str:
    lines = ["## Statistics", ""]
    if not info.statistics:
        lines.extend(f"- `{config}`: {rows} rows" for config, rows in info.rows_per_config.items())
        return "\n".join(lines)
    names = list(dict.fromkeys(name for figures in info.statistics.values() for name in figures))
    lines.append("| config | rows | " + " | ".join(names) + " |")
    lines.append("|---|---|" + "---|" * len(names))
    for config, rows in info.rows_per_config.items():
        figures = info.statistics.get(config, {})
        lines.append(f"| `{config}` | {rows} | " + " | ".join(figures.get(name, "") for name in names) + " |")
    return "\n".join(lines)


def _limitations_section(info: CardInfo) -> str:
    items = [
        "Records are machine-extracted. Check the evidence passages before relying on a record; "
        "`confidence` is the extractor's own estimate, not a calibrated probability.",
        "Coverage is limited to the input articles: an event no article reports is absent, and "
        "an event reported by one outlet carries that outlet's framing.",
        "Dates are only as precise as the article allows (a year or a month when no day is given); "
        "relative dates are resolved against the publication date (`date_anchor`).",
        "Names are canonicalised by rules and alias lists; two distinct people or bases with the "
        "same name may be merged, and rare spellings may stay apart.",
        "English-language articles only.",
    ]
    if info.no_text:
        items.append(
            "**Article text is not published** (`--no-text`): the `text` column of `articles` is "
            "empty, so `text[start:end]` cannot be checked from this dataset alone. Evidence spans "
            "keep their offsets and quoted passages, and each article keeps the `sha256` of its raw "
            "input bytes: anyone holding the article can check the hash, ingest it with newsextract "
            "and verify every span."
        )
    empty = [config for config, rows in info.rows_per_config.items() if rows == 0]
    if empty:
        names = ", ".join(f"`{config}`" for config in empty)
        items.append(
            f"No rows in {names}: `datasets.load_dataset` refuses an empty split, so read such a "
            "config's Parquet file directly (it keeps every column and type)."
        )
    return "## Known limitations\n\n" + "\n".join(f"- {item}" for item in items)


def _loading_section(info: CardInfo) -> str:
    version = info.version or "1.0.0"
    hub = ""
    if info.repo_id:
        hub = f"""From the Hugging Face Hub, pinned to this release:

```python
from datasets import load_dataset

meetings = load_dataset("{info.repo_id}", "meetings", split="train", revision="v{version}")
```

"""
    return f"""## Loading

{hub}From a local folder (this card's folder):

```python
from datasets import load_dataset

meetings = load_dataset("path/to/this/folder", "meetings", split="train")
```

Every release is a git tag (`v{version}`). To load an older release from the local
history kept by `extract publish`:

```bash
git -C releases worktree add /tmp/newsextract-v{version} v{version}
```

```python
meetings = load_dataset("/tmp/newsextract-v{version}", "meetings", split="train")
```{_empty_configs_note(info)}"""


def _empty_configs_note(info: CardInfo) -> str:
    empty = [config for config, rows in info.rows_per_config.items() if rows == 0]
    if not empty:
        return ""
    listed = ", ".join(f"`{config}`" for config in empty)
    return f"""

No rows this time: {listed}. An empty config's Parquet file still carries its columns and
types, but `datasets` refuses a split with no examples ("corresponds to no data") unless
it is streamed. Load it with `streaming=True` (an empty iterable with the right
features), or read the file with pyarrow or pandas:

```python
rows = load_dataset("path/to/this/folder", "{empty[0]}", split="train", streaming=True)
```"""


def _citation_section(info: CardInfo) -> str:
    year = (info.release_date or "")[:4] or "n.d."
    version = info.version or "unreleased"
    where = f"https://huggingface.co/datasets/{info.repo_id}" if info.repo_id else _PROJECT_URL
    return f"""## Citation

```bibtex
@misc{{newsextract_events,
  title = {{{{{info.pretty_name}}}: diplomatic and military events extracted from news, with evidence}},
  author = {{{{newsextract contributors}}}},
  year = {{{year}}},
  version = {{{version}}},
  howpublished = {{\\url{{{where}}}}}
}}
```"""
