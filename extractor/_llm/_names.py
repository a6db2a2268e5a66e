"""Whether an article names an actor or a facility: names checked one by one.

A participant, speaker or facility stands when its name, one of its aliases (from the
actor registry or the facility gazetteer), its surname or another word of it that is not
generic, or a transliteration of it, occurs in the article. Comparison folds case,
accents, punctuation and transliteration variants (Kh/H, ou/u, doubled letters).
"""

from __future__ import annotations

import functools
import re

from extractor._text import NAME_SEARCH_STOPWORDS

# Words that name a kind of thing rather than the thing: "Tartus naval base" is not
# mentioned by an article that only says "base".
_GENERIC = frozenset(
    [
        "base",
        "bases",
        "airbase",
        "naval",
        "army",
        "military",
        "forces",
        "force",
        "port",
        "station",
        "facility",
        "ministry",
        "minister",
        "president",
        "prime",
        "foreign",
        "defence",
        "defense",
        "government",
        "office",
        "council",
        "state",
        "republic",
        "kingdom",
        "federation",
        "union",
        "national",
        "agency",
        "officials",
        "official",
        "spokesman",
        "spokeswoman",
        "embassy",
    ]
)
GENERIC_WORDS = _GENERIC | frozenset(
    [
        "air",
        "airfield",
        "airstrip",
        "airport",
        "navy",
        "camp",
        "hub",
        "logistics",
        "center",
        "centre",
        "installation",
        "installations",
        "outpost",
        "outposts",
        "garrison",
        "pier",
        "piers",
        "support",
        "point",
        "the",
        "a",
        "an",
        "of",
        "in",
        "at",
        "on",
        "and",
        "near",
    ]
)
"""Words that describe a kind of place or office, not which one."""


# Words of a collective speaker that names no one in particular ("unnamed sources",
# "officials", "diplomats"): such a name cannot be fabricated, only mis-attributed.
_COLLECTIVE = frozenset(
    [
        "unnamed",
        "anonymous",
        "source",
        "sources",
        "official",
        "officials",
        "diplomat",
        "diplomats",
        "people",
        "person",
        "analysts",
        "observers",
        "experts",
        "residents",
        "witnesses",
        "spokesperson",
        "spokespeople",
        "representatives",
        "delegation",
        "leadership",
        "authorities",
        "senior",
        "familiar",
        "with",
        "the",
        "matter",
    ]
)


@functools.lru_cache(maxsize=256)
def _fold_words(text: str) -> tuple[str, ...]:
    """Words of ``text`` folded for case, accents and transliteration variants."""
    from extractor._text import fold_transliteration, name_key

    return tuple(fold_transliteration(word) for word in name_key(text.replace("-", " ")).split())


@functools.lru_cache(maxsize=64)
def _text_index(text: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """The folded text padded with spaces, its word set, and the countries it names."""
    words = _fold_words(text)
    countries = frozenset(
        code
        for size in (1, 2, 3)
        for index in range(len(words) - size + 1)
        if (code := _country_names().get(" ".join(words[index : index + size]))) is not None
    )
    return f" {' '.join(words)} ", frozenset(words), countries


def mentioned(text: str, name: str, aliases: tuple[str, ...] = ()) -> bool:
    """Whether the article ``text`` names ``name`` (or one of its ``aliases``).

    Accepted: the whole name or an alias as a phrase; its surname or any other word of
    it that is not generic (a Chinese family name comes first: "Xi" for "Xi Jinping");
    a word naming a country the text names another way ("Russian" for "Russia's"); or a
    collective name that names no one ("unnamed sources"). Everything is compared after
    folding case, accents, punctuation and transliteration variants (Kh/H, ou/u).
    Guards against records about entities the article never mentions, which a
    grounded-but-unrelated quote would otherwise let through.
    """
    padded, words, countries = _text_index(text)
    for candidate in (name, *aliases):
        folded = _fold_words(candidate)
        if folded and f" {' '.join(folded)} " in padded:
            return True
    own = _fold_words(name)
    collective, generic = _folded_vocabulary()
    if own and all(word in collective for word in own):
        return True
    content = [word for word in own if word not in generic and word not in collective]
    for word in content:
        if word in words:
            return True
        code = _country_names().get(word)
        if code is not None and code in countries:
            return True
    return False


# A name found in the article: the whole name or an alias (best), a word of it, widened to
# the neighbouring words of the name ("Vladimir Putin" for "Vladimir Vladimirovich Putin"),
# or a word naming the same country ("Russian" for "Russia").
PHRASE, WORD, COUNTRY = 0, 1, 2
_TOKEN = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=16)
def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    """The words of ``text`` folded as names are, with their original offsets."""
    tokens: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text):
        folded = _fold_words(match.group())
        if folded:
            tokens.append((" ".join(folded), match.start(), match.end()))
    return tuple(tokens)


