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
    def __init__(self, articles, states) -> None:
        super().__init__()
        self.articles = articles
        self.states = states
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        lst = CountingList()
        lst.rendered = set()
        yield lst

    def on_mount(self) -> None:
        lst = self.query_one(CountingList)
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
