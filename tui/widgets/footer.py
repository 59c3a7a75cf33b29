"""The key footer: one widget that draws its whole line, repainted only when what it shows changes.

Textual's footer is a container with a widget per key, rebuilt (mounted, styled, laid out)
whenever the bindings may have changed. This one draws the same line itself, with the same
look (the footer theme variables, compact spacing, binding groups, the command palette key
at the right), so a focus change repaints one line and start-up has a dozen fewer widgets.
When the line is too narrow the keys are cut at the palette key, which stays at the right.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


class _Key(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str


class _Group(NamedTuple):
    description: str
    compact: bool
    keys: tuple[_Key, ...]


class _Looks(NamedTuple):
    blank: Style
    footer: Color
    item: Color
    hover: Color
    key: tuple[Color, Color, Style]
    description: tuple[Color, Color, Style]
    label: tuple[Color, Color, Style]
    disabled: Style
    separator: Color


# A run of cells: text, how it is drawn ("key", "description", "label", "separator", "pad",
# None for blank) and the key it belongs to (for hover, clicks and tooltips).
_Cell = tuple[str, str | None, _Key | None]


class ReaderFooter(Widget, can_focus=False):
    """The focused pane's keys and the screen's, on one line; a click on a key presses it."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES = {
        "reader-footer--item",
        "reader-footer--hover",
        "reader-footer--key",
        "reader-footer--description",
        "reader-footer--group",
        "reader-footer--disabled",
        "reader-footer--separator",
    }

    # The footer theme variables, as Textual's own footer uses them.
    DEFAULT_CSS = """
    ReaderFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .reader-footer--item { background: $footer-item-background; }
        & > .reader-footer--hover { color: $footer-key-foreground; background: $block-hover-background; }
        & > .reader-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .reader-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .reader-footer--group {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .reader-footer--disabled { text-style: dim; }
        & > .reader-footer--separator { color: $foreground 20%; }
    }
    """

    def __init__(
        self, *, compact: bool = False, show_command_palette: bool = True, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.compact = compact
        self.show_command_palette = show_command_palette
        self._shown: tuple | None = None
        self._spans: list[tuple[int, int, _Key]] = []
        self._looks: _Looks | None = None
        self._strip: Strip | None = None
        self._strip_key: tuple | None = None
        self._hover: _Key | None = None
        self.updates = 0  # how many times what the footer shows has changed

    # What it shows

    def _read_keys(self, screen: Screen) -> tuple:
        app = self.app
        active = screen.active_bindings
        by_action: defaultdict[str, list] = defaultdict(list)
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        parts: list[_Key | _Group] = []
        # Textual shows one key per action, and folds a run of actions of one group together.
        for group, runs in groupby(by_action.values(), lambda run: run[0][0].group):
            runs = list(runs)
            if group is not None and len(runs) > 1:
                keys = tuple(
                    _Key(b.key, app.get_key_display(b), "", enabled, tooltip or b.description)
                    for b, enabled, tooltip in (run[0] for run in runs)
                )
                parts.append(_Group(group.description, group.compact, keys))
            else:
                for run in runs:
                    b, enabled, tooltip = run[0]
                    parts.append(_Key(b.key, app.get_key_display(b), b.description, enabled, tooltip))
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                b = found.binding
                palette = _Key(b.key, app.get_key_display(b), b.description, found.enabled, b.tooltip or b.description)
        return tuple(parts), palette, self.compact

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self._shown = self._read_keys(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        # Like Textual's footer, keep the keys while the terminal itself has lost focus.
        if not (self.is_attached and screen is self.screen and screen.app.app_focus):
            return
        shown = self._read_keys(screen)
        if shown != self._shown:
            self._shown = shown
            self.updates += 1
            self.refresh()

    # How it looks

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._looks = None
        self._strip = None

    def _get_looks(self) -> _Looks:
        if self._looks is None:
            footer = self.background_colors[1]
            styles = self.get_component_styles

            def text(name: str) -> tuple[Color, Color, Style]:
                part = styles(name)
                return part.background, part.color, part.text_style

            self._looks = _Looks(
                blank=Style(bgcolor=footer.rich_color),
                footer=footer,
                item=footer + styles("reader-footer--item").background,
                hover=footer + styles("reader-footer--hover").background,
                key=text("reader-footer--key"),
                description=text("reader-footer--description"),
                label=text("reader-footer--group"),
                disabled=styles("reader-footer--disabled").text_style,
                separator=footer + styles("reader-footer--separator").color,
            )
        return self._looks

    def _cells(self, parts: tuple, palette: _Key | None, compact: bool):
        """The keys as runs of cells with their margins, and the palette key's cells."""
        items: list[tuple[int, int, list[_Cell]]] = []  # (margin left, margin right, cells)

        def key_cells(key: _Key, padded: bool) -> list[_Cell]:
            if not key.description:
                return [(key.display, "key", key)]
            if padded:
                return [(f" {key.display} ", "key", key), (f"{key.description} ", "description", key)]
            return [(key.display, "key", key), (f" {key.description}", "description", key)]

        for part in parts:
            if isinstance(part, _Key):
                items.append((0, 1 if compact else 0, key_cells(part, not compact)))
                continue
            cells: list[_Cell] = []
            if part.compact:
                cells.append((" ", None, None))
                for key in part.keys:
                    cells.extend(key_cells(key, False))
                items.append((0, 1, cells))
            else:
                # Each grouped key has a margin of one either side; neighbours share theirs.
                for key in part.keys:
                    cells.append((" ", None, None))
                    cells.extend(key_cells(key, False))
                cells.append((" ", None, None))
                items.append((0, 0, cells))
            items.append((0, 0 if compact else 1, [(part.description, "label", None)]))

        line: list[_Cell] = []
        for n, (left, right, cells) in enumerate(items):
            gap = left if n == 0 else max(items[n - 1][1], left)
            if gap:
                line.append((" " * gap, None, None))
            line.extend(cells)
        if items and items[-1][1]:
            line.append((" " * items[-1][1], None, None))

        palette_cells: list[_Cell] = []
        if palette is not None:
            # Textual draws the palette key unpadded in either style.
            palette_cells = [("▏", "separator", palette), *key_cells(palette, False)]
            if not compact:
                palette_cells.append((" ", "pad", palette))
        return line, palette_cells

    def _style(self, looks: _Looks, kind: str | None, key: _Key | None) -> Style:
        if key is None:
            if kind == "label":
                background, color, text_style = looks.label
                back = looks.footer + background
                return text_style + Style.from_color((back + color).rich_color, back.rich_color)
            return looks.blank
        item = looks.hover if key == self._hover else looks.item
        if kind == "separator":
            return Style.from_color(looks.separator.rich_color, item.rich_color)
        if kind == "pad":
            return Style(bgcolor=item.rich_color)
        background, color, text_style = looks.key if kind == "key" else looks.description
        back = item + background
        style = text_style + Style.from_color((back + color).rich_color, back.rich_color)
        if not key.enabled:
            style += looks.disabled
        return style

    def _render_strip(self, width: int) -> Strip:
        looks = self._get_looks()
        parts, palette, compact = self._shown or ((), None, self.compact)
        line, palette_cells = self._cells(parts, palette, compact)
        spans: list[tuple[int, int, _Key]] = []

        def draw(cells: list[_Cell], offset: int, limit: int) -> Strip:
            segments = []
            x = offset
            for text, kind, key in cells:
                cells_wide = cell_len(text)
                segments.append(Segment(text, self._style(looks, kind, key)))
                start, end = max(x, 0), min(x + cells_wide, limit)
                if key is not None and start < end:
                    if spans and spans[-1][2] is key and spans[-1][1] == start:
                        start = spans.pop()[0]
                    spans.append((start, end, key))
                x += cells_wide
            return Strip(segments, x - offset)

        if not palette_cells:
            strip = draw(line, 0, width).crop_extend(0, width, looks.blank)
        else:
            margin = 1 if compact else 0
            room = width - margin - sum(cell_len(text) for text, _, _ in palette_cells)
            keys = draw(line, 0, room).crop_extend(0, max(room, 0), looks.blank)
            # Narrower than the palette key alone: its left part is cut off.
            palette_strip = draw(palette_cells, room, width - margin).crop(max(-room, 0))
            strip = Strip.join([keys, palette_strip]).crop_extend(0, width, looks.blank)
        self._spans = spans
        return strip

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y:
            return Strip.blank(width, self._get_looks().blank)
        cache_key = (self._shown, width, self._hover)
        if self._strip is None or self._strip_key != cache_key:
            self._strip = self._render_strip(width)
            self._strip_key = cache_key
        return self._strip

    # The mouse

    def key_at(self, x: int) -> _Key | None:
        """The key drawn at column ``x``, if any."""
        for start, end, key in self._spans:
            if start <= x < end:
                return key
        return None

    def _set_hover(self, key: _Key | None) -> None:
        if key == self._hover:
            return
        self._hover = key
        self.tooltip = (key.tooltip or None) if key is not None else None
        self.styles.pointer = "default" if key is None else "pointer"
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
