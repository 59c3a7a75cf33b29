"""The benchmark's summary of a list of timings."""

from __future__ import annotations

from bench.measure import stats


def test_p95_is_the_nearest_rank():
    # Of 20 presses, 19 are at or below the 95th percentile: one slow press is the max, not the p95.
    values = [float(v) for v in range(1, 21)]
    summary = stats(values)
    assert summary["p95"] == 19.0 and summary["max"] == 20.0
    # 200 queries: the 190th value.
    assert stats([float(v) for v in range(200, 0, -1)])["p95"] == 190.0
    # Fewer than 20 values: the slowest is the p95.
    assert stats([3.0, 1.0, 2.0])["p95"] == 3.0
    assert stats([5.0])["p95"] == 5.0


def test_failed_measures_are_counted_apart():
    summary = stats([2.0, None, 1.0, 4.0, 3.0])
    assert summary["n"] == 4 and summary["failed"] == 1
    assert summary["min"] == 1.0 and summary["median"] == 2.5 and summary["max"] == 4.0
