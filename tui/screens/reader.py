"""The reader: article list, reading pane and related sidebar, and the mediator between them.

Widgets post messages up (ArticleChosen, TagChosen, RelatedChosen); the App's store
workers post what they read (StoreLoaded, ArticleLoaded, ...). This screen decides
what happens and sets data down on its widgets; widgets never talk to each other.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, Input, Label, ProgressBar, Static
from textual.worker import get_current_worker

from store.models import Article, ArticleSummary, ReadState
from store.search import SearchIndex

from ..compositor import FrontFirstCompositor
from ..display import one_line
from ..filters import FeedChoice, ListFilter, apply_filter, count_unread, feed_choices, filter_view, read_ids
from ..history import History
from ..messages import (
    ArticleChosen,
    ArticleHighlighted,
    ArticleLoaded,
    ArticleReadAhead,
    BodyMatches,
    FeedProgress,
    FeedsRefreshed,
    FilteredView,
    RelatedChosen,
    RelatedItem,
    RelatedLoaded,
    StatesSaved,
    StoreFailed,
    StoreLoaded,
    StoreSnapshot,
    TagChosen,
)
from ..widgets import ArticleList, ReaderFooter, ReadingPane, RelatedSidebar
from ..widgets.search_box import SearchBox
from .confirm import ConfirmScreen
from .feed_picker import FeedPickerScreen
from .tag_picker import TagPickerScreen

if TYPE_CHECKING:
    from ..app import NewsdeskApp

_UNREAD = ReadState()
WIDE = 100
VERY_WIDE = 160
BODY_SEARCH_DELAY = 0.35
# The body under the list's cursor is read ahead once the cursor has rested this long.
PREFETCH_DELAY = 0.06
# ... and the row below it once the cursor has rested this long (or its row was opened).
PREFETCH_BELOW_DELAY = 0.3
# The related sidebar says it is still looking only when the answer takes this long.
RELATED_PATIENCE = 0.25
# Up to this many articles a search key is answered on the UI thread (at 100,000 a key
# costs ~20 ms there, less than handing it to a thread that competes with the drawing).
SEARCH_HERE_ROWS = 150_000
FINDING_RELATED = "Finding related stories…"
# Recently opened articles (and their related stories) kept for back, forward and reopening.
RECENT_ARTICLES = 8
# Work put off until the next frame runs after this long even when no frame comes.
PAINT_PATIENCE = 0.1

EMPTY_STORE = """\
This store has no articles yet.

Import some from a terminal:

    newsdesk import PATH      files or folders: .txt .md .html .json .jsonl .opml
    newsdesk add-feed URL     then press R here to fetch the feed

or explore the built-in sample articles:

    newsdesk demo

