"""Checking and repairing a store directory without opening it as a Store.

A Store refuses to open a damaged file, so ``check_store`` reads every file
itself and lists what is wrong. ``repair_store`` fixes what can be fixed under
the store lock and never deletes a file it could not read: a damaged file is
moved aside as ``<name>.corrupt-<timestamp>`` and replaced by its last good
backup, by the rows that can still be read from it, or by both.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from .storage import (
    SCHEMA_VERSION,
    StoreCorruptError,
    StoreError,
    StoreLock,
    atomic_write_bytes,
    backup_path,
    fsync_dir,
    load_json_file,
)

__all__ = ["Problem", "check_store", "repair_store"]

_HEX_ID = re.compile(r"[0-9a-f]{12}\Z")
_SHARD_NAME = re.compile(r"([0-9a-f]{2})\.json\Z")
_TEMP_NAME = re.compile(r"\..+\.(\d+)\.(?:\d+|bak)\.tmp\Z")
# Every row newsdesk writes starts with its id, so rows can be found again in a damaged file.
_ROW_START = re.compile(r'\{\s*"id"\s*:')
_OPTIONAL_TEXT = ("source", "published", "language", "url", "author", "feed_url", "imported_at", "fp", "norm_url")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a store: the file (relative to the store), a kind and a sentence."""

    file: str
    kind: str
    message: str
    severity: str = "error"  # error: data unusable or missing; warning: a harmless leftover
    repairable: bool = True

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "kind": self.kind,
            "message": self.message,
            "severity": self.severity,
            "repairable": self.repairable,
        }


# -- row shapes ---------------------------------------------------------------------------


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def _article_row_ok(row: dict) -> bool:
    if not (isinstance(row.get("id"), str) and _HEX_ID.match(row["id"]) and isinstance(row.get("title"), str)):
        return False
    if any(row.get(k) is not None and not isinstance(row[k], str) for k in _OPTIONAL_TEXT):
        return False
    entities = row.get("entities") or []
    if not isinstance(entities, list):
        return False
    for e in entities:
        if not (isinstance(e, list) and len(e) >= 3 and all(isinstance(x, str) for x in e[:3])):
            return False
        if len(e) > 3 and not isinstance(e[3], int):
            return False
    return True


def _mend_article_row(row: dict) -> dict | None:
    """An article row with its unreadable optional fields cleared; None without an id and a title."""
    if not (isinstance(row.get("id"), str) and _HEX_ID.match(row["id"]) and isinstance(row.get("title"), str)):
        return None
    mended = dict(row)
    for k in _OPTIONAL_TEXT:
        if mended.get(k) is not None and not isinstance(mended[k], str):
            mended[k] = None
    entities = mended.get("entities")
    if not isinstance(entities, list):
        entities = []
    mended["entities"] = [e for e in entities if _article_row_ok({"id": row["id"], "title": "", "entities": [e]})]
    return mended


def _mend_body_row(row: dict) -> dict | None:
    if not (isinstance(row.get("id"), str) and _HEX_ID.match(row["id"])):
        return None
    keep = {"id": row["id"]}
    for k in ("body", "captions"):
        value = row.get(k)
        keep[k] = [x for x in value if isinstance(x, str)] if isinstance(value, list) else []
    return keep


def _body_row_ok(row: dict) -> bool:
    return (
        isinstance(row.get("id"), str)
        and bool(_HEX_ID.match(row["id"]))
        and _is_text_list(row.get("body"))
        and (row.get("captions") is None or _is_text_list(row.get("captions")))
    )


def _state_row_ok(row: dict) -> bool:
    return (
        isinstance(row.get("id"), str)
        and (row.get("read_at") is None or isinstance(row.get("read_at"), str))
        and all(isinstance(row.get(k, False), bool) for k in ("read", "starred"))
    )


@dataclass(frozen=True)
class _Spec:
    table: str | None  # the table newsdesk keeps in this file (None: not checked row by row)
    row_ok: Callable[[dict], bool] | None
    keyed_by_id: bool  # the row's doc id is its hex id as a number
    noun: str
    mend: Callable[[dict], dict | None] | None = None  # what can be kept of a row of the wrong shape


