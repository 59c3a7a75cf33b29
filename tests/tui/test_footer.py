"""The footer draws the focused pane's keys on one line, follows focus, and answers the mouse."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.strip import Strip
from textual.widgets import Static, Tooltip

from tui.app import NewsdeskApp
from tui.screens.help import HelpScreen
from tui.widgets import ReaderFooter

from .conftest import settle, wait_until


def footer_of(app: App) -> ReaderFooter:
    return app.screen.query_one(ReaderFooter)


def line(app: App) -> Strip:
    """The bottom line of the screen as it is drawn (so a missed repaint shows)."""
    return app.screen._compositor.render_strips()[-1]


def column_of(app: App, text: str) -> int:
    shown = line(app).text
    assert text in shown, shown
    return shown.index(text)


async def test_the_line_shows_the_focused_panes_keys_and_follows_focus(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        shown = line(app).text
        assert len(shown) == 120
        assert shown.startswith("⏎ Open / Search t Tag u Unread m Read s Star r Related ? Help q Quit ")
        assert shown.endswith("▏^p palette ")
        # One widget draws it all: no widget per key.
        assert not footer_of(app).children

        await pilot.press("r")
        await settle(pilot)
        assert line(app).text.startswith("⏎ Open story / Search ")
        app.reader.article_list.focus()
        await settle(pilot)
        assert line(app).text.startswith("⏎ Open / Search ")
        assert "Open story" not in line(app).text


async def test_the_same_keys_announced_again_are_not_redrawn(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = footer_of(app)
        strip = footer.render_line(0)
        updates = footer.updates

        app.screen.refresh_bindings()
        await settle(pilot)
        assert footer.updates == updates
        assert footer.render_line(0) is strip

        await pilot.press("r")
        await settle(pilot)
        assert footer.updates == updates + 1
        assert footer.render_line(0) is not strip
        assert footer_of(app) is footer


async def test_a_click_on_a_key_presses_it(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click(ReaderFooter, offset=(column_of(app, "? Help") + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_click_on_the_palette_key_opens_the_command_palette(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click(ReaderFooter, offset=(column_of(app, "^p palette") + 4, 0))
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))


async def test_a_new_theme_redraws_the_footer_in_its_colours(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = style_at(app, 0)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        after = style_at(app, 0)
        assert after.bgcolor != before.bgcolor
        assert next(iter(line(app).crop(0, 1))).style.bgcolor == after.bgcolor


async def test_hovering_a_key_highlights_it_and_shows_its_tooltip(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(120, 40), tooltips=True) as pilot:
        await settle(pilot)
        help_at, quit_at = column_of(app, "? Help"), column_of(app, "q Quit")
        before = list(line(app).crop(help_at, help_at + 6))
        await pilot.hover(ReaderFooter, offset=(help_at + 3, 0))
        await pilot.pause()
        footer = footer_of(app)
        assert footer.tooltip == "Show every key"
        hovered = list(line(app).crop(help_at, help_at + 6))
        others = list(line(app).crop(quit_at, quit_at + 6))
        assert [s.text for s in hovered] == [s.text for s in before]
        assert {s.style.bgcolor for s in hovered}.isdisjoint({s.style.bgcolor for s in others})
        tooltip = app.screen.get_child_by_type(Tooltip)
        await wait_until(pilot, lambda: tooltip.display)
        assert str(tooltip.content) == "Show every key"

        # Off the keys, into the blank middle of the line: no highlight, no tooltip.
        await pilot.hover(ReaderFooter, offset=(quit_at + 20, 0))
        await pilot.pause()
        assert footer.tooltip is None
        assert {s.style.bgcolor for s in line(app).crop(help_at, help_at + 6)} == {
            s.style.bgcolor for s in others
        }


async def test_a_narrow_footer_is_cut_before_the_palette_key(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(50, 20)) as pilot:
        await settle(pilot)
        shown = line(app).text
        assert len(shown) == 50
        assert shown.startswith("⏎ Open / Search t Tag")
        assert shown.endswith("▏^p palette ")
        assert "Quit" not in shown


class KeysApp(App):
    """Keys of every kind the footer draws: plain, disabled, grouped, without a tooltip."""

    move = Binding.Group("Move")
    BINDINGS = [
        Binding("a", "first", "First", tooltip="The first key"),
        Binding("d", "off", "Off"),
        Binding("h", "left", "Left", group=move),
        Binding("l", "right", "Right", group=move),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.bells = 0
        self.pressed: list[str] = []

    def compose(self):
        yield Static("body")
        yield ReaderFooter(compact=True)

    def check_action(self, action, parameters):
        return None if action == "off" else True

    def bell(self) -> None:
        self.bells += 1

    def action_first(self) -> None:
        self.pressed.append("first")

    def action_left(self) -> None:
        self.pressed.append("left")


def style_at(app: App, column: int):
    """The style the footer gives a cell (the screen turns dim into a blended colour)."""
    return next(iter(footer_of(app).render_line(0).crop(column, column + 1))).style


async def test_a_disabled_key_is_dim_and_a_click_on_it_rings_the_bell():
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        shown = line(app).text
        assert shown.startswith("a First d Off  h l Move")
        first, off = column_of(app, "a First"), column_of(app, "d Off")
        assert style_at(app, off).dim and style_at(app, off + 2).dim
        assert not style_at(app, first).dim
        assert style_at(app, first).bold

        await pilot.click(ReaderFooter, offset=(off, 0))
        await pilot.pause()
        assert app.bells == 1
        await pilot.click(ReaderFooter, offset=(first + 3, 0))
        await pilot.click(ReaderFooter, offset=(column_of(app, "h l Move"), 0))
        await pilot.pause()
        assert app.pressed == ["first", "left"]
        assert app.bells == 1


async def test_grouped_keys_name_their_action_in_the_tooltip():
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        footer = footer_of(app)
        await pilot.hover(ReaderFooter, offset=(column_of(app, "h l Move") + 2, 0))
        await pilot.pause()
        assert footer.tooltip == "Right"
        await pilot.hover(ReaderFooter, offset=(column_of(app, "Move"), 0))
        await pilot.pause()
        assert footer.tooltip is None  # the group's label is not a key
