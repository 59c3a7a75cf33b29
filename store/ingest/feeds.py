"""News feeds: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 (through feedparser) and JSON Feed 1.0/1.1.

Real feeds are often broken, so the bytes are prepared before feedparser sees
them: gzip bodies are unpacked (with a size cap), the text encoding is worked
out here (a UTF-8 file that declares windows-1252 is UTF-8; undeclared legacy
text is guessed properly rather than read as windows-1252), the XML prolog is
rewritten as a clean UTF-8 declaration, and entity declarations that could
expand without bound or reach outside the file are refused. When feedparser
finds fewer entries than the file plainly holds, a lenient second pass strips
undeclared namespace prefixes (``<rss:item>``) and tries again.
"""

from __future__ import annotations

import codecs
import html
import json
import re
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..dates import parse_date
from ..language import detect_language
from ..models import ParsedArticle
from ..textutil import IngestError, decode_bytes, normalise_space, strip_controls
from .htmltext import html_to_text, looks_like_html, text_to_paragraphs

__all__ = [
    "FeedFormatError",
    "ParsedFeed",
    "parse_feed",
    "parse_feed_file",
    "gunzip_capped",
    "is_json_feed",
]

# Feeds bigger than this are refused rather than parsed (the largest real feeds are a few MB).
MAX_FEED_BYTES = 50 * 1024 * 1024
# Declared entities may add at most this much text when expanded.
MAX_ENTITY_EXPANSION = 4 * 1024 * 1024
TITLE_WORDS = 12

_GZIP_MAGIC = b"\x1f\x8b"
_XML_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_ANY_XML_DECL = re.compile(r"<\?xml(?![\w-])[^>]*>", re.I)
_RAW_ITEMS = re.compile(r"<(?:[\w.-]+:)?(?:item|entry)(?=[\s>/])", re.I)
_PREFIXED_TAG = re.compile(r"</?([A-Za-z_][\w.-]*):[A-Za-z_]")
_DECLARED_PREFIX = re.compile(r"xmlns:([A-Za-z_][\w.-]*)\s*=")
_ENTITY_DECL = re.compile(
    r"""<!ENTITY\s+(%\s+)?([^\s"'>]+)\s+(?:(SYSTEM|PUBLIC)\b|"([^"]*)"|'([^']*)')""", re.I
)
_EMAIL = re.compile(r"[^\s@()<>]+@[^\s@()<>]+")
_EMAIL_WITH_NAME = re.compile(r"^[^\s@()<>]+@[^\s@()<>]+\s*\((.+)\)$")
_ESCAPED_MARKUP = re.compile(r"&lt;/?(?:p|div|br|a|span|img|h[1-6]|ul|ol|li|em|strong|b|i|blockquote|pre|code)\b", re.I)
_SAX_POSITION = re.compile(r"^<unknown>:(\d+):(\d+):\s*")
_READ_MORE = re.compile(
    r"(\.\.\.|…|\[\s*…\s*\]|\[\s*\.\.\.\s*\]|read more|continue reading|weiterlesen|lire la suite|leer más|"
    r"leia mais|continua a leggere|mehr lesen|more\s*»)\s*\W*$",
    re.I,
)

_JSONFEED_VERSIONS = {
    "https://jsonfeed.org/version/1": "json1",
    "https://jsonfeed.org/version/1.1": "json11",
}


class FeedFormatError(IngestError):
    """A feed that cannot be read at all; ``reason`` is the message without the feed's name."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What one feed document holds: its own metadata and one article per usable entry.

    ``skipped`` explains each entry left out (no title, no text and no link);
    ``warning`` is set when the document was malformed and only salvaged.
    """

    title: str | None
    link: str | None
    language: str | None
    format: str
    articles: tuple[ParsedArticle, ...]
    skipped: tuple[str, ...] = ()
    warning: str | None = None


# -- entry points ---------------------------------------------------------------


