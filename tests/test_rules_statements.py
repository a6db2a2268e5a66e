from __future__ import annotations

import pytest
from _rules_helpers import context

from extractor._rules._statements import extract_statements
from schema import Statement


def _statements(text: str, published: str | None = "2025-02-12") -> list[Statement]:
    ctx = context(text, published=published)
    found = extract_statements(ctx)
    for statement in found:
        for evidence in statement.evidence:
            assert text[evidence.start : evidence.end] == evidence.text
        assert statement.text in text
    return found


def test_indirect_speech_with_outlet_channel() -> None:
    text = "French President Emmanuel Macron told Le Monde that Europe must rearm quickly."
    [statement] = _statements(text)
    assert statement.speaker.name == "Emmanuel Macron"
    assert statement.text == "Europe must rearm quickly"
    assert statement.direct is False
    assert statement.channel == "Le Monde"


def test_direct_quote_with_collective_speaker_after() -> None:
    text = "“We will not back down under any pressure,” the Chinese foreign ministry spokesperson said."
    [statement] = _statements(text)
    assert statement.direct is True
    assert statement.text == "We will not back down under any pressure"
    assert statement.speaker.country == "CHN"


def test_pronoun_attribution_resolves_to_the_named_speaker() -> None:
    text = (
        "Kenyan President William Ruto arrived in Addis Ababa on Monday. "
        "“Our region needs a permanent ceasefire now,” he said. “Nobody gains from this war.”"
    )
    found = _statements(text)
    assert [s.speaker.name for s in found] == ["William Ruto", "William Ruto"]
    assert all(s.direct for s in found)
    assert found[0].confidence > 0 and found[1].confidence <= found[0].confidence


def test_said_name_inverted() -> None:
    text = "“The talks were frank and useful for both governments,” said Hakan Fidan."
    [statement] = _statements(text)
    assert statement.speaker.name == "Hakan Fidan" and statement.speaker.country == "TUR"


def test_clause_before_speaker_and_date() -> None:
    text = "The defence pact will be signed next spring, Japanese Prime Minister Sanae Takaichi said on Tuesday."
    [statement] = _statements(text)
    assert statement.text == "The defence pact will be signed next spring"
    assert statement.date == "2025-02-11"
    assert statement.date_anchor == "2025-02-12"


def test_relative_date_without_anchor_is_null() -> None:
    text = "The defence pact will be signed next spring, Japanese Prime Minister Sanae Takaichi said on Tuesday."
    [statement] = _statements(text, published=None)
    assert statement.date is None


def test_according_to() -> None:
    text = "According to the Pentagon, the new radar station in Poland will be ready by June."
    [statement] = _statements(text)
    assert statement.speaker.name == "Pentagon"
    assert statement.text == "the new radar station in Poland will be ready by June"


def test_adding_that_gives_a_second_statement() -> None:
    text = "Defence Secretary John Healey said the base would stay open, adding that more jets would arrive."
    found = _statements(text)
    assert [s.text for s in found] == ["the base would stay open", "more jets would arrive"]


def test_partial_quote_inside_reported_speech_is_indirect() -> None:
    text = "Wang Yi said relations with Moscow were “rock solid” and would deepen further."
    [statement] = _statements(text)
    assert statement.direct is False
    assert "“rock solid”" in statement.text


def test_told_reporters_and_statement_channels() -> None:
    found = _statements(
        "Polish Prime Minister Donald Tusk told reporters that the border would stay closed. "
        "In a statement, the Lithuanian government said it would expel two diplomats."
    )
    assert [s.channel for s in found] == [None, "statement"]  # guidelines: "told reporters" names no channel


def test_told_a_person_is_not_a_channel_but_told_an_outlet_is() -> None:
    found = _statements(
        "Turkish President Recep Tayyip Erdogan told Putin that Turkey would not retreat from Syria. "
        "Erdogan told CNN Turk that the talks would continue next month. "
        "Greek Foreign Minister Nikos Dendias told journalists the islands were not negotiable."
    )
    assert [(s.text, s.channel) for s in found] == [
        ("Turkey would not retreat from Syria", None),
        ("the talks would continue next month", "CNN Turk"),
        ("the islands were not negotiable", None),
    ]


def test_said_to_be_passive_is_not_a_statement() -> None:
    assert _statements("The general was said to be furious about the leak to the press.") == []