def name_spans(text: str, name: str, aliases: tuple[str, ...] = ()) -> list[tuple[int, int, int]]:
    """Every place ``text`` names ``name`` (or an alias): ``(start, end, quality)``, quality
    ``PHRASE``, ``WORD`` or ``COUNTRY`` (lower is better), found the way ``mentioned`` finds
    names. A collective name ("unnamed sources") is found only as a phrase: it names no one."""
    tokens = _tokens(text)
    keys = [key for key, _start, _end in tokens]
    found: list[tuple[int, int, int]] = []
    phrases = {folded for candidate in (name, *aliases) if (folded := _fold_words(candidate))}
    for phrase in phrases:
        size = len(phrase)
        for index in range(len(keys) - size + 1):
            if tuple(keys[index : index + size]) == phrase:
                found.append((tokens[index][1], tokens[index + size - 1][2], PHRASE))
    own = _fold_words(name)
    collective, generic = _folded_vocabulary()
    # A country of several words in the name ("United States government") is found as a
    # country ("U.S.", "American"), never by one of its words ("States" of "Arab States").
    codes: set[str] = set()
    split: set[str] = set()
    for size in (3, 2):
        for index in range(len(own) - size + 1):
            code = _country_names().get(" ".join(own[index : index + size]))
            if code is not None:
                codes.add(code)
                split |= set(own[index : index + size])
    content = {word for word in own if word not in generic and word not in collective and word not in split}
    codes |= {code for word in content if (code := _country_names().get(word)) is not None}
    for index, key in enumerate(keys):
        if key in content:
            first, last = index, index
            while first > 0 and keys[first - 1] in own:
                first -= 1
            while last + 1 < len(keys) and keys[last + 1] in own:
                last += 1
            found.append((tokens[first][1], tokens[last][2], WORD))
        if not codes:
            continue
        for size in (1, 2, 3):
            words = " ".join(keys[index : index + size])
            if index + size <= len(keys) and _country_names().get(words) in codes:
                found.append((tokens[index][1], tokens[index + size - 1][2], COUNTRY))
    return sorted(set(found))


@functools.cache
def _folded_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """Collective-speaker words (with particles) and generic words, folded like names are."""
    collective = frozenset(word for phrase in _COLLECTIVE | NAME_SEARCH_STOPWORDS for word in _fold_words(phrase))
    generic = frozenset(word for phrase in _GENERIC for word in _fold_words(phrase))
    return collective, generic


def country_of(name: str) -> str | None:
    """The ISO alpha-3 code a country name, adjective or code names, else ``None``."""
    from schema import ISO_ALPHA3

    cleaned = name.strip()
    if not cleaned:
        return None
    if cleaned.upper() in ISO_ALPHA3:
        return cleaned.upper()
    return _country_names().get(" ".join(_fold_words(cleaned)))


@functools.cache
def _country_names() -> dict[str, str]:
    from importlib import resources

    import yaml

    from schema import ISO_ALPHA3

    raw = yaml.safe_load(resources.files("extractor").joinpath("data/countries.yaml").read_text("utf-8"))
    names: dict[str, str] = {}
    if isinstance(raw, dict):
        for code, entry in raw.items():
            if not isinstance(entry, dict) or str(code) not in ISO_ALPHA3:
                continue
            for key in ("name", "adj", "alt"):
                values = entry.get(key) or []
                for value in [values] if isinstance(values, str) else values:
                    names.setdefault(" ".join(_fold_words(str(value))), str(code))
    return names


__all__ = ["COUNTRY", "GENERIC_WORDS", "PHRASE", "WORD", "country_of", "mentioned", "name_spans"]
