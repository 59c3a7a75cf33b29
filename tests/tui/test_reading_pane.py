"""The reading pane: wrapping by cell width, drawing only the lines on screen, scrolling."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from textual import events
from textual.app import App, ComposeResult
from textual.content import Content
from textual.screen import Screen

from store.models import Article, Entity, ReadState
from tui.messages import TagChosen
from tui.widgets import ReadingPane
from tui.widgets.article_text import TextLines, _wrap_words, wrap_line

APP_CSS = Path(__file__).resolve().parents[2] / "tui" / "app.tcss"
READER_CSS = Path(__file__).resolve().parents[2] / "tui" / "screens" / "reader.tcss"


def lines_of(text: str, width: int) -> list[str]:
    return [text[start:end] for start, end in wrap_line(text, width)]


# -- wrapping ----------------------------------------------------------------------------------------
def test_wide_characters_wrap_by_cells():
    text = "東京の電車は時間通りに来ます" * 3
    lines = lines_of(text, 9)
    assert all(cell_len(line) <= 9 for line in lines)
    assert all(cell_len(line) == 8 for line in lines[:-1])  # four 2-cell characters; a fifth would not fit
    assert "".join(lines) == text


def test_combining_marks_take_no_cell():
    # Vietnamese written with combining accents: each letter is one cell however many marks it has.
    word = "Vie\u0302\u0323t"
    text = " ".join([word] * 12)
    lines = lines_of(text, 14)
    assert lines[0] == " ".join([word] * 3)
    assert all(cell_len(line) <= 14 for line in lines)


def test_long_words_are_folded_and_short_ones_kept_whole():
    text = "see https://example.com/" + "a" * 40 + " and more"
    # The address starts a line of its own and is cut every 16 cells; words after it fill on.
    assert lines_of(text, 16) == ["see", "https://example.", "com/aaaaaaaaaaaa", "a" * 16, "a" * 12 + " and", "more"]
    assert lines_of("short words stay whole", 8) == ["short", "words", "stay", "whole"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(list("ab c  ") + ["中", "文", "ệ", "e\u0301", "\u3000", "\xa0", "wordword"]), max_size=40).map("".join),
    st.integers(min_value=2, max_value=24),
)
def test_wrap_breaks_where_textual_does(text, width):
    # The pane used to be a Static: the lines must break exactly where Textual's own wrapping broke them.
    text = text.strip()
    expected = [line.content.plain for line in Content(text)._wrap_and_format(width)]
    assert lines_of(text, width) == expected


ONE_CELL_WORDS = st.lists(st.sampled_from(list("ab   ") + ["ệ", "é", "Ž", "wordword", "x" * 30]), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(ONE_CELL_WORDS, st.integers(min_value=1, max_value=24))
def test_the_quick_wrap_breaks_where_the_word_by_word_wrap_does(text, width):
    # Text of one cell per character with plain spaces (leading and trailing ones included)
    # takes a quicker path; it must break exactly where the general one does.
    assert wrap_line(text, width) == _wrap_words(text, width)


@settings(max_examples=200, deadline=None)
@given(ONE_CELL_WORDS, st.integers(min_value=2, max_value=24))
def test_the_quick_wrap_breaks_where_textual_does(text, width):
    text = text.strip()
    expected = [line.content.plain for line in Content(text)._wrap_and_format(width)]
    assert lines_of(text, width) == expected


# -- the pane in an app --------------------------------------------------------------------------------
def article(n: int, paragraphs: int = 40, **fields) -> Article:
    body = tuple(f"Paragraph {p} of article {n}: the harbour, the ferry and the tide tables again." for p in range(paragraphs))
    values = dict(
        id=f"a{n}",
        title=f"Article number {n}",
        source="Oslo Post",
        published="2024-05-10T08:00:00Z",
        language="en",
        url=f"https://example.com/{n}",
        body=body,
        captions=(f"Caption of article {n}",),
        entities=(Entity("oslo", "Oslo", "place", 2),),
    )
    values.update(fields)
    return Article(**values)


class PaneApp(App[None]):
    # The pane's styles as in the reader (without the reader's border: its id is not #reading).
    CSS_PATH = [str(APP_CSS), str(READER_CSS)]

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield ReadingPane(id="pane")

    def on_tag_chosen(self, message: TagChosen) -> None:
        self.chosen.append((message.tag_id, message.name))

    def on_mount(self) -> None:
        self.query_one(ReadingPane).focus()


def screen_lines(app: App) -> list[str]:
    """What the terminal would show, one string per row."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console = Console(width=app.size.width, file=io.StringIO(), record=True, force_terminal=True, color_system="truecolor")
    console.print(update)
    rows = Segment.split_lines(console._record_buffer)
    return ["".join(seg.text for seg in row if not seg.control) for row in rows]


