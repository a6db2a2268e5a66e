"""Record-by-record checks: quotes, names one by one, unnamed facilities, fuzzy alignment."""

from __future__ import annotations

from typing import Any

import pytest

from extractor._llm._grounding import FUZZY_THRESHOLD, align_quote, fuzzy_score
from extractor._llm._names import mentioned
from extractor._llm._records import Checked, Rejection, check_item
from extractor._llm._request import Counters

TEXT = (
    "Chinese President Xi welcomed Brazilian President Luiz Inacio Lula da Silva in Beijing on Tuesday.\n"
    "Russia's foreign ministry said Moscow would keep using Hmeimim and the port of Tartous.\n"
    "Sources familiar with the talks said a deal was close, and the two leaders agreed to meet again next year."
)


def meeting(*names: str, quote: str = "Xi welcomed Brazilian President Luiz Inacio Lula da Silva") -> dict[str, Any]:
    return {"participants": [{"name": name} for name in names], "quotes": [quote], "format": "in_person"}


@pytest.mark.parametrize(
    "name",
    [
        "Xi Jinping",  # registry alias "Xi"
        "Luiz Inácio Lula da Silva",  # accents folded
        "Russian Foreign Ministry",  # "Russian" names the country the text calls "Russia's"
        "Khmeimim Air Base",  # transliteration Kh/H
        "Tartus Naval Base",  # ou/u
        "unnamed sources",  # a collective speaker names no one
    ],
)
def test_a_name_is_found_by_alias_surname_or_fold(name: str) -> None:
    assert mentioned(TEXT, name)


@pytest.mark.parametrize("name", ["Emmanuel Macron", "Defence Ministry", "UN", "Nobody Inparticular", "Kim Jae-in"])
def test_a_name_the_article_never_uses_is_not_found(name: str) -> None:
    assert not mentioned(TEXT, name)


def test_a_fabricated_participant_is_removed_and_the_meeting_kept() -> None:
    checked = check_item("meetings", meeting("Xi Jinping", "Lula", "Emmanuel Macron"), TEXT)
    assert isinstance(checked, Checked) and checked.names_removed == 1
    assert [actor.name for actor in checked.record.participants] == ["Xi Jinping", "Lula"]  # type: ignore[union-attr]


def test_a_meeting_of_fabricated_participants_only_is_rejected() -> None:
    rejection = check_item("meetings", meeting("Emmanuel Macron", "Olaf Scholz"), TEXT)
    assert isinstance(rejection, Rejection) and rejection.reason == "participant_not_in_article"
    assert rejection.reaskable  # the model may have used names the article does not


@pytest.mark.parametrize(
    ("item", "reason", "reaskable"),
    [
        (
            {"speaker": {"name": "Xi"}, "text": "x", "quotes": ["a sentence the article never had"]},
            "quote_not_found",
            True,
        ),
        ({"speaker": {"name": "Xi"}, "quotes": ["Xi welcomed Brazilian President"]}, "malformed", True),
        (
            {"speaker": {"name": "Olaf Scholz"}, "text": "a deal was close", "quotes": ["a deal was close"]},
            "speaker_not_in_article",
            True,
        ),
    ],
)
def test_a_bad_statement_is_rejected_with_its_reason(item: dict[str, Any], reason: str, reaskable: bool) -> None:
    rejection = check_item("statements", item, TEXT)
    assert isinstance(rejection, Rejection)
    assert (rejection.reason, rejection.reaskable) == (reason, reaskable)
    assert "\n" not in rejection.detail


def test_an_unnamed_facility_is_not_a_facility_record() -> None:
    described = {"name": "air and naval bases on the coast", "quotes": ["Moscow would keep using Hmeimim"]}
    rejection = check_item("military_facilities", described, TEXT)
    assert isinstance(rejection, Rejection) and rejection.reason == "unnamed_facility"
    named = {"name": "Khmeimim Air Base", "quotes": ["Moscow would keep using Hmeimim"]}
    assert isinstance(check_item("military_facilities", named, TEXT), Checked)


def test_a_quote_with_one_word_changed_aligns_fuzzily_to_the_article_span() -> None:
    quote = "Sources familiar with the talks said that a deal was close"
    match = align_quote(TEXT, quote)
    assert match is not None and match.method == "fuzzy"
    ((start, end),) = match.spans
    assert TEXT[start:end].startswith("Sources familiar with the talks said a deal was close")


def test_a_paraphrase_is_not_evidence() -> None:
    quote = "Sources close to the negotiations indicated an agreement was imminent"
    assert fuzzy_score(TEXT, quote) < FUZZY_THRESHOLD
    assert align_quote(TEXT, quote) is None


def test_rejection_reasons_are_counted_apart() -> None:
    counters = Counters()
    counters.reject("quote_not_found")
    counters.reject("quote_not_found")
    counters.reject("unnamed_facility")
    stats = counters.as_stats()
    assert stats["rejected"] == 3
    assert stats["rejected_quote_not_found"] == 2 and stats["rejected_unnamed_facility"] == 1


def test_the_statement_words_ground_it_when_its_quote_is_garbled() -> None:
    item = {
        "speaker": {"name": "Sources"},
        "text": "a deal was close",
        "quotes": ["Sources said, according to reports, that a deal might be close"],
    }
    checked = check_item("statements", item, TEXT)
    assert isinstance(checked, Checked)
    ((span),) = checked.spans
    assert TEXT[span.start : span.end] == "a deal was close"
