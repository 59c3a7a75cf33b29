"""The measurements: each returns plain dicts of numbers (seconds unless the key says otherwise)."""

from __future__ import annotations

import gc
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import orjson

from .synth import Generator, working_copy, write_jsonl, write_text_files
from .terminal import PtyApp, Screen

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
# Seconds to wait for what a reader should show; --quick lowers it (a failure is recorded, not waited out).
PATIENCE = 120.0


def pty_available() -> bool:
    try:
        master, slave = os.openpty()
    except OSError:
        return False
    os.close(master)
    os.close(slave)
    return True


def reader_argv(store: Path) -> list[str]:
    """The installed ``newsdesk`` entry point when there is one, else the CLI module."""
    script = Path(PYTHON).with_name("newsdesk")
    if script.exists():
        return [str(script), "--db", str(store)]
    return [PYTHON, "-m", "tui.cli", "--db", str(store)]


def reader_env(config_dir: Path) -> dict:
    env = dict(os.environ)
    env["NEWSDESK_CONFIG_DIR"] = str(config_dir)
    env.pop("NEWSDESK_DB", None)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def stats(values: Sequence[float | None]) -> dict:
    """min, median, p95 and max of the values that are not None; ``failed`` counts the Nones.

    The p95 is by nearest rank: the smallest value that at least 95% of the values do not
    exceed (the 19th of 20, the 190th of 200).
    """
    good = sorted(v for v in values if v is not None)
    out: dict = {"n": len(good), "failed": len(values) - len(good)}
    if good:
        out.update(
            min=good[0],
            median=statistics.median(good),
            p95=good[max(0, math.ceil(0.95 * len(good) - 1e-9) - 1)],
            max=good[-1],
        )
    return out


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


# ------------------------------------------------------------------------ floors


def blank_app_start(runs: int, tmp: Path) -> dict:
    """Process start to the first frame of a blank Textual app, in a 120x40 pty."""
    argv = [PYTHON, str(ROOT / "bench" / "blank_app.py")]
    times = []
    for _ in range(runs):
        with PtyApp(argv, env=reader_env(tmp / "config")) as app:
            at = app.wait_until(lambda s: s.find("BLANK-APP-READY") is not None, 30)
            times.append(None if at is None else at - app.started)
            app.send(b"\x03")
    return stats(times)


def _parse_json_file(path: Path) -> object:
    """One JSON document, or one per line (the list index is written in line-sized chunks)."""
    raw = path.read_bytes()
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return [orjson.loads(line) for line in raw.split(b"\n")]


def orjson_floor(store: Path, runs: int) -> dict:
    """Reading and parsing the store's JSON files with orjson, with nothing else done."""
    out = {}
    names = ["articles.json", "state.json"] + sorted(
        p.name for p in store.iterdir() if p.name.startswith("index-") and p.suffix == ".json"
    )
    for name in names:
        path = store / name
        if not path.exists():
            continue
        times = []
        for _ in range(runs):
            gc.collect()
            times.append(timed(lambda: _parse_json_file(path)))
        out[name] = stats(times) | {"bytes": path.stat().st_size}
    return out


# ----------------------------------------------------------------------- import


def import_throughput(count: int, runs: int, tmp: Path, seed: int = 7) -> dict:
    """Articles per second through ``newsdesk import``'s library path, with the real tagger."""
    from store.db import Store
    from store.ingest.files import parse_file
    from store.tagging import default_tagger
    from store.textutil import IngestError

    # The alias table loads once per process (a `newsdesk import` pays it once): timed apart,
    # not spread over the first run's articles.
    started = time.perf_counter()
    default_tagger().aliases
    table_seconds = time.perf_counter() - started
    gen = Generator(seed)
    articles = list(gen.articles(count, start=10_000_000))
    src = tmp / "import-src"
    src.mkdir(parents=True, exist_ok=True)
    jsonl = src / "articles.jsonl"
    write_jsonl(jsonl, articles)
    texts = write_text_files(src / "texts", articles)
    out = {"articles": count, "alias_table_seconds": table_seconds}
    targets = []
    try:
        for kind, files in (("jsonl", [jsonl]), ("text", texts)):
            rates = []
            imported = 0
            for run in range(runs):
                target = tmp / f"import-{kind}-{run}"
                targets.append(target)
                gc.collect()
                started = time.perf_counter()
                with Store(target) as store:
                    items = ((str(f), p) for f in files for p in parse_file(f) if not isinstance(p, IngestError))
                    results = store.import_articles(items)
                elapsed = time.perf_counter() - started
                imported = sum(r.status == "imported" for r in results)
                rates.append(imported / elapsed)
            out[kind] = stats(rates) | {"imported": imported}
    finally:
        # Removed only now, and flushed: deleting a store's ~700 files just before the next run
        # made that run pay for the file system's deferred work (on a disk mounted with
        # `discard`, creating a file then took 0.4 ms instead of 0.02).
        for target in targets:
            shutil.rmtree(target, ignore_errors=True)
        os.sync()
    return out


