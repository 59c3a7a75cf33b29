"""Atomic, cached TinyDB storage and the cross-process store lock.

A Storage is a tiny class with ``read()`` and ``write()``, as TinyDB wants.
Ours writes a temp file in the same directory, fsyncs it, keeps the previous
good file as ``<name>.bak`` (a hard link, so no copy) and ``os.replace``s the
new one in, then fsyncs the directory. A crash at any point leaves either the
old or the new file, never a mix. Reads are cached by file identity (inode,
size, mtime), so a file that did not change is not parsed again.
"""

from __future__ import annotations

import errno
import fcntl
import gc
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

SCHEMA_VERSION = 1


class StoreError(Exception):
    """A problem with the store that the user must act on; the message says what."""


class StoreCorruptError(StoreError):
    """A store file exists but cannot be read; it is never overwritten."""

    def __init__(self, path: Path, reason: str):
        self.path = Path(path)
        self.reason = reason
        backup = backup_path(self.path)
        hint = (
            f"a copy of the last good version is {backup}; run `newsdesk doctor --repair` to restore it"
            if backup.exists()
            else "no backup exists; move the file aside to start it afresh, or run `newsdesk doctor`"
        )
        super().__init__(f"store file {self.path} cannot be read ({reason}); {hint}")


class StoreWriteError(StoreError):
    """Writing failed (disk full, I/O error, read-only); the previous data is intact."""


