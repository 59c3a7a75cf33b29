"""The key footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class ReaderFooter(Footer):
    """Textual's footer rebuilds all its key widgets whenever bindings may have changed.

    A focus change alone announces that two or three times (blur, focus, the screen's own
    refresh), and each rebuild re-mounts a dozen widgets and lays out the screen again.
    This footer compares what it would show with what it shows, and rebuilds only on a
    difference.
    """

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(compact=compact, id=id)
        self._shown: tuple | None = None
        self._rebuild_queued = False
        self._on_screen = False

    def _keys(self, screen: Screen) -> tuple:
        app = self.app
        keys = tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action, enabled, tooltip, binding.group)
            for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING
        )
        return keys, self.show_command_palette, self.compact

    def compose(self):
        if self._bindings_ready:
            self._shown = self._keys(self.screen)
        return super().compose()

    def on_mount(self) -> None:
        # The keys may have been announced before this footer listened for them.
        self.bindings_changed(self.screen)

    def on_show(self) -> None:
        self._on_screen = True

    def bindings_changed(self, screen: Screen) -> None:
        if not (self.is_attached and screen is self.screen and screen.app.app_focus):
            super().bindings_changed(screen)
            return
        if self._rebuild_queued:
            return  # the rebuild already asked for reads the keys as they are when it runs
        if self._shown is not None and self._keys(screen) == self._shown:
            return
        self._bindings_ready = True
        self._rebuild_queued = True
        # Textual rebuilds after the next frame; before the first one that costs a second
        # layout and frame at start, so the first keys are composed at once.
        if self._on_screen:
            self.call_after_refresh(self._rebuild)
        else:
            self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_queued = False
        await self.recompose()
