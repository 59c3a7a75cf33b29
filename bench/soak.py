"""Soak test: kill CLI writers at random moments, run writers side by side, and check nothing is lost.

    python -m bench.soak --soak --minutes 5 [--seed N] [--db DIR] [--keep]

Each round starts a writer (``newsdesk import`` of a new file, or ``mark-read`` /
``mark-unread`` / ``star`` / ``unstar`` of a few articles) and kills it with SIGKILL after a
random delay. After every kill the store must open, every command that had exited 0 before
must be there in full, and a killed command may have happened or not, but never halfway.
Every few rounds, three writers run at once (import + mark-read + star), unkilled, and all
their changes must be there. At the end ``doctor --repair`` must leave a clean store with
everything still in it. Prints counts; exit status 1 when anything was lost.

Writers are started two ways: ``exec`` runs ``python -m tui.cli`` (the real entry point,
so most kills land during start-up), ``fork`` forks them from a warm process that already
imported newsdesk, so the random delay falls inside the command's own reads and writes;
forked writers also see a slow disk (each fsync waits 10 ms), which widens the write windows.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATE_COMMANDS = {
    "mark-read": ("read", True),
    "mark-unread": ("read", False),
    "star": ("starred", True),
    "unstar": ("starred", False),
}
PLACES = ["Paris", "Berlin", "Hanoi", "Lyon", "Geneva", "Nairobi", "Lima", "Oslo"]
PEOPLE = ["Anne Hidalgo", "Olaf Scholz", "Jane Goodall", "Kofi Annan", "Ada Lovelace"]


def article_text(n: int, rng: random.Random) -> str:
    """A small plain-text article with a unique title and body."""
    place, other, person = rng.choice(PLACES), rng.choice(PLACES), rng.choice(PEOPLE)
    return (
        f"Soak story {n}: {person} visits {place}\n\n"
        f"{person} arrived in {place} on day {n} to meet officials from {other}.\n\n"
        f"The visit, number {n} of the series, ended with a statement in {other}.\n"
    )


# -- starting writers ---------------------------------------------------------------------------------


class ExecRunner:
    """Writers as ``python -m tui.cli`` processes."""

    name = "exec"

    def start(self, argv: list[str]) -> "Running":
        proc = subprocess.Popen(
            [sys.executable, "-m", "tui.cli", *argv],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        return Running(proc=proc)

    def close(self) -> None:
        pass


ZYGOTE = r"""
import os, sys, json
sys.path.insert(0, ROOT)
from tui.cli import main
import store.db, store.doctor, store.ingest.files
from store.ingest.text import parse_text
from store.tagging import default_tagger
# Load the language model and the alias table once, so forked writers start warm.
warm = parse_text("Warm up: Anne Hidalgo in Paris\n\nAnne Hidalgo spoke in Paris about Berlin today.\n")
default_tagger().tag(warm.title, warm.body, warm.language)
out = sys.stdout
for line in sys.stdin:
    msg = json.loads(line)
    if msg["op"] == "start":
        pid = os.fork()
        if pid == 0:
            try:
                devnull = os.open(os.devnull, os.O_RDWR)
                log = os.open(msg["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                os.dup2(devnull, 0); os.dup2(devnull, 1); os.dup2(log, 2)
                if msg.get("slow_disk"):
                    # A slow disk: every fsync takes a while, so random kills often land mid-write.
                    import time
                    real_fsync = os.fsync
                    def slow_fsync(fd, _real=real_fsync):
                        time.sleep(msg["slow_disk"])
                        return _real(fd)
                    os.fsync = slow_fsync
                code = main(msg["argv"])
            except BaseException:
                code = 99
            os._exit(code if isinstance(code, int) else 0)
        out.write(json.dumps({"pid": pid}) + "\n"); out.flush()
    elif msg["op"] == "reap":
        _, status = os.waitpid(msg["pid"], 0)
        out.write(json.dumps({"status": status}) + "\n"); out.flush()
"""


class ForkRunner:
    """Writers forked from a warm process that has newsdesk imported; each runs ``tui.cli.main``.

    The warm process reaps a writer only when told to, so a pid is never signalled after it
    could have been reused.
    """

    name = "fork"

    def __init__(self, log: Path | None = None, slow_disk: float = 0.01) -> None:
        self.slow_disk = slow_disk
        # Writers' stderr (import summaries, error lines) goes to this file.
        self._own_log = log is None
        if log is None:
            fd, name = tempfile.mkstemp(prefix="newsdesk-writers-", suffix=".log")
            os.close(fd)
            log = Path(name)
        self.log = Path(log)
        code = ZYGOTE.replace("ROOT", repr(str(ROOT)))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None,
            text=True,
            bufsize=1,
        )
        self.lock = threading.Lock()

    def _ask(self, msg: dict, timeout: float = 120) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps(msg) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            raise RuntimeError("the warm process stopped answering")
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the warm process died")
        return json.loads(line)

    def start(self, argv: list[str]) -> "Running":
        with self.lock:
            pid = self._ask({"op": "start", "argv": argv, "log": str(self.log), "slow_disk": self.slow_disk})["pid"]
        return Running(pid=pid, runner=self)

    def reap(self, pid: int) -> int:
        with self.lock:
            status = self._ask({"op": "reap", "pid": pid})["status"]
        return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)

    def exited(self, pid: int) -> bool:
        # /proc shows a finished writer as a zombie until it is reaped.
        try:
            with open(f"/proc/{pid}/stat") as fh:
                return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
        except OSError:
            return True

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self._own_log:
            self.log.unlink(missing_ok=True)


@dataclass
class Running:
    proc: subprocess.Popen | None = None
    pid: int | None = None
    runner: ForkRunner | None = None

    def kill(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGKILL)
        else:
            # Not reaped yet, so this pid is still our writer (running or a zombie).
            os.kill(self.pid, signal.SIGKILL)

    def wait(self, timeout: float = 120) -> int:
        if self.proc is not None:
            return self.proc.wait(timeout=timeout)
        # Reap only a finished writer, so the warm process never blocks and writers can overlap.
        deadline = time.monotonic() + timeout
        while not self.finished():
            if time.monotonic() > deadline:
                raise RuntimeError(f"writer {self.pid} did not finish in {timeout} s")
            time.sleep(0.002)
        return self.runner.reap(self.pid)

    def finished(self) -> bool:
        if self.proc is not None:
            return self.proc.poll() is not None
        return self.runner.exited(self.pid)

    def stderr(self) -> str:
        if self.proc is not None and self.proc.stderr:
            return self.proc.stderr.read().decode("utf-8", "replace")
        try:
            return self.runner.log.read_text(errors="replace")[-2000:]
        except OSError:
            return ""


def run_to_end(runner, argv: list[str], timeout: float = 120) -> tuple[int, str]:
    r = runner.start(argv)
    if r.proc is not None:
        _, err = r.proc.communicate(timeout=timeout)
        return r.proc.returncode, err.decode("utf-8", "replace")
    return r.wait(timeout), ""


# -- the model of what must be in the store ------------------------------------------------------------


class LostData(AssertionError):
    pass


@dataclass
class Model:
    """What the store must hold: committed imports, and for each state field the allowed values."""

    committed: dict[str, tuple[str, ...]] = field(default_factory=dict)  # title -> body
    maybe: dict[str, tuple[str, ...]] = field(default_factory=dict)  # killed imports
    allowed: dict[tuple[str, str], set[bool]] = field(default_factory=dict)  # (title, field) -> values
    ids: dict[str, str] = field(default_factory=dict)  # title -> id once seen

    def state_done(self, titles: list[str], fld: str, value: bool, completed: bool) -> None:
        for t in titles:
            key = (t, fld)
            if completed:
                self.allowed[key] = {value}
            else:
                self.allowed.setdefault(key, {False}).add(value)

    def verify(self, store_path: Path) -> int:
        """Open the store and check every promise; returns the number of articles."""
        from store.db import Store

        with Store(store_path, create=False) as s:
            by_title = {x.title: x.id for x in s.summaries()}
            for title, body in self.committed.items():
                if title not in by_title:
                    raise LostData(f"committed article {title!r} is missing")
            for title, aid in by_title.items():
                expected = self.committed.get(title) or self.maybe.get(title)
                if expected is None:
                    raise LostData(f"article {title!r} appeared from nowhere")
                article = s.get(aid)
                if article.body != expected:
                    raise LostData(f"article {title!r} has a damaged body: {article.body!r}")
                self.ids[title] = aid
                if title in self.maybe:
                    # It made it after all: from now on it must stay.
                    self.committed[title] = self.maybe.pop(title)
            for (title, fld), values in self.allowed.items():
                if title not in by_title:
                    continue
                st = s.state(by_title[title])
                actual = st.read if fld == "read" else st.starred
                if actual not in values:
                    raise LostData(f"{fld} of {title!r} is {actual}, expected one of {sorted(values)}")
            return len(by_title)


# -- one soak run ----------------------------------------------------------------------------------------


@dataclass
class Soak:
    store: Path
    inputs: Path
    seed: int = 1
    counts: Counter = field(default_factory=Counter)
    model: Model = field(default_factory=Model)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.serial = 0
        self.timing: dict[tuple[str, str], float] = {}
        self._debris: set[tuple[str, str, str]] = set()
        self.inputs.mkdir(parents=True, exist_ok=True)

    def new_input(self) -> tuple[Path, str, tuple[str, ...]]:
        self.serial += 1
        text = article_text(self.serial, self.rng)
        path = self.inputs / f"story-{self.seed}-{self.serial}.txt"
        path.write_text(text, encoding="utf-8")
        from store.ingest.files import parse_file

        (parsed,) = list(parse_file(path))
        return path, parsed.title, parsed.body

    def _timed(self, runner, kind: str, argv: list[str]) -> None:
        started = time.monotonic()
        code, err = run_to_end(runner, ["--db", str(self.store), *argv])
        if code != 0:
            raise LostData(f"{' '.join(argv)} failed with exit status {code}: {err.strip()}")
        elapsed = time.monotonic() - started
        key = (runner.name, kind)
        self.timing[key] = max(elapsed, 0.7 * self.timing[key] + 0.3 * elapsed) if key in self.timing else elapsed

    def seed_articles(self, runner, n: int = 6) -> None:
        """Import a few articles unkilled, so state commands have something to act on."""
        for _ in range(n):
            path, title, body = self.new_input()
            self._timed(runner, "import", ["import", str(path)])
            self.model.committed[title] = body
        self.model.verify(self.store)

    def calibrate(self, runner, kind: str) -> None:
        """Time one command of this kind with this runner, unkilled, so later delays land inside commands."""
        if kind == "import":
            path, title, body = self.new_input()
            self._timed(runner, "import", ["import", str(path)])
            self.model.committed[title] = body
        else:
            title = self.rng.choice(sorted(self.model.ids))
            self._timed(runner, "state", ["star", self.model.ids[title]])
            self.model.state_done([title], "starred", True, True)
        self.model.verify(self.store)

    def pick_command(self, imports: bool = True) -> tuple[str, list[str], dict]:
        if imports and (self.rng.random() < 0.35 or len(self.model.ids) < 2):
            path, title, body = self.new_input()
            return "import", ["import", str(path)], {"title": title, "body": body}
        name = self.rng.choice(list(STATE_COMMANDS))
        titles = self.rng.sample(sorted(self.model.ids), k=min(len(self.model.ids), self.rng.randint(1, 3)))
        return name, [name, *(self.model.ids[t] for t in titles)], {"titles": titles}

    def kill_round(self, runner, imports: bool = True) -> None:
        """One writer, killed after a random delay (or finishing first); then verify."""
        name, argv, info = self.pick_command(imports)
        kind = "import" if name == "import" else "state"
        key = (runner.name, kind)
        if key not in self.timing:
            self.calibrate(runner, kind)
        expected = self.timing[key]
        # Mostly late in the command's life, where the writes are; sometimes anywhere.
        delay = expected * (self.rng.uniform(0.6, 1.15) if self.rng.random() < 0.7 else self.rng.uniform(0.0, 1.0))
        started = time.monotonic()
        r = runner.start(["--db", str(self.store), *argv])
        deadline = started + delay
        while time.monotonic() < deadline and not r.finished():
            time.sleep(min(0.002, max(0.0, deadline - time.monotonic())))
        r.kill()
        code = r.wait()
        elapsed = time.monotonic() - started
        completed = code == 0
        if completed:
            # Keep learning how long a command takes, so later delays land inside it.
            self.timing[key] = 0.7 * expected + 0.3 * elapsed
            self.counts["completed"] += 1
        elif code == -signal.SIGKILL:
            self.counts["killed"] += 1
            # Drift later, so the estimate never sinks below the real run time and stops reaching the writes.
            self.timing[key] = expected * 1.03
        else:
            raise LostData(f"{' '.join(argv)} failed with exit status {code}: {r.stderr().strip()}")
        if name == "import":
            (self.model.committed if completed else self.model.maybe)[info["title"]] = info["body"]
        else:
            fld, value = STATE_COMMANDS[name]
            self.model.state_done(info["titles"], fld, value, completed)
        self.counts["articles"] = self.model.verify(self.store)
        self.counts["verified"] += 1
        self.counts[f"{runner.name} rounds"] += 1
        self._check_debris(killed=not completed)

    def _check_debris(self, killed: bool) -> None:
        """The store never has errors; a kill that leaves new leftovers (temp file, orphan body,
        torn journal line) is counted, as proof that kills land in the middle of writes."""
        from store.doctor import check_store

        problems = check_store(self.store)
        errors = [p.message for p in problems if p.severity == "error"]
        if errors:
            raise LostData("doctor found errors: " + "; ".join(errors))
        now = {(p.file, p.kind, p.message) for p in problems}
        if killed and now - self._debris:
            self.counts["kills mid-write"] += 1
        self._debris = now

    def concurrent_round(self, runner, per_writer: int = 3) -> None:
        """Three writers at once (import, mark-read, star), unkilled: all their changes must land."""
        titles = sorted(self.model.ids)
        to_read = self.rng.sample(titles, k=min(len(titles), per_writer))
        to_star = self.rng.sample(titles, k=min(len(titles), per_writer))
        new = [self.new_input() for _ in range(per_writer)]
        errors: list[str] = []

        def writer(commands: list[list[str]]) -> None:
            for argv in commands:
                code, err = run_to_end(runner, ["--db", str(self.store), *argv])
                if code != 0:
                    errors.append(f"{' '.join(argv)}: exit {code} {err.strip()}")

        jobs = [
            [["import", str(p)] for p, _, _ in new],
            [["mark-read", self.model.ids[t]] for t in to_read],
            [["star", self.model.ids[t]] for t in to_star],
        ]
        threads = [threading.Thread(target=writer, args=(j,)) for j in jobs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise LostData("concurrent writer failed: " + "; ".join(errors))
        for _, title, body in new:
            self.model.committed[title] = body
        self.model.state_done(to_read, "read", True, True)
        self.model.state_done(to_star, "starred", True, True)
        self.counts["articles"] = self.model.verify(self.store)
        self.counts["concurrent rounds"] += 1

    def finish(self) -> list[str]:
        """doctor --repair, then a clean check and every committed change still there."""
        from store.doctor import check_store, repair_store

        warnings = check_store(self.store)
        if any(p.severity == "error" for p in warnings):
            raise LostData("doctor found errors: " + "; ".join(p.message for p in warnings))
        self.counts["doctor warnings"] = len(warnings)
        actions = repair_store(self.store)
        left = check_store(self.store)
        if left:
            raise LostData("problems left after repair: " + "; ".join(p.message for p in left))
        self.model.verify(self.store)
        return actions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak",
        description="Soak test: loop the kill test (SIGKILL of CLI writers at random moments) and "
        "concurrent writers against one store for minutes, verifying after every kill that "
        "nothing committed was lost. Prints counts; exit status 1 when anything was lost.",
    )
    parser.add_argument(
        "--soak",
        action="store_true",
        help="run the soak loop for --minutes: SIGKILL CLI writers at random moments, run three writers "
        "at once every 25 rounds, verify the store after each round, doctor --repair at the end "
        "(this is the default; the flag only makes scripts self-explanatory)",
    )
    parser.add_argument("--minutes", type=float, default=5.0, help="how long to run (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="seed for the random delays and commands (default 1)")
    parser.add_argument("--db", metavar="DIR", help="store directory to use (default: a fresh temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary store afterwards")
    parser.add_argument("--exec-share", type=float, default=0.25, help="share of rounds run as `python -m tui.cli` (default 0.25)")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="newsdesk-soak-"))
    store = Path(args.db) if args.db else tmp / "store"
    soak = Soak(store=store, inputs=tmp / "inputs", seed=args.seed)
    fork, exe = ForkRunner(tmp / "writers.log"), ExecRunner()
    started = time.monotonic()
    end = started + args.minutes * 60
    status = 0
    try:
        soak.seed_articles(fork)
        rounds = 0
        while time.monotonic() < end:
            rounds += 1
            if rounds % 25 == 0:
                soak.concurrent_round(fork if rounds % 50 else exe)
            else:
                soak.kill_round(exe if soak.rng.random() < args.exec_share else fork)
            if rounds % 100 == 0:
                print(f"{time.monotonic() - started:7.0f} s  {dict(soak.counts)}", flush=True)
        actions = soak.finish()
        print(f"doctor --repair at the end: {len(actions)} action(s)")
    except LostData as exc:
        print(f"LOST DATA after {dict(soak.counts)}: {exc}", file=sys.stderr)
        status = 1
    finally:
        fork.close()
        exe.close()
        if not args.keep and not args.db and status == 0:
            shutil.rmtree(tmp, ignore_errors=True)
        elif status:
            print(f"store kept at {store}", file=sys.stderr)
    c = soak.counts
    print(
        f"{c['killed']} writers killed mid-command ({c['kills mid-write']} left a half-done write behind), "
        f"{c['completed']} finished before the kill, "
        f"{c['verified']} verifications, {c['concurrent rounds']} concurrent rounds, "
        f"{c['articles']} articles, nothing lost: {'yes' if status == 0 else 'NO'}"
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
