"""The newsdesk reader App: the mediator between the widgets and the store.

The App owns the Store. Every store call runs in a thread worker, through
``GuardedStore`` (one lock, because the Store's in-memory caches are rebuilt on
refresh), and the answer goes to the reader screen as a message. The UI thread
only ever reads the plain snapshot data those messages carry.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.worker import Worker, WorkerState, get_current_worker

from store.models import Article, Entity
from store.search import SearchIndex, query_words
from store.storage import StoreError

from .config import ReaderConfig, config_path, load_config
from .display import inert, one_line
from .filters import body_haystack, matches_words
from .keymap import KeyHelp, binding_ids, key_conflicts, key_sections
from .messages import (
    ArticleLoaded,
    ArticleReadAhead,
    BodyMatches,
    FeedProgress,
    FeedsRefreshed,
    RelatedItem,
    RelatedLoaded,
    StatesSaved,
    StoreFailed,
    StoreLoaded,
    StoreSnapshot,
)
from .screens.confirm import ConfirmScreen
from .screens.help import HelpScreen
from .screens.reader import ReaderScreen
from .screens.tag_picker import TagPickerScreen
from .startup import StoreOpening, newest_rows
from .widgets import ArticleList, ReadingPane, RelatedSidebar, TagChips

POLL_SECONDS = 2.0
RELATED_LIMIT = 8
# At most this long a related lookup waits for the index being built behind the screen.
RELATED_BUILD_WAIT = 30.0
BODY_BATCH_SECONDS = 0.5
# How long a thread holds the interpreter while another waits for it (Python's default: 5 ms).
UI_SWITCH_INTERVAL = 0.0005

# Whose bindings the help screen and the palette list, in this order (dialogs last: not in the palette).
KEY_OWNERS: tuple[type[DOMNode], ...] = (
    ReaderScreen,
    ArticleList,
    ReadingPane,
    TagChips,
    RelatedSidebar,
    TagPickerScreen,
    ConfirmScreen,
    HelpScreen,
)


class QuietCollector:
    """Full garbage collections at quiet moments, never in the middle of a key press.

    A full collection walks every tracked object: with 100,000 articles loaded it paused
    the reader for 100 to 500 ms every second or so while keys were pressed (and for
    seconds in all while the store loaded). So Python's own full collections are off
    while the reader runs; what a store read built (rows, snapshot, related index) is
    frozen out of the collector (it is freed by reference counting when a reload replaces
    it, and holds no cycles); and the remaining full collections run when no key or
    click came for a moment.
    """

    QUIET_SECONDS = 0.5
    # Textual's frame caches leave no cycles now, so a collection mostly walks rebuilt widgets
    # (tens of ms at 10,000 articles): often enough that their garbage stays a few MB.
    LONGEST_WAIT_SECONDS = 8.0
    # A key's frame is out this long after it came, and a next key seldom comes sooner.
    BETWEEN_KEYS_SECONDS = 0.05
    # How often tick() looks for a quiet moment.
    TICK_SECONDS = 0.5
    # Full collections Python would have run by now (its own rule: one per ten of the middle generation).
    PENDING = 10
    NEVER = 1_000_000

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None
        self._settled = False
        self.last_input = 0.0
        self._last_full = time.monotonic()

    def start(self) -> None:
        """Take over the timing of full collections (young ones stay Python's)."""
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, self.NEVER)

    def settle(self) -> None:
        """Freeze what is alive now: a store read finished and its data stays."""
        gc.collect(1)
        gc.freeze()
        self._settled = True

    def tick(self) -> None:
        """Run a pending full collection if the user is not pressing keys (or waited too long)."""
        # Before the first store read is frozen a full collection would walk all of it.
        if not self._settled or self._saved is None or gc.get_count()[2] < self.PENDING:
            return
        now = time.monotonic()
        since_key = now - self.last_input
        overdue = now - self._last_full >= self.LONGEST_WAIT_SECONDS
        # Overdue, it still waits for a gap between two keys rather than land on one's frame.
        if since_key >= self.QUIET_SECONDS or (overdue and since_key >= self.BETWEEN_KEYS_SECONDS):
            gc.collect()
            self._last_full = now

    def stop(self) -> None:
        """Give the collector back its own timing and everything frozen."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
        if self._settled:
            gc.unfreeze()
            self._settled = False


class GuardedStore:
    """The Store with every method call made under one lock, so workers never see a half-refresh."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.guard = threading.RLock()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.store, name)
        if not callable(value):
            return value

        def guarded(*args: Any, **kwargs: Any) -> Any:
            with self.guard:
                return value(*args, **kwargs)

        return guarded

    def __len__(self) -> int:
        with self.guard:
            return len(self.store)

    @property
    def lock(self) -> contextlib.ExitStack:
        """The store's writer lock, always taken after the guard, so the two never deadlock."""
        stack = contextlib.ExitStack()
        stack.enter_context(self.guard)
        stack.enter_context(self.store.lock)
        return stack


