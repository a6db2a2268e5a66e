"""Text meaning shared by both engines, the merge and the evaluator: folding, keys, particles.

One place for each piece of meaning: how a name is folded (case, accents, script,
transliteration variants), which small words ("al-", "the", "bin") a name key ignores, and
the keys that names are looked up and compared by. The engines, the merge
(``extractor._canonical``), the shared registry (``extractor._registry``) and the evaluator
(``extractor._eval_match``) all take them from here.

The particle lists differ on purpose, so each is a named constant with its reason:
``ALIAS_PARTICLES`` are what a registry alias may carry or drop ("al-Sharaa" / "Sharaa");
``REGISTRY_PARTICLES`` add the Arabic sun-letter forms the engine-neutral lookup folds
("ad-Dawla", "as-Sisi"); ``EVAL_PARTICLES`` are the ones tests/gold/FORMAT.md documents for
scoring (titles such as "Mr" included), and must stay what that file says.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import cache, lru_cache

# What a registry alias may carry or drop ("al-Sharaa" = "Sharaa", "the Kremlin" = "Kremlin").
ALIAS_PARTICLES = frozenset({"al", "el", "the"})
# The engine-neutral registry lookup (``extractor._registry``) also folds the sun-letter forms.
REGISTRY_PARTICLES = frozenset({"al", "el", "the", "ad", "as", "ar", "an"})
# Documented for scoring in tests/gold/FORMAT.md ("particles such as al-, el-, bin are ignored").
EVAL_PARTICLES = frozenset({"al", "el", "ad", "ash", "as", "bin", "ibn", "mr", "mrs", "ms", "dr"})

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


__all__ = [
    "ALIAS_PARTICLES",
    "EVAL_PARTICLES",
    "NUMBER_WORDS",
    "REGISTRY_PARTICLES",
    "OffsetFold",
    "actor_key",
    "alias_key",
    "facility_key",
    "fold",
    "fold_transliteration",
    "name_key",
    "name_words",
    "offset_fold",
    "place_key",
    "quote_fold",
    "strip_accents",
    "words",
]
