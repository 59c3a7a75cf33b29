"""Quitting: keys typed right after q are dropped, never opened into a closing app."""

from textual import events

from tui.app import NewsdeskApp
from tui.screens.tag_picker import TagPickerScreen

from .conftest import settle


async def test_keys_typed_after_quit_open_nothing(store_path):
    app = NewsdeskApp(store_path)
    pushed: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        original_push = app.push_screen

        def push_screen(screen, *args, **kwargs):
            pushed.append(type(screen).__name__)
            return original_push(screen, *args, **kwargs)

        app.push_screen = push_screen
        # Both keys queued at once, as a fast typist's "q" then "t" arrive from the terminal.
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key("t", "t"))
        await pilot.pause(0.2)
    assert TagPickerScreen.__name__ not in pushed
    assert app.return_code == 0
