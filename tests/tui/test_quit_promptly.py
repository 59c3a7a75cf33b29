"""Quitting does not wait for work behind the screen that only reads, but does for a write."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

from pathlib import Path

import tui.app
from tui.app import NewsdeskApp
from tui.commands.reader import run_app


class SlowJobApp(NewsdeskApp):
    """A reader with one more job behind the screen, which runs until ``release`` is set."""

    CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))

    def __init__(self, *args, release: threading.Event, writes: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.release = release
        self.writes = writes
        self.job_started = threading.Event()
        self.job_ended = threading.Event()

    def on_mount(self) -> None:
        super().on_mount()
        self.run_worker(self._job, thread=True)
        self.set_timer(0.3, self.exit)

    def _job(self) -> None:
        if self.writes:
            self._refreshing = True  # as a feed refresh marks itself while it stores articles
        self.job_started.set()
        try:
            self.release.wait(5)
        finally:
            self._refreshing = False
            self.job_ended.set()


def test_a_job_that_only_reads_is_not_waited_for(store_path):
    release = threading.Event()
    app = SlowJobApp(store_path, release=release, writes=False)
    ctx = SimpleNamespace(end_at_once=False)
    try:
        code = run_app(app, ctx, headless=True)
        # Returned while the job still runs: it is released only now.
        assert app.job_started.is_set() and not app.job_ended.is_set()
        assert code == 0 and ctx.end_at_once
    finally:
        release.set()


def test_a_write_in_flight_is_waited_for(store_path):
    release = threading.Event()
    app = SlowJobApp(store_path, release=release, writes=True)
    ctx = SimpleNamespace(end_at_once=True)
    released_at: list[float] = []

    def let_go() -> None:
        app.job_started.wait(5)
        time.sleep(0.5)
        released_at.append(time.monotonic())
        release.set()

    threading.Thread(target=let_go, daemon=True).start()
    run_app(app, ctx, headless=True)
    returned = time.monotonic()
    assert released_at and returned >= released_at[0] and app.job_ended.is_set()
    assert not ctx.end_at_once and not app.writing
