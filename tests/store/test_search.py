"""The search index: folding, matching rules, narrowing a growing query, tags by id."""

from hypothesis import given, settings
from hypothesis import strategies as st

from store.models import ArticleSummary, Entity
from store.search import SearchIndex, fold, merge_rows, query_words, text_matches

OSLO = Entity("oslo", "Oslo", "place")
BERG = Entity("jonas-berg", "Jonas Berg", "person")
HANOI = Entity("ha-noi", "Hà Nội", "place")
ROWS = [
    ArticleSummary("a", "Tidal power in Oslo", "Oslo Post", "2024-05-10", "en", None, (OSLO,)),
    ArticleSummary("b", "Night train news", "Rail Gazette", "2024-05-09", "en", None, (BERG, OSLO)),
    ArticleSummary("c", "Ünïcode Straße", None, None, "de", None),
    ArticleSummary("d", "Đường sắt mới", "Tin Tức", None, "vi", None, (HANOI,)),
    ArticleSummary("e", "Œuvres complètes", "L'Écho", None, "fr", None, (Entity("oslo", "Óslo", "place"),)),
]


def folded_fields(summaries):
    return [
        [fold(f) for f in [s.title, s.source or ""] + [t for e in s.entities for t in (e.name, e.id)]]
        for s in summaries
    ]


def reference(summaries, words, fields=None):
    """Every word in the folded title, source, or a tag's name or id: the rule, spelled out."""
    fields = fields or folded_fields(summaries)
    return [r for r, row in enumerate(fields) if all(any(w in f for f in row) for w in words)]


def search(index, query):
    return [index.summaries[r].id for r in index.word_rows(query_words(query))]


def test_fold_ignores_case_and_accents():
    assert fold("Straße") == "strasse"
    assert fold("ÜNÏCODE") == "unicode"
    assert fold("Đường sắt") == "duong sat"
    assert fold("Œuvre") == "oeuvre"
    assert fold("ﬁne") == "fine"
    assert query_words("  Hà   NỘI ") == ("ha", "noi")


def test_words_must_all_match_in_title_source_or_tags():
    index = SearchIndex.build(ROWS)
    assert search(index, "oslo") == ["a", "b", "e"]  # title/source, a tag, a tag spelled Óslo
    assert search(index, "oslo night") == ["b"]
    assert search(index, "rail berg") == ["b"]  # source and tag
    assert search(index, "jonas-berg") == ["b"]  # the tag id
    assert search(index, "unicode strasse") == ["c"]
    assert search(index, "duong") == ["d"]
    assert search(index, "ha noi") == ["d"]
    assert search(index, "TỨC") == ["d"]
    assert search(index, "echo oeuvres") == ["e"]
    assert search(index, "oslo zebra") == []


def test_a_word_never_spans_two_fields():
    # "post" ends the source and "tidal" begins the title: "posttidal" is in neither.
    index = SearchIndex.build(ROWS)
    assert search(index, "posttidal") == []
    assert search(index, "oslotidal") == []


def test_a_growing_query_gives_what_a_fresh_index_gives():
    grown = SearchIndex.build(ROWS)
    for query in ["o", "os", "osl", "oslo", "oslo n", "oslo ni", "oslo", "os", "t", "ti", "tin"]:
        fresh = SearchIndex.build(ROWS)
        assert search(grown, query) == search(fresh, query), query


WORDS = ["o", "os", "oslo", "post", "rail", "berg", "jonas", "n", "ni", "news", "tin", "a", "e", "ha", "noi",
         "đuong", "uvres", "straße", "-", "y"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), min_size=1, max_size=6))
def test_any_sequence_of_queries_matches_the_rule(queries):
    index = SearchIndex.build(ROWS)
    for words in queries:
        folded = query_words(" ".join(words))
        assert list(index.word_rows(folded)) == reference(ROWS, folded)


def many_rows(n_tags: int) -> list[ArticleSummary]:
    tags = [Entity(f"tag-{i}", f"Tag {i}", "other") for i in range(n_tags)]
    return [
        ArticleSummary(str(i), f"row {i}", f"src {i % 7}", None, None, None, tuple(tags[i % n_tags :: 997][:5]))
        for i in range(n_tags)
    ]


