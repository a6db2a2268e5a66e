"""Model provider setup and one structured request with transport retries.

OpenAI-compatible servers (OpenAI, vLLM, llama.cpp, Ollama) go through
``instructor.from_openai`` over an ``AsyncOpenAI`` pointed at the base URL; Anthropic
through ``instructor.from_anthropic``. The SDKs' own retries are switched off so that
transport retries (timeouts, 429, 5xx, refused connections) are ours: bounded, with
exponential backoff and jitter, and counted apart from validation re-asks, which
instructor performs inside each attempt. Each HTTP request has a total deadline and the
run a circuit breaker (``_transport``).

Keys: the provider's own variable (``OPENAI_API_KEY``, ``ANTHROPIC_API_KEY``) is sent
only to that provider's own API. Any other ``--base-url`` gets ``NEWSEXTRACT_LLM_API_KEY``
when the user sets it, and otherwise a placeholder, so a local or third-party server
never receives the user's provider key.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pydantic import SecretStr

from extractor._config import Settings
from extractor._errors import ConfigError
from extractor._llm._transport import CircuitBreaker, CircuitOpenError, deadline_client, guard_loggers, redact

OPENAI_COMPATIBLE = ("openai", "ollama", "vllm", "llamacpp", "llama.cpp", "local")
_OLLAMA_URL = "http://localhost:11434/v1"
# The providers' own APIs: the only places their keys are sent. Given explicitly so that
# the SDKs do not read a base URL from the environment behind our back.
OPENAI_URL = "https://api.openai.com/v1"
ANTHROPIC_URL = "https://api.anthropic.com"
_log = logging.getLogger("extractor._llm")
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

    def __init__(
        self,
        spec: ModelSpec,
        *,
        settings: Settings,
        request_timeout: float,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self.spec = spec
        self._settings = settings
        self._timeout = request_timeout
        self.breaker = breaker if breaker is not None else CircuitBreaker(threshold=4)
        self._sdk: Any = None
        self._instructor: Any = None
        self.mode_name = "json_schema" if spec.provider != "anthropic" else "tools"
        self._secrets = [
            secret.get_secret_value()
            for secret in (settings.openai_api_key, settings.anthropic_api_key, settings.llm_api_key)
            if secret is not None and secret.get_secret_value()
        ]

    def __repr__(self) -> str:
        return f"ModelClient({self.spec.label!r}, base_url={self.spec.base_url!r}, mode={self.mode_name!r})"

    def open(self) -> None:
        import instructor

        # instructor logs every handled failure at ERROR level; without this, Python's
        # last-resort handler would print those multi-line messages under the CLI's
        # one-line reasons. Applications that configure logging still receive them,
        # with keys removed (``guard_loggers``).
        logging.getLogger("instructor").addHandler(logging.NullHandler())
        guard_loggers(self._secrets)

        if self.spec.provider == "anthropic":
            self._sdk = self._anthropic_sdk()
            self._instructor = instructor.from_anthropic(self._sdk, mode=instructor.Mode.TOOLS)
            guard_loggers(self._secrets)  # and the loggers of the modules the SDKs just loaded
            return
        import openai

        key = self._key(self._settings.openai_api_key, OPENAI_URL)
        if key is None and self.spec.provider == "openai" and self.spec.base_url is None:
            raise ConfigError("OPENAI_API_KEY is not set (or give --base-url for a local server)")
        self._sdk = openai.AsyncOpenAI(
            api_key=key.get_secret_value() if key is not None else _PLACEHOLDER_KEY,
            base_url=self.spec.base_url or OPENAI_URL,
            timeout=self._timeout,
            max_retries=0,
            http_client=deadline_client(openai.DefaultAsyncHttpxClient, self._timeout),
        )
        self._set_mode(self.mode_name)
        guard_loggers(self._secrets)  # and the loggers of the modules the SDKs just loaded

    def _key(self, provider_key: SecretStr | None, provider_url: str) -> SecretStr | None:
        """The provider's key for its own API; for any other server, only the key given for it."""
        if self.spec.base_url is None or _same_origin(self.spec.base_url, provider_url):
            return provider_key
        return self._settings.llm_api_key

    def _anthropic_sdk(self) -> Any:
        try:
            import anthropic
        except ImportError:
            raise ConfigError(
                "the anthropic provider needs the optional extra: pip install 'newsextract[anthropic]'"
            ) from None
        key = self._key(self._settings.anthropic_api_key, ANTHROPIC_URL)
        if key is None:
            if self.spec.base_url is not None and self._settings.anthropic_api_key is not None:
                raise ConfigError(
                    f"ANTHROPIC_API_KEY is sent only to {ANTHROPIC_URL}; "
                    f"set NEWSEXTRACT_LLM_API_KEY to the key for {self.spec.base_url}"
                )
            raise ConfigError("ANTHROPIC_API_KEY is not set")
        return anthropic.AsyncAnthropic(
            api_key=key.get_secret_value(),
            base_url=self.spec.base_url or ANTHROPIC_URL,
            timeout=self._timeout,
            max_retries=0,
            http_client=deadline_client(anthropic.DefaultAsyncHttpxClient, self._timeout),
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
        guard_loggers(self._secrets)  # a library module imported since brings new loggers
        try:
            result = await self.breaker.guard(
                self._instructor.create(model=self.spec.name, messages=messages, **options)
            )
        except CircuitOpenError:
            raise
        except Exception as error:
            self._count(error)
            raise
        self.breaker.succeeded()
        return result

    def _count(self, error: BaseException) -> None:
        """Tell the breaker about a failed request; warn on the first of a series."""
        cause = transport_cause(error)
        if cause is None:
            self.breaker.succeeded()  # the server answered; the answer was unusable
            return
        if status_of(cause) == 429:
            return  # alive, and asking us to slow down: the retry waits as told
        self.breaker.failed(describe(cause))
        if self.breaker.in_a_row == 1:
            # Logged rather than printed: the CLI shows it on stderr, terminal or not,
            # and an application's own logging receives it.
            _log.warning(
                "model server %s: %s: %s (the run stops after %d failures in a row)",
                self.spec.label,
                describe(cause),
                self.redact(str(cause)) or type(cause).__name__,
                self.breaker.threshold,
            )

    def redact(self, message: str) -> str:
        """``message`` on one line, without any key, clipped to a readable length."""
        message = " ".join(redact(message, self._secrets).split())
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


def _same_origin(url: str, other: str) -> bool:
    def origin(address: str) -> tuple[str, str | None, int | None]:
        parts = urlsplit(address)
        scheme = parts.scheme.lower()
        return scheme, parts.hostname, parts.port or {"https": 443, "http": 80}.get(scheme)

    return origin(url) == origin(other)


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
