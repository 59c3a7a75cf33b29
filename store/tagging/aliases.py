"""The alias table: canonical entities and every name they go by.

The table merges three sources, most trusted first:

1. the user's ``aliases.json`` in the config directory (``NEWSDESK_CONFIG_DIR`` or
   ``platformdirs.user_config_dir("newsdesk")``);
2. the shipped ``aliases.json`` next to this module;
3. country and region names in many languages from Babel's CLDR data.

Both JSON files hold a list of entries (or ``{"entities": [...]}``) shaped like::

    {"id": "vladimir-putin", "kind": "person",
     "names": {"en": "Vladimir Putin", "fr": "Vladimir Poutine"},
     "aliases": ["Putin", "Poutine", "Путин"]}

``id`` is a lowercase ASCII slug; ``kind`` is person, org, place or other;
``names`` maps a language code to the display name in that language; ``aliases``
are other spellings. An entry may also carry ``"territory": "US"`` (a CLDR
territory code) to take that territory's names in every language from Babel.
A user entry whose id already exists adds names and aliases to it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from store.models import ENTITY_KINDS

log = logging.getLogger(__name__)

SHIPPED_PATH = Path(__file__).with_name("aliases.json")
USER_FILE_NAME = "aliases.json"

# Languages whose CLDR country names are merged into the table.
BABEL_LANGUAGES = (
    "en", "fr", "vi", "de", "es", "pt", "it", "nl", "ru", "uk", "pl", "tr", "id",
    "sv", "ro", "cs", "zh", "ja", "ko", "ar",
)
# CLDR regions worth tagging (continents and large areas); countries are all taken.
BABEL_REGIONS = ("002", "003", "005", "009", "142", "143", "150", "151", "419", "035")
# CLDR codes that are not real places.
BABEL_SKIP = frozenset({"ZZ", "QO", "XA", "XB", "EZ", "CQ"})

# Aliases this short (after folding) must match exactly, accents and case included:
# "US" is not "us", "Ý" (Italy in Vietnamese) is not the Spanish "Y".
MIN_FOLDED_LENGTH = 4

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_COMBINING_RE = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_SPACES_RE = re.compile(r"\s+")

_PUNCT = {
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "‐": "-", "‑": "-", "‒": "-",
    "–": "-", "—": "-", "\u00a0": " ",
}
_PUNCT_TABLE = str.maketrans(_PUNCT)
_FOLD_TABLE = str.maketrans({
    "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE", "ß": "ss", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d",
    "Ð": "D", **_PUNCT,
})

_TRANSLIT = str.maketrans({
    # Cyrillic (Russian, Ukrainian) in a plain, readable romanisation.
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
    "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Greek
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o",
})


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` used for every comparison."""
    text = text.translate(_FOLD_TABLE)
    if not text.isascii():
        text = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))
    return text.casefold()


def normalize_surface(text: str) -> str:
    """Collapse whitespace and unify apostrophes and hyphens, keeping case and accents."""
    return _SPACES_RE.sub(" ", text.translate(_PUNCT_TABLE)).strip()


