"""How article fields look on screen: inert text, one-line text and dates.

Article text is data: everything shown goes through ``inert`` (control, escape and
bidi characters become visible codes) and is placed into Text/Content objects,
never parsed as markup.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

_BIDI = {0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}


def _inert_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if code not in (0x09, 0x0A):
            table[code] = chr(0x2400 + code)  # control pictures: ␛ for ESC, ␇ for BEL ...
    table[0x7F] = "\u2421"
    for code in range(0x80, 0xA0):
        table[code] = f"\\x{code:02x}"
    for code in _BIDI:
        table[code] = f"\\u{code:04x}"
    return table


_INERT = _inert_table()


def inert(value: object) -> str:
    """Text made harmless for a terminal: control, escape and bidi characters shown as codes."""
    if value is None:
        return ""
    return str(value).translate(_INERT)


_LINE_BREAKS = str.maketrans({"\n": " ", "\t": " "})


def one_line(value: object) -> str:
    """Inert text folded onto one line (newlines and tabs become spaces)."""
    return inert(value).translate(_LINE_BREAKS)


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def short_date(published: str | None) -> str:
    """``YYYY-MM-DD`` from an ISO 8601 date or timestamp; empty when unknown."""
    if not published:
        return ""
    return one_line(published[:10])


def long_date(published: str | None) -> str:
    """``YYYY-MM-DD HH:MM UTC`` for a timestamp, the date alone for a date."""
    if not published:
        return ""
    text = one_line(published)
    if len(text) >= 16 and text[10] == "T":
        suffix = " UTC" if text.endswith("Z") or text.endswith("+00:00") else ""
        return f"{text[:10]} {text[11:16]}{suffix}"
    return text[:10]


KIND_TITLES = {"person": "People", "org": "Organisations", "place": "Places", "other": "Other"}
KIND_ORDER = ("person", "org", "place", "other")
