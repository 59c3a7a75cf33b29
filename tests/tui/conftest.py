"""Small, fixed stores for the reader's tests.

Entities come from a keyword tagger defined here, so that what the reader shows
does not move when the real tagger's rules change; dates are fixed so snapshots
never depend on the day they run.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.worker import WorkerCancelled

from store.db import Store
from store.models import Entity, ParsedArticle

KNOWN = {
    "Maria Okafor": ("maria-okafor", "person"),
    "Jonas Berg": ("jonas-berg", "person"),
    "Ines Duarte": ("ines-duarte", "person"),
    "Harbourline Energy": ("harbourline-energy", "org"),
    "Northwind Rail": ("northwind-rail", "org"),
    "City Council": ("city-council", "org"),
    "Oslo": ("oslo", "place"),
    "Rotterdam": ("rotterdam", "place"),
    "Lisbon": ("lisbon", "place"),
}

MARKUP_TITLE = "[bold red]Injected[/] title \x1b[31mwith escape\x1b[0m codes"
MARKUP_BODY = "A [link=https://evil.example]link[/link] and \x1b]8;;https://x\x07osc\x1b]8;;\x07 plus bell\x07 and [reverse]reverse[/]."


class KeywordTagger:
    """Tags the names in KNOWN wherever they appear, counting mentions."""

    def tag(self, title, paragraphs, language):
        text = " ".join([title, *paragraphs])
        found = []
        for name, (tag_id, kind) in KNOWN.items():
            count = text.count(name)
            if count:
                found.append(Entity(tag_id, name, kind, count))
        return found


def article(title, source, published, body, *, url=None, captions=()):
    return ParsedArticle(
        title=title,
        body=tuple(body),
        source=source,
        published=published,
        url=url,
        language="en",
        captions=tuple(captions),
    )


SAMPLE = [
    article(
        "Harbourline Energy opens tidal plant near Oslo",
        "Oslo Post",
        "2024-05-10T08:00:00Z",
        [
            "Harbourline Energy switched on its first tidal turbines in the fjord south of Oslo on Friday, "
            "after four years of trials and two winters of storm damage.",
            "Maria Okafor, who runs the company, said the plant would power twelve thousand homes once all "
            "sixteen turbines turn. \"The tide never takes a day off,\" she said.",
            "Fishing groups in Oslo asked for the survey data on fish passage to be published in full.",
        ],
        url="https://oslopost.example.com/tidal-plant",
        captions=["The first turbine is lowered into the fjord.", "Maria Okafor at the opening."],
    ),
    article(
        "Maria Okafor on the cost of tidal power",
        "Energy Weekly",
        "2024-05-09T12:30:00Z",
        [
            "In an interview, Maria Okafor explained why Harbourline Energy expects tidal power to cost less "
            "than offshore wind within a decade.",
            "Maintenance, not construction, is the largest cost, she said: the sea is hard on machines.",
        ],
        url="https://energyweekly.example.com/okafor-interview",
    ),
    article(
        "Northwind Rail to link Rotterdam and Oslo by night train",
        "Rail Gazette",
        "2024-05-08T06:15:00Z",
        [
            "Northwind Rail will run a night train between Rotterdam and Oslo from next spring, with sleeping "
            "cars built in Rotterdam.",
            "Jonas Berg said tickets would go on sale in the autumn.",
        ],
        url="https://railgazette.example.com/night-train",
    ),
    article(
        "Jonas Berg named head of Northwind Rail",
        "Rail Gazette",
        "2024-05-07T09:00:00Z",
        [
            "Jonas Berg, a former signalling engineer, becomes chief executive of Northwind Rail next month.",
            "He has promised to publish punctuality figures every week.",
        ],
        url="https://railgazette.example.com/berg",
    ),
    article(
        "Lisbon council approves harbour cleanup",
        "Lisbon Daily",
        "2024-05-06T10:00:00Z",
        [
            "The City Council of Lisbon approved a plan to clear the old harbour basin of silt and wrecks.",
            "Ines Duarte, who proposed it, wants the basin open for swimming within three summers.",
        ],
        url="https://lisbondaily.example.com/cleanup",
    ),
    article(
        "Ines Duarte: harbours are the new parks",
        "Lisbon Daily",
        "2024-05-05T18:45:00Z",
        [
            "Ines Duarte argues that cities like Lisbon should treat their harbours as public space.",
            "She cited Harbourline Energy's work in Norway as proof that industry and swimmers can share water.",
        ],
        url="https://lisbondaily.example.com/duarte-essay",
    ),
    article(
        "Rotterdam port sees record spring traffic",
        "Port News",
        "2024-05-04T07:00:00Z",
        ["Container traffic through Rotterdam rose by a tenth this spring, the port authority said."],
        url="https://portnews.example.com/record",
    ),
    article(
        MARKUP_TITLE,
        "Odd [i]Source[/i]",
        "2024-05-03T00:00:00Z",
        [MARKUP_BODY, "Second paragraph mentions Oslo once."],
        url="javascript:alert(1)",
    ),
    article(
        "Weather: a calm week ahead",
        "Oslo Post",
        "2024-05-02T05:00:00Z",
        ["Light winds and mild temperatures are expected in Oslo all week; the turbines will idle."],
        url="https://oslopost.example.com/weather",
    ),
    article(
        "A note about nothing in particular",
        "Misc",
        "2024-05-01T00:00:00Z",
        ["This paragraph mentions no one at all, but it does talk about a lighthouse keeper."],
    ),
]


def build_store(path: Path, articles=SAMPLE) -> Path:
    with Store(path, tagger=KeywordTagger()) as store:
        store.import_articles([(f"sample-{n}", a) for n, a in enumerate(articles)])
    return path


@pytest.fixture
def store_path(tmp_path) -> Path:
    return build_store(tmp_path / "store")


@pytest.fixture
def empty_store_path(tmp_path) -> Path:
    path = tmp_path / "empty"
    Store(path).close()
    return path


async def settle(pilot, rounds: int = 8) -> None:
    """Wait until the store is open, then let workers finish and their messages be handled."""
    reader = pilot.app.reader
    await wait_until(pilot, lambda: reader.is_mounted and not reader.article_list.loading, timeout=20)
    for _ in range(rounds):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            pass  # a newer filter or search replaced it: wait for the newer one
        await pilot.pause()
        if all(w.is_finished for w in pilot.app.workers):
            await pilot.pause()
            return


@contextmanager
def held_by_another_thread(lock) -> Iterator[None]:
    """Hold ``lock`` from another thread (as a worker holds the store) for the duration."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lock:
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        yield
    finally:
        release.set()
        holder.join()


async def wait_until(pilot, predicate, timeout: float = 5.0) -> None:
    """Poll until ``predicate()`` holds; fails the test (never sleeps a fixed time) otherwise."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await pilot.pause(0.02)


@pytest.fixture
def quick_body_search(monkeypatch):
    """Start body searches without the typing debounce, so tests do not wait for it."""
    monkeypatch.setattr("tui.screens.reader.BODY_SEARCH_DELAY", 0.01)


@contextmanager
def background_held(app):
    """Another long job behind the screen holds ``app``'s turn (``app.background``) until the
    function this yields is called, or the block ends."""
    app.background.acquire()
    held = [True]

    def release() -> None:
        if held[0]:
            held[0] = False
            app.background.release()

    try:
        yield release
    finally:
        release()


async def list_loaded(pilot, rows: int) -> None:
    """Wait until the reader's list shows ``rows`` articles (without waiting for the workers)."""
    reader = pilot.app.reader
    await wait_until(pilot, lambda: len(reader.article_list.articles) == rows, timeout=20)

