"""Markdown articles: `# Title`, optional front matter, Markdown syntax reduced to plain text."""

from __future__ import annotations

import re

from ..dates import parse_date
from ..models import ParsedArticle
from ..textutil import normalise_space
from . import boilerplate as bp
from .text import Line, assemble, prepare

__all__ = ["parse_markdown"]

_FRONT_KEYS = {
    "title": "title", "headline": "title",
    "date": "published", "published": "published", "pubdate": "published", "published_at": "published",
    "source": "source", "site": "source", "site_name": "source", "publisher": "source",
    "url": "url", "link": "url", "canonical": "url", "canonical_url": "url", "source_url": "url",
    "language": "language", "lang": "language", "locale": "language",
    "author": "author", "authors": "author", "byline": "author",
}

_ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT_H1 = re.compile(r"^\s{0,3}=+\s*$")
_SETEXT_H2 = re.compile(r"^\s{0,3}-+\s*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^\s{0,6}(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_REF_DEFINITION = re.compile(r"^\s{0,3}\[[^\]\n]{1,200}\]:\s*\S")
_IMAGE_LINE = re.compile(r"^\s*!\[([^\[\]\n]{0,1000})\]\([^\n]{0,2100}\)\s*$")
_ITALIC_LINE = re.compile(r"^\s*(\*|_)(?!\1)(?=\S)(.{1,1000}?)(?<=\S)\1\s*$")
_HTML_COMMENT = re.compile(r"<!--.{0,10000}?-->", re.DOTALL)

_IMAGE = re.compile(r"!\[[^\[\]\n]{0,1000}\]\([^()\n]{0,2000}(?:\([^()\n]{0,500}\)[^()\n]{0,2000})?\)")
_LINK = re.compile(
    r"\[([^\[\]\n]{0,1000})\]\(\s*<?([^()\s<>]{0,2000}(?:\([^()\s]{0,500}\)[^()\s<>]{0,2000})?)>?"
    r"(?:\s+(?:\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'))?\s*\)"
)
_REF_LINK = re.compile(r"\[([^\[\]\n]{1,1000})\]\[[^\[\]\n]{0,200}\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]{1,2000})>", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:br|p|em|strong|b|i|u|s|span|div|sup|sub|small|mark|abbr|cite|q|del|ins|kbd|code)\b[^<>]{0,500}>",
    re.IGNORECASE,
)
# Emphasis markers at a word edge ("*word*", "__word__"); "snake_case" and "5 * 3" stay.
_EMPHASIS = re.compile(r"(?<![\w*_~])(?:\*+|_+|~~+)(?=[^\s*_~])|(?<=[^\s*_~])(?:\*+|_+|~~+)(?![\w*_~])")
_CODE_TICKS = re.compile(r"`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|<])")
_PARKED = 0xF000
_PARKED_CHARS = re.compile("[\uf000-\uf07f]")


