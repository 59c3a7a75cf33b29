"""The store's list of summaries read from its columns, and packed text columns.

``Store.summaries()`` makes its records from the list index's columns and packed tags;
each test compares them with records made the plain way (``Article.summary``, a fresh
ArticleSummary with the same fields), so any field read from the wrong place shows up.
"""

import dataclasses

import pytest

from store import listindex
from store.db import Store
from store.listindex import PackedStrings
from store.models import ArticleSummary, Entity, ParsedArticle
from store.search import SearchIndex


class FixedTagger:
    def __init__(self, table):
        self.table = table

    def tag(self, title, paragraphs, language):
        return list(self.table.get(title, ()))


PARIS = Entity("paris", "Paris", "place", 2)
ANNA = Entity("anna-holm", "Anna Holm", "person", 300)  # more mentions than a packed byte holds
TAGS = {
    "Marché à Paris": (PARIS, Entity("berlin", "Berlin", "place", 1)),
    "Anna Holm wins": (Entity("paris", "Parigi", "place", 1), ANNA),
    "Đà Nẵng floods 🌊": (PARIS, ANNA, Entity("odd", "Odd", "other", 0)),
}


def fill(path):
    s = Store(path, tagger=FixedTagger(TAGS))
    s.import_articles(
        [
            ("a", ParsedArticle("Marché à Paris", ("Text one.",), source="Le Monde", published="2020-01-01",
                                url="https://ex.org/marché", language="fr", author="Zoë")),
            ("b", ParsedArticle("Anna Holm wins", ("Text two.",), source="Daily", published="2021-06-01T10:00:00Z",
                                feed_url="https://ex.org/feed.xml")),
            ("c", ParsedArticle("Đà Nẵng floods 🌊", ("Text three.",), published="2022-03-03", language="vi")),
            ("d", ParsedArticle("Untagged and undated", ("Text four.",))),
        ]
    )
    return s


def plain(store, article_id):
    """The summary made the plain way, field by field, from the whole article."""
    return store.get(article_id).summary


@pytest.fixture(params=[False, True], ids=["command", "reader"])
def store(request, tmp_path):
    fill(tmp_path / "s").close()
    s = Store(tmp_path / "s", lazy=request.param)
    yield s
    s.close()


def test_every_summary_has_the_fields_of_its_article(store):
    rows = store.summaries()
    expected = [plain(store, aid) for aid in rows.ids]
    assert len(rows) == 4
    # Newest first; the undated one goes by its import time.
    assert [s.title for s in rows] == ["Untagged and undated", "Đà Nẵng floods 🌊", "Anna Holm wins", "Marché à Paris"]
    for got, want in zip(rows, expected):
        assert isinstance(got, ArticleSummary)
        assert got == want and want == got
        assert hash(got) == hash(want)
        assert repr(got) == repr(want)
        assert dataclasses.astuple(got) == dataclasses.astuple(want)
        assert got.tag_names == want.tag_names
    big = next(s for s in rows if s.title == "Anna Holm wins")
    assert [(e.id, e.name, e.mentions) for e in big.entities] == [("paris", "Parigi", 1), ("anna-holm", "Anna Holm", 300)]
    paris = next(s for s in rows if s.title.startswith("Marché"))
    assert (paris.source, paris.language, paris.url) == ("Le Monde", "fr", "https://ex.org/marché")
    assert store.get(paris.id).author == "Zoë"


def test_the_sequence_behaves_like_the_list_of_its_summaries(store):
    rows = store.summaries()
    expected = [plain(store, aid) for aid in rows.ids]
    assert rows == expected and expected == rows
    assert len(rows) == len(expected)
    assert list(rows) == expected
    assert rows[0] == expected[0] and rows[-1] == expected[-1] and rows[-4] == expected[0]
    assert rows[1:3] == expected[1:3] and rows[::-1] == expected[::-1] and rows[5:] == []
    with pytest.raises(IndexError):
        rows[4]
    with pytest.raises(IndexError):
        rows[-5]
    assert expected[2] in rows and rows.index(expected[2]) == 2
    assert ArticleSummary("nope", "x", None, None, None, None) not in rows
    assert [s.id for s in rows] == list(rows.ids)
    assert list(rows.column("title")) == [s.title for s in expected]


