"""Property tests: any input to an importer gives articles or clear IngestErrors, never a crash or a hang.

Every call runs under ``bounded``: a SIGALRM timer that fails the example when one call takes
more than a few seconds (a hang guard, generous enough for a slow machine; speed is measured in
bench/). Examples are derandomised so CI is repeatable; set NEWSDESK_FUZZ=N to run N times as
many random examples while hunting for bugs.
"""

from __future__ import annotations

import json
import os
import re
import signal
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from store.models import Entity, ParsedArticle
from store.textutil import IngestError

FUZZ = int(os.environ.get("NEWSDESK_FUZZ", "0") or 0)
# A hang guard, not a speed check: generous for a busy two-core machine. HTML pages get more,
# because the date library behind trafilatura compiles its per-language patterns on first use.
CALL_SECONDS = 5.0
PAGE_SECONDS = 20.0


def examples(n: int) -> settings:
    return settings(
        max_examples=n * max(FUZZ, 1),
        deadline=PAGE_SECONDS * 1000 * 2,
        derandomize=not FUZZ,
        database=None if not FUZZ else settings.default.database,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


class Hang(BaseException):
    """Raised by the timer; a BaseException so that no ``except Exception`` in an importer hides it."""


def bounded(fn, *args, seconds: float = CALL_SECONDS, **kwargs):
    """Call ``fn`` (consuming it when it returns an iterator) and fail if it runs past ``seconds``."""

    def on_alarm(signum, frame):
        raise Hang(f"{getattr(fn, '__name__', fn)} ran for more than {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        result = fn(*args, **kwargs)
        if hasattr(result, "__next__"):
            result = list(result)
        return result
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# -- invariants -------------------------------------------------------------------------------

ISO = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?\Z")
# files.parse_bytes turns unexpected exceptions into this generic message: for us, that is a bug.
CATCH_ALL = re.compile(r"could not be read \(\w+\)$|nested too deeply")


def check_iso(value: str | None) -> None:
    if value is None:
        return
    assert ISO.match(value), value
    if "T" in value:
        datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    else:
        date.fromisoformat(value)


def check_article(a: object) -> None:
    assert isinstance(a, ParsedArticle), type(a)
    assert isinstance(a.title, str) and a.title.strip(), repr(a.title)
    assert isinstance(a.body, tuple) and all(isinstance(p, str) for p in a.body)
    assert isinstance(a.captions, tuple) and all(isinstance(p, str) for p in a.captions)
    for field in (a.source, a.url, a.language, a.author, a.feed_url):
        assert field is None or isinstance(field, str)
    check_iso(a.published)


def check_error(e: object, name: str | None = None) -> None:
    assert isinstance(e, IngestError), type(e)
    msg = str(e)
    assert msg.strip() and "\n" not in msg and "Traceback" not in msg, repr(msg)
    if name is not None:
        assert name in msg, (name, msg)
    assert not CATCH_ALL.search(msg), f"an unexpected exception was turned into {msg!r}"


def article_or_error(fn, *args, seconds: float = CALL_SECONDS, **kwargs):
    """The call's result, or the IngestError it raised (checked to be one clear line naming the input)."""
    try:
        result = bounded(fn, *args, seconds=seconds, **kwargs)
    except IngestError as exc:
        check_error(exc, kwargs.get("name"))
        return exc
    return result


# -- strategies ---------------------------------------------------------------------------------

NASTY = [
    "\x1b[31m",
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",
    "\u202e",
    "\u2066",
    "\x00",
    "\r",
    "\r\n",
    "\x0c",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
    "\ud7ff",
    "\U0001f600",
    "[bold]",
    "[/]",
    "<script>alert(1)</script>",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "]]>",
    "<!--",
    "-->",
    "{{",
    "%s%n",
    "Mr. ",
    "Dr. ",
    "by ",
    "By Jane Doe",
    "Published: ",
    "Photo: ",
    "Caption: ",
    "12/31/2024",
    "31/12/2024",
    "2024-02-30",
    "Le 3 mars 2024",
    "ngày 5 tháng 6 năm 2024",
    "Copyright 2024",
    "Read more",
    "Paris",
    "Emmanuel Macron",
    "United Nations",
    "Hà Nội",
    "ﬁ",
    "İ",
    "ß",
    "\u0301",
    "a" * 300,
    " " * 50,
    "\t",
    "\n",
    "\n\n",
    "#",
    "---",
    "* ",
    "> ",
    "```",
    "|",
    "•",
    "—",
]

safe_chars = st.characters(blacklist_categories=("Cs",))
word = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1, max_size=12)
fragment = st.one_of(
    st.text(safe_chars, max_size=40),
    st.sampled_from(NASTY),
    word,
    word.map(str.capitalize),
)
hostile_text = st.lists(fragment, max_size=40).map("".join)
line = st.lists(st.one_of(word, word.map(str.capitalize), st.sampled_from(NASTY[:20])), min_size=1, max_size=15).map(" ".join)
article_text = st.builds(
    lambda title, paras, sep: title + sep + sep.join(paras),
    line,
    st.lists(st.lists(line, min_size=1, max_size=6).map(" ".join), min_size=0, max_size=8),
    st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n \n", "\u2029"]),
)
any_text = st.one_of(hostile_text, article_text)


def encodings(text_strategy):
    return st.builds(
        lambda t, enc: (t.encode(enc, errors="replace") if enc != "utf-8-sig" else b"\xef\xbb\xbf" + t.encode("utf-8")),
        text_strategy,
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1"]),
    )


json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63), st.floats(allow_nan=False), st.text(safe_chars, max_size=30), st.sampled_from(NASTY)
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(safe_chars, max_size=10), inner, max_size=5)),
    max_leaves=10,
)
ARTICLE_KEYS = [
    "title", "headline", "name", "body", "text", "content", "content_text", "content_html", "html", "article",
    "paragraphs", "summary", "description", "url", "link", "external_url", "published", "date", "date_published",
    "pubDate", "language", "lang", "source", "site", "publisher", "author", "authors", "captions", "state", "read",
    "starred", "tags", "image", "id",
]
article_like = st.dictionaries(st.sampled_from(ARTICLE_KEYS), st.one_of(json_value, any_text, st.lists(any_text, max_size=4)), max_size=10)
json_document = st.one_of(
    article_like.map(lambda d: json.dumps(d, ensure_ascii=False)),
    st.lists(article_like, max_size=4).map(lambda ds: json.dumps(ds, ensure_ascii=False)),
    st.lists(article_like, max_size=5).map(lambda ds: "\n".join(json.dumps(d, ensure_ascii=False) for d in ds)),
    st.dictionaries(st.sampled_from(["articles", "items", "entries", "data", "version"]), st.lists(article_like, max_size=3), max_size=2).map(
        lambda d: json.dumps(d, ensure_ascii=False)
    ),
    json_value.map(lambda v: json.dumps(v, ensure_ascii=False)),
    st.builds(lambda s, cut: s[:cut], article_like.map(lambda d: json.dumps(d, ensure_ascii=False)), st.integers(0, 200)),
)

