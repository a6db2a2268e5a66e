"""Ingestion: turn input files into cleaned ``schema.Article`` objects, streamed one at a time.

Formats: ``.txt``; ``.md``/``.markdown`` with optional YAML front matter (``id``, ``title``,
``url``, ``publisher``, ``published``/``date``, ``byline``/``author``); ``.html``/``.htm``
through trafilatura (main text; title, url, sitename, date, author); ``.jsonl``, one
article per line (``text`` required; ``id``, ``title``, ``url``, ``publisher``,
``published``, ``byline`` optional).

Decisions:

- Article id: the file name without extension; a front-matter or JSONL ``id`` wins; a JSONL
  line without one gets ``<file stem>-<line number>``. Two articles with one id stop the
  run with an ``InputError`` naming both sources.
- ``sha256``: of the file's raw bytes; for JSONL, of the line's raw bytes without its line
  break (so each article's hash is its own input).
- ``text``: the article's own lines, trimmed, blank-line runs collapsed to one, inline HTML
  tags removed; boilerplate lines (navigation, widgets, teasers, related-story blocks,
  comment and cookie notices, footers) and metadata lines (a date line or byline in the
  header area, a bare URL line, an "Original url:" line) are dropped. The headline stays
  in the text (it is the article's first line) and is also ``title``. Markdown markup
  (heading marks, link targets, images, bold) is dropped; HTML text is trafilatura's,
  which starts with the headline when the page puts it in the article body.
- Encodings: UTF-8 only (a BOM is dropped), except an HTML page that declares another
  charset in a ``<meta>`` tag. Other files are skipped as "not UTF-8", never guessed.
- Folders: read recursively in sorted path order; hidden files and folders are ignored;
  other unsupported types are reported as skipped, so a stray ``.pdf`` is visible.
- ``publisher`` comes only from stated metadata (front matter, JSONL, HTML site name).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from extractor._errors import ConfigError, InputError
from extractor._ingest._article import clean_article
from extractor._ingest._discover import discover_inputs
from extractor._ingest._metadata import usable_byline
from extractor._ingest._model import RawArticle, SkippedFile
from extractor._ingest._readers import SUPPORTED_SUFFIXES, read_input
from schema import Article

__all__ = ["SUPPORTED_SUFFIXES", "SkippedFile", "discover_inputs", "iter_articles"]

_log = logging.getLogger(__name__)


def iter_articles(
    paths: Sequence[Path | str],
    *,
    on_skip: Callable[[SkippedFile], None] | None = None,
    max_bytes: int = 20_000_000,
) -> Iterator[Article]:
    """Yield the articles of ``paths`` one at a time, in a deterministic order.

    Order: the paths as given; a folder's files recursively in sorted path order; JSONL
    lines in file order. Memory stays flat: only the current file (or JSONL line) and the
    set of ids seen so far are held.

    ``Article.text`` is the cleaned article (boilerplate lines dropped, inline HTML tags
    removed, lines trimmed, blank-line runs collapsed; the wording is never changed).
    Metadata stated by the input (front matter, JSONL fields, HTML metadata) wins over
    metadata found in the text's own lines (date line, byline, URL line, headline).

    A file that cannot be used (unreadable, binary, empty, not UTF-8, larger than
    ``max_bytes``, unsupported type, no text left after cleaning) and a bad JSONL line go
    to ``on_skip`` (or are logged as warnings when it is None); the iteration goes on.
    For JSONL, ``max_bytes`` limits each line rather than the file.

    Raises ``InputError`` for a path that does not exist and for two articles with the
    same id (both sources named); ``ConfigError`` for a non-positive ``max_bytes``.
    """
    if max_bytes <= 0:
        raise ConfigError(f"max_bytes must be positive, got {max_bytes}")
    report = on_skip if on_skip is not None else _log_skip
    sources_of_ids: dict[str, str] = {}
    for path in discover_inputs(paths):
        for item in read_input(path, max_bytes=max_bytes):
            if isinstance(item, SkippedFile):
                report(item)
                continue
            article = _build_article(item)
            if article is None:
                report(SkippedFile(item.origin, "no article text left after removing boilerplate"))
                continue
            earlier = sources_of_ids.setdefault(article.id, item.origin)
            if earlier != item.origin:
                raise InputError(f"duplicate article id {article.id!r} (also in {earlier})", path=item.origin)
            yield article


def _build_article(raw: RawArticle) -> Article | None:
    cleaned = clean_article(raw.body)
    if not cleaned.text:
        return None
    given = raw.given
    return Article(
        id=raw.id,
        text=cleaned.text,
        title=given.title or cleaned.title,
        url=given.url or cleaned.url,
        publisher=given.publisher,
        published=given.published or cleaned.published,
        source_path=raw.source_path,
        sha256=raw.sha256,
        byline=usable_byline(given.byline) or usable_byline(cleaned.byline),
    )


def _log_skip(skipped: SkippedFile) -> None:
    _log.warning("skipped %s: %s", skipped.path, skipped.reason)
