"""Streaming asynchronous work to synchronous callers, in input order, with a bounded window.

The engine's callers are synchronous generators (the pipeline pulls articles from
ingestion and writes each result as it arrives), while the model clients are async. The
event loop runs on a helper thread rather than being stepped from the caller with
``run_until_complete``:

- requests keep making progress while the caller ingests the next article or writes a
  result, so a slow consumer cannot make an in-flight request miss its timeout;
- it also works when the caller itself runs inside an event loop (a notebook, an async
  app), where a second loop cannot be run on the same thread;
- the input iterator is still pulled on the caller's thread, so ingestion callbacks and
  its errors stay where the caller expects them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections import deque
from collections.abc import Callable, Coroutine, Generator, Iterable
from types import TracebackType
from typing import Any, TypeVar

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

LOOP_THREAD_NAME = "newsextract-llm-loop"


class BackgroundLoop:
    """An event loop on a daemon thread for as long as the ``with`` block lasts.

    Leaving the block cancels whatever is still running on the loop and waits for it to
    unwind, so a consumer that stops early or fails leaves no request behind.
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=LOOP_THREAD_NAME, daemon=True)

    def __enter__(self) -> BackgroundLoop:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        try:
            self.cancel_all()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()

    def submit(self, coroutine: Coroutine[Any, Any, Outcome]) -> concurrent.futures.Future[Outcome]:
        """Schedule ``coroutine`` on the loop; cancelling the returned future cancels it."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def call(self, coroutine: Coroutine[Any, Any, Outcome]) -> Outcome:
        """Run ``coroutine`` on the loop and wait for its outcome."""
        return self.submit(coroutine).result()

    def cancel_all(self) -> None:
        """Cancel every task still running on the loop and wait until they have unwound."""
        self.call(_cancel_all_tasks())


async def _cancel_all_tasks() -> None:
    current = asyncio.current_task()
    tasks = [task for task in asyncio.all_tasks() if task is not current]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def in_order(
    items: Iterable[Item],
    start: Callable[[Item], concurrent.futures.Future[Outcome]],
    *,
    window: int,
) -> Generator[Outcome, None, None]:
    """Start work on ``items`` lazily and yield each outcome once it and all earlier ones are done.

    At most ``window`` items are started but not yet yielded, so memory stays bounded by
    the window however long the input is. An outcome is yielded as soon as it reaches the
    head of the queue: the caller sees progress per item, not per window.
    """
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    pending: deque[concurrent.futures.Future[Outcome]] = deque()
    try:
        for item in items:
            pending.append(start(item))
            while pending and (len(pending) >= window or pending[0].done()):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
