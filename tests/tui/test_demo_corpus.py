"""The built-in sample corpus that `newsdesk demo` opens: shape, labelling and safety samples."""

import json
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "tui" / "demo" / "articles.jsonl"
README = CORPUS.with_name("README.md")

LANGUAGES = {"en", "fr", "vi"}
SAMPLE_MARKS = ("(sample)", "(exemple)", "(mẫu)")
EXAMPLE_HOSTS = {"example.com", "example.org", "example.net"}
KEYS = {"title", "body", "source", "published", "url", "language", "captions"}
REQUIRED = {"title", "body", "source", "url", "language"}

# Invented people and companies that carry the cross-language links between stories.
RECURRING = [
    "Lan Phạm",
    "Tomas Lindqvist",
    "Claire Dubois",
    "Aurora Tidal Systems",
    "Hoàng Thu Hà",
    "Julien Marchand",
    "Sandrine Lefort",
    "Nguyễn Thị Mai",
    "Vũ Minh Khôi",
]


@pytest.fixture(scope="module")
def articles():
    lines = CORPUS.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", "the corpus must end with a newline"
    parsed = []
    for number, line in enumerate(lines[:-1], start=1):
        assert line.strip(), f"blank line {number}"
        obj = json.loads(line)  # strict: raw control characters would be rejected
        assert isinstance(obj, dict), f"line {number} is not an object"
        parsed.append(obj)
    return parsed


def _text(article):
    return "\n".join([article["title"], *article["body"], *article.get("captions", [])])


def test_corpus_size_and_languages(articles):
    assert len(articles) >= 40
    counts = Counter(a["language"] for a in articles)
    assert set(counts) == LANGUAGES
    assert min(counts.values()) >= 10


def test_every_article_has_the_expected_fields(articles):
    for a in articles:
        assert REQUIRED <= set(a) <= KEYS, a.get("title")
        assert isinstance(a["title"], str) and a["title"].strip()
        assert isinstance(a["body"], list) and 2 <= len(a["body"]) <= 6, a["title"]
        assert all(isinstance(p, str) and p.strip() and "\n" not in p for p in a["body"]), a["title"]
        if "captions" in a:
            assert a["captions"] and all(isinstance(c, str) and c.strip() for c in a["captions"])


def test_titles_and_urls_are_unique(articles):
    titles = Counter(a["title"] for a in articles)
    assert [t for t, n in titles.items() if n > 1] == []
    urls = Counter(a["url"] for a in articles)
    assert [u for u, n in urls.items() if n > 1] == []


def test_every_source_is_marked_as_sample_data(articles):
    for a in articles:
        assert a["source"].endswith(SAMPLE_MARKS), a["source"]
        for caption in a.get("captions", []):
            # Photo credits name the outlet itself, never a real agency.
            assert caption.endswith(a["source"]), caption


def test_every_url_is_on_a_reserved_example_domain(articles):
    for a in articles:
        parts = urlsplit(a["url"])
        assert parts.scheme == "https", a["url"]
        assert parts.hostname in EXAMPLE_HOSTS, a["url"]
        assert parts.path.strip("/"), a["url"]


def test_dates_are_valid_and_a_few_are_missing(articles):
    dated = [a for a in articles if "published" in a]
    for a in dated:
        day = date.fromisoformat(a["published"])
        assert len(a["published"]) == 10
        assert date(2025, 1, 1) <= day <= date(2026, 12, 31), a["title"]
    assert 1 <= len(articles) - len(dated) <= 5


def test_some_articles_have_captions(articles):
    assert len([a for a in articles if a.get("captions")]) >= 3


def test_one_article_carries_markup_and_a_raw_escape_as_text(articles):
    with_escape = [a for a in articles if "\x1b" in _text(a)]
    assert len(with_escape) == 1
    article = with_escape[0]
    assert "[bold red]warning[/]" in article["title"]
    assert "\\u001b[31m" in " ".join(article["body"])  # the six visible characters, quoted
    assert _text(article).count("\x1b") == 1
    # No other control characters anywhere in the corpus.
    for a in articles:
        text = _text(a).replace("\x1b", "").replace("\n", "")
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in text), a["title"]


def test_recurring_names_link_stories_across_languages(articles):
    for name in RECURRING:
        found = [a for a in articles if name in _text(a)]
        assert len(found) >= 4, name
        assert len({a["language"] for a in found}) >= 2, name
        assert len({a["source"] for a in found}) >= 3, name


def test_vietnamese_and_french_text_keep_their_diacritics(articles):
    vi = " ".join(_text(a) for a in articles if a["language"] == "vi")
    fr = " ".join(_text(a) for a in articles if a["language"] == "fr")
    assert all(ch in vi for ch in "ăâđêôơưạảấầẩậắếềểệịọốồộớờợụủứừửữự")
    assert all(ch in fr for ch in "éèêàçôû")


def test_readme_says_it_is_not_real_news():
    lines = [line for line in README.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == 2
    assert "not real news" in lines[1]
