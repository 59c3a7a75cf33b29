import pytest

from store.dates import find_date, parse_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("25/10/2024", "2024-10-25"),
        ("25-10-2024", "2024-10-25"),
        ("25.10.2024", "2024-10-25"),
        ("5/3/2024", "2024-03-05"),
        ("10/25/2024", "2024-10-25"),  # only the month-first reading is a date
        ("2024-10-25", "2024-10-25"),
        ("2024/10/25", "2024-10-25"),
        ("25 octobre 2024", "2024-10-25"),
        ("1er octobre 2024", "2024-10-01"),
        ("October 25, 2024", "2024-10-25"),
        ("October 25th, 2024", "2024-10-25"),
        ("25 October 2024", "2024-10-25"),
        ("Oct. 25, 2024", "2024-10-25"),
        ("DECEMBER 16, 2008", "2008-12-16"),
        ("May 5 2010", "2010-05-05"),
        ("25 tháng 10 năm 2024", "2024-10-25"),
        ("ngày 25/10/2024", "2024-10-25"),
        ("25. Oktober 2024", "2024-10-25"),
        ("3. März 2024", "2024-03-03"),
        ("25 de octubre de 2024", "2024-10-25"),
        ("25 de outubro de 2024", "2024-10-25"),
        ("25 ottobre 2024", "2024-10-25"),
        ("12 août 2024", "2024-08-12"),
        ("29/02/2024", "2024-02-29"),
    ],
)
def test_dates_without_time(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Fri, 25 Oct 2024 10:00:00 +0200", "2024-10-25T08:00:00Z"),
        ("Fri, 25 Oct 2024 10:00:00 GMT", "2024-10-25T10:00:00Z"),
        ("Sat, 07 Sep 02 00:00:01 GMT", "2002-09-07T00:00:01Z"),
        ("Thu, 24 Oct 2024 23:30:00 -0500", "2024-10-25T04:30:00Z"),
        ("2024-10-25T10:00:00+02:00", "2024-10-25T08:00:00Z"),
        ("2024-10-25T10:00:00Z", "2024-10-25T10:00:00Z"),
        ("2024-10-25T10:00:00.123-05:00", "2024-10-25T15:00:00Z"),
        ("Fri Aug 2, 2013 6:50pm EDT", "2013-08-02T22:50:00Z"),
        ("Thứ sáu, 25/10/2024 10:00 (GMT+7)", "2024-10-25T03:00:00Z"),
    ],
)
def test_times_with_a_zone_become_utc(text, expected):
    assert parse_date(text) == expected


def test_time_without_zone_keeps_only_the_date():
    assert parse_date("2024-10-25 10:00") == "2024-10-25"
    assert parse_date("Updated: November 11, 2011 18:50 IST") == "2011-11-11"


@pytest.mark.parametrize(
    "text",
    [
        "13/13/2024",
        "30/02/2024",
        "2024-13-01",
        "2023-02-29",
        "32 octobre 2024",
        "1899-12-31",
        "2101-01-01",
        "25 mars",  # no year
        "Marseille 2024",
        "hello",
        "",
        "x" * 500,
    ],
)
def test_rejects_impossible_or_missing_dates(text):
    assert parse_date(text) is None


def test_parse_date_ignores_non_strings():
    assert parse_date(None) is None  # type: ignore[arg-type]
    assert parse_date(20241025) is None  # type: ignore[arg-type]


def test_find_date_in_glued_byline():
    line = "Báo Công thươngBáo Công thương25/10/2024"
    iso, start, end = find_date(line)
    assert iso == "2024-10-25"
    assert line[start:end] == "25/10/2024"
    assert line[:start] == "Báo Công thươngBáo Công thương"


def test_find_date_span_covers_the_time_and_zone():
    line = "Posted on Thu Jun 13, 2013 08:45 AM PDT | Daily Planet"
    iso, start, end = find_date(line)
    assert iso == "2013-06-13T15:45:00Z"
    assert line[start:end] == "Jun 13, 2013 08:45 AM PDT"


def test_find_date_takes_the_first_date():
    iso, start, _ = find_date("Published 3 May 2013, updated 04/05/2013")
    assert iso == "2013-05-03"
    assert start == len("Published ")


def test_find_date_skips_an_invalid_date_for_a_later_valid_one():
    assert find_date("ref 31/02/2024 then 01/03/2024")[0] == "2024-03-01"


def test_month_words_inside_other_words_are_not_dates():
    assert find_date("Marseille 12 2024") is None
    assert find_date("the 3 maybe 2024") is None


def test_find_date_none_without_date():
    assert find_date("Mumbai, Nov 11 -") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        # The canonical forms come back as they are...
        ("2024-02-29", "2024-02-29"),
        ("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"),
        ("1900-01-01T00:00:00Z", "1900-01-01T00:00:00Z"),
        ("2100-12-31", "2100-12-31"),
        # ...and the ones that only look canonical get the general rules.
        ("2023-02-29", None),  # no such day
        ("2024-13-01", None),
        ("1899-12-31", None),  # out of range
        ("2101-01-01T00:00:00Z", None),
        ("2024-12-31T24:00:00Z", "2024-12-31"),  # no such hour: the day alone
        ("2024-12-31T23:60:00Z", "2024-12-31"),
        ("٢٠٢٤-٠١-٠٥", "2024-01-05"),  # other digits are read, and written as ASCII
        ("2024-01-05T10:00:00+02:00", "2024-01-05T08:00:00Z"),
    ],
)
def test_canonical_dates_and_near_misses(text, expected):
    assert parse_date(text) == expected
    found = find_date(text)
    assert (found[0] if found else None) == expected
    if expected is not None:
        assert found[1] == 0
