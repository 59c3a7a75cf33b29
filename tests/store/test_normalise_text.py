"""Dedupe keys: an article's words, normalised, the same whatever punctuation and spacing surround them."""

import re
import unicodedata

import pytest

from store.db import content_fingerprint, normalise_text, title_key


def by_regex(text: str) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hello, World!", "hello world"),
        ("  l'Ukraine — et « la France »…  ", "l ukraine et la france"),
        ("snake_case stays_one", "snake_case stays_one"),
        ("Tin tức: Hà Nội, 2024!", "tin tức hà nội 2024"),
        ("ﬁne ＡＢＣ １２３", "fine abc 123"),  # NFKC: ligature and full-width forms
        ("a\u00a0b\u200bc\u2028d\te\nf", "a b c d e f"),  # odd spaces, and a zero-width one, part words
        ("٣ apples", "٣ apples"),
        ("Straße", "strasse"),
        ("", ""),
        ("?!…", ""),
    ],
)
def test_normalise_text(text, expected):
    assert normalise_text(text) == expected == by_regex(text)


def test_every_character_splits_or_joins_words_as_the_regex_does():
    # Many characters per text keeps this quick; a difference would still show in one of them.
    codes = list(range(0x110000))
    for start in range(0, len(codes), 64):
        text = " ".join(f"ab{chr(c)}cd {chr(c)}x" for c in codes[start : start + 64])
        assert normalise_text(text) == by_regex(text), hex(start)


def test_fingerprint_ignores_case_spacing_and_punctuation():
    a = content_fingerprint("Le Monde: l'Ukraine", ("Un  texte,", "sur deux lignes."))
    b = content_fingerprint("le monde l ukraine", ("un texte sur", "deux lignes"))
    assert a == b and len(a) == 40
    assert content_fingerprint("Other", ("un texte",)) != a
    assert title_key("Breaking: News!") == "breaking news"
