"""Finding input files and handing each one to the importer for its kind.

Importers are registered by file suffix. Each takes the file's path and raw bytes and yields
``ParsedArticle`` records and ``IngestError`` values; nothing here raises for bad input.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ..models import ParsedArticle
from ..textutil import IngestError, decode_bytes
from .jsonl import parse_json_articles
from .markdown import parse_markdown
from .text import parse_text

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "Parser",
    "register_parser",
    "iter_input_files",
    "parse_file",
]

MAX_FILE_BYTES = 20 * 1024 * 1024

Parser = Callable[[Path, bytes], Iterable["ParsedArticle | IngestError"]]

_PARSERS: dict[str, Parser] = {}
# Suffixes a directory scan picks up; kept in step with the registry by register_parser.
SUPPORTED_SUFFIXES: set[str] = set()


def register_parser(suffixes: Iterable[str], func: Parser) -> None:
    """Make ``func(path, data)`` the importer for files ending in any of ``suffixes`` ('.rss' or 'rss')."""
    for suffix in suffixes:
        key = "." + suffix.lower().lstrip(".")
        _PARSERS[key] = func
        SUPPORTED_SUFFIXES.add(key)


def parser_for(suffix: str) -> Parser | None:
    """The importer registered for a suffix, if any."""
    return _PARSERS.get("." + suffix.lower().lstrip("."))


def _text_file(path: Path, data: bytes) -> Iterator[ParsedArticle | IngestError]:
    name = str(path)
    yield parse_text(_decode(data, name), name=name)


def _markdown_file(path: Path, data: bytes) -> Iterator[ParsedArticle | IngestError]:
    name = str(path)
    yield parse_markdown(_decode(data, name), name=name)


def _json_file(path: Path, data: bytes) -> Iterator[ParsedArticle | IngestError]:
    name = str(path)
    from .feeds import is_json_feed  # a JSON Feed is read by the feed importer

    if is_json_feed(data):
        yield from _feed_file(path, data)
        return
    yield from parse_json_articles(_decode(data, name), name=name)


def _feed_file(path: Path, data: bytes) -> Iterator[ParsedArticle | IngestError]:
    from .feeds import parse_feed_file  # feedparser loads only when a feed turns up

    yield from parse_feed_file(path, data)


def _html_file(path: Path, data: bytes) -> Iterator[ParsedArticle | IngestError]:
    try:
        from .html import parse_html_file  # imports the HTML extractor only when a page turns up
    except ImportError:
        yield IngestError(f"{path}: HTML import is not available in this installation")
        return
    yield from parse_html_file(path, data)


def _decode(data: bytes, name: str) -> str:
    text = decode_bytes(data, name=name)
    if not text.strip():
        raise IngestError(f"{name}: file is empty")
    return text


register_parser((".txt", ".text"), _text_file)
register_parser((".md", ".markdown"), _markdown_file)
register_parser((".json", ".jsonl", ".ndjson"), _json_file)
register_parser((".html", ".htm"), _html_file)
register_parser((".rss", ".atom", ".rdf", ".xml"), _feed_file)


def _opml_file(path: Path, data: bytes) -> Iterator[ParsedArticle | IngestError]:
    # An OPML list holds subscriptions, not articles: the import command subscribes to them.
    yield IngestError(f"{path}: an OPML subscription list holds no articles; `newsdesk import` subscribes to its feeds")


register_parser((".opml",), _opml_file)


def iter_input_files(paths: Sequence[str | Path]) -> Iterator[Path | IngestError]:
    """Files to import: files as given (any suffix), directories searched recursively in name
    order for supported suffixes, hidden files and folders skipped. A path that does not exist
    or cannot be listed yields an ``IngestError``."""
    for given in paths:
        path = Path(given)
        info = _stat(path)
        if isinstance(info, IngestError):
            yield info
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path)
        elif stat.S_ISREG(info.st_mode):
            yield path
        else:
            yield IngestError(f"{path}: not a regular file")


def _walk(root: Path) -> Iterator[Path | IngestError]:
    """Depth-first, in name order; symlinked folders are not followed (they can loop)."""
    stack: list[Path] = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            yield IngestError(f"{folder}: cannot list folder ({_reason(exc)})")
            continue
        subfolders: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(Path(entry.path))
                    continue
                is_file = entry.is_file()
            except OSError:
                continue
            if is_file and os.path.splitext(entry.name)[1].lower() in _PARSERS:
                yield Path(entry.path)
        # Files of a folder come before its subfolders; subfolders in name order.
        stack.extend(reversed(subfolders))


def parse_file(path: Path | str, *, max_bytes: int = MAX_FILE_BYTES) -> Iterator[ParsedArticle | IngestError]:
    """Read one file and yield its articles, or ``IngestError`` values naming the file and the
    reason (too large, empty, binary, undecodable, not an article). Never raises for bad input."""
    path = Path(path)
    name = str(path)
    info = _stat(path)
    if isinstance(info, IngestError):
        yield info
        return
    if stat.S_ISDIR(info.st_mode):
        yield IngestError(f"{name}: is a folder, not a file")
        return
    if not stat.S_ISREG(info.st_mode):
        yield IngestError(f"{name}: not a regular file")
        return
    if info.st_size > max_bytes:
        yield _too_large(name, info.st_size, max_bytes)
        return
    try:
        with open(path, "rb") as handle:
            # Asking for the size the file has (not the limit) spares a limit-sized allocation.
            data = handle.read(min(info.st_size, max_bytes) + 1)
            if max_bytes >= len(data) > info.st_size:
                data += handle.read(max_bytes + 1 - len(data))  # it grew since the stat
    except OSError as exc:
        yield IngestError(f"{name}: cannot read file ({_reason(exc)})")
        return
    if len(data) > max_bytes:
        yield _too_large(name, len(data), max_bytes)
        return
    if not data:
        yield IngestError(f"{name}: file is empty")
        return
    yield from parse_bytes(path, data)


def parse_bytes(path: Path, data: bytes) -> Iterator[ParsedArticle | IngestError]:
    """Dispatch already-read bytes by suffix (or by content when the suffix is unknown)."""
    name = str(path)
    try:
        parser = _PARSERS.get(path.suffix.lower())
        if parser is None:
            parser = _sniff(name, data)
        for item in parser(path, data):
            yield item
    except IngestError as exc:
        yield exc
    except RecursionError:
        yield IngestError(f"{name}: nested too deeply to read")
    except Exception as exc:  # a hostile file must never end the import with a traceback
        yield IngestError(f"{name}: could not be read ({type(exc).__name__})")


def _sniff(name: str, data: bytes) -> Parser:
    """Pick an importer from the content: JSON, Markdown, feeds and pages, else plain text."""
    head = decode_bytes(data, name=name).lstrip("\ufeff \t\r\n")[:512]
    lowered = head.lower()
    if head.startswith(("{", "[")):
        return _json_file
    if head.startswith("#") or head.startswith("---\n"):
        return _markdown_file
    if head.startswith("<"):
        if lowered.startswith(("<!doctype html", "<html")) and ".html" in _PARSERS:
            return _PARSERS[".html"]
        for marker, suffix in (("<rss", ".rss"), ("<feed", ".atom"), ("<rdf:rdf", ".rdf"), ("<opml", ".opml")):
            if marker in lowered and suffix in _PARSERS:
                return _PARSERS[suffix]
        if lowered.startswith("<?xml") and ".xml" in _PARSERS:
            return _PARSERS[".xml"]
        if ".html" in _PARSERS and ("<body" in lowered or "<head" in lowered):
            return _PARSERS[".html"]
    return _text_file


def _too_large(name: str, size: int, limit: int) -> IngestError:
    shown = _size(size)
    if shown == _size(limit):
        shown = f"{size:,} bytes"  # just over the limit: rounding would show the limit itself
    return IngestError(f"{name}: file is {shown}, over the {_size(limit)} limit")


def _size(n: int) -> str:
    """Sizes as people read them: '25.3 MB', '20 MB', '512 KB', '80 bytes'."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= factor:
            value = f"{n / factor:.1f}".removesuffix(".0")
            return f"{value} {unit}"
    return f"{n} byte" + ("" if n == 1 else "s")


def _stat(path: Path) -> os.stat_result | IngestError:
    """The file's status, or the one-line error that says why it cannot be had."""
    try:
        return path.stat()
    except FileNotFoundError:
        return IngestError(f"{path}: no such file or directory")
    except OSError as exc:
        return IngestError(f"{path}: cannot open ({_reason(exc)})")


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()
