"""Measure where the fuzzy-alignment threshold must lie (figures in tests/llm_replay/README.md).

For every gold quote of the dev sets of at least ``FUZZY_MIN_CHARS`` characters:
- positives: the quote with one word dropped, one word inserted, or one word replaced,
  scored against its own article;
- negatives: the unchanged quote scored against every other article of its set.
A threshold is safe when it sits above the best negative and below the worst positive.

    PYTHONPATH=. python tests/llm_replay/measure_fuzzy.py
"""

from __future__ import annotations

import json
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from extractor._ingest import iter_articles  # noqa: E402
from extractor._llm._grounding import FUZZY_MIN_CHARS, fuzzy_score  # noqa: E402


def variants(quote: str, rng: random.Random) -> list[str]:
    words = quote.split()
    at = rng.randrange(len(words))
    dropped = words[:at] + words[at + 1 :]
    inserted = [*words[:at], "reportedly", *words[at:]]
    replaced = [*words[:at], "several", *words[at + 1 :]]
    return [" ".join(dropped), " ".join(inserted), " ".join(replaced)]


def main() -> int:
    rng = random.Random(7)
    positives: list[float] = []
    negatives: list[float] = []
    for name in "abcd":
        base = ROOT / "tests" / "devset" / name
        texts = {article.id: article.text for article in iter_articles([base / "articles"])}
        for path in sorted((base / "gold").glob("*.jsonl")):
            for raw in path.read_text(encoding="utf-8").splitlines():
                line = json.loads(raw)
                quote = line["quote"]
                if len(quote) < FUZZY_MIN_CHARS or len(quote.split()) < 4:
                    continue
                own = texts[line["article_id"]]
                positives += [fuzzy_score(own, variant) for variant in variants(quote, rng)]
                others = [text for article_id, text in texts.items() if article_id != line["article_id"]]
                negatives.append(max(fuzzy_score(text, quote) for text in others))
    positives.sort()
    negatives.sort()
    print(
        f"positives: n={len(positives)} min={positives[0]:.1f} p1={positives[len(positives) // 100]:.1f} "
        f"median={statistics.median(positives):.1f}"
    )
    print(
        f"negatives: n={len(negatives)} max={negatives[-1]:.1f} p99={negatives[len(negatives) * 99 // 100]:.1f} "
        f"median={statistics.median(negatives):.1f}"
    )
    for threshold in (80, 82, 84, 85, 86, 88, 90):
        kept = sum(score >= threshold for score in positives) / len(positives)
        false = sum(score >= threshold for score in negatives) / len(negatives)
        print(f"threshold {threshold}: positives kept {kept:.1%}, negatives accepted {false:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
