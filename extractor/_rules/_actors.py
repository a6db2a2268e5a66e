"""Actor mentions in an article: registry aliases, titled names, collective speakers, coreference."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from extractor._countries import adjective_codes, country_code, country_pattern
from extractor._rules._context import RuleContext
from extractor._rules._names import (
    NAME_TOKEN,
    clean_person_name,
    collective_name,
    collective_pattern,
    companies,
    is_plausible_name,
    looks_like_person,
    names_used_by_surname,
    office_name,
    party_name,
    possessive_person_pattern,
    role_for,
    seated_collective_name,
    titled_person_pattern,
    untitled_person_pattern,
)
from extractor._rules._registry import ActorEntry, ActorKind, ActorRegistry
from extractor._rules._text import dateline_places
from extractor._text import PERSON_NAME_PARTICLES, Span, alias_key, bounded_sentences, sentence_index, split_sentences
from schema import Actor, Article

__all__ = [
    "ActorEntry",
    "ActorMatch",
    "ActorRegistry",
    "find_actors",
    "resolve_description",
    "resolve_pronoun",
]


@dataclass(frozen=True)
class ActorMatch:
    """An actor mentioned at ``[start, end)`` of the article text."""

    actor: Actor
    start: int
    end: int
    kind: ActorKind = "person"


def find_actors(ctx: RuleContext, start: int, end: int) -> list[ActorMatch]:
    """Every actor mention inside ``ctx.text[start:end]``, in text order, without overlaps."""
    matches = _article_actors(ctx.article, ctx.registry)
    # In text order and without overlaps, so both starts and ends ascend: look up the range
    # instead of scanning every mention of the article for each call.
    first = bisect.bisect_left(matches, start, key=lambda match: match.start)
    last = bisect.bisect_left(matches, end, key=lambda match: match.start, lo=first)
    found = list(matches[first:last])
    while found and found[-1].end > end:  # only the last ones can reach past ``end``
        found.pop()
    return found


@lru_cache(maxsize=16)
def _article_actors(article: Article, registry: ActorRegistry) -> tuple[ActorMatch, ...]:
    text = article.text
    candidates: list[ActorMatch] = []
    people: dict[str, Actor] = {}  # alias key of a full name or surname -> fullest Actor
    day = article.published[:10] if article.published else None  # offices are those held that day
    for match in titled_person_pattern().finditer(text):
        candidate = _titled_person(match, registry, people, day)
        if candidate is not None:
            candidates.append(candidate)
    titled = {m.actor.name: m.actor for m in candidates if m.kind == "person" and m.actor.role}
    for match in possessive_person_pattern().finditer(text):
        candidate = _possessive_person(match, registry, people)
        if candidate is not None:
            candidates.append(candidate)
    for match in registry.pattern().finditer(text):
        entry = registry.entry(match.group())
        if entry is not None:
            # the article's own title for this person wins over the registry's office
            actor = titled.get(entry.name) or entry.actor_on(day)
            candidates.append(ActorMatch(actor, match.start(), match.end(), entry.kind))
            if entry.kind == "person" and match.group() == entry.name:
                _remember(people, actor)  # "Lloyd Austin ... Austin told reporters"
    for match in collective_pattern().finditer(text):
        candidates.append(_collective(match))
    candidates.extend(_untitled_people(text, registry, people, candidates))
    for name, start, end in names_used_by_surname(text):  # "Margaret Thatcher ... Thatcher argued"
        if registry.entry(name) is None:
            _remember(people, actor := people.get(alias_key(name)) or Actor(name=name))
            candidates.append(ActorMatch(actor, start, end, "person"))
    candidates.extend(_coreferent_mentions(text, people))
    candidates.extend(_single_token_mentions(text, people, registry))
    candidates.extend(ActorMatch(Actor(name=name), start, end, "organisation") for name, start, end in companies(text))
    candidates.extend(_leader_offices(text, registry, people))
    return tuple(_longest_first([_fullest(match, people) for match in candidates]))


def _fullest(match: ActorMatch, people: dict[str, Actor]) -> ActorMatch:
    """ "Mr. Sobel" found before the article's "Mark Sobel" was known: the full name, keeping the title."""
    if match.kind != "person" or " " in match.actor.name or match.actor.role is not None:
        return match
    known = people.get(alias_key(match.actor.name))
    if known is None or len(known.name) <= len(match.actor.name):
        return match
    actor = Actor(name=known.name, country=known.country or match.actor.country, role=known.role or match.actor.role)
    return ActorMatch(actor, match.start, match.end, match.kind)