def parse_feed_file(path: Path, data: bytes) -> Iterator[ParsedArticle | IngestError]:
    """Importer entry point: the articles of a feed file, then one line per problem."""
    try:
        feed = parse_feed(data, name=str(path))
    except IngestError as exc:
        yield exc
        return
    yield from feed.articles
    if not feed.articles and not feed.skipped and not feed.warning:
        yield IngestError(f"{path}: the feed holds no entries")
    if feed.warning:
        yield IngestError(feed.warning)
    for reason in feed.skipped:
        yield IngestError(f"{path}: {reason}")


def parse_feed(
    data: bytes,
    *,
    name: str,
    feed_url: str | None = None,
    charset: str | None = None,
    max_bytes: int = MAX_FEED_BYTES,
) -> ParsedFeed:
    """Parse feed bytes (RSS, Atom or JSON Feed, possibly gzipped) into articles.

    ``name`` prefixes error messages (a path or URL); ``feed_url`` is where the feed
    lives, used to resolve relative links and recorded on each article; ``charset``
    is an HTTP header's charset, used only when the document itself says nothing.
    Raises ``FeedFormatError`` when nothing can be read.
    """
    if not data or not data.strip():
        raise FeedFormatError(name, "the feed is empty")
    if len(data) > max_bytes:
        raise FeedFormatError(name, f"the feed is larger than {_megabytes(max_bytes)}")
    if data[:2] == _GZIP_MAGIC:
        try:
            data = gunzip_capped(data, max_bytes)
        except ValueError as exc:
            raise FeedFormatError(name, str(exc)) from None
        if not data.strip():
            raise FeedFormatError(name, "the feed is empty (an empty gzip file)")
    text = _decode(data, name, charset)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("{", "["):
        return _parse_json_feed(stripped, name, feed_url)
    return _parse_xml_feed(text, name, feed_url)


_JSONFEED_VERSION_KEY = re.compile(rb'"version"\s*:\s*"https?:(?:\\?/){2}jsonfeed\.org(?:\\?/)version')


