"""How a predicted item and a gold item are compared: match scores and attribute checks.

Every score is in [0, 1]; a pair matches when its score reaches ``MATCH_THRESHOLD``.
The rules (documented for users in tests/gold/FORMAT.md):

- actors: the same person when the actor registry maps both names to one actor, or
  when their normalised names are equal, or when the shorter name's words are all in
  the longer one and both end with the same word ("Sharaa" = "Ahmed al-Sharaa";
  particles such as al-, el-, bin are ignored, accents and case too);
- meetings: participants overlap, |matched| / |union| of the two participant lists;
- statements: the speakers must match; then the token overlap (Dice coefficient of
  the word multisets) of the predicted text with the gold text or the gold quote;
- military facilities: any normalised alias in common (name included), generic words
  such as "air base" or "port of" left out;
- agreements: the mean of parties overlap, facilities overlap (when either side lists
  facilities) and agreement type equality; a pair with no party or facility in common
  does not match.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

from extractor._countries import country_code
from extractor._registry import canonical_actor_name
from extractor._text import name_words, words

MATCH_THRESHOLD = 0.5

_FACILITY_GENERIC = frozenset(
    {
        "the", "of", "air", "airbase", "airfield", "airport", "base", "naval", "navy", "army",
        "military", "facility", "port", "logistics", "hub", "station", "point", "support",
    }
)  # fmt: skip


@cache
def actor_key(name: str) -> tuple[str, ...]:
    """Normalised words of an actor's canonical name (through the registry when it knows it)."""
    return tuple(name_words(canonical_actor_name(name) or name))


def actors_match(a: str, b: str) -> bool:
    """Whether two actor names denote the same actor (see the module docstring)."""
    key_a, key_b = actor_key(a), actor_key(b)
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    shorter, longer = sorted((key_a, key_b), key=len)
    return bool(shorter[-1] == longer[-1] and set(shorter) <= set(longer))


def _actor_name(actor: Any) -> str:
    if isinstance(actor, dict):
        return str(actor.get("name") or "")
    return str(actor or "")


def actor_overlap(gold: Sequence[Any], predicted: Sequence[Any]) -> float:
    """|matched| / |union| of two actor lists, each actor matched at most once."""
    gold_names = [_actor_name(a) for a in gold]
    pred_names = [_actor_name(a) for a in predicted]
    if not gold_names or not pred_names:
        return 0.0
    used: set[int] = set()
    matched = 0
    for g in gold_names:
        for j, p in enumerate(pred_names):
            if j not in used and actors_match(g, p):
                used.add(j)
                matched += 1
                break
    return matched / (len(gold_names) + len(pred_names) - matched)


def token_dice(a: str, b: str) -> float:
    """Dice coefficient of the word multisets of two texts."""
    wa, wb = Counter(words(a)), Counter(words(b))
    total = sum(wa.values()) + sum(wb.values())
    if total == 0:
        return 0.0
    return 2 * sum((wa & wb).values()) / total


def facility_key(name: str) -> str:
    """A facility name without generic words: "Khmeimim Air Base" -> "khmeimim"."""
    kept = [w for w in words(name) if w not in _FACILITY_GENERIC]
    return " ".join(kept or words(name))


def facility_names(item: dict[str, Any]) -> set[str]:
    names = [item.get("name") or "", *(item.get("aliases") or [])]
    return {facility_key(n) for n in names if n}


def _party_key(name: str) -> str:
    return country_code(name) or " ".join(words(name))