def _titled_person(
    match: re.Match[str], registry: ActorRegistry, people: dict[str, Actor], day: str | None
) -> ActorMatch | None:
    name = clean_person_name(match.group("name"))
    if not is_plausible_name(name):
        return None
    name_start = match.start("name")
    name_end = name_start + len(name)
    entry = registry.entry(name)
    owner = match.group("owner") or match.group("of")
    if entry is not None:
        actor = entry.actor_on(day) if entry.kind == "person" else entry.actor
        if entry.kind == "person":
            # "Japanese Prime Minister X": the article's title, not the registry's office, names the role
            code = (country_code(owner) if owner else None) or entry.country
            titled_role = role_for(
                match.group("title"),
                code,
                qualifier=match.group("qualifier"),
                org=match.group("org"),
                owned=owner is not None,
            )
            if titled_role:
                actor = Actor(name=entry.name, country=entry.country or code, role=titled_role)
            _remember(people, actor)
        return ActorMatch(actor, name_start, name_end, entry.kind)
    code = country_code(owner) if owner else None
    org = match.group("org")
    org_entry = registry.entry(org) if org else None
    if code is None and org_entry is not None:
        code = org_entry.country
    if code is None and org is None:
        code = _country_in_context(match.string, match.start("name"))
    role = role_for(match.group("title"), code, qualifier=match.group("qualifier"), org=org, owned=owner is not None)
    known = people.get(alias_key(name))
    actor = known if known is not None and len(known.name) >= len(name) else Actor(name=name, country=code, role=role)
    _remember(people, actor)
    return ActorMatch(actor, name_start, name_end, "person")


@lru_cache(maxsize=16)
def _sentences(text: str) -> tuple[Span, ...]:
    return tuple(bounded_sentences(text, split_sentences(text)))


def _country_in_context(text: str, position: int) -> str | None:
    """The country of a person titled without one ("President Claudia Sheinbaum"): the country named
    as owner ("Mexico's", "Mexican") in this or the previous sentence when they name no other, else
    the country of the article's dateline when they name no other. Anything less sure stays None."""
    spans = _sentences(text)
    index = sentence_index(spans, position)
    if index is None:
        return None
    start, end = spans[max(0, index - 1)].start, spans[index].end
    adjectives = adjective_codes()
    owners: set[str] = set()
    named: set[str] = set()
    for mention in country_pattern().finditer(text, start, end):
        code = country_code(mention.group())
        if code is None:
            continue
        named.add(code)
        if mention.group() in adjectives or text[mention.end() : mention.end() + 2] in {"'s", "’s"}:
            owners.add(code)
    if owners:  # "the Russian embassy in Oslo": two countries, no owner we can be sure of
        return next(iter(owners)) if len(named) == 1 else None
    dateline = next((code for place in dateline_places(text) if (code := country_code(place))), None)
    return dateline if dateline is not None and named <= {dateline} else None


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "vi", "vii", "viii"})


def _possessive_person(match: re.Match[str], registry: ActorRegistry, people: dict[str, Actor]) -> ActorMatch | None:
    name = clean_person_name(match.group("name"))
    if registry.entry(name) is not None or not looks_like_person(name):
        return None
    start = match.start("name")
    actor = Actor(name=name, country=country_code(match.group("owner")), role=None)
    _remember(people, actor)
    return ActorMatch(actor, start, start + len(name), "person")


def _untitled_people(
    text: str, registry: ActorRegistry, people: dict[str, Actor], taken: list[ActorMatch]
) -> list[ActorMatch]:
    """People named without a title, by the grammar around the name (see untitled_person_pattern);
    a span a titled name, a registry alias or a collective already covers is left to it."""
    found: list[ActorMatch] = []
    for match in untitled_person_pattern().finditer(text):
        group = next(group for group in ("name", "after", "occupied") if match.group(group))
        name = clean_person_name(match.group(group))
        if group == "name" and text.startswith(",", match.end(group)) and looks_like_person(match.group(group)):
            name = match.group(group)  # "Liu He, China's negotiator": before an apposition "He" is a name
        if not looks_like_person(name) or registry.entry(name) is not None:
            continue
        start = match.start(group) + match.group(group).find(name)
        if any(other.start < start + len(name) and start < other.end for other in taken):
            continue
        known = people.get(alias_key(name))
        actor = known if known is not None else Actor(name=name)
        _remember(people, actor)
        found.append(ActorMatch(actor, start, start + len(name), "person"))
    return found


def _remember(people: dict[str, Actor], actor: Actor) -> None:
    """Index a person by full name and by the words a later bare mention may use: the surname, and
    for three-word names the middle word too ("Faki" for "Moussa Faki Mahamat")."""
    tokens = [token for token in actor.name.replace(",", " ").split() if token.rstrip(".").casefold() not in _SUFFIXES]
    if not tokens:
        return
    keys = {alias_key(actor.name), alias_key(" ".join(tokens))}
    if tokens[-1].casefold() not in _FUNCTION_WORDS:  # "Liu He": a later "He" is a pronoun
        keys.add(alias_key(tokens[-1]))
    middle = [token for token in tokens[1:-1] if token.casefold() not in PERSON_NAME_PARTICLES and len(token) > 3]
    if len(tokens) >= 3 and middle:
        keys.add(alias_key(middle[0]))
    for key in keys:
        current = people.get(key)
        if current is None or len(actor.name) > len(current.name):
            people[key] = actor


