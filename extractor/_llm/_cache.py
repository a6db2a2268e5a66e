"""A persistent on-disk cache of model answers, one JSON file per request.

An entry is written to a temporary file in the same folder and renamed into place,
so a crash leaves either the old state or a complete entry; an entry that cannot be
read back (truncated by hand, wrong shape) is treated as a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from extractor._llm._container import Extraction

_FORMAT = 1


def cache_key(**parts: object) -> str:
    """A hex digest of everything that decides a model's answer (no secrets go in here)."""
    payload = json.dumps({"format": _FORMAT, **parts}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


class AnswerCache:
    """Cached ``Extraction`` answers under ``root``, addressed by ``cache_key``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> Extraction | None:
        try:
            raw = self._path(key).read_text(encoding="utf-8")
            entry = json.loads(raw)
            if not isinstance(entry, dict) or entry.get("format") != _FORMAT:
                return None
            return Extraction.model_validate(entry["extraction"])
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            return None

    def put(self, key: str, extraction: Extraction, *, meta: dict[str, Any] | None = None) -> None:
        """Store an answer atomically; a cache that cannot be written is not an error."""
        path = self._path(key)
        entry = {"format": _FORMAT, "extraction": extraction.model_dump(mode="json"), "meta": meta or {}}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                    json.dump(entry, handle, ensure_ascii=False)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            return
