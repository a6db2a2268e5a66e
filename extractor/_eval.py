"""`evaluate`: score a dataset folder against gold annotations.

Gold is per article, so each canonical row is first *projected* onto every article
its evidence comes from (one predicted item per row and article). Then, per article
and record type, predicted and gold items are paired one-to-one, greedily by match
score (see ``_eval_match`` for the rules). A pair with an optional gold item counts
neither as a hit nor as a false positive; an unmatched optional item is no miss.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from extractor._dataset import RECORD_CONFIGS, available_configs, read_records, read_rows
from extractor._errors import DataError, InputError
from extractor._eval_gold import GoldItem, GoldSet, load_gold
from extractor._eval_match import ATTRIBUTES, MATCH_THRESHOLD, SCORERS, greedy_assign

_NOT_COMPARED = frozenset({"id", "evidence", "confidence", "extractor", "conflicts"})


@dataclass(frozen=True)
class Projected:
    """One canonical row as one article reports it."""

    config: str
    article_id: str
    record_id: str
    fields: dict[str, Any]
    quote: str


@dataclass
class Counts:
    """Hits, false positives and misses; precision, recall and F1 from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """None when there is nothing to judge (no gold and no prediction)."""
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
        }


@dataclass
class TypeScore:
    """Everything measured for one record type."""

    config: str
    scored: bool = True
    """False when the gold has no file for this type: its counts stay zero."""
    counts: Counts = field(default_factory=Counts)
    gold_items: int = 0
    optional_items: int = 0
    optional_matched: int = 0
    rows: int = 0
    predicted_items: int = 0
    duplicates: int = 0
    evidence: int = 0
    grounded: int = 0
    attributes: dict[str, list[int]] = field(default_factory=dict)
    """attribute -> [correct, compared] over matched pairs."""

    @property
    def grounding_rate(self) -> float | None:
        return self.grounded / self.evidence if self.evidence else None

    def attribute_accuracy(self) -> dict[str, float | None]:
        return {name: _round(c / n if n else None) for name, (c, n) in self.attributes.items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "scored": self.scored,
            **self.counts.to_dict(),
            "gold_items": self.gold_items,
            "optional_items": self.optional_items,
            "optional_matched": self.optional_matched,
            "rows": self.rows,
            "predicted_items": self.predicted_items,
            "duplicates": self.duplicates,
            "evidence": self.evidence,
            "grounded": self.grounded,
            "grounding_rate": _round(self.grounding_rate),
            "attribute_accuracy": self.attribute_accuracy(),
            "attribute_counts": {name: {"correct": c, "compared": n} for name, (c, n) in self.attributes.items()},
        }


