"""The reader driven as a person would, with keys and clicks, on small real stores."""

from __future__ import annotations

import html
import webbrowser

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from store.db import Store
from store.models import ReadState
from tui.app import NewsdeskApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen
from tui.screens.tag_picker import TagPickerScreen
from tui.widgets import ArticleList, ReadingPane, RelatedSidebar, TagChips

from .conftest import MARKUP_TITLE, KeywordTagger, article, settle, wait_until

SIZE = (120, 40)


def titles(app: NewsdeskApp) -> list[str]:
    return [s.title for s in app.reader.article_list.articles]


def shown_title(app: NewsdeskApp) -> str | None:
    shown = app.reader.reading.article
    return shown.title if shown else None


def read_on_disk(path, title: str) -> bool:
    with Store(path, create=False) as store:
        (summary,) = [s for s in store.summaries() if s.title == title]
        return store.state(summary.id).read


def starred_on_disk(path, title: str) -> bool:
    with Store(path, create=False) as store:
        (summary,) = [s for s in store.summaries() if s.title == title]
        return store.state(summary.id).starred


def write_config(tmp_path, monkeypatch, text: str) -> None:
    config = tmp_path / "cfg"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text(text)
    monkeypatch.setenv("NEWSDESK_CONFIG_DIR", str(config))


