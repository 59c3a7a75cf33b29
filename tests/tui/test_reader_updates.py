"""What the reader redraws when an article is opened or marked: the right rows, counts and panes."""

from __future__ import annotations

import io

from rich.console import Console

from store.db import Store
from tui.app import RELATED_LIMIT, NewsdeskApp
from tui.screens.reader import FINDING_RELATED

from .conftest import held_by_another_thread, settle, wait_until

SIZE = (120, 40)
NIGHT_TRAIN = "Northwind Rail to link Rotterdam and Oslo by night train"


def screen_text(app: NewsdeskApp) -> list[str]:
    """The screen as the terminal would show it now, one string per row (from the widgets' cached lines)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, force_terminal=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text().splitlines()


def list_row(app: NewsdeskApp, title_start: str) -> str:
    """The list's first line for the article whose title starts with ``title_start``."""
    right = app.reader.article_list.region.right
    rows = [line[:right] for line in screen_text(app) if title_start in line[:right]]
    assert rows, f"{title_start!r} is not on screen"
    return rows[0]


def recount(app: NewsdeskApp) -> int:
    states = app.reader.states
    return sum(1 for s in app.reader.article_list.articles if not (s.id in states and states[s.id].read))


def id_of(app: NewsdeskApp, title: str) -> str:
    return next(s.id for s in app.reader.snapshot.summaries if s.title == title)


def related_on_disk(path, article_id: str) -> list[str]:
    with Store(path, create=False) as store:
        return [r.id for r in store.related(article_id, RELATED_LIMIT)]


