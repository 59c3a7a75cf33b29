"""check_store / repair_store and the `newsdesk doctor` command on damaged stores."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from store.db import Store
from store.doctor import check_store, repair_store
from store.models import ParsedArticle
from store.storage import StoreCorruptError, StoreError

ROOT = Path(__file__).resolve().parents[2]


def art(title, body=None):
    return ParsedArticle(title=title, body=(body or f"Text of {title} about Paris.",))


def build(path, tagger, titles):
    """A store with one import per title (so every file has a backup), all read, the first starred."""
    s = Store(path, tagger=tagger)
    ids = []
    for t in titles:
        aid = s.import_articles([(t, art(t))])[0].id
        s.mark_read([aid])
        ids.append(aid)
    s.star(ids[:1])
    s.close()
    return ids


def kinds(problems):
    return sorted({p.kind for p in problems})


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def cli(*args):
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_healthy_store_has_no_problems(tmp_path, simple_tagger):
    build(tmp_path / "s", simple_tagger, ["Alpha", "Beta"])
    assert check_store(tmp_path / "s") == []
    proc = cli("--db", str(tmp_path / "s"), "doctor")
    assert proc.returncode == 0 and "healthy" in proc.stdout and proc.stderr == ""


def test_missing_store_and_file_path_are_problems(tmp_path):
    assert kinds(check_store(tmp_path / "nothing")) == ["no-store"]
    (tmp_path / "f").write_text("x")
    assert kinds(check_store(tmp_path / "f")) == ["not-a-store"]
    proc = cli("--db", str(tmp_path / "f"), "doctor", "--repair")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout


def test_garbled_articles_file_restored_from_backup_plus_readable_rows(tmp_path, simple_tagger):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, ["Alpha", "Beta", "Gamma"])
    target = path / "articles.json"
    raw = target.read_bytes()
    # Wreck the first row: the backup (taken before Gamma) still has it, and Gamma is readable only here.
    start = raw.index(b'{"id"')
    damaged = raw[: start + 5] + b"\x00\xff garbage" + raw[start + 40 :]
    target.write_bytes(damaged)
    with pytest.raises(StoreCorruptError, match="articles.json"):
        Store(path)
    assert target.read_bytes() == damaged

    problems = check_store(path)
    assert [(p.file, p.kind) for p in problems if p.severity == "error"] == [("articles.json", "unreadable")]
    assert "backup articles.json.bak is readable" in problems[0].message

    actions = repair_store(path)
    assert any("moved it aside" in a and "recovered 1 more" in a for a in actions), actions
    aside = [p for p in path.iterdir() if p.name.startswith("articles.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    s = Store(path)
    assert sorted(x.id for x in s.summaries()) == sorted(ids)
    assert s.get(ids[2]).body == ("Text of Gamma about Paris.",)
    assert all(s.state(a).read for a in ids) and s.state(ids[0]).starred
    assert check_store(path) == []
    assert repair_store(path) == []


def test_truncated_articles_file_without_backup_is_rebuilt_from_readable_rows(tmp_path, simple_tagger):
    path = tmp_path / "s"
    s = Store(path, tagger=simple_tagger)
    res = s.import_articles([(t, art(t)) for t in ("Alpha", "Beta", "Gamma")])
    s.close()
    target = path / "articles.json"
    raw = target.read_bytes()
    target.write_bytes(raw[: raw.rindex(b'{"id"') + 20])  # the last row is cut in half
    assert not (path / "articles.json.bak").exists()
    problems = check_store(path)
    assert "no readable backup" in problems[0].message
    actions = repair_store(path)
    assert any("rebuilt it from the 2 articles" in a for a in actions), actions
    kept = {x.id for x in Store(path).summaries()}
    assert len(kept) == 2 and kept < {r.id for r in res}
    # The cut article's body is kept through the first repair, and dropped by a second one.
    assert any("could not be recovered" in a for a in actions), actions
    assert kinds(check_store(path)) == ["orphan-body"]
    assert any("without an article" in a for a in repair_store(path))
    assert check_store(path) == []


def test_state_file_garbled_without_backup_rebuilt_from_rows_and_journal(tmp_path, simple_tagger, monkeypatch):
    import store.state

    monkeypatch.setattr(store.state, "COMPACT_AFTER_LINES", 3)
    path = tmp_path / "s"
    s = Store(path, tagger=simple_tagger)
    ids = [r.id for r in s.import_articles([(t, art(t)) for t in ("Alpha", "Beta", "Gamma", "Delta")])]
    s.mark_read(ids[:3])  # three journal lines: compacted into state.json
    s.star(ids[3:])  # one line left in the journal
    s.close()
    state = path / "state.json"
    assert state.exists() and not (path / "state.json.bak").exists()
    raw = state.read_bytes()
    damaged = raw.replace(b'"state":{', b'"state":[', 1)
    state.write_bytes(damaged)
    with pytest.raises(StoreCorruptError, match="state.json"):
        Store(path)
    assert state.read_bytes() == damaged
    assert [p.kind for p in check_store(path)] == ["unreadable"]
    repair_store(path)
    assert any(p.name.startswith("state.json.corrupt-") for p in path.iterdir())
    s = Store(path)
    assert [s.state(a).read for a in ids] == [True, True, True, False]
    assert s.state(ids[3]).starred
    assert check_store(path) == []


def test_body_shard_truncated_restored_from_backup_or_kept_empty(tmp_path, simple_tagger):
    path = tmp_path / "s"
    s = Store(path, tagger=simple_tagger)
    ids = []
    n = 0
    # Two articles in one shard, imported one after the other, so the shard has a backup.
    while len(ids) < 2:
        n += 1
        aid = s.import_articles([(str(n), art(f"Story {n}"))])[0].id
        if ids and aid[:2] != ids[0][:2]:
            s.remove_articles([aid])
            continue
        ids.append(aid)
    s.close()
    shard = path / "bodies" / f"{ids[0][:2]}.json"
    shard.write_bytes(shard.read_bytes()[:30])
    opened = Store(path)
    assert len(opened) == 2
    with pytest.raises(StoreCorruptError, match=shard.name):
        opened.get(ids[0])
    problems = check_store(path)
    assert [(p.file, p.kind) for p in problems] == [(f"bodies/{shard.name}", "unreadable")]
    actions = repair_store(path)
    assert any("restored 1 body from" in a for a in actions), actions
    assert any("kept the articles with empty bodies" in a for a in actions), actions
    s = Store(path)
    assert s.get(ids[0]).body == (s.get(ids[0]).body[0],) and "Story" in s.get(ids[0]).body[0]
    assert s.get(ids[1]).body == ()
    assert s.get(ids[1]).title.startswith("Story")
    assert check_store(path) == []


def test_missing_shard_names_the_file_and_repair_keeps_the_article(tmp_path, simple_tagger):
    path = tmp_path / "s"
    (aid,) = build(path, simple_tagger, ["Alpha"])
    shard = path / "bodies" / f"{aid[:2]}.json"
    shard.unlink()
    with pytest.raises(StoreError, match=f"{shard.name} does not exist"):
        Store(path).get(aid)
    proc = cli("--db", str(path), "show", aid)
    assert proc.returncode == 1 and shard.name in proc.stderr and "Traceback" not in proc.stderr
    assert kinds(check_store(path)) == ["missing-body"]
    repair_store(path)
    s = Store(path)
    assert s.get(aid).title == "Alpha" and s.get(aid).body == ()
    assert s.state(aid).read


def test_missing_articles_file_with_backup_is_refused_then_restored(tmp_path, simple_tagger):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, ["Alpha", "Beta"])
    (path / "articles.json").unlink()
    with pytest.raises(StoreCorruptError, match="articles.json .*missing"):
        Store(path)
    proc = cli("--db", str(path), "list")
    assert proc.returncode == 1 and "articles.json" in proc.stderr and "doctor --repair" in proc.stderr
    assert kinds(check_store(path)) == ["missing"]
    proc = cli("--db", str(path), "doctor", "--repair")
    assert "restored articles.json from articles.json.bak (1 article)" in proc.stdout
    # The backup was taken before Beta: Alpha is back; Beta's body and state stay until asked.
    assert proc.returncode == 1 and "bodies/" in proc.stdout
    assert [x.id for x in Store(path).summaries()] == ids[:1]
    proc = cli("--db", str(path), "doctor", "--repair")
    assert proc.returncode == 0 and "healthy now" in proc.stdout, proc.stdout + proc.stderr


def test_newer_schema_state_file_is_left_alone(tmp_path, simple_tagger):
    path = tmp_path / "s"
    build(path, simple_tagger, ["Alpha"])
    s = Store(path)
    s._state.compact()
    s.close()
    state = path / "state.json"
    data = json.loads(state.read_text())
    data["_meta"]["1"]["schema"] = 7
    state.write_text(json.dumps(data))
    before = state.read_bytes()
    with pytest.raises(StoreError, match="newer newsdesk"):
        Store(path)
    problems = check_store(path)
    assert [(p.kind, p.repairable) for p in problems] == [("newer-schema", False)]
    proc = cli("--db", str(path), "doctor", "--repair", "--json")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["healthy"] is False and report["problems"][0]["kind"] == "newer-schema"
    assert any("left state.json alone" in a for a in report["actions"])
    assert state.read_bytes() == before


def test_records_of_the_wrong_shape_are_refused_then_dropped(tmp_path, simple_tagger):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, ["Alpha", "Beta"])
    target = path / "articles.json"
    data = json.loads(target.read_text())
    rows = data["articles"]
    key = next(k for k, v in rows.items() if v["id"] == ids[1])
    rows[key]["entities"] = "not a list of entities"
    rows["99"] = ["a", "list"]
    target.write_text(json.dumps(data))
    with pytest.raises(StoreCorruptError, match="articles.json"):
        Store(path)
    assert kinds(check_store(path)) == ["bad-rows"]
    actions = repair_store(path)
    assert any("kept 1 of them without their unreadable fields" in a and "dropped 1" in a for a in actions), actions
    s = Store(path)
    assert sorted(x.id for x in s.summaries()) == sorted(ids)
    assert s.get(ids[1]).entities == () and s.get(ids[1]).title == "Beta"
    assert s.get(ids[0]).entities and s.state(ids[1]).read
    assert check_store(path) == []


def test_leftovers_are_warnings_and_repair_tidies_them(tmp_path, simple_tagger):
    path = tmp_path / "s"
    ids = build(path, simple_tagger, ["Alpha", "Beta"])
    s = Store(path, tagger=simple_tagger)
    # An orphan body (as an import killed between its two writes leaves), state of an unknown id,
    # a torn journal line and a temp file of a dead writer.
    s._store_bodies({"ab": [("ab0000000000", {"id": "ab0000000000", "body": ["x"], "captions": []})]})
    with open(path / "state.journal", "ab") as fh:
        fh.write(b'{"id":"ffff00000000","read":true,"read_at":null,"starred":false}\n{"id":"' + ids[1].encode())
    (path / ".articles.json.999999999.1.tmp").write_bytes(b"{half")
    s.close()
    problems = check_store(path)
    assert kinds(problems) == ["orphan-body", "temp-file", "torn-journal", "unknown-state"]
    assert all(p.severity == "warning" for p in problems)
    proc = cli("--db", str(path), "doctor")
    assert proc.returncode == 1 and "doctor --repair" in proc.stderr
    for needle in ("bodies/ab.json", "state.journal", ".articles.json.999999999.1.tmp"):
        assert needle in proc.stdout
    actions = repair_store(path)
    assert len(actions) == 4, actions
    assert check_store(path) == []
    s = Store(path)
    assert [s.state(a).read for a in ids] == [True, True] and s.state(ids[0]).starred
    assert not (path / ".articles.json.999999999.1.tmp").exists()


def test_repair_never_deletes_a_damaged_file(tmp_path, simple_tagger):
    path = tmp_path / "s"
    build(path, simple_tagger, ["Alpha", "Beta", "Gamma"])
    for name in ("articles.json", "state.json", "articles.json.bak"):
        p = path / name
        if p.exists():
            p.write_bytes(b"\x00garbage" + p.read_bytes()[:10])
    before = snapshot(path)
    actions = repair_store(path)
    after = snapshot(path)
    kept = set(after.values())
    for name in ("articles.json", "articles.json.bak"):
        assert before[name] in kept, f"{name} vanished"
    # Nothing could be saved from the article list: the bodies and reading state, all that is
    # left of those articles, are kept until a second repair is asked for.
    assert after["state.journal"] == before["state.journal"]
    assert any("could not be recovered" in a for a in actions), actions
    assert len(Store(path)) == 0
    assert kinds(check_store(path)) == ["orphan-body", "unknown-state"]
    repair_store(path)
    assert check_store(path) == []


def test_damaged_feeds_file_is_named_and_restored(tmp_path, simple_tagger):
    feeds = pytest.importorskip("store.feeds")
    path = tmp_path / "s"
    s = Store(path, tagger=simple_tagger)
    feeds.add_feed(s, "https://a.example/feed.xml")
    feeds.add_feed(s, "https://b.example/rss")
    s.close()
    target = path / "feeds.json"
    damaged = target.read_bytes()[:25]
    target.write_bytes(damaged)
    proc = cli("--db", str(path), "feeds")
    assert proc.returncode == 1 and "feeds.json" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert target.read_bytes() == damaged
    assert [(p.file, p.kind) for p in check_store(path)] == [("feeds.json", "unreadable")]
    repair_store(path)
    # The backup was taken before the second subscription.
    assert [f.url for f in feeds.list_feeds(Store(path))] == ["https://a.example/feed.xml"]
    assert check_store(path) == []