def _set_overlap(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    union = sa | sb
    return len(sa & sb) / len(union) if union else 0.0


def score_meeting(gold: dict[str, Any], pred: dict[str, Any], quote: str | None) -> float:
    del quote
    return actor_overlap(gold.get("participants") or [], pred.get("participants") or [])


def score_statement(gold: dict[str, Any], pred: dict[str, Any], quote: str | None) -> float:
    if not actors_match(_actor_name(gold.get("speaker")), _actor_name(pred.get("speaker"))):
        return 0.0
    text = str(pred.get("text") or "")
    candidates = [str(gold.get("text") or ""), quote or ""]
    return max(token_dice(candidate, text) for candidate in candidates)


def score_facility(gold: dict[str, Any], pred: dict[str, Any], quote: str | None) -> float:
    del quote
    return 1.0 if facility_names(gold) & facility_names(pred) else 0.0


def score_agreement(gold: dict[str, Any], pred: dict[str, Any], quote: str | None) -> float:
    del quote
    parties = _set_overlap(
        (_party_key(p) for p in gold.get("parties") or []), (_party_key(p) for p in pred.get("parties") or [])
    )
    gold_facilities = {facility_key(f) for f in gold.get("facilities") or []}
    pred_facilities = {facility_key(f) for f in pred.get("facilities") or []}
    parts = [parties]
    if gold_facilities or pred_facilities:
        parts.append(_set_overlap(gold_facilities, pred_facilities))
    if max(parts) == 0.0:
        return 0.0
    parts.append(1.0 if gold.get("agreement_type") == pred.get("agreement_type") else 0.0)
    return sum(parts) / len(parts)


Scorer = Callable[[dict[str, Any], dict[str, Any], "str | None"], float]
SCORERS: dict[str, Scorer] = {
    "meetings": score_meeting,
    "statements": score_statement,
    "military_facilities": score_facility,
    "agreements": score_agreement,
}


# ---- attributes of matched pairs -------------------------------------------------


def date_consistent(gold: Any, pred: Any) -> bool:
    """Equal at the coarser of the two precisions ("2025-10" agrees with "2025-10-15"); null = null."""
    if gold is None or pred is None:
        return gold is None and pred is None
    shorter, longer = sorted((str(gold), str(pred)), key=len)
    return longer.startswith(shorter)


def date_exact(gold: Any, pred: Any) -> bool:
    return bool(gold == pred)


def place_equal(gold: Any, pred: Any) -> bool:
    """Same place: equal words, or one's words a run inside the other's ("Moscow" in "the Kremlin, Moscow")."""
    if gold is None or pred is None:
        return gold is None and pred is None
    wg, wp = " ".join(words(str(gold))), " ".join(words(str(pred)))
    return wg == wp or f" {wg} " in f" {wp} " or f" {wp} " in f" {wg} "


def value_equal(gold: Any, pred: Any) -> bool:
    return bool(gold == pred)


def number_equal(gold: Any, pred: Any) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    return abs(float(gold) - float(pred)) < 1e-6


Check = Callable[[Any, Any], bool]
ATTRIBUTES: dict[str, list[tuple[str, str, Check]]] = {
    # (reported name, field, check)
    "meetings": [
        ("date", "date", date_consistent),
        ("date_exact", "date", date_exact),
        ("location", "location", place_equal),
        ("format", "format", value_equal),
        ("status", "status", value_equal),
    ],
    "statements": [
        ("direct", "direct", value_equal),
        ("date", "date", date_consistent),
        ("date_exact", "date", date_exact),
    ],
    "military_facilities": [
        ("facility_type", "facility_type", value_equal),
        ("operator", "operator", value_equal),
        ("host_country", "host_country", value_equal),
        ("location", "location", place_equal),
        ("status", "status", value_equal),
    ],
    "agreements": [
        ("agreement_type", "agreement_type", value_equal),
        ("duration_years", "duration_years", number_equal),
        ("date_signed", "date_signed", date_consistent),
        ("date_signed_exact", "date_signed", date_exact),
        ("status", "status", value_equal),
    ],
}


def greedy_assign(
    scores: Iterable[tuple[float, int, int]], *, optional_gold: frozenset[int] = frozenset()
) -> list[tuple[int, int, float]]:
    """One-to-one pairs (gold, predicted, score), best score first.

    On equal scores a required gold item goes before an optional one, then lower
    indices first, so the result never depends on anything but the inputs' order.
    """
    pairs: list[tuple[int, int, float]] = []
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for score, g, p in sorted(scores, key=lambda s: (-s[0], s[1] in optional_gold, s[1], s[2])):
        if score < MATCH_THRESHOLD or g in used_gold or p in used_pred:
            continue
        used_gold.add(g)
        used_pred.add(p)
        pairs.append((g, p, score))
    return pairs
