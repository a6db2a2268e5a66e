"""Agreements: leases, treaties, pacts, contracts, deals, accords and memoranda, with parties and terms.

Vagueness rule: "deal", "agreement", "accord" and "arrangement" are common words ("existing
deals with Russia", "past agreements"). Such a mention becomes a record only with a concrete
detail: a title, a signing date, a duration, a covered facility, a subject-matter modifier
("defence agreement") or a verb that makes it an act (signed, negotiate, stipulating...).
Otherwise it only adds its evidence (and status cue) to a concrete agreement of the same
article with the same parties, or is dropped. Every record needs at least one party or facility.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from extractor._rules._agreement_parts import (
    date_signed_near,
    duration_of,
    facilities_covered,
    own_clause_parties,
    parties_of,
    status_of,
    title_of,
)
from extractor._rules._context import RuleContext
from extractor._rules._text import make_evidence, mention_id
from extractor._rules._topic import is_off_topic_article, is_sports_sentence
from extractor._rules._vocabulary import clause_bounds
from extractor._text import Span
from schema import Agreement, AgreementStatus, AgreementType, MilitaryFacility

_NOUN = re.compile(
    r"\b(?P<noun>leases?|treat(?:y|ies)|pacts?|accords?|agreements?|deals?|contracts?|memorand(?:um|ums|a)|"
    r"MoUs?|MOUs?|conventions?|protocols?|arrangements?|frameworks?|(?<!of\s)understandings?)\b"
    r"(?!\s+(?:Organi[sz]ation|Cent(?:er|re)|Hall|Palace))",
    re.IGNORECASE,
)
_BASING_VERB = re.compile(
    r"\b(?:agreed|agree|agrees|signed\s+a\s+deal)\s+to\s+(?P<verb>station|deploy|lease|host|keep|extend|base|"
    r"maintain|allow|build|establish|open|supply|buy|sell|exchange|cooperate|form|create|resume)\b",
    re.IGNORECASE,
)
_WEAK_NOUNS = ("deal", "agreement", "accord", "arrangement", "protocol", "convention", "framework", "understanding")
# "the Treaty of Peace and Friendship of 1984", "the basing treaty of 1995": the year after the noun
_YEAR_AFTER = re.compile(
    r"(?:\s+(?:of|on)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*){0,4})?"
    r"\s+(?:of|from)\s+(?P<year>(?:19|20)\d\d)\b(?!\s*[-–]\d)"
)
_ACT_VERB = re.compile(
    r"\b(?:sign\w*|conclud\w*|ink\w*|struck|strike|reach\w*|negotiat\w*|stipulat\w*|ratif\w*|renew\w*|"
    r"extend\w*|draft\w*|seal\w*|broker\w*|clinch\w*|finali[sz]\w*|tore\s+up|scrap\w*|withdr[ae]w)\b",
    re.IGNORECASE,
)
_MODIFIER = re.compile(
    r"\b(?:defen[cs]e|security|military|basing|trade|free-trade|nuclear|peace|ceasefire|cease-fire|arms|"
    r"maritime|gas|oil|energy|grain|border|investment|economic|cooperation|partnership|strategic|"
    r"mutual|extradition|fisheries|air|naval|port|lease|leasing|supply|purchase|loan|transit|hostage|"
    r"prisoner|normali[sz]ation|framework|bilateral)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_VAGUE_BEFORE = re.compile(r"\b(?:existing|past|previous|prior|all|such|any|other|these|those|its|their)\s+$")
# "the 2014 defence cooperation agreement", "a 2000 treaty": the year names the agreement
_YEAR_BEFORE = re.compile(r"\b(?i:the|a|an|its|their)\s+(?P<year>(?:19|20)\d\d)\s+(?:[\w'’-]+\s+){0,4}$")
_BASING_ACCESS = re.compile(
    r"\b(?:access\s+to\s+(?:\w+\s+){0,3}(?:bases|sites|facilities|ports|airfields)|"
    r"station(?:ed|ing)?\s+(?:\w+\s+){0,2}(?:troops|forces)|basing\s+rights)\b",
    re.I,
)
_RATIFIED = re.compile(r"\bratif(?:y|ied|ies|ication)\b", re.IGNORECASE)
# ", amid tensions with X", ", a move likely to anger X", ", including a naval base facing X": no party named
_ASIDE = re.compile(r"\s(?:amid|as\s+(?:\w+\s+){0,2}(?:rift|tensions?|row|dispute|feud|standoff))\b|"
                    r",\s+(?:amid|as|while|despite|even\s+as|at\s+a\s+time|(?:in\s+)?a\s+move|"
                    r"including\s+(?:a|an|the|two|three|four|five)\s)\b")  # fmt: skip
_PROCESS_AFTER = re.compile(
    r"\s+(?:for|of)\s+(?:the\s+|further\s+|future\s+)?(?:talks|negotiations|dialogue|discussions)\b"
)
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those)\s+$", re.IGNORECASE)
_STATUS_PRIORITY: tuple[AgreementStatus, ...] = ("terminated", "under_review", "proposed", "in_force")


@dataclass
class _Draft:
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
    confidence: float = 0.7
    evidence: list[Span] = field(default_factory=list)


def extract_agreements(ctx: RuleContext, facilities: list[MilitaryFacility]) -> list[Agreement]:
    """Agreements in one article; ``facilities`` are the article's facility records (for coverage)."""
    if is_off_topic_article(ctx.text):
        return []
    drafts: list[_Draft] = []
    for index, sentence in enumerate(ctx.sentences):
        if is_sports_sentence(sentence.text_of(ctx.text)):
            continue
        for draft in _drafts_in(ctx, index, sentence, facilities):
            drafts.append(draft)
    concrete: list[_Draft] = []
    for draft in sorted(drafts, key=lambda d: d.vague):
        if draft.reference:
            target = _referent(concrete, draft)
            if target is not None:
                _merge(target, draft)
            continue
        target = next((c for c in concrete if _same_agreement(c, draft)), None)
        if target is not None:
            _merge(target, draft)
        elif not draft.vague:
            concrete.append(draft)
    for draft in concrete:
        if (
            draft.agreement_type == "other"
            and draft.duration
            and _BASING_ACCESS.search(" ".join(s.text_of(ctx.text) for s in draft.evidence))
        ):
            draft.agreement_type = "lease"  # a fixed-term right to use bases is a lease, whatever its name
        if draft.status == "proposed":
            draft.date_signed = None  # "would be signed this year": not a signing date
    concrete = [d for d in concrete if _identified(d)]
    return [_record(ctx, draft) for draft in sorted(concrete, key=lambda d: d.evidence[0])]


