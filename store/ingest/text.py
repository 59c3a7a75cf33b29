"""Plain-text articles as copied or scraped from news pages.

The expected shape: a title line; an optional byline (site name, author, date); the lede and
paragraphs separated by blank lines; image alt text and captions; a "Source: URL" line; then
whatever the page left behind (comment counters, "Related articles", "Share", ...).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from ..dates import find_date
from ..language import detect_language, detect_language_with_confidence
from ..models import ParsedArticle
from ..textutil import IngestError, normalise_newlines, normalise_space, strip_controls
from . import boilerplate as bp

__all__ = ["parse_text", "Line", "split_lines", "assemble", "parse_byline", "Byline"]

# Titles of scraped articles can be a whole first sentence; longer lines are body text.
MAX_TITLE_CHARS = 400
_SHORT_TITLE_WORDS = 14
# Bylines and datelines are short; a longer line is prose even when it holds a date.
_MAX_BYLINE_CHARS = 160
# Site and author names are short; places in datelines shorter still.
_MAX_NAME_WORDS = 6
_MAX_PLACE_WORDS = 3
# How many lines after the title may still be byline or page furniture.
_HEADER_LINES = 8
# Short paragraphs in another language than the article are image alt text or captions.
_FOREIGN_BLOCK_CHARS = 200
_FOREIGN_CONFIDENCE = 0.95
_LANGUAGE_SAMPLE_CHARS = 800


@dataclass(slots=True)
class Line:
    """One non-blank line; ``block`` numbers the paragraph (blank-line separated) it belongs to."""

    text: str
    block: int


@dataclass(frozen=True, slots=True)
class Byline:
    """What a byline or dateline says."""

    source: str | None = None
    published: str | None = None
    author: str | None = None


def parse_text(text: str, *, name: str = "<text>") -> ParsedArticle:
    """Parse one plain-text article; raises ``IngestError`` when it holds no title or no body text."""
    return assemble(split_lines(text), name=name)


def prepare(text: str) -> str:
    """Unicode NFC, LF line endings, no control characters."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return strip_controls(normalise_newlines(text))


def split_lines(text: str) -> list[Line]:
    """Cleaned non-blank lines, numbered by paragraph."""
    lines: list[Line] = []
    block = 0
    blank = True
    for raw in prepare(text).split("\n"):
        line = normalise_space(raw)
        if not line:
            if not blank:
                block += 1
            blank = True
            continue
        lines.append(Line(line, block))
        blank = False
    return lines


def assemble(
    lines: list[Line],
    *,
    name: str,
    title: str | None = None,
    source: str | None = None,
    published: str | None = None,
    url: str | None = None,
    language: str | None = None,
    author: str | None = None,
    captions: Iterable[str] = (),
) -> ParsedArticle:
    """Build an article from cleaned lines; values passed in (from front matter) win over what the text says."""
    found_captions = list(captions)
    start = 0
    while start < len(lines) and _leading_furniture(lines[start].text):
        start += 1
    lines = lines[start:]
    if title is None:
        if not lines:
            raise _no_text(name)
        first = lines[0]
        if len(first.text) <= MAX_TITLE_CHARS:
            title = first.text
            lines.pop(0)
        else:
            title = _title_from_prose(first.text)
    elif lines and lines[0].text.casefold() == title.casefold() and len(lines) > 1:
        lines.pop(0)

    lines, tail_url, credited_source = _trim_tail(lines)
    lines, byline = _take_header(lines, title)
    paragraphs, body_url = _body(lines, found_captions)

    article_language = language or _detect(title, paragraphs)
    paragraphs = _move_foreign_blocks(paragraphs, article_language, title, found_captions)

    body = tuple(text for text, _ in paragraphs)
    if not title or not body:
        raise _no_text(name)
    return ParsedArticle(
        title=title,
        body=body,
        source=source or byline.source or credited_source,
        published=published or byline.published,
        url=url or tail_url or body_url,
        language=article_language,
        captions=tuple(dict.fromkeys(c for c in found_captions if c)),
        author=author or byline.author,
    )


