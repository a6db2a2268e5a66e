"""The library entry points: `extract` on one text, engine configurations, `run_extraction` with them."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import extractor
from extractor import ConfigError, DataError, Extraction, LLMEngine, ModelError, RulesEngine, extract, run_extraction
from extractor._engine import ArticleResult
from schema import Agreement, Article, Meeting, MilitaryFacility, Statement

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

POLITICAL = (
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow on Tuesday, the Kremlin said. "
    '"We discussed the war in Ukraine and sanctions," Putin told reporters after the talks. '
    "Officials from both governments attended."
)
SPORTS = (
    "The striker scored twice as the team won the cup final at the stadium. "
    "The coach praised the players and the fans after the match."
)


def test_extract_on_a_string_returns_typed_grounded_records_and_the_article() -> None:
    result = extract(POLITICAL)
    assert isinstance(result, Extraction)
    assert isinstance(result.article, Article)
    assert result.article.id.startswith("text-")
    assert result.meetings and result.statements
    assert all(isinstance(record, Meeting) for record in result.meetings)
    assert all(isinstance(record, Statement) for record in result.statements)
    assert all(isinstance(record, MilitaryFacility) for record in result.military_facilities)
    assert all(isinstance(record, Agreement) for record in result.agreements)
    assert len(result.records) == sum(
        len(kind) for kind in (result.meetings, result.statements, result.military_facilities, result.agreements)
    )
    for record in result.records:
        for evidence in record.evidence:
            assert evidence.article_id == result.article.id
            assert result.article.text[evidence.start : evidence.end] == evidence.text
    assert {m.participants[0].name for m in result.meetings} & {"Vladimir Putin", "Xi Jinping"}


def test_extract_writes_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSEXTRACT_CACHE_DIR", str(tmp_path / "cache"))
    extract(POLITICAL)
    assert list(tmp_path.iterdir()) == []


def test_extract_takes_an_article_and_keeps_its_id() -> None:
    article = extract(POLITICAL, article_id="moscow").article
    again = extract(article)
    assert again.article is article
    assert again.article.id == "moscow"
    assert [r.id for r in again.records] == [r.id for r in extract(POLITICAL, article_id="moscow").records]


def test_extract_says_why_an_off_topic_article_gives_nothing() -> None:
    result = extract(SPORTS)
    assert result.records == ()
    assert result.set_aside is not None
    assert result.set_aside.startswith("off topic: sports ")
    assert "vs political 0" in result.set_aside


def test_extract_refuses_empty_text_and_a_failing_engine() -> None:
    with pytest.raises(DataError, match="no article text"):
        extract("   \n")

    class Failing:
        name = "failing"

        def extract_all(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
            for article in articles:
                yield ArticleResult(article=article, error="server said no")

    with pytest.raises(ModelError, match="server said no"):
        extract(POLITICAL, engine=Failing())


def test_extract_drops_records_whose_evidence_is_not_in_the_text() -> None:
    good = extract(POLITICAL, article_id="a")
    forged = good.statements[0].model_copy(
        update={"evidence": [good.statements[0].evidence[0].model_copy(update={"text": "not in the article"})]}
    )

    class Forging:
        name = "forging"

        def extract_all(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
            for article in articles:
                yield ArticleResult(article=article, records=[good.meetings[0], forged])

    result = extract(good.article, engine=Forging())
    assert result.records == (good.meetings[0],)
    assert result.ungrounded_dropped == 1


def test_engines_are_frozen_typed_configurations() -> None:
    rules = RulesEngine(aliases=[Path("a.yaml")])  # type: ignore[arg-type]
    assert rules.aliases == (Path("a.yaml"),)
    assert rules == RulesEngine(aliases=(Path("a.yaml"),))
    assert hash(rules) == hash(RulesEngine(aliases=(Path("a.yaml"),)))
    llm = LLMEngine(model="openai/gpt-4o-mini", concurrency=2)
    assert llm.use_cache is False  # the library caches nothing unless asked
    with pytest.raises(dataclasses.FrozenInstanceError):
        llm.concurrency = 3  # type: ignore[misc]
    assert "extract" in extractor.__all__
    assert {"Extraction", "RulesEngine", "LLMEngine"} <= set(extractor.__all__)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: LLMEngine(model=""), "needs a model"),
        (lambda: LLMEngine(model="openai/x", concurrency=0), "concurrency must be at least 1"),
        (lambda: LLMEngine(model="openai/x", request_timeout=0), "timeout must be positive"),
        (lambda: LLMEngine(model="openai/x", max_attempts=0), "max_attempts must be at least 1"),
    ],
)
def test_a_bad_llm_configuration_is_refused_when_made(make: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        make()  # type: ignore[operator]


def test_the_llm_configuration_builds_the_running_engine(tmp_path: Path) -> None:
    from extractor import Settings

    running = LLMEngine(
        model="local", base_url="http://127.0.0.1:9/v1", concurrency=3, request_timeout=7.5, max_attempts=2
    ).build(Settings(cache_dir=tmp_path))
    assert running.name == "llm"
    assert (running.concurrency, running.use_cache, running.request_timeout) == (3, False, 7.5)  # type: ignore[attr-defined]
    assert running.retry_policy.attempts == 2  # type: ignore[attr-defined]


def test_run_extraction_takes_an_engine_object_not_a_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="pass an engine object"):
        run_extraction([SEEDS], out=tmp_path / "out", engine="rules")  # type: ignore[arg-type]


def test_run_extraction_lists_off_topic_articles_with_the_reason(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "politics.txt").write_text(POLITICAL, encoding="utf-8")
    (inputs / "football.txt").write_text(SPORTS, encoding="utf-8")
    totals: list[int] = []
    done: list[str] = []
    report = run_extraction(
        [inputs], out=tmp_path / "out", engine=RulesEngine(), on_total=totals.append, on_article=done.append
    )
    assert [article_id for article_id, _ in report.set_aside] == ["football"]
    written = json.loads((tmp_path / "out" / "run_report.json").read_text(encoding="utf-8"))
    assert written["set_aside"] == [{"article_id": "football", "reason": report.set_aside[0][1]}]
    assert report.set_aside[0][1].startswith("off topic: sports ")
    assert totals == [2]
    assert sorted(done) == ["football", "politics"]


def test_the_progress_total_counts_files_and_jsonl_lines_and_skips_advance_it(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "wire.jsonl").write_text(
        "".join(json.dumps({"id": f"w{n}", "text": POLITICAL}) + "\n" for n in range(3)) + "\n", encoding="utf-8"
    )
    (inputs / "big.txt").write_text(POLITICAL * 3, encoding="utf-8")
    (inputs / "notes.pdf").write_bytes(b"%PDF")
    totals: list[int] = []
    done: list[str] = []
    report = run_extraction(
        [inputs], out=tmp_path / "out", max_bytes=len(POLITICAL) + 200, on_total=totals.append, on_article=done.append
    )
    assert totals == [5]
    assert len(done) == 5
    assert report.articles == 3
    assert [reason for _, reason in report.skipped] == [
        f"too large ({len(POLITICAL) * 3:,} bytes; the size limit is {len(POLITICAL) + 200:,} bytes)",
        "unsupported file type '.pdf'",
    ]
