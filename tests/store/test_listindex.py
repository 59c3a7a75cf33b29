"""The list index: the store's derived files for opening the list without parsing articles.json.

Every test compares what a store reads through the index with what it reads from
articles.json itself (the index files deleted), so a stale or wrong index shows up
as a difference, whatever the reason.
"""

import json

import pytest
from tinydb import TinyDB

from store import listindex
from store.db import Store
from store.models import Entity, ParsedArticle
from store.storage import AtomicJSONStorage, StoreCorruptError


class FixedTagger:
    """Entities chosen per title, so tests control names, spellings and mention counts."""

    def __init__(self, table):
        self.table = table

    def tag(self, title, paragraphs, language):
        return list(self.table.get(title, ()))


def art(title, published, body=None, url=None):
    return ParsedArticle(title=title, body=(body or f"Text of {title}.",), published=published, url=url)


PARIS = Entity("paris", "Paris", "place", 2)
PARIGI = Entity("paris", "Parigi", "place", 1)
ANNA = Entity("anna-holm", "Anna Holm", "person", 300)  # more mentions than a packed byte holds
TAGS = {
    "Old news": (PARIS, Entity("berlin", "Berlin", "place", 1)),
    "Middle news": (PARIGI, ANNA),
    "New news": (PARIS, ANNA, Entity("odd", "Odd", "other", 0)),
    "Undated": (),
}


def fill(path):
    s = Store(path, tagger=FixedTagger(TAGS))
    s.import_articles(
        [
            ("a", art("Old news", "2020-01-01")),
            ("b", art("Middle news", "2021-06-01T10:00:00Z")),
            ("c", art("New news", "2022-03-03")),
            ("d", art("Undated", None)),
        ]
    )
    s.mark_read([next(x.id for x in s.summaries() if x.title == "Middle news")])
    return s


def from_articles_file(path):
    """What a store reads when it has no index to go by."""
    for name in listindex.INDEX_FILES:
        (path / name).unlink(missing_ok=True)
    return Store(path)


def view(store):
    return [(s, store.state(s.id), store.get(s.id).author) for s in store.summaries()]


def test_import_writes_an_index_that_gives_the_same_store(tmp_path):
    path = tmp_path / "s"
    fill(path).close()
    assert all((path / name).exists() for name in listindex.INDEX_FILES)
    indexed = Store(path)
    expected = view(from_articles_file(tmp_path / "s"))
    assert view(indexed) == expected
    # Newest first; an undated article counts as published when it was imported (now).
    assert [s.title for s, _, _ in expected] == ["Undated", "New news", "Middle news", "Old news"]
    # Mention counts beyond one byte, and odd ones, come back as they went in.
    assert indexed.summaries()[1].entities == TAGS["New news"]


def test_lazy_open_shows_the_newest_rows_from_the_recent_file(tmp_path):
    path = tmp_path / "s"
    fill(path).close()
    eager = Store(path)
    lazy = Store(path, lazy=True)
    assert lazy.recent_summaries(2) == eager.summaries()[:2]
    assert lazy.recent_summaries(10) == eager.summaries()
    assert len(lazy) == 4 and lazy.summaries() == eager.summaries()
    # Without an index the same rows come from articles.json.
    assert from_articles_file(path).recent_summaries(3) == eager.summaries()[:3]


def test_a_write_the_index_does_not_know_is_noticed(tmp_path):
    """articles.json changed by a program that does not keep the index (an older newsdesk, a repair)."""
    path = tmp_path / "s"
    fill(path).close()
    db = TinyDB(path / "articles.json", storage=AtomicJSONStorage)
    db.table("articles").insert(
        {"id": "0123456789ab", "title": "Written elsewhere", "published": "2023-01-01", "entities": [["oslo", "Oslo", "place", 1]]}
    )
    db.close()
    s = Store(path, lazy=True)
    assert "Written elsewhere" in [x.title for x in s.recent_summaries(5)]
    assert s.summary("0123456789ab").entities == (Entity("oslo", "Oslo", "place", 1),)
    # The store rewrote the index for the file as it is now.
    header = json.loads((path / listindex.LIST_FILE).read_bytes().split(b"\n")[0])
    assert header["count"] == 5
    assert Store(path).summaries() == from_articles_file(path).summaries()


