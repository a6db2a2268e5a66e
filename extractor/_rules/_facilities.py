"""Named military bases and installations: "X Air Base", "naval base in X", "Camp X", gazetteer places.

A facility must be identified by a name or a place ("the naval base in Tartus"); generic
mentions ("Russia's two military bases", "bases on the Syrian coast") are not facilities.
Spelling variants resolve to one canonical gazetteer name (see ``_gazetteer``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor._countries import country_code
from extractor._rules._context import RuleContext
from extractor._rules._gazetteer import FacilityEntry, by_name, by_place, place_forms
from extractor._rules._text import make_evidence, mention_id
from extractor._rules._topic import is_off_topic_article, is_sports_sentence
from extractor._rules._vocabulary import countries_in, is_country_name, words
from extractor._text import Span, place_key
from schema import FacilityStatus, FacilityType, MilitaryFacility

_NAME_WORD = r"[A-Z](?:[\w'’-]|\.(?=\w))*"
# "Khalid bin Walid", "Vasco da Gama": lowercase particles inside a name
_PARTICLE = r"(?:bin|ibn|bint|al|el|de|da|del|dos|van|von)"
# "Khmeimim Airbase", "the Tartus naval facility", "Al Udeid Air Base", "Bagram Airfield"
_NAMED_HEAD = re.compile(
    rf"(?P<name>(?:{_NAME_WORD}\s+(?:{_PARTICLE}\s+)?){{0,3}}{_NAME_WORD})\s+"
    r"(?P<head>Air\s*Force\s+Base|Air\s*Base|Airbase|Airfield|Air\s+Station|Naval\s+(?:Base|Station|Facility)|"
    r"Military\s+Base|Army\s+Base|Garrison|air\s*base|airbase|airfield|naval\s+(?:base|facility|port|station)|"
    r"military\s+(?:base|airbase|facility)|army\s+base|garrison|base)(?!s)\b"
)
# "Camp Lemonnier", "Fort Bragg", "Naval Station Rota", "RAF Akrotiri"
_PREFIX_HEAD = re.compile(
    r"\b(?P<head>Camp|Fort|Naval\s+Station|Naval\s+Air\s+Station|Joint\s+Base|RAF|Marine\s+Corps\s+Air\s+Station|"
    rf"Naval\s+Support\s+(?:Activity|Facility))\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
)
_NOT_BASES = frozenset(
    words(
        "camp david, camp nou, fort worth, fort lauderdale, fort myers, fort collins, fort wayne, "
        "fort william, fort mcmurray, fort smith",
        ",",
    )
)  # fmt: skip
# "naval base in Tartus", "its air base at Khmeimim", "logistics support center in Tartus"
_KIND_AT_PLACE = re.compile(
    r"\b(?P<kind>(?:military\s+)?(?:air\s*base|airbase|airfield|naval\s+(?:base|facility|port|station)|"
    r"military\s+(?:base|facility|installation|outpost)|army\s+base|logistics(?:\s+support)?\s+"
    r"(?:center|centre|hub|point|facility)|(?:military\s+)?base))\s+(?:in|at|near|on)\s+"
    rf"(?P<place>{_NAME_WORD}(?:[\s-]{_NAME_WORD}){{0,2}})"
)
# "at Khmeimim and Tartus bases"
_PLACES_BASES = re.compile(
    rf"\b(?P<first>{_NAME_WORD})\s+and\s+(?P<second>{_NAME_WORD})\s+"
    r"(?P<kind>(?:air\s+|naval\s+|military\s+)?(?:bases|airbases))\b"
)
_MILITARY_CONTEXT = re.compile(
    r"\b(?:base|bases|airbase|airbases|air\s+base|naval|military|troops|forces|installations?|facilit(?:y|ies)|"
    r"outposts?|garrison|deployed|stationed|warships?|fleet|jets?)\b",
    re.IGNORECASE,
)
_STOP_WORDS = frozenset(words("""The A An Its Their His Her Our This That These Those Both Russia's Moscow's"""))

_STATUS_CUES: list[tuple[FacilityStatus, re.Pattern[str]]] = [
    ("closed", re.compile(r"\b(?:closed|shut\s+down|withdrew\s+from|abandoned|evacuated|vacated|dismantled|"
                          r"handed\s+(?:it\s+|them\s+)?over|transferred|pulled\s+out\s+of|(?:had\s+)?(?:already\s+)?"
                          r"left)\b", re.IGNORECASE)),
    ("contested", re.compile(r"\b(?:fate|came\s+into\s+question|in\s+question|uncertain\w*|unclear|"
                             r"future\s+of|withdrawal\s+of|expel|could\s+lose|dispute\w*|contested|"
                             r"questions?\s+(?:over|about))\b", re.IGNORECASE)),
    ("planned", re.compile(r"\b(?:plans?\s+to\s+(?:build|open|establish|set\s+up)|planned|proposed|"
                           r"will\s+(?:build|open|establish)|to\s+be\s+built|under\s+construction)\b",
                           re.IGNORECASE)),
    ("active", re.compile(r"\b(?:opened|maintain\w*|operat\w+|keeps?|kept|continued|stationed|hosts?|housing|"
                          r"home\s+to|based\s+(?:at|in)|used|uses|access\s+to|remains?)\b", re.IGNORECASE)),
]  # fmt: skip
_STATUS_PRIORITY: tuple[FacilityStatus, ...] = ("closed", "active", "contested", "planned")
_COAST_OR_SOIL = re.compile(r"\b(?:coast|soil|territory|shores?)\b", re.IGNORECASE)


@dataclass
class _Mention:
    start: int
    end: int
    surface: str
    name: str
    entry: FacilityEntry | None
    explicit_type: FacilityType | None
    place: str | None
    confidence: float


@dataclass
class _Facility:
    name: str
    entry: FacilityEntry | None
    mentions: list[_Mention] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)


def extract_facilities(ctx: RuleContext) -> list[MilitaryFacility]:
    """Named or clearly identified military facilities in one article, one record per facility."""
    if is_off_topic_article(ctx.text):
        return []
    facilities: dict[str, _Facility] = {}
    for sentence in ctx.sentences:
        if is_sports_sentence(sentence.text_of(ctx.text)):
            continue
        for mention in _mentions_in(ctx.text, sentence):
            # unknown facilities are keyed by place: "Agalega Air Base" = "military base on Agalega"
            key = mention.entry.name if mention.entry else place_key(mention.place or mention.name)
            facility = facilities.setdefault(key, _Facility(mention.entry.name if mention.entry else mention.name,
                                                            mention.entry))  # fmt: skip
            facility.mentions.append(mention)
            if sentence not in facility.sentences:
                facility.sentences.append(sentence)
    records = [_record(ctx, facility) for facility in facilities.values()]
    return sorted(records, key=lambda r: (r.evidence[0].start, r.name))


def _mentions_in(text: str, sentence: Span) -> list[_Mention]:
    found: list[_Mention] = []
    for match in _NAMED_HEAD.finditer(text, sentence.start, sentence.end):
        mention = _named_head(match)
        if mention is not None:
            found.append(mention)
    for match in _PREFIX_HEAD.finditer(text, sentence.start, sentence.end):
        surface = match.group().strip()
        if place_key(surface) in {place_key(name) for name in _NOT_BASES}:
            continue
        entry = by_name(surface)
        found.append(_Mention(match.start(), match.end(), surface, surface, entry, _type_of(match.group("head")),
                              None, 0.9 if entry else 0.75))  # fmt: skip
    for match in _KIND_AT_PLACE.finditer(text, sentence.start, sentence.end):
        mention = _kind_at_place(text, sentence, match)
        if mention is not None:
            found.append(mention)
    for match in _PLACES_BASES.finditer(text, sentence.start, sentence.end):
        for group in ("first", "second"):
            place = match.group(group)
            entry = by_place(place)
            if entry is not None:
                found.append(_Mention(match.start(group), match.end(group), place, entry.name, entry,
                                      _type_of(match.group("kind")), place, 0.8))  # fmt: skip
    if _MILITARY_CONTEXT.search(text, sentence.start, sentence.end):
        found.extend(_gazetteer_places(text, sentence, found))
    return _drop_overlaps(found)


def _named_head(match: re.Match[str]) -> _Mention | None:
    words = match.group("name").split()
    while words and (words[0] in _STOP_WORDS or _is_country_word(words[0]) or words[0].endswith(("'s", "’s"))):
        words = words[1:]
    if not words:
        return None
    name_start = match.start("name") + match.group("name").index(words[0])
    surface = match.string[name_start : match.end()]
    entry = by_name(surface) or by_place(" ".join(words))
    if entry is None and (is_country_name(" ".join(words)) or not words[-1][:1].isupper()):
        return None
    if entry is None and match.group("head") == "base" and (len(words) < 2 or any(w.isupper() for w in words)):
        return None  # "the Wagner base", "a NATO base": a bare "base" needs a full name ("the Adji Kossei base")
    name = surface if entry is None else entry.name
    explicit = _type_of(match.group("head"))
    return _Mention(name_start, match.end(), surface, _title(name) if entry is None else name, entry, explicit,
                    " ".join(words), 0.9 if entry else 0.7)  # fmt: skip


def _is_country_word(word: str) -> bool:
    """ "Russian", "Moscow", and compounds of them ("UK-US", "Russian-built")."""
    parts = word.split("-")
    return country_code(word) is not None or country_code(parts[0]) is not None


def _kind_at_place(text: str, sentence: Span, match: re.Match[str]) -> _Mention | None:
    place = match.group("place")
    operator = _operator_before(text, sentence, match.start())
    entry = by_place(place, operator=operator)
    kind = match.group("kind")
    if entry is None:
        if is_country_name(place) or (country_code(place.split()[0]) is not None and not _is_capital(place)):
            return None  # "bases in Syria" names no facility
        if kind.lower().split()[-1] == "base" and "military" not in kind.lower():
            return None  # a bare "base in X" is too vague for an unknown place
        name = f"{place} {_KIND_NAMES[_type_of(kind) or 'other']}"
        return _Mention(match.start(), match.end(), match.group(), name, None, _type_of(kind), place, 0.6)
    by_operator = place_key(place) not in {place_key(p) for p in entry.places}
    surface = match.group() if by_operator else place
    return _Mention(match.start(), match.end(), surface, entry.name, entry, _type_of(kind), place, 0.85)


def _gazetteer_places(text: str, sentence: Span, already: list[_Mention]) -> list[_Mention]:
    found: list[_Mention] = []
    for match in _gazetteer_pattern().finditer(text, sentence.start, sentence.end):
        if any(m.start <= match.start() < m.end for m in already):
            continue
        surface = match.group()
        entry = by_name(surface) or by_place(surface)
        if entry is not None:
            full = place_key(surface) in {place_key(a) for a in (entry.name, *entry.aliases)}
            found.append(_Mention(match.start(), match.end(), surface, entry.name, entry, None, surface,
                                  0.85 if full else 0.7))  # fmt: skip
    return found


_PATTERN_CACHE: list[re.Pattern[str]] = []


def _gazetteer_pattern() -> re.Pattern[str]:
    if not _PATTERN_CACHE:
        alternation = "|".join(re.escape(form) for form in place_forms())
        _PATTERN_CACHE.append(re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"))
    return _PATTERN_CACHE[0]


def _drop_overlaps(mentions: list[_Mention]) -> list[_Mention]:
    kept: list[_Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start), -m.confidence)):
        if any(m.start < mention.end and mention.start < m.end for m in kept):
            continue
        kept.append(mention)
    return kept


_KIND_NAMES: dict[FacilityType, str] = {
    "air_base": "Air Base", "naval_base": "Naval Base", "army_base": "Military Base",
    "logistics_hub": "Logistics Hub", "other": "Military Base",
}  # fmt: skip


def _type_of(kind: str) -> FacilityType | None:
    lowered = kind.lower()
    if "logistic" in lowered:
        return "logistics_hub"
    if "naval" in lowered or "port" in lowered:
        return "naval_base"
    if "air" in lowered or lowered.startswith("raf"):
        return "air_base"
    if any(word in lowered for word in ("army", "camp", "fort", "garrison")):
        return "army_base"
    return None


def _title(name: str) -> str:
    return " ".join(word if word[:1].isupper() else word.capitalize() for word in name.split())


def _is_capital(place: str) -> bool:
    return country_code(place) is not None and not is_country_name(place)


_POSSESSOR = re.compile(r"(?P<owner>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)(?:['’]s)?\s+(?:[\w-]+\s+){0,3}$")
_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|on|from|to|near|with|of|inside)\s+(?:the\s+)?$")
_OWNER_GAP = re.compile(
    r"(?:['’]s)?\s+(?:(?:its|their|the|a|an|two|three|new|main|military|naval|air|strategic|only|permanent|key|"
    r"former|largest|big|sprawling|remote|secret|overseas|forward)\s+)*"
)
_ITS = re.compile(r"\b(?:its|their)\s+(?:[\w-]+\s+){0,3}$")
_HOSTS = re.compile(r"\s+(?:hosts|hosted|is\s+home\s+to|houses|housed)\b")
_OPERATES = re.compile(
    r"\b(?:operates|operated|maintains|runs|keeps|uses|controls|has|build|builds|building|built|develop\w*|"
    r"construct\w*|set\s+up|establish\w*|opened|opens)\b"
)


def _operator_before(text: str, sentence: Span, position: int) -> str | None:
    """The country that owns the facility at ``position``: "Russia's naval base", "US base",
    "its air base" (the sentence's first country), "Moscow operates the"."""
    head = text[sentence.start : position]
    for country in reversed(countries_in(text, max(sentence.start, position - 60), position)):
        if _OWNER_GAP.fullmatch(text[country.end : position]):
            return country.code
    if _ITS.search(head) or _OPERATES.search(head):
        earlier = [c for c in countries_in(text, sentence.start, position) if not _hosts_after(text, c.end)]
        if earlier:
            return earlier[0].code
    return None


_FORCES_AFTER = re.compile(r"\s+(?:troops|forces|soldiers|military|personnel|navy|marines|air\s+force)\b")


def _forces_of(ctx: RuleContext, facility: _Facility) -> str | None:
    """ "hosted about 1,000 French troops", "bases U.S. forces will be allowed to use": the troops' country."""
    codes = {
        country.code
        for span in facility.sentences
        for country in countries_in(ctx.text, span.start, span.end)
        if _FORCES_AFTER.match(ctx.text, country.end)
    }
    return codes.pop() if len(codes) == 1 else None


def _hosts_after(text: str, position: int) -> bool:
    return _HOSTS.match(text, position) is not None


def _host_in(text: str, sentence: Span, operator: str | None) -> str | None:
    """The country the sentence places the facility in: "in Syria", "on Syria's coast"."""
    hosts: set[str] = set()
    for country in countries_in(text, sentence.start, sentence.end):
        before = text[max(sentence.start, country.start - 12) : country.start]
        after = text[country.end : country.end + 30]
        in_country = re.search(r"\b(?:in|on|inside)\s+(?:the\s+)?$", before) and is_country_name(country.surface)
        on_coast = _COAST_OR_SOIL.search(after) and re.match(r"^(?:['’]s)?\s+(?:[\w-]+\s+){0,2}(?:coast|soil|"
                                                             r"territory|shores?)", after)  # fmt: skip
        if (in_country or on_coast or _hosts_after(text, country.end)) and country.code != operator:
            hosts.add(country.code)
    return hosts.pop() if len(hosts) == 1 else None


def _status(ctx: RuleContext, facility: _Facility) -> FacilityStatus:
    found: set[FacilityStatus] = set()
    for sentence in facility.sentences:
        body = sentence.text_of(ctx.text)
        for status, cue in _STATUS_CUES:
            if cue.search(body):
                found.add(status)
                break
    # Closure is decisive; an article that says the facility operates outweighs doubts
    # about its future; doubts outweigh plans.
    return next((status for status in _STATUS_PRIORITY if status in found), "unknown")


def _record(ctx: RuleContext, facility: _Facility) -> MilitaryFacility:
    text = ctx.text
    entry = facility.entry
    first = facility.mentions[0]
    sentence = facility.sentences[0]
    operator = None
    host = None
    for mention, span in ((m, _sentence_of(facility, m)) for m in facility.mentions):
        operator = operator or _operator_before(text, span, mention.start)
    for span in facility.sentences:
        host = host or _host_in(text, span, operator or (entry.operator if entry else None))
    operator = operator or (entry.operator if entry else None) or _forces_of(ctx, facility)
    host = host or (entry.host_country if entry else None)
    if host is None and first.place is not None and _is_capital(first.place):
        host = country_code(first.place)
    # A gazetteer entry keeps its canonical type ("a logistics support center in Tartus" is
    # still the naval base); an unknown facility takes the first type the article states.
    explicit = [m.explicit_type for m in facility.mentions if m.explicit_type]
    facility_type: FacilityType = entry.facility_type if entry else (explicit[0] if explicit else "other")
    aliases: list[str] = []
    for mention in facility.mentions:
        if mention.surface not in aliases:
            aliases.append(mention.surface)
    location = entry.location if entry else (_place_after(text, first.end) or first.place)
    name = facility.name if entry else max(facility.mentions, key=lambda m: m.confidence).name
    evidence = [make_evidence(ctx.article, span.start, span.end) for span in facility.sentences]
    confidence = min(1.0, max(m.confidence for m in facility.mentions) + 0.05 * (len(facility.mentions) - 1))
    return MilitaryFacility(
        id=mention_id("fac", ctx.article.id, sentence.start, sentence.end, place_key(facility.name)),
        evidence=evidence,
        confidence=round(confidence, 3),
        extractor=ctx.extractor,
        name=name,
        aliases=aliases,
        facility_type=facility_type,
        operator=operator,
        host_country=host,
        location=location,
        status=_status(ctx, facility),
    )


_IN_PLACE = re.compile(rf"\s+(?:in|at|near|outside)\s+(?P<place>{_NAME_WORD}(?:[\s-]{_NAME_WORD}){{0,2}})")


def _place_after(text: str, position: int) -> str | None:
    """ "Cesar Basa Air Base in Pampanga": the place a named facility stands in (not a country)."""
    match = _IN_PLACE.match(text, position)
    if match is None or country_code(match.group("place").split()[0]) is not None:
        return None
    return match.group("place")


def _sentence_of(facility: _Facility, mention: _Mention) -> Span:
    return next((s for s in facility.sentences if s.start <= mention.start < s.end), facility.sentences[0])