xml_text = st.one_of(hostile_text, line).map(lambda s: s.replace("<", "&lt;") if len(s) % 3 else s)
rss_item = st.builds(
    lambda t, d, link, date_: f"<item><title>{t}</title><description>{d}</description><link>{link}</link><pubDate>{date_}</pubDate></item>",
    xml_text, xml_text, st.sampled_from(["https://ex.org/a", "javascript:alert(1)", "", "//ex.org/b", "ex.org", "https://ex.org/" + "x" * 50]),
    st.one_of(st.sampled_from(["Mon, 06 Sep 2021 16:45:00 +0000", "2024-13-45", "", "yesterday"]), xml_text),
)
rss_doc = st.builds(
    lambda items, head, tail: f'{head}<rss version="2.0"><channel><title>T</title>{"".join(items)}</channel></rss>{tail}',
    st.lists(rss_item, max_size=4),
    st.sampled_from(['<?xml version="1.0" encoding="utf-8"?>', "", '<?xml version="1.0" encoding="latin-1"?>', "\ufeff"]),
    st.sampled_from(["", "trailing junk", "<", "</rss>"]),
)
atom_doc = st.builds(
    lambda entries: '<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>' + "".join(entries) + "</feed>",
    st.lists(
        st.builds(
            lambda t, c: f'<entry><title>{t}</title><content type="html">{c}</content><updated>2024-01-02T03:04:05Z</updated></entry>',
            xml_text,
            xml_text,
        ),
        max_size=4,
    ),
)
opml_doc = st.builds(
    lambda outlines, cut: ('<?xml version="1.0"?><opml version="2.0"><head><title>L</title></head><body>' + "".join(outlines) + "</body></opml>")[: cut or None],
    st.lists(
        st.builds(
            lambda t, u: f'<outline text="{t}" type="rss" xmlUrl="{u}"/>',
            xml_text.map(lambda s: s.replace('"', "&quot;")),
            st.sampled_from(["https://ex.org/feed", "file:///etc/passwd", "javascript:x", "", "http://[::1", "ftp://ex.org/f"]),
        ),
        max_size=5,
    ),
    st.integers(0, 400),
)
html_doc = st.builds(
    lambda title, paras, depth: (
        f"<html><head><title>{title}</title></head><body>" + "<div>" * depth + "".join(f"<p>{p}</p>" for p in paras) + "</div>" * (depth // 2) + "</body></html>"
    ),
    xml_text,
    st.lists(st.one_of(xml_text, article_text), max_size=6),
    st.integers(0, 60),
)
markup_doc = st.one_of(rss_doc, atom_doc, opml_doc, html_doc)
any_bytes = st.one_of(
    st.binary(max_size=3000),
    encodings(any_text),
    encodings(json_document),
    markup_doc.map(lambda s: s.encode("utf-8", errors="replace")),
    st.builds(lambda a, b: a + b, encodings(any_text), st.binary(max_size=50)),
)

SUFFIXES = [".txt", ".text", ".md", ".markdown", ".json", ".jsonl", ".ndjson", ".html", ".htm", ".xml", ".rss", ".atom", ".rdf", ".opml", ".dat", ""]


@pytest.fixture(scope="module", autouse=True)
def warm_up():
    """Load models and lexicons once, outside the guarded calls (their first use is slow, not hung)."""
    from store.ingest.files import parse_file
    from store.ingest.text import parse_text

    parse_text("Rain over Paris\n\nThe mayor of Paris spoke on Monday about the rain in the city.\n")
    try:
        from store.tagging import default_tagger

        default_tagger().tag("Anne Hidalgo in Paris", ["Anne Hidalgo spoke in Paris."], "en")
    except ImportError:
        pass
    with tempfile.TemporaryDirectory() as d:
        page = Path(d) / "warm.html"
        page.write_text(
            "<html><head><title>Rain over Paris on 3 March 2024</title></head><body><article>"
            + "<p>The mayor of Paris spoke on Monday about the rain that fell over the city all week.</p>" * 5
            + "</article></body></html>"
        )
        list(parse_file(page))


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory(prefix="newsdesk-props-") as d:
        yield Path(d)


# -- text, Markdown and the file dispatcher ---------------------------------------------------------


@examples(150)
@given(any_text)
def test_parse_text_gives_an_article_or_one_clear_error(text):
    from store.ingest.text import parse_text

    result = article_or_error(parse_text, text, name="story.txt")
    if not isinstance(result, IngestError):
        check_article(result)


@examples(120)
@given(any_text)
def test_parse_markdown_gives_an_article_or_one_clear_error(text):
    from store.ingest.markdown import parse_markdown

    result = article_or_error(parse_markdown, text, name="story.md")
    if not isinstance(result, IngestError):
        check_article(result)


@examples(120)
@given(data=any_bytes, suffix=st.sampled_from(SUFFIXES))
def test_parse_file_on_any_bytes_with_any_suffix(scratch, data, suffix):
    from store.ingest.files import parse_file

    path = scratch / f"input{suffix}"
    path.write_bytes(data)
    items = bounded(parse_file, path, seconds=PAGE_SECONDS if suffix in (".html", ".htm", ".xml", ".dat", "") else CALL_SECONDS)
    assert items, "parse_file yielded nothing"
    for item in items:
        if isinstance(item, IngestError):
            check_error(item, str(path))
        else:
            check_article(item)


@examples(100)
@given(json_document)
def test_json_importer_gives_articles_or_errors_per_record(text):
    from store.ingest.jsonl import parse_json_articles

    items = bounded(parse_json_articles, text, name="dump.jsonl")
    assert items
    for item in items:
        if isinstance(item, IngestError):
            check_error(item, "dump.jsonl")
        else:
            check_article(item)


# -- dates ----------------------------------------------------------------------------------------

MONTHS = ["January", "Feb", "mars", "août", "Dezember", "tháng 7", "Sept.", "MAY", "juin"]
date_like = st.one_of(
    st.builds(lambda d, m, y: f"{d} {m} {y}", st.integers(-5, 40), st.sampled_from(MONTHS), st.integers(0, 99999)),
    st.builds(lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}", st.integers(0, 40), st.integers(0, 14), st.integers(0, 3000), st.sampled_from(["/", "-", ".", " "])),
    st.builds(
        lambda y, mo, d, h, mi, s, z: f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{z}",
        st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25), st.integers(0, 61), st.integers(0, 61),
        st.sampled_from(["Z", "+00:00", "+14:00", "-12:00", "+99:99", "", " GMT", " EST", " XYZ", ".123456Z"]),
    ),
    st.builds(
        lambda wd, d, m, y, t, z: f"{wd}, {d} {m} {y} {t} {z}",
        st.sampled_from(["Mon", "Tue", "Foo", ""]), st.integers(0, 40), st.sampled_from(MONTHS), st.integers(0, 3000),
        st.sampled_from(["16:45:00", "25:61:61", "4pm", ""]), st.sampled_from(["+0000", "GMT", "PST", "+2400", ""]),
    ),
    hostile_text,
)


