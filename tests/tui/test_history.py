"""Back and forward through opened articles."""

from tui.history import History


def test_back_and_forward_walk_the_visits():
    h = History()
    for article_id in "abc":
        h.visit(article_id)
    assert h.current == "c"
    assert h.back() == "b"
    assert h.back() == "a"
    assert h.back() is None
    assert h.forward() == "b"
    assert h.forward() == "c"
    assert h.forward() is None


def test_visiting_after_going_back_drops_the_forward_part():
    h = History()
    for article_id in "abc":
        h.visit(article_id)
    h.back()
    h.visit("d")
    assert not h.can_go_forward
    assert h.back() == "b"


def test_visiting_the_current_article_again_changes_nothing():
    h = History()
    h.visit("a")
    h.visit("a")
    assert len(h) == 1


def test_history_is_bounded():
    h = History(limit=3)
    for article_id in "abcde":
        h.visit(article_id)
    assert len(h) == 3
    assert h.back() == "d" and h.back() == "c" and h.back() is None


def test_forgetting_removed_articles_keeps_the_position():
    h = History()
    for article_id in "abcd":
        h.visit(article_id)
    h.back()  # on c
    h.forget({"a", "c", "d"})
    assert h.current == "c"
    assert h.back() == "a"
    h.forget({"d"})
    assert h.current is None
    assert h.forward() == "d"