This screen updates by itself as soon as articles arrive.
Press ? for help, q to quit."""


class ReaderScreen(Screen[None]):
    CSS_PATH = "reader.tcss"
    BINDING_GROUP_TITLE = "Anywhere"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide"), (VERY_WIDE, "-very-wide")]
    AUTO_FOCUS = "#article-list"

    BINDINGS = [
        Binding("slash", "search", "Search", id="search", tooltip="Search titles, sources, tags and text as you type"),
        Binding("t", "pick_tag", "Tag", id="tag_filter", tooltip="Filter the list by a tag"),
        Binding("f", "pick_feed", "Feed", id="pick_feed", show=False, tooltip="Filter the list by a feed or folder"),
        Binding("u", "unread_only", "Unread", id="unread_only", tooltip="Show only unread articles, or all again"),
        Binding("m", "toggle_read", "Read", id="toggle_read", tooltip="Mark the article read, or unread again"),
        Binding("s", "star", "Star", id="star", tooltip="Star the article, or remove its star"),
        Binding("r", "focus_related", "Related", id="related", tooltip="Go to the related stories"),
        Binding("question_mark", "help", "Help", id="help", tooltip="Show every key"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit newsdesk"),
        Binding("M", "mark_all_read", "Mark all listed articles read", show=False, id="mark_all_read"),
        Binding("backspace,h", "back", "Back to the previous article", show=False, id="back"),
        Binding("shift+backspace,L", "forward", "Forward again", show=False, id="forward"),
        Binding("space", "page_down", "Page down the article", show=False, id="page_down"),
        Binding("b", "page_up", "Page up the article", show=False, id="page_up"),
        Binding("tab", "next_pane", "Next pane", show=False, id="next_pane"),
        Binding("shift+tab", "previous_pane", "Previous pane", show=False, id="previous_pane"),
        Binding("escape", "clear", "Clear search/filter", id="clear"),
        Binding("o", "open_url", "Open the article's web page", show=False, id="open_url"),
        Binding("R", "refresh_feeds", "Refresh feeds", show=False, id="refresh_feeds"),
        Binding("ctrl+r,f5", "reload", "Reload the store from disk", show=False, id="reload"),
        Binding("ctrl+b", "toggle_sidebar", "Show or hide the related sidebar", show=False, id="toggle_sidebar"),
    ]

    def __init__(self) -> None:
        super().__init__()
        # Renders only what each update shows (an open repaints the pane, not the containers).
        self._compositor = FrontFirstCompositor()
        self.snapshot: StoreSnapshot | None = None
        self.states: dict[str, ReadState] = {}
        self.filter = ListFilter()
        self.history = History()
        # Bumped whenever ``states`` changes, so a search counts unread rows from kept read marks.
        self._states_version = 0
        # The tag alias table is loaded (it is read in a worker when the search bar opens).
        self._aliases_ready = False
        # The box's value is watched directly (from the first time the search bar opens).
        self._watching_box = False
        self.body_hits: set[str] = set()
        self._body_status = ""
        self._filter_token = 0
        self._keep_id: str | None = None
        self._wanted_id: str | None = None
        self._sidebar_choice: bool | None = None  # None: decided by the width
        self._mark_timer: Timer | None = None
        self._search_timer: Timer | None = None
        self._related_timer: Timer | None = None
        self._prefetch_timer: Timer | None = None
        self._prefetch_due = 0.0
        self._prefetch_cursor_id: str | None = None
        # The last articles read ahead (asked again only once they are out of this short memory).
        self._prefetched: deque[str] = deque(maxlen=4)
        self._list_titles: tuple[str, str] | None = None
        self._search_index: SearchIndex | None = None
        self._indexing: list[ArticleSummary] | None = None  # the list a worker is indexing
        self._index_lock = threading.Lock()
        self._store_error: str | None = None
        self._clearable: bool | None = False
        self._recent: OrderedDict[str, Article] = OrderedDict()
        # Articles read ahead and not opened yet (the newest few).
        self._ahead: OrderedDict[str, Article] = OrderedDict()
        self._recent_related: OrderedDict[str, list[RelatedItem]] = OrderedDict()
        self._after_paint: list[Callable[[], None]] = []
        self._paint_timer: Timer | None = None

    @property
    def newsdesk(self) -> NewsdeskApp:
        return cast("NewsdeskApp", self.app)

    # -- composition ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # The width's class before the first layout (Textual sets it on the first resize event,
        # after the first frame, which then lays out and paints the whole screen again).
        width = self.app.size.width
        fitting = max((b for b in self.HORIZONTAL_BREAKPOINTS if width >= b[0]), default=None)
        self.update_classes({name: (at, name) == fitting for at, name in self.HORIZONTAL_BREAKPOINTS}, animate=False)
        yield Header(icon="◆")
        with ContentSwitcher(initial="reader-main", id="switcher"):
            with Horizontal(id="reader-main"):
                with Vertical(id="list-column"):
                    yield SearchBox(placeholder="Search titles, tags and text…", id="search", compact=True)
                    yield ArticleList(id="article-list")
                with Container(id="detail"):
                    yield ReadingPane(id="reading")
                    yield RelatedSidebar(id="related")
            with Container(id="empty"):
                yield Static(id="empty-message", markup=False)
        # Its label and bar are made when a feed refresh first reports: most runs never show them.
        yield Horizontal(id="progress")
        yield ReaderFooter(compact=True)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reading(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    @property
    def related(self) -> RelatedSidebar:
        return self.query_one(RelatedSidebar)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search", Input)

    def on_mount(self) -> None:
        self.search_input.display = False
        self.query_one("#progress").display = False
        first = self.newsdesk.take_first_rows()
        if first is None:
            self.article_list.loading = True
        self.article_list.border_title = "Articles"
        self.related.show_message("Open an article to see the stories it connects to.")
        self.reading.show_placeholder("Reading the store…")
        self.article_list.focus()
        self._apply_sidebar()
        if first is not None:
            self._show_first_rows(first)

    def _show_first_rows(self, snapshot: StoreSnapshot) -> None:
        """The newest rows, read while the program started: listed now, so the first frame has them."""
        self.on_store_loaded(StoreLoaded(snapshot, "open", True))
        view = apply_filter(snapshot.summaries, self.states, {}, self.filter)
        if view is not None:
            # The filter worker just started would answer these same rows a moment later.
            self._filter_token += 1
            self.on_filtered_view(FilteredView(self._filter_token, view, count_unread(view, self.states)))

    def on_resize(self) -> None:
        self._apply_sidebar()

    # -- the store's answers -------------------------------------------------------------
    def on_store_loaded(self, message: StoreLoaded) -> None:
        old = self.snapshot
        snapshot = message.snapshot
        self.snapshot = snapshot
        self.states = snapshot.states
        self._states_version += 1
        self._store_error = None
        if old is None:
            self.reading.show_placeholder()
        self.article_list.loading = False
        switcher = self.query_one("#switcher", ContentSwitcher)
        if not snapshot.summaries:
            self.query_one("#empty-message", Static).update(Content(EMPTY_STORE))
            switcher.current = "empty"
            self.set_focus(None)
        else:
            was_empty = switcher.current == "empty"
            switcher.current = "reader-main"
            if was_empty:
                self.article_list.focus()
        if message.articles_changed:
            # New or removed articles change related stories (and may remove an article).
            self._recent.clear()
            self._ahead.clear()
            self._recent_related.clear()
        if message.articles_changed and old is not None:
            shown = self.reading.article
            # A set of every id (~20 ms of the UI thread at 100,000 articles) only when something
            # visited could be gone: not for the whole list arriving behind the first rows.
            if shown is not None or len(self.history):
                ids = {s.id for s in snapshot.summaries}
                self.history.forget(ids)
                if shown is not None and shown.id not in ids:
                    self.reading.show_placeholder()
                    self.related.show_message("Open an article to see the stories it connects to.")
            added = len(snapshot.summaries) - len(old.summaries)
            if added > 0 and message.reason in ("poll", "reload"):
                self.notify(f"{added} new article{'s' if added != 1 else ''} arrived.", title="Store updated")
        if message.reason == "reload":
            self.notify(f"Reloaded {len(snapshot.summaries)} articles from disk.", title="Store")
        shown = self.reading.article
        if shown is not None:
            self.reading.show_state(self.states.get(shown.id, _UNREAD))
        self._refilter()
        self.refresh_bindings()
        if message.articles_changed and self.filter.words and old is not None:
            self._schedule_body_search()

    def on_store_failed(self, message: StoreFailed) -> None:
        self._stop_related_timer()
        if message.fatal:
            self._store_error = message.error
            self.article_list.loading = False
            self.query_one("#empty-message", Static).update(
                Content(f"The store could not be opened.\n\n{message.error}\n\nPress q to quit.")
            )
            self.query_one("#switcher", ContentSwitcher).current = "empty"
            self.set_focus(None)
        self.notify(message.error, title="Store", severity="error", timeout=12)

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        article = message.article
        if article.id != self._wanted_id:
            return
        self._remember(self._recent, article.id, article)
        self._show_article(article, self.states.get(article.id, message.state))

    def on_article_read_ahead(self, message: ArticleReadAhead) -> None:
        article = message.article
        if self.snapshot is not None and article.id not in self._recent:
            self._remember(self._ahead, article.id, article)

    def _show_article(self, article: Article, state: ReadState) -> None:
        self.reading.show_article(article, state)
        # Its related stories are looked up once the text is on screen: the lookup's thread
        # would share the interpreter with that frame, and their redraw would join it.
        self.paint_then(lambda: self._find_related(article))
        self.paint_then(self._read_below_open)
        if self._mark_timer is not None:
            self._mark_timer.stop()
            self._mark_timer = None
        delay = self.newsdesk.config.mark_read_delay
        if state.read or delay is None:
            return
        if delay == 0:
            # After the article's frame: the writer's thread would share the interpreter with it.
            self.paint_then(lambda: self._mark_open_read(article.id))
        else:
            self._mark_timer = self.set_timer(delay, lambda: self._mark_open_read(article.id))

    def _mark_open_read(self, article_id: str) -> None:
        self._mark_timer = None
        shown = self.reading.article
        if shown is not None and shown.id == article_id and not self.states.get(article_id, _UNREAD).read:
            self.newsdesk.save_states([article_id], read=True)

    def _find_related(self, article: Article) -> None:
        if article.id != self._wanted_id:
            return
        items = self._recent_related.get(article.id)
        if items is not None:
            self._show_related(article.id, items)
        else:
            self.newsdesk.load_related(article)

    def on_related_loaded(self, message: RelatedLoaded) -> None:
        if message.article_id != self._wanted_id:
            return
        self._remember(self._recent_related, message.article_id, message.items)
        # Asked for after the article's frame, so the stories come in a frame of their own.
        self._show_related(message.article_id, message.items)

    def _show_related(self, article_id: str, items: list[RelatedItem]) -> None:
        self._stop_related_timer()
        self.related.set_items(items)
        # The first story is the likeliest next open: its body is read ahead.
        if items and items[0].summary.id not in self._recent and items[0].summary.id not in self._ahead:
            self.newsdesk.prefetch_related(items[0].summary.id)

    @staticmethod
    def _remember(cache: OrderedDict, key: str, value: object) -> None:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > RECENT_ARTICLES:
            cache.popitem(last=False)

    # -- after the next frame ------------------------------------------------------------------
    def paint_then(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the next frame that shows the reading pane has gone out."""
        self._after_paint.append(callback)
        if self._paint_timer is None:
            self._paint_timer = self.set_timer(PAINT_PATIENCE, self._run_after_paint)

    def _compositor_refresh(self) -> None:
        if self.app._batch_count:
            # Inside a batch (the app's start-up is one) Textual would render the whole screen
            # only to drop the frame; the dirty regions stay for the first frame that is shown.
            self._repaint_required = True
            self.check_idle()
            return
        super()._compositor_refresh()
        # call_after_refresh may run before the pane's own refresh reaches the screen (its
        # messages are still queued), so the pane's pending flags are checked here.
        if self._after_paint and not self._pane_pending():
            self.call_next(self._run_after_paint)

    def _pane_pending(self) -> bool:
        # The pane draws all its lines itself (its chips child is never on screen).
        pane = self.reading
        return pane._layout_required or pane._repaint_required

    def _run_after_paint(self) -> None:
        if self._paint_timer is not None:
            self._paint_timer.stop()
            self._paint_timer = None
        callbacks, self._after_paint = self._after_paint, []
        for callback in callbacks:
            callback()

    def _stop_related_timer(self) -> None:
        if self._related_timer is not None:
            self._related_timer.stop()
            self._related_timer = None

    def _related_slow(self) -> None:
        self._related_timer = None
        self.related.show_message(FINDING_RELATED)

    def on_states_saved(self, message: StatesSaved) -> None:
        changed = {i: (self.states.get(i, _UNREAD).read, new.read) for i, new in message.states.items()}
        self.states.update(message.states)
        self._states_version += 1
        self.article_list.states_changed(self.states, changed)
        shown = self.reading.article
        if shown is not None and shown.id in message.states:
            self.reading.show_state(message.states[shown.id])
        self._update_list_titles()

    def on_filtered_view(self, message: FilteredView) -> None:
        if message.token != self._filter_token:
            return
        # The cursor may have moved since the filter started: keep what the user is on now.
        current = self.article_list.current
        keep = current.id if current is not None else self._keep_id
        self._keep_id = None
        self.article_list.set_articles(message.summaries, self.states, keep_id=keep, unread=message.unread)
        if not message.summaries:
            self.article_list.empty_message = (
                "No articles match; press escape to clear the search." if self.filter.words else "No articles match."
            )
        self._update_list_titles()

    def on_body_matches(self, message: BodyMatches) -> None:
        if message.query != self.filter.query:
            return
        self.body_hits.update(message.ids)
        if message.done:
            self._body_status = ""
        else:
            percent = 100 * message.scanned // max(message.total, 1)
            self._body_status = f"searching text {percent}%"
        if message.ids:
            self._refilter()
        else:
            self._update_list_titles()

    def on_feed_progress(self, message: FeedProgress) -> None:
        progress = self.query_one("#progress")
        if not progress.children:
            progress.mount(Label(id="progress-label", markup=False), ProgressBar(id="progress-bar", show_eta=False))
        progress.display = True
        self.query_one("#progress-label", Label).update(Content(message.label or "Refreshing feeds"))
        self.query_one("#progress-bar", ProgressBar).update(total=max(message.total, 1), progress=message.done)

    def on_feeds_refreshed(self, message: FeedsRefreshed) -> None:
        self.query_one("#progress").display = False
        if message.error:
            self.notify(message.error, title="Feeds", severity="error", timeout=10)
            return
        arrived = f"{message.new_articles} new article{'s' if message.new_articles != 1 else ''}"
        text = f"{arrived} from {message.feeds} feed{'s' if message.feeds != 1 else ''}."
        if message.failures:
            text += "\nFailed: " + "\n".join(message.failures[:5])
            if len(message.failures) > 5:
                text += f"\n… and {len(message.failures) - 5} more"
        self.notify(text, title="Feeds refreshed", severity="warning" if message.failures else "information", timeout=10)

    # -- reading ahead ---------------------------------------------------------------------
    def on_article_highlighted(self, message: ArticleHighlighted) -> None:
        # Read ahead once the cursor rests. One timer, pushed back by each move, so holding
        # a key down does not churn timers.
        message.stop()
        self._prefetch_due = time.monotonic() + PREFETCH_DELAY
        if self._prefetch_timer is None:
            self._prefetch_timer = self.set_timer(PREFETCH_DELAY, self._prefetch_cursor)

    def _prefetch_cursor(self) -> None:
        wait = self._prefetch_due - time.monotonic()
        if wait > 0.005:
            self._prefetch_timer = self.set_timer(wait, self._prefetch_cursor)
            return
        self._prefetch_timer = None
        current = self.article_list.current
        if current is None or self.snapshot is None:
            return
        if current.id != self._prefetch_cursor_id:
            self._prefetch_cursor_id = current.id
            self._read_ahead(current.id)
            # The row below (reading down the list, the next one opened) a moment later, or
            # once this one is opened: reading it can hold the interpreter for milliseconds
            # (a large store's body file), and the enter that opens this row often comes now.
            self._prefetch_due = time.monotonic() + PREFETCH_BELOW_DELAY
            self._prefetch_timer = self.set_timer(PREFETCH_BELOW_DELAY, self._prefetch_cursor)
            return
        self._read_ahead(self._row_below())

    def _read_below_open(self) -> None:
        current = self.article_list.current
        if current is not None and current.id == self._wanted_id:
            self._read_ahead(self._row_below())

    def _row_below(self) -> str | None:
        lst = self.article_list
        return lst.articles[lst.cursor + 1].id if 0 <= lst.cursor < len(lst.articles) - 1 else None

    def _read_ahead(self, article_id: str | None) -> None:
        if article_id is None or article_id == self._wanted_id or article_id in self._prefetched:
            return
        if article_id in self._recent or article_id in self._ahead:
            return
        self._prefetched.append(article_id)
        self.newsdesk.prefetch_article(article_id)

    # -- the widgets' messages ------------------------------------------------------------
    def on_article_chosen(self, message: ArticleChosen) -> None:
        self.open_article(message.article_id)

    def on_related_chosen(self, message: RelatedChosen) -> None:
        self.open_article(message.article_id)

    def on_tag_chosen(self, message: TagChosen) -> None:
        self.set_tag_filter(message.tag_id, message.name)


    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self.search_input.value:
            # A newer key is already in the box; its own message follows.
            return
        self._query_typed(event.value)

    def _query_typed(self, value: str) -> None:
        """The search box holds ``value`` now: list its answer (here when cheap, else in the worker)."""
        if value == self.filter.query:
            return
        self.filter = replace(self.filter, query=value)
        self.body_hits = set()
        self._body_status = ""
        self.newsdesk.cancel_body_search()
        # First, so the list's answer brings the "searching text" note with it (one redraw).
        self._schedule_body_search()
        if not self._search_here():
            self._refilter()

    def _search_here(self) -> bool:
        """Answer the search right here when the index is ready and the list not huge, so
        one frame shows the key and its list (no thread to start, nor to share the
        interpreter with while the key is drawn). False when the worker should."""
        snapshot = self.snapshot
        index = self._search_index
        if snapshot is None or index is None or index.summaries is not snapshot.summaries:
            return False
        if not self._aliases_ready or len(index) > SEARCH_HERE_ROWS:
            return False
        got = filter_view(
            index,
            self.states,
            self.filter,
            body_hits=frozenset(self.body_hits),
            tag_aliases=self._tag_aliases(self.filter),
            states_version=self._states_version,
        )
        if got is None:
            return False
        # Any answer still being worked out in the worker is older than this one.
        self._filter_token += 1
        self.workers.cancel_group(self, "filter")
        self.on_filtered_view(FilteredView(self._filter_token, *got))
        return True

    def _tag_aliases(self, flt: ListFilter) -> frozenset[str]:
        """The tag a search query names through the alias table (``Poutine`` → putin), if any."""
        canonical = self.newsdesk.canonical_tag(flt.query) if flt.words else None
        return frozenset({canonical}) if canonical else frozenset()

    @work(thread=True, exclusive=True, group="search-aliases", description="load the tag aliases")
    def _load_aliases(self) -> None:
        # The alias table loads on first use (a tenth of a second): here, off the UI thread.
        self.newsdesk.canonical_tag("a")
        self._aliases_ready = True

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.article_list.focus()

    # -- decisions ------------------------------------------------------------------------------
    def open_article(self, article_id: str, *, record: bool = True) -> None:
        """Show an article: load it, then its related stories, in the App's workers."""
        if self.snapshot is None:
            return
        if record:
            self.history.visit(article_id)
        self._wanted_id = article_id
        current = self.article_list.current
        if current is None or current.id != article_id:
            # The list follows after the article's frame (moving it far redraws all its rows).
            self.paint_then(lambda: self._list_follows(article_id))
        # The previous stories stay until the new ones come (usually within a frame or two);
        # only a slow answer replaces them with a note, so an open repaints the sidebar once.
        self._stop_related_timer()
        self._related_timer = self.set_timer(RELATED_PATIENCE, self._related_slow)
        article = self._recent.get(article_id)
        if article is None and (article := self._ahead.pop(article_id, None)) is not None:
            self._remember(self._recent, article_id, article)
        if article is not None:
            self._recent.move_to_end(article_id)
            self._show_article(article, self.states.get(article_id, _UNREAD))
        else:
            self.newsdesk.load_article(article_id)

    def _list_follows(self, article_id: str) -> None:
        if article_id == self._wanted_id:
            self.article_list.move_to(article_id)

    def set_tag_filter(self, tag_id: str | None, name: str | None = None) -> None:
        self.filter = replace(self.filter, tag_id=tag_id, tag_name=name if tag_id else None)
        self._refilter()
        self.article_list.focus()

    def set_feed_filter(self, urls: frozenset[str] | None, name: str | None = None) -> None:
        self.filter = replace(self.filter, feed_urls=urls, feed_name=name if urls is not None else None)
        self._refilter()
        self.article_list.focus()

    def _schedule_body_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        if self.filter.words:
            self._body_status = "searching text…"
            self._search_timer = self.set_timer(BODY_SEARCH_DELAY, self._start_body_search)
        # No title update here: the list's new answer, due in a moment, brings it (one redraw, not two).

    def _start_body_search(self) -> None:
        self._search_timer = None
        if self.snapshot is None or not self.filter.words:
            return
        index = self._search_index
        if index is not None and index.summaries is not self.snapshot.summaries:
            index = None
        self.newsdesk.search_bodies(self.filter.query, self.snapshot, index)

    def _refilter(self) -> None:
        """Recompute the list in the filter worker; the newest request wins; the cursor stays put."""
        if self.snapshot is None:
            return
        self._filter_token += 1
        if self._keep_id is None:
            current = self.article_list.current
            self._keep_id = current.id if current is not None else None
        summaries = self.snapshot.summaries
        index = self._search_index
        if (index is None or index.summaries is not summaries) and self._indexing is not summaries:
            # Index a new list behind the screen, so the first search key finds it ready.
            self._indexing = summaries
            self._build_search_index(self.snapshot)
        self._compute_view(self._filter_token, self.snapshot, self.filter, frozenset(self.body_hits), self._states_version)

    def _index_for(self, snapshot: StoreSnapshot) -> SearchIndex | None:
        """The search index of ``snapshot``'s list, built here if no worker has yet; None if replaced."""
        with self._index_lock:
            index = self._search_index
            if index is not None and index.summaries is snapshot.summaries:
                return index
            # Never stopped by a newer key (that one needs the same index), only by a newer list.
            index = SearchIndex.build(snapshot.summaries, cancelled=lambda: self._replaced(snapshot))
            if index is not None:
                self._search_index = index
            return index

    def _replaced(self, snapshot: StoreSnapshot) -> bool:
        current = self.snapshot
        return current is None or current.summaries is not snapshot.summaries

    @work(thread=True, exclusive=True, group="search-index", description="index the list for search")
    def _build_search_index(self, snapshot: StoreSnapshot) -> None:
        with self.newsdesk.background:
            self._index_in_background(snapshot)

    def _index_in_background(self, snapshot: StoreSnapshot) -> None:
        index = self._index_for(snapshot)
        if index is not None:
            # The read marks too, so the first key counts unread articles from them.
            index.marked(read_ids(self.states))
            # And what each first key (a letter) matches: the slowest answer of a search.
            index.learn_first_keys(cancelled=lambda: self._replaced(snapshot))

    # An explicit description: the default one would repr 100,000 summaries on every keystroke.
    @work(thread=True, exclusive=True, group="filter", description="filter the article list")
    def _compute_view(
        self,
        token: int,
        snapshot: StoreSnapshot,
        flt: ListFilter,
        body_hits: frozenset[str],
        states_version: int | None = None,
    ) -> None:
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        # The alias table loads on first use: here, off the UI thread.
        aliases = self._tag_aliases(flt)
        index = self._search_index
        if index is not None and index.summaries is not snapshot.summaries:
            index = None
        if flt.words:
            # Searching waits for the index; other filters use it only once it is there.
            index = self._index_for(snapshot)
            if index is None or worker.is_cancelled:
                return
        if index is not None:
            got = filter_view(
                index, self.states, flt, body_hits=body_hits, tag_aliases=aliases, cancelled=cancelled, states_version=states_version
            )
            if got is None:
                return
            view, unread = got
        else:
            plain = apply_filter(snapshot.summaries, self.states, {}, flt, cancelled=cancelled)
            if plain is None:
                return
            view, unread = plain, count_unread(plain, self.states)
        if not worker.is_cancelled:
            self.post_message(FilteredView(token, view, unread))

    def _update_list_titles(self) -> None:
        lst = self.article_list
        total = len(lst.articles)
        parts = [p for p in (self.filter.describe(), self._body_status) if p]
        titles = (f"Articles · {lst.unread_count} unread / {total}", " · ".join(parts))
        if titles != self._list_titles:
            self._list_titles = titles
            # Content, not str: a tag name or a search in the subtitle is text, never markup.
            lst.set_titles(Content(titles[0]), Content(titles[1]))
        # refresh_bindings makes the footer and help re-read every key: only when "clear" comes or goes.
        clearable = self.check_action("clear", ())
        if clearable != self._clearable:
            self._clearable = clearable
            self.refresh_bindings()

    def _target(self) -> ArticleSummary | None:
        """The article an action applies to: the list's cursor when the list has focus, else the open one."""
        shown = self.reading.article
        if self.article_list.has_focus or shown is None:
            return self.article_list.current
        if self.snapshot is not None:
            return shown.summary
        return None

    def _apply_sidebar(self) -> None:
        wide = self.size.width >= WIDE
        visible = self._sidebar_choice if self._sidebar_choice is not None else wide
        self.related.display = visible

    # -- actions ------------------------------------------------------------------------------
    _NEED_ARTICLES = frozenset(
        {
            "search",
            "pick_tag",
            "pick_feed",
            "unread_only",
            "toggle_read",
            "star",
            "focus_related",
            "mark_all_read",
            "back",
            "forward",
            "page_down",
            "page_up",
            "next_pane",
            "previous_pane",
            "open_url",
            "toggle_sidebar",
        }
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what cannot apply: article actions on an empty store, clear when nothing is filtered."""
        if action in self._NEED_ARTICLES:
            return bool(self.snapshot and self.snapshot.summaries)
        if action == "clear":
            searching = any(w.display for w in self.query("#search"))
            return (
                searching
                or bool(self.filter.query)
                or self.filter.tag_id is not None
                or self.filter.feed_urls is not None
            )
        return True

    def action_search(self) -> None:
        self.search_input.display = True
        self.search_input.focus()
        self.refresh_bindings()
        if not self._aliases_ready:
            self._load_aliases()
        if not self._watching_box:
            self._watching_box = True
            # Called as the box changes, before it is redrawn: one frame shows the key and its list.
            self.watch(self.search_input, "value", self._query_typed, init=False)

    def action_clear(self) -> None:
        if self.search_input.display or self.filter.query:
            self.search_input.value = ""
            self.search_input.display = False
            if self.filter.query:
                self.filter = replace(self.filter, query="")
                self.body_hits = set()
                self._body_status = ""
                self.newsdesk.cancel_body_search()
                if self._search_timer is not None:
                    self._search_timer.stop()
                self._refilter()
            self.article_list.focus()
            self.refresh_bindings()
        elif self.filter.tag_id:
            self.set_tag_filter(None)
        elif self.filter.feed_urls is not None:
            self.set_feed_filter(None)
        elif not self.article_list.has_focus:
            self.article_list.focus()

    def action_pick_tag(self) -> None:
        if self.snapshot is None:
            return

        def chosen(result: tuple[str, str] | None) -> None:
            if result is not None:
                self.set_tag_filter(*result)

        self.app.push_screen(
            TagPickerScreen(self.snapshot.tags, resolve_alias=self.newsdesk.canonical_tag, current=self.filter.tag_id),
            chosen,
        )

    def action_pick_feed(self) -> None:
        if self.snapshot is None or self.newsdesk.store is None:
            return
        # A copy: saved states update the live dict while the worker counts.
        self._load_feed_choices(self.snapshot, dict(self.states))

    @work(thread=True, exclusive=True, group="feed-picker", description="count articles per feed")
    def _load_feed_choices(self, snapshot: StoreSnapshot, states: dict[str, ReadState]) -> None:
        store = self.newsdesk.store
        if store is None:
            return
        try:
            from store.feeds import list_feeds

            subs = list_feeds(store)
        except Exception as exc:  # noqa: BLE001 - the picker still offers "All feeds"
            self.app.call_from_thread(self.notify, f"cannot read the feed list: {exc}", severity="warning")
            subs = []
        choices = feed_choices([(s.url, s.title, s.folder) for s in subs], snapshot.summaries, states)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_feed_picker, choices)

    def _show_feed_picker(self, choices: list[FeedChoice]) -> None:
        if not self.is_current:
            return  # another dialog opened meanwhile

        def chosen(result: FeedChoice | None) -> None:
            if result is not None:
                name = one_line(result.label) + ("/" if result.kind == "folder" else "")
                self.set_feed_filter(result.urls, name)

        self.app.push_screen(FeedPickerScreen(choices, current=self.filter.feed_urls), chosen)

    def action_unread_only(self) -> None:
        self.filter = replace(self.filter, unread_only=not self.filter.unread_only)
        self._refilter()

    def action_toggle_read(self) -> None:
        target = self._target()
        if target is None:
            return
        read = self.states.get(target.id, _UNREAD).read
        if self._mark_timer is not None and not read:
            self._mark_timer.stop()
            self._mark_timer = None
        self.newsdesk.save_states([target.id], read=not read)

    def action_star(self) -> None:
        target = self._target()
        if target is None:
            return
        self.newsdesk.save_states([target.id], starred=not self.states.get(target.id, _UNREAD).starred)

    def action_mark_all_read(self) -> None:
        unread = [s.id for s in self.article_list.articles if not self.states.get(s.id, _UNREAD).read]
        if not unread:
            self.notify("Every listed article is already read.")
            return
        count = len(unread)
        question = f"Mark {count} listed article{'s' if count != 1 else ''} as read?"
        if not self.filter.is_default:
            question += f"\n(listed: {self.filter.describe()})"

        def answered(yes: bool | None) -> None:
            if yes:
                self.newsdesk.save_states(unread, read=True)

        self.app.push_screen(ConfirmScreen(question, yes="Mark read"), answered)

    def action_focus_related(self) -> None:
        if not self.related.display:
            self._sidebar_choice = True
            self._apply_sidebar()
        self.related.focus()

    def action_toggle_sidebar(self) -> None:
        self._sidebar_choice = not self.related.display
        self._apply_sidebar()

    def action_back(self) -> None:
        article_id = self.history.back()
        if article_id is None:
            self.notify("No earlier article in the history.", timeout=3)
            return
        self.open_article(article_id, record=False)

    def action_forward(self) -> None:
        article_id = self.history.forward()
        if article_id is None:
            self.notify("No later article in the history.", timeout=3)
            return
        self.open_article(article_id, record=False)

    def action_page_down(self) -> None:
        self.reading.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.reading.scroll_page_up(animate=False)

    def _panes(self) -> list[Widget]:
        panes: list[Widget] = []
        if self.search_input.display:
            panes.append(self.search_input)
        panes += [self.article_list, self.reading]
        chips = self.reading.chips
        if self.reading.article is not None and chips.entities:
            panes.append(chips)
        if self.related.display:
            panes.append(self.related)
        return panes

    def _cycle_focus(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        index = panes.index(focused) if focused in panes else -1
        panes[(index + step) % len(panes)].focus()

    def action_next_pane(self) -> None:
        self._cycle_focus(1)

    def action_previous_pane(self) -> None:
        self._cycle_focus(-1)

    def action_open_url(self) -> None:
        target = self._target()
        if target is None:
            return
        url = (target.url or "").strip()
        if not url:
            self.notify("This article has no web address.", severity="warning")
            return
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError:
            scheme = ""
        if scheme not in ("http", "https"):
            self.notify(
                f"Not opening {one_line(url)[:80]}: only http and https addresses are opened.",
                severity="warning",
            )
            return
        self.app.open_url(url)
        self.notify(f"Opening {one_line(url)[:80]} in your browser.", timeout=3)

    def action_refresh_feeds(self) -> None:
        self.newsdesk.refresh_feeds()

    def action_reload(self) -> None:
        self.newsdesk.reload_store("reload")

    def action_help(self) -> None:
        self.newsdesk.show_help()

    def action_quit(self) -> None:
        self.app.exit(return_code=1 if self._store_error else 0)
