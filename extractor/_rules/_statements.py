"""Statements: direct quotes and reported speech with an identifiable speaker."""

from __future__ import annotations

from extractor._rules._context import RuleContext
from schema import Statement


def extract_statements(ctx: RuleContext) -> list[Statement]:
    return []
