"""Gold annotations turned into the answers a perfect model would give to the engine's requests.

Each gold line becomes one record of the container the model answers in, with the
line's ``quote`` as its evidence, in the answer of the chunk that holds the quote (both
chunks when the quote lies in their overlap). Replaying these answers through the engine
and scoring with ``extract eval`` measures what the engine itself loses: anything under
F1 1.0 is a record the engine dropped or changed on the way.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from extractor._ingest import iter_articles
from extractor._llm._chunking import chunk_article
from extractor._llm._request import Decoding
from llm_replay._files import chunk_hash

_LISTS = {
    "meetings.jsonl": "meetings",
    "statements.jsonl": "statements",
    "military_facilities.jsonl": "military_facilities",
    "agreements.jsonl": "agreements",
}
_NOT_FIELDS = {"article_id", "quote", "optional", "note", "type"}


def oracle_answers(articles: Path, gold: Path, *, decoding: Decoding | None = None) -> dict[str, str]:
    """Answers by chunk hash for every chunk of the articles in ``articles``."""
    limit = (decoding or Decoding()).chunk_limit
    lines: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for file_name, list_name in _LISTS.items():
        path = gold / file_name
        if not path.exists():
            continue
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                line = json.loads(raw)
                lines[line["article_id"]].append((list_name, line))
    answers: dict[str, str] = {}
    for article in iter_articles([articles]):
        for chunk in chunk_article(article.text, max_chars=limit):
            text = chunk.text_of(article.text)
            answer: dict[str, list[dict[str, Any]]] = {name: [] for name in _LISTS.values()}
            for list_name, line in lines.get(article.id, []):
                if line["quote"] in text:
                    record = {key: value for key, value in line.items() if key not in _NOT_FIELDS}
                    answer[list_name].append({**record, "quotes": [line["quote"]]})
            answers[chunk_hash(text)] = json.dumps(answer, ensure_ascii=False)
    return answers