def _no_text(name: str) -> IngestError:
    return IngestError(f"{name}: no article text found (only page boilerplate)")


def _leading_furniture(text: str) -> bool:
    return bp.is_evidence(text) or bp.bare_url(text) is not None


def _title_from_prose(text: str) -> str:
    """A title for text that starts straight with a long paragraph: its first sentence, or its first words."""
    head = text[: MAX_TITLE_CHARS + 1]
    m = re.search(r"[.!?…](?=\s)", head)
    if m and m.end() >= 20:
        return head[: m.end()]
    words = head[:MAX_TITLE_CHARS].split()[:_SHORT_TITLE_WORDS]
    return " ".join(words) + " …"


# ---------------------------------------------------------------- the end of the page


def _tail_like(text: str) -> bool:
    """Lines that may belong to the furniture after an article: short labels, links, credits."""
    if bp.is_short(text) and not bp.ends_sentence(text):
        return True
    return bp.source_line(text) is not None or bp.bare_url(text) is not None or bp.is_evidence(text)


def _trim_tail(lines: list[Line]) -> tuple[list[Line], str | None, str | None]:
    """Cut the trailing run of page furniture, starting at its first sure sign (a known label,
    a counter, a repeated line, a Source line); keep the URL and source name the run names."""
    url: str | None = None
    credited: str | None = None
    while lines:
        start = len(lines)
        while start > 0 and _tail_like(lines[start - 1].text):
            start -= 1
        run = [line.text for line in lines[start:]]
        if not run:
            break
        seen: dict[str, int] = {}
        for text in run:
            key = text.casefold()
            seen[key] = seen.get(key, 0) + 1
        cut = None
        for i, text in enumerate(run):
            if (
                bp.source_line(text) is not None
                or bp.is_evidence(text)
                or seen[text.casefold()] > 1
                or (i == len(run) - 1 and bp.bare_url(text) is not None)
            ):
                cut = i
                break
        if cut is None:
            break
        for text in run[cut:]:
            src = bp.source_line(text)
            if src is not None:
                url = url or src[0]
                credited = credited or src[1]
            elif url is None:
                url = bp.bare_url(text)
        lines = lines[: start + cut]
    return lines, url, credited


# ---------------------------------------------------------------- byline and header


def _take_header(lines: list[Line], title: str) -> tuple[list[Line], Byline]:
    """Remove bylines, datelines and page labels between the title and the first paragraph."""
    source = published = author = None
    i = 0
    while i < len(lines) and i < _HEADER_LINES and i < len(lines) - 1:
        text = lines[i].text
        if bp.is_evidence(text):
            i += 1
            continue
        if text.casefold() == title.casefold():
            i += 1
            continue
        # A byline may be spread over a short block: "Moscow Herald" above "12/03/2025".
        end = _block_end(lines, i)
        byline = None
        consumed = 1
        if (i == 0 or lines[i - 1].block != lines[i].block) and 2 <= end - i <= 4 and end < len(lines):
            parts = [line.text for line in lines[i:end] if not bp.is_evidence(line.text)]
            if parts and all(len(part) <= 100 for part in parts):
                joined = parse_byline(" | ".join(parts))
                if joined is not None and (joined.published or joined.author):
                    byline, consumed = joined, end - i
        if byline is None:
            byline = parse_byline(text)
        if byline is None:
            break
        source = source or byline.source
        published = published or byline.published
        author = author or byline.author
        i += consumed
    return lines[i:], Byline(source, published, author)


def _block_end(lines: list[Line], i: int) -> int:
    block = lines[i].block
    end = i
    while end < len(lines) and lines[end].block == block:
        end += 1
    return end


