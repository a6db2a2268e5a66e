"""The reporting-words resource: documented, inflected by rule, and used by the statement rules."""

from __future__ import annotations

from importlib.resources import files

import pytest
from _rules_helpers import context

from extractor._rules._lexicon import inflect, reporting_words
from extractor._rules._statements import extract_statements


def test_the_resource_states_its_sources_and_holds_a_few_hundred_forms() -> None:
    header = files("extractor").joinpath("data/reporting_words.tsv").read_text(encoding="utf-8")
    assert "Levin" in header and "FrameNet" in header
    words = reporting_words()
    assert 200 <= len(words.finite) + len(words.participles) + len(words.nouns) <= 600
    assert set(words.continuing) <= set(words.participles)


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("note", ("noted", "notes", "noting")),
        ("deny", ("denied", "denies", "denying")),
        ("convey", ("conveyed", "conveys", "conveying")),
        ("stress", ("stressed", "stresses", "stressing")),
        ("warn", ("warned", "warns", "warning")),
    ],
)
def test_regular_inflection(lemma: str, forms: tuple[str, str, str]) -> None:
    assert inflect(lemma) == forms


def test_irregular_and_phrasal_forms_come_from_the_file() -> None:
    words = reporting_words()
    assert {"said", "told", "wrote", "pointed out", "went on to say"} <= set(words.finite)


def _statements(text: str) -> list[tuple[str, str]]:
    return [(s.speaker.name, s.text) for s in extract_statements(context(text))]


@pytest.mark.parametrize("verb", ["reaffirmed", "pointed out", "went on to say", "cautioned", "conceded"])
def test_verbs_of_the_resource_introduce_reported_speech(verb: str) -> None:
    text = f"Interior Minister Petra Lindqvist {verb} that the border crossings would reopen in March."
    assert _statements(text) == [("Petra Lindqvist", "the border crossings would reopen in March")]


def test_an_evaluative_verb_needs_a_clause_not_just_an_object() -> None:
    assert _statements("Defence Minister Karl Osei praised the long friendship between the two navies.") == []
    [(speaker, words)] = _statements(
        "Defence Minister Karl Osei praised the navies, saying that they had shown restraint."
    )
    assert speaker == "Karl Osei" and words == "they had shown restraint"


def test_a_progressive_or_gerund_is_not_a_new_report() -> None:
    text = "Foreign Minister Ines Baptista said that her government is maintaining contact with the rebels."
    assert _statements(text) == [("Ines Baptista", "her government is maintaining contact with the rebels")]


def test_untitled_people_are_found_by_apposition_and_inverted_attribution_and_surnames_link_back() -> None:
    text = (
        "Grain prices will climb, said Ana Ruiz, an economist at the central bank. "
        "“We already see it in the ports,” Ruiz said. "
        "Exports fell in May, said former trade envoy Mark Sobel. "
        "Mr. Sobel added that no deal was in sight."
    )
    assert [speaker for speaker, _ in _statements(text)] == ["Ana Ruiz", "Ana Ruiz", "Mark Sobel", "Mark Sobel"]


@pytest.mark.parametrize("verb", ["proclaimed", "divulged", "forecast", "averred", "recounted"])
def test_verbs_added_from_the_inventories_report_speech(verb: str) -> None:
    text = f"Energy Minister Tomasz Wrona {verb} that the pipeline to Lithuania would open in April."
    assert _statements(text) == [("Tomasz Wrona", "the pipeline to Lithuania would open in April")]


def test_call_on_reports_a_request_only_with_an_infinitive() -> None:
    text = "Health Minister Aiko Tanaka called on the regional governments to stockpile vaccines."
    assert _statements(text) == [("Aiko Tanaka", "the regional governments to stockpile vaccines")]
    assert _statements("Health Minister Aiko Tanaka called on the regional governors in Osaka last week.") == []


def test_sent_a_message_reports_the_clause_after_its_recipient() -> None:
    text = "Foreign Minister Lars Eide sent a message to the junta in Niamey that sanctions would follow."
    assert _statements(text) == [("Lars Eide", "sanctions would follow")]


def test_nouns_added_from_the_inventories_carry_statements() -> None:
    text = "Reporters in Quito pressed Interior Minister Raul Vega on his contention that the prisons were secure."
    assert _statements(text) == [("Raul Vega", "the prisons were secure")]
