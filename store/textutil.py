"""Turning raw bytes into clean text: encodings, line endings, spaces, control characters."""

from __future__ import annotations

import codecs
import re
import unicodedata

__all__ = ["IngestError", "decode_bytes", "normalise_space", "strip_controls"]


class IngestError(Exception):
    """An input that cannot be imported; the message is one line meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# BOMs, longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Bytes that never appear in text files (everything below 0x20 except TAB LF VT FF CR, plus DEL);
# ESC (0x1b) is tolerated because terminals' colour codes do turn up in pasted text.
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B)) + b"\x7f"
_BINARY_CONTROL_RATIO = 0.02
_SNIFF_BYTES = 64 * 1024

# Characters that legitimately appear between Latin letters in Western text.
_WESTERN_PUNCT = set("’‘‚“”„«»‹›–—…€£¥°·•©®™§¶†‡‰\u00a0\u00ad¡¿ªº×")

_C0_C1 = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What strip_controls removes: control characters, and lone surrogates (they cannot be written as UTF-8).
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\x85]")


def strip_controls(s: str) -> str:
    """Remove C0/C1 control characters except newline and tab (and lone surrogates, which cannot be stored)."""
    pattern = _ASCII_CONTROLS if s.isascii() else _UNSTORABLE
    if not pattern.search(s):
        return s
    return pattern.sub("", s)


def normalise_space(s: str) -> str:
    """Collapse every run of whitespace (including newlines, NBSP, zero-width space) to one space and trim."""
    if "\u200b" in s or "\ufeff" in s:
        s = s.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(s.split())


def normalise_newlines(s: str) -> str:
    """CRLF, CR, NEL and LINE SEPARATOR become LF; PARAGRAPH SEPARATOR becomes a blank line."""
    if "\r" in s or "\u2028" in s or "\x85" in s:
        s = _LINE_BREAKS.sub("\n", s)
    if "\u2029" in s:
        s = s.replace("\u2029", "\n\n")
    return s


def decode_bytes(data: bytes, *, name: str) -> str:
    """Decode a text file's bytes to a str with LF line endings.

    Accepts UTF-8 (with or without BOM), UTF-16/32 with BOM (and BOM-less UTF-16 that
    is plainly so), and legacy Western single-byte text (cp1252, latin-1, latin-9).
    Binary data and text in an encoding that cannot be recognised raise ``IngestError``.
    """
    text = _decode(data, name)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _looks_binary_text(text):
        raise IngestError(f"{name}: looks like binary data, not text")
    return normalise_newlines(text)


def _decode(data: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                if encoding == "utf-8":
                    break  # a UTF-8 BOM over broken UTF-8: fall through to the heuristics
                raise IngestError(f"{name}: is marked as {encoding.upper()} but is not valid {encoding.upper()}") from None
    else:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            try:
                return data.decode(utf16)
            except UnicodeDecodeError:
                pass
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if _looks_binary_bytes(data):
        raise IngestError(f"{name}: looks like binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    legacy = _decode_western(data)
    if legacy is not None:
        return legacy
    other = _charset_normalizer(data)
    if other is not None:
        return other
    raise IngestError(f"{name}: cannot tell which text encoding it uses (not UTF-8 or a Western encoding)")


def _bomless_utf16(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 of mostly-ASCII text by its pattern of zero bytes."""
    sample = data[:_SNIFF_BYTES]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.6 * half and even.count(0) < 0.05 * half:
        return "utf-16-le"
    if even.count(0) > 0.6 * half and odd.count(0) < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary_bytes(data: bytes) -> bool:
    sample = data[:_SNIFF_BYTES]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > _BINARY_CONTROL_RATIO * len(sample)


def _looks_binary_text(text: str) -> bool:
    sample = text[:_SNIFF_BYTES]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    bad = 0
    for ch in _C0_C1.findall(sample):
        if ch not in "\x0b\x0c\x1b\r":
            bad += 1
    return bad > _BINARY_CONTROL_RATIO * len(sample)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray bytes (a cut-off file, one pasted cp1252 quote) stays UTF-8."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - bad
    if bad > 0 and multibyte >= 10 * bad:
        return text.replace("\ufffd", "")
    return None


def _decode_western(data: bytes) -> str | None:
    """Decode as cp1252 (falling back to latin-1) and keep it only if it reads like Western text."""
    try:
        text = data.decode("cp1252")
        has_c1_bytes = any(0x80 <= b <= 0x9F for b in data[:_SNIFF_BYTES])
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        has_c1_bytes = True
    if not has_c1_bytes and _LATIN9_HINT.search(text):
        # latin-9 puts œ/Œ/Ÿ where latin-1 has ½ ¼ ¾: "c½ur" is "cœur".
        text = data.decode("iso8859-15")
    if not _plausible_western(text[: 16 * _SNIFF_BYTES]):
        return None
    return text


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\s]+")
_LATIN9_HINT = re.compile(r"[^\W\d_][½¼¾][^\W\d_]")


def _plausible_western(text: str) -> bool:
    high = odd = in_runs = 0
    for match in _NON_ASCII_RUN.finditer(text):
        run = match.group()
        high += len(run)
        if len(run) >= 3:
            in_runs += len(run)
        odd += sum(1 for ch in run if not (ch.isalpha() or ch in _WESTERN_PUNCT))
    if high == 0:
        return True
    # Accented letters sit alone inside words; mis-decoded Cyrillic or CJK comes in long runs.
    return odd <= 0.1 * high and in_runs <= 0.3 * high


def _charset_normalizer(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes  # optional: used only when present
    except ImportError:
        return None
    try:
        best = from_bytes(data[: 4 * _SNIFF_BYTES]).best()
        if best is None or best.encoding is None:
            return None
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError, ValueError, RuntimeError):
        return None
    if unicodedata.category(text[:1] or "a") == "Cc" and text[:1] not in "\n\t":
        return None
    return text
