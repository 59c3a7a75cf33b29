"""The article list: a line-oriented widget that renders only the rows on screen.

A store can hold 100,000 articles, so there is no widget per article: the list
holds a sequence of summaries and draws the visible rows on demand (the Line
API), caching each row's Strip by what it depends on (width, state, cursor).
Wide lists show one line per article; narrow ones two (title, then meta).

A page down shows a whole screen of new rows, so the list draws its final screen lines
itself (border and filters included, checked once against Textual's own lines), draws
the rows a key would show next in the pause after a frame, and keeps its scrollbar's
lines per place of the thumb.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from math import ceil
from operator import attrgetter

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

from store.models import ArticleSummary, ReadState

from ..display import fit, one_line, short_date
from ..messages import ArticleChosen, ArticleHighlighted
from .framed_lines import LinePlan, learn_plan, plan_signature, textual_lines

_UNREAD = ReadState()
ONE_LINE_MIN_WIDTH = 64
ROW_CACHE_MIN = 160
ROW_CACHE_SCREENS = 4
PREFETCH_DELAY = 0.002  # seconds after a frame; lets the frame reach the terminal first
PREFETCH_CHUNK = 8  # rows drawn ahead per turn of the event loop
# The store's list rows carry their row number; a filtered list keeps the store's order.
_ROW_OF = attrgetter("_row")


def _thumb_at(bar: ScrollBar, position: float) -> tuple[int, int] | None:
    """Where a vertical scrollbar draws its thumb for ``position``, in eighths of a cell
    (the steps its end glyphs show); None when that is not known here."""
    if bar.renderer is not ScrollBarRender or not bar.vertical:
        return None
    size = bar.size.height
    virtual = ceil(bar.window_virtual_size)
    window = ceil(bar.window_size) if bar.window_size < bar.window_virtual_size else 0
    if not (window and size and virtual and size != virtual):
        return None
    steps = len(ScrollBarRender.VERTICAL_BARS)
    thumb = max(1, window / (virtual / size))
    start = int((size - thumb) * (position / (virtual - window)) * steps)
    return start, start + ceil(thumb * steps)


class _ListScrollBar(ScrollBar):
    """The list's vertical scrollbar: keeps the lines it drew for each place of its thumb.

    Textual redraws all its rows through the whole widget path whenever the thumb moves.
    Here the lines for a thumb place are built straight from the bar's segments, once
    they have been checked against Textual's own lines for the same look, and the list
    can have the places a page away drawn before the key comes.
    """

    def _look(self) -> tuple | None:
        """All but the thumb's place that the bar's lines depend on; None when unknown."""
        if not self.vertical or self.renderer is not ScrollBarRender or self.styles.has_rule("hatch"):
            return None
        shown = self.render()
        if type(shown) is not ScrollBarRender or shown.style.bgcolor is None or shown.style.color is None:
            return None
        return (
            self.size,
            shown.style,
            shown.virtual_size,
            shown.window_size,
            shown.thickness,
            self.rich_style,
            tuple(self.app.get_line_filters()),
            self.background_colors[1],
            self.opacity,
            self.styles.tint,
        )

    def lines_at(self, position: float, look: tuple | None = None) -> list[Strip] | None:
        """The bar's lines with its position at ``position``, if they can be drawn here."""
        look = self._look() if look is None else look
        if look is None or self._checked.get(look) is False:
            return None
        position = self.validate_position(position)
        key = (look, _thumb_at(self, position))
        lines = self._drawn.get(key)
        if lines is None:
            if look not in self._checked:
                return None
            lines = self._drawn[key] = self._draw(look, position, filtered=True)
        return lines

    def _draw(self, look: tuple, position: float, filtered: bool) -> list[Strip]:
        size, style, virtual_size, window_size, _, base, filters, background = look[:8]
        segments = ScrollBarRender.render_bar(
            size=size.height,
            virtual_size=virtual_size,
            window_size=window_size,
            position=position,
            thickness=size.width,
            vertical=True,
            back_color=style.bgcolor,
            bar_color=style.color,
        ).segments
        lines = []
        for segment in segments:
            if segment.text == "\n":
                continue
            line = [Segment(segment.text, base + segment.style)]
            if filtered:
                for line_filter in filters:
                    line = line_filter.apply(line, background)
            lines.append(Strip(line, size.width))
        return lines

    def render_lines(self, crop: Region) -> list[Strip]:
        look = self._look()
        if look is not None and look not in self._checked:
            # Checked once per look: drawn here and by Textual, unfiltered, they must agree.
            raw = textual_lines(self, self.size.region)
            mine = self._draw(look, self.position, filtered=False)
            if len(self._checked) > 32:
                self._checked.clear()
            self._checked[look] = [[(s.text, s.style) for s in line] for line in mine] == [
                [(s.text, s.style) for s in line] for line in raw
            ]
        lines = self.lines_at(self.position, look)
        if lines is None:
            return super().render_lines(crop)
        if crop != self.size.region:
            x1, x2 = crop.column_span
            lines = [line.crop(x1, x2) for line in lines[crop.y : crop.bottom]]
        return lines

    @property
    def _drawn(self) -> LRUCache:
        drawn = self.__dict__.get("_list_bar_drawn")
        if drawn is None:
            drawn = self.__dict__["_list_bar_drawn"] = LRUCache(8)
        return drawn

    @property
    def _checked(self) -> dict:
        return self.__dict__.setdefault("_list_bar_checked", {})