@pytest.mark.parametrize("name", listindex.INDEX_FILES)
@pytest.mark.parametrize("damage", [b"", b"{half", b"NDTAGS1\n\xff\xff"])
def test_a_damaged_index_file_is_ignored(tmp_path, name, damage):
    path = tmp_path / "s"
    fill(path).close()
    expected = view(Store(path))
    (path / name).write_bytes(damage)
    s = Store(path, lazy=True)
    assert s.recent_summaries(2) == [x for x, _, _ in expected[:2]]
    assert view(s) == expected


def test_a_damaged_articles_file_is_still_refused(tmp_path):
    path = tmp_path / "s"
    fill(path).close()
    (path / "articles.json").write_bytes(b'{"articles": {"1": ')
    with pytest.raises(StoreCorruptError, match="articles.json"):
        Store(path)
    with pytest.raises(StoreCorruptError, match="articles.json"):
        Store(path, lazy=True).recent_summaries(5)


def test_removal_and_later_imports_keep_the_index_in_step(tmp_path):
    path = tmp_path / "s"
    s = fill(path)
    gone = next(x.id for x in s.summaries() if x.title == "New news")
    assert s.remove_articles([gone]) == 1
    s.import_articles([("e", art("Newest news", "2024-05-05"))])
    s.close()
    indexed = view(Store(path))
    assert [x.title for x, _, _ in indexed] == ["Undated", "Newest news", "Middle news", "Old news"]
    assert indexed == view(from_articles_file(path))


def test_tags_are_counted_per_article_and_named_by_the_commonest_spelling(tmp_path):
    path = tmp_path / "s"
    fill(path).close()
    tags = {e.id: (e.name, n) for e, n in Store(path).tags()}
    assert tags["paris"] == ("Paris", 3)
    assert tags["anna-holm"] == ("Anna Holm", 2)
    assert tags["berlin"] == ("Berlin", 1)


def test_related_index_follows_another_process_imports(tmp_path):
    path = tmp_path / "s"
    reader = fill(path)
    old = next(x.id for x in reader.summaries() if x.title == "Old news")
    assert [r.id for r in reader.related(old)]  # builds the index
    writer = Store(path, tagger=FixedTagger({"Berlin again": (Entity("berlin", "Berlin", "place", 3),)}))
    new = writer.import_articles([("f", art("Berlin again", "2024-01-01"))])[0].id
    removed = next(x.id for x in writer.summaries() if x.title == "New news")
    assert removed in [r.id for r in reader.related(old)]
    writer.remove_articles([removed])
    assert reader.refresh()
    related = [r.id for r in reader.related(old)]
    assert new in related and removed not in related


def test_iter_bodies_reads_each_shard_once_and_reports_damaged_ones(tmp_path):
    path = tmp_path / "s"
    s = fill(path)
    ids = [x.id for x in s.summaries()]
    got = {aid: body for aid, body, _ in s.iter_bodies(ids + ["ffffffffffff"])}
    assert got == {aid: s.get(aid).body for aid in ids}
    victim = ids[0]
    (path / "bodies" / f"{victim[:2]}.json").write_bytes(b"{broken")
    fresh = Store(path)
    errors = []
    got = {aid for aid, _, _ in fresh.iter_bodies(ids, on_error=errors.append)}
    assert victim not in got and got == {a for a in ids if a[:2] != victim[:2]}
    assert len(errors) == 1 and f"{victim[:2]}.json" in str(errors[0])
    with pytest.raises(StoreCorruptError):
        list(fresh.iter_bodies([victim]))


def test_a_record_read_before_the_whole_list_stays_the_same_object_in_it(tmp_path):
    path = tmp_path / "s"
    fill(path).close()
    ids = {x.title: x.id for x in Store(path).summaries()}
    reader = Store(path, lazy=True)
    early = reader.summary(ids["Middle news"])
    everything = reader.summaries()
    assert everything[[x.id for x in everything].index(ids["Middle news"])] is early
    assert view(reader) == view(from_articles_file(path))


def test_a_reader_that_loaded_its_list_tags_later_imports_like_a_fresh_store(tmp_path):
    path = tmp_path / "s"
    fill(path).close()
    later = {"Later news": (Entity("paris", "Paris", "place", 2), Entity("anna-holm", "Anna Holm", "person", 400))}
    reader = Store(path, lazy=True, tagger=FixedTagger(later))
    reader.summaries()
    reader.import_articles([("e", art("Later news", "2024-05-05"))])
    added = next(x for x in reader.summaries() if x.title == "Later news")
    assert [(e.id, e.mentions) for e in added.entities] == [("paris", 2), ("anna-holm", 400)]
    assert view(reader) == view(from_articles_file(path))
