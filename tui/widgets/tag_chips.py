"""An article's tags as chips, grouped by kind; enter or a click filters the list by one.

TagChips is the chips' place in the focus cycle and owner of their keys and cursor; the
reading pane draws their lines among the article's (one scroll view, so opening an
article never changes a widget's height), asking this widget for each line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region
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

# A line of chips: its kind label (or None under the first line of a kind) and its chips.
ChipLine = tuple["str | None", list["Placed"]]


@dataclass(frozen=True)
class Placed:
    """A chip's place: its line, first column and width in cells, and its cursor index."""

    entity: Entity
    line: int
    x: int
    width: int
    index: int


class ChipsHost(Protocol):
    """The widget that draws the chips (the reading pane)."""

    def chips_changed(self) -> None: ...

    def show_chips(self) -> None: ...


class TagChips(Widget, can_focus=True):
    """Chips placed by hand so that a chip never breaks across lines; drawn by the reading pane.

    The widget itself takes no room on screen: it holds focus (the pane's border and the
    chip cursor show it) and the keys, while its parent draws ``render_chip_line``.
    """

    BINDING_GROUP_TITLE = "Tags"

    BINDINGS = [
        Binding("right,j", "next", "Next tag", show=False, id="tag_next"),
        Binding("left,k", "previous", "Previous tag", show=False, id="tag_previous"),
        Binding("enter", "choose", "Filter by tag", id="tag_choose"),
    ]

    # Its text is selected through the pane that draws it.
    ALLOW_SELECT = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._entities: list[Entity] = []
        self._cursor = 0
        self._placement: tuple[int, tuple[list[ChipLine], list[Placed]]] | None = None
        self._styles: dict[str, Style] = {}

    @property
    def entities(self) -> Sequence[Entity]:
        return self._entities

    @property
    def current(self) -> Entity | None:
        return self._entities[self._cursor] if self._entities else None

    @property
    def cursor(self) -> int:
        return self._cursor

    def set_entities(self, entities: Sequence[Entity]) -> None:
        """Show these tags, ordered by kind, then by how often the article names them.

        The host pane redraws its lines itself (it is showing a new article).
        """
        rank = {kind: n for n, kind in enumerate(KIND_ORDER)}
        self._entities = sorted(
            entities, key=lambda e: (rank.get(e.kind, len(rank)), -e.mentions, e.name.casefold())
        )
        self._cursor = 0
        self._placement = None

    # -- layout --------------------------------------------------------------------
    def layout(self, width: int) -> tuple[list[ChipLine], list[Placed]]:
        """Lines as (kind label or None, chips on it), and every chip in cursor order."""
        # Asked for by the pane's height and by each line it draws: placed once per width.
        if self._placement is not None and self._placement[0] == width:
            return self._placement[1]
        result = self._place(width)
        self._placement = (width, result)
        return result

    def line_count(self, width: int) -> int:
        return len(self.layout(width)[0])

    def _place(self, width: int) -> tuple[list[ChipLine], list[Placed]]:
        lines: list[ChipLine] = []
        placed: list[Placed] = []
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
            chip = Placed(entity, len(lines) - 1, _LABEL_WIDTH + x, chip_width, len(placed))
            lines[-1][1].append(chip)
            placed.append(chip)
            x += chip_width + 1
        return lines, placed

    def chip_at(self, line: int, x: int, width: int) -> Placed | None:
        """The chip drawn at column ``x`` of chip line ``line`` when placed at ``width``."""
        for chip in self.layout(width)[1]:
            if chip.line == line and chip.x <= x < chip.x + chip.width:
                return chip
        return None

    # -- drawing (for the host pane) ----------------------------------------------------
    def render_chip_line(
        self,
        y: int,
        width: int,
        full: int,
        source_y: int,
        selection: Selection | None,
        highlight: Callable[[], Style],
    ) -> Strip:
        """Chip line ``y`` placed at ``width`` cells, padded to ``full``; its text is source line ``source_y``."""
        lines, _ = self.layout(width)
        style = self._style
        # Room right of the chips is background only, as Textual pads its own text.
        pad = Style(bgcolor=style("").bgcolor)
        if not 0 <= y < len(lines):
            return Strip.blank(full, pad)
        selected = selected_range(selection, source_y, 0, len(self.line_text(lines[y])))
        segments: list[Segment] = []
        x = 0
        for text, spec in self._line_pieces(lines[y], self.has_focus):
            segments.extend(selectable(text, style(spec), x, source_y, selected, highlight))
            x += len(text)
        used = sum(segment.cell_length for segment in segments)
        if used < full:
            segments.append(Segment(" " * (full - used), pad))
            return Strip(segments, full)
        return Strip(segments).crop(0, full)

    def pad_style(self) -> Style:
        """The background of the chip lines (tinted while the chips have focus)."""
        return Style(bgcolor=self._style("").bgcolor)

    def _line_pieces(self, line: ChipLine, show_cursor: bool) -> list[tuple[str, str]]:
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

    def line_text(self, line: ChipLine) -> str:
        """A chip line as plain text (what a selection copies)."""
        return "".join(text for text, _ in self._line_pieces(line, False))

    def _style(self, spec: str) -> Style:
        """A style given as Content markup (``$text-primary on $primary-muted``) over the widget's own."""
        style = self._styles.get(spec)
        if style is None:
            base = self.visual_style
            style = self._styles[spec] = (base + self._get_style(spec)).rich_style if spec else base.rich_style
        return style

    # -- drawn by the host -------------------------------------------------------------------
    @property
    def _host(self) -> ChipsHost | None:
        parent = self.parent
        return parent if hasattr(parent, "chips_changed") else None  # type: ignore[return-value]

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> TagChips:
        # Nothing of this widget is on screen itself: its repaint is the host's chip lines, and
        # it never asks for a layout of the screen (focus and style changes would).
        host = self._host
        if host is not None and self.is_mounted:
            host.chips_changed()
        return self

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()  # focus tints the background
        self.refresh()

    def focus(self, scroll_visible: bool = True) -> TagChips:
        # Textual would scroll to this widget's own (empty) region: the host shows the chip lines.
        super().focus(scroll_visible=False)
        host = self._host
        if scroll_visible and host is not None:
            host.show_chips()
        return self

    # -- input ---------------------------------------------------------------------------
    def action_next(self) -> None:
        if self._entities:
            self._cursor = (self._cursor + 1) % len(self._entities)
            self.refresh()

    def action_previous(self) -> None:
        if self._entities:
            self._cursor = (self._cursor - 1) % len(self._entities)
            self.refresh()

    def action_choose(self) -> None:
        entity = self.current
        if entity is not None:
            self.post_message(TagChosen(entity.id, entity.name))

    def move_to(self, index: int) -> Entity | None:
        """Put the cursor on chip ``index`` (a click on it); its tag, if there is one."""
        if not 0 <= index < len(self._entities):
            return None
        self._cursor = index
        self.refresh()
        return self._entities[index]
