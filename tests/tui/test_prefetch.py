"""The reader reads the body under a resting cursor ahead, without opening or marking it."""

from __future__ import annotations

from store.db import Store
from tui.app import NewsdeskApp

from .conftest import held_by_another_thread, settle, wait_until

SIZE = (120, 40)


def body_cached(app: NewsdeskApp, article_id: str) -> bool:
    return app.store is not None and app.store.store.is_body_cached(article_id)


async def rest_on_next_row(app: NewsdeskApp, pilot):
    """Move the cursor down one row and wait until its article has been read ahead."""
    await pilot.press("j")
    target = app.reader.article_list.current
    await wait_until(pilot, lambda: body_cached(app, target.id))
    await settle(pilot)
    return target


async def test_resting_cursor_warms_its_body_without_opening_or_marking(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = await rest_on_next_row(app, pilot)
        assert app.reader.article_list.cursor == 1
        assert app.reader.reading.article is None
        assert not any(state.read for state in app.reader.states.values())
        assert app.reader.article_list.border_title == "Articles · 10 unread / 10"
        # Opening it afterwards still shows it and marks it read, as without the read-ahead.
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.reading.article.id == target.id
        assert app.reader.states[target.id].read
    with Store(store_path, create=False) as store:
        assert [aid for aid, state in store.states().items() if state.read] == [target.id]


async def test_the_read_ahead_follows_the_cursor_asks_once_and_skips_the_open_article(store_path, monkeypatch):
    asked: list[tuple[str, ...]] = []
    # The cursor's article, then the row below it, read ahead with it.
    monkeypatch.setattr(NewsdeskApp, "prefetch_article", lambda self, *ids: asked.append(ids))
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        lst = app.reader.article_list
        stop = lst.current
        below = lst.articles[lst.cursor + 1]
        await wait_until(pilot, lambda: {stop.id, below.id} <= {aid for ids in asked for aid in ids})
        every = [aid for ids in asked for aid in ids]
        assert len(every) == len(set(every)) <= 5
        # Open, then j: that row was read ahead with the last one; only the row below it is new.
        await pilot.press("enter")
        await settle(pilot)
        asked.clear()
        await pilot.press("j")
        assert lst.current.id == below.id
        next_below = lst.articles[lst.cursor + 1]
        await wait_until(pilot, lambda: asked == [(next_below.id,)])
        # Back on the open article: nothing it or its neighbour needs is asked again.
        await pilot.press("k")
        await settle(pilot)
        await pilot.pause(0.2)
        assert asked == [(next_below.id,)]


async def test_an_article_read_ahead_opens_without_a_worker(store_path, monkeypatch):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = await rest_on_next_row(app, pilot)
        started: list[str] = []
        original = NewsdeskApp._worker

        def worker(self, fn, *args, group, exclusive=False):
            started.append(group)
            return original(self, fn, *args, group=group, exclusive=exclusive)

        monkeypatch.setattr(NewsdeskApp, "_worker", worker)
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.reading.article.id == target.id
        assert "article" not in started
        # An article whose body is not in memory still comes from a worker.
        others = [a for a in app.reader.article_list.articles if not body_cached(app, a.id)]
        assert others
        app.reader.open_article(others[0].id)
        await settle(pilot)
        assert "article" in started
        assert app.reader.reading.article.id == others[0].id


async def test_the_row_below_the_resting_cursor_is_read_ahead_too(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        rows = app.reader.article_list.articles
        below = rows[app.reader.article_list.cursor + 1]
        await wait_until(pilot, lambda: body_cached(app, below.id))
        await settle(pilot)
        # Read ahead, not opened: no reading state changed.
        assert app.reader.reading.article is None
        assert not any(state.read for state in app.reader.states.values())
        # A quick j then enter opens it from memory.
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.reader.reading.article.id == below.id


async def test_the_row_below_an_article_opened_quickly_is_read_ahead(store_path, monkeypatch):
    import tui.screens.reader as reader_module

    # j then enter before the cursor has rested: the read-ahead's timer fires after the open.
    monkeypatch.setattr(reader_module, "PREFETCH_DELAY", 0.5)
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.6)
        rows = app.reader.article_list.articles
        assert not body_cached(app, rows[2].id)
        await pilot.press("j", "enter")
        await wait_until(pilot, lambda: app.reader.reading.article is not None)
        assert app.reader.reading.article.id == rows[1].id
        # Reading down the list, the next j then enter opens the row below from memory.
        await wait_until(pilot, lambda: body_cached(app, rows[2].id))
        assert app.reader.reading.article.id == rows[1].id


async def test_an_article_read_ahead_opens_while_a_worker_holds_the_store(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = await rest_on_next_row(app, pilot)
        # A related lookup or another read-ahead holds the store right when enter comes.
        with held_by_another_thread(app.store.guard):
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.reader.reading.article is not None)
            assert app.reader.reading.article.id == target.id
        await settle(pilot)
        assert app.reader.states[target.id].read


async def test_the_row_below_is_read_a_moment_after_the_cursors_own(store_path, monkeypatch):
    import tui.screens.reader as reader_module

    # Slow enough that three quick j's are one move; then the cursor rests.
    monkeypatch.setattr(reader_module, "PREFETCH_DELAY", 0.3)
    monkeypatch.setattr(reader_module, "PREFETCH_BELOW_DELAY", 0.3)
    asked: list[tuple[str, ...]] = []
    monkeypatch.setattr(NewsdeskApp, "prefetch_article", lambda self, *ids: asked.append(ids))
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.8)
        asked.clear()
        await pilot.press("j", "j", "j")
        lst = app.reader.article_list
        current, below = lst.current, lst.articles[lst.cursor + 1]
        await wait_until(pilot, lambda: bool(asked))
        # First the row the cursor rests on, alone: an enter for it may come right now.
        assert asked == [(current.id,)]
        await wait_until(pilot, lambda: len(asked) == 2)
        assert asked == [(current.id,), (below.id,)]
