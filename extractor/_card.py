"""The dataset card (``README.md`` of the dataset folder), generated, never hand-edited."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extractor._dataset import DATA_FILE_NAME, hf_features
from schema import SCHEMA_VERSION


@dataclass(frozen=True)
class CardInfo:
    """What the card says: the configs with their row counts, and how the data was made."""

    rows_per_config: dict[str, int]
    engine: str
    package_version: str
    model: str | None = None
    prompt_hash: str | None = None
    input_sha256: dict[str, str] = field(default_factory=dict)
    accounting: dict[str, int] = field(default_factory=dict)
    version: str | None = None
    pretty_name: str = "newsextract events"


def card_metadata(info: CardInfo) -> dict[str, Any]:
    """The YAML front matter: every config, its data file and its features."""
    configs = list(info.rows_per_config)
    return {
        "pretty_name": info.pretty_name,
        "license": "other",
        "language": ["en"],
        "task_categories": ["token-classification", "text-classification"],
        "tags": ["information-extraction", "events", "diplomacy", "military", "provenance"],
        "configs": [
            {
                "config_name": config,
                "data_files": [{"split": "train", "path": f"{config}/{DATA_FILE_NAME}"}],
                **({"default": True} if config == "meetings" else {}),
            }
            for config in configs
        ],
        "dataset_info": [
            {
                "config_name": config,
                "features": hf_features(config),
                "splits": [{"name": "train", "num_examples": info.rows_per_config[config]}],
            }
            for config in configs
        ],
    }


def render_card(info: CardInfo) -> str:
    """The whole card: YAML front matter, then prose."""
    import yaml

    front = yaml.safe_dump(card_metadata(info), sort_keys=False, allow_unicode=True)
    counts = "\n".join(f"| `{config}` | {rows} |" for config, rows in info.rows_per_config.items())
    made_by = f"engine `{info.engine}`, newsextract {info.package_version}, schema {SCHEMA_VERSION}"
    if info.model:
        made_by += f", model `{info.model}`, prompt hash `{info.prompt_hash}`"
    inputs = "\n".join(f"- `{name}`: `{digest}`" for name, digest in sorted(info.input_sha256.items()))
    return f"""---
{front}---

# {info.pretty_name}

Diplomatic and military events extracted from news articles by
[newsextract](https://github.com/newsextract/newsextract). Every record carries the exact
passages it rests on (`evidence`: article id, offsets and text), a confidence and the
extractor that made it.

## Configs

| config | rows |
|---|---|
{counts}

## How it was made

Made by {made_by}.

Inputs (sha256 of the raw bytes):

{inputs or "- none"}

## Loading

```python
from datasets import load_dataset

meetings = load_dataset("path/to/this/folder", "meetings", split="train")
```
"""
