import codecs
import random

import pytest

from store.textutil import IngestError, decode_bytes, normalise_space, strip_controls

FRENCH = "Le cœur de l’été à Noël : « déjà vu », où ça ? Très bien."
LATIN1 = "Le café à Noël, très cher. Où est-il ? Ça va, señor."


def test_utf8_plain():
    assert decode_bytes(FRENCH.encode("utf-8"), name="a.txt") == FRENCH


def test_utf8_bom_is_removed():
    text = decode_bytes(codecs.BOM_UTF8 + FRENCH.encode("utf-8"), name="a.txt")
    assert text == FRENCH
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(encoding):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    data = bom + FRENCH.encode(encoding)
    assert decode_bytes(data, name="a.txt") == FRENCH


def test_utf16_without_bom_is_recognised():
    text = "Plain English text written as UTF-16 without a byte order mark."
    assert decode_bytes(text.encode("utf-16-le"), name="a.txt") == text


def test_crlf_and_cr_become_lf():
    data = "Title\r\n\r\nFirst line\rsecond line\r\n".encode("utf-8")
    assert decode_bytes(data, name="a.txt") == "Title\n\nFirst line\nsecond line\n"


def test_cp1252_accents_quotes_and_ligature():
    text = decode_bytes(FRENCH.encode("cp1252"), name="a.txt")
    assert text == FRENCH
    for ch in "éà’œ":
        assert ch in text


def test_cp1252_with_crlf():
    data = (FRENCH + "\r\n\r\nDeuxième paragraphe, l’œuvre.\r\n").encode("cp1252")
    assert decode_bytes(data, name="a.txt") == FRENCH + "\n\nDeuxième paragraphe, l’œuvre.\n"


def test_latin1_accents():
    text = decode_bytes(LATIN1.encode("latin-1"), name="a.txt")
    assert text == LATIN1
    assert "é" in text and "à" in text and "ñ" in text


def test_latin9_ligature():
    source = "Le cœur du sujet, à Noël, pour l'été."
    assert decode_bytes(source.encode("iso8859-15"), name="a.txt") == source


def test_utf8_with_one_stray_legacy_byte_stays_utf8():
    good = ("Le président a déclaré que l’été serait chaud. " * 5).encode("utf-8")
    text = decode_bytes(good + b"caf\xe9" + good, name="a.txt")
    assert "président" in text and "l’été" in text


def test_nul_bytes_are_binary():
    with pytest.raises(IngestError) as err:
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), name="photo.txt")
    assert str(err.value) == "photo.txt: looks like binary data, not text"


def test_many_control_characters_are_binary():
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8] * 20) + b"some text" * 10
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(data, name="x.txt")


def test_undecodable_bytes_are_rejected():
    rng = random.Random(1)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(500))
    with pytest.raises(IngestError) as err:
        decode_bytes(data, name="mystery.txt")
    assert str(err.value).startswith("mystery.txt: ")
    assert "encoding" in str(err.value)


def test_bad_utf16_after_bom_is_rejected():
    with pytest.raises(IngestError, match="UTF-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8a", name="x.txt")


def test_strip_controls_keeps_newline_and_tab():
    assert strip_controls("a\x00b\x07c\td\ne\x1bf\x7fg\x85h\x9fi") == "abc\td\nefghi"


def test_strip_controls_removes_lone_surrogates():
    assert strip_controls("ok\ud800ok") == "okok"


def test_strip_controls_returns_clean_text_unchanged():
    text = "Clean text, accents é, tabs\tand\nnewlines."
    assert strip_controls(text) is text


def test_normalise_space():
    assert normalise_space("  a\u00a0 b\t\tc\n d\u200be\ufeff ") == "a b c d e"
    assert normalise_space("") == ""


def test_ingest_error_message_is_the_line():
    err = IngestError("x.txt: file is empty")
    assert str(err) == "x.txt: file is empty"
    assert err.message == "x.txt: file is empty"
