"""Reported statements: ``X (has) said/told Y (that) C`` with any reporting verb, ``C, X said/told Y``,
``according to X, C`` / ``C, according to X`` (``_statement_according``), ``..., adding that C`` and
``X, who praised C``, partial quotes kept as worded."""

from __future__ import annotations

import re

from extractor._rules._actors import ActorMatch, find_actors
from extractor._rules._context import RuleContext
from extractor._rules._names import PERSON_NAME, clean_person_name, looks_like_person
from extractor._rules._speakers import SpeakerGuess, pronoun_speaker, speaker_after, speaker_before
from extractor._rules._speech import (
    ADDRESSEE_VERBS,
    CATENATED,
    CLAUSE_ONLY,
    PARTICIPLE,
    PASSIVE_BEFORE,
    REPORTING_VERB,
    SPEECH_PARTICIPLE,
    Quote,
)
from extractor._rules._statement_according import according_to
from extractor._rules._statement_frames import (
    coordinated_speakers,
    in_relative_clause,
    is_subordinate,
    opens_a_clause,
    opens_no_content,
    person_after_organisation,
)
from extractor._rules._statement_parts import (
    FoundStatement,
    found_statement,
    inside_quote,
    only_title_words,
    span_if_clause,
)
from extractor._rules._text import without_dateline
from extractor._text import Span
from schema import Actor

