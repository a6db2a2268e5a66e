"""The reporting-words resource (``extractor/data/reporting_words.tsv``) as word forms.

The file lists lemmas from published verb and frame inventories (its header states the sources and
the method); this module spells out their inflections, so the resource stays a list of lemmas and no
form is ever added by hand for one article.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

_VOWELS = frozenset("aeiou")
# Classes whose object is usually not the reported content ("praised the ties", "requested a
# meeting", "revealed a plan", "threatened action"): their verbs report speech only when a that-clause,
# an infinitive or quoted words follow.
CLAUSE_ONLY_CLASSES = frozenset(
    {
        "Judgment_communication",
        "Judgment_direct_address",
        "Request",
        "37.8-complain",
        "Reveal_secret",
        "Predicting",
        "Reporting",
        "37.3-manner",
        "29.5-conjecture",
    }
)
_CLAUSE_ONLY_LEMMAS = frozenset({"threaten"})


@dataclass(frozen=True)
class ReportingWords:
    """Finite forms (past and third person), -ing forms (those that continue speech apart), nouns,
    and the base forms of the one-word verbs ("went on to insist", "did note")."""

    finite: tuple[str, ...]
    participles: tuple[str, ...]
    continuing: tuple[str, ...]
    nouns: tuple[str, ...]
    clause_only: frozenset[str]
    bases: tuple[str, ...] = ()


def inflect(lemma: str) -> tuple[str, str, str]:
    """Regular past, third person and -ing of ``lemma`` ("note" -> noted, notes, noting)."""
    if lemma.endswith("e"):
        return lemma + "d", lemma + "s", lemma[:-1] + "ing"
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return lemma[:-1] + "ied", lemma[:-1] + "ies", lemma + "ing"
    third = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else lemma + "s"
    return lemma + "ed", third, lemma + "ing"


@cache
def reporting_words() -> ReportingWords:
    """The resource, parsed once; a malformed line is a packaging fault and raises ValueError."""
    text = files("extractor").joinpath("data/reporting_words.tsv").read_text(encoding="utf-8")
    finite: list[str] = ["say", "says"]  # "officials say": the one base form common in reports
    participles: list[str] = []
    continuing: list[str] = []
    nouns: list[str] = []
    clause_only: set[str] = set()
    bases: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0] == "noun" and len(cols) >= 3:
            nouns.append(cols[1])
            continue
        if cols[0] not in {"verb", "phrase"} or len(cols) != 5 or cols[4] not in {"continues", "infers"}:
            raise ValueError(f"reporting_words.tsv line {number}: expected kind, lemma, class, forms, participle")
        if cols[3] != "-":
            past, third, ing = cols[3].split("|")
        else:
            past, third, ing = inflect(cols[1])
        finite.extend([past, third])
        if cols[2] in CLAUSE_ONLY_CLASSES or cols[1] in _CLAUSE_ONLY_LEMMAS:
            clause_only.update({past, third, ing, cols[1]})
        if cols[0] == "verb":
            bases.append(cols[1])
        participles.append(ing)
        if cols[4] == "continues":
            continuing.append(ing)
    return ReportingWords(
        _unique(finite),
        _unique(participles),
        _unique(continuing),
        _unique(nouns),
        frozenset(clause_only),
        _unique(bases),
    )


def _unique(items: list[str]) -> tuple[str, ...]:
    # Longest first, so that an alternation tries "pointed out" before "pointed".
    return tuple(sorted(set(items), key=lambda word: (-len(word), word)))


__all__ = ["CLAUSE_ONLY_CLASSES", "ReportingWords", "inflect", "reporting_words"]
