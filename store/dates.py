"""Recognising publication dates written the many ways news sites and feeds write them."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

__all__ = ["parse_date", "find_date"]

MIN_YEAR = 1900
MAX_YEAR = 2100

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "janvier", "janv", "januar", "jänner", "jän", "enero", "ene", "janeiro", "gennaio", "gen"),
    2: ("february", "feb", "février", "fevrier", "févr", "fevr", "fév", "fev", "februar", "febrero", "fevereiro",
        "febbraio"),
    3: ("march", "mar", "mars", "märz", "maerz", "mär", "mrz", "marzo", "março", "marco"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "maio", "maggio", "mag"),
    6: ("june", "jun", "juin", "juni", "junio", "junho", "giugno", "giu"),
    7: ("july", "jul", "juillet", "juil", "juli", "julio", "julho", "luglio", "lug"),
    8: ("august", "aug", "août", "aout", "agosto", "ago"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "setembro", "set", "settembre"),
    10: ("october", "oct", "octobre", "oktober", "okt", "octubre", "outubro", "out", "ottobre", "ott"),
    11: ("november", "nov", "novembre", "noviembre", "novembro"),
    12: ("december", "dec", "décembre", "decembre", "déc", "dezember", "dez", "diciembre", "dic", "dezembro",
         "dicembre"),
}
_ENGLISH_MONTHS = {
    name: month
    for month, name_list in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in name_list
}
_MONTHS = {name: month for month, names in _MONTH_NAMES.items() for name in names}


def _alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


# A month word must not be glued to other letters ("mars" must not match inside "Marseille").
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_ANY_MONTH = rf"{_NOT_LETTER_BEFORE}(?P<mon>{_alternation(_MONTHS)}){_NOT_LETTER_AFTER}\.?"
_EN_MONTH = rf"{_NOT_LETTER_BEFORE}(?P<mon>{_alternation(_ENGLISH_MONTHS)}){_NOT_LETTER_AFTER}\.?"
_DAY = r"(?<!\d)(?P<d>\d{1,2})"
_YEAR4 = r"(?P<y>\d{4})(?!\d)"

_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d{1,9})?)?"
    r"(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?(?![\d:]))?"
)
_NUMERIC = re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d])")
_VIETNAMESE = re.compile(rf"{_DAY}\s+tháng\s+(?P<m>\d{{1,2}})(?:\s*,\s*|\s+năm\s+|\s+){_YEAR4}", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(
    rf"{_DAY}(?:er|st|nd|rd|th|º|°)?\.?\s*(?:de\s+)?{_ANY_MONTH},?\s+(?:de\s+|del\s+)?"
    r"(?P<y>\d{4}|\d{2}(?=\s+\d{1,2}:\d{2}))(?!\d)",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    rf"{_EN_MONTH}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)\s*,?\s*{_YEAR4}",
    re.IGNORECASE,
)

# A clock time right after a date, with an optional am/pm and zone.
_TIME_AFTER = re.compile(
    r"(?:\s*[,|@-]?\s*(?i:at|à|lúc|um|a las|às|alle|kl\.?|-)?\s*)"
    r"(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d{1,9})?)?(?!\d)"
    r"(?:\s*(?P<ampm>[aApP]\.?(?:\s?[mM]\.?)?)(?![A-Za-z]))?"
    r"(?:\s*\(?(?P<tz>Z|[+-]\d{2}:?\d{2}|(?:GMT|UTC|UT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?"
    r"|[ECMP][SD]T|CES?T|EES?T|WES?T|BST|JST|KST|ICT|HKT|SGT|AES?T|AEDT|ET|PT|CT|MT|IST|HRS|hrs)\)?"
    r"(?![A-Za-z]))?"
)

_ZONE_HOURS = {
    "Z": 0, "UT": 0, "UTC": 0, "GMT": 0, "WET": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "CET": 1, "CEST": 2, "WEST": 1, "BST": 1, "EET": 2, "EEST": 3,
    "ICT": 7, "HKT": 8, "SGT": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
}
_OFFSET = re.compile(r"(?:GMT|UTC|UT)?\s?([+-])(\d{1,2}):?(\d{2})?$")

_TWO_DIGITS = re.compile(r"\d\d")
# The form this program writes (and most JSON exports use): answered without trying every finder.
_CANONICAL = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2}):([0-9]{2})Z)?")

# Whole-string parsing is lenient about surrounding words but not about long texts.
_PARSE_MAX_CHARS = 200


def parse_date(text: str) -> str | None:
    """Parse one date string to ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM:SSZ`` (UTC) when it carries a time
    with a known zone or offset (RFC 822, ISO 8601). Returns None when no valid date is found.

    Numeric dates are day-first (25/10/2024) unless only the month-first reading is possible (10/25/2024).
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text or len(text) > _PARSE_MAX_CHARS:
        return None
    found = find_date(text)
    return found[0] if found else None


