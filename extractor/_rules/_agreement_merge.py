"""How agreement mentions of one article become one agreement: which mentions are the same, and how
they combine (see ``_agreements`` for how mentions are found)."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor._text import Span
from schema import AgreementStatus, AgreementType

__all__ = ["Draft", "fold_headline", "merge", "referent", "same_agreement"]

_STATUS_PRIORITY: tuple[AgreementStatus, ...] = ("terminated", "under_review", "proposed", "in_force")


@dataclass
class Draft:
    """One mention of an agreement, with what its sentence says about it."""

    agreement_type: AgreementType
    parties: list[str]
    sentence: Span
    title: str | None = None
    date_signed: str | None = None
    duration: float | None = None
    status: AgreementStatus = "unknown"
    facilities: list[str] = field(default_factory=list)
    vague: bool = False
    reference: bool = False
    subject: str | None = None
    plural: bool = False
    signed: bool = False
    draft_text: bool = False
    headline: bool = False
    confidence: float = 0.7
    evidence: list[Span] = field(default_factory=list)


def referent(concrete: list[Draft], reference: Draft) -> Draft | None:
    """The agreement named last before ``reference``, within two sentences."""
    before = [c for c in concrete if c.evidence[0].start < reference.sentence.start]
    if not before:
        return None
    last = max(before, key=lambda c: max(s.start for s in c.evidence))
    gap = reference.sentence.start - max(s.end for s in last.evidence)
    return last if gap < 400 else None


def _compatible(a: object, b: object) -> bool:
    if a is None or b is None:
        return True
    if isinstance(a, str) and isinstance(b, str):
        return a.startswith(b) or b.startswith(a)
    return a == b


def same_agreement(kept: Draft, new: Draft) -> bool:
    types = (kept.agreement_type, new.agreement_type)
    different = types[0] != types[1] and not new.vague and ("other" not in types or kept.sentence != new.sentence)
    if different and not _one_named_elsewhere(kept, new):
        return False
    if not set(new.parties) & set(kept.parties) and not set(new.facilities) & set(kept.facilities):
        return False
    if not set(new.parties) <= set(kept.parties) and not set(kept.parties) <= set(new.parties):
        return False
    if kept.plural != new.plural and not (kept.vague or new.vague):
        return False  # "34 investment deals" and "a partnership agreement": a set of deals is not the one
    if kept.subject and new.subject and kept.subject != new.subject:
        return False  # "a nuclear deal" and "an arms deal" of the same two countries are two deals
    statuses = {kept.status, new.status} - {"unknown"}
    if len(statuses) > 1 and not ({"in_force", "under_review"} >= statuses) and not _draft_then_signed(kept, new):
        return False
    return all(
        _compatible(x, y)
        for x, y in ((kept.date_signed, new.date_signed), (kept.duration, new.duration), (kept.title, new.title))
    )


def _draft_then_signed(kept: Draft, new: Draft) -> bool:
    """The draft of an agreement and the signed text are one agreement: the same name, or the same two or
    more parties where one mention calls it a draft and the other says it was signed."""
    if {kept.status, new.status} != {"proposed", "in_force"} or not (kept.signed or new.signed):
        return False
    if kept.title and new.title:
        return _compatible(kept.title, new.title)
    return (kept.draft_text or new.draft_text) and len(set(kept.parties)) >= 2 and set(kept.parties) == set(new.parties)


def fold_headline(concrete: list[Draft]) -> list[Draft]:
    """A headline repeated in the body ("Egypt signs nuclear deal") names fewer parties than the body's
    account of the same agreement: it joins that account instead of standing as a one-party record."""
    kept: list[Draft] = []
    for draft in concrete:
        body = [c for c in concrete if not c.headline]
        target = None
        if draft.headline:
            target = next(
                (
                    c
                    for c in body
                    if set(draft.parties) <= set(c.parties)
                    and (not draft.subject or not c.subject or draft.subject == c.subject)
                    and all(_compatible(x, y) for x, y in ((draft.date_signed, c.date_signed), (draft.title, c.title)))
                ),
                None,
            )
        if target is None:
            kept.append(draft)
            continue
        saved = target.agreement_type
        merge(target, draft)
        target.agreement_type = saved if saved != "other" else draft.agreement_type
    return kept


def _bare(draft: Draft) -> bool:
    return not (draft.title or draft.date_signed or draft.duration or draft.facilities)


def _one_named_elsewhere(kept: Draft, new: Draft) -> bool:
    """ "an expanded defence pact" beside "the 2014 Enhanced Defense Cooperation Agreement", or "a defence pact"
    beside "the Reciprocal Access Agreement", between the same two parties: one agreement named twice."""
    if len(set(kept.parties)) < 2 or set(kept.parties) != set(new.parties):
        return False
    titled_other = any(d.agreement_type == "other" and d.title for d in (kept, new))
    return _bare(kept) or _bare(new) or (titled_other and not (kept.title and new.title))


def merge(kept: Draft, new: Draft) -> None:
    if (kept.agreement_type == "other" or (_bare(kept) and not _bare(new))) and not new.vague:
        kept.agreement_type = new.agreement_type
    kept.parties += [p for p in new.parties if p not in kept.parties]
    kept.facilities += [f for f in new.facilities if f not in kept.facilities]
    kept.title = kept.title or new.title
    kept.date_signed = max((d for d in (kept.date_signed, new.date_signed) if d), key=len, default=None)
    kept.duration = kept.duration or new.duration
    statuses = {kept.status, new.status}
    kept.status = next((s for s in _STATUS_PRIORITY if s in statuses), "unknown")
    if statuses == {"proposed", "in_force"} and (kept.signed or new.signed):
        kept.status = "in_force"  # the draft was signed
    kept.signed = kept.signed or new.signed
    kept.draft_text = kept.draft_text or new.draft_text
    kept.subject = kept.subject or new.subject
    kept.evidence += [s for s in new.evidence if s not in kept.evidence]
    kept.confidence = round(min(1.0, kept.confidence + 0.05), 3)
