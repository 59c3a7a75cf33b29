"""Mouse selections in the reading pane that start or end off the text: in the side padding,
in a caption's indent, on a blank row, below the article."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.geometry import Offset

from store.models import Article, Entity, ReadState
from tui.app import NewsdeskApp
from tui.widgets import ArticleList, ReadingPane

from .conftest import article as parsed_article
from .conftest import build_store, settle

APP_CSS = Path(__file__).resolve().parents[2] / "tui" / "app.tcss"
READER_CSS = Path(__file__).resolve().parents[2] / "tui" / "screens" / "reader.tcss"

PARAGRAPH = "Paragraph {p}: the harbour, the ferry and the tide tables again, read aloud at dawn."


def make_article(paragraphs: int = 3) -> Article:
    return Article(
        id="a1",
        title="Article number 1",
        source="Oslo Post",
        published="2024-05-10T08:00:00Z",
        language="en",
        url="https://example.com/1",
        body=tuple(PARAGRAPH.format(p=p) for p in range(paragraphs)),
        captions=("Caption of article 1",),
        entities=(Entity("oslo", "Oslo", "place", 2),),
    )


class PaneApp(App[None]):
    # The pane's styles as in the reader: two columns of padding each side, then the bar's column.
    CSS_PATH = [str(APP_CSS), str(READER_CSS)]

    def compose(self) -> ComposeResult:
        yield ReadingPane(id="pane")


async def drag(pilot, widget, start: tuple[int, int], end: tuple[int, int]) -> None:
    """Press the mouse at ``start``, move it to ``end`` and let go there (offsets in ``widget``)."""
    await pilot.mouse_down(widget, offset=start)
    await pilot.hover(widget, offset=end)
    await pilot.mouse_up(widget, offset=end)
    await pilot.pause()


def at(pane: ReadingPane, column: int, row: int) -> tuple[int, int]:
    """The offset in the pane (padding and border included) of a column of the text on an article row."""
    left, top = pane.gutter.top_left
    return left + column, top + row - pane.scroll_offset.y


def row_of(pane: ReadingPane, text: str) -> int:
    return next(row for row in range(pane.row_count) if pane.row_text(row).strip().startswith(text))


def highlighted(pane: ReadingPane, row: int) -> str:
    """The text drawn with a background other than the pane's own on an article row."""
    plain = pane.render_row(pane.row_count - 1)._segments[-1].style.bgcolor  # a blank row, never selected here
    return "".join(s.text for s in pane.render_row(row) if s.style is not None and s.style.bgcolor != plain)


def copied(app: App) -> str | None:
    app.screen.action_copy_text()
    return app.clipboard


async def open_pane(pilot, paragraphs: int = 3) -> ReadingPane:
    pane = pilot.app.query_one(ReadingPane)
    pane.show_article(make_article(paragraphs), ReadState())
    await pilot.pause()
    return pane


async def test_a_drag_from_the_left_padding_starts_at_the_start_of_that_line():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = await open_pane(pilot, paragraphs=12)
        # Scrolled, so that the screen row is not the article row (nor the line of the text).
        pane.scroll_to(0, 9, animate=False, immediate=True)
        await pilot.pause()
        wrapped = row_of(pane, "Paragraph 5") + 1  # the second row of a wrapped paragraph
        assert wrapped - pane.scroll_offset.y > 0
        end = row_of(pane, "Paragraph 6")
        await drag(pilot, pane, (0, at(pane, 0, wrapped)[1]), at(pane, 8, end))
        second_row = pane.row_text(wrapped)
        assert PARAGRAPH.format(p=5).endswith(second_row)
        assert copied(app) == f"{second_row}\n\nParagraph"
        # The start row is highlighted from its first character.
        assert highlighted(pane, wrapped) == second_row

        # The first row of a paragraph, from the padding's first column, on to the next row.
        first = row_of(pane, "Paragraph 6")
        await drag(pilot, pane, (0, at(pane, 0, first)[1]), at(pane, 3, first + 1))
        assert copied(app) == pane.row_text(first) + " " + pane.row_text(first + 1)[:4]


