"""Search as you type in the reader: the index, growing and shrinking queries, body matches, stale answers."""

from __future__ import annotations

from tui.app import NewsdeskApp
from tui.messages import BodyMatches, FilteredView

from .conftest import background_held, list_loaded, settle, wait_until

SIZE = (120, 40)
ROTTERDAM = {"Northwind Rail to link Rotterdam and Oslo by night train", "Rotterdam port sees record spring traffic"}
LISBON = ["Lisbon council approves harbour cleanup", "Ines Duarte: harbours are the new parks"]


def titles(app: NewsdeskApp) -> list[str]:
    return [s.title for s in app.reader.article_list.articles]


async def test_the_list_is_indexed_for_search_once_loaded(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        index = app.reader._search_index
        assert index is not None
        assert index.summaries is app.reader.snapshot.summaries
        assert len(index) == 10
        # What each first key matches is worked out behind the screen too.
        await wait_until(pilot, lambda: len(index._letters) == 26)
        await pilot.press("slash", "h")
        await settle(pilot)
        assert titles(app) == [s.title for s in index.summaries if "h" in s.title.lower() or "h" in (s.source or "").lower()
                               or any("h" in e.name.lower() or "h" in e.id for e in s.entities)]


async def test_typing_then_deleting_gives_each_query_its_own_answer(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"rotterdam")
        await settle(pilot)
        assert set(titles(app)) == ROTTERDAM
        # Back to "r": wider than "rotterdam", so not a narrowing of its answer.
        await pilot.press(*("backspace",) * 8)
        await settle(pilot)
        assert len(titles(app)) == 10  # every title here has an "r"
        await pilot.press(*"otterdam night")
        await settle(pilot)
        assert titles(app) == ["Northwind Rail to link Rotterdam and Oslo by night train"]


async def test_search_ignores_case_and_accents_and_matches_sources(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"LISBÖN DÄILY")
        await settle(pilot)
        assert titles(app) == LISBON


async def test_body_matches_arrive_with_accents_folded(store_path, quick_body_search):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lîghthousé")
        await wait_until(pilot, lambda: titles(app) == ["A note about nothing in particular"])
        await wait_until(pilot, lambda: "searching" not in app.reader.article_list.border_subtitle)


async def test_stale_answers_never_replace_the_newest_query(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"rotterdam")
        await settle(pilot)
        reader = app.reader
        everything = list(reader.snapshot.summaries)
        # A filter answer computed for an older keystroke, and body matches for an older query.
        reader.post_message(FilteredView(reader._filter_token - 1, everything, len(everything)))
        reader.post_message(BodyMatches("rotter", [s.id for s in everything], 10, 10, done=True))
        await settle(pilot)
        assert set(titles(app)) == ROTTERDAM
        assert reader.body_hits == set()


async def test_quick_typing_ends_on_the_last_query(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        # No pause between keys: earlier filter workers are cancelled or their answers dropped.
        for ch in "oslo post":
            await pilot.press("space" if ch == " " else ch)
        await settle(pilot)
        assert titles(app) == ["Harbourline Energy opens tidal plant near Oslo", "Weather: a calm week ahead"]


async def test_body_search_without_an_index_reads_every_body(store_path, monkeypatch):
    monkeypatch.setattr("tui.screens.reader.BODY_SEARCH_DELAY", 600)
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lighthouse")
        await settle(pilot)
        assert titles(app) == []
        app.search_bodies(app.reader.filter.query, app.reader.snapshot, None)
        await wait_until(pilot, lambda: titles(app) == ["A note about nothing in particular"])


async def test_keys_answered_on_the_ui_thread_or_in_the_worker_list_the_same(store_path, monkeypatch):
    from textual.widgets import Input

    from tui.filters import ListFilter, apply_filter

    monkeypatch.setattr("tui.screens.reader.BODY_SEARCH_DELAY", 600)
    seen: dict[int, list[list[str]]] = {}
    for limit in (10**6, 0):  # every list answered here, then every list left to the worker
        monkeypatch.setattr("tui.screens.reader.SEARCH_HERE_ROWS", limit)
        app = NewsdeskApp(store_path, label="test")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("slash")
            await settle(pilot)
            assert app.reader._aliases_ready
            answers = []
            for query in ["r", "ro", "rot", "rot o", "rot os", "ro", ""]:
                want = apply_filter(app.reader.snapshot.summaries, app.reader.states, {}, ListFilter(query=query))
                box = app.reader.search_input
                box.value = query
                app.reader._search_changed(Input.Changed(box, query))
                if limit:
                    # Answered in the handler itself: no worker has had a chance to run yet.
                    assert titles(app) == [s.title for s in want], query
                await settle(pilot)
                assert titles(app) == [s.title for s in want], query
                answers.append(titles(app))
            seen[limit] = answers
    assert seen[10**6] == seen[0]


async def test_indexing_behind_the_screen_waits_its_turn_but_a_typed_search_does_not(store_path):
    from textual.worker import WorkerState

    app = NewsdeskApp(store_path, label="test")
    # Another long job behind the screen (the related index) is running.
    with background_held(app) as release:
        async with app.run_test(size=SIZE) as pilot:
            reader = app.reader
            await list_loaded(pilot, 10)
            await wait_until(
                pilot, lambda: any(w.group == "search-index" and w.state is WorkerState.RUNNING for w in app.workers)
            )
            await pilot.pause(0.2)
            assert reader._search_index is None
            # A search typed meanwhile is answered at once: it indexes the list itself.
            await pilot.press("slash", *"rotterdam")
            await wait_until(pilot, lambda: set(titles(app)) == ROTTERDAM, timeout=10)
            index = reader._search_index
            assert index is not None and not index._letters
            release()
            # Its turn come, the background job learns the first keys for that same index.
            await wait_until(pilot, lambda: len(index._letters) == 26, timeout=10)
            assert reader._search_index is index
