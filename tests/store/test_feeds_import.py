"""Feed files (RSS, Atom, JSON Feed) read into articles, checked against the shared feed corpus."""

from __future__ import annotations

import functools
import gzip
import json
import re
from pathlib import Path

from tests.paths import SHARED

import feedparser
import pytest

from store.ingest.feeds import FeedFormatError, gunzip_capped, is_summary_only, parse_feed, parse_feed_file
from store.models import ParsedArticle
from store.textutil import IngestError

DATA = SHARED / "data/feeds"


def _manifest() -> list[dict]:
    if not (DATA / "manifest.json").exists():
        return []
    return json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))


MANIFEST = _manifest()
needs_data = pytest.mark.skipif(not MANIFEST, reason="shared feed corpus not available")


def _entry(name: str) -> dict:
    return next(e for e in MANIFEST if e["file"] == name)


@functools.lru_cache(maxsize=None)
def _parse(name: str):
    # Parsed feeds are immutable, so tests may share them.
    return parse_feed((DATA / name).read_bytes(), name=name)


def _truly_empty(entry) -> bool:
    has_text = entry.get("title") or entry.get("summary") or any(c.get("value") for c in entry.get("content") or ())
    return not has_text and not entry.get("link")


@needs_data
@pytest.mark.parametrize(
    "name", [e["file"] for e in MANIFEST if e["category"] in ("wellformed", "jsonfeed")] or ["(none)"]
)
def test_every_entry_of_a_good_feed_is_imported_or_explained(name):
    expected = _entry(name)["entries"]
    feed = _parse(name)
    assert len(feed.articles) + len(feed.skipped) == expected
    assert feed.warning is None
    if feed.skipped:
        # Only entries with neither title, nor text, nor link may be left out, and each is named.
        raw = feedparser.parse((DATA / name).read_bytes()).entries
        for reason in feed.skipped:
            index = int(re.search(r"entry (\d+)", reason).group(1))
            assert _truly_empty(raw[index - 1]), reason
    for article in feed.articles:
        assert article.title.strip()
        assert all(p and p == p.strip() for p in article.body)


@needs_data
def test_only_one_well_formed_feed_has_empty_entries_to_skip():
    skipping = {}
    for e in MANIFEST:
        if e["category"] in ("wellformed", "jsonfeed"):
            feed = _parse(e["file"])
            if feed.skipped:
                skipping[e["file"]] = len(feed.skipped)
    # The PCMag feed nests an empty <item /> inside each real item.
    assert skipping == {"wellformed/rss20_pcmag_nested_markup.xml": 10}


@needs_data
def test_atom_named_xml_is_detected_by_content():
    feed = _parse("wellformed/atom10_reddit_search_named_rss.xml")
    assert feed.format == "atom10"
    assert len(feed.articles) == 1


@needs_data
@pytest.mark.parametrize(
    "name, title",
    [
        ("wellformed/rss20_ibash_ru_windows-1251.xml", "iBash.Org.Ru"),
        ("wellformed/rss20_koi8-r_example_ru.xml", "Пример RSS ленты"),
        ("wellformed/rss20_euc-kr_minimal.xml", "년"),
        ("wellformed/rss20_jn_pt-pt_iso-8859-1.xml", "Jornal de Notícias - Últimas Notícias"),
        ("malformed/declared_windows-1252_actually_utf-8.xml", "Euro €"),
        ("malformed/gzip_body_not_decoded.xml", "Новости Оренбурга и области / Раздел Новости"),
        ("jsonfeed/json11_influxdata.json", "Blog – InfluxData"),
    ],
)
def test_declared_and_undeclared_encodings_decode_to_the_right_text(name, title):
    assert _parse(name).title == title


@needs_data
def test_utf16_with_bom_is_read():
    feed = _parse("wellformed/rss_utf-16le-bom_minimal.xml")
    assert feed.format.startswith("rss")
    assert feed.articles == ()


@needs_data
def test_undeclared_legacy_encodings_are_guessed_not_read_as_windows_1252():
    koi8 = _parse("malformed/undeclared_koi8-r_ru.xml")
    assert koi8.articles[0].title == "Как пережить новогоднюю ночь"
    assert koi8.articles[0].language == "ru"
    latin1 = _parse("malformed/undeclared_latin-1_cercle_psy_fr.xml")
    assert any("criminalité" in a.title for a in latin1.articles)
    uol = _parse("malformed/undeclared_windows-1252_uol_pt-br.xml")
    assert len(uol.articles) == 15
    assert uol.articles[0].body[0].startswith("Líder")


