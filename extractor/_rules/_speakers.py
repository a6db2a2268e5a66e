"""Who is speaking: the subject in front of a reporting verb, or the attribution after a quote."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from extractor._countries import country_code, is_capital, state_name_code
from extractor._rules._actors import ActorMatch, find_actors, resolve_description, resolve_pronoun
from extractor._rules._context import RuleContext
from extractor._rules._names import (
    COMPANY,
    NAME_TOKEN,
    PERSON_NAME,
    clean_person_name,
    collective_name,
    looks_like_person,
)
from extractor._rules._registry import ActorKind
from extractor._rules._speech import AUXILIARIES, DESCRIPTION, PARTICIPLE, PRONOUN, REPORTING_VERB, find_quotes
from extractor._text import Span, sentence_index
from schema import Actor

# "X, the Russian leader, said": an appositive is closed by a comma before the verb; without it
# ("C, a Brazilian official said") the words before the comma are the content, not the subject.
_APPOSITIVE = re.compile(r",\s*(?:who\s+)?[^,;“”\"]{2,90},\s*$")
# "A White House spokesperson said", "a Pentagon official said": the organisation speaks.
_ORG_VOICE = re.compile(r"\s+(?:spokes(?:man|woman|person)|officials?|statement|readout|source|sources)$")
# An institution the registry does not know: "the International Atomic Energy Agency said".
INSTITUTION_NAME = (
    r"(?P<org>(?:(?:[A-Z][\w.’'\-]*|of|for|on|and)\s+){0,6}"
    r"(?:Agency|Organi[sz]ation|Office|Council|Commission|Ministry|Union|Committee|Department|Command|Authority|"
    r"Institute|Bank|Fund|Party|Army|Guard|Corps|Service|Administration|Bureau|Programme|Program|Palace|League|"
    r"Brotherhood|Movement|Front|Alliance|Federation|Association|Coalition|Society|Foundation|Court|Tribunal|"
    r"Police|Parliament|Assembly|Senate|Congress|Federation))"
)
_INSTITUTION = re.compile(rf"(?:^|(?<=[\s,(]))(?:[Tt]he\s+)?{INSTITUTION_NAME}$")
# A news outlet or agency as the subject: "Reuters reported", "the People's Daily warned".
_OUTLET_SUBJECT = re.compile(
    r"(?:^|(?<=[\s,(]))(?:[Tt]he\s+)?(?P<org>(?:[A-Z][\w.’'\-]*\s+){0,3}(?:Reuters|Bloomberg|Xinhua|Interfax|"
    r"Yonhap|Kyodo|Politico|Daily|Times|Post|Journal|Tribune|Herald|Gazette|Guardian|Telegraph|Intelligencer))$"
)
# An indefinite article (and adjectives) right before the organisation: "a senior ", "an ".
_ANONYMOUS = re.compile(r"\b(?:[Aa]|[Aa]n)\s+(?:(?:senior|top|high-ranking|former|US|U\.S\.)\s+)*$")
_OWN_STAFF = re.compile(r"(?:^|(?<=[\s,(]))[Oo]ur(?:\s+[\w’'\-]+){0,2}\s+$|(?:^|(?<=[\s,(]))Our\s+$")
# "X — whose father also governed — promised": an aside set off by dashes between subject and verb.
_DASH_ASIDE = re.compile(r"\s+[—–]\s[^—–]{2,160}?\s[—–]\s*$")
# A single capitalised word as the whole subject ("Danin said", "But Danin added"), and an acronym ("the DEA says").
_SURNAME = re.compile(rf"(?:^|(?<=[\s,(“\"]))(?P<name>{NAME_TOKEN})$")
_ACRONYM = re.compile(r"(?:^|(?<=[\s,(]))(?:[Tt]he\s+)?(?P<acronym>[A-Z]{2,6})$")
_INTERVIEW_PHRASE = re.compile(r"\s+(?:in|during)\s+an?\s+(?:\w+\s+)?interview\b[^,.;]{0,60}$")
_RELATIVE = re.compile(r",?\s+who(?:\s+\w+ly)?\s*$")
_BARE_NAME_AHEAD = re.compile(rf"(?P<name>{PERSON_NAME})(?=\s*(?:[,.;]|$))")
_QUOTED_AS_SAYING = re.compile(r"^\s*,?\s*(?:[\w’'\-]+\s+){1,4}?quoted\s+(?P<who>.{2,60}?)\s+as\s+saying\b")
_BARE_NAME = re.compile(rf"(?:^|(?<=[\s,(]))(?P<name>{PERSON_NAME})$")
# A state as the whole subject: "Niger said", "MOSCOW (Reuters) - Russia said", "But Somaliland said".
_STATE_SUBJECT = re.compile(
    r"^[\s,]*(?:[A-Z][A-Z .,\-]+\([\w .]+\)\s*[-–—]\s*)?(?:(?:But|And|Meanwhile,?)\s+)?"
    r"(?P<state>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})$"
)
# "the ministry said", "an army spokesperson said": the organisation of that kind named earlier.
_GENERIC_ORG = re.compile(
    r"(?:^|(?<=[\s,]))(?:[Tt]he|[Aa]n?)\s+(?P<noun>ministry|army|military|department|agency|embassy|presidency|"
    r"government|service|commission|council|office|navy|company|firm|group)(?:\s+spokes(?:man|woman|person))?$"
)
# "the statement said": whoever issued the statement earlier in the article.
_THE_STATEMENT = re.compile(r"(?:^|(?<=[\s,]))[Tt]he\s+(?:\w+\s+)?statement$")
_STATEMENT_WORD = re.compile(r"\bstatement\b")


# A group of people as the subject: "officials said", "Israeli settlers said", "Prosecutors told".
_GROUP_SUBJECT = re.compile(
    r"(?:^|(?<=[\s,(]))(?P<group>(?:[Tt]he\s+)?(?:(?:[A-Z][\w.’'\-]*|administration|government|military|army|"
    r"security|defen[cs]e|state|party|opposition|company|senior|top|federal|local)\s+){0,3}"
    r"(?i:officials|prosecutors|investigators|authorities|police|lawmakers|legislators|senators|protesters|settlers|"
    r"executives|officers|aides|negotiators|organi[sz]ers|rebels|militants|ministers|leaders))$"
)


@dataclass(frozen=True)
class SpeakerGuess:
    """A speaker and how sure we are: named, name_pattern, collective, pronoun, description, continued."""

    match: ActorMatch
    how: str
    start: int
    end: int


def speaker_before(ctx: RuleContext, floor: int, verb_start: int, *, follow: bool = True) -> SpeakerGuess | None:
    """The subject that ends right before a reporting verb at ``verb_start`` (not before ``floor``);
    a pronoun subject is resolved only when ``follow``."""
    text = ctx.text
    head = text[floor:verb_start]
    interview = _INTERVIEW_PHRASE.search(head)
    if interview:
        head = head[: interview.start()]
    aside = _DASH_ASIDE.search(head)
    if aside:
        head = head[: aside.start()]
    aux = AUXILIARIES.search(head)
    end = floor + (aux.start() if aux else len(head))
    relative = _RELATIVE.search(text, floor, end)
    if relative:
        end = relative.start()
    guess = _subject_ending_at(ctx, floor, end, follow=follow)
    if guess is not None and (_OWN_STAFF.search(text, floor, guess.start) or guess.match.actor.name.startswith("Our ")):
        return None  # "our Victoria Guida reported": the publication's own journalist, not a source
    if guess is None:
        guess = _appositive_name(ctx, floor, end)
    if guess is None:
        appositive = _APPOSITIVE.search(text, floor, end)
        if appositive:
            start = appositive.start()
            guess = _subject_ending_at(ctx, floor, start, follow=follow)
    return guess


def speaker_after(ctx: RuleContext, quote_end: int, limit: int) -> SpeakerGuess | None:
    """The attribution right after a quote: ``,” he said`` / ``,” said X`` / ``,” the envoy added``."""
    text = ctx.text
    window = text[quote_end:limit]
    inverted = re.match(r"^\s*,?\s*(?P<verb>\w+)\s+", window)
    if inverted and REPORTING_VERB.fullmatch(inverted.group("verb")):
        at = quote_end + inverted.end()
        matches = find_actors(ctx, at, limit)
        if matches and not text[at : matches[0].start].strip():
            return _guess(matches[0], ctx)
        named = _BARE_NAME_AHEAD.match(text, at, limit)  # ,” said Jane Doe, a senior fellow at ...
        if named and looks_like_person(clean_person_name(named.group("name"))):
            name = clean_person_name(named.group("name"))
            return SpeakerGuess(ActorMatch(Actor(name=name), at, at + len(name)), "name_pattern", at, at + len(name))
        if named:  # ,” said Volker: the full name the article gave before
            full = earlier_full_name(text, named.group("name"), at)
            if full is not None and named.group("name") == full.split()[-1]:
                end = at + len(named.group("name"))
                return SpeakerGuess(ActorMatch(Actor(name=full), at, end), "name_pattern", at, end)
    quoted = _QUOTED_AS_SAYING.match(window)
    if quoted:  # ,” the readout quoted Macron as saying
        at = quote_end + quoted.start("who")
        matches = find_actors(ctx, at, quote_end + quoted.end("who"))
        if matches:
            return _guess(matches[-1], ctx)
    for verb in REPORTING_VERB.finditer(window):
        if PARTICIPLE.fullmatch(verb.group()):
            continue
        between = window[: verb.start()]
        # the full stop of a title or an initial ("Mr. Trump said", "Donald J. Trump said") ends nothing
        unabbreviated = re.sub(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|St|Jr|Sr|[A-Z])\.", "", between)
        if len(between) > 100 or re.search(r"[.!?;]", unabbreviated):
            return None
        return speaker_before(ctx, quote_end, quote_end + verb.start())
    return None


def _subject_ending_at(ctx: RuleContext, floor: int, end: int, *, follow: bool = True) -> SpeakerGuess | None:
    text = ctx.text
    while end > floor and text[end - 1] == " ":
        end -= 1
    if text[end - 1 : end] == ",":  # "X, underscores": X closes a subordinate phrase, not the subject
        return None
    matches = find_actors(ctx, floor, end)
    if matches and matches[-1].end == end:
        return _guess(matches[-1], ctx)
    if matches and matches[-1].kind == "organisation" and _ORG_VOICE.match(text, matches[-1].end, end):
        if _ANONYMOUS.search(text, max(floor, matches[-1].start - 30), matches[-1].start) and re.search(
            r"\b(?:official|source)$", text[floor:end]
        ):
            return None  # "a senior State Department official said": an unnamed source, not the department
        return _guess(matches[-1], ctx)
    head = text[floor:end]
    institution = _INSTITUTION.search(head)
    if institution is None or len(institution.group("org").split()) < 2:
        institution = _OUTLET_SUBJECT.search(head)
    if institution is not None and (len(institution.group("org").split()) >= 2 or institution.re is _OUTLET_SUBJECT):
        org = institution.group("org")
        start = end - len(org)
        code = next((country_code(word) for word in org.split() if country_code(word)), None)
        actor = Actor(name=org, country=code, role=None)
        return SpeakerGuess(ActorMatch(actor, start, end, "organisation"), "collective", start, end)
    referred = _earlier_organisation(ctx, floor, head)
    if referred is not None:
        return referred
    group = _GROUP_SUBJECT.search(head)
    if group is not None:  # "officials said", "Obama administration officials said", "Prosecutors told"
        words = group.group("group").split()
        name = " ".join(words[1:] if words[0] in {"The", "the"} else words)
        code = next((c for word in words if (c := country_code(word)) is not None), None)
        start = end - len(name)
        # the group noun in lower case, as running text writes it ("Tunisian officials", "officials")
        actor = Actor(name=" ".join([*name.split()[:-1], name.split()[-1].lower()]), country=code, role=None)
        return SpeakerGuess(ActorMatch(actor, start, end, "organisation"), "collective", start, end)
    state = _STATE_SUBJECT.match(head)
    if state and (found := state_name_code(state.group("state"))) is not None:
        start = floor + state.start("state")
        # A state speaks through its government ("Chad announced" -> Chadian government); a capital
        # used as a metonym ("Washington warned") and a state without a code keep their own name.
        name, code = found
        if code is not None and country_code(state.group("state")) == code and not is_capital(name):
            name, code = collective_name(name, "government")
        actor = Actor(name=name, country=code, role=None)
        return SpeakerGuess(ActorMatch(actor, start, end, "organisation"), "collective", start, end)
    pronoun = PRONOUN.search(head)
    if pronoun:
        if not follow:
            return None
        position = floor + pronoun.start()
        resolved = pronoun_speaker(ctx, position, pronoun.group("pronoun").lower())
        return SpeakerGuess(resolved, "pronoun", position, floor + pronoun.end()) if resolved else None
    description = DESCRIPTION.search(head)
    if description:
        position = floor + description.start()
        resolved = resolve_description(ctx, position, description.group("description"))
        if resolved is not None:
            return SpeakerGuess(resolved, "description", position, floor + description.end())
        return None
    bare = _BARE_NAME.search(head)
    if bare:
        name = clean_person_name(bare.group("name"))
        if looks_like_person(name) and head.endswith(name):
            start = end - len(name)
            return SpeakerGuess(ActorMatch(Actor(name=name), start, end), "name_pattern", start, end)
    return _surname_or_acronym(ctx, floor, end)


def _surname_or_acronym(ctx: RuleContext, floor: int, end: int) -> SpeakerGuess | None:
    """ "Danin said": the person whose full name ("Lev Danin") the article gave before; "the DEA
    says": the institution the article spelled out before ("Drug Enforcement Administration")."""
    head = ctx.text[floor:end]
    surname = _SURNAME.search(head)
    if surname is not None:
        full = earlier_full_name(ctx.text, surname.group("name"), floor + surname.start())
        if full is not None:
            start = floor + surname.start()
            return SpeakerGuess(ActorMatch(Actor(name=full), start, end), "name_pattern", start, end)
    acronym = _ACRONYM.search(head)
    if acronym is not None:
        expanded = _earlier_expansion(ctx.text, acronym.group("acronym"), floor + acronym.start())
        if expanded is not None:
            start = floor + acronym.start()
            actor = Actor(name=expanded, country=None, role=None)
            return SpeakerGuess(ActorMatch(actor, start, end, "organisation"), "collective", start, end)
    return None


