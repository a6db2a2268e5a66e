"""One limit on model requests in flight per endpoint, for the whole cluster.

Each worker's LLM engine would otherwise allow ``concurrency`` requests of its own, and
fifty workers would send fifty times as many. The limit is a named Ray actor holding a
semaphore; every worker's engine enters it around each request (the engine's
``request_gate`` hook), so ``concurrency`` means requests in flight across the cluster.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

_NAMESPACE = "newsextract"


def endpoint_limit(label: str, base_url: str | None, slots: int) -> Any:
    """The limit actor of one model endpoint, created on first use (held by the driver)."""
    import asyncio

    import ray

    @ray.remote(num_cpus=0)
    class EndpointLimit:
        def __init__(self, slots: int) -> None:
            self._slots = asyncio.Semaphore(slots)

        async def acquire(self) -> None:
            await self._slots.acquire()

        async def release(self) -> None:
            self._slots.release()

    name = f"llm-limit:{label}@{base_url or 'default'}"
    # Waiting acquires occupy actor calls too; far more call slots than any cluster's
    # workers can have waiting keeps a release from queueing behind them.
    return EndpointLimit.options(  # type: ignore[attr-defined]
        name=name, namespace=_NAMESPACE, get_if_exists=True, max_concurrency=100_000
    ).remote(slots)


class RequestGate:
    """An async context manager entering the cluster-wide limit around one request."""

    def __init__(self, limit: Any) -> None:
        self._limit = limit

    async def __aenter__(self) -> None:
        await self._limit.acquire.remote()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self._limit.release.remote()
