"""Where an agreement's parties may come from, and what kind of party each is.

- **Clause scope.** A party is named in the agreement's own clause: attached to the noun ("the
  Chile-Peru pact", "Chile's deal with Peru", "a treaty between ...", "their agreement"), or the
  subject of the act that makes the clause about the agreement ("X and Y signed ..."). A trailing
  attribution (", Brazil's foreign ministry said") and countries elsewhere in a sentence that
  neither signs nor names a side ("Russia said Washington's move undermined a peace deal") are
  not parties.
- **Companies stay companies.** "a deal with Russia's state corporation Rosatom" binds Rosatom, not
  Russia: a name with a corporate cue (a company noun before it, a legal suffix after it, or a
  registry organisation described as a company) is a party of its own, and the country that only
  says where it is from is not added.
- **Generic plurals.** "arms deals with African countries", "its contracts with Western firms": a
  plural noun whose counterparty is a class of states or firms is a line of business, not one
  agreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor._rules._actors import find_actors
from extractor._rules._context import RuleContext
from extractor._rules._vocabulary import countries_in

__all__ = [
    "Company",
    "attached_span",
    "bystanders",
    "companies_in",
    "counterparty_organisation",
    "is_generic_plural",
    "origin_spans",
    "party_scope",
]

# Nouns that say a name is a company ("the Russian state nuclear corporation Rosatom")
_COMPANY_NOUNS = (
    r"firm|company|corporation|manufacturer|maker|planemaker|carmaker|shipbuilder|shipyard|contractor|"
    r"conglomerate|giant|group|producer|supplier|exporter|operator|utility|lender|developer|consortium"
)
_NAME = r"[A-Z][\w&'’.-]*(?:\s+(?:&\s+)?[A-Z][\w&'’.-]*){0,3}"
_COMPANY_BEFORE = re.compile(
    rf"\b(?:{_COMPANY_NOUNS})\s+(?P<name>{_NAME})",
)
_LEGAL_SUFFIX = re.compile(
    r"(?P<name>(?:[A-Z][\w&'’-]*\s+){0,3}[A-Z][\w&'’-]*),?\s+(?:Inc|Corp|Corporation|Co|Ltd|LLC|PLC|plc|AG|SA|"
    r"GmbH|NV|SpA|Group|Aviation|Aerospace|Systems|Industries|Technologies|Motors|Airlines|Airways|Holdings|"
    r"Dynamics|Electronics|Shipbuilding|Petroleum)\b\.?"
)
# "Rosatom, Russia's state nuclear corporation," / "Boeing, the US planemaker,": an apposition that types it
_COMPANY_APPOSITION = re.compile(rf"(?P<name>{_NAME}),\s+(?:the\s+|a\s+)?(?:[\w'’.-]+\s+){{0,4}}(?:{_COMPANY_NOUNS})\b")
_ROLE_IS_COMPANY = re.compile(rf"\b(?:{_COMPANY_NOUNS}|Inc|Corp|Ltd|PLC)\b", re.IGNORECASE)
# Words that look like names after a company noun but are not one ("the company Monday", "the group In")
_NOT_A_NAME = re.compile(
    r"^(?:The|A|An|In|On|At|For|And|But|President|Minister|Governor|Chairman|Chief|CEO|Director|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


@dataclass(frozen=True)
class Company:
    """An organisation that is a party in its own right, at ``[start, end)``."""

    name: str
    start: int
    end: int


def companies_in(ctx: RuleContext, start: int, end: int) -> list[Company]:
    """Companies named in ``ctx.text[start:end]``: by a company noun, a legal suffix, an apposition, or a
    registry organisation whose description says it is a company."""
    text = ctx.text
    found: list[Company] = []
    for pattern in (_COMPANY_BEFORE, _LEGAL_SUFFIX, _COMPANY_APPOSITION):
        for match in pattern.finditer(text, start, end):
            name = match.group("name").strip().rstrip(".")
            if _NOT_A_NAME.match(name) or countries_in(text, match.start("name"), match.end("name")):
                continue
            if pattern is _LEGAL_SUFFIX:
                name = match.group().rstrip(".").strip()  # "Lockheed Martin Corp": the suffix is part of the name
            found.append(Company(name, match.start("name"), match.start("name") + len(name)))
    for actor in find_actors(ctx, start, end):
        if actor.kind == "organisation" and actor.actor.role and _ROLE_IS_COMPANY.search(actor.actor.role):
            found.append(Company(actor.actor.name, actor.start, actor.end))
    unique: list[Company] = []
    for company in sorted(found, key=lambda c: (c.start, -c.end)):
        if not any(c.start <= company.start < c.end for c in unique):
            unique.append(company)
    return unique


_WITH_NAME = re.compile(rf"\s+with\s+(?:the\s+)?(?P<name>{_NAME})(?!['’])")


def counterparty_organisation(ctx: RuleContext, end: int, clause_end: int) -> Company | None:
    """ "a contract with Lockheed Martin": a name right after "with" that is no country, capital,
    international organisation or known person is an organisation that is a party of its own."""
    from extractor._rules._vocabulary import ORGANISATIONS

    match = _WITH_NAME.match(ctx.text, end, clause_end)
    if match is None:
        return None
    name = match.group("name").rstrip(".")
    at = match.start("name")
    span = (at, at + len(name))
    if _NOT_A_NAME.match(name) or countries_in(ctx.text, *span) or ORGANISATIONS.search(ctx.text, *span):
        return None
    if any(actor.kind == "person" for actor in find_actors(ctx, *span)):
        return None  # "a deal with Erdogan": the person's country, found elsewhere
    return Company(name, *span)


def origin_spans(ctx: RuleContext, companies: list[Company], start: int) -> list[tuple[int, int]]:
    """The stretches just before each company ("Russia's state nuclear corporation", "US planemaker") that
    only say where it is from: a country named there is not a party."""
    spans: list[tuple[int, int]] = []
    for company in companies:
        head = ctx.text.rfind(" with ", start, company.start)
        head = max(head, ctx.text.rfind(" and ", start, company.start), start, company.start - 50)
        spans.append((head, company.end + 40))
    return spans


# --- clause scope ---------------------------------------------------------------------------------

# ", Brazil's foreign ministry said in a statement." / ", according to Egypt's presidency"
_TRAILING_ATTRIBUTION = re.compile(
    r",\s+(?:according\s+to\b|(?:[\w'’.-]+\s+){1,6}(?:said|says|told|added|announced|reported|stated)\b)"
)


def party_scope(text: str, clause: tuple[int, int], position: int) -> tuple[int, int]:
    """The clause without a trailing attribution after the agreement noun at ``position``."""
    attribution = _TRAILING_ATTRIBUTION.search(text, position, clause[1])
    return clause[0], attribution.start() if attribution else clause[1]


_STOP = re.compile(
    r"\b(?:a|an|the|this|that|these|those|its|their|his|her|our|for|of|to|on|in|as|at|by|under|over|with|from|"
    r"into|and|or|but|said|says|signed|sign|signs|reached|was|were|is|are|be|been|will|would)\b",
    re.IGNORECASE,
)
_PREPOSITION = re.compile(
    r"for|of|to|on|in|as|at|by|under|over|with|from|into|about|against|toward|towards|and|or|than|"
    r"said|says|say|told|added|noted|stated"
)
_COMPLEMENT = re.compile(
    r"\s+(?:(?:signed|reached|concluded|agreed)\s+)?(?:with|between|among)\s+(?P<np>[^,;:.()]{1,80})"
)


def attached_span(text: str, clause: tuple[int, int], start: int, end: int) -> tuple[tuple[int, int], bool]:
    """The words tied to the agreement noun at ``[start, end)``: its pre-modifiers back to the determiner (a
    possessor included: "Chile's new fisheries deal", "the Egypt-Israel treaty") and a "with"/"between"
    complement; and whether the noun belongs to the clause's subject, by a possessive pronoun ("their
    pact") or as the object of the subject's verb ("Peru and Ecuador reaffirmed the treaty")."""
    left = max(clause[0], start - 60)
    stops = list(_STOP.finditer(text, left, start))
    complement = _COMPLEMENT.match(text, end, clause[1])
    span = (stops[-1].end() if stops else left, complement.end("np") if complement else end)
    if not stops:
        return span, False
    if stops[-1].group().lower() in ("its", "their", "our"):
        return span, True
    verb = re.search(r"([\w'’-]+)\s+$", text[max(clause[0], stops[-1].start() - 30) : stops[-1].start()])
    return span, bool(verb and not _PREPOSITION.fullmatch(verb.group(1).lower()))


