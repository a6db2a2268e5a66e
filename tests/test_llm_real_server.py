"""End to end against a real model: llama-cpp-python's server with Gemma 3 270M.

The model is tiny and often repeats itself or invents quotes, so these tests assert the
mechanics, not accuracy: the run finishes, every kept record is schema-valid and grounded,
and what was dropped is counted. They are slow but never skipped: without the server
installed they fail and say to run scripts/setup-llm-server.sh.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from llm_server.llama import MODEL_ALIAS, llama_server
from typer.testing import CliRunner

from cli import app
from extractor import iter_articles, read_records
from extractor._config import Settings
from extractor._llm import Decoding, LLMEngine

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with llama_server(log) as url:
        yield url


def two_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(path, folder)
    return folder


def test_engine_on_seeds_keeps_only_grounded_schema_records(server_url: str, tmp_path: Path) -> None:
    articles = list(iter_articles([two_seeds(tmp_path)]))
    engine = LLMEngine(
        model=f"openai/{MODEL_ALIAS}",
        base_url=server_url,
        concurrency=2,
        settings=Settings(cache_dir=tmp_path / "cache"),
        request_timeout=300,
        decoding=Decoding(max_tokens=512, max_reasks=1),
    )
    results = list(engine.extract_all(articles))
    assert [r.article.id for r in results] == [a.id for a in articles]
    for result in results:
        assert result.error is None or "\n" not in result.error
        assert result.stats["calls"] >= 1 or result.error is not None
        assert result.stats["tokens_out"] > 0 or result.error is not None
        for record in result.records:
            type(record).model_validate(record.model_dump())
            assert record.extractor.engine == "llm" and record.extractor.model == f"openai/{MODEL_ALIAS}"
            for evidence in record.evidence:
                assert result.article.text[evidence.start : evidence.end] == evidence.text
        # Whatever the model answered is either kept grounded or counted as rejected.
        assert result.stats["rejected"] >= 0
    again = list(engine.extract_all(articles))
    for first, second in zip(results, again, strict=True):
        if first.error is None:  # answered the first time, so cached now
            assert second.stats["calls"] == 0 and second.stats["cache_hits"] >= 1
            assert second.records == first.records


def test_cli_run_on_seeds_writes_a_grounded_dataset(server_url: str, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    command = [
        "run", str(two_seeds(tmp_path)), "--out", str(out), "--engine", "llm",
        "--model", f"openai/{MODEL_ALIAS}", "--base-url", server_url, "--concurrency", "2", "--quiet",
    ]  # fmt: skip
    env = {"NEWSEXTRACT_CACHE_DIR": str(tmp_path / "cache"), "NEWSEXTRACT_LLM_TIMEOUT": "300"}
    result = CliRunner().invoke(app, command, env=env)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1 and not out.exists():
        pytest.fail(f"every article failed against the real server: {result.output}")
    texts = {article.id: article.text for article in read_records(out, "articles")}  # type: ignore[attr-defined]
    for config in ("meetings", "statements", "military_facilities", "agreements"):
        for record in read_records(out, config):
            for evidence in record.evidence:  # type: ignore[attr-defined]
                assert texts[evidence.article_id][evidence.start : evidence.end] == evidence.text
