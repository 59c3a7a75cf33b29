"""The help screen, generated from the bindings (the same ones the footer and palette use)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..display import fit
from ..keymap import KeySection

KEYS_WIDTH = 20


def section_content(section: KeySection, *, show_ids: bool = True) -> Content:
    lines: list[Content] = []
    for entry in section.entries:
        keys = " / ".join(entry.keys)
        parts: list[str | tuple[str, str]] = [(fit(keys, KEYS_WIDTH), "bold $text-accent"), " ", entry.description]
        if show_ids:
            parts.append((f"  {entry.binding_id}", "$foreground-muted"))
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDING_GROUP_TITLE = "Help"

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close help", id="help_close"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False, id="help_down"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False, id="help_up"),
    ]

    def __init__(self, sections: Sequence[KeySection], *, config_hint: str = "") -> None:
        super().__init__()
        self._sections = sections
        self._config_hint = config_hint

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "escape closes"
            for section in self._sections:
                if not section.entries:
                    continue
                yield Static(Content(section.title), classes="help-title")
                yield Static(section_content(section), classes="help-keys")
            yield Static(Content("Every action is also in the command palette (ctrl+p)."), classes="help-note")
            if self._config_hint:
                yield Static(Content(self._config_hint), classes="help-note")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_relative(y=lines, animate=False)
