"""Filtering the list by feed or folder, with unread counts in the feed picker."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from store.db import Store
from store.feeds import add_feed
from store.models import ArticleSummary, ParsedArticle, ReadState
from tui.app import NewsdeskApp
from tui.filters import ListFilter, apply_filter, feed_choices, folder_feed_urls
from tui.screens.feed_picker import FeedPickerScreen

from .conftest import KeywordTagger, settle

SIZE = (120, 40)
OSLO = "https://oslopost.example.com/feed"
RAIL = "https://railgazette.example.com/rss"
PORT = "https://portnews.example.com/atom"


def parsed(title: str, day: int, feed_url: str | None) -> ParsedArticle:
    return ParsedArticle(
        title=title,
        body=(f"{title}: the full story.",),
        published=f"2024-05-{day:02d}T08:00:00Z",
        language="en",
        feed_url=feed_url,
    )


ARTICLES = [
    parsed("Oslo tidal plant opens", 10, OSLO),
    parsed("Oslo budget [bold]passes[/]", 9, OSLO),
    parsed("Night train to Rotterdam", 8, RAIL),
    parsed("Port traffic record", 7, PORT),
    parsed("A note with no feed", 6, None),
]


def build(tmp_path: Path, *, read: tuple[str, ...] = ()) -> Path:
    path = tmp_path / "store"
    with Store(path, tagger=KeywordTagger()) as store:
        store.import_articles([(f"f-{n}", a) for n, a in enumerate(ARTICLES)])
        add_feed(store, OSLO, "News/Norway", title="Oslo [i]Post[/i]")
        add_feed(store, RAIL, "Transport", title="Rail Gazette")
        add_feed(store, PORT, "News")
        ids = [s.id for s in store.summaries() if s.title in read]
        if ids:
            store.set_state(ids, read=True)
    return path


def titles(app: NewsdeskApp) -> set[str]:
    return {s.title for s in app.reader.article_list.articles}


def option_texts(app: NewsdeskApp) -> list[str]:
    options = app.screen.query_one("#tag-options", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def open_picker(pilot) -> None:
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FeedPickerScreen)


async def test_f_opens_the_picker_with_unread_counts(tmp_path):
    app = NewsdeskApp(build(tmp_path, read=("Oslo tidal plant opens",)), label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_picker(pilot)
        rows = [" ".join(t.split()) for t in option_texts(app)]
        assert rows[0] == "All feeds 4 unread / 5"
        assert "📁 News 2 unread / 3" in rows
        assert "📁 News/Norway 1 unread / 2" in rows
        assert "📁 Transport 1 unread / 1" in rows
        # A title is data: the brackets are shown as typed, not read as styles.
        assert "Oslo [i]Post[/i] 1 unread / 2" in rows
        assert f"{PORT} 1 unread / 1" in rows
        await pilot.press(*"gazette")
        assert [" ".join(t.split()) for t in option_texts(app)] == ["Rail Gazette 1 unread / 1"]


async def test_choosing_a_feed_filters_the_list_and_escape_clears(tmp_path):
    app = NewsdeskApp(build(tmp_path), label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(titles(app)) == 5
        await open_picker(pilot)
        await pilot.press(*"rail", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, FeedPickerScreen)
        assert titles(app) == {"Night train to Rotterdam"}
        assert "feed Rail Gazette" in str(app.reader.article_list.border_subtitle)
        await pilot.press("escape")
        await settle(pilot)
        assert len(titles(app)) == 5
        assert "feed" not in str(app.reader.article_list.border_subtitle or "")


async def test_choosing_a_folder_includes_its_subfolders_and_all_feeds_clears(tmp_path):
    app = NewsdeskApp(build(tmp_path), label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_picker(pilot)
        options = app.screen.query_one("#tag-options", OptionList)
        rows = option_texts(app)
        news = next(i for i, t in enumerate(rows) if t.strip().startswith("📁 News "))
        options.highlighted = news
        await pilot.press("enter")
        await settle(pilot)
        assert titles(app) == {"Oslo tidal plant opens", "Oslo budget [bold]passes[/]", "Port traffic record"}
        assert "feed News/" in str(app.reader.article_list.border_subtitle)
        await open_picker(pilot)
        await pilot.press("enter")  # the first row: All feeds
        await settle(pilot)
        assert len(titles(app)) == 5
        assert app.reader.filter.feed_urls is None


def S(i: str, feed_url: str | None) -> ArticleSummary:
    return ArticleSummary(i, f"title {i}", None, None, "en", None, feed_url=feed_url)


SUMMARIES = [S("a", OSLO), S("b", OSLO), S("c", RAIL), S("d", None)]
FEEDS = [(OSLO, "Oslo Post", "News/Norway"), (RAIL, None, "Transport"), (PORT, "Port", None)]


def test_feed_filter_keeps_only_the_chosen_urls_and_combines_with_unread():
    states = {"a": ReadState(read=True)}
    flt = ListFilter(feed_urls=frozenset({OSLO}), feed_name="Oslo Post")
    assert [s.id for s in apply_filter(SUMMARIES, {}, {}, flt)] == ["a", "b"]
    assert [s.id for s in apply_filter(SUMMARIES, states, {}, ListFilter(feed_urls=flt.feed_urls, unread_only=True))] == ["b"]
    assert apply_filter(SUMMARIES, {}, {}, ListFilter(feed_urls=frozenset())) == []
    assert flt.describe() == "feed Oslo Post"
    assert not flt.is_default


def test_folder_urls_include_subfolders_but_not_lookalike_names():
    pairs = [(OSLO, "News/Norway"), (RAIL, "Newsroom"), (PORT, "News")]
    assert folder_feed_urls(pairs, "News") == {OSLO, PORT}
    assert folder_feed_urls(pairs, "News/Norway") == {OSLO}


def test_feed_choices_list_folders_with_parents_and_counts():
    choices = feed_choices(FEEDS, SUMMARIES, {"a": ReadState(read=True)})
    rows = [(c.kind, c.label, c.unread, c.total) for c in choices]
    assert rows == [
        ("all", "All feeds", 3, 4),
        ("folder", "News", 1, 2),
        ("folder", "News/Norway", 1, 2),
        ("feed", "Oslo Post", 1, 2),
        ("folder", "Transport", 1, 1),
        ("feed", RAIL, 1, 1),
        ("feed", "Port", 0, 0),
    ]
    assert choices[0].urls is None
    assert choices[1].urls == {OSLO}
