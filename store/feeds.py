"""Feed subscriptions and refreshing them.

Subscriptions live in ``feeds.json`` in the store directory (TinyDB, atomic
writes, every write under the store lock). A refresh fetches the feeds in
parallel with bounded concurrency, asks servers for changes only (ETag and
Last-Modified, so an unchanged feed costs one 304), caps time, redirects and
size (the decompressed size too), and imports new entries through
``Store.import_articles``. Nothing is ever deleted by a refresh: a feed that
fails or shrinks keeps every article already stored. One failing feed is one
line in the report and never stops the others.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import weakref
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from difflib import SequenceMatcher
from urllib.parse import urljoin, urlsplit

from tinydb import TinyDB
from tinydb.table import Document

from .db import Store, normalise_text, normalise_url, now_iso
from .ingest.feeds import FeedFormatError, ParsedFeed, is_summary_only, parse_feed
from .ingest.opml import OpmlFeed, OpmlList, parse_opml, write_opml
from .models import ParsedArticle
from .storage import AtomicJSONStorage, StoreError
from .textutil import IngestError

__all__ = [
    "FeedError",
    "FeedRefresh",
    "FeedSubscription",
    "OpmlSubscribed",
    "RefreshReport",
    "add_feed",
    "check_feed_url",
    "export_opml",
    "get_feed",
    "list_feeds",
    "refresh",
    "remove_feed",
    "subscribe_opml",
]

FEEDS_FILE = "feeds.json"
FEEDS_TABLE = "feeds"
DEFAULT_CONCURRENCY = 8
DEFAULT_TIMEOUT = 15.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
# Linked pages fetched per feed and refresh for full-text feeds; the rest keep their summary.
FULL_TEXT_PER_REFRESH = 30
# Two titles from one site this alike (and at most this far apart in time) are one story.
TITLE_SIMILARITY = 0.9
TITLE_MIN_WORDS = 4
SAME_STORY_DAYS = 3

USER_AGENT = "newsdesk/0.1 (terminal news reader)"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


class FeedError(StoreError):
    """A subscription problem the user must act on (unknown feed, bad address)."""


@dataclass(frozen=True, slots=True)
class FeedSubscription:
    """One subscribed feed. ``article_count`` is derived from the store, never saved."""

    url: str
    title: str | None = None
    folder: str | None = None
    full_text: bool = False
    etag: str | None = None
    last_modified: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    added_at: str | None = None
    article_count: int = 0

    def record(self) -> dict:
        """The subscription as a plain dict (what ``feeds --json`` prints)."""
        return {
            "url": self.url,
            "title": self.title,
            "folder": self.folder,
            "full_text": self.full_text,
            "last_success": self.last_success,
            "last_error": self.last_error,
            "last_error_at": self.last_error_at,
            "articles": self.article_count,
        }


@dataclass(frozen=True, slots=True)
class FeedRefresh:
    """What refreshing one feed did. ``error`` is one line naming the feed and the reason."""

    url: str
    status: str  # ok | not-modified | error
    new: int = 0
    duplicate: int = 0
    error: str | None = None
    warnings: tuple[str, ...] = ()
    title: str | None = None

    def record(self) -> dict:
        return {"url": self.url, "status": self.status, "new": self.new, "duplicate": self.duplicate, "error": self.error}


@dataclass(frozen=True, slots=True)
class RefreshReport:
    """Every feed's outcome, in the order they finished."""

    feeds: tuple[FeedRefresh, ...] = ()

    @property
    def new(self) -> int:
        return sum(f.new for f in self.feeds)

    @property
    def duplicate(self) -> int:
        return sum(f.duplicate for f in self.feeds)

    @property
    def failed(self) -> tuple[FeedRefresh, ...]:
        return tuple(f for f in self.feeds if f.status == "error")

    @property
    def errors(self) -> list[str]:
        return [f.error for f in self.feeds if f.error]


@dataclass(frozen=True, slots=True)
class OpmlSubscribed:
    """The outcome of subscribing to an OPML list: new feeds, feeds already there, and the list itself."""

    opml: OpmlList
    added: tuple[str, ...] = ()
    existing: tuple[str, ...] = ()