# -------------------------------------------------------------------- in-process


def store_open(store_dir: Path, runs: int, tmp: Path) -> dict:
    """Opening the store in-process: the rows of a first screen (lazy open), then every summary."""
    from store.db import Store

    recent, constructor, full = [], [], []
    lazy = "lazy" in Store.__init__.__code__.co_varnames
    for run in range(runs):
        wc = working_copy(store_dir, tmp / f"open-{run}")
        if lazy:
            gc.collect()
            t = time.perf_counter()
            s = Store(wc, lazy=True)
            rows = s.recent_summaries(200)
            states = {x.id: s.state(x.id) for x in rows}
            recent.append(time.perf_counter() - t)
            assert rows and states is not None
            s.close()
        gc.collect()
        t = time.perf_counter()
        s = Store(wc)
        constructor.append(time.perf_counter() - t)
        rows = s.summaries()
        s.states()
        full.append(time.perf_counter() - t)
        assert rows
        s.close()
        shutil.rmtree(wc, ignore_errors=True)
    out = {"constructor": stats(constructor), "all_summaries": stats(full)}
    if recent:
        out["recent_200"] = stats(recent)
    return out


def mark_read_durable(store_dir: Path, count: int, tmp: Path) -> dict:
    """One ``mark_read`` call (returns after fsync), on a store already open."""
    from store.db import Store

    wc = working_copy(store_dir, tmp / "mark")
    with Store(wc) as s:
        ids = [x.id for x in s.summaries()]
        rng = random.Random(3)
        picks = rng.sample(ids, min(count, len(ids)))
        s.mark_read(picks[:1])
        times = []
        for aid in picks:
            t = time.perf_counter()
            s.mark_read([aid], read=not s.state(aid).read)
            times.append(time.perf_counter() - t)
    shutil.rmtree(wc, ignore_errors=True)
    return stats(times)


def related_queries(store_dir: Path, count: int, tmp: Path) -> dict:
    """Building the related index (on an open store), then ``related()`` for random articles."""
    from store.db import Store

    wc = working_copy(store_dir, tmp / "related")
    with Store(wc) as s:
        ids = [x.id for x in s.summaries()]
        t = time.perf_counter()
        s.related_index
        build = time.perf_counter() - t
        rng = random.Random(5)
        times = []
        empty = 0
        for aid in rng.sample(ids, min(count, len(ids))):
            t = time.perf_counter()
            got = s.related(aid, 8)
            times.append(time.perf_counter() - t)
            empty += not got
    shutil.rmtree(wc, ignore_errors=True)
    return {"build_index": build, "query": stats(times), "empty_answers": empty}


# ------------------------------------------------------------------ reader start


def _list_border_total(screen: Screen) -> int | None:
    for row in (1, 2, 3):
        m = re.search(r"unread / (\d+)", screen.line(row))
        if m:
            return int(m.group(1))
    return None


def reader_cold_start_pty(store_dir: Path, titles: Sequence[str], runs: int, tmp: Path, total: int) -> dict:
    """Process start to the newest title on screen, then to the first key (``j``) answered."""
    shown, answered, full, rss = [], [], [], []
    newest, second = titles[0][:18], titles[1][:18]
    for run in range(runs):
        wc = working_copy(store_dir, tmp / f"pty-start-{run}")
        with PtyApp(reader_argv(wc), env=reader_env(tmp / "config")) as app:
            at = app.wait_until(lambda s: s.find(newest) is not None, PATIENCE)
            if at is None:
                shown.append(None)
                answered.append(None)
                full.append(None)
                continue
            shown.append(at - app.started)
            # The frame may arrive in pieces: the second row can come a moment after the first.
            app.wait_until(lambda s: s.find(second) is not None, 5)
            top = app.screen.find(newest)
            below = app.screen.find(second)
            key_at = None
            if top and below:
                row, col = below
                before = app.screen.style_at(row, col)
                key_at = app.wait_until(lambda s: False, 0) or None
                sent = app.send(b"j")
                done = app.wait_until(lambda s: s.style_at(row, col) != before, PATIENCE / 4)
                key_at = None if done is None else done - app.started
                del sent
            answered.append(key_at)
            got = app.wait_until(lambda s: _list_border_total(s) == total, PATIENCE)
            full.append(None if got is None else got - app.started)
            # Peak memory once the start-up work behind the list (related index, ...) is done.
            wait_idle(app, PATIENCE)
            rss.append(app.peak_rss_kb())
            app.send(b"q")
            app.drain(0.2, 3)
        shutil.rmtree(wc, ignore_errors=True)
    return {
        "newest_title_shown": stats(shown),
        "first_key_answered": stats(answered),
        "full_list_shown": stats(full),
        "peak_rss_mb": stats([r / 1024 if r else None for r in rss]),
    }