def test_quoted_title_is_not_a_statement() -> None:
    assert _statements("Officials watched “The Battle Of Algiers And Other Stories” last night.") == []


def test_no_statement_without_identifiable_speaker() -> None:
    assert _statements("It was said that the agreement would be extended. Many people said things.") == []


def test_same_utterance_is_one_statement() -> None:
    text = "“We need more air defence systems before winter comes,” Volodymyr Zelensky said."
    assert len(_statements(text)) == 1


def _pairs(text: str, published: str | None = "2025-02-12") -> list[tuple[str, str, bool]]:
    return [(s.speaker.name, s.text, s.direct) for s in _statements(text, published)]


def test_quote_attribution_with_an_addressee_gives_only_the_quote() -> None:
    text = (
        "Norwegian Prime Minister Erik Holm met the delegation. "
        "“We will keep the corridor open,” Holm told the visitors at the end of the session."
    )
    assert _pairs(text) == [("Erik Holm", "We will keep the corridor open", True)]


def test_time_clause_after_an_inverted_attribution_is_not_the_content() -> None:
    text = (
        "Kenya will send more police to Haiti next month, Kenya's interior ministry said, "
        "as violence rose in the capital."
    )
    [(speaker, words, _)] = _pairs(text)
    assert speaker == "Kenyan Interior Ministry"
    assert words == "Kenya will send more police to Haiti next month"


def test_occasion_then_that_keeps_the_content() -> None:
    text = "Chilean President Ana Rojas said in a radio address that the copper tax would stay."
    assert _pairs(text) == [("Ana Rojas", "the copper tax would stay", False)]


def test_but_coordinates_a_second_reporting_verb() -> None:
    text = "Egyptian Foreign Minister Karim Nasr said talks had progressed but warned that a deal was not close."
    assert [p[1] for p in _pairs(text)] == ["talks had progressed", "a deal was not close"]


def test_participle_shares_a_titled_subject() -> None:
    text = "Canadian Defence Minister Paul Grant toured the base, adding that Ottawa would fund new hangars."
    assert _pairs(text) == [("Paul Grant", "Ottawa would fund new hangars", False)]


def test_person_relayed_by_an_organisation_is_the_speaker() -> None:
    text = (
        "German Chancellor Friedrich Merz spoke with the Polish leader on Friday, "
        "promising that Berlin would send more air defence units, the chancellery said."
    )
    [(speaker, words, _)] = _pairs(text)
    assert speaker == "Friedrich Merz"
    assert words == "Berlin would send more air defence units"


def test_readout_quoting_a_person() -> None:
    text = "“The border must stay calm,” the statement quoted Ghanaian President John Mensah as saying."
    assert _pairs(text) == [("John Mensah", "The border must stay calm", True)]


def test_inverted_attribution_to_an_untitled_name() -> None:
    text = "“Sanctions alone will not end this,” said Laura Bjork, an analyst at a Stockholm think tank."
    assert _pairs(text) == [("Laura Bjork", "Sanctions alone will not end this", True)]


def test_organisation_spokesperson_speaks_for_the_organisation() -> None:
    text = "A Pentagon spokesperson said the drills would continue through the summer."
    assert _pairs(text) == [("Pentagon", "the drills would continue through the summer", False)]


def test_unknown_institution_is_a_collective_speaker() -> None:
    text = "Grain exports fell by a third, the World Food Programme said on Tuesday."
    [(speaker, words, _)] = _pairs(text)
    assert speaker == "World Food Programme"
    assert words == "Grain exports fell by a third"


def test_no_statement_for_nested_according_to_or_what_x_calls() -> None:
    text = (
        "The militia, armed by its neighbour according to UN monitors, took the town. "
        "Fighting has caused what aid agencies call the worst crisis in decades."
    )
    assert _pairs(text) == []


def test_an_unnamed_official_after_a_place_is_not_a_speaker() -> None:
    text = (
        "The leaders will meet in Buenos Aires in May, a Uruguayan official said, speaking on condition of anonymity."
    )
    assert all(p[0] != "Buenos Aires" for p in _pairs(text))


def test_spokesman_relaying_a_leaders_words_credits_the_leader() -> None:
    text = (
        "Polish Prime Minister Anna Kowalczyk stressed that the border must stay open to aid convoys, "
        "spokesman Piotr Lis said in a statement after the meeting."
    )
    [statement] = _statements(text)
    assert statement.speaker.name == "Anna Kowalczyk"
    assert statement.text == "the border must stay open to aid convoys"


