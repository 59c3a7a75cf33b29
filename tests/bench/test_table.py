"""The benchmark's table judges each figure against the project's targets."""

from __future__ import annotations

from bench.__main__ import format_table


def results(start_10k: float, start_100k: float, blank: float) -> dict:
    def cold(value: float) -> dict:
        return {"cold_start_pty": {"first_key_answered": {"median": value, "min": value}}}

    return {
        "floors": {"blank_app_start_pty": {"median": blank, "min": blank}},
        "sizes": {"10k": cold(start_10k), "100k": cold(start_100k)},
    }


def cold_line(table: str) -> str:
    return next(line for line in table.splitlines() if line.startswith("cold start, pty"))


def test_cold_start_at_10k_is_judged_by_its_ratio_to_the_floor():
    # 0.40 s is 2.35 times a 0.17 s floor: within 2.5 times, though above 0.35 s.
    line = cold_line(format_table(results(0.40, 0.39, 0.17)))
    assert "×2.4 ✓" in line and line.count("✓") == 2
    # The same start against a faster floor is more than 2.5 times it.
    line = cold_line(format_table(results(0.40, 0.39, 0.14)))
    assert "×2.9 ✗" in line


def test_cold_start_at_100k_is_judged_by_its_time():
    line = cold_line(format_table(results(0.30, 0.41, 0.17)))
    assert line.rstrip().endswith("✗")
    line = cold_line(format_table(results(0.30, 0.39, 0.17)))
    assert line.rstrip().endswith("✓")