def earlier_full_name(text: str, surname: str, position: int) -> str | None:
    """The first full name ending in ``surname`` before ``position`` ("Kurt Volker" for "Volker").

    Its first word must never appear in lower case in the article, so a sentence opener ("When
    Volker ...") is not taken for a given name."""
    pattern = rf"(?<![\w\-’'.])(?:{NAME_TOKEN})(?:\s+(?:{NAME_TOKEN})){{0,2}}\s+{re.escape(surname)}(?![\w\-’'])"
    for match in re.finditer(pattern, text[:position]):
        tokens = match.group().split()
        for first in range(len(tokens) - 1):  # "Chile Tomas Irarrazaval": a country before the name
            name = " ".join(tokens[first:])
            if not looks_like_person(name) or clean_person_name(name) != name:
                continue
            if re.search(rf"(?<![\w\-]){re.escape(tokens[first].casefold())}(?![\w\-])", text) is None:
                return name
    return None


def _earlier_expansion(text: str, acronym: str, position: int) -> str | None:
    """The capitalised phrase before ``position`` whose initials spell ``acronym`` (function words skipped)."""
    words = rf"[A-Z][\w\-]*(?:\s+(?:of|for|and|on|the)?\s*[A-Z][\w\-]*){{{len(acronym) - 1},{len(acronym) + 2}}}"
    for match in re.finditer(rf"(?<![\w\-]){words}", text[:position]):
        tokens = [t for t in match.group().split() if t[:1].isupper()]
        for start in range(len(tokens) - len(acronym) + 1):
            if "".join(t[0] for t in tokens[start : start + len(acronym)]) == acronym:
                return " ".join(tokens[start : start + len(acronym)])
    return None


