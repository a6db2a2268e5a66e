"""Statements: direct quotes and reported speech, each with an identifiable speaker.

Patterns follow English reporting syntax, not particular articles:

* ``“A,” X said.`` / ``“A,” said X.`` / ``X said: “A”`` and a quote that continues
  right after an attributed one (``“A,” he said. “B.”``) -> direct statements;
* ``X (has) said/told Y (that) C`` with any reporting verb, ``C, X said/told Y``,
  ``according to X, C`` / ``C, according to X``, ``..., adding that C``,
  ``X, who praised C`` -> reported statements, partial quotes kept as worded.

Pronouns ("he said") and descriptions ("the diplomat added") resolve to the person they refer
to; a statement without an identifiable speaker is not emitted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor._rules._actors import ActorMatch, find_actors, resolve_description, resolve_pronoun
from extractor._rules._context import RuleContext
from extractor._rules._dates import DateMatch, find_dates, lead_event_date
from extractor._rules._speakers import SpeakerGuess, speaker_after, speaker_before
from extractor._rules._speech import (
    ADDRESSEE_VERBS,
    PARTICIPLE,
    PASSIVE_BEFORE,
    REPORTING_VERB,
    SPEECH_PARTICIPLE,
    Quote,
    find_channel,
    find_quotes,
)
from extractor._rules._text import Span, make_evidence, mention_id
from schema import Statement

_NOT_SPEECH_AFTER = re.compile(r"^\s*(?:to\s+be|to\s+have|it\s+was|by\b)")
_LEADING_FILLER = re.compile(
    r"(?:\s|,|:|that\b|at\s+the\s+time\b|on\s+\w+day\b|in\s+a\s+statement\b|earlier\b|later\b|"
    r"recently\b|also\b|again\b|today\b|yesterday\b|in\s+[A-Z]\w+(?=\s+that\b)|in\s+an?\s+(?:\w+\s+)?interview(?:\s+with\s+[A-Z][\w.’'\-]*"
    r"(?:\s+[A-Z][\w.’'\-]*)*)?|during\s+the\s+(?:call|meeting|talks|visit)\b)+"
)
_ADDRESSEE = re.compile(
    r"\s*(?:(?:the\s+)?(?:[A-Z][\w.’'\-]*|US|network|outlet|newspaper|broadcaster|channel|news\s+agency|of|al|"
    r"de|state|reporters|journalists|lawmakers|parliament|the\s+press|the\s+media|him|her|them|his|their|"
    r"counterpart|\w+\s+counterpart|a\s+group\s+of)(?![\w’'\-])\s*)+?"
    r"(?=\s*(?:that\b|:|,|\.|$|on\s+\w+day|in\s|at\s|during\s|(?:he|she|they|it|we|I)\s))"
)
# An audience named by a common noun ends the addressee even without "that": "told reporters the ...".
_AUDIENCE = re.compile(
    r"\s*(?:(?:a\s+group\s+of\s+|foreign\s+|local\s+|state\s+)?(?:reporters|journalists|lawmakers|legislators|"
    r"the\s+press|the\s+media|parliament|the\s+assembly|delegates)|him|her|them|us|me)(?=\s+(?:the|a|an|his|her|its|their|"
    r"it|he|she|they|we|I|[A-Z]\w*)\b)"
)
# The occasion of the speech, not its content: "... during his first telephone call with X".
_OCCASION = re.compile(
    r",?\s+(?:during|at|in)\s+(?:(?:his|her|their|the|a|an)\s+(?:first\s+|recent\s+|latest\s+)?"
    r"(?:(?:tele)?phone\s+call|call|talks|meeting|visit|summit|press\s+conference|news\s+conference)|talks)\b"
)
# What follows a reporting verb when it is not the reported content: an occasion ("at the start of the
# meeting"), a time clause (", after both sides ...", ", as strikes entered ...").
_NOT_CONTENT_START = re.compile(
    r"[\s,]*(?:at|after|before|during|following|amid|as|while|when|since|because|although|though|with|from|"
    r"in|on|ahead\s+of)\b(?!\s+that\b)",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[\s,;:.!?”\"’']+$")
_MIN_WORDS = 3


@dataclass(frozen=True)
class _Found:
    speaker: ActorMatch
    content: Span  # the statement's text
    evidence: Span
    direct: bool
    confidence: float


def extract_statements(ctx: RuleContext) -> list[Statement]:
    """Every statement in the article with an identifiable speaker, one per utterance."""
    quotes = find_quotes(ctx.text)
    found = _direct(ctx, quotes) + _reported(ctx, quotes)
    return [_record(ctx, item) for item in _dedupe(ctx, found)]


# --- direct quotes ------------------------------------------------------------------------------------


def _direct(ctx: RuleContext, quotes: list[Quote]) -> list[_Found]:
    found: list[_Found] = []
    previous: _Found | None = None
    for quote in quotes:
        if not _is_utterance(ctx.text, quote):
            continue
        item = _attributed_quote(ctx, quote) or _continued_quote(ctx, quote, previous)
        if item is not None:
            found.append(item)
        previous = item
    return found


def _is_utterance(text: str, quote: Quote) -> bool:
    words = text[quote.inner_start : quote.inner_end].split()
    if len(words) < 4:
        return False
    capitalised = sum(1 for word in words if word[:1].isupper())
    return capitalised < 0.7 * len(words)  # a headline or a work's title, not speech


def _attributed_quote(ctx: RuleContext, quote: Quote) -> _Found | None:
    text = ctx.text
    sentence = _sentence_at(ctx, quote.end - 1)
    inner = text[quote.inner_start : quote.inner_end].rstrip()
    tail_end = max(sentence.end, min(len(text), quote.end + 160))
    tail_end = text.find("\n", quote.end) if 0 <= text.find("\n", quote.end) < tail_end else tail_end
    after = text[quote.end : tail_end]
    quote_ends_clause = inner[-1:] in {",", "?", "!", "—", "-"} or after.lstrip().startswith(",")
    opens_sentence = not text[_sentence_at(ctx, quote.start).start : quote.start].strip(" —–-:")
    if quote_ends_clause and opens_sentence:
        guess = speaker_after(ctx, quote.end, tail_end)
        if guess is not None:
            evidence = Span(_sentence_at(ctx, quote.start).start, max(guess.end, _sentence_at(ctx, guess.end - 1).end))
            return _found(guess, Span(quote.inner_start, quote.inner_end), evidence, direct=True)
    head_start = _sentence_at(ctx, quote.start).start
    head = text[head_start : quote.start]
    opener = re.search(r"(?P<verb>\w+)\s*[:,]\s*$", head)
    if opener and (REPORTING_VERB.fullmatch(opener.group("verb")) or PARTICIPLE.fullmatch(opener.group("verb"))):
        guess = speaker_before(ctx, head_start, head_start + opener.start("verb"))
        if guess is not None:
            evidence = Span(head_start, _sentence_at(ctx, quote.end - 1).end)
            return _found(guess, Span(quote.inner_start, quote.inner_end), evidence, direct=True)
    according = re.search(r"[Aa]ccording\s+to\s+(?P<who>[^,]{2,80}),\s*$", head)
    if according:
        matches = find_actors(ctx, head_start + according.start("who"), head_start + according.end("who"))
        if matches:
            guess = SpeakerGuess(matches[0], "named", matches[0].start, matches[0].end)
            evidence = Span(head_start, _sentence_at(ctx, quote.end - 1).end)
            return _found(guess, Span(quote.inner_start, quote.inner_end), evidence, direct=True)
    return None


def _continued_quote(ctx: RuleContext, quote: Quote, previous: _Found | None) -> _Found | None:
    """“A,” he said. “B.” — B has no attribution of its own and follows A's attribution directly."""
    if previous is None or not previous.direct:
        return None
    gap = ctx.text[previous.evidence.end : quote.start]
    if gap.strip() or "\n\n" in gap:
        return None
    sentence = _sentence_at(ctx, quote.end - 1)
    if sentence.end - quote.end > 3:  # more text after the quote: not a bare continuation
        return None
    guess = SpeakerGuess(previous.speaker, "continued", previous.speaker.start, previous.speaker.end)
    evidence = Span(_sentence_at(ctx, quote.start).start, sentence.end)
    return _found(guess, Span(quote.inner_start, quote.inner_end), evidence, direct=True)