@needs_data
@pytest.mark.parametrize(
    "name, reason",
    [
        ("malformed/empty_0_bytes.xml", "the feed is empty"),
        ("malformed/html_instead_of_feed.html", "not a feed (looks like an HTML page)"),
        ("malformed/json_truncated.json", "not a valid JSON Feed"),
    ],
)
def test_unreadable_inputs_give_one_clear_line(name, reason):
    with pytest.raises(FeedFormatError) as info:
        _parse(name)
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    assert reason in message
    assert "\n" not in message and "Traceback" not in message


@needs_data
@pytest.mark.parametrize(
    "name, count",
    [
        ("malformed/bare_ampersand_oscard0m.xml", 15),
        ("malformed/sax_error.xml", 3),
        ("malformed/truncated_invalid_date.xml", 2),
        ("malformed/unclosed_cdata_osm_pl.xml", 8),
        ("malformed/undefined_entity_dbengines.xml", 1),
        ("malformed/junk_after_document_cloudflare_script.xml", 10),
        ("malformed/mangled_prolog_rss_prefix.xml", 35),
    ],
)
def test_malformed_feeds_keep_what_can_be_salvaged_and_say_so(name, count):
    feed = _parse(name)
    assert len(feed.articles) == count
    assert feed.warning and feed.warning.startswith(f"{name}: the feed is not well-formed (line ")
    assert "\n" not in feed.warning


@needs_data
def test_prefixed_rss_elements_are_recovered_by_the_lenient_pass():
    feed = _parse("malformed/mangled_prolog_rss_prefix.xml")
    assert feed.title == "arts and ego"
    first = feed.articles[0]
    assert first.title == "jenni tucker"
    assert first.url == "https://dylanharris.org/blog/2026/b5.shtml"
    assert first.published == "2026-01-19T00:00:00Z"
    assert first.body == ("I regret to have to report the death of my old friend Jenni Tucker.",)


@needs_data
def test_every_malformed_file_gives_articles_or_one_error_line():
    for e in MANIFEST:
        if e["category"] != "malformed":
            continue
        try:
            feed = _parse(e["file"])
        except FeedFormatError as exc:
            assert str(exc).startswith(e["file"] + ": ") and "\n" not in str(exc)
            continue
        if e.get("raw_item_tags") is not None:
            assert len(feed.articles) + len(feed.skipped) >= e["raw_item_tags"], e["file"]


@needs_data
def test_gzip_file_is_unpacked_and_whitespace_before_declaration_tolerated():
    assert len(_parse("malformed/gzip_body_not_decoded.xml").articles) == 10
    assert len(_parse("malformed/whitespace_before_xml_decl.atom").articles) == 5


@needs_data
def test_entry_fields_are_normalised():
    feed = _parse("wellformed/rss20_relative_urls.xml")
    article = feed.articles[0]
    assert article.url == "https://insanity.industries/post/pareto-optimal-compression/"
    assert article.author == "Jonas Große Sundrup"
    assert article.published == "2021-03-02T22:39:15Z"
    assert article.source == "Insanity Industries"
    assert article.language == "en"


@needs_data
def test_language_comes_from_the_feed_or_is_detected():
    assert {a.language for a in _parse("wellformed/rss20_guardian.xml").articles} == {"en"}
    assert {a.language for a in _parse("wellformed/rss20_ilmessaggero_it.xml").articles} == {"it"}
    # heise declares no language: the German text is recognised.
    heise = _parse("wellformed/atom10_heise_developer_de.atom").articles
    assert sum(a.language == "de" for a in heise) >= len(heise) - 1


@needs_data
def test_json_feed_items_become_articles():
    feed = _parse("jsonfeed/json1_humanwhocodes.json")
    assert feed.format == "json1"
    assert len(feed.articles) == 10
    for article in feed.articles:
        assert article.url.startswith("https://humanwhocodes.com/")
        assert article.published and re.match(r"\d{4}-\d\d-\d\d", article.published)
        # Its content_html is escaped twice; the tags must not show up as text.
        assert article.body and not any(re.search(r"</?(p|a|code)\b", p) for p in article.body)
    micro = _parse("jsonfeed/json11_spec_microblog.json").articles[0]
    assert micro.title == "Cats are neat."  # an item without a title is named by its text


