"""What every rule family receives for one article."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor._rules._dates import dateline_date
from extractor._rules._mood import is_instruction
from extractor._rules._registry import ActorRegistry
from extractor._text import Span, bounded_sentences, split_sentences
from schema import Article, Extractor


@dataclass(frozen=True)
class RuleContext:
    """One article, its sentences, the actor registry and the provenance to stamp on records."""

    article: Article
    registry: ActorRegistry
    extractor: Extractor
    sentences: list[Span] = field(default_factory=list)

    @classmethod
    def for_article(cls, article: Article, registry: ActorRegistry, extractor: Extractor) -> RuleContext:
        # Instructions to the reader (or injected into the text for a program) report nothing.
        text = article.text
        sentences = [
            s for s in bounded_sentences(text, split_sentences(text)) if not is_instruction(text[s.start : s.end])
        ]
        return cls(article, registry, extractor, sentences)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def anchor(self) -> str | None:
        """The publication date that relative dates resolve against, or None."""
        if self.article.published is None:
            return dateline_date(self.text)
        return self.article.published
