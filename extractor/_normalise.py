"""Normalised keys for matching names across articles and spellings."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FACILITY_WORDS = re.compile(
    r"\b(the|in|at|of|air ?base|air ?field|airport|naval|navy|military|base|facility|facilities|port|station|"
    r"camp|fort|logistics|support|center|centre|hub|installation|point)\b"
)
# Transliterations of one place differ in ways that repeat across languages:
# Kh/H (Khmeimim/Hmeimim), ou/u (Tartous/Tartus), ei/ey/ay/y -> i, q/k, doubled letters.
_TRANSLITERATION = (("kh", "h"), ("ou", "u"), ("ei", "i"), ("ey", "i"), ("ay", "i"), ("y", "i"), ("q", "k"))
_DOUBLED = re.compile(r"([a-z])\1+")


def fold_transliteration(text: str) -> str:
    """Fold lower-case Latin text across common transliteration variants of one name."""
    for before, after in _TRANSLITERATION:
        text = text.replace(before, after)
    return _DOUBLED.sub(r"\1", text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Case-, accent-, punctuation- and spacing-insensitive form of a name or phrase."""
    return " ".join(re.sub(r"[^\w\s]", " ", _fold(text)).split())


@lru_cache(maxsize=65536)
def facility_key(text: str) -> str:
    """A facility name reduced to its place word(s) and folded across transliterations."""
    words = _FACILITY_WORDS.sub(" ", name_key(text)).split()
    key = fold_transliteration("".join(words) or name_key(text).replace(" ", ""))
    # A leading H is often dropped in transliteration (Hmeimim / Kh- / Humaymim).
    return key.removeprefix("h")
