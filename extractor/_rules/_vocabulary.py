"""Word lists and small text helpers shared by the meeting, facility and agreement rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractor._countries import country_code, country_name, country_pattern
from extractor._rules._context import RuleContext
from extractor._rules._text import Span, sentence_index

# Sport makes "meet", "final", "deal" and "contract" mean something else. A sentence
# with one of these words is never read as diplomacy; an article dominated by them
# (see is_sports_article) yields no meetings, facilities or agreements at all.
_SPORTS = re.compile(
    r"\b(?:final|finals|semi-?finals?|quarter-?finals?|match|matches|tournament|league|cup|"
    r"championships?|grand slam|olympics?|world cup|playoffs?|fixture|derby|stadium|season|"
    r"squad|striker|midfielder|goalkeeper|defender|coach|manager|footballer|tennis|football|"
    r"soccer|basketball|cricket|rugby|golf|nba|nfl|fifa|uefa|atp|wta|scored|goals?|innings|"
    r"seeded|seed|set point|match point|podium|race|lap|medal|transfer|loan spell|club|clubs|"
    r"teammates?|kick-?off|halftime|half-time|wimbledon|roland garros|us open|australian open)\b",
)
_POLITICS = re.compile(
    r"\b(?:president|minister|ministry|government|diplomat\w*|embassy|ambassador|kremlin|"
    r"parliament|sanctions?|military|troops|treaty|summit|bilateral|foreign policy|leader|"
    r"defen[cs]e|army|navy|naval|nato|united nations|security council)\b",
)

# Disaster news names air bases as relief hubs and quotes officials about rescues: no diplomacy.
_DISASTER = re.compile(
    r"\b(?:typhoons?|hurricanes?|cyclones?|tropical\s+storms?|storms?|earthquakes?|quakes?|tsunamis?|floods?|"
    r"flooding|landslides?|mudslides?|wildfires?|bushfires?|drought|heatwave|tornado(?:es)?|eruptions?|"
    r"landfall|evacuat\w+|death\s+toll|rescuers?|relief\s+(?:flights?|supplies|goods|efforts?|operations?)|"
    r"displaced|homeless|rainfall|winds?)\b",
)
# Known international organisations that can be parties to an agreement.
ORGANISATIONS = re.compile(
    r"\b(?:NATO|(?:[Tt]he\s+)?European\s+Union|EU|(?:[Tt]he\s+)?United\s+Nations|UN|(?:[Tt]he\s+)?African\s+Union|"
    r"ASEAN|OPEC\+?|(?:[Tt]he\s+)?Arab\s+League|(?:[Tt]he\s+)?Gulf\s+Cooperation\s+Council|GCC|IAEA|Mercosur|"
    r"(?:[Tt]he\s+)?International\s+Atomic\s+Energy\s+Agency|(?:[Tt]he\s+)?Shanghai\s+Cooperation\s+Organi[sz]ation|"
    r"SCO|CSTO|BRICS|(?:[Tt]he\s+)?IMF|(?:[Tt]he\s+)?World\s+Bank|ECOWAS|(?:[Tt]he\s+)?Kremlin|"
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


# The word lists above are lower case and matched against lowered text: a case-sensitive scan
# of ``text.lower()`` is several times faster than a case-insensitive scan of the text.


def is_sports_sentence(text: str) -> bool:
    return _SPORTS.search(text.lower()) is not None


def is_sports_article(text: str) -> bool:
    """True when sports vocabulary clearly outweighs political vocabulary."""
    sports, politics, _ = _article_counts(text)
    return sports >= 3 and sports > 2 * politics


def is_disaster_article(text: str) -> bool:
    """True when a natural disaster is the story: its vocabulary clearly outweighs politics."""
    _, politics, disaster = _article_counts(text)
    return disaster >= 8 and disaster > politics


@lru_cache(maxsize=8)
def is_off_topic_article(text: str) -> bool:
    """Sports or disaster stories: no meetings, facilities or agreements come from them."""
    return is_sports_article(text) or is_disaster_article(text)


@lru_cache(maxsize=8)
def _article_counts(text: str) -> tuple[int, int, int]:
    """Sports, politics and disaster word counts of an article; every rule family asks, so once."""
    lowered = text.lower()
    return len(_SPORTS.findall(lowered)), len(_POLITICS.findall(lowered)), len(_DISASTER.findall(lowered))


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


WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "twenty-five": 25, "thirty": 30, "forty": 40, "forty-nine": 49, "fifty": 50, "ninety-nine": 99,
    "hundred": 100,
}  # fmt: skip
