"""The reader needs a terminal: without one, newsdesk says so in one line instead of hanging."""

import subprocess
import sys
from pathlib import Path

from store.db import Store

ROOT = Path(__file__).resolve().parents[2]


def newsdesk(*args: str) -> subprocess.CompletedProcess:
    # Piped standard input and output: what a script or a cron job gives.
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )


def test_the_reader_without_a_terminal_says_so_and_exits(tmp_path):
    for args in ([], ["read"]):
        proc = newsdesk("--db", str(tmp_path / "store"), *args)
        err = proc.stderr.decode()
        assert proc.returncode == 1, err
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("newsdesk: the reader needs a terminal"), err
        assert "newsdesk list" in lines[0]
        assert proc.stdout == b""


def test_demo_without_a_terminal_refuses_unless_the_store_is_kept(tmp_path):
    proc = newsdesk("demo")
    assert proc.returncode == 1
    assert "--keep" in proc.stderr.decode()

    target = tmp_path / "demo"
    proc = newsdesk("demo", "--keep", str(target))
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    with Store(target) as store:
        count = len(store)
    assert count > 20
    assert f"{count} articles kept in {target}" in err
