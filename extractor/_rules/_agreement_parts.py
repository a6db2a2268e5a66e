"""Parts of an agreement mention: its title, duration, signing date, parties, covered facilities, status."""

from __future__ import annotations

import re

from extractor._countries import country_name
from extractor._rules._actors import find_actors
from extractor._rules._agreement_scope import Company, companies_in, origin_spans
from extractor._rules._context import RuleContext
from extractor._rules._dates import DateMatch, find_dates
from extractor._rules._vocabulary import countries_in, parties_in
from extractor._text import NUMBER_WORDS, Span
from schema import AgreementStatus, MilitaryFacility

SIGNING = re.compile(r"\b(?:signed|concluded|inked|struck|reached|sealed|agreed|clinched|finali[sz]ed)\b")

_TITLE = re.compile(
    r"\b(?:the\s+)?(?P<title>(?:[A-Z][\w.'’-]*\s+(?:(?:of|on|and|for|the|de)\s+|[A-Z0-9][\w.'’-]*\s+){0,5})?"
    r"(?:Treaty|Accords?|Agreement|Pact|Convention|Memorandum|Protocol|Charter)(?:\s+(?:of|on)\s+"
    r"(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*){0,4})?)"
)
_ACRONYM_TITLE = re.compile(
    r"\b(?:the\s+)?(?P<title>(?:New\s+)?[A-Z]{3,}(?:[\s-][A-Z][\w-]*)?\s+(?:treaty|pact|accords?|deal|agreement))\b"
)
_YEARS = r"(?P<n>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_DURATION_ADJ = re.compile(rf"\b{_YEARS}[-\s]year(?:s)?(?:[-\s]long)?\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE)
_DURATION_FOR = re.compile(rf"\b(?:for|(?:term|period|duration)\s+of)\s+(?:(?:a|another|a\s+further|a\s+period\s+of|"
                           rf"up\s+to)\s+)?{_YEARS}\s+(?:more\s+)?"
                           r"(?P<unit>years|decades)\b", re.IGNORECASE)  # fmt: skip
_DECADE = re.compile(r"\b(?:decade-long|for\s+a\s+decade|ten-year)\b", re.IGNORECASE)
_ANAPHORIC_PLACE = re.compile(
    r"\b(?:there|th(?:ose|ese)\s+(?:\w+\s+)?(?:bases|outposts|facilities|installations|sites)|the\s+(?:two\s+)?"
    r"(?:bases|facilities|installations)|(?:the|this|that)\s+(?:base|airbase|facility|installation|outpost)|"
    r"both\s+(?:bases|facilities|sites)|them)\b",
    re.IGNORECASE,
)
_STATUS_CUES: list[tuple[AgreementStatus, re.Pattern[str]]] = [
    ("terminated", re.compile(r"\b(?:cancel\w*|scrap\w*|withdr[ae]w\s+from|pull(?:ed|s)?\s+out\s+of|tore\s+up|"
                              r"lapsed|replaces|replaced|superseded|supersedes|"
                              r"terminat\w*|annul\w*|revok\w*|expired|abrogat\w*|ditch\w*|suspend\w*)\b", re.I)),
    ("under_review", re.compile(r"\b(?:revis\w*|review\w*|renegotiat\w*|reconsider\w*|revisit\w*|re-?evaluat\w*|"
                                r"amend\w*|re-?examin\w*)\b", re.I)),
    ("proposed", re.compile(r"\b(?:(?:will|would|could|to)\s+be\s+signed|hope\s+to|negotiat\w*|draft|propos\w*|"
                            r"(?:will|would|could|plan\w*\s+to|"
                            r"expected\s+to|set\s+to|aim\w*\s+to|seek\w*\s+to)\s+(?:sign|conclude|reach|agree)|"
                            r"seeking\s+a|in\s+talks)\b", re.I)),
    ("in_force", re.compile(r"\b(?:valid|in\s+force|in\s+place|in\s+effect|"
                            r"remains?|still|established\s+under|under\s+which|"
                            r"under\s+(?:a|the)\s+(?:\w+\s+){0,3}(?:lease|treaty|agreement|deal|pact)|ratified|"
                            r"honou?r\w*|respect\w*|reaffirm\w*|uphold\w*|stands\s+by|current)\b", re.I)),
    # "X and Y signed a treaty on Wednesday": a signed agreement is in force unless the text says otherwise
    ("in_force", re.compile(r"\b(?:signed|inked|sealed|concluded|clinched)\b", re.I)),
]  # fmt: skip


