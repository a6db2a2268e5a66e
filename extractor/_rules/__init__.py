"""The offline rules engine: patterns over language (reporting verbs, names, dates), no model.

Deterministic, no network, no download: regular expressions, the shipped data files
(actors, countries, facilities) and ``dateparser``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from extractor._engine import AnyRecord, ArticleResult
from extractor._rules._actors import ActorRegistry
from extractor._rules._context import RuleContext
from extractor._rules._topic import is_political_article, topic_score
from extractor._version import package_version
from schema import Article, Extractor

__all__ = ["RulesEngine"]


class RulesEngine:
    """Extracts meetings, statements, facilities and agreements from each article with rules."""

    name = "rules"

    def __init__(self, *, alias_files: Sequence[Path] = ()) -> None:
        self.registry = ActorRegistry.load(alias_files)
        self.extractor = Extractor(engine="rules", version=package_version(), model=None)

    def extract_all(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for article in articles:
            yield self.extract(article)

    def extract(self, article: Article) -> ArticleResult:
        """Records of one article; a failure becomes the result's one-line ``error``."""
        try:
            set_aside = off_topic_reason(article.text)
            records = [] if set_aside else self._records(article)
        except Exception as e:  # one bad article must not stop a run of thousands
            reason = str(e).splitlines()[0] if str(e) else type(e).__name__
            return ArticleResult(article=article, error=f"rules engine failed: {type(e).__name__}: {reason}")
        stats = {"records": len(records)}
        return ArticleResult(article=article, records=records, stats=stats, set_aside=set_aside)

    def _records(self, article: Article) -> list[AnyRecord]:
        if not article.text.strip():
            return []
        ctx = RuleContext.for_article(article, self.registry, self.extractor)
        records: list[AnyRecord] = []
        records.extend(_call("_meetings", "extract_meetings", ctx))
        records.extend(_call("_statements", "extract_statements", ctx))
        facilities = _call("_facilities", "extract_facilities", ctx)
        records.extend(facilities)
        records.extend(_call("_agreements", "extract_agreements", ctx, facilities))
        return records


def off_topic_reason(text: str) -> str | None:
    """Why the topic gate sets this article aside (for the run report), or None when it passes.

    The counts are sentences: "off topic: sports 6 vs political 1" is six sentences about sport
    against one about public life."""
    if not text.strip() or is_political_article(text):
        return None
    score = topic_score(text)
    if score.is_political:  # the evidence gate passed; the sports-or-disaster gate did not
        return f"off topic: a sports or disaster story despite political {score.political}"
    other, count = score.other
    return f"off topic: {other} {count} vs political {score.political}"


def _call(module: str, function: str, *args: Any) -> list[Any]:
    """Run one rule family. Its module is imported when first needed (the families are heavy);
    a missing module is an installation fault and propagates, never a silently empty record type."""
    loaded = importlib.import_module(f"extractor._rules.{module}")
    extract: Callable[..., list[Any]] = getattr(loaded, function)
    return list(extract(*args))