class ReaderCommands(Provider):
    """Every reader action with a description, in the command palette."""

    def _commands(self) -> Iterable[tuple[KeyHelp, Callable[[], object]]]:
        app = self.app
        screen = self.screen
        if not isinstance(app, NewsdeskApp) or not isinstance(screen, ReaderScreen):
            return
        for section in app.key_sections():
            if section.owner is ReaderScreen:
                node: DOMNode | None = screen
            else:
                node = next(iter(screen.query(section.owner)), None)
            if node is None:
                continue
            for entry in section.entries:
                if node.check_action(entry.action, ()) is False:
                    continue  # not applicable now (an article action on an empty store)
                yield entry, partial(app.run_action, entry.action, node)

    async def discover(self) -> Hits:
        for entry, callback in self._commands():
            yield DiscoveryHit(entry.description, callback, help=" / ".join(entry.keys))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry, callback in self._commands():
            score = matcher.match(entry.description)
            if score > 0:
                yield Hit(score, matcher.highlight(entry.description), callback, help=" / ".join(entry.keys))


class NewsdeskApp(App[None]):
    """The reader on the store at ``store_path``; ``label`` names it in the header."""

    CSS_PATH = "app.tcss"
    TITLE = "newsdesk"
    COMMANDS = App.COMMANDS | {ReaderCommands}

    def __init__(self, store_path: Path, *, label: str | None = None, opening: StoreOpening | None = None) -> None:
        """``opening``: the same store already being opened in a thread (the command line starts one)."""
        super().__init__()
        self.store_path = Path(store_path)
        self.label = label
        self.sub_title = inert(label or str(self.store_path))
        self.config: ReaderConfig = load_config(binding_ids=binding_ids(KEY_OWNERS))
        self.store: GuardedStore | None = None
        self.reader = ReaderScreen()
        self._tags: list[tuple[Entity, int]] = []
        self._reloading = False
        self._writes: deque[tuple[list[str], bool | None, bool | None]] = deque()
        self._writes_lock = threading.Lock()
        self._writer_running = False
        self._refreshing = False  # a feed refresh (which writes articles) is running
        self._canonical: Callable[[str], str | None] | None | bool = False  # False: not looked up yet
        self._collector = QuietCollector()
        self._switch_interval: float | None = None
        self._quitting = False
        self._collect_timer: Timer | None = None
        self._opening = opening
        self._first_lock = threading.Lock()
        # Held by the long jobs behind the screen (the related index, the search index), so
        # they run one after the other: keys wait for the interpreter far less behind one
        # busy thread than behind two. Work a key asked for never takes it.
        self.background = threading.Lock()
        # Set once the store worker has built the related index (or given up): a lookup waits
        # for it rather than start a second build of its own under the store's guard.
        self._related_built = threading.Event()
        self._first_shown = False

    # -- lifecycle -------------------------------------------------------------------------
    def get_default_screen(self) -> ReaderScreen:
        # The reader is the first screen: pushing it over a blank one cost a re-parse of all
        # the CSS and another layout before the first frame.
        for path in self.reader.css_path:
            if not self.stylesheet.has_source(str(path)):
                self.stylesheet.read(path)
        return self.reader

    def on_mount(self) -> None:
        if self.config.keys:
            self.set_keymap(self.config.keys)
            self._report_key_conflicts()
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                self.notify(
                    f"config file {self.config.path}: theme {self.config.theme!r} is unknown; "
                    f"known themes: {', '.join(sorted(self.available_themes))}",
                    title="Config",
                    severity="warning",
                    timeout=12,
                )
        for problem in self.config.problems:
            self.notify(problem, title="Config", severity="warning", timeout=12)
        # Paint the screen (with its loading indicator) before the store's first read takes the CPU.
        self.call_after_refresh(self.open_store)
        self.set_interval(POLL_SECONDS, self.poll_store)

    def on_load(self) -> None:
        from tui.memory import mend_textual_cycles

        # Before the first frame: Textual's frame caches otherwise leave cycles for the collector.
        mend_textual_cycles()
        self._collector.start()
        # Workers (store reads, scoring, search) hold the interpreter for 5 ms at a time by
        # default; a key waiting behind them would wait that long at every hand-over.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(UI_SWITCH_INTERVAL)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            if self._quitting:
                # Keys typed after quit (a fast "q" then "t") must not open screens in a closing app.
                return
            self._collector.last_input = time.monotonic()
        await super().on_event(event)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self._quitting = True
        super().exit(*args, **kwargs)

    @property
    def writing(self) -> bool:
        """Whether a worker that writes to the store (reading state, a feed refresh) is still at it.

        Once the reader has closed, the workers left otherwise only read (indexes, read-ahead):
        the process need not wait for them to end."""
        with self._writes_lock:
            return self._writer_running or bool(self._writes) or self._refreshing

    def on_unmount(self) -> None:
        self._collector.stop()
        if self._switch_interval is not None:
            sys.setswitchinterval(self._switch_interval)
            self._switch_interval = None
        if self.store is None:
            if self._opening is not None:
                # Quit before the store worker took the store that was opened for it.
                with contextlib.suppress(StoreError, OSError):
                    self._opening.close()
            return
        # A change asked for just before quitting is still saved; close waits for one in flight.
        self._write_states()
        try:
            self.store.close()
        except StoreError:
            pass

    def _report_key_conflicts(self) -> None:
        for taker, key, loser in key_conflicts(KEY_OWNERS, ReaderScreen, self.config.keys):
            self.notify(
                f"config file {self.config.path}: [keys] {taker} takes {key!r} from {loser}; "
                f"{loser} keeps only its other keys",
                title="Config",
                severity="warning",
                timeout=12,
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications often quote article text, file names or URLs: never as markup, never raw."""
        super().notify(inert(message), title=inert(title), severity=severity, timeout=timeout, markup=False)

    def key_sections(self):
        return key_sections(KEY_OWNERS, self.config.keys, self.get_key_display)

    def show_help(self) -> None:
        hint = (
            f"Rebind a key in {self.config.path or config_path()}: under [keys], write id = \"key\" "
            "(the ids are shown beside each action)."
        )
        self.push_screen(HelpScreen(self.key_sections(), config_hint=hint))

    # -- opening and re-reading the store ----------------------------------------------------
    def _worker(self, fn: Callable[..., None], *args: Any, group: str, exclusive: bool = False) -> None:
        # An explicit description: by default Textual prints the arguments, which for a store
        # snapshot of 100,000 rows costs the UI thread most of a second.
        self.run_worker(
            partial(fn, *args), name=fn.__name__, description=fn.__name__, group=group, exclusive=exclusive, thread=True
        )

    def open_store(self) -> None:
        # No polling while the first read runs: a lazy store looks changed until its list is loaded.
        self._reloading = True
        self._worker(self._open_store, group="store", exclusive=True)

    def _open_store(self) -> None:
        try:
            self._open_store_now()
        finally:
            self._related_built.set()
            # A plain flag, set from the worker: the poll on the UI thread only reads it.
            self._reloading = False

    def take_first_rows(self) -> StoreSnapshot | None:
        """The newest rows, once, if the store opened at start-up has them ready now; else None.

        The reader asks when it mounts, so that its first frame shows them; the store worker
        then only loads the whole list.
        """
        opening = self._opening
        if opening is None or not opening.done or opening.error is not None or not opening.first:
            return None
        with self._first_lock:
            if self._first_shown or self._opening is None:
                return None
            self._first_shown = True
            if self.store is None:
                self.store = GuardedStore(opening.store)
        return StoreSnapshot(opening.first, opening.states, [])

    def _open_store_now(self) -> None:
        from store.db import Store
        from tui.memory import release_free_memory

        try:
            # First paint from the newest rows only: a lazy store reads its small recent-rows index
            # and the reading state of those rows; the whole list loads just below, behind them.
            # The store opened at start-up serves the first open only; a reload opens it again.
            opening, self._opening = self._opening, None
            if opening is not None:
                opening.wait()
                if opening.error is not None:
                    raise opening.error
                with self._first_lock:
                    if self.store is None:
                        self.store = GuardedStore(opening.store)
                    store = self.store
                    shown, self._first_shown = self._first_shown, True
                first, states = opening.first, opening.states
            else:
                store = GuardedStore(Store(self.store_path, create=True, lazy=True))
                # Set before the first paint, so an article opened from those rows can load.
                self.store = store
                with store.guard:
                    first, states = newest_rows(store.store)
                shown = False
            if first:
                if not shown:
                    early = StoreSnapshot(first, states, [])
                    self.reader.post_message(StoreLoaded(early, "open", True))
                # Reading the whole store holds the CPU: let the screen draw those rows first.
                self._wait_for_first_paint()
            self._post_snapshot("open", articles_changed=True)
            # The full read freed far more than it keeps; hand those pages back from this thread.
            release_free_memory()
        except StoreError as exc:
            self.store = None
            self.reader.post_message(StoreFailed(str(exc), fatal=True))
            return
        except OSError as exc:
            self.store = None
            self.reader.post_message(
                StoreFailed(f"cannot open the store at {self.store_path}: {exc.strerror or exc}", fatal=True)
            )
            return
        # Scoring needs the related index; building it now keeps the first open quick.
        try:
            with self.background:
                # The guard only while the store is read: a mark-read meanwhile need not wait.
                store.store.build_related_index(store.guard)
        except Exception:  # noqa: BLE001 - a scoring problem must not stop reading
            pass
        release_free_memory()
        self.canonical_tag("warm up the alias table")

    def _wait_for_first_paint(self, timeout: float = 1.0) -> None:
        """Block the store worker until the list has drawn its first rows (at most ``timeout`` s)."""
        painted = threading.Event()
        deadline = time.monotonic() + timeout

        def check() -> None:
            if self.reader.article_list.articles:
                self.call_after_refresh(painted.set)
            elif time.monotonic() < deadline:
                self.set_timer(0.005, check)

        try:
            self.call_from_thread(check)
        except Exception:  # noqa: BLE001 - the app is closing: nothing to wait for
            return
        painted.wait(timeout)

    def _post_snapshot(self, reason: str, *, articles_changed: bool) -> None:
        store = self.store
        assert store is not None
        with store.guard:
            summaries = store.store.summaries()
            states = dict(store.store.states())
            if articles_changed or not self._tags:
                self._tags = store.store.tags()
        # Search text lives in the reader's SearchIndex, built from the summaries in a worker.
        snapshot = StoreSnapshot(summaries, states, self._tags)
        self.reader.post_message(StoreLoaded(snapshot, reason, articles_changed))

    def poll_store(self) -> None:
        """Cheap check (three stats) for changes by another process; re-read them in a worker."""
        self._collector.tick()
        store = self.store
        if store is None or self._reloading:
            return
        try:
            changed = store.store.changed_on_disk
        except OSError:
            return
        if changed:
            self.reload_store("poll")

    def reload_store(self, reason: str = "reload") -> None:
        if self.store is None:
            self.open_store()
            return
        self._reloading = True
        self._worker(self._reload_store, reason, group="store", exclusive=True)

    def _reload_store(self, reason: str) -> bool:
        """Re-read what changed on disk; True when a new snapshot went to the screen."""
        store = self.store
        assert store is not None
        try:
            with store.guard:
                # summaries() is cached until the articles change, so identity tells what changed.
                before = store.store.summaries()
                changed = store.store.refresh()
                articles_changed = store.store.summaries() is not before
            if changed or reason != "poll":
                self._post_snapshot(reason, articles_changed=articles_changed or reason == "reload")
                return True
        except StoreError as exc:
            self.reader.post_message(StoreFailed(str(exc)))
        finally:
            self._reloading = False
        return False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # What a store read built (rows, snapshot, related index) lives until the next one.
        # A poll that found nothing new built nothing: freezing then would only keep garbage.
        if event.state == WorkerState.SUCCESS and event.worker.group in ("store", "feeds") and event.worker.result is not False:
            self._collector.settle()
            if self._collect_timer is None:
                self._collect_timer = self.set_interval(QuietCollector.TICK_SECONDS, self._collector.tick)

    # -- articles ------------------------------------------------------------------------------------
    def load_article(self, article_id: str) -> None:
        """Read the article; answers ArticleLoaded (its related stories come from load_related)."""
        if self._load_cached_article(article_id):
            return
        self._worker(self._load_article, article_id, group="article", exclusive=True)

    def _load_cached_article(self, article_id: str) -> bool:
        """Answer at once when the body is already parsed in memory (read ahead for the cursor).

        A worker's thread and its hand-overs cost more than such a read; a store busy in
        another thread is not waited for here.
        """
        store = self.store
        if store is None or not store.guard.acquire(blocking=False):
            return False
        try:
            if not store.store.is_body_cached(article_id):
                return False
            article: Article = store.store.get(article_id)
            state = store.store.state(article_id)
        except StoreError:
            return False  # the worker reads it again and reports the error
        finally:
            store.guard.release()
        # A read still running for an earlier choice must not answer after this one.
        self.workers.cancel_group(self, "article")
        self.reader.post_message(ArticleLoaded(article, state))
        return True

    def load_related(self, article: Article) -> None:
        """Find the article's related stories; answers RelatedLoaded."""
        self._worker(self._load_related, article, group="related", exclusive=True)

    def prefetch_article(self, *article_ids: str) -> None:
        """Read the articles ahead, in this order; each answers ArticleReadAhead (no reading state changes)."""
        if self.store is None or not article_ids:
            return
        self._worker(self._prefetch_article, *article_ids, group="prefetch", exclusive=True)

    def prefetch_related(self, article_id: str) -> None:
        """Read a related story ahead, beside (not instead of) the list cursor's read-ahead."""
        if self.store is None:
            return
        self._worker(self._prefetch_article, article_id, group="prefetch-related", exclusive=True)

    def _prefetch_article(self, *article_ids: str) -> None:
        store = self.store
        worker = get_current_worker()
        for article_id in article_ids:
            # A newer read-ahead (the cursor moved on) makes the rest of this one useless.
            if store is None or worker.is_cancelled:
                return
            try:
                article: Article = store.get(article_id)
            except StoreError:
                continue  # opening it reports the error
            # The reader keeps it, so opening it needs neither the store nor its lock (which
            # another worker, such as a related lookup, may hold right then).
            self.reader.post_message(ArticleReadAhead(article))

    def _load_article(self, article_id: str) -> None:
        store = self.store
        if store is None:
            return
        try:
            article: Article = store.get(article_id)
            state = store.state(article_id)
        except StoreError as exc:
            self.reader.post_message(StoreFailed(str(exc)))
            return
        self.reader.post_message(ArticleLoaded(article, state))

    def _load_related(self, article: Article) -> None:
        store = self.store
        if store is None:
            return
        worker = get_current_worker()
        article_id = article.id
        names = {e.id: e.name for e in article.entities}
        items: list[RelatedItem] = []
        self._related_built.wait(RELATED_BUILD_WAIT)
        if worker.is_cancelled:
            return
        try:
            with store.guard:
                for rel in store.store.related(article_id, RELATED_LIMIT):
                    try:
                        summary = store.store.summary(rel.id)
                    except StoreError:
                        continue
                    items.append(RelatedItem(summary, rel.score, tuple(names.get(i, i) for i in rel.shared)))
        except StoreError as exc:
            self.reader.post_message(StoreFailed(str(exc)))
        if not worker.is_cancelled:
            self.reader.post_message(RelatedLoaded(article_id, items))

    # -- reading state -----------------------------------------------------------------------------------
    def save_states(self, ids: Sequence[str], *, read: bool | None = None, starred: bool | None = None) -> None:
        """Queue a state change; one writer applies changes in order and answers StatesSaved."""
        with self._writes_lock:
            self._writes.append((list(ids), read, starred))
            start = not self._writer_running
            self._writer_running = True
        if start:
            self._worker(self._write_states, group="state")

    def _write_states(self) -> None:
        store = self.store
        while True:
            with self._writes_lock:
                if not self._writes or store is None:
                    self._writer_running = False
                    return
                ids, read, starred = self._writes.popleft()
            try:
                with store.guard:
                    store.store.set_state(ids, read=read, starred=starred)
                    saved = {i: store.store.state(i) for i in ids}
            except StoreError as exc:
                self.reader.post_message(StoreFailed(str(exc)))
                continue
            self.reader.post_message(StatesSaved(saved))

    # -- search -----------------------------------------------------------------------------------------
    def canonical_tag(self, text: str) -> str | None:
        """The tag id an alias names (``Merkel`` -> the id of Angela Merkel), when the tagger knows it."""
        if self._canonical is False:
            try:
                from store.tagging import canonical_tag_id
            except ImportError:
                self._canonical = None
            else:
                self._canonical = canonical_tag_id
        if not self._canonical or not text.strip():
            return None
        try:
            return self._canonical(text.strip())  # type: ignore[operator]
        except Exception:  # noqa: BLE001 - alias lookup is a nicety; never break typing
            return None

    def search_bodies(self, query: str, snapshot: StoreSnapshot, index: SearchIndex | None = None) -> None:
        """Scan article bodies for ``query`` in a worker, streaming BodyMatches, newest first.

        ``index`` (of ``snapshot``'s list) tells which articles already match without their text.
        """
        self._worker(self._search_bodies, query, snapshot, index, group="body-search", exclusive=True)

    def cancel_body_search(self) -> None:
        self.workers.cancel_group(self, "body-search")

    def _search_bodies(self, query: str, snapshot: StoreSnapshot, index: SearchIndex | None) -> None:
        store = self.store
        if store is None:
            return
        worker = get_current_worker()
        words = query_words(query)
        # Articles the instant search already lists need no body read.
        if index is not None and index.summaries is snapshot.summaries:
            matched = index.word_rows(words, lambda: worker.is_cancelled)
            if matched is None:
                return
            wanted = list(index.ids_outside(matched))
        else:
            # No index yet (the list was just loaded): every body, rather than no search at all.
            wanted = [s.id for s in snapshot.summaries]
        total = len(wanted)
        errors: list[str] = []
        # iter_bodies reads each body shard once and drops it; the list keeps its own order.
        bodies = store.store.iter_bodies(wanted, on_error=lambda exc: errors.append(str(exc)))
        batch: list[str] = []
        last = time.monotonic()
        scanned = 0
        while True:
            if worker.is_cancelled:
                return
            with store.guard:
                item = next(bodies, None)
            if item is None:
                break
            scanned += 1
            article_id, body, captions = item
            if matches_words(body_haystack(body, captions), words):
                batch.append(article_id)
            now = time.monotonic()
            if now - last >= BODY_BATCH_SECONDS:
                self.reader.post_message(BodyMatches(query, batch, scanned, total))
                batch, last = [], now
        if worker.is_cancelled:
            return
        self.reader.post_message(BodyMatches(query, batch, total, total, done=True))
        if errors:
            self.reader.post_message(StoreFailed(f"search skipped unreadable text: {errors[0]}"))

    # -- feeds ----------------------------------------------------------------------------------------------
    def refresh_feeds(self) -> None:
        """Fetch every subscribed feed in a worker, with FeedProgress as each one finishes."""
        try:
            from store.feeds import list_feeds, refresh
        except ImportError:
            self.notify("feed refresh is not available", title="Feeds", severity="warning")
            return
        if self.store is None:
            return
        if any(w.group == "feeds" and not w.is_finished for w in self.workers):
            self.notify("Feeds are already being refreshed.", timeout=3)
            return
        self.reader.post_message(FeedProgress(0, 1, "Refreshing feeds…"))
        self._worker(self._refresh_feeds, list_feeds, refresh, group="feeds")

    def _refresh_feeds(self, list_feeds: Callable[..., Any], refresh: Callable[..., Any]) -> None:
        self._refreshing = True
        try:
            self._refresh_feeds_now(list_feeds, refresh)
        finally:
            self._refreshing = False

    def _refresh_feeds_now(self, list_feeds: Callable[..., Any], refresh: Callable[..., Any]) -> None:
        store = self.store
        assert store is not None
        try:
            total = len(list_feeds(store))
            if total == 0:
                self.reader.post_message(
                    FeedsRefreshed(0, 0, error="No feeds to refresh; `newsdesk add-feed URL` subscribes to one.")
                )
                return
            done = 0

            def progress(outcome: Any) -> None:
                nonlocal done
                done += 1
                name = getattr(outcome, "title", None) or getattr(outcome, "url", "")
                self.reader.post_message(FeedProgress(done, total, f"Feeds {done}/{total}: {one_line(name)}"))

            report = refresh(store, progress=progress)
        except StoreError as exc:
            self.reader.post_message(FeedsRefreshed(0, 0, error=str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - any failure becomes one sentence for the user
            self.reader.post_message(FeedsRefreshed(0, 0, error=f"feed refresh failed: {exc}"))
            return
        feeds = getattr(report, "feeds", ())
        failures = [one_line(f.error) for f in feeds if getattr(f, "error", None)]
        self.reader.post_message(FeedsRefreshed(getattr(report, "new", 0), len(feeds), failures))
        self._post_snapshot("feeds", articles_changed=True)
