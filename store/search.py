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
from itertools import compress, repeat
from operator import attrgetter, contains, not_

from store.models import ArticleSummary, Entity

# Combining marks left by NFKD decomposition (accents, the Vietnamese horn, ...).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# Letters that carry their "accent" in the letter itself, so NFKD leaves them whole.
_LETTERS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})

_ID = attrgetter("id")
_ENTITIES = attrgetter("entities")
_CACHED_QUERIES = 12


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
    # One character per table code, skipping the surrogate range.
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
        self._cache: OrderedDict[tuple[str, ...], array] = OrderedDict()
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
        char_of: dict[int, str] = {}
        for oid, e in objects.items():
            char_of[oid] = code_of((e.id, e.name), fold(e.name) + "\n" + fold(e.id))
        del objects
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
        return cls(summaries, titles, codes, table_texts, table_ids)

    # -- searching ------------------------------------------------------------------------
    def word_rows(
        self, words: Sequence[str], cancelled: Callable[[], bool] | None = None
    ) -> array | None:
        """Rows (ascending) whose title, source or a tag contains every folded word.

        Answers are remembered: a query that refines a recent one (each earlier word
        inside one of its words) only checks the rows that one matched. None if cancelled.
        """
        key = tuple(sorted(set(words)))
        if not key:
            return array("I", range(len(self._titles)))
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
            base: tuple[str, ...] = ()
            rows: array | None = None
            for old, old_rows in self._cache.items():
                if _refines(old, key) and (rows is None or len(old_rows) < len(rows)):
                    base, rows = old, old_rows
        # Longest words first: they usually leave the fewest rows for the next one.
        for word in sorted(key, key=len, reverse=True):
            if word in base:
                continue
            if cancelled is not None and cancelled():
                return None
            rows = self._narrow(word, rows)
        assert rows is not None
        with self._lock:
            self._cache[key] = rows
            while len(self._cache) > _CACHED_QUERIES:
                self._cache.popitem(last=False)
        return rows

    def _narrow(self, word: str, rows: array | None) -> array:
        """Of ``rows`` (None: all), those whose title, source or a tag contains ``word``."""
        titles, codes = self._titles, self._codes
        if rows is None:
            positions: Iterable[int] = range(len(titles))
            sub_titles: Sequence[str] = titles
        else:
            positions = rows
            sub_titles = list(map(titles.__getitem__, rows))
        found = list(map(contains, sub_titles, repeat(word)))
        table = [i for i, ok in enumerate(map(contains, self._table_texts, repeat(word))) if ok]
        if table:
            # Only the rows whose title missed need their sources and tags checked.
            missed = list(compress(range(len(found)), map(not_, found)))
            if missed:
                hit_in = _char_class(table, len(self._table_texts)).search
                if rows is None:
                    row_codes = map(codes.__getitem__, missed)
                else:
                    row_codes = map(codes.__getitem__, map(rows.__getitem__, missed))
                for at in compress(missed, map(hit_in, row_codes)):
                    found[at] = True
        return array("I", compress(positions, found))

    def rows_with_tags(self, tag_ids: Collection[str], rows: Iterable[int] | None = None) -> array:
        """Rows (ascending, of ``rows`` if given) carrying a tag whose id is in ``tag_ids``."""
        table = list(compress(range(len(self._table_ids)), map(tag_ids.__contains__, self._table_ids)))
        if not table:
            return array("I")
        has = _char_class(table, len(self._table_texts)).search
        codes = self._codes
        if rows is None:
            return array("I", compress(range(len(codes)), map(has, codes)))
        rows = list(rows)
        return array("I", compress(rows, map(has, map(codes.__getitem__, rows))))

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