_SEPARATORS = re.compile(r"\s*(?:[|•·]|\s[-–—]+\s|[–—])\s*")
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    "lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    "segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|"
    "lunedì|martedì|mercoledì|giovedì|venerdì|"
    "thứ hai|thứ ba|thứ tư|thứ năm|thứ sáu|thứ bảy|thứ 2|thứ 3|thứ 4|thứ 5|thứ 6|thứ 7|chủ nhật|cn"
)
_LABEL_WORDS = (
    "first posted|originally published|originally posted|posted on|posted at|posted|updated on|updated at|updated|last updated on|last updated|last modified|"
    "first published on|first published|published on|published at|published|date|dated|created|modified|"
    "publié le|publié|mis à jour le|mis à jour|modifié le|modifié|actualisé le|actualisé|"
    "cập nhật lúc|cập nhật ngày|cập nhật|đăng lúc|đăng ngày|đăng|"
    "veröffentlicht am|veröffentlicht|aktualisiert am|aktualisiert|stand|"
    "publicado el|publicado em|publicado|actualizado el|actualizado|atualizado em|atualizado|"
    "pubblicato il|pubblicato|aggiornato il|aggiornato"
)
# Small words that join a date to the text around it ("le 25 octobre", "on May 3"): removed next to the date only.
_CONNECTORS = "on|at|le|à|ngày|lúc|vào|am|um|el|em|il|alle|de|du|del"
_TIME = (
    r"\d{1,2}[:h.]\d{2}(?::\d{2})?\s*(?:[ap]\.?(?:\s?m\.?)?(?![^\W\d_]))?(?:\s*\(?(?:GMT|UTC)\s?[+-]\s?\d{1,2}(?::?\d{2})?\)?"
    r"|\s*(?-i:[A-Z]{1,4})(?![^\W\d_]))?|\d{1,2}\s*(?:[ap]\.?m\.?)|\(?(?:GMT|UTC)\s?[+-]\s?\d{1,2}(?::?\d{2})?\)?|hrs"
)
_PUNCT_RUN = r"[\s,;:|•·@/\-–—(\[\])]+"


def _edge_token(words: str) -> str:
    """One removable token; words must stand alone ("de" is not the end of "Monde")."""
    return rf"(?:(?<![^\W\d_])(?:{_TIME}|(?:{words})(?![^\W\d_])\.?)|{_PUNCT_RUN})"


# The longest single token ("last updated on", "10:00:00 a.m. (GMT+7)") fits in this many characters;
# searching only the end of a part keeps the end-anchored patterns cheap.
_TOKEN_REACH = 48
_ALL_LABELS = _WEEKDAYS + "|" + _LABEL_WORDS
_RIGHT_TOKEN = re.compile(rf"{_edge_token(_ALL_LABELS)}$", re.IGNORECASE)
_LEFT_TOKEN = re.compile(rf"^{_edge_token(_ALL_LABELS)}", re.IGNORECASE)
# Next to the date, before any separator: also the joining words, but no '|' or ' - '.
_NEAR_DATE_TOKEN = rf"(?:(?<![^\W\d_])(?:{_TIME}|(?:{_ALL_LABELS}|{_CONNECTORS})(?![^\W\d_])\.?)|[\s,:]+)"
_RIGHT_TOKEN_NEAR_DATE = re.compile(rf"{_NEAR_DATE_TOKEN}$", re.IGNORECASE)
_LEFT_TOKEN_NEAR_DATE = re.compile(rf"^{_NEAR_DATE_TOKEN}", re.IGNORECASE)
_AUTHOR = re.compile(
    r"^(?:by|par|von|por|di|bởi|tác giả|author|auteur|autor|autore|texte|text|reporter|phóng viên)\s*[:：]?\s+(?P<name>.+)$",
    re.IGNORECASE,
)


def _strip_edges(text: str) -> str:
    """Drop times, weekdays, 'Posted'/'Publié le' and punctuation from both ends."""
    return _strip_loop(text, _RIGHT_TOKEN, _LEFT_TOKEN).strip()


