from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from extractor._rules import RulesEngine
from extractor._rules._topic import is_political_article
from schema import Article, Statement

ROOT = Path(__file__).resolve().parent.parent

SPORTS = (
    "Manchester City beat Arsenal 3-1 in the league on Saturday to move top of the table. "
    "“We played with courage and the fans pushed us,” the manager said after the match. "
    "The striker, who scored twice, told reporters the team would meet Real Madrid in the cup final. "
    "The club agreed a new contract with the goalkeeper until 2028."
)
WEATHER = (
    "Heavy rain and strong winds will sweep across the north on Sunday, forecasters said. "
    "“Temperatures could drop to minus five degrees overnight,” a Met Office spokesman said. "
    "Flood warnings remain in place and drivers were told to expect snow on higher ground."
)


def _article(article_id: str, text: str, published: str | None = "2025-02-12") -> Article:
    return Article(id=article_id, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), published=published)


def test_sports_and_weather_articles_yield_nothing() -> None:
    results = list(RulesEngine().extract_all([_article("sport", SPORTS), _article("weather", WEATHER)]))
    assert [r.records for r in results] == [[], []]
    assert not is_political_article(SPORTS) and not is_political_article(WEATHER)


QUAKE = (
    "A magnitude 7.1 earthquake struck the southern coast on Thursday, triggering landslides and a small "
    "tsunami. The death toll rose to 212 as rescuers dug through collapsed homes, the interior ministry said. "
    "“Our priority is to reach the villages cut off by the floods and landslides,” Interior Minister Jonas "
    "Berglund told a news conference. President Maria Okafor said the government would send troops and "
    "military helicopters to deliver relief supplies, and that thousands of displaced families would be "
    "evacuated. Aftershocks and heavy rainfall hampered the relief efforts, officials said, while "
    "neighbouring governments offered aid and the army opened an air base to relief flights."
)


def test_disaster_story_quoting_officials_yields_nothing() -> None:
    [result] = RulesEngine().extract_all([_article("quake", QUAKE)])
    assert result.records == []
    assert not is_political_article(QUAKE)


def test_diplomacy_mentioning_a_storm_still_passes() -> None:
    text = (
        "Japanese Prime Minister Ken Sato met South Korean President Lee Min-ho in Seoul on Monday. "
        "The two leaders signed a defence pact and agreed to hold regular summits, the ministry said. "
        "Sato said the storm that delayed his flight would not delay closer military cooperation."
    )
    assert is_political_article(text)


def test_political_paragraph_passes_the_gate() -> None:
    text = (
        "Turkish President Recep Tayyip Erdogan hosted the Iraqi prime minister in Ankara. "
        "Erdogan said the two governments would sign a defence pact covering troops and military bases."
    )
    [result] = RulesEngine().extract_all([_article("pol", text)])
    assert result.error is None
    assert any(isinstance(r, Statement) for r in result.records)


def test_seeds_are_grounded_and_valid() -> None:
    from extractor import iter_articles

    results = list(RulesEngine().extract_all(iter_articles([ROOT / "seeds"])))
    assert results and all(r.error is None for r in results)
    for result in results:
        assert result.records
        for record in result.records:
            type(record).model_validate(record.model_dump())  # passes validation round trip
            assert record.extractor.engine == "rules"
            for evidence in record.evidence:
                assert result.article.text[evidence.start : evidence.end] == evidence.text


def test_statement_f1_against_gold() -> None:
    from extractor import iter_articles
    from extractor._eval import score_records

    results = list(RulesEngine().extract_all(iter_articles([ROOT / "seeds"])))
    statements = [record for result in results for record in result.records if isinstance(record, Statement)]
    texts = {result.article.id: result.article.text for result in results}
    score = score_records({"statements": statements}, texts, ROOT / "tests" / "gold").types["statements"]
    print(f"statements {score.counts.to_dict()}")
    assert (score.counts.f1 or 0.0) >= 0.8


def test_engine_reports_a_failing_article_instead_of_raising(monkeypatch: object) -> None:
    import extractor._rules._statements as statements

    def boom(ctx: object) -> list[Statement]:
        raise RuntimeError("broken rule")

    monkeypatch.setattr(statements, "extract_statements", boom)  # type: ignore[attr-defined]
    text = "Russian President Vladimir Putin said the government and the military would hold talks with ministers."
    [result] = RulesEngine().extract_all([_article("x", text)])
    assert result.error is not None and "broken rule" in result.error