def is_json_feed(data: bytes) -> bool:
    """Does this JSON document declare itself a JSON Feed (``"version": "https://jsonfeed.org/version/..."``)?"""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{" and bool(_JSONFEED_VERSION_KEY.search(data[:1024 * 1024]))


def gunzip_capped(data: bytes, limit: int) -> bytes:
    """Decompress gzip bytes, refusing output larger than ``limit`` (a gzip bomb)."""
    out = bytearray()
    pending = data
    while pending[:2] == _GZIP_MAGIC:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = inflater.decompress(pending, limit + 1 - len(out))
        except zlib.error:
            if out:
                break
            raise ValueError("the gzip data is corrupt") from None
        out += chunk
        if len(out) > limit:
            raise ValueError(f"the feed decompresses to more than {_megabytes(limit)}")
        if not inflater.eof:
            if inflater.unconsumed_tail:
                raise ValueError(f"the feed decompresses to more than {_megabytes(limit)}")
            break  # a truncated download: keep what came through
        pending = inflater.unused_data
    return bytes(out)


def _megabytes(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{round(n / (1024 * 1024), 1):g} MB"


# -- decoding ------------------------------------------------------------------------


def _decode(data: bytes, name: str, charset: str | None) -> str:
    """The document as text, whatever its bytes claim."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    utf16 = _bomless_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    try:
        # Valid UTF-8 holding non-ASCII bytes is UTF-8, whatever the declaration says.
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = None
    match = _XML_DECL_ENCODING.match(data[:1024])
    if match:
        declared = match.group(1).decode("ascii", "replace")
    for label in (declared, charset):
        codec = _codec(label)
        if codec and codec not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            return data.decode(codec, errors="replace")
    try:
        return decode_bytes(data, name=name)
    except IngestError:
        return data.decode("utf-8", errors="replace")


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        codec = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    # Browsers and feed readers treat latin-1 as windows-1252, which only adds characters.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def _bomless_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 8:
        return None
    if sample[0] == 0 and sample[1:2] == b"<":
        return "utf-16-be"
    if sample[0:1] == b"<" and sample[1] == 0:
        return "utf-16-le"
    return None


# -- XML feeds -----------------------------------------------------------------------


@dataclass
class _Prolog:
    root: str | None  # local name of the root element
    root_at: int
    doctype: str


def _scan_prolog(text: str) -> _Prolog:
    """Find the root element, skipping declarations, comments, a DOCTYPE and stray junk."""
    i, n, doctype = 0, len(text), ""
    while i < n:
        j = text.find("<", i)
        if j < 0:
            break
        if text.startswith("<?", j):
            end = text.find("?>", j + 2)
            i = n if end < 0 else end + 2
        elif text.startswith("<!--", j):
            end = text.find("-->", j + 4)
            i = n if end < 0 else end + 3
        elif text[j : j + 9].upper() == "<!DOCTYPE":
            end = _doctype_end(text, j)
            doctype = text[j:end]
            i = end
        elif text.startswith("<!", j):
            end = text.find(">", j)
            i = n if end < 0 else end + 1
        else:
            m = re.match(r"<([A-Za-z_][\w.:-]*)", text[j : j + 200])
            if m:
                return _Prolog(m.group(1).rsplit(":", 1)[-1].lower(), j, doctype)
            i = j + 1
    return _Prolog(None, n, doctype)


def _doctype_end(text: str, start: int) -> int:
    """Index just past a DOCTYPE declaration, internal subset (with quoted strings) included."""
    i, n, depth, quote = start + 9, len(text), 0, ""
    while i < n:
        c = text[i]
        if quote:
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "[":
            depth += 1
        elif c == "]":
            depth = max(0, depth - 1)
        elif c == ">" and depth == 0:
            return i + 1
        i += 1
    return n


def _check_entities(text: str, prolog: _Prolog) -> str | None:
    """Why the document's entity declarations are refused, or None when they are harmless."""
    if "<!ENTITY" not in prolog.doctype.upper():
        return None
    body = text[prolog.root_at :]
    expansion = 0
    for m in _ENTITY_DECL.finditer(prolog.doctype):
        parameter, entity, external = m.group(1), m.group(2), m.group(3)
        value = m.group(4) if m.group(4) is not None else (m.group(5) or "")
        if external:
            return "refused: the feed declares external XML entities, which could read files or the network"
        if parameter or "%" in value:
            return "refused: the feed declares XML parameter entities"
        if re.search(r"&(?!#)[^\s;]+;", value):
            return "refused: the feed declares nested XML entities (an entity expansion bomb)"
        expansion += len(value) * body.count(f"&{entity};")
        if expansion > MAX_ENTITY_EXPANSION:
            return (
                "refused: the feed's XML entities would expand to more than "
                f"{_megabytes(MAX_ENTITY_EXPANSION)} (an entity expansion bomb)"
            )
    return None


_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def _valid_char_ref(m: re.Match) -> str:
    # feedparser's fallback parser raises on references past U+10FFFF (&#2000000;).
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return m.group(0) if code <= 0x10FFFF else "&#xFFFD;"


def _clean_xml(text: str, prolog: _Prolog) -> bytes:
    """The document re-encoded as UTF-8 under a fresh declaration; old (even mangled) ones removed."""
    head = _ANY_XML_DECL.sub("", text[: prolog.root_at])
    # Stray processing-instruction debris from a mangled declaration ("??>") would upset the parser.
    head = re.sub(r"(?<=\n)[^<\n]*\?>", "", head)
    body = _CHAR_REF.sub(_valid_char_ref, text[prolog.root_at :])
    return ('<?xml version="1.0" encoding="utf-8"?>' + head + body).encode("utf-8", "replace")


def _strip_undeclared_prefixes(text: str) -> str:
    declared = set(_DECLARED_PREFIX.findall(text)) | {"xml", "xmlns"}
    used = set(_PREFIXED_TAG.findall(text)) - declared
    for prefix in used:
        p = re.escape(prefix)
        text = re.sub(rf"<(/?){p}:", r"<\1", text)
        text = re.sub(rf"(\s){p}:([A-Za-z_][\w.-]*\s*=)", r"\1\2", text)
    return text


def _parse_xml_feed(text: str, name: str, feed_url: str | None) -> ParsedFeed:
    import feedparser

    prolog = _scan_prolog(text)
    if prolog.root is None:
        raise FeedFormatError(name, "not a feed (no XML or JSON content)")
    if prolog.root == "html" or prolog.doctype[9:].strip().lower().startswith("html"):
        raise FeedFormatError(name, "not a feed (looks like an HTML page)")
    refusal = _check_entities(text, prolog)
    if refusal:
        raise FeedFormatError(name, refusal)
    headers = {"content-type": "application/xml; charset=utf-8"}
    if feed_url:
        headers["content-location"] = feed_url
    result = feedparser.parse(_clean_xml(text, prolog), response_headers=headers, sanitize_html=False)
    raw_items = len(_RAW_ITEMS.findall(text))
    if len(result.entries) < raw_items and _PREFIXED_TAG.search(text):
        lenient = _strip_undeclared_prefixes(text)
        second = feedparser.parse(
            _clean_xml(lenient, _scan_prolog(lenient)), response_headers=headers, sanitize_html=False
        )
        if len(second.entries) > len(result.entries):
            result = second
    version = result.get("version") or ""
    if not version and not result.entries:
        if prolog.root in ("rss", "feed", "rdf", "channel"):
            if result.get("bozo"):
                raise FeedFormatError(name, f"the feed is broken and holds no entries ({_bozo_reason(result)})")
        elif prolog.root == "opml":
            raise FeedFormatError(name, "not a feed but an OPML subscription list")
        else:
            raise FeedFormatError(name, f"not a feed (the document is <{prolog.root}>, not RSS or Atom)")
    feed = result.feed
    title = _plain(feed.get("title"), feed.get("title_detail"))
    link = _http_url(feed.get("link"), feed_url)
    language = _language_code(feed.get("language"))
    source = title or _host(link or feed_url)
    articles: list[ParsedArticle] = []
    skipped: list[str] = []
    for index, entry in enumerate(result.entries, 1):
        article = _xml_entry(entry, source, language, link or feed_url, feed_url)
        if article is None:
            skipped.append(f"entry {index} has no title, no text and no link; skipped")
        else:
            articles.append(article)
    warning = None
    if result.get("bozo") and not _encoding_only(result):
        kept = f"kept {len(articles)} entries" if articles else "no entry could be salvaged"
        warning = f"{name}: the feed is not well-formed ({_bozo_reason(result)}); {kept}"
    return ParsedFeed(title, link, language, version or "xml", tuple(articles), tuple(skipped), warning)


def _encoding_only(result) -> bool:
    exc = result.get("bozo_exception")
    return type(exc).__name__ in ("CharacterEncodingOverride", "NonXMLContentType")


def _bozo_reason(result) -> str:
    exc = result.get("bozo_exception")
    message = str(exc) if exc is not None else "unknown error"
    m = _SAX_POSITION.match(message)
    if m:
        message = f"line {m.group(1)}: {message[m.end():]}"
    return normalise_space(message)


def _xml_entry(entry, source, feed_language, base, feed_url) -> ParsedArticle | None:
    title = _plain(entry.get("title"), entry.get("title_detail"))
    link = _entry_link(entry, base)
    paragraphs, captions, content_language = _entry_text(entry)
    if not title and not paragraphs and not link:
        return None
    author = _author_name(entry.get("author"))
    detail = entry.get("author_detail")
    if not author and detail and detail.get("name"):
        author = normalise_space(detail["name"])
    published = None
    for key in ("published", "updated", "created"):
        # dict.get skips feedparser's deprecated updated/published aliasing (and its warning).
        raw = dict.get(entry, key)
        published = parse_date(raw) if isinstance(raw, str) else None
        parsed = dict.get(entry, f"{key}_parsed")
        if published is None and parsed:
            published = time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
        if published:
            break
    return _article(
        title=title,
        paragraphs=paragraphs,
        captions=captions,
        link=link,
        source=source,
        author=author or None,
        published=published,
        language=_language_code(content_language) or feed_language,
        feed_url=feed_url,
    )


def _author_name(raw) -> str | None:
    """The name in an RSS author ("jo@example.com (Jo Bloggs)"); a bare e-mail address is no name."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    raw = normalise_space(strip_controls(raw))
    m = _EMAIL_WITH_NAME.match(raw)
    if m:
        return normalise_space(m.group(1)) or None
    if _EMAIL.fullmatch(raw):
        return None
    return raw


def _entry_link(entry, base: str | None) -> str | None:
    candidates = [entry.get("link")]
    candidates += [l.get("href") for l in entry.get("links") or () if l.get("rel", "alternate") == "alternate"]
    if entry.get("guidislink") or str(entry.get("id", "")).startswith(("http://", "https://")):
        candidates.append(entry.get("id"))
    for candidate in candidates:
        url = _http_url(candidate, base)
        if url:
            return url
    return None


def _entry_text(entry) -> tuple[list[str], list[str], str | None]:
    """The richest text of an entry (full content over summary), as paragraphs and captions."""
    options = []
    for content in entry.get("content") or ():
        options.append((content.get("value") or "", content.get("type") or "", content.get("language")))
    detail = entry.get("summary_detail") or {}
    if entry.get("summary"):
        options.append((entry["summary"], detail.get("type") or "text/html", detail.get("language")))
    best: tuple[list[str], list[str], str | None] = ([], [], None)
    best_len = 0
    for value, kind, lang in options:
        paragraphs, captions = _to_paragraphs(value, kind)
        size = sum(len(p) for p in paragraphs)
        if size > best_len:
            best, best_len = (paragraphs, captions, lang), size
    return best


def _to_paragraphs(value: str, kind: str) -> tuple[list[str], list[str]]:
    if not value:
        return [], []
    if "<" not in value and _ESCAPED_MARKUP.search(value):
        # Markup escaped twice by the publisher: undo the extra layer, or the tags show as text.
        value = html.unescape(value)
    if "html" in kind or looks_like_html(value):
        parsed = html_to_text(value)
        return list(parsed.paragraphs), list(parsed.captions)
    return text_to_paragraphs(value), []


def _plain(value, detail=None) -> str | None:
    """A title as one line of plain text (markup stripped, entities decoded)."""
    if not isinstance(value, str) or not value.strip():
        return None
    kind = (detail or {}).get("type") or ""
    if ("html" in kind and looks_like_html(value)) or re.search(r"&(#\d+|#x[0-9a-f]+|[a-z]+\d*);", value, re.I):
        value = " ".join(html_to_text(value).paragraphs) or html.unescape(value)
    value = normalise_space(strip_controls(value))
    return value or None


# -- JSON Feed -------------------------------------------------------------------------


def _parse_json_feed(text: str, name: str, feed_url: str | None) -> ParsedFeed:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedFormatError(
            name, f"not a valid JSON Feed (the JSON is broken at line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise FeedFormatError(name, "not a valid JSON Feed (the JSON is nested too deeply)") from None
    if not isinstance(obj, dict):
        raise FeedFormatError(name, "not a feed (JSON, but not a JSON Feed object)")
    version = obj.get("version")
    fmt = _JSONFEED_VERSIONS.get(str(version).strip().rstrip("/").replace("http://", "https://")) if version else None
    if fmt is None:
        if isinstance(version, str) and "jsonfeed.org/version/" in version:
            fmt = "json"
        else:
            raise FeedFormatError(name, "not a feed (JSON without a jsonfeed.org version)")
    items = obj.get("items")
    if not isinstance(items, list):
        raise FeedFormatError(name, "not a valid JSON Feed (it has no items list)")
    title = _plain(obj.get("title")) if isinstance(obj.get("title"), str) else None
    home = _http_url(obj.get("home_page_url"), feed_url or obj.get("feed_url"))
    base = home or feed_url or (obj.get("feed_url") if isinstance(obj.get("feed_url"), str) else None)
    language = _language_code(obj.get("language"))
    source = title or _host(home or feed_url)
    feed_authors = _json_authors(obj)
    articles: list[ParsedArticle] = []
    skipped: list[str] = []
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            skipped.append(f"item {index} is not a JSON object; skipped")
            continue
        article = _json_item(item, source, language, base, feed_url, feed_authors)
        if article is None:
            skipped.append(f"item {index} has no title, no text and no link; skipped")
        else:
            articles.append(article)
    return ParsedFeed(title, home, language, fmt, tuple(articles), tuple(skipped))


def _json_authors(obj: dict) -> str | None:
    names = []
    authors = obj.get("authors")
    if isinstance(authors, list):
        names = [a.get("name") for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
    elif isinstance(obj.get("author"), dict) and isinstance(obj["author"].get("name"), str):
        names = [obj["author"]["name"]]
    names = [normalise_space(n) for n in names if n and n.strip()]
    return ", ".join(names) or None


def _json_item(item: dict, source, feed_language, base, feed_url, feed_authors) -> ParsedArticle | None:
    title = _plain(item.get("title")) if isinstance(item.get("title"), str) else None
    link = None
    for key in ("url", "external_url", "id"):
        link = _http_url(item.get(key), base)
        if link:
            break
    paragraphs: list[str] = []
    captions: list[str] = []
    for key, kind in (("content_html", "text/html"), ("content_text", "text/plain"), ("summary", "text/plain")):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            found, found_captions = _to_paragraphs(value, kind)
            if sum(map(len, found)) > sum(map(len, paragraphs)):
                paragraphs, captions = found, found_captions
    if not title and not paragraphs and not link:
        return None
    published = None
    for key in ("date_published", "date_modified", "date_updated"):
        value = item.get(key)
        if isinstance(value, str):
            published = parse_date(value)
            if published:
                break
    return _article(
        title=title,
        paragraphs=paragraphs,
        captions=captions,
        link=link,
        source=source,
        author=_json_authors(item) or feed_authors,
        published=published,
        language=_language_code(item.get("language")) or feed_language,
        feed_url=feed_url,
    )


# -- shared ------------------------------------------------------------------------------


def _article(*, title, paragraphs, captions, link, source, author, published, language, feed_url) -> ParsedArticle:
    if not title:
        if paragraphs:
            words = paragraphs[0].split()
            title = " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")
        else:
            title = link or "(untitled)"
    if language is None:
        language = detect_language(" ".join([title, *paragraphs[:10]]))
    return ParsedArticle(
        title=title,
        body=tuple(paragraphs),
        source=source,
        published=published,
        url=link,
        language=language,
        captions=tuple(captions),
        author=author,
        feed_url=feed_url,
    )


def is_summary_only(article: ParsedArticle, min_words: int = 120) -> bool:
    """True when an entry's text looks like a teaser: short, or ending in an ellipsis or "read more"."""
    if not article.body:
        return True
    last = article.body[-1]
    if _READ_MORE.search(last):
        return True
    return sum(len(p.split()) for p in article.body) < min_words


def _http_url(value, base: str | None = None) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value:
        return None
    if base:
        try:
            value = urljoin(base, value)
        except ValueError:
            return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return value


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


def _language_code(value) -> str | None:
    """ISO 639-1 from a feed's language tag ("en-us", "IT-it", "pt_BR"); None when it is not one."""
    if not isinstance(value, str):
        return None
    m = re.match(r"\s*([A-Za-z]{2})(?:[-_][A-Za-z0-9-]*)?\s*$", value)
    return m.group(1).lower() if m else None
