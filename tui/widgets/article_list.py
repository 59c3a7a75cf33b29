"""The article list: a line-oriented widget that renders only the rows on screen.

A store can hold 100,000 articles, so there is no widget per article: the list
holds a sequence of summaries and draws the visible rows on demand (the Line
API), caching each row's Strip by what it depends on (width, state, cursor).
Wide lists show one line per article; narrow ones two (title, then meta).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from operator import attrgetter

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from store.models import ArticleSummary, ReadState

from ..display import fit, one_line, short_date
from ..messages import ArticleChosen, ArticleHighlighted

_UNREAD = ReadState()
ONE_LINE_MIN_WIDTH = 64
ROW_CACHE_MIN = 160
ROW_CACHE_SCREENS = 4
# The store's list rows carry their row number; a filtered list keeps the store's order.
_ROW_OF = attrgetter("_row")


def _rows_of(summary: ArticleSummary) -> object:
    """The store read a list row belongs to (None for a plain summary)."""
    return getattr(summary, "_rows", None)


class ArticleList(ScrollView, can_focus=True):
    """Newest-first articles with a cursor; enter, l or a click posts ArticleChosen."""

    BINDING_GROUP_TITLE = "Article list"

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next article", show=False, id="list_down"),
        Binding("k,up", "cursor_up", "Previous article", show=False, id="list_up"),
        Binding("g,home", "first", "First article", show=False, id="list_first"),
        Binding("G,end", "last", "Last article", show=False, id="list_last"),
        Binding("pagedown", "page_down", "Page down the list", show=False, id="list_page_down"),
        Binding("pageup", "page_up", "Page up the list", show=False, id="list_page_up"),
        Binding("enter,l", "open", "Open", id="list_open", tooltip="Open the article"),
    ]

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--meta",
        "article-list--marker",
        "article-list--star",
        "article-list--empty",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._articles: Sequence[ArticleSummary] = ()
        self._states: Mapping[str, ReadState] = {}
        self._cursor = 0
        self._unread = 0
        # A few screens of rows: each cached row keeps about 25 objects (its strip and the
        # strips Textual derives from it) that every collection has to walk.
        self._row_cache: LRUCache[tuple, Strip] = LRUCache(ROW_CACHE_MIN)
        self._ids: list[str] | None = None  # the listed ids in order, made on first need
        self._titles: tuple[Content | None, Content | None] = (None, None)
        # What every row of one paint shares (width, scroll, style), worked out once per paint.
        self._frame: tuple | None = None
        # (size, container size, virtual size) the scrollbars were last fitted to.
        self._fitted: tuple[Size, Size, Size] | None = None
        self.empty_message = "No articles match."

    # -- data in ---------------------------------------------------------------
    def set_articles(
        self,
        articles: Sequence[ArticleSummary],
        states: Mapping[str, ReadState],
        *,
        keep_id: str | None = None,
        unread: int | None = None,
    ) -> None:
        """Show ``articles``; the cursor stays on ``keep_id`` when it is still listed.

        ``articles`` are in the store's order (filters only leave rows out), so the kept
        article is found by its row number rather than by a pass over every id.
        ``unread`` is how many of them are unread, when the caller already counted.
        """
        old = self.current
        if not (old is not None and articles and _rows_of(articles[0]) is _rows_of(old) is not None):
            # Rows drawn for the same store read stay valid (each is keyed by what it shows), so a
            # search key redraws only rows it has not drawn before; another read may differ.
            self._row_cache.clear()
        self._articles = articles
        self._states = states
        self._ids = None
        keep = None
        if keep_id is not None:
            keep = self._by_row(old, keep_id) if old is not None and old.id == keep_id else None
            if keep is None:
                keep = self.index_of(keep_id)
            elif keep < 0:
                keep = None
        if keep is not None:
            self._cursor = keep
        else:
            self._cursor = min(self._cursor, max(len(articles) - 1, 0))
        if unread is None:
            self._count_unread()
        else:
            self._unread = unread
        self._update_virtual_size()
        self._scroll_cursor_into_view(center=True)
        self.refresh()

    def states_changed(self, states: Mapping[str, ReadState], changed: Mapping[str, tuple[bool, bool]]) -> None:
        """Reading state changed; ``changed`` maps article ids to (was read, is read).

        Only the changed rows are redrawn (cached rows are keyed by their state, so the
        others stay valid) and the unread count moves by the listed flips.
        """
        self._states = states
        if len(changed) > 256:
            # A bulk change (mark all read): one recount and a full redraw beat many lookups.
            self._count_unread()
            self.refresh()
            return
        rpi = self._rows_per_item
        for article_id, (was_read, now_read) in changed.items():
            index = self.index_of(article_id)
            if index is None:
                continue
            if was_read != now_read:
                self._unread += -1 if now_read else 1
            self.refresh_lines(index * rpi, rpi)

    # -- data out ----------------------------------------------------------------
    @property
    def articles(self) -> Sequence[ArticleSummary]:
        return self._articles

    @property
    def cursor(self) -> int:
        return self._cursor

    @property
    def current(self) -> ArticleSummary | None:
        if 0 <= self._cursor < len(self._articles):
            return self._articles[self._cursor]
        return None

    @property
    def unread_count(self) -> int:
        return self._unread

    def set_titles(self, top: Content, bottom: Content) -> None:
        """Set the border's title and subtitle, repainting only the border rows that changed.

        Setting ``border_title`` repaints every row of the list (a mark at 100,000 rows drew
        some 40 rows for one changed count); here only the changed border row is repainted.
        """
        old_top, old_bottom = self._titles
        if (top, bottom) == (old_top, old_bottom):
            return
        self._titles = (top, bottom)
        height = self.outer_size.height
        if old_top is None or height < 2 or not self.is_mounted:
            self.border_title, self.border_subtitle = top, bottom
            return
        ox, oy = self.content_offset
        width = self.outer_size.width
        rows: list[Region] = []
        if top != old_top:
            self._border_title = self.render_str(top).expand_tabs(4).split()[0]
            rows.append(Region(-ox, -oy, width, 1))
        if bottom != old_bottom:
            self._border_subtitle = self.render_str(bottom).expand_tabs(4).split()[0]
            rows.append(Region(-ox, height - 1 - oy, width, 1))
        self.refresh(*rows)

    def index_of(self, article_id: str) -> int | None:
        # The cursor's row is the usual answer (opening, marking); otherwise a search in the
        # listed ids, gathered once per list (2 ms at 100,000 rows; each search then 1 ms).
        articles = self._articles
        if 0 <= self._cursor < len(articles) and articles[self._cursor].id == article_id:
            return self._cursor
        if self._ids is None:
            self._ids = [summary.id for summary in articles]
        try:
            return self._ids.index(article_id)
        except ValueError:
            return None

    def _by_row(self, old: ArticleSummary, article_id: str) -> int | None:
        """Where ``old`` (a row of the store's list) is in the new list: its index, -1 when it
        is surely not listed, None when row numbers cannot tell (the caller searches ids)."""
        articles = self._articles
        rows = _rows_of(old)
        if rows is None or not articles:
            return None
        row = old._row  # type: ignore[attr-defined]
        if articles is rows:
            return row if row < len(articles) and articles[row].id == article_id else None
        first, last = articles[0], articles[-1]
        if _rows_of(first) is not rows or _rows_of(last) is not rows:
            return None
        if _ROW_OF(first) > _ROW_OF(last):
            return None
        at = bisect_left(articles, row, key=_ROW_OF)
        if at < len(articles) and articles[at].id == article_id:
            return at
        return -1

    def move_to(self, article_id: str) -> bool:
        """Put the cursor on an article if it is listed; True when it is."""
        index = self.index_of(article_id)
        if index is None:
            return False
        self._set_cursor(index)
        return True

    # -- actions -------------------------------------------------------------------
    def action_cursor_down(self) -> None:
        self._set_cursor(self._cursor + 1)

    def action_cursor_up(self) -> None:
        self._set_cursor(self._cursor - 1)

    def action_first(self) -> None:
        self._set_cursor(0)

    def action_last(self) -> None:
        self._set_cursor(len(self._articles) - 1)

    def action_page_down(self) -> None:
        self._set_cursor(self._cursor + self._page_items())

    def action_page_up(self) -> None:
        self._set_cursor(self._cursor - self._page_items())

    def action_open(self) -> None:
        current = self.current
        if current is not None:
            self.post_message(ArticleChosen(current.id))

    def _page_items(self) -> int:
        return max(1, self.scrollable_content_region.height // self._rows_per_item - 1)

    def _set_cursor(self, index: int) -> None:
        if not self._articles:
            return
        index = max(0, min(index, len(self._articles) - 1))
        if index != self._cursor:
            old = self._cursor
            self._cursor = index
            rpi = self._rows_per_item
            self.refresh_lines(old * rpi, rpi)
            self.refresh_lines(index * rpi, rpi)
            self.post_message(ArticleHighlighted(self._articles[index].id))
        self._scroll_cursor_into_view()

    # -- geometry ------------------------------------------------------------------
    @property
    def _rows_per_item(self) -> int:
        return 1 if self._content_width >= ONE_LINE_MIN_WIDTH else 2

    @property
    def _content_width(self) -> int:
        return self.scrollable_content_region.width or self.size.width

    def _update_virtual_size(self) -> None:
        size = Size(self._content_width, len(self._articles) * self._rows_per_item)
        if size == self.virtual_size:
            return
        width, height = self.container_size
        styles = self.styles
        over_x, over_y = styles.overflow_x, styles.overflow_y
        vertical = over_y == "scroll" or (over_y == "auto" and size.height > height)
        room = width - (styles.scrollbar_size_vertical if vertical else 0)
        horizontal = over_x == "scroll" or (over_x == "auto" and size.width > room)
        if (
            not self.is_mounted
            or not height
            or styles.auto_dimensions
            or horizontal
            or self.show_horizontal_scrollbar
            or vertical != self.show_vertical_scrollbar
        ):
            # The list's own box or its scrollbar changes: that needs the screen laid out again.
            self.virtual_size = size
            return
        # Only the scrollable length changed (a search narrowed the list): update the scrollbar
        # and scroll limits here, sparing a layout of the whole screen on every key.
        self.set_reactive(Widget.virtual_size, size)
        self._scroll_update(size)
        self._fitted = (self._size, self._container_size, size)
        self.refresh()

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # A layout of the screen (the search box asks for one on every key) hands every scroll
        # view its size again; when nothing the scrollbars depend on moved, refitting them
        # would only repaint the scrollbar in a second frame.
        if self._fitted == (size, container_size, self.virtual_size) and size == self._size:
            return False
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        self._fitted = (self._size, container_size, self.virtual_size)
        return resized

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        height = self.scrollable_content_region.height
        if not height:
            return
        rpi = self._rows_per_item
        top = self._cursor * rpi
        y = self.scroll_offset.y
        if center and not (y <= top and top + rpi <= y + height):
            self.scroll_to(y=max(0, top - height // 2), animate=False)
        elif top < y:
            self.scroll_to(y=top, animate=False)
        elif top + rpi > y + height:
            self.scroll_to(y=top + rpi - height, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self._row_cache.clear()
        self._row_cache.maxsize = max(ROW_CACHE_MIN, ROW_CACHE_SCREENS * event.size.height)
        self._update_virtual_size()
        self.call_after_refresh(self._scroll_cursor_into_view)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._row_cache.clear()

    def on_focus(self) -> None:
        self._row_cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._row_cache.clear()
        self.refresh()

    # -- mouse -----------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._articles:
            return
        index = (self.scroll_offset.y + offset.y) // self._rows_per_item
        if 0 <= index < len(self._articles):
            self.focus()
            self._set_cursor(index)
            self.post_message(ArticleChosen(self._articles[index].id))

    # -- rendering ---------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        width = self._content_width
        self._frame = (
            width,
            1 if width >= ONE_LINE_MIN_WIDTH else 2,
            self.scroll_offset.y,
            self.rich_style,
            self.has_focus,
        )
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        if frame is None:
            width = self._content_width
            frame = (width, 1 if width >= ONE_LINE_MIN_WIDTH else 2, self.scroll_offset.y, self.rich_style, self.has_focus)
        width, rpi, top, base, focused = frame
        index, sub = divmod(top + y, rpi)
        if not self._articles:
            if y == 1:
                style = self.get_component_rich_style("article-list--empty")
                return Strip([Segment(fit("  " + self.empty_message, width), style)], width)
            return Strip.blank(width, base)
        if index >= len(self._articles):
            return Strip.blank(width, base)
        summary = self._articles[index]
        state = self._states.get(summary.id, _UNREAD)
        is_cursor = index == self._cursor
        key = (summary.id, width, rpi, sub, state.read, state.starred, is_cursor, focused)
        strip = self._row_cache.get(key)
        if strip is None:
            strip = self._render_row(summary, state, is_cursor, width, rpi, sub, base)
            self._row_cache[key] = strip
        return strip

    def _render_row(
        self,
        summary: ArticleSummary,
        state: ReadState,
        is_cursor: bool,
        width: int,
        rpi: int,
        sub: int,
        base: Style,
    ) -> Strip:
        def part(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        def full(name: str) -> Style:
            # Full styles resolve "auto" colours ($text, $text-muted) against the real background.
            return self.get_component_rich_style(name)

        if is_cursor:
            row_style = full("article-list--cursor")
            title_style = row_style + Style(bold=not state.read)
            meta_style = row_style
        else:
            row_style = base
            title_style = full("article-list--read" if state.read else "article-list--unread")
            meta_style = full("article-list--meta")
        marker = Segment(" ● " if not state.read else "   ", row_style + part("article-list--marker"))
        star = Segment("★ " if state.starred else "  ", row_style + part("article-list--star"))
        title = one_line(summary.title) or "(untitled)"
        source = one_line(summary.source or "")
        date = short_date(summary.published)
        segments: list[Segment]
        if rpi == 1:
            source_width = min(18, max(10, width // 5))
            title_width = width - 3 - 2 - 2 - source_width - 1 - 10 - 1
            segments = [
                marker,
                star,
                Segment(fit(title, title_width), title_style),
                Segment("  ", row_style),
                Segment(fit(source, source_width), meta_style),
                Segment(" ", row_style),
                Segment(fit(date, 10), meta_style),
                Segment(" ", row_style),
            ]
        elif sub == 0:
            segments = [marker, Segment(fit(title, width - 4), title_style), Segment(" ", row_style)]
        else:
            # The star sits under the unread dot, so the meta line keeps the title's indent.
            meta = " · ".join(p for p in (source, date) if p)
            star = Segment(" ★ " if state.starred else "   ", row_style + part("article-list--star"))
            segments = [star, Segment(fit(meta, width - 4), meta_style), Segment(" ", row_style)]
        return Strip(segments, width).crop_extend(0, width, row_style)

    def _count_unread(self) -> None:
        states = self._states
        self._unread = sum(1 for s in self._articles if not states.get(s.id, _UNREAD).read)
