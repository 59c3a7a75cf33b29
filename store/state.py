"""Reading state (read, read_at, starred), kept apart from the articles.

Marking one article read must be durable at once and must not rewrite the
article collection, nor even the whole state table. So a change is one line
appended to ``state.journal`` and fsynced; the snapshot table ``state.json``
(TinyDB, only articles whose state is not the default) absorbs the journal
from time to time in one atomic write. Every journal line holds an article's
whole state, so replaying it twice is harmless and a torn last line (a crash
mid-append) is simply ignored.

``index-state.bin`` is derived from ``state.json``: the same rows as packed
columns (the sorted ids, and a number each for read, starred and which of the
distinct read_at strings), so opening a large store reads a few hundred
kilobytes instead of parsing the whole snapshot. It names the snapshot version it was made from
(inode, size, mtime) and carries a checksum; a stale, truncated or damaged one
is ignored and rewritten from ``state.json``, which always wins.
"""

from __future__ import annotations

import os
import sys
import threading
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from itertools import accumulate
from pathlib import Path

import orjson
from tinydb import TinyDB

from .models import ReadState
from .storage import (
    SCHEMA_VERSION,
    AtomicJSONStorage,
    StoreCorruptError,
    StoreWriteError,
    building_many,
    describe_os_error,
    file_signature,
)

STATE_TABLE = "state"
COMPACT_AFTER_LINES = 2000
CACHE_FILE = "index-state.bin"
CACHE_VERSION = 2
_CACHE_MAGIC = b"NDSTATE\0"


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


def _encode_id(article_id: str) -> bytes:
    return article_id.encode("utf-8", "surrogatepass")


