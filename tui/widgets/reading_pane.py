"""The reading pane: one article's title, source, date, URL, tags, body and captions.

One scroll view draws every line itself (the Line API): the head, the tag chips and the
body are line models stacked one after the other, wrapped once per width and drawn only
where on screen. Opening an article sets new models, the scrollable height and the
scroll position, and repaints the pane: no widget changes size, so the screen is not
laid out again and the article comes in one frame.
"""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.widget import Widget

from store.models import Article, ReadState

from ..display import long_date, one_line
from ..messages import TagChosen
from ..output import inert
from .article_text import TextBlock, TextLines, block
from .tag_chips import TagChips

PLACEHOLDER = "Pick an article in the list and press enter to read it."
# The article's lines stop here on a wide pane; the rest of the row is background.
TEXT_MAX_WIDTH = 100

_HEAD, _CHIPS, _BODY, _PLACEHOLDER = "head", "chips", "body", "placeholder"


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

    DEFAULT_CSS = """
    ReadingPane {
        overflow-x: hidden;
        overflow-y: auto;
        & > .article-text--title { color: $text; text-style: bold; }
        & > .article-text--meta { color: $text-muted; }
        & > .article-text--read { color: $foreground-muted; }
        & > .article-text--unread { color: $text-accent; text-style: bold; }
        & > .article-text--starred { color: $text-warning; }
        & > .article-text--url { color: $text-secondary; }
        & > .article-text--caption { color: $text-muted; text-style: italic; }
        & > .reading-pane--placeholder { color: $text-muted; }
    }
    """

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
        # (size, container size, virtual size) the scrollbars were last fitted to.
        self._fitted: tuple[Size, Size, Size] | None = None

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
        top = 0
        for name, rows in self._parts(self._content_width):
            if name == part:
                return range(top, top + rows)
            top += rows
        return range(top, top)

    def row_text(self, row: int) -> str:
        """The text shown on row ``row`` (from the top of the article), for tests and checks."""
        return "".join(segment.text for segment in self.render_row(row)).rstrip()

    @property
    def row_count(self) -> int:
        return self._row_count(self._content_width)

    # -- size and scrollbar ---------------------------------------------------------------------
    def _content_changed(self, home: bool = False) -> None:
        self._strips.clear()
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
        overflow = styles.overflow_y
        vertical = overflow == "scroll" or (overflow == "auto" and self._row_count(width) > height)
        inner = width - (styles.scrollbar_size_vertical if vertical else 0)
        size = Size(inner, self._row_count(inner))
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
        self._pad = None

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        return self.render_row(self.scroll_offset.y + y)

    def render_row(self, row: int) -> Strip:
        """Row ``row`` from the top of the article, as drawn."""
        width = self._content_width
        if width != self._strips_width:
            self._strips.clear()
            self._strips_width = width
        strip = self._strips.get(row)
        if strip is None:
            strip = self._strips[row] = self._render_row(row, width)
        return strip

    def _render_row(self, row: int, width: int) -> Strip:
        pad = self._pad
        if pad is None:
            # Room around the text is background only, as Textual pads its own text.
            pad = self._pad = Style(bgcolor=self.rich_style.bgcolor)
        if row < 0:
            return Strip.blank(width, pad)
        selection = self.text_selection
        style = self.get_component_rich_style
        text = min(width, TEXT_MAX_WIDTH)
        source = 0
        for name, rows in self._parts(width):
            if row >= rows:
                row -= rows
                source += self._source_count(name, text)
                continue
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
            # Posted here: a message the pane sends to its own child would stop at the pane.
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
