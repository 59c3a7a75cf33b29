"""The list's search box: Textual's Input, minus a whole-screen layout on every key."""

from __future__ import annotations

from textual.widgets import Input


class SearchBox(Input):
    """An Input whose typing repaints the box but never lays out the screen.

    On each change Input sets its virtual size to its content width; the screen's next
    layout sets it back, so every key asked for a layout of every widget (5 of the 6
    layouts while typing a word). The box's own size never depends on its text, so the
    size is still recorded and the box repainted, only the layout is not asked for.
    """

    _typing = False

    def _watch_value(self, value: str) -> None:
        self._typing = True
        try:
            super()._watch_value(value)
        finally:
            self._typing = False

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):
        if self._typing and layout and not recompose:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