def find_date(text: str) -> tuple[str, int, int] | None:
    """Find the first valid date inside a line.

    Returns ``(iso, start, end)`` where ``text[start:end]`` is the date (with any clock time
    and zone that directly follow it), or None.
    """
    canonical = _CANONICAL.fullmatch(text)
    if canonical is not None and _canonical_ok(canonical):
        # The whole text is the date, already in its ISO form: no finder can start earlier or end later.
        return text, 0, len(text)
    if not _TWO_DIGITS.search(text):
        return None  # every accepted form has a year of at least two digits
    best: tuple[int, int, str] | None = None
    for pattern, builder in _FINDERS:
        for match in pattern.finditer(text):
            if best is not None and match.start() > best[0]:
                break
            built = builder(match)
            if built is None:
                continue
            iso, end = _with_time(text, built, match)
            if best is None or match.start() < best[0] or (match.start() == best[0] and end > best[1]):
                best = (match.start(), end, iso)
            break
    if best is None:
        return None
    return best[2], best[0], best[1]


def _canonical_ok(m: re.Match) -> bool:
    """True when a canonical ``YYYY-MM-DD[THH:MM:SSZ]`` is a real date (and clock time) in range."""
    if _valid(int(m[1]), int(m[2]), int(m[3])) is None:
        return False
    return m[4] is None or (int(m[4]) <= 23 and int(m[5]) <= 59 and int(m[6]) <= 59)


def _valid(y: int, m: int, d: int) -> date | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        y += 2000 if y < 50 else 1900
    return y


def _from_iso(m: re.Match) -> date | None:
    return _valid(int(m["y"]), int(m["m"]), int(m["d"]))


def _from_numeric(m: re.Match) -> date | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    return _valid(y, b, a) or _valid(y, a, b)


def _from_vietnamese(m: re.Match) -> date | None:
    return _valid(int(m["y"]), int(m["m"]), int(m["d"]))


def _from_named_month(m: re.Match) -> date | None:
    month = _MONTHS.get(m["mon"].lower())
    if month is None:
        return None
    return _valid(_year(m["y"]), month, int(m["d"]))


_FINDERS = (
    (_ISO, _from_iso),
    (_NUMERIC, _from_numeric),
    (_VIETNAMESE, _from_vietnamese),
    (_DAY_MONTH_YEAR, _from_named_month),
    (_MONTH_DAY_YEAR, _from_named_month),
)


def _with_time(text: str, day: date, m: re.Match) -> tuple[str, int]:
    """Extend a found date with a following clock time; go to UTC only when the zone is known."""
    if m.re is _ISO:
        if m["H"] is None:
            return day.isoformat(), m.end()
        hour, minute, second = int(m["H"]), int(m["M"]), int(m["S"] or 0)
        zone = m["tz"]
        ampm = None
    else:
        t = _TIME_AFTER.match(text, m.end())
        if t is None:
            return day.isoformat(), m.end()
        hour, minute, second = int(t["H"]), int(t["M"]), int(t["S"] or 0)
        zone, ampm = t["tz"], t["ampm"]
        end = t.end()
        if ampm:
            if not 1 <= hour <= 12:
                return day.isoformat(), m.end()
            hour = hour % 12 + (12 if ampm[0] in "pP" else 0)
        m_end = end
    if hour > 23 or minute > 59 or second > 59:
        return day.isoformat(), m.end()
    end = m.end() if m.re is _ISO else m_end
    offset = _zone_offset(zone)
    if offset is None:
        return day.isoformat(), end
    moment = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=timezone(offset))
    utc = moment.astimezone(timezone.utc)
    if not MIN_YEAR <= utc.year <= MAX_YEAR:
        return day.isoformat(), end
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ"), end


def _zone_offset(zone: str | None) -> timedelta | None:
    if not zone:
        return None
    if zone in _ZONE_HOURS:
        return timedelta(hours=_ZONE_HOURS[zone])
    m = _OFFSET.match(zone)
    if m is None:
        return None
    hours, minutes = int(m[2]), int(m[3] or 0)
    if hours > 14 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return -delta if m[1] == "-" else delta
