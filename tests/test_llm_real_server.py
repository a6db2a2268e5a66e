"""End to end against a real model: llama.cpp's server with Gemma 3 270M.

This tests the real wire protocol, not accuracy (the model is tiny and often answers
with empty lists or invented quotes): a JSON-schema request goes to llama.cpp's own
OpenAI-compatible server, the answer is parsed, grounded and written, every kept record
is schema-valid and grounded, and a cached re-run makes no model call. One short
article, answers capped at 256 tokens and no re-ask keep it to one model request, a few
seconds on an idle machine (re-asks and every failure path are covered against the
scripted server). It needs no network and is never skipped: without the server installed
it fails and says to run scripts/setup-llm-server.sh.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from llm_server.articles import SAMPLE_TEXT
from llm_server.llama import MODEL_ALIAS, llama_server
from typer.testing import CliRunner

from cli import app
from extractor import iter_articles, read_records
from extractor._config import Settings
from extractor._llm import LLMEngine

MAX_TOKENS = "256"


@pytest.mark.slow
def test_extract_run_against_llama_cpp_writes_a_grounded_dataset(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "talks.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    out = tmp_path / "ds"
    env = {
        "NEWSEXTRACT_CACHE_DIR": str(tmp_path / "cache"),
        "NEWSEXTRACT_LLM_TIMEOUT": "600",
        "NEWSEXTRACT_LLM_MAX_TOKENS": MAX_TOKENS,
        "NEWSEXTRACT_LLM_REASKS": "0",
    }
    # One thread: ggml's threads wait for each other by spinning, so on a machine busy
    # with other jobs two threads ran the prompt 2 to 4 times slower than one.
    with llama_server(tmp_path / "server.log", threads=1) as url:
        command = [
            "run", str(inputs), "--out", str(out), "--engine", "llm",
            "--model", f"openai/{MODEL_ALIAS}", "--base-url", url, "--quiet",
        ]  # fmt: skip
        result = CliRunner().invoke(app, command, env=env)
        assert "Traceback" not in result.output
        assert out.is_dir(), f"the article failed against the real server: {result.output}"
        assert result.exit_code == 0, result.output

        report = json.loads((out / "run_report.json").read_text())
        assert report["failed"] == []
        assert report["accounting"]["calls"] == 1 and report["accounting"]["retries"] == 0
        assert report["accounting"]["tokens_in"] > 0 and report["accounting"]["tokens_out"] > 0
        texts = {article.id: article.text for article in read_records(out, "articles")}  # type: ignore[attr-defined]
        for config in ("meetings", "statements", "military_facilities", "agreements"):
            for record in read_records(out, config):  # read back = schema-valid
                for evidence in record.evidence:  # type: ignore[attr-defined]
                    assert texts[evidence.article_id][evidence.start : evidence.end] == evidence.text

        # The engine, same settings and cache: every answered article comes from the cache.
        settings = Settings(cache_dir=tmp_path / "cache", llm_timeout="600", llm_max_tokens=MAX_TOKENS, llm_reasks="0")
        engine = LLMEngine(model=f"openai/{MODEL_ALIAS}", base_url=url, settings=settings)
        results = list(engine.extract_all(iter_articles([inputs])))
    assert len(results) == 1
    for article_result in results:
        assert article_result.error is None
        assert article_result.stats["calls"] == 0 and article_result.stats["cache_hits"] >= 1
        for record in article_result.records:
            assert record.extractor.engine == "llm" and record.extractor.model == f"openai/{MODEL_ALIAS}"
            type(record).model_validate(record.model_dump())
            for evidence in record.evidence:
                assert article_result.article.text[evidence.start : evidence.end] == evidence.text
