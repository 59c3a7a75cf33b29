import json
import os
from pathlib import Path

import pytest

from store.ingest import files
from store.ingest.files import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, iter_input_files, parse_file, register_parser
from store.models import ParsedArticle
from store.textutil import IngestError

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = "Harbour ferry resumes\n\nFerries started running again on Thursday.\n\nThe council will review it.\n"


def results(path, **kwargs):
    return list(parse_file(path, **kwargs))


def only_error(path, **kwargs) -> str:
    [res] = results(path, **kwargs)
    assert isinstance(res, IngestError), res
    return str(res)


# ---------------------------------------------------------------- finding files


def test_supported_suffixes():
    assert {".txt", ".md", ".markdown", ".json", ".jsonl"} <= SUPPORTED_SUFFIXES
    assert MAX_FILE_BYTES == 20 * 1024 * 1024


def test_directories_are_walked_sorted_recursively_skipping_hidden_and_unsupported(tmp_path):
    for rel in ["b.txt", "a.md", "c.jsonl", "notes.docx", ".hidden.txt", "sub/z.txt", "sub/y.json",
                ".git/x.txt", "sub/.cache/w.txt", "A.TXT"]:
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(ARTICLE)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path])]
    assert found == ["A.TXT", "a.md", "b.txt", "c.jsonl", "sub/y.json", "sub/z.txt"]


def test_files_given_explicitly_are_kept_whatever_their_suffix(tmp_path):
    odd = tmp_path / "article.data"
    odd.write_text(ARTICLE)
    hidden = tmp_path / ".draft.txt"
    hidden.write_text(ARTICLE)
    assert list(iter_input_files([odd, str(hidden)])) == [odd, hidden]


def test_missing_path_is_an_error_and_the_rest_continue(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text(ARTICLE)
    out = list(iter_input_files([tmp_path / "nope.txt", good]))
    assert isinstance(out[0], IngestError)
    assert str(out[0]) == f"{tmp_path / 'nope.txt'}: no such file or directory"
    assert out[1] == good


def test_symlinked_folder_loops_are_not_followed(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    os.symlink(tmp_path, tmp_path / "loop")
    assert list(iter_input_files([tmp_path])) == [tmp_path / "a.txt"]


# ---------------------------------------------------------------- reading files


def test_text_file(tmp_path):
    path = tmp_path / "vi.txt"
    path.write_bytes((FIXTURES / "vi_cau_long_giang.txt").read_bytes())
    [a] = results(path)
    assert isinstance(a, ParsedArticle)
    assert a.title == "Cầu Long Giang thông xe sau hai năm thi công"
    assert a.language == "vi"


def test_markdown_file(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# A title\n\nSome **bold** text with a [link](https://x.example).\n")
    [a] = results(path)
    assert a.title == "A title"
    assert a.body == ("Some bold text with a link.",)


def test_jsonl_file_with_an_invalid_line_among_good_ones(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        json.dumps({"title": "One", "body": "Text one."}) + "\n"
        + '{"title": "broken",\n'
        + json.dumps({"title": "Two", "body": "Text two."}) + "\n"
    )
    out = results(path)
    assert [r.title for r in out if isinstance(r, ParsedArticle)] == ["One", "Two"]
    [err] = [str(r) for r in out if isinstance(r, IngestError)]
    assert err.startswith(f"{path}:2: invalid JSON")


@pytest.mark.parametrize(
    "encoding, bom",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16-le", b"\xff\xfe")],
)
def test_encodings_and_crlf_from_disk(tmp_path, encoding, bom):
    text = "Le cœur de l’été\r\n\r\nÀ Noël, on a vu l’œuvre déjà célèbre.\r\n"
    path = tmp_path / "fr.txt"
    path.write_bytes(bom + text.encode(encoding))
    [a] = results(path)
    assert a.title == "Le cœur de l’été"
    assert a.body == ("À Noël, on a vu l’œuvre déjà célèbre.",)


def test_latin1_file(tmp_path):
    path = tmp_path / "l1.txt"
    path.write_bytes("Café à Paris\n\nUn café très célèbre, près de la gare.\n".encode("latin-1"))
    [a] = results(path)
    assert a.title == "Café à Paris"


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert only_error(path) == f"{path}: file is empty"


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.md"
    path.write_text(" \n\n\t\n")
    assert only_error(path) == f"{path}: file is empty"


def test_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert only_error(path) == f"{path}: looks like binary data, not text"


def test_undecodable_file(tmp_path):
    import random

    rng = random.Random(1)
    path = tmp_path / "mystery.txt"
    path.write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(500)))
    message = only_error(path)
    assert message.startswith(f"{path}: ") and "encoding" in message


def test_only_boilerplate_file(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes((FIXTURES / "only_boilerplate.txt").read_bytes())
    assert only_error(path) == f"{path}: no article text found (only page boilerplate)"


def test_over_the_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * 100)
    message = only_error(path, max_bytes=1024)
    assert message.startswith(f"{path}: file is ") and message.endswith(", over the 1 KB limit")


def test_over_the_default_limit_message(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # a sparse file: nothing is really written
        handle.truncate(int(25.3 * 1024 * 1024))
    assert only_error(path) == f"{path}: file is 25.3 MB, over the 20 MB limit"


def test_missing_file(tmp_path):
    path = tmp_path / "gone.txt"
    assert only_error(path) == f"{path}: no such file or directory"


def test_folder_given_to_parse_file(tmp_path):
    assert only_error(tmp_path) == f"{tmp_path}: is a folder, not a file"


def test_fifo_is_not_read(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert only_error(path) == f"{path}: not a regular file"
    assert isinstance(next(iter_input_files([path])), IngestError)


@pytest.mark.parametrize(
    "content, title",
    [
        ('{"title": "From JSON", "body": "Body."}', "From JSON"),
        ("# From Markdown\n\nBody **text**.\n", "From Markdown"),
        ("From plain text\n\nBody text.\n", "From plain text"),
    ],
)
def test_unknown_suffix_is_sniffed(tmp_path, content, title):
    path = tmp_path / "article.unknown"
    path.write_text(content)
    [a] = results(path)
    assert a.title == title


def test_deeply_nested_json_is_an_error(tmp_path):
    path = tmp_path / "evil.json"
    path.write_text("[" * 200_000)
    out = results(path)
    assert out and all(isinstance(r, IngestError) for r in out)
    assert str(out[0]).startswith(str(path))


@pytest.fixture
def crashing_suffix():
    def crash(path, data):
        yield ParsedArticle(title="first", body=("ok",))
        raise ValueError("parser bug")

    register_parser([".crash"], crash)
    yield ".crash"
    files._PARSERS.pop(".crash", None)
    SUPPORTED_SUFFIXES.discard(".crash")


def test_an_exception_inside_a_parser_becomes_an_error(tmp_path, crashing_suffix):
    path = tmp_path / ("x" + crashing_suffix)
    path.write_text("anything")
    first, second = results(path)
    assert first.title == "first"
    assert isinstance(second, IngestError)
    assert str(second) == f"{path}: could not be read (ValueError)"


def test_registered_suffixes_are_found_in_folders(tmp_path, crashing_suffix):
    (tmp_path / "a.crash").write_text("x")
    assert list(iter_input_files([tmp_path])) == [tmp_path / "a.crash"]