class _Snapshot:
    """The rows of one ``state.json`` version as packed columns, sorted by id.

    ``ids`` holds every id followed by a newline and ``off`` where each one starts (count + 1
    entries); ``keys`` holds a number per row: 1 read, 2 starred, plus 4 times the place of its
    read_at in ``times`` (counted from 1; 0 for none). ReadState objects are made on demand, one
    per distinct key, shared between rows; they are frozen, so sharing is invisible.
    """

    __slots__ = ("count", "ids", "off", "keys", "times", "_made")

    def __init__(self, ids: bytes, off: array, keys: array, times: list[str]) -> None:
        self.count = len(keys)
        self.ids, self.off, self.keys, self.times = ids, off, keys, times
        self._made: dict[int, ReadState] = {}

    @classmethod
    def from_states(cls, states: Mapping[str, ReadState]) -> "_Snapshot":
        ids = sorted(states)
        rows = [states[k] for k in ids]
        return cls._pack(ids, [s.read | (s.starred << 1) for s in rows], [s.read_at for s in rows])

    @classmethod
    def from_rows(cls, rows: Mapping[str, dict]) -> "_Snapshot":
        """Straight from ``state.json``'s rows (by id), read as ``_state_from_row`` reads them."""
        ids = sorted(rows)
        table = [rows[k] for k in ids]
        flags = [bool(r.get("read", False)) | (bool(r.get("starred", False)) << 1) for r in table]
        return cls._pack(ids, flags, [r.get("read_at") for r in table])

    @classmethod
    def _pack(cls, ids: list[str], flags: list[int], read_ats: list) -> "_Snapshot":
        blob = "".join([k + "\n" for k in ids]).encode("utf-8", "surrogatepass")
        if len(blob) == len(ids) + sum(map(len, ids)):
            lengths = [len(k) + 1 for k in ids]  # all ASCII: a character is a byte
        else:
            lengths = [len(_encode_id(k)) + 1 for k in ids]
        off = array("I", accumulate(lengths, initial=0))
        number: dict[str, int] = {}
        keys = array(
            "I",
            [f | (number.setdefault(t, len(number) + 1) << 2 if type(t) is str else 0) for f, t in zip(flags, read_ats)],
        )
        return cls(blob, off, keys, list(number))

    def find(self, article_id: str) -> int:
        """The row of ``article_id``, or -1."""
        key = _encode_id(article_id)
        ids, off = self.ids, self.off
        i = bisect_left(range(self.count), key, key=lambda j: ids[off[j] : off[j + 1] - 1])
        if i < self.count and ids[off[i] : off[i + 1] - 1] == key:
            return i
        return -1

    def state(self, i: int) -> ReadState:
        return self._made.get(self.keys[i]) or self._make(self.keys[i])

    def _make(self, key: int) -> ReadState:
        state = _NEW_STATE(ReadState)
        _SET_READ(state, bool(key & 1))
        _SET_READ_AT(state, self.times[(key >> 2) - 1] if key >> 2 else None)
        _SET_STARRED(state, bool(key & 2))
        self._made[key] = state
        return state

    def id_list(self) -> list[str]:
        ids = self.ids
        if ids.count(b"\n") == self.count:
            return ids.decode("utf-8", "surrogatepass").split("\n")[:-1]
        # An id holding a newline: cut by the offsets instead.
        off = self.off
        return [ids[off[j] : off[j + 1] - 1].decode("utf-8", "surrogatepass") for j in range(self.count)]

    def as_dict(self) -> dict[str, ReadState]:
        made = self._made
        for key in set(self.keys).difference(made):
            self._make(key)
        return dict(zip(self.id_list(), map(made.__getitem__, self.keys)))

    # -- the cache file ----------------------------------------------------
    def to_bytes(self, sig: tuple[int, int, int], schema: int) -> bytes:
        payload = [self.ids, self.off.tobytes(), self.keys.tobytes(), orjson.dumps(self.times)]
        crc = 0
        for part in payload:
            crc = zlib.crc32(part, crc)
        head = orjson.dumps(
            {
                "version": CACHE_VERSION,
                "sig": list(sig),
                "schema": schema,
                "count": self.count,
                "ids": len(self.ids),
                "times": len(payload[-1]),
                "crc": crc,
                "byteorder": sys.byteorder,
            }
        )
        return b"".join([_CACHE_MAGIC, len(head).to_bytes(4, "little"), head, *payload])

    @classmethod
    def from_bytes(cls, raw: bytes, sig: tuple[int, int, int]) -> "_Snapshot | None":
        """The snapshot a cache file holds when it was made from the ``state.json`` of ``sig``."""
        if not raw.startswith(_CACHE_MAGIC):
            return None
        pos = len(_CACHE_MAGIC)
        head_len = int.from_bytes(raw[pos : pos + 4], "little")
        pos += 4
        head = orjson.loads(raw[pos : pos + head_len])
        pos += head_len
        if (
            not isinstance(head, dict)
            or head.get("version") != CACHE_VERSION
            or head.get("sig") != list(sig)
            or head.get("byteorder") != sys.byteorder
            or not isinstance(head.get("schema"), int)
            or head["schema"] > SCHEMA_VERSION
        ):
            return None
        n, ids_len, times_len = head.get("count"), head.get("ids"), head.get("times")
        if not all(type(x) is int and x >= 0 for x in (n, ids_len, times_len)):
            return None
        if array("I").itemsize != 4 or len(raw) - pos != ids_len + 4 * (n + 1) + 4 * n + times_len:
            return None
        view = memoryview(raw)
        if zlib.crc32(view[pos:]) != head["crc"]:
            return None
        ids = raw[pos : pos + ids_len]
        pos += ids_len
        off, keys = array("I"), array("I")
        off.frombytes(view[pos : pos + 4 * (n + 1)])
        pos += 4 * (n + 1)
        keys.frombytes(view[pos : pos + 4 * n])
        pos += 4 * n
        times = orjson.loads(view[pos:])
        view.release()
        if (
            off[0] != 0
            or off[-1] != ids_len
            or not isinstance(times, list)
            or not all(type(t) is str for t in times)
            or (n and max(keys) >> 2 > len(times))
        ):
            return None
        return cls(ids, off, keys, times)


