"""Run a program in a pseudo-terminal and keep a model of its screen.

The reader is timed the way a person sees it: bytes written to a real pty, decoded
into a grid of cells (character and SGR style) by a small terminal model that knows
the escape sequences Textual emits. Timings are taken when a chunk of output that
makes a condition true arrives, so what is measured ends at the frame, not at a
guess.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import get_character_cell_size

_CSI = re.compile(rb"\x1b\[([0-9;?<>=$ ]*)([@-~])")


class Screen:
    """A grid of cells: enough of a VT100/xterm to follow a Textual app's output."""

    def __init__(self, columns: int, rows: int) -> None:
        self.columns, self.rows = columns, rows
        self.chars = [[" "] * columns for _ in range(rows)]
        self.styles = [[""] * columns for _ in range(rows)]
        self.x = self.y = 0
        self.sgr = ""
        self._pending = b""
        self._saved = (0, 0)

    def feed(self, data: bytes) -> None:
        data = self._pending + data
        self._pending = b""
        i, n = 0, len(data)
        text_start = None
        while i < n:
            b = data[i]
            if b == 0x1B:
                if text_start is not None:
                    self._text(data[text_start:i])
                    text_start = None
                end = self._escape(data, i)
                if end is None:
                    self._pending = data[i:]
                    return
                i = end
                continue
            if b < 0x20:
                if text_start is not None:
                    self._text(data[text_start:i])
                    text_start = None
                if b == 0x0D:
                    self.x = 0
                elif b == 0x0A:
                    self.y = min(self.y + 1, self.rows - 1)
                elif b == 0x08:
                    self.x = max(self.x - 1, 0)
                i += 1
                continue
            if text_start is None:
                text_start = i
            i += 1
        if text_start is not None:
            chunk = data[text_start:]
            # Keep an incomplete UTF-8 sequence for the next chunk.
            cut = len(chunk)
            for back in range(1, min(4, len(chunk)) + 1):
                lead = chunk[-back]
                if lead & 0xC0 == 0xC0:
                    need = 2 if lead & 0xE0 == 0xC0 else 3 if lead & 0xF0 == 0xE0 else 4
                    if back < need:
                        cut = len(chunk) - back
                    break
                if lead & 0x80 == 0:
                    break
            self._text(chunk[:cut])
            self._pending = chunk[cut:]

    def _escape(self, data: bytes, i: int) -> int | None:
        if i + 1 >= len(data):
            return None
        kind = data[i + 1]
        if kind == ord("["):
            m = _CSI.match(data, i)
            if m is None:
                # Incomplete (or unknown) CSI: wait for more unless it is clearly junk.
                return None if len(data) - i < 64 else i + 2
            self._csi(m.group(1), m.group(2))
            return m.end()
        if kind == ord("]") or kind == ord("P") or kind == ord("_"):
            # OSC / DCS / APC: up to BEL or ST.
            bel = data.find(b"\x07", i)
            st = data.find(b"\x1b\\", i + 2)
            ends = [e + 1 for e in (bel,) if e >= 0] + [e + 2 for e in (st,) if e >= 0]
            return min(ends) if ends else None
        if kind in (ord("("), ord(")")):
            return i + 3 if i + 2 < len(data) else None
        if kind == ord("7"):
            self._saved = (self.x, self.y)
        elif kind == ord("8"):
            self.x, self.y = self._saved
        return i + 2

    def _csi(self, params: bytes, final: bytes) -> None:
        p = params.decode("ascii", "replace")
        if p.startswith(("?", ">", "<", "=")) or "$" in p or " " in p:
            return
        nums = [int(v) if v.isdigit() else 0 for v in p.split(";")] if p else []
        f = final
        if f == b"m":
            self._sgr(p)
        elif f in (b"H", b"f"):
            row = (nums[0] if nums and nums[0] else 1) - 1
            col = (nums[1] if len(nums) > 1 and nums[1] else 1) - 1
            self.y, self.x = min(max(row, 0), self.rows - 1), min(max(col, 0), self.columns - 1)
        elif f == b"A":
            self.y = max(self.y - (nums[0] if nums and nums[0] else 1), 0)
        elif f == b"B":
            self.y = min(self.y + (nums[0] if nums and nums[0] else 1), self.rows - 1)
        elif f == b"C":
            self.x = min(self.x + (nums[0] if nums and nums[0] else 1), self.columns - 1)
        elif f == b"D":
            self.x = max(self.x - (nums[0] if nums and nums[0] else 1), 0)
        elif f == b"G":
            self.x = min(max((nums[0] if nums and nums[0] else 1) - 1, 0), self.columns - 1)
        elif f == b"d":
            self.y = min(max((nums[0] if nums and nums[0] else 1) - 1, 0), self.rows - 1)
        elif f == b"J":
            mode = nums[0] if nums else 0
            if mode in (2, 3):
                for r in range(self.rows):
                    self._clear(r, 0, self.columns)
            elif mode == 0:
                self._clear(self.y, self.x, self.columns)
                for r in range(self.y + 1, self.rows):
                    self._clear(r, 0, self.columns)
        elif f == b"K":
            mode = nums[0] if nums else 0
            if mode == 0:
                self._clear(self.y, self.x, self.columns)
            elif mode == 1:
                self._clear(self.y, 0, self.x + 1)
            else:
                self._clear(self.y, 0, self.columns)

    def _clear(self, row: int, start: int, end: int) -> None:
        for c in range(start, end):
            self.chars[row][c] = " "
            self.styles[row][c] = self.sgr

    def _sgr(self, params: str) -> None:
        if params in ("", "0"):
            self.sgr = ""
        else:
            # Textual writes whole styles after a reset; accumulate within one run.
            self.sgr = params if params.startswith("0;") or not self.sgr else self.sgr + ";" + params

    def _text(self, raw: bytes) -> None:
        text = raw.decode("utf-8", "replace")
        row_chars = self.chars[self.y]
        row_styles = self.styles[self.y]
        for ch in text:
            width = get_character_cell_size(ch)
            if width == 0:
                continue
            if self.x >= self.columns:
                continue
            row_chars[self.x] = ch
            row_styles[self.x] = self.sgr
            if width == 2 and self.x + 1 < self.columns:
                row_chars[self.x + 1] = ""
                row_styles[self.x + 1] = self.sgr
            self.x += width

    # -- queries ----------------------------------------------------------------
    def line(self, row: int) -> str:
        return "".join(self.chars[row])

    def text(self) -> str:
        return "\n".join(self.line(r) for r in range(self.rows))

    def find(self, needle: str) -> tuple[int, int] | None:
        """(row, column) of the first line containing ``needle``."""
        for r in range(self.rows):
            col = self.line(r).find(needle)
            if col >= 0:
                return r, col
        return None

    def style_at(self, row: int, col: int) -> str:
        return self.styles[row][col]


