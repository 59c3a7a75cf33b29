"""Related articles: an inverted index over entity tags, scored by shared rare tags.

Each article is a sparse vector over its tags, weighted by rarity (IDF, from the
document frequencies at query time) and by salience in the article (log-scaled
mentions). Related articles are ranked by the cosine of these vectors, mildly
scaled towards articles published close in time.

A query runs in two steps. Candidates are enumerated only through the query's
rarer tags (tags found in a large share of the store would enumerate most of
it); the best of them by that partial score are then scored exactly with every
tag they share, common ones included.

Words add a second signal. Two stories of the same kind often share their main
names (the same team and coach, the same law and president) while their titles
and first paragraphs tell the events apart ("fired" against "hired"). So each
article also keeps the content words of its title and lead (``lead_terms``),
weighted by rarity like tags, and the exact score blends the two cosines. Title words only re-rank candidates found
through shared tags; they never bring in an article that shares no tag.
"""

from __future__ import annotations

import heapq
import math
import re
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date
from itertools import accumulate, count

from store.models import Entity, RelatedArticle

__all__ = ["LEAD_TERMS", "RelatedIndex", "lead_terms", "title_terms"]

_MAX_MENTIONS = 255  # mention counts are stored in one byte; beyond this salience barely moves
# Salience of a tag mentioned m times: 1 + ln m, so repetition counts, sub-linearly.
_SALIENCE = [0.0] + [1.0 + math.log(m) for m in range(1, _MAX_MENTIONS + 1)]

_NO_DAY = -1  # stored for articles without a usable publication date

# Words of a title: a letter then letters and digits, inner hyphens and apostrophes kept;
# or a four-digit number standing alone (a year).
_TITLE_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'\u2019][^\W_]+)*|\b\d{4}\b")
# Function words of the languages newsdesk meets most, which say nothing about a story.
_TITLE_STOP = frozenset(
    """
    the and for with from that this are was were has have had not but its his her their they
    you who what when where why how will would can could should may might must after before
    over under into onto about than then out off amid more most just also been being our your
    which while there here these those them some such only very other each both any all
    new news says said say told tells report reports according year years week day time
    les des une pour par sur dans avec est sont qui que aux ses son leur plus mais pas ont
    été cette ces comme selon après avant entre sans sous vers chez
    der die das und den dem des ein eine nicht mit von für auf ist sich bei nach aus
    los las del por con una para como más sus
    của các những một với cho được trong khi này đến theo người tại năm sau trên
    """.split()
)
# A row's tag is tag << 8 | mentions, and a posting slot << 8 | mentions, in 32 bits.
_MAX_TAGS = 1 << 23
_MAX_SLOTS = 1 << 24
_SHORT_WORDS = 1 << 16  # a bulk load keeps word numbers in two bytes while they fit
_COUNT_STEP = 32768  # keys counted at a time (a millisecond or two) while a bulk load runs


def _count(values: array) -> Counter[int]:
    """How many times each value occurs, counted in slices: one C-level count over every key
    of a large store would keep other threads (a reader's keys) from the interpreter for
    a tenth of a second; between slices they get their turn."""
    counted: Counter[int] = Counter()
    for start in range(0, len(values), _COUNT_STEP):
        counted.update(values[start : start + _COUNT_STEP])
    return counted

# Packed words of many articles: (words, row offsets, word numbers), see ``RelatedIndex.add_packed``.
Terms = tuple[Sequence[str], Sequence[int], Sequence[int]]


def _dup_hash(key: object) -> int:
    """A non-zero 64-bit stand-in for a duplicate key, or 0 for none (equal keys, equal hashes)."""
    if key is None or key == "" or key == 0:
        return 0
    return hash(key) or 1


def title_terms(title: str | None) -> list[str]:
    """The distinct content words of a title, casefolded, in order of appearance.

    Words shorter than three characters, numbers other than four-digit years and
    common function and reporting words (English, French, German, Spanish, Vietnamese)
    are left out.
    """
    if not title:
        return []
    stop = _TITLE_STOP
    words = [w for w in _TITLE_WORD.findall(title.casefold()) if len(w) > 2 and w not in stop]
    return list(dict.fromkeys(words))


LEAD_TERMS = 30  # content words kept from an article's first paragraph


