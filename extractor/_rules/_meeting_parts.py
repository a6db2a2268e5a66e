"""Pieces of a meeting sentence: who is on each side of the verb, where, when, and in what status."""

from __future__ import annotations

import re
from dataclasses import replace

from extractor._countries import adjective_codes, country_name
from extractor._rules._actors import ActorMatch, find_actors, resolve_pronoun
from extractor._rules._context import RuleContext
from extractor._rules._offices import office_mentions
from extractor._rules._vocabulary import ORGANISATIONS, countries_in, organisation_name, sentence_at, words
from schema import Actor

# Words allowed between a verb and its object ("met for three hours with", "hosted in Moscow
# by Russian President"): function words, titles, durations. Anything else ends the search,
# so "met expectations" or "welcomed the decision" never reach a later name.
_GLUE = frozenset(
    words(
        """with by to the a an his her their its for on in at of and also again briefly separately later
        privately virtually formally officially counterpart counterparts president minister foreign prime
        defence defense secretary leader chancellor king queen prince crown emir sheikh premier deputy vice
        general interim top senior state new visiting hours hour minutes one two three four five several
        over about nearly almost more than phone telephone video via link de facto first last next this earlier
        finance treasury health trade economy economic interior energy justice agriculture commerce education
        affairs security national adviser advisor envoy ambassador spokesman spokeswoman spokesperson chief
        attorney mayor governor commissioner representative army military navy commander lawyer aide"""
    )
)
_WORD = re.compile(r"[\w'’.-]+")
_REPORTING = re.compile(r"\b(?:said|says|told|tells|added|noted|according|stated|announced)\b|[\"“”]")
_SUBJECT_PRONOUN = re.compile(r"\b(?P<pronoun>he|she|they)\s+(?:and\s+(?:his|her|their)\s+\w+\s+)?"
                              r"(?:(?:had|has|have|also|then|later|will|would|did|is|was|are|were|been|"
                              r"(?:due|expected|set|scheduled|going|planning|hoping)\s+to)\s+)*"
                              # "he had one in-person meeting with": the meeting as the object of "had"/"held"
                              r"(?:(?:had|held|has|have)\s+(?:a|an|one|the|two|three)\s+(?:[\w-]+\s+){0,2})?$",
                              re.IGNORECASE)  # fmt: skip
_TWO_SIDES = re.compile(r"\b(?:the\s+)?(?:two|both)\s+(?:leaders|sides|presidents|ministers|men|heads\s+of\s+state|"
                        r"counterparts|delegations|countries)\b", re.IGNORECASE)  # fmt: skip
_GROUP_NOUN = re.compile(r"\b(?:diplomats|delegation|delegations|officials|rulers|leaders|leadership|authorities|"
                         r"envoys|team|representatives|committee|council|commission|cabinet)\b",
                         re.IGNORECASE)  # fmt: skip
