"""Articles as JSON: an array, a single object, or JSON Lines (one object per line).

Also reads newsdesk's own export files (which carry reading state) and JSON Feed documents.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import orjson

from ..dates import parse_date
from ..language import detect_language
from ..models import ParsedArticle, ReadState
from ..textutil import IngestError, normalise_space, strip_controls

__all__ = ["parse_json_articles", "article_from_object"]

_TITLE_KEYS = ("title", "headline", "name")
_BODY_KEYS = ("body", "text", "content", "content_text", "article", "paragraphs")
_HTML_BODY_KEYS = ("content_html", "html")
_SUMMARY_KEYS = ("summary", "description")
_URL_KEYS = ("url", "link", "external_url", "canonical_url")
_DATE_KEYS = ("published", "date", "date_published", "published_at", "pubDate", "pubdate", "created_at")
_LANGUAGE_KEYS = ("language", "lang")
_SOURCE_KEYS = ("source", "site", "site_name", "publisher")
# Wrappers that hold a list of articles: newsdesk exports, JSON Feed, common API shapes.
_LIST_KEYS = ("articles", "items", "entries", "results", "data")
_MAX_FIELD_CHARS = 5_000_000
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_TAG = re.compile(r"<[^<>]{0,2000}>")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h[1-6]|blockquote|figcaption|tr)\b[^<>]{0,2000}>", re.IGNORECASE)


def parse_json_articles(data: str, *, name: str = "<json>") -> Iterator[ParsedArticle | IngestError]:
    """Yield one ``ParsedArticle`` per good object and one ``IngestError`` per bad line or object
    (naming ``<name>:<line>`` and the reason); the good ones are yielded even when others fail."""
    stripped = data.lstrip("\ufeff \t\r\n")
    if not stripped:
        yield IngestError(f"{name}: file is empty")
        return
    if stripped[0] == "[":
        yield from _from_array(data, name)
        return
    if stripped[0] == "{":
        try:
            whole = _loads(data)
        except ValueError:
            whole = None
        if isinstance(whole, dict):
            line = _line_of(data, len(data) - len(stripped))
            yield from _from_object(whole, name, line)
            return
        first_line = stripped.split("\n", 1)[0].strip()
        if not _parses(first_line):
            # One object spread over several lines, and broken: one error, not one per line.
            yield IngestError(f"{name}:{_error_line(data)}: invalid JSON ({_stdlib_reason(data)})")
            return
    yield from _from_lines(data, name)


def _loads(text: str) -> Any:
    """orjson for speed; the standard parser for what orjson refuses but JSON allows (lone surrogate escapes)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if "surrogate" not in str(exc).lower():
            raise
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _parses(text: str) -> bool:
    try:
        _loads(text)
    except ValueError:
        return False
    return True


def _error_line(data: str) -> int:
    try:
        json.loads(data)
    except json.JSONDecodeError as exc:
        return exc.lineno
    except (RecursionError, ValueError):
        pass
    return 1


def _stdlib_reason(data: str) -> str:
    try:
        json.loads(data)
    except json.JSONDecodeError as exc:
        return exc.msg[:1].lower() + exc.msg[1:]
    except RecursionError:
        return "nested too deeply"
    except ValueError:
        pass
    return "not valid JSON"


def _line_of(data: str, offset: int) -> int:
    return data.count("\n", 0, offset) + 1


