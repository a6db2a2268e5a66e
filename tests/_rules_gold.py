"""Score one rule family against the hand gold in tests/gold/ (per article, optional lines neutral).

Matching is by identity, not wording: meetings by article + status + participant overlap
(Jaccard >= 0.5 on canonical names), facilities by article + canonical name, agreements by
article + type + party overlap. A prediction that matches an optional gold line counts as
neither a true nor a false positive.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from extractor import iter_articles
from extractor._rules._agreements import extract_agreements
from extractor._rules._context import RuleContext
from extractor._rules._facilities import extract_facilities
from extractor._rules._meetings import extract_meetings
from schema import Extractor, Meeting

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return f"P={self.precision:.2f} R={self.recall:.2f} F1={self.f1:.2f} (tp={self.true_positives})"


@cache
def seed_contexts() -> tuple[RuleContext, ...]:
    from _rules_helpers import registry

    extractor = Extractor(engine="rules", version="test")
    articles = [a for a in iter_articles([ROOT / "seeds"]) if hasattr(a, "text")]
    return tuple(RuleContext.for_article(a, registry(), extractor) for a in articles)


def gold(file_name: str) -> list[dict[str, Any]]:
    lines = (GOLD / file_name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def predictions(kind: str) -> Iterator[tuple[str, BaseModel]]:
    for ctx in seed_contexts():
        facilities = extract_facilities(ctx)
        records: list[BaseModel]
        if kind == "meetings":
            records = list(extract_meetings(ctx))
        elif kind == "military_facilities":
            records = list(facilities)
        else:
            records = list(extract_agreements(ctx, facilities))
        for record in records:
            yield ctx.article.id, record


def _meeting_match(record: BaseModel, row: dict[str, Any]) -> bool:
    assert isinstance(record, Meeting)
    predicted = {p.name for p in record.participants}
    wanted = {p["name"] for p in row["participants"]}
    overlap = len(predicted & wanted) / len(predicted | wanted)
    return overlap >= 0.5 and record.status == row["status"]


def _facility_match(record: BaseModel, row: dict[str, Any]) -> bool:
    return bool(getattr(record, "name", None) == row["name"])


def _agreement_match(record: BaseModel, row: dict[str, Any]) -> bool:
    parties = set(getattr(record, "parties", []))
    return getattr(record, "agreement_type", None) == row["agreement_type"] and bool(parties & set(row["parties"]))


MATCHERS: dict[str, Callable[[BaseModel, dict[str, Any]], bool]] = {
    "meetings": _meeting_match,
    "military_facilities": _facility_match,
    "agreements": _agreement_match,
}


def score(kind: str) -> tuple[Score, list[tuple[BaseModel, dict[str, Any]]]]:
    """The family's score on the seed gold, and the matched (prediction, gold line) pairs."""
    rows = gold(f"{kind}.jsonl")
    used: set[int] = set()
    pairs: list[tuple[BaseModel, dict[str, Any]]] = []
    false_positives = 0
    for article_id, record in predictions(kind):
        hit = next(
            (
                i
                for i, row in enumerate(rows)
                if i not in used and row["article_id"] == article_id and MATCHERS[kind](record, row)
            ),
            None,
        )
        if hit is None:
            false_positives += 1
            continue
        used.add(hit)
        if not rows[hit].get("optional"):
            pairs.append((record, rows[hit]))
    missed = sum(1 for i, row in enumerate(rows) if i not in used and not row.get("optional"))
    return Score(len(pairs), false_positives, missed), pairs


def field_accuracy(pairs: list[tuple[BaseModel, dict[str, Any]]], fields: list[str]) -> dict[str, float]:
    """Share of matched pairs whose field equals the gold value (lists compared as sets)."""
    accuracy: dict[str, float] = {}
    for name in fields:
        same = 0
        for record, row in pairs:
            value, wanted = getattr(record, name), row[name]
            if isinstance(value, list):
                same += {json.dumps(v, default=str) for v in value} == {json.dumps(v) for v in wanted}
            else:
                same += value == wanted
        accuracy[name] = same / len(pairs) if pairs else 1.0
    return accuracy
