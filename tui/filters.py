"""Which articles the list shows: tag, feed, unread-only and search filters over the summaries.

Pure functions over plain data, so the filter worker can run them off the UI
thread and tests can call them directly.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import attrgetter, not_

from store.models import ArticleSummary, ReadState
from store.search import SearchIndex, fold, query_words

_UNREAD = ReadState()
_ID = attrgetter("id")
_FEED = attrgetter("feed_url")
_READ = attrgetter("read")


@dataclass(frozen=True)
class ListFilter:
    """What the user asked to see; the default shows everything."""

    tag_id: str | None = None
    tag_name: str | None = None
    unread_only: bool = False
    query: str = ""
    feed_urls: frozenset[str] | None = None
    feed_name: str | None = None

    @property
    def words(self) -> tuple[str, ...]:
        return query_words(self.query)

    @property
    def is_default(self) -> bool:
        return self.tag_id is None and self.feed_urls is None and not self.unread_only and not self.words

    def describe(self) -> str:
        parts = []
        if self.tag_id:
            parts.append(f"tag {self.tag_name or self.tag_id}")
        if self.feed_urls is not None:
            parts.append(f"feed {self.feed_name or 'chosen'}")
        if self.unread_only:
            parts.append("unread only")
        if self.words:
            parts.append(f"search “{self.query.strip()}”")
        return " · ".join(parts)


def haystack(summary: ArticleSummary) -> str:
    """The folded text a search matches without reading bodies: title, source and tags.

    One article at a time, for tests and measurements; the reader searches a SearchIndex.
    """
    parts = [summary.title, summary.source or ""]
    for e in summary.entities:
        parts.append(e.name)
        parts.append(e.id)
    return "\n".join(map(fold, parts))


def body_haystack(body: Sequence[str], captions: Sequence[str]) -> str:
    return fold("\n".join([*body, *captions]))


def matches_words(text: str, words: Sequence[str]) -> bool:
    return all(w in text for w in words)


def apply_filter(
    summaries: Sequence[ArticleSummary],
    states: Mapping[str, ReadState],
    haystacks: Mapping[str, str],
    flt: ListFilter,
    *,
    body_hits: Collection[str] = (),
    tag_aliases: Collection[str] = (),
    cancelled: Callable[[], bool] | None = None,
) -> list[ArticleSummary] | None:
    """The summaries passing ``flt``, in their given order; None if ``cancelled()`` said stop.

    The plain reference for ``filter_view`` (which gives the same answer from an index).
    A search matches when every word is in the title, source or tags, or when the
    article is one of ``body_hits``, or when it carries a tag in ``tag_aliases``
    (the canonical tag the query names).
    """
    if flt.is_default:
        return list(summaries)
    words = flt.words
    tag_id = flt.tag_id
    feed_urls = flt.feed_urls
    unread_only = flt.unread_only
    out: list[ArticleSummary] = []
    for n, s in enumerate(summaries):
        if cancelled is not None and n % 4096 == 4095 and cancelled():
            return None
        if unread_only and states.get(s.id, _UNREAD).read:
            continue
        if tag_id is not None and not any(e.id == tag_id for e in s.entities):
            continue
        if feed_urls is not None and s.feed_url not in feed_urls:
            continue
        if words:
            hay = haystacks.get(s.id)
            if hay is None:
                hay = haystack(s)
            if not (
                matches_words(hay, words)
                or s.id in body_hits
                or (tag_aliases and any(e.id in tag_aliases for e in s.entities))
            ):
                continue
        out.append(s)
    return out


def filter_view(
    index: SearchIndex,
    states: Mapping[str, ReadState],
    flt: ListFilter,
    *,
    body_hits: Collection[str] = (),
    tag_aliases: Collection[str] = (),
    cancelled: Callable[[], bool] | None = None,
    states_version: int | None = None,
) -> tuple[list[ArticleSummary], int] | None:
    """What ``apply_filter`` gives for ``index.summaries``, and how many of it are unread.

    From the index, in C-level passes over row masks; a query that grows from a recent
    one only re-checks the rows that one matched. ``states_version``, when given, changes
    whenever ``states`` does, so the read marks are worked out once per version.
    None if ``cancelled()`` said stop.
    """
    summaries = index.summaries
    mask: int | None = None
    words = flt.words
    if words:
        hits = index.search(words, cancelled)
        if hits is None:
            return None
        mask = hits.mask
        if body_hits:
            mask |= index.ids_mask(body_hits)
        if tag_aliases:
            mask |= index.tag_mask(tag_aliases)
        if flt.tag_id is None and flt.feed_urls is None and not flt.unread_only:
            # The plain search: its answer already lists the summaries.
            view = hits.summaries.copy() if mask == hits.mask else list(compress(summaries, index.mask_bytes(mask)))
            if states_version is None and len(view) <= len(states) // 2:
                return view, _unread_of(view, states)
            return view, len(view) - (mask & _read_mask(index, states, states_version)).bit_count()
    if flt.tag_id is not None:
        tagged = index.tag_mask({flt.tag_id})
        mask = tagged if mask is None else mask & tagged
    if cancelled is not None and cancelled():
        return None
    rows: Sequence[int] | None = None if mask is None else index.mask_rows(mask)
    if flt.feed_urls is not None:
        pool = range(len(summaries)) if rows is None else rows
        rows = list(compress(pool, map(flt.feed_urls.__contains__, map(_FEED, map(summaries.__getitem__, pool)))))
    if flt.unread_only:
        read = index.mask_bytes(_read_mask(index, states, states_version))
        pool = range(len(summaries)) if rows is None else rows
        rows = list(compress(pool, map(not_, map(read.__getitem__, pool))))
        return list(map(summaries.__getitem__, rows)), len(rows)
    if rows is None:
        rows = range(len(summaries))
    view = list(map(summaries.__getitem__, rows))
    if len(view) <= len(states) // 2:
        return view, _unread_of(view, states)
    read = index.mask_bytes(_read_mask(index, states, states_version))
    return view, len(rows) - sum(map(read.__getitem__, rows))


def _unread_of(view: Sequence[ArticleSummary], states: Mapping[str, ReadState]) -> int:
    # A short list: look its articles up, rather than pass over every state.
    return len(view) - sum(map(_READ, map(states.get, map(_ID, view), repeat(_UNREAD))))


_last_read: tuple[tuple[int, int, int], weakref.ref[SearchIndex], int] | None = None


def _read_mask(index: SearchIndex, states: Mapping[str, ReadState], version: int | None) -> int:
    """The mask of the rows ``states`` marks read, kept while ``version`` stays the same."""
    global _last_read
    key = (id(index), id(states), version) if version is not None else None
    last = _last_read
    if key is not None and last is not None and last[0] == key and last[1]() is index:
        return last[2]
    mask = index.marked_mask(read_ids(states))
    if key is not None:
        _last_read = (key, weakref.ref(index), mask)
    return mask


def read_ids(states: Mapping[str, ReadState]) -> set[str]:
    """The ids ``states`` marks read (a copy, so the caller may go on changing ``states``)."""
    # C-level passes (no tuple per entry): quick, and atomic with respect to the UI thread.
    return set(compress(states.keys(), map(_READ, states.values())))


def count_unread(view: Sequence[ArticleSummary], states: Mapping[str, ReadState]) -> int:
    """How many of ``view`` are unread."""
    read = read_ids(states)
    if not read:
        return len(view)
    return len(view) - sum(map(read.__contains__, map(_ID, view)))


@dataclass(frozen=True)
class FeedChoice:
    """One row of the feed picker: all feeds (``urls`` None), a folder or a feed, with its counts."""

    kind: str  # "all", "folder" or "feed"
    label: str
    urls: frozenset[str] | None
    unread: int
    total: int
    depth: int = 0


def folder_feed_urls(feeds: Iterable[tuple[str, str | None]], folder: str) -> frozenset[str]:
    """The urls of the (url, folder) feeds in ``folder`` or any of its subfolders."""
    prefix = folder + "/"
    return frozenset(url for url, f in feeds if f and (f == folder or f.startswith(prefix)))


def feed_choices(
    feeds: Sequence[tuple[str, str | None, str | None]],
    summaries: Sequence[ArticleSummary],
    states: Mapping[str, ReadState],
) -> list[FeedChoice]:
    """All feeds, then each folder (parents included) followed by its feeds, with unread/total counts.

    ``feeds`` holds (url, title, folder) triples; feeds without a folder come last.
    """
    totals: dict[str | None, int] = {}
    unread: dict[str | None, int] = {}
    for s in summaries:
        totals[s.feed_url] = totals.get(s.feed_url, 0) + 1
        if not states.get(s.id, _UNREAD).read:
            unread[s.feed_url] = unread.get(s.feed_url, 0) + 1
    all_unread = sum(unread.values())
    out = [FeedChoice("all", "All feeds", None, all_unread, len(summaries))]
    folders: set[str] = set()
    for _url, _title, folder in feeds:
        if folder:
            parts = folder.split("/")
            folders.update("/".join(parts[: n + 1]) for n in range(len(parts)))
    pairs = [(url, folder) for url, _title, folder in feeds]

    def feed_rows(members: Iterable[tuple[str, str | None, str | None]], depth: int) -> None:
        for url, title, _folder in sorted(members, key=lambda f: ((f[1] or f[0]).casefold(), f[0])):
            out.append(FeedChoice("feed", title or url, frozenset({url}), unread.get(url, 0), totals.get(url, 0), depth))

    for folder in sorted(folders, key=lambda f: f.casefold().split("/")):
        urls = folder_feed_urls(pairs, folder)
        depth = folder.count("/")
        out.append(
            FeedChoice(
                "folder",
                folder,
                urls,
                sum(unread.get(u, 0) for u in urls),
                sum(totals.get(u, 0) for u in urls),
                depth,
            )
        )
        feed_rows((f for f in feeds if f[2] == folder), depth + 1)
    feed_rows((f for f in feeds if not f[2]), 0)
    return out