def test_organisation_relaying_a_quoted_reporting_verb_credits_the_person() -> None:
    text = (
        "Kenyan President William Ruto spoke with the Ethiopian leader by phone. "
        'Ruto "underlined the need for a lasting truce in the region", the Kenyan presidency said.'
    )
    speakers = {s.speaker.name: s.text for s in _statements(text)}
    assert speakers == {"William Ruto": "underlined the need for a lasting truce in the region"}


def test_organisation_reporting_an_act_stays_the_speaker() -> None:
    text = "The Kenyan presidency said President William Ruto would travel to Addis Ababa next week."
    [statement] = _statements(text)
    assert statement.speaker.name == "Kenyan presidency"


def test_participle_after_an_attributed_quote_shares_its_speaker() -> None:
    text = (
        "Kenyan President William Ruto opened the regional summit in Nairobi. "
        "“Our region cannot wait for others to end its wars,” Ruto told the delegates, "
        "urging members to fund a standing peace force."
    )
    found = {s.text: s.speaker.name for s in _statements(text)}
    assert found["members to fund a standing peace force"] == "William Ruto"
    assert found["Our region cannot wait for others to end its wars"] == "William Ruto"


def test_remarks_at_the_main_event_take_its_date() -> None:
    text = (
        "Kenyan President William Ruto hosted Ethiopian Prime Minister Abiy Ahmed in Nairobi on Tuesday.\n\n"
        "The two leaders discussed the dam dispute and regional security.\n\n"
        "Ruto said the two countries would build a new railway link.\n\n"
        "Sudanese army spokesman Nabil Abdalla told reporters the talks changed nothing.\n\n"
        "Ruto says the region needs more investment in ports."
    )
    dates = {s.text: (s.speaker.name, s.date) for s in _statements(text, published="2025-03-07")}
    # a participant named in the lead, past tense
    assert dates["the two countries would build a new railway link"] == ("William Ruto", "2025-03-04")
    # an outsider's remark is not dated by the main event
    assert dates["the talks changed nothing"] == ("Nabil Abdalla", None)
    # present tense: not a remark made at the event
    assert dates["the region needs more investment in ports"] == ("William Ruto", None)


def test_offices_embassies_and_parties_speak() -> None:
    text = (
        "Polish President Andrzej Duda and Czech President Petr Pavel met in Prague on Monday.\n\n"
        "Duda's office said the two men had agreed to coordinate arms purchases.\n\n"
        "According to the presidential office in Prague, the two leaders also discussed energy links.\n\n"
        "Germany's embassy in Warsaw said the meeting was a welcome step for regional security.\n\n"
        "The presidential office said a return visit would be prepared by the foreign ministries.\n\n"
        "But the Republicans said the government was neglecting the army."
    )
    speakers = [s.speaker.name for s in _statements(text)]
    assert speakers == [
        "Polish presidency",
        "Czech presidency",
        "German embassy in Warsaw",
        "presidential office",
        "Republican Party",
    ]


def test_unnamed_official_is_not_the_department() -> None:
    text = (
        "The carrier group will stay in the Red Sea for weeks, a senior Pentagon official said. "
        "A Pentagon spokesperson said the deployment had been planned for months."
    )
    assert [(s.speaker.name, s.text) for s in _statements(text)] == [
        ("Pentagon", "the deployment had been planned for months")
    ]


def test_call_reports_speech_only_with_quoted_words() -> None:
    text = (
        "Kenyan President William Ruto called Somali President Hassan Sheikh Mohamud on Monday about the port. "
        "Ruto later called the port deal “a betrayal of regional trust”."
    )
    assert [s.text for s in _statements(text)] == ["the port deal “a betrayal of regional trust”"]


def test_according_to_a_pronoun_resolves_to_the_person() -> None:
    text = (
        "Peruvian Trade Minister Ursula Desilu Leon toured the port of Callao on Friday. "
        "According to her, exports of copper would rise by a fifth next year."
    )
    [statement] = _statements(text)
    assert statement.speaker.name == "Ursula Desilu Leon"
    assert statement.text == "exports of copper would rise by a fifth next year"


def test_according_to_a_pronoun_without_antecedent_gives_nothing() -> None:
    assert _statements("According to him, the harvest would be late this year.") == []