def _rows_of(summary: ArticleSummary) -> object:
    """The store read a list row belongs to (None for a plain summary)."""
    return getattr(summary, "_rows", None)


class ArticleList(ScrollView, can_focus=True):
    """Newest-first articles with a cursor; enter, l or a click posts ArticleChosen."""

    BINDING_GROUP_TITLE = "Article list"
    PREFETCH = True  # draw the neighbouring rows ahead, after a frame

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
        # A few screens of lines (those on screen and those drawn ahead): each keeps its strip
        # and the strips Textual derives from it, which every collection has to walk.
        self._row_cache: LRUCache[tuple, Strip] = LRUCache(ROW_CACHE_MIN)
        self._ids: list[str] | None = None  # the listed ids in order, made on first need
        self._titles: tuple[Content | None, Content | None] = (None, None)
        # What every row of one paint shares (width, scroll, style), worked out once per paint.
        self._frame: tuple | None = None
        # (size, container size, virtual size) the scrollbars were last fitted to.
        self._fitted: tuple[Size, Size, Size] | None = None
        self.empty_message = "No articles match."
        # The border pieces and filters of the last paint (see render_lines).
        self._plan_key: tuple | None = None
        self._plan: LinePlan | None = None
        self._borders: tuple = ((None, None), None, None)
        self._row_styles: dict[object, Style] = {}
        self._prefetch_handle: asyncio.TimerHandle | None = None
        self._painted: tuple | None = None
        self._prefetch_todo: list[tuple[int, int, bool]] = []

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

    def _scroll_after(self, index: int) -> int:
        """Where the list scrolls to when the cursor moves to ``index`` (not centred)."""
        index = max(0, min(index, len(self._articles) - 1))
        height = self.scrollable_content_region.height
        rpi = self._rows_per_item
        top = index * rpi
        y = self.scroll_offset.y
        if top < y:
            y = top
        elif top + rpi > y + height:
            y = top + rpi - height
        return max(0, min(y, self.max_scroll_y))

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

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        bar = super().vertical_scrollbar
        if type(bar) is ScrollBar:
            # Textual makes the bar; the list's kind only adds how its lines are kept.
            bar.__class__ = _ListScrollBar
        return bar

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # The scrollbar repaints (all its rows) whenever its position moves, though at
        # thousands of rows a page moves the thumb less than an eighth of a cell: the
        # position is then updated without a repaint.
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            position = bar.validate_position(new_value)
            if position != bar.position and _thumb_at(bar, position) == _thumb_at(bar, bar.position) is not None:
                bar.set_reactive(ScrollBar.position, position)
            else:
                bar.position = new_value
        if round(old_value) != round(new_value):
            self.refresh(self.size.region)

    def on_resize(self, event: events.Resize) -> None:
        self._row_cache.clear()
        self._row_cache.maxsize = max(ROW_CACHE_MIN, ROW_CACHE_SCREENS * event.size.height)
        self._update_virtual_size()
        self.call_after_refresh(self._scroll_cursor_into_view)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._row_cache.clear()
        self._row_styles.clear()

    def on_focus(self) -> None:
        self._row_cache.clear()
        self._row_styles.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._row_cache.clear()
        self._row_styles.clear()
        self.refresh()

    def on_unmount(self) -> None:
        if self._prefetch_handle is not None:
            self._prefetch_handle.cancel()
            self._prefetch_handle = None

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
    # Textual's own path redraws the border around every row and filters each line again
    # on every paint; a page down (36 new rows) spent more time there than on the rows. The
    # list builds its final lines itself: each row with its border, filtered, cached by what
    # it shows. The border pieces are taken from one render by Textual's path, and any style
    # this does not reproduce (padding, outline, tint, opacity, hatch) keeps Textual's path.
    def render_lines(self, crop: Region) -> list[Strip]:
        width = self._content_width
        frame = (
            width,
            1 if width >= ONE_LINE_MIN_WIDTH else 2,
            self.scroll_offset.y,
            self.rich_style,
            self.has_focus,
        )
        plan = self._line_plan(frame)
        if plan is None:
            self._frame = frame
            try:
                return super().render_lines(crop)
            finally:
                self._frame = None
        top, bottom = self._border_rows(plan, frame)
        last = plan.height - 1
        framed = self._framed_line
        lines = [top if y == 0 else bottom if y == last else framed(y - 1, frame, plan) for y in crop.line_range]
        x1, x2 = crop.column_span
        if x1 or x2 != plan.width:
            lines = [line.crop(x1, x2) for line in lines]
        if self.PREFETCH:
            if self._prefetch_handle is not None:
                self._prefetch_handle.cancel()
            self._painted = (frame, plan, self._cursor, self._articles)
            self._prefetch_handle = asyncio.get_running_loop().call_later(PREFETCH_DELAY, self._prefetch)
        return lines

    # -- drawing ahead ---------------------------------------------------------------------
    # A page down shows a screen of rows never drawn; drawing them in the pause after a
    # frame (a few rows at a time, so a key never waits long) makes the key cheap.
    def _prefetch(self) -> None:
        self._prefetch_handle = None
        painted, self._painted = self._painted, None
        if painted is None:
            return
        frame, plan, cursor, articles = painted
        if not self._still_painted(frame, plan, cursor, articles):
            return
        self._prefetch_todo = self._ahead(frame, cursor)
        bar = self._vertical_scrollbar
        if isinstance(bar, _ListScrollBar) and self.show_vertical_scrollbar:
            page = self._page_items()
            for index in (cursor + page, cursor - page, cursor + 1, cursor - 1):
                bar.lines_at(self._scroll_after(index))
        self._prefetch_step(painted)

    def _prefetch_step(self, painted: tuple) -> None:
        self._prefetch_handle = None
        frame, plan, cursor, articles = painted
        todo = self._prefetch_todo
        if not todo or not self._still_painted(frame, plan, cursor, articles):
            self._prefetch_todo = []
            return
        for _ in range(min(PREFETCH_CHUNK, len(todo))):
            index, sub, is_cursor = todo.pop()
            self._framed_row(index, sub, is_cursor, frame, plan)
        if todo:
            # Back to the event loop between chunks: a key that arrives waits for one chunk at most.
            self._prefetch_handle = asyncio.get_running_loop().call_later(0, self._prefetch_step, painted)

    def _still_painted(self, frame: tuple, plan: LinePlan, cursor: int, articles: Sequence[ArticleSummary]) -> bool:
        """True while the list shows what it showed at its last paint (no repaint is due)."""
        return (
            self.is_attached
            and self._plan is plan
            and self._cursor == cursor
            and self._articles is articles
            and self.scroll_offset.y == frame[2]
            and self.has_focus == frame[4]
            and self._content_width == frame[0]
        )

    def _ahead(self, frame: tuple, cursor: int) -> list[tuple[int, int, bool]]:
        """Rows a page or cursor key would show next, nearest last (they are taken from the end)."""
        width, rpi, top, base, focused = frame
        height = self.scrollable_content_region.height
        count = len(self._articles)
        page = max(1, height // rpi - 1)
        todo: list[tuple[int, int, bool]] = []
        # The screens below and above, as plain rows.
        for y in [*range(top - height, top), *range(top + 2 * height - 1, top + height - 1, -1)]:
            index, sub = divmod(y, rpi)
            if 0 <= index < count and index != cursor:
                todo.append((index, sub, False))
        # Where the cursor lands after a page or a step either way, and the row it leaves.
        for index, is_cursor in ((cursor - page, True), (cursor + page, True), (cursor, False), (cursor - 1, True), (cursor + 1, True)):
            if 0 <= index < count:
                todo.extend((index, sub, is_cursor) for sub in range(rpi))
        return todo

    def _plan_signature(self, frame: tuple) -> tuple | None:
        """All that the border and the filtering of lines depend on; None when the styles ask
        for something only Textual's path draws (padding among them)."""
        signature = plan_signature(self, frame[0])
        return None if signature is None else signature + (frame[3], frame[4])

    def _line_plan(self, frame: tuple) -> LinePlan | None:
        signature = self._plan_signature(frame)
        if signature is None:
            self._plan_key = None
            self._plan = None
            return None
        if signature != self._plan_key:
            self._plan_key = signature
            self._row_cache.clear()
            self._plan = self._learn_plan(frame, signature)
        return self._plan

    def _raw_lines(self, frame: tuple, crop: Region) -> list[Strip]:
        """Textual's own lines for ``crop``, unfiltered and drawn afresh."""
        self._frame = frame
        try:
            return textual_lines(self, crop)
        finally:
            self._frame = None

    def _learn_plan(self, frame: tuple, signature: tuple) -> LinePlan | None:
        """Take the border pieces from one render by Textual's path; None (Textual's path
        from then on) unless every content line is exactly border + row + border."""
        width, height = signature[1]
        raw = self._raw_lines(frame, Region(0, 0, width, height))
        rows = [self._content_line(y, frame) for y in range(height - 2)]
        plan = learn_plan(signature, raw, rows)
        if plan is not None:
            self._borders = ((self._border_title, self._border_subtitle), plan.filtered(raw[0]), plan.filtered(raw[-1]))
        return plan

    def _border_rows(self, plan: LinePlan, frame: tuple) -> tuple[Strip, Strip]:
        titles, top, bottom = self._borders
        if titles[0] is not self._border_title or titles[1] is not self._border_subtitle:
            width, last = plan.width, plan.height - 1
            top = plan.filtered(self._raw_lines(frame, Region(0, 0, width, 1))[0])
            bottom = plan.filtered(self._raw_lines(frame, Region(0, last, width, 1))[0])
            self._borders = ((self._border_title, self._border_subtitle), top, bottom)
        return top, bottom

    def _framed_line(self, y: int, frame: tuple, plan: LinePlan) -> Strip:
        """Content line ``y`` with its border, filtered, as the screen shows it."""
        width, rpi, top, base, focused = frame
        articles = self._articles
        index, sub = divmod(top + y, rpi)
        if index < len(articles):
            return self._framed_row(index, sub, index == self._cursor, frame, plan)
        key = ("", width, y == 1 and not articles and self.empty_message, focused)
        line = self._row_cache.get(key)
        if line is None:
            line = self._row_cache[key] = self._content_line(y, frame, plan)
        return line

    def _framed_row(self, index: int, sub: int, is_cursor: bool, frame: tuple, plan: LinePlan) -> Strip:
        width, rpi, top, base, focused = frame
        summary = self._articles[index]
        state = self._states.get(summary.id, _UNREAD)
        # The trailing True tells a screen line from a bare content line of the same row.
        key = (summary.id, width, rpi, sub, state.read, state.starred, is_cursor, focused, True)
        line = self._row_cache.get(key)
        if line is None:
            line = self._render_row(summary, state, is_cursor, width, rpi, sub, base, plan)
            self._row_cache[key] = line
        return line

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        if frame is None:
            width = self._content_width
            frame = (width, 1 if width >= ONE_LINE_MIN_WIDTH else 2, self.scroll_offset.y, self.rich_style, self.has_focus)
        return self._content_line(y, frame)

    def _content_line(self, y: int, frame: tuple, plan: LinePlan | None = None) -> Strip:
        """Content line ``y``: cached when it is the bare content line; with ``plan``, the
        screen line (border and filters), not cached here."""
        width, rpi, top, base, focused = frame
        index, sub = divmod(top + y, rpi)
        if not self._articles or index >= len(self._articles):
            if not self._articles and y == 1:
                style = self.get_component_rich_style("article-list--empty")
                line = Strip([Segment(fit("  " + self.empty_message, width), style)], width)
            else:
                line = Strip.blank(width, base)
            return line if plan is None else plan.line(line._segments)
        summary = self._articles[index]
        state = self._states.get(summary.id, _UNREAD)
        is_cursor = index == self._cursor
        if plan is not None:
            return self._render_row(summary, state, is_cursor, width, rpi, sub, base, plan)
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
        plan: LinePlan | None = None,
    ) -> Strip:
        """One row's content line; with ``plan``, its screen line (border and filters)."""
        # Textual forgets component styles on every refresh; these are kept per base style.
        styles = self._row_styles
        if styles.get(None) != base:
            styles.clear()
            styles[None] = base

        def part(name: str) -> Style:
            style = styles.get(name)
            if style is None:
                style = styles[name] = self.get_component_rich_style(name, partial=True)
            return style

        def full(name: str) -> Style:
            # Full styles resolve "auto" colours ($text, $text-muted) against the real background.
            key = (name,)
            style = styles.get(key)
            if style is None:
                style = styles[key] = self.get_component_rich_style(name)
            return style

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
        if plan is None:
            return Strip(segments, width).crop_extend(0, width, row_style)
        if Segment.get_line_length(segments) != width:
            segments = Strip(segments, width).crop_extend(0, width, row_style)._segments
        return plan.line(segments)

    def _count_unread(self) -> None:
        states = self._states
        self._unread = sum(1 for s in self._articles if not states.get(s.id, _UNREAD).read)