def _referent(concrete: list[_Draft], reference: _Draft) -> _Draft | None:
    """The agreement named last before ``reference``, within two sentences."""
    before = [c for c in concrete if c.evidence[0].start < reference.sentence.start]
    if not before:
        return None
    last = max(before, key=lambda c: max(s.start for s in c.evidence))
    gap = reference.sentence.start - max(s.end for s in last.evidence)
    return last if gap < 400 else None


def _drafts_in(ctx: RuleContext, index: int, sentence: Span, facilities: list[MilitaryFacility]) -> list[_Draft]:
    text = ctx.text
    found: list[_Draft] = []
    taken: list[tuple[int, int]] = []
    for match in _NOUN.finditer(text, sentence.start, sentence.end):
        own_year = _YEAR_BEFORE.search(text, max(sentence.start, match.start() - 60), match.start())
        noun = match.group("noun").lower()
        if any(s <= match.start() < e for s, e in taken) and not own_year:
            if noun.startswith("lease") and found:
                # "signed a deal to hand over the islands ... under a 99-year lease": the deal is a lease
                found[-1].agreement_type = "lease"
                found[-1].duration = found[-1].duration or duration_of(
                    text[max(sentence.start, match.start() - 40) : match.start()], text[match.start() : sentence.end]
                )
            continue
        draft = _draft(ctx, index, sentence, facilities, start=match.start(), end=match.end(), noun=noun)
        if draft is None:
            continue
        found.extend(_by_own_clause(ctx, draft, match, noun))
        clause = clause_bounds(text, sentence, match.start())
        taken.append((clause[0], clause[1]))  # "the deal ... the agreement" in one clause is one mention
    for match in _BASING_VERB.finditer(text, sentence.start, sentence.end):
        if any(s <= match.start() < e for s, e in taken):
            continue  # "agreed to extend the New START treaty": the noun already made the mention
        draft = _draft(ctx, index, sentence, facilities, start=match.start(), end=match.end(), noun=None)
        if draft is None:
            continue
        draft.agreement_type = "lease" if draft.duration and match.group("verb").lower() in (
            "station", "deploy", "lease", "host", "base", "keep", "maintain") else "deal"  # fmt: skip
        found.append(draft)
    # "The agreement, signed in 2014, had a term of 10 years": a definite reference with no party of its own
    # is kept to add its details to the agreement the article named just before
    return [d for d in found if d.parties or d.facilities or d.reference]