def test_a_state_as_subject_speaks_through_its_government() -> None:
    [statement] = _statements("Ghana said it would send two hundred engineers to the flooded districts.")
    assert (statement.speaker.name, statement.speaker.country) == ("Ghanaian government", "GHA")
    assert statement.text == "it would send two hundred engineers to the flooded districts"


def test_a_state_without_a_code_keeps_its_name() -> None:
    [statement] = _statements("Abkhazia said the crossing on the Inguri river would stay closed until spring.")
    assert (statement.speaker.name, statement.speaker.country) == ("Abkhazia", None)


def test_a_state_inside_a_phrase_is_not_the_speaker() -> None:
    assert _statements("Farmers near the border with Ghana said the rains had come too late.") == []


def test_the_ministry_and_its_spokesperson_are_the_ministry_named_before() -> None:
    text = (
        "Chile's Foreign Ministry summoned the Bolivian consul on Monday. "
        "The ministry said the consul had been handed a formal protest. "
        "A ministry spokesperson said talks on the water dispute would resume in June."
    )
    found = _statements(text)
    assert [s.speaker.name for s in found] == ["Chilean Foreign Ministry", "Chilean Foreign Ministry"]


def test_the_ministry_with_no_ministry_named_before_gives_nothing() -> None:
    assert _statements("The ministry said the consul had been handed a formal protest.") == []


def test_the_statement_speaks_for_its_issuer() -> None:
    text = (
        "The Greek Defence Ministry issued a statement after the incident. "
        "“Our pilots followed every rule of engagement,” the statement said. "
        "The statement added that the Turkish aircraft had left the area."
    )
    found = _statements(text)
    assert [s.speaker.name for s in found] == ["Greek Defence Ministry", "Greek Defence Ministry"]
    assert found[0].direct is True


def test_appositive_name_is_the_speaker_not_the_description() -> None:
    text = (
        "Kenyan Foreign Minister Musalia Mudavadi met envoys on Monday. "
        "Uganda's trade minister, Grace Akello Okello, said the tariff would be lifted soon."
    )
    [statement] = _statements(text)
    assert statement.speaker.name == "Grace Akello Okello"


def test_platform_channels() -> None:
    text = (
        "Colombian President Gustavo Petro wrote on X that the ceasefire had been extended. "
        "Interior Minister Armando Benedetti posted on Facebook that the curfew would end on Sunday."
    )
    assert [s.channel for s in _statements(text)] == ["X", "Facebook"]


def test_wire_dateline_is_not_part_of_the_statement_or_its_speaker() -> None:
    text = "LISBON (Lusa/Reuters) - The navy will escort the convoy, Portuguese Defence Minister Rui Tavares said."
    [statement] = _statements(text)
    assert statement.text == "The navy will escort the convoy"
    assert statement.speaker.name == "Rui Tavares"
    assert not statement.text.startswith("LISBON")


def test_the_minister_is_the_latest_minister_not_the_nearest_subject() -> None:
    text = (
        "Ghanaian Foreign Minister Kwame Asante met Togolese Defence Minister Yao Koffi in Lome. "
        "Nigerian President Bola Danjuma joined them later. The minister said the border would reopen."
    )
    [statement] = _statements(text)
    assert statement.speaker.name == "Yao Koffi"


def test_the_official_without_an_office_holder_gives_no_statement() -> None:
    text = "Nigerian President Bola Danjuma toured the port. The official said the border would reopen."
    assert _statements(text) == []
    text = "Ghanaian Ambassador Ama Boateng met President Bola Danjuma. The official said the border would reopen."
    assert [s.speaker.name for s in _statements(text)] == ["Ama Boateng"]


def _said(text: str) -> list[tuple[str, str]]:
    return [(s.speaker.name, s.text) for s in _statements(text)]


def test_a_surname_speaker_resolves_to_the_full_name_given_earlier() -> None:
    text = (
        "Another envoy, the former trade negotiator for Chile Tomas Irarrazaval, changed his account on Friday. "
        "Irarrazaval said the tariff talks had stalled over copper quotas."
    )
    assert ("Tomas Irarrazaval", "the tariff talks had stalled over copper quotas") in _said(text)


def test_a_bare_word_is_no_speaker_without_a_full_name_before_it() -> None:
    assert _said("Qorvath said the tariff talks had stalled over copper quotas.") == []


