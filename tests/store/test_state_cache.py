"""index-state.bin: the packed copy of state.json that a store opens from.

Every test compares against what state.json itself says, read the slow way (a
ReadingState over a copy of the store without the cache file).
"""

import os
import shutil
import stat
import sys
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import store.state
from store.db import Store
from store.doctor import check_store
from store.models import ParsedArticle, ReadState
from store.state import CACHE_FILE, CACHE_VERSION, ReadingState, _load_cache, _Snapshot
from store.storage import atomic_write_bytes, file_signature

READ = ReadState(read=True, read_at="2026-01-02T03:04:05Z")
STARRED = ReadState(starred=True)
BOTH = ReadState(read=True, read_at="2026-01-03T00:00:00Z", starred=True)


def states_from_json(directory: Path) -> dict[str, ReadState]:
    """What state.json plus the journal hold, without any cache file."""
    plain = directory.parent / (directory.name + "-plain")
    shutil.rmtree(plain, ignore_errors=True)
    plain.mkdir()
    for name in ("state.json", "state.journal"):
        if (directory / name).exists():
            shutil.copy2(directory / name, plain / name)
    state = ReadingState(plain)
    state.refresh()
    assert not (plain / CACHE_FILE).exists() or _load_cache(plain / CACHE_FILE, file_signature(plain / "state.json"))
    return dict(state.all())


def fill(directory: Path, n: int = 50) -> dict[str, ReadState]:
    """A compacted state of ``n`` articles in a mix of states; returns what was set."""
    state = ReadingState(directory)
    wanted = {f"a{i:04d}": (READ, STARRED, BOTH)[i % 3] for i in range(n)}
    state.set_many(wanted.items())
    state.compact()
    state.close()
    return wanted


def cache_is_current(directory: Path) -> bool:
    return _load_cache(directory / CACHE_FILE, file_signature(directory / "state.json")) is not None


def test_compaction_writes_a_cache_equal_to_state_json(tmp_path):
    wanted = fill(tmp_path)
    assert cache_is_current(tmp_path)
    snap = _load_cache(tmp_path / CACHE_FILE, file_signature(tmp_path / "state.json"))
    assert snap.as_dict() == wanted == states_from_json(tmp_path)
    fresh = ReadingState(tmp_path)
    fresh.refresh()
    assert fresh.get("a0001") == STARRED and fresh.get("a0002") == BOTH and fresh.get("zzz") == ReadState()
    assert fresh.all() == wanted


def test_rows_in_the_same_state_share_one_object(tmp_path):
    fill(tmp_path, 30)
    fresh = ReadingState(tmp_path)
    fresh.refresh()
    states = fresh.all()
    assert len({id(s) for s in states.values()}) == 3


def test_a_store_without_the_cache_works_and_gets_one(tmp_path, simple_tagger):
    with Store(tmp_path / "s", tagger=simple_tagger) as s:
        ids = [r.id for r in s.import_articles(("t", ParsedArticle(title=f"Story {i}", body=(f"Text {i} of Paris.",))) for i in range(6))]
        s.mark_read(ids[:3])
        s.star(ids[2:4])
        s._state.compact()
    path = tmp_path / "s"
    (path / CACHE_FILE).unlink()
    with Store(path) as s:
        assert [s.state(i).read for i in ids] == [True, True, True, False, False, False]
        assert [s.state(i).starred for i in ids] == [False, False, True, True, False, False]
    assert cache_is_current(path)
    with Store(path, lazy=True) as s:
        assert set(s.states()) == set(ids[:4])
    assert check_store(path) == []


def test_a_cache_for_a_replaced_state_json_is_ignored_and_rewritten(tmp_path):
    fill(tmp_path)
    old_cache = (tmp_path / CACHE_FILE).read_bytes()
    # Another writer (an older version, or doctor) replaces state.json and leaves the cache alone.
    rows = {"1": {"id": "a0000", "read": False, "read_at": None, "starred": True}, "2": {"id": "new", "read": True, "read_at": "x", "starred": False}}
    atomic_write_bytes(tmp_path / "state.json", orjson.dumps({"state": rows}))
    assert (tmp_path / CACHE_FILE).read_bytes() == old_cache and not cache_is_current(tmp_path)
    fresh = ReadingState(tmp_path)
    fresh.refresh()
    assert fresh.get("a0001") == ReadState()
    assert fresh.all() == {"a0000": STARRED, "new": ReadState(read=True, read_at="x")}
    assert cache_is_current(tmp_path)


