"""Ingestion: turn input files into cleaned ``schema.Article`` objects, streamed one at a time.

Formats: ``.txt``; ``.md``/``.markdown`` with optional YAML front matter (``id``, ``title``,
``url``, ``publisher``, ``published``/``date``, ``byline``/``author``); ``.html``/``.htm``
through trafilatura (main text; title, url, sitename, date, author); ``.jsonl``, one
article per line (``text`` required; ``id``, ``title``, ``url``, ``publisher``,
``published``, ``byline`` optional); ``.parquet``, one article per row, with the columns
and rules of a JSONL line (see ``_rows`` and ``_parquet``).

Decisions:

- Article id: a front-matter or JSONL ``id``; otherwise the file's path relative to the
  folder named as input, without extension (the file stem for a flat folder or a file named
  directly; see ``_discover``); a JSONL line without one gets ``<that id>-<line number>``,
  a Parquet row ``<that id>-<row number>`` (rows numbered from 1 across the file).
  A repeated id inside one JSONL or Parquet file skips the later row (reported as skipped); two
  articles with one id from different files stop the run with an ``InputError`` naming both.
- ``sha256``: of the file's raw bytes; for JSONL, of the line's raw bytes without its line
  break (so each article's hash is its own input); for Parquet, of the row's known columns
  as canonical JSON.
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

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from extractor._errors import ConfigError, DataError, InputError
from extractor._ingest._article import clean_article
from extractor._ingest._discover import Source, discover_inputs, discover_sources
from extractor._ingest._metadata import usable_byline
from extractor._ingest._model import RawArticle, SkippedFile
from extractor._ingest._readers import SUPPORTED_SUFFIXES, count_items, read_input
from extractor._ingest._rows import unit_of
from schema import Article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "SkippedFile",
    "Source",
    "article_from_text",
    "count_inputs",
    "discover_inputs",
    "discover_sources",
    "iter_articles",
    "iter_source_articles",
]

DEFAULT_MAX_BYTES = 20_000_000
"""The default size limit of one input file (of one line for JSONL), in bytes."""

_log = logging.getLogger(__name__)


def iter_articles(
    paths: Sequence[Path | str],
    *,
    on_skip: Callable[[SkippedFile], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
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
    to ``on_skip`` (or are logged as warnings when it is None), and so do a subfolder that
    cannot be listed and a pipe, socket or device inside a folder; the iteration goes on.
    For JSONL, ``max_bytes`` limits each line rather than the file.

    A JSONL line whose id an earlier line of the same file already used is skipped too.

    Raises ``InputError`` for a path that does not exist or is neither a regular file nor
    a folder (a named pipe would make the run wait forever), and for two articles with the
    same id from different files (both sources named); ``ConfigError`` for a non-positive
    ``max_bytes``.
    """
    if max_bytes <= 0:
        raise ConfigError(f"the size limit must be a positive number of bytes, got {max_bytes}")
    report = on_skip if on_skip is not None else _log_skip
    yield from iter_source_articles(discover_sources(paths, on_skip=report), on_skip=report, max_bytes=max_bytes)


def iter_source_articles(
    sources: Iterable[Source],
    *,
    on_skip: Callable[[SkippedFile], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article]:
    """``iter_articles`` over files already discovered (a slice of ``discover_sources``).

    The Ray executor reads one partition of the sources per task with it, so an article
    gets the same id and text wherever it is read.
    """
    report = on_skip if on_skip is not None else _log_skip
    first_seen: dict[str, RawArticle] = {}
    for source in sources:
        for item in read_input(source.path, max_bytes=max_bytes, default_id=source.id):
            if isinstance(item, SkippedFile):
                report(item)
                continue
            earlier = first_seen.setdefault(item.id, item)
            if earlier is not item:
                report(_repeated_in_one_file(item, earlier))
                continue
            article = _build_article(item)
            if article is None:
                del first_seen[item.id]
                report(SkippedFile(item.origin, "no article text left after removing boilerplate"))
                continue
            yield article


def _repeated_in_one_file(item: RawArticle, earlier: RawArticle) -> SkippedFile:
    """A JSONL line (Parquet row) that repeats an earlier one's id is skipped; a clash across files is an error."""
    path, _, line = item.origin.rpartition(":")
    if item.source_path is None or earlier.source_path != item.source_path or not line.isdigit():
        raise InputError(f"duplicate article id {item.id!r} (also in {earlier.origin})", path=item.origin)
    first_line = earlier.origin.rpartition(":")[2]
    unit = unit_of(path)
    return SkippedFile(path, f"{unit} {line}: duplicate article id {item.id!r} (first on {unit} {first_line})")


def count_inputs(files: Sequence[Path]) -> int:
    """About how many articles the ``files`` that ``discover_inputs`` listed will give or skip.

    For a progress total: one per file and one per non-blank JSONL line; nothing is parsed,
    and the folders are not walked again.
    """
    return sum(count_items(path) for path in files)


def article_from_text(text: str, *, article_id: str | None = None) -> Article:
    """An ``Article`` from a string, cleaned exactly as a ``.txt`` file with that content.

    The id defaults to ``text-`` and the first 12 hex digits of the text's sha256, so the
    same text always gets the same id. Raises ``DataError`` when no article text is left.
    """
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    raw = RawArticle(
        id=article_id or f"text-{digest[:12]}", body=text, sha256=digest, source_path=None, origin="<text>"
    )
    article = _build_article(raw)
    if article is None:
        raise DataError("no article text left after removing boilerplate")
    return article


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
