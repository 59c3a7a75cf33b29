"""Tagging on a second core while the importing process reads and writes.

``TagPipeline`` takes articles in order (``add``) and hands back their entities in
the same order (``take``). Once more than ``MIN_ARTICLES`` have come in, and the
machine has a spare core, it starts one helper process that tags articles from
the front of the queue while the importer tags from the back; when they meet,
the importer takes over whatever the helper has not answered yet, so it never
waits for the helper. The tagger is deterministic, so the entities are the same
as tagging everything in one process. The helper imports only ``store.tagging``
and gets the importer's alias table, so both tag with the same names. Any
trouble with the helper (it cannot start, dies, or answers nonsense) just ends
it: the importer tags the rest itself. The helper exits when the pipeline
closes, and on its own when the importing process goes away (its input ends).
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
from pathlib import Path
from queue import Empty, SimpleQueue
from typing import Sequence

from store.models import Entity

MIN_ARTICLES = 200  # below this a helper process costs more than it saves
CHUNK = 8  # articles per request to the helper
IN_FLIGHT = 64  # articles queued at the helper while the importer is reading
AHEAD = 600  # articles the helper may hold while the importer goes off to write
_HEADER = struct.Struct("<I")
_EOF = object()

Job = tuple[str, Sequence[str], "str | None"]


def _spare_core() -> bool:
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2 and os.name == "posix" and not getattr(sys, "frozen", False)


def _rows(entities) -> list[tuple[str, str, str, int]]:
    return [(e.id, e.name, e.kind, e.mentions) for e in entities]


def _entities(rows) -> tuple[Entity, ...]:
    return tuple(Entity(id=i, name=n, kind=k, mentions=m) for i, n, k, m in rows)


# -- framing: a 4-byte length, then a pickle ------------------------------------------


def _read_exact(fd: int, size: int) -> bytes | None:
    parts = []
    while size:
        data = os.read(fd, min(size, 1 << 20))
        if not data:
            return None
        parts.append(data)
        size -= len(data)
    return b"".join(parts)


def _read_frame(fd: int):
    header = _read_exact(fd, _HEADER.size)
    if header is None:
        return _EOF
    payload = _read_exact(fd, _HEADER.unpack(header)[0])
    return _EOF if payload is None else pickle.loads(payload)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _frame(obj) -> bytes:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(payload)) + payload


# -- the helper process ---------------------------------------------------------------


def serve() -> None:
    """Entry point of the helper process: tag requests from stdin, answer on stdout."""
    # Ctrl-C reaches the whole process group; the importer decides, and closes our input.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    fd_in, fd_out = sys.stdin.fileno(), sys.stdout.fileno()
    from store.tagging.rules import RuleTagger

    table = _read_frame(fd_in)
    if table is _EOF:
        return
    tagger = RuleTagger(table)
    tagger.tag("", (), None)  # build the lexicon view before saying ready
    requests: SimpleQueue = SimpleQueue()
    skipped: set[int] = set()

    def read_loop() -> None:
        # A thread reads ahead so "skip" notes arrive while a chunk is being tagged.
        try:
            while True:
                message = _read_frame(fd_in)
                if message is _EOF:
                    break
                kind, payload = message
                if kind == "skip":
                    skipped.update(payload)
                else:
                    requests.put(payload)
        finally:
            requests.put(None)

    threading.Thread(target=read_loop, daemon=True).start()
    _write_all(fd_out, _frame("ready"))
    while True:
        chunk = requests.get()
        if chunk is None:
            return
        answer = []
        for index, title, body, language in chunk:
            if index in skipped:
                skipped.discard(index)
                continue  # the importer tagged it already
            try:
                answer.append((index, _rows(tagger.tag(title, body, language))))
            except Exception:
                answer.append((index, None))  # the importer tags it and sees the error itself
        _write_all(fd_out, _frame(answer))


class _Helper:
    """The importer's end of one helper process: a thread writes, a thread reads."""

    def __init__(self, table) -> None:
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from store.tagging.parallel import serve; serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            bufsize=0, env=env, close_fds=True,
        )
        self.ready = False
        self._outbox: SimpleQueue = SimpleQueue()
        self._inbox: SimpleQueue = SimpleQueue()
        self._threads = [
            threading.Thread(target=self._write_loop, name="tag-helper-out", daemon=True),
            threading.Thread(target=self._read_loop, name="tag-helper-in", daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        self._outbox.put(_frame(table))

    def _write_loop(self) -> None:
        pipe = self.proc.stdin
        try:
            while True:
                data = self._outbox.get()
                if data is None:
                    break
                _write_all(pipe.fileno(), data)
        except OSError:
            pass  # the helper is gone; the reading side reports it
        finally:
            try:
                pipe.close()
            except OSError:
                pass

    def _read_loop(self) -> None:
        try:
            while True:
                message = _read_frame(self.proc.stdout.fileno())
                self._inbox.put(message)
                if message is _EOF:
                    break
        except Exception:
            self._inbox.put(_EOF)

    def send(self, kind: str, payload) -> None:
        self._outbox.put(_frame((kind, payload)))

    def wait(self, timeout: float):
        """The next message, waiting up to ``timeout`` seconds (None if none came)."""
        try:
            return self._inbox.get(timeout=timeout)
        except Empty:
            return None

    def messages(self) -> list:
        """Messages that have arrived; raises EOFError once the helper has gone."""
        out = []
        while True:
            try:
                message = self._inbox.get_nowait()
            except Empty:
                return out
            if message is _EOF:
                raise EOFError("the tagging helper exited")
            out.append(message)

    def close(self, kill: bool = False) -> None:
        self._outbox.put(None)  # closing its input ends the helper
        if kill:
            self.proc.kill()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for thread in self._threads:
            thread.join(timeout=5)
        try:
            self.proc.stdout.close()
        except OSError:
            pass


# -- the importer's side --------------------------------------------------------------


class TagPipeline:
    """Entities for a stream of articles, in order, using a helper process for big streams.

    ``tagger`` tags in this process; a helper is only started for the rule-based
    tagger (it gets a copy of ``tagger.aliases``). ``parallel`` False never
    starts one; True starts one with the first article (for tests and
    measurements); None starts one after ``MIN_ARTICLES`` articles on a machine
    with a spare core. Use as a context manager, or call ``close``.
    """

    def __init__(self, tagger, *, parallel: bool | None = None) -> None:
        from store.tagging.rules import RuleTagger

        self.tagger = tagger
        self._jobs: dict[int, Job] = {}  # index -> article not tagged yet
        self._done: dict[int, tuple[Entity, ...]] = {}
        self._in_flight: set[int] = set()  # given to the helper, not answered yet
        self._added = 0
        self._taken = 0
        self._front = 0  # the next article the helper may be given
        self._helper: _Helper | None = None
        self.helper_tagged = 0  # articles whose entities came from the helper
        self.helper_failed = False
        self._eligible = type(tagger) is RuleTagger and parallel is not False and (
            parallel is True or _spare_core()
        )
        self._start_after = 0 if parallel is True else MIN_ARTICLES

    @property
    def parallel(self) -> bool:
        """True while a helper process is tagging alongside this one."""
        return self._helper is not None

    def __enter__(self) -> "TagPipeline":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def wait_for_helper(self, timeout: float = 30.0) -> bool:
        """Start the helper now if it may be used, and block until it is ready; True if it is."""
        if self._helper is None and self._eligible:
            self._start()
        helper = self._helper
        if helper is None:
            return False
        if not helper.ready:
            message = helper.wait(timeout)
            if message == "ready":
                helper.ready = True
            elif message is not None:
                self._fail()  # anything else first means the helper is broken
                return False
        return helper.ready

    def add(self, title: str, body: Sequence[str], language: str | None) -> None:
        """Queue the next article."""
        self._jobs[self._added] = (title, body, language)
        self._added += 1
        if self._helper is None and self._eligible and self._added > self._start_after:
            self._start()
        if self._helper is not None:
            self._pump(IN_FLIGHT)

    def take(self, count: int) -> list[tuple[Entity, ...]]:
        """Entities of the next ``count`` queued articles, in the order they were added."""
        end = self._taken + count
        if count < 0 or end > self._added:
            raise ValueError(f"cannot take {count} articles: {self._added - self._taken} are queued")
        if self._helper is None:
            for index in range(self._taken, end):  # alone: in order, as a plain loop would
                if index in self._jobs:
                    self._tag_here(index)
        back = end - 1
        while back >= self._taken:
            if self._helper is not None:
                self._pump(IN_FLIGHT)
            if back in self._jobs:
                if back in self._in_flight:
                    # Met the helper's queue: take this one over rather than wait.
                    self._in_flight.discard(back)
                    if self._helper is not None:
                        self._helper.send("skip", (back,))
                self._tag_here(back)
            back -= 1
        out = [self._done.pop(i) for i in range(self._taken, end)]
        self._taken = end
        if self._helper is not None:
            # The importer is about to write: give the helper what has been read already.
            self._pump(AHEAD)
        return out

    def close(self) -> None:
        """Stop the helper process, if any."""
        helper, self._helper = self._helper, None
        if helper is not None:
            helper.close()

    # -- internals ---------------------------------------------------------------

    def _tag_here(self, index: int) -> None:
        title, body, language = self._jobs.pop(index)
        self._done[index] = tuple(self.tagger.tag(title, body, language))

    def _start(self) -> None:
        self._eligible = False  # one attempt per pipeline
        try:
            self._helper = _Helper(self.tagger.aliases)
        except Exception:
            self.helper_failed = True

    def _fail(self) -> None:
        self.helper_failed = True
        self._in_flight.clear()
        helper, self._helper = self._helper, None
        try:
            helper.close(kill=True)
        except Exception:
            pass

    def _pump(self, limit: int) -> None:
        """Collect the helper's answers, and keep it supplied with up to ``limit`` articles."""
        helper = self._helper
        try:
            for message in helper.messages():
                if message == "ready":
                    helper.ready = True
                    continue
                for index, rows in message:
                    self._in_flight.discard(index)
                    if rows is not None and index in self._jobs:
                        del self._jobs[index]
                        self._done[index] = _entities(rows)
                        self.helper_tagged += 1
            if not helper.ready:
                return
            while len(self._in_flight) < limit and self._front < self._added:
                chunk = []
                while len(chunk) < CHUNK and self._front < self._added:
                    index = self._front
                    self._front += 1
                    job = self._jobs.get(index)
                    if job is not None:
                        chunk.append((index, *job))
                if chunk:
                    helper.send("tag", chunk)
                    self._in_flight.update(item[0] for item in chunk)
        except Exception:
            self._fail()
