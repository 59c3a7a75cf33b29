"""R refreshes the subscribed feeds from the reader, with progress and a summary."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from store.db import Store
from tui.app import NewsdeskApp

from .conftest import settle, wait_until

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour wire</title><link>http://127.0.0.1/</link>
<item><title>Ferry strike ends in Lisbon</title><link>http://127.0.0.1/a</link>
<description>Ferries to the south bank of Lisbon run again after a week of strikes.</description>
<pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate></item>
<item><title>Oslo opens a harbour bath</title><link>http://127.0.0.1/b</link>
<description>The new harbour bath in Oslo holds two hundred swimmers.</description>
<pubDate>Tue, 07 May 2024 10:00:00 GMT</pubDate></item>
</channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        if self.path == "/feed.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(RSS)))
            self.end_headers()
            self.wfile.write(RSS)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


async def test_refresh_key_fetches_feeds_and_reports(tmp_path, server):
    from store.feeds import add_feed

    path = tmp_path / "store"
    with Store(path) as store:
        add_feed(store, server + "/feed.xml")
        add_feed(store, server + "/missing.xml")
    app = NewsdeskApp(path, label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await wait_until(pilot, lambda: any("Feeds refreshed" == (n.title or "") for n in app._notifications), 20)
        await settle(pilot)
        (note,) = [n for n in app._notifications if n.title == "Feeds refreshed"]
        assert note.message.startswith("2 new articles from 2 feeds.")
        assert "missing.xml" in note.message and "Failed" in note.message
        assert {s.title for s in app.reader.article_list.articles} == {
            "Ferry strike ends in Lisbon",
            "Oslo opens a harbour bath",
        }
        assert not app.screen.query_one("#progress").display