# --- reported speech ----------------------------------------------------------------------------------


def _reported(ctx: RuleContext, quotes: list[Quote]) -> list[_Found]:
    found: list[_Found] = []
    for sentence in ctx.sentences:
        if _is_headline(ctx, sentence):
            continue
        found.extend(_reported_in(ctx, sentence, quotes))
    return found


def _reported_in(ctx: RuleContext, sentence: Span, quotes: list[Quote]) -> list[_Found]:
    text = ctx.text
    found: list[_Found] = []
    body = text[sentence.start : sentence.end]
    verbs = [m for m in REPORTING_VERB.finditer(body)] + [m for m in PARTICIPLE.finditer(body)]
    for match in sorted(verbs, key=lambda m: m.start()):
        verb_start, verb_end = sentence.start + match.start(), sentence.start + match.end()
        if _inside_quote(quotes, verb_start) or PASSIVE_BEFORE.search(text[sentence.start : verb_start]):
            continue
        if _NOT_SPEECH_AFTER.match(text[verb_end : sentence.end]):
            continue
        guess = speaker_before(ctx, sentence.start, verb_start)
        if guess is not None and _attributes_a_quote_or_names(text[sentence.start : guess.start]):
            continue
        coordinated = re.search(r"\b(?:and|but)\s*$", text[sentence.start : verb_start])
        continues = SPEECH_PARTICIPLE.fullmatch(match.group()) or (
            coordinated and REPORTING_VERB.fullmatch(match.group())
        )
        if guess is None and continues:
            guess = _main_speaker(ctx, sentence, verb_start, found) or _quote_speaker(ctx, sentence, verb_start, quotes)
        if guess is None and PARTICIPLE.fullmatch(match.group()):
            continue
        inverted = False
        if guess is None:
            guess = _speaker_following_verb(ctx, sentence, match, verb_end)
            inverted = guess is not None
        if guess is None:
            continue
        content = _content_after(ctx, sentence, match.group(), verb_end)
        if content is None and not inverted:
            content = _content_before(ctx, sentence, guess.start)
        elif inverted:
            content = _content_before(ctx, sentence, verb_start)
        if content is None or not _names_something(ctx, match.group(), content, quotes):
            continue
        guess, content = _quoted_person_words(ctx, guess, content, quotes)
        found.append(_found(guess, content, sentence, direct=False))
    found.extend(_according_to(ctx, sentence))
    return found


