"""Quote alignment: exact, then tolerant of whitespace, quote marks, dashes, case and ellipses."""

from __future__ import annotations

import pytest

from extractor._llm._grounding import align_quote
from extractor._llm._names import mentioned

TEXT = (
    "Putin said the two countries had “always been friendly” since their establishment.\n"
    "The Kremlin,  in a readout, said  Putin wished Sharaa “success… in solving the tasks”.\n"
    "Moscow operates the Khmeimim Air Base – its main hub – near Latakia."
)


def spans_text(quote: str) -> list[str]:
    match = align_quote(TEXT, quote)
    assert match is not None, quote
    return [TEXT[start:end] for start, end in match.spans]


def test_exact_quote() -> None:
    match = align_quote(TEXT, "Moscow operates the Khmeimim Air Base")
    assert match is not None and match.exact
    assert spans_text("Moscow operates the Khmeimim Air Base") == ["Moscow operates the Khmeimim Air Base"]


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ('had "always been friendly" since', "had “always been friendly” since"),
        ("The Kremlin, in a readout, said Putin", "The Kremlin,  in a readout, said  Putin"),
        ("the Khmeimim Air Base - its main hub", "the Khmeimim Air Base – its main hub"),
        ("MOSCOW OPERATES THE KHMEIMIM", "Moscow operates the Khmeimim"),
        ("Moscow operates the Khmeimim Air Base – its main hub – near Latakia", None),
    ],
)
def test_tolerant_alignment_returns_the_original_text(quote: str, expected: str | None) -> None:
    (found,) = spans_text(quote)
    assert found == (expected or quote)


def test_ellipsis_splits_a_quote_into_ordered_parts() -> None:
    parts = spans_text("Putin said the two countries ... since their establishment")
    assert parts == ["Putin said the two countries", "since their establishment"]
    assert spans_text("The Kremlin, in a readout … near Latakia")[-1] == "near Latakia"


def test_ellipsis_parts_out_of_order_do_not_align() -> None:
    assert align_quote(TEXT, "since their establishment ... Putin said the two countries") is None


def test_a_wrapping_quote_mark_and_final_stop_are_tolerated() -> None:
    assert spans_text("“Moscow operates the Khmeimim Air Base.”") == ["Moscow operates the Khmeimim Air Base"]


@pytest.mark.parametrize("quote", ["Russia will cede the base tomorrow", "Putin", "", "   "])
def test_fabricated_or_too_short_quotes_do_not_align(quote: str) -> None:
    assert align_quote(TEXT, quote) is None


def test_mentioned_needs_a_word_of_the_name_in_the_text() -> None:
    assert mentioned(TEXT, "Vladimir Putin")
    assert not mentioned(TEXT, "Tartus naval base")
    assert not mentioned(TEXT, "Defence Ministry")
    assert mentioned(TEXT, "Khmeimim Air Base")
    assert not mentioned(TEXT, "UN")
