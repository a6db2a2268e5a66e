"""A loopback OpenAI-compatible server that answers the llm engine from recorded answers.

``ReplayServer(answers)`` serves ``POST /v1/chat/completions``. ``answers`` maps a chunk
hash (``llm_replay._files.chunk_hash`` of the article chunk in the request) to the JSON
text a model returned for that chunk; ``load_answers(folder)`` reads them from files
named ``<set>__<article id>--<hash>.json``. A first request is answered with its recorded
answer; a follow-up (a re-ask of one record, or a continuation of a truncated answer) has
no recorded answer and gets empty lists, so the engine keeps what the recording gave.
Chunks with no recorded answer are answered with empty lists too and listed in
``missing``, so a test can tell a gap in the recording from a loss in the engine.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from llm_replay._files import HASH_CHARS, chunk_hash, request_chunk

from llm_server.scripted import Reply, ScriptedServer, completion

EMPTY_ANSWER = json.dumps({"meetings": [], "statements": [], "military_facilities": [], "agreements": []})


def load_answers(folder: Path) -> dict[str, str]:
    """Recorded answers of ``folder`` by chunk hash (the part of the file name after ``--``)."""
    answers: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        _, sep, key = path.stem.rpartition("--")
        if sep and len(key) == HASH_CHARS:
            answers[key] = path.read_text(encoding="utf-8")
    return answers


class ReplayServer(ScriptedServer):
    """``ScriptedServer`` whose script replays ``answers``; see the module docstring."""

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.missing: list[str] = []
        self.follow_ups = 0
        super().__init__(self._reply)

    def _reply(self, request: dict[str, Any], _number: int) -> Reply:
        if len(request.get("messages", [])) > 2:
            self.follow_ups += 1
            return completion(EMPTY_ANSWER)
        key = chunk_hash(request_chunk(request))
        answer = self.answers.get(key)
        if answer is None:
            self.missing.append(key)
            return completion(EMPTY_ANSWER)
        return completion(_unfenced(answer))


def _unfenced(answer: str) -> str:
    """A recorded answer without a Markdown code fence around it, if one was kept."""
    text = answer.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text.strip()
