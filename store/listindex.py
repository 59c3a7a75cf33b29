"""The list index: what the article list needs, kept apart from ``articles.json``.

Showing the list of a large store must not parse every article record. So each time
the store writes ``articles.json`` it also writes three derived files:

``index-recent.json``  the newest few hundred rows, complete: enough for a first screen
``index-list.json``    every row's list fields as columns (id, title, source, dates, ...),
                       newest first; fast to parse, no per-article objects
``index-tags.bin``     every row's tags, packed as integers into a tag vocabulary, and the
                       duplicate-title keys; decoded into Entity objects only on demand
``index-terms.bin``    every row's lead words (for related articles), packed the same way;
                       read only when the related-articles index is built or the list is
                       written again

Each file records the signature (inode, size, modification time) of the
``articles.json`` it was derived from. A file whose signature does not match the
current ``articles.json`` (a crash between the two writes, an older program, a
repair, a copied store) is ignored, and the store rebuilds the index from
``articles.json``. So these files are caches: losing them costs time, never data.
"""

from __future__ import annotations

import hashlib
from collections import Counter
import struct
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, islice, repeat
from operator import is_
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from .models import ENTITY_KINDS, ArticleSummary, Entity
from .storage import SCHEMA_VERSION, StoreError, atomic_write_bytes

INDEX_FORMAT = 3
RECENT_FILE = "index-recent.json"
LIST_FILE = "index-list.json"
TAGS_FILE = "index-tags.bin"
TERMS_FILE = "index-terms.bin"
INDEX_FILES = (RECENT_FILE, LIST_FILE, TAGS_FILE, TERMS_FILE)
RECENT_ROWS = 500
LIST_CHUNK = 10_000  # rows per line of index-list.json

# Columns of index-list.json, in the order of a recent row.
COLUMNS = ("id", "title", "source", "published", "language", "url", "feed_url", "imported_at", "author")
# Columns whose values are mostly distinct and rarely read: kept packed (see PackedStrings)
# by a long-running reader. Ids stay str objects: the row lookup and related index share them.
PACKED_COLUMNS = ("title", "published", "url", "author")
_TAGS_MAGIC = b"NDTAGS1\n"
_TERMS_MAGIC = b"NDTERMS1\n"
_MAX_PACKED_MENTIONS = 255  # larger (or odd) counts go to the overflow table

Signature = tuple[int, int, int]
# Each row's words: (word table, offsets, word numbers); row i has numbers[off[i]:off[i + 1]].
# The numbers are an array of "I", or of "H" when read from a file with few enough words.
Terms = tuple[list[str], array, array]


