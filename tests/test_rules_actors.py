from __future__ import annotations

from pathlib import Path

import pytest
from _rules_helpers import context, registry

from extractor._countries import country_code, country_name
from extractor._errors import ConfigError
from extractor._rules._actors import ActorRegistry, find_actors, resolve_description, resolve_pronoun


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Russian", "RUS"),
        ("Syrian", "SYR"),
        ("U.S.", "USA"),
        ("American", "USA"),
        ("Moscow", "RUS"),
        ("Damascus", "SYR"),
        ("Washington", "USA"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Beijing", "CHN"),
        ("Tehran", "IRN"),
        ("Fiji", "FJI"),
        ("Brazil’s", "BRA"),
        ("turkey", None),
        ("china", None),
        ("Monday", None),
    ],
)
def test_country_code(word: str, code: str | None) -> None:
    assert country_code(word) == code


def test_country_name_is_the_common_name() -> None:
    assert [country_name(c) for c in ("RUS", "SYR", "USA")] == ["Russia", "Syria", "United States"]


@pytest.mark.parametrize("surface", ["Sharaa", "al-Sharaa", "Al-Sharaa", "Abu Mohammed al-Julani", "AHMED AL SHARAA"])
def test_registry_resolves_aliases_tolerantly(surface: str) -> None:
    actor = registry().resolve(surface)
    assert actor is not None and actor.name == "Ahmed al-Sharaa" and actor.country == "SYR"


def test_registry_unknown_alias_is_none() -> None:
    assert registry().resolve("Jane Nobody") is None


def test_alias_pointing_to_two_actors_is_a_config_error(tmp_path: Path) -> None:
    extra = tmp_path / "aliases.yaml"
    extra.write_text("actors:\n  - {name: Someone Else, aliases: [Putin], country: RUS}\n", encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"'Putin'.*'Vladimir Putin'.*'Someone Else'|'Putin'.*'Someone Else'.*'Vladimir Putin'"
    ):
        ActorRegistry.load([extra])


