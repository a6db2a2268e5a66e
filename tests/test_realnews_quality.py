"""The rules engine on real published pages (realnews DEV part): a floor that catches regressions.

The pages are third-party and are read from ``../shared/corpora/realnews/html`` (never copied here).
``tests/realnews/split.json`` names the dev part (odd pages, tuned on) and the test part (even pages,
never tuned on; checked elsewhere). Pages 41-49 of the dev part are controls (business, science,
culture): they must give no record at all.
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
MACRO_F1_FLOOR = 0.66
CONTROLS = [name for name in SPLIT["dev"] if int(name[:2]) >= 41]
# A stream page: ingestion keeps the teaser paragraphs of other stories (political ones among them)
# below the main story. Marked strict, so the test says so once ingestion separates them.
_TEASER_STREAM = {"47_russian-cargo-ship-breakup.html"}


def _dev_pages() -> list[Path]:
    if not PAGES.is_dir():
        pytest.skip(f"the shared real pages are not at {PAGES}")
    return [PAGES / name for name in SPLIT["dev"]]


@pytest.fixture(scope="module")
def dev_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("realnews") / "dataset"
    report = run_extraction(_dev_pages(), out=out)
    counts = {article: sum(kinds.values()) for article, kinds in report.mentions_per_article.items()}
    return out, counts


def test_macro_f1_on_the_dev_part_stays_above_its_floor(
    dev_run: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    if not DEV_GOLD.is_dir():
        pytest.skip(f"no dev gold at {DEV_GOLD.relative_to(ROOT)} (the annotators' files are merged there)")
    scores = evaluate(dev_run[0], DEV_GOLD)
    f1s = {name: s.counts.f1 for name, s in scores.types.items() if s.scored and s.counts.f1 is not None}
    macro = sum(f1s.values()) / len(f1s)
    with capsys.disabled():
        print(f"\nrealnews dev: macro F1={macro:.3f} " + " ".join(f"{k}={v:.3f}" for k, v in f1s.items()))
    assert macro >= MACRO_F1_FLOOR
    assert all(score.grounding_rate == 1.0 for score in scores.types.values() if score.grounding_rate is not None)


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason="stream page keeps other stories' teasers"))
        if name in _TEASER_STREAM
        else name
        for name in CONTROLS
    ],
)
def test_control_pages_give_no_record(dev_run: tuple[Path, dict[str, int]], page: str) -> None:
    assert dev_run[1].get(page.removesuffix(".html"), 0) == 0