def test_many_tags_and_wide_matches_stay_exact():
    # More table entries than the code space below the surrogates, and words matching most tags.
    rows = many_rows(56_000)
    index = SearchIndex.build(rows)
    fields = folded_fields(rows)
    for words in [("tag",), ("tag", "55999"), ("1",), ("src", "3"), ("g", "4"), ("tag-123",)]:
        assert list(index.word_rows(words)) == reference(rows, words, fields)


def test_rows_with_tags_of_ids_and_outside():
    index = SearchIndex.build(ROWS)
    assert list(index.rows_with_tags({"oslo"})) == [0, 1, 4]
    assert list(index.rows_with_tags({"oslo"}, [1, 2, 3])) == [1]
    assert list(index.rows_with_tags({"nowhere"})) == []
    assert list(index.rows_of_ids({"e", "b", "zz"})) == [1, 4]
    assert list(index.ids_outside([1, 2])) == ["a", "d", "e"]
    assert list(merge_rows([0, 4], [], [1, 4])) == [0, 1, 4]


def test_build_stops_when_cancelled():
    assert SearchIndex.build(many_rows(9000), cancelled=lambda: True) is None


def test_text_matches_folds_the_text():
    assert text_matches("Le phare de l'Île Verte", query_words("ile phare"))
    assert not text_matches("Le phare", query_words("ile phare"))


def test_both_ways_of_testing_tags_agree(monkeypatch):
    # Tags found from each entry's row list, or by checking each row's entries: same rows.
    rows = many_rows(3000) + ROWS
    fields = folded_fields(rows)
    queries = [("o",), ("oslo",), ("tag", "1"), ("g",), ("src", "2"), ("jonas-berg",), ("noi",), ("ta",), ("tag",)]
    monkeypatch.setattr("store.search._ROW_COST", 10**9)
    lists = SearchIndex.build(rows)
    monkeypatch.setattr("store.search._ROW_COST", 0)
    each_row = SearchIndex.build(rows)
    for words in queries:
        want = reference(rows, words, fields)
        monkeypatch.setattr("store.search._ROW_COST", 10**9)
        assert list(lists.word_rows(words)) == want
        monkeypatch.setattr("store.search._ROW_COST", 0)
        assert list(each_row.word_rows(words)) == want


LETTERS = "abcdeéđøß -"
TEXT = st.text(alphabet=LETTERS, max_size=12)


@st.composite
def random_rows(draw):
    # Tags are shared objects, sometimes spelled twice (two objects with the same id and name).
    names = draw(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=8))
    tags = [Entity(i or "x", n or "y", "other") for i, n in names]
    tags += [Entity(e.id, e.name, e.kind) for e in draw(st.lists(st.sampled_from(tags), max_size=3))]
    sources = draw(st.lists(st.one_of(st.none(), TEXT), min_size=1, max_size=4))
    n = draw(st.integers(0, 30))
    return [
        ArticleSummary(
            str(r),
            draw(TEXT),
            draw(st.sampled_from(sources)),
            None,
            None,
            None,
            tuple(draw(st.lists(st.sampled_from(tags), max_size=4))),
        )
        for r in range(n)
    ]


def typed(words):
    # A query typed key by key: every prefix of it, as the search bar sends them.
    text = " ".join(words)
    return [text[:k] for k in range(1, len(text) + 1)]


QUERIES = st.lists(st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=4), min_size=1, max_size=3), max_size=4)


@settings(max_examples=150, deadline=None)
@given(random_rows(), QUERIES, st.booleans(), st.booleans(), st.booleans(), st.sampled_from([1, 3, 16384]))
def test_random_lists_and_typed_queries_match_the_rule(rows, queries, by_rows, dense, learned, step):
    # Tags found row by row or from row lists; entries kept as row lists or as bit masks;
    # single letters worked out ahead or not; C-level passes in slices of any size.
    import store.search

    saved = store.search._ROW_COST, store.search._DENSE_LEAST, store.search._DENSE_SHARE, store.search._DRAIN_STEP
    store.search._DRAIN_STEP = step
    store.search._ROW_COST = 0 if by_rows else 10**9
    if dense:
        store.search._DENSE_LEAST = store.search._DENSE_SHARE = 1
    try:
        index = SearchIndex.build(rows)
        if learned:
            assert index.learn_first_keys()
        fields = folded_fields(rows)
        for words in queries:
            for query in typed(words) + typed(words)[::-1]:
                folded = query_words(query)
                assert list(index.word_rows(folded)) == reference(rows, folded, fields), query
        tag_ids = {e.id for s in rows[::2] for e in s.entities}
        assert list(index.rows_with_tags(tag_ids)) == [
            r for r, s in enumerate(rows) if any(e.id in tag_ids for e in s.entities)
        ]
    finally:
        store.search._ROW_COST, store.search._DENSE_LEAST, store.search._DENSE_SHARE, store.search._DRAIN_STEP = saved


