"""The Store: the one place that touches TinyDB.

A store is a directory:

``articles.json``   TinyDB table ``articles``: everything about an article but its body
``bodies/XX.json``  TinyDB table ``bodies``, sharded by the first two hex digits of the id,
                    so opening one article reads one small file and the list never reads bodies
``state.json``      reading state (see ``state.py``) plus ``state.journal``
``feeds.json``      subscriptions
``lock``            the cross-process writer lock

Every mutating call takes the lock, re-reads what changed on disk, applies its
change and writes atomically, so two processes never lose each other's work.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tinydb import TinyDB
from tinydb.table import Document

from .models import Article, ArticleSummary, Entity, ImportResult, ParsedArticle, ReadState, RelatedArticle
from .state import ReadingState
from .storage import (
    AtomicJSONStorage,
    StoreCorruptError,
    StoreError,
    StoreLock,
    describe_os_error,
    file_signature,
)

ARTICLES = "articles"
BODIES = "bodies"
ID_LENGTH = 12
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
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", folded))


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


def _entity_from_row(row: list) -> Entity:
    return Entity(id=row[0], name=row[1], kind=row[2], mentions=row[3] if len(row) > 3 else 1)


def _summary_from_doc(doc: dict) -> ArticleSummary:
    return ArticleSummary(
        id=doc["id"],
        title=doc.get("title") or "",
        source=doc.get("source"),
        published=doc.get("published"),
        language=doc.get("language"),
        url=doc.get("url"),
        entities=tuple(_entity_from_row(r) for r in doc.get("entities") or ()),
        feed_url=doc.get("feed_url"),
        imported_at=doc.get("imported_at"),
    )


def sort_key(summary: ArticleSummary) -> str:
    return summary.published or summary.imported_at or ""


class Store:
    """A newsdesk article store in a directory. Thread-safe; safe across processes."""

    def __init__(self, path: str | os.PathLike | None = None, *, create: bool = True, tagger=None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self._prepare_directory(create)
        self.lock = StoreLock(self.path / "lock")
        self._articles_db = TinyDB(self.path / "articles.json", storage=AtomicJSONStorage)
        self._body_dbs: dict[str, TinyDB] = {}
        self._state = ReadingState(self.path)
        self._summaries: dict[str, ArticleSummary] = {}
        self._docs: dict[str, dict] = {}
        self._by_url: dict[str, str] = {}
        self._by_fingerprint: dict[str, str] = {}
        self._articles_sig: tuple[int, int, int] | None = ("unloaded",)  # type: ignore[assignment]
        self._ordered: list[ArticleSummary] | None = None
        self._related = None
        self._tagger = tagger
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
    def refresh(self) -> bool:
        """Re-read whatever changed on disk (by another process). True if anything did."""
        changed = self._state.refresh()
        sig = file_signature(self._articles_db.storage.path)
        if sig != self._articles_sig:
            self._load_articles()
            self._articles_sig = sig
            changed = True
        return changed

    def _load_articles(self) -> None:
        self._docs, self._summaries = {}, {}
        self._by_url, self._by_fingerprint = {}, {}
        self._related = None
        try:
            self._apply_docs(self._articles_db.table(ARTICLES).all())
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            self._docs, self._summaries, self._by_url, self._by_fingerprint = {}, {}, {}, {}
            raise StoreCorruptError(self._articles_db.storage.path, "an article record has an unexpected shape") from None

    def _apply_docs(self, docs: Iterable[dict]) -> None:
        for doc in docs:
            aid = doc.get("id")
            if not isinstance(aid, str):
                continue
            self._docs[aid] = doc
            summary = self._summaries[aid] = _summary_from_doc(doc)
            if self._related is not None:
                self._related.add(aid, summary.entities, summary.published, dup_key=title_key(summary.title))
            if doc.get("norm_url"):
                self._by_url[doc["norm_url"]] = aid
            if doc.get("fp"):
                self._by_fingerprint[doc["fp"]] = aid
        self._ordered = None

    @property
    def changed_on_disk(self) -> bool:
        """Cheap check (three stats) whether another process changed the store."""
        return (
            file_signature(self._articles_db.storage.path) != self._articles_sig
            or file_signature(self._state.snapshot_path) != self._state._snapshot_sig
            or (file_signature(self._state.journal_path) or (None, 0, 0))[1] != self._state._journal_offset
        )

    # -- reading -------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._summaries)

    def summaries(self) -> list[ArticleSummary]:
        """Every article's light record, newest first."""
        if self._ordered is None:
            self._ordered = sorted(self._summaries.values(), key=lambda s: (sort_key(s), s.id), reverse=True)
        return self._ordered

    def summary(self, article_id: str) -> ArticleSummary:
        try:
            return self._summaries[article_id]
        except KeyError:
            raise UnknownArticleError(f"no article with id {article_id}") from None

    def resolve(self, prefix: str) -> str:
        """The full id for a unique id prefix (as git does with commits)."""
        prefix = prefix.strip().lower()
        if prefix in self._summaries:
            return prefix
        if len(prefix) < 4:
            raise UnknownArticleError(f"id prefix {prefix!r} is too short; give at least 4 characters")
        matches = [aid for aid in self._summaries if aid.startswith(prefix)]
        if not matches:
            raise UnknownArticleError(f"no article with id {prefix}")
        if len(matches) > 1:
            raise UnknownArticleError(f"id prefix {prefix} is ambiguous: it matches {', '.join(sorted(matches)[:5])}")
        return matches[0]

    def get(self, article_id: str) -> Article:
        """The whole article, body included (reads one body shard)."""
        s = self.summary(article_id)
        doc = self._docs[article_id]
        body_doc = self._body_table(article_id).get(doc_id=self._doc_id_for(article_id))
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
            author=doc.get("author"),
            feed_url=s.feed_url,
            imported_at=s.imported_at,
        )

    def state(self, article_id: str) -> ReadState:
        return self._state.get(article_id)

    def states(self) -> dict[str, ReadState]:
        return self._state.all()

    def tags(self) -> list[tuple[Entity, int]]:
        """Every tag with the number of articles carrying it, commonest first."""
        counts: dict[str, int] = {}
        names: dict[str, Entity] = {}
        for s in self._summaries.values():
            for e in s.entities:
                counts[e.id] = counts.get(e.id, 0) + 1
                names.setdefault(e.id, e)
        return sorted(((names[i], c) for i, c in counts.items()), key=lambda t: (-t[1], t[0].name.casefold()))

    # -- related -------------------------------------------------------------
    @property
    def related_index(self):
        if self._related is None:
            from .related import RelatedIndex

            index = RelatedIndex()
            for s in self._summaries.values():
                index.add(s.id, s.entities, s.published, dup_key=title_key(s.title))
            self._related = index
        return self._related

    def related(self, article_id: str, limit: int = 10) -> list[RelatedArticle]:
        """Articles sharing this one's tags, best first, each with the shared tag ids."""
        self.summary(article_id)
        return self.related_index.related(article_id, limit)

    # -- bodies --------------------------------------------------------------
    def _body_table(self, article_id: str):
        shard = article_id[:2]
        db = self._body_dbs.get(shard)
        if db is None:
            (self.path / "bodies").mkdir(exist_ok=True)
            db = TinyDB(self.path / "bodies" / f"{shard}.json", storage=AtomicJSONStorage)
            self._body_dbs[shard] = db
        return db.table(BODIES)

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
        and never leaves a half-written file.
        """
        results: list[ImportResult] = []
        batch: list[tuple[str, ParsedArticle]] = []

        def flush() -> None:
            if batch:
                for r in self._import_batch(batch):
                    results.append(r)
                    if progress:
                        progress(r)
                batch.clear()

        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                flush()
        flush()
        return results

    def _import_batch(self, batch: list[tuple[str, ParsedArticle]]) -> list[ImportResult]:
        tagged = [(origin, parsed, self._tag(parsed)) for origin, parsed in batch]
        with self.lock:
            self.refresh()
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
                    (norm_url and (self._by_url.get(norm_url) or seen_url.get(norm_url)))
                    or self._by_fingerprint.get(fp)
                    or seen_fp.get(fp)
                )
                if existing:
                    title = self._summaries[existing].title if existing in self._summaries else parsed.title
                    results.append(ImportResult(origin, "duplicate", existing, title))
                    if parsed.state is not None:
                        state_changes.append((existing, parsed.state))
                    continue
                aid = fp[:ID_LENGTH]
                while aid in self._summaries or aid in new_ids:
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
                for shard, rows in bodies.items():
                    self._write_bodies(shard, rows)
                # Doc ids derive from article ids, so TinyDB's cached id counter can never collide
                # with rows another process added meanwhile.
                self._articles_db.table(ARTICLES).insert_multiple(
                    Document(d, doc_id=self._doc_id_for(d["id"])) for d in new_docs
                )
                self._apply_docs(new_docs)
                self._articles_sig = file_signature(self._articles_db.storage.path)
            if state_changes:
                self._state.set_many(state_changes)
            return results

    def _write_bodies(self, shard: str, rows: list[tuple[str, dict]]) -> None:
        table = self._body_table(rows[0][0])
        table.insert_multiple(Document(doc, doc_id=self._doc_id_for(aid)) for aid, doc in rows if not table.contains(doc_id=self._doc_id_for(aid)))

    def remove_articles(self, article_ids: Iterable[str]) -> int:
        """Delete articles: their rows, bodies and reading state. Returns how many were removed."""
        with self.lock:
            self.refresh()
            ids = sorted({aid for aid in article_ids if aid in self._summaries})
            if not ids:
                return 0
            # The article row goes first: once it is gone, a leftover body is harmless.
            self._articles_db.table(ARTICLES).remove(doc_ids=[self._doc_id_for(aid) for aid in ids])
            by_shard: dict[str, list[str]] = {}
            for aid in ids:
                by_shard.setdefault(aid[:2], []).append(aid)
            for shard_ids in by_shard.values():
                table = self._body_table(shard_ids[0])
                present = [self._doc_id_for(a) for a in shard_ids if table.contains(doc_id=self._doc_id_for(a))]
                if present:
                    table.remove(doc_ids=present)
            stale = [(aid, ReadState()) for aid in ids if not self._state.get(aid).is_default]
            if stale:
                self._state.set_many(stale)
            self._load_articles()
            self._articles_sig = file_signature(self._articles_db.storage.path)
            return len(ids)

    def set_state(self, article_ids: Iterable[str], *, read: bool | None = None, starred: bool | None = None) -> None:
        """Mark articles read/unread and starred/unstarred; durable (fsynced) when it returns."""
        with self.lock:
            self._state.refresh()
            changes = []
            for aid in article_ids:
                self.summary(aid)
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
