"""Body shards written by an import: many shards in one batch, each replaced atomically,
with its backup, and the folder synced once before the article rows are written."""

import errno
import os
from pathlib import Path

import orjson
import pytest

import store.db
from store.db import Store
from store.doctor import check_store
from store.models import ParsedArticle
from store.storage import StoreWriteError, file_signature


def art(i: int) -> ParsedArticle:
    return ParsedArticle(title=f"Story number {i}", body=(f"Paragraph {i} of a story from Paris.", f"More text {i}."))


def shards(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((path / "bodies").iterdir())}


def temp_files(path: Path) -> list[str]:
    return [p.name for p in path.rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture(params=[1, 8], ids=["one-writer", "eight-writers"])
def writers(request, monkeypatch):
    monkeypatch.setattr(store.db, "SHARD_WRITERS", request.param)
    return request.param


def test_many_shards_hold_every_body_with_backups(tmp_path, simple_tagger, writers, monkeypatch):
    # Small steps, so several open-write-sync rounds run within one batch.
    monkeypatch.setattr(store.db, "_FILES_AT_ONCE", 5)
    s = Store(tmp_path / "s", tagger=simple_tagger)
    first = [r.id for r in s.import_articles([("a", art(i)) for i in range(60)])]
    assert len({aid[:2] for aid in first}) > 20
    before = shards(s.path)
    second = [r.id for r in s.import_articles([("b", art(i)) for i in range(60, 120)])]
    assert temp_files(s.path) == []
    fresh = Store(s.path)
    for i, aid in enumerate(first + second):
        assert fresh.get(aid).body == art(i).body
    for name, raw in before.items():
        if name.endswith(".json") and (s.path / "bodies" / f"{name}.bak").exists():
            # A shard rewritten by the second import keeps the first import's version as its backup.
            assert (s.path / "bodies" / f"{name}.bak").read_bytes() == raw
    rewritten = {aid[:2] for aid in second} & {aid[:2] for aid in first}
    assert rewritten and all((s.path / "bodies" / f"{sh}.json.bak").exists() for sh in rewritten)
    # The shard file is TinyDB's: bodies under their numeric doc ids, and the schema mark.
    raw = orjson.loads((s.path / "bodies" / f"{first[0][:2]}.json").read_bytes())
    assert raw["bodies"][str(int(first[0], 16))]["body"] == list(art(0).body)
    assert raw["_meta"] == {"1": {"schema": 1}}
    assert check_store(s.path) == []


def test_written_shards_stay_cached_under_their_file_signature(tmp_path, simple_tagger, writers):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    ids = [r.id for r in s.import_articles([("a", art(i)) for i in range(30)])]
    for aid in ids:
        storage = s._body_dbs[aid[:2]].storage
        assert storage._cache is not None
        assert storage._cache_sig == file_signature(s.path / "bodies" / f"{aid[:2]}.json")
        assert s.is_body_cached(aid) and s.get(aid).body == art(ids.index(aid)).body


def test_one_failing_shard_fails_the_batch_and_leaves_no_rows(tmp_path, simple_tagger, writers, monkeypatch):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    s.import_articles([("a", art(i)) for i in range(40)])
    probe = Store(tmp_path / "probe", tagger=simple_tagger)
    new_ids = [r.id for r in probe.import_articles([("b", art(i)) for i in range(40, 80)])]
    bad = f"{new_ids[3][:2]}.json"
    old_bad = (s.path / "bodies" / bad).read_bytes() if (s.path / "bodies" / bad).exists() else None
    articles_before = (s.path / "articles.json").read_bytes()
    real_fsync, real_open = os.fsync, os.open
    names: dict[int, str] = {}

    def tracking_open(path, flags, mode=0o777, *, dir_fd=None):
        fd = real_open(path, flags, mode, dir_fd=dir_fd)
        names[fd] = os.path.basename(os.fspath(path))
        return fd

    def failing_fsync(fd):
        if names.get(fd, "").startswith(f".{bad}."):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_fsync(fd)

    monkeypatch.setattr(os, "open", tracking_open)
    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(StoreWriteError) as exc:
        s.import_articles([("b", art(i)) for i in range(40, 80)])
    msg = str(exc.value)
    assert bad in msg and "input/output error" in msg and "intact" in msg and "\n" not in msg
    assert (s.path / "articles.json").read_bytes() == articles_before
    if old_bad is not None:
        assert (s.path / "bodies" / bad).read_bytes() == old_bad
    else:
        assert not (s.path / "bodies" / bad).exists()
    assert temp_files(s.path) == []
    assert len(s) == 40

    monkeypatch.setattr(os, "fsync", real_fsync)
    res = s.import_articles([("b", art(i)) for i in range(40, 80)])
    assert [r.id for r in res] == new_ids and all(r.status == "imported" for r in res)
    fresh = Store(s.path)
    assert len(fresh) == 80 and fresh.get(new_ids[3]).body == art(43).body
    assert check_store(s.path) == []


def test_a_backup_link_left_by_a_crash_is_replaced(tmp_path, simple_tagger):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    aid = s.import_articles([("a", art(1))])[0].id
    shard = s.path / "bodies" / f"{aid[:2]}.json"
    first = shard.read_bytes()
    stale = shard.with_name(f".{shard.name}.{os.getpid()}.bak.tmp")
    stale.write_bytes(b"left over")
    other = next(i for i in range(2, 500) if Store(tmp_path / f"p{i}", tagger=simple_tagger)
                 .import_articles([("p", art(i))])[0].id[:2] == aid[:2])
    s.import_articles([("b", art(other))])
    assert not stale.exists() and temp_files(s.path) == []
    assert shard.with_name(shard.name + ".bak").read_bytes() == first


class RecordingTagger:
    """Tags nothing; notes whether the cyclic collector was running at each call."""

    def __init__(self):
        self.collector_on: list[bool] = []

    def tag(self, title, paragraphs, language):
        import gc

        self.collector_on.append(gc.isenabled())
        return []


def test_collector_pauses_while_a_batch_is_tagged_and_stored_and_comes_back(tmp_path, monkeypatch):
    import gc

    assert gc.isenabled()
    tagger = RecordingTagger()
    s = Store(tmp_path / "s", tagger=tagger)
    seen_in_progress: list[bool] = []
    s.import_articles([("a", art(i)) for i in range(12)], batch_size=5,
                      progress=lambda r: seen_in_progress.append(gc.isenabled()))
    assert tagger.collector_on == [False] * 12
    assert seen_in_progress == [True] * 12 and gc.isenabled()
    # Also after a batch that fails to write.
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    with pytest.raises(StoreWriteError):
        s.import_articles([("b", art(i)) for i in range(12, 20)])
    assert gc.isenabled()


def test_collector_stays_off_if_the_caller_turned_it_off(tmp_path, simple_tagger):
    import gc

    gc.disable()
    try:
        Store(tmp_path / "s", tagger=simple_tagger).import_articles([("a", art(i)) for i in range(3)])
        assert not gc.isenabled()
    finally:
        gc.enable()
