"""Build a RuleContext for a paragraph written in a test, or for each seed article; score a rule family."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from extractor._eval import TypeScore
from extractor._rules._actors import ActorRegistry
from extractor._rules._context import RuleContext
from schema import Article, Extractor

ROOT = Path(__file__).resolve().parent.parent


@cache
def registry() -> ActorRegistry:
    return ActorRegistry.load()


def context(text: str, *, published: str | None = "2025-02-12", article_id: str = "t") -> RuleContext:
    article = Article(id=article_id, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), published=published)
    return RuleContext.for_article(article, registry(), Extractor(engine="rules", version="test"))


@cache
def seed_contexts() -> tuple[RuleContext, ...]:
    """One context for each seed article (the articles tests/gold annotates)."""
    from extractor import iter_articles

    extractor = Extractor(engine="rules", version="test")
    articles = [a for a in iter_articles([ROOT / "seeds"]) if hasattr(a, "text")]
    return tuple(RuleContext.for_article(a, registry(), extractor) for a in articles)


def family_score(kind: str) -> TypeScore:
    """One rule family's mentions on the seeds scored by the evaluator against tests/gold.

    The one definition of a correct extraction is ``extractor._eval``; optional gold lines are
    neutral there as here.
    """
    from extractor._eval import score_records
    from extractor._rules._agreements import extract_agreements
    from extractor._rules._facilities import extract_facilities
    from extractor._rules._meetings import extract_meetings

    records: list[BaseModel] = []
    for ctx in seed_contexts():
        facilities = extract_facilities(ctx)
        if kind == "meetings":
            records.extend(extract_meetings(ctx))
        elif kind == "military_facilities":
            records.extend(facilities)
        else:
            records.extend(extract_agreements(ctx, facilities))
    texts = {ctx.article.id: ctx.text for ctx in seed_contexts()}
    return score_records({kind: records}, texts, ROOT / "tests" / "gold").types[kind]
