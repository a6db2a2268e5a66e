"""Waiting is bounded: total deadline per request, circuit breaker, a visible warning, CLI knobs."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from llm_server.articles import SAMPLE_TEXT, grounded_answer, make_article
from llm_server.scripted import Reply, ScriptedServer, article_text, completion, drip, hang
from typer.testing import CliRunner

from cli import app
from extractor._config import Settings
from extractor._errors import ConfigError, ModelError
from extractor._llm import DEFAULT_ATTEMPTS, DEFAULT_MAX_FAILURES, DEFAULT_TIMEOUT, LLMEngine, RetryPolicy

ROOT = Path(__file__).resolve().parents[1]
FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05)
TEXTS = [f"{SAMPLE_TEXT} Item {index}." for index in range(5)]


def engine(server: ScriptedServer, tmp_path: Path, **settings: Any) -> LLMEngine:
    return LLMEngine(
        model="openai/scripted",
        base_url=server.url,
        settings=Settings(cache_dir=tmp_path / "cache", **settings),
        retry_policy=FAST,
        request_timeout=0.5,
    )


def articles(count: int = 5) -> list[Any]:
    return [make_article(f"a{index}", TEXTS[index]) for index in range(count)]


def good(request: dict[str, Any], _number: int) -> Reply:
    return completion(grounded_answer(article_text(request)))


def test_a_dribbling_server_hits_the_total_deadline(tmp_path: Path) -> None:
    # One byte every 0.1 s: every read succeeds within the 0.5 s timeout, but the whole
    # answer (hundreds of bytes) would take a minute. Only a total deadline ends it.
    with ScriptedServer(lambda request, n: drip(good(request, n), every=0.1)) as server:
        started = time.monotonic()
        with pytest.raises(ModelError, match="request timed out"):
            list(engine(server, tmp_path, llm_max_failures="100").extract_all(articles(1)))
        elapsed = time.monotonic() - started
    # Every attempt was made; on a loaded machine the last one can hit its deadline before the
    # server has read its body, so the server may have logged one fewer.
    assert FAST.attempts - 1 <= len(server.requests) <= FAST.attempts
    # Each attempt ends at its 0.5 s deadline; without one, the first answer alone would
    # take its body length (over 300 bytes) x 0.1 s. Loose, for a loaded machine.
    assert len(json.dumps(completion(grounded_answer(TEXTS[0])).body)) > 300
    assert elapsed < 30


def test_a_slow_but_complete_answer_within_the_deadline_is_kept(tmp_path: Path) -> None:
    with ScriptedServer(lambda request, n: Reply(**{**good(request, n).__dict__, "delay": 0.2})) as server:
        (result,) = engine(server, tmp_path).extract_all(articles(1))
    assert result.error is None and result.records


def test_the_breaker_stops_a_hanging_run_after_one_round_of_timeouts(tmp_path: Path) -> None:
    with ScriptedServer(lambda _r, _n: hang()) as server:
        started = time.monotonic()
        subject = engine(server, tmp_path)  # concurrency 4, breaker at 4 failures in a row
        with pytest.raises(ModelError) as caught:
            list(subject.extract_all(articles()))
        elapsed = time.monotonic() - started
        requests = len(server.requests)
    message = str(caught.value)
    assert "stopped the run: 4 transport failures in a row" in message and "request timed out" in message
    assert "\n" not in message
    # One round of four, plus at most a retry each that left before the fourth timeout:
    # never the 5 articles x 3 attempts that would be sent without the breaker.
    assert 4 <= requests <= 2 * subject.concurrency
    assert elapsed < 10


def test_any_answer_resets_the_count(tmp_path: Path) -> None:
    def flaky(request: dict[str, Any], number: int) -> Reply:
        if number % 2 == 0:
            return Reply(status=503, body={"error": {"message": "busy"}})
        return good(request, number)

    with ScriptedServer(flaky) as server:
        subject = engine(server, tmp_path, llm_max_failures="2")
        subject.concurrency = 1
        results = list(subject.extract_all(articles(3)))
    assert [r.error for r in results] == [None, None, None]
    assert len(server.requests) == 6


def test_rate_limits_do_not_open_the_breaker(tmp_path: Path) -> None:
    def limited(request: dict[str, Any], number: int) -> Reply:
        if number < 3:
            return Reply(status=429, body={"error": {"message": "slow down"}}, headers={"retry-after": "0"})
        return good(request, number)

    with ScriptedServer(limited) as server:
        subject = LLMEngine(
            model="openai/scripted",
            base_url=server.url,
            concurrency=1,
            settings=Settings(cache_dir=tmp_path / "cache", llm_max_failures="2"),
            retry_policy=RetryPolicy(attempts=5, base_delay=0.01, max_delay=0.05),
        )
        (result,) = subject.extract_all(articles(1))
    assert result.error is None and result.stats["retries"] == 3


def test_the_first_failure_of_a_series_is_logged_as_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with ScriptedServer(lambda _r, _n: hang()) as server, pytest.raises(ModelError):
        list(engine(server, tmp_path).extract_all(articles()))
    warnings = [r for r in caplog.records if r.name == "extractor._llm" and r.levelname == "WARNING"]
    assert len(warnings) == 1
    assert "model server openai/scripted: request timed out" in warnings[0].getMessage()


def test_the_breaker_threshold_is_checked(tmp_path: Path) -> None:
    for bad in ("0", "many", "-2"):
        with pytest.raises(ConfigError, match="NEWSEXTRACT_LLM_MAX_FAILURES"):
            LLMEngine(
                model="openai/x",
                base_url="http://127.0.0.1:1/v1",
                settings=Settings(cache_dir=tmp_path, llm_max_failures=bad),
            )
    for name, bad in (("llm_timeout", "nan"), ("llm_timeout", "inf"), ("llm_attempts", "0")):
        override: dict[str, Any] = {name: bad}
        with pytest.raises(ConfigError, match=r"--timeout|--max-attempts"):
            LLMEngine(model="openai/x", base_url="http://127.0.0.1:1/v1", settings=Settings(tmp_path, **override))


def test_the_defaults_end_a_hanging_run_within_two_minutes(tmp_path: Path) -> None:
    # The arithmetic the slow test below checks for real: with the default concurrency,
    # the breaker opens when the first round of requests times out.
    defaults = LLMEngine(model="openai/x", base_url="http://127.0.0.1:1/v1", settings=Settings(tmp_path))
    assert (defaults.request_timeout, defaults.retry_policy.attempts, defaults.max_failures) == (
        DEFAULT_TIMEOUT,
        DEFAULT_ATTEMPTS,
        DEFAULT_MAX_FAILURES,
    )
    rounds = math.ceil(defaults.max_failures / defaults.concurrency)
    worst = rounds * defaults.request_timeout + (rounds - 1) * defaults.retry_policy.max_delay
    assert worst < 120


# --- the command line ----------------------------------------------------------------


def _inputs(tmp_path: Path, count: int = 5) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for index in range(count):
        (folder / f"a{index}.txt").write_text(TEXTS[index], encoding="utf-8")
    return folder


def _cli(server: ScriptedServer, tmp_path: Path, *extra: str, env: dict[str, str] | None = None) -> Any:
    command = ["run", str(_inputs(tmp_path)), "--out", str(tmp_path / "ds"), "--engine", "llm"]
    command += ["--model", "openai/scripted", "--base-url", server.url, "--quiet", *extra]
    environment = {"NEWSEXTRACT_CACHE_DIR": str(tmp_path / "cache"), **(env or {})}
    return CliRunner().invoke(app, command, env=environment)


def test_cli_options_win_over_the_environment(tmp_path: Path) -> None:
    slow_env = {"NEWSEXTRACT_LLM_TIMEOUT": "30", "NEWSEXTRACT_LLM_ATTEMPTS": "9", "NEWSEXTRACT_LLM_MAX_FAILURES": "100"}
    with ScriptedServer(lambda _r, _n: hang()) as server:
        started = time.monotonic()
        result = _cli(server, tmp_path, "--timeout", "0.3", "--max-attempts", "2", "--concurrency", "5", env=slow_env)
        elapsed = time.monotonic() - started
        requests = len(server.requests)
    assert result.exit_code == 1, result.output
    assert requests == 5 * 2  # --max-attempts 2 per article, the breaker out of the way
    assert elapsed < 15  # far below one 30 s timeout


@pytest.mark.parametrize("option", [["--timeout", "0"], ["--max-attempts", "0"], ["--timeout", "soon"]])
def test_bad_cli_values_are_usage_errors(tmp_path: Path, option: list[str]) -> None:
    with ScriptedServer(good) as server:
        result = _cli(server, tmp_path, *option)
        assert server.requests == []
    assert result.exit_code == 2 and "Traceback" not in result.output


def _run_process(server_url: str, tmp_path: Path, *extra: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`extract run` in a child process, stderr a pipe (not a terminal), as under cron or CI."""
    out = tmp_path / "ds"
    command = [sys.executable, "-c", "from cli import main; main()", "run", str(_inputs(tmp_path))]
    command += ["--out", str(out), "--engine", "llm", "--model", "openai/scripted", "--base-url", server_url, *extra]
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("NEWSEXTRACT_", "OPENAI_", "ANTHROPIC_"))},
        "PYTHONPATH": str(ROOT),
        "NEWSEXTRACT_CACHE_DIR": str(tmp_path / "cache"),
        **env,
    }
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300, check=False)


