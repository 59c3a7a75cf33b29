"""newsdesk performance benchmark: ``python -m bench [--quick] [--sizes 1k,10k,100k] [--out PATH]``.

Builds (or reuses, from bench/.cache/) synthetic stores of each size, measures import,
reader start-up, key latency, reading-state writes, related queries and memory, and
writes every figure to a JSON file and a table on stdout. Each figure is the min and
median of several runs; latencies also give p95. ``--quick`` runs the 1k store only,
in under a minute, so CI can check that the benchmark still works.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from . import measure
from .synth import BENCH_DIR, cached_store, parse_size, size_label

DEFAULT_OUT = BENCH_DIR / "results" / "latest.json"

# measure -> size -> (bound, "max" | "min"); from the project's performance targets.
TARGETS = {
    # At 10k the target is a ratio: 2.5 times the blank-app floor measured on the same run.
    "cold start, pty (s)": {"10k": (2.5, "ratio"), "100k": (0.4, "max")},
    "cursor down p95 (ms)": {"10k": (16, "max"), "100k": (16, "max")},
    "page down p95 (ms)": {"10k": (16, "max"), "100k": (16, "max")},
    "open article p95 (ms)": {"10k": (16, "max"), "100k": (16, "max")},
    "mark read key p95 (ms)": {"10k": (16, "max"), "100k": (16, "max")},
    "search keystroke p95 (ms)": {"10k": (30, "max"), "100k": (100, "max")},
    "mark-read durable p95 (ms)": {"10k": (10, "max"), "100k": (10, "max")},
    "related query p95 (ms)": {"10k": (2, "max"), "100k": (5, "max")},
    "import JSONL (art/s)": {"10k": (1000, "min"), "100k": (1000, "min")},
    "reader peak RSS (MB)": {"10k": (100, "max"), "100k": (250, "max")},
}


# Presses of each key in a full run: the p95 of 40 is the third slowest, so one stray slow
# press (a collection, the machine's other work) does not decide it alone.
KEY_ROUNDS = 40

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="1k store only, few runs: under a minute (for CI)")
    p.add_argument("--sizes", default="1k,10k,100k", help="comma-separated store sizes (default 1k,10k,100k)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON results file (default {DEFAULT_OUT})")
    p.add_argument("--runs", type=int, default=None, help="runs per start-up and open figure (default 5, quick 2)")
    p.add_argument("--seed", type=int, default=1, help="seed of the synthetic stores")
    p.add_argument(
        "--only",
        default="",
        help="comma-separated groups to run: floors,import,open,mark,related,headless,pty,keys (default all)",
    )
    return p.parse_args(argv)


def git_commit() -> str | None:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=BENCH_DIR.parent, capture_output=True, text=True, timeout=5
        ).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def compile_project() -> bool:
    """Write bytecode for the project's packages; False when it cannot be written."""
    import compileall

    root = Path(__file__).resolve().parents[1]
    try:
        return all(compileall.compile_dir(root / pkg, quiet=1) for pkg in ("store", "tui", "bench"))
    except OSError:
        return False


def compile_sources() -> None:
    """Bring the reader's compiled modules up to date before anything is timed.

    An installed reader starts from compiled modules. Without this, a source edited since its
    cache was written (or a shell with PYTHONDONTWRITEBYTECODE set, where no cache is ever
    written) makes every timed start compile those modules again: tens of ms that no user pays.
    """
    for package in ("store", "tui"):
        compileall.compile_dir(measure.ROOT / package, quiet=1)