def _coreferent_mentions(text: str, people: dict[str, Actor]) -> list[ActorMatch]:
    """Later (or earlier) bare mentions of a titled person: "Macron said" -> Emmanuel Macron."""
    if not people:
        return []
    found = []
    for match in re.finditer(rf"(?<![\w\-])(?:{NAME_TOKEN})(?:\s+(?:{NAME_TOKEN}))*(?![\w\-])", text):
        actor = people.get(alias_key(match.group()))
        if actor is None:
            last = match.group().split()[-1]
            actor = people.get(alias_key(last))
            if actor is None:
                continue
            offset = match.group().rfind(last)
            found.append(ActorMatch(actor, match.start() + offset, match.end(), "person"))
            continue
        found.append(ActorMatch(actor, match.start(), match.end(), "person"))
    return found


_FUNCTION_WORDS = frozenset({"the", "a", "an", "and", "but", "or", "on", "in", "at", "he", "she", "it", "we", "they"})


def _single_token_mentions(text: str, people: dict[str, Actor], registry: ActorRegistry) -> list[ActorMatch]:
    """A later bare mention by any other word of a full name seen before: "Prabowo said" after
    "President Prabowo Subianto" (a name used alone), "Li said" after "Premier Li Qiang" (family
    name first). Only a capitalised word, written as in the name, that one person of the article
    owns, that the article never uses in lower case, and that names no country or registry actor."""
    people_by_name = {actor.name: actor for actor in people.values() if len(actor.name.split()) >= 2}
    words = {name: set(name.replace(",", " ").split()) for name in people_by_name}
    owners: dict[str, set[str]] = {}
    for name, tokens in words.items():
        if any(tokens < other for other in words.values()):
            continue  # "Li Qiang" when the article also has a longer form of the same name
        for token in tokens:
            owners.setdefault(token, set()).add(name)
    found = []
    for token, names in owners.items():
        if len(names) != 1 or not _usable_alone(token, text, people, registry):
            continue
        actor = people_by_name[next(iter(names))]
        first_seen = text.find(actor.name)
        for match in re.finditer(rf"(?<![\w\-’']){re.escape(token)}(?![\w\-’'])", text):
            if first_seen < 0 or match.start() <= first_seen + len(actor.name):
                continue
            found.append(ActorMatch(actor, match.start(), match.end(), "person"))
    return found


def _usable_alone(token: str, text: str, people: dict[str, Actor], registry: ActorRegistry) -> bool:
    if len(token) < 2 or not token[0].isupper() or not token.replace("-", "").isalpha():
        return False
    folded = token.casefold()
    if (
        folded in _SUFFIXES
        or folded in PERSON_NAME_PARTICLES
        or folded in _FUNCTION_WORDS
        or alias_key(token) in people
    ):
        return False
    if country_code(token) or registry.entry(token) is not None:
        return False
    return re.search(rf"(?<![\w\-]){re.escape(folded)}(?![\w\-])", text) is None


def _leader_offices(text: str, registry: ActorRegistry, people: dict[str, Actor]) -> list[ActorMatch]:
    """ "Macron's office said": the office of a person the article or the registry knows."""
    found = []
    for match in re.finditer(rf"(?<![\w\-])(?P<name>{NAME_TOKEN})['’]s\s+office\b", text):
        entry = registry.entry(match.group("name"))
        person = (
            entry.actor if entry is not None and entry.kind == "person" else people.get(alias_key(match.group("name")))
        )
        if person is None:
            continue
        name, code = office_name(person.country, person.role, person.name)
        found.append(ActorMatch(Actor(name=name, country=code, role=None), match.start(), match.end(), "organisation"))
    return found


def _collective(match: re.Match[str]) -> ActorMatch:
    if match.group("gov_owner"):
        name, code = collective_name(match.group("gov_owner"), "officials")
    elif match.group("owner"):
        name, code = seated_collective_name(match.group("owner"), match.group("noun"), match.group("city"))
    elif match.group("party"):
        name, code = party_name(match.group("party")), None
    else:
        name, code = seated_collective_name(None, match.group("bare"), match.group("bare_city"))
        if code is None and match.group("bare").casefold() == "presidential office":
            name = "presidential office"  # no country given: keep the words as written
    return ActorMatch(Actor(name=name, country=code, role=None), match.start(), match.end(), "organisation")