def keys_while_loading(store_dir: Path, titles: Sequence[str], tmp: Path, total: int, limit: float = 20.0) -> dict:
    """Cursor down (``j``) every 0.1 s from the newest title's appearance until the reader is
    done with its start-up work (the whole list, the related and search indexes): what a
    user who starts scrolling at once feels. Each press is timed to the end of its frame."""
    wc = working_copy(store_dir, tmp / "busy-keys")
    latencies: list[float | None] = []
    try:
        with PtyApp(reader_argv(wc), env=reader_env(tmp / "config")) as app:
            if app.wait_until(lambda s: s.find(titles[0][:18]) is not None, PATIENCE) is None:
                return {}
            started = time.perf_counter()
            full = False
            window_start, cpu_start = time.perf_counter(), cpu_seconds(app.pid)
            while time.perf_counter() - started < limit:
                latencies.append(app.press(b"j", timeout=5))
                app.drain(0.1, 1)
                full = full or _list_border_total(app.screen) == total
                now, cpu = time.perf_counter(), cpu_seconds(app.pid)
                if cpu is None or cpu_start is None:
                    break
                if now - window_start >= 0.5:
                    # Done once the whole list is in and the reader uses little more than the keys need.
                    if full and (cpu - cpu_start) < 0.2 * (now - window_start):
                        break
                    window_start, cpu_start = now, cpu
            seconds = time.perf_counter() - started
            app.send(b"q")
            app.drain(0.2, 3)
    finally:
        shutil.rmtree(wc, ignore_errors=True)
    return {"cursor_down": stats(latencies), "seconds": seconds}


def mark_durable_while_loading(store_dir: Path, titles: Sequence[str], tmp: Path, runs: int, after: float = 1.0) -> dict:
    """Seconds from ``m`` on the newest article, pressed ``after`` s into the reader's start-up
    work, until another process reads the new state from the store (that is, until it is on
    disk): a crash after that loses nothing."""
    from store.db import Store

    seconds: list[float | None] = []
    for run in range(runs):
        wc = working_copy(store_dir, tmp / f"mark-busy-{run}")
        try:
            with Store(wc, lazy=True) as s:
                newest = s.recent_summaries(1)[0]
                before = s.state(newest.id).read
            with PtyApp(reader_argv(wc), env=reader_env(tmp / "config")) as app:
                if app.wait_until(lambda s: s.find(titles[0][:18]) is not None, PATIENCE) is None:
                    seconds.append(None)
                    continue
                app.drain(after, after + 1)
                sent = app.send(b"m")
                found = None
                while found is None and time.perf_counter() - sent < PATIENCE:
                    with Store(wc, lazy=True) as s:
                        if s.state(newest.id).read != before:
                            found = time.perf_counter() - sent
                    time.sleep(0.005)
                seconds.append(found)
                app.send(b"q")
                app.drain(0.2, 3)
        finally:
            shutil.rmtree(wc, ignore_errors=True)
    return stats(seconds)