def lead_terms(body: Sequence[str] | None, limit: int = LEAD_TERMS) -> list[str]:
    """The first ``limit`` content words of an article's first paragraph (see ``title_terms``).

    A news article's lead restates its event in a sentence or two, so these words tell
    apart two stories about the same people where the tags alone cannot.
    """
    if not body:
        return []
    return title_terms(body[0])[:limit]


def _day_number(published: str | None) -> int:
    """Day ordinal of an ISO 8601 date or timestamp, or _NO_DAY when missing or malformed."""
    if not published or len(published) < 10:
        return _NO_DAY
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return _NO_DAY


class RelatedIndex:
    """An incrementally maintained index answering "which stored articles are related?".

    Article and tag ids are interned to small ints. A bulk load (``add_packed``) keeps every
    article's tags and words, and every tag's posting list, as slices of a few flat arrays;
    articles added or removed one by one afterwards keep their own small arrays until the
    next bulk load. So the index stays small, and a query costs in proportion to the posting
    lists of the query's tags rather than the store size.
    """

    def __init__(
        self,
        *,
        common_fraction: float = 0.03,
        common_min: int = 200,
        shortlist: int = 60,
        fallback_budget: int = 5000,
        date_weight: float = 0.15,
        date_half_life: float = 30.0,
        word_weight: float = 0.5,
    ) -> None:
        """Create an empty index.

        A tag found in more than ``common_fraction`` of the articles and in more than
        ``common_min`` of them re-scores candidates but does not enumerate them, unless
        the rarer tags found fewer candidates than asked for: then up to
        ``fallback_budget`` of its latest postings are enumerated. ``shortlist`` is how
        many candidates (at least) get exact scores. Publication dates scale a score
        by up to ``date_weight``; an article ``date_half_life`` days away loses half
        of that, and a missing date counts as halfway. ``word_weight`` is the share
        of the score that comes from shared words of titles and leads (the rest from
        shared tags) when the query article has words.
        """
        self.common_fraction = common_fraction
        self.common_min = common_min
        self.shortlist = shortlist
        self.fallback_budget = fallback_budget
        self.date_weight = date_weight
        self.date_half_life = date_half_life
        self.word_weight = word_weight

        # Tags: interned entity ids, and how many articles carry each (their posting lists' lengths).
        self._tag_of: dict[str, int] = {}
        self._tag_names: list[str] = []
        self._df = array("I")
        # Posting lists, one int per article carrying the tag: slot << 8 | mentions. Tag t's
        # list is _post_flat[_post_off[t]:_post_off[t + 1]], unless _post_own has its own
        # array (a tag changed since the last bulk load).
        self._post_flat = array("I")
        self._post_off = array("I", [0])
        self._post_own: dict[int, array] = {}

        # Articles, by slot; a removed article leaves a free slot for reuse. An article's
        # row is its tags (tag << 8 | mentions) and its distinct word numbers: slices of the
        # flat arrays for a bulk-loaded slot, or its own pair in _row_own (which wins).
        # Duplicate keys are kept as hashes.
        # Article id -> slot: an open-addressing table of slots (-1: empty) over the ids'
        # hashes, filled by a bulk load, and a dict for articles placed since (which wins).
        self._slot_table = array("i")
        self._slot_side: dict[str, int] = {}
        self._count = 0
        self._ids: list[str | None] = []
        self._row_tags = array("I")
        self._row_tag_off = array("I", [0])
        self._row_words = array("H")
        self._row_word_off = array("I", [0])
        self._row_own: dict[int, tuple[array, array]] = {}
        self._doc_day = array("i")
        self._doc_dup = array("q")  # 0: no duplicate key
        self._doc_norm = array("d")  # vector length, refreshed whenever scored exactly
        self._free: list[int] = []

        # Title words: interned to ints, with how many indexed titles hold each.
        self._word_of: dict[str, int] = {}
        self._word_df = array("I")

        # Rarity of every tag and word, and each article's exact vector lengths, cached
        # until the index next changes (``_version``): queries then skip the logarithms.
        self._version = 0
        self._idf_version = -1
        self._idf = array("d")
        self._widf = array("d")
        self._norm_version = array("q")
        self._doc_wnorm = array("d")

    # ------------------------------------------------------------------ upkeep

    def __len__(self) -> int:
        return self._count

    def __contains__(self, article_id: object) -> bool:
        return self._find(article_id) is not None

    def tag_count(self, entity_id: str) -> int:
        """How many indexed articles carry ``entity_id`` (its document frequency)."""
        tag = self._tag_of.get(entity_id)
        return 0 if tag is None else self._df[tag]

    def _find(self, article_id: object) -> int | None:
        """The slot of an indexed article, or None."""
        slot = self._slot_side.get(article_id)  # type: ignore[call-overload]
        if slot is not None:
            return slot
        table = self._slot_table
        if not table:
            return None
        mask = len(table) - 1
        ids = self._ids
        i = hash(article_id) & mask
        while True:
            slot = table[i]
            if slot < 0:
                return None
            if ids[slot] == article_id:
                return slot
            i = (i + 1) & mask

    @staticmethod
    def _slot_table_of(ids: Sequence[str | None], live: Callable[[int], bool] | None = None) -> array | None:
        """An open-addressing table of the slots of ``ids`` (those ``live`` accepts); None when
        an id is found twice."""
        size = 8
        while size < 2 * len(ids):
            size *= 2
        table = array("i", [-1]) * size
        mask = size - 1
        for slot, article_id in enumerate(ids):
            if article_id is None or (live is not None and not live(slot)):
                continue
            i = hash(article_id) & mask
            while True:
                other = table[i]
                if other < 0:
                    table[i] = slot
                    break
                if ids[other] == article_id:
                    return None
                i = (i + 1) & mask
        return table

    def _row(self, slot: int) -> tuple[array, array]:
        """An article's tags and word numbers."""
        own = self._row_own.get(slot)
        if own is not None:
            return own
        toff = self._row_tag_off
        woff = self._row_word_off
        return self._row_tags[toff[slot] : toff[slot + 1]], self._row_words[woff[slot] : woff[slot + 1]]

    def _posting(self, tag: int) -> array:
        """A tag's posting list (a copy when it is a slice of the flat array)."""
        own = self._post_own.get(tag)
        if own is not None:
            return own
        off = self._post_off
        if tag + 1 < len(off):
            return self._post_flat[off[tag] : off[tag + 1]]
        return array("I")

    def _own_posting(self, tag: int) -> array:
        """A tag's posting list as an array of its own, ready to change."""
        docs = self._post_own.get(tag)
        if docs is None:
            docs = self._post_own[tag] = self._posting(tag)
        return docs

    def add(
        self,
        article_id: str,
        entities: Sequence[Entity],
        published: str | None,
        dup_key: object = None,
        title: str | None = None,
        terms: Sequence[str] = (),
    ) -> None:
        """Index an article's tags and words (of its ``title``, plus ``terms``, usually
        ``lead_terms`` of its body), replacing any earlier entry for the same id.

        ``dup_key`` (any hashable, for instance a normalised title; None, "" or 0 for
        none) marks copies of one article: articles sharing it never appear in each
        other's related lists.
        """
        if self._find(article_id) is not None:
            self.remove(article_id)
        merged = self._intern(entities, create=True)
        values = array("I", [tag << 8 | m for tag, m in merged.items()])
        slot = self._place(article_id, values, title, terms, _day_number(published), _dup_hash(dup_key))
        df = self._df
        n = self._count
        log = math.log
        sal = _SALIENCE
        total = 0.0
        for tag, m in merged.items():
            self._own_posting(tag).append(slot << 8 | m)
            df[tag] += 1
            w = log(1.0 + n / df[tag]) * sal[m]
            total += w * w
        # Rarity changes as the store grows; exact scoring refreshes this estimate.
        self._doc_norm[slot] = math.sqrt(total)

    def add_packed(
        self,
        ids: Sequence[str],
        tag_ids: Sequence[str],
        off: Sequence[int],
        keys: Sequence[int],
        published: Sequence[str | None],
        titles: Sequence[str | None] | None = None,
        dup_keys: Sequence[object] | None = None,
        overflow: dict[tuple[int, int], int] | None = None,
        terms: Terms | Callable[[], Terms] | None = None,
    ) -> None:
        """Index many articles at once from packed tag rows; far faster than ``add`` each.

        Row ``i`` is article ``ids[i]``; its tags are ``keys[off[i]:off[i + 1]]``, each key
        ``v << 8 | mentions`` naming entity id ``tag_ids[v]``. A key whose mentions are 0
        takes them from ``overflow[(i, position in the row)]`` (1 when absent). Duplicate
        keys may be any hashable values (0, "" or None for none). ``terms`` packs each
        row's extra words the same way, as ``(words, offsets, word numbers)``: row ``i``
        has ``words[k]`` for each ``k`` in ``numbers[offsets[i]:offsets[i + 1]]``; it may
        also be a function returning them, called once, so they are let go once read.
        Articles already indexed are replaced, and every row is then packed afresh.

        ``off`` and ``keys``, when they are arrays of unsigned ints, may be kept by the
        index as they are: do not change them afterwards.
        """
        n = len(ids)
        if not n:
            return
        if n > _MAX_SLOTS and not self._ids:
            raise OverflowError("too many articles for the related index")
        # Flat arrays straight from the rows for a first load of distinct ids covering all keys.
        whole = off[0] == 0 and off[n] == len(keys)
        slot_table = None if self._ids or not whole else self._slot_table_of(ids)
        if slot_table is None:
            if callable(terms):
                terms = terms()
            self._add_packed_into(ids, tag_ids, off, keys, published, titles, dup_keys, overflow, terms)
            self._pack()
            return
        for eid in tag_ids:
            self._intern_tag(eid)
        ntags = len(self._tag_names)

        # Tag rows: the caller's keys as they are when every entity id is new and distinct.
        if isinstance(keys, array) and keys.typecode == "I" and ntags == len(tag_ids):
            tags = keys
        elif ntags == len(tag_ids):
            tags = array("I", keys)
        else:
            tag_of = self._tag_of
            vmap = array("I", [tag_of[eid] for eid in tag_ids])
            tags = array("I", (vmap[k >> 8] << 8 | (k & 0xFF) for k in keys))
        toff = off if isinstance(off, array) and off.typecode in "ILQ" else array("I", off)

        # Keys with the mentions byte cleared (tag << 8), to count and to find repeated tags.
        tagged = array("I", tags)
        view = memoryview(tagged).cast("B")
        low = 0 if sys.byteorder == "little" else 3
        mentions = view[low::4].tobytes()
        view[low::4] = bytes(len(tagged))
        view.release()
        overflow = overflow or {}
        odd = {i for i, _ in overflow}
        if mentions.count(0):
            odd.update(i for i in range(n) if mentions.find(0, toff[i], toff[i + 1]) >= 0)
        del mentions

        # Odd rows (repeated tags, counts elsewhere) merged, then the document frequencies.
        fixed: dict[int, array] = {}
        for i in range(n):
            a = toff[i]
            b = toff[i + 1]
            if i in odd or (b - a > 1 and len(set(tagged[a:b])) != b - a):
                merged: dict[int, int] = {}
                for pos, v in enumerate(tags[a:b]):
                    m = v & 0xFF or overflow.get((i, pos), 1)
                    merged[v >> 8] = merged.get(v >> 8, 0) + m
                fixed[i] = array("I", [t << 8 | min(max(m, 1), _MAX_MENTIONS) for t, m in merged.items()])
        df = self._df
        for t, c in _count(tagged).items():
            df[t >> 8] = c
        for i, row in fixed.items():
            for v in tagged[toff[i] : toff[i + 1]]:
                df[v >> 8] -= 1
            for v in row:
                df[v >> 8] += 1
        del tagged
        if fixed:
            tags, toff = self._splice(tags, toff, fixed, n)
        del fixed

        # Every row's words interned, in order: those of its title, then its lead words.
        words = array("H")
        woff = array("I", bytes(4 * (n + 1)))
        word_of: defaultdict[str, int] = defaultdict(count().__next__)
        number = word_of.__getitem__
        if callable(terms):
            terms = terms()
        term_words, term_off, term_keys = terms or ((), (), ())
        term_word = term_words.__getitem__
        for i in range(n):
            row_words = title_terms(titles[i]) if titles is not None else []
            if terms:
                lead = term_keys[term_off[i] : term_off[i + 1]]
                if lead:
                    row_words = list(dict.fromkeys([*row_words, *map(term_word, lead)]))
            if row_words:
                nums = list(map(number, row_words))
                if words.typecode == "H" and len(word_of) > _SHORT_WORDS:
                    words = array("I", words)
                words.extend(nums)
            woff[i + 1] = len(words)
        # Read: let go of them before the posting lists are made (when the caller no longer holds them).
        del terms, term_words, term_off, term_keys, term_word
        word_of.default_factory = None
        word_df = array("I", bytes(4 * len(word_of)))
        for w, c in _count(words).items():
            word_df[w] = c

        # Posting lists, made at their final size, and vector lengths from the final rarities.
        post_off = array("I", accumulate(df, initial=0))
        post = array("I", bytes(4 * post_off[-1]))
        fill = array("I", post_off)
        log = math.log
        idf = [log(1.0 + n / (c or 1)) for c in df]
        sal = _SALIENCE
        sqrt = math.sqrt
        norms = array("d", bytes(8 * n))
        for slot in range(n):
            base = slot << 8
            total = 0.0
            for v in tags[toff[slot] : toff[slot + 1]]:
                t = v >> 8
                m = v & 0xFF
                p = fill[t]
                post[p] = base | m
                fill[t] = p + 1
                w = idf[t] * sal[m]
                total += w * w
            norms[slot] = sqrt(total)
        del fill, idf

        self._version += n
        self._slot_table = slot_table
        self._count = n
        self._ids = list(ids)
        self._row_tags, self._row_tag_off = tags, toff
        self._row_words, self._row_word_off = words, woff
        self._post_flat, self._post_off = post, post_off
        self._word_of, self._word_df = word_of, word_df
        self._doc_day = array("i", map(_day_number, map(published.__getitem__, range(n))))
        if dup_keys is not None:
            self._doc_dup = array("q", map(_dup_hash, map(dup_keys.__getitem__, range(n))))
        else:
            self._doc_dup = array("q", bytes(8 * n))
        self._doc_norm = norms
        self._doc_wnorm = array("d", bytes(8 * n))
        self._norm_version = array("q", [-1]) * n

    @staticmethod
    def _splice(tags: array, toff: Sequence[int], fixed: dict[int, array], n: int) -> tuple[array, array]:
        """Flat rows with some rows replaced, at their final size."""
        total = len(tags) + sum(len(row) - (toff[i + 1] - toff[i]) for i, row in fixed.items())
        out = array("I", bytes(4 * total))
        out_off = array("I", bytes(4 * (n + 1)))
        p = 0
        for i in range(n):
            row = fixed.get(i)
            if row is None:
                row = tags[toff[i] : toff[i + 1]]
            out[p : p + len(row)] = row
            p += len(row)
            out_off[i + 1] = p
        return out, out_off

    def _add_packed_into(self, ids, tag_ids, off, keys, published, titles, dup_keys, overflow, terms: Terms | None) -> None:
        """``add_packed`` into an index that already holds articles (rows placed one by one).

        Arguments as for ``add_packed``, with ``terms`` already read."""
        for article_id in ids:
            if self._find(article_id) is not None:
                self.remove(article_id)
        vmap = array("q", [self._intern_tag(eid) for eid in tag_ids])
        overflow = overflow or {}
        term_words, term_off, term_keys = terms or ((), (), ())
        new_slots = []
        for i, article_id in enumerate(ids):
            values = [vmap[k >> 8] << 8 | (k & 0xFF) for k in keys[off[i] : off[i + 1]]]
            if overflow or len({v >> 8 for v in values}) != len(values) or not all(v & 0xFF for v in values):
                merged: dict[int, int] = {}
                for pos, v in enumerate(values):
                    m = v & 0xFF or overflow.get((i, pos), 1)
                    merged[v >> 8] = merged.get(v >> 8, 0) + m
                values = [t << 8 | min(max(m, 1), _MAX_MENTIONS) for t, m in merged.items()]
            title = titles[i] if titles is not None else None
            dup = _dup_hash(dup_keys[i]) if dup_keys is not None else 0
            extra = [term_words[k] for k in term_keys[term_off[i] : term_off[i + 1]]] if terms else ()
            slot = self._place(article_id, array("I", values), title, extra, _day_number(published[i]), dup)
            new_slots.append(slot)
        df = self._df
        for slot in new_slots:
            for v in self._row_own[slot][0]:
                tag = v >> 8
                self._own_posting(tag).append(slot << 8 | (v & 0xFF))
                df[tag] += 1
        # Vector lengths from the final document frequencies.
        log = math.log
        n = self._count
        idf = [log(1.0 + n / (c or 1)) for c in df]
        sal = _SALIENCE
        norms = self._doc_norm
        for slot in new_slots:
            total = 0.0
            for v in self._row_own[slot][0]:
                w = idf[v >> 8] * sal[v & 0xFF]
                total += w * w
            norms[slot] = math.sqrt(total)

    def _pack(self) -> None:
        """Move every row and posting list into fresh flat arrays (same contents, same order)."""
        tags = array("I")
        toff = array("I", [0])
        words = array("H" if len(self._word_df) <= _SHORT_WORDS else "I")
        woff = array("I", [0])
        ids = self._ids
        for slot in range(len(ids)):
            if ids[slot] is not None:
                row_tags, row_words = self._row(slot)
                tags.extend(row_tags)
                words.extend(row_words if row_words.typecode == words.typecode else iter(row_words))
            toff.append(len(tags))
            woff.append(len(words))
        post = array("I")
        post_off = array("I", [0])
        for tag in range(len(self._df)):
            post.extend(self._posting(tag))
            post_off.append(len(post))
        self._row_tags, self._row_tag_off, self._row_words, self._row_word_off = tags, toff, words, woff
        self._post_flat, self._post_off = post, post_off
        self._row_own = {}
        self._post_own = {}
        # Slots of the current articles only (a batch naming one id twice leaves the first row behind).
        table = self._slot_table_of(ids, lambda slot: self._find(ids[slot]) == slot)
        assert table is not None
        self._slot_table = table
        self._slot_side = {}

    def _place(
        self, article_id: str, tags: array, title: str | None, terms: Sequence[str], day: int, dup: int
    ) -> int:
        """Store an article's row (tags, then distinct words) in a free or new slot."""
        self._version += 1
        if self._find(article_id) is None:
            self._count += 1
        word_of = self._word_of
        df = self._word_df
        words = title_terms(title)
        if terms:
            words = list(dict.fromkeys([*words, *terms]))
        numbers = array("I")
        for term in words:
            w = word_of.get(term)
            if w is None:
                w = word_of[term] = len(df)
                df.append(0)
            df[w] += 1
            numbers.append(w)
        if self._free:
            slot = self._free.pop()
            self._ids[slot] = article_id
            self._doc_day[slot] = day
            self._doc_dup[slot] = dup
        else:
            slot = len(self._ids)
            if slot >= _MAX_SLOTS:
                raise OverflowError("too many articles for the related index")
            self._ids.append(article_id)
            self._doc_day.append(day)
            self._doc_dup.append(dup)
            self._doc_norm.append(0.0)
            self._doc_wnorm.append(0.0)
            self._norm_version.append(-1)
        self._row_own[slot] = (tags, numbers)
        self._slot_side[article_id] = slot
        return slot

    def _intern_tag(self, entity_id: str) -> int:
        tag = self._tag_of.get(entity_id)
        if tag is None:
            tag = len(self._tag_names)
            if tag >= _MAX_TAGS:
                raise OverflowError("too many distinct tags for the related index")
            self._tag_of[entity_id] = tag
            self._tag_names.append(entity_id)
            self._df.append(0)
        return tag

    def remove(self, article_id: str) -> None:
        """Drop an article from the index; unknown ids are ignored."""
        slot = self._find(article_id)
        if slot is None:
            return
        self._slot_side.pop(article_id, None)
        self._count -= 1
        self._version += 1
        tags, words = self._row(slot)
        word_df = self._word_df
        for w in words:
            word_df[w] -= 1
        df = self._df
        for value in tags:
            tag = value >> 8
            docs = self._own_posting(tag)
            entry = slot << 8 | (value & 0xFF)
            # Order inside a posting list does not matter: move the last entry into the hole.
            last = docs.pop()
            if last != entry:
                docs[docs.index(entry)] = last
            df[tag] -= 1
        self._ids[slot] = None
        self._row_own.pop(slot, None)
        self._doc_dup[slot] = 0
        self._doc_day[slot] = _NO_DAY
        self._free.append(slot)

    # ----------------------------------------------------------------- queries

    def related(self, article_id: str, limit: int = 10) -> list[RelatedArticle]:
        """Articles related to an indexed one, best first; [] for an unknown id.

        The article itself and its duplicates (same ``dup_key``) are left out.
        """
        slot = self._find(article_id)
        if slot is None:
            return []
        tags, words = self._row(slot)
        query = {value >> 8: value & 0xFF for value in tags}
        return self._query(query, self._doc_day[slot], self._doc_dup[slot], {slot}, limit, words=words)

    def related_to(
        self,
        entities: Sequence[Entity],
        published: str | None,
        limit: int = 10,
        exclude: Collection[str] = (),
        dup_key: str | None = None,
        title: str | None = None,
        terms: Sequence[str] = (),
    ) -> list[RelatedArticle]:
        """Indexed articles related to an article that is not in the index, best first.

        Ids in ``exclude`` are never returned, nor articles with the same ``dup_key``.
        """
        unknown: list[int] = []
        query = self._intern(entities, create=False, unknown=unknown)
        skip = {slot for slot in map(self._find, exclude) if slot is not None}
        all_terms = list(dict.fromkeys([*title_terms(title), *terms]))
        words = array("I", [w for w in map(self._word_of.get, all_terms) if w is not None])
        day = _day_number(published)
        lone_words = len(all_terms) - len(words)
        return self._query(query, day, _dup_hash(dup_key), skip, limit, unknown, words=words, lone_words=lone_words)

    # --------------------------------------------------------------- internals

    def _intern(
        self, entities: Iterable[Entity], *, create: bool, unknown: list[int] | None = None
    ) -> dict[int, int]:
        """Map tag int -> mention count (1..255) for an entity list, merging repeated ids.

        Without ``create``, tags unknown to the index are left out and their mention
        counts appended to ``unknown``.
        """
        merged: dict[int, int] = {}
        tag_of = self._tag_of
        for entity in entities:
            tag = tag_of.get(entity.id)
            if tag is None:
                if not create:
                    # A tag no indexed article carries cannot be shared.
                    if unknown is not None:
                        unknown.append(entity.mentions)
                    continue
                tag = self._intern_tag(entity.id)
            if tag in merged:
                merged[tag] += entity.mentions
            else:
                merged[tag] = entity.mentions
        for tag, m in merged.items():
            if not 1 <= m <= _MAX_MENTIONS:
                merged[tag] = _MAX_MENTIONS if m > _MAX_MENTIONS else 1
        return merged

    def _rarity(self, n: int) -> tuple[array, array]:
        """IDF of every tag and every word for an index of ``n`` articles (cached)."""
        if self._idf_version != self._version:
            log = math.log
            self._idf = array("d", [log(1.0 + n / (df or 1)) for df in self._df])
            self._widf = array("d", [log(1.0 + n / (df or 1)) for df in self._word_df])
            self._idf_version = self._version
        return self._idf, self._widf

    def _exact_norms(self, d: int, idf: array, widf: array) -> tuple[float, float]:
        """Lengths of article ``d``'s tag vector and word vector under the current rarities."""
        if self._norm_version[d] == self._version:
            return self._doc_norm[d], self._doc_wnorm[d]
        sal = _SALIENCE
        tags_sq = 0.0
        words_sq = 0.0
        row_tags, row_words = self._row(d)
        for value in row_tags:
            w = idf[value >> 8] * sal[value & 0xFF]
            tags_sq += w * w
        for value in row_words:
            w = widf[value]
            words_sq += w * w
        tags, words = math.sqrt(tags_sq), math.sqrt(words_sq)
        self._doc_norm[d] = tags
        self._doc_wnorm[d] = words
        self._norm_version[d] = self._version
        return tags, words

    def _date_factor(self, day_a: int, day_b: int) -> float:
        if day_a == _NO_DAY or day_b == _NO_DAY:
            return 1.0 - self.date_weight / 2  # unknown dates sit halfway: neither favoured nor punished
        gap = abs(day_a - day_b)
        return 1.0 - self.date_weight * (1.0 - 0.5 ** (gap / self.date_half_life))

    def _query(
        self,
        query: dict[int, int],
        day: int,
        dup: int,
        skip: set[int],
        limit: int,
        unknown: Sequence[int] = (),
        words: Sequence[int] = (),
        lone_words: int = 0,
    ) -> list[RelatedArticle]:
        n = self._count
        if limit <= 0 or not query or not n:
            return []
        df = self._df
        posting = self._posting
        sal = _SALIENCE
        log = math.log

        idf, widf = self._rarity(n)
        # Document-side weight of each query tag: idf^2 * query salience.
        qweight: dict[int, float] = {}
        qnorm_sq = 0.0
        for tag, m in query.items():
            w = idf[tag]
            s = sal[m]
            qweight[tag] = w * w * s
            qnorm_sq += (w * s) ** 2
        # Tags only the query carries still lengthen its vector, as if it were indexed.
        lone = log(1.0 + n)
        for m in unknown:
            qnorm_sq += (lone * sal[min(max(m, 1), _MAX_MENTIONS)]) ** 2
        qnorm = math.sqrt(qnorm_sq)

        # Words: idf^2 of each query word, and the query's word vector length.
        qwords: dict[int, float] = {}
        wnorm_sq = lone_words * lone * lone
        for w in words:
            x = widf[w]
            qwords[w] = x * x
            wnorm_sq += x * x
        wnorm = math.sqrt(wnorm_sq)
        tw = self.word_weight if wnorm > 0.0 else 0.0

        # Step 1: enumerate candidates through the rarer tags, rarest first.
        common = max(self.common_fraction * n, self.common_min)
        acc: dict[int, float] = {}
        get = acc.get
        by_rarity = sorted(qweight, key=df.__getitem__)
        skipped: list[int] = []
        for i, tag in enumerate(by_rarity):
            if df[tag] > common:
                skipped = by_rarity[i:]
                break
            w = qweight[tag]
            for v in posting(tag):
                d = v >> 8
                acc[d] = get(d, 0.0) + w * sal[v & 0xFF]
        for d in skip:
            acc.pop(d, None)
        if len(acc) < limit and skipped:
            # Too few candidates through rare tags: take the latest postings of the
            # common ones too, within a fixed budget so the cost stays bounded.
            budget = self.fallback_budget
            for tag in skipped:
                docs = posting(tag)
                start = max(0, len(docs) - budget)
                budget -= len(docs) - start
                w = qweight[tag]
                for v in docs[start:]:
                    d = v >> 8
                    acc[d] = get(d, 0.0) + w * sal[v & 0xFF]
                if budget <= 0:
                    break
            for d in skip:
                acc.pop(d, None)
        if not acc:
            return []

        # Step 2: shortlist by that partial score, then score exactly with every tag.
        keep = max(self.shortlist, 4 * limit)
        norms = self._doc_norm
        if len(acc) > keep:
            shortlist = heapq.nlargest(keep, acc, key=lambda d: acc[d] / (norms[d] or 1.0))
        else:
            shortlist = list(acc)

        own_rows = self._row_own
        row_tags, row_tag_off = self._row_tags, self._row_tag_off
        row_words, row_word_off = self._row_words, self._row_word_off
        doc_dup = self._doc_dup
        doc_day = self._doc_day
        names = self._tag_names
        ids = self._ids
        scored: list[tuple[float, str, int, list[tuple[float, int]]]] = []
        for d in shortlist:
            if dup and doc_dup[d] == dup:
                continue
            own = own_rows.get(d) if own_rows else None
            if own is None:
                tags = row_tags[row_tag_off[d] : row_tag_off[d + 1]]
            else:
                tags = own[0]
            dot = 0.0
            wdot = 0.0
            shared = []
            for value in tags:
                qw = qweight.get(value >> 8)
                if qw is not None:
                    part = qw * sal[value & 0xFF]
                    dot += part
                    shared.append((part, value >> 8))
            if tw:
                for value in row_words[row_word_off[d] : row_word_off[d + 1]] if own is None else own[1]:
                    x = qwords.get(value)
                    if x is not None:
                        wdot += x
            if dot <= 0.0:
                continue
            dnorm, dwnorm = self._exact_norms(d, idf, widf)
            if dnorm <= 0.0:
                continue
            score = min(1.0, dot / (qnorm * dnorm))
            if tw:
                title_score = wdot / (wnorm * dwnorm) if wdot else 0.0
                score = (1.0 - tw) * score + tw * min(1.0, title_score)
            score *= self._date_factor(day, doc_day[d])
            scored.append((score, ids[d], d, shared))

        # Scores equal up to rounding noise tie-break on id, so answers are stable.
        scored.sort(key=lambda r: (-round(r[0], 12), r[1]))
        out: list[RelatedArticle] = []
        seen_dups: set[int] = set()
        for score, article_id, d, shared in scored:
            dup = doc_dup[d]
            if dup:
                # Several copies of one other article: show only the best one.
                if dup in seen_dups:
                    continue
                seen_dups.add(dup)
            shared.sort(key=lambda p: (-p[0], names[p[1]]))
            out.append(RelatedArticle(article_id, score, tuple(names[t] for _, t in shared)))
            if len(out) == limit:
                break
        return out
