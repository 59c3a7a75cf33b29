"""Commands that open the reader: ``newsdesk`` alone, and ``newsdesk demo``."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "read",
        parents=[common],
        help="open the reader (the same as running newsdesk with no command)",
        description="Open the reader on your store.",
    )
    p.set_defaults(func=run_reader)
    p = sub.add_parser(
        "demo",
        parents=[common],
        help="open the reader on built-in sample articles",
        description="Open the reader on a fresh temporary copy of the built-in sample articles "
        "(original text in English, French and Vietnamese). Your own store is never touched.",
    )
    p.add_argument("--keep", metavar="DIR", help="build the demo store in DIR and keep it")
    p.set_defaults(func=run_demo)


NO_TERMINAL = (
    "newsdesk: the reader needs a terminal (standard input and output are not one); "
    "in scripts use `newsdesk list`, `newsdesk show ID` or `newsdesk related ID`"
)


def has_terminal() -> bool:
    """Whether the reader can run here: both standard input and output are a terminal."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def run_reader(args, ctx) -> int:
    from ..startup import StoreOpening

    if not has_terminal():
        print(NO_TERMINAL, file=sys.stderr)
        return 1
    path = ctx.store_path
    if path is None:
        from store.db import default_store_path

        path = default_store_path()
    # Started before the UI is imported, so the newest rows are ready for the first frame.
    opening = StoreOpening(path)
    from ..app import NewsdeskApp

    app = NewsdeskApp(path, opening=opening)
    return run_app(app, ctx)


def run_app(app, ctx, **run_options) -> int:
    """Run the reader until it quits; its exit code."""
    import asyncio

    # Our own loop: asyncio.run would wait, after the screen has closed, for every worker
    # thread still running (a big store's indexes take seconds to build).
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        app.run(loop=loop, **run_options)
        loop.run_until_complete(loop.shutdown_asyncgens())
        # What still runs behind the closed screen only reads: the command may end without
        # waiting for it (see cli.main), unless a write is still going on.
        ctx.end_at_once = not app.writing
        if not ctx.end_at_once:
            loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    return app.return_code or 0


def demo_corpus_path() -> Path:
    from importlib import resources  # the demo only: opening the reader never needs it

    return Path(str(resources.files("tui") / "demo" / "articles.jsonl"))


def build_demo_store(target: Path) -> int:
    """Import the sample corpus into ``target``; returns the number of articles."""
    from store.db import Store
    from store.ingest.files import parse_file
    from store.textutil import IngestError

    with Store(target) as store:
        items = [("demo", a) for a in parse_file(demo_corpus_path()) if not isinstance(a, IngestError)]
        store.import_articles(items)
        return len(store)


def run_demo(args, ctx) -> int:
    from ..app import NewsdeskApp
    from ..startup import StoreOpening

    if args.keep:
        target = Path(args.keep).expanduser()
        count = build_demo_store(target)
        if not has_terminal():
            # Built for later (a script, a test): the reader itself needs a terminal.
            print(f"demo store with {count} articles kept in {target}; open it with: newsdesk --db {target}", file=sys.stderr)
            return 0
        app = NewsdeskApp(target, label="demo", opening=StoreOpening(target))
        return run_app(app, ctx)
    if not has_terminal():
        print(NO_TERMINAL + "; `newsdesk demo --keep DIR` builds the demo store without opening it", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="newsdesk-demo-"))
    try:
        build_demo_store(tmp / "store")
        app = NewsdeskApp(tmp / "store", label="demo (sample articles)", opening=StoreOpening(tmp / "store"))
        return run_app(app, ctx)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
