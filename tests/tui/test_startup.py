"""The store opened in a thread while the reader starts, and the first screen drawn from it."""

from __future__ import annotations

from textual.widgets import Label, ProgressBar

from store.db import Store
from tui.app import NewsdeskApp
from tui.messages import FeedProgress, FeedsRefreshed
from tui.startup import StoreOpening

from .conftest import settle

SIZE = (120, 40)


def test_opening_reads_the_newest_rows_and_their_state(store_path):
    with Store(store_path) as store:
        newest = store.recent_summaries(3)
        store.set_state([newest[1].id], read=True)
    opening = StoreOpening(store_path, rows=3)
    assert opening.wait(20)
    assert opening.error is None
    assert [s.id for s in opening.first] == [s.id for s in newest]
    assert opening.states[newest[1].id].read and not opening.states[newest[0].id].read
    opening.close()
    assert opening.store is None


def test_opening_keeps_the_error_for_the_reader(tmp_path):
    bad = tmp_path / "not-a-dir"
    bad.write_text("x")
    opening = StoreOpening(bad)
    assert opening.wait(20)
    assert opening.store is None and opening.first == []
    assert "is a file, not a directory" in str(opening.error)


async def test_ready_rows_are_listed_when_the_reader_mounts(store_path):
    opening = StoreOpening(store_path)
    assert opening.wait(20)
    app = NewsdeskApp(store_path, label="test", opening=opening)
    async with app.run_test(size=SIZE) as pilot:
        lst = app.reader.article_list
        # Before any worker answered: the rows came with the mount, so no loading indicator either.
        assert lst.articles[0].title == "Harbourline Energy opens tidal plant near Oslo"
        assert not lst.loading
        assert app.focused is lst
        await settle(pilot)
        assert len(lst.articles) == 10
        assert lst.border_title == "Articles · 10 unread / 10"
        # The store the rows came from is the one the reader uses: opening an article works.
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.reading.article.title == "Harbourline Energy opens tidal plant near Oslo"
        assert app.store is not None and app.store.store is opening.store


async def test_the_reader_keeps_using_the_store_opened_at_start(store_path):
    # Not waited for: ready at mount or not, the reader ends up with the whole list from that store.
    opening = StoreOpening(store_path)
    app = NewsdeskApp(store_path, label="test", opening=opening)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(app.reader.article_list.articles) == 10
        assert app.store is not None and app.store.store is opening.store


async def test_opening_error_shows_the_reason(tmp_path):
    bad = tmp_path / "not-a-dir"
    bad.write_text("x")
    app = NewsdeskApp(bad, label="test", opening=StoreOpening(bad))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one("#empty-message").render())
        assert "could not be opened" in text and "is a file, not a directory" in text
        await pilot.press("q")
    assert app.return_code == 1



async def test_feed_progress_bar_is_made_when_a_refresh_first_reports(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        progress = app.reader.query_one("#progress")
        assert not progress.display and not progress.children
        app.reader.post_message(FeedProgress(1, 4, "Feeds 1/4: Oslo Post"))
        await pilot.pause()
        assert progress.display
        assert "Feeds 1/4: Oslo Post" in str(app.reader.query_one("#progress-label", Label).render())
        assert app.reader.query_one("#progress-bar", ProgressBar).percentage == 0.25
        app.reader.post_message(FeedProgress(2, 4, "Feeds 2/4: Port News"))
        await pilot.pause()
        assert len(progress.children) == 2
        assert app.reader.query_one("#progress-bar", ProgressBar).percentage == 0.5
        app.reader.post_message(FeedsRefreshed(0, 4))
        await pilot.pause()
        assert not progress.display


async def test_no_frame_is_rendered_inside_the_start_up_batch(store_path, monkeypatch):
    # Textual lays the screen out while the app's start-up batch holds back output; a frame
    # rendered then is thrown away, so the reader leaves its regions dirty for the first real one.
    from textual._compositor import Compositor

    calls: list[int] = []
    original = Compositor.render_update

    def render_update(self, *args, **kwargs):
        from textual._context import active_app

        calls.append(active_app.get()._batch_count)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_update", render_update)
    opening = StoreOpening(store_path)
    assert opening.wait(20)
    app = NewsdeskApp(store_path, label="test", opening=opening)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first_rows = app.reader.article_list.articles[:2]
        shown = app.screen._compositor.render_strips()
    assert calls and all(batch == 0 for batch in calls)
    # The frames that were rendered show the screen with its rows.
    text = "\n".join(strip.text for strip in shown)
    assert first_rows and all(s.title[:20] in text for s in first_rows)


async def test_workers_hand_the_interpreter_back_quickly_while_the_reader_runs(store_path):
    import sys

    from tui.app import UI_SWITCH_INTERVAL

    before = sys.getswitchinterval()
    assert before > UI_SWITCH_INTERVAL
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert sys.getswitchinterval() == UI_SWITCH_INTERVAL
    assert sys.getswitchinterval() == before
