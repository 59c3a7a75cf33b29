"""The store opened while the reader starts: in a thread begun before the UI is imported.

Importing Textual and building the first screen take most of a second's first fifth;
the store's newest rows are read in that time, so the first frame can show them.
This module must stay light: it runs before anything else of the reader is imported.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

# Rows shown before the whole store is read: more than any screen holds.
FIRST_PAINT_ROWS = 200


def newest_rows(store: Any, rows: int = FIRST_PAINT_ROWS) -> tuple[list[Any], dict[str, Any]]:
    """A store's ``rows`` newest summaries and their reading states: what a first screen shows."""
    first = store.recent_summaries(rows)
    return first, {s.id: store.state(s.id) for s in first}


class StoreOpening:
    """Opens the store at ``path`` (lazily) and reads its ``rows`` newest summaries and their states."""

    def __init__(self, path: Path, rows: int = FIRST_PAINT_ROWS) -> None:
        self.path = Path(path)
        self.rows = rows
        self.store: Any = None
        self.first: list[Any] = []
        self.states: dict[str, Any] = {}
        self.error: BaseException | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="newsdesk-open-store", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            from store.db import Store

            store = Store(self.path, create=True, lazy=True)
            self.store = store
            self.first, self.states = newest_rows(store, self.rows)
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits, who reports it
            self.error = exc
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def close(self) -> None:
        """Close the store if it was opened (for a reader that quit before taking it)."""
        self._done.wait()
        if self.store is not None:
            self.store.close()
            self.store = None
