"""HTML fragments (feed content, summaries) turned into plain paragraphs.

Article text is data: the result holds no markup, only text. Block elements
become paragraphs, line breaks split paragraphs, scripts and styles vanish,
entities are decoded and whitespace is collapsed. Figure captions are kept
apart, as captions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

from ..textutil import normalise_space, strip_controls

__all__ = ["HtmlText", "html_to_paragraphs", "html_to_text", "text_to_paragraphs", "looks_like_html"]

# Elements whose text never belongs to an article.
_DROP = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object",
        "embed", "svg", "math", "canvas", "form", "button", "select", "option", "textarea", "input",
        "audio", "video", "source", "track", "map", "area", "dialog",
    }
)

# Elements that start and end a paragraph of their own.
_BLOCK = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "address",
        "blockquote", "center", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "ul", "ol", "dl", "dt",
        "dd", "li", "table", "thead", "tbody", "tfoot", "tr", "caption", "figure", "details", "summary",
        "fieldset", "legend", "hr", "body", "html", "menu", "picture",
    }
)

# Table cells stay on their row's line, separated by a space.
_CELL = frozenset({"td", "th"})

_TAG_HINT = re.compile(
    r"<!--|</?[a-zA-Z][a-zA-Z0-9:-]*(?:\s[^<>]*)?/?>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);"
)
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class HtmlText:
    """Plain text of an HTML fragment: paragraphs in reading order and figure captions."""

    paragraphs: tuple[str, ...]
    captions: tuple[str, ...] = ()


def looks_like_html(text: str) -> bool:
    """True when a string holds tags or character references, so it must be parsed as HTML."""
    return bool(_TAG_HINT.search(text or ""))


def html_to_paragraphs(html: str) -> list[str]:
    """The paragraphs of an HTML fragment or document as plain text (captions left out)."""
    return list(html_to_text(html).paragraphs)


def text_to_paragraphs(text: str) -> list[str]:
    """Plain text split into paragraphs on blank lines, each paragraph's whitespace collapsed."""
    text = strip_controls((text or "").replace("\r\n", "\n").replace("\r", "\n"))
    parts = _BLANK_LINES.split(text) if _BLANK_LINES.search(text) else text.split("\n")
    return [p for p in (normalise_space(part) for part in parts) if p]


def html_to_text(html: str) -> HtmlText:
    """Paragraphs and figure captions of an HTML fragment or a whole page, as plain text."""
    if not html or not html.strip():
        return HtmlText(())
    if not looks_like_html(html):
        return HtmlText(tuple(text_to_paragraphs(html)))
    root = _parse(html)
    if root is None:
        return HtmlText(tuple(text_to_paragraphs(html)))
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    return HtmlText(tuple(walker.paragraphs), tuple(walker.captions))


def _parse(html: str):
    # The XML declaration of an XHTML fragment upsets lxml's str parser; it carries nothing we need.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        try:
            return lxml.html.document_fromstring(html)
        except (lxml.etree.ParserError, ValueError):
            return None


class _Walker:
    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.captions: list[str] = []
        self._buffer: list[str] = []
        self._caption_depth = 0
        self._pre_depth = 0
        self._bullet = False

    def flush(self) -> None:
        if not self._buffer:
            return
        raw = "".join(self._buffer)
        self._buffer = []
        target = self.captions if self._caption_depth else self.paragraphs
        if self._pre_depth:
            lines = [normalise_space(strip_controls(line)) for line in raw.split("\n")]
            target.extend(line for line in lines if line)
            return
        text = normalise_space(strip_controls(raw))
        if text:
            if self._bullet and not self._caption_depth:
                text = "• " + text
                self._bullet = False
            target.append(text)

    def _text(self, text: str | None) -> None:
        if text:
            self._buffer.append(text)

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:
            # Comments and processing instructions: only the text after them counts.
            self._text(el.tail)
            return
        tag = tag.rsplit("}", 1)[-1].lower()
        if tag in _DROP:
            self._text(el.tail)
            return
        if tag == "br":
            self.flush()
            self._text(el.tail)
            return
        if tag == "img":
            self._text(el.tail)
            return
        is_caption = tag == "figcaption"
        is_block = tag in _BLOCK or is_caption or tag == "pre"
        if is_block:
            self.flush()
        if is_caption:
            self._caption_depth += 1
        if tag == "pre":
            self._pre_depth += 1
        if tag == "li":
            self._bullet = True
        self._text(el.text)
        for child in el:
            self.walk(child)
        if tag in _CELL:
            self._buffer.append(" ")
        if is_block:
            self.flush()
        if tag == "li":
            self._bullet = False
        if is_caption:
            self._caption_depth -= 1
        if tag == "pre":
            self._pre_depth -= 1
        self._text(el.tail)