async def test_list_shows_articles_newest_first_with_counts(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.reader.article_list
        assert titles(app)[0] == "Harbourline Energy opens tidal plant near Oslo"
        assert titles(app)[-1] == "A note about nothing in particular"
        assert len(titles(app)) == 10
        assert lst.border_title == "Articles · 10 unread / 10"
        assert app.focused is lst


async def test_open_article_marks_it_read_on_disk(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        title = "Maria Okafor on the cost of tidal power"
        assert shown_title(app) == title
        assert app.reader.states[app.reader.reading.article.id].read
        assert app.reader.article_list.border_title == "Articles · 9 unread / 10"
    # The store call returned before the list showed "read": a fresh Store sees it on disk.
    assert read_on_disk(store_path, title)


async def test_l_opens_and_arrows_move(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "up", "l")
        await settle(pilot)
        assert shown_title(app) == "Maria Okafor on the cost of tidal power"
        await pilot.press("G")
        assert app.reader.article_list.current.title == "A note about nothing in particular"
        await pilot.press("g")
        assert app.reader.article_list.cursor == 0


async def test_click_on_a_row_opens_it(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.reader.article_list
        rows_per_item = 2 if lst.scrollable_content_region.width < 64 else 1
        await pilot.click(ArticleList, offset=(5, 1 + 2 * rows_per_item))
        await settle(pilot)
        assert shown_title(app) == titles(app)[2]
        assert lst.cursor == 2


async def test_m_toggles_read_and_s_stars_durably(store_path):
    app = NewsdeskApp(store_path, label="test")
    title = "Harbourline Energy opens tidal plant near Oslo"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert read_on_disk(store_path, title)
        await pilot.press("s")
        await settle(pilot)
        assert starred_on_disk(store_path, title)
        await pilot.press("m", "s")
        await settle(pilot)
        summary = app.reader.article_list.current
        assert not app.reader.states[summary.id].read
    assert not read_on_disk(store_path, title)
    assert not starred_on_disk(store_path, title)


async def test_mark_read_policy_never_from_config(store_path, tmp_path, monkeypatch):
    write_config(tmp_path, monkeypatch, '[reader]\nmark_read_on_open = "never"\n')
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = titles(app)[0]
        assert shown_title(app) == first
        assert not app.reader.states.get(app.reader.reading.article.id, None)
    assert not read_on_disk(store_path, first)


async def test_mark_read_after_a_delay_waits(store_path, tmp_path, monkeypatch):
    write_config(tmp_path, monkeypatch, '[reader]\nmark_read_on_open = "after:60"\n')
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = app.reader.reading.article
        assert first is not None and not app.reader.states.get(first.id, None)
    assert not read_on_disk(store_path, first.title)


async def test_mark_read_after_a_delay_then_marks(store_path, tmp_path, monkeypatch):
    write_config(tmp_path, monkeypatch, '[reader]\nmark_read_on_open = "after:0.2"\n')
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = app.reader.reading.article
        await wait_until(pilot, lambda: first.id in app.reader.states and app.reader.states[first.id].read)
    assert read_on_disk(store_path, first.title)


async def test_related_jump_then_back_and_forward(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = shown_title(app)
        sidebar = app.reader.related
        assert sidebar.items, "the tidal plant story shares tags with others"
        assert all(item.summary.title != first for item in sidebar.items)
        related_title = sidebar.items[0].summary.title
        assert sidebar.items[0].shared  # the tags that explain the link
        await pilot.press("r")
        assert app.focused is sidebar
        await pilot.press("enter")
        await settle(pilot)
        assert shown_title(app) == related_title
        # The list follows the opened story.
        assert app.reader.article_list.current.title == related_title
        await pilot.press("backspace")
        await settle(pilot)
        assert shown_title(app) == first
        await pilot.press("L")
        await settle(pilot)
        assert shown_title(app) == related_title
        await pilot.press("h")
        await settle(pilot)
        assert shown_title(app) == first


async def test_tag_chip_filters_the_list_by_keyboard(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        chips = app.screen.query_one(TagChips)
        assert [e.kind for e in chips.entities] == ["person", "org", "place"]
        await pilot.press("tab", "tab")
        assert app.focused is chips
        # person first: Maria Okafor
        await pilot.press("enter")
        await settle(pilot)
        assert set(titles(app)) == {
            "Harbourline Energy opens tidal plant near Oslo",
            "Maria Okafor on the cost of tidal power",
        }
        assert "tag Maria Okafor" in app.reader.article_list.border_subtitle
        await pilot.press("escape")
        await settle(pilot)
        assert len(titles(app)) == 10


async def test_tag_chip_click_filters_the_list(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.reader.reading
        chips = pane.chips
        place = next(c for c in chips.layout(pane.text_width)[1] if c.entity.kind == "place")
        # The chips are drawn by the pane: click where this one is (1: the border, 2: the padding).
        row = pane.part_rows("chips").start + place.line
        await pilot.click(ReadingPane, offset=(1 + 2 + place.x + 1, 1 + row))
        await settle(pilot)
        assert all(any(e.id == "oslo" for e in s.entities) for s in app.reader.article_list.articles)
        assert len(titles(app)) == 4


async def test_tag_picker_filters_by_typed_tag(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagPickerScreen)
        await pilot.press(*"northw")
        options = app.screen.query_one("#tag-options", OptionList)
        assert options.option_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert set(titles(app)) == {
            "Northwind Rail to link Rotterdam and Oslo by night train",
            "Jonas Berg named head of Northwind Rail",
        }


async def test_tag_picker_escape_changes_nothing(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, TagPickerScreen)
        assert len(titles(app)) == 10


async def test_search_matches_titles_at_once_and_bodies_in_a_worker(store_path, quick_body_search):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"rotterdam")
        await settle(pilot)
        assert set(titles(app)) == {
            "Northwind Rail to link Rotterdam and Oslo by night train",
            "Rotterdam port sees record spring traffic",
        }
        # Only a body says "lighthouse": it arrives from the body search.
        await pilot.press(*("backspace",) * 9, *"lighthouse")
        await wait_until(pilot, lambda: titles(app) == ["A note about nothing in particular"])
        await pilot.press("escape")
        await settle(pilot)
        assert len(titles(app)) == 10
        assert not app.reader.search_input.display
        assert app.focused is app.reader.article_list


async def test_search_matches_tags_and_sources(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lisbon daily")
        await settle(pilot)
        assert titles(app) == ["Lisbon council approves harbour cleanup", "Ines Duarte: harbours are the new parks"]
        await pilot.press("enter")
        assert app.focused is app.reader.article_list
        await pilot.press("enter")
        await settle(pilot)
        assert shown_title(app) == "Lisbon council approves harbour cleanup"


async def test_unread_only_hides_read_articles(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m", "j", "m")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert len(titles(app)) == 8
        assert "unread only" in app.reader.article_list.border_subtitle
        await pilot.press("u")
        await settle(pilot)
        assert len(titles(app)) == 10


async def test_mark_all_read_asks_first(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert app.reader.article_list.unread_count == 10
        await pilot.press("M")
        await pilot.pause()
        await pilot.click("#yes")
        await settle(pilot)
        assert app.reader.article_list.unread_count == 0
    with Store(store_path, create=False) as store:
        assert all(store.state(s.id).read for s in store.summaries())


async def test_mark_all_read_marks_only_the_listed_articles(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"rail", "enter")
        await settle(pilot)
        await pilot.press("M")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
    with Store(store_path, create=False) as store:
        read = sorted(s.title for s in store.summaries() if store.state(s.id).read)
    assert read == ["Jonas Berg named head of Northwind Rail", "Northwind Rail to link Rotterdam and Oslo by night train"]


async def test_help_screen_is_generated_from_the_bindings(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query(".help-keys"))
        for description in ("Mark all listed articles read", "Refresh feeds", "Next article", "Open story", "Filter by tag"):
            assert description in text
        assert "mark_all_read" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_offers_the_reader_actions(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"unread")
        options = app.screen.query_one(OptionList)
        await wait_until(pilot, lambda: any("only unread articles" in str(o.prompt) for o in options.options))
        await pilot.press("escape")
        await pilot.pause()
        # Running an action from the palette does what the key does.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"mark all listed")
        options = app.screen.query_one(OptionList)
        await wait_until(pilot, lambda: any("Mark all listed" in str(o.prompt) for o in options.options))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))


async def test_empty_store_says_how_to_import(empty_store_path):
    app = NewsdeskApp(empty_store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one("#empty-message").render())
        assert "newsdesk import PATH" in text
        assert "newsdesk demo" in text
        assert app.screen.query_one("#switcher").current == "empty"


async def test_empty_store_fills_when_articles_arrive(empty_store_path):
    app = NewsdeskApp(empty_store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with Store(empty_store_path, tagger=KeywordTagger()) as other:
            other.import_articles([("x", article("Late arrival in Oslo", "Oslo Post", "2024-06-01", ["Oslo again."]))])
        app.poll_store()
        await settle(pilot)
        assert app.screen.query_one("#switcher").current == "reader-main"
        assert titles(app) == ["Late arrival in Oslo"]


async def test_rebinding_a_key_in_the_config_file(store_path, tmp_path, monkeypatch):
    write_config(tmp_path, monkeypatch, '[keys]\nsearch = "f"\nunread_only = "U"\n')
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert not app.reader.search_input.display
        await pilot.press("f")
        assert app.focused is app.reader.search_input
        await pilot.press("escape", "U")
        await settle(pilot)
        assert app.reader.filter.unread_only
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(str(s.render()) for s in app.screen.query(".help-keys"))
        search_line = next(line for line in text.splitlines() if line.rstrip().endswith("search"))
        assert search_line.split()[0] == "f"


async def test_bad_config_warns_and_uses_defaults(store_path, tmp_path, monkeypatch):
    write_config(
        tmp_path,
        monkeypatch,
        '[keys]\nsearch = "f"\nnot_an_action = "x"\n[reader]\nmark_read_on_open = "sometimes"\n',
    )
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("not_an_action is not a known action" in m for m in messages)
        assert any("mark_read_on_open = 'sometimes' is not valid" in m for m in messages)
        # The good line still applies and the bad policy fell back to "immediately".
        await pilot.press("f")
        assert app.focused is app.reader.search_input
        assert app.config.mark_read_delay == 0


async def test_broken_toml_falls_back_to_defaults(store_path, tmp_path, monkeypatch):
    write_config(tmp_path, monkeypatch, "[keys\nsearch = ")
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("is not valid TOML" in m and "using the defaults" in m for m in messages)
        await pilot.press("slash")
        assert app.focused is app.reader.search_input


async def test_another_process_importing_is_picked_up_keeping_the_cursor(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        before = app.reader.article_list.current.title
        with Store(store_path, tagger=KeywordTagger()) as other:
            other.import_articles(
                [("x", article("Breaking: Oslo opens a second harbour", "Oslo Post", "2024-06-01T00:00:00Z", ["Oslo."]))]
            )
            other.mark_read([s.id for s in other.summaries() if s.title == "Weather: a calm week ahead"])
        assert app.store.changed_on_disk
        app.poll_store()
        await settle(pilot)
        assert titles(app)[0] == "Breaking: Oslo opens a second harbour"
        assert len(titles(app)) == 11
        assert app.reader.article_list.current.title == before
        weather = next(s for s in app.reader.article_list.articles if s.title.startswith("Weather"))
        assert app.reader.states[weather.id].read
        # What this process writes next keeps what the other one wrote.
        await pilot.press("m")
        await settle(pilot)
    assert read_on_disk(store_path, before)
    assert read_on_disk(store_path, "Weather: a calm week ahead")


async def test_reload_key_rereads_the_store(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with Store(store_path, tagger=KeywordTagger()) as other:
            other.import_articles([("x", article("Fresh from disk", "Misc", "2024-06-02", ["Body."]))])
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert titles(app)[0] == "Fresh from disk"
        assert any("Reloaded 11 articles" in n.message for n in app._notifications)


async def test_markup_and_escapes_in_articles_are_shown_literally(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.reader.article_list
        assert lst.move_to(next(s.id for s in lst.articles if s.title == MARKUP_TITLE))
        await pilot.press("enter")
        await settle(pilot)
        rendered = []
        for y in range(lst.scrollable_content_region.height):
            rendered.append("".join(seg.text for seg in lst.render_line(y)))
        list_text = "\n".join(rendered)
        assert "[bold red]Injected[/]" in list_text
        assert "Odd [i]Source[/i]" in list_text
        assert "\x1b" not in list_text and "␛[31m" in list_text
        pane = app.screen.query_one(ReadingPane)
        head = [seg for row in pane.part_rows("head") for seg in pane.render_row(row)]
        body = [seg for row in pane.part_rows("body") for seg in pane.render_row(row)]
        width = pane.text_width
        head_text = " ".join(filter(None, (pane.head.line_text(y, width) for y in range(pane.head.line_count(width)))))
        assert head_text.startswith("[bold red]Injected[/] title ␛[31mwith escape")
        body_text = " ".join(pane.body.line_text(y, width) for y in range(pane.body.line_count(width)))
        assert "[link=https://evil.example]link[/link]" in body_text
        assert "\x1b" not in body_text and "\x07" not in body_text
        assert not any(seg.style is not None and seg.style.link for seg in head + body)
        svg = app.export_screenshot()
        assert "\x1b" not in svg
        assert "Injected[/]" in svg


async def test_open_url_refuses_other_schemes(store_path, monkeypatch):
    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url))
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.reader.article_list
        lst.move_to(next(s.id for s in lst.articles if s.title == MARKUP_TITLE))
        await pilot.press("o")
        await pilot.pause()
        assert opened == []
        assert any("only http and https" in n.message for n in app._notifications)
        await pilot.press("g", "o")
        await pilot.pause()
        assert opened == ["https://oslopost.example.com/tidal-plant"]


async def test_sidebar_hides_when_narrow_and_toggles(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(RelatedSidebar)
        assert not sidebar.display
        await pilot.press("ctrl+b")
        assert sidebar.display
        await pilot.press("ctrl+b")
        assert not sidebar.display
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r")
        assert sidebar.display and app.focused is sidebar


async def test_pane_pending_means_the_open_article_is_not_on_screen_yet(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.reader
        assert not reader._pane_pending()
        night = next(s.id for s in reader.article_list.articles if s.title.startswith("Northwind Rail to link"))
        with reader.newsdesk.store.guard:
            article = reader.newsdesk.store.store.get(night)
        reader.reading.show_article(article, ReadState())
        assert reader._pane_pending()
        await pilot.pause()
        assert not reader._pane_pending()
        assert "Northwind Rail will run a night train" in html.unescape(app.export_screenshot()).replace("\xa0", " ")


async def test_tab_moves_between_panes(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        visited = []
        for _ in range(4):
            await pilot.press("tab")
            visited.append(type(app.focused).__name__)
        assert visited == ["ReadingPane", "TagChips", "RelatedSidebar", "ArticleList"]
        await pilot.press("shift+tab")
        assert isinstance(app.focused, RelatedSidebar)


async def test_space_pages_the_reading_pane(tmp_path):
    from .conftest import build_store

    long_body = [f"Paragraph {n} about Oslo and nothing else of note, repeated to fill the page." for n in range(60)]
    path = build_store(tmp_path / "long", [article("A long read", "Oslo Post", "2024-05-01", long_body)])
    app = NewsdeskApp(path, label="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert pane.scroll_y > 5
        await pilot.press("b")
        await pilot.pause()
        assert pane.scroll_y == 0


async def test_feed_refresh_without_subscriptions_says_so(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert any("No feeds to refresh" in n.message for n in app._notifications)


async def test_unopenable_store_shows_the_reason(tmp_path):
    bad = tmp_path / "not-a-dir"
    bad.write_text("x")
    app = NewsdeskApp(bad, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one("#empty-message").render())
        assert "could not be opened" in text and "is a file, not a directory" in text
        await pilot.press("q")
    assert app.return_code == 1


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_layout_fits_small_and_large_terminals(store_path, size):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        pane = app.screen.query_one(ReadingPane)
        assert lst.region.width >= 30
        assert pane.region.width >= 40
        assert lst.region.right <= pane.region.x
        assert pane.region.right <= size[0]


async def test_a_key_taken_from_another_action_is_reported(store_path, tmp_path, monkeypatch):
    write_config(tmp_path, monkeypatch, '[keys]\nsearch = "m"\n')
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        assert app.focused is app.reader.search_input
        assert any("search takes 'm' from toggle_read" in n.message for n in app._notifications)


async def test_notifications_quote_text_literally(tmp_path, monkeypatch):
    from .conftest import build_store

    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: None)
    url = "https://example.com/[bold red]x[/]\x1b[2J"
    path = build_store(tmp_path / "s", [article("Plain", "Src", "2024-05-01", ["Body."], url=url)])
    app = NewsdeskApp(path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        (note,) = [n for n in app._notifications if "Opening" in n.message]
        assert "[bold red]x[/]" in note.message and "\x1b" not in note.message
        assert note.markup is False


async def test_a_change_made_just_before_quitting_is_saved(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        title = app.reader.article_list.current.title
        await pilot.press("s", "q")
    assert starred_on_disk(store_path, title)
