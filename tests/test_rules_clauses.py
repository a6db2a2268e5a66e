"""Attribution by clause: the subject of the reporting clause speaks, whatever stands between."""

from __future__ import annotations

import pytest
from _rules_helpers import context

from extractor._rules._statements import extract_statements

INTRO = "Interior Minister Olga Brandt of Latvia visited the border post on Monday. "


def _statements(text: str) -> list[tuple[str, str]]:
    return [(s.speaker.name, s.text) for s in extract_statements(context(INTRO + text))]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("Brandt said that after long talks the crossing would reopen.", "after long talks the crossing would reopen"),
        ("Brandt has since said that the crossing would reopen.", "the crossing would reopen"),
        ("Brandt, however, insisted that the crossing would reopen.", "the crossing would reopen"),
        ("Brandt said it was the only way to keep the crossing open.", "it was the only way to keep the crossing open"),
    ],
)
def test_the_subject_of_the_reporting_clause_is_the_speaker(sentence: str, content: str) -> None:
    assert _statements(sentence) == [("Olga Brandt", content)]


def test_a_title_abbreviation_between_quote_and_verb_does_not_end_the_attribution() -> None:
    assert _statements("“The crossing stays open,” Ms. Brandt said on Tuesday.") == [
        ("Olga Brandt", "The crossing stays open")
    ]


def test_an_attribution_set_off_by_commas_reports_the_whole_clause() -> None:
    assert _statements("The new crossing, Brandt said, would open in March.") == [
        ("Olga Brandt", "The new crossing, Brandt said, would open in March")
    ]


def test_a_participle_after_the_attribution_is_its_own_statement_of_the_same_speaker() -> None:
    assert _statements("The crossing will reopen soon, Brandt said, adding that guards would stay.") == [
        ("Olga Brandt", "The crossing will reopen soon"),
        ("Olga Brandt", "guards would stay"),
    ]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Two soldiers were wounded in the raid, officials said.", "officials"),
        ("Port Authority officials said that the harbour would stay closed.", "Port Authority officials"),
        ("Prosecutors told reporters the case had been closed.", "prosecutors"),
    ],
)
def test_a_group_of_people_as_subject_is_the_speaker(sentence: str, speaker: str) -> None:
    assert [name for name, _ in _statements(sentence)] == [speaker]


def test_quoted_as_saying_gives_the_words_to_the_person_not_the_outlet() -> None:
    assert _statements("The state news agency quoted Brandt as saying that the crossing would reopen.") == [
        ("Olga Brandt", "the crossing would reopen")
    ]


def test_an_organisation_name_is_never_a_person() -> None:
    text = (
        "Egypt's Muslim Brotherhood rejected the vote. The Arab League called the vote “a grave step”. "
        "He said the vote was illegal."
    )
    found = extract_statements(context(text))
    assert all(
        s.speaker.name not in {"Muslim Brotherhood", "Arab League"} or s.text != "the vote was illegal" for s in found
    )
    assert any(s.speaker.name == "Arab League" for s in found)


def test_a_description_by_office_refers_back_to_the_person_named_before() -> None:
    text = (
        "Jonas Berg, a media entrepreneur, set up the Baltic Leaks site. "
        "The Baltic Leaks founder argued that the files were real."
    )
    found = extract_statements(context(text))
    assert [(s.speaker.name, s.text) for s in found] == [("Jonas Berg", "the files were real")]


def test_a_reporting_noun_owned_by_a_speaker_carries_a_statement() -> None:
    assert _statements("Traders doubted her claim that the crossing would reopen by March.") == [
        ("Olga Brandt", "the crossing would reopen by March")
    ]
    assert _statements("She repeated her warning that smugglers would be jailed, and left.") == [
        ("Olga Brandt", "smugglers would be jailed")
    ]
    # the noun phrase as subject: where the reported clause ends is not knowable, so nothing
    assert _statements("Brandt's vow that the crossing would reopen by March was welcomed.") == []
