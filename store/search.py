"""Search over the article list without reading bodies: titles, sources and tag names.

A query is split into words; an article matches when every word occurs, ignoring case
and accents, in its title, its source or one of its tags (display name or id). Each word
must occur inside one of those fields; it never spans two of them.

``SearchIndex`` keeps this searchable text compactly: one folded title string per row,
and the sources and tags, which repeat across thousands of articles, once each in a
table, with each row holding only a short string of table codes (one character per
code). A search runs C-level passes over those strings (substring tests, a compiled
character class over the codes) instead of a Python loop per article, and remembers its
recent answers so that a growing query ("mar", "mark", "marke") only re-checks the rows
the shorter one matched.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from array import array
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import compress, repeat
from operator import attrgetter, contains, not_
from typing import cast

from store.models import ArticleSummary, Entity

# Combining marks left by NFKD decomposition (accents, the Vietnamese horn, ...).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# Letters that carry their "accent" in the letter itself, so NFKD leaves them whole.
_LETTERS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})

_ID = attrgetter("id")
_ENTITIES = attrgetter("entities")
_CACHED_QUERIES = 8
_CACHED_WORDS = 24
_MARK_LIMIT = 200_000


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


def _code_char(code: int) -> str:
    # One character per table code, skipping the surrogate range (room for 1.1 million entries).
    return chr(code + 1 if code < 0xD7FF else code + 0x801)


def _char_class(codes: Sequence[int], total: int) -> re.Pattern[str]:
    """A compiled class matching any of ``codes`` (or, when shorter, any code not outside them)."""
    if len(codes) * 2 <= total:
        return re.compile("[" + re.escape("".join(map(_code_char, codes))) + "]")
    wanted = set(codes)
    others = [c for c in range(total) if c not in wanted]
    if not others:
        return re.compile(".", re.S)
    return re.compile("[^" + re.escape("".join(map(_code_char, others))) + "]")


@dataclass(frozen=True, slots=True)
class Hits:
    """A search's answer: row numbers (ascending), and the same rows' summaries, titles and codes."""

    rows: Sequence[int]
    summaries: Sequence[ArticleSummary]
    titles: Sequence[str]
    codes: Sequence[str]


class SearchIndex:
    """The searchable text of a list of summaries; row ``r`` is ``summaries[r]``.

    Built once per list (``build``); safe to search from several threads at once.
    """

    def __init__(
        self,
        summaries: Sequence[ArticleSummary],
        titles: list[str],
        codes: list[str],
        table_texts: list[str],
        table_ids: list[str | None],
    ) -> None:
        self.summaries = summaries
        self._titles = titles
        self._codes = codes
        self._table_texts = table_texts
        self._table_ids = table_ids
        self._tag_ids = frozenset(table_ids)
        self._marked: tuple[frozenset[str], bytes] | None = None
        self._cache: OrderedDict[tuple[str, ...], Sequence[int]] = OrderedDict()
        self._every: Hits | None = None
        # The newest answer keeps its articles and titles listed too: the next key starts there.
        self._hot: tuple[tuple[str, ...], Hits] | None = None
        self._table_cache: OrderedDict[str, tuple[list[int], Callable[[int], Callable[[str], object]]]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._titles)

    @classmethod
    def build(
        cls, summaries: Sequence[ArticleSummary], cancelled: Callable[[], bool] | None = None
    ) -> SearchIndex | None:
        """Index ``summaries`` (their order is kept); None if ``cancelled()`` said stop."""
        table_texts: list[str] = []
        table_ids: list[str | None] = []
        by_key: dict[tuple[str | None, str], str] = {}

        def code_of(key: tuple[str | None, str], text: str) -> str:
            ch = by_key.get(key)
            if ch is None:
                ch = by_key[key] = _code_char(len(table_texts))
                table_texts.append(text)
                table_ids.append(key[0])
            return ch

        # Summaries share their Entity objects: find the distinct ones by identity (C-level
        # passes), give each a code once, then spell every row's tags through that map.
        objects: dict[int, Entity] = {}
        add_objects = objects.update
        for n, entities in enumerate(map(_ENTITIES, summaries)):
            if cancelled is not None and n % 8192 == 8191 and cancelled():
                return None
            add_objects(zip(map(id, entities), entities))
        # The same dict, its values turned from entities into their codes (no second dict).
        char_of = cast("dict[int, str]", objects)
        for oid, e in objects.items():
            char_of[oid] = code_of((e.id, e.name), fold(e.name) + "\n" + fold(e.id))  # type: ignore[arg-type]
        source_char: dict[str, str] = {}
        spell = char_of.__getitem__
        titles: list[str] = []
        codes: list[str] = []
        add_title = titles.append
        add_codes = codes.append
        for n, s in enumerate(summaries):
            if cancelled is not None and n % 8192 == 8191 and cancelled():
                return None
            add_title(fold(s.title))
            row = "".join(map(spell, map(id, s.entities)))
            source = s.source
            if source:
                # A source is a table entry without a tag id.
                ch = source_char.get(source)
                if ch is None:
                    ch = source_char[source] = code_of((None, source), fold(source))
                row += ch
            add_codes(row)
        index = cls(summaries, titles, codes, table_texts, table_ids)
        index._everything()  # made now, so the first search does not pay for it
        return index

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
        everything = self._everything()
        if not key:
            return everything
        with self._lock:
            hot = self._hot
            if hot is not None and hot[0] == key:
                return hot[1]
            rows = self._cache.get(key)
            if rows is not None:
                self._cache.move_to_end(key)
                return self._hits(key, rows)
            base: tuple[str, ...] = ()
            start = everything
            if hot is not None and _refines(hot[0], key):
                base, start = hot
            for old, old_rows in self._cache.items():
                if len(old_rows) < len(start.rows) and _refines(old, key):
                    base, start = old, self._hits(old, old_rows, keep=False)
        hits = start
        # Longest words first: they usually leave the fewest rows for the next one.
        for word in sorted(key, key=len, reverse=True):
            if word in base:
                continue
            if cancelled is not None and cancelled():
                return None
            hits = self._narrow(word, hits)
        with self._lock:
            self._cache[key] = hits.rows
            while len(self._cache) > _CACHED_QUERIES:
                self._cache.popitem(last=False)
            self._hot = (key, hits)
        return hits

    def _everything(self) -> Hits:
        # Row numbers as one list of int objects that every answer shares (no new ints per search).
        every = self._every
        if every is None:
            every = self._every = Hits(list(range(len(self._titles))), self.summaries, self._titles, self._codes)
        return every

    def _hits(self, key: tuple[str, ...], rows: Sequence[int], keep: bool = True) -> Hits:
        # Called with the lock held.
        hits = Hits(
            rows,
            list(map(self.summaries.__getitem__, rows)),
            list(map(self._titles.__getitem__, rows)),
            list(map(self._codes.__getitem__, rows)),
        )
        if keep:
            self._hot = (key, hits)
        return hits

    def _narrow(self, word: str, hits: Hits) -> Hits:
        """Of ``hits``, those whose title, source or a tag contains ``word``."""
        found = list(map(contains, hits.titles, repeat(word)))
        if False not in found:
            return hits
        table, hit_in = self._table_hits(word)
        if table:
            # Only the rows whose title missed need their sources and tags checked.
            missed = list(compress(self._everything().rows, map(not_, found)))
            tagged = map(hit_in(len(missed)), compress(hits.codes, map(not_, found)))
            for at in compress(missed, tagged):
                found[at] = True
        return Hits(
            list(compress(hits.rows, found)),
            list(compress(hits.summaries, found)),
            list(compress(hits.titles, found)),
            list(compress(hits.codes, found)),
        )

    def _table_hits(self, word: str) -> tuple[list[int], Callable[[int], Callable[[str], object]]]:
        """The table entries containing ``word``, and a maker of a test for rows carrying one.

        The test is made for a number of rows: a compiled character class (costly to
        compile for many entries, quick per row) or a lookup per code (the reverse).
        A word containing a recent one only checks the entries that one matched.
        """
        with self._lock:
            got = self._table_cache.get(word)
            if got is not None:
                self._table_cache.move_to_end(word)
                return got
            base: list[int] | None = None
            for old, (old_hits, _) in self._table_cache.items():
                if old in word and (base is None or len(old_hits) < len(base)):
                    base = old_hits
        texts = self._table_texts
        if base is None:
            hits = list(compress(range(len(texts)), map(contains, texts, repeat(word))))
        else:
            hits = list(compress(base, map(contains, map(texts.__getitem__, base), repeat(word))))
        made: dict[str, Callable[[str], object]] = {}

        def test_for(rows: int) -> Callable[[str], object]:
            if "class" in made:
                return made["class"]
            # Rough costs in microseconds: compiling a class is ~2 per entry (or per entry
            # left out, when fewer); a class tests a row in ~0.3, a code lookup in ~1.
            compile_cost = 2 * min(len(hits), len(texts) - len(hits)) + 0.3 * rows
            if compile_cost <= 0.1 * len(hits) + rows or len(hits) > _MARK_LIMIT:
                made["class"] = _char_class(hits, len(texts)).search
                return made["class"]
            if "mark" not in made:
                mark = bytearray(ord(_code_char(len(texts))) + 1)
                for ch in map(_code_char, hits):
                    mark[ord(ch)] = 1
                at = mark.__getitem__

                def has(codes: str) -> bool:
                    return any(map(at, map(ord, codes)))

                made["mark"] = has
            return made["mark"]

        with self._lock:
            self._table_cache[word] = (hits, test_for)
            while len(self._table_cache) > _CACHED_WORDS:
                self._table_cache.popitem(last=False)
        return hits, test_for

    def rows_with_tags(self, tag_ids: Collection[str], rows: Iterable[int] | None = None) -> array:
        """Rows (ascending, of ``rows`` if given) carrying a tag whose id is in ``tag_ids``."""
        if self._tag_ids.isdisjoint(tag_ids):
            return array("I")
        table = list(compress(range(len(self._table_ids)), map(tag_ids.__contains__, self._table_ids)))
        if not table:
            return array("I")
        has = _char_class(table, len(self._table_texts)).search
        codes = self._codes
        if rows is None:
            return array("I", compress(range(len(codes)), map(has, codes)))
        rows = list(rows)
        return array("I", compress(rows, map(has, map(codes.__getitem__, rows))))

    def marked(self, ids: AbstractSet[str]) -> bytes:
        """One byte per row, 1 where the row's article id is in ``ids``; the last answer is kept."""
        last = self._marked
        if last is not None and last[0] == ids:
            return last[1]
        mask = bytes(map(ids.__contains__, map(_ID, self.summaries)))
        self._marked = (frozenset(ids), mask)
        return mask

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