def _longest_first(candidates: list[ActorMatch]) -> list[ActorMatch]:
    chosen: list[ActorMatch] = []
    # The spans taken so far, in order: they do not overlap, so their ends ascend too, and a
    # candidate overlaps one of them exactly when it overlaps the last one starting before its end.
    taken: list[tuple[int, int]] = []
    for candidate in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
        before = bisect.bisect_left(taken, (candidate.end,))
        if before and taken[before - 1][1] > candidate.start:
            continue
        chosen.append(candidate)
        bisect.insort(taken, (candidate.start, candidate.end))
    return sorted(chosen, key=lambda m: m.start)


def _sentence_index(ctx: RuleContext, position: int) -> int:
    """The sentence holding ``position``, else the next one, else the last (-1 when none)."""
    sentences = ctx.sentences
    following = bisect.bisect_right(sentences, position, key=lambda sentence: sentence.start)
    if following > 0 and position < sentences[following - 1].end:
        return following - 1
    return following if following < len(sentences) else len(sentences) - 1


Quoted = Callable[[int], bool] | None  # whether a position lies inside quoted words


def resolve_pronoun(
    ctx: RuleContext, position: int, *, kind: ActorKind = "person", quoted: Quoted = None
) -> ActorMatch | None:
    """The actor a pronoun at ``position`` most likely refers to.

    Candidates are actors of ``kind`` before ``position`` in the same sentence, then the subject
    (first actor) of each earlier sentence, nearest first; ``quoted`` ones (a speaker's words) left out.
    """
    return _antecedent(ctx, position, kind=kind, country=None, quoted=quoted)


def resolve_description(ctx: RuleContext, position: int, description: str) -> ActorMatch | None:
    """The person a definite description ("the Russian leader", "the HTS chief") refers to.

    A country named in the description (by adjective or an organisation's country) must agree.
    """
    code = None
    for word in re.findall(r"[A-Z][\w.’']*", description):
        entry = ctx.registry.entry(word)
        code = country_code(word) or (entry.country if entry is not None else None)
        if code:
            break
    noun = description.rsplit(maxsplit=1)[-1].casefold()
    if noun in _ROLE_NOUNS:
        return _latest_with_role(ctx, position, description.casefold(), _ROLE_NOUNS[noun], code)
    found = _antecedent(ctx, position, kind="person", country=code)
    if found is None and code is not None:
        # "Syria's interim leader said ..." may open the article before the name is given
        following = [m for m in find_actors(ctx, position, position + 400) if m.kind == "person"]
        found = next((m for m in following if m.actor.country == code), None)
    return found


# Descriptions that name an office: "the minister said" is the latest person holding such an office,
# never whoever happens to be the subject nearby (an unnamed official is no one we can name).
# "The official" is any office-holder below the head of state or government.
_OFFICIAL_ROLES = ("minister", "official", "spokes", "ambassador", "envoy", "secretary", "adviser", "director")
_ROLE_NOUNS: dict[str, tuple[str, ...]] = {
    "minister": ("minister",),
    "official": _OFFICIAL_ROLES,
    "spokesman": ("spokes",),
    "spokeswoman": ("spokes",),
    "spokesperson": ("spokes",),
    "ambassador": ("ambassador",),
}


def _latest_with_role(
    ctx: RuleContext, position: int, description: str, role_words: tuple[str, ...], country: str | None
) -> ActorMatch | None:
    def holds_the_office(match: ActorMatch) -> bool:
        role = (match.actor.role or "").casefold()
        if match.kind != "person" or not any(word in role for word in role_words):
            return False
        if "prime minister" in role and "prime" not in description:
            return False  # "the minister" is not how news refers back to a head of government
        return country is None or match.actor.country == country

    earlier = [match for match in find_actors(ctx, 0, position) if holds_the_office(match)]
    if earlier:
        return earlier[-1]
    if country is None:
        return None
    # "Kenya's foreign minister said ..." may open the article before the name is given
    return next((m for m in find_actors(ctx, position, position + 400) if holds_the_office(m)), None)


def _antecedent(
    ctx: RuleContext, position: int, *, kind: ActorKind, country: str | None, quoted: Quoted = None
) -> ActorMatch | None:
    def compatible(match: ActorMatch) -> bool:
        outside = quoted is None or not quoted(match.start)
        return match.kind == kind and (country is None or match.actor.country == country) and outside

    index = _sentence_index(ctx, position)
    if not ctx.sentences:
        return None
    current = ctx.sentences[index]
    before = [m for m in find_actors(ctx, current.start, position) if compatible(m)]
    if before:
        return _subject_of(before)
    for sentence in reversed(ctx.sentences[:index]):
        matches = [m for m in find_actors(ctx, sentence.start, sentence.end) if compatible(m)]
        if matches:
            return _subject_of(matches)
    return None


def _subject_of(matches: list[ActorMatch]) -> ActorMatch:
    """The first mention is usually the grammatical subject in news prose."""
    return matches[0]