def parse_markdown(text: str, *, name: str = "<markdown>") -> ParsedArticle:
    """Parse one Markdown article; raises ``IngestError`` when it holds no title or no body text."""
    text = prepare(text)
    meta, text = _front_matter(text)
    lines, title, captions = _to_lines(text)
    title = meta.get("title") or title
    published = parse_date(meta["published"]) if meta.get("published") else None
    url = meta.get("url")
    if url is not None and not re.match(r"https?://", url, re.IGNORECASE):
        url = None
    language = meta.get("language")
    if language:
        language = language.replace("_", "-").split("-")[0].lower()
        if not re.fullmatch(r"[a-z]{2}", language):
            language = None
    return assemble(
        lines,
        name=name,
        title=title,
        source=meta.get("source"),
        published=published,
        url=url,
        language=language or None,
        author=meta.get("author"),
        captions=captions,
    )


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML-like (`---`) or TOML-like (`+++`) key/value header; only simple scalar values are read."""
    stripped = text.lstrip("\n")
    for fence, sep in (("---", ":"), ("+++", "=")):
        if not stripped.startswith(fence + "\n"):
            continue
        lines = stripped.split("\n")
        for end in range(1, min(len(lines), 200)):
            if lines[end].strip() in (fence, "..." if fence == "---" else fence):
                return _read_keys(lines[1:end], sep), "\n".join(lines[end + 1 :])
        break
    return {}, text


def _read_keys(lines: list[str], sep: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    pending_list_key = None
    for line in lines:
        item = re.match(r"^\s+-\s+(.*)$", line)
        if item and pending_list_key and pending_list_key not in meta:
            value = _unquote(item.group(1))
            if value:
                meta[pending_list_key] = value
            continue
        key, found, value = line.partition(sep)
        if not found or line[:1].isspace():
            continue
        field = _FRONT_KEYS.get(key.strip().lower())
        pending_list_key = field
        if field is None:
            continue
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            value = value[1:-1].split(",")[0]
        value = _unquote(value)
        if value and field not in meta:
            meta[field] = value
    return meta


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return normalise_space(value)


def inline_to_text(text: str, *, keep_urls: bool = False) -> str:
    """Markdown inline syntax to plain text: links keep their text (or their URL), images go."""
    # Escaped characters are parked in the private-use area so no rule below touches them.
    text = _ESCAPE.sub(lambda m: chr(_PARKED + ord(m.group(1))), text)
    text = _IMAGE.sub(" ", text)
    if keep_urls:
        text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    else:
        text = _LINK.sub(lambda m: m.group(1), text)
    text = _REF_LINK.sub(lambda m: m.group(1), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _HTML_TAG.sub(" ", text)
    text = _CODE_TICKS.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _PARKED_CHARS.sub(lambda m: chr(ord(m.group()) - _PARKED), text)
    return normalise_space(text)


def _to_lines(text: str) -> tuple[list[Line], str | None, list[str]]:
    """Markdown to cleaned lines numbered by paragraph, plus the `# Title` and image captions."""
    if "<!--" in text:
        text = _HTML_COMMENT.sub("", text)
    raw = text.split("\n")
    out: list[Line] = []
    captions: list[str] = []
    title: str | None = None
    block = 0
    seen_text = False
    fence: str | None = None
    i = 0
    n = len(raw)

    def new_block() -> None:
        nonlocal block
        if out and out[-1].block == block:
            block += 1

    def add(line: str, *, keep_urls: bool = False) -> None:
        nonlocal seen_text
        plain = inline_to_text(line, keep_urls=keep_urls)
        if plain:
            out.append(Line(plain, block))
            seen_text = True

    while i < n:
        line = raw[i]
        i += 1
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
                new_block()
            else:
                if line.strip():
                    out.append(Line(normalise_space(line), block))
            continue
        m = _FENCE.match(line)
        if m:
            new_block()
            fence = m.group(1)
            continue
        if not line.strip():
            new_block()
            continue
        if _REF_DEFINITION.match(line):
            continue
        heading = _ATX_HEADING.match(line)
        if heading:
            new_block()
            content = inline_to_text(heading.group(2))
            if heading.group(1) == "#" and title is None and not seen_text and content:
                title = content
            elif content:
                out.append(Line(content, block))
                seen_text = True
            new_block()
            continue
        if i < n and line.strip() and (_SETEXT_H1.match(raw[i]) or (_SETEXT_H2.match(raw[i]) and not _LIST_ITEM.match(line))):
            is_h1 = _SETEXT_H1.match(raw[i]) is not None
            i += 1
            new_block()
            content = inline_to_text(line)
            if is_h1 and title is None and not seen_text and content:
                title = content
            elif content:
                out.append(Line(content, block))
                seen_text = True
            new_block()
            continue
        if _RULE.match(line):
            new_block()
            continue
        image = _IMAGE_LINE.match(line)
        if image:
            new_block()
            j = i
            while j < n and not raw[j].strip():
                j += 1
            italic = _ITALIC_LINE.match(raw[j]) if j < n and j - i <= 1 else None
            if italic:
                caption = inline_to_text(italic.group(2))
                if caption:
                    captions.append(caption)
                i = j + 1
            new_block()
            continue
        quote = _QUOTE.match(line)
        if quote:
            line = line[quote.end() :]
        item = _LIST_ITEM.match(line)
        if item:
            new_block()
            content = inline_to_text(item.group(1))
            if content:
                out.append(Line("• " + content, block))
                seen_text = True
            new_block()
            continue
        add(line, keep_urls=bp.source_line(line) is not None)
    return out, title, captions
