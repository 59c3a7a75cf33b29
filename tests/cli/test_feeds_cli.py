"""The feed commands: add-feed, feeds, remove-feed, refresh and export --opml."""

from __future__ import annotations

import json

import pytest

from store.ingest.opml import parse_opml
from tests.store.test_refresh import STORIES, rss, server  # noqa: F401 (server is a fixture)
from tui.cli import main


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "store")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_add_list_and_remove_a_feed(capsys, db):
    code, out, err = run(capsys, "add-feed", "https://example.org/rss", "--folder", "World/Europe", "--db", db)
    assert code == 0 and out == ""
    assert "subscribed to https://example.org/rss in folder World/Europe" in err
    code, out, _ = run(capsys, "feeds", "--json", "--db", db)
    (feed,) = json_lines(out)
    assert feed == {
        "url": "https://example.org/rss",
        "title": None,
        "folder": "World/Europe",
        "full_text": False,
        "last_success": None,
        "last_error": None,
        "last_error_at": None,
        "articles": 0,
    }
    code, out, _ = run(capsys, "feeds", "--db", db)
    assert code == 0 and "https://example.org/rss" in out and "World/Europe" in out
    code, _, err = run(capsys, "remove-feed", "https://example.org/rss", "--db", db)
    assert code == 0 and "unsubscribed from https://example.org/rss" in err
    code, out, _ = run(capsys, "feeds", "--json", "--db", db)
    assert out == ""


def test_mistakes_are_one_line_errors_with_exit_status_1(capsys, db):
    code, _, err = run(capsys, "add-feed", "not a url", "--db", db)
    assert code == 1 and err.count("\n") == 1 and "must start with http:// or https://" in err
    run(capsys, "add-feed", "https://example.org/rss", "--db", db)
    code, _, err = run(capsys, "add-feed", "https://example.org/rss", "--db", db)
    assert code == 1 and err == "newsdesk: already subscribed to https://example.org/rss\n"
    code, _, err = run(capsys, "remove-feed", "https://example.org/other", "--db", db)
    assert code == 1 and "not subscribed to https://example.org/other" in err and "Traceback" not in err


def test_refresh_prints_json_lines_per_feed_and_fails_when_one_feed_does(capsys, db, server):
    server.set("/good.xml", rss("Local News", STORIES))
    server.set("/gone.xml", b"gone", status=404)
    run(capsys, "add-feed", server.url("/good.xml"), "--db", db)
    run(capsys, "add-feed", server.url("/gone.xml"), "--db", db)
    code, out, err = run(capsys, "refresh", "--json", "--db", db)
    assert code == 1 and err == ""
    records = {r["url"]: r for r in json_lines(out)}
    assert records[server.url("/good.xml")] == {
        "url": server.url("/good.xml"),
        "status": "ok",
        "new": 3,
        "duplicate": 0,
        "error": None,
    }
    gone = records[server.url("/gone.xml")]
    assert gone["status"] == "error"
    assert gone["error"] == f"cannot refresh {server.url('/gone.xml')}: HTTP 404 Not Found (never fetched successfully)"
    # Without --json the failure is one line on stderr and a summary follows.
    code, out, err = run(capsys, "refresh", "--db", db)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert f"newsdesk: cannot refresh {server.url('/gone.xml')}: HTTP 404 Not Found (never fetched successfully)" in lines
    assert lines[-1] == "2 feeds: 0 new articles, 3 duplicate, 0 unchanged, 1 failed"
    code, out, _ = run(capsys, "feeds", "--json", "--db", db)
    counts = {r["url"]: r["articles"] for r in json_lines(out)}
    assert counts == {server.url("/good.xml"): 3, server.url("/gone.xml"): 0}


def test_refresh_of_named_feeds_only(capsys, db, server):
    server.set("/a.xml", rss("A", STORIES[:1]))
    server.set("/b.xml", rss("B", STORIES[1:2]))
    run(capsys, "add-feed", server.url("/a.xml"), "--db", db)
    run(capsys, "add-feed", server.url("/b.xml"), "--db", db)
    code, out, _ = run(capsys, "refresh", server.url("/b.xml"), "--json", "--db", db)
    assert code == 0 and [r["url"] for r in json_lines(out)] == [server.url("/b.xml")]
    assert server.hits("/a.xml") == []


def test_remove_feed_with_purge_deletes_its_unread_articles(capsys, db, server):
    server.set("/feed.xml", rss("Local News", STORIES))
    run(capsys, "add-feed", server.url("/feed.xml"), "--db", db)
    run(capsys, "refresh", "--db", db)
    code, out, _ = run(capsys, "remove-feed", server.url("/feed.xml"), "--purge", "--json", "--db", db)
    assert code == 0 and json_lines(out) == [{"url": server.url("/feed.xml"), "kept": 0, "purged": 3}]


def test_export_opml_lists_the_subscriptions(capsys, db, tmp_path):
    run(capsys, "add-feed", "https://a.example/rss", "--folder", "News", "--db", db)
    run(capsys, "add-feed", "https://b.example/atom", "--db", db)
    target = tmp_path / "subs.opml"
    code, _, _ = run(capsys, "export", "--opml", "-o", str(target), "--db", db)
    assert code == 0
    feeds = parse_opml(target.read_bytes(), name=str(target)).feeds
    assert {(f.url, f.folder) for f in feeds} == {("https://a.example/rss", "News"), ("https://b.example/atom", None)}


def test_refresh_with_no_feeds_says_how_to_add_one(capsys, db):
    code, out, err = run(capsys, "refresh", "--db", db)
    assert code == 0 and out == "" and "add-feed" in err