def _names_something(ctx: RuleContext, verb: str, content: Span, quotes: list[Quote]) -> bool:
    """ "called the treaty “the strongest ever”" names something; "called Wang on Monday" is a phone
    call and "called for talks" an appeal: "call" reports speech only when it carries quoted words."""
    if verb not in {"called", "calls"}:
        return True
    return any(content.start <= quote.start and quote.end <= content.end + 1 for quote in quotes)


def _quoted_person_words(
    ctx: RuleContext, guess: SpeakerGuess, content: Span, quotes: list[Quote]
) -> tuple[SpeakerGuess, Span]:
    """`X "noted C", the Kremlin said`: the organisation relays the person's own reporting words."""
    if guess.match.kind != "organisation":
        return guess, content
    people = [m for m in find_actors(ctx, content.start, content.end) if m.kind == "person"]
    if not people or people[0].start != content.start:
        return guess, content
    quote = next((q for q in quotes if q.start >= people[0].end), None)
    if quote is None or ctx.text[people[0].end : quote.start].strip() or quote.end > content.end + 1:
        return guess, content
    first_word = ctx.text[quote.inner_start : quote.inner_end].split()[0]
    if not REPORTING_VERB.fullmatch(first_word):
        return guess, content
    person = SpeakerGuess(people[0], "named", people[0].start, people[0].end)
    return person, Span(quote.inner_start, quote.inner_end)


