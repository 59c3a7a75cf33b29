"""What the reader looks like, one snapshot per state that matters.

Run ``pytest tests/tui --snapshot-update`` after an intended change of looks and
check the new SVGs (or snapshot_report.html) before committing them.
"""

from __future__ import annotations

from tui.app import NewsdeskApp

from .conftest import MARKUP_TITLE, settle


def reader(path) -> NewsdeskApp:
    return NewsdeskApp(path, label="sample articles")


async def opened(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def test_main_screen_80x24(snap_compare, store_path):
    """The list at 80 columns: two-line rows, sidebar hidden, the opened article read."""
    assert snap_compare(reader(store_path), terminal_size=(80, 24), run_before=opened)


def test_main_screen_120x40(snap_compare, store_path):
    """Three panes: list, article with tag chips and captions, related stories with score bars."""
    assert snap_compare(reader(store_path), terminal_size=(120, 40), run_before=opened)


def test_main_screen_200x60_with_markup_article(snap_compare, store_path):
    """One-line rows; an article full of markup and escape codes shows them as plain text."""

    async def open_markup(pilot) -> None:
        await settle(pilot)
        lst = pilot.app.reader.article_list
        lst.move_to(next(s.id for s in lst.articles if s.title == MARKUP_TITLE))
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(reader(store_path), terminal_size=(200, 60), run_before=open_markup)


def test_empty_store(snap_compare, empty_store_path):
    """An empty store explains how to import articles or try the demo."""
    assert snap_compare(reader(empty_store_path), terminal_size=(100, 30), run_before=settle)


def test_help_screen(snap_compare, store_path, monkeypatch):
    """The help screen lists every binding with its keys and its id."""
    # The help names the config file: a fixed path keeps the snapshot the same on every run.
    monkeypatch.setenv("NEWSDESK_CONFIG_DIR", "/home/reader/.config/newsdesk")

    async def help_open(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(reader(store_path), terminal_size=(120, 40), run_before=help_open)


def test_search_in_progress(snap_compare, store_path, monkeypatch):
    """Typing a search filters titles, sources and tags at once while the body search is pending."""
    monkeypatch.setattr("tui.screens.reader.BODY_SEARCH_DELAY", 600)

    async def searching(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"oslo")
        await settle(pilot)

    assert snap_compare(reader(store_path), terminal_size=(120, 40), run_before=searching)
