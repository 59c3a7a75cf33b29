"""Full garbage collections wait for a quiet moment while the reader runs, and are Python's again after."""

from __future__ import annotations

import gc
import time
import weakref

from tui.app import NewsdeskApp, QuietCollector

from .conftest import settle


def make_pending() -> None:
    # Each collection of the middle generation counts towards the next full one.
    for _ in range(QuietCollector.PENDING):
        gc.collect(1)


def test_full_collections_wait_until_no_key_came_for_a_moment():
    before = gc.get_threshold()
    collector = QuietCollector()
    collector.start()
    try:
        assert gc.get_threshold()[:2] == before[:2]
        assert gc.get_threshold()[2] == QuietCollector.NEVER
        make_pending()
        # Not before the first store read is frozen: a full collection would walk all of it.
        collector.last_input = time.monotonic() - 10
        collector.tick()
        assert gc.get_count()[2] >= QuietCollector.PENDING
        collector.settle()
        assert gc.get_freeze_count() > 0
        make_pending()
        collector.last_input = time.monotonic()  # a key just now
        collector.tick()
        assert gc.get_count()[2] >= QuietCollector.PENDING
        collector.last_input = time.monotonic() - QuietCollector.QUIET_SECONDS - 1
        collector.tick()
        assert gc.get_count()[2] == 0
    finally:
        collector.stop()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_an_overdue_collection_waits_for_a_gap_between_keys():
    collector = QuietCollector()
    collector.start()
    try:
        collector.settle()
        make_pending()
        # Keys keep coming (never a quiet half second) and the last full collection was long ago.
        collector._last_full = time.monotonic() - QuietCollector.LONGEST_WAIT_SECONDS - 1
        collector.last_input = time.monotonic()  # a key just came: its frame is being drawn
        collector.tick()
        assert gc.get_count()[2] >= QuietCollector.PENDING
        collector.last_input = time.monotonic() - QuietCollector.BETWEEN_KEYS_SECONDS - 0.01
        collector.tick()
        assert gc.get_count()[2] == 0
    finally:
        collector.stop()


async def test_the_reader_freezes_its_store_and_gives_the_collector_back(store_path):
    before = gc.get_threshold()
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] == QuietCollector.NEVER
        # The summaries the list shows were alive when the store read finished: frozen.
        assert gc.get_freeze_count() > 0
        summaries = app.reader.snapshot.summaries
        assert gc.is_tracked(summaries)
        assert not any(o is summaries for o in gc.get_objects())
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


class _Loop:
    """A reference cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


async def test_a_poll_that_finds_nothing_new_does_not_freeze_the_garbage_of_the_moment(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        loop = _Loop()
        gone = weakref.ref(loop)
        gc.collect(1)  # alive now: it moves to the oldest generation, which only full collections walk
        del loop
        app.reload_store("poll")
        await settle(pilot)
        gc.collect()
        assert gone() is None


async def test_full_collections_are_looked_for_often_once_the_store_is_read(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app._collect_timer is not None
        loop = _Loop()
        gone = weakref.ref(loop)
        gc.collect(1)
        del loop
        make_pending()
        app._collector.last_input = time.monotonic() - 10
        await pilot.pause(QuietCollector.TICK_SECONDS * 3)
        assert gone() is None
