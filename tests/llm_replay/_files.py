"""Names of recorded request and answer files: one per request, keyed by the chunk text.

A request file and its answer share one name, ``<set>__<article id>--<hash>.json``, where
``<hash>`` is the first 16 hex digits of the SHA-256 of the article chunk sent in the
request (the text between ``<article>`` tags). The replay server finds an answer by that
hash alone, so answers survive prompt changes and chunks are told apart.
"""

from __future__ import annotations

import hashlib
from typing import Any

from llm_server.scripted import article_text

HASH_CHARS = 16

SETS = {
    "devset_a": "tests/devset/a/articles",
    "devset_b": "tests/devset/b/articles",
    "devset_c": "tests/devset/c/articles",
    "devset_d": "tests/devset/d/articles",
    "heldout": "tests/heldout/articles",
}
"""Article folders whose requests are dumped, by the set name used in file names."""


def chunk_hash(chunk_text: str) -> str:
    return hashlib.sha256(chunk_text.encode()).hexdigest()[:HASH_CHARS]


def request_chunk(request: dict[str, Any]) -> str:
    """The article chunk of a chat request: the first user turn's ``<article>`` body."""
    return article_text(request)


def file_name(set_name: str, article_id: str, chunk_text: str) -> str:
    return f"{set_name}__{article_id}--{chunk_hash(chunk_text)}.json"