# An -ing form after a preposition, an article or a form of "be" is a gerund or a progressive.
_GERUND_BEFORE = re.compile(
    r"\b(?:to|of|for|by|in|on|about|from|at|with|without|after|before|against|including|the|a|an|his|her|their|its|"
    r"is|are|was|were|be|been|am)\s+$",
    re.IGNORECASE,
)
_NOT_SPEECH_AFTER = re.compile(r"^\s*(?:to\s+be|to\s+have|by\b)")
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
# "told reporters aboard the presidential plane on Monday that": an audience, where it was, then "that"
_TOLD_THEN_THAT = re.compile(
    r"\s*(?:(?:a\s+group\s+of\s+|foreign\s+|local\s+)?(?:reporters|journalists|lawmakers|legislators|delegates|"
    r"the\s+press|the\s+media|him|her|them)|[A-Z][\w.’'\-]*)(?:\s+[^\s,;:.“”\"]+){0,10}?(?=\s+that\s)"
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


def reported_statements(ctx: RuleContext, quotes: list[Quote]) -> list[FoundStatement]:
    found: list[FoundStatement] = []
    for sentence in ctx.sentences:
        if _is_headline(ctx, sentence):
            continue
        found.extend(_reported_in(ctx, without_dateline(ctx.text, sentence), quotes))
    return found


def _reported_in(ctx: RuleContext, sentence: Span, quotes: list[Quote]) -> list[FoundStatement]:
    text = ctx.text
    found: list[FoundStatement] = []
    body = text[sentence.start : sentence.end]
    verbs = [*REPORTING_VERB.finditer(body), *PARTICIPLE.finditer(body), *CATENATED.finditer(body)]
    for match in sorted(verbs, key=lambda m: m.start()):
        verb_start, verb_end = sentence.start + match.start(), sentence.start + match.end()
        word = match.group("base") if match.re is CATENATED else match.group()  # "went on to assert": assert
        if inside_quote(quotes, verb_start) or PASSIVE_BEFORE.search(text[sentence.start : verb_start]):
            continue
        if _NOT_SPEECH_AFTER.match(text[verb_end : sentence.end]):
            continue
        if PARTICIPLE.fullmatch(match.group()) and _GERUND_BEFORE.search(text, sentence.start, verb_start):
            continue  # "to maintaining ties", "is warning": a gerund or a progressive, not a new report
        guess = _quoted_as_saying(ctx, sentence, word, verb_start) or speaker_before(ctx, sentence.start, verb_start)
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
        content = _parenthetical(ctx, sentence, guess, verb_end) if not inverted else None
        if content is None:
            content = _content_after(ctx, sentence, word, verb_end)
        if content is None and not inverted:
            content = _content_before(ctx, sentence, guess.start)
        elif inverted:
            content = _content_before(ctx, sentence, verb_start)
        if content is not None:
            content = in_relative_clause(ctx, sentence, verb_start, content)
        if content is not None and match.re is CATENATED and not opens_a_clause(text, Span(verb_end, content.end)):
            continue
        if content is None or not _names_something(ctx, word, content, quotes):
            continue
        # "C, Reuters reported": a clause before the subject is reported whatever the verb's class
        if not inverted and content.end > guess.start and not _reports_content(ctx, word, verb_end, content, quotes):
            continue
        guess, content = _quoted_person_words(ctx, guess, content, quotes)
        others = coordinated_speakers(ctx, sentence, guess)
        for speaker in [guess, *others]:
            found.append(found_statement(speaker, content, sentence, direct=False, shared=bool(others)))
    found.extend(according_to(ctx, sentence))
    return found


_NOT_RESUMING = frozenset(
    [
        "and",
        "but",
        "or",
        "who",
        "which",
        "whom",
        "whose",
        "as",
        "while",
        "including",
        "though",
        "although",
        "because",
        "when",
        "after",
        "before",
        "since",
        "according",
        "citing",
        "with",
        "without",
        "amid",
        "despite",
    ]
)
_PARENTHESIS_CLOSE = re.compile(r"\s*(?:(?:on|last|this)\s+\w+\s*)?,")


def _parenthetical(ctx: RuleContext, sentence: Span, guess: SpeakerGuess, verb_end: int) -> Span | None:
    """ "The border, she said, will reopen": an attribution set off by commas inside the clause it
    reports; the whole clause, attribution included, is the content (it is one verbatim span)."""
    text = ctx.text
    before = text[sentence.start : guess.start].rstrip()
    if not before.endswith(",") or len(before.split()) < 2 or "“" in before or '"' in before:
        return None
    close = _PARENTHESIS_CLOSE.match(text, verb_end, sentence.end)
    if close is None:
        return None
    # "..., X said, adding that ..." / ", including ...": the clause ended before the attribution
    following = re.match(r"\s*([\w’'\-]+)", text[close.end() : sentence.end])
    if following is None or PARTICIPLE.fullmatch(following.group(1)) or following.group(1).casefold() in _NOT_RESUMING:
        return None
    return span_if_clause(text, sentence.start, sentence.end)


_QUOTED_AS = re.compile(r"\bquoted\s+(?P<who>[^.;:“”\"]{2,80}?)\s+as\s+$")


def _quoted_as_saying(ctx: RuleContext, sentence: Span, verb: str, verb_start: int) -> SpeakerGuess | None:
    """ "The agency quoted X as saying that C": X speaks, the agency only relays."""
    if verb != "saying":
        return None
    quoted = _QUOTED_AS.search(ctx.text, sentence.start, verb_start)
    if quoted is None:
        return None
    who = find_actors(ctx, quoted.start("who"), quoted.end("who"))
    return SpeakerGuess(who[-1], "named", who[-1].start, who[-1].end) if who else None


def _names_something(ctx: RuleContext, verb: str, content: Span, quotes: list[Quote]) -> bool:
    """ "called the treaty “the strongest ever”" names something; "called Wang on Monday" is a phone
    call and "called for talks" an appeal: "call" reports speech only when it carries quoted words."""
    if verb not in {"called", "calls"}:
        return True
    # the name follows its object closely: "called the treaty “the strongest ever”", not "called a
    # press conference to discuss the “tour”"
    return any(
        content.start <= quote.start
        and quote.end <= content.end + 1
        and len(ctx.text[content.start : quote.start].split()) <= 5
        for quote in quotes
    )


_CLAUSE_OPENING = re.compile(
    r"\s*(?:that|whether|if)\b|[^.;:“”\"]{0,60}?\b(?:that|to\s+[a-z]+|of\s+\w+ing)\b(?!\s+(?:is|was|are|were)\b)"
)


def _reports_content(ctx: RuleContext, verb: str, verb_end: int, content: Span, quotes: list[Quote]) -> bool:
    """A clause-only verb ("praised", "requested") reports speech only when a that-clause, an
    infinitive, "of" + gerund (accused X of -ing) or quoted words carry the content."""
    if re.match(r"(?:and|but|or)\s", ctx.text[content.start : content.end]):
        return False  # "X reported, and agreed that ...": the clause is another verb's, not reported words
    if re.sub(r"\s+", " ", verb) not in CLAUSE_ONLY:
        return True
    if any(content.start <= quote.start and quote.end <= content.end + 1 for quote in quotes):
        return True
    return _CLAUSE_OPENING.match(ctx.text, verb_end, content.end) is not None


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


def _main_speaker(
    ctx: RuleContext, sentence: Span, verb_start: int, found: list[FoundStatement]
) -> SpeakerGuess | None:
    """The speaker a continuing verb (", adding that", "and vowed") shares with its main clause."""
    if found:
        return SpeakerGuess(found[-1].speaker, "continued", found[-1].speaker.start, found[-1].speaker.end)
    subjects = find_actors(ctx, sentence.start, verb_start)
    if subjects and only_title_words(ctx.text[sentence.start : subjects[0].start]):
        subject = person_after_organisation(ctx, subjects)
        return SpeakerGuess(subject, "continued", subject.start, subject.end)
    pronoun = re.match(r"(?:He|She|It|They)\b", ctx.text[sentence.start : verb_start])
    if pronoun:  # "It did not name the site and said ...": the subject pronoun of the main clause
        resolved = pronoun_speaker(ctx, sentence.start, pronoun.group().lower())
        if resolved is not None:
            return SpeakerGuess(resolved, "pronoun", sentence.start, sentence.start + pronoun.end())
    return None


def _quote_speaker(ctx: RuleContext, sentence: Span, verb_start: int, quotes: list[Quote]) -> SpeakerGuess | None:
    """`“A,” X told the session, urging C`: the participle shares the quote's attributed speaker."""
    opening = next((q for q in quotes if sentence.start <= q.start < verb_start), None)
    if opening is None or ctx.text[sentence.start : opening.start].strip():
        return None
    return speaker_after(ctx, opening.end, verb_start)


_TITLE_WORDS = re.compile(r"[\s,]*(?:(?:Mr|Mrs|Ms|Dr)\.?\s+|(?:[\w’'\-]+|[A-Z][a-z]?\.)\s+){0,5}")
_CLOSING_NAME = re.compile(rf"(?<![\w\-’'])(?P<name>{PERSON_NAME})[\s.!?”\"]*$")
_DESCRIBED_THEN_TITLED = re.compile(r"\s*(?:[\w’'\-]+\s+){1,8}?[\w’'\-]+,\s+(?:(?:[\w’'\-]+|[A-Z][a-z]?\.)\s+){0,6}")


def _speaker_following_verb(
    ctx: RuleContext, sentence: Span, verb: re.Match[str], verb_end: int
) -> SpeakerGuess | None:
    """ "..., said Peskov." — the verb follows a comma and the speaker follows the verb."""
    before = ctx.text[sentence.start : verb_end - len(verb.group())]
    if not before.rstrip().endswith((",", "”", '"')):
        return None
    matches = find_actors(ctx, verb_end, sentence.end)
    # ", said Jana Novak" / ", said former envoy Jana Novak" / ", said Mr. Novak": a title may stand between
    if matches and _TITLE_WORDS.fullmatch(ctx.text[verb_end : matches[0].start]):
        return SpeakerGuess(matches[0], "named", matches[0].start, matches[0].end)
    # ", said another witness in the inquiry, former trade envoy Jana Novak.": a description, then the
    # titled name, which closes the sentence
    if (
        matches
        and _DESCRIBED_THEN_TITLED.fullmatch(ctx.text[verb_end : matches[0].start])
        and re.fullmatch(r"[\s.!?”\"]*", ctx.text[matches[0].end : sentence.end])
    ):
        return SpeakerGuess(matches[0], "named", matches[0].start, matches[0].end)
    closing = _CLOSING_NAME.search(ctx.text, verb_end, sentence.end)
    if closing is None or not looks_like_person(name := clean_person_name(closing.group("name"))):
        return None
    if name != closing.group("name") or not _DESCRIBED_THEN_TITLED.fullmatch(ctx.text[verb_end : closing.start()]):
        return None
    actor = ActorMatch(Actor(name=name), closing.start(), closing.start() + len(name))
    return SpeakerGuess(actor, "name_pattern", actor.start, actor.end)


def _content_after(ctx: RuleContext, sentence: Span, verb: str, verb_end: int) -> Span | None:
    text = ctx.text
    start = verb_end
    following = re.match(r"\s*,\s*(?:(?:and|but)\s+)?", text[start : sentence.end])
    if following and PARTICIPLE.match(text, start + following.end(), sentence.end):
        return None  # "C, X said, adding that D": D is the participle's own statement, C comes before
    if verb in ADDRESSEE_VERBS:
        addressee = (
            _TOLD_THEN_THAT.match(text, start, sentence.end)
            or _ADDRESSEE.match(text, start, sentence.end)
            or _AUDIENCE.match(text, start, sentence.end)
        )
        if addressee:
            start = addressee.end()
    elif verb.endswith("message"):  # "sent a message to the rebels that C"
        recipient = re.match(r"\s*to\s+[^,;.“”\"]{1,80}?(?=\s+that\b)", text[start : sentence.end])
        start += recipient.end() if recipient else 0
    filler = _LEADING_FILLER.match(text, start, sentence.end)
    if filler:
        start = filler.end()
    if opens_no_content(text, start, sentence.end):
        return None
    said_that = filler is not None and re.search(r"\bthat\s*$", filler.group()) is not None
    if not said_that and _NOT_CONTENT_START.match(text, start, sentence.end):
        # "said in a televised address that C": the occasion, then the content ("said that after
        # the talks C" is content already: the complementiser opened it)
        that = re.match(r"[^,;.“”\"]{0,80}?\bthat\s+", text[start : sentence.end])
        if that is None:
            return None
        start += that.end()
    end = _clause_end(ctx, start, sentence.end)
    return span_if_clause(text, start, end)


_PRONOUN_REPORTS = re.compile(
    r",?\s+(?:and|but)\s+(?:he|she|they|it)\s+(?:also\s+|later\s+)?(?=(?:" + REPORTING_VERB.pattern + r")\b)"
)


def _clause_end(ctx: RuleContext, start: int, end: int) -> int:
    """The reported clause stops where a new reporting verb of the same speaker starts."""
    tail = ctx.text[start:end]
    # ", adding", "and stressed", "but insisted": a new reporting verb of the same speaker. A bare -ing
    # form after "is"/"was" is a progressive ("is maintaining contact"), not a new report.
    stop = re.search(
        r"(?:,\s+(?:(?:and|but)\s+)?|\s+(?:and|but)\s+|(?<!\bis)(?<!\bare)(?<!\bwas)(?<!were)(?<!\bbe)(?<!been)(?<!\bto)\s+)"
        r"(?=(?:" + PARTICIPLE.pattern + r"|(?<=and\s|but\s)" + REPORTING_VERB.pattern + r"))",
        tail,
    )
    if stop and stop.start() > 0:
        end = start + stop.start()
    # ", and he noted that ...": the same speaker's next report, named again by a pronoun
    again = _PRONOUN_REPORTS.search(tail)
    if again and again.start() > 0:
        end = min(end, start + again.start())
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
    # "promised to protect X and hammered Y": a past tense cannot continue the infinitive, a new predicate does
    if re.match(r"\s*to\s+[a-z]", ctx.text[start:end]):
        predicate = re.search(r"\s+and\s+[a-z]+ed\b", ctx.text[start:end])
        end = start + predicate.start() if predicate else end
    # a word left dangling where a participle was cut off: "..., including [calling for ...]"
    dangling = re.search(r",?\s+(?:including|by|while|after|before|without)\s*$", ctx.text[start:end])
    return start + dangling.start() if dangling else end


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
    content = span_if_clause(text, sentence.start, sentence.start + comma)
    return None if content is None or is_subordinate(text, content) else content


_LEADING_SPACE = re.compile(r"\s*")


def _is_headline(ctx: RuleContext, sentence: Span) -> bool:
    """The title line repeats a later sentence and is not itself reporting."""
    words = ctx.text[sentence.start : sentence.end]
    if ctx.article.title and words.strip() == ctx.article.title.strip():
        return True
    leading = _LEADING_SPACE.match(ctx.text)  # "\s*" always matches
    first_line = leading is not None and leading.end() >= sentence.start  # nothing but space before it
    return first_line and words.rstrip()[-1:] not in {".", "!", "?", "”", '"'}


__all__ = ["reported_statements"]
