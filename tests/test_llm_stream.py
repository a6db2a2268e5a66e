"""``in_order`` and ``BackgroundLoop``: ordered, lazy, bounded streaming of asynchronous work."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Iterator

import pytest

from extractor._llm._stream import LOOP_THREAD_NAME, BackgroundLoop, in_order


class Recorder:
    """Hands out items, counting how many were read.

    Item 0 finishes only when released, the items in ``never`` never finish, the others
    finish at once.
    """

    def __init__(self, count: int, *, never: frozenset[int] | set[int] = frozenset()) -> None:
        self.count = count
        self.never = never
        self.read = 0
        self.futures: list[concurrent.futures.Future[int]] = []

    def items(self) -> Iterator[int]:
        for item in range(self.count):
            self.read += 1
            yield item

    def start(self, item: int) -> concurrent.futures.Future[int]:
        future: concurrent.futures.Future[int] = concurrent.futures.Future()
        if item != 0 and item not in self.never:
            future.set_result(item * 10)
        self.futures.append(future)
        return future

    def release_head_later(self) -> threading.Timer:
        timer = threading.Timer(0.2, lambda: self.futures[0].set_result(0))
        timer.start()
        return timer


def test_a_slow_head_holds_at_most_a_window_then_each_outcome_flows() -> None:
    recorder = Recorder(8)
    timer = recorder.release_head_later()
    read_at_yield = []
    outcomes = []
    for outcome in in_order(recorder.items(), recorder.start, window=3):
        read_at_yield.append(recorder.read)
        outcomes.append(outcome)
    timer.join()
    assert outcomes == [item * 10 for item in range(8)]
    # Reading stops at the window while the head is busy; after that every finished
    # item is yielded before the next one is read.
    assert read_at_yield == [3, 3, 3, 4, 5, 6, 7, 8]


def test_closing_early_cancels_what_was_started() -> None:
    recorder = Recorder(8, never={1, 2})
    timer = recorder.release_head_later()
    stream = in_order(recorder.items(), recorder.start, window=3)
    assert next(stream) == 0
    stream.close()
    timer.join()
    assert recorder.read == 3
    assert [future.cancelled() for future in recorder.futures] == [False, True, True]


def _done(item: int) -> concurrent.futures.Future[int]:
    future: concurrent.futures.Future[int] = concurrent.futures.Future()
    future.set_result(item)
    return future


def test_a_window_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        next(in_order(iter([1]), _done, window=0))


def test_the_background_loop_cancels_its_tasks_and_ends_its_thread() -> None:
    cancelled = threading.Event()

    async def forever() -> None:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async def add(a: int, b: int) -> int:
        return a + b

    with BackgroundLoop() as background:
        assert background.call(add(2, 3)) == 5
        pending = background.submit(forever())
    assert cancelled.is_set() and pending.cancelled()
    assert not [thread for thread in threading.enumerate() if thread.name == LOOP_THREAD_NAME]
