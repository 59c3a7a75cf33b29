"""Reading a body ahead of time: the cache it fills, its bound, and no change to reading state."""

from pathlib import Path

import pytest

import store.db as db
from store.db import Store
from store.models import ParsedArticle


def build(path: Path, tagger, count: int = 120) -> list[str]:
    articles = [
        (
            f"f{n}",
            ParsedArticle(
                title=f"Report number {n} from the harbour",
                body=(f"Paragraph {n} about the harbour and its ships. " * 20, "A second, shorter paragraph."),
            ),
        )
        for n in range(count)
    ]
    with Store(path, tagger=tagger) as store:
        results = store.import_articles(articles)
    return [r.id for r in results]


def shard_sizes(path: Path) -> dict[str, int]:
    return {p.stem: p.stat().st_size for p in (path / "bodies").glob("*.json")}


def count_shard_parses(monkeypatch) -> list[str]:
    parsed: list[str] = []
    original = db.AtomicJSONStorage.read

    def read(self):
        if self._cache is None and self.path.parent.name == "bodies":
            parsed.append(self.path.name)
        return original(self)

    monkeypatch.setattr(db.AtomicJSONStorage, "read", read)
    return parsed


def test_the_reader_keeps_the_body_read_ahead_without_parsing_its_shard(tmp_path, simple_tagger, monkeypatch):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, 20)
    with Store(path, create=False) as fresh:
        expected = fresh.get(ids[3])
    parsed = count_shard_parses(monkeypatch)
    store = Store(path, create=False, lazy=True)
    try:
        assert not store.is_body_cached(ids[3])
        assert store.prefetch(ids[3]) is True
        assert store.is_body_cached(ids[3])
        # Only that article's record was cut out of the shard file.
        assert store.cached_body_bytes() == 0 and parsed == []
        assert store.get(ids[3]) == expected
        assert parsed == []
    finally:
        store.close()


def test_commands_parse_the_whole_shard_and_keep_it(tmp_path, simple_tagger):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, 20)
    with Store(path, create=False) as fresh:
        expected = fresh.get(ids[3])
    store = Store(path, create=False)
    try:
        assert store.cached_body_bytes() == 0
        assert store.prefetch(ids[3]) is True
        assert store.is_body_cached(ids[3])
        assert store.cached_body_bytes() == shard_sizes(path)[ids[3][:2]]
        assert store.get(ids[3]) == expected
    finally:
        store.close()


def test_prefetch_changes_no_reading_state(tmp_path, simple_tagger):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, 10)
    store = Store(path, create=False, lazy=True)
    try:
        for aid in ids:
            store.prefetch(aid)
        assert not any(state.read or state.starred for state in store.states().values())
    finally:
        store.close()
    assert not (path / "state.journal").exists() or (path / "state.journal").stat().st_size == 0
    with Store(path, create=False) as again:
        assert not any(again.state(aid).read for aid in ids)


def test_prefetch_of_an_unknown_or_malformed_id_is_false(tmp_path, simple_tagger):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, 5)
    store = Store(path, create=False, lazy=True)
    try:
        assert store.prefetch("not-an-id!") is False
        missing = next(f"{n:02x}0000000000" for n in range(256) if f"{n:02x}" not in {a[:2] for a in ids})
        assert store.prefetch(missing) is False
    finally:
        store.close()


def test_many_prefetches_keep_the_cache_within_its_budget(tmp_path, simple_tagger, monkeypatch):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, 120)
    sizes = shard_sizes(path)
    budget = 3 * max(sizes.values())
    assert sum(sizes.values()) > 4 * budget  # the whole store would not fit
    monkeypatch.setattr(db, "BODY_CACHE_BYTES", budget)
    store = Store(path, create=False)
    try:
        for _ in range(3):
            for aid in ids:
                assert store.prefetch(aid)
                assert store.cached_body_bytes() <= budget
                assert store.is_body_cached(aid)
    finally:
        store.close()


def test_the_shard_just_read_stays_even_over_the_budget(tmp_path, simple_tagger, monkeypatch):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, 10)
    monkeypatch.setattr(db, "BODY_CACHE_BYTES", 1)
    store = Store(path, create=False)
    try:
        store.prefetch(ids[0])
        store.prefetch(ids[1])
        assert store.is_body_cached(ids[1])
        # Only the last shard stays parsed (the bodies read are kept apart, see below).
        assert store.cached_body_bytes() == shard_sizes(path)[ids[1][:2]]
    finally:
        store.close()


@pytest.mark.parametrize("lazy", [False, True])
def test_get_still_reports_a_missing_body(tmp_path, simple_tagger, lazy):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, 3)
    (path / "bodies" / f"{ids[0][:2]}.json").unlink()
    store = Store(path, create=False, lazy=lazy)
    try:
        assert store.prefetch(ids[0]) is False
        with pytest.raises(db.StoreError, match="body of article"):
            store.get(ids[0])
    finally:
        store.close()


def test_bodies_read_ahead_stay_when_their_shards_are_dropped(tmp_path, simple_tagger, monkeypatch):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, 60)
    with Store(path, create=False) as fresh:
        expected = {aid: fresh.get(aid) for aid in ids[:3]}
    monkeypatch.setattr(db, "BODY_CACHE_BYTES", 1)
    store = Store(path, create=False)
    try:
        for aid in ids[:3]:
            assert store.prefetch(aid)
        # Reading more, from other shards, drops the first shards from the budget...
        others = [aid for aid in ids[3:] if aid[:2] not in {a[:2] for a in ids[:3]}][:5]
        for aid in others:
            store.get(aid)
        assert store.cached_body_bytes() <= max(shard_sizes(path).values())
        # ...but the three read ahead open without parsing any shard again.
        parsed = count_shard_parses(monkeypatch)
        for aid in ids[:3]:
            assert store.is_body_cached(aid)
            assert store.get(aid) == expected[aid]
        assert parsed == []
    finally:
        store.close()


@pytest.mark.parametrize("lazy", [False, True])
def test_a_kept_body_is_read_again_once_its_shard_changed_on_disk(tmp_path, simple_tagger, lazy):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, 10)
    target = ids[0]
    store = Store(path, create=False, lazy=lazy)
    try:
        assert store.get(target).body[1] == "A second, shorter paragraph."
        # Another process rewrites the shard with another version of that body.
        with Store(path, create=False) as other:
            table = other._body_table(target)
            table.update({"body": ["Rewritten."]}, doc_ids=[int(target, 16)])
        assert store.get(target).body == ("Rewritten.",)
    finally:
        store.close()


@pytest.mark.parametrize("lazy", [False, True])
def test_a_kept_body_whose_shard_was_removed_is_reported_missing(tmp_path, simple_tagger, lazy):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, 3)
    store = Store(path, create=False, lazy=lazy)
    try:
        assert store.get(ids[0]).body
        (path / "bodies" / f"{ids[0][:2]}.json").unlink()
        # Not answered from memory: the file it came from is gone.
        with pytest.raises(db.StoreError, match="body of article"):
            store.get(ids[0])
    finally:
        store.close()