def screen_text(app: App) -> str:
    return "\n".join(screen_lines(app))


async def test_shows_every_part_and_scrolling_reaches_the_last_line():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1, author="Ines Duarte"), ReadState(read=True, starred=True))
        await pilot.pause()
        text = screen_text(app)
        for part in ("Article number 1", "✓ read", "★ starred", "Oslo Post", "2024-05-10 08:00 UTC", "by Ines Duarte", "https://example.com/1", "Oslo", "Paragraph 0 of article 1"):
            assert part in text
        assert "Caption of article 1" not in text  # below the fold: not drawn
        await pilot.press("G")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y > 0
        text = screen_text(app)
        assert "▏Caption of article 1" in text
        assert "Paragraph 39 of article 1" in text
        await pilot.press("g")
        await pilot.pause()
        assert pane.scroll_y == 0
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert pane.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert pane.scroll_y == 2
        await pilot.press("pagedown")
        await pilot.pause()
        assert pane.scroll_y > 10
        await pilot.press("pageup")
        await pilot.pause()
        assert pane.scroll_y == 2


async def test_mouse_wheel_scrolls_the_article():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1), ReadState())
        await pilot.pause()
        x, y = pane.region.x + 2, pane.region.y + pane.part_rows("body").start
        for _ in range(3):
            pane.post_message(events.MouseScrollDown(pane, x, y, 0, 0, 0, False, False, False, screen_x=x, screen_y=y))
        await pilot.pause()
        assert pane.scroll_y > 0


async def test_only_the_lines_on_screen_are_drawn(monkeypatch):
    drawn: set[int] = set()
    draw = TextLines.render
    bodies: list[TextLines] = []

    def counting(self, y, *args):
        if self in bodies:
            drawn.add(y)
        return draw(self, y, *args)

    monkeypatch.setattr(TextLines, "render", counting)
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        bodies.append(pane.body)
        pane.show_article(article(1, paragraphs=400), ReadState())
        await pilot.pause()
        lines = pane.body.line_count(pane.text_width)
        assert lines > 1000
        assert drawn and max(drawn) < 20
        await pilot.press("G")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        # Redraw at the end: only the last screenful is drawn.
        drawn.clear()
        pane.render_row(pane.part_rows("body").start)  # the strip cache answers without drawing again
        assert not drawn
        pane.notify_style_update()
        pane.refresh()
        await pilot.pause()
        assert drawn and min(drawn) > lines - 40


async def test_article_text_is_shown_literally():
    app = PaneApp()
    async with app.run_test(size=(80, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        shown = article(
            1,
            paragraphs=0,
            title="[bold red]Loud[/] \x1b[31mred",
            body=("A [link=https://evil.example]link[/link] and \x1b]8;;https://x\x07osc and [reverse]r[/].",),
            captions=(),
        )
        pane.show_article(shown, ReadState())
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]Loud[/] ␛[31mred" in text
        assert "[link=https://evil.example]link[/link]" in text
        assert "␛]8;;https://x␇osc" in text and "[reverse]r[/]" in text
        segments = [seg for row in range(pane.row_count) for seg in pane.render_row(row)]
        assert not any(seg.style is not None and (seg.style.link or seg.style.reverse) for seg in segments)


async def test_resizing_wraps_the_text_again():
    long_paragraph = " ".join(f"word{n}" for n in range(120))
    app = PaneApp()
    async with app.run_test(size=(50, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1, body=(long_paragraph,), captions=()), ReadState())
        await pilot.pause()
        width = pane.text_width
        narrow = pane.body.line_count(width)
        assert all(cell_len(pane.body.line_text(y, width)) <= width for y in range(narrow))
        await pilot.resize_terminal(100, 20)
        await pilot.pause()
        await pilot.pause()
        new_width = pane.text_width
        wide = pane.body.line_count(new_width)
        assert new_width > width and wide < narrow
        texts = [pane.body.line_text(y, new_width) for y in range(wide)]
        assert all(cell_len(line) <= new_width for line in texts)
        assert " ".join(t for t in texts if t) == long_paragraph
        assert any(line.startswith("word0 word1") and len(line) > width for line in screen_lines(app) for line in [line.strip(" │")])


async def test_a_new_article_starts_at_the_top():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1), ReadState())
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()
        assert pane.scroll_y > 0
        pane.show_article(article(2, paragraphs=3), ReadState())
        # Already at the top for the very next frame (no frame of the new text at the old offset).
        assert pane.scroll_y == 0
        await pilot.pause()
        assert pane.scroll_y == 0
        text = screen_text(app)
        assert "Article number 2" in text and "Paragraph 2 of article 2" in text
        assert "article 1" not in text


