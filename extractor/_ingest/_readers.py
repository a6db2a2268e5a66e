"""Read one input file into raw articles, one reader per format.

Every problem with a file (or a JSONL line) becomes a ``SkippedFile`` with a one-line
reason instead of an exception, so one bad file never stops a run.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extractor._ingest._markdown import split_front_matter, strip_markdown
from extractor._ingest._metadata import normalize_date
from extractor._ingest._model import GivenMetadata, RawArticle, SkippedFile
from extractor._ingest._parquet import PARQUET_SUFFIXES, count_rows, read_parquet
from extractor._ingest._rows import given_metadata, row_article, scalar, too_large, unit_of

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | PARQUET_SUFFIXES

_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
# Half of a UTF-16 pair: JSON may spell one (``"\ud800"``) but it is not text, and
# UTF-8 (hence Parquet) cannot encode it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

Item = RawArticle | SkippedFile


def read_input(path: Path, *, max_bytes: int, default_id: str | None = None) -> Iterator[Item]:
    """The raw articles of ``path`` in file order, with a ``SkippedFile`` for each problem.

    ``default_id`` is the id an article gets when its input states none (the file stem
    when not given); a JSONL line or Parquet row without an id gets ``<default_id>-<its number>``.
    """
    suffix = path.suffix.lower()
    file_id = default_id or path.stem
    kind = _not_regular(path)
    if kind is not None:
        # Opening a named pipe waits for a writer, possibly forever; a device may never end.
        yield SkippedFile(str(path), f"not a regular file ({kind}); only regular files are read")
    elif suffix not in SUPPORTED_SUFFIXES:
        yield SkippedFile(str(path), f"unsupported file type {suffix or '(no extension)'!r}")
    elif suffix in JSONL_SUFFIXES:
        yield from map(_refuse_surrogates, _read_jsonl(path, file_id, max_bytes=max_bytes))
    elif suffix in PARQUET_SUFFIXES:
        yield from map(_refuse_surrogates, read_parquet(path, file_id, max_bytes=max_bytes))
    else:
        yield _refuse_surrogates(_read_document(path, suffix, file_id, max_bytes=max_bytes))


def count_items(path: Path) -> int:
    """How many items ``read_input(path)`` will yield, cheaply: 1 per file, non-blank lines per JSONL,
    rows per Parquet file.

    For a progress bar's total; a JSONL file is scanned for line breaks without parsing, a
    Parquet file's footer is read.
    """
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return count_rows(path)
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return 1
    try:
        with path.open("rb") as handle:
            return max(1, sum(1 for line in handle if line.strip()))
    except OSError:
        return 1


def _not_regular(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (after links), else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # reported by the reader that tries to open it
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _refuse_surrogates(item: Item) -> Item:
    """Skip an article with a lone surrogate in any field: it could never be written."""
    if isinstance(item, SkippedFile):
        return item
    given = item.given
    for name, value in (
        ("text", item.body),
        ("id", item.id),
        ("title", given.title),
        ("url", given.url),
        ("publisher", given.publisher),
        ("published", given.published),
        ("byline", given.byline),
    ):
        found = _LONE_SURROGATE.search(value) if value else None
        if found is not None:
            source = item.source_path or item.origin
            where = item.origin.removeprefix(source).removeprefix(":")
            reason = f"'{name}' holds a lone surrogate (U+{ord(found.group()):04X}), which is not valid Unicode text"
            return SkippedFile(source, f"{unit_of(source)} {where}: {reason}" if where else reason)
    return item


class _SkipError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _read_document(path: Path, suffix: str, file_id: str, *, max_bytes: int) -> Item:
    try:
        data = _read_bytes(path, max_bytes=max_bytes)
        if b"\x00" in data:
            raise _SkipError("binary file (contains NUL bytes)")
        if not data.removeprefix(codecs.BOM_UTF8).strip():
            raise _SkipError("empty file (whitespace only)" if data else "empty file")
        text = _decode(data, html=suffix in HTML_SUFFIXES)
    except _SkipError as skip:
        return SkippedFile(str(path), skip.reason)
    digest = hashlib.sha256(data).hexdigest()
    if suffix in HTML_SUFFIXES:
        return _from_html(path, text, digest, file_id)
    if suffix in MARKDOWN_SUFFIXES:
        return _from_markdown(path, text, digest, file_id)
    return RawArticle(id=file_id, body=text, sha256=digest, source_path=str(path), origin=str(path))


def _read_bytes(path: Path, *, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _SkipError(too_large(size, max_bytes))
        return path.read_bytes()
    except OSError as error:
        raise _SkipError(f"unreadable: {error.strerror or error}") from error


def _decode(data: bytes, *, html: bool) -> str:
    """UTF-8 (a BOM is dropped); an HTML page may declare another charset in a <meta> tag."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = _not_utf8(data, error)
    if html:
        declared = _HTML_CHARSET.search(data[:4096])
        if declared is not None:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
    raise _SkipError(utf8_error)