def test_bad_yaml_is_a_config_error(tmp_path: Path) -> None:
    extra = tmp_path / "aliases.yaml"
    extra.write_text("actors: [ {name: x", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid YAML"):
        ActorRegistry.load([extra])


def test_user_file_extends_an_entry(tmp_path: Path) -> None:
    extra = tmp_path / "aliases.yaml"
    extra.write_text("actors:\n  - {name: Vladimir Putin, aliases: [VVP], country: RUS}\n", encoding="utf-8")
    loaded = ActorRegistry.load([extra])
    actor = loaded.resolve("VVP")
    assert actor is not None and actor.role == "President of Russia"


def _names(text: str) -> list[tuple[str, str | None, str | None]]:
    ctx = context(text)
    return [(m.actor.name, m.actor.country, m.actor.role) for m in find_actors(ctx, 0, len(text))]


def test_titled_unknown_person_gets_role_and_country() -> None:
    names = _names("Brazilian Foreign Minister Mauro Vieira arrived in Lisbon.")
    assert names == [("Mauro Vieira", "BRA", "Foreign Minister of Brazil")]


def test_surname_mention_maps_to_the_full_name() -> None:
    names = _names("Kenyan President William Ruto spoke first. Later, Ruto left.")
    assert [n[0] for n in names] == ["William Ruto", "William Ruto"]


def test_collective_speakers() -> None:
    names = _names("The Chinese foreign ministry said so, and Japanese officials agreed with the Kremlin.")
    assert names == [
        ("Chinese Foreign Ministry", "CHN", None),
        ("Japanese officials", "JPN", None),
        ("Kremlin", "RUS", "Office of the President of Russia"),
    ]


def test_pronoun_prefers_previous_subject() -> None:
    text = "Indian Prime Minister Narendra Modi met the press in Delhi. He said the talks were good."
    ctx = context(text)
    match = resolve_pronoun(ctx, text.index("He said"))
    assert match is not None and match.actor.name == "Narendra Modi"


def test_description_must_agree_on_country() -> None:
    text = "Emmanuel Macron hosted Olaf Scholz. The German leader said little."
    ctx = context(text)
    match = resolve_description(ctx, text.index("The German"), "The German leader")
    assert match is not None and match.actor.name == "Olaf Scholz"


def _names(text: str) -> list[tuple[str, str | None, str | None]]:
    ctx = context(text)
    return [(m.actor.name, m.actor.country, m.actor.role) for m in find_actors(ctx, 0, len(text))]


def test_country_owned_ministry_spokesperson_keeps_the_country() -> None:
    text = "India's external affairs ministry spokesperson Ravi Menon rejected the claim."
    names = _names("Indian Foreign Ministry spokesperson Ravi Menon rejected the claim.")
    assert ("Ravi Menon", "IND", "Foreign Ministry spokesperson of India") in names
    assert _names(text)  # lower-case ministry words still leave a person or nothing, never a crash


def test_generational_suffix_is_kept_and_the_surname_still_resolves() -> None:
    text = "Chilean Finance Minister Pedro Alvarez Jr. spoke first. Later, Alvarez left the room."
    names = _names(text)
    assert names[0][:2] == ("Pedro Alvarez Jr.", "CHL")
    assert names[-1][0] == "Pedro Alvarez Jr."


def test_honorific_names_a_person_without_a_role() -> None:
    [(name, country, role)] = _names("Mrs Helena Varga thanked the volunteers.")
    assert (name, country, role) == ("Helena Varga", None, None)


def test_possessive_country_names_an_untitled_person() -> None:
    text = "The panel heard Kenya's Amina Wanjiru Otieno. Wanjiru later left."
    names = _names(text)
    assert names[0] == ("Amina Wanjiru Otieno", "KEN", None)
    assert names[-1][0] == "Amina Wanjiru Otieno"  # a middle name resolves too
    assert not [
        n for n in _names("Russia's Foreign Ministry Office issued a note.") if n[1] is None and "Office" in n[0]
    ]


def test_a_registry_person_is_found_again_by_surname() -> None:
    text = "Indian Defence Minister Rajnath Singh arrived. Singh then met the press."
    names = _names(text)
    assert [n[0] for n in names].count("Rajnath Singh") == 2


def test_first_word_of_a_full_name_maps_back_when_one_person_owns_it() -> None:
    text = "Indonesian President Budi Santoso Wiranto hosted the summit. Afterwards Budi flew to Bali."
    names = _names(text)
    assert [n[0] for n in names] == ["Budi Santoso Wiranto", "Budi Santoso Wiranto"]


def test_family_name_first_maps_back() -> None:
    text = "Chinese Premier Zhao Lianhe toured the plant. Zhao praised the workers."
    assert [n[0] for n in _names(text)] == ["Zhao Lianhe", "Zhao Lianhe"]


def test_shared_first_word_or_common_word_is_not_linked() -> None:
    shared = "Kenyan President William Ruto met Ugandan Minister William Kabogo. William then left."
    assert [n[0] for n in _names(shared)] == ["William Ruto", "William Kabogo"]
    common = "Polish President Will Nowak arrived. Will the talks succeed? Nobody will say."
    assert [n[0] for n in _names(common)] == ["Will Nowak"]
    before = "Zhao arrived early. Chinese Premier Zhao Lianhe spoke later."
    assert [n[0] for n in _names(before)] == ["Zhao Lianhe"]


def test_bare_title_takes_the_country_of_an_unambiguous_context() -> None:
    owner = "Tariffs dominated talks in Chile's capital. President Rosa Valdes said little."
    assert _names(owner)[-1][:2] == ("Rosa Valdes", "CHL")
    dateline = "SANTIAGO (Reuters) - President Rosa Valdes said on Monday that copper exports would rise."
    assert _names(dateline)[-1][:2] == ("Rosa Valdes", "CHL")


def test_bare_title_stays_without_country_when_the_context_is_mixed_or_absent() -> None:
    mixed = "The Peruvian embassy in Santiago protested. President Rosa Valdes said little."
    assert _names(mixed)[-1][:2] == ("Rosa Valdes", None)
    absent = "President Rosa Valdes said little."
    assert _names(absent)[-1][:2] == ("Rosa Valdes", None)


def test_a_bad_registry_entry_is_a_one_line_error_naming_file_entry_and_field(tmp_path: Path) -> None:
    extra = tmp_path / "aliases.yaml"
    extra.write_text("actors:\n  - {name: Ana Pires, country: PRT, role: Mayor, since: last year}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        ActorRegistry.load([extra])
    message = str(caught.value)
    assert "\n" not in message and "entry 1 (Ana Pires)" in message and "since" in message
    extra.write_text("actors:\n  - {name: Ana Pires, country: XXX}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not an ISO 3166-1 alpha-3 code"):
        ActorRegistry.load([extra])
    extra.write_text("actors:\n  - {name: Ana Pires, title: Mayor}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="title"):
        ActorRegistry.load([extra])


def test_a_registry_role_holds_only_inside_its_period_and_a_role_without_one_is_left_out(tmp_path: Path) -> None:
    extra = tmp_path / "aliases.yaml"
    extra.write_text(
        "actors:\n"
        "  - {name: Ana Pires, country: PRT, roles: [{role: Mayor of Porto, since: 2015-01, until: 2021-10-01},"
        " {role: Minister of Culture of Portugal, since: 2021-10-01}]}\n"
        "  - {name: Rui Cabral, country: PRT, role: Governor of Faro}\n",
        encoding="utf-8",
    )
    loaded = ActorRegistry.load([extra])
    pires = loaded.entry("Ana Pires")
    assert pires is not None
    assert pires.actor_on("2018-06-01").role == "Mayor of Porto"
    assert pires.actor_on("2023").role == "Minister of Culture of Portugal"
    assert pires.actor_on("2010-01-01").role is None
    cabral = loaded.resolve("Rui Cabral")
    assert cabral is not None and cabral.role is None


def test_the_articles_own_title_wins_over_the_registry_role() -> None:
    text = "Former Chancellor Friedrich Merz met business leaders in Hamburg, the party said on Monday."
    found = [m for m in find_actors(context(text, published="2030-01-01"), 0, len(text)) if m.kind == "person"]
    assert found[0].actor.name == "Friedrich Merz" and found[0].actor.role is not None
    assert found[0].actor.role.casefold().startswith("former chancellor")  # not the registry's "Chancellor of Germany"


def test_names_with_diacritics_or_without_them_are_one_alias() -> None:
    assert registry().resolve("Erdoğan") == registry().resolve("Erdogan")