def test_another_process_compacting_is_seen(tmp_path):
    fill(tmp_path)
    mine = ReadingState(tmp_path)
    mine.refresh()
    assert mine.get("a0000") == READ
    other = ReadingState(tmp_path)
    other.set_many([("a0000", ReadState()), ("b", STARRED)])
    other.compact()
    assert mine.refresh()
    assert mine.get("a0000") == ReadState() and mine.get("b") == STARRED
    assert mine.all() == states_from_json(tmp_path)


@pytest.mark.parametrize("keep", [0, 5, 9, 12, 40, 200, -1])
def test_a_truncated_cache_is_ignored(tmp_path, keep):
    wanted = fill(tmp_path)
    raw = (tmp_path / CACHE_FILE).read_bytes()
    (tmp_path / CACHE_FILE).write_bytes(raw[:keep])
    assert not cache_is_current(tmp_path)
    fresh = ReadingState(tmp_path)
    fresh.refresh()
    assert fresh.get("a0002") == BOTH and fresh.all() == wanted
    # Rewritten from state.json once it was read.
    assert (tmp_path / CACHE_FILE).read_bytes() == raw


@pytest.mark.parametrize("damage", ["garbage", "flipped-byte", "empty", "directory-header", "other-version"])
def test_a_damaged_cache_is_never_trusted(tmp_path, damage):
    wanted = fill(tmp_path)
    path = tmp_path / CACHE_FILE
    raw = bytearray(path.read_bytes())
    if damage == "garbage":
        raw = bytearray(os.urandom(len(raw)))
    elif damage == "flipped-byte":
        # The starred bit of row 47 (of 50): it would read as another state.
        low = 0 if sys.byteorder == "little" else 3
        raw[-len(b'["2026-01-02T03:04:05Z","2026-01-03T00:00:00Z"]') - 4 * 3 + low] ^= 0x02
    elif damage == "empty":
        raw = bytearray()
    elif damage == "directory-header":
        raw[12:20] = b"[1,2,3]\x00"
    else:
        # Same length, so only the version tells it apart.
        raw = bytearray(raw.replace(b'"version":%d' % CACHE_VERSION, b'"version":%d' % (CACHE_VERSION + 1)))
    path.write_bytes(bytes(raw))
    assert not cache_is_current(tmp_path)
    fresh = ReadingState(tmp_path)
    fresh.refresh()
    assert fresh.all() == wanted
    assert cache_is_current(tmp_path)


def test_the_journal_applies_over_the_cache(tmp_path):
    fill(tmp_path, 9)
    state = ReadingState(tmp_path)
    # Back to the default, a change, a new row, and a row cleared then set again.
    state.set_many([("a0000", ReadState()), ("a0001", BOTH), ("new", READ), ("a0002", ReadState())])
    state.set_many([("a0002", STARRED)])
    assert (tmp_path / "state.journal").exists() and cache_is_current(tmp_path)
    for fresh_get_first in (True, False):
        fresh = ReadingState(tmp_path)
        fresh.refresh()
        if fresh_get_first:
            assert fresh.get("a0000") == ReadState() and fresh.get("a0001") == BOTH
            assert fresh.get("a0002") == STARRED and fresh.get("new") == READ and fresh.get("a0003") == READ
        states = fresh.all()
        assert "a0000" not in states and states["a0001"] == BOTH and states["a0002"] == STARRED
        assert states == states_from_json(tmp_path)
        assert len(states) == 9