def _not_utf8(data: bytes, error: UnicodeDecodeError) -> str:
    return f"not UTF-8 text (invalid byte 0x{data[error.start]:02x} at offset {error.start})"


def _from_markdown(path: Path, text: str, digest: str, file_id: str) -> RawArticle | SkippedFile:
    split = split_front_matter(text)
    if isinstance(split, str):
        return SkippedFile(str(path), split)
    front, body = split
    given = given_metadata(front)
    article_id = scalar(front.get("id")) or file_id
    return RawArticle(
        id=article_id,
        body=strip_markdown(body),
        sha256=digest,
        source_path=str(path),
        origin=str(path),
        given=given,
    )


def _from_html(path: Path, html: str, digest: str, file_id: str) -> RawArticle | SkippedFile:
    import trafilatura  # heavy: loaded only when an HTML input is met

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = getattr(document, "text", None) if document is not None else None
    if not body or not body.strip():
        return SkippedFile(str(path), "no article text found in the HTML page")
    given = GivenMetadata(
        title=scalar(getattr(document, "title", None)),
        url=scalar(getattr(document, "url", None)),
        publisher=scalar(getattr(document, "sitename", None)),
        published=normalize_date(getattr(document, "date", None)),
        byline=scalar(getattr(document, "author", None)),
    )
    return RawArticle(
        id=file_id,
        body=body,
        sha256=digest,
        source_path=str(path),
        origin=str(path),
        given=given,
        from_html=True,
    )


def _read_jsonl(path: Path, file_id: str, *, max_bytes: int) -> Iterator[Item]:
    """One article per line, streamed; the sha256 is of the line's bytes without its line break."""
    shown = str(path)
    any_line = False
    try:
        with path.open("rb") as handle:
            for line_number, raw_line in enumerate(handle, start=1):
                line = raw_line.rstrip(b"\r\n")
                if line_number == 1:
                    line = line.removeprefix(codecs.BOM_UTF8)
                if not line.strip():
                    continue
                any_line = True
                yield _jsonl_article(path, file_id, line_number, line, max_bytes=max_bytes)
    except OSError as error:
        yield SkippedFile(shown, f"unreadable: {error.strerror or error}")
        return
    if not any_line:
        yield SkippedFile(shown, "empty file")


def _jsonl_article(path: Path, file_id: str, line_number: int, line: bytes, *, max_bytes: int) -> Item:
    shown = str(path)

    def skip(reason: str) -> SkippedFile:
        return SkippedFile(shown, f"line {line_number}: {reason}")

    if len(line) > max_bytes:
        return skip(too_large(len(line), max_bytes))
    if b"\x00" in line:
        return skip("binary data (contains NUL bytes)")
    try:
        value: Any = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as error:
        return skip(_not_utf8(line, error))
    except json.JSONDecodeError as error:
        return skip(f"invalid JSON ({error.msg} at column {error.colno})")
    except RecursionError:
        return skip("invalid JSON (nested too deeply)")
    except ValueError:  # the only other failure: an integer longer than Python will convert
        return skip(f"invalid JSON (a number has more than {sys.get_int_max_str_digits()} digits)")
    return row_article(value, shown=shown, file_id=file_id, number=line_number, sha256=hashlib.sha256(line).hexdigest())
