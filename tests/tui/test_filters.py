"""What the list shows for a tag, unread-only and a search."""

from hypothesis import given, settings
from hypothesis import strategies as st

from store.models import ArticleSummary, Entity, ReadState
from store.search import SearchIndex
from tui.filters import ListFilter, apply_filter, count_unread, filter_view, haystack

A = ArticleSummary("a", "Tidal power in Oslo", "Oslo Post", "2024-05-10", "en", None, (Entity("oslo", "Oslo", "place"),))
B = ArticleSummary("b", "Night train news", "Rail Gazette", "2024-05-09", "en", None, (Entity("jonas-berg", "Jonas Berg", "person"),))
C = ArticleSummary("c", "Ünïcode Straße", None, None, "de", None)
ALL = [A, B, C]
HAY = {s.id: haystack(s) for s in ALL}


def ids(view):
    return [s.id for s in view]


def test_default_filter_keeps_everything_in_order():
    assert ids(apply_filter(ALL, {}, HAY, ListFilter())) == ["a", "b", "c"]


def test_search_matches_title_source_and_tag_names_case_insensitively():
    assert ids(apply_filter(ALL, {}, HAY, ListFilter(query="OSLO post"))) == ["a"]
    assert ids(apply_filter(ALL, {}, HAY, ListFilter(query="jonas"))) == ["b"]
    assert ids(apply_filter(ALL, {}, HAY, ListFilter(query="strasse"))) == ["c"]


def test_search_ignores_accents_both_ways():
    assert ids(apply_filter(ALL, {}, HAY, ListFilter(query="unicode"))) == ["c"]
    assert ids(apply_filter(ALL, {}, HAY, ListFilter(query="ÖSLO"))) == ["a"]
    assert ids(filter_view(SearchIndex.build(ALL), {}, ListFilter(query="unicode"))[0]) == ["c"]


def test_body_hits_and_aliases_widen_a_search():
    flt = ListFilter(query="lighthouse")
    assert ids(apply_filter(ALL, {}, HAY, flt)) == []
    assert ids(apply_filter(ALL, {}, HAY, flt, body_hits={"c"})) == ["c"]
    assert ids(apply_filter(ALL, {}, HAY, ListFilter(query="berg"), tag_aliases={"oslo"})) == ["a", "b"]


def test_tag_and_unread_filters_combine():
    states = {"a": ReadState(read=True)}
    assert ids(apply_filter(ALL, states, HAY, ListFilter(unread_only=True))) == ["b", "c"]
    assert ids(apply_filter(ALL, states, HAY, ListFilter(tag_id="oslo"))) == ["a"]
    assert ids(apply_filter(ALL, states, HAY, ListFilter(tag_id="oslo", unread_only=True))) == []


def test_a_cancelled_filter_returns_none():
    many = [ArticleSummary(str(i), f"t{i}", None, None, None, None) for i in range(10_000)]
    assert apply_filter(many, {}, {}, ListFilter(query="t"), cancelled=lambda: True) is None


def test_describe_names_each_active_filter():
    text = ListFilter(tag_id="oslo", tag_name="Oslo", unread_only=True, query=" rail ").describe()
    assert text == "tag Oslo · unread only · search “rail”"


FEEDS = ["https://a.example/feed", "https://b.example/feed", None]
MANY = [
    ArticleSummary(
        f"id{n}",
        ["Tidal power", "Night train", "Ünïcode Straße", "Harbour news"][n % 4] + f" {n}",
        ["Oslo Post", "Rail Gazette", None][n % 3],
        None,
        None,
        None,
        (A.entities + B.entities)[n % 2 :][: n % 3],
        FEEDS[n % 3],
    )
    for n in range(40)
]
MANY_HAY = {s.id: haystack(s) for s in MANY}
MANY_INDEX = SearchIndex.build(MANY)


@settings(max_examples=80, deadline=None)
@given(
    query=st.sampled_from(["", "o", "oslo", "t", "ti", "tidal 1", "unicode", "jonas", "rail 3", "berg-", "news x"]),
    tag=st.sampled_from([None, "oslo", "jonas-berg"]),
    unread_only=st.booleans(),
    feeds=st.sampled_from([None, frozenset({FEEDS[0]}), frozenset({FEEDS[0], FEEDS[1]})]),
    read=st.sets(st.integers(0, 39)),
    hits=st.sets(st.integers(0, 39), max_size=4),
    alias=st.sampled_from([(), ("oslo",), ("nothing",)]),
)
def test_the_index_gives_what_the_plain_filter_gives(query, tag, unread_only, feeds, read, hits, alias):
    states = {f"id{n}": ReadState(read=True) for n in read}
    body_hits = {f"id{n}" for n in hits}
    flt = ListFilter(tag_id=tag, unread_only=unread_only, query=query, feed_urls=feeds)
    want = apply_filter(MANY, states, MANY_HAY, flt, body_hits=body_hits, tag_aliases=alias)
    got, unread = filter_view(MANY_INDEX, states, flt, body_hits=body_hits, tag_aliases=alias)
    assert ids(got) == ids(want)
    assert unread == count_unread(want, states) == sum(1 for s in want if s.id not in states)


def test_a_cancelled_index_search_returns_none():
    assert filter_view(MANY_INDEX, {}, ListFilter(query="tidal"), cancelled=lambda: True) is None


def test_read_marks_are_worked_out_again_when_the_states_version_changes():
    states = {"id0": ReadState(read=True)}
    flt = ListFilter(query="o")
    view, unread = filter_view(MANY_INDEX, states, flt, states_version=1)
    assert unread == len(view) - 1
    states["id4"] = ReadState(read=True)
    assert filter_view(MANY_INDEX, states, flt, states_version=2)[1] == len(view) - 2
    # Without a version the marks are always read afresh.
    states["id8"] = ReadState(read=True)
    assert filter_view(MANY_INDEX, states, flt)[1] == len(view) - 3