def test_a_journal_line_read_after_the_cache_overrides_it(tmp_path):
    fill(tmp_path, 6)
    reader = ReadingState(tmp_path)
    reader.refresh()
    writer = ReadingState(tmp_path)
    writer.set_many([("a0001", ReadState()), ("a0003", STARRED)])
    assert reader.refresh()
    assert reader.get("a0001") == ReadState() and reader.get("a0003") == STARRED
    assert "a0001" not in reader.all() and reader.all() == states_from_json(tmp_path)


def test_a_cache_that_cannot_be_written_costs_nothing_but_speed(tmp_path):
    wanted = fill(tmp_path)
    (tmp_path / CACHE_FILE).unlink()
    # A directory where the file should go: every write of it fails.
    (tmp_path / CACHE_FILE).mkdir()
    fresh = ReadingState(tmp_path)
    fresh.refresh()
    assert fresh.all() == wanted
    fresh.set_many([("a0000", ReadState())])
    fresh.compact()
    again = ReadingState(tmp_path)
    again.refresh()
    assert "a0000" not in again.all() and len(again.all()) == len(wanted) - 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_read_only_store_reads_its_state(tmp_path):
    wanted = fill(tmp_path)
    (tmp_path / CACHE_FILE).unlink()
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        try:
            (tmp_path / "probe").write_bytes(b"")
        except OSError:
            pass
        else:
            (tmp_path / "probe").unlink()
            pytest.skip("this user can write to a read-only directory (root)")
        fresh = ReadingState(tmp_path)
        fresh.refresh()
        assert fresh.all() == wanted
        assert not (tmp_path / CACHE_FILE).exists()
    finally:
        tmp_path.chmod(stat.S_IRWXU)


def test_compaction_when_the_journal_grows_keeps_the_cache_current(tmp_path, monkeypatch):
    monkeypatch.setattr(store.state, "COMPACT_AFTER_LINES", 3)
    state = ReadingState(tmp_path)
    for i in range(7):
        state.set_many([(f"x{i}", READ)])
    assert cache_is_current(tmp_path)
    assert states_from_json(tmp_path) == {f"x{i}": READ for i in range(7)}
    fresh = ReadingState(tmp_path)
    fresh.refresh()
    assert fresh.all() == {f"x{i}": READ for i in range(7)}


def test_odd_rows_of_state_json_read_the_same_through_the_cache(tmp_path):
    rows = [
        {"id": "b", "read": 1, "read_at": 5, "starred": 0},
        {"id": "a", "read": False, "read_at": "kept", "starred": False},
        {"id": "b", "read": False, "starred": True},
        {"id": 7, "read": True},
        {"id": "é\nx", "read": True, "read_at": "t\n1"},
        {"id": "z"},
    ]
    atomic_write_bytes(tmp_path / "state.json", orjson.dumps({"state": {str(i + 1): r for i, r in enumerate(rows)}}))
    first = ReadingState(tmp_path)
    first.refresh()
    expected = {
        "b": ReadState(starred=True),
        "a": ReadState(read_at="kept"),
        "é\nx": ReadState(read=True, read_at="t\n1"),
        "z": ReadState(),
    }
    assert first.all() == expected
    assert cache_is_current(tmp_path)
    second = ReadingState(tmp_path)
    second.refresh()
    assert second.get("é\nx") == expected["é\nx"] and second.get("é") == ReadState()
    assert second.all() == expected


ids = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
read_states = st.builds(ReadState, read=st.booleans(), read_at=st.none() | st.sampled_from(["t1", "t2", "é\n"]), starred=st.booleans())


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(ids, read_states, max_size=40), st.lists(ids, max_size=10))
def test_packed_rows_round_trip(states, probes):
    sig = (1, 2, 3)
    snap = _Snapshot.from_bytes(_Snapshot.from_states(states).to_bytes(sig, 1), sig)
    assert snap is not None and snap.as_dict() == states
    for aid in [*states, *probes]:
        i = snap.find(aid)
        assert (snap.state(i) if i >= 0 else None) == states.get(aid)
    assert _Snapshot.from_bytes(_Snapshot.from_states(states).to_bytes(sig, 1), (1, 2, 4)) is None
