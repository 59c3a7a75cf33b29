import pytest

from store import language
from store.language import detect_language, detect_language_with_confidence

SAMPLES = {
    "en": "The city council approved the new budget on Tuesday after a long debate about school funding.",
    "fr": "Le conseil municipal a adopté mardi le nouveau budget après un long débat sur les écoles.",
    "de": "Der Stadtrat hat am Dienstag nach einer langen Debatte über die Schulen den Haushalt beschlossen.",
    "es": "El ayuntamiento aprobó el martes el nuevo presupuesto tras un largo debate sobre las escuelas.",
    "pt": "A câmara municipal aprovou na terça-feira o novo orçamento depois de um longo debate sobre as escolas.",
    "it": "Il consiglio comunale ha approvato martedì il nuovo bilancio dopo un lungo dibattito sulle scuole.",
    "vi": "Hội đồng thành phố đã thông qua ngân sách mới vào thứ Ba sau một cuộc tranh luận dài về trường học.",
}


@pytest.mark.parametrize("code, text", sorted(SAMPLES.items()))
def test_detects_common_languages(code, text):
    assert detect_language(text) == code


def test_short_vietnamese_uses_the_diacritics():
    assert detect_language_with_confidence("Bí mật đằng sau cuộc trò chuyện") == ("vi", 1.0)


def test_a_vietnamese_name_does_not_make_french_text_vietnamese():
    text = SAMPLES["fr"] + " Selon le journal Báo Công thương, la décision était attendue depuis longtemps."
    assert detect_language(text) == "fr"


@pytest.mark.parametrize("text", ["", "Hi", "Le président", "12345 678 !!!", "— · —", "2024-10-25"])
def test_too_short_or_not_language(text):
    assert detect_language(text) is None


def test_non_text_input():
    assert detect_language(None) is None  # type: ignore[arg-type]


def test_deterministic():
    text = SAMPLES["en"] + " " + SAMPLES["fr"]
    assert len({detect_language(text) for _ in range(5)}) == 1


def test_model_is_loaded_once():
    detect_language(SAMPLES["de"])
    first = language._model()
    detect_language(SAMPLES["es"])
    assert language._model() is first


def test_answers_are_iso_639_1():
    for text in SAMPLES.values():
        code = detect_language(text)
        assert code is not None and len(code) == 2 and code.islower()
