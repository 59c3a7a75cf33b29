"""The footer follows the focused pane's keys and is not rebuilt when they stay the same."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from tui.app import NewsdeskApp
from tui.widgets import ReaderFooter

from .conftest import settle


def footer_keys(app: NewsdeskApp) -> list[FooterKey]:
    return list(app.screen.query_one(ReaderFooter).query(FooterKey))


async def test_footer_shows_the_focused_panes_keys_and_keeps_its_widgets_otherwise(store_path):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        before = footer_keys(app)
        assert "Open" in [k.description for k in before]
        assert "Quit" in [k.description for k in before]

        # Bindings announced again with nothing changed: the same key widgets stay.
        app.screen.refresh_bindings()
        await settle(pilot)
        assert footer_keys(app) == before
        assert all(k.is_attached for k in before)

        await pilot.press("r")
        await settle(pilot)
        assert "Open story" in [k.description for k in footer_keys(app)]
        app.reader.article_list.focus()
        await settle(pilot)
        assert "Open" in [k.description for k in footer_keys(app)]
        assert "Open story" not in [k.description for k in footer_keys(app)]
