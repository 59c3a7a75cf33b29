import json

import pytest

from store.ingest.jsonl import parse_json_articles
from store.models import ParsedArticle, ReadState
from store.textutil import IngestError


def parse(data: str, name: str = "in.jsonl"):
    return list(parse_json_articles(data, name=name))


def articles(results):
    return [r for r in results if isinstance(r, ParsedArticle)]


def errors(results):
    return [str(r) for r in results if isinstance(r, IngestError)]


def test_jsonl_fields():
    line = {
        "title": "Harbour ferry resumes",
        "body": "First paragraph.\n\nSecond paragraph\nwith a wrapped line.",
        "url": "https://news.example/ferry",
        "source": "The Coastal Herald",
        "published": "14/03/2024",
        "language": "en",
        "captions": ["The ferry at dawn. Photo: Jane Roe"],
        "author": "Jane Doe",
    }
    [a] = parse(json.dumps(line) + "\n")
    assert a == ParsedArticle(
        title="Harbour ferry resumes",
        body=("First paragraph.", "Second paragraph with a wrapped line."),
        source="The Coastal Herald",
        published="2024-03-14",
        url="https://news.example/ferry",
        language="en",
        captions=("The ferry at dawn. Photo: Jane Roe",),
        author="Jane Doe",
    )


@pytest.mark.parametrize("key", ["body", "text", "content"])
def test_body_field_names_and_list_bodies(key):
    [a] = parse(json.dumps({"title": "T", key: ["One.", "  ", "Two."]}))
    assert a.body == ("One.", "Two.")


def test_alternative_keys_and_date_formats():
    [a] = parse(json.dumps({"title": "T", "text": "Body.", "link": "https://x.example/a",
                            "date": "Fri, 25 Oct 2024 10:00:00 +0200", "lang": "fr-FR"}))
    assert a.url == "https://x.example/a"
    assert a.published == "2024-10-25T08:00:00Z"
    assert a.language == "fr"


def test_language_is_detected_when_missing():
    [a] = parse(json.dumps({"title": "Le conseil municipal vote le budget",
                            "body": "Le conseil municipal a adopté mardi le nouveau budget après un long débat."}))
    assert a.language == "fr"


def test_bad_lines_are_named_and_good_ones_still_come():
    lines = [
        json.dumps({"title": "Good one", "body": "Text."}),
        "{not json",
        json.dumps({"body": "no title"}),
        "",
        json.dumps({"title": "no body"}),
        json.dumps(["a", "list"]),
        json.dumps({"title": "Good two", "body": ["Text."]}),
    ]
    results = parse("\n".join(lines), name="feed.jsonl")
    assert [a.title for a in articles(results)] == ["Good one", "Good two"]
    errs = errors(results)
    assert len(errs) == 4
    assert errs[0].startswith("feed.jsonl:2: invalid JSON")
    assert errs[1] == "feed.jsonl:3: missing title"
    assert errs[2] == "feed.jsonl:5: missing body"
    assert errs[3] == "feed.jsonl:6: expected an object, found a list"


def test_json_array_with_line_numbers():
    data = '[\n  {"title": "A", "text": "x"},\n  {"title": "", "text": "x"},\n  {"title": "C", "content": "y"}\n]'
    results = parse(data, name="a.json")
    assert [a.title for a in articles(results)] == ["A", "C"]
    assert errors(results) == ["a.json:3: missing title"]


def test_broken_array_keeps_what_came_before():
    data = '[\n{"title": "A", "text": "x"},\n{"title": "B" "text": "x"}\n]'
    results = parse(data, name="b.json")
    assert [a.title for a in articles(results)] == ["A"]
    [err] = errors(results)
    assert err.startswith("b.json:3: invalid JSON")


def test_single_object_spanning_lines():
    data = '{\n  "title": "Only one",\n  "body": ["Para."]\n}\n'
    [a] = parse(data, name="one.json")
    assert a.title == "Only one"


def test_single_broken_object_is_one_error():
    results = parse('{\n "title": "A",\n "text": x\n}', name="c.json")
    assert errors(results) == ["c.json:3: invalid JSON (expecting value)"]


def test_export_shaped_objects_with_state():
    exported = {
        "id": "a1b2c3",
        "title": "Exported article",
        "source": "Le Monde",
        "published": "2024-10-25T10:00:00Z",
        "language": "fr",
        "url": "https://lemonde.example/a",
        "author": None,
        "body": ["Premier paragraphe.", "Second paragraphe."],
        "captions": [],
        "entities": [{"id": "person:x", "name": "X", "kind": "person", "mentions": 2}],
        "feed_url": "https://lemonde.example/rss",
        "imported_at": "2024-10-26T08:00:00Z",
        "tags": ["X"],
        "state": {"read": True, "read_at": "2024-10-26T09:30:00Z", "starred": True},
    }
    [a] = parse(json.dumps(exported) + "\n")
    assert a.title == "Exported article"
    assert a.body == ("Premier paragraphe.", "Second paragraphe.")
    assert a.published == "2024-10-25T10:00:00Z"
    assert a.feed_url == "https://lemonde.example/rss"
    assert a.state == ReadState(read=True, read_at="2024-10-26T09:30:00Z", starred=True)


def test_state_values_of_the_wrong_type_are_not_trusted():
    [a] = parse(json.dumps({"title": "T", "body": "B.", "state": {"read": "yes", "read_at": 5, "starred": 1}}))
    assert a.state == ReadState(read=False, read_at=None, starred=False)
    [b] = parse(json.dumps({"title": "T", "body": "B.", "state": "read"}))
    assert b.state is None


def test_articles_wrapper_object():
    data = json.dumps({"articles": [{"title": "A", "body": "x"}, {"title": "B"}]})
    results = parse(data, name="w.json")
    assert [a.title for a in articles(results)] == ["A"]
    assert errors(results) == ["w.json:1: articles[2]: missing body"]


def test_json_feed_document():
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "A blog",
        "feed_url": "https://blog.example/feed.json",
        "items": [
            {"id": "1", "title": "Hello", "content_html": "<p>Hi &amp; bye</p><p>Two</p>",
             "url": "https://blog.example/1", "date_published": "2024-10-25T10:00:00+02:00"},
            {"id": "2", "content_text": "A short post without a title."},
        ],
    }
    results = parse(json.dumps(feed), name="feed.json")
    first, second = articles(results)
    assert first.title == "Hello"
    assert first.body == ("Hi & bye", "Two")
    assert first.published == "2024-10-25T08:00:00Z"
    assert first.feed_url == "https://blog.example/feed.json"
    assert second.title == "A short post without a title."


def test_control_characters_and_surrogates_are_removed():
    [a] = parse('{"title": "A\\u0007B", "body": "ok\\ud800 text\\u0000."}')
    assert a.title == "AB"
    assert a.body == ("ok text.",)


def test_non_http_urls_are_dropped():
    [a] = parse(json.dumps({"title": "T", "body": "B.", "url": "javascript:alert(1)"}))
    assert a.url is None


@pytest.mark.parametrize("data", ["[" * 100_000, '{"a":' * 100_000, "[" + "{}," * 10 + "{"])
def test_hostile_json_gives_errors_not_exceptions(data):
    results = parse(data, name="evil.json")
    assert results and all(isinstance(r, IngestError) for r in results)
    assert all(str(r).startswith("evil.json") for r in results)


def test_empty_input():
    assert errors(parse("  \n", name="e.jsonl")) == ["e.jsonl: file is empty"]
