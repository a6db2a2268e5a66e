"""One limit on model requests in flight per endpoint, for the whole cluster.

Each worker's LLM engine would otherwise allow ``concurrency`` requests of its own, and
fifty workers would send fifty times as many. The limit is a named Ray actor handing out
``concurrency`` leases; every worker's engine holds one around each request (the engine's
``request_gate`` hook), so ``concurrency`` means requests in flight across the cluster.

A worker killed while holding a lease never gives it back, so a lease older than
``lease_s`` (longer than any request with all its retries) is taken back: a dead worker
costs its slot for a while, never for the rest of the run.
"""

from __future__ import annotations

import contextlib
import contextvars
from types import TracebackType
from typing import Any

_NAMESPACE = "newsextract"
_LEASE: contextvars.ContextVar[int] = contextvars.ContextVar("newsextract_llm_lease")
LEASE_S = 900.0
"""Longer than one request with all its transport attempts at the default timeouts (4 x 120 s)."""


def endpoint_limit(label: str, base_url: str | None, slots: int, *, lease_s: float = LEASE_S) -> Any:
    """The limit actor of one model endpoint, created on first use (held by the driver)."""
    import asyncio
    import itertools
    import time

    import ray

    @ray.remote(num_cpus=0)
    class EndpointLimit:
        def __init__(self, slots: int, lease_s: float) -> None:
            self._slots = slots
            self._lease_s = lease_s
            self._held: dict[int, float] = {}  # lease -> when it was handed out
            self._numbers = itertools.count()
            self._changed = asyncio.Condition()

        async def acquire(self) -> int:
            async with self._changed:
                while True:
                    now = time.monotonic()
                    for lease, since in list(self._held.items()):
                        if now - since > self._lease_s:
                            del self._held[lease]
                    if len(self._held) < self._slots:
                        lease = next(self._numbers)
                        self._held[lease] = now
                        return lease
                    with contextlib.suppress(TimeoutError):  # wake every second to take back expired leases
                        await asyncio.wait_for(self._changed.wait(), timeout=1.0)

        async def release(self, lease: int) -> None:
            async with self._changed:
                self._held.pop(lease, None)
                self._changed.notify()

    name = f"llm-limit:{label}@{base_url or 'default'}"
    # Waiting acquires occupy actor calls too; far more call slots than any cluster's
    # workers can have waiting keeps a release from queueing behind them.
    return EndpointLimit.options(  # type: ignore[attr-defined]
        name=name, namespace=_NAMESPACE, get_if_exists=True, max_concurrency=100_000
    ).remote(slots, lease_s)


class RequestGate:
    """An async context manager holding one lease of the cluster-wide limit around a request."""

    def __init__(self, limit: Any) -> None:
        self._limit = limit

    async def __aenter__(self) -> None:
        # One gate serves every request of a worker's engine, so the lease travels
        # through a context variable of the request's own task, not an attribute.
        _LEASE.set(await self._limit.acquire.remote())

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self._limit.release.remote(_LEASE.get())
