"""``newsdesk doctor``: check the store's files and, with --repair, fix them."""

from __future__ import annotations

import argparse


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "doctor",
        parents=[common],
        help="check the store for damage and repair it",
        description="Check every store file: that it can be read and has the expected shape, that every "
        "article has its body, and for leftovers of interrupted writes. With --repair, restore "
        "unreadable files from their backup (the damaged file is kept as NAME.corrupt-TIME), recover "
        "the articles still readable in them, and tidy leftovers. Exit status 0 when the store is "
        "healthy (or was repaired), 1 when problems remain.",
    )
    p.add_argument("--repair", action="store_true", help="fix what can be fixed; damaged files are kept aside")
    p.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    p.set_defaults(func=run_doctor)


def run_doctor(args, ctx) -> int:
    from store.db import default_store_path
    from store.doctor import check_store, repair_store

    path = ctx.store_path or default_store_path()
    out = ctx.out
    actions: list[str] = []
    if args.repair and path.is_dir():
        actions = repair_store(path)
    problems = check_store(path)
    if out.json_mode:
        out.json(
            {
                "store": str(path),
                "healthy": not problems,
                "actions": actions,
                "problems": [p.as_dict() for p in problems],
            }
        )
        return 1 if problems else 0
    for action in actions:
        out.line(f"repaired: {action}")
    if not problems:
        out.line(f"store at {path} is healthy" + (" now" if actions else ""))
        return 0
    out.table(("severity", "file", "problem"), [(p.severity, p.file, p.message) for p in problems])
    if not args.repair and any(p.repairable for p in problems):
        out.note("run `newsdesk doctor --repair` to fix what can be fixed")
    return 1