def pronoun_speaker(ctx: RuleContext, position: int, word: str) -> ActorMatch | None:
    """Who a subject pronoun of a reporting verb is: an actor of its kind before it in its sentence
    (outside quoted words); else the speaker of the previous sentence's reporting clause ("X said
    A. He added B", "..., the agency said. It added"); else the antecedent of resolve_pronoun."""
    kinds: tuple[ActorKind, ...] = ("organisation", "person") if word == "they" else ("person",)
    if word == "it":
        kinds = ("organisation",)
    quoted = _quoted_positions(ctx)
    index = sentence_index(ctx.sentences, position)
    if index is not None:
        current = ctx.sentences[index]
        before = [m for m in find_actors(ctx, current.start, position) if m.kind in kinds and not quoted(m.start)]
        # back over the sentences of a quotation ("“A. B,” he added") to the one that reports
        for sentence in [] if before else reversed(ctx.sentences[max(0, index - 6) : index]):
            previous = _reporting_subject(ctx, sentence, quoted)
            if previous is not None and previous.kind == kinds[0]:
                return previous
            if previous is not None or (not quoted(sentence.start) and ctx.text[sentence.start] not in '“"'):
                break
    resolved = resolve_pronoun(ctx, position, kind=kinds[0], quoted=quoted)
    if resolved is None and len(kinds) > 1:
        resolved = resolve_pronoun(ctx, position, kind=kinds[1], quoted=quoted)
    return resolved


