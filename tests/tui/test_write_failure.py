"""A failing disk while the reader is open: the user is told, the app keeps running, nothing is lost."""

from __future__ import annotations

import errno

from store.db import Store
from tui.app import NewsdeskApp

from .conftest import settle

SIZE = (120, 40)


async def test_full_disk_on_mark_read_is_reported_and_the_app_keeps_running(store_path, monkeypatch):
    import store.state

    real_write = store.state.os.write

    def full_disk(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.reader.article_list.current
        monkeypatch.setattr(store.state.os, "write", full_disk)
        await pilot.press("m")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("disk is full" in m for m in messages), messages
        assert not app.reader.states.get(first.id) or not app.reader.states[first.id].read
        # The fault goes away: the very same app saves the next change.
        monkeypatch.setattr(store.state.os, "write", real_write)
        await pilot.press("m")
        await settle(pilot)
        assert app.reader.states[first.id].read
        assert app.is_running
    assert Store(store_path).state(first.id).read
