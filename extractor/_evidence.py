"""Evidence spans and mention ids, the same for every engine.

Moved out of ``extractor._rules._text`` (which re-exports them) so that the llm engine
builds evidence and ids exactly as the rules engine does without importing it.
"""

from __future__ import annotations

import hashlib

from schema import Article, Evidence


def make_evidence(article: Article, start: int, end: int) -> Evidence:
    """Evidence for ``article.text[start:end]``, trimmed of outer whitespace."""
    text = article.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not 0 <= start < end <= len(text):
        raise ValueError(f"empty or out-of-range evidence span [{start}, {end}) in {article.id}")
    return Evidence(article_id=article.id, start=start, end=end, text=text[start:end])


def mention_id(prefix: str, *parts: object) -> str:
    """A stable id for a mention from its identifying parts (article id, offsets, key)."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return f"{prefix}-{digest[:16]}"


__all__ = ["make_evidence", "mention_id"]
