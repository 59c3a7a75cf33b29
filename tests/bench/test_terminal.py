"""The benchmark's pty driver: output is timed when it arrives, not after the emulator parsed it."""

from __future__ import annotations

import sys
import time

import pytest

from bench.terminal import PtyApp

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty")

# One frame bigger than the pty's buffer, then (after a pause) a second, small one.
PROGRAM = r"""
import os, sys, time
sys.stdin.readline()
os.write(1, b"\x1b[H" + b"".join(b"\x1b[%d;1H" % (row + 1) + b"x" * 100 for row in range(30)) * 4)
time.sleep(0.3)
os.write(1, b"\x1b[1;1Hsecond")
time.sleep(1)
"""


def test_a_burst_larger_than_the_pty_buffer_is_one_chunk_and_a_later_frame_another():
    with PtyApp([sys.executable, "-c", PROGRAM], columns=120, rows=40) as app:
        sent = app.send(b"go\n")
        first = app.wait_until(lambda s: s.line(29).startswith("x" * 100), 10)
        assert first is not None
        frames = [chunk for chunk in app.log if chunk.at >= sent and b"x" * 100 in chunk.data]
        # The whole 12 KB frame (three pty buffers and more) came in as one burst, timed by its last read.
        assert len(frames) == 1
        assert len(frames[0].data) > 3 * 4096
        assert frames[0].at == first
        second = app.wait_until(lambda s: s.line(0).startswith("second"), 10)
        assert second is not None and second - first > 0.2
        assert app.log[-1].data.endswith(b"second")
