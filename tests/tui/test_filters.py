"""What the list shows for a tag, unread-only and a search."""

from store.models import ArticleSummary, Entity, ReadState
from tui.filters import ListFilter, apply_filter, haystack

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