# A burst: output that follows within BURST_GAP seconds of the last read (at most BURST_READS
# reads). Far shorter than a frame interval, so two frames are not taken for one.
BURST_GAP = 0.0005
BURST_READS = 256


@dataclass
class Chunk:
    at: float
    data: bytes


class PtyApp:
    """A program on the slave side of a pty of the given size; we hold the master side."""

    def __init__(self, argv: Sequence[str], *, columns: int = 120, rows: int = 40, env: dict | None = None, cwd=None):
        self.columns, self.rows = columns, rows
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        full_env = dict(os.environ if env is None else env)
        full_env.update({"TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)})
        full_env.pop("TEXTUAL", None)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        os.set_blocking(master, False)
        self.screen = Screen(columns, rows)
        self.log: list[Chunk] = []
        self.closed = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read(self, timeout: float) -> Chunk | None:
        if self.closed:
            time.sleep(timeout)
            return None
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not ready:
            return None
        try:
            data = os.read(self.master, 1 << 16)
        except BlockingIOError:
            return None
        except OSError:
            self.closed = True
            return None
        now = time.perf_counter()
        if not data:
            self.closed = True
            return None
        # A frame larger than the pty's buffer comes in several reads. All of a burst is read
        # before any of it is parsed: parsing takes this emulator about a millisecond per
        # buffer, and that is not the program's time (the burst's time is its last read's).
        parts = [data]
        while len(parts) < BURST_READS:
            ready, _, _ = select.select([self.master], [], [], BURST_GAP)
            if not ready:
                break
            try:
                more = os.read(self.master, 1 << 16)
            except BlockingIOError:
                continue
            except OSError:
                break
            if not more:
                break
            parts.append(more)
            now = time.perf_counter()
        data = b"".join(parts)
        self.screen.feed(data)
        chunk = Chunk(now, data)
        self.log.append(chunk)
        return chunk

    def drain(self, quiet: float = 0.05, limit: float = 5.0) -> None:
        """Read until the program has been quiet for ``quiet`` seconds (or ``limit`` passed)."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            if self._read(quiet) is None:
                return

    def wait_until(self, condition: Callable[[Screen], bool], timeout: float = 30.0) -> float | None:
        """perf_counter time of the chunk after which ``condition(screen)`` held, or None on timeout."""
        if condition(self.screen):
            return time.perf_counter()
        end = time.perf_counter() + timeout
        while True:
            left = end - time.perf_counter()
            if left <= 0:
                return None
            chunk = self._read(min(left, 0.05))
            if chunk is not None and condition(self.screen):
                return chunk.at
            if self.closed:
                return None

    def send(self, data: bytes) -> float:
        t = time.perf_counter()
        os.write(self.master, data)
        return t

    def press(
        self,
        data: bytes,
        condition: Callable[[Screen], bool] | None = None,
        *,
        quiet: float = 0.005,
        timeout: float = 10.0,
    ) -> float | None:
        """Send key bytes; seconds until ``condition`` holds, or without one, until the first burst of
        output after the key ends (``quiet`` seconds with nothing more). None on timeout."""
        sent = self.send(data)
        if condition is not None:
            at = self.wait_until(condition, timeout)
            return None if at is None else at - sent
        end = sent + timeout
        first = None
        last = None
        while True:
            now = time.perf_counter()
            if now > end:
                return None if last is None else last - sent
            wait = (end - now) if first is None else quiet
            chunk = self._read(wait)
            if chunk is None:
                if first is not None:
                    return last - sent
                if self.closed:
                    return None
                continue
            if first is None:
                first = chunk.at
            last = chunk.at

    def peak_rss_kb(self) -> int | None:
        """VmHWM of the program (its peak resident set), in KiB."""
        try:
            with open(f"/proc/{self.proc.pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                self.proc.wait(2)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
                self.proc.wait(2)
        try:
            os.close(self.master)
        except OSError:
            pass
        self.closed = True

    def __enter__(self) -> "PtyApp":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
