"""`extract review --export-gold`: the current records as gold lines, to be corrected by a person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extractor._dataset import RECORD_CONFIGS, available_configs, read_rows
from extractor._errors import DataError, InputError
from extractor._eval_gold import GoldItem, gold_fields, write_gold
from extractor._text import fold


def export_gold(dataset_dir: Path | str, *, out: Path | str) -> Path:
    """Write every record, projected onto each article its evidence comes from, in the gold format.

    ``out`` ending in ``.jsonl`` gives one file whose lines carry ``type``; anything
    else is a folder of ``<config>.jsonl`` files (tests/gold/FORMAT.md). Each line's
    ``note`` names the record it came from.
    """
    dataset_dir, out = Path(dataset_dir), Path(out)
    if not dataset_dir.is_dir():
        raise InputError("dataset folder not found", path=dataset_dir)
    present = set(available_configs(dataset_dir))
    if not present & set(RECORD_CONFIGS):
        raise InputError("no record configs (meetings, statements, ...) in this dataset folder", path=dataset_dir)
    try:
        texts = (
            {str(r["id"]): str(r["text"] or "") for r in read_rows(dataset_dir, "articles")}
            if "articles" in present
            else {}
        )
        items = [
            item
            for config in RECORD_CONFIGS
            if config in present
            for row in read_rows(dataset_dir, config)
            for item in project_row(config, row, texts)
        ]
    except DataError as e:
        raise InputError(f"unusable dataset: {e}", path=dataset_dir) from e
    items.sort(key=lambda item: (item.article_id, RECORD_CONFIGS.index(item.config)))
    return write_gold(items, out)


def project_row(config: str, row: dict[str, Any], texts: dict[str, str]) -> list[GoldItem]:
    """One gold item per article of the row's evidence, in order of first appearance."""
    quotes: dict[str, str] = {}
    for evidence in row.get("evidence") or []:
        quotes.setdefault(str(evidence["article_id"]), str(evidence["text"]))
    names = gold_fields(config)
    items = []
    for article_id, quote in quotes.items():
        fields = {name: row.get(name) for name in names}
        if config == "military_facilities" and article_id in texts:
            fields["aliases"] = _aliases_in(fields.get("aliases") or [], texts[article_id])
        note = f"from {config}/{row.get('id')}"
        items.append(GoldItem(config, article_id, fields, quote=quote, optional=False, source=note))
    return items


def _aliases_in(aliases: list[str], text: str) -> list[str]:
    """The spellings this article uses (all of them when none is found verbatim)."""
    folded = fold(text)
    used = [alias for alias in aliases if fold(alias) in folded]
    return used or list(aliases)