_FUTURE_BEFORE = re.compile(
    # modality as well as tense: what "could", "may" or "wants to" happen has not happened yet
    r"\b(?:will|would|shall|could|may|might|should|must|can|to|is\s+to|are\s+to|plans?\s+to|planning\s+to|"
    r"expected\s+to|set\s+to|due\s+to|scheduled\s+to|hopes?\s+to|going\s+to)\s+"
    r"(?:(?:also|again|formally|soon|later|officially|be)\s+)*$",
    re.IGNORECASE,
)
_FUTURE_NOUN = re.compile(r"\b(?:upcoming|planned|proposed|forthcoming|scheduled|next|future|possible|"
                          r"potential|expected)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)  # fmt: skip
# "ahead of Mexican President Claudia Sheinbaum's visit": the visit is still to come
_AHEAD_OF = re.compile(r"\b(?:ahead\s+of|in\s+preparation\s+for|in\s+the\s+run-up\s+to)\s+(?:[\w'’.-]+\s+){0,6}$",
                       re.IGNORECASE)  # fmt: skip
_FUTURE_TIME = re.compile(r"\b(?:next\s+(?:week|month|year)|later\s+this\s+(?:week|month|year)|tomorrow|"
                          r"in\s+the\s+coming\s+(?:days|weeks|months))\b", re.IGNORECASE)  # fmt: skip
_CANCELLED = re.compile(r"\b(?:cancel(?:l?ed|s|led)?|called\s+off|scrapped|postponed|shelved|pulled\s+out\s+of|"
                        r"withdrew\s+from)\b", re.IGNORECASE)  # fmt: skip
_POLITICAL_ROLE = re.compile(
    r"\b(?:president|minister|premier|chancellor|king|queen|prince|emir|sheikh|sultan|secretary|ambassador|"
    r"envoy|leader|spokes\w+|diplomat|official|general|commander|senator|governor|mayor|chief|head|"
    r"chairman|chair|director|representative|ayatollah|pope|delegat\w*|negotiator|adviser|advisor)\b",
    re.IGNORECASE,
)


_TITLED_PAIR = re.compile(
    r"\b(?P<title>(?:[a-z]+\s+){0,2}(?:chiefs|heads|directors?[\s-]generals?|directors|commanders|ministers|"
    r"secretaries|envoys|negotiators)(?:\s+(?:of|for)\s+(?:[a-z]+\s+){1,3}?)?)\s*of\s+"
    r"(?P<a>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+and\s+(?P<b>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\b"
)
_SINGULAR = {"chiefs": "chief", "heads": "head", "directors": "director", "generals": "general",
             "commanders": "commander", "ministers": "minister", "secretaries": "secretary", "envoys": "envoy",
             "negotiators": "negotiator"}  # fmt: skip


def titled_pair(ctx: RuleContext, start: int, end: int) -> list[ActorMatch]:
    """ "the chiefs of defence forces of Kenya and Somalia": one unnamed officer per country, named by office."""
    for match in _TITLED_PAIR.finditer(ctx.text, start, end):
        codes = [countries_in(ctx.text, match.start(g), match.end(g)) for g in ("a", "b")]
        if not all(len(c) == 1 for c in codes) or codes[0][0].code == codes[1][0].code:
            continue
        office = " ".join(
            w if w in ("of", "for") else _SINGULAR.get(w, w).capitalize() for w in match.group("title").split()
        )
        return [
            ActorMatch(Actor(name=f"{office} of {country_name(c[0].code)}", country=c[0].code,
                             role=f"{office} of {country_name(c[0].code)}"), match.start(), match.end(), "person")
            for c in codes
        ]  # fmt: skip
    return []


def is_political(ctx: RuleContext, match: ActorMatch) -> bool:
    """Registry actors, organisations and titled officials, or a person whose apposition gives an office
    ("Rafael Grossi, the head of the U.N. nuclear watchdog,"); not an untitled person (a player, a coach)."""
    if match.kind != "person" or ctx.registry.entry(match.actor.name) is not None:
        return True
    if match.actor.role and _POLITICAL_ROLE.search(match.actor.role):
        return True
    apposition = _APPOSITION_AFTER.match(ctx.text, match.end)
    return apposition is not None and _POLITICAL_ROLE.search(apposition.group()) is not None


# ", the head of the U.N. nuclear watchdog," / ", a senior adviser to the president,"
_APPOSITION_AFTER = re.compile(r",\s+(?:the|a|an|its|his|her)\s+[^,;:]{3,80},")


def _glue_only(text: str) -> bool:
    for word in _WORD.findall(text):
        if word[:1].isupper() or word[:1].isdigit() or word.lower() in _GLUE:
            continue
        return False
    return not re.search(r"[;:\"“”()]", text)


# "X and North Korean leader Y": up to four title words between the conjunction and the next name
_LIST_GAP = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:(?:the\s+|his\s+|her\s+|their\s+)?(?:[A-Z][\w'’.-]*|leader|president|"
    r"(?:prime\s+|foreign\s+|defen[cs]e\s+)?minister|chancellor|premier|king|crown|prince|"
    r"secretary|counterpart|army|military|navy|chief|general|commander|deputy)\s+){0,5}"
    # an apposition names the next party: "X and his Chinese counterpart, Y,"
    r"(?:(?:his|her|their|its)\s+(?:[A-Z][\w'’-]*\s+)?counterparts?,\s+)?"
)


# Title words between an organisation and a person: "Pakistan army| chief Gen |Qamar Bajwa"
_TITLE_GAP = re.compile(r"\s+(?:(?!(?:and|or|with|the|of|to|in)\b)[a-z]+\s+){1,2}(?:[A-Z][\w.]*\s+)?")
_REPORTS_AFTER = re.compile(r"\s+(?:said|says|told|tells|added|reported|announced|stated)\b")


def _chain(ctx: RuleContext, first: ActorMatch, actors: list[ActorMatch], *, forward: bool) -> list[ActorMatch]:
    """``first`` plus actors joined to it by "and" or commas ("Sharaa and Shaibani")."""
    group = [first]
    ordered = actors if forward else list(reversed(actors))
    current = first
    for candidate in ordered:
        if (candidate.start <= current.start) if forward else (candidate.start >= current.start):
            continue
        gap = ctx.text[current.end : candidate.start] if forward else ctx.text[candidate.end : current.start]
        if candidate.kind != "person" and _TITLE_GAP.fullmatch(gap):
            continue  # "Pakistan army chief Gen X": the organisation is X's title, not a party
        # only a list joins actors ("X and Y", "X, Y and Z"); "NATO Secretary General Mark Rutte" is one
        if not _LIST_GAP.fullmatch(gap) or _REPORTS_AFTER.match(ctx.text, candidate.end):
            break  # "... with X, the Pentagon said": the last name is the source, not a party
        group.append(candidate)
        current = candidate
    return group


def _with_offices(ctx: RuleContext, actors: list[ActorMatch], start: int, end: int) -> list[ActorMatch]:
    """``actors`` plus the people the span names by office only ("the president", "the premier's"), less
    the organisations that are only a person's title ("Sudanese army| chief |Abdel Fattah al-Burhan")."""
    offices = office_mentions(ctx, start, end)
    actors = sorted([*actors, *offices], key=lambda a: a.start) if offices else actors
    kept = []
    for i, actor in enumerate(actors):
        following = actors[i + 1] if i + 1 < len(actors) else None
        title = following is not None and following.kind == "person" and actor.kind != "person"
        if title and following is not None and _TITLE_GAP.fullmatch(ctx.text, actor.end, following.start):
            continue
        kept.append(actor)
    return kept


def object_after(ctx: RuleContext, position: int, clause: tuple[int, int], *, limit: int = 60) -> list[ActorMatch]:
    """The actors a verb or preposition at ``position`` takes as object ("met with X and Y")."""
    found = _with_offices(ctx, find_actors(ctx, position, clause[1]), position, clause[1])
    actors = sorted([*found, *_country_actors(ctx, position, clause)], key=lambda a: a.start)
    pronoun = _OBJECT_PRONOUN.match(ctx.text, position, clause[1])
    if pronoun is not None:
        # "a summit between him and Xi": the pronoun is whoever the sentence is about
        resolved = resolve_pronoun(ctx, pronoun.start("pronoun"))
        if resolved is not None:
            resolved = replace(resolved, start=pronoun.start("pronoun"), end=pronoun.end("pronoun"))
            actors = [resolved, *(a for a in actors if a.start >= resolved.end)]
    for actor in actors:
        gap = ctx.text[position : actor.start]
        if len(gap) > limit or not _glue_only(gap) or ("," in gap and _REPORTS_AFTER.match(ctx.text, actor.end)):
            return []  # "Speaking about X's visit, Geng said": the speaker is no guest
        chain = _chain(ctx, actor, actors, forward=True)
        aide = _aide_after(ctx, chain[-1].end, clause)
        return [*chain, aide] if aide is not None else chain
    return []


# "between Sondland and a top aide to Zelenskiy": a party named only as someone's aide
_AIDE = re.compile(
    r"\s*(?:,\s*)?and\s+(?:an?|the|one)\s+(?:(?:top|senior|close|chief|personal|key)\s+)?"
    r"(?P<role>aide|adviser|advisor|assistant|envoy|emissary|representative|deputy)\s+(?:to|of)\s+$"
)


def _aide_after(ctx: RuleContext, position: int, clause: tuple[int, int]) -> ActorMatch | None:
    people = [a for a in find_actors(ctx, position, min(clause[1], position + 60)) if a.kind == "person"]
    if not people:
        return None
    match = _AIDE.fullmatch(ctx.text, position, people[0].start)
    if match is None:
        return None
    boss = people[0].actor
    role = match.group("role")
    actor = Actor(name=f"{role} to {boss.name}", country=boss.country, role=f"{role.capitalize()} to {boss.name}")
    return ActorMatch(actor, match.start("role"), people[0].end, "person")


_OBJECT_PRONOUN = re.compile(r"\s*(?:with\s+)?(?P<pronoun>him|her)\s+and\s+", re.IGNORECASE)


def _country_actors(ctx: RuleContext, position: int, clause: tuple[int, int]) -> list[ActorMatch]:
    """Countries as parties after "between" ("talks between Moscow and Kyiv"), where no named actor stands."""
    if not re.search(r"between\s*$", ctx.text[max(clause[0], position - 10) : position]):
        return []
    taken = find_actors(ctx, position, clause[1])
    found = [
        ActorMatch(Actor(name=country_name(c.code), country=c.code, role=None), c.start, c.end, "organisation")
        for c in countries_in(ctx.text, position, clause[1])
        if c.surface not in adjective_codes()
    ]
    for match in ORGANISATIONS.finditer(ctx.text, position, clause[1]):
        name = organisation_name(match.group())
        found.append(ActorMatch(Actor(name=name), match.start(), match.end(), "organisation"))
    return [f for f in found if not any(a.start < f.end and f.start < a.end for a in taken)]


def subject_before(
    ctx: RuleContext, position: int, clause: tuple[int, int], *, limit: int = 110, exclude: frozenset[str] = frozenset()
) -> list[ActorMatch]:
    """The actors that do the verb at ``position``: "X met", "X and Y met", "he and his delegation had met",
    "X's call with", "his first telephone call with", "X urged Y ... during talks with"."""
    head = ctx.text[clause[0] : position]
    pronoun = _SUBJECT_PRONOUN.search(head) or _POSSESSIVE_PRONOUN.search(head)
    if pronoun is not None:
        if pronoun.groupdict().get("pronoun", "").lower() == "they":
            pair = _pair_in(ctx, ctx.text.rfind(".", 0, clause[0]) + 1, clause[0] + pronoun.start())
            if pair:
                return pair  # "agreed by Xi and Biden when they met"
        at = clause[0] + pronoun.start()
        resolved = _referent(ctx, at, exclude) if exclude else resolve_pronoun(ctx, at)
        return [resolved] if resolved is not None else []
    actors = _with_offices(ctx, find_actors(ctx, clause[0], position), clause[0], position)
    if not actors:
        phrase = _POSSESSOR_OF_PHRASE.search(head)
        resolved = resolve_pronoun(ctx, clause[0] + phrase.start()) if phrase else None
        return [resolved] if resolved is not None else []
    last = actors[-1]
    gap = ctx.text[last.end : position]
    if _OCCASION.search(head) and not _INFINITIVE.search(head):
        # "during talks with": the occasion of the clause's main verb, whose subject comes first.
        first = actors[0]
        # "X said on Monday during a meeting with Y": the speaker was at the meeting the words were said in
        if not _REPORTING_VERB.search(ctx.text, first.end, position) or _SAID_DURING.search(head):
            return [first]
        return []
    if _SAID_GERUND.fullmatch(gap):
        return [last]  # "X said meeting with Y was useful": the speaker tells of his own meeting
    if len(gap) > limit or _REPORTING.search(gap) or not _subject_gap(gap):
        # "Rafael Grossi, the head of the U.N. nuclear watchdog, is due to visit": the last name sits in
        # an apposition; the subject is the name before it
        earlier = [a for a in actors[:-1] if _APPOSITION_AFTER.match(ctx.text, a.end)]
        if not earlier:
            return []
        gap = ctx.text[earlier[-1].end : position]
        if len(gap) > limit or _REPORTING.search(gap) or not _subject_gap(gap):
            return []
        last = earlier[-1]
    return list(reversed(_chain(ctx, last, actors, forward=False)))


def _referent(ctx: RuleContext, position: int, exclude: frozenset[str]) -> ActorMatch | None:
    """The person a pronoun at ``position`` refers to, when it cannot be one of ``exclude`` ("he was
    received by Albanese": "he" is not Albanese): the first other person of this sentence before it,
    else of the nearest earlier sentence that names one."""
    index = sentence_at(ctx, position)
    if index is None:
        return None
    for number in range(index, max(-1, index - 4), -1):
        sentence = ctx.sentences[number]
        end = position if number == index else sentence.end
        people = [
            a for a in find_actors(ctx, sentence.start, end) if a.kind == "person" and a.actor.name not in exclude
        ]
        if people:
            return people[0]
    return None


_POSSESSIVE_PRONOUN = re.compile(r"\b(?:his|her|their)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
# "his abrupt departure from a high-profile meeting": the possessor of a noun phrase that ends in the meeting
_POSSESSOR_OF_PHRASE = re.compile(
    r"\b(?P<pronoun>his|her|their)\s+(?:[\w-]+\s+){0,2}(?:from|of|at|to|in|during|after|before)\s+"
    r"(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_OCCASION = re.compile(
    r"\b(?:during|at|in|after|before|amid|following|for)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}$"
)
_SAID_GERUND = re.compile(r"\s+(?:said|says|added|noted)\s+(?:that\s+)?")
_INFINITIVE = re.compile(r"\bto\s+$")  # "are in Beijing to meet": a verb, not the occasion "in Beijing"
_REPORTING_VERB = re.compile(r"\b(?:said|says|told|tells|added|noted|according)\b")
_SAID_DURING = re.compile(
    r"\b(?:said|says|told\s+\w+|added|noted)\s+(?:(?:on\s+)?\w+day\s+)?(?:during|at|in|after|following|before)\s+"
    r"(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?(?:[\w-]+\s+){0,2}$"
)
_AUXILIARIES = frozenset(
    words(
        """was were had has have been will would is are did do does also then later reportedly finally first
        last recently previously once already never not held holds hold had made conducted began ended concluded
        make makes making pay pays paid expected due set plans planned planning reciprocal official working
        going hoping hopes wants extended extends issued issues sent renewed delivered could may might should
        must can be want agreed agree agrees intends intend hope planning pulled out withdrew"""
    )
)  # fmt: skip


def _subject_gap(gap: str) -> bool:
    """Glue between a subject and its verb, once parentheticals (", who ...,") are removed."""
    if re.match(r"^['’]s\s", gap):
        gap = gap[2:]
    stripped = re.sub(r",[^,]*,|\s[–—-]\s[^–—]*\s[–—-]\s", " ", gap)
    if re.search(r",\s*\S", stripped):
        return False  # "X ... on May 1, the first visit": an appositive, not the verb's subject
    # a lone "." closes an abbreviation the name ends with ("Marcos Jr. is due to meet")
    words = [w for w in _WORD.findall(stripped) if w.lower() not in _AUXILIARIES and w != "."]
    return _glue_only(" ".join(words))


def two_sides(ctx: RuleContext, position: int, clause: tuple[int, int], previous: list[ActorMatch]) -> bool:
    """True when the subject right before ``position`` is "the two leaders" (or similar)."""
    head = ctx.text[max(clause[0], position - 40) : position]
    return bool(previous) and re.search(_TWO_SIDES.pattern + r"\s+(?:\w+\s+){0,3}$", head, re.IGNORECASE) is not None


def _pair_in(ctx: RuleContext, start: int, end: int) -> list[ActorMatch]:
    people = [a for a in find_actors(ctx, start, end) if a.kind == "person"]
    for first in people:
        group = _chain(ctx, first, people, forward=True)
        if len({m.actor.name for m in group}) >= 2:
            return group
    return []


def named_pair_before(ctx: RuleContext, index: int) -> list[ActorMatch]:
    """The last "X and Y" pair of people in this sentence or the two before ("Putin and Kim signed ...")."""
    for sentence in reversed(ctx.sentences[max(0, index - 2) : index + 1]):
        people = [a for a in find_actors(ctx, sentence.start, sentence.end) if a.kind == "person"]
        for first in people:
            group = _chain(ctx, first, people, forward=True)
            if len(group) >= 2 and len({m.actor.name for m in group}) >= 2:
                return group
    return []


def group_subject_or_object(ctx: RuleContext, clause: tuple[int, int], start: int, end: int) -> bool:
    """True when the verb's subject or object is a group ("Diplomats from Ukraine", "Syria's new rulers")."""
    after = ctx.text[end : min(clause[1], end + 40)]
    before = ctx.text[clause[0] : start]
    group = _GROUP_NOUN.pattern
    # "when the Supreme Joint Committee convenes": a body named right before the verb meets
    return (
        bool(re.match(rf"\s*(?:[\w'’]+\s+){{0,3}}{group}", after, re.IGNORECASE))
        or bool(re.match(rf"\s*(?:[\w'’]+\s+){{0,2}}{group}", before, re.IGNORECASE))
        or bool(re.search(rf"\b(?:the|a|its|their)\s+(?:[A-Z][\w'’-]*\s+){{0,4}}(?i:{group})\s+$", before))
    )


def planned(ctx: RuleContext, start: int, end: int, clause: tuple[int, int], *, noun: bool) -> bool:
    before = ctx.text[max(clause[0], start - 40) : start]
    if _FUTURE_BEFORE.search(before) or (noun and _FUTURE_NOUN.search(before)):
        return True
    if noun and _AHEAD_OF.search(ctx.text, max(clause[0], start - 90), start):
        return True
    after = ctx.text[end : min(clause[1], end + 80)]
    if _FUTURE_AFTER.match(ctx.text, end, min(len(ctx.text), end + 120)):
        return True
    return bool(_FUTURE_TIME.search(after))


# The modality of a meeting noun's own clause: "a visit to India, which is expected to take place ...",
# "the summit will be held in May", "talks are due to begin".
_FUTURE_AFTER = re.compile(
    r"[^.;]{0,70}?(?:,\s*(?:which|that)\s+|\s+)(?:is|are)\s+(?:now\s+|also\s+)?(?:expected|due|scheduled|set|slated|"
    r"planned|likely|to)\s+(?:to\s+)?(?:take\s+place|be\s+held|begin|start|open|happen|go\s+ahead)\b"
    r"|[^.;]{0,70}?\bwill\s+(?:take\s+place|be\s+held|begin|start|open)\b",
    re.IGNORECASE,
)


_NEGATED = re.compile(
    r"\b(?:no\s+(?:plans?|intention|meeting)|not|never|n't|ruled\s+out|refused|declined|denied|rejected|"
    r"without)\b[^.;]*$",
    re.IGNORECASE,
)


def negated(ctx: RuleContext, start: int, clause: tuple[int, int]) -> bool:
    """ "there were no plans for the two presidents to meet", "did not meet": no meeting."""
    return _NEGATED.search(ctx.text[max(clause[0], start - 60) : start]) is not None


_HABITUAL = re.compile(r"\b(?:several|many|multiple|numerous|countless)\s+times\b|\btwice\b|\bon\s+several\s+"
                       r"occasions\b|\brepeatedly\b|\bregularly\b|\boften\b|\bannually\b|\bevery\s+(?:\w+\s+)?"
                       r"(?:years?|months?|weeks?)\b|\beach\s+year\b", re.IGNORECASE)  # fmt: skip


def habitual(ctx: RuleContext, end: int, clause: tuple[int, int]) -> bool:
    """ "had met Putin several times": a history of meetings, not one meeting."""
    return _HABITUAL.search(ctx.text, end, min(clause[1], end + 80)) is not None


def cancelled(ctx: RuleContext, clause: tuple[int, int]) -> bool:
    return _CANCELLED.search(ctx.text, clause[0], clause[1]) is not None
