"""Model provider setup and one structured request with transport retries.

OpenAI-compatible servers (OpenAI, vLLM, llama.cpp, Ollama) go through
``instructor.from_openai`` over an ``AsyncOpenAI`` pointed at the base URL; Anthropic
through ``instructor.from_anthropic``. The SDKs' own retries are switched off so that
transport retries (timeouts, 429, 5xx, refused connections) are ours: bounded, with
exponential backoff and jitter, and counted apart from validation re-asks, which
instructor performs inside each attempt.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from extractor._config import Settings
from extractor._errors import ConfigError

OPENAI_COMPATIBLE = ("openai", "ollama", "vllm", "llamacpp", "llama.cpp", "local")
_OLLAMA_URL = "http://localhost:11434/v1"
# Local servers need some key string in the header; it is not a secret.
_PLACEHOLDER_KEY = "not-needed"


@dataclass(frozen=True)
class ModelSpec:
    """``provider/name`` as given by the user, and where to reach it."""

    provider: str
    name: str
    base_url: str | None

    @property
    def label(self) -> str:
        return f"{self.provider}/{self.name}"


def parse_model(model: str | None, base_url: str | None) -> ModelSpec:
    """Split ``PROVIDER/MODEL``; a bare model name needs a base URL (OpenAI-compatible)."""
    if not model or not model.strip():
        raise ConfigError("the llm engine needs --model PROVIDER/MODEL, e.g. openai/gpt-4o-mini")
    provider, slash, name = model.strip().partition("/")
    if not slash:
        if base_url is None:
            raise ConfigError(f"model {model!r} has no provider; write PROVIDER/MODEL or give --base-url")
        provider, name = "openai", provider
    provider = provider.lower()
    if not name:
        raise ConfigError(f"model {model!r} has no model name after the provider")
    if provider == "anthropic" or provider in OPENAI_COMPATIBLE or base_url is not None:
        if provider == "ollama" and base_url is None:
            base_url = _OLLAMA_URL
        return ModelSpec(provider=provider, name=name, base_url=base_url)
    supported = ", ".join(("openai", "ollama", "anthropic"))
    raise ConfigError(
        f"unsupported provider {provider!r}; use {supported}, or --base-url for an OpenAI-compatible server"
    )


class ModelClient:
    """An instructor client for one model, created inside the running event loop."""

    def __init__(self, spec: ModelSpec, *, settings: Settings, request_timeout: float) -> None:
        self.spec = spec
        self._settings = settings
        self._timeout = request_timeout
        self._sdk: Any = None
        self._instructor: Any = None
        self.mode_name = "json_schema" if spec.provider != "anthropic" else "tools"
        self._secrets = [
            secret.get_secret_value()
            for secret in (settings.openai_api_key, settings.anthropic_api_key)
            if secret is not None and secret.get_secret_value()
        ]

    def __repr__(self) -> str:
        return f"ModelClient({self.spec.label!r}, base_url={self.spec.base_url!r}, mode={self.mode_name!r})"

    def open(self) -> None:
        import instructor

        # instructor logs every handled failure at ERROR level; without this, Python's
        # last-resort handler would print those multi-line messages under the CLI's
        # one-line reasons. Applications that configure logging still receive them.
        logging.getLogger("instructor").addHandler(logging.NullHandler())

        if self.spec.provider == "anthropic":
            self._sdk = self._anthropic_sdk()
            self._instructor = instructor.from_anthropic(self._sdk, mode=instructor.Mode.TOOLS)
            return
        import openai

        key = self._settings.openai_api_key
        if key is None and self.spec.provider == "openai" and self.spec.base_url is None:
            raise ConfigError("OPENAI_API_KEY is not set (or give --base-url for a local server)")
        self._sdk = openai.AsyncOpenAI(
            api_key=key.get_secret_value() if key is not None else _PLACEHOLDER_KEY,
            base_url=self.spec.base_url,
            timeout=self._timeout,
            max_retries=0,
        )
        self._set_mode(self.mode_name)

    def _anthropic_sdk(self) -> Any:
        try:
            import anthropic
        except ImportError:
            raise ConfigError(
                "the anthropic provider needs the optional extra: pip install 'newsextract[anthropic]'"
            ) from None
        key = self._settings.anthropic_api_key
        if key is None:
            raise ConfigError("ANTHROPIC_API_KEY is not set")
        return anthropic.AsyncAnthropic(
            api_key=key.get_secret_value(), base_url=self.spec.base_url, timeout=self._timeout, max_retries=0
        )

    def _set_mode(self, mode_name: str) -> None:
        import instructor

        # Both modes parse and re-ask the same way; plain JSON mode differs only in the
        # response format sent (see ``create``), so the prompt never carries the schema.
        self._instructor = instructor.from_openai(self._sdk, mode=instructor.Mode.JSON_SCHEMA)
        self.mode_name = mode_name

    def fall_back_to_json_mode(self) -> bool:
        """Switch a server that rejects JSON-schema output to plain JSON mode, once."""
        if self.mode_name != "json_schema":
            return False
        self._set_mode("json")
        return True

    async def close(self) -> None:
        if self._sdk is not None:
            await self._sdk.close()
            self._sdk = None

    async def create(self, *, messages: list[dict[str, str]], **options: Any) -> Any:
        response_model = options.get("response_model")
        if self.mode_name == "json" and response_model is not None:
            # Plain JSON mode asks only for "some JSON"; servers such as llama.cpp accept a
            # schema beside it and then constrain decoding to it. Others ignore the field.
            schema = response_model.model_json_schema()
            options["extra_body"] = {"response_format": {"type": "json_object", "schema": schema}}
        return await self._instructor.create(model=self.spec.name, messages=messages, **options)

    def redact(self, message: str) -> str:
        """``message`` on one line, without any key, clipped to a readable length."""
        for secret in self._secrets:
            message = message.replace(secret, "***")
        message = re.sub(r"(sk|key)-[A-Za-z0-9_\-]{8,}", "***", message)
        message = " ".join(message.split())
        return message if len(message) <= 240 else message[:239] + "…"


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded transport retries with exponential backoff and full jitter."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        if retry_after is not None:
            return min(self.max_delay, max(retry_after, 0.0))
        return random.uniform(ceiling / 2, ceiling)


def transport_cause(error: BaseException) -> BaseException | None:
    """The transport failure behind ``error`` (timeouts, refused, 408/409/429/5xx), if any."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _is_transient(current):
            return current
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return None


