"""The rules engine on hand-annotated sets other than the seeds: floors that catch regressions.

- ``tests/devset/a`` and ``b``: written and annotated to develop the rules (tuned on);
- ``tests/heldout``: written and annotated by someone who never saw the engine's output,
  committed before the first run, and never tuned on. Its figures are the honest estimate
  of accuracy on unseen articles; the README quotes them.

Sports and weather articles in every set are negatives: they must give no record at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import evaluate, run_extraction

ROOT = Path(__file__).resolve().parents[1]
NEGATIVE_WORDS = ("sport", "final", "weather", "typhoon", "cricket", "flood")
# (folder, minimum micro F1 over all types); set a little under what the engine scores,
# so a change that loses accuracy fails here and has to explain itself.
SETS = [("devset/a", 0.90), ("devset/b", 0.90), ("heldout", 0.80)]


@pytest.mark.parametrize(("folder", "floor"), SETS)
def test_accuracy_stays_above_its_floor_and_negatives_give_nothing(
    folder: str, floor: float, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ROOT / "tests" / folder
    report = run_extraction([base / "articles"], out=tmp_path / "dataset")
    negatives = [a for a in report.mentions_per_article if any(word in a for word in NEGATIVE_WORDS)]
    assert negatives, "each set has sports or weather negatives"
    for article_id in negatives:
        assert sum(report.mentions_per_article[article_id].values()) == 0, article_id

    scores = evaluate(tmp_path / "dataset", base / "gold")
    overall = scores.overall
    with capsys.disabled():
        print(f"\n{folder}: micro P={overall.precision:.3f} R={overall.recall:.3f} F1={overall.f1:.3f}")
    assert overall.f1 is not None and overall.f1 >= floor
    assert all(score.grounding_rate == 1.0 for score in scores.types.values())
