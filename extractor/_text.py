"""Text meaning shared by both engines, the merge and the evaluator: sentence spans, folding, keys.

One place for each piece of meaning: how a name is folded (case, accents, script,
transliteration variants), which small words ("al-", "the", "bin") a name key ignores, and
the keys that names are looked up and compared by. The engines, the merge
(``extractor._canonical``), the shared registry (``extractor._registry``) and the evaluator
(``extractor._eval_match``) all take them from here.

The particle lists differ on purpose, so each is a named constant with its reason (the two
person-name lists, ``PERSON_NAME_PARTICLES`` and ``NAME_SEARCH_STOPWORDS``, are below them):
``ALIAS_PARTICLES`` are what a registry alias may carry or drop ("al-Sharaa" / "Sharaa");
``REGISTRY_PARTICLES`` add the Arabic sun-letter forms the engine-neutral lookup folds
("ad-Dawla", "as-Sisi"); ``EVAL_PARTICLES`` are the ones tests/gold/FORMAT.md documents for
scoring (titles such as "Mr" included), and must stay what that file says.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

# What a registry alias may carry or drop ("al-Sharaa" = "Sharaa", "the Kremlin" = "Kremlin").
ALIAS_PARTICLES = frozenset({"al", "el", "the"})
# The engine-neutral registry lookup (``extractor._registry``) also folds the sun-letter forms.
REGISTRY_PARTICLES = frozenset({"al", "el", "the", "ad", "as", "ar", "an"})
# Documented for scoring in tests/gold/FORMAT.md ("particles such as al-, el-, bin are ignored").
EVAL_PARTICLES = frozenset({"al", "el", "ad", "ash", "as", "bin", "ibn", "mr", "mrs", "ms", "dr"})
# Particles inside a person's name that are never a name on their own ("Mohammed bin Salman",
# "Ursula von der Leyen"): the rules engine does not take one for a surname or a first name.
PERSON_NAME_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "bint", "von", "van", "der", "de", "da", "du", "di", "la", "le", "abu"}
)
# The llm engine's name check (is a name the model gave written in the article?): particles and
# the short function words a hyphenated name splits into ("Moon Jae-in"), which on their own
# would match any article.
NAME_SEARCH_STOPWORDS = frozenset(
    {"al", "el", "ad", "as", "ar", "an", "bin", "ibn", "da", "de", "di", "von", "van", "the", "of"}
    | {"a", "and", "at", "by", "for", "in", "is", "on", "to"}
)

# Numbers written as words, as news prose writes durations and counts ("a 49-year lease",
# "for twenty-five years", "two days ago"): one table for every reader of numbers.
NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "twenty-five": 25, "thirty": 30, "forty": 40, "forty-nine": 49, "fifty": 50, "ninety-nine": 99,
    "hundred": 100,
}  # fmt: skip

_FACILITY_WORDS = re.compile(
    r"\b(the|in|at|of|air ?base|air ?field|airport|naval|navy|military|base|facility|facilities|port|station|"
    r"camp|fort|logistics|support|center|centre|hub|installation|point)\b"
)
# Transliterations of one place differ in ways that repeat across languages:
# Kh/H (Khmeimim/Hmeimim), ou/u (Tartous/Tartus), ei/ey/ay/y -> i, q/k, doubled letters.
_TRANSLITERATION = (("kh", "h"), ("ou", "u"), ("ei", "i"), ("ey", "i"), ("ay", "i"), ("y", "i"), ("q", "k"))
_DOUBLED = re.compile(r"([a-z])\1+")
_ALIAS_SEPARATORS = re.compile(r"[\s\-‑–.’'`,]+")
_WORD = re.compile(r"\w+")
# Typographic variants a copy of a quote changes (curly quotes, dashes, no-break space).
_QUOTE_MARKS_DASHES = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-",
        "\u00a0": " ",
    }
)  # fmt: skip


def strip_accents(text: str) -> str:
    """``text`` without combining marks (NFKD-decomposed: "Erdoğan" -> "Erdogan")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower case, accents removed, apostrophes and quotes unified."""
    return strip_accents(text).replace("’", "'").replace("‘", "'").casefold()


def words(text: str) -> list[str]:
    """Folded word tokens (hyphens and apostrophes split words)."""
    return _WORD.findall(fold(text).replace("_", " "))


def fold_transliteration(text: str) -> str:
    """Fold lower-case Latin text across common transliteration variants of one name."""
    for before, after in _TRANSLITERATION:
        text = text.replace(before, after)
    return _DOUBLED.sub(r"\1", text)


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Case-, accent-, punctuation- and spacing-insensitive form of a name or phrase."""
    return " ".join(re.sub(r"[^\w\s]", " ", strip_accents(text).casefold()).split())


