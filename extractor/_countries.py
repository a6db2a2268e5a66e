"""Country names, adjectives and capitals (as metonyms) to ISO 3166-1 alpha-3 codes."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from schema import ISO_ALPHA3

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@cache
def _country_data() -> dict[str, dict[str, object]]:
    raw = yaml.safe_load(files("extractor").joinpath("data/countries.yaml").read_text(encoding="utf-8"))
    return {code: entry for code, entry in raw.items() if code in ISO_ALPHA3}


def _words(entry: dict[str, object], key: str) -> list[str]:
    value = entry.get(key) or []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


@cache
def _lookup_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(names, adjectives, capitals), each mapping a surface form to its alpha-3 code."""
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and country.alpha_3 in ISO_ALPHA3:
                names.setdefault(value, country.alpha_3)
    adjectives: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for code, entry in _country_data().items():
        for name in [*_words(entry, "name"), *_words(entry, "alt")]:
            names[name] = code
        for adjective in _words(entry, "adj"):
            adjectives[adjective] = code
        for capital in _words(entry, "cap"):
            capitals[capital] = code
    return names, adjectives, capitals


def _normalise(word: str) -> str:
    word = _LEADING_THE.sub("", word.strip().strip(',;:()"“”'))
    return _POSSESSIVE.sub("", word) if not word.endswith(".") else word


def country_code(word: str) -> str | None:
    """Alpha-3 code for a country name, adjective/demonym or capital; None for anything else.

    Matching is case-sensitive on the initial capital so that lowercase common words
    ("turkey", "china") are not countries.
    """
    word = _normalise(word)
    if not word or not word[0].isupper():
        return None
    names, adjectives, capitals = _lookup_tables()
    for table in (names, adjectives, capitals):
        code = table.get(word)
        if code is not None:
            return code
    if word.isupper() and len(word) > 3:  # "RUSSIA" in a headline
        return country_code(word.title())
    return None


@cache
def uncoded_states() -> frozenset[str]:
    """Names of states that speak and sign but have no ISO code ("Somaliland", "Soviet Union")."""
    raw = yaml.safe_load(files("extractor").joinpath("data/countries.yaml").read_text(encoding="utf-8"))
    return frozenset(str(name) for name in raw.get("_uncoded") or [])


def state_name_code(surface: str) -> tuple[str, str | None] | None:
    """(name, code) when ``surface`` is a country's name, a capital or an uncoded state; None for
    anything else (adjectives included: "Thai" speaks through a noun, "Thailand" speaks itself)."""
    word = _normalise(surface)
    if word in uncoded_states():
        return word, None
    names, _, capitals = _lookup_tables()
    code = names.get(word) or capitals.get(word)
    return (word, code) if code is not None else None


def is_capital(surface: str) -> bool:
    """ "Moscow", "Washington": a capital, which news prose uses for its government."""
    return _normalise(surface) in _lookup_tables()[2]


def country_name(code: str) -> str:
    """Common English name of a country ("Russia", "United States"); the code itself if unknown."""
    entry = _country_data().get(code)
    if entry is not None:
        return _words(entry, "name")[0]
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


@cache
def country_pattern() -> re.Pattern[str]:
    """A regex matching any known country name, adjective or capital as a whole word."""
    names, adjectives, capitals = _lookup_tables()
    return re.compile(rf"(?<![\w.])(?:{_trie_alternation({*names, *adjectives, *capitals})})(?![\w])")


def _trie_alternation(forms: set[str]) -> str:
    """A regex matching exactly ``forms``, written as a trie: "Niger(?:ia)?" rather than "Nigeria|Niger".

    The regex engine tries a plain alternation's ~800 forms one by one at every position; a trie
    reads each character once. Where a form continues, the longer form is tried first, so of the
    forms that match at one position (each a prefix of the next) the preference is the longest
    first, as in an alternation sorted by length.
    """
    trie: dict[str, Any] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}  # a form ends here

    def render(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(trie)


def adjective_codes() -> dict[str, str]:
    """Demonym/adjective -> code ("Russian" -> "RUS")."""
    return dict(_lookup_tables()[1])