ARTICLES_SPEC = _Spec("articles", _article_row_ok, True, "articles", _mend_article_row)
BODIES_SPEC = _Spec("bodies", _body_row_ok, True, "bodies", _mend_body_row)
STATE_SPEC = _Spec("state", _state_row_ok, False, "reading states")
FEEDS_SPEC = _Spec(None, None, False, "feeds")


def _accept(spec: _Spec, row: object, shard: str | None) -> dict | None:
    """The row as it can be stored again (mended if need be), or None when nothing of it is usable."""
    if not isinstance(row, dict) or spec.row_ok is None:
        return None
    if not spec.row_ok(row):
        row = spec.mend(row) if spec.mend else None
        if row is None or not spec.row_ok(row):
            return None
    if shard is not None and not row["id"].startswith(shard):
        return None
    return row


def _doc_key(article_id: str) -> str:
    return str(int(article_id, 16))


# -- reading one table file -------------------------------------------------------------------


@dataclass
class _FileStatus:
    path: Path
    state: str  # absent | ok | missing | unreadable | newer | bad-rows
    reason: str = ""
    data: dict | None = None
    rows: dict[str, dict] = field(default_factory=dict)  # valid rows of the expected table, by doc id
    bad_rows: int = 0
    mended: dict[str, dict] = field(default_factory=dict)  # what can be kept of the bad rows
    bad_keys: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return self.state in ("ok", "bad-rows")


def _read_table_file(path: Path, spec: _Spec, *, shard: str | None = None) -> _FileStatus:
    if not os.path.lexists(path):
        if os.path.lexists(backup_path(path)):
            return _FileStatus(path, "missing", "the file is missing but its backup exists")
        return _FileStatus(path, "absent")
    try:
        data = load_json_file(path)
    except StoreCorruptError as exc:
        return _FileStatus(path, "unreadable", exc.reason)
    except (StoreError, OSError) as exc:
        return _FileStatus(path, "unreadable", str(exc))
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        return _FileStatus(path, "unreadable", "the file is not a newsdesk table file")
    meta = data.get("_meta", {}).get("1", {})
    schema = meta.get("schema", SCHEMA_VERSION) if isinstance(meta, dict) else SCHEMA_VERSION
    if not isinstance(schema, int) or isinstance(schema, bool):
        return _FileStatus(path, "unreadable", f"the schema version {schema!r} is not a number")
    if schema > SCHEMA_VERSION:
        return _FileStatus(path, "newer", f"it was written by a newer newsdesk (schema {schema})")
    status = _FileStatus(path, "ok", data=data)
    for name, table in data.items():
        if name == "_meta":
            continue
        for key, row in table.items():
            good = key.isdigit() and isinstance(row, dict)
            if good and name == spec.table and spec.row_ok is not None:
                good = spec.row_ok(row)
                if good and spec.keyed_by_id:
                    good = key == _doc_key(row["id"]) and (shard is None or row["id"].startswith(shard))
            if good:
                if name == spec.table:
                    status.rows[key] = row
                continue
            status.bad_rows += 1
            if name == spec.table:
                status.bad_keys.append(key)
                mended = _accept(spec, row, shard)
                if mended is not None:
                    status.mended[_doc_key(mended["id"]) if spec.keyed_by_id else mended["id"]] = mended
    if status.bad_rows:
        status.state = "bad-rows"
        status.reason = f"{status.bad_rows} record{'s' if status.bad_rows != 1 else ''} with an unexpected shape"
    return status


def _salvage_rows(path: Path, spec: _Spec, *, shard: str | None = None) -> dict[str, dict]:
    """Rows of the expected shape that can still be decoded from a damaged file."""
    if spec.row_ok is None:
        return {}
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    text = raw.decode("utf-8", errors="surrogateescape")
    decoder = json.JSONDecoder()
    found: dict[str, dict] = {}
    for m in _ROW_START.finditer(text):
        try:
            row, _end = decoder.raw_decode(text, m.start())
        except (ValueError, RecursionError):
            continue
        row = _accept(spec, row, shard)
        if row is None:
            continue
        try:
            orjson.dumps(row)  # rejects text holding undecodable bytes (lone surrogates)
        except orjson.JSONEncodeError:
            continue
        key = _doc_key(row["id"]) if spec.keyed_by_id else row["id"]
        found[key] = row
    return found


