"""The reading pane: one article's title, source, date, URL, tags, body and captions.

One scroll view draws every line itself (the Line API): the head, the tag chips and the
body are line models stacked one after the other, wrapped once per width and drawn only
where on screen. Opening an article sets new models, the scrollable height and the
scroll position, and repaints the pane: no widget changes size, so the screen is not
laid out again and the article comes in one frame.
"""

from __future__ import annotations

from math import ceil

from rich.cells import get_character_cell_size
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Offset, Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.selection import Selection, SelectEnd, SelectStart, SelectState
from textual.strip import Strip
from textual.widget import Widget

from store.models import Article, ReadState

from ..display import long_date, one_line
from ..messages import TagChosen
from ..output import inert
from .article_text import TextBlock, TextLines, block
from .framed_lines import LinePlan, learn_plan, plan_signature, textual_lines
from .tag_chips import TagChips

PLACEHOLDER = "Pick an article in the list and press enter to read it."
# The article's lines stop here on a wide pane; the rest of the row is background.
TEXT_MAX_WIDTH = 100

_HEAD, _CHIPS, _BODY, _PLACEHOLDER = "head", "chips", "body", "placeholder"


class LineScrollBar(ScrollBar):
    """Textual's vertical scrollbar, drawn a line at a time from one bar made per change.

    Textual renders its scrollbar as a Rich renderable, all of its rows at once, on every
    change; an opened article moves the thumb, and that render took a fair part of the frame.
    With nothing to scroll it shows as the pane's background: the pane keeps the bar's column
    at all times, since a bar coming or going would lay out the whole screen again.
    """

    def __init__(self, *, thickness: int = 1) -> None:
        super().__init__(vertical=True, name="vertical", thickness=thickness)
        self._bar: tuple[tuple, list[Strip]] | None = None
        self._lines: list[Strip] | None = None
        self._filtered: tuple[tuple, dict[int, tuple[Strip, Strip]]] | None = None
        self._cells: dict[Segment, Strip] = {}

    def _bar_style(self) -> Style:
        # The colours Textual's scrollbar takes from its parent's styles.
        parent = self.parent
        assert isinstance(parent, Widget)
        styles = parent.styles
        if self.grabbed:
            background, color = styles.scrollbar_background_active, styles.scrollbar_color_active
        elif self.mouse_over:
            background, color = styles.scrollbar_background_hover, styles.scrollbar_color_hover
        else:
            background, color = styles.scrollbar_background, styles.scrollbar_color
        if background.a < 1:
            background = parent.background_colors[0] + background
        color = background + color
        return Style.from_color(color.rich_color, background.rich_color)

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = self._bar_lines()
        styles = self.styles
        if lines is None or styles.tint.a or self.opacity != 1.0 or any(styles.gutter):
            # Something Textual's own pass draws (a tint, a border): let it draw every row.
            self._lines = lines
            try:
                return super().render_lines(crop)
            finally:
                self._lines = None
        # The bar's rows are whole lines already: no border, padding or tint to add around them.
        blank = Strip.blank(self.size.width)
        strips = [lines[y] if 0 <= y < len(lines) else blank for y in crop.line_range]
        filters = tuple(self.get_line_filters())
        if filters:
            # Each distinct row (track, thumb, thumb ends) is filtered once per look and kept.
            background = self.background_colors[1]
            look = (filters, background)
            kept = self._filtered
            if kept is None or kept[0] != look or len(kept[1]) > 64:
                kept = self._filtered = (look, {})
            done = kept[1]
            out = []
            for strip in strips:
                pair = done.get(id(strip))
                if pair is None:
                    line = strip
                    for line_filter in filters:
                        line = line.apply_filter(line_filter, background)
                    # The row itself is kept with its filtered line, so its id stays its own.
                    pair = done[id(strip)] = (strip, line)
                out.append(pair[1])
            strips = out
        x1, x2 = crop.column_span
        if (x1, x2) != (0, self.size.width):
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def render_line(self, y: int) -> Strip:
        lines = self._lines if self._lines is not None else self._bar_lines()
        if lines is None:
            return super().render_line(y)
        return lines[y] if 0 <= y < len(lines) else Strip.blank(self.size.width)

    def _bar_lines(self) -> list[Strip] | None:
        if self.screen.styles.scrollbar_color.a == 0:
            return None  # Textual's own look for that case
        width, height = self.size
        virtual = self.window_virtual_size
        window = self.window_size if self.window_size < virtual else 0
        style = self._bar_style()
        base = self.rich_style
        parent = self.parent
        assert isinstance(parent, Widget)
        pane = parent.rich_style.bgcolor
        key = (width, height, virtual, window, self.position, style, base, pane)
        if self._bar is not None and self._bar[0] == key:
            return self._bar[1]
        if not window:
            # Nothing to scroll: the column the pane always keeps for its bar looks like the pane.
            self._bar = (key, [Strip.blank(width, Style(bgcolor=pane))] * height)
        else:
            bar = self.renderer.render_bar(
                size=height,
                virtual_size=ceil(virtual),
                window_size=ceil(window),
                position=self.position,
                thickness=width,
                vertical=True,
                back_color=style.bgcolor or RichColor.parse("#555555"),
                bar_color=style.color or RichColor.parse("bright_magenta"),
            )
            # Under the bar's own styles, the widget's (as Textual's render of it puts them).
            # Rows that look alike share one strip (the track, the thumb's body).
            cells = self._cells
            if len(cells) > 64:
                cells.clear()
            lines = []
            for seg in bar.segments:
                cell = Segment(seg.text, base + seg.style)
                strip = cells.get(cell)
                if strip is None:
                    strip = cells[cell] = Strip([cell], width)
                lines.append(strip)
            self._bar = (key, lines)
        return self._bar[1]


