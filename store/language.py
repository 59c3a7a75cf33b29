"""Telling which language an article is written in (ISO 639-1 codes)."""

from __future__ import annotations

import re
import threading

__all__ = ["detect_language", "detect_language_with_confidence"]

# Enough text to be sure of the language; more only costs time.
_SAMPLE_CHARS = 800
_QUICK_SAMPLE_CHARS = 200
_QUICK_CONFIDENCE = 0.95
_MIN_LETTERS = 12
_MIN_WORDS = 2
# Below this the model is guessing (its answers on two-word menu labels land here).
_MIN_CONFIDENCE = 0.15

# Letters that only Vietnamese uses among Latin-script languages.
_VIETNAMESE_LETTERS = re.compile(
    "[ơưăđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĩũ"
    "ƠƯĂĐẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸĨŨ]"
)
_WORD = re.compile(r"[^\W\d_]{2,}")

# Model labels that are not ISO 639-1 but have an obvious 639-1 parent.
_TO_ISO639_1 = {"arz": "ar", "ary": "ar", "yue": "zh", "wuu": "zh", "uzs": "uz", "nn": "no", "hbo": "he"}

_identifier = None
_lock = threading.Lock()


def _model():
    """Load the language model once per process, on first use (it takes most of a second)."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def _enough_words(sample: str) -> bool:
    """At least two words and a dozen letters: stops at the first words that prove it."""
    words = letters = 0
    for match in _WORD.finditer(sample):
        words += 1
        letters += len(match.group())
        if words >= _MIN_WORDS and letters >= _MIN_LETTERS:
            return True
    return False


def detect_language_with_confidence(text: str) -> tuple[str | None, float]:
    """Like ``detect_language`` but also return the model's confidence (0..1)."""
    if not isinstance(text, str):
        return None, 0.0
    sample = text[:_SAMPLE_CHARS]
    if not _enough_words(sample):
        return None, 0.0
    vietnamese = len(_VIETNAMESE_LETTERS.findall(sample))
    if vietnamese >= 3 and vietnamese >= 0.03 * len(sample):
        return "vi", 1.0
    model = _model()
    # A short sample settles most texts; only unclear ones pay for the longer sample.
    label, confidence = model.classify(sample[:_QUICK_SAMPLE_CHARS])
    if confidence < _QUICK_CONFIDENCE and len(sample) > _QUICK_SAMPLE_CHARS:
        label, confidence = model.classify(sample)
    label = _TO_ISO639_1.get(label, label)
    if len(label) != 2 or label == "zxx":
        return None, 0.0
    return label, confidence


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the text's language, or None when the text is too short
    or carries no language (numbers, symbols). Deterministic for a given text."""
    label, confidence = detect_language_with_confidence(text)
    return label if confidence >= _MIN_CONFIDENCE else None