def _by_own_clause(ctx: RuleContext, draft: _Draft, match: re.Match[str], noun: str) -> list[_Draft]:
    """Parties from the agreement's own clause ("treaties with Israel - Egypt and Jordan -") rather than from
    countries the sentence names elsewhere; a plural noun with several on one side is one agreement each."""
    clause = clause_bounds(ctx.text, draft.sentence, match.start())
    sides = own_clause_parties(ctx.text, clause, match.start(), match.end(), draft.sentence.end)
    if sides is None or draft.facilities:
        return [draft]
    side, counter = sides
    plural = noun.endswith(("s", "ies", "memoranda")) and not noun.endswith("us")
    if plural and len(side) > 1:
        return [replace(draft, parties=[party, *counter], evidence=list(draft.evidence)) for party in side]
    draft.parties = [*side, *counter]
    return [draft]


def _identified(draft: _Draft) -> bool:
    """An agreement binds two sides. With one party named, something beyond the noun must single out one
    agreement (a signing date, a facility it covers, or a named instrument whose state the text gives);
    a bare "deal" or "contract" of one party is its dealings in general ("its arms deals with ...")."""
    if len(set(draft.parties)) >= 2 or draft.facilities or draft.date_signed:
        return True
    return draft.agreement_type not in {"deal", "contract"} and draft.status != "unknown"


def _draft(
    ctx: RuleContext,
    index: int,
    sentence: Span,
    facilities: list[MilitaryFacility],
    *,
    start: int,
    end: int,
    noun: str | None,
) -> _Draft | None:
    text = ctx.text
    clause = clause_bounds(text, sentence, start)
    before = text[max(clause[0], start - 60) : start]
    after = text[end : min(clause[1], end + 100)]
    covering = facilities_covered(ctx, index, sentence, facilities)
    covered = [facility.name for facility in covering]
    title = title_of(text, sentence, start, end)
    duration = duration_of(before, text[start:end] + after)
    year = _YEAR_BEFORE.search(before)
    year = year or (_YEAR_AFTER.match(text, end) if noun else None)
    date_signed = year.group("year") if year else date_signed_near(ctx, sentence, start)
    agreement_type = _type_of(noun, before) if noun else "deal"
    if agreement_type == "other" and _RATIFIED.search(text, clause[0], clause[1]):
        agreement_type = "treaty"  # parliaments ratify treaties
    if agreement_type == "other" and covered and duration:
        agreement_type = "lease"
    aside = _ASIDE.search(text, end, sentence.end)  # ", amid tensions with China over Taiwan" names no party
    stop = aside.start() if aside else sentence.end
    parties = parties_of(ctx, Span(sentence.start, stop), (clause[0], min(clause[1], stop)), covering)
    act = _ACT_VERB.search(text, clause[0], clause[1]) is not None
    if noun and noun.startswith("framework") and _PROCESS_AFTER.match(text, end):
        return None  # "a framework for negotiations": the shape of talks, not an agreement
    specific = noun is None or not noun.startswith(_WEAK_NOUNS) or bool(_MODIFIER.search(before))
    # "existing deals", and a definite "the pact" that only refers back, add to another mention
    definite = bool(_DEFINITE_BEFORE.search(before)) and not (title or date_signed or duration)
    vague = (
        definite
        or not (title or date_signed or duration or covered or act or specific)
        or (bool(_VAGUE_BEFORE.search(before)) and not (title or date_signed or duration or act))
    )
    if vague:
        covered = []
    reference = not parties and not covered and bool(_DEFINITE_BEFORE.search(before)) and bool(duration or date_signed)
    status = status_of(text[clause[0] : clause[1]])
    details = sum(bool(x) for x in (title, date_signed, duration, covered, parties))
    return _Draft(
        agreement_type=agreement_type,
        parties=parties,
        sentence=sentence,
        title=title,
        date_signed=date_signed,
        duration=duration,
        status=status,
        facilities=covered,
        vague=vague,
        reference=reference,
        confidence=round(min(0.95, (0.6 if noun and noun.startswith(_WEAK_NOUNS) else 0.7) + 0.06 * details), 3),
        evidence=[sentence],
    )


