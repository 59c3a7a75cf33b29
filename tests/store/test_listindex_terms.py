"""Lead words in the list index: kept row for row with the list, on disk and through edits."""

from store import listindex
from store.db import Store
from store.listindex import ListData
from store.models import ParsedArticle
from store.related import lead_terms


def doc(aid, published, terms):
    return {"id": aid, "title": f"Title {aid}", "published": published, "entities": [], "terms": terms}


def rows(data: ListData) -> dict[str, list[str]]:
    words, off, keys = data.terms
    return {aid: [words[k] for k in keys[off[i] : off[i + 1]]] for i, aid in enumerate(data.ids)}


def dup(title):
    return 0


SIG = (1, 2, 3)


def test_build_merge_and_remove_keep_words_with_their_rows(tmp_path):
    data = listindex.build(
        [doc("b", "2024-02-01", ["vote", "storm"]), doc("a", "2024-01-01", ["storm"]), doc("c", None, "junk")], dup
    )
    assert rows(data) == {"b": ["vote", "storm"], "a": ["storm"], "c": []}
    # New rows land between old ones: every row keeps its own words.
    data = listindex.merged(data, [doc("d", "2024-01-15", ["quake"]), doc("e", "2025-01-01", [])], dup)
    assert data.ids[:3] == ["e", "b", "d"]
    assert rows(data) == {"e": [], "b": ["vote", "storm"], "d": ["quake"], "a": ["storm"], "c": []}
    data = listindex.without(data, {"b"})
    assert rows(data) == {"e": [], "d": ["quake"], "a": ["storm"], "c": []}

    listindex.write(tmp_path, data, SIG)
    words, off, keys = listindex.read_terms(tmp_path, SIG, len(data))
    assert {aid: [words[k] for k in keys[off[i] : off[i + 1]]] for i, aid in enumerate(data.ids)} == rows(data)
    # Written for another articles.json, or for another row count: not used.
    assert listindex.read_terms(tmp_path, (9, 9, 9), len(data)) is None
    assert listindex.read_terms(tmp_path, SIG, len(data) + 1) is None


def test_unloaded_words_are_not_left_looking_current(tmp_path):
    data = listindex.build([doc("a", "2024-01-01", ["storm"])], dup)
    listindex.write(tmp_path, data, SIG)
    assert listindex.read_terms(tmp_path, SIG, 1) is not None
    data.terms = None
    grown = listindex.merged(data, [doc("b", "2024-02-01", ["vote"])], dup)
    assert grown.terms is None
    listindex.write(tmp_path, grown, (4, 5, 6))
    assert not (tmp_path / listindex.TERMS_FILE).exists()


def test_a_damaged_terms_file_is_ignored(tmp_path):
    data = listindex.build([doc("a", "2024-01-01", ["storm", "vote"])], dup)
    listindex.write(tmp_path, data, SIG)
    path = tmp_path / listindex.TERMS_FILE
    raw = path.read_bytes()
    for broken in (b"", raw[:20], raw[:-3], b"NDTERMS1\n" + b"\xff" * 40):
        path.write_bytes(broken)
        assert listindex.read_terms(tmp_path, SIG, 1) is None


class NoTags:
    def tag(self, title, paragraphs, language):
        return []


class OneTag:
    def tag(self, title, paragraphs, language):
        from store.models import Entity

        return [Entity("sixers", "Sixers", "org", 1)]


def parsed(title, lead, url):
    return ParsedArticle(title=title, body=(lead, "More text follows here."), url=url)


def test_store_ranks_by_lead_words_after_reopening_and_after_losing_the_file(tmp_path):
    s = Store(tmp_path / "s", tagger=OneTag())
    res = s.import_articles(
        [
            ("q", parsed("Sixers news", "Cheeks was fired as coach on Tuesday.", "https://ex.org/q")),
            ("a", parsed("Sixers news today", "The team hired Cheeks as its coach.", "https://ex.org/a")),
            ("b", parsed("Sixers news again", "Cheeks fired as coach on Tuesday night.", "https://ex.org/b")),
        ]
    )
    q, a, b = (r.id for r in res)
    assert [r.id for r in s.related(q)] == [b, a]
    s.close()
    again = Store(tmp_path / "s", lazy=True)
    assert [r.id for r in again.related(q)] == [b, a]
    again.close()
    (tmp_path / "s" / listindex.TERMS_FILE).unlink()
    rebuilt = Store(tmp_path / "s", lazy=True, tagger=OneTag())
    assert [r.id for r in rebuilt.related(q)] == [b, a]  # words read back from articles.json
    # ... and written back, so the next open need not parse articles.json for them.
    assert listindex.read_terms(tmp_path / "s", rebuilt._articles_sig, 3) is not None
    # And an import into the open store keeps the file and the index in step.
    more = rebuilt.import_articles([("c", parsed("Sixers", "Cheeks fired: coach gone on Tuesday.", "https://ex.org/c"))])
    assert more[0].id in [r.id for r in rebuilt.related(q)]
    assert listindex.read_terms(tmp_path / "s", rebuilt._articles_sig, 4) is not None
    rebuilt.close()
    fresh = Store(tmp_path / "s", lazy=True)
    assert [r.id for r in fresh.related(q)] == [r.id for r in Store(tmp_path / "s").related(q)]


def test_records_without_lead_words_still_work(tmp_path):
    s = Store(tmp_path / "s", tagger=OneTag())
    res = s.import_articles(
        [
            ("q", parsed("Sixers fire coach", "Lead one.", "https://ex.org/q")),
            ("a", parsed("Sixers fire coach again", "Lead two.", "https://ex.org/a")),
        ]
    )
    s.close()
    # A store written before lead words were kept: no "terms" in its records, no terms file.
    import json

    path = tmp_path / "s" / "articles.json"
    raw = json.loads(path.read_text())
    for record in raw["articles"].values():
        record.pop("terms", None)
    path.write_text(json.dumps(raw))
    for name in listindex.INDEX_FILES:
        (tmp_path / "s" / name).unlink(missing_ok=True)
    old = Store(tmp_path / "s", lazy=True)
    assert [r.id for r in old.related(res[0].id)] == [res[1].id]
    assert lead_terms(["Lead one."]) == ["lead", "one"]


def test_words_read_in_slices_are_the_same(tmp_path, monkeypatch):
    docs = [doc(f"a{i:03d}", f"2024-01-{1 + i % 28:02d}", [f"w{i % 7}", f"v{i % 5}", "storm"]) for i in range(40)]
    data = listindex.build(docs, dup)
    listindex.write(tmp_path, data, SIG)
    whole = listindex.read_terms(tmp_path, SIG, len(data))
    # Large stores check and narrow the word numbers a slice at a time.
    monkeypatch.setattr(listindex, "_STEP", 3)
    sliced = listindex.read_terms(tmp_path, SIG, len(data))
    assert sliced == whole and sliced[2].typecode == "H"
    assert {aid: [sliced[0][k] for k in sliced[2][sliced[1][i] : sliced[1][i + 1]]] for i, aid in enumerate(data.ids)} == rows(data)


def test_the_largest_number_is_found_in_any_slice(monkeypatch):
    from array import array

    for step in (1, 2, 5, 64):
        monkeypatch.setattr(listindex, "_STEP", step)
        for values in ([7], [1, 9, 3], list(range(20)) + [500], [500] + list(range(20)), [3] * 11 + [4]):
            assert listindex._largest(array("I", values)) == max(values)