def _is_transient(error: BaseException) -> bool:
    if isinstance(error, TimeoutError | asyncio.TimeoutError | ConnectionError):
        return True
    status = getattr(error, "status_code", None)
    if isinstance(status, int):
        return status in (408, 409, 429) or status >= 500
    name = type(error).__name__
    return name in {"APIConnectionError", "APITimeoutError", "ConnectError", "ReadTimeout", "RemoteProtocolError"}


def status_of(error: BaseException) -> int | None:
    """HTTP status behind ``error`` or its causes, if there is one."""
    current: BaseException | None = error
    while current is not None:
        status = getattr(current, "status_code", None)
        if isinstance(status, int):
            return status
        current = current.__cause__
    return None


def describe(error: BaseException) -> str:
    """A short kind-of-failure phrase for a transport error."""
    status = getattr(error, "status_code", None)
    if isinstance(status, int):
        return f"HTTP {status}"
    name = type(error).__name__
    if "Timeout" in name or isinstance(error, TimeoutError):
        return "request timed out"
    if "Connection" in name or isinstance(error, ConnectionError):
        return "cannot connect to the model server"
    return name


def _retry_after(error: BaseException) -> float | None:
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    value = headers.get("retry-after") if headers is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


async def with_transport_retries(
    call: Callable[[], Awaitable[Any]],
    *,
    policy: RetryPolicy,
    on_retry: Callable[[BaseException], None],
) -> Any:
    """Await ``call()``, retrying transport failures up to ``policy.attempts`` times in all."""
    attempt = 1
    while True:
        try:
            return await call()
        except Exception as error:
            cause = transport_cause(error)
            if cause is None or attempt >= policy.attempts:
                raise
            on_retry(cause)
            await asyncio.sleep(policy.delay(attempt, _retry_after(cause)))
            attempt += 1