def _attributes_a_quote_or_names(before_subject: str) -> bool:
    """ "“A,” Xi told Lula ..." attributes the quote (its words are the statement, not what follows the
    verb); "what the UN calls a crisis" is the writer naming something."""
    before = before_subject.strip()
    opens_with_quote = before[:1] in {"“", '"'} and re.search(r"[,?!—-]\s*[”\"]$", before) is not None
    return (opens_with_quote and before.count("”") + before.count('"') <= 2) or before.endswith(" what")


def _main_speaker(ctx: RuleContext, sentence: Span, verb_start: int, found: list[_Found]) -> SpeakerGuess | None:
    """The speaker a continuing verb (", adding that", "and vowed") shares with its main clause."""
    if found:
        return SpeakerGuess(found[-1].speaker, "continued", found[-1].speaker.start, found[-1].speaker.end)
    subjects = find_actors(ctx, sentence.start, verb_start)
    if subjects and _only_title_words(ctx.text[sentence.start : subjects[0].start]):
        return SpeakerGuess(subjects[0], "continued", subjects[0].start, subjects[0].end)
    pronoun = re.match(r"(?:He|She)\b", ctx.text[sentence.start : verb_start])
    if pronoun:
        resolved = resolve_pronoun(ctx, sentence.start)
        if resolved is not None:
            return SpeakerGuess(resolved, "pronoun", sentence.start, sentence.start + pronoun.end())
    return None


def _quote_speaker(ctx: RuleContext, sentence: Span, verb_start: int, quotes: list[Quote]) -> SpeakerGuess | None:
    """`“A,” X told the session, urging C`: the participle shares the quote's attributed speaker."""
    opening = next((q for q in quotes if sentence.start <= q.start < verb_start), None)
    if opening is None or ctx.text[sentence.start : opening.start].strip():
        return None
    return speaker_after(ctx, opening.end, verb_start)


def _only_title_words(prefix: str) -> bool:
    """Nothing but a title in front of the subject: "", "French President ", "US Secretary of State "."""
    return all(word[:1].isupper() or word in {"of", "the"} for word in prefix.split())


def _speaker_following_verb(
    ctx: RuleContext, sentence: Span, verb: re.Match[str], verb_end: int
) -> SpeakerGuess | None:
    """ "..., said Peskov." — the verb follows a comma and the speaker follows the verb."""
    before = ctx.text[sentence.start : verb_end - len(verb.group())]
    if not before.rstrip().endswith((",", "”", '"')):
        return None
    matches = find_actors(ctx, verb_end, sentence.end)
    if matches and not ctx.text[verb_end : matches[0].start].strip(" ,"):
        return SpeakerGuess(matches[0], "named", matches[0].start, matches[0].end)
    return None


def _content_after(ctx: RuleContext, sentence: Span, verb: str, verb_end: int) -> Span | None:
    text = ctx.text
    start = verb_end
    if verb in ADDRESSEE_VERBS:
        addressee = _ADDRESSEE.match(text, start, sentence.end) or _AUDIENCE.match(text, start, sentence.end)
        if addressee:
            start = addressee.end()
    filler = _LEADING_FILLER.match(text, start, sentence.end)
    if filler:
        start = filler.end()
    if _NOT_CONTENT_START.match(text, start, sentence.end):
        # "said in a televised address that C": the occasion, then the content
        that = re.match(r"[^,;.“”\"]{0,80}?\bthat\s+", text[start : sentence.end])
        if that is None:
            return None
        start += that.end()
    end = _clause_end(ctx, start, sentence.end)
    return _span_if_clause(text, start, end)


def _clause_end(ctx: RuleContext, start: int, end: int) -> int:
    """The reported clause stops where a new reporting verb of the same speaker starts."""
    tail = ctx.text[start:end]
    stop = re.search(
        r",?\s+(?:(?:and|but)\s+)?(?=(?:" + PARTICIPLE.pattern + r"|(?<=and\s|but\s)" + REPORTING_VERB.pattern + r"))",
        tail,
    )
    if stop and stop.start() > 0:
        end = start + stop.start()
    inverted = re.search(
        r",\s+(?:according\s+to|(?:he|she|they|it)\s+(?:said|added|told)|(?:the\s+)?(?:[\w’'.\-]+\s+){1,5}"
        r"(?:said|added|told|stated)\b(?!\s+(?:that|on\s+\w+day\s+that)\b))",
        tail,
    )
    if inverted and start + inverted.start() < end:
        end = start + inverted.start()
    occasion = _OCCASION.search(ctx.text, start, end)
    if occasion and occasion.start() > start:
        end = occasion.start()
    return end


