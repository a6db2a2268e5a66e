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
from dataclasses import replace

from extractor._rules._agreement_merge import Draft, fold_headline, merge, referent, same_agreement
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
    counterparty_organisation,
    is_generic_plural,
    party_scope,
)
from extractor._rules._context import RuleContext
from extractor._rules._text import make_evidence, mention_id
from extractor._rules._topic import is_off_topic_article, is_sports_sentence
from extractor._rules._vocabulary import clause_bounds, parties_in
from extractor._text import Span
from schema import Agreement, AgreementType, MilitaryFacility

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


def extract_agreements(ctx: RuleContext, facilities: list[MilitaryFacility]) -> list[Agreement]:
    """Agreements in one article; ``facilities`` are the article's facility records (for coverage)."""
    if is_off_topic_article(ctx.text):
        return []
    drafts: list[Draft] = []
    for index, sentence in enumerate(ctx.sentences):
        if is_sports_sentence(sentence.text_of(ctx.text)):
            continue
        for draft in _drafts_in(ctx, index, sentence, facilities):
            drafts.append(draft)
    concrete: list[Draft] = []
    for draft in sorted(drafts, key=lambda d: d.vague):
        if draft.reference:
            target = referent(concrete, draft)
            if target is not None:
                merge(target, draft)
            continue
        target = next((c for c in concrete if same_agreement(c, draft)), None)
        if target is not None:
            merge(target, draft)
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
    concrete = [d for d in fold_headline(concrete) if _identified(d)]
    return [_record(ctx, draft) for draft in sorted(concrete, key=lambda d: d.evidence[0])]


def _drafts_in(ctx: RuleContext, index: int, sentence: Span, facilities: list[MilitaryFacility]) -> list[Draft]:
    text = ctx.text
    found: list[Draft] = []
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


def _by_own_clause(ctx: RuleContext, draft: Draft, match: re.Match[str], noun: str) -> list[Draft]:
    """Parties from the agreement's own clause ("treaties with Israel - Egypt and Jordan -") rather than from
    countries the sentence names elsewhere; a plural noun with several on one side is one agreement each."""
    clause = clause_bounds(ctx.text, draft.sentence, match.start())
    companies = companies_in(ctx, clause[0], clause[1])
    named = counterparty_organisation(ctx, match.end(), clause[1])
    if named is not None and not any(c.start <= named.start < c.end for c in companies):
        companies.append(named)
    sides = own_clause_parties(ctx.text, clause, match.span(), draft.sentence.end, companies)
    if sides is None or draft.facilities:
        return [draft]
    side, counter = sides
    plural = noun.endswith(("s", "ies", "memoranda")) and not noun.endswith("us")
    if plural and len(side) > 1:
        return [replace(draft, parties=[party, *counter], evidence=list(draft.evidence)) for party in side]
    draft.parties = [*side, *counter]
    return [draft]


def _identified(draft: Draft) -> bool:
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
) -> Draft | None:
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
        outside = bystanders(text, own, attached)
        parties = [party for party in parties if party not in outside]
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
    return Draft(
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


def _record(ctx: RuleContext, draft: Draft) -> Agreement:
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
