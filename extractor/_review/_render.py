"""Build the review page: the data payload, its safe embedding, the inlined assets."""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from extractor._dataset import RECORD_CONFIGS, available_configs, read_rows
from extractor._errors import DataError, InputError
from extractor._text import name_key

TYPE_LABELS: dict[str, str] = {
    "meetings": "Meetings",
    "statements": "Statements",
    "military_facilities": "Military facilities",
    "agreements": "Agreements",
}
# Columns of each record type's table; every field still shows in the record panel.
TABLE_COLUMNS: dict[str, list[str]] = {
    "meetings": ["date", "participants", "location", "format", "status"],
    "statements": ["date", "speaker", "direct", "text"],
    "military_facilities": ["name", "facility_type", "operator", "host_country", "location", "status"],
    "agreements": ["title", "agreement_type", "parties", "date_signed", "duration_years", "status"],
}
_MARKER = re.compile(r"\{\{(TITLE|CSS|JS|DATA)\}\}")
_ARTICLE_FIELDS = ("id", "title", "published", "publisher", "url")
# JSON inside <script> must not contain "</script>" or "<!--"; escaping every <, > and &
# (valid JSON escapes) makes any article text safe. U+2028/9 are escaped for old parsers.
_SCRIPT_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def render_review(dataset_dir: Path | str, *, out: Path | str) -> Path:
    """Write the review page of ``dataset_dir`` to ``out`` (one self-contained HTML file)."""
    dataset_dir, out = Path(dataset_dir), Path(out)
    payload = build_payload(dataset_dir)
    page = page_html(payload)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.write_text(page, encoding="utf-8")
    partial.replace(out)
    return out


def page_html(payload: dict[str, Any]) -> str:
    """The HTML page for a payload, with CSS, JS and data inlined."""
    assets = files("extractor._review").joinpath("assets")
    template = assets.joinpath("review.html").read_text(encoding="utf-8")
    css = assets.joinpath("review.css").read_text(encoding="utf-8")
    script = assets.joinpath("review.js").read_text(encoding="utf-8")
    data = embed_json(payload)
    title = _html_escape(f"Review: {payload['dataset']}")
    parts = {"TITLE": title, "CSS": css, "JS": script, "DATA": data}
    # One pass over the template only: inserted text is never searched for markers.
    return _MARKER.sub(lambda m: parts[m.group(1)], template)