# -- the store's files -----------------------------------------------------------------------


_SINGULAR = {"articles": "article", "bodies": "body", "reading states": "reading state", "feeds": "feed"}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun if n != 1 else _SINGULAR.get(noun, noun)}"


def _rel(store: Path, path: Path) -> str:
    try:
        return str(path.relative_to(store))
    except ValueError:
        return str(path)


def _shard_paths(store: Path, article_ids: set[str]) -> list[Path]:
    bodies = store / "bodies"
    names: set[str] = {f"{aid[:2]}.json" for aid in article_ids}
    if bodies.is_dir():
        for p in bodies.iterdir():
            name = p.name[:-4] if p.name.endswith(".bak") else p.name
            if _SHARD_NAME.match(name):
                names.add(name)
    return [bodies / n for n in sorted(names)]


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _temp_files(store: Path) -> list[Path]:
    found = []
    for directory in (store, store / "bodies"):
        if not directory.is_dir():
            continue
        for p in directory.iterdir():
            m = _TEMP_NAME.match(p.name)
            if m and not _pid_alive(int(m.group(1))):
                found.append(p)
    return sorted(found)


@dataclass
class _Journal:
    rows: list[dict] = field(default_factory=list)
    torn_tail: bool = False
    garbled: int = 0
    exists: bool = False
    unreadable: bool = False


def _read_journal(path: Path) -> _Journal:
    j = _Journal()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return j
    except OSError:
        j.exists, j.unreadable = True, True
        return j
    j.exists = True
    lines = raw.split(b"\n")
    tail = lines.pop()  # after the last newline: empty unless a writer died mid-line
    j.torn_tail = bool(tail)
    for line in lines:
        if not line.strip():
            continue
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError:
            j.garbled += 1
            continue
        if isinstance(row, dict) and _state_row_ok(row):
            j.rows.append(row)
        else:
            j.garbled += 1
    return j


def _final_states(state: _FileStatus, journal: _Journal) -> dict[str, dict]:
    """Each article's reading state once the journal is replayed over the snapshot; defaults left out."""
    states: dict[str, dict] = {}
    for row in [*state.rows.values(), *journal.rows]:
        states[row["id"]] = row
    return {aid: row for aid, row in states.items() if row.get("read") or row.get("starred")}


def _file_problem(store: Path, status: _FileStatus, noun: str) -> Problem | None:
    rel = _rel(store, status.path)
    bak = backup_path(status.path)
    if status.state == "newer":
        return Problem(rel, "newer-schema", f"{rel}: {status.reason}; upgrade newsdesk to use this store", repairable=False)
    if status.state == "missing":
        return Problem(rel, "missing", f"{rel} is missing; its backup {bak.name} can restore it")
    if status.state == "unreadable":
        backup_ok = _read_table_file(bak, FEEDS_SPEC).usable if os.path.lexists(bak) else False
        hint = f"the backup {bak.name} is readable" if backup_ok else "there is no readable backup"
        return Problem(rel, "unreadable", f"{rel} cannot be read ({status.reason}); {hint}")
    if status.state == "bad-rows":
        return Problem(rel, "bad-rows", f"{rel} has {status.reason}; they cannot be read as {noun}")
    return None