# -- the subscriptions file ---------------------------------------------------------

_tables: "weakref.WeakKeyDictionary[Store, TinyDB]" = weakref.WeakKeyDictionary()
_tables_lock = threading.Lock()


def _db(store: Store) -> TinyDB:
    with _tables_lock:
        db = _tables.get(store)
        if db is None:
            db = TinyDB(store.path / FEEDS_FILE, storage=AtomicJSONStorage)
            _tables[store] = db
        return db


def _doc_id(url: str) -> int:
    # Ids derive from the address, so two processes adding feeds never pick the same id.
    return int(hashlib.sha1((normalise_url(url) or url).encode("utf-8")).hexdigest()[:12], 16)


def _subscription(doc: dict, count: int = 0) -> FeedSubscription:
    def text(key: str) -> str | None:
        value = doc.get(key)
        return value if isinstance(value, str) and value else None

    return FeedSubscription(
        url=doc["url"],
        title=text("title"),
        folder=text("folder"),
        full_text=bool(doc.get("full_text")),
        etag=text("etag"),
        last_modified=text("last_modified"),
        last_success=text("last_success"),
        last_error=text("last_error"),
        last_error_at=text("last_error_at"),
        added_at=text("added_at"),
        article_count=count,
    )


def _docs(store: Store) -> list[dict]:
    return [d for d in _db(store).table(FEEDS_TABLE).all() if isinstance(d.get("url"), str)]


def _find(store: Store, url: str) -> dict | None:
    wanted = normalise_url(url)
    for doc in _docs(store):
        if doc["url"] == url or normalise_url(doc["url"]) == wanted:
            return doc
    return None


def _article_counts(store: Store) -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in store.summaries():
        if s.feed_url:
            counts[s.feed_url] = counts.get(s.feed_url, 0) + 1
    return counts


def check_feed_url(url: str) -> str:
    """The address to subscribe to, or ``FeedError`` saying why it cannot be one."""
    url = (url or "").strip()
    if url.lower().startswith("feed://"):
        url = "http://" + url[7:]
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FeedError(f"{url!r} is not a valid web address") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise FeedError(f"{url!r} is not a feed address: it must start with http:// or https://")
    return url


def _clean_folder(folder: str | None) -> str | None:
    if folder is None:
        return None
    parts = [p.strip() for p in folder.split("/") if p.strip()]
    return "/".join(parts) or None


def add_feed(store: Store, url: str, folder: str | None = None, full_text: bool = False, *, title: str | None = None) -> FeedSubscription:
    """Subscribe to a feed (nothing is fetched). Raises ``FeedError`` when already subscribed."""
    url = check_feed_url(url)
    with store.lock:
        existing = _find(store, url)
        if existing is not None:
            where = f" (folder {existing['folder']})" if existing.get("folder") else ""
            raise FeedError(f"already subscribed to {existing['url']}{where}")
        doc = {
            "url": url,
            "title": title,
            "folder": _clean_folder(folder),
            "full_text": bool(full_text),
            "etag": None,
            "last_modified": None,
            "last_success": None,
            "last_error": None,
            "last_error_at": None,
            "added_at": now_iso(),
        }
        _db(store).table(FEEDS_TABLE).insert(Document(doc, doc_id=_doc_id(url)))
    return _subscription(doc)


def get_feed(store: Store, url: str) -> FeedSubscription:
    """One subscription by address (exact or after normalising). Raises ``FeedError`` when unknown."""
    doc = _find(store, url)
    if doc is None:
        raise FeedError(f"not subscribed to {url}; `newsdesk feeds` lists the subscriptions")
    return _subscription(doc, _article_counts(store).get(doc["url"], 0))


def list_feeds(store: Store) -> list[FeedSubscription]:
    """Every subscription, by folder then title, each with its number of stored articles."""
    counts = _article_counts(store)
    subs = [_subscription(doc, counts.get(doc["url"], 0)) for doc in _docs(store)]
    return sorted(subs, key=lambda s: ((s.folder or "").casefold(), (s.title or s.url).casefold(), s.url))