def title_of(text: str, sentence: Span, start: int, end: int) -> str | None:
    for pattern in (_TITLE, _ACRONYM_TITLE):
        for match in pattern.finditer(text, max(sentence.start, start - 80), min(sentence.end, end + 60)):
            if not (match.start("title") <= start < match.end("title")):
                continue
            title = match.group("title").strip()
            head_words = [w for w in title.split()[:-1] if w[:1].isupper()]
            if pattern is _TITLE and (not head_words and " of " not in title):
                continue
            if match.start("title") == sentence.start and len(head_words) <= 1 and " of " not in title:
                continue  # a capitalised sentence opening ("Agreement was reached"), not a name
            return title
    return None


def duration_of(before: str, after: str) -> float | None:
    adjective = _DURATION_ADJ.search(before)
    if adjective:
        return _number(adjective.group("n"))
    spelled = _DURATION_FOR.search(after) or _DURATION_FOR.search(before)
    if spelled:
        value = _number(spelled.group("n"))
        return value * 10 if value is not None and spelled.group("unit").lower() == "decades" else value
    if _DECADE.search(before) or _DECADE.search(after):
        return 10.0
    return None


def _number(word: str) -> float | None:
    if word.isdigit():
        return float(word)
    value = NUMBER_WORDS.get(word.lower())
    return float(value) if value is not None else None


_PERFECT = re.compile(
    r"\b(?:has|have)\s+(?:(?:now|also|just|already|formally|officially)\s+)?"
    r"(?:signed|concluded|inked|sealed|clinched|finali[sz]ed|struck)\b"
)
_RELATIVE = re.compile(r",\s+(?:which|who|whose|where|after|before|when|while)\b")


def _is_a_day(text: str, date: DateMatch) -> bool:
    """A day ("on Monday", "February 10") rather than a year or month."""
    return date.value is not None and len(date.value) == 10 and not text[date.start : date.end].isdigit()


_FUTURE = re.compile(r"(?:next|later|by)\b", re.IGNORECASE)


def date_signed_near(ctx: RuleContext, sentence: Span, position: int) -> str | None:
    """A date tied to a signing verb ("signed in 2017", "In 2017, X and Y agreed")."""
    text = ctx.text
    verbs = list(SIGNING.finditer(text, sentence.start, sentence.end))
    if not verbs:
        return None
    # "Egypt has signed a deal with X ..., the presidency said on Thursday": the present perfect reports a
    # signing as the day's news, so the day the sentence gives (however far from the verb) is its date; a
    # bare year or month there ("which built the plant in 2015") dates something else
    perfect = _PERFECT.search(text, sentence.start, sentence.end) is not None
    best: tuple[int, str] | None = None
    for date in find_dates(ctx, sentence.start, sentence.end):
        if date.value is None or re.match(r"(?:since|until|by)\b", date.text, re.IGNORECASE):
            continue
        after = [v for v in verbs if v.end() <= date.start]
        if after and not _is_a_day(text, date) and _RELATIVE.search(text, after[-1].end(), date.start):
            continue  # "signed a deal with Russia, which built its first reactor in 2017": another event's date
        distance = min(date.start - v.end() if date.start >= v.end() else abs(v.start() - date.end) for v in verbs)
        opening = date.start - sentence.start <= 3 and text[date.end : date.end + 2].startswith(",")
        reported_day = perfect and len(date.value) == 10 and not _FUTURE.match(text, date.start)
        if distance <= 70 or opening or reported_day:
            score = distance if not opening else 30
            if best is None or score < best[0]:
                best = (score, date.value)
    return best[1] if best else None


