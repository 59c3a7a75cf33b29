"""OPML subscription lists: which feeds to subscribe to, and in which folders.

An outline with an ``xmlUrl`` is a feed; an outline without one that holds
other outlines is a folder, and nested folders are joined as ``A/B``. Many real
exports are not well-formed XML (a bare ``&`` in an attribute, attributes cut
off mid-way), so when the XML parser gives up, the outlines are recovered tag by
tag: every feed whose address survives is kept, and each outline that could not
be read is named in ``skipped``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import quoteattr

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..textutil import IngestError, normalise_space, strip_controls

__all__ = ["OpmlFeed", "OpmlList", "parse_opml", "looks_like_opml", "write_opml"]

MAX_OPML_BYTES = 20 * 1024 * 1024

# A tag runs to the next "<": attribute values may hold ">", and a cut-off tag has no end.
_TAG = re.compile(r"<(/?)outline\b([^<]*)", re.I)
_ATTR = re.compile(r"""([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")
_REFERENCE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_TITLE = re.compile(r"<title>([^<]*)</title>", re.I)


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One subscription from an OPML list; ``folder`` is ``A/B`` for nested folders."""

    url: str
    title: str | None = None
    folder: str | None = None
    html_url: str | None = None


@dataclass(frozen=True, slots=True)
class OpmlList:
    """The feeds of an OPML file, what was skipped and why, and whether it had to be recovered."""

    title: str | None
    feeds: tuple[OpmlFeed, ...]
    skipped: tuple[str, ...] = ()
    recovered: str | None = None  # why the XML parser failed, when the list was recovered tag by tag


def looks_like_opml(data: bytes) -> bool:
    """Cheap sniff for OPML (also a truncated file that lost its ``<opml>`` start)."""
    head = data[:65536].lower()
    return b"<opml" in head or b"</opml>" in data[-4096:].lower() or (b"<outline" in head and b"xmlurl" in head)


def parse_opml(data: bytes, *, name: str) -> OpmlList:
    """The subscriptions in an OPML file. Raises ``IngestError`` when it holds no feed at all."""
    if not data or not data.strip():
        raise IngestError(f"{name}: the file is empty")
    if len(data) > MAX_OPML_BYTES:
        raise IngestError(f"{name}: the file is larger than {MAX_OPML_BYTES // (1024 * 1024)} MB; not an OPML list")
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException:
        # Entity declarations are refused; the tag-by-tag reader never expands them.
        result = _recover(_text(data), "it declares XML entities, which are not expanded")
    except ParseError as exc:
        result = _recover(_text(data), _parse_error(exc))
    else:
        if _local(root.tag) != "opml":
            raise IngestError(f"{name}: not an OPML file (the document is <{_local(root.tag)}>)")
        result = _from_tree(root)
    if not result.feeds:
        detail = f" ({result.skipped[0]})" if result.skipped else ""
        raise IngestError(f"{name}: no feeds found in the OPML list{detail}")
    return result


def _text(data: bytes) -> str:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _parse_error(exc: ParseError) -> str:
    line, column = getattr(exc, "position", (0, 0))
    message = str(exc).split(":", 1)[0]
    return f"line {line}, column {column + 1}: {message}" if line else message


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _attr(attrs: dict[str, str], key: str) -> str | None:
    for k, v in attrs.items():
        if k.lower() == key.lower():
            v = normalise_space(strip_controls(v))
            return v or None
    return None


def _feed_url(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.lower().startswith("feed://"):
        value = "http://" + value[7:]
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _folder_name(name: str) -> str:
    # "/" separates nested folders, so one inside a name would invent a level.
    return name.replace("/", "∕")


class _Collector:
    def __init__(self) -> None:
        self.feeds: list[OpmlFeed] = []
        self.skipped: list[str] = []
        self._seen: set[str] = set()

    def outline(self, attrs: dict[str, str], path: list[str], where: str) -> None:
        raw_url = _attr(attrs, "xmlUrl")
        label = _attr(attrs, "text") or _attr(attrs, "title")
        url = _feed_url(raw_url)
        if url is None:
            self.skipped.append(f"{where}: feed {label or raw_url!r} has an address that is not http(s): {raw_url!r}")
            return
        if url in self._seen:
            self.skipped.append(f"{where}: feed {url} is listed twice; kept once")
            return
        self._seen.add(url)
        self.feeds.append(
            OpmlFeed(
                url=url,
                title=label,
                folder="/".join(p for p in path if p) or None,
                html_url=_feed_url(_attr(attrs, "htmlUrl")),
            )
        )


def _from_tree(root: Element) -> OpmlList:
    title_el = root.find("head/title")
    title = normalise_space(title_el.text or "") if title_el is not None and title_el.text else None
    body = next((child for child in root if _local(child.tag) == "body"), None)
    collector = _Collector()
    counter = [0]

    def walk(el: Element, path: list[str]) -> None:
        for child in el:
            if _local(child.tag) != "outline":
                continue
            counter[0] += 1
            attrs = dict(child.attrib)
            if _attr(attrs, "xmlUrl"):
                collector.outline(attrs, path, f"outline {counter[0]}")
            elif len(child):
                name = _attr(attrs, "text") or _attr(attrs, "title") or "untitled"
                walk(child, [*path, _folder_name(name)])

    if body is not None:
        walk(body, [])
    return OpmlList(title or None, tuple(collector.feeds), tuple(collector.skipped))


def _recover(text: str, reason: str) -> OpmlList:
    """Read outlines tag by tag from a document the XML parser rejected."""
    collector = _Collector()
    title_match = _TITLE.search(text[:65536])
    title = normalise_space(_unescape(title_match.group(1))) if title_match else None
    path: list[str] = []
    for match in _TAG.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        closing, inside = match.group(1), match.group(2).rstrip()
        closed = inside.endswith(">")
        if closing:
            if path:
                path.pop()
            continue
        attrs = {m.group(1): _unescape(m.group(2) if m.group(2) is not None else m.group(3)) for m in _ATTR.finditer(inside)}
        self_closing = inside.endswith("/>") or not closed
        if _attr(attrs, "xmlUrl"):
            collector.outline(attrs, path, f"line {line}")
            if not self_closing:
                path.append("")  # a feed outline with children: keep nesting balanced
        elif not closed:
            label = _attr(attrs, "text") or _attr(attrs, "title")
            if "xmlurl" in inside.lower() or _attr(attrs, "type") or _attr(attrs, "htmlUrl") or label:
                collector.skipped.append(
                    f"line {line}: outline {label!r} is cut off before its feed address; skipped"
                    if label
                    else f"line {line}: an outline is cut off before its feed address; skipped"
                )
        elif not self_closing:
            name = _attr(attrs, "text") or _attr(attrs, "title") or "untitled"
            path.append(_folder_name(name))
    return OpmlList(title or None, tuple(collector.feeds), tuple(collector.skipped), reason)


def _unescape(value: str) -> str:
    """Decode complete character references only: a bare "&para=1" in a URL stays as written."""
    return _REFERENCE.sub(lambda m: html.unescape(m.group(0)), value)


def write_opml(feeds: Iterable[OpmlFeed], *, title: str = "newsdesk subscriptions") -> str:
    """An OPML 2.0 document for these subscriptions, folders as nested outlines."""
    tree: dict = {"feeds": [], "folders": {}}
    for feed in feeds:
        node = tree
        for part in [p for p in (feed.folder or "").split("/") if p]:
            node = node["folders"].setdefault(part, {"feeds": [], "folders": {}})
        node["feeds"].append(feed)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{html.escape(title, quote=False)}</title>",
        "  </head>",
        "  <body>",
    ]

    def emit(node: dict, depth: int) -> None:
        pad = "  " * depth
        for name, child in node["folders"].items():
            lines.append(f"{pad}<outline text={quoteattr(name)} title={quoteattr(name)}>")
            emit(child, depth + 1)
            lines.append(f"{pad}</outline>")
        for feed in node["feeds"]:
            label = feed.title or feed.url
            attrs = f"type=\"rss\" text={quoteattr(label)} title={quoteattr(label)} xmlUrl={quoteattr(feed.url)}"
            if feed.html_url:
                attrs += f" htmlUrl={quoteattr(feed.html_url)}"
            lines.append(f"{pad}<outline {attrs}/>")

    emit(tree, 2)
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)