@lru_cache(maxsize=65536)
def facility_key(text: str) -> str:
    """A facility name reduced to its place word(s) and folded across transliterations."""
    kept = _FACILITY_WORDS.sub(" ", name_key(text)).split()
    key = fold_transliteration("".join(kept) or name_key(text).replace(" ", ""))
    # A leading H is often dropped in transliteration (Hmeimim / Kh- / Humaymim).
    return key.removeprefix("h")


@lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """The rules gazetteer's spelling-insensitive key for a facility or place name.

    Unlike ``facility_key`` it keeps generic words ("air base", "port"): the gazetteer tells a
    base from the town it is named after ("Hmeimim" the town, "Hmeimim Air Base" the base).
    """
    from anyascii import anyascii  # transliterates any script ("Хмеймим" -> "Khmeimim"), drops diacritics

    text = anyascii(name).lower()
    text = text.replace("’", "'").replace("-", " ")
    text = re.sub(r"\bair\s*base\b|\bairbase\b", "air base", text)
    text = re.sub(r"\bair\s*field\b", "airfield", text)
    text = re.sub(r"^(?:the|al|el|at|as|ar)\s+", "", text.strip())
    text = re.sub(r"[^a-z0-9 ]", "", text)
    return re.sub(r"\s+", " ", fold_transliteration(text)).strip()


@lru_cache(maxsize=65536)
def alias_key(surface: str) -> str:
    """Registry alias key: case, punctuation, diacritics and script ("Erdoğan" = "Erdogan",
    transliterated by anyascii) and "al-"/"the" prefixes do not matter."""
    from anyascii import anyascii

    tokens = [token for token in _ALIAS_SEPARATORS.split(anyascii(surface).casefold()) if token]
    kept = [token for token in tokens if token not in ALIAS_PARTICLES]
    return " ".join(kept or tokens)


@cache
def actor_key(name: str) -> str:
    """Engine-neutral lookup key for a person or organisation name, without particles."""
    tokens = name_key(name.replace("-", " ")).split()
    kept = [word for word in tokens if word not in REGISTRY_PARTICLES]
    return " ".join(kept or tokens)


def name_words(name: str) -> list[str]:
    """Folded words of a name without the scoring particles (tests/gold/FORMAT.md)."""
    return [w for w in words(name) if w not in EVAL_PARTICLES] or words(name)


class OffsetFold:
    """A text folded for tolerant search, with a map from folded to original offsets."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        previous_space = False
        for index, char in enumerate(text):
            folded = char.translate(_QUOTE_MARKS_DASHES)
            if folded.isspace():
                if previous_space:
                    continue
                folded, previous_space = " ", True
            else:
                previous_space = False
                lowered = folded.lower()
                folded = lowered if len(lowered) == 1 else folded
            chars.append(folded)
            origin.append(index)
        self.text = "".join(chars)
        self._origin = origin

    def find(self, needle: str, start: int) -> tuple[int, int] | None:
        """Original ``(start, end)`` of ``needle`` searched from original offset ``start``."""
        folded_start = bisect.bisect_left(self._origin, start)
        position = self.text.find(needle, folded_start)
        if position < 0 or not needle:
            return None
        return self._origin[position], self._origin[position + len(needle) - 1] + 1

    def original(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the folded range ``[start, end)``."""
        return self._origin[start], self._origin[end - 1] + 1


@lru_cache(maxsize=64)
def offset_fold(text: str) -> OffsetFold:
    """``text`` folded for tolerant search (quote marks, dashes, space, case), with offsets back."""
    # One article is searched for many quotes and names; fold it once.
    return OffsetFold(text)


def quote_fold(text: str) -> str:
    """The folded form used for tolerant comparison of quotes (quote marks, dashes, space, case)."""
    return offset_fold(text).text.strip()