def parties_of(ctx: RuleContext, sentence: Span, clause: tuple[int, int], covered: list[MilitaryFacility]) -> list[str]:
    text = ctx.text
    joint = re.compile(r"(?P<pair>[A-Z][\w'’ .-]{1,40}?\s+and\s+(?:the\s+)?[A-Z][\w'’ .-]{1,40}?)\s+"
                       r"(?:have\s+|had\s+|also\s+)?(?:signed|agreed|concluded|inked|reached|struck|renewed|"
                       r"extended|sealed)\b")  # fmt: skip
    between = re.compile(r"\bbetween\s+(?P<pair>(?:the\s+)?[A-Z][\w'’ .-]{1,40}?\s+and\s+(?:the\s+)?[A-Z][\w'’.-]+"
                         r"(?:\s+[A-Z][\w'’.-]+)?)")  # fmt: skip
    for pattern in (joint, between):
        match = pattern.search(text, clause[0], clause[1])
        if match:
            found = parties_in(text, match.start("pair"), match.end("pair"))
            if len(found) >= 2:
                return found
    named = parties_in(text, sentence.start, sentence.end)
    if covered and len(named) < 2:
        return _facility_parties(covered)  # "a 49-year lease" on Russia's bases in Syria
    signed = SIGNING.search(text, clause[0], clause[1]) is not None
    if len(named) < 2 and not signed and _PAIR_ANAPHORA.search(text, clause[0], clause[1]):
        named = _pair_before(ctx, sentence, named)
    if SIGNING.search(text, clause[0], clause[1]):
        # "Trump and Takaichi signed ...": the signatories' countries (a company signs for itself)
        for actor in find_actors(ctx, clause[0], clause[1]):
            if actor.kind == "organisation" and any(c.start == actor.start for c in companies_in(ctx, *clause)):
                continue
            if actor.actor.country and country_name(actor.actor.country) not in named:
                named.append(country_name(actor.actor.country))
    if len(named) < 2 and signed and _PAIR_ANAPHORA.search(text, clause[0], clause[1]):
        named = _pair_before(ctx, sentence, named)  # "The two sides signed ...": the pair named before
    return named


_PAIR_ANAPHORA = re.compile(
    r"\b(?:the\s+two|both)\s+(?:countries|nations|governments|sides|ministers|leaders|presidents|neighbou?rs|capitals)\b",
    re.IGNORECASE,
)


def names_pair(text: str, clause: tuple[int, int]) -> bool:
    """ "the two countries", "both sides": the clause names its parties as a pair told before."""
    return _PAIR.search(text, clause[0], clause[1]) is not None


_PAIR = re.compile(
    r"\b(?:the\s+two|both)\s+(?:[\w-]+\s+)?(?:countries|nations|governments|sides|ministers|leaders|presidents|"
    r"neighbou?rs|capitals|allies|partners|states)\b",
    re.IGNORECASE,
)


def _pair_before(ctx: RuleContext, sentence: Span, named: list[str]) -> list[str]:
    """ "the two countries": the pair of countries the closest earlier sentence names (three at most)."""
    index = next((i for i, s in enumerate(ctx.sentences) if s.start <= sentence.start < s.end), 0)
    for earlier in reversed(ctx.sentences[max(0, index - 3) : index]):
        found = list(named)
        for name in parties_in(ctx.text, earlier.start, earlier.end) + [
            country_name(a.actor.country) for a in find_actors(ctx, earlier.start, earlier.end) if a.actor.country
        ]:
            if name not in found:
                found.append(name)
        if len(found) == 2:
            return found
    return named


def _facility_parties(covered: list[MilitaryFacility]) -> list[str]:
    """A base lease binds the facility's operator and its host."""
    parties: list[str] = []
    for facility in covered:
        for code in (facility.operator, facility.host_country):
            if code and country_name(code) not in parties:
                parties.append(country_name(code))
    return parties


def facilities_covered(
    ctx: RuleContext, index: int, sentence: Span, facilities: list[MilitaryFacility]
) -> list[MilitaryFacility]:
    """Facilities named in the sentence, or in the one before when the sentence says "there"."""
    spans = [sentence]
    if _ANAPHORIC_PLACE.search(ctx.text, sentence.start, sentence.end) and index > 0:
        spans.append(ctx.sentences[index - 1])
    return [
        facility
        for facility in facilities
        if any(e.start < s.end and s.start < e.end for e in facility.evidence for s in spans)
    ]


def status_of(clause_text: str) -> AgreementStatus:
    for status, cue in _STATUS_CUES:
        if cue.search(clause_text):
            return status
    return "unknown"