def test_a_summary_is_the_same_object_each_time_and_cannot_be_changed(store):
    rows = store.summaries()
    assert store.summaries() is rows
    first = rows[1]
    assert rows[1] is first and store.summary(first.id) is first
    assert first.entities == rows[1].entities
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.id = "changed"  # type: ignore[misc]


def test_an_import_gives_a_new_list_and_the_old_one_stays_as_it_was(tmp_path):
    path = tmp_path / "s"
    fill(path).close()
    reader = Store(path, lazy=True, tagger=FixedTagger({"Later": (ANNA,)}))
    before = reader.summaries()
    old = list(before)
    reader.import_articles([("e", ParsedArticle("Later", ("Text five.",), published="2024-05-05"))])
    after = reader.summaries()
    assert after is not before and len(after) == 5 and before == old
    later = next(x for x in after if x.title == "Later")
    assert [(e.id, e.mentions) for e in later.entities] == [("anna-holm", 300)]
    assert after == [plain(reader, aid) for aid in after.ids]


def test_search_finds_the_same_rows_in_the_store_list_as_in_a_plain_list(store):
    rows = store.summaries()
    copies = [plain(store, aid) for aid in rows.ids]
    ours, theirs = SearchIndex.build(rows), SearchIndex.build(copies)
    for words in (("paris",), ("parigi",), ("anna",), ("holm", "wins"), ("da", "nang"), ("monde",), ("daily",), ("odd",), ("zz",)):
        assert list(ours.search(words).rows) == list(theirs.search(words).rows), words
        assert ours.search(words).summaries == theirs.search(words).summaries, words


VALUES = ["plain", None, "Straße", "", "日本語", "🌊 wave", "\ud800 lone surrogate", None, "last"]


def test_packed_strings_give_back_what_was_packed():
    col = PackedStrings.pack(VALUES)
    assert col is not None
    assert len(col) == len(VALUES)
    assert list(col) == VALUES and col == VALUES
    assert [col[i] for i in range(len(VALUES))] == VALUES
    assert [col[-i] for i in range(1, len(VALUES) + 1)] == [VALUES[-i] for i in range(1, len(VALUES) + 1)]
    for sl in (slice(2, 6), slice(None, None, 2), slice(None, None, -1), slice(7, 2), slice(-3, None)):
        assert col[sl] == VALUES[sl]
    with pytest.raises(IndexError):
        col[len(VALUES)]
    assert PackedStrings.pack(["a", "b"]) == ["a", "b"] and PackedStrings.pack([]) == []
    assert PackedStrings.pack(["a", 3]) is None


def test_a_packed_read_of_the_list_index_gives_the_same_columns(tmp_path):
    path = tmp_path / "s"
    fill(path).close()
    s = Store(path)
    sig = s._articles_sig
    plain_cols = listindex.read_columns(path, sig)
    packed_cols = listindex.read_columns(path, sig, packed=True)
    assert plain_cols is not None and packed_cols is not None
    assert isinstance(packed_cols.columns["title"], PackedStrings)
    for name in listindex.COLUMNS:
        assert list(packed_cols.columns[name]) == list(plain_cols.columns[name]), name
    # A file with a line too many or too few is not trusted.
    index = path / "index-list.json"
    raw = index.read_bytes()
    index.write_bytes(raw + b"\n[]")
    assert listindex.read_columns(path, sig, packed=True) is None
    index.write_bytes(raw.rsplit(b"\n", 1)[0])
    assert listindex.read_columns(path, sig, packed=True) is None


