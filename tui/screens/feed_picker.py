"""Pick a feed or folder to filter the list by; the tag picker's layout and keys, over feeds."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..display import one_line
from ..filters import FeedChoice
from .tag_picker import SHOWN_AT_MOST, TagPickerScreen


class FeedPickerScreen(TagPickerScreen):
    """Dismisses with the chosen FeedChoice (kind "all" clears the filter), or None when cancelled."""

    CSS_PATH = "tag_picker.tcss"
    BINDING_GROUP_TITLE = "Feed picker"

    def __init__(self, choices: Sequence[FeedChoice], *, current: frozenset[str] | None = None) -> None:
        super().__init__(())
        self._choices = list(choices)
        self._labels = [one_line(c.label).casefold() for c in self._choices]
        self._current_urls = current
        self._shown_choices: list[FeedChoice] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker") as picker:
            picker.border_title = "Filter by feed"
            yield Input(placeholder="Type to filter feeds and folders…", id="tag-query")
            yield OptionList(id="tag-options", markup=False)
            yield Static(id="tag-status")

    def _choose(self, index: int) -> None:
        if 0 <= index < len(self._shown_choices):
            self.dismiss(self._shown_choices[index])

    def _fill(self, text: str) -> None:
        words = text.casefold().split()
        matches = [c for c, label in zip(self._choices, self._labels) if all(w in label for w in words)]
        self._shown_choices = matches[:SHOWN_AT_MOST]
        # The base class's Enter handler checks its own list; keep it non-empty when there are rows.
        self._shown = [None] * len(self._shown_choices)  # type: ignore[list-item]
        options = self.query_one("#tag-options", OptionList)
        options.clear_options()
        options.add_options(Option(self._row(c, indent=not words)) for c in self._shown_choices)
        if self._shown_choices:
            options.highlighted = 0
        feeds = sum(1 for c in self._choices if c.kind == "feed")
        status = self.query_one("#tag-status", Static)
        if not matches:
            status.update(Content("No feed or folder matches."))
        elif feeds == 0:
            status.update(Content("No subscriptions yet; `newsdesk add-feed URL` adds one."))
        elif len(matches) > len(self._shown_choices):
            status.update(Content(f"{len(self._shown_choices)} of {len(matches)} shown; type to narrow."))
        else:
            status.update(Content(f"{feeds} feeds · enter filters the list · escape closes"))

    def _row(self, choice: FeedChoice, *, indent: bool) -> Content:
        current = choice.urls == self._current_urls
        pad = "  " * choice.depth if indent else ""
        label = one_line(choice.label)
        if choice.kind == "folder":
            label = f"📁 {label}"
        return Content.assemble(
            pad,
            (label, "bold" if current else ""),
            (f"  {choice.unread} unread / {choice.total}", "$foreground-muted"),
        )
