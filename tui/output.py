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
from typing import Any

import orjson
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

_BIDI = {0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}


def _inert_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if code not in (0x09, 0x0A):
            table[code] = chr(0x2400 + code)  # control pictures: ␛ for ESC, ␇ for BEL ...
    table[0x7F] = "\u2421"
    for code in range(0x80, 0xA0):
        table[code] = f"\\x{code:02x}"
    for code in _BIDI:
        table[code] = f"\\u{code:04x}"
    return table


_INERT = _inert_table()


def inert(value: object) -> str:
    """Text made harmless for a terminal: control, escape and bidi characters shown as codes."""
    if value is None:
        return ""
    return str(value).translate(_INERT)


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