def _from_lines(data: str, name: str) -> Iterator[ParsedArticle | IngestError]:
    for number, line in enumerate(data.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            obj = _loads(line)
        except ValueError as exc:
            yield IngestError(f"{name}:{number}: invalid JSON ({_reason(exc)})")
            continue
        yield from _from_object(obj, name, number)


def _from_array(data: str, name: str) -> Iterator[ParsedArticle | IngestError]:
    """Walk a top-level array element by element, so each bad element can be named by its line."""
    decoder = json.JSONDecoder()
    pos = data.index("[") + 1
    end = len(data)
    ws = re.compile(r"[ \t\r\n]*")
    pos = ws.match(data, pos).end()
    if pos < end and data[pos] == "]":
        yield IngestError(f"{name}: the list is empty")
        return
    while pos < end:
        try:
            obj, next_pos = decoder.raw_decode(data, pos)
        except json.JSONDecodeError as exc:
            yield IngestError(f"{name}:{exc.lineno}: invalid JSON ({exc.msg.lower()}); the rest of the file was skipped")
            return
        except RecursionError:
            yield IngestError(f"{name}:{_line_of(data, pos)}: invalid JSON (nested too deeply); the rest of the file was skipped")
            return
        yield from _from_object(obj, name, _line_of(data, pos))
        pos = ws.match(data, next_pos).end()
        if pos < end and data[pos] == ",":
            pos = ws.match(data, pos + 1).end()
            continue
        if pos < end and data[pos] == "]":
            rest = data[pos + 1 :].strip()
            if rest:
                yield IngestError(f"{name}:{_line_of(data, pos + 1)}: unexpected text after the JSON array")
            return
        yield IngestError(f"{name}:{_line_of(data, pos)}: invalid JSON (expected ',' or ']'); the rest of the file was skipped")
        return
    yield IngestError(f"{name}:{_line_of(data, end)}: invalid JSON (the array is not closed)")


def _reason(exc: Exception) -> str:
    text = str(exc).split(":")[0].strip().rstrip(".")
    return text[:1].lower() + text[1:] if text else "not valid JSON"


def _from_object(obj: Any, name: str, line: int) -> Iterator[ParsedArticle | IngestError]:
    where = f"{name}:{line}"
    if isinstance(obj, dict):
        for key in _LIST_KEYS:
            items = obj.get(key)
            if isinstance(items, list) and not _has_body(obj):
                defaults = {"feed_url": obj.get("feed_url"), "language": obj.get("language")}
                # JSON Feed items may lack a title (microblog posts): their first words stand in.
                defaults["untitled_ok"] = "jsonfeed.org" in str(obj.get("version", ""))
                if not items:
                    yield IngestError(f"{where}: the '{key}' list is empty")
                for index, item in enumerate(items, start=1):
                    try:
                        yield article_from_object(item, defaults=defaults)
                    except IngestError as exc:
                        yield IngestError(f"{where}: {key}[{index}]: {exc}")
                return
    try:
        yield article_from_object(obj)
    except IngestError as exc:
        yield IngestError(f"{where}: {exc}")


def _has_body(obj: dict) -> bool:
    """An object with its own body text is an article even if it also has an 'items' list."""
    return _first(obj, _BODY_KEYS + _HTML_BODY_KEYS) is not None


def article_from_object(obj: Any, *, defaults: dict | None = None) -> ParsedArticle:
    """Build an article from one JSON object; raises ``IngestError`` with the reason (no file name)."""
    if not isinstance(obj, dict):
        raise IngestError(f"expected an object, found {_json_type(obj)}")
    defaults = defaults or {}
    title = _text(_first(obj, _TITLE_KEYS))
    if not title and not defaults.get("untitled_ok"):
        raise IngestError("missing title")
    body = _paragraphs(_first(obj, _BODY_KEYS))
    if not body:
        body = _html_paragraphs(_first(obj, _HTML_BODY_KEYS))
    if not body:
        body = _paragraphs(_first(obj, _SUMMARY_KEYS))
    if not body:
        raise IngestError("missing body" if title else "missing title and body")
    if not title:
        title = _first_words(body[0])
    published = None
    raw_date = _first(obj, _DATE_KEYS)
    if isinstance(raw_date, str):
        published = parse_date(raw_date)
    language = _language_code(_first(obj, _LANGUAGE_KEYS)) or _language_code(defaults.get("language"))
    if language is None:
        language = detect_language(title + "\n" + "\n".join(body)[:800])
    return ParsedArticle(
        title=title,
        body=body,
        source=_source(_first(obj, _SOURCE_KEYS)),
        published=published,
        url=_url(_first(obj, _URL_KEYS)),
        language=language,
        captions=_paragraphs(obj.get("captions")) if isinstance(obj.get("captions"), list) else (),
        author=_author(obj.get("author"), obj.get("authors")),
        feed_url=_url(obj.get("feed_url")) or _url(defaults.get("feed_url")),
        state=_state(obj.get("state")),
    )


def _first_words(text: str, limit: int = 12) -> str:
    words = text.split()
    return " ".join(words[:limit]) + (" …" if len(words) > limit else "")


def _first(obj: dict, keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = obj.get(key)
        if value not in (None, "", []):
            return value
    return None


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "null"
    return "something else"


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return normalise_space(strip_controls(value[:_MAX_FIELD_CHARS])) or None


def _paragraphs(value: Any) -> tuple[str, ...]:
    """A string with blank-line separated paragraphs, or a list of strings."""
    if isinstance(value, str):
        chunks = _PARAGRAPH_BREAK.split(strip_controls(value[:_MAX_FIELD_CHARS]).replace("\r\n", "\n"))
    elif isinstance(value, list):
        chunks = [v for v in value if isinstance(v, str)]
    else:
        return ()
    return tuple(p for p in (normalise_space(strip_controls(c)) for c in chunks) if p)


def _html_paragraphs(value: Any) -> tuple[str, ...]:
    """Paragraph text of an HTML fragment (JSON Feed content_html): tags go, entities are decoded."""
    if not isinstance(value, str):
        return ()
    import html

    text = _BLOCK_TAG.sub("\n\n", value[:_MAX_FIELD_CHARS])
    text = _TAG.sub("", text)
    return _paragraphs(html.unescape(text))


def _source(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return _text(value)


def _author(author: Any, authors: Any) -> str | None:
    if isinstance(author, dict):
        author = author.get("name")
    if not author and isinstance(authors, list) and authors:
        first = authors[0]
        author = first.get("name") if isinstance(first, dict) else first
    return _text(author)


def _url(value: Any) -> str | None:
    text = _text(value)
    if text and re.match(r"https?://\S+$", text, re.IGNORECASE):
        return text
    return None


def _language_code(value: Any) -> str | None:
    text = _text(value)
    if not text:
        return None
    code = text.replace("_", "-").split("-")[0].lower()
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def _state(value: Any) -> ReadState | None:
    if not isinstance(value, dict):
        return None
    read = value.get("read") is True
    starred = value.get("starred") is True
    read_at = value.get("read_at")
    if not isinstance(read_at, str) or not read:
        read_at = None
    elif parse_date(read_at) is None:
        read_at = None
    return ReadState(read=read, read_at=read_at, starred=starred)
