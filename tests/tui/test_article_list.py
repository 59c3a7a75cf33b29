"""The article list draws only the rows on screen, however many articles it holds."""

from __future__ import annotations

from textual.app import App, ComposeResult

from store.models import ArticleSummary, ReadState
from tui.messages import ArticleChosen
from tui.widgets import ArticleList

COUNT = 100_000


class CountingList(ArticleList):
    rendered: set[int]

    def _render_row(self, summary, *args, **kwargs):
        self.rendered.add(int(summary.id))
        return super()._render_row(summary, *args, **kwargs)


class ListApp(App[None]):
    def __init__(self, articles, states, widget=CountingList) -> None:
        super().__init__()
        self.articles = articles
        self.states = states
        self.widget = widget
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        lst = self.widget()
        lst.rendered = set()
        yield lst

    def on_mount(self) -> None:
        lst = self.query_one(ArticleList)
        lst.set_articles(self.articles, self.states)
        lst.focus()

    def on_article_chosen(self, message: ArticleChosen) -> None:
        self.chosen.append(message.article_id)


def summaries(n: int) -> list[ArticleSummary]:
    return [ArticleSummary(str(i), f"Story {i}", "Wire", "2024-01-01", "en", None) for i in range(n)]


async def test_only_visible_rows_are_rendered_at_100k():
    app = ListApp(summaries(COUNT), {"1": ReadState(read=True)})
    async with app.run_test(size=(100, 30)) as pilot:
        lst = app.query_one(CountingList)
        await pilot.pause()
        assert lst.unread_count == COUNT - 1
        height = lst.scrollable_content_region.height
        assert 0 < len(lst.rendered) <= height
        lst.rendered.clear()
        await pilot.press("G")
        await pilot.pause()
        assert lst.current.id == str(COUNT - 1)
        assert lst.rendered and min(lst.rendered) >= COUNT - height
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == [str(COUNT - 1)]


async def test_cursor_keys_paging_and_keeping_an_article_across_updates():
    app = ListApp(summaries(500), {})
    async with app.run_test(size=(100, 30)) as pilot:
        lst = app.query_one(CountingList)
        await pilot.pause()
        await pilot.press("j", "j", "down", "k")
        assert lst.cursor == 2
        await pilot.press("pagedown")
        assert lst.cursor > 20
        keep = lst.current.id
        # A new list (say, after a refresh) with two articles in front keeps the same article.
        lst.set_articles(summaries(2) + lst.articles[:], {}, keep_id=keep)
        assert lst.current.id == keep
        await pilot.press("home")
        assert lst.cursor == 0


async def test_a_click_selects_the_row_under_the_mouse():
    app = ListApp(summaries(50), {})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click(CountingList, offset=(10, 4))
        await pilot.pause()
        assert app.chosen == ["4"]


async def test_narrow_lists_use_two_lines_per_article():
    app = ListApp(summaries(50), {})
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        lst = app.query_one(CountingList)
        assert lst.virtual_size.height == 100
        first, second = ("".join(s.text for s in lst.render_line(y)) for y in (0, 1))
        assert "Story 0" in first and "Wire · 2024-01-01" in second


def store_rows(tmp_path, n: int):
    """The store's own list rows (each knows its row number), newest first."""
    from store.db import Store

    from .conftest import article, build_store

    items = [article(f"Story {i}", "Wire", f"2024-01-{1 + i % 28:02d}T{i % 24:02d}:00:00Z", [f"Body {i}."]) for i in range(n)]
    path = build_store(tmp_path / "rows", items)
    with Store(path) as store:
        return store.summaries()


