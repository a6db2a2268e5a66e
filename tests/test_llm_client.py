"""Model strings, provider setup errors, and redaction of keys."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from extractor._config import Settings
from extractor._errors import ConfigError
from extractor._llm import LLMEngine
from extractor._llm._client import ModelClient, RetryPolicy, parse_model

FAKE_KEY = "sk-ant-FAKE0123456789abcdefghij"


@pytest.mark.parametrize(
    ("model", "base_url", "expected"),
    [
        ("openai/gpt-4o-mini", None, ("openai", "gpt-4o-mini", None)),
        ("ollama/llama3.2", None, ("ollama", "llama3.2", "http://localhost:11434/v1")),
        ("gemma", "http://127.0.0.1:8080/v1", ("openai", "gemma", "http://127.0.0.1:8080/v1")),
        ("vllm/Qwen/Qwen2.5-7B", "http://h/v1", ("vllm", "Qwen/Qwen2.5-7B", "http://h/v1")),
        ("anthropic/claude-x", None, ("anthropic", "claude-x", None)),
    ],
)
def test_parse_model(model: str, base_url: str | None, expected: tuple[str, str, str | None]) -> None:
    spec = parse_model(model, base_url)
    assert (spec.provider, spec.name, spec.base_url) == expected


@pytest.mark.parametrize(
    ("model", "message"),
    [(None, "needs --model"), ("gemma", "has no provider"), ("openai/", "no model name"), ("zzz/m", "unsupported")],
)
def test_bad_model_strings_are_config_errors(model: str | None, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_model(model, None)


def test_openai_without_key_or_base_url_is_a_config_error(tmp_path: Path) -> None:
    client = ModelClient(parse_model("openai/gpt-4o", None), settings=Settings(cache_dir=tmp_path), request_timeout=1)
    with pytest.raises(ConfigError, match="OPENAI_API_KEY is not set"):
        client.open()


def test_missing_anthropic_package_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "anthropic", None)
    settings = Settings(cache_dir=tmp_path, anthropic_api_key=SecretStr(FAKE_KEY))
    client = ModelClient(parse_model("anthropic/claude-x", None), settings=settings, request_timeout=1)
    with pytest.raises(ConfigError, match=r"pip install 'newsextract\[anthropic\]'"):
        client.open()


def test_anthropic_without_key_is_a_config_error(tmp_path: Path) -> None:
    client = ModelClient(
        parse_model("anthropic/claude-x", None), settings=Settings(cache_dir=tmp_path), request_timeout=1
    )
    with pytest.raises(ConfigError, match="ANTHROPIC_API_KEY is not set"):
        client.open()


def test_redact_removes_keys_and_newlines(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path, anthropic_api_key=SecretStr(FAKE_KEY))
    client = ModelClient(parse_model("anthropic/claude-x", None), settings=settings, request_timeout=1)
    redacted = client.redact(f"bad key {FAKE_KEY}\nline two sk-proj-abcdefghijkl")
    assert FAKE_KEY not in redacted and "abcdefghijkl" not in redacted and "\n" not in redacted
    assert FAKE_KEY not in repr(client)


def test_engine_options_are_checked(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path)
    with pytest.raises(ConfigError, match="concurrency"):
        LLMEngine(model="openai/x", base_url="http://127.0.0.1:1/v1", concurrency=0, settings=settings)
    engine = LLMEngine(model="openai/x", base_url="http://127.0.0.1:1/v1", settings=settings)
    assert engine.provenance.model == "openai/x" and engine.provenance.engine == "llm"
    assert list(engine.extract_all([])) == []


def test_backoff_grows_and_is_bounded() -> None:
    policy = RetryPolicy(attempts=5, base_delay=1.0, max_delay=4.0)
    assert 0.5 <= policy.delay(1, None) <= 1.0
    assert 2.0 <= policy.delay(3, None) <= 4.0
    assert policy.delay(9, None) <= 4.0
    assert policy.delay(1, 30.0) == 4.0
