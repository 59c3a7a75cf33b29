"""Reading state (read, read_at, starred), kept apart from the articles.

Marking one article read must be durable at once and must not rewrite the
article collection, nor even the whole state table. So a change is one line
appended to ``state.journal`` and fsynced; the snapshot table ``state.json``
(TinyDB, only articles whose state is not the default) absorbs the journal
from time to time in one atomic write. Every journal line holds an article's
whole state, so replaying it twice is harmless and a torn last line (a crash
mid-append) is simply ignored.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import orjson
from tinydb import TinyDB

from .models import ReadState
from .storage import (
    AtomicJSONStorage,
    StoreCorruptError,
    StoreWriteError,
    building_many,
    describe_os_error,
    file_signature,
)

STATE_TABLE = "state"
COMPACT_AFTER_LINES = 2000


_NEW_STATE = ReadState.__new__
_SET_READ, _SET_READ_AT, _SET_STARRED = (getattr(ReadState, f).__set__ for f in ("read", "read_at", "starred"))


def _state_from_row(row: dict) -> ReadState:
    # Slot setters instead of the frozen dataclass's __init__: a large store has tens of thousands.
    state = _NEW_STATE(ReadState)
    _SET_READ(state, bool(row.get("read", False)))
    read_at = row.get("read_at")
    _SET_READ_AT(state, read_at if isinstance(read_at, str) else None)
    _SET_STARRED(state, bool(row.get("starred", False)))
    return state


def _row(article_id: str, state: ReadState) -> dict:
    return {"id": article_id, "read": state.read, "read_at": state.read_at, "starred": state.starred}


class ReadingState:
    """In-memory view of the reading state, refreshed cheaply from disk."""

    def __init__(self, directory: Path) -> None:
        self.snapshot_path = directory / "state.json"
        self.journal_path = directory / "state.journal"
        self._db = TinyDB(self.snapshot_path, storage=AtomicJSONStorage)
        self._states: dict[str, ReadState] = {}
        # Snapshot rows not yet turned into ReadState objects (by id); a start-up needs only a few.
        self._raw: dict[str, dict] = {}
        # Not None, so the first refresh reads the snapshot even when it is absent (a lost file has a backup).
        self._snapshot_sig: tuple[int, int, int] | None = ("unloaded",)  # type: ignore[assignment]
        self._journal_ino: int | None = None
        self._journal_offset = 0
        self._journal_lines = 0

    # -- reading ---------------------------------------------------------
    def refresh(self) -> bool:
        """Bring the in-memory view up to date; True when anything changed."""
        changed = False
        sig = file_signature(self.snapshot_path)
        if sig != self._snapshot_sig:
            storage = self._db.storage
            # The raw rows, not TinyDB documents (a copy of each): this runs on every start-up.
            table = (storage.read() or {}).get(STATE_TABLE, {})
            self._raw = {row["id"]: row for row in table.values() if isinstance(row.get("id"), str)}
            self._states = {}
            # Nothing reads the parsed file again until the next compaction.
            storage.close()
            self._snapshot_sig = sig
            self._journal_ino, self._journal_offset, self._journal_lines = None, 0, 0
            changed = True
        return self._read_journal() or changed

    def _read_journal(self) -> bool:
        jsig = file_signature(self.journal_path)
        if jsig is None:
            changed = self._journal_offset != 0
            self._journal_ino, self._journal_offset, self._journal_lines = None, 0, 0
            return changed
        ino, size, _ = jsig
        if ino != self._journal_ino or size < self._journal_offset:
            # The journal was compacted into the snapshot by another process.
            if self._journal_ino is not None:
                self._snapshot_sig = None
                return self.refresh()
            self._journal_ino, self._journal_offset, self._journal_lines = ino, 0, 0
        if size == self._journal_offset:
            return False
        with open(self.journal_path, "rb") as fh:
            fh.seek(self._journal_offset)
            chunk = fh.read(size - self._journal_offset)
        # Only whole lines count; a torn tail stays unread until it is completed.
        end = chunk.rfind(b"\n") + 1
        for line in chunk[:end].splitlines():
            self._journal_lines += 1
            try:
                row = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if isinstance(row, dict) and isinstance(row.get("id"), str):
                state = _state_from_row(row)
                self._raw.pop(row["id"], None)
                if state.is_default:
                    self._states.pop(row["id"], None)
                else:
                    self._states[row["id"]] = state
        self._journal_offset += end
        return end > 0

    def get(self, article_id: str) -> ReadState:
        state = self._states.get(article_id)
        if state is None:
            row = self._raw.pop(article_id, None)
            if row is None:
                return ReadState()
            state = self._states[article_id] = _state_from_row(row)
        return state

    def all(self) -> dict[str, ReadState]:
        if self._raw:
            states = self._states
            with building_many():
                for aid, row in self._raw.items():
                    states[aid] = _state_from_row(row)
            self._raw = {}
        return self._states

    # -- writing (the caller holds the store lock) ----------------------------
    def set_many(self, changes: Iterable[tuple[str, ReadState]]) -> None:
        """Append the changes to the journal and fsync; durable when this returns."""
        self.refresh()
        lines = []
        for article_id, state in changes:
            if self.get(article_id) == state:
                continue
            lines.append(orjson.dumps(_row(article_id, state)) + b"\n")
        if not lines:
            return
        blob = b"".join(lines)
        try:
            fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                start = os.fstat(fd).st_size
                # A torn line from a crashed writer must not swallow our first line.
                if start and not self._journal_ends_with_newline():
                    blob = b"\n" + blob
                try:
                    view = memoryview(blob)
                    while view:
                        view = view[os.write(fd, view):]
                    os.fsync(fd)
                except OSError:
                    # A failed change must not half-apply later: cut what was appended.
                    try:
                        os.ftruncate(fd, start)
                    except OSError:
                        pass
                    raise
            finally:
                os.close(fd)
        except OSError as exc:
            raise StoreWriteError(
                f"cannot save reading state to {self.journal_path}: {describe_os_error(exc)}; "
                "earlier changes are intact"
            ) from exc
        self._read_journal()
        if self._journal_lines >= COMPACT_AFTER_LINES:
            try:
                self.compact()
            except StoreWriteError:
                # The change itself is durable in the journal; folding it in can wait for the next write.
                pass

    def _journal_ends_with_newline(self) -> bool:
        with open(self.journal_path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) == b"\n"

    def compact(self) -> None:
        """Fold the journal into the snapshot (one atomic write), then drop the journal."""
        self.refresh()
        rows = {str(i + 1): _row(aid, st) for i, (aid, st) in enumerate(sorted(self.all().items()))}
        storage = self._db.storage
        data = dict(storage.read() or {})
        data[STATE_TABLE] = rows
        storage.write(data)
        # Our own write must not look like someone else's change.
        self._db.clear_cache()
        try:
            os.unlink(self.journal_path)
        except FileNotFoundError:
            pass
        self._snapshot_sig = file_signature(self.snapshot_path)
        self._journal_ino, self._journal_offset, self._journal_lines = None, 0, 0

    def check(self) -> list[str]:
        """Problems found reading the state files (for ``doctor``)."""
        problems = []
        try:
            self._db.storage.read()
        except StoreCorruptError as exc:
            problems.append(str(exc))
        return problems

    def close(self) -> None:
        self._db.close()
