"""Bounds on waiting and on what the HTTP stack may print, for every model request.

- ``deadline_client``: an SDK HTTP client whose every request, body included, must end
  within a total deadline. The SDKs' own timeouts are per read, so a server that sends
  one byte every few seconds would otherwise hold a request forever.
- ``CircuitBreaker``: after ``threshold`` transport failures in a row with no answer in
  between, every request still waiting or yet to come fails at once, so a dead server
  ends a run after one round of timeouts instead of chunks x attempts x timeout.
- ``guard_loggers``: a filter on every logger of the libraries the engine drives
  (``OPENAI_LOG=debug`` makes them print request and error bodies) that removes keys
  from each message before any handler sees it.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import re
from collections.abc import Iterable
from typing import Any

from extractor._errors import ModelError

# Logger name roots of the SDKs, instructor and their HTTP stacks.
LIBRARY_LOGGERS = frozenset(
    {"openai", "anthropic", "instructor", "httpx", "httpx2", "httpcore", "httpcore2", "h11", "h2", "hpack", "anyio"}
)
# Key-shaped words (OpenAI ``sk-...``, Anthropic ``sk-ant-...``, ``key-...``), known or not.
_KEY_SHAPED = re.compile(r"\b(sk|key)-[A-Za-z0-9_\-]{8,}")


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret and every key-shaped word replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _KEY_SHAPED.sub("***", text)


class CircuitOpenError(ModelError):
    """The breaker is open: the server failed too often in a row to keep waiting on it."""


class CircuitBreaker:
    """Counts transport failures in a row; at ``threshold`` it opens for the rest of the run.

    An answer of any kind (a result, a refusal, invalid output) closes the count; a rate
    limit (429) neither counts nor closes it, since the server is alive and asked to wait.
    """

    def __init__(self, threshold: int) -> None:
        if threshold < 1:
            raise ValueError(f"threshold must be at least 1, got {threshold}")
        self.threshold = threshold
        self.in_a_row = 0
        self.reason: str | None = None
        self._opened = asyncio.Event()

    @property
    def is_open(self) -> bool:
        return self.reason is not None

    def succeeded(self) -> None:
        if not self.is_open:
            self.in_a_row = 0

    def failed(self, what: str) -> None:
        self.in_a_row += 1
        if self.in_a_row >= self.threshold and self.reason is None:
            self.reason = f"{self.in_a_row} transport failures in a row with no answer (last: {what})"
            self._opened.set()

    async def wait_open(self) -> None:
        await self._opened.wait()

    async def guard(self, request: Any) -> Any:
        """Await the coroutine ``request`` unless the breaker opens first; then cancel it."""
        if self.reason is not None:
            request.close()
            raise CircuitOpenError(self.reason)
        work = asyncio.ensure_future(request)
        opened = asyncio.ensure_future(self.wait_open())
        try:
            await asyncio.wait({work, opened}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            opened.cancel()
            if not work.done():
                work.cancel()
                await asyncio.gather(work, return_exceptions=True)
        if work.cancelled() or not work.done():
            raise CircuitOpenError(self.reason or "the circuit breaker opened")
        return work.result()


def deadline_client(base: type[Any], seconds: float) -> Any:
    """An instance of the SDK's HTTP client class ``base`` whose requests end within ``seconds``.

    The response body is read inside the deadline too; on expiry the request fails with
    the HTTP library's ``ReadTimeout``, which the SDK reports as a timeout like any other.
    """
    http = _http_library(base)

    class DeadlineClient(base):  # type: ignore[misc]
        async def send(self, request: Any, **options: Any) -> Any:
            try:
                async with asyncio.timeout(seconds):
                    response = await super().send(request, **options)
                    try:
                        await response.aread()
                    except BaseException:
                        await response.aclose()
                        raise
                    return response
            except TimeoutError:
                message = f"no complete answer within {seconds:g} s"
                raise http.ReadTimeout(message, request=request) from None

    return DeadlineClient(timeout=seconds)


def _http_library(client_class: type[Any]) -> Any:
    """The module (``httpx`` or ``httpx2``) whose ``AsyncClient`` the SDK's class extends."""
    for ancestor in client_class.__mro__:
        if ancestor.__name__ == "AsyncClient":
            return importlib.import_module(ancestor.__module__.split(".")[0])
    raise TypeError(f"{client_class!r} is not an httpx client class")


class _RedactingFilter(logging.Filter):
    """Rewrites a record's message (and its traceback text) without any secret."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()
        self.loggers_seen = -1  # size of the logger registry at the last ``guard_loggers``

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call of a library's; leave it to the handler
            return True
        clean = redact(message, self.secrets)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


_FILTER = _RedactingFilter()


def guard_loggers(secrets: Iterable[str]) -> None:
    """Put the redacting filter on every existing logger of ``LIBRARY_LOGGERS``.

    A filter on a logger sees only the records logged through that very logger, not
    those of its children, hence one per logger; loggers created since the last call
    (a library module imported late) are picked up by calling again.
    """
    _FILTER.secrets.update(secret for secret in secrets if secret)
    manager = logging.Logger.manager
    if len(manager.loggerDict) == _FILTER.loggers_seen:
        return
    for root in LIBRARY_LOGGERS:
        logging.getLogger(root).addFilter(_FILTER)
    for name, logger in list(manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and name.split(".")[0] in LIBRARY_LOGGERS:
            logger.addFilter(_FILTER)  # a no-op when it is already there
    _FILTER.loggers_seen = len(manager.loggerDict)