def check_store(path: str | os.PathLike) -> list[Problem]:
    """Every problem found in the store directory; an empty list means it is healthy.

    Reads the files directly, so it works on a store that ``Store`` refuses to open,
    and never writes anything.
    """
    store = Path(path)
    if not store.exists():
        return [Problem("", "no-store", f"there is no store at {store}", repairable=False)]
    if not store.is_dir():
        return [Problem("", "not-a-store", f"{store} is a file, not a store directory", repairable=False)]
    problems: list[Problem] = []

    articles = _read_table_file(store / "articles.json", ARTICLES_SPEC)
    state = _read_table_file(store / "state.json", STATE_SPEC)
    feeds = _read_table_file(store / "feeds.json", FEEDS_SPEC)
    for status, spec in ((articles, ARTICLES_SPEC), (state, STATE_SPEC), (feeds, FEEDS_SPEC)):
        p = _file_problem(store, status, spec.noun)
        if p:
            problems.append(p)

    known = {row["id"] for row in articles.rows.values()}
    articles_known = articles.state in ("ok", "absent")
    for shard_path in _shard_paths(store, known):
        shard = shard_path.name[:2]
        bodies = _read_table_file(shard_path, BODIES_SPEC, shard=shard)
        p = _file_problem(store, bodies, BODIES_SPEC.noun)
        if p:
            problems.append(p)
        if not (bodies.usable or bodies.state == "absent"):
            continue
        rel = _rel(store, shard_path)
        if articles_known:
            orphans = [row["id"] for row in bodies.rows.values() if row["id"] not in known]
            if orphans:
                problems.append(
                    Problem(
                        rel,
                        "orphan-body",
                        f"{rel} holds {_count(len(orphans), 'bodies')} of articles that are not in the store "
                        "(an interrupted import leaves these)",
                        severity="warning",
                    )
                )
        present = bodies.rows.keys() | bodies.mended.keys()
        lost = sorted(aid for aid in known if aid.startswith(shard) and _doc_key(aid) not in present)
        if lost:
            where = f"{rel} is missing" if bodies.state == "absent" else f"they are not in {rel}"
            problems.append(
                Problem(
                    rel,
                    "missing-body",
                    f"{len(lost)} article{'s' if len(lost) != 1 else ''} ({', '.join(lost[:3])}"
                    f"{', ...' if len(lost) > 3 else ''}) have no body: {where}",
                )
            )

    journal = _read_journal(store / "state.journal")
    if journal.unreadable:
        problems.append(Problem("state.journal", "unreadable", "state.journal cannot be read", repairable=False))
    if journal.torn_tail or journal.garbled:
        what = []
        if journal.torn_tail:
            what.append("an incomplete last line (a writer was interrupted)")
        if journal.garbled:
            what.append(f"{journal.garbled} unreadable line{'s' if journal.garbled != 1 else ''}")
        problems.append(
            Problem("state.journal", "torn-journal", "state.journal has " + " and ".join(what) + "; they are ignored", severity="warning")
        )
    if articles_known and state.state in ("ok", "absent"):
        unknown = sorted(aid for aid in _final_states(state, journal) if aid not in known)
        if unknown:
            problems.append(
                Problem(
                    "state.json",
                    "unknown-state",
                    f"reading state is kept for {len(unknown)} article{'s' if len(unknown) != 1 else ''} "
                    f"that {'are' if len(unknown) != 1 else 'is'} not in the store ({', '.join(unknown[:3])}"
                    f"{', ...' if len(unknown) > 3 else ''})",
                    severity="warning",
                )
            )

    for tmp in _temp_files(store):
        rel = _rel(store, tmp)
        problems.append(Problem(rel, "temp-file", f"{rel} is a temporary file left by an interrupted write", severity="warning"))
    return problems


# -- repair ---------------------------------------------------------------------------------------


def _timestamp() -> str:
    return time.strftime("%Y%m%dT%H%M%S")


def _move_aside(path: Path) -> Path:
    """Keep a damaged file under a new name; the original name is then free to be rewritten."""
    stamp = _timestamp()
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while os.path.lexists(target):
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    try:
        # A hard link keeps the damaged file reachable under its old name until it is replaced.
        os.link(path, target, follow_symlinks=False)
    except OSError:
        os.rename(path, target)
    fsync_dir(path.parent)
    return target


def _write_table(path: Path, base: dict | None, spec: _Spec, rows: dict[str, dict]) -> None:
    data = {k: v for k, v in (base or {}).items()}
    data.setdefault("_meta", {"1": {"schema": SCHEMA_VERSION}})
    if spec.table is not None:
        data[spec.table] = rows
    if os.path.isdir(path) and not os.path.islink(path):
        raise StoreError(f"cannot repair {path}: it is a directory")
    atomic_write_bytes(path, orjson.dumps(data), keep_backup=False)


