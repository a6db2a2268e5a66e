"""Gold annotations (tests/gold/FORMAT.md): reading, checking, and writing them.

A gold source is a folder of ``<config>.jsonl`` files, or one ``.jsonl`` file whose
lines name their type in a ``type`` field. Each line is one item as one article
reports it. Lines are checked against the contract's field types, so a typo in an
annotation (``"format": "phone"``) is an error with its file and line, not a silent miss.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from extractor._dataset import MODEL_OF_CONFIG, RECORD_CONFIGS
from extractor._errors import InputError

TYPE_OF_CONFIG: dict[str, str] = {
    "meetings": "meeting",
    "statements": "statement",
    "military_facilities": "military_facility",
    "agreements": "agreement",
}
CONFIG_OF_RECORD_TYPE: dict[str, str] = {value: key for key, value in TYPE_OF_CONFIG.items()}

GOLD_META_FIELDS: tuple[str, ...] = ("article_id", "quote", "optional", "note", "type")
"""Fields of a gold line that are not contract fields."""

_NOT_IN_GOLD: frozenset[str] = frozenset(
    {"id", "evidence", "confidence", "extractor", "conflicts", "date_text", "date_anchor"}
)
_REQUIRED: dict[str, tuple[str, ...]] = {
    "meetings": ("participants",),
    "statements": ("speaker", "text"),
    "military_facilities": ("name",),
    "agreements": ("agreement_type",),
}


@dataclass(frozen=True)
class GoldItem:
    """One annotated item of one article."""

    config: str
    article_id: str
    fields: dict[str, Any]
    quote: str | None = None
    optional: bool = False
    source: str = ""
    """``file:line`` of the annotation, for messages."""

    def get(self, name: str) -> Any:
        return self.fields.get(name)


@dataclass
class GoldSet:
    """Every gold item, by config, in file order."""

    items: dict[str, list[GoldItem]] = field(default_factory=lambda: {c: [] for c in RECORD_CONFIGS})
    configs_present: set[str] = field(default_factory=set)

    @property
    def article_ids(self) -> set[str]:
        return {item.article_id for items in self.items.values() for item in items}


def gold_fields(config: str) -> list[str]:
    """Contract fields a gold line of ``config`` may carry, in model order."""
    model = MODEL_OF_CONFIG[config]
    return [name for name in model.model_fields if name not in _NOT_IN_GOLD]


@cache
def _adapter(config: str, name: str) -> TypeAdapter[Any]:
    model: type[BaseModel] = MODEL_OF_CONFIG[config]
    annotation: Any = model.model_fields[name].annotation
    return TypeAdapter(annotation)


def load_gold(path: Path | str) -> GoldSet:
    """Read a gold folder or single gold file; raise InputError on anything unusable."""
    path = Path(path)
    gold = GoldSet()
    if path.is_dir():
        files = [(path / f"{config}.jsonl", config) for config in RECORD_CONFIGS]
        present = [(file, config) for file, config in files if file.is_file()]
        if not present:
            names = ", ".join(f"{c}.jsonl" for c in RECORD_CONFIGS)
            raise InputError(f"no gold files in this folder (expected one of {names})", path=path)
        for file, config in present:
            gold.configs_present.add(config)
            for item in _read_file(file, config):
                gold.items[item.config].append(item)
    elif path.is_file():
        gold.configs_present.update(RECORD_CONFIGS)
        for item in _read_file(path, None):
            gold.items[item.config].append(item)
    else:
        raise InputError("gold folder or file not found", path=path)
    return gold


def _read_file(file: Path, config: str | None) -> Iterator[GoldItem]:
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read gold file ({e})", path=file) from e
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{file}:{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{where}: not a JSON object ({e.msg})") from e
        if not isinstance(raw, dict):
            raise InputError(f"{where}: a gold line must be a JSON object")
        yield parse_gold_line(raw, config=config, where=where)


def parse_gold_line(raw: dict[str, Any], *, config: str | None, where: str) -> GoldItem:
    """Check one gold line and turn it into a GoldItem."""
    line_config = _line_config(raw.get("type"), config, where)
    article_id = raw.get("article_id")
    if not isinstance(article_id, str) or not article_id:
        raise InputError(f"{where}: `article_id` must be a non-empty string")
    allowed = set(gold_fields(line_config))
    unknown = sorted(set(raw) - allowed - set(GOLD_META_FIELDS))
    if unknown:
        raise InputError(f"{where}: unknown field(s) for {line_config}: {', '.join(unknown)}")
    missing = [name for name in _REQUIRED[line_config] if raw.get(name) in (None, "", [])]
    if missing:
        raise InputError(f"{where}: missing required field(s): {', '.join(missing)}")
    fields: dict[str, Any] = {}
    for name in allowed & set(raw):
        try:
            value = _adapter(line_config, name).validate_python(raw[name])
        except ValidationError as e:
            message = e.errors()[0]["msg"]
            raise InputError(f"{where}: field `{name}`: {message}") from e
        fields[name] = value.model_dump(mode="json") if isinstance(value, BaseModel) else _plain(value)
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        raise InputError(f"{where}: `optional` must be true or false")
    quote = raw.get("quote")
    if quote is not None and not isinstance(quote, str):
        raise InputError(f"{where}: `quote` must be a string")
    return GoldItem(line_config, article_id, fields, quote=quote, optional=optional, source=where)


def _line_config(declared: Any, config: str | None, where: str) -> str:
    if declared is None:
        if config is None:
            raise InputError(f"{where}: a line of a single gold file needs a `type` (meeting, statement, ...)")
        return config
    declared_config = CONFIG_OF_RECORD_TYPE.get(str(declared), str(declared))
    if declared_config not in TYPE_OF_CONFIG:
        known = ", ".join(CONFIG_OF_RECORD_TYPE)
        raise InputError(f"{where}: unknown `type` {declared!r} (expected one of {known})")
    if config is not None and declared_config != config:
        raise InputError(f"{where}: `type` {declared!r} does not belong in {config}.jsonl")
    return declared_config


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return value


def write_gold(items: Iterable[GoldItem], out: Path) -> Path:
    """Write gold items: a folder of ``<config>.jsonl`` files, or one ``.jsonl`` file with ``type``."""
    ordered = list(items)
    single_file = out.suffix.lower() in {".jsonl", ".ndjson"}
    if single_file:
        out.parent.mkdir(parents=True, exist_ok=True)
        lines = [_gold_line(item, with_type=True) for item in ordered]
        _write_lines(out, lines)
        return out
    if out.exists() and not out.is_dir():
        raise InputError("exists and is not a folder (give a folder, or a .jsonl file name)", path=out)
    out.mkdir(parents=True, exist_ok=True)
    for config in RECORD_CONFIGS:
        _write_lines(
            out / f"{config}.jsonl",
            [_gold_line(item, with_type=False) for item in ordered if item.config == config],
        )
    return out


def _gold_line(item: GoldItem, *, with_type: bool) -> str:
    line: dict[str, Any] = {}
    if with_type:
        line["type"] = TYPE_OF_CONFIG[item.config]
    line["article_id"] = item.article_id
    line["quote"] = item.quote
    line["optional"] = item.optional
    for name in gold_fields(item.config):
        line[name] = item.fields.get(name)
    if item.source:
        line["note"] = item.source
    return json.dumps(line, ensure_ascii=False)


def _write_lines(path: Path, lines: list[str]) -> None:
    # Write beside and rename, so an interrupted export never leaves half a gold file.
    partial = path.with_name(path.name + ".partial")
    partial.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    partial.replace(path)