def test_lead_words_read_narrow_from_the_file_are_written_back_whole(tmp_path):
    path = tmp_path / "s"
    fill(path).close()
    s = Store(path, tagger=FixedTagger({}))
    s.related_index  # lead words loaded from index-terms.bin, two bytes a word number
    assert s._list.terms[2].typecode == "H"
    gone = s.summaries()[1].id
    s.remove_articles([gone])
    s.import_articles([("e", ParsedArticle("Later words", ("Glaciers retreat quickly.",), published="2024-05-05"))])
    s.close()
    again = Store(path)
    read = listindex.read_terms(path, again._articles_sig, len(again))
    assert read is not None

    def rows(terms, ids):
        words, off, keys = terms
        return {aid: [words[k] for k in keys[off[i] : off[i + 1]]] for i, aid in enumerate(ids)}

    ids = list(again.summaries().ids)
    docs = again._articles_db.storage.read()["articles"].values()
    assert rows(read, ids) == rows(listindex.terms_for(ids, docs), ids)
    assert gone not in ids and any(again.summary(aid).title == "Later words" for aid in ids)
    assert "glaciers" in rows(read, ids)[next(a for a in ids if again.summary(a).title == "Later words")]


def test_tag_counts_read_like_the_list_of_pairs(store):
    tags = store.tags()
    pairs = list(tags)
    # Paris (two spellings, three articles) first, then by name; the commonest spelling names it.
    assert [(e.id, e.name, n) for e, n in pairs] == [
        ("paris", "Paris", 3),
        ("anna-holm", "Anna Holm", 2),
        ("berlin", "Berlin", 1),
        ("odd", "Odd", 1),
    ]
    assert all(isinstance(e, Entity) and e.mentions == 1 for e, _ in pairs)
    assert len(tags) == 4 and bool(tags) and tags == pairs and pairs == tags
    assert tags[0] == pairs[0] and tags[-1] == pairs[-1] and tags[1:3] == pairs[1:3] and tags[::-1] == pairs[::-1]
    assert list(tags) == pairs  # read again, the same pairs
    with pytest.raises(IndexError):
        tags[4]


def test_a_reader_keeps_the_tag_vocabulary_compact_and_equal(tmp_path):
    path = tmp_path / "s"
    fill(path).close()
    command, reader = Store(path), Store(path, lazy=True, tagger=FixedTagger({"Later": (Entity("odd", "Ödd", "other", 2),)}))
    reader.summaries()
    vocab, plain_vocab = reader._list.vocab, command._ensure_tags().vocab
    assert isinstance(vocab, listindex.Vocabulary) and isinstance(plain_vocab, list)
    assert vocab == plain_vocab and list(vocab) == plain_vocab and len(vocab) == len(plain_vocab)
    assert [vocab[v] for v in range(len(vocab))] == plain_vocab and vocab[-1] == plain_vocab[-1]
    assert vocab.ids == [v[0] for v in plain_vocab]
    # A write from the reader (its vocabulary grows) gives files any store reads the same.
    reader.import_articles([("e", ParsedArticle("Later", ("Text five.",), published="2024-05-05"))])
    assert isinstance(reader._list.vocab, listindex.Vocabulary) and ("odd", "Ödd", "other") in list(reader._list.vocab)
    again = Store(path)
    assert list(again._ensure_tags().vocab) == list(reader._list.vocab)
    assert reader.summaries() == again.summaries()


def test_links_packed_by_prefix_give_back_what_was_packed():
    links = [
        "https://ex.org/news/2024/03/one",
        None,
        "https://ex.org/news/2024/03/two-ü",
        "no-slash",
        "https://ex.org/news/2024/03/",
        "",
        "https://other.example/🌊/x",
        None,
    ]
    col = listindex.PrefixedStrings.pack(links)
    assert col is not None and len(col) == len(links)
    assert list(col) == links and col == links
    assert [col[i] for i in range(len(links))] == links and col[-2] == links[-2]
    assert col[1:4] == links[1:4] and col[::-1] == links[::-1]
    with pytest.raises(IndexError):
        col[len(links)]
    assert listindex.PrefixedStrings.pack(["a/b", 3]) is None
    assert list(listindex.PrefixedStrings.pack([])) == []


def test_a_reader_keeps_links_by_prefix_and_reads_them_back(tmp_path):
    path = tmp_path / "s"
    fill(path).close()
    reader = Store(path, lazy=True)
    rows = reader.summaries()
    assert isinstance(reader._list.columns["url"], listindex.PrefixedStrings)
    assert [s.url for s in rows] == [plain(reader, aid).url for aid in rows.ids]
    assert "https://ex.org/marché" in [s.url for s in rows]