def _reporting_subject(ctx: RuleContext, sentence: Span, quoted: Callable[[int], bool]) -> ActorMatch | None:
    """The named subject of the first reporting verb of ``sentence`` outside quoted words."""
    for verb in REPORTING_VERB.finditer(ctx.text, sentence.start, sentence.end):
        if quoted(verb.start()) or PARTICIPLE.fullmatch(verb.group()):
            continue
        guess = speaker_before(ctx, sentence.start, verb.start(), follow=False)
        if guess is not None:
            return guess.match
    return None


def _quoted_positions(ctx: RuleContext) -> Callable[[int], bool]:
    """Whether a position lies inside quoted words: a name a speaker quotes is not who "he" is."""
    quotes = find_quotes(ctx.text)
    starts = [quote.inner_start for quote in quotes]

    def quoted(position: int) -> bool:
        index = bisect.bisect_right(starts, position) - 1
        return index >= 0 and position < quotes[index].inner_end

    return quoted


def _guess(match: ActorMatch, ctx: RuleContext) -> SpeakerGuess:
    how = "named" if match.kind == "person" else "collective"
    return SpeakerGuess(match, how, match.start, match.end)


def _appositive_name(ctx: RuleContext, floor: int, end: int) -> SpeakerGuess | None:
    """ "Somaliland's foreign minister, Abdirahman Dahir Adan, wrote": the name in the appositive
    is the speaker, not whoever the description would resolve to."""
    text = ctx.text
    while end > floor and text[end - 1] == " ":
        end -= 1
    named = re.search(rf",\s*(?P<name>{PERSON_NAME}),$", text[floor:end])
    if named is None or not text[floor : floor + named.start()].strip():
        return None
    name = clean_person_name(named.group("name"))
    if not looks_like_person(name) or name != named.group("name"):
        return None
    start = floor + named.start("name")
    known = next((m for m in find_actors(ctx, start, start + len(name)) if m.kind == "person"), None)
    if known is not None:
        return _guess(known, ctx)
    return SpeakerGuess(
        ActorMatch(Actor(name=name), start, start + len(name)), "name_pattern", start, start + len(name)
    )


