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
from array import array
from collections.abc import Collection, Iterable, Sequence
from datetime import date

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
# Row entries: a tag (below _WORD) is tag << 8 | mentions, a title word is _WORD | word.
_WORD = 1 << 31
_MAX_TAGS = _WORD >> 8
_MAX_SLOTS = 1 << 24  # a posting is slot << 8 | mentions in 32 bits


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

    Article and tag ids are interned to small ints; posting lists and per-article
    tag lists are compact arrays, so the index stays small and a query costs in
    proportion to the posting lists of the query's tags rather than the store size.
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

        # Tags: interned entity ids and their posting lists, one int per article that
        # carries the tag: slot << 8 | mentions.
        self._tag_of: dict[str, int] = {}
        self._tag_names: list[str] = []
        self._post: list[array] = []

        # Articles, by slot; a removed article leaves a free slot for reuse. Each
        # article's row is one array: its tags packed as tag << 8 | mentions, then
        # its title words as _WORD | word. Duplicate keys are kept as hashes.
        self._slot_of: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._doc_tags: list[array | None] = []
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
        return len(self._slot_of)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._slot_of

    def tag_count(self, entity_id: str) -> int:
        """How many indexed articles carry ``entity_id`` (its document frequency)."""
        tag = self._tag_of.get(entity_id)
        return 0 if tag is None else len(self._post[tag])

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
        if article_id in self._slot_of:
            self.remove(article_id)
        merged = self._intern(entities, create=True)
        values = [tag << 8 | m for tag, m in merged.items()]
        slot = self._place(article_id, values, title, terms, _day_number(published), _dup_hash(dup_key))
        post = self._post
        n = len(self._slot_of)
        log = math.log
        sal = _SALIENCE
        total = 0.0
        for tag, m in merged.items():
            docs = post[tag]
            docs.append(slot << 8 | m)
            w = log(1.0 + n / len(docs)) * sal[m]
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
        terms: tuple[Sequence[str], Sequence[int], Sequence[int]] | None = None,
    ) -> None:
        """Index many articles at once from packed tag rows; far faster than ``add`` each.

        Row ``i`` is article ``ids[i]``; its tags are ``keys[off[i]:off[i + 1]]``, each key
        ``v << 8 | mentions`` naming entity id ``tag_ids[v]``. A key whose mentions are 0
        takes them from ``overflow[(i, position in the row)]`` (1 when absent). Duplicate
        keys may be any hashable values (0, "" or None for none). ``terms`` packs each
        row's extra words the same way, as ``(words, offsets, word numbers)``: row ``i``
        has ``words[k]`` for each ``k`` in ``numbers[offsets[i]:offsets[i + 1]]``.
        Articles already indexed are replaced.
        """
        for article_id in ids:
            if article_id in self._slot_of:
                self.remove(article_id)
        vmap = array("q", [self._intern_tag(eid) for eid in tag_ids])
        overflow = overflow or {}
        term_words, term_off, term_keys = terms or ((), (), ())
        post = self._post
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
            new_slots.append(self._place(article_id, values, title, extra, _day_number(published[i]), dup))
        # Posting lists grown once to their final length, then filled: no spare capacity.
        doc_tags = self._doc_tags
        grow = [0] * len(post)
        for slot in new_slots:
            for v in doc_tags[slot]:  # type: ignore[union-attr]
                if v < _WORD:
                    grow[v >> 8] += 1
        fill = [0] * len(post)
        for tag, extra_count in enumerate(grow):
            if extra_count:
                docs = post[tag]
                fill[tag] = len(docs)
                docs.frombytes(bytes(docs.itemsize * extra_count))
        for slot in new_slots:
            for v in doc_tags[slot]:  # type: ignore[union-attr]
                if v < _WORD:
                    tag = v >> 8
                    post[tag][fill[tag]] = slot << 8 | (v & 0xFF)
                    fill[tag] += 1
        # Vector lengths from the final document frequencies.
        log = math.log
        n = len(self._slot_of)
        idf = [log(1.0 + n / (len(docs) or 1)) for docs in post]
        sal = _SALIENCE
        norms = self._doc_norm
        for slot in new_slots:
            total = 0.0
            for v in doc_tags[slot]:  # type: ignore[union-attr]
                if v < _WORD:
                    w = idf[v >> 8] * sal[v & 0xFF]
                    total += w * w
            norms[slot] = math.sqrt(total)

    def _place(
        self, article_id: str, values: list[int], title: str | None, terms: Sequence[str], day: int, dup: int
    ) -> int:
        """Store an article's row (tags, then distinct words) in a free or new slot."""
        self._version += 1
        word_of = self._word_of
        df = self._word_df
        words = title_terms(title)
        if terms:
            words = list(dict.fromkeys([*words, *terms]))
        entries = list(values)
        for term in words:
            w = word_of.get(term)
            if w is None:
                w = word_of[term] = len(df)
                df.append(0)
            df[w] += 1
            entries.append(_WORD | w)
        row = array("I", entries)  # made at its final size: no spare capacity
        if self._free:
            slot = self._free.pop()
            self._ids[slot] = article_id
            self._doc_tags[slot] = row
            self._doc_day[slot] = day
            self._doc_dup[slot] = dup
        else:
            slot = len(self._ids)
            if slot >= _MAX_SLOTS:
                raise OverflowError("too many articles for the related index")
            self._ids.append(article_id)
            self._doc_tags.append(row)
            self._doc_day.append(day)
            self._doc_dup.append(dup)
            self._doc_norm.append(0.0)
            self._doc_wnorm.append(0.0)
            self._norm_version.append(-1)
        self._slot_of[article_id] = slot
        return slot

    def _intern_tag(self, entity_id: str) -> int:
        tag = self._tag_of.get(entity_id)
        if tag is None:
            tag = len(self._tag_names)
            if tag >= _MAX_TAGS:
                raise OverflowError("too many distinct tags for the related index")
            self._tag_of[entity_id] = tag
            self._tag_names.append(entity_id)
            self._post.append(array("I"))
        return tag

    def remove(self, article_id: str) -> None:
        """Drop an article from the index; unknown ids are ignored."""
        slot = self._slot_of.pop(article_id, None)
        if slot is None:
            return
        self._version += 1
        packed = self._doc_tags[slot]
        assert packed is not None
        df = self._word_df
        for value in packed:
            if value >= _WORD:
                df[value ^ _WORD] -= 1
                continue
            docs = self._post[value >> 8]
            entry = slot << 8 | (value & 0xFF)
            # Order inside a posting list does not matter: move the last entry into the hole.
            last = docs.pop()
            if last != entry:
                docs[docs.index(entry)] = last
        self._ids[slot] = None
        self._doc_tags[slot] = None
        self._doc_dup[slot] = 0
        self._doc_day[slot] = _NO_DAY
        self._free.append(slot)

    # ----------------------------------------------------------------- queries

    def related(self, article_id: str, limit: int = 10) -> list[RelatedArticle]:
        """Articles related to an indexed one, best first; [] for an unknown id.

        The article itself and its duplicates (same ``dup_key``) are left out.
        """
        slot = self._slot_of.get(article_id)
        if slot is None:
            return []
        packed = self._doc_tags[slot]
        assert packed is not None
        query = {value >> 8: value & 0xFF for value in packed if value < _WORD}
        words = [value ^ _WORD for value in packed if value >= _WORD]
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
        skip = {self._slot_of[i] for i in exclude if i in self._slot_of}
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
            self._idf = array("d", [log(1.0 + n / (len(docs) or 1)) for docs in self._post])
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
        for value in self._doc_tags[d]:  # type: ignore[union-attr]
            if value >= _WORD:
                w = widf[value ^ _WORD]
                words_sq += w * w
            else:
                w = idf[value >> 8] * sal[value & 0xFF]
                tags_sq += w * w
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
        n = len(self._slot_of)
        if limit <= 0 or not query or not n:
            return []
        post = self._post
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
        by_rarity = sorted(qweight, key=lambda t: len(post[t]))
        skipped: list[int] = []
        for i, tag in enumerate(by_rarity):
            docs = post[tag]
            if len(docs) > common:
                skipped = by_rarity[i:]
                break
            w = qweight[tag]
            for v in docs:
                d = v >> 8
                acc[d] = get(d, 0.0) + w * sal[v & 0xFF]
        for d in skip:
            acc.pop(d, None)
        if len(acc) < limit and skipped:
            # Too few candidates through rare tags: take the latest postings of the
            # common ones too, within a fixed budget so the cost stays bounded.
            budget = self.fallback_budget
            for tag in skipped:
                docs = post[tag]
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

        doc_tags = self._doc_tags
        doc_dup = self._doc_dup
        doc_day = self._doc_day
        names = self._tag_names
        ids = self._ids
        scored: list[tuple[float, str, int, list[tuple[float, int]]]] = []
        for d in shortlist:
            if dup and doc_dup[d] == dup:
                continue
            dot = 0.0
            wdot = 0.0
            shared = []
            for value in doc_tags[d]:
                if value >= _WORD:
                    if tw:
                        x = qwords.get(value ^ _WORD)
                        if x is not None:
                            wdot += x
                    continue
                qw = qweight.get(value >> 8)
                if qw is not None:
                    part = qw * sal[value & 0xFF]
                    dot += part
                    shared.append((part, value >> 8))
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
