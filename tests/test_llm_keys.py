"""Keys go only where they belong, and no logger the engine drives ever prints one."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from llm_server.articles import SAMPLE_TEXT, grounded_answer, make_article
from llm_server.scripted import Reply, ScriptedServer, article_text, completion
from pydantic import SecretStr

from extractor._config import Settings
from extractor._errors import ConfigError, ModelError
from extractor._llm import LLMEngine, RetryPolicy
from extractor._llm._client import ANTHROPIC_URL, OPENAI_URL, ModelClient, parse_model

ROOT = Path(__file__).resolve().parents[1]
OPENAI_KEY = "sk-proj-USERSOPENAIKEY0123456789"
SERVER_KEY = "local-server-token-5f2e9a"  # not key-shaped: only an exact match redacts it
FAST = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02)


def _authorizations(settings: Settings) -> list[str]:
    with ScriptedServer(lambda request, _n: completion(grounded_answer(article_text(request)))) as server:
        engine = LLMEngine(model="openai/scripted", base_url=server.url, settings=settings, retry_policy=FAST)
        list(engine.extract_all([make_article("a", SAMPLE_TEXT)]))
    return [request["_authorization"] for request in server.requests]


def test_the_openai_key_is_never_sent_to_another_base_url(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path, openai_api_key=SecretStr(OPENAI_KEY))
    assert _authorizations(settings) == ["Bearer not-needed"]


def test_a_base_url_gets_the_key_given_for_it(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path, openai_api_key=SecretStr(OPENAI_KEY), llm_api_key=SecretStr(SERVER_KEY))
    assert _authorizations(settings) == [f"Bearer {SERVER_KEY}"]


@pytest.mark.parametrize("base_url", [None, "https://api.openai.com/v1", "HTTPS://API.OPENAI.COM:443/v1"])
def test_openai_itself_gets_the_openai_key(tmp_path: Path, base_url: str | None) -> None:
    settings = Settings(cache_dir=tmp_path, openai_api_key=SecretStr(OPENAI_KEY), llm_api_key=SecretStr(SERVER_KEY))
    client = ModelClient(parse_model("openai/gpt-4o-mini", base_url), settings=settings, request_timeout=1)
    client.open()
    assert client._sdk.api_key == OPENAI_KEY


def test_the_sdk_does_not_pick_a_base_url_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    settings = Settings(cache_dir=tmp_path, openai_api_key=SecretStr(OPENAI_KEY))
    client = ModelClient(parse_model("openai/gpt-4o-mini", None), settings=settings, request_timeout=1)
    client.open()
    assert str(client._sdk.base_url).rstrip("/") == OPENAI_URL


def test_anthropic_keys_stay_with_anthropic(tmp_path: Path) -> None:
    pytest.importorskip("anthropic")
    settings = Settings(cache_dir=tmp_path, anthropic_api_key=SecretStr("sk-ant-USERSKEY0123456789"))
    elsewhere = ModelClient(
        parse_model("anthropic/claude-x", "http://127.0.0.1:9"), settings=settings, request_timeout=1
    )
    with pytest.raises(ConfigError, match="NEWSEXTRACT_LLM_API_KEY"):
        elsewhere.open()
    home = ModelClient(parse_model("anthropic/claude-x", None), settings=settings, request_timeout=1)
    home.open()
    assert str(home._sdk.base_url).rstrip("/") == ANTHROPIC_URL


def test_the_server_key_variable_is_read_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env({"NEWSEXTRACT_LLM_API_KEY": SERVER_KEY, "HOME": str(tmp_path)})
    assert settings.llm_api_key is not None and settings.llm_api_key.get_secret_value() == SERVER_KEY
    assert SERVER_KEY not in repr(settings)


def _echo_key(request: dict[str, Any], _number: int) -> Reply:
    """A server that puts the Authorization header it received into its error body."""
    return Reply(status=500, body={"error": {"message": f"bad credentials {request['_authorization']}"}})


def test_debug_logging_of_every_library_never_shows_the_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What OPENAI_LOG=debug does, for every logger the engine drives.
    for name in ("openai", "httpx2", "httpx", "httpcore", "instructor", "extractor"):
        monkeypatch.setattr(logging.getLogger(name), "level", logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    settings = Settings(cache_dir=tmp_path, llm_api_key=SecretStr(SERVER_KEY))
    with ScriptedServer(_echo_key) as server, pytest.raises(ModelError) as caught:
        engine = LLMEngine(model="openai/scripted", base_url=server.url, settings=settings, retry_policy=FAST)
        list(engine.extract_all([make_article("a", SAMPLE_TEXT)]))
    assert server.requests[0]["_authorization"] == f"Bearer {SERVER_KEY}"  # the key really went out
    logged = caplog.text + "".join(
        logging.Formatter().formatException(r.exc_info) for r in caplog.records if r.exc_info
    )
    assert "bad credentials Bearer ***" in logged  # the error body was logged, redacted
    assert SERVER_KEY not in logged and SERVER_KEY not in str(caught.value)


def test_openai_log_debug_in_a_real_process_never_prints_the_key(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("NEWSEXTRACT_", "OPENAI_", "ANTHROPIC_"))},
        "PYTHONPATH": str(ROOT),
        "NEWSEXTRACT_CACHE_DIR": str(tmp_path / "cache"),
        "NEWSEXTRACT_LLM_API_KEY": SERVER_KEY,
        "NEWSEXTRACT_LLM_ATTEMPTS": "3",
        "OPENAI_API_KEY": OPENAI_KEY,
        "OPENAI_LOG": "debug",
    }
    with ScriptedServer(_echo_key) as server:
        command = [sys.executable, "-c", "from cli import main; main()", "run", str(folder), "--out"]
        command += [str(tmp_path / "ds"), "--engine", "llm", "--model", "openai/scripted", "--base-url", server.url]
        done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120, check=False)
    assert done.returncode == 1
    assert "HTTP Request: POST" in done.stderr and "bad credentials Bearer ***" in done.stderr  # debug output is on
    assert SERVER_KEY not in done.stderr + done.stdout
    assert OPENAI_KEY not in done.stderr + done.stdout
    assert all(request["_authorization"] == f"Bearer {SERVER_KEY}" for request in server.requests)
