"""An article's tags as chips, grouped by kind; enter or a click filters the list by one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.selection import Selection
from textual.strip import Strip
from textual.widget import Widget

from store.models import Entity

from ..display import KIND_ORDER, KIND_TITLES, fit, one_line
from ..messages import TagChosen
from .article_text import selectable, selected_range

_KIND_STYLE = {
    "person": "$text-primary on $primary-muted",
    "org": "$text-secondary on $secondary-muted",
    "place": "$text-success on $success-muted",
    "other": "$text-warning on $warning-muted",
}
_CURSOR_STYLE = "bold $block-cursor-foreground on $block-cursor-background"
_LABEL_STYLE = "$foreground-muted"
_LABEL_WIDTH = max(len(t) for t in KIND_TITLES.values()) + 1


@dataclass(frozen=True)
class _Placed:
    entity: Entity
    line: int
    x: int
    width: int
    index: int


class TagChips(Widget, can_focus=True):
    """Chips laid out by hand so that a chip never breaks across lines, drawn line by line."""

    BINDING_GROUP_TITLE = "Tags"

    BINDINGS = [
        Binding("right,j", "next", "Next tag", show=False, id="tag_next"),
        Binding("left,k", "previous", "Previous tag", show=False, id="tag_previous"),
        Binding("enter", "choose", "Filter by tag", id="tag_choose"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._entities: list[Entity] = []
        self._placed: list[_Placed] = []
        self._cursor = 0
        self._placement: tuple[int, tuple[list[tuple[str | None, list[_Placed]]], list[_Placed]]] | None = None
        self._strips: dict[tuple[int, int], Strip] = {}
        self._styles: dict[str, Style] = {}

    @property
    def entities(self) -> Sequence[Entity]:
        return self._entities

    @property
    def current(self) -> Entity | None:
        return self._entities[self._cursor] if self._entities else None

    def set_entities(self, entities: Sequence[Entity]) -> None:
        """Show these tags, ordered by kind, then by how often the article names them."""
        rank = {kind: n for n, kind in enumerate(KIND_ORDER)}
        self._entities = sorted(
            entities, key=lambda e: (rank.get(e.kind, len(rank)), -e.mentions, e.name.casefold())
        )
        self._cursor = 0
        self._placement = None
        self._strips.clear()
        shown = bool(self._entities)
        width = self.content_region.width
        # Same number of chip lines: a repaint; the screen's layout stays as it is.
        same_height = shown and self.display and bool(width) and len(self._layout(width)[0]) == self.content_region.height
        self.display = shown
        self.refresh(layout=not same_height)

    # -- layout --------------------------------------------------------------------
    def _layout(self, width: int) -> tuple[list[tuple[str | None, list[_Placed]]], list[_Placed]]:
        """Lines as (kind label or None, chips on it), and every chip in cursor order."""
        # Asked for by the layout (height) and by each render: placed once per width.
        if self._placement is not None and self._placement[0] == width:
            return self._placement[1]
        result = self._place(width)
        self._placement = (width, result)
        return result

    def _place(self, width: int) -> tuple[list[tuple[str | None, list[_Placed]]], list[_Placed]]:
        lines: list[tuple[str | None, list[_Placed]]] = []
        placed: list[_Placed] = []
        room = max(width - _LABEL_WIDTH, 4)
        kind = None
        x = 0
        for entity in self._entities:
            label = fit(" " + one_line(entity.name) + " ", min(room, cell_len(one_line(entity.name)) + 2))
            chip_width = cell_len(label)
            if entity.kind != kind or x + chip_width > room:
                title = KIND_TITLES.get(entity.kind, entity.kind.title()) if entity.kind != kind else None
                lines.append((title, []))
                kind = entity.kind
                x = 0
            chip = _Placed(entity, len(lines) - 1, _LABEL_WIDTH + x, chip_width, len(placed))
            lines[-1][1].append(chip)
            placed.append(chip)
            x += chip_width + 1
        return lines, placed

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        lines, _ = self._layout(width)
        return len(lines)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        key = (y, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_line(y, width)
            self._strips[key] = strip
        return strip

    def _render_line(self, y: int, width: int) -> Strip:
        lines, self._placed = self._layout(width)
        style = self._style
        # Room right of the chips is background only, as Textual pads its own text.
        pad = Style(bgcolor=style("").bgcolor)
        if not 0 <= y < len(lines):
            return Strip.blank(width, pad)
        show_cursor = self.has_focus
        # Pieces carry their place in the line's text, which is how Textual selects text.
        selected = selected_range(self.text_selection, y, 0, len(self._line_text(lines[y])))
        segments: list[Segment] = []
        x = 0
        for text, spec in self._line_pieces(lines[y], show_cursor):
            segments.extend(selectable(text, style(spec), x, y, selected, self._highlight))
            x += len(text)
        used = sum(segment.cell_length for segment in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), pad))
            return Strip(segments, width)
        return Strip(segments).crop(0, width)

    def _line_pieces(self, line: tuple[str | None, list[_Placed]], show_cursor: bool) -> list[tuple[str, str]]:
        """A line's label and chips as (text, style) pieces."""
        title, chips = line
        pieces = [(fit(title or "", _LABEL_WIDTH), _LABEL_STYLE)]
        for n, chip in enumerate(chips):
            if n:
                pieces.append((" ", ""))
            spec = _CURSOR_STYLE if show_cursor and chip.index == self._cursor else _KIND_STYLE.get(
                chip.entity.kind, _KIND_STYLE["other"]
            )
            pieces.append((fit(" " + one_line(chip.entity.name) + " ", chip.width), spec))
        return pieces

    def _line_text(self, line: tuple[str | None, list[_Placed]]) -> str:
        return "".join(text for text, _ in self._line_pieces(line, False))

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        lines, _ = self._layout(self.size.width)
        return selection.extract("\n".join(self._line_text(line) for line in lines)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._redraw()

    def _highlight(self) -> Style:
        return Style(bgcolor=self.screen.get_component_rich_style("screen--selection").bgcolor)

    def _style(self, spec: str) -> Style:
        """A style given as Content markup (``$text-primary on $primary-muted``) over the widget's own."""
        style = self._styles.get(spec)
        if style is None:
            base = self.visual_style
            style = self._styles[spec] = (base + self._get_style(spec)).rich_style if spec else base.rich_style
        return style

    def _redraw(self) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._styles.clear()

    # -- input ---------------------------------------------------------------------------
    def action_next(self) -> None:
        if self._entities:
            self._cursor = (self._cursor + 1) % len(self._entities)
            self._redraw()

    def action_previous(self) -> None:
        if self._entities:
            self._cursor = (self._cursor - 1) % len(self._entities)
            self._redraw()

    def action_choose(self) -> None:
        entity = self.current
        if entity is not None:
            self.post_message(TagChosen(entity.id, entity.name))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for chip in self._placed:
            if chip.line == offset.y and chip.x <= offset.x < chip.x + chip.width:
                self._cursor = chip.index
                self._redraw()
                self.post_message(TagChosen(chip.entity.id, chip.entity.name))
                return

    def on_focus(self) -> None:
        self._styles.clear()  # focus tints the background
        self._redraw()

    def on_blur(self) -> None:
        self._styles.clear()
        self._redraw()
