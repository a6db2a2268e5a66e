"""Statement precision/recall of the rules engine against tests/gold/statements.jsonl.

Usage: .venv/bin/python scripts/score_rules_statements.py [--verbose]

A predicted statement matches a gold one of the same article when their texts overlap (token
containment >= 0.6 either way). Optional gold items neither reward nor penalise. Speaker name and
`direct` agreement are reported on the matched pairs.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from extractor import iter_articles
from extractor._rules import RulesEngine
from schema import Statement

ROOT = Path(__file__).resolve().parent.parent


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _similar(a: str, b: str) -> bool:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    shared = len(ta & tb)
    return shared / len(ta) >= 0.6 and shared / len(tb) >= 0.6


def main() -> None:
    verbose = "--verbose" in sys.argv
    gold = [json.loads(line) for line in (ROOT / "tests/gold/statements.jsonl").read_text().splitlines() if line]
    engine = RulesEngine()
    predicted: list[Statement] = []
    for result in engine.extract_all(iter_articles([ROOT / "seeds"])):
        predicted.extend(r for r in result.records if isinstance(r, Statement))
    used: set[int] = set()
    tp = fp = 0
    speaker_ok = direct_ok = 0
    for record in predicted:
        article = record.evidence[0].article_id
        match = next(
            (
                i
                for i, g in enumerate(gold)
                if i not in used and g["article_id"] == article and _similar(g["text"], record.text)
            ),
            None,
        )
        if match is None:
            fp += 1
            if verbose:
                print(f"FP {article[:3]} [{record.speaker.name}] {record.text[:100]!r}")
            continue
        used.add(match)
        if gold[match].get("optional"):
            continue
        tp += 1
        speaker_ok += gold[match]["speaker"]["name"] == record.speaker.name
        direct_ok += gold[match]["direct"] == record.direct
    required = [i for i, g in enumerate(gold) if not g.get("optional")]
    fn = [i for i in required if i not in used]
    if verbose:
        for i in fn:
            print(f"FN {gold[i]['article_id'][:3]} [{gold[i]['speaker']['name']}] {gold[i]['text'][:100]!r}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / len(required) if required else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"statements: P={precision:.2f} R={recall:.2f} F1={f1:.2f} (tp={tp} fp={fp} fn={len(fn)})")
    print(f"  on matches: speaker {speaker_ok}/{tp}, direct {direct_ok}/{tp}")


if __name__ == "__main__":
    main()