class ReadingPane(ScrollView, can_focus=True):
    """Shows what the screen gives it (``show_article``); it never loads anything itself."""

    BINDING_GROUP_TITLE = "Reading pane"

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="reading_down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="reading_up"),
        Binding("g,home", "scroll_home", "Top of the article", show=False, id="reading_top"),
        Binding("G,end", "scroll_end", "End of the article", show=False, id="reading_bottom"),
    ]

    COMPONENT_CLASSES = {
        "article-text--title",
        "article-text--meta",
        "article-text--read",
        "article-text--unread",
        "article-text--starred",
        "article-text--url",
        "article-text--body",
        "article-text--caption",
        "reading-pane--placeholder",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._article: Article | None = None
        self._state = ReadState()
        self._chips = TagChips(id="chips")
        self._head = TextLines()
        self._body = TextLines()
        self._placeholder = TextLines([self._placeholder_block(PLACEHOLDER)])
        # Drawn rows by row number, for the width they were drawn at.
        self._strips: dict[int, Strip] = {}
        self._strips_width = -1
        self._pad: Style | None = None
        self._styles: dict[str, Style] = {}
        self._parts_table: tuple[int, list[tuple[str, int, int, int]]] | None = None
        self._frame: tuple[int, int, Selection | None] | None = None
        # (size, container size, virtual size) the scrollbars were last fitted to.
        self._fitted: tuple[Size, Size, Size] | None = None
        # The pieces around a row and the filters of the last paint (see render_lines).
        self._plan_key: tuple | None = None
        self._plan: LinePlan | None = None
        self._borders: tuple[tuple, Strip, Strip] | None = None
        self._plans: dict[tuple, tuple[LinePlan | None, tuple | None]] = {}
        # Screen lines by row number, each with the drawn row it was made from.
        self._framed: dict[int, tuple[Strip, Strip]] = {}
        self._dropped: list[tuple[dict, dict]] = []
        # Screen lines of one-segment rows, by that segment (for this plan).
        self._alike: dict[Segment, Strip] = {}
        # The ends of the screen's mouse selection as Textual gave them, where they go in the pane's
        # text (as the earlier end, as the later one) and as placed (see _place_selection).
        self._placing: tuple | None = None

    def on_mount(self) -> None:
        self.watch(self.screen, "_select_state", self._place_selection, init=False)

    def compose(self) -> ComposeResult:
        # Not placed on screen (a scroll view arranges no children): it holds the chips' focus and keys.
        yield self._chips

    # -- the public surface -------------------------------------------------------------------
    @property
    def article(self) -> Article | None:
        return self._article

    @property
    def chips(self) -> TagChips:
        return self._chips

    @property
    def head(self) -> TextLines:
        """Title, reading state, source, date, author and address."""
        return self._head

    @property
    def body(self) -> TextLines:
        """Paragraphs, then captions."""
        return self._body

    def show_article(self, article: Article, state: ReadState) -> None:
        self._article = article
        self._state = state
        self._head.set_blocks(self._head_blocks())
        self._chips.set_entities(article.entities)
        paragraphs = [inert(p).strip() for p in article.body if p and p.strip()]
        paragraphs = paragraphs or ["(this article has no text)"]
        # A blank line between paragraphs and between captions, and one after each group.
        last = len(paragraphs) - 1
        blocks = [block(p, "article-text--body", gap=int(n != last), after=int(n == last)) for n, p in enumerate(paragraphs)]
        captions = [inert(c).strip() for c in article.captions if c and c.strip()]
        last = len(captions) - 1
        blocks += [
            block("▏" + c, "article-text--caption", indent=4, gap=int(n != last), after=int(n == last))
            for n, c in enumerate(captions)
        ]
        self._body.set_blocks(blocks)
        # Now, not after the next frame: that frame would show the new text at the old offset.
        self._content_changed(home=True)

    def show_state(self, state: ReadState) -> None:
        """The open article's reading state changed (after the store saved it)."""
        self._state = state
        if self._article is None:
            return
        width = self.text_width
        before = self._head.line_count(width)
        self._head.set_blocks(self._head_blocks())
        self._parts_table = None
        if self._head.line_count(width) != before:
            self._content_changed()
            return
        # The same rows: only the head's lines are drawn again.
        for row in range(before):
            self._strips.pop(row, None)
        self.refresh_lines(0, before)

    def show_placeholder(self, text: str = PLACEHOLDER) -> None:
        self._article = None
        self._placeholder.set_blocks([self._placeholder_block(text)])
        self._chips.set_entities(())
        self._content_changed(home=True)

    # -- rows ---------------------------------------------------------------------------------
    @property
    def text_width(self) -> int:
        """Where the article's lines wrap: the pane's width, up to TEXT_MAX_WIDTH cells."""
        return min(self._content_width, TEXT_MAX_WIDTH)

    @property
    def _content_width(self) -> int:
        return self.scrollable_content_region.width or self.size.width

    def _parts(self, width: int) -> list[tuple[str, int]]:
        """The parts shown, top to bottom, with their number of rows at ``width``."""
        if self._article is None:
            return [(_PLACEHOLDER, self._placeholder.line_count(width))]
        text = min(width, TEXT_MAX_WIDTH)
        chips = self._chips.line_count(text)
        # A blank row under the chips, when there are any.
        return [(_HEAD, self._head.line_count(text)), (_CHIPS, chips + 1 if chips else 0), (_BODY, self._body.line_count(text))]

    def _row_count(self, width: int) -> int:
        return sum(rows for _, rows in self._parts(width))

    def part_rows(self, part: str) -> range:
        """The rows (from the top of the article) a part takes: "head", "chips", "body" or "placeholder"."""
        table = self._table(self._content_width)
        for name, top, rows, _ in table:
            if name == part:
                return range(top, top + rows)
        return range(0, 0)

    def row_text(self, row: int) -> str:
        """The text shown on row ``row`` (from the top of the article), for tests and checks."""
        return "".join(segment.text for segment in self.render_row(row)).rstrip()

    @property
    def row_count(self) -> int:
        return self._row_count(self._content_width)

    # -- size and scrollbar ---------------------------------------------------------------------
    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The pane's vertical scrollbar (made on first need, as Textual makes its own)."""
        if self._vertical_scrollbar is None:
            bar = self._vertical_scrollbar = LineScrollBar(thickness=self.scrollbar_size_vertical)
            bar.display = False
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def _content_changed(self, home: bool = False) -> None:
        if not self._chips.entities and self.is_mounted and self.screen.focused is self._chips:
            # No chips to be on any more: the keys go to the pane (they would do nothing there).
            self.focus(scroll_visible=False)
        # The previous article's lines are freed after the frame that replaces them, not
        # inside it (dropping a screenful of strips costs about half a millisecond).
        if not self._dropped:
            self.call_after_refresh(self._dropped.clear)
        self._dropped.append((self._strips, self._framed))
        self._strips, self._framed = {}, {}
        self._parts_table = None
        self._update_virtual_size()
        if home:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def _update_virtual_size(self) -> None:
        width, height = self.container_size
        if not self.is_mounted or not width or not height:
            self.virtual_size = Size(self._content_width, self._row_count(self._content_width))
            return
        styles = self.styles
        # Whether the rows overflow decides the scrollbar, and that the width the text wraps at.
        # The scrollbar's present state is tried first: the text is then usually wrapped once.
        overflow = styles.overflow_y
        bar = styles.scrollbar_size_vertical
        vertical = overflow == "scroll" or (overflow == "auto" and self.show_vertical_scrollbar)
        rows = self._row_count(width - bar if vertical else width)
        if overflow == "auto":
            if vertical and rows <= height:
                # Fits beside a scrollbar, so fits without one (a wider line never wraps more).
                vertical = False
                rows = self._row_count(width)
            elif not vertical and rows > height:
                vertical = True
                rows = self._row_count(width - bar)
        size = Size(width - bar if vertical else width, rows)
        # Only the scrollable length changed: the scrollbar and scroll limits are updated here, not
        # by a layout of the screen. When the scrollbar comes or goes, _scroll_update asks for one.
        self.set_reactive(Widget.virtual_size, size)
        self._scroll_update(size)
        self._fitted = (self._size, self._container_size, size)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # A layout of the screen hands every scroll view its size again; when nothing the
        # scrollbar depends on moved, refitting it would only repaint it in another frame.
        if self._fitted == (size, container_size, self.virtual_size) and size == self._size:
            return False
        return super()._size_updated(size, virtual_size, container_size, layout)

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._framed.clear()
        self._update_virtual_size()
        self.refresh()

    def show_chips(self) -> None:
        """Scroll the chip lines into view (the chips took focus)."""
        rows = self.part_rows(_CHIPS)
        if rows:
            self.scroll_to_region(Region(0, rows.start, 1, len(rows)), animate=False, immediate=True)

    def chips_changed(self) -> None:
        """The chips' cursor or focus changed: their lines are drawn again."""
        rows = self.part_rows(_CHIPS)
        for row in rows:
            self._strips.pop(row, None)
        if rows:
            self.refresh_lines(rows.start, len(rows))

    # -- drawing ------------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._framed.clear()
        self._pad = None
        self._styles.clear()

    def _component_style(self, name: str) -> Style:
        # Kept until the styles change: Textual's own cache is emptied by every refresh (each open).
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name)
        return style

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()

    # Textual's own path pads and borders every row and filters each line again on every
    # paint (an open draws a whole pane of new rows). The pane builds its final lines itself:
    # the pieces around a row are taken from one render by Textual's path and checked to give
    # Textual's lines exactly; any style this does not reproduce keeps Textual's path.
    def render_lines(self, crop: Region) -> list[Strip]:
        # What every row of one paint shares (scroll, width, selection), worked out once per paint.
        frame = self._frame = (self.scroll_offset.y, self._content_width, self.text_selection)
        try:
            plan = self._line_plan(frame)
            if plan is None:
                return super().render_lines(crop)
            top, width, selection = frame
            last = plan.height - 1
            row = self._row
            framed = self._framed
            alike = self._alike
            lines: list[Strip] = []
            for y in crop.line_range:
                if y == 0 or y == last:
                    lines.append(self._border_line(plan, y))
                    continue
                strip = row(top + y - 1, width, selection)
                done = framed.get(top + y - 1)
                if done is not None and done[0] is strip:
                    lines.append(done[1])
                    continue
                if strip.cell_length != width:
                    # A row not of the row width is sized by Textual's path.
                    self._styles_cache.clear()
                    return super().render_lines(crop)
                segments = strip._segments
                if len(segments) == 1:
                    # Blank rows (between paragraphs, below the text) share one screen line,
                    # which also keeps the pieces the screen cuts it into.
                    line = alike.get(segments[0])
                    if line is None:
                        if len(alike) > 32:
                            alike.clear()
                        line = alike[segments[0]] = plan.line(segments)
                else:
                    line = plan.line(segments)
                framed[top + y - 1] = (strip, line)
                lines.append(line)
            x1, x2 = crop.column_span
            if x1 or x2 != plan.width:
                lines = [line.crop(x1, x2) for line in lines]
            return lines
        finally:
            self._frame = None

    def _line_plan(self, frame: tuple) -> LinePlan | None:
        signature = plan_signature(self, frame[1], side_padding=True)
        if signature is not None:
            signature += (self.rich_style,)
        if signature != self._plan_key:
            plans = self._plans
            if self._plan_key is not None:
                # Kept for a focus that comes back (the border moves between two looks).
                plans.pop(self._plan_key, None)
                plans[self._plan_key] = (self._plan, self._borders)
                while len(plans) > 4:
                    del plans[next(iter(plans))]
            self._plan_key = signature
            self._framed.clear()
            self._alike.clear()
            self._plan, self._borders = plans.get(signature, (None, None)) if signature is not None else (None, None)
            # Textual's cache may hold lines from before this pane drew its own.
            self._styles_cache.clear()
            if signature is not None and signature not in plans:
                width, height = signature[1]
                raw = textual_lines(self, Region(0, 0, width, height))
                top, row_width, selection = frame
                rows = [self._row(top + y, row_width, selection) for y in range(height - 2)]
                self._plan = learn_plan(signature, raw, rows)
                if self._plan is not None:
                    titles = (self._border_title, self._border_subtitle)
                    self._borders = (titles, self._plan.filtered(raw[0]), self._plan.filtered(raw[-1]))
        return self._plan

    def _border_line(self, plan: LinePlan, y: int) -> Strip:
        titles = (self._border_title, self._border_subtitle)
        borders = self._borders
        if borders is None or borders[0] != titles:
            width = plan.width
            top = textual_lines(self, Region(0, 0, width, 1))[0]
            bottom = textual_lines(self, Region(0, plan.height - 1, width, 1))[0]
            borders = self._borders = (titles, plan.filtered(top), plan.filtered(bottom))
        return borders[1] if y == 0 else borders[2]

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        if frame is None:
            frame = (self.scroll_offset.y, self._content_width, self.text_selection)
        top, width, selection = frame
        return self._row(top + y, width, selection)

    def render_row(self, row: int) -> Strip:
        """Row ``row`` from the top of the article, as drawn."""
        return self._row(row, self._content_width, self.text_selection)

    def _row(self, row: int, width: int, selection: Selection | None) -> Strip:
        if width != self._strips_width:
            self._strips.clear()
            self._strips_width = width
        strip = self._strips.get(row)
        if strip is None:
            strip = self._strips[row] = self._render_row(row, width, selection)
        return strip

    def _render_row(self, row: int, width: int, selection: Selection | None) -> Strip:
        pad = self._pad
        if pad is None:
            # Room around the text is background only, as Textual pads its own text.
            pad = self._pad = Style(bgcolor=self.rich_style.bgcolor)
        style = self._component_style
        text = min(width, TEXT_MAX_WIDTH)
        for name, top, rows, source in self._table(width):
            if not top <= row < top + rows:
                continue
            row -= top
            if name == _PLACEHOLDER:
                return self._placeholder.render(row, width, width, style, pad, source, selection, self._highlight)
            if name == _HEAD:
                return self._head.render(row, text, width, style, pad, source, selection, self._highlight)
            if name == _BODY:
                return self._body.render(row, text, width, style, pad, source, selection, self._highlight)
            chips = self._chips
            if row >= rows - 1:
                return Strip.blank(width, chips.pad_style())
            return chips.render_chip_line(row, text, width, source + row, selection, self._highlight)
        return Strip.blank(width, pad)

    def _table(self, width: int) -> list[tuple[str, int, int, int]]:
        """Each part shown at ``width``: (name, first row, rows, first line of the pane's source text)."""
        table = self._parts_table
        if table is not None and table[0] == width:
            return table[1]
        rows: list[tuple[str, int, int, int]] = []
        top = source = 0
        text = min(width, TEXT_MAX_WIDTH)
        for name, count in self._parts(width):
            rows.append((name, top, count, source))
            top += count
            source += self._source_count(name, text)
        self._parts_table = (width, rows)
        return rows

    def _source_count(self, part: str, width: int) -> int:
        """How many lines of the pane's source text (what a selection copies) a part has."""
        if part == _HEAD:
            return len(self._head.source_lines())
        if part == _BODY:
            return len(self._body.source_lines())
        if part == _CHIPS:
            return self._chips.line_count(width)
        return len(self._placeholder.source_lines())

    def _source_text(self) -> str:
        if self._article is None:
            return "\n".join(self._placeholder.source_lines())
        chips = self._chips
        lines, _ = chips.layout(self.text_width)
        return "\n".join(
            [*self._head.source_lines(), *(chips.line_text(line) for line in lines), *self._body.source_lines()]
        )

    def _highlight(self) -> Style:
        # The selection colour is blended over the screen's background, as in Textual's own text.
        return Style(bgcolor=self.screen.get_component_rich_style("screen--selection").bgcolor)

    # -- selecting with the mouse --------------------------------------------------------
    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract(self._source_text()), "\n"

    def selection_offset_at(self, x: int, y: int, *, last: bool = False) -> Offset:
        """The place in the pane's source text (column, line) that a selection at cell (``x``, ``y``) of
        the content region starts or ends at.

        On the text it is the character under the cell. Left of a line's text (the padding, an indent)
        it is the start of that line, or with ``last`` (the later end of a selection, which takes the
        character under the pointer) just before it; right of a line's text, the end of that line; on a
        row with no text (above or below a part, below the article) the end of the nearest line above;
        below the pane, the end of its last row.
        """
        height = self.content_region.height
        if y >= height:
            x, y = self.content_region.width, height - 1
        row = self.scroll_offset.y + max(y, 0)
        row = min(row, self.row_count - 1)
        while row >= 0:
            pieces = self._text_pieces(row)
            if pieces:
                break
            # A row without text belongs to the end of the line above it.
            row -= 1
            x = self.content_region.width
        else:
            return Offset(0, 0)
        first, _, _, column, line = pieces[0]
        if x < first:
            if not last:
                return Offset(column, line)
            if column:
                return Offset(column - 1, line)
            if not line:
                return Offset(0, 0)
            above = self._source_text().splitlines()
            return Offset(len(above[line - 1]) if line - 1 < len(above) else 0, line - 1)
        for start, width, text, column, line in pieces:
            cells = x - start
            if 0 <= cells < width:
                # The characters left of the cell, counted by their width (as Textual counts them).
                used = count = 0
                for character in text:
                    if used >= cells:
                        break
                    used += get_character_cell_size(character)
                    count += 1
                return Offset(column + count, line)
        _, _, text, column, line = pieces[-1]
        return Offset(column + len(text), line)

    def _text_pieces(self, row: int) -> list[tuple[int, int, str, int, int]]:
        """The pieces of text on a row: (first cell, cells, text, column and line in the source text)."""
        pieces = []
        cell = 0
        for segment in self.render_row(row):
            style = segment.style
            if style is not None and style._meta is not None:
                offset = style.meta.get("offset")
                if offset is not None and offset[1] is not None:
                    pieces.append((cell, segment.cell_length, segment.text, offset[0], offset[1]))
            cell += segment.cell_length
        return pieces

    def _place_selection(self, state: SelectState | None) -> None:
        # Textual places a selection end in the pane's left padding at column 0 of the line numbered
        # by the screen row, and one on a row without text nowhere (the selection runs to the end of
        # the pane): each end that falls on the pane is placed again here, while the pointer is there.
        if state is None or not self.is_mounted or not isinstance(self.parent, Widget):
            self._placing = None
            return
        memo = self._placing or (None, None, None, None, None)
        base, start_points, end_points, made_start, made_end = memo
        container = self.parent
        origin = self.content_region.offset
        if state.start is not made_start:
            # A new selection: where it starts is worked out now, while the pane is as it was pressed.
            given = state.start
            base, start_points = given, None
            if self._is_pointed_at(given.content_widget, given.container):
                pointer = given.container_initial_offset + given.container_pointer_delta
                start_points = self._selection_points(pointer - origin)
                if given.container is not container:
                    region = container.region.offset
                    base = SelectStart(container, pointer - region, region, container.scroll_offset, self, None)
        end = state.end
        if end is not made_end:
            end_points = None
            if end is not None and self._is_pointed_at(end.content_widget, end.container):
                end_points = self._selection_points(state.screen_offset - origin)
        start_at = start_points[0] if start_points else None
        end_at = end_points[0] if end_points else None
        if start_points and end_points and start_at != end_at:
            # Both ends on the pane: Textual adds the character under the pointer to the later one.
            if start_at.transpose > end_at.transpose:
                start_at = start_points[1]
            else:
                end_at = end_points[1]
        start = state.start
        if start_at is not None and (start.content_widget is not self or start.content_offset != start_at):
            start = base._replace(content_widget=self, content_offset=start_at)
        if end is not None and end_at is not None and (end.content_widget is not self or end.content_offset != end_at):
            end = SelectEnd(container, self, end_at)
        self._placing = (base, start_points, end_points, start, end)
        if start is not state.start or end is not state.end:
            self.screen._select_state = state._replace(start=start, end=end)

    def _selection_points(self, cell: Offset) -> tuple[Offset, Offset]:
        """Where a selection end at ``cell`` of the content region goes: as the earlier end, as the later."""
        first = self.selection_offset_at(*cell)
        return first, self.selection_offset_at(*cell, last=True)

    def _is_pointed_at(self, content_widget: Widget | None, container: Widget) -> bool:
        return content_widget is self or (content_widget is None and container is self)

    # -- clicks on chips ------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        rows = self.part_rows(_CHIPS)
        row = self.scroll_offset.y + offset.y
        if row not in rows:
            return
        chip = self._chips.chip_at(row - rows.start, offset.x, self.text_width)
        entity = None if chip is None else self._chips.move_to(chip.index)
        if entity is not None:
            self._chips.focus(scroll_visible=False)
            # Posted by the pane: one its child posted from this handler would stop at the pane (its sender).
            self.post_message(TagChosen(entity.id, entity.name))

    # -- the head ---------------------------------------------------------------------------
    @staticmethod
    def _placeholder_block(text: str) -> TextBlock:
        return block(text, "reading-pane--placeholder", before=1, after=1)

    def _head_blocks(self) -> list[TextBlock]:
        article = self._article
        assert article is not None
        state = self._state
        blocks = [block(inert(article.title).strip() or "(untitled)", "article-text--title", before=1)]
        runs: list[tuple[str, str]] = [
            ("✓ read", "article-text--read") if state.read else ("● unread", "article-text--unread")
        ]
        if state.starred:
            runs.append(("  ★ starred", "article-text--starred"))
        fields = [one_line(article.source or ""), long_date(article.published)]
        if article.author:
            fields.append("by " + one_line(article.author))
        runs.append(("  " + " · ".join(f for f in fields if f), "article-text--meta"))
        blocks.append(TextBlock(tuple(runs)))
        url = one_line(article.url or "")
        if url:
            blocks.append(block(url, "article-text--url", after=1))
        return blocks
