import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from store.db import Store, normalise_url
from store.models import ParsedArticle, ReadState
from store.storage import StoreCorruptError, StoreError, StoreWriteError

ROOT = Path(__file__).resolve().parents[2]


def art(title, body="A paragraph about Paris and Berlin.", **kw):
    return ParsedArticle(title=title, body=(body,), **kw)


def test_import_then_reopen_keeps_articles_and_bodies(tmp_path, simple_tagger):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    res = s.import_articles([("f1", art("Rain in Paris", "Clouds over Paris today.", url="https://ex.org/a"))])
    assert [r.status for r in res] == ["imported"]
    aid = res[0].id
    assert len(aid) == 12 and all(c in "0123456789abcdef" for c in aid)
    s.close()
    again = Store(tmp_path / "s")
    a = again.get(aid)
    assert a.title == "Rain in Paris"
    assert a.body == ("Clouds over Paris today.",)
    assert [e.id for e in a.entities] == ["clouds", "paris", "rain"]


def test_same_url_or_same_text_is_a_duplicate(tmp_path, simple_tagger):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    first = s.import_articles([("a", art("One", url="https://www.ex.org/story/?utm_source=x"))])[0]
    res = s.import_articles(
        [
            ("b", art("Other title", "Other body", url="http://ex.org/story")),
            ("c", art("one", "A paragraph about  Paris and Berlin!")),
            ("d", art("Two")),
        ]
    )
    assert [r.status for r in res] == ["duplicate", "duplicate", "imported"]
    assert res[0].id == first.id and res[1].id == first.id
    assert len(s) == 2


def test_duplicates_within_one_batch(tmp_path, simple_tagger):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    res = s.import_articles([("a", art("Same")), ("b", art("Same"))])
    assert [r.status for r in res] == ["imported", "duplicate"]


def test_normalise_url_drops_tracking_and_fragments():
    assert normalise_url("HTTP://WWW.Ex.org/a/?utm_medium=rss&id=3#top") == "https://ex.org/a?id=3"
    assert normalise_url(None) is None


def test_mark_read_survives_restart(tmp_path, simple_tagger):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    aid = s.import_articles([("a", art("Hello"))])[0].id
    s.mark_read([aid])
    s.star([aid])
    s.close()
    reopened = Store(tmp_path / "s")
    st = reopened.state(aid)
    assert st.read and st.starred and st.read_at
    reopened.mark_read([aid], read=False)
    assert Store(tmp_path / "s").state(aid) == ReadState(read=False, read_at=None, starred=True)


def test_reading_state_does_not_rewrite_articles_file(tmp_path, simple_tagger):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    aid = s.import_articles([("a", art("Hello"))])[0].id
    before = os.stat(tmp_path / "s" / "articles.json")
    for _ in range(5):
        s.mark_read([aid])
        s.mark_read([aid], read=False)
    after = os.stat(tmp_path / "s" / "articles.json")
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_state_journal_compacts_without_losing_state(tmp_path, simple_tagger, monkeypatch):
    import store.state

    monkeypatch.setattr(store.state, "COMPACT_AFTER_LINES", 5)
    s = Store(tmp_path / "s", tagger=simple_tagger)
    ids = [r.id for r in s.import_articles([(str(i), art(f"Title {i}", f"Body {i}")) for i in range(12)])]
    for i, aid in enumerate(ids):
        s.set_state([aid], read=True, starred=i % 2 == 0)
    assert (tmp_path / "s" / "state.json").exists()
    other = Store(tmp_path / "s")
    assert all(other.state(a).read for a in ids)
    assert [other.state(a).starred for a in ids] == [i % 2 == 0 for i in range(12)]


def test_torn_journal_line_is_ignored(tmp_path, simple_tagger):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    a, b = (r.id for r in s.import_articles([("a", art("A", "x")), ("b", art("B", "y"))]))
    s.mark_read([a])
    with open(tmp_path / "s" / "state.journal", "ab") as fh:
        fh.write(b'{"id": "' + b.encode() + b'", "re')  # a writer died mid-line
    s2 = Store(tmp_path / "s")
    assert s2.state(a).read and not s2.state(b).read
    s2.mark_read([b])
    s3 = Store(tmp_path / "s")
    assert s3.state(a).read and s3.state(b).read


