"""Wire datelines in the rules engine's sentences; evidence helpers re-exported for its modules.

Sentence spans are in ``extractor._text`` (shared with the llm engine's chunking)."""

from __future__ import annotations

import re

# Moved to a module both engines share; re-exported (explicitly, for mypy) to the rules
# modules that import them from here.
from extractor._evidence import make_evidence as make_evidence  # noqa: PLC0414
from extractor._evidence import mention_id as mention_id  # noqa: PLC0414
from extractor._text import Span

# A wire dateline opening a sentence: "BERLIN (dpa/Reuters) - ", "NAIROBI, May 4 (Reuters) - ",
# "THE HAGUE, Netherlands (AP) — ", "KYIV — ". The place and agency are not part of what was said.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2})?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"(?:\s*\((?P<agency>[A-Za-z][\w/&.,\- ]{0,40})\))?\s*[-–—]+\s+"
)


def without_dateline(text: str, span: Span) -> Span:
    """``span`` less a wire dateline at its start; the rest stays a verbatim slice of ``text``."""
    match = _DATELINE.match(text, span.start, span.end)
    if match is None or match.end() >= span.end:
        return span
    place = text[span.start : match.start("agency") if match.group("agency") else match.end()]
    if not match.group("agency") and len(re.sub(r"[^A-Z]", "", place.split(",")[0])) < 3:
        return span  # "US - China talks": a bare dash needs a full upper-case place name
    return Span(match.end(), span.end)


def dateline_places(text: str) -> list[str]:
    """The place words of a wire dateline opening ``text`` ("THE HAGUE", "Netherlands"), or []."""
    start = len(text) - len(text.lstrip())
    match = _DATELINE.match(text, start)
    if match is None or (not match.group("agency") and not re.search(r"\s[—–]\s", match.group())):
        return []
    head = text[match.start() : match.start("agency") if match.group("agency") else match.end()]
    head = re.sub(r",\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?", "", head)
    return [part.strip(" -–—(") for part in head.split(",") if part.strip(" -–—(")]
