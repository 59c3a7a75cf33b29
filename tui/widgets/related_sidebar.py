"""The related sidebar: stories that share tags with the open one, best first.

Few items (ten at most), so an OptionList of domain objects does the job.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..display import one_line, short_date
from ..messages import RelatedChosen, RelatedItem

BAR_CELLS = 5


def score_bar(score: float, cells: int = BAR_CELLS) -> tuple[str, str]:
    """Filled and empty parts of a score bar such as ▰▰▰▱▱ (any positive score shows one cell)."""
    score = max(0.0, min(1.0, score))
    filled = round(score * cells)
    if score > 0 and filled == 0:
        filled = 1
    return "▰" * filled, "▱" * (cells - filled)


class RelatedSidebar(OptionList):
    """Related stories; enter or a click posts RelatedChosen."""

    BINDING_GROUP_TITLE = "Related stories"

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next story", show=False, id="related_down"),
        Binding("k,up", "cursor_up", "Previous story", show=False, id="related_up"),
        Binding("g,home", "first", "First story", show=False, id="related_first"),
        Binding("G,end", "last", "Last story", show=False, id="related_last"),
        Binding("enter,l", "select", "Open story", id="related_open"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.border_title = "Related"
        self._items: list[RelatedItem] = []

    @property
    def items(self) -> Sequence[RelatedItem]:
        return self._items

    def set_items(self, items: Sequence[RelatedItem]) -> None:
        self._items = list(items)
        if not self._items:
            self.show_message("No related stories share its tags.")
            return
        options: list[Option | None] = []
        for n, item in enumerate(self._items):
            if n:
                options.append(None)
            options.append(Option(self._prompt(item), id=item.summary.id))
        # One replacement, not a clear and an add: the scrollbar (and the layout) changes only if it must.
        self.set_options(options)
        self.highlighted = 0

    def show_message(self, text: str) -> None:
        self._items = []
        self.set_options([Option(Content.styled(text, "italic $foreground-muted"), disabled=True)])

    @staticmethod
    def _prompt(item: RelatedItem) -> Content:
        s = item.summary
        filled, empty = score_bar(item.score)
        meta = " · ".join(p for p in (one_line(s.source or ""), short_date(s.published)) if p)
        shared = ", ".join(one_line(name) for name in item.shared[:3])
        if len(item.shared) > 3:
            shared += f" +{len(item.shared) - 3}"
        return Content.assemble(
            (one_line(s.title) or "(untitled)", "bold"),
            "\n",
            (meta, "$foreground-muted"),
            "\n",
            (filled, "$text-accent"),
            (empty, "$foreground-muted"),
            (f" {round(item.score * 100):>3}%", "$foreground-muted"),
            ("  " + shared if shared else "", "$text-secondary"),
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(RelatedChosen(event.option.id))