def _settle(store: Path, path: Path, spec: _Spec, actions: list[str], *, shard: str | None = None) -> _FileStatus | None:
    """Make one table file readable; returns its status afterwards, or None when it must be left alone."""
    status = _read_table_file(path, spec, shard=shard)
    rel = _rel(store, path)
    bak = backup_path(path)
    if status.state in ("ok", "absent"):
        return status
    if status.state == "newer":
        actions.append(f"left {rel} alone: {status.reason}")
        return None
    backup = _read_table_file(bak, spec, shard=shard)
    if os.path.lexists(bak) and not backup.usable:
        aside = _move_aside(bak)
        actions.append(f"moved the unreadable backup {_rel(store, bak)} aside to {aside.name}")
    if status.state == "missing":
        if backup.usable:
            _write_table(path, backup.data, spec, backup.rows)
            actions.append(f"restored {rel} from {bak.name} ({_count(len(backup.rows), spec.noun)})")
        return _read_table_file(path, spec, shard=shard)

    if status.state == "bad-rows":
        return _settle_bad_rows(store, status, backup, spec, actions, shard)

    # unreadable: the backup, plus whatever rows can still be decoded from the damaged file
    salvaged = _salvage_rows(path, spec, shard=shard)
    merged = dict(backup.rows) if backup.usable else {}
    if spec.keyed_by_id:
        extra = {k: v for k, v in salvaged.items() if k not in merged}
    else:
        have = {row.get("id") for row in merged.values()}
        extra = {k: v for k, v in salvaged.items() if v.get("id") not in have}
    if spec.keyed_by_id:
        merged.update(extra)
    else:
        start = max((int(k) for k in merged), default=0)
        for i, row in enumerate(extra.values(), start=start + 1):
            merged[str(i)] = row
    aside = _move_aside(path)
    _write_table(path, backup.data if backup.usable else status.data, spec, merged)
    parts = [f"{rel} could not be read ({status.reason}); moved it aside to {aside.name}"]
    if backup.usable:
        parts.append(f"restored {_count(len(backup.rows), spec.noun)} from {bak.name}")
        if extra:
            parts.append(f"recovered {len(extra)} more from the damaged file")
    elif extra:
        parts.append(f"rebuilt it from the {_count(len(extra), spec.noun)} that could still be read")
    else:
        parts.append("nothing could be read from it and there is no readable backup, so it starts empty")
    actions.append("; ".join(parts))
    return _read_table_file(path, spec, shard=shard)


def _settle_bad_rows(
    store: Path, status: _FileStatus, backup: _FileStatus, spec: _Spec, actions: list[str], shard: str | None
) -> _FileStatus:
    """The file parses but some records do not fit: keep the good ones, mend or restore the rest."""
    path = status.path
    rows = dict(status.rows)
    mended = restored = 0
    for key, row in status.mended.items():
        if key not in rows:
            rows[key] = row
            mended += 1
    if spec.keyed_by_id and backup.usable:
        for key in status.bad_keys:
            if key not in rows and key in backup.rows:
                rows[key] = backup.rows[key]
                restored += 1
    if not spec.keyed_by_id:
        rows = {str(i): row for i, row in enumerate(rows.values(), start=1)}
    dropped = status.bad_rows - mended - restored
    aside = _move_aside(path)
    _write_table(path, status.data, spec, rows)
    rel = _rel(store, path)
    done = [f"{rel} had {status.reason}; moved it aside to {aside.name}"]
    if mended:
        done.append(f"kept {mended} of them without their unreadable fields")
    if restored:
        done.append(f"restored {restored} from {backup_path(path).name}")
    if dropped > 0:
        done.append(f"dropped {dropped} that could not be read")
    actions.append("; ".join(done))
    return _read_table_file(path, spec, shard=shard)


