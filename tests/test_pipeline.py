"""`run_extraction` end to end on the seeds: grounding, determinism, order independence, atomic writes."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from extractor import ModelError, read_records, read_rows, run_extraction
from extractor._dataset import ALL_CONFIGS, RECORD_CONFIGS, data_file
from extractor._engine import ArticleResult
from schema import Article

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def seed_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "dataset"
    report = run_extraction([SEEDS], out=out)
    assert report.ok and report.articles == 5
    return out


def test_every_config_is_written_and_validates_against_the_models(seed_dataset: Path) -> None:
    for config in ALL_CONFIGS:
        assert data_file(seed_dataset, config).is_file(), config
        read_records(seed_dataset, config)  # raises on any row that breaks the schema
    assert (seed_dataset / "README.md").read_text(encoding="utf-8").startswith("---\n")


def test_every_evidence_item_is_grounded_in_its_article(seed_dataset: Path) -> None:
    texts = {row["id"]: row["text"] for row in read_rows(seed_dataset, "articles")}
    checked = 0
    for config in (*RECORD_CONFIGS, "mentions"):
        for row in read_rows(seed_dataset, config):
            for evidence in row["evidence"]:
                assert texts[evidence["article_id"]][evidence["start"] : evidence["end"]] == evidence["text"]
                checked += 1
    assert checked > 0


def test_every_mention_links_to_an_existing_canonical_row(seed_dataset: Path) -> None:
    canonical_ids = {row["id"] for config in RECORD_CONFIGS for row in read_rows(seed_dataset, config)}
    mentions = read_rows(seed_dataset, "mentions")
    assert mentions
    assert {m["canonical_id"] for m in mentions} <= canonical_ids
    # every canonical row is backed by at least one mention
    assert canonical_ids == {m["canonical_id"] for m in mentions}


def test_same_inputs_give_byte_identical_data_files(seed_dataset: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    run_extraction([SEEDS], out=again)
    for config in ALL_CONFIGS:
        assert data_file(again, config).read_bytes() == data_file(seed_dataset, config).read_bytes(), config


def test_reverse_input_order_gives_the_same_ids(seed_dataset: Path, tmp_path: Path) -> None:
    reversed_files = sorted(SEEDS.glob("*.txt"), reverse=True)
    out = tmp_path / "reversed"
    run_extraction(reversed_files, out=out)
    for config in (*RECORD_CONFIGS, "mentions"):
        assert {r["id"] for r in read_rows(out, config)} == {r["id"] for r in read_rows(seed_dataset, config)}


def test_an_unrelated_article_changes_no_existing_id(seed_dataset: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "zz_unrelated.txt").write_text(
        "Indian Prime Minister Narendra Modi held talks with Japanese Prime Minister Fumio Kishida in Tokyo.\n"
        "“Our partnership has never been stronger,” Modi said.\n",
        encoding="utf-8",
    )
    out = tmp_path / "with-unrelated"
    run_extraction([corpus], out=out)
    for config in RECORD_CONFIGS:
        before = {r["id"] for r in read_rows(seed_dataset, config)}
        assert before <= {r["id"] for r in read_rows(out, config)}, config


class _FailingEngine:
    name = "failing"

    def extract_all(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for article in articles:
            yield ArticleResult(article=article, error="model server unreachable")


class _ExplodingEngine:
    name = "exploding"

    def extract_all(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for _article in articles:
            raise KeyboardInterrupt


@pytest.mark.parametrize(("engine", "error"), [(_FailingEngine(), ModelError), (_ExplodingEngine(), KeyboardInterrupt)])
def test_a_run_that_fails_as_a_whole_leaves_the_previous_dataset_untouched(
    seed_dataset: Path, tmp_path: Path, engine: object, error: type[BaseException]
) -> None:
    out = tmp_path / "dataset"
    shutil.copytree(seed_dataset, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(error):
        run_extraction([SEEDS], out=out, engine=engine)  # type: ignore[arg-type]
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["dataset"]  # no staging folder left behind


def test_a_run_where_some_articles_fail_reports_them_and_still_writes(tmp_path: Path) -> None:
    class _HalfEngine:
        name = "half"

        def extract_all(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
            for number, article in enumerate(articles):
                yield ArticleResult(article=article, error="timeout" if number % 2 else None)

    report = run_extraction([SEEDS], out=tmp_path / "out", engine=_HalfEngine())
    assert not report.ok
    assert [reason for _, reason in report.failed] == ["timeout", "timeout"]
    assert len(read_rows(tmp_path / "out", "articles")) == 5


def test_a_written_dataset_folder_passes_third_party_validation_strictly(seed_dataset: Path) -> None:
    from extractor import validate_records

    report = validate_records([seed_dataset])
    assert report.ok and report.passed(strict=True), report.summary()
    assert report.records == sum(len(read_rows(seed_dataset, c)) for c in ALL_CONFIGS)


def test_engine_accounting_is_summed_and_kept_per_article(tmp_path: Path) -> None:
    class _CountingEngine:
        name = "counting"

        def extract_all(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
            for article in articles:
                yield ArticleResult(article=article, stats={"calls": 2, "tokens_in": 100})

    report = run_extraction([SEEDS], out=tmp_path / "out", engine=_CountingEngine())
    assert report.accounting == {"calls": 10, "tokens_in": 500}
    assert len(report.accounting_per_article) == 5
    written = json.loads((tmp_path / "out" / "run_report.json").read_text(encoding="utf-8"))
    assert written["accounting"] == report.accounting
    assert set(written["accounting_per_article"]) == set(report.accounting_per_article)


def test_the_committed_dataset_folder_is_what_the_main_job_writes_today(seed_dataset: Path) -> None:
    committed = ROOT / "dataset"

    def rows(folder: Path, config: str) -> list[dict[str, object]]:
        # source_path is the path as given on the command line, so it depends on the cwd
        return [{k: v for k, v in row.items() if k != "source_path"} for row in read_rows(folder, config)]

    for config in ALL_CONFIGS:
        assert rows(committed, config) == rows(seed_dataset, config), (
            f"dataset/{config} is stale: run `extract run seeds/` and commit dataset/"
        )


def test_every_config_loads_with_datasets_offline(
    seed_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    for config in ALL_CONFIGS:
        loaded = datasets.load_dataset(str(seed_dataset), config, split="train", cache_dir=str(tmp_path / "c"))
        assert len(loaded) == len(read_rows(seed_dataset, config)) > 0, config
        assert list(loaded.features) == list(read_rows(seed_dataset, config)[0]), config
