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

import gc
import os
import pickle
import signal
import struct
import subprocess
import sys
import select
import time
from collections import deque
from pathlib import Path
from typing import Sequence

from store.models import Entity

MIN_ARTICLES = 200  # below this a helper process costs more than it saves
CHUNK = 8  # articles per request to the helper
IN_FLIGHT = 64  # articles queued at the helper while the importer is reading
AHEAD = 600  # articles the helper may hold while the importer goes off to write
PIPE_BYTES = 1 << 20  # pipe size asked for (Linux allows up to 1 MB without privileges)
_HEADER = struct.Struct("<I")

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


def _frame(obj) -> bytes:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(payload)) + payload


def _unframe(buffer: bytearray) -> list:
    """Complete messages at the start of ``buffer`` (removed from it)."""
    messages = []
    at = 0
    while len(buffer) - at >= _HEADER.size:
        size = _HEADER.unpack_from(buffer, at)[0]
        if len(buffer) - at - _HEADER.size < size:
            break
        at += _HEADER.size
        messages.append(pickle.loads(buffer[at:at + size]))
        at += size
    del buffer[:at]
    return messages


def _grow_pipe(fd: int) -> None:
    # A roomy pipe lets a batch of articles (or answers) wait in it while the other side is busy.
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def _write_some(fd: int, pending: bytearray) -> None:
    """Write what the pipe takes now; raises BrokenPipeError when the reader has gone."""
    while pending:
        try:
            written = os.write(fd, pending)
        except BlockingIOError:
            return
        del pending[:written]


# -- the helper process ---------------------------------------------------------------


def serve() -> None:
    """Entry point of the helper process: tag requests from stdin, answer on stdout.

    One thread, no blocking writes: answers wait in memory while the importer is busy,
    and "skip" notes are read between chunks.
    """
    # Ctrl-C reaches the whole process group; the importer decides, and closes our input.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    fd_in, fd_out = sys.stdin.fileno(), sys.stdout.fileno()
    os.set_blocking(fd_out, False)
    _grow_pipe(fd_out)
    inbox = bytearray()
    outbox = bytearray()
    requests: deque = deque()
    skipped: set[int] = set()
    tagger = None
    ended = False

    def gather(timeout: float | None) -> None:
        nonlocal ended, tagger
        while not ended:
            readable, writable, _x = select.select([fd_in], [fd_out] if outbox else [], [], timeout)
            if writable:
                _write_some(fd_out, outbox)
            if readable:
                data = os.read(fd_in, PIPE_BYTES)
                if not data:
                    ended = True
                    return
                inbox.extend(data)
                for message in _unframe(inbox):
                    if tagger is None:
                        from store.tagging.rules import RuleTagger

                        tagger = RuleTagger(message)
                        tagger.tag("", (), None)  # build the lexicon view before saying ready
                        # The alias table and lexicon live as long as the helper: collections skip them.
                        gc.freeze()
                        outbox.extend(_frame("ready"))
                    elif message[0] == "skip":
                        skipped.update(message[1])
                    else:
                        requests.append(message[1])
            if not (readable or writable) or timeout is None:
                return
            timeout = 0

    try:
        while not ended:
            gather(0)
            if not requests:
                gather(None)  # idle: wait for work (or for room to send answers)
                continue
            answer = []
            for index, title, body, language in requests.popleft():
                if index in skipped:
                    skipped.discard(index)
                    continue  # the importer tagged it already
                try:
                    answer.append((index, _rows(tagger.tag(title, body, language))))
                except Exception:
                    answer.append((index, None))  # the importer tags it and sees the error itself
            outbox.extend(_frame(answer))
            _write_some(fd_out, outbox)
    except BrokenPipeError:
        pass  # the importer has gone


class _Helper:
    """The importer's end of one helper process; all pipe I/O is non-blocking."""

    def __init__(self, table) -> None:
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen(
            # -S: it needs only the standard library and store.tagging (on PYTHONPATH), so
            # site-packages and their .pth files are not worth the start-up time. -P: a "store"
            # folder in the current directory must not stand in for this one.
            [sys.executable, "-S", "-P", "-c", "from store.tagging.parallel import serve; serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            bufsize=0, env=env, close_fds=True,
            # Its own session: where the scheduler groups CPU time by session, the helper
            # then adds a core's worth instead of splitting the importer's share.
            start_new_session=True,
        )
        self.ready = False
        self._out_fd = self.proc.stdin.fileno()
        self._in_fd = self.proc.stdout.fileno()
        self._inbox = bytearray()
        try:
            for fd in (self._out_fd, self._in_fd):
                os.set_blocking(fd, False)
                _grow_pipe(fd)
            self._outbox = bytearray(_frame(table))
            _write_some(self._out_fd, self._outbox)
        except BaseException:
            self.close(kill=True)  # never leave a half-started helper behind
            raise

    def send(self, kind: str, payload) -> None:
        self._outbox.extend(_frame((kind, payload)))
        _write_some(self._out_fd, self._outbox)

    def messages(self) -> list:
        """Messages that have arrived; raises EOFError once the helper has gone."""
        _write_some(self._out_fd, self._outbox)
        while True:
            try:
                data = os.read(self._in_fd, PIPE_BYTES)
            except BlockingIOError:
                break
            if not data:
                raise EOFError("the tagging helper exited")
            self._inbox.extend(data)
        return _unframe(self._inbox) if self._inbox else []

    def wait(self, timeout: float) -> list:
        """Messages, waiting up to ``timeout`` seconds for the first one (empty if none came)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.messages()
            left = deadline - time.monotonic()
            if found or left <= 0:
                return found
            select.select([self._in_fd], [self._out_fd] if self._outbox else [], [], left)

    def close(self, kill: bool = False) -> None:
        try:
            self.proc.stdin.close()  # the end of its input ends the helper
        except OSError:
            pass
        if kill:
            self.proc.kill()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
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
            try:
                messages = helper.wait(timeout)
            except Exception:
                messages = [None]
            if messages and messages[0] == "ready" and len(messages) == 1:
                helper.ready = True
            elif messages:
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