def test_id_prefix_resolution(tmp_path, simple_tagger):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    aid = s.import_articles([("a", art("Hello"))])[0].id
    assert s.resolve(aid[:6]) == aid
    assert s.resolve(aid.upper()) == aid
    with pytest.raises(StoreError, match="too short"):
        s.resolve(aid[:2])
    with pytest.raises(StoreError, match="no article"):
        s.resolve("ffffffffffff" if not aid.startswith("ffff") else "000000000000")


def test_corrupt_articles_file_is_named_and_never_overwritten(tmp_path, simple_tagger):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    s.import_articles([("a", art("First"))])
    s.import_articles([("b", art("Second"))])
    path = tmp_path / "s" / "articles.json"
    garbage = path.read_bytes()[:40]
    path.write_bytes(garbage)
    with pytest.raises(StoreCorruptError) as err:
        Store(tmp_path / "s")
    msg = str(err.value)
    assert str(path) in msg and "articles.json.bak" in msg
    assert path.read_bytes() == garbage
    backup = json.loads((tmp_path / "s" / "articles.json.bak").read_text())
    assert [d["title"] for d in backup["articles"].values()] == ["First"]


def test_newer_schema_is_refused(tmp_path, simple_tagger):
    Store(tmp_path / "s", tagger=simple_tagger).import_articles([("a", art("First"))])
    path = tmp_path / "s" / "articles.json"
    data = json.loads(path.read_text())
    data["_meta"]["1"]["schema"] = 99
    path.write_text(json.dumps(data))
    with pytest.raises(StoreError, match="newer newsdesk"):
        Store(tmp_path / "s")


def test_store_path_that_is_a_file(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        Store(f)


def test_failed_write_keeps_previous_data(tmp_path, simple_tagger, monkeypatch):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    s.import_articles([("a", art("Kept"))])

    def no_space(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("store.storage.os.replace", no_space)
    with pytest.raises(StoreWriteError, match="disk is full"):
        s.import_articles([("b", art("Lost"))])
    monkeypatch.undo()
    fresh = Store(tmp_path / "s")
    assert [x.title for x in fresh.summaries()] == ["Kept"]
    assert not [p for p in (tmp_path / "s").iterdir() if p.name.endswith(".tmp")]


CRASH_BETWEEN_WRITE_AND_REPLACE = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, {root!r})
    import store.storage
    from store.db import Store
    from store.models import ParsedArticle
    sys.path.insert(0, {tests!r})
    from conftest import CapitalisedWordTagger
    s = Store({path!r}, tagger=CapitalisedWordTagger())
    def crash(src, dst):
        if str(dst).endswith("articles.json"):
            os._exit(9)  # the process dies with the new data fsynced in a temp file, not yet renamed
        return os.rename(src, dst)
    store.storage.os.replace = crash
    s.import_articles([("x", ParsedArticle("Never committed", ("body",)))])
    """
)


def test_crash_between_temp_write_and_replace_leaves_last_good_file(tmp_path, simple_tagger):
    path = tmp_path / "s"
    Store(path, tagger=simple_tagger).import_articles([("a", art("Committed"))])
    script = CRASH_BETWEEN_WRITE_AND_REPLACE.format(root=str(ROOT), tests=str(ROOT / "tests"), path=str(path))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    after = Store(path, tagger=simple_tagger)
    assert [x.title for x in after.summaries()] == ["Committed"]
    after.import_articles([("b", art("Later"))])
    assert sorted(x.title for x in Store(path).summaries()) == ["Committed", "Later"]


WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})
    from store.db import Store
    from store.models import ParsedArticle
    from conftest import CapitalisedWordTagger
    who = sys.argv[1]
    s = Store({path!r}, tagger=CapitalisedWordTagger())
    for i in range(25):
        r = s.import_articles([(who, ParsedArticle(f"{{who}} article {{i}}", (f"{{who}} body {{i}}",)))])
        s.mark_read([r[0].id])
    """
)


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "s"
    script = WRITER.format(root=str(ROOT), tests=str(ROOT / "tests"), path=str(path))
    procs = [subprocess.Popen([sys.executable, "-c", script, who]) for who in ("alpha", "beta")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    s = Store(path)
    titles = {x.title for x in s.summaries()}
    assert titles == {f"{w} article {i}" for w in ("alpha", "beta") for i in range(25)}
    assert all(s.state(x.id).read for x in s.summaries())


def test_store_package_never_imports_the_ui():
    code = (
        "import sys, importlib, pkgutil, store\n"
        "for m in pkgutil.walk_packages(store.__path__, 'store.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'tui'))\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
