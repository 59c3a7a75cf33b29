"""Refreshing feeds from a local HTTP server: conditional requests, limits, failures and de-duplication."""

from __future__ import annotations

import gzip
import threading
import time
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

import pytest

from store.db import Store
from store.feeds import FeedError, add_feed, list_feeds, refresh, remove_feed

from .test_html_import import ARTICLE_PAGE


class FeedServer:
    """A tiny web server on 127.0.0.1: each path answers with a fixed response or a function of the request."""

    def __init__(self) -> None:
        self.routes: dict[str, object] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.requests.append((self.path, headers))
                route = server.routes.get(self.path)
                if route is None:
                    status, extra, body = 404, {}, b"not found"
                elif callable(route):
                    status, extra, body = route(headers)
                else:
                    status, extra, body = route
                self.send_response(status)
                for key, value in extra.items():
                    self.send_header(key, value)
                if "Content-Length" not in extra and not extra.get("X-No-Length"):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def set(self, path: str, body: bytes = b"", status: int = 200, headers: dict | None = None) -> None:
        self.routes[path] = (status, {"Content-Type": "application/rss+xml", **(headers or {})}, body)

    def hits(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.requests if p == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = FeedServer()
    yield s
    s.close()


@pytest.fixture
def store(tmp_path, simple_tagger):
    s = Store(tmp_path / "store", tagger=simple_tagger)
    yield s
    s.close()


def rss(title: str, items: list[tuple[str, str, str]], *, site: str = "https://news.example/") -> bytes:
    """An RSS 2.0 document; items are (title, link, description)."""
    parts = [f"<rss version='2.0'><channel><title>{escape(title)}</title><link>{site}</link><language>en</language>"]
    for item_title, link, description in items:
        parts.append(
            f"<item><title>{escape(item_title)}</title><link>{escape(link)}</link>"
            f"<description>{escape(description)}</description>"
            "<pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


STORIES = [
    ("Harbour bridge reopens", "https://news.example/bridge", "The bridge reopened after repairs."),
    ("Council approves budget", "https://news.example/budget", "The council approved next year's budget."),
    ("Library extends hours", "https://news.example/library", "The library will open later on weekdays."),
]


def titles(store: Store) -> set[str]:
    return {s.title for s in store.summaries()}


def test_unchanged_feed_costs_one_304_thanks_to_its_etag(server, store):
    body = rss("Local News", STORIES[:2])

    def with_etag(headers):
        if headers.get("if-none-match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"ETag": '"v1"', "Content-Type": "application/rss+xml"}, body

    server.routes["/feed.xml"] = with_etag
    add_feed(store, server.url("/feed.xml"))
    first = refresh(store)
    assert [(f.status, f.new) for f in first.feeds] == [("ok", 2)]
    assert "if-none-match" not in server.hits("/feed.xml")[0]
    second = refresh(store)
    assert [(f.status, f.new, f.duplicate) for f in second.feeds] == [("not-modified", 0, 0)]
    assert server.hits("/feed.xml")[1]["if-none-match"] == '"v1"'
    assert len(server.hits("/feed.xml")) == 2
    assert len(store) == 2
    assert list_feeds(store)[0].etag == '"v1"'


def test_last_modified_is_sent_back_as_if_modified_since(server, store):
    stamp = format_datetime(datetime(2024, 3, 5, 8, 0, tzinfo=timezone.utc), usegmt=True)
    body = rss("Local News", STORIES[:1])

    def with_date(headers):
        if headers.get("if-modified-since") == stamp:
            return 304, {}, b""
        return 200, {"Last-Modified": stamp, "Content-Type": "application/rss+xml"}, body

    server.routes["/feed.xml"] = with_date
    add_feed(store, server.url("/feed.xml"))
    assert refresh(store).feeds[0].status == "ok"
    assert refresh(store).feeds[0].status == "not-modified"
    assert server.hits("/feed.xml")[1]["if-modified-since"] == stamp


def test_redirects_are_followed_and_articles_keep_the_subscribed_address(server, store):
    server.set("/old.xml", status=301, headers={"Location": "/new/feed.xml"})
    server.set("/new/feed.xml", rss("Moved", [("Relative link story", "story.html", "Text of the story.")]))
    add_feed(store, server.url("/old.xml"))
    report = refresh(store)
    assert report.feeds[0].status == "ok"
    (summary,) = store.summaries()
    assert summary.feed_url == server.url("/old.xml")
    assert summary.url == server.url("/new/story.html")  # relative links resolve against where the feed really is
    assert list_feeds(store)[0].article_count == 1


def test_redirect_to_a_non_web_scheme_is_refused(server, store):
    server.set("/feed.xml", status=302, headers={"Location": "file:///etc/passwd"})
    add_feed(store, server.url("/feed.xml"))
    (result,) = refresh(store).feeds
    assert result.status == "error"
    assert result.error == (
        f"cannot refresh {server.url('/feed.xml')}: redirected to a non-web address (file:///etc/passwd); "
        "refused (never fetched successfully)"
    )


def test_endless_redirects_stop_after_five(server, store):
    for i in range(10):
        server.set(f"/r{i}", status=302, headers={"Location": f"/r{i + 1}"})
    add_feed(store, server.url("/r0"))
    (result,) = refresh(store).feeds
    assert "too many redirects (more than 5)" in result.error
    assert len(server.requests) == 6


def test_http_errors_are_one_line_each_and_do_not_stop_other_feeds(server, store):
    server.set("/good.xml", rss("Good", STORIES[:2]))
    server.set("/gone.xml", b"gone", status=404)
    server.set("/broken.xml", b"oops", status=500)
    for path in ("/good.xml", "/gone.xml", "/broken.xml"):
        add_feed(store, server.url(path))
    seen = []
    report = refresh(store, concurrency=2, progress=seen.append)
    assert len(seen) == 3
    by_url = {f.url: f for f in report.feeds}
    assert by_url[server.url("/good.xml")].new == 2
    assert by_url[server.url("/gone.xml")].error == (
        f"cannot refresh {server.url('/gone.xml')}: HTTP 404 Not Found (never fetched successfully)"
    )
    assert by_url[server.url("/broken.xml")].error.startswith(f"cannot refresh {server.url('/broken.xml')}: HTTP 500")
    assert len(report.failed) == 2 and all("\n" not in e for e in report.errors)
    assert len(store) == 2


def test_a_feed_that_later_fails_or_shrinks_keeps_its_articles(server, store):
    url = server.url("/feed.xml")
    server.set("/feed.xml", rss("Local News", STORIES))
    add_feed(store, url)
    assert refresh(store).new == 3
    server.set("/feed.xml", rss("Local News", STORIES[2:]))
    shrunk = refresh(store)
    assert (shrunk.new, shrunk.duplicate) == (0, 1)
    assert titles(store) == {s[0] for s in STORIES}
    server.set("/feed.xml", b"down for maintenance", status=503)
    (failed,) = refresh(store).feeds
    assert failed.error == f"cannot refresh {url}: HTTP 503 Service Unavailable (last good fetch just now)"
    assert titles(store) == {s[0] for s in STORIES}
    (sub,) = list_feeds(store)
    assert sub.last_error == "HTTP 503 Service Unavailable"
    assert sub.last_success and sub.last_error_at and sub.article_count == 3


def test_a_feed_that_changes_brings_only_its_new_entries(server, store):
    server.set("/feed.xml", rss("Local News", STORIES[:2]))
    add_feed(store, server.url("/feed.xml"))
    refresh(store)
    server.set("/feed.xml", rss("Local News", STORIES))
    (result,) = refresh(store).feeds
    assert (result.new, result.duplicate) == (1, 2)
    assert len(store) == 3


def test_slow_server_hits_the_timeout(server, store):
    def slow(headers):
        time.sleep(2)
        return 200, {}, rss("Slow", STORIES[:1])

    server.routes["/slow.xml"] = slow
    server.set("/fast.xml", rss("Fast", STORIES[1:2]))
    add_feed(store, server.url("/slow.xml"))
    add_feed(store, server.url("/fast.xml"))
    report = refresh(store, timeout=0.3)
    by_url = {f.url: f for f in report.feeds}
    assert by_url[server.url("/slow.xml")].error == (
        f"cannot refresh {server.url('/slow.xml')}: timed out after 0.3 s (never fetched successfully)"
    )
    assert by_url[server.url("/fast.xml")].new == 1


def test_an_html_page_where_a_feed_was_expected_is_an_error_that_points_to_the_feed(server, store):
    page = (
        b"<!DOCTYPE html><html><head><title>News</title>"
        b'<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'
        b"<body><p>Welcome</p></body></html>"
    )
    server.set("/", page, headers={"Content-Type": "text/html; charset=utf-8"})
    add_feed(store, server.url("/"))
    (result,) = refresh(store).feeds
    assert result.error == (
        f"cannot refresh {server.url('/')}: not a feed (looks like an HTML page); the page points to the feed "
        f"{server.url('/feed.xml')}: subscribe to that (never fetched successfully)"
    )


def test_gzip_responses_are_decompressed(server, store):
    server.set("/feed.xml", gzip.compress(rss("Zipped", STORIES)), headers={"Content-Encoding": "gzip"})
    add_feed(store, server.url("/feed.xml"))
    assert refresh(store).new == 3
    assert "gzip" in server.hits("/feed.xml")[0]["accept-encoding"]


def test_responses_over_the_size_cap_are_refused(server, store):
    big = rss("Big", [(f"Story {i}", f"https://news.example/{i}", "x" * 1000) for i in range(300)])
    server.set("/declared.xml", big)
    server.set("/streamed.xml", big, headers={"X-No-Length": "1"})
    add_feed(store, server.url("/declared.xml"))
    add_feed(store, server.url("/streamed.xml"))
    report = refresh(store, max_bytes=100_000)
    assert {f.status for f in report.feeds} == {"error"}
    assert all("the response is larger than 98 KB" in e for e in report.errors)
    assert len(store) == 0


def test_a_gzip_bomb_is_stopped_at_the_cap(server, store):
    bomb = gzip.compress(b"<rss>" + b" " * (50 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    server.set("/bomb.xml", bomb, headers={"Content-Encoding": "gzip"})
    add_feed(store, server.url("/bomb.xml"))
    (result,) = refresh(store, max_bytes=1024 * 1024).feeds
    assert "the response decompresses to more than 1 MB" in result.error


def test_the_same_story_from_two_feeds_is_stored_once(server, store):
    feed_a = rss(
        "World",
        [
            ("Minister resigns after budget row", "https://news.example/politics/minister?utm_source=rss", "Version A."),
            ("Storm closes schools across the region", "https://news.example/storm-1", "Schools shut."),
        ],
    )
    feed_b = rss(
        "Politics",
        [
            # Same address once tracking parameters are gone.
            ("Minister resigns after budget row", "https://www.news.example/politics/minister", "Version B."),
            # Another address, nearly the same title, same site: the same story.
            ("Storm closes schools across the region.", "https://news.example/live/storm", "Schools closed."),
            # Same title on another site is another story.
            ("Storm closes schools across the region", "https://other.example/storm", "Elsewhere."),
        ],
    )
    server.set("/a.xml", feed_a)
    server.set("/b.xml", feed_b)
    add_feed(store, server.url("/a.xml"))
    refresh(store)
    add_feed(store, server.url("/b.xml"))
    (result,) = refresh(store, urls=[server.url("/b.xml")]).feeds
    assert (result.new, result.duplicate) == (1, 2)
    assert sorted(s.url for s in store.summaries()) == [
        "https://news.example/politics/minister?utm_source=rss",
        "https://news.example/storm-1",
        "https://other.example/storm",
    ]


def test_full_text_feeds_fetch_the_linked_page_for_summaries(server, store):
    long_text = "Already complete article text. " * 60
    server.set(
        "/feed.xml",
        rss(
            "Daily Example",
            [
                ("Harbour bridge reopens after repairs", server.url("/bridge.html"), "The bridge reopens… Read more"),
                ("A complete story", server.url("/complete.html"), long_text),
            ],
        ),
    )
    server.set("/bridge.html", ARTICLE_PAGE.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"})
    add_feed(store, server.url("/feed.xml"), full_text=True)
    report = refresh(store)
    assert report.new == 2 and not report.errors
    bridge = next(s for s in store.summaries() if s.url == server.url("/bridge.html"))
    body = store.get(bridge.id).body
    assert len(body) == 3 and body[0].startswith("The harbour bridge reopened to traffic")
    assert server.hits("/complete.html") == []  # full content needs no fetch
    # A second refresh does not fetch pages of stories already stored.
    refresh(store)
    assert len(server.hits("/bridge.html")) == 1


def test_full_text_failure_keeps_the_summary_and_says_why(server, store):
    server.set("/feed.xml", rss("Daily", [("Teaser story here today", server.url("/missing.html"), "Teaser…")]))
    add_feed(store, server.url("/feed.xml"), full_text=True)
    (result,) = refresh(store).feeds
    assert result.status == "ok" and result.new == 1
    assert result.warnings == (
        f"cannot fetch the full text of {server.url('/missing.html')}: HTTP 404 Not Found; kept the summary",
    )
    (summary,) = store.summaries()
    assert store.get(summary.id).body == ("Teaser…",)


def test_refreshing_an_unknown_feed_is_an_error(server, store):
    with pytest.raises(FeedError, match="not subscribed to"):
        refresh(store, urls=[server.url("/nope.xml")])


def test_remove_feed_keeps_articles_unless_purged_and_purge_spares_read_and_starred(server, store):
    server.set("/feed.xml", rss("Local News", STORIES))
    url = server.url("/feed.xml")
    add_feed(store, url)
    refresh(store)
    by_title = {s.title: s.id for s in store.summaries()}
    store.mark_read([by_title["Harbour bridge reopens"]])
    store.star([by_title["Council approves budget"]])
    removed = remove_feed(store, url, purge=True)
    assert (removed.purged, removed.kept) == (1, 2)
    assert titles(store) == {"Harbour bridge reopens", "Council approves budget"}
    assert list_feeds(store) == []
    with pytest.raises(FeedError):
        remove_feed(store, url)
    # Without --purge nothing is deleted.
    add_feed(store, url)
    assert remove_feed(store, url).kept == 2 and len(store) == 2


def test_subscriptions_survive_reopening_the_store(tmp_path, simple_tagger, server):
    first = Store(tmp_path / "s", tagger=simple_tagger)
    add_feed(first, server.url("/feed.xml"), folder=" World / Europe ", full_text=True)
    first.close()
    again = Store(tmp_path / "s", tagger=simple_tagger)
    (sub,) = list_feeds(again)
    assert (sub.url, sub.folder, sub.full_text) == (server.url("/feed.xml"), "World/Europe", True)
    with pytest.raises(FeedError, match="already subscribed"):
        add_feed(again, server.url("/feed.xml"))
    with pytest.raises(FeedError, match="must start with http"):
        add_feed(again, "ftp://example.org/feed")