def embed_json(payload: Any) -> str:
    """JSON that is safe as the content of a ``<script>`` element."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def build_payload(dataset_dir: Path) -> dict[str, Any]:
    """Articles, rows and a flat evidence index with UTF-16 offsets (what JS strings use)."""
    if not dataset_dir.is_dir():
        raise InputError("dataset folder not found", path=dataset_dir)
    present = set(available_configs(dataset_dir))
    try:
        article_rows = read_rows(dataset_dir, "articles")
        rows = {c: read_rows(dataset_dir, c) if c in present else [] for c in RECORD_CONFIGS}
    except DataError as e:
        raise InputError(f"unusable dataset: {e}", path=dataset_dir) from e
    articles = [
        {name: row.get(name) for name in _ARTICLE_FIELDS} | {"text": row.get("text") or ""} for row in article_rows
    ]
    position = {str(a["id"]): i for i, a in enumerate(articles)}
    converters = [_utf16_offsets(str(a["text"])) for a in articles]
    evidence: list[list[int]] = []
    problems = {"missing_article": 0, "ungrounded": 0}
    for type_index, config in enumerate(RECORD_CONFIGS):
        for row_index, row in enumerate(rows[config]):
            for item in row.get("evidence") or []:
                article_index = position.get(str(item.get("article_id")))
                if article_index is None:
                    problems["missing_article"] += 1
                    continue
                text = str(articles[article_index]["text"])
                start, end = int(item["start"]), int(item["end"])
                grounded = 0 <= start <= end <= len(text) and text[start:end] == item.get("text")
                if not grounded:
                    problems["ungrounded"] += 1
                    if not 0 <= start < end <= len(text):
                        continue  # nothing to highlight
                to16 = converters[article_index]
                evidence.append([article_index, to16(start), to16(end), type_index, row_index, int(grounded)])
    mentions = _read_mentions(dataset_dir, present)
    fields = _field_passages(mentions, rows, articles, position, converters)
    return {
        "dataset": dataset_dir.resolve().name,
        "types": [
            {"config": c, "label": TYPE_LABELS[c], "columns": TABLE_COLUMNS[c], "present": c in present}
            for c in RECORD_CONFIGS
        ],
        "articles": articles,
        "records": [rows[c] for c in RECORD_CONFIGS],
        "evidence": evidence,
        "fields": fields,
        "problems": problems,
    }


def _read_mentions(dataset_dir: Path, present: set[str]) -> list[dict[str, Any]]:
    if "mentions" not in present:
        return []
    try:
        return read_rows(dataset_dir, "mentions")
    except DataError as e:
        raise InputError(f"unusable dataset: {e}", path=dataset_dir) from e


def _field_passages(
    mentions: list[dict[str, Any]],
    rows: dict[str, list[dict[str, Any]]],
    articles: list[dict[str, Any]],
    position: dict[str, int],
    converters: list[Callable[[int], int]],
) -> list[list[Any]]:
    """``[article index, start, end, type index, row index, field path]`` for every field passage
    of every mention, its path rewritten to the canonical row's ("participants[0]" of a mention
    is the row's participant of the same name). Passages that do not hold are left out."""
    where = {
        str(row.get("id")): (type_index, row_index)
        for type_index, config in enumerate(RECORD_CONFIGS)
        for row_index, row in enumerate(rows[config])
    }
    passages: list[list[Any]] = []
    for mention in mentions:
        found = where.get(str(mention.get("canonical_id")))
        if found is None:
            continue
        type_index, row_index = found
        row = rows[RECORD_CONFIGS[type_index]][row_index]
        try:
            own = json.loads(str(mention.get("attributes") or "{}"))
        except json.JSONDecodeError:
            own = {}
        for item in mention.get("field_evidence") or []:
            article_index = position.get(str(item.get("article_id")))
            if article_index is None:
                continue
            text = str(articles[article_index]["text"])
            start, end = int(item["start"]), int(item["end"])
            if not (0 <= start < end <= len(text) and text[start:end] == item.get("text")):
                continue
            to16 = converters[article_index]
            path = _row_path(str(item["field"]), own, row)
            passages.append([article_index, to16(start), to16(end), type_index, row_index, path])
    return passages


_ITEM_PATH = re.compile(r"^(\w+)\[(\d+)\]$")


def _row_path(path: str, own: dict[str, Any], row: dict[str, Any]) -> str:
    """A mention's field path as the canonical row's: the row's list item with the same name
    (participants are actors, parties names), or the list itself when the row has none."""
    match = _ITEM_PATH.match(path)
    if match is None:
        return path
    name, index = match.group(1), int(match.group(2))
    mine, theirs = own.get(name), row.get(name)
    if not isinstance(mine, list) or not isinstance(theirs, list) or index >= len(mine):
        return name
    key = _item_key(mine[index])
    for position, item in enumerate(theirs):
        if _item_key(item) == key:
            return f"{name}[{position}]"
    return name


def _item_key(item: Any) -> str:
    return name_key(str(item.get("name") if isinstance(item, dict) else item))


def _utf16_offsets(text: str) -> Callable[[int], int]:
    """Python (code point) offset -> JavaScript (UTF-16 unit) offset for one text."""
    astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
    if not astral:
        return lambda offset: offset
    # Each character above U+FFFF before an offset takes one extra UTF-16 unit.
    return lambda offset: offset + bisect_left(astral, offset)