def _strip_loop(text: str, right: re.Pattern | None, left: re.Pattern | None) -> str:
    for _ in range(40):
        before = text
        if right is not None:
            m = right.search(text, max(0, len(text) - _TOKEN_REACH))
            if m and m.start() < len(text):
                text = text[: m.start()]
        if left is not None:
            m = left.match(text)
            if m and m.end() > 0:
                text = text[m.end() :]
        if text == before:
            break
    return text


def _dedupe_glued(text: str) -> str:
    """'Báo Công thươngBáo Công thương' (a site name printed twice) becomes one name."""
    n = len(text)
    half = n // 2
    if n % 2 == 0 and text[:half] == text[half:]:
        return text[:half]
    if n % 2 == 1 and text[half] == " " and text[:half] == text[half + 1 :]:
        return text[:half]
    return text


def _valid_name(text: str) -> bool:
    if not 2 <= len(text) <= 60 or len(text.split()) > _MAX_NAME_WORDS:
        return False
    if bp.ends_sentence(text) or any(ch in text for ch in "[]{}<>=\"“”"):
        return False
    if sum(ch.isdigit() for ch in text) > 4:
        return False
    first = text[0]
    return first.isupper() or first.isdigit() or (first.isalpha() and " " not in text)


def _valid_author(text: str) -> bool:
    return _valid_name(text) and not any(ch.isdigit() for ch in text) and text[0].isupper()


def parse_byline(line: str) -> Byline | None:
    """Read a byline such as 'By Jane Doe | The Daily Planet | October 25, 2024',
    'Le Monde - 25 octobre 2024' or 'Báo Công thươngBáo Công thương25/10/2024'. None if the line is prose."""
    if len(line) > _MAX_BYLINE_CHARS:
        return None
    found = find_date(line)
    if found is None:
        return _author_line(line)
    iso, start, end = found
    before, place_before = _strip_near_date(line[:start], _RIGHT_TOKEN_NEAR_DATE)
    after, place_after = _strip_near_date(line[end:], _LEFT_TOKEN_NEAR_DATE)
    segments: list[tuple[str, bool]] = []
    parts = _SEPARATORS.split(_strip_edges(before)) if before else []
    # A name joined to the date by a comma is a place ("WASHINGTON, April 28"), not a source.
    segments += [(seg, place_before and i == len(parts) - 1) for i, seg in enumerate(parts)]
    parts = _SEPARATORS.split(_strip_edges(after)) if after else []
    segments += [(seg, place_after and i == 0) for i, seg in enumerate(parts)]
    names: list[str] = []
    author = None
    for segment, is_place in segments:
        segment = _strip_edges(segment)
        if not segment:
            continue
        m = _AUTHOR.match(segment)
        if m:
            who, _, outlet = m["name"].partition(", ")
            if author is not None or not _valid_author(who) or (outlet and not _valid_name(outlet)):
                return None
            author = who
            if outlet:
                names.append(outlet)
            continue
        pieces = [_dedupe_glued(piece.strip()) for piece in segment.split(",")]
        if not all(_valid_name(piece) for piece in pieces):
            return None
        if is_place or len(pieces) > 1:
            # Places are a word or three ("WASHINGTON, DC"); more is a sentence that starts with a date.
            if any(len(piece.split()) > _MAX_PLACE_WORDS for piece in pieces):
                return None
            continue
        names.append(pieces[0])
    names = list(dict.fromkeys(names))  # a site name printed twice is one name
    if len(names) > 2 or (len(names) == 2 and author is not None):
        return None
    source = None
    if len(names) == 2:
        author, source = names
    elif names:
        source = names[0]
    return Byline(source=source, published=iso, author=author)


def _strip_near_date(text: str, token: re.Pattern) -> tuple[str, bool]:
    """Strip what touches the date; also say whether a comma now separates it from a name."""
    comma = False
    for _ in range(40):
        if token is _RIGHT_TOKEN_NEAR_DATE:
            m = token.search(text, max(0, len(text) - _TOKEN_REACH))
        else:
            m = token.match(text)
        if not m or m.start() == m.end():
            break
        # Only the comma that ends up next to a name counts; one before a weekday does not.
        token_text = m.group()
        comma = ("," in token_text) if not any(ch.isalnum() for ch in token_text) else False
        text = text[: m.start()] + text[m.end() :]
    return text, comma