def repair_store(path: str | os.PathLike) -> list[str]:
    """Fix what ``check_store`` finds, under the store lock; returns what was done, one sentence each.

    An unreadable file is moved aside (never deleted) and replaced by its readable backup plus
    any rows still readable from it; bodies without articles and reading state of unknown
    articles are dropped, except in a run that had to rebuild the article list (they may be all
    that is left of lost articles); articles whose body is lost are kept with an empty body; the state
    journal is folded into state.json when it has damaged lines; leftover temp files are removed.
    Files written by a newer newsdesk are left alone.
    """
    store = Path(path)
    if not store.is_dir():
        raise StoreError(f"there is no store directory at {store}")
    actions: list[str] = []
    with StoreLock(store / "lock"):
        for tmp in _temp_files(store):
            try:
                tmp.unlink()
                actions.append(f"removed the leftover temporary file {_rel(store, tmp)}")
            except OSError as exc:
                actions.append(f"could not remove {_rel(store, tmp)}: {exc.strerror}")

        before = _read_table_file(store / "articles.json", ARTICLES_SPEC).state
        # Right after a rebuild, stray bodies and states may be all that is left of lost articles.
        keep_strays = before in ("unreadable", "missing", "bad-rows")
        articles = _settle(store, store / "articles.json", ARTICLES_SPEC, actions)
        state = _settle(store, store / "state.json", STATE_SPEC, actions)
        _settle(store, store / "feeds.json", FEEDS_SPEC, actions)
        if articles is None:
            return actions
        known = {row["id"] for row in articles.rows.values()}

        for shard_path in _shard_paths(store, known):
            shard = shard_path.name[:2]
            bodies = _settle(store, shard_path, BODIES_SPEC, actions, shard=shard)
            if bodies is None:
                continue
            rel = _rel(store, shard_path)
            rows = {k: v for k, v in bodies.rows.items() if keep_strays or v["id"] in known}
            orphans = len(bodies.rows) - len(rows)
            kept = sum(1 for v in rows.values() if v["id"] not in known)
            if kept:
                actions.append(
                    f"kept {kept} bod{'ies' if kept != 1 else 'y'} in {rel} whose articles could not be recovered; "
                    "run `newsdesk doctor --repair` again to drop them"
                )
            lost = [aid for aid in known if aid.startswith(shard) and _doc_key(aid) not in rows]
            for aid in lost:
                rows[_doc_key(aid)] = {"id": aid, "body": [], "captions": []}
            if not orphans and not lost:
                continue
            shard_path.parent.mkdir(exist_ok=True)
            data = dict(bodies.data or {})
            data.setdefault("_meta", {"1": {"schema": SCHEMA_VERSION}})
            data[BODIES_SPEC.table] = rows
            atomic_write_bytes(shard_path, orjson.dumps(data))
            if orphans:
                actions.append(f"removed {orphans} bod{'ies' if orphans != 1 else 'y'} without an article from {rel}")
            if lost:
                actions.append(
                    f"the bodies of {len(lost)} article{'s' if len(lost) != 1 else ''} "
                    f"({', '.join(sorted(lost)[:3])}{', ...' if len(lost) > 3 else ''}) were lost; "
                    "kept the articles with empty bodies"
                )

        if state is not None:
            _repair_state(store, state, known, actions, keep_strays)
    return actions


def _repair_state(store: Path, state: _FileStatus, known: set[str], actions: list[str], keep_strays: bool) -> None:
    journal_path = store / "state.journal"
    journal = _read_journal(journal_path)
    if journal.unreadable:
        actions.append("left state.journal alone: it cannot be read")
        return
    states = _final_states(state, journal)
    unknown = [] if keep_strays else [aid for aid in states if aid not in known]
    if not (journal.torn_tail or journal.garbled or unknown):
        return
    rows = {}
    for aid in sorted(states):
        row = states[aid]
        if aid not in known and not keep_strays:
            continue
        rows[str(len(rows) + 1)] = {
            "id": aid,
            "read": bool(row.get("read")),
            "read_at": row.get("read_at") if row.get("read") else None,
            "starred": bool(row.get("starred")),
        }
    data = dict(state.data or {})
    data.setdefault("_meta", {"1": {"schema": SCHEMA_VERSION}})
    data[STATE_SPEC.table] = rows
    atomic_write_bytes(store / "state.json", orjson.dumps(data))
    if journal.exists:
        try:
            os.unlink(journal_path)
        except FileNotFoundError:
            pass
        fsync_dir(store)
    if journal.torn_tail or journal.garbled:
        actions.append("folded state.journal into state.json, dropping its damaged lines")
    if unknown:
        actions.append(
            f"dropped the reading state of {len(unknown)} article{'s' if len(unknown) != 1 else ''} not in the store"
        )