# "Norway said ...", "Russia's foreign ministry said ...": a speaker; "Sweden's decision": the owner of
# something else. Neither is thereby a side of an agreement the clause mentions without signing it.
_SPEAKS_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:(?:[\w-]+\s+){0,3})?(?:said|says|say|told|stated|added|warned|noted|announced|argued|"
    r"insisted|claimed|accused|called)\b"
)
_OWNS_AFTER = re.compile(r"['’]s?\s+(?:[a-z][\w-]*\s+){0,2}(?P<head>[a-z][\w-]*)\b")
_SIDE_HEADS = re.compile(
    r"(?:president|prime|premier|minister|ministers|ministry|government|leader|leaders|king|queen|emir|"
    r"envoy|ambassador|delegation|parliament|cabinet|officials?|negotiators?|army|navy|military|forces|"
    r"troops|state|foreign|defen[cs]e|trade|top|chief|new|first|largest|biggest|national|"
    r"deal|deals|agreement|agreements|treaty|treaties|pact|pacts|accord|accords|contract|contracts|lease|"
    r"memorandum|memoranda|protocol|convention|arrangement|framework|understanding)"
)


def bystanders(text: str, scope: tuple[int, int], attached: tuple[int, int]) -> set[str]:
    """Countries that the clause names only as a speaker or as the owner of something other than the
    agreement or an office, outside the words tied to the agreement noun."""
    from extractor._countries import country_name

    roles: dict[str, list[bool]] = {}
    for mention in countries_in(text, *scope):
        inside = attached[0] <= mention.start < attached[1]
        owns = _OWNS_AFTER.match(text, mention.end)
        aside = not inside and (
            _SPEAKS_AFTER.match(text, mention.end) is not None
            or (owns is not None and not _SIDE_HEADS.fullmatch(owns.group("head")))
        )
        roles.setdefault(country_name(mention.code), []).append(aside)
    return {name for name, asides in roles.items() if all(asides)}


# --- generic plurals ------------------------------------------------------------------------------

_CLASS_OF_PARTIES = re.compile(
    r"\s+with\s+(?:(?:several|many|various|numerous|other|some|a\s+(?:number|host|range)\s+of|dozens\s+of|"
    r"a\s+dozen|multiple|foreign|western|eastern|regional|neighbou?ring|private)\s+|[A-Z][\w-]*\s+|"
    r"(?:\w+\s+){0,1})?(?:countries|nations|states|governments|partners|neighbou?rs|allies|firms|companies|"
    r"suppliers|buyers|clients|customers|capitals|powers|manufacturers|contractors)\b",
    re.IGNORECASE,
)
_COUNTED = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+|both|the)\s+(?:[\w-]+\s+){0,3}$", re.I)


def is_generic_plural(text: str, start: int, end: int, noun: str, clause_end: int) -> bool:
    """A plural agreement noun whose counterparty is a class ("arms deals with African countries"), not
    counted or made definite ("two deals", "the deals")."""
    plural = noun.endswith(("s", "ies", "memoranda")) and not noun.endswith("us")
    if not plural:
        return False
    if _COUNTED.search(text, max(0, start - 40), start):
        return False
    return _CLASS_OF_PARTIES.match(text, end, clause_end) is not None
