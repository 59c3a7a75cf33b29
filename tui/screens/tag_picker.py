"""Pick a tag to filter the list by, with type-to-filter over the store's tags."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from store.models import Entity

from ..display import KIND_TITLES, one_line

SHOWN_AT_MOST = 200


class TagPickerScreen(ModalScreen[tuple[str, str] | None]):
    """Dismisses with (tag id, name), or None when cancelled."""

    CSS_PATH = "tag_picker.tcss"
    BINDING_GROUP_TITLE = "Tag picker"

    BINDINGS = [
        Binding("escape", "cancel", "Close", id="picker_close"),
        Binding("down", "move(1)", "Next tag", show=False, id="picker_down"),
        Binding("up", "move(-1)", "Previous tag", show=False, id="picker_up"),
    ]

    def __init__(
        self,
        tags: Sequence[tuple[Entity, int]],
        *,
        resolve_alias: Callable[[str], str | None] | None = None,
        current: str | None = None,
    ) -> None:
        super().__init__()
        self._tags = list(tags)
        self._names = [(one_line(e.name).casefold(), e.id.casefold()) for e, _ in self._tags]
        self._resolve_alias = resolve_alias
        self._current = current
        self._shown: list[tuple[Entity, int]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker") as picker:
            picker.border_title = "Filter by tag"
            yield Input(placeholder="Type to filter tags…", id="tag-query")
            yield OptionList(id="tag-options", markup=False)
            yield Static(id="tag-status")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#tag-query", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#tag-options", OptionList)
        if options.highlighted is not None and self._shown:
            self._choose(options.highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def action_move(self, step: int) -> None:
        options = self.query_one("#tag-options", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _choose(self, index: int) -> None:
        if 0 <= index < len(self._shown):
            entity, _ = self._shown[index]
            self.dismiss((entity.id, entity.name))

    def _matches(self, text: str) -> list[tuple[Entity, int]]:
        words = text.casefold().split()
        if not words:
            return self._tags
        found = [
            tag
            for tag, (name, tag_id) in zip(self._tags, self._names)
            if all(w in name or w in tag_id for w in words)
        ]
        canonical = self._resolve_alias(text.strip()) if self._resolve_alias else None
        if canonical:
            aliased = [tag for tag in self._tags if tag[0].id == canonical]
            found = aliased + [tag for tag in found if tag[0].id != canonical]
        # Names that start with the text come first, then the rest, each by article count.
        first = words[0]
        found.sort(key=lambda t: (t[0].id != canonical, not one_line(t[0].name).casefold().startswith(first)))
        return found

    def _fill(self, text: str) -> None:
        matches = self._matches(text)
        self._shown = matches[:SHOWN_AT_MOST]
        options = self.query_one("#tag-options", OptionList)
        options.clear_options()
        options.add_options(
            Option(
                Content.assemble(
                    (one_line(entity.name), "bold" if entity.id == self._current else ""),
                    ("  " + KIND_TITLES.get(entity.kind, entity.kind), "$foreground-muted"),
                    (f"  {count}", "$foreground-muted"),
                )
            )
            for entity, count in self._shown
        )
        if self._shown:
            options.highlighted = 0
        status = self.query_one("#tag-status", Static)
        if not self._tags:
            status.update(Content("This store has no tags yet."))
        elif not matches:
            status.update(Content("No tag matches."))
        elif len(matches) > len(self._shown):
            status.update(Content(f"{len(self._shown)} of {len(matches)} tags shown; type to narrow."))
        else:
            status.update(Content(f"{len(matches)} tags · enter filters the list · escape closes"))