# "signed peace treaties with Israel - Egypt and Jordan -": the counterparty after "with", the other side
# in an apposition set off by dashes or commas right after it, or before the noun in its own clause.
_WITH_PARTY = re.compile(r"\s+with\s+(?P<with>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})")
# "a contract with the Chinese firm Norinco", "a deal with Dassault Aviation": a company as counterparty
_COMPANY = re.compile(
    r"\s+with\s+(?:the\s+)?(?:(?:[A-Z][\w'’-]*\s+)?(?:state-owned\s+|defen[cs]e\s+|arms\s+)?(?P<noun>firm|company|"
    r"group|manufacturer|maker|corporation|contractor|giant|conglomerate|shipbuilder|carrier)\s+)?"
    r"(?P<company>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3})"
)
_CORPORATE = re.compile(
    r"\b(?:Inc|Corp|Corporation|Co|Ltd|LLC|PLC|plc|AG|SA|GmbH|Group|Aviation|Aerospace|Systems|Industries|"
    r"Technologies|Motors|Airlines|Airways|Holdings|Dynamics|Electronics|Shipbuilding|Energy|Petroleum)\b\.?$"
)
_APPOSED_PARTIES = re.compile(r"\s*(?:[-–—]|,)\s*(?P<list>[A-Z][^-–—,;.]{1,80}?)\s*(?:[-–—]|,)")


def own_clause_parties(
    text: str, clause: tuple[int, int], span: tuple[int, int], sentence_end: int, companies: list[Company]
) -> tuple[list[str], list[str]] | None:
    """(one side, the counterparty) of an agreement noun at ``[start, end)`` followed by "with X", read from
    the noun's own clause; None when the clause does not give both. ``companies`` are the clause's
    companies: one right after "with" is the counterparty, whatever country it is from."""
    start, end = span
    company = _COMPANY.match(text, end, clause[1])
    with_match = _WITH_PARTY.match(text, end, clause[1])
    typed = next((c for c in companies if with_match and with_match.start() < c.start <= with_match.end() + 50), None)
    if typed is not None and with_match is not None and not re.search(r"[,;]", text[with_match.start() : typed.start]):
        counter = [typed.name]  # "with Russia's state nuclear corporation Rosatom": the corporation
        with_match = re.compile(r"[^,;]*?" + re.escape(typed.name)).match(text, end) or with_match
    elif company is not None and (company.group("noun") or _CORPORATE.search(company.group("company"))):
        counter = [company.group("company")]  # a company stays a company, whatever country it is from
        with_match = company
    elif with_match is not None:
        counter = parties_in(text, with_match.start("with"), with_match.end("with"))
    else:
        return None
    if len(counter) != 1:
        return None
    apposed = _APPOSED_PARTIES.match(text, with_match.end(), sentence_end)
    side = parties_in(text, apposed.start("list"), apposed.end("list")) if apposed else []
    if not side:
        side = parties_in(text, clause[0], start)
    side = [party for party in side if party not in counter]
    subject = [c.name for c in companies if clause[0] <= c.start < start and c.name not in counter]
    side = subject + [party for party in side if not subject or party not in _origins(text, subject, clause, start)]
    return (side, counter) if side else None


def _origins(text: str, names: list[str], clause: tuple[int, int], noun: int) -> list[str]:
    """Countries that only say where a company is from ("US planemaker Boeing", "Kongsberg, the Norwegian
    defence company,")."""
    origins: list[str] = []
    for name in names:
        at = text.find(name, clause[0], clause[1])
        origins += parties_in(text, max(clause[0], at - 40), min(noun, at + len(name) + 50)) if at >= 0 else []
    return origins


def type_companies(
    ctx: RuleContext, parties: list[str], scope: tuple[int, int], attached: tuple[int, int]
) -> list[str]:
    """Companies that sign (before the noun) or are its counterparty (in its "with" complement) are parties
    of their own; a country named only as where such a company is from is dropped."""
    text = ctx.text
    companies = [c for c in companies_in(ctx, *scope) if c.start < attached[0] or attached[0] <= c.start < attached[1]]
    if not companies:
        return parties
    origins = origin_spans(ctx, companies, scope[0])
    mentions = countries_in(text, scope[0], scope[1])
    placed: list[tuple[int, str]] = []
    for party in parties:
        at = [m.start for m in mentions if country_name(m.code) == party]
        if at and all(any(a <= m < b for a, b in origins) for m in at):
            continue  # "Russia's state nuclear corporation Rosatom": Russia is where it is from
        found = text.find(party, scope[0], scope[1])
        placed.append((min(at) if at else (found if found >= 0 else scope[1]), party))
    for company in companies:
        if company.name not in (name for _, name in placed):
            placed.append((company.start, company.name))
    return [name for _, name in sorted(placed, key=lambda item: item[0])]
