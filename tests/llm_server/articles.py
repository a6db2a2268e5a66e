"""Synthetic articles and answer builders shared by the LLM engine tests and benchmark."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from schema import Article


def make_article(article_id: str, text: str, *, published: str | None = "2024-05-14") -> Article:
    return Article(
        id=article_id,
        text=text,
        title=f"Report {article_id}",
        published=published,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


SAMPLE_TEXT = (
    "Foreign Minister Maria Lindqvist met her Ruritanian counterpart Tomas Varga in Vienna on Tuesday.\n"
    "“We will deepen our ties,” Lindqvist said after the talks.\n"
    "Ruritania keeps using the Port Aldo naval base under a 25-year lease signed in 2019."
)


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]


def statement_answer(quote: str, speaker: str) -> str:
    """An answer with one statement resting on ``quote``."""
    return json.dumps(
        {
            "meetings": [],
            "statements": [
                {
                    "speaker": {"name": speaker, "country": "Ruritania", "role": None},
                    "text": quote,
                    "direct": True,
                    "date": "2024-05-14T10:00",
                    "channel": None,
                    "quotes": [quote],
                }
            ],
            "military_facilities": [],
            "agreements": [],
        }
    )


def grounded_answer(text: str) -> str:
    """A statement quoting the chunk's first sentence, attributed to a word of it."""
    sentence = first_sentence(text)
    speaker = next(word for word in re.findall(r"[A-Z][a-z]{3,}", sentence))
    return statement_answer(sentence, speaker)


def fabricated_answer(_text: str) -> str:
    return statement_answer("The moon is made of cheese, everyone agrees.", "Nobody Inparticular")


def request_has(request: dict[str, Any], needle: str) -> bool:
    return any(needle in str(message.get("content")) for message in request.get("messages", []))
