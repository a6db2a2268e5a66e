"""The rules engine on real published pages (realnews dev and test parts): floors that catch regressions.

The pages are third-party and are read from ``../shared/corpora/realnews/html`` (never copied here).
``tests/realnews/split.json`` names the dev part (odd pages, tuned on) and the test part (even pages,
never tuned on: its gold was committed before the engine first ran on it, and its floor only guards
against regressions). Pages 41-50 are controls (business, science, sports, weather, culture): they
must give no record at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import evaluate, run_extraction

ROOT = Path(__file__).resolve().parents[1]
SPLIT = json.loads((ROOT / "tests" / "realnews" / "split.json").read_text(encoding="utf-8"))
PAGES = (ROOT / SPLIT["source"]).resolve()
DEV_GOLD = ROOT / "tests" / "realnews" / "dev" / "gold"
# Set a little under what the engine scores on the dev gold, so a change that loses accuracy fails
# here and has to explain itself.
MACRO_F1_FLOOR = 0.88  # measured 0.915 (micro 0.90) after the issue-12 rule work of round 3
TEST_GOLD = ROOT / "tests" / "realnews" / "test" / "gold"
# Measured when the engine of issue 12 first ran on the test part: macro-F1 0.37 (meetings 0.25,
# statements 0.61, agreements 0.25), micro 0.58; re-measured once after the next round of rule
# work (tuned on the dev part only): macro 0.42 (meetings 0.35, statements 0.67, agreements 0.25),
# micro 0.64. Nobody tunes on these pages; the floor only guards against regressions.
TEST_MACRO_F1_FLOOR = 0.40
CONTROLS = [name for part in ("dev", "test") for name in SPLIT[part] if int(name[:2]) >= 41]


def _pages(part: str) -> list[Path]:
    if not PAGES.is_dir():
        pytest.skip(f"the shared real pages are not at {PAGES}")
    return [PAGES / name for name in SPLIT[part]]


def _run(part: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp(f"realnews-{part}") / "dataset"
    report = run_extraction(_pages(part), out=out)
    counts = {article: sum(kinds.values()) for article, kinds in report.mentions_per_article.items()}
    return out, counts


@pytest.fixture(scope="module")
def dev_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    return _run("dev", tmp_path_factory)


@pytest.fixture(scope="module")
def test_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    return _run("test", tmp_path_factory)


def _macro_f1(dataset: Path, gold: Path, label: str, capsys: pytest.CaptureFixture[str]) -> float:
    scores = evaluate(dataset, gold)
    f1s = {name: s.counts.f1 for name, s in scores.types.items() if s.scored and s.counts.f1 is not None}
    macro = sum(f1s.values()) / len(f1s)
    with capsys.disabled():
        print(f"\nrealnews {label}: macro F1={macro:.3f} " + " ".join(f"{k}={v:.3f}" for k, v in f1s.items()))
    assert all(score.grounding_rate == 1.0 for score in scores.types.values() if score.grounding_rate is not None)
    return macro


def test_macro_f1_on_the_dev_part_stays_above_its_floor(
    dev_run: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    if not DEV_GOLD.is_dir():
        pytest.skip(f"no dev gold at {DEV_GOLD.relative_to(ROOT)} (the annotators' files are merged there)")
    assert _macro_f1(dev_run[0], DEV_GOLD, "dev", capsys) >= MACRO_F1_FLOOR


def test_macro_f1_on_the_test_part_stays_above_its_floor(
    test_run: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _macro_f1(test_run[0], TEST_GOLD, "test", capsys) >= TEST_MACRO_F1_FLOOR


# Page 47 is a news stream: ingestion keeps other stories' teasers (political ones among them)
# below a story about a spacecraft; the topic gate weighs them against it and sets the page aside.
@pytest.mark.parametrize("page", CONTROLS)
def test_control_pages_give_no_record(request: pytest.FixtureRequest, page: str) -> None:
    # Only the part the page is in runs: checking a dev control runs no engine on the test pages.
    run: tuple[Path, dict[str, int]] = request.getfixturevalue("dev_run" if page in SPLIT["dev"] else "test_run")
    assert run[1].get(page.removesuffix(".html"), 0) == 0