async def test_a_drag_upward_from_the_left_padding_stops_before_that_line():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = await open_pane(pilot)
        second = row_of(pane, "Paragraph 1")
        first = row_of(pane, "Paragraph 0")
        await drag(pilot, pane, (1, at(pane, 0, second)[1]), at(pane, 13, first))
        # From "the harbour" in the first paragraph; nothing of the line the drag began on.
        assert copied(app) == PARAGRAPH.format(p=0)[len("Paragraph 0: ") :]
        assert highlighted(pane, second) == ""
        assert highlighted(pane, first) == pane.row_text(first)[len("Paragraph 0: ") :]
        # The same, from the left padding of a paragraph's second row: its first row ends the selection.
        await drag(pilot, pane, (0, at(pane, 0, second + 1)[1]), at(pane, 0, first + 1))
        assert copied(app) == pane.row_text(first + 1) + "\n\n" + pane.row_text(second) + " "


async def test_a_drag_from_the_right_padding_to_a_blank_row_takes_the_lines_between():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = await open_pane(pilot)
        title, meta, url = pane.part_rows("head")[1:4]
        blank = pane.part_rows("head")[-1]
        assert pane.row_text(blank) == ""
        right = pane.size.width + pane.gutter.left  # the first column of the right padding
        # From the right of the title (its end) to the blank row under the address (the address's end).
        await drag(pilot, pane, (right, at(pane, 0, title)[1]), at(pane, 5, blank))
        assert copied(app) == "\n" + pane.row_text(meta) + "\n" + "https://example.com/1"
        # The blank row under the chips belongs to the chips' line: the body is not selected.
        under_chips = pane.part_rows("chips")[-1]
        await drag(pilot, pane, (0, at(pane, 0, url)[1]), at(pane, 30, under_chips))
        assert copied(app).split("\n") == ["https://example.com/1", pane.row_text(under_chips - 1) + " "]


async def test_a_drag_from_a_captions_indent_to_below_the_article_takes_the_caption():
    app = PaneApp()
    async with app.run_test(size=(60, 30)) as pilot:
        pane = await open_pane(pilot)
        caption = row_of(pane, "▏Caption")
        assert pane.row_count < pane.size.height  # rows without text below the article
        below = (at(pane, 10, caption)[0], at(pane, 0, pane.row_count)[1] + 1)
        # Inside the caption's indent, then from the padding left of it.
        for column in (1, -2):
            await drag(pilot, pane, at(pane, column, caption), below)
            assert copied(app) == "▏Caption of article 1"
            assert highlighted(pane, caption) == "▏Caption of article 1"


async def test_selection_offsets_off_the_text():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = await open_pane(pilot)
        body = pane.part_rows("body").start
        start = pane.selection_offset_at(-2, body)
        assert start.x == 0 and pane.selection_offset_at(0, body) == start
        assert pane.selection_offset_at(-2, body, last=True) == Offset(len(pane.row_text(body - 2)) + 1, start.y - 1)
        assert pane.selection_offset_at(pane.size.width + 1, body) == Offset(len(pane.row_text(body)), start.y)
        wrapped = pane.selection_offset_at(-1, body + 1)
        assert wrapped == Offset(len(pane.row_text(body)) + 1, start.y)
        assert pane.selection_offset_at(-1, body + 1, last=True) == Offset(wrapped.x - 1, start.y)


async def test_article_text_with_markup_is_selected_and_copied_literally(tmp_path):
    body = ["[bold]x[/] and [red]y[/red], as typed.", "[link=https://evil.example]z[/link]"]
    path = build_store(
        tmp_path / "store",
        [parsed_article("Markup [i]in[/i] the title", "Oslo Post", "2024-05-10T08:00:00Z", body)],
    )
    app = NewsdeskApp(path, label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.reader.reading
        assert pane.article is not None
        row = pane.part_rows("body").start
        assert pane.row_text(row) == body[0] and pane.row_text(row + 2) == body[1]
        assert pane.gutter.left == 3  # the border, then the padding
        # From the border's column to the right padding of the second paragraph.
        await drag(pilot, pane, (0, at(pane, 0, row)[1]), (pane.size.width + 3, at(pane, 0, row + 2)[1]))
        assert copied(app) == body[0] + "\n\n" + body[1]
        # From the list's first row into the pane's left padding on the body's row: the pane's part
        # runs from its first line to the end of the line above the body's.
        items = app.reader.query_one(ArticleList)
        await pilot.mouse_down(items, offset=(2, 1))
        await pilot.hover(pane, offset=at(pane, -1, row))
        await pilot.mouse_up(pane, offset=at(pane, -1, row))
        await pilot.pause()
        selection = app.screen.selections[pane]
        assert selection.start is None
        text = pane.get_selection(selection)
        assert text is not None and text[0].split("\n")[0] == "Markup [i]in[/i] the title"
        assert not text[0].rstrip("\n").endswith(body[0])
