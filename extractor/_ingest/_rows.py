"""One input row: a JSONL line's object or a Parquet row, checked by the same rules.

The rules (and their one-line reasons) live here alone, so a row means the same in
either format: ``text`` a non-empty string; ``title``, ``url``, ``publisher``, ``byline``
and ``published`` strings when present; ``id`` a string or an integer, else the row gets
``<file id>-<row number>``. Reasons start with ``line N:`` (JSONL) or ``row N:`` (Parquet).
"""

from __future__ import annotations

from typing import Any

from extractor._ingest._metadata import normalize_date
from extractor._ingest._model import GivenMetadata, RawArticle, SkippedFile

ROW_FIELDS = ("id", "text", "title", "url", "publisher", "published", "date", "byline", "author")
"""Every field a row may state (``date`` and ``author`` are aliases of ``published`` and ``byline``)."""

_STRING_FIELDS = ("title", "url", "publisher", "byline", "published")


def too_large(size: int, max_bytes: int) -> str:
    """The one-line reason for an input over the size limit, in plain words."""
    return f"too large ({size:,} bytes; the size limit is {max_bytes:,} bytes)"


def unit_of(path: str) -> str:
    """What one article of the file at ``path`` is called in messages: a Parquet row or a JSONL line."""
    return "row" if path.lower().endswith(".parquet") else "line"


def row_article(value: object, *, shown: str, file_id: str, number: int, sha256: str) -> RawArticle | SkippedFile:
    """The article of row ``number`` (1-based) of the file ``shown``, or why it is skipped."""

    def skip(reason: str) -> SkippedFile:
        return SkippedFile(shown, f"{unit_of(shown)} {number}: {reason}")

    if not isinstance(value, dict):
        return skip(f"expected a JSON object, got {type(value).__name__}")
    text = value.get("text")
    if not isinstance(text, str) or not text.strip():
        return skip("no 'text' field" if text is None else "'text' must be a non-empty string")
    for name in _STRING_FIELDS:
        if value.get(name) is not None and not isinstance(value[name], str):
            return skip(f"'{name}' must be a string")
    raw_id = value.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        return skip("'id' must be a string or an integer")
    article_id = str(raw_id).strip() if raw_id is not None else ""
    return RawArticle(
        id=article_id or f"{file_id}-{number}",
        body=text,
        sha256=sha256,
        source_path=shown,
        origin=f"{shown}:{number}",
        given=given_metadata(value),
    )


def given_metadata(fields: dict[str, Any]) -> GivenMetadata:
    """Metadata stated by front matter or a row (``author``/``date`` accepted as aliases)."""
    byline = fields.get("byline", fields.get("author"))
    if isinstance(byline, list):
        byline = ", ".join(str(name) for name in byline if name)
    return GivenMetadata(
        title=scalar(fields.get("title")),
        url=scalar(fields.get("url")),
        publisher=scalar(fields.get("publisher")),
        published=normalize_date(fields.get("published", fields.get("date"))),
        byline=scalar(byline),
    )


def scalar(value: object) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None
