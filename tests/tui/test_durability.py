"""Reading state survives the reader being killed right after it showed the change."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from store.db import Store

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import asyncio, sys, time
    from pathlib import Path
    from tui.app import NewsdeskApp

    async def main():
        app = NewsdeskApp(Path(sys.argv[1]), label="kill test")
        async with app.run_test(size=(100, 30)) as pilot:
            lst = app.reader.article_list
            while not lst.articles:
                await pilot.pause(0.02)
            await pilot.press("m", "s")
            target = lst.current.id
            while not (target in app.reader.states and app.reader.states[target].starred):
                await pilot.pause(0.02)
            print("shown", target, flush=True)
            time.sleep(60)  # killed here, without any clean shutdown

    asyncio.run(main())
    """
)


def test_mark_read_survives_a_kill(store_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(store_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("shown "), proc.stderr.read() if proc.poll() is not None else line
        article_id = line.split()[1]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    with Store(store_path, create=False) as store:
        state = store.state(article_id)
    assert state.read and state.starred
