"""The ``newsdesk`` command line: argument parsing, then a call into ``store`` or the reader.

Each command lives in a module of ``tui/commands`` with ``register(sub, common)``;
a command's function takes ``(args, ctx)`` and returns the exit code.
Exit codes: 0 success, 1 something failed or was rejected, 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from pathlib import Path

from store.storage import StoreError

from .output import Output

# Textual batches screen updates at most TEXTUAL_FPS times a second (60 by default), so a
# key's change can wait up to 17 ms for its frame; at 120 that wait halves. A value the
# user set is kept. Read once, when Textual is first imported, which happens after this.
os.environ.setdefault("TEXTUAL_FPS", "120")
# A lone Esc (leave search, close a screen) is told apart from the start of a key's escape
# sequence by waiting this many ms for more bytes; Textual waits 100. Fifty is ample on a
# local terminal and over most links; ESCDELAY set by the user (as for curses) is kept.
os.environ.setdefault("ESCDELAY", "50")

COMMAND_MODULES = (
    "tui.commands.articles",
    "tui.commands.reader",
    "tui.commands.feeds",
    "tui.commands.doctor",
)

EPILOG = """\
With no command, newsdesk opens the reader on your store.
Try `newsdesk demo` to open the reader on built-in sample articles.
The store lives in your user data directory; --db PATH or $NEWSDESK_DB choose another.
"""


class Context:
    """What a command needs: the store (opened on first use) and the output."""

    def __init__(self, args: argparse.Namespace, out: Output) -> None:
        self.args = args
        self.out = out
        self._store = None
        # Set by the reader once it has closed with nothing left to write (see main).
        self.end_at_once = False

    @property
    def store_path(self) -> Path | None:
        return Path(self.args.db).expanduser() if getattr(self.args, "db", None) else None

    def store(self, *, create: bool = True):
        if self._store is None:
            from store.db import Store

            self._store = Store(self.store_path, create=create)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def common_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="store directory (default: $NEWSDESK_DB, else the user data directory)",
    )
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_parser()
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="A terminal news reader that links related stories through the people, "
        "organisations and places they share.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub, common)
    return parser


def reader_only_args(argv: list[str]) -> argparse.Namespace | None:
    """The parse of a command line that only opens the reader (``--db PATH``, ``--debug``), or None.

    Opening the reader is the common case and the one where start-up time shows, so it
    skips building every command's parser; anything else (or anything odd) goes through
    the full parser, which gives the same answer and the usual errors.
    """
    args = argparse.Namespace(command=None)
    rest = iter(argv)
    for token in rest:
        if token == "--debug":
            args.debug = True
        elif token == "--db":
            value = next(rest, None)
            if value is None or value.startswith("-"):
                return None
            args.db = value
        elif token.startswith("--db="):
            args.db = token[len("--db=") :]
        else:
            return None
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = reader_only_args(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    json_mode = bool(getattr(args, "json", False))
    out = Output(json_mode=json_mode)
    ctx = Context(args, out)
    func = getattr(args, "func", None)
    if func is None:
        from .commands.reader import run_reader

        func = run_reader
    try:
        code = run_command(func, args, ctx, out)
    finally:
        ctx.close()
    if ctx.end_at_once:
        # The reader has closed and saved everything; the threads still running only read.
        # Python would wait for each of them at exit (seconds, for a big store's indexes).
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)
    return code


def run_command(func, args: argparse.Namespace, ctx: Context, out: Output) -> int:
    """The command's exit code; expected failures become one line on stderr."""
    try:
        return int(func(args, ctx) or 0)
    except StoreError as exc:
        if getattr(args, "debug", False):
            raise
        out.error(str(exc))
        return 1
    except KeyboardInterrupt:
        out.error("interrupted")
        return 130
    except BrokenPipeError:
        # Output piped into `head`: stop quietly, as Unix tools do.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except OSError as exc:
        # Disk full, read-only or vanished files outside the store's own checks: one line, no traceback.
        if getattr(args, "debug", False):
            raise
        from store.storage import describe_os_error

        where = f"{exc.filename}: " if exc.filename else ""
        out.error(f"{where}{describe_os_error(exc)}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