def test_a_hanging_server_warns_on_a_non_terminal_stderr_and_leaves_the_dataset(tmp_path: Path) -> None:
    with ScriptedServer(good) as server:
        first = _run_process(server.url, tmp_path, env={})
    assert first.returncode == 0, first.stderr
    before = {path: path.read_bytes() for path in (tmp_path / "ds").rglob("*") if path.is_file()}
    with ScriptedServer(lambda _r, _n: hang()) as server:
        done = _run_process(server.url, tmp_path, "--no-cache", "--timeout", "0.5", env={})
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert any(line.startswith("model server openai/scripted: request timed out") for line in lines), done.stderr
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1 and "stopped the run" in errors[0], done.stderr
    assert "Traceback" not in done.stderr
    assert {path: path.read_bytes() for path in (tmp_path / "ds").rglob("*") if path.is_file()} == before


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["hang", "drip"])
def test_with_the_defaults_hang_and_drip_servers_end_a_run_within_two_minutes(tmp_path: Path, mode: str) -> None:
    def hostile(request: dict[str, Any], number: int) -> Reply:
        return hang() if mode == "hang" else drip(good(request, number), every=5.0)

    with ScriptedServer(hostile) as server:
        started = time.monotonic()
        done = _run_process(server.url, tmp_path, env={})
        elapsed = time.monotonic() - started
    assert done.returncode == 1, done.stderr
    assert "stopped the run" in done.stderr
    assert elapsed < 120
