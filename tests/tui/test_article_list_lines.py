"""The article list draws its own screen lines (border, rows, filters) and draws rows ahead.

Every check compares with the lines Textual's own path draws for the same state, so a
difference in a border piece, a colour or a row would show here.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget

from store.models import ArticleSummary, ReadState
from tui.widgets import ArticleList

from .own_lines import own_lines, same_as_textual, shown, textual_lines

TUI = Path(__file__).resolve().parents[2] / "tui"


def summaries(n: int) -> list[ArticleSummary]:
    return [
        ArticleSummary(str(i), f"Story {i} about a harbour", f"Wire {i % 3}", f"2024-01-{1 + i % 28:02d}", "en", None)
        for i in range(n)
    ]


STATES = {
    "1": ReadState(read=True),
    "2": ReadState(starred=True),
    "3": ReadState(read=True, starred=True),
    "41": ReadState(read=True),
}


class Elsewhere(Widget, can_focus=True):
    """Somewhere else to put the focus."""

    DEFAULT_CSS = "Elsewhere { height: 1; }"


class LinesApp(App[None]):
    # The reader's own rules for the list: its border, title colours and row styles.
    CSS_PATH = [TUI / "app.tcss", TUI / "screens" / "reader.tcss"]

    def __init__(self, articles, states=STATES, widget=ArticleList) -> None:
        super().__init__()
        self.articles = articles
        self.states = states
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget(id="article-list")
        yield Elsewhere(id="other")

    def on_mount(self) -> None:
        lst = self.query_one(ArticleList)
        lst.set_articles(self.articles, self.states)
        lst.set_titles(Content("Articles · 3 unread"), Content("12 of 40"))
        lst.focus()


async def test_lines_match_textuals_path_narrow_focused_and_blurred():
    app = LinesApp(summaries(300))
    async with app.run_test(size=(60, 24)) as pilot:
        lst = app.query_one(ArticleList)
        await pilot.pause()
        assert lst._rows_per_item == 2 and lst.show_vertical_scrollbar
        await same_as_textual(pilot, lst)
        text = "".join(segment.text for segment in own_lines(lst)[0])
        assert text.startswith("╭") and "Articles" in text
        assert "12 of 40" in "".join(segment.text for segment in own_lines(lst)[-1])
        # Read, starred and both: rows 1 to 3, with the cursor on row 2.
        await pilot.press("j", "j")
        await same_as_textual(pilot, lst)
        # Blurred: another border colour and cursor colour.
        app.query_one("#other").focus()
        await same_as_textual(pilot, lst)
        app.query_one(ArticleList).focus()
        await pilot.press("pagedown", "pagedown", "j")
        await same_as_textual(pilot, lst)
        assert lst.scroll_offset.y > 0


async def test_lines_match_textuals_path_wide_one_line_rows():
    app = LinesApp(summaries(300))
    async with app.run_test(size=(120, 30)) as pilot:
        lst = app.query_one(ArticleList)
        await pilot.pause()
        lst.styles.width = 100
        await pilot.pause()
        assert lst._rows_per_item == 1
        await same_as_textual(pilot, lst)
        await pilot.press("G")
        await same_as_textual(pilot, lst)
        # A new title repaints the border row only, and still as Textual draws it.
        lst.set_titles(Content("Articles · 2 unread"), Content("12 of 40"))
        await same_as_textual(pilot, lst)
        assert "2 unread" in "".join(segment.text for segment in own_lines(lst)[0])
        # Reading states change: the changed rows are redrawn.
        last = lst.current.id
        lst.states_changed({**STATES, last: ReadState(read=True, starred=True)}, {last: (False, True)})
        await same_as_textual(pilot, lst)


async def test_lines_match_textuals_path_through_the_no_color_filter(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = LinesApp(summaries(300))
    async with app.run_test(size=(60, 24)) as pilot:
        lst = app.query_one(ArticleList)
        assert len(lst.get_line_filters()) > 1
        await same_as_textual(pilot, lst)
        await pilot.press("pagedown", "j")
        await same_as_textual(pilot, lst)
        bar = lst.vertical_scrollbar
        assert shown(bar.render_lines(Region(0, 0, *bar.size))) == shown(textual_bar_lines(bar))
        assert True in bar._checked.values()


async def test_short_and_empty_lists_match_textuals_path():
    app = LinesApp(summaries(5))
    async with app.run_test(size=(60, 24)) as pilot:
        lst = app.query_one(ArticleList)
        await pilot.pause()
        assert not lst.show_vertical_scrollbar
        await same_as_textual(pilot, lst)
        lst.set_articles([], {})
        await same_as_textual(pilot, lst)
        assert any("No articles match." in "".join(s.text for s in strip) for strip in own_lines(lst))


async def test_styles_it_does_not_draw_itself_go_through_textual():
    app = LinesApp(summaries(100))
    async with app.run_test(size=(60, 24)) as pilot:
        lst = app.query_one(ArticleList)
        await pilot.pause()
        own_lines(lst)
        lst.styles.padding = (0, 1)
        await pilot.pause()
        lines = lst.render_lines(Region(0, 0, *lst.region.size))
        assert lst._plan is None
        assert shown(lines) == shown(textual_lines(lst))
        # Padding away: back to its own lines.
        lst.styles.padding = 0
        await same_as_textual(pilot, lst)


class CountingPaints(ArticleList):
    """Counts rows drawn while the screen paints (not those drawn ahead)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.painting = False
        self.drawn_in_paint = 0
        self.drawn_ahead = 0

    def render_lines(self, crop):
        self.painting = True
        try:
            return super().render_lines(crop)
        finally:
            self.painting = False

    def _render_row(self, *args, **kwargs):
        if self.painting:
            self.drawn_in_paint += 1
        else:
            self.drawn_ahead += 1
        return super()._render_row(*args, **kwargs)


