"""People named by their office: "the president", "the Chinese premier's", "the prime minister".

News names a person once with a title ("President Donald Trump") and then by the office alone
("the president announced ..."). The description refers to the holder of that office the article
has named before it (the one it names most, then the latest), or, when the article opens with
the description, the first one after.
A country adjective in the description ("the Chinese premier") must agree with the holder's country.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from extractor._countries import country_code
from extractor._rules._actors import ActorMatch, find_actors
from extractor._rules._context import RuleContext

__all__ = ["office_holder", "office_mentions"]

# Offices as running text writes them after "the"; the longer forms first so "prime minister" is
# never read as "minister".
_OFFICES = (
    r"vice[\s-]president|president|prime\s+minister|premier|chancellor|crown\s+prince|king|queen|emir|"
    r"foreign\s+minister|defen[cs]e\s+minister|defen[cs]e\s+secretary|secretary\s+of\s+state|"
    r"foreign\s+secretary|finance\s+minister|treasury\s+secretary|supreme\s+leader|leader"
)
_DESCRIPTION = re.compile(
    rf"\b[Tt]he\s+(?:(?P<adjective>[A-Z][\w’'-]+)\s+)?(?P<office>(?i:{_OFFICES}))\b"
    # "the president Donald Trump" is a titled name the actor finder already has
    r"(?!\s+(?:of\s+)?[A-Z])(?:['’]s\b)?"
)
# Offices whose words sit inside another office: "the president" is never the vice president.
_NOT_INSIDE = {"president": ("vice president", "vice-president", "president-elect"), "minister": ("prime minister",)}


def _holds(match: ActorMatch, office: str, country: str | None) -> bool:
    role = " ".join((match.actor.role or "").casefold().split())
    if match.kind != "person" or office not in role:
        return False
    if any(other in role and other not in office for other in _NOT_INSIDE.get(office, ())):
        return False
    return "former" not in role and (country is None or match.actor.country == country)


def office_holder(ctx: RuleContext, position: int, office: str, country: str | None = None) -> ActorMatch | None:
    """The person before ``position`` whose role is ``office`` (of ``country`` when given), else the first
    one in the next 400 characters. Of several holders, the one named most often so far, then the latest."""
    office = " ".join(office.casefold().replace("-", " ").split())
    earlier = [m for m in find_actors(ctx, 0, position) if _holds(m, office, country)]
    if earlier:
        # Of two presidents, the one the article is about: named most often so far, then most recently
        # ("Mr. Xi" once after many "Mr. Trump" does not make Xi "the president").
        counts = Counter(m.actor.name for m in earlier)
        return max(reversed(earlier), key=lambda m: counts[m.actor.name])
    return next((m for m in find_actors(ctx, position, position + 400) if _holds(m, office, country)), None)


def office_mentions(ctx: RuleContext, start: int, end: int) -> list[ActorMatch]:
    """The office descriptions in ``[start, end)`` resolved to their holders, at the description's span,
    left out where an actor mention already covers the words."""
    taken = find_actors(ctx, start, end)
    found: list[ActorMatch] = []
    for match in _DESCRIPTION.finditer(ctx.text, start, end):
        if any(a.start < match.end() and match.start() < a.end for a in taken):
            continue
        adjective = match.group("adjective")
        country = country_code(adjective) if adjective else None
        if adjective and country is None:
            continue  # "the Oval Office president": not a description we can read
        holder = office_holder(ctx, match.start(), match.group("office"), country)
        if holder is not None:
            found.append(replace(holder, start=match.start(), end=match.end()))
    return found