async def test_the_previous_articles_lines_are_let_go_after_the_next_frame():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        for n in range(1, 4):
            pane.show_article(article(n), ReadState())
            await pilot.pause()
            drawn = dict(pane._strips)
            assert drawn and pane._dropped == []
        first_rows = [strip.text for _, strip in sorted(drawn.items())]
        pane.show_article(article(9), ReadState())
        # Kept until the frame that replaces them is out (freeing them is not the open's work)...
        assert [strip.text for _, strip in sorted(pane._dropped[0][0].items())] == first_rows
        await pilot.pause()
        # ...then let go: only the new article's lines are held.
        assert pane._dropped == []
        assert all("article 3" not in strip.text for strip in pane._strips.values())
        assert "Article number 9" in screen_text(app)


async def test_placeholder_and_empty_article():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_placeholder("Nothing open yet.")
        await pilot.pause()
        assert "Nothing open yet." in screen_text(app)
        pane.show_article(article(1, title="  ", body=(), captions=(), entities=(), url=None), ReadState())
        await pilot.pause()
        text = screen_text(app)
        assert "(untitled)" in text and "(this article has no text)" in text
        assert "Nothing open yet." not in text
        assert not pane.part_rows("chips")  # no tags: no chip lines (and no blank line under them)
        assert pane.row_text(pane.part_rows("head")[-1] + 1) == "(this article has no text)"
        pane.show_state(ReadState(read=True))
        await pilot.pause()
        assert "✓ read" in screen_text(app)


async def test_tag_chip_cursor_is_redrawn_as_it_moves():
    entities = tuple(Entity(f"p{n}", f"Person {n}", "person", 5 - n) for n in range(3))
    app = PaneApp()
    async with app.run_test(size=(80, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1, entities=entities), ReadState())
        await pilot.pause()
        chips = pane.chips

        def bold_chips() -> list[str]:
            row = pane.render_row(pane.part_rows("chips").start)
            return [seg.text.strip() for seg in row if seg.style is not None and seg.style.bold]

        assert bold_chips() == []  # no cursor drawn while the chips are not focused
        chips.focus()
        await pilot.pause()
        assert bold_chips() == ["Person 0"]
        await pilot.press("right")
        assert bold_chips() == ["Person 1"]
        await pilot.press("left", "left")
        assert bold_chips() == ["Person 2"]
        pane.focus()
        await pilot.pause()
        assert bold_chips() == []


async def test_text_can_be_selected_with_the_mouse():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1, paragraphs=3), ReadState())
        await pilot.pause()
        top = pane.part_rows("body").start
        # From the start of the first paragraph to the second line of the second one (2: the padding).
        await pilot.mouse_down(pane, offset=(2, top))
        second = next(row for row in pane.part_rows("body") if pane.row_text(row).startswith("Paragraph 1"))
        await pilot.hover(pane, offset=(7, second + 1))
        await pilot.mouse_up(pane, offset=(7, second + 1))
        await pilot.pause()
        selected = app.screen.get_selected_text()
        first_paragraph = article(1).body[0]
        # Paragraphs come out whole (not cut where they wrap), with the blank line between them.
        assert selected.startswith(first_paragraph + "\n\nParagraph 1 of article 1")
        assert "\n" not in selected[len(first_paragraph) + 2 :]
        plain = list(pane.render_row(pane.row_count - 1))[-1].style.bgcolor  # an unselected blank line
        highlighted = [seg for seg in pane.render_row(top) if seg.style is not None and seg.style.bgcolor != plain]
        assert "".join(seg.text for seg in highlighted) == pane.row_text(top)


