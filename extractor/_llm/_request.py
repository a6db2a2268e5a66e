"""One chunk's structured request: re-asks inside, transport retries outside, counted."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from pydantic import ValidationError

from extractor._errors import ConfigError
from extractor._llm._client import (
    ModelClient,
    RetryPolicy,
    describe,
    status_of,
    transport_cause,
    with_transport_retries,
)
from extractor._llm._container import Extraction, salvage_items
from extractor._llm._prompt import SYSTEM_PROMPT, user_message


@dataclass(frozen=True)
class Decoding:
    """Sampling and budget settings; part of the cache key."""

    temperature: float = 0.0
    max_tokens: int = 2048
    max_reasks: int = 2
    chunk_chars: int = 6000


@dataclass
class Counters:
    """Accounting for one article, summed over its chunks."""

    calls: int = 0
    retries: int = 0
    reasks: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    rejected: int = 0
    cache_hits: int = 0

    def as_stats(self) -> dict[str, int]:
        return {field.name: int(getattr(self, field.name)) for field in fields(self)}


class ChunkFailedError(Exception):
    """A chunk that got no usable answer; ``reason`` is one line, ``transport`` says why."""

    def __init__(self, reason: str, *, transport: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transport = transport


async def request_extraction(
    client: ModelClient,
    chunk_text: str,
    *,
    title: str | None,
    published: str | None,
    decoding: Decoding,
    policy: RetryPolicy,
    counters: Counters,
) -> Extraction:
    """The model's ``Extraction`` for ``chunk_text``; raises ``ChunkFailedError`` with a reason.

    When re-asks run out, the last answer is returned as it is: the caller keeps only
    its grounded records and counts the rest as rejected.
    """
    from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
    from instructor.core.hooks import Hooks

    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": user_message(chunk_text, title=title, published=published)},
    ]
    hooks = Hooks()
    hooks.on("completion:kwargs", lambda *_args, **_kwargs: _count_call(counters))
    hooks.on("completion:response", lambda response: _count_tokens(counters, response))
    hooks.on("parse:error", lambda *_args, **_kwargs: _count_reask(counters))

    async def attempt() -> Any:
        try:
            return await _create()
        except Exception as error:
            if client.mode_name == "json_schema" and _rejects_schema_mode(error):
                raise _SchemaModeRejectedError from None
            raise

    async def _create() -> Any:
        return await client.create(
            messages=messages,
            response_model=Extraction,
            max_retries=decoding.max_reasks,
            context={"text": chunk_text},
            hooks=hooks,
            max_tokens=decoding.max_tokens,
            temperature=decoding.temperature,
        )

    def count_retry(_cause: BaseException) -> None:
        counters.retries += 1

    for _ in range(2):  # a second pass only after falling back from JSON-schema mode
        try:
            result: Extraction = await with_transport_retries(attempt, policy=policy, on_retry=count_retry)
            return result
        except _SchemaModeRejectedError:
            client.fall_back_to_json_mode()  # or another chunk already did
            continue
        except IncompleteOutputException as error:
            partial = _salvage_truncated(error)
            if partial is None:
                raise ChunkFailedError(f"model output was truncated at the {decoding.max_tokens}-token limit") from None
            extraction, dropped = partial
            counters.rejected += dropped
            return extraction
        except InstructorRetryException as error:
            cause = transport_cause(error)
            if cause is not None:
                raise ChunkFailedError(
                    f"model server failed after {policy.attempts} attempt(s): "
                    f"{describe(cause)}: {client.redact(str(cause))}",
                    transport=True,
                ) from None
            status = status_of(error)
            if status is not None:
                raise ChunkFailedError(
                    f"model server refused the request: HTTP {status}: {_reason(client, error)}"
                ) from None
            counters.reasks -= 1  # the last failed parse was not followed by a re-ask
            salvaged = _salvage(error)
            if salvaged is not None:
                return salvaged
            raise ChunkFailedError(
                f"invalid model output after {getattr(error, 'n_attempts', '?')} attempt(s): {_reason(client, error)}"
            ) from None
        except ConfigError:
            raise
        except Exception as error:
            cause = transport_cause(error)
            kind = describe(cause) if cause is not None else type(error).__name__
            raise ChunkFailedError(
                f"model request failed: {kind}: {_reason(client, error)}", transport=cause is not None
            ) from None
    raise ChunkFailedError("model server rejects both JSON-schema and JSON output modes")


class _SchemaModeRejectedError(Exception):
    """The server does not take a JSON-schema response format."""


def _rejects_schema_mode(error: BaseException) -> bool:
    # Servers answer an unknown response format with 400, 422 or even 500 (llama.cpp).
    status = status_of(error)
    cause = error.__cause__ if error.__cause__ is not None else error
    text = str(cause).lower()
    return status in (400, 422, 500) and ("response_format" in text or "json_schema" in text)


def _reason(client: ModelClient, error: BaseException) -> str:
    cause = error.__cause__ if error.__cause__ is not None else error
    if isinstance(cause, ValidationError):
        problems = cause.errors()
        if not problems:
            return client.redact(str(cause))
        location = ".".join(str(part) for part in problems[0]["loc"])
        return client.redact(f"{location or 'answer'}: {problems[0]['msg']}")
    return client.redact(str(cause) or type(cause).__name__)


def _salvage(error: Any) -> Extraction | None:
    """The last answer parsed without the grounding check, if it is well-formed at all."""
    completion = getattr(error, "last_completion", None)
    text = _completion_text(completion) if completion is not None else None
    if not text:
        return None
    try:
        return Extraction.model_validate_json(text)
    except ValidationError:
        return None


def _salvage_truncated(error: Any) -> tuple[Extraction, int] | None:
    """The complete records of an answer cut off at the token limit, if there are any."""
    import jiter

    text = _completion_text(getattr(error, "last_completion", None))
    if not text:
        return None
    try:
        data = jiter.from_json(text.encode(), partial_mode=True)
    except ValueError:
        return None
    extraction, dropped = salvage_items(data)
    if not extraction.records():
        return None
    return extraction, dropped


def _completion_text(completion: Any) -> str | None:
    choices = getattr(completion, "choices", None)
    if choices:
        content = getattr(getattr(choices[0], "message", None), "content", None)
        return content if isinstance(content, str) else None
    for block in getattr(completion, "content", None) or []:
        if getattr(block, "type", None) == "tool_use":
            return json.dumps(getattr(block, "input", {}))
        if getattr(block, "type", None) == "text":
            return str(getattr(block, "text", ""))
    return None


def _count_call(counters: Counters) -> None:
    counters.calls += 1


def _count_reask(counters: Counters) -> None:
    counters.reasks += 1


def _count_tokens(counters: Counters, response: Any) -> None:
    usage = getattr(response, "usage", None)
    if usage is None:
        return
    counters.tokens_in += int(getattr(usage, "prompt_tokens", None) or getattr(usage, "input_tokens", 0) or 0)
    counters.tokens_out += int(getattr(usage, "completion_tokens", None) or getattr(usage, "output_tokens", 0) or 0)