@dataclass
class ArticleScore:
    """One article's counts per type, with what was missed and what was spurious."""

    article_id: str
    counts: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in RECORD_CONFIGS})
    missed: list[str] = field(default_factory=list)
    """Gold lines (``file:line``) no row matched."""
    spurious: list[str] = field(default_factory=list)
    """``config/record id`` of projected rows no gold item matched."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "types": {c: counts.to_dict() for c, counts in self.counts.items()},
            "missed": self.missed,
            "spurious": self.spurious,
        }


@dataclass
class EvalReport:
    """The result of ``evaluate``: per type, overall, and per article."""

    dataset: str
    gold: str
    types: dict[str, TypeScore]
    articles: list[ArticleScore]
    warnings: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Counts:
        """Micro-averaged counts over every type."""
        total = Counts()
        for score in self.types.values():
            total.add(score.counts)
        return total

    def below(self, min_f1: float) -> list[str]:
        """Types whose F1 is below ``min_f1``; types with nothing to judge are left out."""
        return [c for c, s in self.types.items() if s.counts.f1 is not None and s.counts.f1 < min_f1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "gold": self.gold,
            "match_threshold": MATCH_THRESHOLD,
            "overall": self.overall.to_dict(),
            "types": {c: s.to_dict() for c, s in self.types.items()},
            "articles": [a.to_dict() for a in self.articles],
            "warnings": self.warnings,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def table(self) -> list[dict[str, str]]:
        """One display row per type plus ``all``: the figures `extract eval` prints."""
        rows = []
        for config, score in self.types.items():
            rows.append(
                {
                    "type": config,
                    "gold": str(score.gold_items),
                    "predicted": str(score.predicted_items),
                    **_counts_cells(score.counts),
                    "duplicates": str(score.duplicates),
                    "grounding": _percent(score.grounding_rate),
                }
            )
        overall = self.overall
        rows.append(
            {
                "type": "all",
                "gold": str(sum(s.gold_items for s in self.types.values())),
                "predicted": str(sum(s.predicted_items for s in self.types.values())),
                **_counts_cells(overall),
                "duplicates": str(sum(s.duplicates for s in self.types.values())),
                "grounding": _percent(_ratio(self.types.values())),
            }
        )
        return rows


def _ratio(scores: Any) -> float | None:
    scores = list(scores)
    evidence = sum(s.evidence for s in scores)
    return sum(s.grounded for s in scores) / evidence if evidence else None


def _counts_cells(counts: Counts) -> dict[str, str]:
    return {
        "tp": str(counts.tp),
        "fp": str(counts.fp),
        "fn": str(counts.fn),
        "precision": _fixed(counts.precision),
        "recall": _fixed(counts.recall),
        "f1": _fixed(counts.f1),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _fixed(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def evaluate(
    dataset_dir: Path | str,
    gold_dir: Path | str,
    *,
    only_gold_articles: bool = False,
) -> EvalReport:
    """Score the records of ``dataset_dir`` against the gold folder (or file) ``gold_dir``.

    Every article of the dataset is taken as annotated (an article without gold lines
    has no items, so its rows are false positives), unless ``only_gold_articles``: then
    only articles with at least one gold line are scored. Raises InputError when the
    dataset or the gold cannot be used.
    """
    dataset_dir = Path(dataset_dir)
    texts, records, warnings = _load_dataset(dataset_dir)
    return score_records(
        records, texts, gold_dir, only_gold_articles=only_gold_articles, warnings=warnings, source=str(dataset_dir)
    )


def score_records(
    records: Mapping[str, Sequence[BaseModel]],
    texts: Mapping[str, str],
    gold_dir: Path | str,
    *,
    only_gold_articles: bool = False,
    warnings: list[str] | None = None,
    source: str = "",
) -> EvalReport:
    """Score in-memory ``records`` (config -> rows) of the articles ``texts`` (id -> text), as ``evaluate`` does.

    The one definition of a correct extraction, for callers (tests among them) that hold records
    rather than a dataset folder; a config absent from ``records`` has no predictions.
    """
    gold_path = Path(gold_dir)
    rows = {config: list(records.get(config, ())) for config in RECORD_CONFIGS}
    warnings = [] if warnings is None else warnings
    gold = load_gold(gold_path)
    missing_articles = sorted(gold.article_ids - set(texts))
    if missing_articles:
        shown = ", ".join(missing_articles[:5]) + (" ..." if len(missing_articles) > 5 else "")
        warnings.append(f"{len(missing_articles)} gold article(s) not in the dataset, all missed: {shown}")
    scope = gold.article_ids if only_gold_articles else set(texts) | gold.article_ids
    types = {config: TypeScore(config) for config in RECORD_CONFIGS}
    for config in RECORD_CONFIGS:
        _count_grounding(types[config], rows[config], texts)
        types[config].scored = config in gold.configs_present
        if not types[config].scored:
            warnings.append(f"no gold file for {config}: that type is not scored")
    articles = _score_articles(sorted(scope), gold, rows, types)
    return EvalReport(source, str(gold_path), types, articles, warnings)


def _load_dataset(dataset_dir: Path) -> tuple[dict[str, str], dict[str, list[BaseModel]], list[str]]:
    if not dataset_dir.is_dir():
        raise InputError("dataset folder not found", path=dataset_dir)
    warnings: list[str] = []
    present = set(available_configs(dataset_dir))
    try:
        texts = {str(row["id"]): str(row["text"] or "") for row in read_rows(dataset_dir, "articles")}
        records: dict[str, list[BaseModel]] = {}
        for config in RECORD_CONFIGS:
            if config in present:
                records[config] = read_records(dataset_dir, config)
            else:
                records[config] = []
                warnings.append(f"the dataset has no {config} config: no predictions of that type")
    except DataError as e:
        raise InputError(f"unusable dataset: {e}", path=dataset_dir) from e
    return texts, records, warnings


def _count_grounding(score: TypeScore, rows: list[BaseModel], texts: Mapping[str, str]) -> None:
    score.rows = len(rows)
    for row in rows:
        for evidence in getattr(row, "evidence", []):
            score.evidence += 1
            text = texts.get(evidence.article_id)
            if text is not None and text[evidence.start : evidence.end] == evidence.text:
                score.grounded += 1


def project(config: str, row: BaseModel) -> list[Projected]:
    """One item per article the row's evidence comes from, in evidence order."""
    fields = {k: v for k, v in row.model_dump(mode="json").items() if k not in _NOT_COMPARED}
    quotes: dict[str, str] = {}
    for evidence in getattr(row, "evidence", []):
        quotes.setdefault(evidence.article_id, evidence.text)
    record_id = str(getattr(row, "id", ""))
    return [Projected(config, aid, record_id, fields, quote) for aid, quote in quotes.items()]


