"""Build a RuleContext for a paragraph written in a test."""

from __future__ import annotations

import hashlib
from functools import cache

from extractor._rules._actors import ActorRegistry
from extractor._rules._context import RuleContext
from schema import Article, Extractor


@cache
def registry() -> ActorRegistry:
    return ActorRegistry.load()


def context(text: str, *, published: str | None = "2025-02-12", article_id: str = "t") -> RuleContext:
    article = Article(id=article_id, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), published=published)
    return RuleContext.for_article(article, registry(), Extractor(engine="rules", version="test"))
