"""The search box: typing repaints it and the list, and never lays out the whole screen."""

from __future__ import annotations

from textual.screen import Screen

from tui.app import NewsdeskApp
from tui.widgets.search_box import SearchBox

from .conftest import settle

SIZE = (120, 40)


async def test_typing_a_query_lays_out_nothing_and_shows_it(store_path, monkeypatch):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        box = app.reader.search_input
        assert isinstance(box, SearchBox) and app.focused is box
        layouts: list[int] = []
        original = Screen._refresh_layout

        def counted(self, *args, **kwargs):
            layouts.append(1)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        await pilot.press(*"oslo")
        await settle(pilot)
        assert layouts == []
        assert box.value == "oslo"
        assert "oslo" in "".join(s.text for s in box.render_lines(box.region.reset_offset))
        # The list answered the query (in the same frames).
        assert 0 < len(app.reader.article_list.articles) < len(app.reader.snapshot.summaries)


async def test_a_query_wider_than_the_box_scrolls_to_the_cursor(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        box = app.reader.search_input
        query = "abcdefghij" * 4
        assert len(query) > box.content_region.width
        await pilot.press(*query)
        await settle(pilot)
        shown = "".join(s.text for s in box.render_lines(box.region.reset_offset))
        # The end of what was typed is on screen, where the cursor is.
        assert query[-8:] in shown
        assert box.cursor_position == len(query)


async def test_a_query_that_looks_like_markup_shows_as_typed(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"[b]x")
        await settle(pilot)
        box = app.reader.search_input
        assert box.value == "[b]x"
        assert "[b]x" in "".join(s.text for s in box.render_lines(box.region.reset_offset))
        # Nothing matches: the list says so, and the query in its subtitle is text too.
        assert app.reader.article_list.articles == []
        assert "[b]x" in str(app.reader.article_list.border_subtitle)