def _score_articles(
    scope: list[str], gold: GoldSet, records: dict[str, list[BaseModel]], types: dict[str, TypeScore]
) -> list[ArticleScore]:
    in_scope = set(scope)
    gold_by_article: dict[tuple[str, str], list[GoldItem]] = defaultdict(list)
    pred_by_article: dict[tuple[str, str], list[Projected]] = defaultdict(list)
    for config in RECORD_CONFIGS:
        for item in gold.items[config]:
            if item.article_id in in_scope:
                gold_by_article[config, item.article_id].append(item)
        for row in sorted(records[config], key=lambda r: str(getattr(r, "id", ""))):
            for projected in project(config, row):
                if projected.article_id in in_scope:
                    pred_by_article[config, projected.article_id].append(projected)
    articles = []
    for article_id in scope:
        article = ArticleScore(article_id)
        for config in RECORD_CONFIGS:
            if not types[config].scored:
                continue
            _match_one(gold_by_article[config, article_id], pred_by_article[config, article_id], types[config], article)
        articles.append(article)
    return articles


def _match_one(gold: list[GoldItem], predicted: list[Projected], score: TypeScore, article: ArticleScore) -> None:
    config = score.config
    scorer = SCORERS[config]
    matrix = {
        (g, p): scorer(item.fields, pred.fields, item.quote)
        for g, item in enumerate(gold)
        for p, pred in enumerate(predicted)
    }
    optional = frozenset(g for g, item in enumerate(gold) if item.optional)
    pairs = greedy_assign(((s, g, p) for (g, p), s in matrix.items()), optional_gold=optional)
    counts = article.counts[config]
    matched_gold = {g: p for g, p, _ in pairs}
    matched_pred = {p for _, p, _ in pairs}
    score.gold_items += len(gold) - len(optional)
    score.optional_items += len(optional)
    score.predicted_items += len(predicted)
    for g, p, _ in pairs:
        if g in optional:
            score.optional_matched += 1
            continue
        counts.tp += 1
        _compare_attributes(score, gold[g], predicted[p])
    for g, item in enumerate(gold):
        if g not in matched_gold and g not in optional:
            counts.fn += 1
            article.missed.append(item.source)
    for p, pred in enumerate(predicted):
        if p in matched_pred:
            continue
        counts.fp += 1
        article.spurious.append(f"{config}/{pred.record_id}")
        # A duplicate: a second canonical row for a gold item another row already matched.
        if any(
            matrix[g, p] >= MATCH_THRESHOLD and predicted[q].record_id != pred.record_id
            for g, q in matched_gold.items()
        ):
            score.duplicates += 1
    score.counts.add(counts)


def _compare_attributes(score: TypeScore, gold: GoldItem, predicted: Projected) -> None:
    for name, field_name, check in ATTRIBUTES[score.config]:
        if field_name not in gold.fields:
            continue  # the annotator did not give this attribute: nothing to compare
        correct, compared = score.attributes.get(name, [0, 0])
        ok = check(gold.fields[field_name], predicted.fields.get(field_name))
        score.attributes[name] = [correct + int(ok), compared + 1]