def run(args: argparse.Namespace) -> dict:
    quick = args.quick
    sizes = [1000] if quick else [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    runs = args.runs or (2 if quick else 5)
    groups = {g.strip() for g in args.only.split(",") if g.strip()} or {
        "floors", "import", "open", "mark", "related", "headless", "pty", "keys",
    }
    import textual

    compile_sources()
    results: dict = {
        "meta": {
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "commit": git_commit(),
            "python": platform.python_version(),
            "textual": getattr(textual, "__version__", None),
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
            "quick": quick,
            "runs": runs,
            "seed": args.seed,
            "loadavg_start": os.getloadavg(),
        },
        "floors": {},
        "import": {},
        "sizes": {},
        "errors": [],
    }
    if quick:
        measure.PATIENCE = 20.0
    # Started readers load compiled modules, as an installed copy would, even where the
    # environment forbids writing bytecode (PYTHONDONTWRITEBYTECODE) or the tree is fresh.
    results["meta"]["bytecode_compiled"] = compile_project()
    have_pty = measure.pty_available()
    if not have_pty:
        # Without pseudo-terminals (some CI containers) the terminal measures cannot run at all.
        results["skipped"] = "no pseudo-terminal available: blank app floor, pty cold start and key latency not measured"
        print(results["skipped"])
        groups -= {"pty", "keys"}
    tmp = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    (tmp / "config").mkdir()

    def attempt(name: str, fn):
        started = time.perf_counter()
        print(f"  {name} …", end="", flush=True)
        try:
            value = fn()
        except Exception as exc:  # noqa: BLE001 - one failed measure must not lose the others
            print(f" failed: {exc}")
            results["errors"].append({"measure": name, "error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()[-3000:]})
            return None
        print(f" {time.perf_counter() - started:.1f} s")
        return value

    try:
        if "floors" in groups and have_pty:
            print("floors")
            results["floors"]["blank_app_start_pty"] = attempt("blank Textual app, pty", lambda: measure.blank_app_start(runs, tmp))
        if "import" in groups:
            print("import")
            count = 150 if quick else 1500
            results["import"] = attempt(f"import {count} articles", lambda: measure.import_throughput(count, 2 if quick else 3, tmp)) or {}
        for size in sizes:
            label = size_label(size)
            print(f"store {label}")
            store = cached_store(size, args.seed, log=lambda m: print("  " + m))
            r: dict = {"articles": size}
            results["sizes"][label] = r
            from store.db import Store

            with Store(store) as s:
                titles = [x.title for x in s.summaries()[:2]]
                total = len(s)
            r["store_bytes"] = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
            if "floors" in groups:
                r["orjson_floor"] = attempt("orjson floor", lambda: measure.orjson_floor(store, runs))
            if "open" in groups:
                r["store_open"] = attempt("store open in-process", lambda: measure.store_open(store, runs, tmp))
            if "mark" in groups:
                r["mark_read_durable"] = attempt("mark-read durable", lambda: measure.mark_read_durable(store, 50 if quick else 200, tmp))
            if "related" in groups:
                r["related"] = attempt("related", lambda: measure.related_queries(store, 50 if quick else 200, tmp))
            if "headless" in groups:
                r["cold_start_headless"] = attempt("cold start, headless", lambda: measure.reader_cold_start_headless(store, runs, tmp, total))
            if "pty" in groups:
                r["cold_start_pty"] = attempt("cold start, pty", lambda: measure.reader_cold_start_pty(store, titles, runs, tmp, total))
                r["keys_while_loading"] = attempt("keys while loading, pty", lambda: measure.keys_while_loading(store, titles, tmp, total))
                r["mark_while_loading"] = attempt("mark-read while loading, pty", lambda: measure.mark_durable_while_loading(store, titles, tmp, 2 if quick else 3))
            if "keys" in groups:
                queries = attempt("search queries", lambda: measure.search_queries(store, tmp, 1 if quick else 2)) or []
                r["search_queries"] = [{"query": q, "counts": c} for q, c in queries]
                r["keys"] = attempt(
                    "key latency, pty",
                    lambda: measure.key_latency(store, titles, tmp, total, 4 if quick else KEY_ROUNDS, queries),
                )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return results


# ------------------------------------------------------------------------ report


def _get(d, *path):
    for key in path:
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


def rows_for(results: dict) -> list[tuple[str, dict[str, tuple[float | None, float | None, float | None]]]]:
    """(measure, {size: (main figure, min, floor ratio)}) in display order."""
    floors = results.get("floors", {})
    blank = _get(floors, "blank_app_start_pty", "median")
    rows: list[tuple[str, dict]] = []

    def per_size(name: str, getter, scale: float = 1.0, floor=None, main: str = "median") -> None:
        cells = {}
        for label, r in results.get("sizes", {}).items():
            st = getter(r)
            if not isinstance(st, dict):
                continue
            value = st.get(main)
            low = st.get("min")
            fl = floor(r) if floor else None
            ratio = (value / fl) if (value is not None and fl) else None
            cells[label] = (None if value is None else value * scale, None if low is None else low * scale, ratio)
        if cells:
            rows.append((name, cells))

    def orjson_total(r):
        fl = r.get("orjson_floor") or {}
        parts = [fl[n]["median"] for n in ("articles.json", "state.json") if n in fl and "median" in fl[n]]
        return sum(parts) if parts else None

    per_size("cold start, pty (s)", lambda r: _get(r, "cold_start_pty", "first_key_answered"), floor=lambda r: blank)
    per_size("  newest title shown, pty (s)", lambda r: _get(r, "cold_start_pty", "newest_title_shown"), floor=lambda r: blank)
    per_size("  whole list shown, pty (s)", lambda r: _get(r, "cold_start_pty", "full_list_shown"), floor=lambda r: blank)
    per_size("cursor down while loading p50 (ms)", lambda r: _get(r, "keys_while_loading", "cursor_down"), 1000)
    per_size("cursor down while loading p95 (ms)", lambda r: _get(r, "keys_while_loading", "cursor_down"), 1000, main="p95")
    per_size("mark read while loading, on disk (ms)", lambda r: _get(r, "mark_while_loading"), 1000)
    per_size("  loading behind, keys pressed (s)", lambda r: {"median": _get(r, "keys_while_loading", "seconds")})
    per_size("cold start, headless (s)", lambda r: _get(r, "cold_start_headless", "first_key_answered"), floor=lambda r: blank)
    per_size("  list populated, headless (s)", lambda r: _get(r, "cold_start_headless", "list_populated"), floor=lambda r: blank)
    per_size("  whole list, headless (s)", lambda r: _get(r, "cold_start_headless", "full_list"), floor=lambda r: blank)
    per_size("store open, first 200 rows (ms)", lambda r: _get(r, "store_open", "recent_200"), 1000, floor=orjson_total)
    per_size("store open, all summaries (ms)", lambda r: _get(r, "store_open", "all_summaries"), 1000, floor=orjson_total)
    per_size("orjson floor: articles+state (ms)", lambda r: {"median": orjson_total(r)}, 1000)
    for key, name in (
        ("cursor_down", "cursor down"),
        ("page_down", "page down"),
        ("open_article", "open article"),
        ("related_loaded", "related shown after open"),
        ("mark_read", "mark read key"),
        ("jump_to_related", "jump to related"),
        ("back", "back"),
        ("search_keystroke", "search keystroke"),
    ):
        per_size(f"{name} p50 (ms)", lambda r, k=key: _get(r, "keys", k), 1000)
        per_size(f"{name} p95 (ms)", lambda r, k=key: _get(r, "keys", k), 1000, main="p95")
    per_size("mark-read durable p50 (ms)", lambda r: _get(r, "mark_read_durable"), 1000)
    per_size("mark-read durable p95 (ms)", lambda r: _get(r, "mark_read_durable"), 1000, main="p95")
    per_size("related query p50 (ms)", lambda r: _get(r, "related", "query"), 1000)
    per_size("related query p95 (ms)", lambda r: _get(r, "related", "query"), 1000, main="p95")
    per_size("related index build (s)", lambda r: {"median": _get(r, "related", "build_index")})
    per_size("reader busy after list shown (s)", lambda r: {"median": _get(r, "keys", "settle_seconds")})
    per_size("reader peak RSS (MB)", lambda r: {"median": max(filter(None, [_get(r, "cold_start_pty", "peak_rss_mb", "max"), _get(r, "keys", "peak_rss_mb")]), default=None)})
    per_size("  RSS after start (MB)", lambda r: _get(r, "cold_start_pty", "peak_rss_mb"), main="max")
    per_size("  RSS after key session (MB)", lambda r: {"median": _get(r, "keys", "peak_rss_mb")})
    imp = results.get("import") or {}
    for kind, name in (("jsonl", "import JSONL (art/s)"), ("text", "import text files (art/s)")):
        st = imp.get(kind)
        if isinstance(st, dict) and "median" in st:
            rows.append((name, {"all": (st["median"], st["min"], None)}))
    if isinstance(imp.get("alias_table_seconds"), float):
        rows.append(("  alias table load, once (s)", {"all": (imp["alias_table_seconds"], imp["alias_table_seconds"], None)}))
    return rows


def format_table(results: dict) -> str:
    labels = list(results.get("sizes", {}))
    rows = rows_for(results)
    blank = _get(results, "floors", "blank_app_start_pty")
    lines = []
    meta = results.get("meta", {})
    if meta.get("loadavg_start"):
        lines.append(
            f"machine: {meta.get('cpus')} CPUs, load average {meta['loadavg_start'][0]:.1f} at start, "
            f"{(meta.get('loadavg_end') or [0])[0]:.1f} at end (other work on the machine inflates timings)"
        )
    if blank and "median" in blank:
        lines.append(f"floor: blank Textual app, process start to first frame: median {blank['median']:.3f} s (min {blank['min']:.3f})")
    head = f"{'measure':38}" + "".join(f"{lab:>24}" for lab in labels + (["all sizes"] if results.get("import") else []))
    lines += [head, "-" * len(head)]
    for name, cells in rows:
        line = f"{name:38}"
        cols = labels + ["all"] if "all" in cells else labels
        for lab in cols:
            cell = cells.get(lab)
            if cell is None or cell[0] is None:
                line += f"{'—':>24}"
                continue
            value, low, ratio = cell
            text = _fmt(value)
            if low is not None and low != value:
                text += f" ({_fmt(low)})"
            if ratio is not None:
                text += f" ×{ratio:.1f}" if ratio >= 0.1 else f" ×{ratio:.2g}"
            target = TARGETS.get(name, {}).get(lab)
            if target is not None:
                bound, kind = target
                if kind == "ratio":
                    ok = ratio is not None and ratio <= bound
                else:
                    ok = value <= bound if kind == "max" else value >= bound
                text += " ✓" if ok else " ✗"
            line += f"{text:>24}"
        lines.append(line)
    lines.append("figures: median (min); ×N = ratio to the floor (blank app start, or orjson parse of the store's files);")
    lines.append("✓/✗ = meets the target for that size (cold start at 10k: at most 2.5 × the floor).")
    for err in results.get("errors", []):
        lines.append(f"error in {err['measure']}: {err['error']}")
    return "\n".join(lines)


def _fmt(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.3f}" if abs(v) < 1 else f"{v:.2f}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    results = run(args)
    results["meta"]["seconds"] = round(time.perf_counter() - started, 1)
    results["meta"]["loadavg_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print()
    print(format_table(results))
    print(f"\nresults written to {args.out} ({results['meta']['seconds']} s)")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
