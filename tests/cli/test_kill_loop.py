"""CLI writers killed with SIGKILL at random moments, and CLI writers running side by side.

The harness lives in bench/soak.py (``python -m bench.soak --soak --minutes 5`` runs it for
longer). Writers are real CLI processes: ``python -m tui.cli`` (the entry point; these kills
mostly land during start-up) and processes forked from a warm interpreter that run
``tui.cli.main`` (so the random delay falls inside the command's reads and writes). After
every kill the store must open, every command that exited 0 must be there in full, and a
killed command may have happened or not, but never halfway.
"""

import sys

import pytest

pytest.importorskip("store.tagging")

from bench.soak import ExecRunner, ForkRunner, Soak  # noqa: E402
from store.db import Store  # noqa: E402
from store.doctor import check_store  # noqa: E402

SEED = 20240611
MIN_KILLS = 50


@pytest.fixture
def fork_runner(tmp_path):
    runner = ForkRunner(log=tmp_path / "writers.log")
    yield runner
    runner.close()


def test_sigkilled_writers_never_lose_a_committed_change(tmp_path, fork_runner, capsys):
    soak = Soak(store=tmp_path / "store", inputs=tmp_path / "inputs", seed=SEED)
    soak.seed_articles(fork_runner, n=4)
    # `python -m tui.cli` writers: reading-state commands (an import start-up is slow here).
    exe = ExecRunner()
    for _ in range(8):
        soak.kill_round(exe, imports=False)
    # Warm writers: imports and state changes, until at least MIN_KILLS landed mid-command.
    rounds = 0
    while soak.counts["killed"] < MIN_KILLS and rounds < 200:
        soak.kill_round(fork_runner)
        rounds += 1
    c = soak.counts
    assert c["killed"] >= MIN_KILLS, dict(c)
    assert c["verified"] == c["killed"] + c["completed"]
    assert c["completed"] >= 1  # some commands beat the kill, and their changes were checked
    # Only harmless leftovers of killed writers may be found; repair tidies them and loses nothing.
    assert all(p.severity == "warning" for p in check_store(soak.store))
    soak.finish()
    assert check_store(soak.store) == []
    assert len(Store(soak.store)) == len(soak.model.committed)
    with capsys.disabled():
        sys.stderr.write(
            f"\n[kill loop] {c['killed']} killed mid-command ({c['kills mid-write']} mid-write), {c['completed']} finished first, "
            f"{c['exec rounds']} via python -m tui.cli, {c['fork rounds']} forked, {c['articles']} articles\n"
        )


def test_three_cli_writers_at_once_lose_nothing(tmp_path, fork_runner):
    soak = Soak(store=tmp_path / "store", inputs=tmp_path / "inputs", seed=SEED + 1)
    soak.seed_articles(fork_runner, n=4)
    # import + mark-read + star as `python -m tui.cli` processes, overlapping on the same articles
    soak.concurrent_round(ExecRunner(), per_writer=1)
    # and more of them, faster, from the warm interpreter
    for _ in range(3):
        soak.concurrent_round(fork_runner, per_writer=4)
    assert soak.counts["concurrent rounds"] == 4
    s = Store(soak.store)
    assert {x.title for x in s.summaries()} == set(soak.model.committed)
    for (title, fld), values in soak.model.allowed.items():
        st = s.state(soak.model.ids[title])
        assert (st.read if fld == "read" else st.starred) in values
    assert check_store(soak.store) == []