@examples(500)
@given(date_like)
def test_parse_date_returns_a_valid_date_or_none(text):
    from store.dates import find_date, parse_date

    check_iso(bounded(parse_date, text))
    found = bounded(find_date, text)
    if found is not None:
        value, start, end = found
        check_iso(value)
        assert 0 <= start <= end <= len(text)


@examples(50)
@given(st.text(safe_chars, min_size=1000, max_size=5000))
def test_parse_date_on_long_text(text):
    from store.dates import find_date, parse_date

    assert bounded(parse_date, text) is None  # longer than any date: refused at once
    bounded(find_date, text)


# -- tagger ----------------------------------------------------------------------------------------


def default_tagger():
    tagging = pytest.importorskip("store.tagging")
    if not hasattr(tagging, "default_tagger"):
        pytest.skip("store.tagging has no default_tagger yet")
    return tagging.default_tagger()


@examples(60)
@given(title=any_text, paragraphs=st.lists(any_text, max_size=4), language=st.sampled_from([None, "en", "fr", "vi", "de", "xx", ""]))
def test_tagger_gives_well_formed_entities(title, paragraphs, language):
    tagger = default_tagger()
    entities = bounded(tagger.tag, title, paragraphs, language)
    ids = [e.id for e in entities]
    assert len(ids) == len(set(ids)), ids
    for e in entities:
        assert isinstance(e, Entity)
        assert isinstance(e.id, str) and e.id and isinstance(e.name, str) and e.name.strip()
        assert e.kind in ("person", "org", "place", "other")
        assert isinstance(e.mentions, int) and e.mentions >= 1


