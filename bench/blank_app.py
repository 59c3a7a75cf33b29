"""The floor for a reader's cold start: a Textual app with one line of text and nothing else."""

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "BLANK-APP-READY"


class BlankApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    BlankApp().run()