PEOPLE = tuple(Entity(f"p{n}", f"Person {n}", "person", 5 - n) for n in range(3))


def find_on_screen(app: App, text: str) -> tuple[int, int]:
    """Column and row where ``text`` is shown."""
    for y, line in enumerate(screen_lines(app)):
        if text in line:
            return line.index(text), y
    raise AssertionError(f"{text!r} is not on screen")


async def test_opening_an_article_lays_out_nothing_and_draws_its_lines(monkeypatch):
    layouts: list[int] = []
    layout = Screen._refresh_layout

    def counting(self, *args, **kwargs):
        layouts.append(1)
        return layout(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counting)
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        await pilot.pause()
        layouts.clear()
        # From the placeholder to a short article, to a long one, to a short one again.
        for shown in (article(3, paragraphs=1), article(1), article(4, paragraphs=1)):
            pane.show_article(shown, ReadState())
            await pilot.pause()
            assert f"Article number {shown.id[1:]}" in screen_text(app)
        pane.show_article(article(2, paragraphs=30, author="Ines Duarte", entities=PEOPLE), ReadState(read=True))
        assert pane._repaint_required  # drawn in the next frame
        await pilot.pause()
        assert layouts == []  # the pane repainted its own lines (and bar); nothing on screen moved
        assert not pane._repaint_required
        text = screen_text(app)
        for part in ("Article number 2", "✓ read", "Duarte", "https://example.com/2", "People", "Person 0", "Person 2", "Paragraph 0 of article 2"):
            assert part in text
        assert "article 1" not in text
        # Its rows, top to bottom: head, chips with a blank row under them, then the body.
        head, chips, body = pane.part_rows("head"), pane.part_rows("chips"), pane.part_rows("body")
        assert head.start == 0 and chips.start == head.stop and body.start == chips.stop
        assert pane.row_text(head[1]) == "Article number 2"
        assert "Person 0" in pane.row_text(chips[0]) and pane.row_text(chips[-1]) == ""
        assert pane.row_text(body[0]).startswith("Paragraph 0 of article 2")
        assert pane.virtual_size.height == pane.row_count == body.stop


async def test_arrow_and_home_end_keys_scroll_the_pane():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1), ReadState())
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()
        assert pane.scroll_y == 2
        await pilot.press("up")
        await pilot.pause()
        assert pane.scroll_y == 1
        await pilot.press("end")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y > 0
        assert "▏Caption of article 1" in screen_text(app)
        await pilot.press("home")
        await pilot.pause()
        assert pane.scroll_y == 0


async def test_chips_take_focus_and_enter_chooses_the_tag_under_the_cursor():
    app = PaneApp()
    async with app.run_test(size=(80, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1, entities=PEOPLE), ReadState())
        await pilot.pause()
        row = pane.part_rows("chips").start
        unfocused = pane.render_row(row)
        pane.chips.focus()
        await pilot.pause()
        assert app.focused is pane.chips
        assert pane.has_pseudo_class("focus-within")  # the pane's border shows it
        # The chip lines are drawn again, with the cursor on the first chip.
        focused = pane.render_row(row)
        assert [s.text.strip() for s in unfocused if s.style is not None and s.style.bold] == []
        assert [s.text.strip() for s in focused if s.style is not None and s.style.bold] == ["Person 0"]
        await pilot.press("j", "right", "k")
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == [("p1", "Person 1")]
        # The pane's keys still scroll while the chips have focus.
        await pilot.press("G")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y > 0
        # An article with tags keeps the chips' focus (cursor on its first chip); one without gives it to the pane.
        pane.show_article(article(2, entities=PEOPLE[1:]), ReadState())
        await pilot.pause()
        assert app.focused is pane.chips and pane.chips.current.id == "p1"
        pane.show_article(article(3, entities=()), ReadState())
        await pilot.pause()
        assert app.focused is pane
        await pilot.press("j")
        await pilot.pause()
        assert pane.scroll_y == 1


