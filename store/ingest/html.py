"""Article web pages: the main text, title, date and site name of one HTML page.

Extraction is trafilatura's: it keeps the article and drops menus, ads,
sidebars and comments. We only decode the bytes, tidy the metadata and split
the text into paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from ..dates import parse_date
from ..language import detect_language
from ..models import ParsedArticle
from ..textutil import IngestError, decode_bytes, normalise_space, strip_controls

__all__ = ["parse_html_page", "parse_html_file", "decode_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SITE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", " · ", " » ")
# Pages larger than this are not articles; they would only make extraction slow.
MAX_PAGE_BYTES = 20 * 1024 * 1024
# Fewer words than this is a menu or an error page, not an article.
MIN_WORDS = 8


def decode_html(data: bytes, *, name: str, declared: str | None = None) -> str:
    """Decode an HTML page: a BOM, then valid UTF-8, then the declared charset, then a guess."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(data, name=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = [declared] if declared else []
    match = _META_CHARSET.search(data[:8192])
    if match:
        candidates.append(match.group(1).decode("ascii", "replace"))
    for charset in candidates:
        try:
            return data.decode(_charset_alias(charset))
        except (LookupError, UnicodeDecodeError):
            continue
    return decode_bytes(data, name=name)


def _charset_alias(charset: str) -> str:
    charset = charset.strip().lower()
    # Browsers read these labels as their supersets; so must we.
    return {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}.get(charset, charset)


def parse_html_page(
    page: str | bytes, *, name: str, url: str | None = None, feed_url: str | None = None
) -> ParsedArticle:
    """The article in one HTML page. Raises ``IngestError`` when the page holds no article text."""
    if isinstance(page, bytes):
        if len(page) > MAX_PAGE_BYTES:
            raise IngestError(f"{name}: the page is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB")
        page = decode_html(page, name=name)
    if not page.strip():
        raise IngestError(f"{name}: the file is empty")
    import trafilatura  # slow to import; only pages need it

    try:
        doc = trafilatura.bare_extraction(
            page,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
        )
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        raise IngestError(f"{name}: cannot read the page ({type(exc).__name__})") from None
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    paragraphs = [p for p in (normalise_space(strip_controls(line)) for line in text.split("\n")) if p]
    site = _clean(getattr(doc, "sitename", None))
    title = _strip_site_name(_clean(getattr(doc, "title", None)) or "", site)
    if paragraphs and title and _same_text(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the headline, repeated at the top of the text
    if sum(len(p.split()) for p in paragraphs) < MIN_WORDS:
        raise IngestError(f"{name}: no article text found in the page")
    if not title:
        title = _first_words(paragraphs[0])
    raw_date = getattr(doc, "date", None)
    page_url = url or _clean(getattr(doc, "url", None))
    if page_url and urlsplit(page_url).scheme not in ("http", "https"):
        page_url = None
    return ParsedArticle(
        title=title,
        body=tuple(paragraphs),
        source=site or _host(page_url),
        published=parse_date(raw_date) if raw_date else None,
        url=page_url,
        language=detect_language(" ".join([title, *paragraphs[:20]])),
        author=_clean(getattr(doc, "author", None)),
        feed_url=feed_url,
    )


def parse_html_file(path: Path, data: bytes) -> Iterator[ParsedArticle | IngestError]:
    """Importer entry point for ``.html`` files: one article per page, or one error."""
    try:
        yield parse_html_page(data, name=str(path))
    except IngestError as exc:
        yield exc


def _same_text(a: str, b: str) -> bool:
    return normalise_space(a).casefold() == normalise_space(b).casefold()


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = normalise_space(strip_controls(value))
    return value or None


def _strip_site_name(title: str, site: str | None) -> str:
    """'Headline - Site Name' becomes 'Headline' when the site name is known."""
    if not site or not title:
        return title
    lowered, site_low = title.casefold(), site.casefold()
    for sep in _SITE_SEPARATORS:
        if lowered.endswith(sep + site_low):
            return title[: -len(sep + site)].strip() or title
        if lowered.startswith(site_low + sep):
            return title[len(site + sep) :].strip() or title
    return title


def _first_words(paragraph: str, limit: int = 12) -> str:
    words = paragraph.split()
    return " ".join(words[:limit]) + (" …" if len(words) > limit else "")


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