async def test_a_narrowed_list_of_store_rows_keeps_the_cursor_article(tmp_path):
    rows = store_rows(tmp_path, 120)
    app = ListApp(rows, {}, widget=ArticleList)
    async with app.run_test(size=(100, 30)) as pilot:
        lst = app.query_one(ArticleList)
        await pilot.pause()
        for _ in range(40):
            await pilot.press("j")
        kept = lst.current.id
        assert lst.cursor == 40
        # Every third row stays, as a search would leave them: the kept one is row 40 -> 13.
        narrowed = rows[1::3]
        lst.set_articles(narrowed, {}, keep_id=kept)
        assert lst.current.id == kept and lst.cursor == 13
        # The kept article filtered out: the cursor stays on the same position, clamped.
        lst.set_articles(rows[::3][:10], {}, keep_id=kept)
        assert lst.cursor == 9 and lst.current.id == rows[27].id
        # Back to the whole list: the cursor finds the article it is on, by its row.
        on = lst.current.id
        lst.set_articles(rows, {}, keep_id=on)
        assert lst.cursor == 27 and lst.current.id == on
        # A list in another order than the store's still finds the article.
        reversed_rows = rows[::-1]
        lst.set_articles(reversed_rows, {}, keep_id=on)
        assert lst.current.id == on and lst.cursor == len(rows) - 1 - 27


async def test_a_search_that_shortens_the_list_refits_the_scrollbar_without_a_layout(tmp_path):
    app = ListApp(summaries(5000), {})
    async with app.run_test(size=(100, 30)) as pilot:
        lst = app.query_one(CountingList)
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()
        assert lst.scroll_offset.y > 4000
        layouts = []
        screen = app.screen
        original = type(screen)._refresh_layout

        def counting(self, *args, **kwargs):
            layouts.append(1)
            return original(self, *args, **kwargs)

        type(screen)._refresh_layout = counting
        try:
            lst.set_articles(lst.articles[:400], {})
            await pilot.pause()
        finally:
            type(screen)._refresh_layout = original
        assert not layouts
        assert lst.virtual_size.height == 400
        assert lst.cursor == 399
        # The scroll position and the scrollbar follow the shorter list.
        assert lst.max_scroll_y == 400 - lst.scrollable_content_region.height
        assert lst.scroll_offset.y <= lst.max_scroll_y
        assert lst.vertical_scrollbar.window_virtual_size == 400
        shown = "".join(s.text for s in lst.render_line(lst.scrollable_content_region.height - 1))
        assert "Story 399" in shown
        # A list that fits shows no scrollbar (that one does need the screen laid out).
        lst.set_articles(lst.articles[:5], {})
        await pilot.pause()
        assert not lst.show_vertical_scrollbar
        assert lst.cursor == 4 and lst.scroll_offset.y == 0


class RowCounter(ArticleList):
    def __init__(self) -> None:
        super().__init__()
        self.drawn: list[str] = []

    def _render_row(self, summary, *args, **kwargs):
        self.drawn.append(summary.id)
        return super()._render_row(summary, *args, **kwargs)


async def test_a_narrower_list_from_the_same_read_redraws_only_new_rows(tmp_path):
    rows = store_rows(tmp_path, 120)
    app = ListApp(rows, {}, widget=RowCounter)
    async with app.run_test(size=(100, 30)) as pilot:
        lst = app.query_one(RowCounter)
        await pilot.pause()
        height = lst.scrollable_content_region.height
        assert len(set(lst.drawn)) == height
        lst.drawn.clear()
        # The same first rows stay on screen: nothing is drawn again.
        lst.set_articles(rows[:60], {}, keep_id=rows[0].id)
        await pilot.pause()
        assert lst.drawn == []
        # Every other row: only the rows not on screen before are drawn.
        lst.set_articles(rows[::2], {}, keep_id=rows[0].id)
        await pilot.pause()
        shown_before = {r.id for r in rows[:height]}
        assert lst.drawn and all(i not in shown_before or i == rows[0].id for i in lst.drawn)
        assert len(lst.drawn) <= height // 2 + 2


async def test_the_row_cache_holds_a_few_screens_not_the_whole_list():
    app = ListApp(summaries(20_000), {})
    async with app.run_test(size=(100, 30)) as pilot:
        lst = app.query_one(CountingList)
        await pilot.pause()
        for _ in range(60):
            await pilot.press("pagedown")
        await pilot.pause()
        assert lst.cursor > 1000
        height = lst.scrollable_content_region.height
        assert 0 < len(lst._row_cache) <= max(160, 4 * lst.size.height) < 60 * height