def test_an_acronym_speaker_resolves_to_the_name_spelled_out_before() -> None:
    text = (
        "Figures came from the National Fisheries Directorate in Bergen. "
        "The NFD says that cod stocks in the Barents Sea fell for a third year."
    )
    assert _said(text) == [("National Fisheries Directorate", "cod stocks in the Barents Sea fell for a third year")]


def test_a_surname_with_an_inner_capital_is_one_name() -> None:
    text = "Senator Moira McAllister told reporters that the dam project in Ghana would be delayed."
    assert _said(text) == [("Moira McAllister", "the dam project in Ghana would be delayed")]


def test_a_person_introduced_by_an_occupation_noun_speaks_by_surname_later() -> None:
    text = (
        "The economist Ingrid Solheim has studied Norway's oil fund for decades. "
        "Solheim argued that the fund should sell its coal holdings."
    )
    assert _said(text) == [("Ingrid Solheim", "the fund should sell its coal holdings")]


def test_the_company_said_is_the_firm_named_with_its_legal_form() -> None:
    text = (
        "The Peruvian government cancelled a mining permit held by Andes Copper Corp. on Monday. "
        "The company said in a statement that it would appeal the decision in Lima."
    )
    assert ("Andes Copper", "it would appeal the decision in Lima") in _said(text)


def test_an_aside_between_dashes_does_not_hide_the_subject() -> None:
    text = (
        "Governor Lena Markovic — whose mother also led the province — promised to rebuild the bridges "
        "destroyed by the floods."
    )
    assert _said(text) == [("Lena Markovic", "to rebuild the bridges destroyed by the floods")]


def test_a_long_description_before_the_inverted_speaker() -> None:
    text = "The port had been closed for weeks, said another witness at the hearing, former customs chief Alvaro Pinto."
    assert _said(text) == [("Alvaro Pinto", "The port had been closed for weeks")]


def test_a_pronoun_after_a_quote_never_refers_to_a_name_inside_the_quote() -> None:
    text = (
        "Trade analyst Mireille Dufour, a professor in Lyon, said the talks were fragile. "
        "“By raising tariffs again, Prime Minister Kofi Mensah makes any deal less likely,” she said."
    )
    speakers = {s.speaker.name for s in _statements(text)}
    assert speakers == {"Mireille Dufour"}


@pytest.mark.parametrize(
    "frame", ["went on to assert", "continues to insist", "has tried to suggest that", "did note that"]
)
def test_a_reporting_verb_after_continue_try_or_do_reports_a_clause(frame: str) -> None:
    text = f"Finance Minister Rosa Quispe {frame} the new levy would be repealed next year."
    assert _said(text) == [("Rosa Quispe", "the new levy would be repealed next year")]


def test_continued_to_maintain_an_object_is_no_statement() -> None:
    assert _said("Defence Minister Rosa Quispe continued to maintain a garrison near the northern border.") == []


def test_two_coordinated_subjects_each_make_the_statement() -> None:
    text = "The African Union and the European Union stressed that the vote in Malawi had been fair."
    assert sorted(_said(text)) == [
        ("African Union", "the vote in Malawi had been fair"),
        ("European Union", "the vote in Malawi had been fair"),
    ]


def test_a_source_or_a_list_after_the_attribution_is_not_what_was_said() -> None:
    text = (
        "The harbour in Mombasa faces a backlog of grain ships this month, Transport Minister Amina Odhiambo said, "
        "including vessels from Ukraine."
    )
    assert _said(text) == [("Amina Odhiambo", "The harbour in Mombasa faces a backlog of grain ships this month")]
    quoted = "“The fence will be finished by June,” Governor Rui Tavares said, according to the Lusa agency."
    assert [words for _speaker, words in _said(quoted)] == ["The fence will be finished by June"]


def test_a_subordinate_clause_before_a_subject_is_not_its_statement() -> None:
    assert _said("Though many marchers remain calm, a minority of protesters have responded with stones.") == []


def test_a_verb_in_a_relative_clause_reports_only_up_to_its_closing_comma() -> None:
    text = "Senator Lucia Ferreira, who denies the bribery charge, has left Brazil for Lisbon."
    assert all("Lisbon" not in words for _speaker, words in _said(text))


def test_an_office_holder_named_after_the_organisation_speaks_in_a_continuation() -> None:
    text = (
        "In Washington, White House press secretary Wanjiru Kamau condemned the bombing in Kenya and said "
        "the government "
        "would help the families of the victims."
    )
    assert ("Wanjiru Kamau", "the government would help the families of the victims") in _said(text)