# ---- sentence spans ----------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` of an article's text."""

    start: int
    end: int

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before
# whitespace and an opening capital, digit or quote; or at a line break.
# Abbreviations that end in a full stop must not end a sentence.
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "adm", "rep", "sen", "gov",
        "pres", "st", "jr", "sr", "vs", "etc", "inc", "ltd", "corp", "co", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "u.s", "u.k", "u.n", "e.g", "i.e",
    }
)  # fmt: skip
_BOUNDARY = re.compile(r"""[.!?]["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])|\n+""")


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``, trimmed of surrounding whitespace, in order."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end() if match.group().strip() else match.start()
        if match.group().startswith(".") and _ends_with_abbreviation(text, start, match.start()):
            continue
        if match.group().startswith("\n") and _line_break_inside_sentence(text, match.start(), match.end()):
            continue
        _append_trimmed(spans, text, start, end)
        start = match.end()
    _append_trimmed(spans, text, start, len(text))
    return spans


def _ends_with_abbreviation(text: str, start: int, dot: int) -> bool:
    # Only the last few characters can hold an abbreviation: a window keeps this constant-time
    # (a longer token is no abbreviation and not one letter, whatever the window cuts off).
    word = _LAST_TOKEN.search(text, max(start, dot - 16), dot)
    if word is None:
        return False
    token = word.group(1).lower()
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


_LAST_TOKEN = re.compile(r"([A-Za-z.]+)$")


def _line_break_inside_sentence(text: str, before: int, after: int) -> bool:
    # Hard-wrapped sources break sentences across lines: "... to\n\nvisit Russia."
    # Look at the nearest non-space characters without copying the text on either side.
    previous = _non_space_before(text, before)
    following = _non_space_after(text, after)
    return bool(previous) and (previous.islower() or previous == ",") and following.islower()


def _non_space_before(text: str, position: int) -> str:
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return text[position - 1] if position > 0 else ""


def _non_space_after(text: str, position: int) -> str:
    while position < len(text) and text[position].isspace():
        position += 1
    return text[position] if position < len(text) else ""


# The longest span the rules read as one sentence. Text without sentence punctuation (a page
# flattened to one line, a list) would otherwise be one "sentence" that every per-mention rule
# rescans, so a rule's cost would grow with the square of the text. Real sentences are far
# shorter: the longest in the seeds, the dev sets and the 50 real pages is under 700 characters.
MAX_SENTENCE_CHARS = 1000


def bounded_sentences(text: str, spans: Sequence[Span], limit: int = MAX_SENTENCE_CHARS) -> list[Span]:
    """``spans`` with each one longer than ``limit`` cut into pieces of at most ``limit`` characters,
    at the last whitespace of each piece (mid-word only when a piece has none)."""
    bounded: list[Span] = []
    for span in spans:
        start = span.start
        while span.end - start > limit:
            cut = max(text.rfind(space, start + 1, start + limit) for space in (" ", "\n", "\t", "\u00a0"))
            if cut <= start:
                cut = start + limit
            _append_trimmed(bounded, text, start, cut)
            start = cut
        _append_trimmed(bounded, text, start, span.end)
    return bounded


def sentence_index(sentences: Sequence[Span], position: int) -> int | None:
    """The index of the sentence that holds ``position`` (sentences in order, not overlapping)."""
    index = bisect.bisect_right(sentences, position, key=_start) - 1
    if index >= 0 and position < sentences[index].end:
        return index
    return None


def _start(span: Span) -> int:
    return span.start


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


# Safe cut points for splitting a long article into overlapping requests (the llm engine's
# chunks): after a line break, or after . ! ? (and closing quotes or brackets) followed by space
# and a capital, digit or opening quote. Coarser than ``split_sentences`` on purpose: a cut
# inside an abbreviation costs nothing there, because neighbouring chunks overlap.
_CUT_POINT = re.compile(r"\n+|(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def cut_sentences(text: str) -> list[Span]:
    """Rough sentence ranges of ``text`` at safe cut points, trimmed of surrounding whitespace."""
    spans: list[Span] = []
    start = 0
    for match in _CUT_POINT.finditer(text):
        _append_trimmed(spans, text, start, match.start())
        start = match.end()
    _append_trimmed(spans, text, start, len(text))
    return spans


__all__ = [
    "ALIAS_PARTICLES",
    "EVAL_PARTICLES",
    "MAX_SENTENCE_CHARS",
    "NAME_SEARCH_STOPWORDS",
    "NUMBER_WORDS",
    "PERSON_NAME_PARTICLES",
    "REGISTRY_PARTICLES",
    "OffsetFold",
    "Span",
    "actor_key",
    "alias_key",
    "bounded_sentences",
    "cut_sentences",
    "facility_key",
    "fold",
    "fold_transliteration",
    "name_key",
    "name_words",
    "offset_fold",
    "place_key",
    "quote_fold",
    "sentence_index",
    "split_sentences",
    "strip_accents",
    "words",
]