@settings(max_examples=60, deadline=None)
@given(random_rows(), st.sets(st.text(alphabet=LETTERS, max_size=12)))
def test_random_lists_rows_with_tags(rows, tag_ids):
    index = SearchIndex.build(rows)
    want = [r for r, s in enumerate(rows) if any(e.id in tag_ids for e in s.entities)]
    assert list(index.rows_with_tags(tag_ids)) == want
    assert list(index.rows_with_tags(tag_ids, range(0, len(rows), 2))) == [r for r in want if r % 2 == 0]


def test_a_store_list_is_indexed_like_plain_records(tmp_path, simple_tagger):
    from store.db import Store
    from store.models import ParsedArticle

    store = Store(tmp_path / "s", tagger=simple_tagger)
    texts = [
        ("Rain in Paris", "Clouds over Paris today.", "Le Monde"),
        ("Oslo Harbour Opens", "Boats in Oslo and Bergen.", None),
        ("Đường Sắt Mới", "Trains from Hanoi to Hue.", "Tin Tức"),
        ("Berlin Votes", "Polls in Berlin close. Paris watches.", "Le Monde"),
    ]
    store.import_articles(
        [(f"f{k}", ParsedArticle(title=t, body=(b,), source=src)) for k, (t, b, src) in enumerate(texts)]
    )
    rows = store.summaries()
    plain = [
        ArticleSummary(s.id, s.title, s.source, s.published, s.language, s.url, tuple(s.entities), s.feed_url)
        for s in rows
    ]
    packed, records = SearchIndex.build(rows), SearchIndex.build(plain)
    fields = folded_fields(plain)
    for query in ["paris", "p", "le monde", "duong", "tuc", "oslo bergen", "berlin paris", "clouds", "o", "zzz"]:
        words = query_words(query)
        want = reference(plain, words, fields)
        assert list(packed.word_rows(words)) == list(records.word_rows(words)) == want, query
    assert list(packed.rows_with_tags({"paris"})) == list(records.rows_with_tags({"paris"}))
    store.close()


def test_first_keys_learnt_ahead_answer_without_reading_titles(monkeypatch):
    rows = many_rows(40)
    index = SearchIndex.build(rows)
    fields = folded_fields(rows)
    read: list[str] = []
    original = SearchIndex._title_hits

    def title_hits(self, word, mask):
        read.append(word)
        return original(self, word, mask)

    monkeypatch.setattr(SearchIndex, "_title_hits", title_hits)
    assert index.learn_first_keys(cancelled=lambda: False)
    learnt = list(read)
    assert set(learnt) == set("abcdefghijklmnopqrstuvwxyz")
    for letter in "aeimnostz":
        assert list(index.word_rows((letter,))) == reference(rows, (letter,), fields)
    # Every single letter answered from what was learnt: no title read again.
    assert read == learnt
    # A longer word reads titles again, but only those its letters did not rule out: no
    # title has a "t" (tags do), so "ta" reads none; every title has an "r" and an "o".
    assert list(index.word_rows(("ta",))) == reference(rows, ("ta",), fields)
    assert read == learnt
    assert list(index.word_rows(("ro",))) == reference(rows, ("ro",), fields)
    assert read[len(learnt):] == ["ro"]


def test_learning_first_keys_stops_when_cancelled():
    index = SearchIndex.build(ROWS)
    assert index.learn_first_keys(cancelled=lambda: True) is False
    assert list(index.word_rows(("o",))) == reference(ROWS, ("o",))