@dataclass(frozen=True, slots=True)
class RemovedFeed:
    url: str
    kept: int
    purged: int


def remove_feed(store: Store, url: str, purge: bool = False) -> RemovedFeed:
    """Unsubscribe. Articles stay unless ``purge``, which deletes the feed's unread, unstarred ones."""
    with store.lock:
        doc = _find(store, url)
        if doc is None:
            raise FeedError(f"not subscribed to {url}; `newsdesk feeds` lists the subscriptions")
        _db(store).table(FEEDS_TABLE).remove(doc_ids=[doc.doc_id])
        store.refresh()
        mine = [s.id for s in store.summaries() if s.feed_url == doc["url"]]
        purged = 0
        if purge:
            doomed = [aid for aid in mine if not store.state(aid).read and not store.state(aid).starred]
            purged = store.remove_articles(doomed)
        return RemovedFeed(doc["url"], len(mine) - purged, purged)


def _update(store: Store, url: str, fields: dict) -> None:
    with store.lock:
        table = _db(store).table(FEEDS_TABLE)
        doc_id = _doc_id(url)
        # The feed may have been removed by another process meanwhile.
        if table.contains(doc_id=doc_id):
            table.update(fields, doc_ids=[doc_id])


def subscribe_opml(store: Store, data: bytes, *, name: str) -> OpmlSubscribed:
    """Subscribe to every feed of an OPML list (nothing is fetched). Raises ``IngestError`` if it holds none."""
    opml = parse_opml(data, name=name)
    added, existing = [], []
    with store.lock:
        known = {normalise_url(d["url"]) for d in _docs(store)}
        for feed in opml.feeds:
            key = normalise_url(feed.url)
            if key in known:
                existing.append(feed.url)
                continue
            known.add(key)
            add_feed(store, feed.url, feed.folder, title=feed.title)
            added.append(feed.url)
    return OpmlSubscribed(opml, tuple(added), tuple(existing))


def export_opml(store: Store) -> str:
    """Every subscription as an OPML 2.0 document, folders as nested outlines."""
    return write_opml(OpmlFeed(url=s.url, title=s.title, folder=s.folder) for s in list_feeds(store))


# -- fetching -------------------------------------------------------------------------


class _FetchError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _Limits:
    timeout: float
    max_bytes: int

    @property
    def total(self) -> float:
        # A server trickling bytes gets a few read timeouts' worth in all, not forever.
        return self.timeout * 4


@dataclass(frozen=True, slots=True)
class _Response:
    url: str
    status: int
    headers: dict
    body: bytes

    @property
    def charset(self) -> str | None:
        m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", self.headers.get("content-type", ""), re.I)
        return m.group(1) if m else None