def _content_before(ctx: RuleContext, sentence: Span, speaker_start: int) -> Span | None:
    text = ctx.text
    clause = text[sentence.start : speaker_start]
    comma = clause.rstrip().rfind(",")
    if comma <= 0:
        return None
    title = clause[comma + 1 :]
    # only a title phrase may stand between the clause and its speaker: ", Syrian President X said"
    if len(title.split()) > 5 or REPORTING_VERB.search(title) or re.search(r"[.;:!?]", title):
        return None
    return _span_if_clause(text, sentence.start, sentence.start + comma)


def _according_to(ctx: RuleContext, sentence: Span) -> list[_Found]:
    text = ctx.text
    found = []
    for match in re.finditer(r"[Aa]ccording\s+to\s+", text[sentence.start : sentence.end]):
        at = sentence.start + match.end()
        before = text[sentence.start : sentence.start + match.start()]
        if match.start() > 0 and not before.rstrip().endswith(","):
            continue  # "backed by Rwanda according to UN experts": a claim nested inside a clause
        matches = find_actors(ctx, at, sentence.end)
        if not matches or text[at : matches[0].start].strip() not in {"", "a", "an", "the"}:
            continue
        guess = SpeakerGuess(matches[0], "named", matches[0].start, matches[0].end)
        comma = text.find(",", matches[0].end, sentence.end)
        if match.start() == 0 and comma > 0:
            content = _span_if_clause(text, comma + 1, sentence.end)
        else:
            content = _span_if_clause(text, sentence.start, sentence.start + match.start())
        if content is not None:
            found.append(_found(guess, content, sentence, direct=False, penalty=0.05))
    return found


def _span_if_clause(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start] in " ,:;":
        start += 1
    trimmed = _CLAUSE_END.search(text, start, end)
    if trimmed is not None:
        # keep a closing quote that closes a quote opened inside the clause
        end = trimmed.start()
        closing = text[end : trimmed.end()]
        if ("”" in closing and text.count("“", start, end) > text.count("”", start, end)) or (
            '"' in closing and text.count('"', start, end) % 2 == 1
        ):
            end += max(closing.find("”"), closing.find('"')) + 1
    if len(text[start:end].split()) < _MIN_WORDS:
        return None
    return Span(start, end)


# --- shared -------------------------------------------------------------------------------------------

_CONFIDENCE = {
    "named": 0.85,
    "name_pattern": 0.7,
    "collective": 0.75,
    "pronoun": 0.7,
    "description": 0.65,
    "continued": 0.65,
}


def _found(guess: SpeakerGuess, content: Span, evidence: Span, *, direct: bool, penalty: float = 0.0) -> _Found:
    confidence = _CONFIDENCE.get(guess.how, 0.6) + (0.07 if direct else 0.0) - penalty
    return _Found(guess.match, content, evidence, direct, round(min(confidence, 0.95), 2))


def _is_headline(ctx: RuleContext, sentence: Span) -> bool:
    """The title line repeats a later sentence and is not itself reporting."""
    words = ctx.text[sentence.start : sentence.end]
    if ctx.article.title and words.strip() == ctx.article.title.strip():
        return True
    first_line = not ctx.text[: sentence.start].strip()
    return first_line and words.rstrip()[-1:] not in {".", "!", "?", "”", '"'}


def _inside_quote(quotes: list[Quote], position: int) -> bool:
    return any(quote.inner_start <= position < quote.inner_end for quote in quotes)


def _sentence_at(ctx: RuleContext, position: int) -> Span:
    for sentence in ctx.sentences:
        if sentence.start <= position < sentence.end:
            return sentence
    return Span(max(0, position), min(len(ctx.text), position + 1))


