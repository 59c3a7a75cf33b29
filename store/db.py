"""The Store: the one place that touches TinyDB.

A store is a directory:

``articles.json``   TinyDB table ``articles``: everything about an article but its body
``bodies/XX.json``  TinyDB table ``bodies``, sharded by the first two hex digits of the id,
                    so opening one article reads one small file and the list never reads bodies
``state.json``      reading state (see ``state.py``) plus ``state.journal``
``feeds.json``      subscriptions
``lock``            the cross-process writer lock
``index-*``         the list index (see ``listindex.py``): the list without parsing articles.json

Every mutating call takes the lock, re-reads what changed on disk, applies its
change and writes atomically, so two processes never lose each other's work.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from collections import OrderedDict, deque
from functools import partial
from itertools import repeat
from array import array
from operator import attrgetter, eq
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson
from tinydb import TinyDB
from tinydb.table import Document

from . import listindex
from .listindex import ListData
from .related import lead_terms
from .models import Article, ArticleSummary, Entity, ImportResult, ParsedArticle, ReadState, RelatedArticle
from .state import ReadingState
from .storage import (
    SCHEMA_VERSION,
    AtomicJSONStorage,
    StoreCorruptError,
    StoreError,
    StoreLock,
    StoreWriteError,
    building_many,
    describe_os_error,
    file_signature,
    fsync_dir,
    read_one_record,
    swap_in,
    temp_path,
)

ARTICLES = "articles"
BODIES = "bodies"
ID_LENGTH = 12
# Parsed body shards kept in memory, in bytes of shard files: generous for commands and
# imports, small for the reader, which opens one article at a time for hours.
BODY_CACHE_BYTES = 256 << 20
# Body shards written at once by an import (their fsyncs overlap).
SHARD_WRITERS = 8
LEAN_BODY_CACHE_BYTES = 4 << 20
# Bodies of the articles read last, kept apart from their shards: the reader reads ahead the
# few it may open next, and its small shard cache would drop them before they are opened.
KEPT_BODIES = 32
# Importers keep titles short; this bounds what any importer (or a hostile file) can store.
MAX_TITLE_CHARS = 1000

_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|cmpid|ocid|igshid|_ga)$", re.I)


class UnknownArticleError(StoreError):
    pass


def default_store_path() -> Path:
    """``$NEWSDESK_DB`` or the platform's user data directory."""
    env = os.environ.get("NEWSDESK_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("newsdesk", appauthor=False)) / "store"


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def normalise_url(url: str | None) -> str | None:
    """Canonical form of a URL for duplicate detection (no tracking parameters)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip() or None
    if not parts.scheme or not parts.netloc:
        return url.strip() or None
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)])
    host = parts.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower(), host, path, query, ""))


def normalise_text(text: str) -> str:
    """The text's words (regex ``\\w+`` runs), NFKC-normalised and casefolded, joined by single spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    # Every other character becomes a space and split() finds the same runs as findall(r"\w+"),
    # in a fraction of the time: a text has few distinct punctuation marks, each replaced at C speed.
    for ch in [ch for ch in set(folded) if not (ch.isalnum() or ch == "_" or ch.isspace())]:
        folded = folded.replace(ch, " ")
    return " ".join(folded.split())


def content_fingerprint(title: str, body: Sequence[str]) -> str:
    blob = normalise_text(title) + "\n" + normalise_text(" ".join(body))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def cap_title(title: str) -> str:
    """The title cut to ``MAX_TITLE_CHARS`` at a word boundary, marked with an ellipsis when cut."""
    if len(title) <= MAX_TITLE_CHARS:
        return title
    head = title[: MAX_TITLE_CHARS - 2]
    cut = head.rfind(" ")
    return (head[:cut] if cut > MAX_TITLE_CHARS // 2 else head).rstrip() + " …"


def title_key(title: str) -> str:
    return normalise_text(title)


def _entity_to_row(e: Entity) -> list:
    return [e.id, e.name, e.kind, e.mentions]


# Body shards serialised and written at a time: bounds the memory their new contents take
# (a shard of a 100k-article store is over a megabyte) while their fsyncs still overlap.
_FILES_AT_ONCE = 32


def _replace_files(files: Sequence[tuple[Path, bytes]], pool: ThreadPoolExecutor | None) -> list:
    """Replace each file as ``storage.atomic_write_bytes`` does (temp file, fsync, backup
    link, rename), except for the directory fsync, which the caller does once for all of them.

    Only the fsyncs run on the ``pool``'s threads: on a slow disk they overlap, and the
    threads hardly ever wait for each other's turn to run Python. Returns, per file, its new
    signature or the ``StoreWriteError`` that left its previous version in place.
    """
    out: list = [None] * len(files)
    fds: dict[int, int] = {}
    temps: list[Path] = [temp_path(path) for path, _data in files]
    try:
        for i, (_path, data) in enumerate(files):
            try:
                fds[i] = os.open(temps[i], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                view = memoryview(data)
                while view:
                    view = view[os.write(fds[i], view) :]
            except OSError as exc:
                out[i] = exc

        def sync(i: int) -> None:
            try:
                os.fsync(fds[i])
                st = os.fstat(fds[i])
                out[i] = (st.st_ino, st.st_size, st.st_mtime_ns)
            except OSError as exc:
                out[i] = exc

        pending = [i for i in range(len(files)) if out[i] is None]
        if pool is not None and len(pending) > 1:
            list(pool.map(sync, pending))
        else:
            for i in pending:
                sync(i)
    finally:
        for fd in fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)
    for i, (path, _data) in enumerate(files):
        if isinstance(out[i], tuple):
            try:
                swap_in(temps[i], path)
            except OSError as exc:
                out[i] = exc
        if isinstance(out[i], OSError):
            with contextlib.suppress(OSError):
                os.unlink(temps[i])
            out[i] = StoreWriteError(f"cannot write {path}: {describe_os_error(out[i])}; the previous version is intact")
    return out


def sort_key(summary: ArticleSummary) -> str:
    return summary.published or summary.imported_at or ""


class _EntityCache(dict):
    """Packed tag key -> shared Entity, made on first use (100k articles share far fewer tags)."""

    def __init__(self, vocab: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.vocab = vocab

    def __missing__(self, key: int) -> Entity:
        eid, name, kind = self.vocab[key >> 8]
        entity = self[key] = _new_entity(eid, name, kind, key & 0xFF or 1)
        return entity


# Frozen dataclasses set fields through object.__setattr__; the slot descriptors do the same, faster.
_SET_ID, _SET_SOURCE, _SET_LANGUAGE, _SET_FEED, _SET_IMPORTED = (
    getattr(ArticleSummary, name).__set__ for name in ("id", "source", "language", "feed_url", "imported_at")
)


_NEW_ENTITY = Entity.__new__
_SET_EID, _SET_ENAME, _SET_EKIND, _SET_EMENTIONS = (
    getattr(Entity, name).__set__ for name in ("id", "name", "kind", "mentions")
)


def _new_entity(eid: str, name: str, kind: str, mentions: int) -> Entity:
    e = _NEW_ENTITY(Entity)
    _SET_EID(e, eid)
    _SET_ENAME(e, name)
    _SET_EKIND(e, kind)
    _SET_EMENTIONS(e, mentions)
    return e


_SUMMARY_FIELDS = ("id", "title", "source", "published", "language", "url", "entities", "feed_url", "imported_at")
_FIELDS_OF = attrgetter(*_SUMMARY_FIELDS)


class RowSummary(ArticleSummary):
    """An ArticleSummary whose title, dates, link and tags are read from the list's columns
    when asked, so a listed article costs one small object and no strings of its own.

    Equal to, and hashed like, the ArticleSummary with the same fields.
    """

    __slots__ = ("_rows", "_row")

    @property
    def title(self) -> str:  # type: ignore[override]
        return self._rows._title[self._row]

    @property
    def published(self) -> str | None:  # type: ignore[override]
        return self._rows._published[self._row]

    @property
    def url(self) -> str | None:  # type: ignore[override]
        return self._rows._url[self._row]

    @property
    def entities(self) -> tuple[Entity, ...]:  # type: ignore[override]
        return self._rows.entities(self._row)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ArticleSummary):
            return _FIELDS_OF(self) == _FIELDS_OF(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_FIELDS_OF(self))

    def __repr__(self) -> str:
        return "ArticleSummary(" + ", ".join(f"{n}={v!r}" for n, v in zip(_SUMMARY_FIELDS, _FIELDS_OF(self))) + ")"


_NEW_ROW = RowSummary.__new__
_SET_ROWS = RowSummary._rows.__set__  # type: ignore[attr-defined]
_SET_ROW = RowSummary._row.__set__  # type: ignore[attr-defined]


class SummaryRows(list):
    """Every article's light record, newest first, as a list of RowSummary made in C-level
    passes over the list's columns (so about 130 bytes an article, strings shared with the
    columns). Read-only by agreement; ``ids`` and ``column(name)`` give the columns
    themselves, for passes over every row that need one field.
    """

    __slots__ = ("_data", "_entity_of", "_odd", "_title", "_published", "_url")

    def __init__(self, data: ListData, entities: "_EntityCache", rows: Iterable[int] | None = None) -> None:
        c = data.columns
        self._data = data
        self._entity_of = entities
        self._odd: dict[int, tuple[Entity, ...]] = {}
        self._title = c["title"]
        self._published = c["published"]
        self._url = c["url"]
        n = len(data)
        made = list(map(_NEW_ROW, repeat(RowSummary, n)))
        for setter, values in (
            (_SET_ID, c["id"]),
            (_SET_SOURCE, c["source"]),
            (_SET_LANGUAGE, c["language"]),
            (_SET_FEED, c["feed_url"]),
            (_SET_IMPORTED, c["imported_at"]),
            # Row numbers: the caller's own int objects when it has them (no 100,000 new ones).
            (_SET_ROW, range(n) if rows is None else rows),
        ):
            deque(map(setter, made, values), 0)
        deque(map(_SET_ROWS, made, repeat(self, n)), 0)
        super().__init__(made)

    @property
    def ids(self) -> Sequence[str]:
        """Every row's article id, in order (the list's own column: do not change it)."""
        return self._data.columns["id"]

    def column(self, name: str) -> Sequence:
        """One of the list's columns (see ``listindex.COLUMNS``), in row order; read-only."""
        return self._data.columns[name]

    def tag_rows(self) -> tuple[list[tuple[str, str, str]], Sequence[int], Sequence[int]]:
        """The packed tags: (vocabulary of (id, name, kind), offsets, keys); row ``i``'s tags
        are ``vocab[k >> 8]`` for each ``k`` in ``keys[off[i]:off[i + 1]]``."""
        data = self._data
        return data.vocab, data.off, data.keys  # type: ignore[return-value]

    def entities(self, i: int) -> tuple[Entity, ...]:
        """Row ``i``'s tags, each a shared Entity (the same objects every time)."""
        data = self._data
        start, end = data.off[i], data.off[i + 1]  # type: ignore[index]
        if data.overflow and any((i, k) in data.overflow for k in range(end - start)):
            # Mention counts too large to pack: made once and kept, like the shared ones.
            ents = self._odd.get(i)
            if ents is None:
                ents = self._odd[i] = tuple(
                    Entity(e.id, e.name, e.kind, data.overflow[(i, k)]) if (i, k) in data.overflow else e
                    for k, e in enumerate(map(self._entity_of.__getitem__, data.keys[start:end]))  # type: ignore[index]
                )
            return ents
        return tuple(map(self._entity_of.__getitem__, data.keys[start:end]))  # type: ignore[index]

    def __repr__(self) -> str:
        # Never 100,000 reprs (Textual describes workers' arguments, logs print messages).
        return f"<{len(self)} article summaries>"


class TagCounts(Sequence[tuple[Entity, int]]):
    """``(tag, number of articles)`` pairs, commonest first: a read-only sequence kept as two
    arrays (vocabulary numbers and counts), each pair made when it is read."""

    __slots__ = ("_vocab", "_order", "_counts")

    def __init__(self, vocab: list[tuple[str, str, str]], order: array, counts: array) -> None:
        self._vocab = vocab
        self._order = order
        self._counts = counts

    def __len__(self) -> int:
        return len(self._order)

    def _pair(self, k: int) -> tuple[Entity, int]:
        eid, name, kind = self._vocab[self._order[k]]
        return _new_entity(eid, name, kind, 1), self._counts[k]

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self._pair(j) for j in range(*k.indices(len(self)))]
        n = len(self._order)
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError("tag index out of range")
        return self._pair(k)

    def __iter__(self) -> Iterator[tuple[Entity, int]]:
        return map(self._pair, range(len(self._order)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (TagCounts, list, tuple)):
            return len(other) == len(self) and all(map(eq, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} tags>"


def _title_dup(title: str) -> int:
    # 0 stands for "no key": articles with no title words are not copies of each other.
    key = title_key(title)
    return listindex.dup_key(key) or 1 if key else 0


class Store:
    """A newsdesk article store in a directory. Thread-safe; safe across processes.

    With ``lazy=True`` opening reads only the reading state: articles are read on first
    use, and ``recent_summaries`` can show the newest ones before that, cheaply.
    """

    def __init__(
        self, path: str | os.PathLike | None = None, *, create: bool = True, tagger=None, lazy: bool = False
    ) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self._prepare_directory(create)
        self.lock = StoreLock(self.path / "lock")
        self._articles_db = TinyDB(self.path / "articles.json", storage=AtomicJSONStorage)
        self._body_dbs: dict[str, TinyDB] = {}
        # Article id -> (signature of its shard file when read, body record), oldest first.
        self._kept_bodies: OrderedDict[str, tuple[object, dict]] = OrderedDict()
        self._state = ReadingState(self.path)
        self._list: ListData | None = None
        self._pos: dict[str, int] = {}
        self._entities: _EntityCache | None = None
        # Duplicate detection for imports: (articles.json signature, by normalised URL, by fingerprint).
        self._dedupe: tuple[object, dict[str, str], dict[str, str]] | None = None
        self._articles_sig: tuple[int, int, int] | None = ("unloaded",)  # type: ignore[assignment]
        self._ordered: SummaryRows | None = None
        self._related = None
        self._tagger = tagger
        # A long-running reader keeps no parsed copy of articles.json once its list is built.
        self._lean = lazy
        if lazy:
            self._state.refresh()
        else:
            self.refresh()

    def _prepare_directory(self, create: bool) -> None:
        p = self.path
        if p.exists() and not p.is_dir():
            raise StoreError(f"store path {p} is a file, not a directory; pass --db a directory")
        if not p.exists():
            if not create:
                raise StoreError(f"no store at {p}; import articles first or pass --db")
            try:
                p.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the store at {p}: {describe_os_error(exc)}") from exc
        if create and not os.access(p, os.W_OK):
            # Reading a store on read-only media works; writing will explain itself.
            pass

    # -- loading -------------------------------------------------------------
    @property
    def _articles_path(self) -> Path:
        return self._articles_db.storage.path

    def refresh(self) -> bool:
        """Re-read whatever changed on disk (by another process). True if anything did."""
        changed = self._state.refresh()
        sig = file_signature(self._articles_path)
        if sig != self._articles_sig:
            self._load_list(sig)
            changed = True
        return changed

    def _ensure_list(self) -> ListData:
        if self._list is None:
            self._load_list(file_signature(self._articles_path))
        assert self._list is not None
        return self._list

    def _ensure_tags(self) -> ListData:
        data = self._ensure_list()
        if not data.has_tags:
            with self._building():
                current = listindex.read_tags(self.path, self._articles_sig, data)  # type: ignore[arg-type]
            if current and self._lean:
                data.vocab = listindex.Vocabulary.of(data.vocab)  # type: ignore[arg-type]
            if not current:
                # The tag file went stale under us (another writer): read everything afresh.
                self._load_list(file_signature(self._articles_path), from_index=False)
                data = self._ensure_list()
        return data

    def _load_list(self, sig, *, from_index: bool = True) -> None:
        """Make the in-memory list match articles.json: from the list index when it is current,
        else from articles.json itself (then the index is written again for next time)."""
        old = self._list
        data = None
        with self._building():
            if sig is not None and from_index:
                data = listindex.read_columns(self.path, sig, packed=self._lean)
            if data is None:
                data, sig = self._read_articles_file()
        self._set_list(data, sig, old)

    def _read_articles_file(self) -> tuple[ListData, object]:
        storage = self._articles_db.storage
        try:
            raw = storage.read()
            sig = storage.signature if raw is None else storage._cache_sig
            rows = (raw or {}).get(ARTICLES, {})
            data = listindex.build(rows.values(), _title_dup)
            self._dedupe = (sig, *self._dedupe_maps(rows.values()))
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            self._dedupe = None
            raise StoreCorruptError(storage.path, "an article record has an unexpected shape") from None
        finally:
            if self._lean:
                storage.close()
        if sig is not None:
            try:
                listindex.write(self.path, data, sig)
            except StoreError:
                # A read-only or full disk only loses the shortcut for the next open.
                pass
        return data, sig

    @staticmethod
    def _dedupe_maps(docs: Iterable[dict]) -> tuple[dict[str, str], dict[str, str]]:
        by_url: dict[str, str] = {}
        by_fp: dict[str, str] = {}
        for doc in docs:
            aid = doc.get("id")
            if not isinstance(aid, str):
                continue
            if doc.get("norm_url"):
                by_url[doc["norm_url"]] = aid
            if doc.get("fp"):
                by_fp[doc["fp"]] = aid
        return by_url, by_fp

    def _set_list(self, data: ListData, sig, old: ListData | None) -> None:
        if self._lean:
            # A reader keeps its list for hours: titles, dates and links packed, tag names too.
            data.columns = listindex.compact(data.columns)
            if data.vocab is not None:
                data.vocab = listindex.Vocabulary.of(data.vocab)
        self._list = data
        self._articles_sig = sig
        self._pos = {aid: i for i, aid in enumerate(data.ids)}
        self._ordered = None
        if self._entities is None or data.vocab is not self._entities.vocab:
            self._entities = None
        if self._related is not None:
            self._update_related(old)

    def _update_related(self, old: ListData | None) -> None:
        """Bring the related index in step with the new list: only changed articles are touched."""
        index = self._related
        data = self._ensure_tags()
        before = set(old.ids) if old is not None else set()
        now = self._pos
        for aid in before - now.keys():
            index.remove(aid)
        added = now.keys() - before
        if not added:
            return
        # New rows' lead words: from the terms file when it is current, else titles alone.
        terms = data.terms or listindex.read_terms(self.path, self._articles_sig, len(data))  # type: ignore[arg-type]
        c = data.columns
        for aid in added:
            i = now[aid]
            lead = [terms[0][k] for k in terms[2][terms[1][i] : terms[1][i + 1]]] if terms else ()
            index.add(
                aid, self._row_entities(i), c["published"][i], dup_key=data.dups[i], title=c["title"][i], terms=lead
            )

    def _building(self) -> contextlib.AbstractContextManager:
        # Commands build their list with the collector paused (a third faster at 100k). A reader
        # does not: the paused collections would land later on its screen's thread instead.
        return contextlib.nullcontext() if self._lean else building_many()

    @property
    def changed_on_disk(self) -> bool:
        """Cheap check (three stats) whether another process changed the store."""
        return (
            file_signature(self._articles_path) != self._articles_sig
            or file_signature(self._state.snapshot_path) != self._state._snapshot_sig
            or (file_signature(self._state.journal_path) or (None, 0, 0))[1] != self._state._journal_offset
        )

    # -- reading -------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ensure_list())

    def _entity_cache(self) -> _EntityCache:
        data = self._ensure_tags()
        if self._entities is None or self._entities.vocab is not data.vocab:
            self._entities = _EntityCache(data.vocab)  # type: ignore[arg-type]
        return self._entities

    def _row_entities(self, i: int) -> tuple[Entity, ...]:
        data = self._ensure_tags()
        cache = self._entity_cache()
        start, end = data.off[i], data.off[i + 1]  # type: ignore[index]
        ents = tuple(map(cache.__getitem__, data.keys[start:end]))  # type: ignore[index]
        if data.overflow and any((i, k) in data.overflow for k in range(end - start)):
            ents = tuple(
                Entity(e.id, e.name, e.kind, data.overflow[(i, k)]) if (i, k) in data.overflow else e
                for k, e in enumerate(ents)
            )
        return ents

    def summaries(self) -> SummaryRows:
        """Every article's light record, newest first: a read-only sequence, the same object
        until the articles change (summaries are made from the list's columns as they are read)."""
        if self._ordered is None:
            data = self._ensure_tags()
            pos = self._pos
            with self._building():
                self._ordered = SummaryRows(data, self._entity_cache(), pos.values() if len(pos) == len(data) else None)
        return self._ordered

    def recent_summaries(self, n: int = 200) -> list[ArticleSummary]:
        """The newest ``n`` articles' light records, newest first, for a first screen.

        Reads only the small ``index-recent.json`` while the store's list is not loaded yet
        (so a large store shows its newest articles at once); otherwise ``summaries()[:n]``.
        """
        if self._list is None:
            sig = file_signature(self._articles_path)
            got = listindex.read_recent(self.path, sig) if sig is not None else None
            if got is not None:
                rows, total = got
                if len(rows) >= min(n, total):
                    try:
                        return [listindex.summary_from_recent(r, Entity) for r in rows[:n]]
                    except (TypeError, ValueError):
                        pass
        return self.summaries()[:n]

    def summary(self, article_id: str) -> ArticleSummary:
        self._ensure_list()
        i = self._pos.get(article_id)
        if i is None:
            raise UnknownArticleError(f"no article with id {article_id}")
        return self.summaries()[i]

    def resolve(self, prefix: str) -> str:
        """The full id for a unique id prefix (as git does with commits)."""
        self._ensure_list()
        prefix = prefix.strip().lower()
        if prefix in self._pos:
            return prefix
        if len(prefix) < 4:
            raise UnknownArticleError(f"id prefix {prefix!r} is too short; give at least 4 characters")
        matches = [aid for aid in self._pos if aid.startswith(prefix)]
        if not matches:
            raise UnknownArticleError(f"no article with id {prefix}")
        if len(matches) > 1:
            raise UnknownArticleError(f"id prefix {prefix} is ambiguous: it matches {', '.join(sorted(matches)[:5])}")
        return matches[0]

    def get(self, article_id: str) -> Article:
        """The whole article, body included (reads one body shard)."""
        s = self.summary(article_id)
        author = self._list.columns["author"][self._pos[article_id]]  # type: ignore[union-attr]
        body_doc = self._read_body(article_id)
        if body_doc is None:
            shard = self.path / "bodies" / f"{article_id[:2]}.json"
            where = f"{shard} does not exist" if not shard.exists() else f"it is not in {shard}"
            raise StoreError(f"the body of article {article_id} is missing: {where}; run `newsdesk doctor --repair`")
        return Article(
            id=s.id,
            title=s.title,
            source=s.source,
            published=s.published,
            language=s.language,
            url=s.url,
            body=tuple(body_doc.get("body") or ()),
            captions=tuple(body_doc.get("captions") or ()),
            entities=s.entities,
            author=author,
            feed_url=s.feed_url,
            imported_at=s.imported_at,
        )

    def state(self, article_id: str) -> ReadState:
        return self._state.get(article_id)

    def states(self) -> dict[str, ReadState]:
        return self._state.all()

    def tags(self) -> TagCounts:
        """Every tag with the number of articles carrying it, commonest first.

        A tag written several ways (languages, spellings) is named by its commonest spelling.
        """
        data = self._ensure_tags()
        with self._building():
            return self._count_tags(data)

    @staticmethod
    def _count_tags(data: ListData) -> TagCounts:
        spellings = data.counts
        counts: dict[str, int] = {}
        best: dict[str, tuple[int, int]] = {}
        vocab = data.vocab
        for v, n in enumerate(spellings):  # type: ignore[arg-type]
            if not n:
                continue
            eid = vocab[v][0]  # type: ignore[index]
            counts[eid] = counts.get(eid, 0) + n
            if eid not in best or (n, -v) > (best[eid][0], -best[eid][1]):
                best[eid] = (n, v)
        pairs = [(v, counts[eid]) for eid, (_, v) in best.items()]
        pairs.sort(key=lambda p: (-p[1], vocab[p[0]][1].casefold()))  # type: ignore[index]
        return TagCounts(vocab, array("I", [v for v, _ in pairs]), array("Q", [n for _, n in pairs]))  # type: ignore[arg-type]

    # -- related -------------------------------------------------------------
    @property
    def related_index(self):
        if self._related is None:
            self.build_related_index()
        return self._related

    def build_related_index(self, guard: contextlib.AbstractContextManager | None = None) -> None:
        """Build the related index now, if it is not built, holding ``guard`` only while the
        store is read and the index put in place, not while it is built (seconds at 100,000
        articles). For a caller whose threads share the store under ``guard``: their calls
        (a mark-read, a lookup) need not wait for the build. Changes to the list meanwhile
        are applied to the index before it is used."""
        from .related import RelatedIndex

        guard = guard if guard is not None else contextlib.nullcontext()
        with guard:
            if self._related is not None:
                return
            data = self._ensure_tags()
            terms = self._load_terms(data, release=self._lean)
            if self._lean:
                data.terms = None
            vocab = data.vocab
            tag_ids = vocab.ids if isinstance(vocab, listindex.Vocabulary) else [v[0] for v in vocab]  # type: ignore[union-attr]
            published, titles = data.columns["published"], data.columns["title"]
        index = RelatedIndex()
        index.add_packed(
            data.ids, tag_ids, data.off, data.keys, published,  # type: ignore[arg-type]
            titles=titles, dup_keys=data.dups, overflow=data.overflow, terms=terms,
        )
        with guard:
            if self._related is None:
                self._related = index
                if self._list is not data:
                    self._update_related(data)

    def _load_terms(self, data: ListData, *, release: bool = False) -> listindex.Terms:
        """``data``'s lead words, loaded on demand: from ``index-terms.bin`` when it is current,
        else from articles.json (``release`` then drops the parsed file afterwards)."""
        if data.terms is None:
            terms = listindex.read_terms(self.path, self._articles_sig, len(data))  # type: ignore[arg-type]
            if terms is None:
                storage = self._articles_db.storage
                try:
                    raw = storage.read() or {}
                    sig = storage._cache_sig
                    terms = listindex.terms_for(data.ids, raw.get(ARTICLES, {}).values())
                except (TypeError, ValueError, KeyError, IndexError, AttributeError):
                    raise StoreCorruptError(storage.path, "an article record has an unexpected shape") from None
                finally:
                    if release:
                        storage.close()
                if sig == self._articles_sig:
                    # Written back, so the next open reads the small file instead of articles.json.
                    try:
                        listindex.write_terms(self.path, terms, sig, len(data))  # type: ignore[arg-type]
                    except StoreError:
                        pass
            data.terms = terms
        return data.terms

    def related(self, article_id: str, limit: int = 10) -> list[RelatedArticle]:
        """Articles sharing this one's tags, best first, each with the shared tag ids."""
        self.summary(article_id)
        return self.related_index.related(article_id, limit)

    # -- bodies --------------------------------------------------------------
    def _body_table(self, article_id: str):
        shard = article_id[:2]
        # Most recently used last, so the cache trim drops the oldest parsed shards first.
        db = self._body_dbs.pop(shard, None)
        if db is None:
            (self.path / "bodies").mkdir(exist_ok=True)
            db = TinyDB(self.path / "bodies" / f"{shard}.json", storage=AtomicJSONStorage)
        self._body_dbs[shard] = db
        return db.table(BODIES)

    def _trim_body_cache(self) -> None:
        """Keep parsed body shards within a byte budget (small for a long-running reader)."""
        budget = LEAN_BODY_CACHE_BYTES if self._lean else BODY_CACHE_BYTES
        total = 0
        for newest, db in enumerate(reversed(list(self._body_dbs.values()))):
            storage = db.storage
            if storage._cache is None:
                continue
            total += storage._cache_sig[1] if storage._cache_sig else 0
            # The shard just read stays even alone over budget: it is the one asked for next.
            if total > budget and newest:
                storage.close()

    def cached_body_bytes(self) -> int:
        """Bytes (of shard files) of the body shards held parsed in memory."""
        return sum(
            db.storage._cache_sig[1]
            for db in self._body_dbs.values()
            if db.storage._cache is not None and db.storage._cache_sig
        )

    def is_body_cached(self, article_id: str) -> bool:
        """Whether the article's body is in memory, so ``get`` parses nothing."""
        if self._kept_body(article_id) is not None:
            return True
        db = self._body_dbs.get(article_id[:2])
        return db is not None and db.storage._cache is not None

    def _kept_body(self, article_id: str) -> dict | None:
        kept = self._kept_bodies.get(article_id)
        if kept is None:
            return None
        # Rewritten since (by this process or another), the shard may hold another version.
        if file_signature(self.path / "bodies" / f"{article_id[:2]}.json") != kept[0]:
            self._kept_bodies.pop(article_id, None)
            return None
        return kept[1]

    def prefetch(self, article_id: str) -> bool:
        """Read an article's body shard into the cache, so a following ``get`` is quick.

        Changes no reading state. True when the body is there; False for an unknown id or
        a shard that cannot be read (``get`` reports those properly).
        """
        try:
            int(article_id, 16)
            return self._read_body(article_id) is not None
        except (ValueError, StoreError, OSError):
            return False

    def _read_body(self, article_id: str) -> dict | None:
        kept = self._kept_body(article_id)
        if kept is not None:
            self._kept_bodies.move_to_end(article_id)
            return kept
        shard = article_id[:2]
        db = self._body_dbs.get(shard)
        if self._lean and (db is None or db.storage._cache is None):
            # A reader opens articles here and there: cut the one record out of its shard (at
            # 100,000 articles a shard is over a megabyte, and parsing it whole holds the
            # interpreter for milliseconds). Commands, which may read many, parse whole shards.
            one = read_one_record(self.path / "bodies" / f"{shard}.json", BODIES, self._doc_id_for(article_id))
            if one is not None and one[0].get("id") == article_id:
                self._keep_body(article_id, one[1], one[0])
                return one[0]
        table = self._body_table(article_id)
        doc = table.get(doc_id=self._doc_id_for(article_id))
        sig = self._body_dbs[shard].storage._cache_sig
        if doc is not None and sig is not None:
            self._keep_body(article_id, sig, doc)
        self._trim_body_cache()
        return doc

    def _keep_body(self, article_id: str, sig: object, doc: dict) -> None:
        self._kept_bodies[article_id] = (sig, doc)
        while len(self._kept_bodies) > KEPT_BODIES:
            self._kept_bodies.popitem(last=False)

    def iter_bodies(
        self, article_ids: Iterable[str], on_error: Callable[[StoreError], None] | None = None
    ) -> Iterator[tuple[str, tuple[str, ...], tuple[str, ...]]]:
        """``(id, body, captions)`` of many articles, reading each body shard once.

        For scans (such as a search through every article's text): answers come shard by
        shard, not in the order asked, and no shard stays in memory afterwards. Articles
        without a stored body are left out; a shard that cannot be read is reported to
        ``on_error`` (or raised when there is none) and the scan goes on with the next.
        """
        by_shard: dict[str, list[str]] = {}
        for aid in article_ids:
            by_shard.setdefault(aid[:2], []).append(aid)
        for shard, aids in by_shard.items():
            path = self.path / "bodies" / f"{shard}.json"
            db = self._body_dbs.get(shard)
            try:
                if db is not None and db.storage._cache is not None:
                    data = db.storage.read()
                else:
                    data = AtomicJSONStorage(path).read()
            except StoreError as exc:
                if on_error is None:
                    raise
                on_error(exc)
                continue
            rows = (data or {}).get(BODIES, {})
            for aid in aids:
                row = rows.get(str(self._doc_id_for(aid)))
                if isinstance(row, dict):
                    yield aid, tuple(row.get("body") or ()), tuple(row.get("captions") or ())

    def _doc_id_for(self, article_id: str) -> int:
        # Ids are hex, so a body's TinyDB doc id is the id's own number: no lookup table needed.
        return int(article_id, 16)

    # -- writing -------------------------------------------------------------
    def _tag(self, parsed: ParsedArticle) -> tuple[Entity, ...]:
        if self._tagger is None:
            from .tagging import default_tagger

            self._tagger = default_tagger()
        return tuple(self._tagger.tag(parsed.title, parsed.body, parsed.language))

    def import_articles(
        self,
        items: Iterable[tuple[str, ParsedArticle]],
        *,
        progress: Callable[[ImportResult], None] | None = None,
        batch_size: int = 500,
    ) -> list[ImportResult]:
        """Tag and store articles; duplicates (same URL, or same title and body) are reported, not stored.

        ``items`` yields ``(origin, parsed)`` pairs; origin is the file or feed named in results.
        Writes go out in batches, each batch atomic, so a failure loses at most the batch in flight
        and never leaves a half-written file. Large imports tag on a second core as well
        (``tagging.parallel``); the entities are the same either way.
        """
        from .tagging.parallel import TagPipeline

        if self._tagger is None:
            from .tagging import default_tagger

            self._tagger = default_tagger()
        results: list[ImportResult] = []
        batch: list[tuple[str, ParsedArticle]] = []
        with TagPipeline(self._tagger) as pipeline:

            def flush(count: int) -> None:
                chunk = batch[:count]
                del batch[:count]
                # Tagging and storing make no cyclic garbage: no collections meanwhile (the
                # caller's parsers, which may, run between flushes with the collector on).
                with self._building():
                    done = self._import_batch(chunk, pipeline.take(count))
                for r in done:
                    results.append(r)
                    if progress:
                        progress(r)

            iterator = iter(items)
            while True:
                try:
                    item = next(iterator)
                except StopIteration:
                    break
                except BaseException:
                    # Reading ahead must not cost the complete batches read before the failure.
                    while len(batch) >= batch_size:
                        flush(batch_size)
                    raise
                batch.append(item)
                parsed = item[1]
                pipeline.add(parsed.title, parsed.body, parsed.language)
                # With a helper tagging, read a batch ahead so it has work while this process writes.
                ahead = batch_size if pipeline.parallel else 0
                if len(batch) >= batch_size + ahead:
                    flush(batch_size)
            while batch:
                flush(min(batch_size, len(batch)))
        return results

    def _writer_maps(self) -> tuple[dict[str, str], dict[str, str]]:
        """Duplicate detection maps for the current articles.json (the caller holds the lock)."""
        if self._dedupe is None or self._dedupe[0] != self._articles_sig:
            storage = self._articles_db.storage
            raw = storage.read() or {}
            self._dedupe = (storage._cache_sig, *self._dedupe_maps(raw.get(ARTICLES, {}).values()))
            if self._dedupe[0] != self._articles_sig:
                # Changed between our refresh and this read: bring the list up to date too.
                self._load_list(self._dedupe[0], from_index=False)
        return self._dedupe[1], self._dedupe[2]

    def _list_changed(self, data: ListData) -> None:
        """Adopt the list after our own write of articles.json, and write its index."""
        sig = file_signature(self._articles_path)
        old = self._list
        self._set_list(data, sig, old)
        if self._dedupe is not None:
            self._dedupe = (sig, self._dedupe[1], self._dedupe[2])
        try:
            listindex.write(self.path, data, sig)  # type: ignore[arg-type]
        except StoreError:
            # Stale index files are ignored (their signature no longer matches); the next open rebuilds them.
            pass
        if self._lean:
            self._articles_db.storage.close()
            self._dedupe = None

    def _import_batch(
        self, batch: list[tuple[str, ParsedArticle]], entities: Sequence[tuple[Entity, ...]] | None = None
    ) -> list[ImportResult]:
        if entities is None:
            entities = [self._tag(parsed) for _origin, parsed in batch]
        tagged = [(origin, parsed, ents) for (origin, parsed), ents in zip(batch, entities)]
        with self.lock:
            self.refresh()
            by_url, by_fingerprint = self._writer_maps()
            data = self._ensure_tags()
            known = self._pos
            results: list[ImportResult] = []
            new_docs: list[dict] = []
            bodies: dict[str, list[tuple[str, dict]]] = {}
            state_changes: list[tuple[str, ReadState]] = []
            seen_url: dict[str, str] = {}
            seen_fp: dict[str, str] = {}
            new_ids: set[str] = set()
            stamp = now_iso()
            for origin, parsed, entities in tagged:
                fp = content_fingerprint(parsed.title, parsed.body)
                norm_url = normalise_url(parsed.url)
                existing = (
                    (norm_url and (by_url.get(norm_url) or seen_url.get(norm_url)))
                    or by_fingerprint.get(fp)
                    or seen_fp.get(fp)
                )
                if existing:
                    title = data.columns["title"][known[existing]] if existing in known else parsed.title
                    results.append(ImportResult(origin, "duplicate", existing, title))
                    if parsed.state is not None:
                        state_changes.append((existing, parsed.state))
                    continue
                aid = fp[:ID_LENGTH]
                while aid in known or aid in new_ids:
                    aid = hashlib.sha1(aid.encode()).hexdigest()[:ID_LENGTH]
                doc = {
                    "id": aid,
                    "title": cap_title(parsed.title),
                    "source": parsed.source,
                    "published": parsed.published,
                    "language": parsed.language,
                    "url": parsed.url,
                    "author": parsed.author,
                    "feed_url": parsed.feed_url,
                    "imported_at": stamp,
                    "entities": [_entity_to_row(e) for e in entities],
                    "fp": fp,
                    "norm_url": norm_url,
                    "terms": lead_terms(parsed.body),
                }
                new_docs.append(doc)
                bodies.setdefault(aid[:2], []).append(
                    (aid, {"id": aid, "body": list(parsed.body), "captions": list(parsed.captions)})
                )
                seen_fp[fp] = aid
                new_ids.add(aid)
                if norm_url:
                    seen_url[norm_url] = aid
                if parsed.state is not None and not parsed.state.is_default:
                    state_changes.append((aid, parsed.state))
                results.append(ImportResult(origin, "imported", aid, cap_title(parsed.title)))
            if new_docs:
                # Bodies first: an article row is the commit point, an orphan body is harmless.
                self._store_bodies(bodies)
                # Doc ids derive from article ids, so TinyDB's cached id counter can never collide
                # with rows another process added meanwhile.
                self._articles_db.table(ARTICLES).insert_multiple(
                    Document(d, doc_id=self._doc_id_for(d["id"])) for d in new_docs
                )
                by_url.update(seen_url)
                by_fingerprint.update(seen_fp)
                self._load_terms(data)
                self._list_changed(listindex.merged(data, new_docs, _title_dup))
            if state_changes:
                self._state.set_many(state_changes)
            return results

    def _store_bodies(self, bodies: dict[str, list[tuple[str, dict]]]) -> None:
        """Add ``(id, body row)`` pairs to their shards (rows already there are kept as they are).

        Each shard file is replaced atomically, as its TinyDB storage would (``_replace_files``),
        a few dozen at once; the bodies folder is synced once after all of them rather than
        after each file, which is just as durable before the article rows that refer to them
        are written. The first failure is raised once every shard has been tried; shards not
        written keep their file.
        """
        shards = list(bodies.items())
        failure: StoreError | None = None
        pool = ThreadPoolExecutor(max_workers=SHARD_WRITERS) if SHARD_WRITERS > 1 and len(shards) > 1 else None
        try:
            for start in range(0, len(shards), _FILES_AT_ONCE):
                plans = []
                for shard, rows in shards[start : start + _FILES_AT_ONCE]:
                    table = self._body_table(rows[0][0])
                    storage = self._body_dbs[shard].storage
                    try:
                        current = storage.read()
                    except StoreError as exc:
                        failure = failure or exc
                        continue
                    tables = dict(current) if current else {}
                    # As TinyDB rewrites a table: document ids in canonical form, old rows first.
                    merged = {str(int(key)): doc for key, doc in (tables.get(BODIES) or {}).items()}
                    for aid, doc in rows:
                        merged.setdefault(str(self._doc_id_for(aid)), doc)
                    tables[BODIES] = merged
                    tables.setdefault("_meta", {"1": {"schema": SCHEMA_VERSION}})
                    plans.append((table, storage, tables, orjson.dumps(tables)))
                outcomes = _replace_files([(storage.path, blob) for _t, storage, _d, blob in plans], pool)
                for (table, storage, tables, _blob), outcome in zip(plans, outcomes):
                    if isinstance(outcome, tuple):
                        storage._cache, storage._cache_sig = tables, outcome
                        table.clear_cache()
                    else:
                        failure = failure or outcome
        finally:
            if pool is not None:
                pool.shutdown()
            if shards:
                fsync_dir(self.path / "bodies")
        self._trim_body_cache()
        if failure is not None:
            raise failure

    def _remove_bodies(self, table, article_ids: list[str]) -> None:
        present = [self._doc_id_for(a) for a in article_ids if table.contains(doc_id=self._doc_id_for(a))]
        if present:
            table.remove(doc_ids=present)

    def _write_shards(self, writes: list[Callable[[], None]]) -> None:
        """Run one write per body shard, several at once: each waits on its own fsync, and the file
        system commits concurrent fsyncs together (on a disk where one takes milliseconds, a batch
        touching 200 shards goes from a second to a tenth of that). The first failure is raised
        once every write has finished."""
        if len(writes) <= 1:
            for write in writes:
                write()
        else:
            with ThreadPoolExecutor(max_workers=min(SHARD_WRITERS, len(writes))) as pool:
                futures = [pool.submit(write) for write in writes]
            for future in futures:
                future.result()
        self._trim_body_cache()

    def remove_articles(self, article_ids: Iterable[str]) -> int:
        """Delete articles: their rows, bodies and reading state. Returns how many were removed."""
        with self.lock:
            self.refresh()
            self._ensure_list()
            ids = sorted({aid for aid in article_ids if aid in self._pos})
            if not ids:
                return 0
            data = self._ensure_tags()
            # The article row goes first: once it is gone, a leftover body is harmless.
            self._articles_db.table(ARTICLES).remove(doc_ids=[self._doc_id_for(aid) for aid in ids])
            by_shard: dict[str, list[str]] = {}
            for aid in ids:
                by_shard.setdefault(aid[:2], []).append(aid)
            self._write_shards(
                [partial(self._remove_bodies, self._body_table(aids[0]), aids) for aids in by_shard.values()]
            )
            stale = [(aid, ReadState()) for aid in ids if not self._state.get(aid).is_default]
            if stale:
                self._state.set_many(stale)
            # Duplicate detection must forget them too: rebuilt from the file on the next import.
            self._dedupe = None
            self._load_terms(data)
            self._list_changed(listindex.without(data, set(ids)))
            return len(ids)

    def set_state(self, article_ids: Iterable[str], *, read: bool | None = None, starred: bool | None = None) -> None:
        """Mark articles read/unread and starred/unstarred; durable (fsynced) when it returns."""
        with self.lock:
            self._state.refresh()
            changes = []
            self._ensure_list()
            for aid in article_ids:
                if aid not in self._pos:
                    raise UnknownArticleError(f"no article with id {aid}")
                old = self._state.get(aid)
                new_read = old.read if read is None else read
                changes.append(
                    (
                        aid,
                        ReadState(
                            read=new_read,
                            read_at=(old.read_at if old.read else now_iso()) if new_read else None,
                            starred=old.starred if starred is None else starred,
                        ),
                    )
                )
            self._state.set_many(changes)

    def mark_read(self, article_ids: Iterable[str], read: bool = True) -> None:
        self.set_state(article_ids, read=read)

    def star(self, article_ids: Iterable[str], starred: bool = True) -> None:
        self.set_state(article_ids, starred=starred)

    # -- export --------------------------------------------------------------
    def export_records(self) -> Iterator[dict]:
        """Every article as a plain dict with its reading state, newest first."""
        for s in self.summaries():
            yield article_record(self.get(s.id), self.state(s.id))

    def close(self) -> None:
        self._articles_db.close()
        for db in self._body_dbs.values():
            db.close()
        self._state.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def summary_record(s: ArticleSummary, state: ReadState) -> dict:
    """The list view of an article, as the CLI's ``list --json`` prints it."""
    return {
        "id": s.id,
        "title": s.title,
        "source": s.source,
        "published": s.published,
        "language": s.language,
        "read": state.read,
        "starred": state.starred,
        "tags": s.tag_names,
    }


def article_record(a: Article, state: ReadState) -> dict:
    """One whole article; ``show --json`` and ``export`` share this serialiser."""
    rec = summary_record(a.summary, state)
    rec.update(
        {
            "url": a.url,
            "author": a.author,
            "body": list(a.body),
            "captions": list(a.captions),
            "entities": [{"id": e.id, "name": e.name, "kind": e.kind, "mentions": e.mentions} for e in a.entities],
            "feed_url": a.feed_url,
            "imported_at": a.imported_at,
            "state": {"read": state.read, "read_at": state.read_at, "starred": state.starred},
        }
    )
    return rec