def reader_cold_start_headless(store_dir: Path, runs: int, tmp: Path, total: int) -> dict:
    """``NewsdeskApp`` run headless: process start to a populated list, key answered, full list."""
    rows, key, full = [], [], []
    for run in range(runs):
        wc = working_copy(store_dir, tmp / f"headless-{run}")
        out = tmp / f"headless-{run}.json"
        started = time.monotonic()
        proc = subprocess.run(
            [PYTHON, str(ROOT / "bench" / "headless_start.py"), str(wc), str(out), str(total), str(PATIENCE)],
            env=reader_env(tmp / "config"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=600,
        )
        marks = json.loads(out.read_text()) if out.exists() else {}
        if proc.returncode != 0 and not marks:
            sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
        rows.append(marks["rows"] - started if "rows" in marks else None)
        key.append(marks["key"] - started if "key" in marks else None)
        full.append(marks["full"] - started if "full" in marks else None)
        shutil.rmtree(wc, ignore_errors=True)
    return {"list_populated": stats(rows), "first_key_answered": stats(key), "full_list": stats(full)}


# ------------------------------------------------------------------ key latency


def background(sgr: str) -> str:
    """The background colour part of an SGR parameter string ("48;5;32", "48;2;1;2;3" or "")."""
    parts = sgr.split(";")
    found = ""
    i = 0
    while i < len(parts):
        p = parts[i]
        if p in ("38", "48") and i + 1 < len(parts):
            size = 3 if parts[i + 1] == "5" else 5
            if p == "48":
                found = ";".join(parts[i : i + size])
            i += size
            continue
        if p == "49":
            found = ""
        elif p.startswith("4") and len(p) == 2 and p != "49":
            found = p
        i += 1
    return found


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of a process so far."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(app: PtyApp, limit: float, window: float = 0.5, busy: float = 0.05) -> float:
    """Seconds until the program used under ``busy`` of a CPU over ``window`` (or ``limit`` passed)."""
    started = time.perf_counter()
    last = cpu_seconds(app.pid)
    while time.perf_counter() - started < limit and last is not None:
        app.drain(window, window)
        now = cpu_seconds(app.pid)
        if now is None or now - last < busy * window:
            break
        last = now
    return time.perf_counter() - started


class ReaderSession:
    """The reader in a pty on a working copy, with helpers to find things on its screen."""

    def __init__(self, store_dir: Path, tmp: Path, total: int) -> None:
        self.wc = working_copy(store_dir, tmp / "keys")
        self.app = PtyApp(reader_argv(self.wc), env=reader_env(tmp / "config"))
        self.total = total
        got = self.app.wait_until(lambda s: _list_border_total(s) == total, PATIENCE * 2)
        if got is None:
            raise RuntimeError("the reader never showed the whole list:\n" + self.app.screen.text())
        # Let start-up work behind the list (related index, search text) finish: wait for the
        # screen to be quiet, then for the process to stop using the CPU.
        self.app.drain(0.5, PATIENCE)
        self.settle_seconds = wait_idle(self.app, PATIENCE)
        top = self.app.screen.line(1)
        self.list_right = top.find("╮")
        self.sidebar_left = top.rfind("╭")
        # The list has focus and its cursor on the first row: that row's style is the cursor's.
        self.cursor_bg = background(self.app.screen.style_at(2, 4))

    def close(self) -> int | None:
        rss = self.app.peak_rss_kb()
        self.app.send(b"q")
        self.app.drain(0.2, 3)
        self.app.close()
        shutil.rmtree(self.wc, ignore_errors=True)
        return rss

    def pane_title(self, screen: Screen, needle: str) -> bool:
        """Whether the article shown in the pane has a title starting with ``needle``.

        Its first line is the pane's first text row. Anywhere in the pane would also find
        names a related story's title shares with the open article's text.
        """
        # Inside the pane's borders (the column after the list's and the one before the sidebar's).
        return screen.line(3)[self.list_right + 2 : self.sidebar_left - 1].strip().startswith(needle)

    def cursor_row(self) -> int | None:
        s = self.app.screen
        for r in range(2, s.rows - 1):
            if background(s.style_at(r, 4)) == self.cursor_bg:
                return r
        return None

    def cursor_row_text(self) -> str:
        """Title text of the list row under the cursor."""
        r = self.cursor_row()
        if r is None:
            return ""
        return self.app.screen.line(r)[4 : self.list_right - 2].rstrip("… ")

    def sidebar_has_scores(self, s: Screen) -> bool:
        return any("%" in s.line(r)[self.sidebar_left :] for r in range(2, s.rows - 1))

    def sidebar_text(self, s: Screen | None = None) -> str:
        s = s or self.app.screen
        return "\n".join(s.line(r)[self.sidebar_left :] for r in range(2, s.rows - 1))

    def sidebar_first_title(self) -> str:
        return self.app.screen.line(2)[self.sidebar_left + 1 : -1].strip()[:14]


def key_latency(store_dir: Path, titles: Sequence[str], tmp: Path, total: int, rounds: int, queries: Sequence[tuple[str, list[int]]]) -> dict:
    """Key to frame, through the pty, with the whole list loaded and the reader idle.

    A sample is taken only when what the key should show is not on screen yet; otherwise
    (a round that went astray) it is counted as skipped, never as a zero.
    """
    sess = ReaderSession(store_dir, tmp, total)
    app = sess.app
    res: dict[str, list[float | None]] = {k: [] for k in ("cursor_down", "page_down", "open_article", "related_loaded", "mark_read", "jump_to_related", "back", "search_keystroke")}
    skipped: dict[str, int] = {k: 0 for k in res}

    def timed_key(name: str, key: bytes, cond, timeout: float = 10.0) -> float | None:
        if cond(app.screen):
            skipped[name] += 1
            return None
        value = app.press(key, cond, timeout=timeout)
        res[name].append(value)
        return value

    def focus_list() -> bool:
        for _ in range(5):
            if sess.cursor_row() is not None:
                return True
            app.send(b"\t")
            app.drain(0.1)
        return sess.cursor_row() is not None

    try:
        for _ in range(rounds):
            res["cursor_down"].append(app.press(b"j"))
        for _ in range(rounds):
            res["page_down"].append(app.press(b"\x1b[6~"))
        app.press(b"g")
        app.drain(0.1)
        for i in range(rounds):
            if not focus_list():
                skipped["open_article"] += 1
                continue
            app.press(b"j")
            app.drain(0.05)
            title = sess.cursor_row_text()[:16]
            if not title:
                skipped["open_article"] += 1
                continue
            sidebar_before = sess.sidebar_text()
            sent = time.perf_counter()
            if timed_key("open_article", b"\r", lambda s: sess.pane_title(s, title)) is None:
                continue
            at = app.wait_until(lambda s: sess.sidebar_has_scores(s) and sess.sidebar_text(s) != sidebar_before, 10)
            res["related_loaded"].append(None if at is None else at - sent)
            app.drain(0.1)
            # m toggles the open article's state (opening it marked it read).
            row = sess.cursor_row()
            if row is not None:
                mark = app.screen.line(row)[2]
                timed_key("mark_read", b"m", lambda s: s.line(row)[2] != mark)
                app.drain(0.05)
            rel = sess.sidebar_first_title()
            app.press(b"r")
            app.drain(0.05)
            if not rel or timed_key("jump_to_related", b"\r", lambda s: sess.pane_title(s, rel)) is None:
                continue
            app.drain(0.1)
            timed_key("back", b"h", lambda s: sess.pane_title(s, title))
            app.drain(0.1)
        # Search as you type: each key until the list shows its answer (count in the border).
        focus_list()
        for query, counts in queries:
            app.press(b"/")
            app.drain(0.1)
            previous = total
            for n, ch in enumerate(query):
                expect = counts[n]
                typed = query[: n + 1]
                if expect != previous:
                    cond = lambda s, e=expect: _list_border_total(s) == e  # noqa: E731
                else:
                    cond = lambda s, t=typed: any(t in s.line(r)[: sess.list_right] for r in range(1, 4))  # noqa: E731
                timed_key("search_keystroke", ch.encode(), cond)
                previous = expect
                time.sleep(0.08)
            app.send(b"\x1b")
            app.drain(0.15)
            app.send(b"\x1b")
            app.wait_until(lambda s: _list_border_total(s) == total, 30)
            app.drain(0.3, 30)
    finally:
        rss = sess.close()
    out = {k: stats(v) | {"skipped": skipped[k]} for k, v in res.items()}
    out["peak_rss_mb"] = rss / 1024 if rss else None
    out["settle_seconds"] = sess.settle_seconds
    return out


def search_queries(store_dir: Path, tmp: Path, how_many: int = 2) -> list[tuple[str, list[int]]]:
    """Queries whose every keystroke changes the list, with the count the list shows after each."""
    from store.db import Store
    from store.tagging import canonical_tag_id
    from tui.filters import ListFilter, apply_filter, haystack

    from .synth import EN_WORDS, FR_WORDS

    with Store(store_dir) as s:
        summaries = s.summaries()
        states = dict(s.states())
    hay = {x.id: haystack(x) for x in summaries}
    found: list[tuple[int, str, list[int]]] = []
    for word in [w for w in EN_WORDS + FR_WORDS if len(w) >= 6][:40:3]:
        counts = []
        for n in range(1, len(word) + 1):
            q = word[:n]
            canonical = canonical_tag_id(q)
            view = apply_filter(summaries, states, hay, ListFilter(query=q), tag_aliases=frozenset({canonical} if canonical else ()))
            counts.append(len(view))
        changes = sum(1 for a, b in zip([len(summaries)] + counts, counts) if a != b)
        found.append((changes, word, counts))
    found.sort(key=lambda t: (-t[0], t[1]))
    return [(w, c) for _, w, c in found[:how_many]]
