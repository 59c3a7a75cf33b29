"""The related index's packed storage answers exactly as the per-article arrays it replaced.

The digests below were taken from the index as it stood before rows and posting lists moved
into flat arrays: each seed builds random packed rows in bulk (repeated tags, zero mentions,
overflowing counts, missing dates, duplicate keys), changes the index article by article, and
loads a second batch on top. Scores are rounded to ten places, so only a different answer fails.
"""

from __future__ import annotations

import hashlib
import json
import random
from array import array

import pytest

from store.models import Entity
from store.related import RelatedIndex

WORDS = (
    "alpha bravo carbon delta echo falcon garden harbor island jungle kettle lemon "
    "marble nectar orbit pepper quartz river"
).split()


def _answers(index: RelatedIndex, picks: list[str], rng: random.Random) -> list:
    return [
        [aid, [[r.id, round(r.score, 10), list(r.shared)] for r in index.related(aid, rng.choice([1, 5, 10]))]]
        for aid in picks
    ]


def _scenario(seed: int) -> dict[str, list]:
    rng = random.Random(seed)
    ntags = rng.choice([30, 120, 400])
    vocab = [f"t{k}" for k in range(ntags)]
    n = rng.choice([50, 200, 600])
    ids = [f"a{i:04d}" for i in range(n)]
    off, keys, overflow, published, titles, dups = [0], [], {}, [], [], []
    term_off, term_keys = [0], []
    for i in range(n):
        for pos in range(rng.randint(0, 8)):
            v = min(int(rng.paretovariate(1.2)) - 1, ntags - 1) if rng.random() < 0.7 else rng.randrange(ntags)
            m = rng.choice([1, 1, 1, 2, 3, 7, 0]) if rng.random() < 0.97 else 0
            if m == 0 and rng.random() < 0.5:
                overflow[(i, pos)] = rng.choice([300, 2, 1000])
            keys.append(v << 8 | m)
        off.append(len(keys))
        d = rng.random()
        published.append(
            None if d < 0.1 else ("bad" if d < 0.12 else f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00Z")
        )
        titles.append(" ".join(rng.sample(WORDS, rng.randint(0, 5))) if rng.random() < 0.9 else None)
        dups.append(rng.choice([None, "", 0, "x", "y", 5]) if rng.random() < 0.2 else None)
        for _ in range(rng.randint(0, 4)):
            term_keys.append(rng.randrange(len(WORDS)))
        term_off.append(len(term_keys))
    index = RelatedIndex(
        common_min=rng.choice([5, 200]),
        common_fraction=0.03,
        shortlist=rng.choice([5, 60]),
        fallback_budget=rng.choice([7, 5000]),
    )
    index.add_packed(
        ids, vocab, off, keys, published,
        titles=titles, dup_keys=dups, overflow=overflow, terms=(list(WORDS), term_off, term_keys),
    )
    out: dict[str, list] = {}

    def snap(stage: str) -> None:
        picks = rng.sample(ids, min(40, len(ids)))
        out[stage] = [len(index), [index.tag_count(v) for v in vocab[:20]], _answers(index, picks, rng)]

    snap("bulk")
    for _ in range(n // 5):
        index.remove(rng.choice(ids))
    for j in range(n // 4):
        aid = rng.choice(ids) if rng.random() < 0.3 else f"n{j}"
        if aid not in ids:
            ids.append(aid)
        ents = [
            Entity(rng.choice(vocab + ["fresh1", "fresh2"]), "x", "other", rng.choice([1, 2, 400]))
            for _ in range(rng.randint(0, 6))
        ]
        index.add(
            aid, ents, rng.choice([None, "2024-05-05"]), dup_key=rng.choice([None, "x"]),
            title=" ".join(rng.sample(WORDS, 3)) + " zebra", terms=["yak", "alpha"],
        )
    snap("incremental")
    outside = []
    for _ in range(20):
        ents = [Entity(rng.choice(vocab + ["nowhere"]), "x", "other", rng.choice([1, 3])) for _ in range(rng.randint(1, 5))]
        got = index.related_to(
            ents, "2024-06-01", limit=6, exclude=rng.sample(ids, 3), dup_key=rng.choice([None, "x"]),
            title=" ".join(rng.sample(WORDS, 3)), terms=["kiwi"],
        )
        outside.append([[r.id, round(r.score, 10), list(r.shared)] for r in got])
    out["related_to"] = outside
    # A second batch on a non-empty index: some articles replaced, two new, vocabulary reordered.
    again = rng.sample(ids, min(30, len(ids))) + ["late1", "late2"]
    ids += ["late1", "late2"]
    roff, rkeys = [0], []
    for _ in again:
        for _ in range(rng.randint(1, 4)):
            rkeys.append(rng.randrange(ntags) << 8 | rng.choice([1, 2]))
        roff.append(len(rkeys))
    index.add_packed(again, vocab[::-1], roff, rkeys, ["2024-02-02"] * len(again), titles=["river orbit"] * len(again))
    snap("second batch")
    return out


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value).encode()).hexdigest()[:16]


EXPECTED = {
    0: {'bulk': '2dab53d0397c28d3', 'incremental': 'eed7602822353b56', 'related_to': '586c9389799b92aa', 'second batch': '13a71ca30c79aa24'},
    1: {'bulk': '9b45bd79739997b4', 'incremental': 'c5a4d2ee69a46341', 'related_to': 'd89ed8cff8946418', 'second batch': '8bff0f99fc825f79'},
    2: {'bulk': '4daf6ae835c1ee38', 'incremental': '36e4fffeb6b4577a', 'related_to': '99c21e0fc36d5ee1', 'second batch': '660d320454a97342'},
    3: {'bulk': '18db97027729c2b5', 'incremental': '37ef86240a30d211', 'related_to': '0d555c3990f31bf0', 'second batch': '8e1c7610a120b8f8'},
    4: {'bulk': '69290414a8781d61', 'incremental': 'c635a8044d94cd83', 'related_to': 'c071ea81b0b7cc66', 'second batch': 'ceb628cddcc5a973'},
    5: {'bulk': '49ba625d0819028e', 'incremental': 'f8d058f20387c572', 'related_to': '3a48330aa18c3963', 'second batch': '73901a79e9a5ae64'},
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_packed_index_answers_as_before(seed):
    got = {stage: _digest(value) for stage, value in _scenario(seed).items()}
    assert got == EXPECTED[seed]


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize("step", [1, 7])
def test_counting_in_slices_answers_the_same(seed, step, monkeypatch):
    # A large store's keys are counted a slice at a time; tiny slices must change nothing.
    import store.related

    monkeypatch.setattr(store.related, "_COUNT_STEP", step)
    got = {stage: _digest(value) for stage, value in _scenario(seed).items()}
    assert got == EXPECTED[seed]


def _rows(count: int, words_per_row: int, seed: int):
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        ents = [Entity(f"t{rng.randrange(60)}", "x", "other", rng.choice([1, 2, 5])) for _ in range(rng.randint(1, 5))]
        lead = [f"w{i}x{k}" for k in range(words_per_row)] + [rng.choice(WORDS)]
        rows.append((f"a{i}", ents, f"2024-03-{1 + i % 28:02d}", rng.choice(WORDS) + " " + rng.choice(WORDS), lead))
    return rows


def _bulk(rows) -> tuple[RelatedIndex, array, array]:
    vocab: dict[str, int] = {}
    words: dict[str, int] = {}
    off, keys, term_off, term_keys = array("I", [0]), array("I"), [0], []
    for _, ents, _, _, lead in rows:
        merged: dict[str, int] = {}
        for e in ents:
            merged[e.id] = merged.get(e.id, 0) + e.mentions
        keys.extend(vocab.setdefault(eid, len(vocab)) << 8 | m for eid, m in merged.items())
        off.append(len(keys))
        term_keys.extend(words.setdefault(w, len(words)) for w in lead)
        term_off.append(len(term_keys))
    index = RelatedIndex()
    index.add_packed(
        [r[0] for r in rows], list(vocab), off, keys, [r[2] for r in rows],
        titles=[r[3] for r in rows], terms=(list(words), term_off, term_keys),
    )
    return index, off, keys


def _one_by_one(rows) -> RelatedIndex:
    index = RelatedIndex()
    for aid, ents, published, title, lead in rows:
        index.add(aid, ents, published, title=title, terms=lead)
    return index


def _same(a: RelatedIndex, b: RelatedIndex, ids) -> None:
    for aid in ids:
        assert [(r.id, r.score, r.shared) for r in a.related(aid, 8)] == [
            (r.id, r.score, r.shared) for r in b.related(aid, 8)
        ]


def test_more_words_than_two_bytes_hold_still_answer_like_adding_one_by_one():
    rows = _rows(2300, 30, seed=3)  # about 69,000 distinct words
    bulk, _, _ = _bulk(rows)
    _same(bulk, _one_by_one(rows), [r[0] for r in rows[::97]])


def test_upkeep_after_a_bulk_load_leaves_the_loaded_arrays_alone():
    rows = _rows(300, 3, seed=4)
    bulk, off, keys = _bulk(rows)
    off_before, keys_before = array("I", off), array("I", keys)
    fresh = _one_by_one(rows)
    for index in (bulk, fresh):
        for aid, *_ in rows[:60:2]:
            index.remove(aid)
        for aid, ents, published, title, lead in rows[:30]:
            index.add(aid, ents[::-1], published, title=title, terms=lead)
    assert off == off_before and keys == keys_before
    _same(bulk, fresh, [r[0] for r in rows])
    assert [bulk.tag_count(f"t{k}") for k in range(60)] == [fresh.tag_count(f"t{k}") for k in range(60)]
