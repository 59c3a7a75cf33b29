"""Injected faults: failing writes (disk full, I/O error) and damaged store files.

Writes fail at the OS level (os.write, os.fsync, os.replace raise ENOSPC or EIO for the
files of one store), not in our own code. Every case checks the same promises: a clear
StoreError naming the file, the files on disk byte for byte as before, no temp file left,
and the same Store object working again once the fault is gone.
"""

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import store.state
from store.db import Store
from store.doctor import check_store, repair_store
from store.models import ParsedArticle
from store.storage import StoreCorruptError, StoreError, StoreWriteError

ROOT = Path(__file__).resolve().parents[2]
REASONS = {errno.ENOSPC: "disk is full", errno.EIO: "input/output error"}


def art(title, body=None):
    return ParsedArticle(title=title, body=(body or f"Text of {title} from Paris.",))


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file of the store (but the lock) with its bytes."""
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != "lock"
    }


def temp_files(directory: Path) -> list[str]:
    return [p.name for p in directory.rglob("*") if p.name.endswith(".tmp")]


class DiskFaults:
    """os.write / os.fsync / os.replace fail with an errno for files whose name contains ``match``.

    With ``partial`` the first failing os.write really writes half its bytes first, as a
    full disk does.
    """

    def __init__(self, monkeypatch, op: str, err: int, match: str, partial: bool = False) -> None:
        self.active = True
        self.hits = 0
        fds: dict[int, str] = {}
        real_open, real_close = os.open, os.close
        real_write, real_fsync, real_replace = os.write, os.fsync, os.replace
        state = {"partial": partial}

        def hit(name: str) -> bool:
            return self.active and match in os.path.basename(name)

        def fail(name: str):
            self.hits += 1
            raise OSError(err, os.strerror(err), name)

        def fake_open(path, flags, mode=0o777, *, dir_fd=None):
            fd = real_open(path, flags, mode, dir_fd=dir_fd)
            fds[fd] = os.fspath(path)
            return fd

        def fake_close(fd):
            fds.pop(fd, None)
            return real_close(fd)

        def fake_write(fd, data):
            if op == "write" and hit(fds.get(fd, "")):
                if state["partial"] and len(data) > 1:
                    state["partial"] = False
                    return real_write(fd, bytes(data[: len(data) // 2]))
                fail(fds[fd])
            return real_write(fd, data)

        def fake_fsync(fd):
            if op == "fsync" and hit(fds.get(fd, "")):
                fail(fds[fd])
            return real_fsync(fd)

        def fake_replace(src, dst, **kw):
            if op == "replace" and hit(os.fspath(dst)) and not os.fspath(dst).endswith(".bak"):
                fail(os.fspath(dst))
            return real_replace(src, dst, **kw)

        monkeypatch.setattr(os, "open", fake_open)
        monkeypatch.setattr(os, "close", fake_close)
        monkeypatch.setattr(os, "write", fake_write)
        monkeypatch.setattr(os, "fsync", fake_fsync)
        monkeypatch.setattr(os, "replace", fake_replace)


def shard_of(aid: str) -> str:
    return f"{aid[:2]}.json"


@pytest.fixture
def filled(tmp_path, simple_tagger):
    """A store with two articles imported one by one (so files have backups), one read."""
    s = Store(tmp_path / "s", tagger=simple_tagger)
    ids = [s.import_articles([(t, art(t))])[0].id for t in ("Alpha", "Beta")]
    s.mark_read(ids[:1])
    return s, ids


# -- failing writes -----------------------------------------------------------------------


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EIO])
@pytest.mark.parametrize("op", ["write", "fsync", "replace"])
@pytest.mark.parametrize("target", ["articles.json", "bodies"])
def test_failed_import_write_keeps_data_and_store_usable(filled, monkeypatch, op, err, target):
    s, ids = filled
    new = art("Gamma", "Text of Gamma from Berlin.")
    # The shard the new article lands in is only known after a dry run elsewhere.
    probe = Store(s.path.parent / "probe", tagger=s._tagger).import_articles([("p", new)])[0].id
    match = "articles.json" if target == "articles.json" else shard_of(probe)
    before = snapshot(s.path)
    faults = DiskFaults(monkeypatch, op, err, match, partial=op == "write")
    with pytest.raises(StoreWriteError) as exc:
        s.import_articles([("g", new)])
    assert faults.hits >= 1
    msg = str(exc.value)
    assert match in msg and REASONS[err] in msg and "intact" in msg
    assert "\n" not in msg
    after = snapshot(s.path)
    if target == "articles.json":
        # Bodies go first: the new body is an orphan, every file that existed is unchanged.
        assert {k: v for k, v in after.items() if k in before} == before
    else:
        assert after == before
    assert temp_files(s.path) == []
    assert len(s) == 2 and len(Store(s.path)) == 2

    faults.active = False
    res = s.import_articles([("g", new)])
    assert [r.status for r in res] == ["imported"] and res[0].id == probe
    fresh = Store(s.path)
    assert len(fresh) == 3 and fresh.get(probe).body == new.body
    assert fresh.state(ids[0]).read
    assert check_store(s.path) == []


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EIO])
@pytest.mark.parametrize("op", ["write", "fsync"])
def test_failed_journal_append_changes_nothing(filled, monkeypatch, op, err):
    s, ids = filled
    before = snapshot(s.path)
    faults = DiskFaults(monkeypatch, op, err, "state.journal", partial=op == "write")
    with pytest.raises(StoreWriteError) as exc:
        s.set_state(ids, read=True, starred=True)
    assert faults.hits == 1
    assert "state.journal" in str(exc.value) and REASONS[err] in str(exc.value)
    # The half-written line was cut off again: no later reader can pick the change up.
    assert snapshot(s.path) == before
    assert not s.state(ids[1]).read and not s.state(ids[0]).starred
    other = Store(s.path)
    assert other.state(ids[0]).read and not other.state(ids[1]).read and not other.state(ids[0]).starred

    faults.active = False
    s.set_state(ids, read=True, starred=True)
    other.refresh()
    assert all(other.state(a).read and other.state(a).starred for a in ids)


@pytest.mark.parametrize("op", ["write", "fsync", "replace"])
def test_failed_compaction_keeps_the_change_in_the_journal(filled, monkeypatch, op):
    s, ids = filled
    monkeypatch.setattr(store.state, "COMPACT_AFTER_LINES", 2)
    faults = DiskFaults(monkeypatch, op, errno.ENOSPC, "state.json")
    # The change is durable in the journal before compaction fails, so the call succeeds.
    s.star(ids[1:])
    assert faults.hits == 1
    assert not (s.path / "state.json").exists()
    assert temp_files(s.path) == []
    assert Store(s.path).state(ids[1]).starred and Store(s.path).state(ids[0]).read

    faults.active = False
    s.star(ids[:1])
    assert (s.path / "state.json").exists() and not (s.path / "state.journal").exists()
    fresh = Store(s.path)
    assert fresh.state(ids[0]).read and fresh.state(ids[0]).starred and fresh.state(ids[1]).starred


def test_backup_link_failure_only_costs_the_backup(filled, monkeypatch):
    s, ids = filled
    old_bak = (s.path / "articles.json.bak").read_bytes()

    def no_links(*a, **k):
        raise OSError(errno.EMLINK, "Too many links")

    monkeypatch.setattr(os, "link", no_links)
    res = s.import_articles([("g", art("Gamma"))])
    assert res[0].status == "imported"
    assert (s.path / "articles.json.bak").read_bytes() == old_bak
    assert len(Store(s.path)) == 3 and temp_files(s.path) == []


# -- damaged files --------------------------------------------------------------------------------


def damage(path: Path, how: str) -> bytes:
    raw = path.read_bytes()
    new = {
        "truncated": raw[: len(raw) // 2],
        "garbled": raw[:20] + bytes(range(256))[::7] + raw[60:],
        "empty": b"",
        "not-a-table": b"[1, 2, 3]",
        "binary": b"\x89PNG\r\n\x1a\n\x00\x00",
    }[how]
    path.write_bytes(new)
    return new


DAMAGE = ["truncated", "garbled", "empty", "not-a-table", "binary"]


def compacted_store(path: Path, tagger, n: int = 3) -> list[str]:
    """A store whose state.json exists and has a backup (compacted twice)."""
    s = Store(path, tagger=tagger)
    ids = [s.import_articles([(str(i), art(f"Story {i}"))])[0].id for i in range(n)]
    s.mark_read(ids[:1])
    s._state.compact()
    s.star(ids[1:2])
    s._state.compact()
    s.mark_read(ids[2:3])  # one change left in the journal
    s.close()
    assert (path / "state.json.bak").exists()
    return ids


@pytest.mark.parametrize("how", DAMAGE)
def test_damaged_state_file_is_named_kept_and_repaired(tmp_path, simple_tagger, how):
    path = tmp_path / "s"
    ids = compacted_store(path, simple_tagger)
    bad = damage(path / "state.json", how)
    bak = (path / "state.json.bak").read_bytes()
    with pytest.raises(StoreCorruptError) as exc:
        Store(path)
    assert str(path / "state.json") in str(exc.value) and "state.json.bak" in str(exc.value)
    # A failed open and a refused write both leave the damaged file and its backup alone.
    assert (path / "state.json").read_bytes() == bad and (path / "state.json.bak").read_bytes() == bak
    problems = check_store(path)
    assert [(p.file, p.kind) for p in problems] == [("state.json", "unreadable")]
    repair_store(path)
    s = Store(path)
    # The backup holds the first read mark; the star came later and is in the damaged file.
    assert s.state(ids[0]).read and s.state(ids[2]).read
    recovered_star = s.state(ids[1]).starred
    assert recovered_star == (how in ("garbled",) and b'"starred":true' in bad)
    assert check_store(path) == []


@pytest.mark.parametrize("how", DAMAGE)
def test_damaged_body_shard_is_named_and_never_overwritten(tmp_path, simple_tagger, how):
    path = tmp_path / "s"
    s = Store(path, tagger=simple_tagger)
    ids = [s.import_articles([(str(i), art(f"Story {i}"))])[0].id for i in range(6)]
    s.close()
    victim = ids[0]
    shard = path / "bodies" / shard_of(victim)
    bad = damage(shard, how)
    s = Store(path, tagger=simple_tagger)
    assert len(s) == 6  # the list never reads bodies
    with pytest.raises(StoreCorruptError) as exc:
        s.get(victim)
    assert str(shard) in str(exc.value)
    for other in ids:
        if other[:2] != victim[:2]:
            assert s.get(other).body
    # Reading state does not touch bodies; an import into the damaged shard is refused.
    s.mark_read([victim])
    n = 0
    while True:
        n += 1
        candidate = art(f"Extra {n}")
        probe = Store(tmp_path / f"probe{n}", tagger=simple_tagger).import_articles([("p", candidate)])[0].id
        if probe[:2] == victim[:2]:
            break
    with pytest.raises(StoreCorruptError, match=shard.name):
        s.import_articles([("x", candidate)])
    assert shard.read_bytes() == bad
    assert len(Store(path)) == 6
    assert any(p.file == f"bodies/{shard.name}" for p in check_store(path))


@pytest.mark.parametrize("name", ["articles.json", "state.json"])
def test_cli_on_a_damaged_file_prints_one_line_and_leaves_it(tmp_path, simple_tagger, name):
    path = tmp_path / "s"
    ids = compacted_store(path, simple_tagger)
    bad = damage(path / name, "truncated")
    bak = (path / f"{name}.bak").read_bytes()
    for args in (["list"], ["mark-read", ids[1]], ["star", ids[0]], ["show", ids[0]], ["export"]):
        proc = subprocess.run(
            [sys.executable, "-m", "tui.cli", "--db", str(path), *args], capture_output=True, text=True, cwd=ROOT, timeout=60
        )
        assert proc.returncode == 1, (args, proc.stdout, proc.stderr)
        assert proc.stdout == ""
        lines = proc.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("newsdesk: ") and name in lines[0], proc.stderr
        assert "doctor --repair" in lines[0]
    assert (path / name).read_bytes() == bad and (path / f"{name}.bak").read_bytes() == bak


def test_newer_schema_body_shard_is_refused_untouched(tmp_path, simple_tagger):
    path = tmp_path / "s"
    s = Store(path, tagger=simple_tagger)
    aid = s.import_articles([("a", art("Alpha"))])[0].id
    s.close()
    shard = path / "bodies" / shard_of(aid)
    data = json.loads(shard.read_text())
    data["_meta"]["1"]["schema"] = 2
    shard.write_text(json.dumps(data))
    before = shard.read_bytes()
    with pytest.raises(StoreError, match="newer newsdesk"):
        Store(path).get(aid)
    assert [(p.kind, p.repairable) for p in check_store(path)] == [("newer-schema", False)]
    repair_store(path)
    assert shard.read_bytes() == before


def test_state_file_missing_next_to_its_backup(tmp_path, simple_tagger):
    path = tmp_path / "s"
    ids = compacted_store(path, simple_tagger)
    (path / "state.json").unlink()
    with pytest.raises(StoreCorruptError, match="state.json .*missing"):
        Store(path)
    assert [p.kind for p in check_store(path)] == ["missing"]
    repair_store(path)
    s = Store(path)
    assert s.state(ids[0]).read and s.state(ids[2]).read


def test_damaged_state_without_backup_says_so(tmp_path, simple_tagger):
    path = tmp_path / "s"
    ids = compacted_store(path, simple_tagger)
    (path / "state.json.bak").unlink()
    bad = damage(path / "state.json", "garbled")
    with pytest.raises(StoreCorruptError, match="no backup exists"):
        Store(path)
    assert "no readable backup" in check_store(path)[0].message
    assert (path / "state.json").read_bytes() == bad
    repair_store(path)
    assert Store(path).state(ids[2]).read  # the journal's change survives


def test_garbage_lines_in_the_journal_are_skipped(tmp_path, simple_tagger):
    path = tmp_path / "s"
    s = Store(path, tagger=simple_tagger)
    ids = [s.import_articles([(t, art(t))])[0].id for t in ("Alpha", "Beta")]
    s.mark_read(ids[:1])
    with open(path / "state.journal", "ab") as fh:
        fh.write(b"\x00\xff not json\n[1,2]\n{\"id\": 5}\n")
    s.star(ids[1:])
    fresh = Store(path)
    assert fresh.state(ids[0]).read and fresh.state(ids[1]).starred
    assert [p.kind for p in check_store(path)] == ["torn-journal"]


FAULTY_CLI = textwrap.dedent(
    """
    import errno, os, sys
    sys.path.insert(0, {root!r})
    real_open, real_write, real_mkdir = os.open, os.write, os.mkdir
    store_dir = {store!r}
    fds = {{}}
    kind = sys.argv[1]

    def fake_open(path, flags, mode=0o777, *, dir_fd=None):
        p = os.path.abspath(os.fspath(path))
        if kind == "erofs" and p.startswith(store_dir) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), p)
        fd = real_open(path, flags, mode, dir_fd=dir_fd)
        fds[fd] = p
        return fd

    def fake_write(fd, data):
        if kind == "enospc" and fds.get(fd, "").startswith(store_dir):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), fds[fd])
        return real_write(fd, data)

    def fake_mkdir(path, mode=0o777, *, dir_fd=None):
        p = os.path.abspath(os.fspath(path))
        if kind == "erofs" and p.startswith(store_dir):
            if os.path.exists(p):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), p)
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), p)
        return real_mkdir(path, mode, dir_fd=dir_fd)

    os.open, os.write, os.mkdir = fake_open, fake_write, fake_mkdir
    from tui.cli import main
    sys.exit(main(sys.argv[2:]))
    """
)


@pytest.mark.parametrize("kind, reason", [("enospc", "disk is full"), ("erofs", "read-only")])
def test_cli_write_failure_is_one_line_and_exit_1(tmp_path, simple_tagger, kind, reason):
    path = tmp_path / "s"
    ids = compacted_store(path, simple_tagger)
    before = snapshot(path)
    script = FAULTY_CLI.format(root=str(ROOT), store=str(path))
    new = tmp_path / "new.txt"
    new.write_text("Snow in Oslo\n\nHeavy snow fell over Oslo on Friday morning.\n")
    for args in (["mark-read", ids[1]], ["star", ids[0]], ["unstar", ids[1]], ["import", str(new)]):
        proc = subprocess.run(
            [sys.executable, "-c", script, kind, "--db", str(path), *args], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 1, (args, proc.stderr)
        lines = proc.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("newsdesk: ") and reason in lines[0], proc.stderr
        assert str(path) in lines[0]
    # Reading still works on a read-only store.
    proc = subprocess.run(
        [sys.executable, "-c", script, kind, "--db", str(path), "list", "--json"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0 and len(json.loads(proc.stdout)) == 3, proc.stderr
    assert snapshot(path) == before