class PackedStrings(Sequence):
    """A read-only column of strings (or None) kept as one UTF-8 buffer and row offsets.

    A str object costs about 50 bytes besides its text; 100,000 titles, dates and links
    packed this way take a third of the memory. Reading a row decodes a new str.
    """

    __slots__ = ("_blob", "_off", "_none")

    def __init__(self, blob: bytes, off: array, none: bytes | None) -> None:
        self._blob = blob
        self._off = off
        self._none = none  # one byte per row, 1 where the value is None; None when there are none

    @classmethod
    def pack(cls, values: Sequence) -> "PackedStrings | None":
        """``values`` packed; None when one of them is neither a str nor None."""
        if not all(type(v) is str or v is None for v in values):
            return None
        none = None
        if None in values:
            none = bytes(map(is_, values, repeat(None)))
            values = ["" if v is None else v for v in values]
        encoded = list(map(str.encode, values, repeat("utf-8"), repeat("surrogatepass")))
        off = array("I", [0])
        off.extend(accumulate(map(len, encoded)))
        return cls(b"".join(encoded), off, none)

    def __len__(self) -> int:
        return len(self._off) - 1

    def __getitem__(self, i):  # type: ignore[override]
        n = len(self._off) - 1
        if isinstance(i, slice):
            start, stop, step = i.indices(n)
            if step == 1:
                return list(self._rows(start, max(start, stop)))
            return [self[k] for k in range(start, stop, step)]
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("column index out of range")
        if self._none is not None and self._none[i]:
            return None
        return self._blob[self._off[i] : self._off[i + 1]].decode("utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str | None]:
        return self._rows(0, len(self))

    def _rows(self, start: int, stop: int) -> Iterator[str | None]:
        off = self._off
        # C-level passes: a slice and a decode per row, no Python frame per row.
        texts = map(
            bytes.decode,
            map(self._blob.__getitem__, map(slice, islice(off, start, stop), islice(off, start + 1, stop + 1))),
            repeat("utf-8"),
            repeat("surrogatepass"),
        )
        if self._none is None:
            return texts
        return (None if gone else text for text, gone in zip(texts, islice(self._none, start, stop)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedStrings):
            return self._blob == other._blob and self._off == other._off and self._none == other._none
        if isinstance(other, (list, tuple)):
            return len(other) == len(self) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PackedStrings({len(self)} rows, {len(self._blob)} bytes)"


class PrefixedStrings(Sequence):
    """A read-only column of links (or None): each row's text up to its last ``/`` is one of a
    table of shared prefixes, the rest is packed (links of one site and section share most
    of their length)."""

    __slots__ = ("_prefixes", "_codes", "_rest")

    def __init__(self, prefixes: list[str], codes: array, rest: PackedStrings) -> None:
        self._prefixes = prefixes
        self._codes = codes
        self._rest = rest

    @classmethod
    def pack(cls, values: Sequence) -> "PrefixedStrings | None":
        """``values`` packed by prefix; None when they are not all str or None."""
        table: dict[str, int] = {}
        codes = array("I")
        rests: list[str | None] = []
        for v in values:
            if v is None:
                codes.append(0)
                rests.append(None)
                continue
            if type(v) is not str:
                return None
            cut = v.rfind("/") + 1
            prefix = v[:cut]
            code = table.get(prefix)
            if code is None:
                code = table[prefix] = len(table)
            codes.append(code)
            rests.append(v[cut:])
        rest = PackedStrings.pack(rests)
        if rest is None:
            return None
        prefixes = list(table) or [""]
        # Two bytes a row when the table allows.
        return cls(prefixes, array("H", codes) if len(prefixes) <= 0x10000 else codes, rest)

    def __len__(self) -> int:
        return len(self._rest)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        rest = self._rest[i]
        if rest is None:
            return None
        return self._prefixes[self._codes[i]] + rest

    def __iter__(self) -> Iterator[str | None]:
        prefixes = map(self._prefixes.__getitem__, self._codes)
        return (None if rest is None else prefix + rest for prefix, rest in zip(prefixes, self._rest))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (PrefixedStrings, PackedStrings, list, tuple)):
            return len(other) == len(self) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PrefixedStrings({len(self)} rows, {len(self._prefixes)} prefixes)"


class Vocabulary(Sequence):
    """A read-only tag vocabulary: entry ``v`` is the triple ``(id, name, kind)``.

    Kept as a list of ids (shared with the related index), the names packed (PackedStrings)
    and one byte of kind per entry, instead of a tuple and a name string per entry.
    """

    __slots__ = ("_ids", "_names", "_kinds", "_kind_of")

    def __init__(self, ids: list[str], names: PackedStrings, kinds: bytes, kind_of: list[str]) -> None:
        self._ids = ids
        self._names = names
        self._kinds = kinds
        self._kind_of = kind_of

    @classmethod
    def of(cls, vocab: Sequence[tuple[str, str, str]]) -> "Sequence[tuple[str, str, str]]":
        """``vocab`` kept compactly; ``vocab`` itself when its values do not allow it."""
        if isinstance(vocab, Vocabulary):
            return vocab
        ids = [v[0] for v in vocab]
        names = PackedStrings.pack([v[1] for v in vocab])
        kind_of = list(dict.fromkeys(v[2] for v in vocab))
        if names is None or names._none is not None or len(kind_of) > 256 or not all(type(k) is str for k in kind_of):
            return vocab
        code = {k: n for n, k in enumerate(kind_of)}
        return cls(ids, names, bytes(code[v[2]] for v in vocab), kind_of)

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, v):  # type: ignore[override]
        if isinstance(v, slice):
            return [self[k] for k in range(*v.indices(len(self)))]
        return (self._ids[v], self._names[v], self._kind_of[self._kinds[v]])

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        return zip(self._ids, self._names, map(self._kind_of.__getitem__, self._kinds))

    @property
    def ids(self) -> list[str]:
        """Every entry's tag id, in order (read-only)."""
        return self._ids

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Vocabulary, list, tuple)):
            return len(other) == len(self) and all(a == tuple(b) for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Vocabulary({len(self)} tags)"


def _pack_column(name: str, col: Sequence) -> Sequence | None:
    if name == "url":
        return PrefixedStrings.pack(col)
    return PackedStrings.pack(col)


def compact(columns: dict[str, Sequence]) -> dict[str, Sequence]:
    """``columns`` with the mostly distinct text columns packed (``PACKED_COLUMNS``)."""
    out = dict(columns)
    for name in PACKED_COLUMNS:
        col = out.get(name)
        if col is not None and not isinstance(col, (PackedStrings, PrefixedStrings)):
            packed = _pack_column(name, col)
            if packed is not None:
                out[name] = packed
    return out


def _sort_text(value: object) -> str:
    return value if isinstance(value, str) else ""


def dup_key(normalised_title: str) -> int:
    """A 64-bit stand-in for a normalised title (equal titles, equal keys)."""
    return int.from_bytes(hashlib.blake2b(normalised_title.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass
class ListData:
    """Every article's list fields as parallel columns, newest first.

    Tags are packed: row ``i`` owns ``keys[off[i]:off[i+1]]``; a key is
    ``vocabulary index << 8 | mentions`` (mentions 1..255; 0 means "see ``overflow``",
    keyed by ``(row, position)``). ``vocab`` entries are ``(id, name, kind)``; ``dups``
    holds each row's duplicate-title key and ``counts`` how many keys use each vocabulary
    entry. The tag part (``vocab`` .. ``counts``) may be None when only the columns were read.
    """

    columns: dict[str, Sequence]  # lists, or PackedStrings for the PACKED_COLUMNS of a reader
    vocab: Sequence[tuple[str, str, str]] | None = None  # a list, or a Vocabulary in a reader
    off: array | None = None
    keys: array | None = None
    overflow: dict[tuple[int, int], int] = field(default_factory=dict)
    dups: array | None = None
    counts: array | None = None
    terms: Terms | None = None  # loaded on demand (``read_terms``); None when not loaded

    @classmethod
    def empty(cls) -> "ListData":
        empty_terms: Terms = ([], array("I", [0]), array("I"))
        return cls({c: [] for c in COLUMNS}, [], array("I", [0]), array("I"), {}, array("Q"), array("I"), empty_terms)

    @property
    def ids(self) -> list[str]:
        return self.columns["id"]

    def __len__(self) -> int:
        return len(self.columns["id"])

    @property
    def has_tags(self) -> bool:
        return self.keys is not None

    def entity_rows(self, i: int) -> list[tuple[str, str, str, int]]:
        """Row ``i``'s tags as (id, name, kind, mentions)."""
        assert self.off is not None and self.keys is not None and self.vocab is not None
        out = []
        start = self.off[i]
        for k, key in enumerate(self.keys[start : self.off[i + 1]]):
            eid, name, kind = self.vocab[key >> 8]
            m = key & 0xFF or self.overflow.get((i, k), 1)
            out.append((eid, name, kind, m))
        return out


# ------------------------------------------------------------------ building


def _add_counts(counts: array, keys: Iterable[int], sign: int = 1) -> array:
    """``counts`` (per vocabulary entry) with ``keys`` added (or taken away)."""
    for key, n in Counter(keys).items():
        counts[key >> 8] += sign * n
    return counts


def _zeros(n: int) -> array:
    return array("I", bytes(4 * n))


class _Packer:
    """Interns (id, name, kind) triples and packs a row's entities into keys."""

    def __init__(self, vocab: list[tuple[str, str, str]] | None = None) -> None:
        self.vocab = list(vocab or [])
        self.index = {v: n for n, v in enumerate(self.vocab)}

    def pack(self, rows: Iterable[Sequence], row_no: int, overflow: dict[tuple[int, int], int]) -> list[int]:
        keys = []
        for k, r in enumerate(rows):
            triple = (r[0], r[1], r[2])
            n = self.index.get(triple)
            if n is None:
                n = self.index[triple] = len(self.vocab)
                self.vocab.append(triple)
            m = r[3] if len(r) > 3 else 1
            if type(m) is int and 1 <= m <= _MAX_PACKED_MENTIONS:
                keys.append(n << 8 | m)
            else:
                keys.append(n << 8)
                overflow[(row_no, k)] = m
        return keys


def _doc_terms(doc: dict) -> list[str]:
    terms = doc.get("terms")
    if not isinstance(terms, list):
        return []
    return [t for t in terms if type(t) is str]


def _pack_terms(rows: Iterable[list[str]], base: Terms | None = None) -> Terms:
    """Rows of words packed into a word table (extending ``base``'s, whose rows are kept)."""
    words = list(base[0]) if base else []
    number = {w: k for k, w in enumerate(words)}
    off = array("I", base[1]) if base else array("I", [0])
    keys = array("I", base[2]) if base else array("I")
    for row in rows:
        for w in row:
            k = number.get(w)
            if k is None:
                k = number[w] = len(words)
                words.append(w)
            keys.append(k)
        off.append(len(keys))
    return words, off, keys


def _terms_rows(terms: Terms, order: Iterable[int]) -> Terms:
    """``terms`` with its rows in ``order`` (row numbers into it), same word table."""
    words, off, keys = terms
    out_off = array("I", [0])
    out_keys = array(keys.typecode)
    for i in order:
        out_keys.extend(keys[off[i] : off[i + 1]])
        out_off.append(len(out_keys))
    return words, out_off, out_keys


def terms_for(ids: Sequence[str], docs: Iterable[dict]) -> Terms:
    """The lead words of the rows ``ids`` (in that order), from article records."""
    by_id = {d.get("id"): _doc_terms(d) for d in docs}
    return _pack_terms(by_id.get(aid, []) for aid in ids)


def _doc_sort_key(doc: dict) -> tuple[str, str]:
    return (_sort_text(doc.get("published")) or _sort_text(doc.get("imported_at")), doc["id"])


def build(docs: Iterable[dict], title_dup: "callable") -> ListData:
    """The list index of article records (``articles.json`` rows), newest first."""
    ordered = sorted((d for d in docs if isinstance(d.get("id"), str)), key=_doc_sort_key, reverse=True)
    columns: dict[str, list] = {c: [d.get(c) for d in ordered] for c in COLUMNS}
    columns["title"] = [t or "" for t in columns["title"]]
    packer = _Packer()
    off = array("I", [0])
    keys = array("I")
    overflow: dict[tuple[int, int], int] = {}
    for i, d in enumerate(ordered):
        keys.extend(packer.pack(d.get("entities") or (), i, overflow))
        off.append(len(keys))
    dups = array("Q", [title_dup(t) for t in columns["title"]])
    counts = _add_counts(_zeros(len(packer.vocab)), keys)
    terms = _pack_terms(_doc_terms(d) for d in ordered)
    return ListData(columns, packer.vocab, off, keys, overflow, dups, counts, terms)


def merged(data: ListData, docs: Sequence[dict], title_dup: "callable") -> ListData:
    """``data`` with the records ``docs`` added (their ids must be new), newest first."""
    assert data.has_tags and data.vocab is not None and data.off is not None and data.keys is not None
    if not docs:
        return data
    n_old = len(data)
    packer = _Packer(data.vocab)
    cols = {c: list(v) for c, v in data.columns.items()}
    new_title = [d.get("title") or "" for d in docs]
    for c in COLUMNS:
        cols[c].extend(new_title if c == "title" else [d.get(c) for d in docs])
    overflow = dict(data.overflow)
    new_keys: list[list[int]] = []
    for j, d in enumerate(docs):
        new_keys.append(packer.pack(d.get("entities") or (), n_old + j, overflow))
    dups = array("Q", data.dups or ())
    dups.extend(title_dup(t) for t in new_title)
    counts = array("I", data.counts if data.counts is not None else _add_counts(_zeros(len(data.vocab)), data.keys))
    counts.extend(_zeros(len(packer.vocab) - len(counts)))
    _add_counts(counts, (k for ks in new_keys for k in ks))
    # Lead words only when they are loaded: otherwise the terms file goes stale, and is
    # rebuilt from articles.json by whoever needs it next.
    terms = _pack_terms((_doc_terms(d) for d in docs), data.terms) if data.terms is not None else None
    # Row slices of the old and new tags, then one sort of all rows by (date, id).
    old_off, old_keys = data.off, data.keys
    pub, imp, ids = cols["published"], cols["imported_at"], cols["id"]
    order = sorted(range(len(ids)), key=lambda i: (_sort_text(pub[i]) or _sort_text(imp[i]), ids[i]), reverse=True)
    if order == list(range(len(ids))):
        off = array("I", old_off)
        keys = array("I", old_keys)
        for ks in new_keys:
            keys.extend(ks)
            off.append(len(keys))
        return ListData(cols, packer.vocab, off, keys, overflow, dups, counts, terms)
    out_cols = {c: [v[i] for i in order] for c, v in cols.items()}
    off = array("I", [0])
    keys = array("I")
    out_overflow: dict[tuple[int, int], int] = {}
    for new_row, i in enumerate(order):
        if i < n_old:
            keys.extend(old_keys[old_off[i] : old_off[i + 1]])
        else:
            keys.extend(new_keys[i - n_old])
        off.append(len(keys))
    if overflow:
        where = {old: new for new, old in enumerate(order)}
        out_overflow = {(where[r], k): m for (r, k), m in overflow.items()}
    out_terms = _terms_rows(terms, order) if terms is not None else None
    out_dups = array("Q", [dups[i] for i in order])
    return ListData(out_cols, packer.vocab, off, keys, out_overflow, out_dups, counts, out_terms)


def without(data: ListData, gone: set[str]) -> ListData:
    """``data`` without the rows whose id is in ``gone``."""
    assert data.has_tags and data.off is not None and data.keys is not None
    keep = [i for i, aid in enumerate(data.ids) if aid not in gone]
    counts = array("I", data.counts if data.counts is not None else _add_counts(_zeros(len(data.vocab)), data.keys))
    for i, aid in enumerate(data.ids):
        if aid in gone:
            _add_counts(counts, data.keys[data.off[i] : data.off[i + 1]], -1)
    cols = {c: list(map((v if isinstance(v, list) else list(v)).__getitem__, keep)) for c, v in data.columns.items()}
    off = array("I", [0])
    keys = array("I")
    for i in keep:
        keys.extend(data.keys[data.off[i] : data.off[i + 1]])
        off.append(len(keys))
    overflow = {}
    if data.overflow:
        where = {old: new for new, old in enumerate(keep)}
        overflow = {(where[r], k): m for (r, k), m in data.overflow.items() if r in where}
    dups = array("Q", [data.dups[i] for i in keep]) if data.dups is not None else None
    terms = _terms_rows(data.terms, keep) if data.terms is not None else None
    return ListData(cols, data.vocab, off, keys, overflow, dups, counts, terms)


# ------------------------------------------------------------------- writing


def _encode(column: list) -> tuple[list | None, list]:
    """A column with few distinct values (sources, feeds, languages) as a value table and codes:
    smaller to store, faster to parse, and each value is one shared string in memory.
    ``(None, column)`` when the values are mostly distinct."""
    values: dict = {}
    codes = []
    for v in column:
        code = values.get(v)
        if code is None:
            if len(values) * 4 > len(column):
                return None, column
            code = values[v] = len(values)
        codes.append(code)
    return list(values), codes


def _header(sig: Signature, count: int) -> dict:
    return {"format": INDEX_FORMAT, "schema": SCHEMA_VERSION, "articles": list(sig), "count": count}


def write(directory: Path, data: ListData, sig: Signature) -> None:
    """Write the index files for the ``articles.json`` whose signature is ``sig``.

    Raises StoreError when a file cannot be written (the index is a cache: callers
    may carry on, the next open rebuilds it).
    """
    assert data.has_tags and data.vocab is not None and data.off is not None and data.keys is not None
    assert data.dups is not None
    if data.counts is None:
        data.counts = _add_counts(_zeros(len(data.vocab)), data.keys)
    n = len(data)
    header = _header(sig, n)
    header.update(
        vocab=data.vocab if isinstance(data.vocab, list) else list(data.vocab),
        total=len(data.keys),
        overflow=[[r, k, m] for (r, k), m in data.overflow.items()],
        byteorder=sys.byteorder,
    )
    _write_packed(directory / TAGS_FILE, _TAGS_MAGIC, header, [data.off, data.keys, data.dups, data.counts])
    if data.terms is not None:
        write_terms(directory, data.terms, sig, n)
    else:
        # Not loaded, so not kept in step: drop the old file rather than leave it to look current.
        try:
            (directory / TERMS_FILE).unlink()
        except OSError:
            pass
    # One JSON document per line: the header (with the value tables), then each column in
    # chunks of LIST_CHUNK rows, so a reader parses it in short steps that other threads
    # (the reader's screen) can run between.
    listing = _header(sig, n)
    tables: dict[str, list | None] = {}
    chunks: list[bytes] = []
    for name in COLUMNS:
        tables[name], column = _encode(data.columns[name])
        chunks.extend(orjson.dumps(column[i : i + LIST_CHUNK]) for i in range(0, n, LIST_CHUNK))
    listing["tables"] = tables
    listing["chunk"] = LIST_CHUNK
    atomic_write_bytes(directory / LIST_FILE, b"\n".join([orjson.dumps(listing), *chunks]), keep_backup=False)
    recent = _header(sig, n)
    rows = []
    cols = [data.columns[c] for c in COLUMNS]
    for i in range(min(RECENT_ROWS, n)):
        rows.append([col[i] for col in cols] + [data.entity_rows(i)])
    recent["rows"] = rows
    atomic_write_bytes(directory / RECENT_FILE, orjson.dumps(recent), keep_backup=False)


def write_terms(directory: Path, terms: Terms, sig: Signature, count: int) -> None:
    """Write ``index-terms.bin`` (every row's lead words) for the ``articles.json`` of ``sig``."""
    words, off, keys = terms
    if keys.typecode != "I":
        keys = array("I", keys)  # the file holds four bytes a word number
    head = _header(sig, count)
    head.update(words=words, total=len(keys), byteorder=sys.byteorder)
    _write_packed(directory / TERMS_FILE, _TERMS_MAGIC, head, [off, keys])


def remove(directory: Path) -> None:
    """Delete the index files (when they can no longer be kept in step)."""
    for name in INDEX_FILES:
        try:
            (directory / name).unlink()
        except OSError:
            pass


# ------------------------------------------------------------------- reading


def _valid_header(doc: object, sig: Signature) -> bool:
    return (
        isinstance(doc, dict)
        and doc.get("format") == INDEX_FORMAT
        and isinstance(doc.get("schema"), int)
        and doc["schema"] <= SCHEMA_VERSION
        and doc.get("articles") == list(sig)
        and isinstance(doc.get("count"), int)
    )


def read_columns(directory: Path, sig: Signature, *, packed: bool = False) -> ListData | None:
    """The columns of ``index-list.json`` when it matches ``sig``; None otherwise.

    With ``packed`` the mostly distinct text columns come as PackedStrings (see ``compact``).
    """
    try:
        # Line by line: the file's bytes are never all in memory beside the parsed columns.
        with open(directory / LIST_FILE, "rb") as f:
            head = orjson.loads(f.readline())
            if not _valid_header(head, sig):
                return None
            n, size, tables = head["count"], head["chunk"], head["tables"]
            per_column = -(-n // size) if n else 0
            columns: dict[str, Sequence] = {}
            for c in COLUMNS:
                col: list = []
                for _ in range(per_column):
                    line = f.readline()
                    if not line:
                        return None
                    col.extend(orjson.loads(line))
                values = tables[c]
                if values is not None:
                    col = [values[code] for code in col]
                if len(col) != n:
                    return None
                if c in ("id", "title") and not all(type(x) is str for x in col):
                    return None
                columns[c] = col
                if packed and c in PACKED_COLUMNS and values is None:
                    columns[c] = _pack_column(c, col) or col
                del col
            if f.read(1):
                return None
    except (OSError, ValueError, TypeError, KeyError, IndexError, ZeroDivisionError):
        return None
    return ListData(columns)


def _read_packed(path: Path, magic: bytes, sig: Signature, count: int) -> tuple[dict, bytes, int] | None:
    """A packed index file's JSON header, its bytes and where its arrays start, when it is one
    of ``magic`` derived from the ``articles.json`` of ``sig`` with ``count`` rows.

    Raises OSError, ValueError or struct.error on an unreadable or truncated file."""
    raw = path.read_bytes()
    if not raw.startswith(magic):
        return None
    pos = len(magic)
    (head_len,) = struct.unpack_from("<I", raw, pos)
    pos += 4
    head = orjson.loads(raw[pos : pos + head_len])
    if not _valid_header(head, sig) or head["count"] != count:
        return None
    return head, raw, pos + head_len


def _write_packed(path: Path, magic: bytes, head: dict, arrays: Sequence[array]) -> None:
    """Write a packed index file: ``magic``, the JSON header's length and text, then ``arrays``."""
    raw = orjson.dumps(head)
    blob = b"".join([magic, struct.pack("<I", len(raw)), raw, *(a.tobytes() for a in arrays)])
    atomic_write_bytes(path, blob, keep_backup=False)


# Items a C-level pass over a large array takes at a time (a millisecond or so): other
# threads, such as a reader's keys, get the interpreter between passes.
_STEP = 65536


def _largest(values: array) -> int:
    return max(max(values[start : start + _STEP]) for start in range(0, len(values), _STEP))


def read_tags(directory: Path, sig: Signature, data: ListData) -> bool:
    """Fill in ``data``'s tags from ``index-tags.bin`` when it matches; False otherwise."""
    try:
        found = _read_packed(directory / TAGS_FILE, _TAGS_MAGIC, sig, len(data))
        if found is None:
            return False
        head, raw, pos = found
        n, total = head["count"], head["total"]
        kinds = {k: k for k in ENTITY_KINDS}
        # One shared string per kind, not one per vocabulary entry.
        vocab = [(v[0], v[1], kinds.get(v[2], v[2])) for v in head["vocab"] if len(v) == 3]
        off, keys, dups, counts = array("I"), array("I"), array("Q"), array("I")
        # Through a view of the file's bytes: no third copy of each array while it is read.
        view = memoryview(raw)
        for arr, count in ((off, n + 1), (keys, total), (dups, n), (counts, len(vocab))):
            size = count * arr.itemsize
            arr.frombytes(view[pos : pos + size])
            pos += size
        if head.get("byteorder") != sys.byteorder:
            off.byteswap()
            keys.byteswap()
            dups.byteswap()
            counts.byteswap()
        if (
            len(off) != n + 1
            or len(keys) != total
            or len(dups) != n
            or len(counts) != len(vocab)
            or off[-1] != total
            or len(vocab) != len(head["vocab"])
            or (keys and _largest(keys) >> 8 >= len(vocab))
        ):
            return False
        overflow = {(r, k): m for r, k, m in head["overflow"]}
    except (OSError, ValueError, TypeError, KeyError, struct.error):
        return False
    data.vocab, data.off, data.keys, data.overflow, data.dups, data.counts = vocab, off, keys, overflow, dups, counts
    return True


def read_terms(directory: Path, sig: Signature, count: int) -> Terms | None:
    """Every row's lead words from ``index-terms.bin`` when it matches ``sig``; None otherwise."""
    try:
        found = _read_packed(directory / TERMS_FILE, _TERMS_MAGIC, sig, count)
        if found is None:
            return None
        head, raw, pos = found
        del found
        words, total = head["words"], head["total"]
        off, keys = array("I"), array("I")
        view = memoryview(raw)
        off.frombytes(view[pos : pos + 4 * (count + 1)])
        pos += 4 * (count + 1)
        keys.frombytes(view[pos : pos + 4 * total])
        # The file's bytes go now, before the index built from these arrays grows.
        view.release()
        del raw
        if head.get("byteorder") != sys.byteorder:
            off.byteswap()
            keys.byteswap()
        if (
            len(off) != count + 1
            or len(keys) != total
            or off[-1] != total
            or not all(type(w) is str for w in words)
            or (keys and _largest(keys) >= len(words))
        ):
            return None
        if len(words) <= 0x10000:
            # Two bytes a word number when they fit: half the memory while the related index is built.
            short = array("H")
            for start in range(0, len(keys), _STEP):
                short.extend(array("H", keys[start : start + _STEP]))
            keys = short
    except (OSError, ValueError, TypeError, KeyError, struct.error):
        return None
    return words, off, keys


def read_recent(directory: Path, sig: Signature) -> tuple[list[list], int] | None:
    """The newest rows of ``index-recent.json`` and the store's article count, when it matches."""
    try:
        doc = orjson.loads((directory / RECENT_FILE).read_bytes())
    except (OSError, ValueError):
        return None
    if not _valid_header(doc, sig) or not isinstance(doc.get("rows"), list):
        return None
    return doc["rows"], doc["count"]


def summary_from_recent(row: list, entity: "callable") -> ArticleSummary:
    """An ArticleSummary from one ``index-recent.json`` row; ``entity(id, name, kind, m)`` makes tags."""
    aid, title, source, published, language, url, feed_url, imported_at, _author, ents = row
    return ArticleSummary(
        id=aid,
        title=title or "",
        source=source,
        published=published,
        language=language,
        url=url,
        entities=tuple(entity(*e) for e in ents),
        feed_url=feed_url,
        imported_at=imported_at,
    )


__all__ = [
    "INDEX_FILES",
    "ListData",
    "build",
    "merged",
    "without",
    "write",
    "remove",
    "read_columns",
    "read_tags",
    "read_terms",
    "write_terms",
    "terms_for",
    "read_recent",
    "summary_from_recent",
    "dup_key",
    "Entity",
]