def test_it_after_an_organisation_speaker_is_that_organisation() -> None:
    text = (
        "Chief prosecutor Halvard Lie dropped the case against the shipping firm, the Norwegian Economic Crime "
        "Authority said. “The evidence has weakened over the years,” it added."
    )
    direct = [s for s in _statements(text) if s.direct]
    assert [(s.speaker.name, s.text) for s in direct] == [
        ("Norwegian Economic Crime Authority", "The evidence has weakened over the years")
    ]


def test_they_follow_the_group_that_spoke_in_the_sentence_before() -> None:
    text = (
        "Senior European Commission officials said on Friday that Serbia had met two of the conditions. "
        "They said that the talks in Belgrade could resume in March."
    )
    said = _said(text)
    assert ("European Commission", "the talks in Belgrade could resume in March") in said
    assert all(speaker != "Serbia" for speaker, _words in said)


def test_a_conditional_clause_with_its_main_clause_is_a_statement() -> None:
    text = "If the drought persists, maize prices will double by June, said Tendai Moyo, an economist in Harare."
    assert _said(text) == [("Tendai Moyo", "If the drought persists, maize prices will double by June")]


def test_a_name_the_article_later_shortens_to_its_surname_is_a_person() -> None:
    text = (
        "On a wet Friday in March 2003, Helga Sørbø rose to address the Nordic Council in Reykjavik. "
        "Its members had long debated fishing quotas. The northern nations, she proclaimed, shared one sea. "
        "Sørbø went on to assert that the quotas should be pooled."
    )
    said = _said(text)
    assert ("Helga Sørbø", "The northern nations, she proclaimed, shared one sea") in said
    assert ("Helga Sørbø", "the quotas should be pooled") in said


def test_a_capitalised_phrase_used_in_lower_case_elsewhere_is_no_person() -> None:
    text = (
        "Despite Mr. Okafor's warnings, Digital Harbour expanded. The harbour grew, and Harbour officials said "
        "that the digital services would double."
    )
    assert all(speaker not in {"Despite Mr", "Digital Harbour"} for speaker, _words in _said(text))


def test_each_item_of_a_bulleted_list_after_also_said_is_a_statement() -> None:
    text = (
        "Agriculture Minister Sipho Dlamini spoke in Pretoria on Tuesday about the drought.\n"
        "Dlamini also said:\n"
        "• Farmers in the Free State would receive emergency feed.\n"
        "• The maize import tariff would be suspended until December.\n"
        "The measures cost about two billion rand."
    )
    listed = [(s.speaker.name, s.text) for s in _statements(text) if "maize" in s.text or "Farmers" in s.text]
    assert listed == [
        ("Sipho Dlamini", "Farmers in the Free State would receive emergency feed"),
        ("Sipho Dlamini", "The maize import tariff would be suspended until December"),
    ]


def test_a_quote_opened_straight_and_closed_curly_is_attributed() -> None:
    text = (
        'Trade Commissioner Ilse Brandt spoke in Vienna. "We asked, who pays for the tariffs?” said Brandt. '
        '"And nobody answered."'
    )
    direct = [(s.speaker.name, s.text) for s in _statements(text) if s.direct]
    assert ("Ilse Brandt", "We asked, who pays for the tariffs?") in direct


def test_a_quote_ending_in_a_nested_question_is_attributed() -> None:
    text = "“Then I heard the governor ask, quote, ‘Will the dam hold?’” engineer Ravi Menon testified."
    assert _said(text) == [("Ravi Menon", "Then I heard the governor ask, quote, ‘Will the dam hold?’")]


def test_a_long_title_then_told_an_outlet_in_a_month_that() -> None:
    text = (
        "Ahmed Bello, the former deputy head of Nigeria's national petroleum company, told Reuters in November "
        "that the refinery in Lagos would run at half capacity."
    )
    [statement] = _statements(text)
    assert (statement.speaker.name, statement.text) == (
        "Ahmed Bello",
        "the refinery in Lagos would run at half capacity",
    )
    assert statement.channel == "Reuters"


def test_quoted_as_saying_makes_the_quoted_person_the_speaker() -> None:
    text = "The state news agency quoted Interior Minister Amal Haddad as saying that the curfew in Tripoli would end."
    assert _said(text) == [("Amal Haddad", "the curfew in Tripoli would end")]


