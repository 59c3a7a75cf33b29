"""The reading pane draws its own screen lines (border, padding, rows, filters).

Every check compares with the lines Textual's own path draws for the same state, so a
difference in a border piece, the padding, a colour or a row would show here.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget

from store.models import Article, Entity, ReadState
from tui.widgets import ReadingPane

from .own_lines import own_lines, shown, textual_lines
from .own_lines import same_as_textual as whole_same_as_textual

TUI = Path(__file__).resolve().parents[2] / "tui"
PEOPLE = tuple(Entity(f"p{n}", f"Person {n}", "person", 5 - n) for n in range(3))


def article(paragraphs: int = 40, **fields) -> Article:
    body = tuple(f"Paragraph {p}: the harbour, the <b>ferry</b> and the [bold]tide[/bold] tables again." for p in range(paragraphs))
    values = dict(
        id="a1",
        title="Article [red]one[/red]",
        source="Oslo Post",
        published="2024-05-10T08:00:00Z",
        language="en",
        url="https://example.com/1",
        body=body,
        captions=("A caption",),
        entities=PEOPLE,
    )
    values.update(fields)
    return Article(**values)


class Elsewhere(Widget, can_focus=True):
    """Somewhere else to put the focus."""

    DEFAULT_CSS = "Elsewhere { height: 1; }"


class LinesApp(App[None]):
    # The reader's own rules for the pane: its border (by its id), padding and text styles.
    CSS_PATH = [TUI / "app.tcss", TUI / "screens" / "reader.tcss"]

    def compose(self) -> ComposeResult:
        yield ReadingPane(id="reading")
        yield Elsewhere(id="other")

    def on_mount(self) -> None:
        self.query_one(ReadingPane).focus()


async def same_as_textual(pilot, pane: ReadingPane) -> list:
    own = await whole_same_as_textual(pilot, pane)
    # A part of the pane (as a partial repaint asks for) matches too.
    part = Region(1, 2, pane.region.width - 3, 4)
    assert shown(pane.render_lines(part)) == shown(Widget.render_lines(pane, part))
    return own


def text_of(strip) -> str:
    return "".join(segment.text for segment in strip)


async def test_placeholder_and_articles_match_textuals_path_in_every_focus():
    app = LinesApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_placeholder()
        own = await same_as_textual(pilot, pane)
        assert text_of(own[0]).startswith("╭") and any("Pick an article" in text_of(line) for line in own)
        # A long article: a scrollbar to scroll it.
        pane.show_article(article(), ReadState(read=True, starred=True))
        own = await same_as_textual(pilot, pane)
        focused_plan = pane._plan
        assert pane.max_scroll_y > 0
        assert any("<b>ferry</b>" in text_of(line) and "[bold]tide[/bold]" in text_of(line) for line in own)
        assert "Article [red]one[/red]" in "".join(text_of(line) for line in own)
        # The chips focused: the border is the pane's focused one (focus within).
        pane.chips.focus()
        await pilot.pause()
        border = own_lines(pane)[0]
        await same_as_textual(pilot, pane)
        await pilot.press("right")
        await same_as_textual(pilot, pane)
        # Focus elsewhere: another border colour, and the chips without their cursor.
        app.query_one("#other").focus()
        await pilot.pause()
        assert shown([own_lines(pane)[0]]) != shown([border])
        await same_as_textual(pilot, pane)
        pane.focus()
        await same_as_textual(pilot, pane)
        # The pieces learnt for a look are kept for when it comes back.
        assert pane._plan is focused_plan
        # Scrolled, then to the end.
        await pilot.press("j", "j", "j", "pagedown")
        await same_as_textual(pilot, pane)
        assert pane.scroll_y > 3
        await pilot.press("G")
        await pilot.wait_for_scheduled_animations()
        own = await same_as_textual(pilot, pane)
        assert any("A caption" in text_of(line) for line in own)
        # A short article: nothing to scroll.
        pane.show_article(article(paragraphs=2, entities=()), ReadState())
        await same_as_textual(pilot, pane)
        assert pane.max_scroll_y == 0
        # A new reading state redraws the head.
        pane.show_state(ReadState(read=True))
        own = await same_as_textual(pilot, pane)
        assert any("✓ read" in text_of(line) for line in own)


async def test_a_selection_and_a_theme_change_match_textuals_path():
    app = LinesApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(paragraphs=6), ReadState())
        await pilot.pause()
        top = pane.part_rows("body").start
        await pilot.mouse_down(pane, offset=(4, top))
        await pilot.hover(pane, offset=(9, top + 2))
        await pilot.mouse_up(pane, offset=(9, top + 2))
        await pilot.pause()
        assert app.screen.get_selected_text()
        plain = await same_as_textual(pilot, pane)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        await pilot.pause()
        light = await same_as_textual(pilot, pane)
        assert shown(light) != shown(plain)


async def test_through_the_no_color_filter(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = LinesApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        assert len(pane.get_line_filters()) > 1
        pane.show_article(article(), ReadState())
        await same_as_textual(pilot, pane)
        bar = pane.vertical_scrollbar
        region = Region(0, 0, *bar.size)

        def textual_bar() -> list:
            bar._styles_cache.clear()
            return Widget.render_lines(bar, region)

        # The bar's filtered lines: made once, kept for the next paint, redone when it moves.
        assert shown(bar.render_lines(region)) == shown(textual_bar())
        assert shown(bar.render_lines(region)) == shown(textual_bar())
        await pilot.press("pagedown")
        await same_as_textual(pilot, pane)
        assert shown(bar.render_lines(region)) == shown(textual_bar())


async def test_a_border_title_is_drawn_as_textual_draws_it():
    app = LinesApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(), ReadState())
        await same_as_textual(pilot, pane)
        pane.border_title = "Reading"
        pane.border_subtitle = "1 of 2"
        own = await same_as_textual(pilot, pane)
        assert "Reading" in text_of(own[0]) and "1 of 2" in text_of(own[-1])


async def test_styles_it_does_not_draw_itself_go_through_textual():
    app = LinesApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show_article(article(), ReadState())
        await same_as_textual(pilot, pane)
        for rule, value in (("padding", (1, 2)), ("tint", "red 20%"), ("outline", ("solid", "red"))):
            setattr(pane.styles, rule, value)
            await pilot.pause()
            lines = pane.render_lines(Region(0, 0, *pane.region.size))
            assert pane._plan is None, rule
            assert shown(lines) == shown(textual_lines(pane)), rule
            for name in (rule,) if rule != "outline" else ("outline_top", "outline_right", "outline_bottom", "outline_left"):
                pane.styles.clear_rule(name)
            # Back to its own lines, as Textual draws them.
            await same_as_textual(pilot, pane)
