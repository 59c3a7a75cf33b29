"""Terminal output for the command line: tables, JSON lines, errors and progress.

Article text is data. Everything printed as a table goes through ``inert`` so
that escape sequences, control characters and bidi overrides from an article
show as visible codes instead of acting on the terminal; Rich markup is never
interpreted because cells are ``Text`` objects. JSON output keeps exact text.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import orjson
from rich.console import Console
from rich.text import Text

from .display import inert

if TYPE_CHECKING:
    from rich.progress import Progress

__all__ = ["Output", "ProgressBar", "inert"]


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _one_line(value: object) -> str:
    """Inert text on one line: a newline in a title must not forge a table row of its own."""
    return inert(value).replace("\n", " ").replace("\t", " ")


class Output:
    """Where a command's results go: stdout for data, stderr for errors and progress."""

    def __init__(self, *, json_mode: bool = False, stdout=None, stderr=None) -> None:
        self.json_mode = json_mode
        self._stdout = stdout or sys.stdout
        self._stderr = stderr or sys.stderr
        # Piped tables are for grep and scripts: one row per line, never folded to 80 columns.
        width = None if _isatty(self._stdout) else 4096
        self.console = Console(
            file=self._stdout, markup=False, highlight=False, emoji=False, soft_wrap=False, width=width
        )
        self.err_console = Console(file=self._stderr, markup=False, highlight=False, emoji=False)

    def json(self, obj: Any) -> None:
        """One JSON value on one line."""
        self._stdout.write(orjson.dumps(obj).decode("utf-8") + "\n")
        self._stdout.flush()

    def line(self, text: str = "") -> None:
        self._stdout.write(inert(text) + "\n")

    def text(self, text: Text) -> None:
        self.console.print(text)

    def table(self, columns: Sequence[str], rows: Sequence[Sequence[object]], *, title: str | None = None) -> None:
        # Imported here: the reader imports this module and never prints a table.
        from rich.table import Table

        table = Table(title=None if title is None else _one_line(title), show_edge=False, pad_edge=False, header_style="bold", box=None)
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*(Text(_one_line(cell)) for cell in row))
        self.console.print(table)

    def error(self, message: str) -> None:
        """One line on stderr, prefixed with the program name."""
        self._stderr.write("newsdesk: " + inert(message) + "\n")
        self._stderr.flush()

    def note(self, message: str) -> None:
        if not self.json_mode:
            self._stderr.write(inert(message) + "\n")

    @property
    def interactive(self) -> bool:
        return not self.json_mode and hasattr(self._stderr, "isatty") and self._stderr.isatty()

    @contextlib.contextmanager
    def progress(self, total: int | None, label: str) -> Iterator["ProgressBar"]:
        """A progress bar on stderr when it is a terminal; silent when piped or with --json."""
        if not self.interactive or (total is not None and total < 2):
            yield ProgressBar(None, None)
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=self.err_console,
            transient=True,
        )
        with progress:
            task = progress.add_task(label, total=total)
            yield ProgressBar(progress, task)


class ProgressBar:
    def __init__(self, progress: Progress | None, task) -> None:
        self._progress = progress
        self._task = task

    def advance(self, amount: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, amount)

    def update(self, *, total: int | None = None, description: str | None = None) -> None:
        if self._progress is not None:
            kwargs = {}
            if total is not None:
                kwargs["total"] = total
            if description is not None:
                kwargs["description"] = description
            self._progress.update(self._task, **kwargs)