def _author_line(line: str) -> Byline | None:
    """'By Jane Doe', 'Par Jean Dupont | Le Monde': an author, perhaps with the site name."""
    segments = [s for s in (_strip_edges(s) for s in _SEPARATORS.split(line)) if s]
    if not segments or len(segments) > 2:
        return None
    m = _AUTHOR.match(segments[0])
    if m is None or not _valid_author(m["name"]):
        return None
    source = None
    if len(segments) == 2:
        source = _dedupe_glued(segments[1])
        if not _valid_name(source):
            return None
    return Byline(source=source, author=m["name"])


# ---------------------------------------------------------------- the body


def _body(lines: list[Line], captions: list[str]) -> tuple[list[tuple[str, bool]], str | None]:
    """Join lines into paragraphs; pull out captions (with their alt text) and source lines.

    Returns ``[(paragraph, followed_by_caption)]`` and a URL named in the body, if any.
    """
    paragraphs: list[tuple[str, bool]] = []
    url = None
    i = 0
    n = len(lines)
    while i < n:
        block = lines[i].block
        pending: list[str] = []
        caption_here = False
        while i < n and lines[i].block == block:
            text = lines[i].text
            i += 1
            if bp.is_inline_junk(text):
                continue
            src = bp.source_line(text)
            if src is not None and src[0] is not None:
                url = url or src[0]
                continue
            if bp.caption_credit(text):
                if bp.credit_only(text) and pending and len(pending[-1]) <= 300:
                    text = pending.pop() + " " + text
                # Short unpunctuated lines right above a caption are the image's alt text.
                while pending and len(pending[-1]) <= _FOREIGN_BLOCK_CHARS and not bp.ends_sentence(pending[-1]):
                    pending.pop()
                captions.append(text)
                caption_here = True
                continue
            pending.append(text)
        if caption_here and paragraphs and not pending:
            # A caption block right after a paragraph: remember it for the alt-text check.
            last_text, _ = paragraphs[-1]
            paragraphs[-1] = (last_text, True)
        if pending:
            paragraphs.append((" ".join(pending), False))
    return paragraphs, url


def _detect(title: str, paragraphs: list[tuple[str, bool]]) -> str | None:
    parts = [title]
    size = len(title)
    for text, _ in paragraphs:
        if size >= _LANGUAGE_SAMPLE_CHARS:
            break
        parts.append(text[:_LANGUAGE_SAMPLE_CHARS])
        size += len(text)
    return detect_language("\n".join(parts)[:_LANGUAGE_SAMPLE_CHARS])


def _move_foreign_blocks(
    paragraphs: list[tuple[str, bool]], language: str | None, title: str, captions: list[str]
) -> list[tuple[str, bool]]:
    """Short paragraphs in another language than the article are captions; alt text
    (such a paragraph, or a copy of the title, right above a caption) is dropped.
    The body is never emptied this way: then everything stays."""
    kept: list[tuple[str, bool]] = []
    moved: list[str] = []
    for text, before_caption in paragraphs:
        short = len(text) <= _FOREIGN_BLOCK_CHARS
        if short and before_caption and not bp.ends_sentence(text) and text.casefold() == title.casefold():
            continue
        # Alt text has no closing punctuation; checking only such lines keeps the model off ordinary prose.
        if short and language and len(paragraphs) > 1 and not bp.ends_sentence(text) and len(text.split()) >= 4:
            lang, confidence = detect_language_with_confidence(text)
            if lang and lang != language and confidence >= _FOREIGN_CONFIDENCE:
                if not before_caption:
                    moved.append(text)
                continue
        kept.append((text, before_caption))
    if not kept:
        return paragraphs
    captions.extend(moved)
    return kept
