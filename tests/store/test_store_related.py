"""Related articles through the Store: the index built in bulk at first use and kept up to date."""

from __future__ import annotations

from store.db import Store
from store.models import ParsedArticle


def art(title: str, body: str, url: str) -> ParsedArticle:
    return ParsedArticle(title=title, body=(body,), url=url)


BODY = "Maurice Cheeks and the Sixers are in the news again, said Philadelphia radio."


def ranked(store: Store, aid: str) -> list[tuple[str, float, tuple[str, ...]]]:
    return [(r.id, round(r.score, 9), r.shared) for r in store.related(aid, limit=10)]


def test_titles_rank_articles_sharing_the_same_tags(tmp_path, simple_tagger):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    res = s.import_articles(
        [
            ("q", art("sixers fire coach cheeks after a slow start", BODY, "https://ex.org/q")),
            ("hire", art("sixers hire cheeks", BODY + " 1.", "https://ex.org/h")),
            ("fire", art("cheeks fired as sixers coach", BODY + " 2.", "https://ex.org/f")),
            ("other", art("Weather in Lyon", "Rain over Lyon and Grenoble.", "https://ex.org/o")),
        ]
    )
    q, hire, fire, other = (r.id for r in res)
    s.close()
    reopened = Store(tmp_path / "s", lazy=True)
    got = [r.id for r in reopened.related(q)]
    # Same tags (the titles are lower case, so the tagger finds nothing in them): the
    # title sharing more words comes first; nothing links the Lyon weather.
    assert got == [fire, hire]
    assert other not in got


def test_index_kept_up_to_date_answers_like_a_fresh_one(tmp_path, simple_tagger):
    s = Store(tmp_path / "s", tagger=simple_tagger)
    first = s.import_articles(
        [
            ("q", art("sixers fire coach cheeks", BODY, "https://ex.org/q")),
            ("a", art("cheeks out in philadelphia", BODY + " A.", "https://ex.org/a")),
        ]
    )
    q = first[0].id
    assert [r.id for r in s.related(q)] == [first[1].id]  # the index now exists in memory
    later = s.import_articles(
        [
            ("b", art("sixers coach fired", BODY + " B.", "https://ex.org/b")),
            # The same title again: a copy of q, never listed as related to it.
            ("copy", art("sixers fire coach cheeks", BODY + " C.", "https://ex.org/copy")),
        ]
    )
    assert [r.status for r in later] == ["imported", "imported"]
    kept_up = ranked(s, q)
    assert later[0].id in [r[0] for r in kept_up]
    assert later[1].id not in [r[0] for r in kept_up]
    s.close()
    fresh = Store(tmp_path / "s", lazy=True)
    assert ranked(fresh, q) == kept_up
    assert q not in [r.id for r in fresh.related(later[1].id)]


def test_built_apart_from_the_guard_and_caught_up_with_changes_meanwhile(tmp_path, simple_tagger, monkeypatch):
    import threading

    import store.related

    path = tmp_path / "s"
    with Store(path, tagger=simple_tagger) as first:
        ids = [r.id for r in first.import_articles(
            [("a", art("Cheeks fired", BODY, "https://ex.org/a")), ("b", art("Cheeks hired", BODY + " 1.", "https://ex.org/b"))]
        )]
    s = Store(path, tagger=simple_tagger, lazy=True)
    guard = threading.RLock()
    during: list[bool] = []
    late: list[str] = []
    original = store.related.RelatedIndex.add_packed

    def add_packed(self, *args, **kwargs):
        # Another thread can take the guard while the index is built, and changes the store.
        def other() -> None:
            with guard:
                during.append(True)
                late.extend(r.id for r in s.import_articles([("c", art("Cheeks again", BODY + " 2.", "https://ex.org/c"))]))

        t = threading.Thread(target=other)
        t.start()
        t.join(10)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(store.related.RelatedIndex, "add_packed", add_packed)
    try:
        s.build_related_index(guard)
        assert during == [True] and len(late) == 1
        # The article imported during the build is in the index it put in place.
        assert ids[0] in {r.id for r in s.related(late[0])}
        assert late[0] in {r.id for r in s.related(ids[0])}
    finally:
        s.close()
