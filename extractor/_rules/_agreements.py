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
    names_pair,
    own_clause_parties,
    parties_of,
    status_of,
    title_of,
    type_companies,
)
from extractor._rules._agreement_scope import (
    attached_span,
    bystanders,
    companies_in,
    is_generic_plural,
    party_scope,
)
from extractor._rules._context import RuleContext
from extractor._rules._text import make_evidence, mention_id
from extractor._rules._topic import is_off_topic_article, is_sports_sentence
from extractor._rules._vocabulary import clause_bounds, parties_in
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
    r"\b(defen[cs]e|security|military|basing|trade|free-trade|nuclear|peace|ceasefire|cease-fire|arms|"
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
    subject: str | None = None
    plural: bool = False
    signed: bool = False
    draft_text: bool = False
    headline: bool = False
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
    concrete = [d for d in _fold_headline(concrete) if _identified(d)]
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
    companies = companies_in(ctx, clause[0], clause[1])
    sides = own_clause_parties(ctx.text, clause, match.span(), draft.sentence.end, companies)
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
    # ", Brazil's foreign ministry said in a statement": the one who reports it is not thereby a party
    stop = party_scope(text, (sentence.start, aside.start() if aside else sentence.end), end)[1]
    own = (clause[0], min(clause[1], stop))
    parties = parties_of(ctx, Span(sentence.start, stop), own, covering)
    act = _ACT_VERB.search(text, clause[0], clause[1]) is not None
    attached, tied = attached_span(text, own, start, end)
    if noun and not (act or covering or tied or names_pair(text, own) or _names_a_side(ctx, attached)):
        # "Russia said Washington's move undermined a peace deal": a speaker and the owner of a move
        aside = bystanders(text, own, attached)
        parties = [party for party in parties if party not in aside]
    parties = type_companies(ctx, parties, own, attached)
    if noun and noun.startswith("framework") and _PROCESS_AFTER.match(text, end):
        return None  # "a framework for negotiations": the shape of talks, not an agreement
    if noun == "agreement" and re.search(r"\bin\s+$", before):
        return None  # "in agreement with the Indian stand": concurring, not an agreement
    if noun and not (title or year) and is_generic_plural(text, start, end, noun, own[1]):
        return None  # "arms deals with African countries": a line of business, not one agreement
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
    clause_text = text[clause[0] : clause[1]]
    subject = _MODIFIER.search(before)
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
        plural=bool(noun and not title and noun.endswith(("s", "memoranda")) and not noun.endswith(("us", "accords"))),
        subject=_SUBJECTS.get(subject.group(1).lower()) if subject else None,
        signed=status == "in_force" and _SIGNED.search(clause_text) is not None,
        draft_text=re.search(r"\bdraft", clause_text, re.IGNORECASE) is not None,
        headline=_is_headline(ctx, index),
        confidence=round(min(0.95, (0.6 if noun and noun.startswith(_WEAK_NOUNS) else 0.7) + 0.06 * details), 3),
        evidence=[sentence],
    )


# Subject matters that tell two agreements of the same parties apart ("a nuclear deal" and "an arms deal")
_SUBJECTS = {
    **dict.fromkeys(("defence", "defense", "security", "military", "basing", "naval", "air"), "defence"),
    **dict.fromkeys(("trade", "free-trade", "economic", "investment", "purchase", "supply", "transit"), "trade"),
    **dict.fromkeys(("gas", "oil", "energy"), "energy"),
    **dict.fromkeys(("peace", "ceasefire", "cease-fire", "normalisation", "normalization"), "peace"),
    **dict.fromkeys(("hostage", "prisoner"), "prisoners"),
    "nuclear": "nuclear", "arms": "arms", "maritime": "maritime", "grain": "grain", "border": "border",
    "extradition": "extradition", "fisheries": "fisheries", "loan": "loan", "port": "port",
}  # fmt: skip
_SIGNED = re.compile(r"\b(?:signed|inked|sealed|concluded|clinched)\b", re.IGNORECASE)


def _is_headline(ctx: RuleContext, index: int) -> bool:
    """The article's first line when it is a headline: no closing punctuation, a line break after it."""
    if index != 0 or not ctx.sentences:
        return False
    first = ctx.sentences[0]
    line = ctx.text[first.start : first.end].rstrip()
    after = ctx.text[first.end : first.end + 3].lstrip(" ")
    return not line.endswith((".", "!", "?", '"', "”")) and after.startswith("\n")


def _names_a_side(ctx: RuleContext, span: tuple[int, int]) -> bool:
    return bool(parties_in(ctx.text, *span) or companies_in(ctx, *span))


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


def _draft_then_signed(kept: _Draft, new: _Draft) -> bool:
    """The draft of an agreement and the signed text are one agreement: the same name, or the same two or
    more parties where one mention calls it a draft and the other says it was signed."""
    if {kept.status, new.status} != {"proposed", "in_force"} or not (kept.signed or new.signed):
        return False
    if kept.title and new.title:
        return _compatible(kept.title, new.title)
    return (kept.draft_text or new.draft_text) and len(set(kept.parties)) >= 2 and set(kept.parties) == set(new.parties)


def _fold_headline(concrete: list[_Draft]) -> list[_Draft]:
    """A headline repeated in the body ("Egypt signs nuclear deal") names fewer parties than the body's
    account of the same agreement: it joins that account instead of standing as a one-party record."""
    kept: list[_Draft] = []
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
        _merge(target, draft)
        target.agreement_type = saved if saved != "other" else draft.agreement_type
    return kept


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
    if statuses == {"proposed", "in_force"} and (kept.signed or new.signed):
        kept.status = "in_force"  # the draft was signed
    kept.signed = kept.signed or new.signed
    kept.draft_text = kept.draft_text or new.draft_text
    kept.subject = kept.subject or new.subject
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