def slugify(name: str) -> str:
    """Lowercase ASCII slug of ``name`` (accents folded, Cyrillic/Greek romanised).

    Names in scripts without a romanisation here get a stable hash-based slug.
    """
    folded = fold(name).translate(_TRANSLIT)
    slug = _NON_ALNUM_RE.sub("-", folded).strip("-")
    if slug and slug.isascii():
        return slug
    ascii_part = _NON_ALNUM_RE.sub("-", folded.encode("ascii", "ignore").decode()).strip("-")
    digest = hashlib.sha1(name.strip().encode("utf-8")).hexdigest()[:10]
    return f"{ascii_part}-{digest}" if ascii_part else f"n-{digest}"


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One canonical entity: its id, kind and display names by language."""

    id: str
    kind: str
    names: Mapping[str, str]

    def display(self, language: str | None) -> str:
        """Display name in ``language`` when known, else the English name."""
        if language:
            name = self.names.get(language) or self.names.get(language.split("-")[0].lower())
            if name:
                return name
        return self.names.get("en") or next(iter(self.names.values()), self.id)


@dataclass(slots=True)
class _Draft:
    id: str
    kind: str | None = None
    names: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    territory: str | None = None


class AliasTable:
    """Lookup of names and aliases to canonical entries.

    ``lookup`` is what the tagger uses on text (exact match for short aliases,
    case/accent-insensitive otherwise); ``resolve`` is the looser lookup for
    what a user types. ``warnings`` lists problems found in the user's file.
    """

    def __init__(self, entries: Iterable[tuple[AliasEntry, Iterable[str | tuple[str, str]]]],
                 warnings: Iterable[str] = ()) -> None:
        """``entries`` pairs each entry with its surfaces; a surface given as
        ``(text, language)`` is only matched in text of that language."""
        self.entries: dict[str, AliasEntry] = {}
        self._exact: dict[str, AliasEntry] = {}
        self._folded: dict[str, AliasEntry] = {}
        self._context_only: dict[str, AliasEntry] = {}
        # Keys (exact or folded) usable only in some languages: another language's
        # country name can be a common name here (French "Maurice" is Mauritius).
        self._languages: dict[str, set[str]] = {}
        self._universal: set[str] = set()
        self.warnings: tuple[str, ...] = tuple(warnings)
        for entry, surfaces in entries:
            if entry.id in self.entries:
                continue
            self.entries[entry.id] = entry
            for surface in surfaces:
                if isinstance(surface, tuple):
                    self._register(surface[0], entry, surface[1])
                else:
                    self._register(surface, entry, None)

    def _register(self, surface: str, entry: AliasEntry, language: str | None) -> None:
        surface = normalize_surface(surface)
        if not surface:
            return
        folded = fold(surface)
        letters = sum(ch.isalnum() for ch in surface)
        if letters <= 1:
            # A lone letter ("X") is only that entity in a telling context.
            self._context_only.setdefault(surface, entry)
            return
        for key, table in ((surface, self._exact), (folded, self._folded)):
            current = table.setdefault(key, entry)
            if current is not entry:
                continue
            if language is None:
                self._universal.add(key)
                self._languages.pop(key, None)
            elif key not in self._universal:
                self._languages.setdefault(key, set()).add(language)

    def _allowed(self, key: str, language: str | None) -> bool:
        if language is None:
            return True
        langs = self._languages.get(key)
        return langs is None or language in langs

    # -- lookups -----------------------------------------------------------------

    def lookup(self, surface: str, language: str | None = None) -> AliasEntry | None:
        """Entry for a name found in text of ``language`` (None: any), or None.

        Aliases shorter than four letters must match exactly (``US``, ``UN``,
        ``Nga``); longer ones match whatever the case and accents.
        """
        hit = self._exact.get(surface)
        if hit is not None:
            return hit if self._allowed(surface, language) else None
        folded = fold(surface)
        if len(folded) >= MIN_FOLDED_LENGTH:
            hit = self._folded.get(folded)
            if hit is not None and self._allowed(folded, language):
                return hit
        return None

    def lookup_folded(self, folded: str, language: str | None = None) -> AliasEntry | None:
        """Entry for an already folded multi-word name, or None."""
        hit = self._folded.get(folded)
        return hit if hit is not None and self._allowed(folded, language) else None

    def context_only(self, surface: str) -> AliasEntry | None:
        """Entry for a one-letter alias such as ``X``, to be confirmed by context."""
        return self._context_only.get(surface)

    def resolve(self, text: str) -> str | None:
        """Canonical id for a user-typed id, display name or alias, or None."""
        text = normalize_surface(text)
        if not text:
            return None
        if text in self.entries:
            return text
        folded = fold(text)
        hit = self._folded.get(folded) or self._exact.get(text)
        if hit is None:
            for surface, entry in self._context_only.items():
                if fold(surface) == folded:
                    hit = entry
                    break
        if hit is not None:
            return hit.id
        slug = slugify(text)
        return slug if slug in self.entries else None

    def multiword_surfaces(self, language: str | None = None) -> list[tuple[str, AliasEntry]]:
        """Every alias of two or more words usable in ``language``, with its entry."""
        out = []
        for surface, entry in self._exact.items():
            if " " in surface and self._allowed(surface, language):
                out.append((surface, entry))
        return out

    def place_words(self, language: str | None = None) -> frozenset[str]:
        """Folded one-word place names (to recognise demonyms such as "Ethiopian")."""
        return frozenset(
            key for key, entry in self._folded.items()
            if entry.kind == "place" and " " not in key and self._allowed(key, language)
        )

    def __len__(self) -> int:
        return len(self.entries)


# -- loading ---------------------------------------------------------------------------


class AliasFileError(ValueError):
    """A user alias file that cannot be used; the message is one sentence."""


def _validate(data: Any, path: Path, *, shipped: bool) -> list[_Draft]:
    if isinstance(data, dict) and "entities" in data:
        data = data["entities"]
    if not isinstance(data, list):
        raise AliasFileError(f"{path}: expected a list of entries, found {type(data).__name__}.")
    drafts: list[_Draft] = []
    for number, item in enumerate(data, start=1):
        where = f"{path}: entry {number}"
        if not isinstance(item, dict):
            raise AliasFileError(f"{where} is not an object.")
        ident = item.get("id")
        if not isinstance(ident, str) or not _SLUG_RE.match(ident):
            raise AliasFileError(f"{where} needs an \"id\" made of lowercase letters, digits and hyphens.")
        kind = item.get("kind")
        if kind is not None and kind not in ENTITY_KINDS:
            raise AliasFileError(f"{where} ({ident}) has kind {kind!r}; use one of {', '.join(ENTITY_KINDS)}.")
        names = item.get("names", {})
        if not isinstance(names, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in names.items()
        ):
            raise AliasFileError(f"{where} ({ident}) has \"names\" that is not an object of language: name strings.")
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise AliasFileError(f"{where} ({ident}) has \"aliases\" that is not a list of strings.")
        territory = item.get("territory")
        if territory is not None and not isinstance(territory, str):
            raise AliasFileError(f"{where} ({ident}) has a \"territory\" that is not a string.")
        if shipped and (kind is None or not (names or territory)):
            raise AliasFileError(f"{where} ({ident}) needs a kind and names.")
        drafts.append(_Draft(id=ident, kind=kind, names=dict(names), aliases=list(aliases),
                             territory=territory.upper() if territory else None))
    return drafts


def _read(path: Path, *, shipped: bool) -> list[_Draft]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AliasFileError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise AliasFileError(f"{path}: is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise AliasFileError(f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}).") from None
    return _validate(data, path, shipped=shipped)


def _split_parenthesised(name: str) -> list[str]:
    """"Myanmar (Burma)" gives "Myanmar" and "Burma"; other names pass through."""
    match = re.match(r"^(.*?)\s*\((.*?)\)\s*$", name)
    if not match:
        return [name]
    return [part for part in (match.group(1), match.group(2)) if part]


def _territory_cache_path() -> Path | None:
    """Where Babel's territory names are kept once read: loading them means parsing the full
    locale data of every language (tens of megabytes that a process never gets back)."""
    try:
        import babel

        base = os.environ.get("NEWSDESK_CACHE_DIR")
        if not base:
            from platformdirs import user_cache_dir

            base = user_cache_dir("newsdesk")
    except Exception:  # noqa: BLE001 - no cache is only slower
        return None
    key = hashlib.sha1(repr((BABEL_LANGUAGES, BABEL_REGIONS, sorted(BABEL_SKIP))).encode()).hexdigest()[:12]
    return Path(base) / f"territories-babel{babel.__version__}-{key}.json"


def _read_territory_cache(path: Path | None) -> dict[str, dict[str, str]] | None:
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(data, dict) and all(
        isinstance(names, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in names.items())
        for names in data.values()
    )
    return data if ok and data else None


def _write_territory_cache(path: Path | None, by_code: dict[str, dict[str, str]]) -> None:
    if path is None or not by_code:
        return
    try:
        from store.storage import atomic_write_bytes

        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, json.dumps(by_code, ensure_ascii=False, sort_keys=True).encode("utf-8"), keep_backup=False)
    except Exception:  # noqa: BLE001 - a read-only home only loses the shortcut
        pass


@lru_cache(maxsize=1)
def _babel_territories() -> dict[str, dict[str, str]]:
    """{code: {language: name}} for every country and selected region (from a small cache
    file after the first time, for this Babel version)."""
    path = _territory_cache_path()
    cached = _read_territory_cache(path)
    if cached is not None:
        return cached
    by_code = _read_babel_territories()
    _write_territory_cache(path, by_code)
    return by_code


def _read_babel_territories() -> dict[str, dict[str, str]]:
    from babel import Locale

    by_code: dict[str, dict[str, str]] = {}
    for language in BABEL_LANGUAGES:
        try:
            territories = Locale.parse(language).territories
        except Exception:  # an incomplete Babel install should not break tagging
            continue
        for code, name in territories.items():
            if (len(code) == 2 and code.isalpha() and code not in BABEL_SKIP) or code in BABEL_REGIONS:
                by_code.setdefault(code, {})[language] = name
    return by_code


def _lexicon_words() -> frozenset[str]:
    """Function words, honorifics, page furniture and calendar words, as written."""
    from store.tagging import lexicon

    words: set[str] = set()
    for group in lexicon.FUNCTION_WORDS.values():
        words.update(group)
    for group in lexicon.HONORIFICS.values():
        words.update(group)
    words.update(lexicon.BOILERPLATE)
    words.update(lexicon.CALENDAR_WORDS)
    return frozenset(normalize_surface(w) for w in words)


def build_table(drafts_by_priority: list[list[_Draft]], warnings: Iterable[str] = ()) -> AliasTable:
    """Merge drafts (most trusted list first) with Babel's territory names."""
    merged: dict[str, _Draft] = {}
    priority: dict[str, int] = {}
    for rank in range(len(drafts_by_priority) - 1, -1, -1):  # least trusted first, overridden later
        drafts = drafts_by_priority[rank]
        for draft in drafts:
            priority[draft.id] = rank
            current = merged.get(draft.id)
            if current is None:
                merged[draft.id] = _Draft(draft.id, draft.kind, dict(draft.names),
                                          list(draft.aliases), draft.territory)
                continue
            if draft.kind:
                current.kind = draft.kind
            current.names.update(draft.names)
            # Trusted aliases first, so they win ties in the lookup maps.
            current.aliases[:0] = draft.aliases
            current.territory = draft.territory or current.territory

    # An alias that is also an ordinary word would tag that word everywhere: Babel
    # names are dropped on any case/accent-insensitive clash ("Anh"), hand-written
    # ones only on an exact clash (so "US" stays while "Us" is a pronoun).
    lexicon_words = _lexicon_words()
    skip_words = frozenset(fold(w) for w in lexicon_words)
    territories = _babel_territories()
    claimed = {d.territory for d in merged.values() if d.territory}
    ordered: list[tuple[AliasEntry, list[str]]] = []
    babel_extra: list[tuple[AliasEntry, list[str]]] = []

    def babel_names(code: str) -> tuple[dict[str, str], list[str | tuple[str, str]]]:
        names: dict[str, str] = {}
        surfaces: list[str | tuple[str, str]] = []
        for language, name in territories.get(code, {}).items():
            parts = _split_parenthesised(name)
            names[language] = parts[0]
            for part in parts:
                if fold(part) not in skip_words:
                    surfaces.append(part if language == "en" else (part, language))
        return names, surfaces

    # The most trusted entries register their aliases first, so they win clashes.
    for draft in sorted(merged.values(), key=lambda d: priority[d.id]):
        names = dict(draft.names)
        surfaces: list[str | tuple[str, str]] = [
            s for s in list(names.values()) + list(draft.aliases)
            if normalize_surface(s) not in lexicon_words
        ]
        if draft.territory:
            t_names, t_surfaces = babel_names(draft.territory)
            for language, name in t_names.items():
                names.setdefault(language, name)
            surfaces.extend(t_surfaces)
        if not names:
            if not surfaces:
                continue
            names = {"en": surfaces[0]}
        if "en" not in names:
            names["en"] = next(iter(names.values()))
        entry = AliasEntry(draft.id, draft.kind or "other", names)
        ordered.append((entry, surfaces))

    for code in sorted(territories):
        if code in claimed:
            continue
        names, surfaces = babel_names(code)
        english = names.get("en")
        if not english:
            continue
        ident = slugify(english)
        if ident in merged:
            continue
        babel_extra.append((AliasEntry(ident, "place", names), surfaces))

    # Hand-written entries first: on a clash, the hand-written alias wins.
    return AliasTable(ordered + babel_extra, warnings)


def config_dir() -> Path:
    """The user's newsdesk config directory (``NEWSDESK_CONFIG_DIR`` overrides)."""
    override = os.environ.get("NEWSDESK_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("newsdesk"))


def load_alias_table(config_directory: Path | str | None = None) -> AliasTable:
    """Load the shipped table, Babel's country names and the user's extension file.

    A user file that is missing is fine; one that is malformed is ignored and its
    problem is reported in ``AliasTable.warnings`` (and logged), never raised.
    """
    shipped = _read(SHIPPED_PATH, shipped=True)
    warnings: list[str] = []
    user: list[_Draft] = []
    directory = Path(config_directory) if config_directory is not None else config_dir()
    user_path = directory / USER_FILE_NAME
    if user_path.is_file():
        try:
            user = _read(user_path, shipped=False)
        except AliasFileError as exc:
            message = f"Ignoring alias file {exc}"
            warnings.append(message)
            log.warning(message)
    return build_table([user, shipped], warnings)


@lru_cache(maxsize=1)
def default_alias_table() -> AliasTable:
    """The alias table for the current user, loaded once per process."""
    return load_alias_table()