def _megabytes(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{round(n / (1024 * 1024), 1):g} MB"


def _get(client, url: str, limits: _Limits, *, accept: str, etag: str | None = None, last_modified: str | None = None) -> _Response:
    """GET with manual redirects (http/https only, at most five), a deadline and a size cap."""
    import httpx

    deadline = time.monotonic() + limits.total
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        headers = {"Accept": accept, "Accept-Encoding": "gzip, deflate", "User-Agent": USER_AGENT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            with client.stream("GET", current, headers=headers) as resp:
                status = resp.status_code
                if status in (301, 302, 303, 307, 308):
                    location = resp.headers.get("location")
                    if not location:
                        raise _FetchError(f"HTTP {status} redirect without a Location header")
                    target = urljoin(current, location.strip())
                    scheme = urlsplit(target).scheme.lower()
                    if scheme not in ("http", "https"):
                        raise _FetchError(f"redirected to a non-web address ({target}); refused")
                    current = target
                    continue
                if status == 304:
                    return _Response(current, status, {k.lower(): v for k, v in resp.headers.items()}, b"")
                if not 200 <= status < 300:
                    phrase = f" {resp.reason_phrase}" if resp.reason_phrase else ""
                    raise _FetchError(f"HTTP {status}{phrase}")
                body = _read_body(resp, limits, deadline)
                return _Response(current, status, {k.lower(): v for k, v in resp.headers.items()}, body)
        except httpx.TimeoutException:
            raise _FetchError(f"timed out after {limits.timeout:g} s") from None
        except httpx.InvalidURL as exc:
            raise _FetchError(f"invalid address ({exc})") from None
        except httpx.TransportError as exc:
            raise _FetchError(f"cannot connect: {_transport_reason(exc)}") from None
    raise _FetchError(f"too many redirects (more than {MAX_REDIRECTS})")


def _transport_reason(exc: Exception) -> str:
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", str(exc) or type(exc).__name__)
    return (text[:1].lower() + text[1:]) or type(exc).__name__


def _read_body(resp, limits: _Limits, deadline: float) -> bytes:
    cap = limits.max_bytes
    too_big = f"the response is larger than {_megabytes(cap)}"
    length = resp.headers.get("content-length")
    if length and length.isdigit() and int(length) > cap:
        raise _FetchError(too_big)
    encoding = (resp.headers.get("content-encoding") or "identity").strip().lower()
    if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
        raise _FetchError(f"the server used an unsupported compression ({encoding})")
    inflater = None
    out = bytearray()
    raw = 0
    first = True
    for chunk in resp.iter_raw():
        raw += len(chunk)
        if raw > cap:
            raise _FetchError(too_big)
        if time.monotonic() > deadline:
            raise _FetchError(f"timed out after {limits.total:g} s (the server sends too slowly)")
        if encoding in ("gzip", "x-gzip", "deflate") and chunk:
            if first:
                inflater = zlib.decompressobj(_wbits(encoding, chunk))
                first = False
            pending = chunk
            while pending:
                try:
                    part = inflater.decompress(pending, cap + 1 - len(out))
                except zlib.error:
                    raise _FetchError(f"the {encoding} data is corrupt") from None
                out += part
                if len(out) > cap:
                    raise _FetchError(f"the response decompresses to more than {_megabytes(cap)}")
                pending = inflater.unconsumed_tail
                if inflater.eof:
                    break
        else:
            out += chunk
            if len(out) > cap:
                raise _FetchError(too_big)
    return bytes(out)


def _wbits(encoding: str, first: bytes) -> int:
    if encoding != "deflate":
        return 16 + zlib.MAX_WBITS
    # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
    if len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0:
        return zlib.MAX_WBITS
    return -zlib.MAX_WBITS


_LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def _feed_link_in_page(body: bytes, base: str) -> str | None:
    """The first feed a web page advertises with <link rel="alternate" type="...rss/atom/json...">."""
    text = body[:256 * 1024].decode("utf-8", errors="replace")
    for tag in _LINK_TAG.findall(text):
        attrs = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(tag)}
        kind = attrs.get("type", "").lower()
        if "alternate" in attrs.get("rel", "").lower() and any(k in kind for k in ("rss", "atom", "feed+json")):
            href = attrs.get("href")
            if href:
                target = urljoin(base, href)
                if urlsplit(target).scheme in ("http", "https"):
                    return target
    return None


# -- refreshing -----------------------------------------------------------------------


@dataclass
class _Fetched:
    status: str
    feed: ParsedFeed | None = None
    etag: str | None = None
    last_modified: str | None = None
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)