def test_a_missing_rule_family_is_an_error_not_a_silently_empty_record_type(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real_import = importlib.import_module

    def without_agreements(name: str, package: str | None = None) -> object:
        if name == "extractor._rules._agreements":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, package)

    monkeypatch.setattr(importlib, "import_module", without_agreements)
    text = (
        "President Ana Lopes of Portugal met Spanish Prime Minister Luis Vega in Madrid on Monday. "
        "The two governments discussed defence and sanctions, the ministry said."
    )
    [result] = RulesEngine().extract_all([_article("missing", text)])
    assert result.error is not None and "ModuleNotFoundError" in result.error


def test_a_two_sentence_brief_about_a_meeting_yields_its_record_and_a_sports_brief_none() -> None:
    brief = "Chilean President Ana Rojas met Peruvian President Luis Paz in Lima on Monday. They discussed fishing."
    [result] = RulesEngine().extract_all([_article("brief", brief)])
    assert [type(r).__name__ for r in result.records] == ["Meeting"]
    sport = "The coach met the club president in Lima on Monday. The team will play the final on Sunday."
    [result] = RulesEngine().extract_all([_article("sport-brief", sport)])
    assert result.records == []


# Invented briefs in scope: one or two sentences about a meeting, a signing, a court or an election,
# a protest; the old gate wanted several diplomatic-military words and set most of them aside.
BRIEFS_IN_SCOPE = {
    "summit": (
        "Kenyan President William Ruto hosted Tanzanian President Samia Suluhu Hassan in Nairobi on Tuesday. "
        "The two leaders held talks on cross-border trade and security.",
        "Meeting",
    ),
    "signing": (
        "Ghana and Togo signed a maritime boundary agreement in Accra on Friday. "
        "Foreign Minister Samuel Ablakwa said it would end a decade of disputes over fishing grounds.",
        "Agreement",
    ),
    "one-sentence-signing": ("Norway and Iceland signed a fisheries accord in Reykjavik on Monday.", "Agreement"),
    "one-sentence-meeting": (
        "Foreign Minister Penny Wong met her Indonesian counterpart Sugiono in Jakarta on Thursday.",
        "Meeting",
    ),
    "court-election": (
        "Brazil's Supreme Court on Wednesday upheld the results of the October election. "
        'Justice Minister Flavio Dino told reporters that the ruling "ends any doubt about the vote".',
        "Statement",
    ),
    "protest-police": (
        "Police in Tbilisi detained dozens of protesters outside parliament on Sunday, the interior ministry said. "
        "Opposition leader Nika Melia said the arrests were unlawful.",
        "Statement",
    ),
}


@pytest.mark.parametrize("name", BRIEFS_IN_SCOPE)
def test_a_brief_in_scope_passes_the_gate_and_yields_its_record(name: str) -> None:
    text, kind = BRIEFS_IN_SCOPE[name]
    [result] = RulesEngine().extract_all([_article(name, text)])
    assert result.set_aside is None
    assert kind in {type(r).__name__ for r in result.records}


# Invented controls: words of our record kinds ("meet", "minister", "signed", "deal") in stories
# about something else.
BRIEFS_OFF_TOPIC = {
    "sports": "The coach met the club president in Lima on Monday. The team will play the final on Sunday.",
    "match-meeting": (
        "Boca Juniors and River Plate meet on Sunday at La Bombonera, and the coach said the teams' "
        "meeting would decide the title race. The striker scored twice in the semi-final."
    ),
    "weather-minister": (
        "Heavy rain and strong winds will hit the coast on Sunday, Environment Minister Ana Silva said. "
        "Forecasters expect temperatures to drop below zero overnight."
    ),
    "product-launch": (
        "Samsung unveiled its new folding smartphone in Seoul on Wednesday. The company said the phone "
        "would go on sale in March, and executives expect strong sales."
    ),
    "science": (
        "Astronomers using the telescope in Chile found a comet on an orbit that passes Mars every 40 years. "
        '"It is a remarkable object," the lead researcher said.'
    ),
    "culture": (
        "The band opened its tour in Lisbon on Friday with songs from its new album. "
        '"The crowd was incredible," the singer told reporters after the concert.'
    ),
    "sports-with-a-president": (
        "President Anne Leclerc congratulated the national team after France beat Morocco 2-0 in the World Cup "
        "semi-final. The striker scored in the fifth minute and the coach praised the defence. "
        "Fans celebrated in the streets until dawn."
    ),
    "countries-in-a-final": "Spain and Italy met in the Euro final in Berlin on Sunday. The striker scored twice.",
    "weather-with-a-governor": (
        "Hurricane Nadia made landfall on Wednesday with winds of 150 mph. Governor Tom Reyes said the state "
        "had deployed the National Guard. Forecasters warned of a storm surge of 18 feet, and heavy rain "
        "will continue through Thursday."
    ),
    "business-government-customer": (
        "The airline signed a deal for 20 jets on Tuesday, the plane-maker's chief executive said. "
        "The government of Ghana ordered three of them. Customers will see the new cabins next year, "
        "and revenue rose 12 percent in the quarter, the company said."
    ),
}


