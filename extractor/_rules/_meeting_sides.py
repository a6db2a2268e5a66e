"""Parties a meeting sentence names beyond its verb's subject and object.

- "meetings of the IMF and World Bank": the bodies whose meeting it is;
- "meet X and with African finance ministers": a second, separate counterpart;
- "X told visiting Ukrainian officials": the visitors and the subject of the verb that governs them;
- "he had one meeting with him": the object pronoun, never the subject itself.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractor._countries import country_code
from extractor._rules._actors import ActorMatch, find_actors
from extractor._rules._context import RuleContext
from extractor._rules._meeting_parts import object_after
from extractor._rules._vocabulary import ORGANISATIONS, organisation_name, sentence_at
from schema import Actor

__all__ = ["bodies_after", "pronoun_object", "separate_group", "visiting_party"]


def bodies_after(ctx: RuleContext, position: int, clause: tuple[int, int]) -> list[ActorMatch]:
    """ "meetings of the International Monetary Fund and World Bank": the organisations whose meeting it is,
    listed right after "of" ("and" or commas between them)."""
    found: list[ActorMatch] = []
    cursor = position
    for match in ORGANISATIONS.finditer(ctx.text, position, clause[1]):
        if not re.fullmatch(r"\s*(?:(?:,\s*)?(?:and\s+)?(?:the\s+)?)?", ctx.text[cursor : match.start()]):
            break
        found.append(
            ActorMatch(Actor(name=organisation_name(match.group())), match.start(), match.end(), "organisation")
        )
        cursor = match.end()
    return found


# "and with African finance ministers": a second, unnamed counterpart the verb meets separately
_AND_WITH_GROUP = re.compile(
    r"\s+and\s+(?:also\s+)?with\s+(?P<group>(?:[A-Z][\w’'-]+\s+)?(?:[a-z-]+\s+){0,2}"
    r"(?:officials|ministers|leaders|lawmakers|delegations?|representatives|envoys|counterparts|executives|"
    r"governors|commanders|diplomats|bankers))\b"
)


def separate_group(ctx: RuleContext, position: int, clause: tuple[int, int]) -> ActorMatch | None:
    """The group right after ``position`` introduced by its own "and with" ("met X and with Y's ministers")."""
    match = _AND_WITH_GROUP.match(ctx.text, position, clause[1])
    if match is None:
        return None
    group = match.group("group")
    adjective = group.split()[0]
    code = country_code(adjective) if adjective[:1].isupper() else None
    return ActorMatch(Actor(name=group, country=code), match.start("group"), match.end("group"), "organisation")


# Between the host and "visiting": the verb that governs the visitors ("told", "received the", "met with")
_HOST_GAP = re.compile(r"\s+(?:[a-z]+\s+){1,2}(?:the\s+|with\s+)?")


def visiting_party(ctx: RuleContext, match: re.Match[str], clause: tuple[int, int]) -> list[ActorMatch]:
    """ "Sondland told visiting Ukrainian officials", "the premier received the visiting delegation of X":
    the visitors right after the participle and, when one stands right before the verb, their host."""
    if match.group() != "visiting":
        return []
    guests = object_after(ctx, match.end(), clause, limit=6)
    if not guests:
        return []
    before = find_actors(ctx, clause[0], match.start())
    if before and _HOST_GAP.fullmatch(ctx.text, before[-1].end, match.start()):
        return [before[-1], *guests]
    return guests


_OBJECT_PRONOUN_ALONE = re.compile(r"\s*(?:with\s+)?(?P<pronoun>him|her)\b")


def pronoun_object(
    ctx: RuleContext, position: int, clause: tuple[int, int], subject: list[ActorMatch]
) -> list[ActorMatch]:
    """ "he had one meeting with him": the object pronoun is the latest other person named before it
    (in this sentence or the one before), never the subject itself."""
    match = _OBJECT_PRONOUN_ALONE.match(ctx.text, position, clause[1])
    if match is None:
        return []
    index = sentence_at(ctx, match.start())
    if index is None:
        return []
    start = ctx.sentences[max(0, index - 1)].start
    names = {m.actor.name for m in subject}
    people = [a for a in find_actors(ctx, start, match.start()) if a.kind == "person" and a.actor.name not in names]
    if not people:
        return []
    return [replace(people[-1], start=match.start("pronoun"), end=match.end("pronoun"))]
