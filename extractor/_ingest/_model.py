"""Value objects passed between the ingestion steps."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SkippedFile:
    """An input (a file, or one line of a JSONL file) that was not ingested, and why.

    ``reason`` is one line; for a JSONL line it starts with ``line N:``.
    """

    path: str
    reason: str


@dataclass(frozen=True)
class GivenMetadata:
    """Metadata stated by the input itself (front matter, JSONL fields, HTML metadata)."""

    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    byline: str | None = None


@dataclass(frozen=True)
class RawArticle:
    """One article as read from its input, before cleaning.

    ``origin`` names where it came from in messages: the path, or ``path:line`` for JSONL.
    ``from_html`` marks text that trafilatura already reduced to the main content.
    """

    id: str
    body: str
    sha256: str
    source_path: str | None
    origin: str
    given: GivenMetadata = field(default_factory=GivenMetadata)
    from_html: bool = False