def _dedupe(ctx: RuleContext, found: list[_Found]) -> list[_Found]:
    # "X pledged C, the presidency said": the person is the speaker, the organisation relays.
    found = [item for item in found if not _relays_a_person(ctx, item, found)]
    kept: list[_Found] = []
    for item in sorted(found, key=lambda f: (not f.direct, -f.confidence, f.content.start)):
        if any(_overlap(item.content, other.content) > 0.5 for other in kept):
            continue
        kept.append(item)
    return sorted(kept, key=lambda f: (f.content.start, f.content.end))


def _relays_a_person(ctx: RuleContext, item: _Found, found: list[_Found]) -> bool:
    """The item's content is someone else's reported words: "X stressed C, spokesman Y said"."""
    for other in found:
        if other.speaker.kind != "person" or other is item or other.speaker.actor == item.speaker.actor:
            continue
        inside = item.content.start <= other.speaker.start and other.content.end <= item.content.end
        opens_content = _only_title_words(ctx.text[item.content.start : max(item.content.start, other.speaker.start)])
        if inside and (item.speaker.kind == "organisation" or opens_content):
            return True
    return False


def _overlap(a: Span, b: Span) -> float:
    shared = min(a.end, b.end) - max(a.start, b.start)
    return max(0, shared) / max(1, min(a.end - a.start, b.end - b.start))


def _record(ctx: RuleContext, item: _Found) -> Statement:
    article = ctx.article
    evidence_start = min(item.evidence.start, item.content.start)
    evidence_end = max(item.evidence.end, item.content.end)
    text = ctx.text[item.content.start : item.content.end].strip()
    if item.direct:
        text = text.rstrip(",")
    outside = ctx.text[evidence_start : item.content.start] + " " + ctx.text[item.content.end : evidence_end]
    dates = [
        date
        for date in find_dates(ctx, evidence_start, evidence_end)
        if not (item.content.start <= date.start < item.content.end)
    ]
    date = next((d for d in dates if d.value is not None), None)
    if date is None and not dates:
        date = _made_at_the_main_event(ctx, item, evidence_start, evidence_end)
    relative = date is not None and _is_relative(date.text)
    return Statement(
        id=mention_id("stmt", article.id, item.content.start, item.content.end),
        evidence=[make_evidence(article, evidence_start, evidence_end)],
        confidence=item.confidence,
        extractor=ctx.extractor,
        speaker=item.speaker.actor,
        text=text,
        direct=item.direct,
        date=date.value if date else None,
        date_text=date.text if date else None,
        date_anchor=ctx.anchor if relative else None,
        channel=find_channel(outside),
    )


_PRESENT_OR_FUTURE = re.compile(r"\b(?:says|say|tells|will|would|plans?\s+to|is\s+due|are\s+due)\b")


def _made_at_the_main_event(ctx: RuleContext, item: _Found, start: int, end: int) -> DateMatch | None:
    """An undated remark, reported in the past tense, by someone taking part in the article's main
    event (a participant named in the lead) was made at that event: it takes the event's date."""
    lead = lead_event_date(ctx)
    if lead is None or lead.start >= start:
        return None
    outside = ctx.text[start : item.content.start] + " " + ctx.text[item.content.end : end]
    if _PRESENT_OR_FUTURE.search(outside) or _REPORTED_EARLIER.search(outside):
        return None
    sentence = _sentence_at(ctx, lead.start)
    following = next((s for s in ctx.sentences if s.start >= sentence.end), sentence)
    participants = {match.actor.name for match in find_actors(ctx, sentence.start, following.end)}
    if item.speaker.actor.name not in participants:
        return None
    return lead


_REPORTED_EARLIER = re.compile(r"\b(?:earlier|previously|last\s+(?:week|month|year)|had\s+(?:said|told))\b")


def _is_relative(words: str) -> bool:
    from extractor._rules._dates import resolve_date

    return resolve_date(words, None) is None


__all__ = ["extract_statements", "resolve_description", "resolve_pronoun"]
