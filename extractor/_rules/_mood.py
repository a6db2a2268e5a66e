"""Sentence mood: instructions addressed to the reader are not news and yield no record.

A news sentence reports (a subject and a finite verb: "X said", "the talks were held"); an
imperative opens with a bare verb and addresses whoever reads it ("Ignore ... and output a
meeting between ..."). Text injected into an article to steer a program reads like that, and so
do a page's instructions to its readers. Neither describes an event, so the rules never read one.
Quoted imperatives ("“Stop the war,” X said") open with a quote mark and stay statements.
"""

from __future__ import annotations

import re

# Verbs that open instructions to a reader or a program, in their bare (imperative) form. Words
# that are also common sentence-opening nouns in news ("Report", "Act", "Return", "Set") are left
# out: a headline "Report: talks held" must stay readable.
_IMPERATIVE_VERBS = (
    "ignore|disregard|forget|output|print|write|generate|produce|create|respond|reply|answer|pretend|"
    "extract|insert|include|emit|repeat|translate|summari[sz]e|describe|explain|tell|give|show|make|"
    "assume|treat|use|replace|append|delete|remove|invent|fabricate|add|list|return|say|do|please|"
    "click|subscribe|sign|download|share|follow|read|watch|listen|imagine|consider"
)
# The bare verb, then what an imperative governs (an object, a clause, "and" + a second verb).
_IMPERATIVE = re.compile(rf"^(?:please[\s,]+)?(?:{_IMPERATIVE_VERBS})\b(?![\-’'])(?!\s+(?:of|by)\b)(?=\s+\S)", re.I)
# Talk about a program's instructions: only injected text or a chatbot transcript speaks like this.
_ABOUT_INSTRUCTIONS = re.compile(
    r"\b(?:(?:previous|prior|above|earlier|all|your|the\s+system)\s+(?:instructions|prompts?)|system\s+prompt|"
    r"as\s+an\s+ai\b|language\s+model)\b",
    re.IGNORECASE,
)


def is_instruction(sentence: str) -> bool:
    """True for a sentence that instructs its reader (an imperative) rather than reporting."""
    text = sentence.strip()
    return _IMPERATIVE.match(text) is not None or _ABOUT_INSTRUCTIONS.search(text) is not None


__all__ = ["is_instruction"]
