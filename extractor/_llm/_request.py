"""One chunk's structured requests: the answer, its continuations, per-record re-asks.

1. The chunk is asked for once (``ask``); transport failures are retried outside,
   unparseable JSON is re-asked by instructor inside.
2. An answer cut off at the token limit keeps its complete records, and the model is
   asked for the records after these, up to ``MAX_CONTINUATIONS`` times.
3. Each record is checked on its own (``_records.check_item``); one that a re-ask can
   fix (a quote not found, a missing field) is sent back alone, with its problem, up to
   ``max_reasks`` times. The good records are never re-asked and never lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
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
from extractor._llm._container import RECORD_FIELDS, Extraction, merged
from extractor._llm._prompt import CONTINUE_MESSAGE, SYSTEM_PROMPT, reask_message, user_message
from extractor._llm._records import Checked, Rejection, check_item

# Continuations of a truncated answer: each brings at least one new record or stops.
MAX_CONTINUATIONS = 6
# Records re-asked per chunk: past this many, a chunk's bad records are dropped unasked.
MAX_REASKED_RECORDS = 12


@dataclass(frozen=True)
class Decoding:
    """Sampling and budget settings; part of the cache key."""

    temperature: float = 0.0
    max_tokens: int = 4096
    max_reasks: int = 2
    chunk_chars: int = 12000

    @property
    def chunk_limit(self) -> int:
        """Characters per chunk, so that a chunk's answer usually fits ``max_tokens``.

        A news passage answers in about 0.3 tokens per input character, a statement-dense
        one (an interview) in up to 0.75 (the words are copied into ``text`` and
        ``quotes``, plus the JSON around them). Two characters per token keeps the usual
        article whole, so that the model sees who "he" is, and the dense one is continued
        ("records after these") rather than split further.
        """
        return min(self.chunk_chars, max(800, self.max_tokens * 2))


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
    continuations: int = 0
    splits: int = 0
    followups_failed: int = 0
    names_removed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def reject(self, reason: str, count: int = 1) -> None:
        self.rejected += count
        self.reasons[reason] = self.reasons.get(reason, 0) + count

    def as_stats(self) -> dict[str, int]:
        """Flat counts for ``run_report.json``; ``rejected_<reason>`` says why records were dropped."""
        stats = {item.name: int(getattr(self, item.name)) for item in fields(self) if item.name != "reasons"}
        stats.update({f"rejected_{reason}": count for reason, count in sorted(self.reasons.items())})
        return stats


class ChunkFailedError(Exception):
    """A chunk that got no usable answer; ``reason`` is one line, ``transport`` says why."""

    def __init__(self, reason: str, *, transport: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transport = transport


class TruncatedError(ChunkFailedError):
    """The answer was cut off before its first complete record: the chunk is too dense."""


async def request_extraction(
    client: ModelClient,
    chunk_text: str,
    *,
    title: str | None,
    published: str | None,
    decoding: Decoding,
    policy: RetryPolicy,
    counters: Counters,
    article_text: str | None = None,
) -> Extraction:
    """The model's answer for ``chunk_text``, completed and re-asked record by record.

    Every record of the result passed ``check_item`` or exhausted its re-asks; the
    caller converts the first and counts the second. Raises ``ChunkFailedError``.
    """
    base = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": user_message(chunk_text, title=title, published=published)},
    ]
    answer, truncated = await ask(client, base, decoding=decoding, policy=policy, counters=counters)
    if truncated and not answer.count():
        raise TruncatedError(f"model output was truncated at the {decoding.max_tokens}-token limit")
    parts = [answer]
    for _ in range(MAX_CONTINUATIONS if truncated else 0):
        so_far = merged(parts)
        messages = [
            *base,
            {"role": "assistant", "content": _as_json(so_far)},
            {"role": "user", "content": CONTINUE_MESSAGE},
        ]
        counters.continuations += 1
        try:
            more, truncated = await ask(client, messages, decoding=decoding, policy=policy, counters=counters)
        except ChunkFailedError:
            counters.followups_failed += 1
            break  # the records already given are kept; the one cut in half is counted below
        fresh = _new_items(so_far, more)
        if fresh.count():
            parts.append(fresh)
        if not truncated or not fresh.count():
            break
    if truncated:
        counters.reject("truncated")  # the record the last answer was cut in
    return await _reask_bad_records(
        client,
        base,
        merged(parts),
        chunk_text,
        names_text=article_text,
        decoding=decoding,
        policy=policy,
        counters=counters,
    )


async def _reask_bad_records(
    client: ModelClient,
    base: list[dict[str, str]],
    answer: Extraction,
    chunk_text: str,
    *,
    names_text: str | None,
    decoding: Decoding,
    policy: RetryPolicy,
    counters: Counters,
) -> Extraction:
    """``answer`` with each fixable bad record replaced by its re-asked version when that passes."""
    kept: dict[str, list[Any]] = {name: [] for name in RECORD_FIELDS}
    reasked = 0
    server_failed = False
    given = {_key(item) for _, _, item in answer.items()}
    for name, _, item in answer.items():
        verdict = check_item(name, item, chunk_text, names_text=names_text)
        if (
            not isinstance(verdict, Rejection)
            or not verdict.reaskable
            or reasked >= MAX_REASKED_RECORDS
            or server_failed
        ):
            kept[name].append(item)  # a bad one stays for the caller to count with its reason
            continue
        reasked += 1
        last = verdict
        for _ in range(decoding.max_reasks):
            messages = [
                *base,
                {"role": "assistant", "content": _as_json(Extraction.model_validate({last.field: [last.item]}))},
                {"role": "user", "content": reask_message(last.detail)},
            ]
            counters.reasks += 1
            try:
                reply, _ = await ask(client, messages, decoding=decoding, policy=policy, counters=counters)
            except ChunkFailedError:
                # A re-ask that fails never costs the answer: the bad record stays rejected,
                # and no more re-asks are tried against a failing server.
                server_failed = True
                counters.followups_failed += 1
                kept[last.field].append(last.item)
                break
            # Records of the answer repeated in the reply are not the fix (the bad one is).
            repeats = given - {_key(last.item), _key(item)}
            fresh = [(other, entry) for other, _, entry in reply.items() if _key(entry) not in repeats]
            verdicts = [check_item(other, entry, chunk_text, names_text=names_text) for other, entry in fresh]
            good = [(other, entry) for (other, entry), v in zip(fresh, verdicts, strict=True) if isinstance(v, Checked)]
            if good:
                for other, entry in good:
                    kept[other].append(entry)
                    given.add(_key(entry))
                break
            bad = [v for v in verdicts if isinstance(v, Rejection)]
            if not bad:
                kept[last.field].append(last.item)  # withdrawn by the model: counted as rejected
                break
            last = bad[0]
            if not last.reaskable:
                kept[last.field].append(last.item)
                break
        else:
            kept[last.field].append(last.item)
    return Extraction.model_validate(kept)


async def ask(
    client: ModelClient,
    messages: list[dict[str, str]],
    *,
    decoding: Decoding,
    policy: RetryPolicy,
    counters: Counters,
) -> tuple[Extraction, bool]:
    """One structured request: the parsed answer and whether it was cut at the token limit."""
    from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
    from instructor.core.hooks import Hooks

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
            hooks=hooks,
            max_tokens=decoding.max_tokens,
            temperature=decoding.temperature,
        )

    def count_retry(_cause: BaseException) -> None:
        counters.retries += 1

    for _ in range(2):  # a second pass only after falling back from JSON-schema mode
        try:
            result: Extraction = await with_transport_retries(attempt, policy=policy, on_retry=count_retry)
            return result, False
        except _SchemaModeRejectedError:
            client.fall_back_to_json_mode()  # or another chunk already did
            continue
        except IncompleteOutputException as error:
            return _complete_items(error), True
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


def _as_json(extraction: Extraction) -> str:
    return json.dumps(extraction.model_dump(mode="json"), ensure_ascii=False)


def _key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, default=str)


def _new_items(so_far: Extraction, more: Extraction) -> Extraction:
    """The items of ``more`` that ``so_far`` does not already hold (a continuation repeats some)."""
    seen = {_key(item) for _, _, item in so_far.items()}
    fresh: dict[str, list[Any]] = {name: [] for name in RECORD_FIELDS}
    for name, _, item in more.items():
        key = _key(item)
        if key not in seen:
            seen.add(key)
            fresh[name].append(item)
    return Extraction.model_validate(fresh)


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


def _complete_items(error: Any) -> Extraction:
    """The complete records of an answer cut off at the token limit (possibly none).

    The answer is parsed leniently; the last record present is the one the cut fell in
    (or just after), so it is left for the continuation to give again whole.
    """
    import jiter

    text = _completion_text(getattr(error, "last_completion", None))
    if not text:
        return Extraction()
    try:
        data = jiter.from_json(text.encode(), partial_mode=True)
    except ValueError:
        return Extraction()
    if not isinstance(data, dict):
        return Extraction()
    lists = {name: list(data[name]) if isinstance(data.get(name), list) else [] for name in RECORD_FIELDS}
    written = [name for name in data if lists.get(name)]  # in the answer's own order
    if written:
        lists[written[-1]].pop()
    return Extraction.model_validate(lists)


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
