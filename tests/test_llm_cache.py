"""The on-disk answer cache: keys, atomic writes, corrupt entries."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor._llm._cache import AnswerCache, cache_key
from extractor._llm._container import Extraction


def sample() -> Extraction:
    return Extraction.model_validate(
        {"military_facilities": [{"name": "Port Aldo", "quotes": ["the Port Aldo naval base"]}]}
    )


def test_key_changes_with_every_part() -> None:
    base = {"article_sha256": "a" * 64, "model": "openai/m", "prompt": "p1", "schema": "1", "decoding": [0.0]}
    keys = {cache_key(**base)}
    for name, other in [("article_sha256", "b" * 64), ("model", "openai/n"), ("prompt", "p2"), ("schema", "2")]:
        keys.add(cache_key(**{**base, name: other}))
    keys.add(cache_key(**{**base, "decoding": [0.7]}))
    assert len(keys) == 6
    assert cache_key(**base) == cache_key(**dict(reversed(list(base.items()))))


def test_round_trip_and_miss(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path)
    assert cache.get("0" * 64) is None
    cache.put("0" * 64, sample())
    assert cache.get("0" * 64) == sample()
    assert not [p for p in tmp_path.rglob(".tmp-*")]


@pytest.mark.parametrize("content", ["", "{", "[]", '{"format": 1}', '{"format": 99, "extraction": {}}'])
def test_corrupt_entries_are_misses(tmp_path: Path, content: str) -> None:
    cache = AnswerCache(tmp_path)
    cache.put("1" * 64, sample())
    (path,) = tmp_path.rglob("*.json")
    path.write_text(content)
    assert cache.get("1" * 64) is None


def test_a_failed_write_leaves_the_old_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = AnswerCache(tmp_path)
    cache.put("2" * 64, sample())

    def crash(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    cache.put("2" * 64, Extraction())
    assert cache.get("2" * 64) == sample()
    assert not [p for p in tmp_path.rglob(".tmp-*")]


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    AnswerCache(blocker).put("3" * 64, sample())
