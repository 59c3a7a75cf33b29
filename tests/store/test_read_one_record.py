"""Cutting one record out of a table file without parsing the rest of it."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from store.storage import SCHEMA_VERSION, AtomicJSONStorage, read_one_record

# Text that looks like the file's own structure, inside the records' strings.
TRICKY = [
    'He said "stop", then left.',
    '},"12":{"id":"x"}',
    '}},"_meta":{"1":{"schema":1}}}',
    "a backslash at the end \\",
    '\\"quoted\\" twice',
    "Tiếng Việt, français, 日本語 \u2028 line separator",
    "",
]


def write_table(path: Path, records: dict[int, dict]) -> None:
    storage = AtomicJSONStorage(path)
    storage.write({"bodies": {str(k): v for k, v in records.items()}})


def record(n: int, text: str = "plain text") -> dict:
    return {"id": f"{n:012x}", "body": [text, f"paragraph {n}"], "captions": [text] if n % 2 else []}


def test_every_record_comes_out_as_the_whole_parse_gives_it(tmp_path):
    path = tmp_path / "ab.json"
    records = {1000 + n: record(n, TRICKY[n % len(TRICKY)]) for n in range(30)}
    # The first key is 1 and another is 12, so "1" and "12" appear inside other keys and texts.
    records[1] = record(1, '"1":{')
    records[12] = record(12, ',"1":{"id":"no"}')
    write_table(path, records)
    whole = orjson.loads(path.read_bytes())["bodies"]
    for doc_id in records:
        found = read_one_record(path, "bodies", doc_id)
        assert found is not None
        assert found[0] == whole[str(doc_id)] == records[doc_id]
    st_ = path.stat()
    assert found[1] == (st_.st_ino, st_.st_size, st_.st_mtime_ns)


def test_a_record_not_in_the_file_is_none(tmp_path):
    path = tmp_path / "ab.json"
    write_table(path, {5: record(5), 7: record(7, '"6":{"id":"fake"}')})
    assert read_one_record(path, "bodies", 6) is None
    assert read_one_record(path, "bodies", 50) is None
    assert read_one_record(path, "other", 5) is None


def test_files_it_cannot_vouch_for_are_left_to_the_whole_parse(tmp_path):
    path = tmp_path / "ab.json"
    assert read_one_record(path, "bodies", 5) is None  # no file
    data = {"bodies": {"5": record(5)}, "_meta": {"1": {"schema": SCHEMA_VERSION}}}
    # Written by another JSON writer, with spaces.
    path.write_text(json.dumps(data))
    assert read_one_record(path, "bodies", 5) is None
    # A newer schema: the whole parse says what to do about it.
    path.write_bytes(orjson.dumps({"bodies": {"5": record(5)}, "_meta": {"1": {"schema": SCHEMA_VERSION + 1}}}))
    assert read_one_record(path, "bodies", 5) is None
    # Cut short, or garbled inside the record.
    good = orjson.dumps(data)
    path.write_bytes(good[: len(good) // 2])
    assert read_one_record(path, "bodies", 5) is None
    path.write_bytes(good.replace(b'"body":[', b'"body":[[', 1))
    assert read_one_record(path, "bodies", 5) is None
    path.write_bytes(b"")
    assert read_one_record(path, "bodies", 5) is None
    path.write_bytes(good)
    assert read_one_record(path, "bodies", 5) == (record(5), read_one_record(path, "bodies", 5)[1])


texts = st.text(alphabet=st.sampled_from(list('{}[]",:\\01 aé\n') + ["\u00e9", "\u4e2d"]), max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.integers(min_value=0, max_value=300), st.lists(texts, max_size=3), min_size=1, max_size=8))
def test_any_texts_come_out_unchanged(tmp_path_factory, bodies):
    path = tmp_path_factory.mktemp("cut") / "ab.json"
    records = {k: {"id": str(k), "body": v, "captions": v[:1]} for k, v in bodies.items()}
    write_table(path, records)
    for doc_id, rec in records.items():
        found = read_one_record(path, "bodies", doc_id)
        assert found is not None and found[0] == rec
