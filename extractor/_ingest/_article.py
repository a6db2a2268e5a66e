"""One pass over an article's lines: drop boilerplate, lift metadata lines out, keep the rest.

The kept lines are the article's own lines, trimmed and otherwise untouched (inline HTML
tags aside), so evidence offsets point into the article's real wording. Metadata lines
(a date line or a byline in the header area, a bare URL line, an "Original url:" line)
leave the text and fill the metadata; the headline stays in the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor._ingest._clean import (
    is_boilerplate_line,
    related_block_end,
    related_header,
    strip_inline_tags,
)
from extractor._ingest._metadata import (
    looks_like_headline,
    parse_byline,
    parse_date_line,
    url_label,
    url_of_line,
)

# How many non-boilerplate lines from the top count as the header area, where an
# unlabelled date line or a byline is metadata. Further down, only labelled dates count.
HEADER_LINES = 8
# The headline is one of the first few content lines; a photo credit may precede it.
_TITLE_CANDIDATES = 3


@dataclass(frozen=True)
class CleanedArticle:
    text: str
    title: str | None
    url: str | None
    published: str | None
    byline: str | None


def clean_article(raw: str) -> CleanedArticle:
    """Clean ``raw`` article text and collect the metadata its own lines state."""
    lines = [strip_inline_tags(line).strip() for line in raw.splitlines()]
    kept: list[str] = []
    url: str | None = None
    published: str | None = None
    updated: str | None = None
    byline: str | None = None
    content_lines = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line:
            kept.append("")
            index += 1
            continue
        if related_header(line):
            index = related_block_end(lines, index)
            continue
        if is_boilerplate_line(line):
            index += 1
            continue
        in_header = content_lines < HEADER_LINES
        content_lines += 1

        label_rest = url_label(line)
        if label_rest is not None:
            index, found = _labelled_url(lines, index, label_rest)
            url = url or found
            continue
        line_url = url_of_line(line)
        if line_url is not None:
            url = url or line_url
            index += 1
            continue
        date_line = parse_date_line(line)
        if date_line is not None and (in_header or date_line.labelled):
            if date_line.is_update:
                updated = updated or date_line.date
            else:
                published = published or date_line.date
            index += 1
            continue
        line_byline = parse_byline(line) if in_header else None
        if line_byline is not None:
            byline = byline or line_byline
            index += 1
            continue
        kept.append(line)
        index += 1

    text = _join_collapsing_blank_runs(kept)
    return CleanedArticle(
        text=text,
        title=_headline(kept),
        url=url,
        published=published or updated,
        byline=byline,
    )


def _labelled_url(lines: list[str], index: int, rest: str) -> tuple[int, str | None]:
    """Consume an "Original url:" line and its URL (on the same line or the next non-blank one)."""
    if rest:
        return index + 1, url_of_line(rest)
    following = index + 1
    while following < len(lines) and not lines[following]:
        following += 1
    if following < len(lines):
        found = url_of_line(lines[following])
        if found is not None:
            return following + 1, found
    return index + 1, None


def _headline(kept: list[str]) -> str | None:
    candidates = [line for line in kept if line][:_TITLE_CANDIDATES]
    for line in candidates:
        if looks_like_headline(line):
            return line
        if len(line.split()) > 2:
            return None  # the article starts with prose: no headline line
    return None


def _join_collapsing_blank_runs(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
