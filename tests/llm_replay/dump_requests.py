"""Write the llm engine's exact first request for every chunk of the dev and held-out sets.

Usage (from the repository root)::

    PYTHONPATH=. python tests/llm_replay/dump_requests.py OUT_FOLDER [--realnews]

For each article of ``tests/devset/{a,b,c,d}`` and ``tests/heldout``, the engine is run
against a loopback server that records each request and answers with empty lists, so
what is written is byte for byte what the engine sends: one JSON file per request (one
per article chunk) holding ``messages`` (the system prompt and the user message with the
article) and ``response_format`` (the response JSON schema), plus ``article_id`` and
``set``. A model's answer to a request goes into ``tests/llm_replay/answers/`` under the
same file name, and is exactly the JSON object the model returns (the message content).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from llm_server.scripted import ScriptedServer, completion  # noqa: E402

from extractor._config import Settings  # noqa: E402
from extractor._ingest import iter_articles  # noqa: E402
from extractor._llm import LLMEngine  # noqa: E402
from llm_replay._files import SETS, file_name, request_chunk  # noqa: E402

_EMPTY = json.dumps({"meetings": [], "statements": [], "military_facilities": [], "agreements": []})
_KEPT = ("messages", "response_format", "max_tokens", "temperature")


def realnews_sets() -> dict[str, list[Path]]:
    """The real pages of ``../shared/corpora/realnews`` by part, as ``tests/realnews/split.json`` splits them."""
    split = json.loads((ROOT / "tests" / "realnews" / "split.json").read_text(encoding="utf-8"))
    pages = ROOT.parent / "shared" / "corpora" / "realnews" / "html"
    return {f"realnews_{part}": [pages / name for name in split[part]] for part in ("dev", "test")}


def dump(out: Path, *, realnews: bool = False) -> int:
    """Write every request into ``out``; returns how many were written."""
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    sets: dict[str, list[Path]] = {name: [ROOT / folder] for name, folder in SETS.items()}
    if realnews:
        sets.update(realnews_sets())
    with tempfile.TemporaryDirectory() as cache, ScriptedServer(lambda _request, _n: completion(_EMPTY)) as server:
        for set_name, inputs in sets.items():
            articles = list(iter_articles(inputs))
            engine = LLMEngine(
                model="openai/replay", base_url=server.url, use_cache=False, settings=Settings(cache_dir=Path(cache))
            )
            for article in articles:
                first = len(server.requests)
                list(engine.extract_all([article]))
                for request in server.requests[first:]:
                    body: dict[str, Any] = {key: request[key] for key in _KEPT if key in request}
                    name = file_name(set_name, article.id, request_chunk(request))
                    body = {"set": set_name, "article_id": article.id, **body}
                    (out / name).write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
                    written += 1
    return written


def main(argv: list[str]) -> int:
    realnews = "--realnews" in argv
    paths = [arg for arg in argv if arg != "--realnews"]
    if len(paths) != 1:
        print("usage: dump_requests.py OUT_FOLDER [--realnews]", file=sys.stderr)
        return 2
    count = dump(Path(paths[0]), realnews=realnews)
    print(f"wrote {count} request file(s) to {argv[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