@pytest.mark.parametrize("name", BRIEFS_OFF_TOPIC)
def test_an_off_topic_brief_is_set_aside_and_yields_nothing(name: str) -> None:
    [result] = RulesEngine().extract_all([_article(name, BRIEFS_OFF_TOPIC[name])])
    assert result.records == []
    assert result.set_aside is not None and result.set_aside.startswith("off topic: ")


def test_a_sentence_with_both_kinds_of_evidence_counts_for_neither_side() -> None:
    from extractor._rules._topic import topic_score

    mixed = "The minister said the storm would bring heavy rain and winds to the capital."
    assert (topic_score(mixed).political, sum(topic_score(mixed).off_topic.values())) == (0, 0)
    assert not is_political_article(mixed)
    score = topic_score(WEATHER)
    assert score.political == 0 and score.other == ("weather", 3)


def test_evidence_of_public_life_counts_beyond_diplomacy() -> None:
    # Elections, courts, protests, testimony and officials by short title: not the diplomatic-military
    # vocabulary the gate used to weigh, but the statements and meetings in them are in scope.
    trade_policy = (
        "The Commerce Department added 12 foreign companies to its export blacklist on Monday. The firms will "
        "need a licence to buy American technology. Shares of the companies fell in Hong Kong. Commerce "
        "Secretary Dana Whitfield told reporters the move protected national security. Investors expect "
        "Beijing to retaliate, analysts said. China's commerce ministry said it would take necessary measures."
    )
    police = (
        "A man was shot dead by officers in Minneapolis on Sunday night, police said. Chief Brian Ortiz told a "
        "news conference that the officers had been called about an armed man. The city's mayor called for "
        "calm and said an independent review would follow."
    )
    economy = (
        "The central bank raised its key interest rate by half a point on Thursday. Governor Aled Price said "
        "inflation was still too high. Finance Minister Joan Kerr said the government would stick to its "
        "spending plans. Economists expect growth to slow, and investors sold the pound."
    )
    for text in (
        trade_policy,
        police,
        economy,
        "Rep. Maria Lopez said the border patrol needed more agents, according to a local newspaper.",
        # a state as the actor, no office named
        "Kyiv and Warsaw agreed on Tuesday to reopen the border crossing at Dorohusk, the two sides said.",
        "Vietnam and the Philippines signed a coast guard cooperation deal in Manila on Tuesday.",
        "Beijing said on Monday it would respond firmly to the new measures.",
        "The former ambassador testified before the committee for nine hours on Tuesday.",
        "Voters in Malawi return to the polls after the court annulled the result, officials said.",
    ):
        assert is_political_article(text), text


def test_grouping_the_word_lists_by_first_letter_changes_no_match() -> None:
    import re

    from extractor._rules import _topic

    text = "\n".join(
        [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
        + [text for text, _ in BRIEFS_IN_SCOPE.values()]
        + list(BRIEFS_OFF_TOPIC.values())
        + [SPORTS, WEATHER, QUAKE]
    ).lower()
    plain = re.compile(rf"\b(?:{_topic._OFFICES}|{_topic._BODIES}|{_topic._ACTS})\b")
    assert [m.span() for m in plain.finditer(text)] == [m.span() for m in _topic._IN_SCOPE.finditer(text)]
    topics = "|".join(f"(?P<{name}>{words})" for name, words in _topic._OFF_TOPIC_WORDS.items())
    plain = re.compile(rf"\b(?:{topics})\b")
    found = [(m.span(), m.lastgroup) for m in _topic._OFF_TOPIC.finditer(text)]
    assert found == [(m.span(), m.lastgroup) for m in plain.finditer(text)]
    assert {topic for _, topic in found} == set(_topic._OFF_TOPIC_WORDS)


def test_an_election_story_in_sporting_words_is_not_a_sports_story() -> None:
    from extractor._rules._topic import is_off_topic_article

    text = (
        "The race for mayor of Lagos tightened on Sunday as the final results from 20 districts came in. "
        "Opposition candidate Ada Okoye, a former club manager, said her campaign would win the race. "
        "The electoral commission said turnout was low this season. The governor said he would accept the result."
    )
    assert not is_off_topic_article(text)
    assert is_political_article(text)