async def test_a_click_on_a_chip_chooses_its_tag():
    app = PaneApp()
    async with app.run_test(size=(80, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1, entities=PEOPLE), ReadState())
        await pilot.pause()
        x, y = find_on_screen(app, "Person 2")
        await pilot.click(offset=(x + 1, y))
        await pilot.pause()
        assert app.chosen == [("p2", "Person 2")]
        assert app.focused is pane.chips and pane.chips.current.id == "p2"
        # A click on the text beside the chips chooses nothing.
        x, y = find_on_screen(app, "Paragraph 0")
        await pilot.click(offset=(x, y))
        await pilot.pause()
        assert app.chosen == [("p2", "Person 2")]


async def test_a_selection_from_the_title_into_the_body_copies_every_part():
    app = PaneApp()
    async with app.run_test(size=(80, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1, paragraphs=3, entities=PEOPLE), ReadState())
        await pilot.pause()
        title = pane.part_rows("head")[1]
        body = pane.part_rows("body").start
        await pilot.mouse_down(pane, offset=(2, title))
        await pilot.hover(pane, offset=(10, body))
        await pilot.mouse_up(pane, offset=(10, body))
        await pilot.pause()
        selected = app.screen.get_selected_text()
        lines = selected.split("\n")
        assert lines[0] == "Article number 1"
        assert lines[1].startswith("● unread  Oslo Post")
        assert lines[2] == "https://example.com/1"
        assert lines[3].split() == ["People", "Person", "0", "Person", "1", "Person", "2"]
        assert lines[4] == "Paragraph"


async def test_a_new_reading_state_repaints_only_the_head(monkeypatch):
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1, entities=PEOPLE), ReadState())
        await pilot.pause()
        drawn: list[int] = []
        draw = ReadingPane._render_row

        def counting(self, row, *args):
            drawn.append(row)
            return draw(self, row, *args)

        monkeypatch.setattr(ReadingPane, "_render_row", counting)
        pane.show_state(ReadState(read=True, starred=True))
        await pilot.pause()
        assert drawn and set(drawn) <= set(pane.part_rows("head"))
        text = screen_text(app)
        assert "✓ read  ★ starred" in text and "Person 0" in text and "Paragraph 0 of article 1" in text


async def test_the_pane_scrollbar_draws_the_cells_textual_would():
    def cells(strips) -> list[list[tuple[str, object]]]:
        return [[(ch, seg.style) for seg in strip for ch in seg.text] for strip in strips]

    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1), ReadState())
        await pilot.pause()
        bar = pane.vertical_scrollbar
        assert pane.show_vertical_scrollbar and bar.size.height == 20
        for key in ("j", "pagedown", "G"):
            await pilot.press(key)
            await pilot.pause()
            drawn = [bar.render_line(y) for y in range(bar.size.height)]
            bar._render_content()  # Textual's own render of the same bar
            assert cells(drawn) == cells(bar._render_cache.lines)
        assert cells(drawn)[-1][0][1].reverse  # at the end the thumb is in the last row


async def test_with_nothing_to_scroll_the_bar_column_is_plain_background():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1, paragraphs=1, captions=()), ReadState())
        await pilot.pause()
        bar = pane.vertical_scrollbar
        assert pane.row_count < 20 and pane.max_scroll_y == 0
        background = pane.rich_style.bgcolor
        cells = [seg for y in range(bar.size.height) for seg in bar.render_line(y)]
        assert all(seg.text.strip() == "" and seg.style.bgcolor == background and not seg.style.reverse for seg in cells)
        pane.show_article(article(2), ReadState())
        await pilot.pause()
        assert any(seg.style.reverse for y in range(bar.size.height) for seg in bar.render_line(y))  # a thumb


async def test_a_new_theme_redraws_the_pane_in_its_colours():
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(1, entities=PEOPLE), ReadState())
        await pilot.pause()
        title_row, chip_row = pane.part_rows("head")[1], pane.part_rows("chips").start

        def looks(row: int) -> tuple:
            return tuple((seg.style.color, seg.style.bgcolor) for seg in pane.render_row(row) if seg.text.strip())

        title, chips = looks(title_row), looks(chip_row)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        await pilot.pause()
        assert looks(title_row) != title and looks(chip_row) != chips
        assert looks(title_row)[0][0] == pane.get_component_rich_style("article-text--title").color
