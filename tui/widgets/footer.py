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

    def bindings_changed(self, screen: Screen) -> None:
        if self._shown is not None and self.is_attached and screen is self.screen and self._keys(screen) == self._shown:
            return
        if self._shown is None and self.is_attached and screen is self.screen and screen.app.app_focus:
            # The first keys: Textual adds them after the first frame, which costs a second
            # layout and frame at start; composed now, they come with the first one.
            self._bindings_ready = True
            self.call_later(self.recompose)
            return
        super().bindings_changed(screen)