def _type_of(noun: str, before: str) -> AgreementType:
    if noun.startswith("lease") or re.search(r"\b(?:lease|leasing|basing)\s+$", before, re.IGNORECASE):
        return "lease"
    if noun.startswith(("treat", "pact", "convention")):
        return "treaty"
    if noun.startswith("contract"):
        return "contract"
    if noun.startswith(("memorand", "mou", "protocol")):
        return "memorandum"
    if noun.startswith("deal"):
        return "deal"
    return "other"


def _compatible(a: object, b: object) -> bool:
    if a is None or b is None:
        return True
    if isinstance(a, str) and isinstance(b, str):
        return a.startswith(b) or b.startswith(a)
    return a == b


def _same_agreement(kept: _Draft, new: _Draft) -> bool:
    types = (kept.agreement_type, new.agreement_type)
    different = types[0] != types[1] and not new.vague and ("other" not in types or kept.sentence != new.sentence)
    if different and not _one_named_elsewhere(kept, new):
        return False
    if not set(new.parties) & set(kept.parties) and not set(new.facilities) & set(kept.facilities):
        return False
    if not set(new.parties) <= set(kept.parties) and not set(kept.parties) <= set(new.parties):
        return False
    statuses = {kept.status, new.status} - {"unknown"}
    if len(statuses) > 1 and not ({"in_force", "under_review"} >= statuses):
        return False
    return all(
        _compatible(x, y)
        for x, y in ((kept.date_signed, new.date_signed), (kept.duration, new.duration), (kept.title, new.title))
    )


def _bare(draft: _Draft) -> bool:
    return not (draft.title or draft.date_signed or draft.duration or draft.facilities)


def _one_named_elsewhere(kept: _Draft, new: _Draft) -> bool:
    """ "an expanded defence pact" beside "the 2014 Enhanced Defense Cooperation Agreement", or "a defence pact"
    beside "the Reciprocal Access Agreement", between the same two parties: one agreement named twice."""
    if len(set(kept.parties)) < 2 or set(kept.parties) != set(new.parties):
        return False
    titled_other = any(d.agreement_type == "other" and d.title for d in (kept, new))
    return _bare(kept) or _bare(new) or (titled_other and not (kept.title and new.title))


def _merge(kept: _Draft, new: _Draft) -> None:
    if (kept.agreement_type == "other" or (_bare(kept) and not _bare(new))) and not new.vague:
        kept.agreement_type = new.agreement_type
    kept.parties += [p for p in new.parties if p not in kept.parties]
    kept.facilities += [f for f in new.facilities if f not in kept.facilities]
    kept.title = kept.title or new.title
    kept.date_signed = max((d for d in (kept.date_signed, new.date_signed) if d), key=len, default=None)
    kept.duration = kept.duration or new.duration
    statuses = {kept.status, new.status}
    kept.status = next((s for s in _STATUS_PRIORITY if s in statuses), "unknown")
    kept.evidence += [s for s in new.evidence if s not in kept.evidence]
    kept.confidence = round(min(1.0, kept.confidence + 0.05), 3)


def _record(ctx: RuleContext, draft: _Draft) -> Agreement:
    spans = sorted(draft.evidence)
    key = "|".join([draft.agreement_type, *sorted(draft.parties), draft.date_signed or ""])
    return Agreement(
        id=mention_id("agr", ctx.article.id, spans[0].start, spans[0].end, key),
        evidence=[make_evidence(ctx.article, s.start, s.end) for s in spans],
        confidence=draft.confidence,
        extractor=ctx.extractor,
        title=draft.title,
        agreement_type=draft.agreement_type,
        parties=draft.parties,
        date_signed=draft.date_signed,
        duration_years=draft.duration,
        status=draft.status,
        facilities=draft.facilities,
    )
