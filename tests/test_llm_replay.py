"""The llm engine measured with recorded answers served by a loopback replay server.

- Oracle: the gold annotations of the seeds and of every dev set, turned into the
  answers a perfect model would give (``llm_replay.oracle``), must come back through the
  engine, the merge and ``extract eval`` at F1 >= 0.99: anything lower is the engine
  losing or changing records on its own.
- Recorded answers: answers a capable model wrote to the engine's own requests
  (``tests/llm_replay/answers/``, one file per request, named like the request files of
  ``dump_requests.py``) are replayed over the held-out set, with a floor.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from llm_replay._files import SETS
from llm_replay.oracle import oracle_answers
from llm_server.replay import ReplayServer, load_answers

from extractor import LLMEngine, evaluate, run_extraction
from extractor._config import Settings
from extractor._eval import EvalReport
from extractor._pipeline import RunReport

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ROOT / "tests" / "llm_replay" / "answers"
ORACLE_SETS = [
    ("seeds", "tests/gold"),
    *((f"tests/devset/{name}/articles", f"tests/devset/{name}/gold") for name in "abcd"),
]
# Recorded answers of a capable model over the held-out set must score at least this (the
# target of issue 10); when they are re-recorded, set it a little under the measured F1.
RECORDED_FLOOR = 0.95  # measured 0.955 (0.9498 before the merge kept differently named agreements apart)
# The same over the real published pages (tests/realnews): measured 0.93 on the test part
# and 0.91 on the dev part when recorded (README, "How good is it").
REALNEWS = ROOT.parent / "shared" / "corpora" / "realnews" / "html"
REALNEWS_FLOORS = {"test": 0.90, "dev": 0.88}


def replay(
    articles: Path | list[Path], answers: dict[str, str], tmp_path: Path, gold: Path
) -> tuple[RunReport, EvalReport, ReplayServer]:
    with ReplayServer(answers) as server:
        report = run_extraction(
            articles if isinstance(articles, list) else [articles],
            out=tmp_path / "dataset",
            engine=LLMEngine(model="openai/replay", base_url=server.url),
            settings=Settings(cache_dir=tmp_path / "cache"),
        )
    return report, evaluate(tmp_path / "dataset", gold), server


@pytest.mark.parametrize(("articles", "gold"), ORACLE_SETS)
def test_gold_answers_come_back_through_the_engine(
    articles: str, gold: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = oracle_answers(ROOT / articles, ROOT / gold)
    report, scores, server = replay(ROOT / articles, answers, tmp_path, ROOT / gold)
    overall = scores.overall
    with capsys.disabled():
        print(f"\noracle {articles}: P={overall.precision:.3f} R={overall.recall:.3f} F1={overall.f1:.3f}")
    assert server.missing == [] and report.failed == []
    assert overall.f1 is not None and overall.f1 >= 0.99
    # Every dropped record is counted with its reason in run_report.json.
    accounting = json.loads((tmp_path / "dataset" / "run_report.json").read_text())["accounting"]
    reasons = {key: value for key, value in accounting.items() if key.startswith("rejected_")}
    assert sum(reasons.values()) == accounting.get("rejected", 0)
    assert all(score.duplicates == 0 for score in scores.types.values())
    assert all(score.grounding_rate in (None, 1.0) for score in scores.types.values())


def test_the_seeds_merge_without_duplicate_meetings_or_facilities(tmp_path: Path) -> None:
    answers = oracle_answers(ROOT / "seeds", ROOT / "tests" / "gold")
    report, scores, _ = replay(ROOT / "seeds", answers, tmp_path, ROOT / "tests" / "gold")
    assert report.failed == []
    for config in ("meetings", "military_facilities"):
        rows = [json.loads(line) for line in _rows(tmp_path / "dataset", config)]
        keys = [row["name"] if config == "military_facilities" else _meeting_key(row) for row in rows]
        assert len(keys) == len(set(keys)), (config, keys)
        assert scores.types[config].duplicates == 0


def test_dumped_requests_are_named_for_the_replay_server(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "llm_replay"))
    from dump_requests import dump

    count = dump(tmp_path / "requests")
    files = sorted((tmp_path / "requests").glob("*.json"))
    assert count == len(files) >= sum(len(list((ROOT / folder).glob("*.txt"))) for folder in SETS.values())
    request = json.loads(files[0].read_text(encoding="utf-8"))
    assert [message["role"] for message in request["messages"]] == ["system", "user"]
    assert "maxItems" not in json.dumps(request["response_format"])
    # An answer stored under a request's file name is found by the replay server.
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / files[0].name).write_text('{"statements": []}', encoding="utf-8")
    assert list(load_answers(tmp_path / "answers")) == [files[0].stem.rpartition("--")[2]]


@pytest.mark.skipif(
    not any(ANSWERS.glob("heldout__*.json")),
    reason="no recorded answers in tests/llm_replay/answers/ (see tests/llm_replay/README.md)",
)
def test_recorded_answers_of_a_capable_model_on_the_heldout_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ROOT / "tests" / "heldout"
    report, scores, server = replay(base / "articles", load_answers(ANSWERS), tmp_path, base / "gold")
    overall = scores.overall
    with capsys.disabled():
        print(f"\nrecorded heldout: P={overall.precision:.3f} R={overall.recall:.3f} F1={overall.f1:.3f}")
    assert server.missing == [], f"{len(server.missing)} request(s) have no recorded answer: run dump_requests.py"
    assert report.failed == []
    assert all(score.grounding_rate in (None, 1.0) for score in scores.types.values())
    assert overall.f1 is not None and overall.f1 >= RECORDED_FLOOR


@pytest.mark.parametrize("part", sorted(REALNEWS_FLOORS))
def test_recorded_answers_of_a_capable_model_on_real_pages(
    part: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not any(ANSWERS.glob(f"realnews_{part}__*.json")):
        pytest.skip(f"no recorded answers for realnews {part} in tests/llm_replay/answers/")
    if not REALNEWS.is_dir():  # as tests/test_realnews_quality.py: the pages live beside the checkout
        pytest.skip(f"the shared real pages are not at {REALNEWS}")
    split = json.loads((ROOT / "tests" / "realnews" / "split.json").read_text(encoding="utf-8"))
    pages = [REALNEWS / name for name in split[part]]
    gold = ROOT / "tests" / "realnews" / part / "gold"
    report, scores, server = replay(pages, load_answers(ANSWERS), tmp_path, gold)
    overall = scores.overall
    with capsys.disabled():
        print(f"\nrecorded realnews {part}: P={overall.precision:.3f} R={overall.recall:.3f} F1={overall.f1:.3f}")
    assert server.missing == [], f"{len(server.missing)} request(s) have no recorded answer"
    assert report.failed == []
    assert all(score.grounding_rate in (None, 1.0) for score in scores.types.values())
    assert overall.f1 is not None and overall.f1 >= REALNEWS_FLOORS[part]


def _rows(dataset: Path, config: str) -> list[str]:
    import pyarrow.parquet as pq

    files = sorted((dataset / config).glob("*.parquet")) if (dataset / config).is_dir() else []
    return [json.dumps(row) for path in files for row in pq.read_table(path).to_pylist()]


def _meeting_key(row: dict[str, object]) -> str:
    participants = row["participants"]
    assert isinstance(participants, list)
    return json.dumps([sorted(actor["name"] for actor in participants), row["date"]])
