"""`extract run --engine llm` against scripted servers: datasets, exit codes, one-line errors."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from llm_server.articles import SAMPLE_TEXT, grounded_answer
from llm_server.scripted import Reply, ScriptedServer, article_text, completion
from typer.testing import CliRunner

from cli import app
from extractor import read_records

runner = CliRunner()


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "first.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    (folder / "second.txt").write_text(SAMPLE_TEXT.replace("Vienna", "Geneva"), encoding="utf-8")
    return folder


def invoke(server: ScriptedServer, inputs: Path, out: Path, tmp_path: Path, *extra: str) -> Any:
    env = {
        "NEWSEXTRACT_CACHE_DIR": str(tmp_path / "cache"),
        "NEWSEXTRACT_LLM_TIMEOUT": "0.5",
        "NEWSEXTRACT_LLM_ATTEMPTS": "2",
    }
    command = ["run", str(inputs), "--out", str(out), "--engine", "llm", "--model", "openai/scripted"]
    return runner.invoke(app, [*command, "--base-url", server.url, "--quiet", *extra], env=env)


def test_run_writes_a_grounded_dataset_and_a_cached_rerun_makes_no_calls(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    with ScriptedServer(lambda request, _: completion(grounded_answer(article_text(request)))) as server:
        result = invoke(server, inputs, out, tmp_path)
        assert result.exit_code == 0, result.output
        assert len(server.requests) == 2
        statements = read_records(out, "statements")
        articles = {a.id: a.text for a in read_records(out, "articles")}  # type: ignore[attr-defined]
        assert statements
        for record in statements:
            for evidence in record.evidence:  # type: ignore[attr-defined]
                assert articles[evidence.article_id][evidence.start : evidence.end] == evidence.text
        again = invoke(server, inputs, out, tmp_path)
        assert again.exit_code == 0 and len(server.requests) == 2


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(status=500, body={"error": {"message": "boom"}}), "HTTP 500"),
        (Reply(delay=30.0), "request timed out"),
        (completion("not json at all"), "invalid model output"),
    ],
)
def test_a_failing_server_leaves_the_existing_dataset_untouched(
    inputs: Path, tmp_path: Path, reply: Reply, reason: str
) -> None:
    out = tmp_path / "ds"
    with ScriptedServer(lambda request, _: completion(grounded_answer(article_text(request)))) as good:
        assert invoke(good, inputs, out, tmp_path).exit_code == 0
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    started = time.monotonic()
    with ScriptedServer(lambda _r, _n: reply) as bad:
        result = invoke(bad, inputs, out, tmp_path, "--no-cache")
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(error_lines) == 1 and reason in error_lines[0]
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before