def _fetch_feed(client, sub: FeedSubscription, limits: _Limits, known_urls: frozenset[str]) -> _Fetched:
    """Runs in a worker thread: fetch and parse one feed (and its linked pages for full-text feeds)."""
    try:
        resp = _get(client, sub.url, limits, accept=FEED_ACCEPT, etag=sub.etag, last_modified=sub.last_modified)
    except _FetchError as exc:
        return _Fetched("error", reason=exc.reason)
    if resp.status == 304:
        return _Fetched("not-modified", etag=sub.etag, last_modified=sub.last_modified)
    try:
        feed = parse_feed(resp.body, name=sub.url, feed_url=resp.url, charset=resp.charset, max_bytes=limits.max_bytes)
    except FeedFormatError as exc:
        reason = exc.reason
        if "HTML page" in reason:
            link = _feed_link_in_page(resp.body, resp.url)
            if link:
                reason += f"; the page points to the feed {link}: subscribe to that"
        return _Fetched("error", reason=reason)
    except IngestError as exc:
        return _Fetched("error", reason=str(exc))
    fetched = _Fetched("ok", feed=feed, etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"))
    if feed.warning:
        fetched.warnings.append(feed.warning)
    if sub.full_text:
        fetched.feed = replace(feed, articles=tuple(_full_texts(client, feed.articles, limits, known_urls, fetched.warnings)))
    return fetched


def _full_texts(client, articles, limits: _Limits, known_urls: frozenset[str], warnings: list[str]):
    budget = FULL_TEXT_PER_REFRESH
    for article in articles:
        if (
            budget > 0
            and article.url
            and normalise_url(article.url) not in known_urls
            and is_summary_only(article)
        ):
            budget -= 1
            article = _with_full_text(client, article, limits, warnings)
        yield article


def _with_full_text(client, article: ParsedArticle, limits: _Limits, warnings: list[str]) -> ParsedArticle:
    from .ingest.html import decode_html, parse_html_page

    try:
        resp = _get(client, article.url, limits, accept=PAGE_ACCEPT)
        kind = resp.headers.get("content-type", "text/html").lower()
        if "html" not in kind and "xml" not in kind:
            raise _FetchError(f"the page is not HTML ({kind.split(';')[0]})")
        text = decode_html(resp.body, name=article.url, declared=resp.charset)
        page = parse_html_page(text, name=article.url, url=article.url, feed_url=article.feed_url)
    except _FetchError as exc:
        warnings.append(f"cannot fetch the full text of {article.url}: {exc.reason}; kept the summary")
        return article
    except IngestError as exc:
        warnings.append(f"cannot extract the full text of {article.url} ({exc}); kept the summary")
        return article
    if sum(len(p.split()) for p in page.body) <= sum(len(p.split()) for p in article.body):
        return article
    return replace(
        article,
        body=page.body,
        author=article.author or page.author,
        published=article.published or page.published,
        language=page.language or article.language,
    )


class _SameStory:
    """Finds a stored story with (nearly) the same title from the same site, published around the same time."""

    def __init__(self, store: Store) -> None:
        self._by_site: dict[str, list[tuple[str, str | None]]] = {}
        for s in store.summaries():
            self.add(s.title, s.url, s.source, s.published)

    @staticmethod
    def _site(url: str | None, source: str | None) -> str | None:
        if url:
            try:
                host = (urlsplit(url).hostname or "").removeprefix("www.")
            except ValueError:
                host = ""
            if host:
                return host
        return f"source:{source.casefold()}" if source else None

    def add(self, title: str, url: str | None, source: str | None, published: str | None) -> None:
        site = self._site(url, source)
        key = normalise_text(title or "")
        if site and len(key.split()) >= TITLE_MIN_WORDS:
            self._by_site.setdefault(site, []).append((key, published))

    def seen(self, article: ParsedArticle) -> bool:
        site = self._site(article.url, article.source)
        key = normalise_text(article.title or "")
        if not site or len(key.split()) < TITLE_MIN_WORDS:
            return False
        for other, published in self._by_site.get(site, ()):
            if not _near_in_time(article.published, published):
                continue
            if other == key:
                return True
            matcher = SequenceMatcher(None, key, other, autojunk=False)
            if matcher.real_quick_ratio() >= TITLE_SIMILARITY and matcher.quick_ratio() >= TITLE_SIMILARITY:
                if matcher.ratio() >= TITLE_SIMILARITY:
                    return True
        return False


def _near_in_time(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    try:
        da, db = _parse_iso(a), _parse_iso(b)
    except ValueError:
        return True
    return abs((da - db).total_seconds()) <= SAME_STORY_DAYS * 86400


def _parse_iso(value: str) -> datetime:
    if len(value) == 10:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    return datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)


def describe_age(iso: str | None, now: datetime | None = None) -> str:
    """'last good fetch 3 days ago', or 'never fetched successfully'."""
    if not iso:
        return "never fetched successfully"
    try:
        then = _parse_iso(iso)
    except ValueError:
        return f"last good fetch {iso}"
    seconds = max(0, int(((now or datetime.now(timezone.utc)) - then).total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"last good fetch {n} {unit}{'s' if n != 1 else ''} ago"
    return "last good fetch just now"


def _store_results(store: Store, sub: FeedSubscription, fetched: _Fetched, same_story: _SameStory) -> FeedRefresh:
    """Runs in the calling thread: import what a worker fetched and record the outcome."""
    stamp = now_iso()
    if fetched.status == "error":
        _update(store, sub.url, {"last_error": fetched.reason, "last_error_at": stamp})
        line = f"cannot refresh {sub.url}: {fetched.reason} ({describe_age(sub.last_success)})"
        return FeedRefresh(sub.url, "error", error=line, title=sub.title)
    if fetched.status == "not-modified":
        _update(store, sub.url, {"last_success": stamp, "last_error": None, "last_error_at": None})
        return FeedRefresh(sub.url, "not-modified", title=sub.title)
    feed = fetched.feed
    assert feed is not None
    fresh: list[tuple[str, ParsedArticle]] = []
    duplicates = 0
    for article in feed.articles:
        article = replace(article, feed_url=sub.url, source=article.source or sub.title)
        if same_story.seen(article):
            duplicates += 1
            continue
        same_story.add(article.title, article.url, article.source, article.published)
        fresh.append((sub.url, article))
    results = store.import_articles(fresh) if fresh else []
    new = sum(1 for r in results if r.status == "imported")
    duplicates += sum(1 for r in results if r.status == "duplicate")
    fields = {"last_success": stamp, "last_error": None, "last_error_at": None, "etag": fetched.etag, "last_modified": fetched.last_modified}
    if not sub.title and feed.title:
        fields["title"] = feed.title
    _update(store, sub.url, fields)
    return FeedRefresh(sub.url, "ok", new, duplicates, warnings=tuple(fetched.warnings), title=sub.title or feed.title)


def refresh(
    store: Store,
    *,
    urls: Iterable[str] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[FeedRefresh], None] | None = None,
) -> RefreshReport:
    """Fetch subscribed feeds (all, or those in ``urls``) and import their new entries.

    At most ``concurrency`` feeds are fetched at once; each request gets ``timeout`` seconds
    per network operation and ``max_bytes`` of (decompressed) body. ``progress`` is called in
    the calling thread with each feed's outcome as it finishes. Failures are reported per feed
    and never remove stored articles. Raises ``FeedError`` for a url that is not subscribed.
    """
    import httpx

    subs = list_feeds(store)
    if urls is not None:
        chosen = []
        for url in urls:
            wanted = normalise_url(check_feed_url(url))
            match = next((s for s in subs if s.url == url or normalise_url(s.url) == wanted), None)
            if match is None:
                raise FeedError(f"not subscribed to {url}; `newsdesk add-feed {url}` subscribes to it")
            if match not in chosen:
                chosen.append(match)
        subs = chosen
    if not subs:
        return RefreshReport(())
    limits = _Limits(timeout=timeout, max_bytes=max_bytes)
    known_urls = frozenset(filter(None, (normalise_url(s.url) for s in store.summaries())))
    same_story = _SameStory(store)
    outcomes: list[FeedRefresh] = []
    workers = max(1, min(concurrency, len(subs)))
    pool_limits = httpx.Limits(max_connections=workers * 2, max_keepalive_connections=workers)
    with httpx.Client(timeout=httpx.Timeout(timeout), limits=pool_limits, follow_redirects=False) as client:
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsdesk-refresh")
        try:
            futures = {pool.submit(_fetch_feed, client, sub, limits, known_urls): sub for sub in subs}
            for future in as_completed(futures):
                sub = futures[future]
                try:
                    fetched = future.result()
                except Exception as exc:  # a parser bug must cost one feed, not the whole refresh
                    fetched = _Fetched("error", reason=f"unexpected error ({type(exc).__name__}: {exc})")
                outcome = _store_results(store, sub, fetched, same_story)
                outcomes.append(outcome)
                if progress:
                    progress(outcome)
        except BaseException:
            # Ctrl-C or a store error: do not wait for the other downloads to finish.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    return RefreshReport(tuple(outcomes))