def _earlier_organisation(ctx: RuleContext, floor: int, head: str) -> SpeakerGuess | None:
    """ "The ministry said" / "a ministry spokesperson said" / "the statement said": the organisation
    the article named before (the nearest one of that kind, or the statement's issuer)."""
    generic = _GENERIC_ORG.search(head)
    statement = _THE_STATEMENT.search(head)
    phrase = generic if generic is not None else statement
    if phrase is None:
        return None
    position = floor + phrase.start()
    earlier = [m for m in find_actors(ctx, 0, position) if m.kind == "organisation" or statement]
    if generic is not None:
        noun = generic.group("noun").casefold()
        if noun in {"company", "firm"}:  # "the company said": the firm the article named with its legal form
            firms = {match.group("name") for match in COMPANY.finditer(ctx.text, 0, position)}
            earlier = [m for m in earlier if m.actor.name in firms or noun in m.actor.name.casefold()]
        else:
            earlier = [m for m in earlier if noun in m.actor.name.casefold()]
    else:
        issuers = []
        for issued in reversed(_statement_words_before(ctx.text, position)):
            issuers = _first_ending_in_sentence_before(ctx, earlier, issued)
            if issuers:
                break
        earlier = issuers
    if not earlier:
        return None
    match = earlier[-1]
    end = floor + len(head.rstrip())
    return SpeakerGuess(ActorMatch(match.actor, position, end, match.kind), "description", position, end)


def _statement_words_before(text: str, position: int) -> list[int]:
    """Where "statement" starts in ``text[:position]``, as a search of that prefix finds it.

    The article's occurrences are found once; only a word ending exactly at ``position`` needs
    the prefix itself (there, the end of the prefix is a word boundary).
    """
    memo = _STATEMENT_WORDS[0]
    if memo is None or memo[0] is not text:
        memo = (text, [(m.start(), m.end()) for m in _STATEMENT_WORD.finditer(text)])
        _STATEMENT_WORDS[0] = memo
    words = memo[1]
    inside = bisect.bisect_left(words, position, key=lambda word: word[1])
    at_end = [m.start() for m in _STATEMENT_WORD.finditer(text, max(0, position - len("statement")), position)]
    return [start for start, _end in words[:inside]] + at_end


_STATEMENT_WORDS: list[tuple[str, list[tuple[int, int]]] | None] = [None]


def _first_ending_in_sentence_before(ctx: RuleContext, matches: list[ActorMatch], position: int) -> list[ActorMatch]:
    """The first of ``matches`` (in text order) that ends in the sentence of ``position``, not after it."""
    index = sentence_index(ctx.sentences, position)
    if index is None:
        return []
    # in text order and without overlaps, so the ends ascend
    first = bisect.bisect_left(matches, ctx.sentences[index].start, key=lambda match: match.end)
    return matches[first : first + 1] if first < len(matches) and matches[first].end <= position else []
