"""Word lists and small text helpers shared by the meeting, facility and agreement rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor._countries import country_code, country_name, country_pattern
from extractor._rules._context import RuleContext
from extractor._text import Span, sentence_index

# Known international organisations that can be parties to an agreement.
ORGANISATIONS = re.compile(
    r"\b(?:NATO|(?:[Tt]he\s+)?European\s+Union|EU|(?:[Tt]he\s+)?United\s+Nations|UN|(?:[Tt]he\s+)?African\s+Union|"
    r"ASEAN|OPEC\+?|(?:[Tt]he\s+)?Arab\s+League|(?:[Tt]he\s+)?Gulf\s+Cooperation\s+Council|GCC|IAEA|Mercosur|"
    r"(?:[Tt]he\s+)?International\s+Atomic\s+Energy\s+Agency|(?:[Tt]he\s+)?Shanghai\s+Cooperation\s+Organi[sz]ation|"
    r"SCO|CSTO|BRICS|(?:[Tt]he\s+)?IMF|(?:[Tt]he\s+)?International\s+Monetary\s+Fund|(?:[Tt]he\s+)?World\s+Bank|ECOWAS|(?:[Tt]he\s+)?Kremlin|"
    r"(?:[Tt]he\s+)?White\s+House|(?:[Tt]he\s+)?Pentagon|Hamas|Hezbollah|(?:[Tt]he\s+)?Taliban|(?:[Tt]he\s+)?Houthis)\b"
)
# Organisations that stand for a country when they sign something.
_ORG_COUNTRY = {"Kremlin": "RUS", "White House": "USA", "Pentagon": "USA"}


def organisation_name(surface: str) -> str:
    """ "the European Union" -> "European Union"."""
    return re.sub(r"^[Tt]he\s+", "", re.sub(r"\s+", " ", surface))


def words(text: str, separator: str | None = None) -> list[str]:
    """The items of a word list written as one string (keeps long vocabularies readable)."""
    return [item.strip() for item in text.split(separator) if item.strip()]


@dataclass(frozen=True)
class CountryMention:
    code: str
    start: int
    end: int
    surface: str


def countries_in(text: str, start: int, end: int) -> list[CountryMention]:
    """Country names, demonyms and capitals in ``text[start:end]`` (absolute offsets)."""
    found: list[CountryMention] = []
    for match in country_pattern().finditer(text, start, end):
        code = country_code(match.group())
        if code is not None:
            found.append(CountryMention(code, match.start(), match.end(), match.group()))
    return found


def is_country_name(word: str) -> bool:
    """True for a country's name ("Syria", "Britain"), false for a capital or a demonym."""
    # The country tables are (names, adjectives, capitals); only the first names a country.
    from extractor._countries import _lookup_tables

    return word.strip() in _lookup_tables()[0]


# "the Peruvian port of Chancay", "Brazil's Atlantic coast": a place, not a party to the agreement
_PLACE_NOUN_AFTER = re.compile(r"\s+(?:[\w-]+\s+)?(?:port|coast|coastline|city|border|province|region|island|"
                               r"waters|territory|capital|town|village|river|sea)\b")  # fmt: skip
_MEMBERS_AFTER = re.compile(r"\s+(?:partners?|allies|ally|members?|countries|states|nations)\b")


def _adjectives() -> dict[str, str]:
    from extractor._countries import _lookup_tables

    return _lookup_tables()[1]


# Self-declared states the country tables lack: a party of their own, never folded into another state
_UNRECOGNISED = re.compile(
    r"\b(?:Somaliland|Kosovo|Transnistria|Abkhazia|South\s+Ossetia|Northern\s+Cyprus|"
    r"Western\s+Sahara|Puntland)\b(?!\s+(?:region|province|coast|port|city)\b)"
)


def parties_in(text: str, start: int, end: int) -> list[str]:
    """Country names and organisations named in ``text[start:end]``, in order, deduplicated."""
    countries = countries_in(text, start, end)
    places = [c for c in countries if c.surface in _adjectives() and _PLACE_NOUN_AFTER.match(text, c.end)]
    if len({c.code for c in countries} - {c.code for c in places}) < 2:
        places = []  # "bases on the Syrian coast" with one other party: the host is implied
    items: list[tuple[int, str]] = [(c.start, country_name(c.code)) for c in countries if c not in places]
    for match in ORGANISATIONS.finditer(text, start, end):
        if _MEMBERS_AFTER.match(text, match.end()):
            continue  # "the two Gulf and NATO partners": a description, not a party
        org = organisation_name(match.group())
        code = _ORG_COUNTRY.get(org)
        items.append((match.start(), country_name(code) if code else org))
    for match in _UNRECOGNISED.finditer(text, start, end):
        items.append((match.start(), " ".join(match.group().split())))
    seen: list[str] = []
    for _, name in sorted(items):
        if name not in seen:
            seen.append(name)
    return seen


def sentence_at(ctx: RuleContext, position: int) -> int | None:
    """Index of the sentence containing ``position``, or None."""
    return sentence_index(ctx.sentences, position)


def clause_bounds(text: str, sentence: Span, position: int) -> tuple[int, int]:
    """The clause around ``position``: bounded by ; : — or a sentence edge."""
    start, end = sentence.start, sentence.end
    for match in re.finditer(r"[;:—–]|\s-\s", text[sentence.start : sentence.end]):
        absolute = sentence.start + match.start()
        if absolute < position:
            start = sentence.start + match.end()
        elif absolute > position:
            end = absolute
            break
    return start, end
