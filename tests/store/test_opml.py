"""OPML subscription lists: feeds, folders, lenient recovery, export and subscription."""

from __future__ import annotations

import json
from pathlib import Path

from tests.paths import SHARED

import pytest

from store.db import Store
from store.feeds import add_feed, export_opml, list_feeds, subscribe_opml
from store.ingest.opml import OpmlFeed, looks_like_opml, parse_opml, write_opml
from store.textutil import IngestError

DATA = SHARED / "data/opml"
MANIFEST = json.loads((DATA / "manifest.json").read_text(encoding="utf-8")) if (DATA / "manifest.json").exists() else []
needs_data = pytest.mark.skipif(not MANIFEST, reason="shared OPML corpus not available")


def _parse(name: str):
    return parse_opml((DATA / name).read_bytes(), name=name)


@needs_data
@pytest.mark.parametrize("entry", MANIFEST or [None], ids=lambda e: e["file"] if e else "none")
def test_every_recoverable_feed_is_found(entry):
    result = _parse(entry["file"])
    expected = entry.get("feeds_with_xmlUrl", entry["xmlUrl_attributes"])
    assert len(result.feeds) == expected == entry["xmlUrl_attributes"]
    assert len({f.url for f in result.feeds}) == len(result.feeds)
    assert all(f.url.startswith(("http://", "https://")) for f in result.feeds)
    assert (result.recovered is None) == entry["wellformed_xml"]


@needs_data
def test_nested_folders_become_paths():
    feeds = {f.title: f.folder for f in _parse("newsboat_three_levels.opml").feeds}
    assert feeds["example.com website"] is None
    assert feeds["John's musings"] == "Blogs"  # the folder's text, not its title
    assert feeds["Notes by Mike"] == "Blogs/friends"
    assert feeds["Fred on everything"] == "eloquent"
    bloglines = _parse("bloglines_nested_folders.opml").feeds
    assert {f.folder for f in bloglines} == {"Subscriptions", "Subscriptions/nerdy"}


@needs_data
def test_bare_ampersands_are_recovered_with_their_folder_and_entities_decoded():
    result = _parse("plenary_france.opml")
    assert result.recovered and result.recovered.startswith("line 17")
    assert {f.folder for f in result.feeds} == {"France"}
    by_url = {f.url: f for f in result.feeds}
    # "&lang" must stay as written, not become an HTML entity.
    assert "https://www.diplomatie.gouv.fr/spip.php?page=backend-fd&lang=en" in by_url
    assert by_url["https://www.sudouest.fr/essentiel/rss.xml"].title == "L'essentiel"
    hk = _parse("plenary_hong_kong.opml")
    assert len(hk.feeds) == 5 and {f.folder for f in hk.feeds} == {"Hong Kong SAR China"}


@needs_data
def test_truncated_attributes_keep_every_readable_feed_and_name_the_rest():
    result = _parse("malformed_truncated_attributes.opml")
    assert len(result.feeds) == 15
    assert "http://feeds.feedburner.com/designwoop" in {f.url for f in result.feeds}
    assert result.skipped == ("line 10: outline 'DailyJS' is cut off before its feed address; skipped",)
    assert looks_like_opml((DATA / "malformed_truncated_attributes.opml").read_bytes())


def test_empty_and_feedless_lists_are_errors():
    with pytest.raises(IngestError, match="x.opml: the file is empty"):
        parse_opml(b"", name="x.opml")
    with pytest.raises(IngestError, match="no feeds found"):
        parse_opml(b'<opml version="2.0"><body><outline text="empty folder"/></body></opml>', name="x.opml")
    with pytest.raises(IngestError, match="not an OPML file"):
        parse_opml(b"<html><body>hi</body></html>", name="x.opml")


def test_non_web_addresses_are_skipped_with_a_reason():
    data = (
        b'<opml version="2.0"><body>'
        b'<outline text="ok" xmlUrl="https://example.org/rss"/>'
        b'<outline text="local" xmlUrl="file:///etc/passwd"/>'
        b'<outline text="again" xmlUrl="https://example.org/rss"/>'
        b"</body></opml>"
    )
    result = parse_opml(data, name="x.opml")
    assert [f.url for f in result.feeds] == ["https://example.org/rss"]
    assert len(result.skipped) == 2
    assert "not http(s)" in result.skipped[0] and "listed twice" in result.skipped[1]


def test_entity_declarations_are_never_expanded():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        b'<opml version="2.0"><body><outline text="&b;" xmlUrl="https://example.org/rss"/></body></opml>'
    )
    result = parse_opml(data, name="x.opml")
    assert [f.url for f in result.feeds] == ["https://example.org/rss"]
    assert "entities" in result.recovered
    assert "aaaa" not in (result.feeds[0].title or "")


def test_written_opml_reads_back_the_same():
    feeds = [
        OpmlFeed("https://a.example/rss", "A & B <news>", "World/Europe"),
        OpmlFeed("https://b.example/feed?x=1&y=2", "B", None),
        OpmlFeed("https://c.example/atom", None, "World"),
    ]
    again = parse_opml(write_opml(feeds).encode("utf-8"), name="export.opml")
    assert again.recovered is None
    assert {(f.url, f.folder) for f in again.feeds} == {(f.url, f.folder) for f in feeds}
    assert {f.title for f in again.feeds} == {"A & B <news>", "B", "https://c.example/atom"}


@needs_data
def test_subscribing_to_an_opml_list_then_exporting_round_trips(tmp_path, simple_tagger):
    store = Store(tmp_path / "store", tagger=simple_tagger)
    add_feed(store, "https://blogs.example.com/~john/posts.rss")
    done = subscribe_opml(store, (DATA / "newsboat_three_levels.opml").read_bytes(), name="n.opml")
    assert len(done.added) == 6 and done.existing == ("https://blogs.example.com/~john/posts.rss",)
    subs = {s.url: s for s in list_feeds(store)}
    assert len(subs) == 7
    assert subs["https://blogs.example.com/~mike/.rss"].folder == "Blogs/friends"
    assert subs["https://blogs.example.com/~mike/.rss"].title == "Notes by Mike"
    # Subscribing again adds nothing.
    again = subscribe_opml(store, (DATA / "newsboat_three_levels.opml").read_bytes(), name="n.opml")
    assert again.added == () and len(again.existing) == 7
    exported = parse_opml(export_opml(store).encode("utf-8"), name="export.opml")
    assert {(f.url, f.folder) for f in exported.feeds} == {(s.url, s.folder) for s in subs.values()}
