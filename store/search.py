"""Search over the article list without reading bodies: titles, sources and tag names.

A query is split into words; an article matches when every word occurs, ignoring case
and accents, in its title, its source or one of its tags (display name or id). Each word
must occur inside one of those fields; it never spans two of them.

``SearchIndex`` keeps this searchable text compactly: one folded title string per row,
and the sources and tags, which repeat across thousands of articles, once each in a
table, with the rows carrying each entry listed once per entry (and each row's entries
listed once per row, for checking a few rows). A set of rows is a byte mask held as an
int (byte ``r`` is 1 when row ``r`` is in), so intersections and unions are single
C-level operations. A word's matches are the rows carrying a table entry that contains
it (the few widest entries keep a bit per row, so they cost next to nothing and come
first; the others' row lists are marked in one C-level pass, or the few rows still in
question are checked one by one) united with the rows whose title contains it (substring
tests, only over rows not matched yet and whose title contained a shorter word). Recent
answers and words are remembered, so a growing query ("mar", "mark", "marke") only
re-checks what the shorter one left.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from array import array
from collections import OrderedDict, deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from itertools import accumulate, chain, compress, islice, repeat
from operator import attrgetter, contains, rshift, sub

from store.models import ArticleSummary

# Combining marks left by NFKD decomposition (accents, the Vietnamese horn, ...).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# Letters that carry their "accent" in the letter itself, so NFKD leaves them whole.
_LETTERS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})

_ID = attrgetter("id")
_TITLE = attrgetter("title")
_SOURCE = attrgetter("source")
_ENTITIES = attrgetter("entities")
_CACHED_QUERIES = 8
_CACHED_WORDS = 12
# A search's first key is one letter: the answer is most of the list and the slowest to work
# out, so what each letter matches is worked out ahead (``learn_first_keys``).
_FIRST_KEYS = "abcdefghijklmnopqrstuvwxyz"
_CHUNK = 8192
# Items a C-level loop runs through before other threads get a turn (about a millisecond).
_DRAIN_STEP = 16384
# Rough costs (ns): marking one row of an entry's list, against checking one row's entries.
_MARK_COST = 65
_ROW_COST = 900
# The entries carried by the most rows keep a bit per row instead of a row list (at most
# _DENSE_MAX of them, each carried by at least 1/_DENSE_SHARE of the rows).
_DENSE_MAX = 64
_DENSE_SHARE = 64
_DENSE_LEAST = 64
_BITS_TO_BYTES = str.maketrans("01", "\x00\x01")
_BYTES_TO_BITS = bytes.maketrans(b"\x00\x01", b"01")


def fold(text: str) -> str:
    """``text`` without case or accents, as searches compare it (``Straße`` -> ``strasse``)."""
    if text.isascii():
        return text.lower()
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text).casefold())
    return text.translate(_LETTERS)


def query_words(query: str) -> tuple[str, ...]:
    """The folded words of a typed query; every one of them must match."""
    return tuple(fold(query).split())


def text_matches(text: str, words: Sequence[str]) -> bool:
    """Whether every (folded) word occurs in ``text`` once folded, e.g. an article body."""
    if not words:
        return True
    folded = fold(text)
    return all(w in folded for w in words)


def _refines(old: Sequence[str], new: Sequence[str]) -> bool:
    # Every old word inside some new word: whatever matches new also matched old.
    return all(any(o in n for n in new) for o in old)


def _drain(iterator: Iterator[object]) -> None:
    # Runs a C-level map for its side effects, keeping nothing; in slices, because the
    # interpreter is handed to another thread (a reader's keys) only between them.
    it = iter(iterator)
    last = deque(maxlen=1)
    while True:
        last.clear()
        last.extend(islice(it, _DRAIN_STEP))
        if not last:
            return


class Hits:
    """A search's answer: a row mask (byte ``r`` of ``mask`` is 1 when row ``r`` matched).

    ``rows`` (ascending) are spelled out on each use; ``summaries`` on first use (and
    kept only while this is the newest answer).
    """

    __slots__ = ("mask", "count", "_index", "_summaries")

    def __init__(self, index: SearchIndex, mask: int) -> None:
        self._index = index
        self.mask = mask
        self.count = mask.bit_count()
        self._summaries: list[ArticleSummary] | None = None

    @property
    def rows(self) -> list[int]:
        return self._index.mask_rows(self.mask)

    @property
    def summaries(self) -> list[ArticleSummary]:
        got = self._summaries
        if got is None:
            index = self._index
            if self.count == len(index):
                got = list(index.summaries)
            else:
                got = list(compress(index.summaries, index.mask_bytes(self.mask)))
            self._summaries = got
        return got


class _Word:
    """What one word matches: rows whose title contains it (known within ``known``) and rows by table."""

    __slots__ = ("known", "titles", "entries", "tagged")

    def __init__(self, known: int, titles: int, entries: list[int], tagged: int | None) -> None:
        self.known = known  # rows whose title was checked (or ruled out by a shorter word)
        self.titles = titles  # of those, the rows whose title contains the word
        self.entries = entries  # table entries containing the word
        self.tagged = tagged  # every row carrying one of them (None: not worked out)


class SearchIndex:
    """The searchable text of a list of summaries; row ``r`` is ``summaries[r]``.

    Built once per list (``build``); safe to search from several threads at once.
    """

    def __init__(
        self,
        summaries: Sequence[ArticleSummary],
        titles: list[str],
        table_texts: list[str],
        table_ids: list[str | None],
        postings: list[array],
        row_entries: array,
        row_starts: array,
        row_sources: array,
    ) -> None:
        self.summaries = summaries
        self._titles = titles
        self._table_texts = table_texts
        self._table_ids = table_ids
        self._postings = postings
        self._dense: dict[int, int] = {}
        self._row_entries = row_entries
        self._row_starts = row_starts
        self._row_sources = row_sources
        self._tag_ids = frozenset(table_ids)
        n = len(titles)
        self._n = n
        self._all = int.from_bytes(b"\x01" * n, "little")
        self._marked: tuple[frozenset[str], bytes, int] | None = None
        self._cache: OrderedDict[tuple[str, ...], Hits] = OrderedDict()
        self._words: OrderedDict[str, _Word] = OrderedDict()
        self._letters: dict[str, _Word] = {}
        self._every = Hits(self, self._all)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._n

    @classmethod
    def build(
        cls, summaries: Sequence[ArticleSummary], cancelled: Callable[[], bool] | None = None
    ) -> SearchIndex | None:
        """Index ``summaries`` (their order is kept); None if ``cancelled()`` said stop."""
        n = len(summaries)
        table_texts: list[str] = []
        table_ids: list[str | None] = []
        postings: list[array] = []
        by_key: dict[tuple[str | None, str], int] = {}
        entry_of: dict[int, int] = {}  # id() of a (shared) Entity object (or a tag's vocabulary number) -> its entry
        row_entries = array("I")
        row_starts = array("I", [0])
        titles: list[str] = []
        sources: list[str | None] = []

        def entry_for(key: tuple[str | None, str], text: str) -> int:
            entry = by_key.get(key)
            if entry is None:
                entry = by_key[key] = len(table_texts)
                table_texts.append(text)
                table_ids.append(key[0])
                postings.append(array("I"))
            return entry

        # A store's own list (Store.summaries()) is read from its columns and packed tags
        # instead: no summary's title decoded, no Entity made (vocabulary number -> entry).
        tag_rows = getattr(summaries, "tag_rows", None)
        if tag_rows is not None:
            vocab, off, keys = tag_rows()
            title_column, source_column = summaries.column("title"), summaries.column("source")  # type: ignore[attr-defined]
        # Chunks of rows: each row's tags are read once, entries are given to new Entity
        # objects (found by identity), and the rows are added to their entries' lists.
        it = iter(summaries) if tag_rows is None else iter(())
        for start in range(0, n, _CHUNK):
            if cancelled is not None and start and cancelled():
                return None
            if tag_rows is not None:
                stop = min(start + _CHUNK, n)
                titles.extend(map(fold, title_column[start:stop]))
                sources.extend(source_column[start:stop])
                numbers = list(map(rshift, keys[off[start] : off[stop]], repeat(8)))
                for v in set(numbers) - entry_of.keys():
                    eid, name, _kind = vocab[v]
                    entry_of[v] = entry_for((eid, name), fold(name) + "\n" + fold(eid))
                entries = array("I", map(entry_of.__getitem__, numbers))
                lengths = list(map(sub, off[start + 1 : stop + 1], off[start:stop]))
                chunk = range(start, stop)
            else:
                chunk = list(islice(it, _CHUNK))
                titles.extend(map(fold, map(_TITLE, chunk)))
                sources.extend(map(_SOURCE, chunk))
                tags = list(map(_ENTITIES, chunk))
                flat = list(chain.from_iterable(tags))
                objects = dict(zip(map(id, flat), flat))
                for oid in objects.keys() - entry_of.keys():
                    e = objects[oid]
                    entry_of[oid] = entry_for((e.id, e.name), fold(e.name) + "\n" + fold(e.id))
                entries = array("I", map(entry_of.__getitem__, map(id, flat)))
                lengths = list(map(len, tags))
            row_entries.extend(entries)
            row_starts.extend(islice(accumulate(lengths, initial=row_starts[-1]), 1, None))
            rows = chain.from_iterable(map(repeat, range(start, start + len(chunk)), lengths))
            _drain(map(array.append, map(postings.__getitem__, entries), rows))
        if cancelled is not None and cancelled():
            return None
        # Sources are table entries without a tag id.
        source_entry = {s: entry_for((None, s), fold(s)) for s in dict.fromkeys(sources) if s}
        with_source = list(compress(range(n), sources))
        if with_source:
            src_entries = map(source_entry.__getitem__, compress(sources, sources))
            _drain(map(array.append, map(postings.__getitem__, src_entries), with_source))
        # Each row's source entry (one past the table for none), beside its tag entries.
        none = len(table_texts)
        row_sources = array("I", map(source_entry.get, sources, repeat(none)))
        index = cls(summaries, titles, table_texts, table_ids, postings, row_entries, row_starts, row_sources)
        index._make_dense()
        return index

    def _make_dense(self) -> None:
        # The widest entries become bit masks: marking their rows one by one costs the most.
        postings = self._postings
        least = max(self._n // _DENSE_SHARE, _DENSE_LEAST)
        sizes = list(map(len, postings))
        for e in sorted(range(len(sizes)), key=sizes.__getitem__, reverse=True)[:_DENSE_MAX]:
            if sizes[e] < least:
                break
            marks = bytearray(self._n)
            _drain(map(marks.__setitem__, postings[e], repeat(1)))
            self._dense[e] = int(marks.translate(_BYTES_TO_BITS)[::-1], 2)
            postings[e] = array("I")

    def _from_bits(self, bits: int) -> int:
        """A bit-per-row mask as a byte-per-row mask."""
        text = bin(bits)[:1:-1].translate(_BITS_TO_BYTES).encode("latin-1")
        return int.from_bytes(text, "little")

    # -- masks ------------------------------------------------------------------------------
    def mask_bytes(self, mask: int) -> bytes:
        """``mask`` as one byte per row."""
        return mask.to_bytes(self._n, "little")

    def mask_rows(self, mask: int) -> list[int]:
        """The rows (ascending) in ``mask``."""
        return list(compress(range(self._n), self.mask_bytes(mask)))

    def rows_mask(self, rows: Iterable[int]) -> int:
        """The mask of ``rows``."""
        marks = bytearray(self._n)
        _drain(map(marks.__setitem__, rows, repeat(1)))
        return int.from_bytes(marks, "little")

    # -- searching ------------------------------------------------------------------------
    def word_rows(self, words: Sequence[str], cancelled: Callable[[], bool] | None = None) -> Sequence[int] | None:
        """Rows (ascending) whose title, source or a tag contains every folded word; None if cancelled."""
        hits = self.search(words, cancelled)
        return None if hits is None else hits.rows

    def search(self, words: Sequence[str], cancelled: Callable[[], bool] | None = None) -> Hits | None:
        """The articles whose title, source or a tag contains every folded word; None if cancelled.

        Answers are remembered: a query that refines a recent one (each earlier word
        inside one of its words) only checks the articles that one matched.
        """
        key = tuple(sorted(set(words)))
        if not key:
            return self._every
        with self._lock:
            got = self._cache.get(key)
            if got is not None:
                self._cache.move_to_end(key)
                return got
            base: tuple[str, ...] = ()
            start = self._every
            for old, old_hits in self._cache.items():
                if old_hits.count <= start.count and _refines(old, key):
                    base, start = old, old_hits
        mask = start.mask
        # Longest words first: they usually leave the fewest rows for the next one.
        for word in sorted(key, key=len, reverse=True):
            if word in base:
                continue
            if cancelled is not None and cancelled():
                return None
            mask = self._narrow(word, mask)
        hits = start if mask == start.mask else Hits(self, mask)
        with self._lock:
            for old_hits in self._cache.values():
                # Only the newest answer keeps its list of summaries (up to one per article).
                if old_hits is not hits:
                    old_hits._summaries = None
            self._cache[key] = hits
            while len(self._cache) > _CACHED_QUERIES:
                self._cache.popitem(last=False)
        return hits

    def learn_first_keys(self, cancelled: Callable[[], bool] | None = None) -> bool:
        """Work out ahead which rows each single letter matches, so a search's first key is quick.

        Meant for a background thread once the index is built (searches may run meanwhile).
        Keeps one row mask per letter. False if ``cancelled()`` said stop.
        """
        for letter in _FIRST_KEYS:
            if cancelled is not None and cancelled():
                return False
            if letter in self._letters:
                continue
            entries = self._entries_with(letter, None)
            out = bytearray(self._n)
            _drain(map(out.__setitem__, chain.from_iterable(map(self._postings.__getitem__, entries)), repeat(1)))
            tagged = self._dense_rows(entries) | int.from_bytes(out, "little")
            titles = self._title_hits(letter, self._all)
            with self._lock:
                self._letters[letter] = _Word(self._all, titles, array("I", entries), tagged)
        return True

    def _narrow(self, word: str, rows: int) -> int:
        """Of the rows in mask ``rows``, those whose title, source or a tag contains ``word``."""
        with self._lock:
            letter = self._letters.get(word)
            if letter is not None:
                return rows & (letter.titles | letter.tagged)  # type: ignore[operator]
            known = self._words.get(word)
            shorter: _Word | None = None
            if known is None:
                for old, w in chain(self._words.items(), self._letters.items()):
                    if old in word and (shorter is None or w.titles.bit_count() < shorter.titles.bit_count()):
                        shorter = w
            else:
                self._words.move_to_end(word)
        # A _Word is never changed once stored (another thread may be reading it): what is
        # learnt here goes into a new one.
        if known is None:
            entries = self._entries_with(word, shorter.entries if shorter is not None else None)
            known = _Word(0, 0, entries, None)
        checked, titled, tagged = known.known, known.titles, known.tagged
        entries = known.entries
        # First the entries carried by many rows (a bit mask each, so nearly free): the
        # rows they match need no title check.
        matched = rows & (tagged if tagged is not None else self._dense_rows(entries))
        rest = rows & ~matched
        # Titles: only the rows not yet known about, and of those only the ones whose
        # title contained a shorter word (the others cannot contain this one).
        unknown = rest & ~checked
        if unknown:
            if shorter is not None:
                ruled_out = unknown & shorter.known & ~shorter.titles
                checked |= ruled_out
                unknown &= ~ruled_out
            if unknown:
                titled |= self._title_hits(word, unknown)
                checked |= unknown
        matched |= rest & titled
        # The other entries: only for the rows still missed.
        missed = rows & ~matched
        if missed and tagged is None and entries:
            found, every = self._tagged_rows(entries, missed)
            if every:
                tagged = found
            matched |= missed & found
        with self._lock:
            latest = self._words.get(word)
            if latest is not None:
                # Another search of this word finished meanwhile: both learnt true things.
                checked |= latest.known
                titled |= latest.titles
                tagged = tagged if tagged is not None else latest.tagged
            self._words[word] = _Word(checked, titled, known.entries, tagged)
            while len(self._words) > _CACHED_WORDS:
                self._words.popitem(last=False)
        return matched

    def _title_hits(self, word: str, rows: int) -> int:
        """The rows of mask ``rows`` whose folded title contains ``word``."""
        titles = self._titles
        if rows == self._all or rows.bit_count() * 3 > self._n * 2:
            # Most rows: test them all in one pass, then keep the asked ones.
            return int.from_bytes(bytes(map(contains, titles, repeat(word))), "little") & rows
        wanted = self.mask_bytes(rows)
        found = map(contains, compress(titles, wanted), repeat(word))
        return self.rows_mask(compress(compress(range(self._n), wanted), found))

    def _entries_with(self, word: str, within: list[int] | None) -> list[int]:
        """The table entries containing ``word`` (of ``within``, the entries of a shorter word)."""
        texts = self._table_texts
        if within is None:
            return list(compress(range(len(texts)), map(contains, texts, repeat(word))))
        return list(compress(within, map(contains, map(texts.__getitem__, within), repeat(word))))

    def _dense_rows(self, entries: list[int]) -> int:
        """The rows carrying one of ``entries`` that keeps a bit mask (the widest ones)."""
        dense = self._dense
        bits = 0
        if dense:
            for e in dense.keys() & entries:
                bits |= dense[e]
        return self._from_bits(bits) if bits else 0

    def _tagged_rows(self, entries: list[int], missed: int) -> tuple[int, bool]:
        """The rows carrying one of ``entries``: every such row (and True), or at least those
        of mask ``missed`` (and False) when checking those rows one by one is cheaper."""
        tagged = self._dense_rows(entries)
        left = missed & ~tagged
        if not left:
            return tagged, False
        # The other entries' row lists (the dense ones' lists are empty).
        lists = list(map(self._postings.__getitem__, entries))
        marks = sum(map(len, lists))
        if marks * _MARK_COST > left.bit_count() * _ROW_COST:
            return tagged | self._check_rows(entries, left), False
        out = bytearray(self._n)
        _drain(map(out.__setitem__, chain.from_iterable(lists), repeat(1)))
        return tagged | int.from_bytes(out, "little"), True

    def _check_rows(self, entries: list[int], rows: int) -> int:
        """The rows of mask ``rows`` carrying one of ``entries``, checked row by row."""
        hit = bytearray(len(self._table_texts) + 1)  # the last: "no source"
        _drain(map(hit.__setitem__, entries, repeat(1)))
        at = hit.__getitem__
        flat = self._row_entries
        starts = self._row_starts
        sources = self._row_sources

        def carries(r: int) -> bool:
            return bool(hit[sources[r]]) or any(map(at, flat[starts[r] : starts[r + 1]]))

        candidates = self.mask_rows(rows)
        return self.rows_mask(compress(candidates, map(carries, candidates)))

    # -- other row sets -----------------------------------------------------------------------
    def tag_mask(self, tag_ids: Collection[str]) -> int:
        """The mask of the rows carrying a tag whose id is in ``tag_ids``."""
        if self._tag_ids.isdisjoint(tag_ids):
            return 0
        entries = list(compress(range(len(self._table_ids)), map(tag_ids.__contains__, self._table_ids)))
        if not entries:
            return 0
        out = bytearray(self._n)
        _drain(map(out.__setitem__, chain.from_iterable(map(self._postings.__getitem__, entries)), repeat(1)))
        mask = int.from_bytes(out, "little")
        bits = 0
        for e in self._dense.keys() & entries:
            bits |= self._dense[e]
        return mask | self._from_bits(bits) if bits else mask

    def rows_with_tags(self, tag_ids: Collection[str], rows: Iterable[int] | None = None) -> array:
        """Rows (ascending, of ``rows`` if given) carrying a tag whose id is in ``tag_ids``."""
        mask = self.tag_mask(tag_ids)
        if not mask:
            return array("I")
        if rows is not None:
            mask &= self.rows_mask(rows)
        return array("I", self.mask_rows(mask))

    def marked(self, ids: AbstractSet[str]) -> bytes:
        """One byte per row, 1 where the row's article id is in ``ids``; the last answer is kept."""
        return self._mark(ids)[1]

    def marked_mask(self, ids: AbstractSet[str]) -> int:
        """``marked(ids)`` as a mask."""
        return self._mark(ids)[2]

    def _mark(self, ids: AbstractSet[str]) -> tuple[frozenset[str], bytes, int]:
        last = self._marked
        if last is not None and last[0] == ids:
            return last
        mask = bytes(map(ids.__contains__, map(_ID, self.summaries)))
        got = self._marked = (frozenset(ids), mask, int.from_bytes(mask, "little"))
        return got

    def ids_mask(self, ids: Collection[str]) -> int:
        """The mask of the articles whose id is in ``ids``."""
        if not ids:
            return 0
        return int.from_bytes(bytes(map(ids.__contains__, map(_ID, self.summaries))), "little")

    def rows_of_ids(self, ids: Collection[str]) -> array:
        """Rows (ascending) of the articles whose id is in ``ids``."""
        if not ids:
            return array("I")
        return array("I", compress(range(len(self.summaries)), map(ids.__contains__, map(_ID, self.summaries))))

    def ids_outside(self, rows: Sequence[int]) -> Iterator[str]:
        """The ids of the articles not in ``rows`` (ascending), in list order."""
        summaries = self.summaries
        start = 0
        for r in rows:
            for s in summaries[start:r]:
                yield s.id
            start = r + 1
        for s in summaries[start:]:
            yield s.id


def merge_rows(*parts: Sequence[int]) -> Sequence[int]:
    """The ascending union of several ascending row lists."""
    present = [p for p in parts if len(p)]
    if not present:
        return array("I")
    if len(present) == 1:
        return present[0]
    return array("I", sorted(set().union(*present)))