def test_content_html_becomes_clean_paragraphs():
    html = (
        "<p>First &amp; <b>bold</b> paragraph.</p><script>alert(1)</script>"
        "<figure><img src='x.jpg'><figcaption>A caption</figcaption></figure><p>Second</p>"
    )
    data = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "T",
            "items": [{"id": "1", "url": "https://example.org/a", "title": "A", "content_html": html}],
        }
    ).encode()
    article = parse_feed(data, name="t.json").articles[0]
    assert article.body == ("First & bold paragraph.", "Second")
    assert article.captions == ("A caption",)


def test_json_that_is_not_a_json_feed_is_refused():
    with pytest.raises(FeedFormatError, match="not a feed"):
        parse_feed(b'{"hello": "world"}', name="x.json")


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>'
)


def test_billion_laughs_is_refused_quickly():
    with pytest.raises(FeedFormatError, match="nested XML entities"):
        parse_feed(BILLION_LAUGHS, name="bomb.xml")


def test_billion_laughs_on_one_line_is_refused():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><rss version="2.0"><channel><title>&c;</title></channel></rss>'
    )
    with pytest.raises(FeedFormatError, match="entity expansion bomb"):
        parse_feed(data, name="bomb.xml")


def test_quadratic_entity_blowup_is_refused():
    # One big flat entity referenced many times: no nesting, but gigabytes once expanded.
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY big "' + b"A" * 100_000 + b'">\n]>\n'
        b'<rss version="2.0"><channel><title>t</title><item><title>x</title><description>'
        + b"&big;" * 20_000
        + b"</description></item></channel></rss>"
    )
    with pytest.raises(FeedFormatError, match="expand to more than"):
        parse_feed(data, name="quad.xml")


def test_external_entities_are_refused():
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
        b'<rss version="2.0"><channel><title>&xxe;</title><item><title>x</title></item></channel></rss>'
    )
    with pytest.raises(FeedFormatError, match="external XML entities"):
        parse_feed(data, name="xxe.xml")


def test_small_literal_entities_still_work():
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY co "Acme Corp">\n]>\n'
        b'<rss version="2.0"><channel><title>&co; news</title>'
        b"<item><title>Made by &co;</title><link>https://example.org/a</link></item></channel></rss>"
    )
    feed = parse_feed(data, name="ok.xml")
    assert feed.title == "Acme Corp news"
    assert feed.articles[0].title == "Made by Acme Corp"


def test_gzip_bomb_in_a_file_is_refused():
    bomb = gzip.compress(b"<rss>" + b" " * (8 * 1024 * 1024))
    with pytest.raises(FeedFormatError, match="decompresses to more than 1 MB"):
        parse_feed(bomb, name="bomb.xml.gz", max_bytes=1024 * 1024)
    with pytest.raises(ValueError):
        gunzip_capped(bomb, 1024)


def test_file_importer_yields_articles_then_problems(tmp_path):
    data = (
        b'<rss version="2.0"><channel><title>T</title>'
        b"<item><title>One</title><link>https://example.org/1</link></item>"
        b"<item></item>"
        b"<item><title>Two & three</title></item></channel></rss>"
    )
    path = tmp_path / "f.rss"
    items = list(parse_feed_file(path, data))
    articles = [i for i in items if isinstance(i, ParsedArticle)]
    problems = [str(i) for i in items if isinstance(i, IngestError)]
    assert [a.title for a in articles] == ["One", "Two & three"]
    assert len(problems) == 2
    assert problems[0].startswith(f"{path}: the feed is not well-formed")
    assert problems[1] == f"{path}: entry 2 has no title, no text and no link; skipped"


def test_summary_only_detection():
    short = ParsedArticle(title="t", body=("A teaser of twelve words or so, nothing more to read here.",))
    ellipsis = ParsedArticle(title="t", body=("word " * 200 + "and so on…",))
    full = ParsedArticle(title="t", body=("word " * 200,))
    assert is_summary_only(short)
    assert is_summary_only(ellipsis)
    assert not is_summary_only(full)
