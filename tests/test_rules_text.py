from __future__ import annotations

import pytest
from _rules_helpers import context

from extractor._rules._text import make_evidence, mention_id, without_dateline
from extractor._text import Span, split_sentences


def test_split_sentences_keeps_abbreviations_together() -> None:
    text = "Gen. Smith met U.S. officials. They left. “Good,” he said."
    spans = [s.text_of(text) for s in split_sentences(text)]
    assert spans == ["Gen. Smith met U.S. officials.", "They left.", "“Good,” he said."]


def test_make_evidence_satisfies_the_invariant() -> None:
    ctx = context("  One sentence here.  ")
    evidence = make_evidence(ctx.article, 0, len(ctx.text))
    assert ctx.text[evidence.start : evidence.end] == evidence.text == "One sentence here."


def test_make_evidence_rejects_empty_span() -> None:
    ctx = context("abc   ")
    with pytest.raises(ValueError, match="empty"):
        make_evidence(ctx.article, 3, 6)


def test_mention_id_is_stable_and_distinct() -> None:
    assert mention_id("stmt", "a", 1, 2) == mention_id("stmt", "a", 1, 2)
    assert mention_id("stmt", "a", 1, 2) != mention_id("stmt", "a", 1, 3)


@pytest.mark.parametrize(
    ("sentence", "rest"),
    [
        ("OSLO (dpa/Reuters) - Norway will buy ten frigates.", "Norway will buy ten frigates."),
        ("ACCRA, June 3 (Reuters) - Ghana shut its border.", "Ghana shut its border."),
        ("THE HAGUE, Netherlands (AP) — The court adjourned.", "The court adjourned."),
        ("LIMA — Peru recalled its envoy.", "Peru recalled its envoy."),
        ("US - China talks resumed in Geneva.", "US - China talks resumed in Geneva."),
        ("Peru recalled its envoy - again.", "Peru recalled its envoy - again."),
    ],
)
def test_without_dateline_drops_only_a_wire_dateline(sentence: str, rest: str) -> None:
    span = without_dateline(sentence, Span(0, len(sentence)))
    assert sentence[span.start : span.end] == rest