def test_he_after_a_long_quotation_is_the_speaker_who_opened_it() -> None:
    text = (
        "Referring to President Ruto's visit to Kampala, spokesman Okello Mugisha said: “Our two countries "
        "agreed on the railway. Since then, trade has grown. We manage our differences.” "
        "“We have a tradition of close exchange. We should keep it,” he added."
    )
    added = [s for s in _statements(text) if s.text.startswith("We have a tradition")]
    assert [s.speaker.name for s in added] == ["Okello Mugisha"]


def test_a_news_agency_as_subject_reports_the_clause_before_it() -> None:
    text = "Port authorities in Chittagong usually clear grain cargoes within ten days, Reuters reported."
    assert _said(text) == [("Reuters", "Port authorities in Chittagong usually clear grain cargoes within ten days")]


def test_a_newspaper_with_an_appositive_warns() -> None:
    text = "On Monday, the Daily Nation, the largest paper in Kenya, warned that the drought would deepen."
    assert _said(text) == [("Daily Nation", "the drought would deepen")]


def test_according_to_an_institution_the_registry_does_not_know() -> None:
    text = (
        "Cocoa exports from Ghana fell by a third in 2023, according to the West African Cocoa Producers Association."
    )
    assert _said(text) == [
        ("West African Cocoa Producers Association", "Cocoa exports from Ghana fell by a third in 2023")
    ]


def test_the_publications_own_reporter_is_no_source() -> None:
    text = (
        "Central bank governor Lesetja Mokoena on Friday warned that inflation would stay high, "
        "our correspondent Thandi Nkosi reported."
    )
    assert [speaker for speaker, _words in _said(text)] == ["Lesetja Mokoena"]


def test_called_a_press_conference_names_nothing() -> None:
    text = "The Kenyan government has called a press conference on Monday to discuss the “national dialogue” plan."
    assert _said(text) == []


def test_and_he_noted_ends_the_first_report_and_starts_another() -> None:
    text = (
        "Nadia Haddad, an analyst in Beirut, said the port deal was rushed. He said that the tender had "
        "skipped two rounds of bidding, and he noted that the minister had signed it alone."
    )
    said = _said(text)
    assert ("Nadia Haddad", "the tender had skipped two rounds of bidding") in said
    assert ("Nadia Haddad", "the minister had signed it alone") in said


def test_a_time_between_subject_and_verb() -> None:
    text = "Prime Minister Kaja Lind at the time called the levy “a tax on every family in Estonia.”"
    assert _said(text) == [("Kaja Lind", "the levy “a tax on every family in Estonia.”")]


def test_including_calling_for_is_a_gerund_not_a_new_report() -> None:
    text = (
        "Opposition leader Maria Kovacs said they would take several steps against the law, including calling "
        "for a referendum in Hungary."
    )
    assert [words for _speaker, words in _said(text)] == ["they would take several steps against the law"]


def test_an_infinitive_ends_where_a_new_past_tense_predicate_starts() -> None:
    text = "Governor Ana Ribeiro promised to protect the rainforest and attacked her rival over logging permits."
    assert _said(text) == [("Ana Ribeiro", "to protect the rainforest")]


def test_it_as_the_main_subject_speaks_in_the_continuation() -> None:
    text = (
        "The Chilean foreign ministry said on Monday that a patrol boat sank near Punta Arenas. It did not give "
        "the cause and said it was still searching for two missing sailors."
    )
    assert ("Chilean Foreign Ministry", "it was still searching for two missing sailors") in _said(text)


def test_a_participle_modifying_a_noun_is_no_report_of_the_subject() -> None:
    text = (
        "The ministers of Peru and Chile met in Lima. They joined a crowd of voices proclaiming the end of the dispute."
    )
    assert _said(text) == []


@pytest.mark.parametrize("audience", ["reporters aboard the presidential plane", "journalists in Luanda on Monday"])
def test_told_an_audience_somewhere_that_keeps_only_the_clause(audience: str) -> None:
    text = f"President Joao Lourenco told {audience} that the Lobito railway would be finished in 2026."
    assert _said(text) == [("Joao Lourenco", "the Lobito railway would be finished in 2026")]


def test_an_interview_phrase_opening_the_sentence_is_no_statement() -> None:
    text = "In a wide-ranging interview, Foreign Minister Elif Kaya said the Black Sea corridor would stay open."
    assert _said(text) == [("Elif Kaya", "the Black Sea corridor would stay open")]