def _load_cache(path: Path, sig: tuple[int, int, int]) -> _Snapshot | None:
    try:
        return _Snapshot.from_bytes(path.read_bytes(), sig)
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return None


def _save_cache(path: Path, blob: bytes) -> None:
    # Derived data: no fsync (a torn file fails its checksum) and any failure only costs speed.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


class ReadingState:
    """In-memory view of the reading state, refreshed cheaply from disk."""

    def __init__(self, directory: Path) -> None:
        self.snapshot_path = directory / "state.json"
        self.journal_path = directory / "state.journal"
        self.cache_path = directory / CACHE_FILE
        self._db = TinyDB(self.snapshot_path, storage=AtomicJSONStorage)
        # Every state known apart from the snapshot's rows not looked at yet.
        self._states: dict[str, ReadState] = {}
        # The snapshot's rows, until all() turns them into ReadState objects; a start-up needs only a few.
        self._snap: _Snapshot | None = None
        # Ids whose snapshot row a journal line has set back to the default state.
        self._cleared: set[str] = set()
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
            snap = _load_cache(self.cache_path, sig) if sig is not None else None
            if snap is None:
                snap = self._parse_snapshot(sig)
            self._snap = snap if snap.count else None
            self._states, self._cleared = {}, set()
            self._snapshot_sig = sig
            self._journal_ino, self._journal_offset, self._journal_lines = None, 0, 0
            changed = True
        return self._read_journal() or changed

    def _parse_snapshot(self, sig: tuple[int, int, int] | None) -> _Snapshot:
        storage = self._db.storage
        # The raw rows, not TinyDB documents (a copy of each).
        data = storage.read() or {}
        table = data.get(STATE_TABLE, {})
        rows = {row["id"]: row for row in table.values() if isinstance(row.get("id"), str)}
        meta = data.get("_meta", {}).get("1", {})
        schema = meta.get("schema", SCHEMA_VERSION) if isinstance(meta, dict) else SCHEMA_VERSION
        del data, table
        # Nothing reads the parsed file again until the next compaction.
        storage.close()
        snap = _Snapshot.from_rows(rows)
        # Only a file that did not change while it was read may vouch for the cache.
        if sig is not None and isinstance(schema, int) and file_signature(self.snapshot_path) == sig:
            _save_cache(self.cache_path, snap.to_bytes(sig, schema))
        return snap

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
                if state.is_default:
                    self._states.pop(row["id"], None)
                    if self._snap is not None:
                        self._cleared.add(row["id"])
                else:
                    self._states[row["id"]] = state
        self._journal_offset += end
        return end > 0

    def get(self, article_id: str) -> ReadState:
        """The state of one article (the default one when nothing is stored)."""
        state = self._states.get(article_id)
        if state is None:
            snap = self._snap
            if snap is None or article_id in self._cleared:
                return ReadState()
            i = snap.find(article_id)
            if i < 0:
                return ReadState()
            state = self._states[article_id] = snap.state(i)
        return state

    def all(self) -> dict[str, ReadState]:
        """Every stored state by article id (the view's own dict, not a copy: do not change it)."""
        snap = self._snap
        if snap is not None:
            with building_many():
                states = snap.as_dict()
                for aid in self._cleared:
                    states.pop(aid, None)
                # Journal lines (and rows already looked at, which are equal) win over the snapshot.
                states.update(self._states)
            self._states, self._snap, self._cleared = states, None, set()
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
        states = self.all()
        rows = {str(i + 1): _row(aid, st) for i, (aid, st) in enumerate(sorted(states.items()))}
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
        self._snapshot_sig = sig = file_signature(self.snapshot_path)
        self._journal_ino, self._journal_offset, self._journal_lines = None, 0, 0
        if sig is not None:
            schema = data.get("_meta", {}).get("1", {}).get("schema", SCHEMA_VERSION)
            _save_cache(self.cache_path, _Snapshot.from_states(states).to_bytes(sig, schema))

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
