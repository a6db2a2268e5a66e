"""Word patterns of reported speech: reporting verbs, speaker descriptions, channels, quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor._rules._lexicon import reporting_words

# Reporting verbs in the forms that introduce speech, from the documented resource
# extractor/data/reporting_words.tsv (see _lexicon). Multi-word entries ("pointed out") allow any spacing.
_WORDS = reporting_words()


def _alternation(forms: tuple[str, ...]) -> str:
    return "|".join(r"\s+".join(re.escape(part) for part in form.split()) for form in forms)


REPORTING_VERB = re.compile(r"(?<![\w\-])(?:" + _alternation(_WORDS.finite) + r")(?![\w\-])")
PARTICIPLE = re.compile(r"(?<![\w\-])(?:" + _alternation(_WORDS.participles) + r")(?![\w\-])")
# A base form after a verb of continuing, trying or do-support: "went on to assert", "continues to
# insist", "tried to suggest", "did note". Its ``base`` group is the reporting verb.
CATENATED = re.compile(
    r"(?<![\w\-])(?:(?:continues|continued|went\s+on|goes\s+on|tried|tries|sought|seeks)\s+to|did|does)\s+"
    r"(?P<base>" + _alternation(_WORDS.bases) + r")(?![\w\-])"
)

# Participles that continue the subject's own speech (", adding that ..."); others such as
# "suggesting" or "underscoring" after a comma are usually the writer's inference.
SPEECH_PARTICIPLE = re.compile(r"(?<![\w\-])(?:" + _alternation(_WORDS.continuing) + r")(?![\w\-])")

# Verbs that report speech only with a that-clause, an infinitive or quoted words ("praised C" is not).
CLAUSE_ONLY = _WORDS.clause_only

# Verbs whose object is the addressee, not the content ("told reporters that", "urged Sharaa to").
ADDRESSEE_VERBS = frozenset({"told", "tells", "assured", "assures", "telling", "assuring", "tell", "assure"})

# Between subject and verb: auxiliaries and adverbs ("has recently said", "also told").
AUXILIARIES = re.compile(
    r"(?:,\s*(?:however|meanwhile|though|too|in\s+turn|for\s+(?:his|her|its|their)\s+part),|"
    r"\s+(?:has|have|had|also|recently|reportedly|previously|later|then|again|further|publicly|since|still|now|"
    r"already|just|even|never|always|long|"
    r"repeatedly|earlier|once|firmly|personally|separately|explicitly|openly|has\s+also|had\s+also|"
    r"would|will|could|may|might|did|does|is|was|on\s+\w+day|[a-z]+ly|"
    # a time between subject and verb: "Obama at the time called", "the ministry last week said"
    r"at\s+the\s+time|(?:last|this)\s+(?:week|month|year)|in\s+(?:\d{4}|[A-Z][a-z]+)(?=\s+\w+ed\b)))*\s*$"
)
PASSIVE_BEFORE = re.compile(r"(?:\b(?:is|are|was|were|be|been|being|it\s+is|it\s+was)\s+)$", re.IGNORECASE)
PRONOUN = re.compile(r"(?:^|(?<=[\s,“\"(]))(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey|[Ii]t)$")
DESCRIPTION = re.compile(
    r"(?:^|(?<=[\s,“\"(]))(?P<description>(?:[Tt]he|[A-Z][a-z]+['’]s)\s+(?:[\w’'\-]+\s+){0,3}?"
    r"(?:diplomat|minister|president|leader|official|spokesman|spokeswoman|spokesperson|chief|envoy|"
    r"ambassador|premier|chancellor|head|commander|general|monarch|king|emir|secretary|politician|"
    r"lawmaker|senator|prince|ruler|founder|director|chairman|chairwoman|governor|mayor|prosecutor|negotiator|"
    r"adviser|advisor|aide|congressman|congresswoman|representative))$"
)

# Where the words were said: an outlet or an occasion.
_CAP = r"[A-Z][\w&.’'\-]*"
_OUTLET = rf"(?P<outlet>(?:the\s+)?(?:{_CAP}|al|Al)(?:\s+(?:{_CAP}|al|of|de|la|le|du))*)"
_MEDIA = r"(?:network|outlet|newspaper|broadcaster|channel|daily|news\s+agency|magazine|TV\s+channel)"
_ORIGIN = r"(?:US|U\.S\.|state|[A-Z][a-z]+(?:an|ish|ese|ian|i))"
_IN = r"\b(?:[Ii]n|[Dd]uring)\s+an?\s+(?:exclusive\s+|televised\s+|recent\s+|joint\s+)?"
# "told X": X is an outlet only when it looks like one ("told Le Monde", "told CNN"), not a person
# ("told Lula"); "told reporters" names no channel at all.
_TOLD_NAME = re.compile(rf"\btold\s+{_OUTLET}")
_OUTLET_WORD = re.compile(
    r"\b(?:[A-Z]{2,}[a-z]?|News|Times|Post|Journal|Monde|Figaro|Agency|Radio|Television|TV|Press|Broadcasting|"
    r"Network|Telegraph|Guardian|Herald|Tribune|Gazette|Novosti|Arabiya|Jazeera|Kommersant|Izvestia|Spiegel|"
    r"Zeitung|Express|Mail|Standard|Mirror|Observer|Economist|Channel|Reuters|Bloomberg|Xinhua|Interfax|Yonhap|"
    r"Kyodo|Anadolu|Politico|Axios|Intelligencer|Ruptly)\b"
)
CHANNELS: list[tuple[re.Pattern[str], str | None]] = [
    (
        re.compile(
            rf"{_IN}interview\s+(?:in\s+\w+\s+)?(?:with|on|to)\s+"
            rf"(?:(?:the\s+)?(?:{_ORIGIN}\s+)?{_MEDIA}\s+)?{_OUTLET}"
        ),
        None,
    ),
    (
        re.compile(
            rf"\b(?:[Ss]peaking|[Tt]alking)\s+(?:to|with)\s+(?:(?:the\s+)?(?:{_ORIGIN}\s+)?{_MEDIA}\s+)?"
            rf"{_OUTLET}"
        ),
        None,
    ),
    (re.compile(rf"\btold\s+(?:the\s+)?(?:{_ORIGIN}\s+)?{_MEDIA}\s+{_OUTLET}"), None),
    (_TOLD_NAME, None),
    (re.compile(r"\b(?:[Ii]n|[Oo]n)\s+(?:an?\s+|the\s+)?(?:official\s+)?readout\b"), "readout"),
    (re.compile(r"\b(?:at|during)\s+an?\s+(?:joint\s+)?(?P<plain>press conference|news conference|briefing)\b"), None),
    (re.compile(r"\b(?:[Ii]n|[Oo]n)\s+(?:a|his|her|their|the)\s+(?:written\s+|joint\s+)?(?P<plain>statement)\b"), None),
    (re.compile(r"\bon\s+(?P<plain>(?:state|national)\s+(?:television|TV)|television|Telegram|Twitter)\b"), None),
    # A platform the words were posted on: "wrote on X", "posted on Facebook", "in a post on Instagram".
    (
        re.compile(
            r"\b(?:wrote|writes|posted|posts|said|says|tweeted|writing|posting|post|message|video)\s+on\s+"
            r"(?:(?:his|her|its|their)\s+)?(?P<plain>X|Facebook|Instagram|Telegram|Twitter|TikTok|YouTube|"
            r"LinkedIn|Truth\s+Social|VKontakte|Weibo|WeChat|Threads|Bluesky)(?![\w\-])"
        ),
        None,
    ),
    (re.compile(rf"{_IN}(?P<plain>interview)\b"), None),
]
_NOT_OUTLETS = frozenset({"The", "He", "She", "It", "They", "That", "On", "In"})


def find_channel(passage: str) -> str | None:
    """The outlet or occasion a passage names, or None."""
    for pattern, fixed in CHANNELS:
        match = pattern.search(passage)
        if match is None:
            continue
        if fixed is not None:
            return fixed
        if "plain" in match.groupdict() and match.group("plain"):
            return match.group("plain")
        outlet = re.sub(r"^the\s+", "", match.group("outlet")).strip()
        outlet = re.sub(r"(?:\s+(?:of|de|la|le|du|al))+$", "", outlet)
        outlet = re.sub(r"^(Al|El)-", r"\1 ", outlet)
        outlet = re.sub(r"\s+(?:TV\s+channel|TV|channel|newspaper|daily)$", "", outlet)
        if outlet.endswith(".") and len(outlet.split()[-1]) > 4:
            outlet = outlet[:-1]
        if pattern is _TOLD_NAME and not _OUTLET_WORD.search(outlet):
            continue
        if outlet and outlet not in _NOT_OUTLETS:
            return outlet
    return None


@dataclass(frozen=True)
class Quote:
    """A quotation at ``[start, end)`` including its marks; ``inner`` is the words only."""

    start: int
    end: int
    inner_start: int
    inner_end: int


_CURLY = re.compile(r"“([^“”]{2,}?)”")
_MIXED = re.compile(r"(?<![\w])\"([^\"“”\n]{2,}?)”")
_STRAIGHT = re.compile(r"(?<![\w])\"([^\"\n]{2,}?)\"(?![\w])")


def find_quotes(text: str) -> list[Quote]:
    """Every double-quoted passage (curly or straight) in ``text``, and one opened with a straight
    mark and closed with a curly one (``"A,” said X. "B."``), as real pages mix them."""
    quotes = [Quote(m.start(), m.end(), m.start(1), m.end(1)) for m in _CURLY.finditer(text)]
    mixed = [Quote(m.start(), m.end(), m.start(1), m.end(1)) for m in _MIXED.finditer(text)]
    for match in _STRAIGHT.finditer(text):
        if not any(other.start < match.end() and match.start() < other.end for other in mixed):
            quotes.append(Quote(match.start(), match.end(), match.start(1), match.end(1)))
    return sorted(quotes + mixed, key=lambda quote: quote.start)