@contextmanager
def building_many() -> Iterator[None]:
    """No cyclic garbage collection while a large, acyclic structure is built (the list of a
    big store): every collection would walk all the objects made so far, again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """Identity of a file's current version, or None when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def describe_os_error(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EIO:
        return "an input/output error"
    return exc.strerror or str(exc)


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def atomic_write_bytes(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file."""
    path = Path(path)
    tmp = temp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        swap_in(tmp, path, keep_backup=keep_backup)
        fsync_dir(path.parent)
    except OSError as exc:
        _unlink_quietly(tmp)
        raise StoreWriteError(f"cannot write {path}: {describe_os_error(exc)}; the previous version is intact") from exc


def temp_path(path: Path) -> Path:
    """Where a new version of ``path`` is written before it is swapped in: beside it, hidden,
    and named for this process and thread so that concurrent writers never share one."""
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")


def swap_in(tmp: Path, path: Path, *, keep_backup: bool = True) -> None:
    """Rename the written and synced file ``tmp`` over ``path``; the version it replaces
    becomes ``path``'s backup. The caller syncs the directory. Raises OSError, leaving
    ``path`` and its backup as they were, if the rename fails."""
    bak_tmp: Path | None = None
    if keep_backup:
        bak_tmp = path.with_name(f".{path.name}.{os.getpid()}.bak.tmp")
        _unlink_quietly(bak_tmp)
        try:
            os.link(path, bak_tmp)
        except OSError:
            # No file yet, or a file system without hard links: only the backup is lost, never data.
            bak_tmp = None
    try:
        os.replace(tmp, path)
    except OSError:
        if bak_tmp is not None:
            _unlink_quietly(bak_tmp)
        raise
    if bak_tmp is not None:
        # Only now: a write that failed must not have replaced the backup either.
        try:
            os.replace(bak_tmp, backup_path(path))
        except OSError:
            _unlink_quietly(bak_tmp)


def load_json_file(path: Path) -> Any:
    """Parse a store file, turning any failure into a StoreCorruptError naming it."""
    try:
        raw = Path(path).read_bytes()
    except IsADirectoryError:
        raise StoreError(f"store file {path} is a directory, not a file") from None
    except PermissionError:
        raise StoreError(f"cannot read store file {path}: permission denied") from None
    if not raw.strip():
        raise StoreCorruptError(path, "the file is empty")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StoreCorruptError(path, f"invalid JSON: {exc}") from None


# How our writers (orjson, no spaces) end a table file: the schema row, then the closing braces.
_TAIL = re.compile(rb'\},"_meta":\{"1":\{"schema":(\d+)\}\}\}\s*\Z')
# Where a record of the first table ends: the next record's key, or the table's end.
_RECORD_END = re.compile(rb'\},"\d+":\{|\}\},"_meta":')


def read_one_record(path: Path, table: str, doc_id: int) -> tuple[dict, tuple[int, int, int]] | None:
    """One record of a table file, parsing only its bytes, with the file's signature.

    For a file of a single data table written by ``AtomicJSONStorage``: a large body shard
    need not be parsed whole to show one article. None when that shortcut does not apply
    (the file is absent or shaped otherwise, or the record is not in it): the caller then
    reads the file the usual way, which also reports what is wrong with it.
    """
    try:
        with open(path, "rb") as f:
            raw = f.read()
            st = os.fstat(f.fileno())
    except OSError:
        return None
    tail = _TAIL.search(raw, max(0, len(raw) - 64))
    opening = b'{"' + table.encode() + b'":{'
    if tail is None or int(tail.group(1)) > SCHEMA_VERSION or not raw.startswith(opening):
        return None
    # Inside a JSON string every quote is escaped, so a quote after ``{`` or ``,`` is a key's.
    key = b'"%d":{' % doc_id
    at = raw.find(b"{" + key, len(opening) - 1, len(opening) + len(key))
    if at < 0:
        at = raw.find(b"," + key, len(opening))
    if at < 0 or at > tail.start():
        return None
    start = at + len(key)
    end = _RECORD_END.search(raw, start)
    if end is None:
        return None
    try:
        record = orjson.loads(raw[start : end.start() + 1])
    except orjson.JSONDecodeError:
        return None
    if not isinstance(record, dict):
        return None
    return record, (st.st_ino, st.st_size, st.st_mtime_ns)


class AtomicJSONStorage(Storage):
    """TinyDB storage: orjson, atomic replace, backup of the last good file, read cache."""

    def __init__(self, path: str | os.PathLike, **_: Any) -> None:
        super().__init__()
        self.path = Path(path)
        self._cache: dict | None = None
        self._cache_sig: tuple[int, int, int] | None = None

    def read(self) -> dict | None:
        sig = file_signature(self.path)
        if sig is None:
            self._cache, self._cache_sig = None, None
            if backup_path(self.path).exists():
                # Writes never remove the file, so it was lost; a fresh one would later overwrite the backup.
                raise StoreCorruptError(self.path, "the file is missing")
            return None
        if sig == self._cache_sig and self._cache is not None:
            return self._cache
        data = load_json_file(self.path)
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise StoreCorruptError(self.path, "the file is not a newsdesk table file")
        if not all(isinstance(row, dict) and key.isdigit() for table in data.values() for key, row in table.items()):
            raise StoreCorruptError(self.path, "a record in it has an unexpected shape")
        meta = data.get("_meta", {}).get("1", {})
        schema = meta.get("schema", SCHEMA_VERSION) if isinstance(meta, dict) else SCHEMA_VERSION
        if isinstance(schema, int) and schema > SCHEMA_VERSION:
            raise StoreError(
                f"store file {self.path} was written by a newer newsdesk (schema {schema}, "
                f"this version reads {SCHEMA_VERSION}); upgrade newsdesk to open it"
            )
        self._cache, self._cache_sig = data, sig
        return data

    def write(self, data: dict) -> None:
        data.setdefault("_meta", {"1": {"schema": SCHEMA_VERSION}})
        try:
            blob = orjson.dumps(data)
            atomic_write_bytes(self.path, blob)
        except BaseException:
            # TinyDB mutated the cached dict in place; it no longer matches the file.
            self._cache, self._cache_sig = None, None
            raise
        self._cache, self._cache_sig = data, file_signature(self.path)

    def close(self) -> None:
        self._cache = None

    @property
    def signature(self) -> tuple[int, int, int] | None:
        return file_signature(self.path)


class StoreLock:
    """One writer at a time across processes (flock) and threads (RLock); re-entrant."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    def __enter__(self) -> "StoreLock":
        self._thread_lock.acquire()
        try:
            if self._depth == 0:
                try:
                    fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
                except OSError as exc:
                    raise StoreError(f"cannot lock the store at {self.path.parent}: {describe_os_error(exc)}") from exc
                fcntl.flock(fd, fcntl.LOCK_EX)
                self._fd = fd
            self._depth += 1
        except BaseException:
            self._thread_lock.release()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self._depth -= 1
            if self._depth == 0 and self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
                os.close(self._fd)
                self._fd = None
        finally:
            self._thread_lock.release()