async def settle(pilot) -> None:
    await pilot.pause()
    # The rows ahead are drawn a moment after a frame, a few at a time.
    for _ in range(20):
        await asyncio.sleep(0.01)


async def test_rows_ahead_are_drawn_after_a_frame_and_used_by_the_next_keys():
    app = LinesApp(summaries(2000), widget=CountingPaints)
    async with app.run_test(size=(60, 24)) as pilot:
        lst = app.query_one(CountingPaints)
        await settle(pilot)
        assert lst.drawn_ahead > lst.scrollable_content_region.height // 2
        for key in ("pagedown", "pagedown", "j", "pageup", "k", "k"):
            lst.drawn_in_paint = 0
            await pilot.press(key)
            await pilot.pause()
            assert lst.drawn_in_paint == 0, key
            # What was drawn ahead is what Textual would draw now (cursor row included).
            await same_as_textual(pilot, lst)
            await settle(pilot)
        page = lst.scrollable_content_region.height // 2 - 1
        assert lst.cursor == page - 1 and lst.scroll_offset.y > 0
        # The cache keeps to its few screens.
        assert len(lst._row_cache) <= lst._row_cache.maxsize


def textual_bar_lines(bar) -> list:
    """What Textual's own path draws for the scrollbar as it is now."""
    bar._styles_cache.clear()
    Widget.refresh(bar)
    return Widget.render_lines(bar, Region(0, 0, *bar.size))


async def test_the_scrollbar_repaints_only_when_its_thumb_moves_and_draws_as_textual_does():
    app = LinesApp(summaries(10_000))
    async with app.run_test(size=(60, 24)) as pilot:
        lst = app.query_one(ArticleList)
        await pilot.pause()
        bar = lst.vertical_scrollbar
        region = Region(0, 0, *bar.size)
        repaints = []
        original = type(bar).refresh

        def counting(*args, **kwargs):
            repaints.append(1)
            return original(bar, *args, **kwargs)

        bar.refresh = counting
        presses = 30
        shapes = set()
        for n in range(presses):
            await pilot.press("pagedown")
            await pilot.pause()
            assert bar.position == lst.scroll_offset.y
            # What the bar shows now is what Textual draws afresh for this position.
            kept = shown(bar.render_lines(region))
            assert kept == shown(textual_bar_lines(bar)), n
            shapes.add(str(kept))
            if n % 7 == 0:
                await settle(pilot)
        del bar.refresh
        # At 20,000 lines a page moves the thumb less than an eighth of a cell.
        assert 0 < len(repaints) < presses
        assert len(shapes) > 2
        # The bar drew those lines itself, once its look was checked against Textual's.
        assert True in bar._checked.values() and len(bar._drawn) > 0


async def test_scrollbar_lines_drawn_ahead_match_textual_once_there():
    app = LinesApp(summaries(3_000))
    async with app.run_test(size=(60, 24)) as pilot:
        lst = app.query_one(ArticleList)
        await settle(pilot)
        bar = lst.vertical_scrollbar
        for key in ("pagedown", "end", "pageup", "home"):
            await pilot.press(key)
            await settle(pilot)
            drawn = bar.lines_at(lst.scroll_offset.y)
            assert drawn is not None
            assert shown(drawn) == shown(textual_bar_lines(bar)), key
        # Ahead of a page down: the lines for where it will scroll, ready before the key.
        ahead = bar.lines_at(lst._scroll_after(lst.cursor + lst._page_items()))
        await pilot.press("pagedown")
        await pilot.pause()
        assert shown(ahead) == shown(textual_bar_lines(bar))


async def test_clicks_on_the_scrollbar_still_scroll_the_list():
    app = LinesApp(summaries(3_000))
    async with app.run_test(size=(60, 24)) as pilot:
        lst = app.query_one(ArticleList)
        await settle(pilot)
        bar = lst.vertical_scrollbar
        assert bar.region.width == 1
        # A click on the bar below its thumb scrolls the list down.
        x = bar.region.x - lst.region.x
        await pilot.click(ArticleList, offset=(x, bar.region.height - 1))
        await settle(pilot)
        assert lst.scroll_offset.y > 0
        # At the end, a click above the thumb scrolls up.
        await pilot.press("end")
        await settle(pilot)
        bottom = lst.scroll_offset.y
        await pilot.click(ArticleList, offset=(x, bar.region.y - lst.region.y))
        await settle(pilot)
        assert lst.scroll_offset.y < bottom
        assert shown(bar.render_lines(Region(0, 0, *bar.size))) == shown(textual_bar_lines(bar))