# -- feeds, OPML and HTML -----------------------------------------------------------------------------

feed_bytes = st.one_of(
    markup_doc.map(lambda s: s.encode("utf-8", errors="replace")),
    encodings(markup_doc),
    st.binary(max_size=2000),
    encodings(json_document),
    st.builds(lambda a, b: a[: len(a) // 2] + b, rss_doc.map(str.encode), st.binary(max_size=40)),
)


@examples(80)
@given(feed_bytes)
@example(b"<a<&#2000000;")  # once a ValueError from feedparser's fallback parser
@example(b"<rss><channel><item><title>&#x1FFFFF;</title><description>x</description></item></channel></rss>")
def test_feed_parser_gives_articles_or_one_clear_error(data):
    feeds = pytest.importorskip("store.ingest.feeds")
    result = article_or_error(feeds.parse_feed, data, name="feed.xml")
    if isinstance(result, IngestError):
        return
    for a in result.articles:
        check_article(a)
    for reason in result.skipped:
        assert isinstance(reason, str) and "\n" not in reason


@examples(100)
@given(feed_bytes)
def test_opml_reader_gives_feeds_or_one_clear_error(data):
    opml = pytest.importorskip("store.ingest.opml")
    result = article_or_error(opml.parse_opml, data, name="subs.opml")
    if isinstance(result, IngestError):
        return
    assert result.feeds
    for f in result.feeds:
        assert isinstance(f.url, str) and f.url
        assert f.title is None or isinstance(f.title, str)
        assert f.folder is None or isinstance(f.folder, str)


@examples(40)
@given(st.one_of(html_doc.map(str.encode), encodings(html_doc), st.binary(max_size=500)))
def test_html_page_importer_gives_an_article_or_one_clear_error(data):
    html = pytest.importorskip("store.ingest.html")
    result = article_or_error(html.parse_html_page, data, name="page.html", seconds=PAGE_SECONDS)
    if not isinstance(result, IngestError):
        check_article(result)


@examples(100)
@given(st.one_of(html_doc, hostile_text, xml_text))
def test_html_fragments_to_paragraphs(fragment):
    htmltext = pytest.importorskip("store.ingest.htmltext")
    paragraphs = bounded(htmltext.html_to_paragraphs, fragment)
    assert isinstance(paragraphs, list) and all(isinstance(p, str) and p.strip() for p in paragraphs)