async def test_marks_move_the_unread_count_and_redraw_their_rows(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.reader.article_list
        assert lst.unread_count == 10
        assert "●" in list_row(app, "Harbourline Energy opens")

        await pilot.press("m")
        await settle(pilot)
        assert lst.unread_count == 9 == recount(app)
        assert "9 unread / 10" in lst.border_title
        assert "●" not in list_row(app, "Harbourline Energy opens")
        assert "●" in list_row(app, "Maria Okafor on the cost")

        await pilot.press("m")
        await settle(pilot)
        assert lst.unread_count == 10 == recount(app)
        assert "●" in list_row(app, "Harbourline Energy opens")

        await pilot.press("j", "j", "m")
        await settle(pilot)
        assert lst.unread_count == 9 == recount(app)
        assert "●" not in list_row(app, "Northwind Rail to link")
        assert "●" in list_row(app, "Harbourline Energy opens")

        # A star changes no count (nor the list's title): the row alone is redrawn.
        await pilot.press("s")
        await settle(pilot)
        assert app.reader.states[lst.current.id].starred
        assert "9 unread / 10" in lst.border_title
        assert "★" in " ".join(screen_text(app)[lst.region.y : lst.region.bottom])


async def test_marks_outside_a_filtered_list_leave_its_count_alone(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.reader.set_tag_filter("northwind-rail", "Northwind Rail")
        await settle(pilot)
        lst = app.reader.article_list
        assert sorted(s.title for s in lst.articles) == ["Jonas Berg named head of Northwind Rail", NIGHT_TRAIN]
        assert lst.unread_count == 2

        app.save_states([id_of(app, "Weather: a calm week ahead")], read=True)
        await settle(pilot)
        assert lst.unread_count == 2 == recount(app)

        app.save_states([id_of(app, NIGHT_TRAIN), id_of(app, "Rotterdam port sees record spring traffic")], read=True)
        await settle(pilot)
        assert lst.unread_count == 1 == recount(app)
        assert "1 unread / 2" in lst.border_title
        assert "●" not in list_row(app, "Northwind Rail to link")

        # A bulk change (more rows than are worth looking up one by one) is recounted.
        app.save_states([s.id for s in app.reader.snapshot.summaries], read=True)
        await settle(pilot)
        assert lst.unread_count == 0 == recount(app)


async def test_opening_another_article_shows_its_text_tags_and_related_stories(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.reading.article.title.startswith("Harbourline Energy opens")

        await pilot.press("j", "j", "enter")
        await settle(pilot)
        reader = app.reader
        shown = reader.reading.article
        assert shown.title == NIGHT_TRAIN
        text = "\n".join(screen_text(app))
        assert "Northwind Rail will run a night train" in text
        assert "Harbourline Energy switched on" not in text
        assert "Maria Okafor at the opening" not in text  # the first article's captions are gone
        chips = reader.reading.chips
        assert {e.name for e in chips.entities} == {"Northwind Rail", "Rotterdam", "Oslo", "Jonas Berg"}
        pane = reader.reading
        chip_rows = " ".join(pane.row_text(row) for row in pane.part_rows("chips"))
        assert all(e.name in chip_rows for e in chips.entities)
        related = [item.summary.id for item in reader.related.items]
        assert related and related == related_on_disk(store_path, shown.id)
        assert shown.id not in related


async def test_rapid_opens_end_on_the_last_article(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j", "enter", "j", "enter", "j", "enter")
        await settle(pilot)
        reader = app.reader
        last = reader.article_list.current
        assert last.title == "Jonas Berg named head of Northwind Rail"
        assert reader.reading.article.id == last.id
        assert reader.history.current == last.id
        assert [item.summary.id for item in reader.related.items] == related_on_disk(store_path, last.id)
        assert "He has promised to publish" in "\n".join(screen_text(app))


async def test_slow_related_stories_show_a_note_until_they_come(store_path, monkeypatch):
    monkeypatch.setattr("tui.screens.reader.RELATED_PATIENCE", 0.01)
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        sidebar = app.reader.related
        assert sidebar.items
        # The store is busy (another call holds it): the new article's stories cannot be read yet.
        with app.store.guard:
            await pilot.press("j", "enter")
            await wait_until(pilot, lambda: FINDING_RELATED in "\n".join(screen_text(app)))
            assert not sidebar.items
        await settle(pilot)
        shown = app.reader.reading.article
        assert shown.title == "Maria Okafor on the cost of tidal power"
        assert [item.summary.id for item in sidebar.items] == related_on_disk(store_path, shown.id)
        assert FINDING_RELATED not in "\n".join(screen_text(app))


async def test_the_lists_titles_show_a_filter_name_as_text(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.reader.set_tag_filter("oslo", "[bold]Oslo[/bold]")
        await settle(pilot)
        bottom = screen_text(app)[app.reader.article_list.region.bottom - 1]
        assert "[bold]Oslo[/bold]" in bottom


def list_border(app: NewsdeskApp) -> tuple[str, str]:
    """The list's top and bottom border rows as drawn on screen."""
    region = app.reader.article_list.region
    rows = screen_text(app)
    return rows[region.y][: region.right], rows[region.bottom - 1][: region.right]


async def test_a_mark_redraws_the_count_in_the_lists_border(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "10 unread / 10" in list_border(app)[0]
        await pilot.press("m")
        await settle(pilot)
        top, _ = list_border(app)
        assert "9 unread / 10" in top and "10 unread" not in top
        await pilot.press("j", "m")
        await settle(pilot)
        assert "8 unread / 10" in list_border(app)[0]
        # A filter's name comes and goes in the bottom border.
        app.reader.set_tag_filter("oslo", "Oslo")
        await settle(pilot)
        assert "Oslo" in list_border(app)[1]
        await pilot.press("escape")
        await settle(pilot)
        assert "Oslo" not in list_border(app)[1]
        assert "8 unread / 10" in list_border(app)[0]


async def test_back_shows_a_recent_article_and_its_stories_without_the_store(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = app.reader.reading.article
        first_related = [item.summary.id for item in app.reader.related.items]
        assert first_related == related_on_disk(store_path, first.id)
        await pilot.press("r", "enter")
        await settle(pilot)
        jumped = app.reader.reading.article
        assert jumped.id == first_related[0]
        assert app.reader.article_list.current.id == jumped.id
        assert [item.summary.id for item in app.reader.related.items] == related_on_disk(store_path, jumped.id)
        # The store is busy (a worker holds it): back still shows the first article and its stories.
        with held_by_another_thread(app.store.guard):
            await pilot.press("h")
            await wait_until(
                pilot,
                lambda: [item.summary.id for item in app.reader.related.items] == first_related
                and app.reader.article_list.current.id == first.id,
            )
            assert app.reader.reading.article.id == first.id
            assert first.title[:20] in "\n".join(screen_text(app))
        await settle(pilot)
        assert app.reader.history.current == first.id


async def test_a_changed_store_forgets_the_recent_articles(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = app.reader.reading.article
        await pilot.press("j", "enter")
        await settle(pilot)
        app.reload_store()
        await settle(pilot)
        # Another thread holds the store (as a worker would): the article is read again, so
        # it waits; the second article is still shown.
        with held_by_another_thread(app.store.guard):
            await pilot.press("h")
            await pilot.pause(0.1)
            assert app.reader.reading.article.id != first.id
        await settle(pilot)
        assert app.reader.reading.article.id == first.id
