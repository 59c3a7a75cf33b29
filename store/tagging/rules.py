"""The default, rule-based entity tagger.

How it reads an article:

1. Candidate names are runs of capitalised words (``Nguyễn Phú Trọng``,
   ``Wall Street Journal``), allowing name particles between them (``de``, ``von``,
   ``bin``, ``da``...), hyphens and apostrophes inside words (``Jean-Luc``,
   ``O'Brien``), dotted acronyms (``U.S.``, ``TP.HCM``) and initials (``George W.
   Bush``). French elisions (``l'Ukraine``), possessives (``Musk's``) and English
   contractions (``I'm``) are cut off.
2. Inside a run, the longest alias-table phrase wins at each position (phrases may
   contain lowercase words, like ``Liên bang Nga`` or ``Union européenne``);
   honorifics and titles (``M.``, ``Tổng thống``, ``Prime Minister``) split the run
   and mark the following name as a person; function words (``Selon``, ``The``,
   ``Theo``) and page furniture (``Photo``, ``No data``) are dropped; days, months,
   nationality words and the like are dropped when they stand alone.
3. A lone capitalised word at the start of a sentence is kept only if it is a known
   alias, appears capitalised mid-sentence elsewhere, or is the short form of a
   longer name in the article. A lone word that the article also uses in lowercase
   ("Year", "People") is dropped. In a Title Case headline, only names also found
   in the body, known aliases, or a first name with its surname count.
4. Short forms are merged into the full name they end or start (``M. Musk``,
   ``Musk`` -> Elon Musk; ``M. Peskov`` -> Dmitri Peskov; ``Lindsay`` -> Lindsay
   Lohan when she is the only Lindsay), and a stray leading word is dropped when
   the rest is a known name (``American Hasim Rahman``).
5. Names found in the alias table get its canonical id and kind; other names get
   the slug of their full name as id and a kind guessed from their words and
   surroundings (org suffixes, honorifics, first names, short forms used alone,
   place prepositions).

``Entity.mentions`` counts every occurrence of any of an entity's forms; a mention
in the title counts ``TITLE_WEIGHT`` (2). Output is sorted by mentions, then by
first appearance, and capped at ``MAX_ENTITIES`` (200) per article; a candidate
of more than ``MAX_NAME_WORDS`` words is not a name and is dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from store.models import Entity
from store.tagging import lexicon
from store.tagging.aliases import (
    AliasEntry,
    AliasTable,
    default_alias_table,
    fold,
    normalize_surface,
    slugify,
)

MAX_ENTITIES = 200
MAX_NAME_WORDS = 6
TITLE_WEIGHT = 2
LANGUAGES = tuple(lexicon.FUNCTION_WORDS)

_SPACE = r"[ \t\u00a0]"
_ALIAS, _HONORIFIC, _FUNCTION, _CALENDAR, _WEAK, _WORD = range(6)
_SENTENCE_END = frozenset(".!?…:;|•·—–-\n\r")
_QUOTE_OPENERS = frozenset("\"'“‘«„")
_OPENERS = " \t\u00a0\"'«»“”‘’„‟()[]{}*_"
_ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Dr", "Prof", "MM", "Mme", "Mlle", "M", "St", "Ste", "Sen", "Rep",
    "Gov", "Gen", "Lt", "Col", "Sgt", "Capt", "Cmdr", "Adm", "Maj", "Det", "Insp", "Supt",
    "Rev", "Pres", "Hon", "Jr", "Sr", "Sra", "Srta", "Inc", "Ltd", "Corp", "Co", "Mt",
    "Ft", "No", "Nos", "Vol", "Sig", "Dott", "GS", "PGS", "TS", "ThS", "BS",
)
# Nationality words built on a place name, as (word ending, place ending):
# Ethiopia-n, Mexic-an/Mexic-o, Chin-ese/Chin-a, Yemen-i, Uzbek/Uzbek-istan, Russ-e/Russ-ie.
# Names ending so are laws, treaties, events: neither people nor organisations.
_OTHER_SUFFIXES = frozenset(("act", "treaty", "agreement", "accord", "accords", "law",
                             "bill", "war", "cup", "games", "awards", "award", "prize"))
_DEMONYM_PAIRS = (
    ("n", ""), ("an", "o"), ("an", "a"), ("ian", ""), ("ian", "a"), ("ian", "e"),
    ("ean", "a"), ("ean", "e"), ("ese", ""), ("ese", "a"), ("ese", "on"), ("i", ""),
    ("i", "ia"), ("ish", ""), ("ish", "ey"), ("ish", "and"), ("", "istan"), ("", "stan"),
    ("e", "ie"), ("ien", ""), ("ien", "e"), ("ien", "ie"), ("ienne", ""), ("ienne", "e"),
    ("ain", "que"), ("aine", "que"), ("ais", "e"), ("ais", ""), ("aise", "e"),
    ("ois", "e"), ("ois", ""), ("o", "a"), ("er", ""),
)


@lru_cache(maxsize=1)
def _letter_classes() -> tuple[str, str]:
    """Regex classes of upper/titlecase and lowercase letters (Basic Multilingual Plane)."""

    def ranges(pred) -> str:
        out: list[str] = []
        start = prev = None
        for cp in range(0x10000):
            if pred(chr(cp)):
                if start is None:
                    start = cp
                prev = cp
            elif start is not None:
                out.append(re.escape(chr(start)) if start == prev
                           else f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
                start = None
        return "".join(out)

    return ranges(lambda c: c.isupper() or c.istitle()), ranges(str.islower)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    up, lo = _letter_classes()
    abbreviations = "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True))
    particles = "|".join(re.escape(p) for p in lexicon.NAME_PARTICLES)
    token = (
        # The leading look-ahead lets the regex engine skip most positions quickly.
        rf"(?=[{up}abeo])(?<!\w)(?:"
        rf"(?:[{up}]\.){{2,}}"  # U.S.  U.N.  D.C.
        rf"|[{up}]{{1,4}}\.[{up}]{{2,}}(?!\w)"  # TP.HCM
        rf"|(?:{abbreviations})\.(?=\s)"  # Mr.  M.  MM.
        rf"|[{up}]\.(?={_SPACE}+[{up}])"  # an initial, as in George W. Bush
        rf"|(?:al|el|ad|as|ash|an|ar|at|az|bin|ibn|abu|abd|ben|ould)-[{up}]\w*"
        rf"|[{up}]\w*(?:[-\u2010\u2011'’]\w+)*"
        r")"
    )
    upper = (
        # The same tokens when no Arabic particle can start one: a leading plain character
        # class lets the regex engine skip to capitals quickly.
        rf"[{up}](?<!\w[{up}])(?:"
        rf"\.(?:[{up}]\.)+"
        rf"|[{up}]{{0,3}}\.[{up}]{{2,}}(?!\w)"
        rf"|(?:{_after_first(sorted(_ABBREVIATIONS, key=len, reverse=True))})\.(?=\s)"
        rf"|\.(?={_SPACE}+[{up}])"
        rf"|\w*(?:[-\u2010\u2011'’]\w+)*"
        r")"
    )
    return {
        "token": re.compile(token),
        "token_upper": re.compile(upper),
        "hyphen_capital": re.compile(rf"-[{up}]"),
        "gap": re.compile(rf"{_SPACE}*(?:(?:{particles}){_SPACE}+)*"),
        "particle": re.compile(rf"(?<!\S)(?:{particles})(?!\S)"),
        "elision": re.compile(r"^(?:[LDJMNSTC]|Qu|Jusqu|Lorsqu|Puisqu|Dell|All|Nell|Dall|Sull|Un)['’]"),
        "contraction": re.compile(r"(?:[nN]['’][tT]|['’](?:[mM]|[vV][eE]|[lL][lL]|[rR][eE]|[dD]|[tT]))$"),
        "vi_syllable": re.compile(rf"{_SPACE}([{lo}]+)(?=[\s,.;:!?)\"”]|$)"),
        "lower_word": re.compile(rf"(?<!\w)[{lo}][\w'’]*"),
        "roman": re.compile(r"^[IVXLC]+$"),
        "x_before": re.compile(
            r"(?:social|sociale|social network|social media|réseautage social|réseau social|"
            r"plateforme|platform|network|mạng xã hội|nền tảng|red social|rede social)"
            rf"{_SPACE}+$",
            re.IGNORECASE,
        ),
        "x_after": re.compile(
            rf"{_SPACE}*[(,]{_SPACE}*(?:formerly|anciennement|ex-|trước đây|antes|früher|ehemals|ex )",
            re.IGNORECASE,
        ),
    }


def _after_first(words) -> str:
    """Alternation of ``words`` minus their first letter, each behind a look-back for it;
    grouped by that letter, keeping the given order within a group."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"(?<={re.escape(first)})(?:{'|'.join(rest)})" for first, rest in groups.items())


def _folds(words) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


@lru_cache(maxsize=1 << 16)
def _low(text: str) -> str:
    """Case-insensitive but accent-sensitive form: Vietnamese "Vẫn" (still) is not "Văn"."""
    return normalize_surface(text).casefold()


def _lows(words) -> frozenset[str]:
    return frozenset(_low(w) for w in words)


class _View:
    """Lexicon and phrase matchers for one article language, built once per tagger."""

    def __init__(self, table: AliasTable, language: str | None) -> None:
        langs = (language,) if language in lexicon.FUNCTION_WORDS else LANGUAGES
        if "en" not in langs:
            langs = langs + ("en",)
        fn_words = [w for lang in langs for w in lexicon.FUNCTION_WORDS[lang]]
        fn_words += list(lexicon.BOILERPLATE)
        honorifics = [w for lang in langs for w in lexicon.HONORIFICS.get(lang, ())]
        # Multi-word honorifics and function phrases are unambiguous: take every language's.
        all_honorifics = [w for group in lexicon.HONORIFICS.values() for w in group]
        all_function = [w for group in lexicon.FUNCTION_WORDS.values() for w in group]
        all_function += list(lexicon.BOILERPLATE)
        self.language = language
        self.table = table
        # Word lists compare case-insensitively but keep accents (see ``_low``).
        self.function = _lows(w for w in fn_words if " " not in w)
        self.honorific = _lows(w for w in honorifics if " " not in w)
        self.calendar = _lows(w for w in lexicon.CALENDAR_WORDS if " " not in w)
        self.weak = _lows(lexicon.WEAK_WORDS)
        self.title_modifiers = _lows(lexicon.TITLE_MODIFIERS)
        self.capital_particles = _folds(lexicon.CAPITAL_PARTICLES)
        self.conjunctions = _folds(lexicon.CONJUNCTIONS)
        self.first_names = _folds(lexicon.FIRST_NAMES)
        self.designators = _folds(lexicon.CORPORATE_DESIGNATORS)
        self.name_suffixes = _folds(("Jr", "Jr.", "Sr", "Sr."))
        self.org_suffixes = _folds(lexicon.ORG_SUFFIXES)
        self.place_suffixes = _folds(lexicon.PLACE_SUFFIXES)
        self.org_prefixes = _folds(lexicon.ORG_PREFIXES)
        self.place_prefixes = _folds(lexicon.PLACE_PREFIXES)
        self.place_words = table.place_words(language)
        # Words that, just before a name, hint at a person or a place (one or two words).
        self.person_cues = _lows(lexicon.PERSON_CUES) | self.honorific | _lows(
            w for lang in langs for w in lexicon.HONORIFICS.get(lang, ())
        )
        self.place_cues = frozenset(lexicon.PLACE_PREPOSITIONS)

        phrases: dict[str, tuple[str, AliasEntry | None]] = {}
        variants: dict[str, set[str]] = {}
        for surface, entry in table.multiword_surfaces(language):
            phrases.setdefault(fold(surface), ("alias", entry))
            variants.setdefault(fold(surface), set()).add(surface)
        for kind, words in (("honorific", all_honorifics), ("function", all_function),
                            ("calendar", lexicon.CALENDAR_WORDS), ("weak", lexicon.WEAK_WORDS),
                            ("prefix", lexicon.ORG_PREFIXES + lexicon.PLACE_PREFIXES)):
            for word in words:
                if " " in word:
                    phrases.setdefault(fold(word), (kind, None))
                    variants.setdefault(fold(word), set()).add(word)
        by_first: dict[str, list[str]] = {}
        for folded, surfaces in variants.items():
            for form in surfaces | {folded}:
                by_first.setdefault(fold(form.split(" ", 1)[0]), []).append(form)
        self.phrases = phrases
        self._phrase_forms = by_first
        self._phrase_rx: dict[str, re.Pattern[str] | None] = {}
        self._demonyms: dict[str, bool] = {}
        self._classes: dict[str, tuple] = {}
        self._cues: dict[str, tuple[bool, bool]] = {}

    def classify(self, text: str) -> tuple:
        """(folded, phrase matcher, alias entry, class) for a token, cached per view."""
        known = self._classes.get(text)
        if known is not None:
            return known
        folded = fold(text)
        low = _low(text)
        entry = self.table.lookup(text, self.language)
        if entry is not None:
            cls = _ALIAS
        elif low in self.honorific:
            cls = _HONORIFIC
        elif low in self.function or (low[-1:] == "." and low[:-1] in self.function):
            cls = _FUNCTION
        elif low in self.calendar:
            cls = _CALENDAR
        elif low in self.weak:
            cls = _WEAK
        else:
            cls = _WORD
        result = (folded, self.phrase_rx(folded), entry, cls)
        if len(self._classes) > 200_000:  # bounded memory on endless streams of new words
            self._classes.clear()
        self._classes[text] = result
        return result

    def phrase_rx(self, first: str) -> re.Pattern[str] | None:
        """Matcher for the phrases starting with the folded word ``first`` (compiled on first use)."""
        try:
            return self._phrase_rx[first]
        except KeyError:
            pass
        forms = self._phrase_forms.get(first)
        rx = None
        if forms:
            forms = sorted(set(forms), key=len, reverse=True)
            body = "|".join(rf"{_SPACE}+".join(re.escape(w) for w in form.split(" ")) for form in forms)
            # The end check stays case-sensitive: "thươngBáo" (glued words) may end a phrase.
            rx = re.compile(rf"(?:{body})(?-i:(?!(?![A-ZÀ-ÖØ-ÞĐ])\w))", re.IGNORECASE)
        self._phrase_rx[first] = rx
        return rx

    def is_demonym(self, folded: str) -> bool:
        """True for nationality words derived from a known place ("ethiopian", "russes")."""
        known = self._demonyms.get(folded)
        if known is not None:
            return known
        result = False
        places = self.place_words
        forms = [folded]
        if folded.endswith("s"):
            forms.append(folded[:-1])
        for form in forms:
            if len(form) < 4 or result:
                continue
            for suffix, ending in _DEMONYM_PAIRS:
                if form.endswith(suffix):
                    stem = form[: len(form) - len(suffix)]
                    place = stem + ending
                    if len(stem) >= 3 and place != form and place in places:
                        result = True
                        break
        self._demonyms[folded] = result
        return result

    def cue(self, gap: str) -> tuple[bool, bool]:
        """(person hint, place hint) from the one or two words just before a name."""
        if len(gap) > 32:
            return self._cue(gap)
        known = self._cues.get(gap)
        if known is None:
            if len(self._cues) > 50_000:  # short gaps repeat (", ", " said "); keep the memory bounded
                self._cues.clear()
            known = self._cues[gap] = self._cue(gap)
        return known

    def _cue(self, gap: str) -> tuple[bool, bool]:
        tail = gap.rstrip(" \t\u00a0")
        if len(tail) == len(gap):  # no space before the name: glued or punctuation
            return False, False
        words = tail.rsplit(None, 2)[-2:]
        if not words:
            return False, False
        last = words[-1].lstrip("(\"'«“‘")
        low_last = _low(last)
        person = low_last in self.person_cues
        if not person and len(words) == 2:
            person = _low(words[0]) + " " + low_last in self.person_cues
        return person, last in self.place_cues


class _Mention:
    __slots__ = ("entry", "words", "weight", "order", "person", "place", "org",
                 "ambiguous", "headline", "initial")

    def __init__(self, entry, words, weight, order, person=False, place=False, org=False,
                 ambiguous=False, headline=False, initial=False):
        self.entry = entry
        self.words = words
        self.weight = weight
        self.order = order
        self.person = person
        self.place = place
        self.org = org
        self.ambiguous = ambiguous
        self.headline = headline
        self.initial = initial


class _Group:
    """All mentions of one unknown name (before short forms are merged)."""

    __slots__ = ("key", "tokens", "display", "display_rank", "count", "first", "person",
                 "org", "confirmed", "headline_only", "initial_only", "parent",
                 "short_forms", "place_hits")

    def __init__(self, key, tokens, first):
        self.key = key
        self.tokens = tokens
        self.display = ""
        self.display_rank = -1
        self.count = 0
        self.first = first
        self.person = self.org = False
        self.confirmed = False
        self.headline_only = True
        self.initial_only = True
        self.parent = None
        self.short_forms = 0
        self.place_hits = 0

    def offer_display(self, words: list[str], headline: bool) -> None:
        text = " ".join(words)
        # Prefer body text over headlines, and normal case over ALL CAPS.
        rank = (0 if headline else 2) + (0 if text.isupper() and len(text) > 6 else 1)
        if rank > self.display_rank:
            self.display, self.display_rank = text, rank


class RuleTagger:
    """Rule-based tagger; see the module docstring for what it does."""

    def __init__(self, aliases: AliasTable | None = None) -> None:
        self._aliases = aliases
        self._views: dict[str | None, _View] = {}

    @property
    def aliases(self) -> AliasTable:
        if self._aliases is None:
            self._aliases = default_alias_table()
        return self._aliases

    def _view(self, language: str | None) -> _View:
        key = language if language in lexicon.FUNCTION_WORDS else None
        view = self._views.get(key)
        if view is None:
            view = self._views[key] = _View(self.aliases, key)
        return view

    def tag(self, title: str, paragraphs: Sequence[str], language: str | None) -> list[Entity]:
        """Entities of one article, most mentioned first (see module docstring)."""
        language = (language or "").split("-")[0].lower() or None
        view = self._view(language)
        return _Article(view, language, title or "", paragraphs).entities()


class _Article:
    """The state of tagging one article."""

    def __init__(self, view: _View, language: str | None, title: str,
                 paragraphs: Sequence[str]) -> None:
        self.view = view
        self.table = view.table
        self.language = language if language in lexicon.FUNCTION_WORDS else None
        self.raw_language = language
        self.title = title
        self.paragraphs = paragraphs
        self.mentions: list[_Mention] = []
        self.order = 0
        self.consumed = -1
        self._lower_words: set[str] | None = None
        self.p = _patterns()

    def writes_lowercase(self, word: str) -> bool:
        """True if the article also writes ``word`` in lowercase (so it is a common word)."""
        words = self._lower_words
        if words is None:
            rx = self.p["lower_word"]
            # One pass over all blocks: a line break can neither start nor continue a word.
            words = set(rx.findall("\n".join((self.title, *self.paragraphs))))
            self._lower_words = words
        lower = word.lower()
        return lower != word and lower in words

    def bracketed_acronyms(self) -> frozenset[str]:
        """Folded acronyms the article spells out: "Full Name (FN)" or "FN (Full Name)"."""
        found: set[str] = set()
        for text in (self.title, *self.paragraphs):
            if "(" in text:
                for m in _BRACKETED_RX.finditer(text):
                    found.add(fold(m.group(1) or m.group(2)))
        return frozenset(found)

    def entities(self) -> list[Entity]:
        headline = _is_title_case(self.title)
        scanner = _RunScanner(self)
        if self.title:
            self.scan(scanner, self.title, TITLE_WEIGHT, headline)
        for paragraph in self.paragraphs:
            if paragraph:
                self.scan(scanner, paragraph, 1, False)
        return self.resolve()

    # -- phase 1: candidate mentions ----------------------------------------------------

    def scan(self, scanner: "_RunScanner", block: str, weight: int, headline: bool) -> None:
        self.consumed = -1  # end of the last phrase match; phrases may span runs
        scanner.prefix_open = False
        classify = self.view.classify
        shouting = headline and self.title.isupper()
        for initial, gap, tokens in self._runs(block):
            if len(tokens) == 1 and not scanner.prefix_open:
                # Fast path for the common lone word: a known alias, or a word never tagged alone.
                text, start, _end, _particle = tokens[0]
                _folded, rx, entry, cls = classify(text)
                if rx is None and start >= self.consumed:
                    if cls == _ALIAS and not (shouting and len(text) < 4):
                        self.mentions.append(_Mention(entry, [text], weight, self.order, headline=headline))
                        self.order += 1
                        continue
                    if cls in (_FUNCTION, _CALENDAR, _WEAK, _HONORIFIC):
                        continue
                    if cls == _WORD and not _particle and not (text[0] == "X" and len(text) <= 2):
                        self._lone_word(text, _folded, weight, headline, initial or headline, gap)
                        continue
            elif len(tokens) == 2 and not scanner.prefix_open:
                # Fast path for two plain words ("Emmanuel Macron", "Police Chief").
                (first, start, _end, particle1), (second, _s, _e, particle2) = tokens
                if not (particle1 or particle2) and start >= self.consumed:
                    _f1, rx1, _e1, cls1 = classify(first)
                    _f2, rx2, _e2, cls2 = classify(second)
                    if (cls1 == _WORD and cls2 == _WORD and rx1 is None and rx2 is None
                            and not (first[0] == "X" and len(first) <= 2)
                            and not (second[0] == "X" and len(second) <= 2)):
                        self._two_words(scanner, first, second, weight, headline, initial or headline, gap)
                        continue
            carry = scanner.prefix_open and not block[self.consumed:tokens[0][1]].strip()
            if scanner.prefix_open and not carry:
                scanner.flush()
            scanner.scan(block, weight, headline, initial, gap, tokens, carry=carry)
        if scanner.prefix_open:
            scanner.flush()

    def _lone_word(self, text: str, folded: str, weight: int, headline: bool, initial: bool, gap: str) -> None:
        """What ``_RunScanner`` makes of a run that is one plain word, without its bookkeeping."""
        if initial and text[1:].islower() and self.writes_lowercase(text):
            return  # a capitalised common word opening a sentence ("Police said...")
        view = self.view
        if folded in view.designators:
            return  # a lone "Inc." or "Jr." names nothing
        letters = len(text) if text.isalpha() else sum(ch.isalpha() for ch in text)
        if letters <= 1 or self.p["roman"].match(text) or (text.isupper() and letters >= 7):
            return
        if letters == 2 and not text.isupper():
            return  # "Md", "Wo": fragments, not names
        person, place = view.cue(gap) if gap else (False, False)
        self.mentions.append(_Mention(None, text.split(" "), weight, self.order, person=person, place=place,
                                      ambiguous=initial, headline=headline, initial=initial))
        self.order += 1

    def _two_words(self, scanner: "_RunScanner", first: str, second: str, weight: int, headline: bool,
                   initial: bool, gap: str) -> None:
        """What ``_RunScanner.scan`` makes of a run of two plain words, without its bookkeeping."""
        scanner.weight = weight
        scanner.headline = headline
        person, place = self.view.cue(gap) if gap else (False, False)
        if initial and first[1:].islower() and self.writes_lowercase(first):
            scanner._emit([("w", second)], person, place, False)  # "Police Chief": the common word goes
        elif second[1:2].islower() and len(first) >= 5 and first.isupper() and first.isalpha():
            scanner._emit([("w", first)], person, place, initial)  # "RIVERTON Sacked": shouting ends
            scanner._emit([("w", second)], False, False, False)
        else:
            scanner._emit([("w", first), ("w", second)], person, place, initial)

    def _runs(self, block: str):
        """Runs of capitalised tokens: [(initial, leading_gap, [(text, start, end, particle)])]."""
        p = self.p
        gap_rx = p["gap"]
        particle_rx = p["particle"]
        runs: list[tuple[bool, str, list]] = []
        current: list[tuple[str, int, int, bool]] | None = None
        prev_end = 0
        vi = self.raw_language == "vi"
        field_at: int | None = None  # where the field of a Vietnamese office name may start
        # Only "al-", "bin-"... before a capital need the full token pattern.
        tokens = p["token"] if "-" in block and p["hyphen_capital"].search(block) else p["token_upper"]
        for m in tokens.finditer(block):
            start, end = m.span()
            text = m.group()
            if "'" in text or "’" in text:
                cut = p["elision"].match(text)
                if cut:
                    start += cut.end()
                    text = text[cut.end():]
                    if not text or not text[0].isupper():
                        continue
                cut = p["contraction"].search(text)
                if cut:
                    end -= len(text) - cut.start()
                    text = text[:cut.start()]
                elif text.endswith(("'s", "’s", "'S", "’S")):
                    text = text[:-2]
                    end -= 2
            if (text[:2] in ("D-", "R-", "I-") and text[2:3].isupper() and start > 0
                    and block[start - 1] in "(, " and block[end:end + 1] in ".,)"
                    and block[max(0, start - 2):start].strip(" ") in ("(", ",")):
                continue  # "(D-Mass.)", ", R-Texas,": a lawmaker's party and state, not a name
            gap = block[prev_end:start]
            if current and (gap == " " or gap_rx.fullmatch(gap)):
                if len(gap) > 1 and gap.strip():
                    for pm in particle_rx.finditer(gap):
                        current.append((pm.group(), prev_end + pm.start(), prev_end + pm.end(), True))
            else:
                stripped = gap.rstrip(_OPENERS)
                quoted = gap.rstrip(" \t\u00a0")
                initial = ((not stripped and prev_end == 0) or (stripped[-1:] in _SENTENCE_END)
                           or (quoted[-1:] in _QUOTE_OPENERS  # a quotation starts
                               and (quoted[-2:-1] in (" ", "\t", "\u00a0", "(", "[")
                                    or (len(quoted) == 1 and prev_end == 0))))
                current = []
                runs.append((initial, gap, current))
            if "-" in text or "\u2010" in text or "\u2011" in text:
                current.extend(self._split_hyphenated(text, start))
            else:
                current.append((text, start, end, False))
            prev_end = end
            if vi:
                if field_at is not None and block[field_at:start] == " ":
                    # "Sở Giáo dục", "Bộ Tài chính": the field after an office keeps its lowercase syllable.
                    tail = p["vi_syllable"].match(block, end)
                    if tail is not None and _low(tail.group(1)) not in _VI_NOT_FIELD:
                        current.append((tail.group(1), tail.start(1), tail.end(1), False))
                        prev_end = tail.end(1)
                field_at = None
                rest = _VI_HEADS.get(_low(text)) if (
                    len(current) == 1 or self.view.classify(current[-2][0])[3] == _FUNCTION
                ) else None
                if rest is not None:
                    if not rest:
                        field_at = end
                    else:
                        tail = p["vi_syllable"].match(block, end)
                        if tail is not None and _low(tail.group(1)) in rest:
                            field_at = tail.end(1)
        return [run for run in runs if run[2]]

    def _split_hyphenated(self, text: str, start: int):
        normalized = text.replace("\u2010", "-").replace("\u2011", "-")
        if self.table.lookup(normalized, self.view.language) is not None:
            return [(normalized, start, start + len(text), False)]
        parts = normalized.split("-")
        kept = []
        for part in parts:
            if not part or not (part[0].isupper() or part[0].isdigit()):
                break
            kept.append(part)
        if not kept:
            return []
        if len(kept) < len(parts):  # "Kremlin-backed" is about the Kremlin
            joined = "-".join(kept)
            return [(joined, start, start + len(joined), False)]
        if any(self.table.lookup(part, self.view.language) is not None for part in parts):
            out = []  # "Russia-Ukraine": two names
            offset = start
            for part in parts:
                out.append((part, offset, offset + len(part), False))
                out.append(("", offset + len(part), offset + len(part) + 1, True))  # hard break
                offset += len(part) + 1
            return out[:-1]
        return [(normalized, start, start + len(text), False)]

    # -- phase 2: merge, classify, count ---------------------------------------------

    def resolve(self) -> list[Entity]:
        view = self.view
        alias_hits: dict[str, list] = {}  # id -> [entry, count, first, surfaces]
        groups: dict[str, _Group] = {}
        for m in self.mentions:
            if m.entry is not None:
                hit = alias_hits.get(m.entry.id)
                if hit is None:
                    hit = alias_hits[m.entry.id] = [m.entry, 0, m.order, set()]
                hit[1] += m.weight
                hit[3].add(tuple(map(fold, m.words)))
                continue
            tokens = tuple(map(fold, m.words))
            key = " ".join(tokens)
            g = groups.get(key)
            if g is None:
                g = groups[key] = _Group(key, tokens, m.order)
            g.offer_display(m.words, m.headline)
            g.count += m.weight
            g.person |= m.person
            g.place_hits += m.weight if m.place else 0
            g.org |= m.org
            if not m.headline:
                g.headline_only = False
            if not m.initial:
                g.initial_only = False
            if not (m.ambiguous or m.headline):
                g.confirmed = True
        return _Resolver(self, alias_hits, groups).run()


class _Resolver:
    """Phase 2: turns grouped mentions into the article's entity list."""

    def __init__(self, article: _Article, alias_hits: dict[str, list], groups: dict[str, _Group]):
        self.a = article
        self.view = article.view
        self.alias_hits = alias_hits
        self.groups = groups
        self.alias_surfaces: dict[str, str] = {}  # folded surface -> alias id
        for ident, (_entry, _count, _first, surfaces) in alias_hits.items():
            for surface in surfaces:
                self.alias_surfaces.setdefault(" ".join(surface), ident)
        self.by_last: dict[str, list] = {}
        self.by_first: dict[str, list] = {}
        self._index()

    def _personish(self, g: _Group) -> bool:
        view = self.view
        tokens = g.tokens
        if g.org or tokens[-1] in view.org_suffixes or tokens[-1] in view.place_suffixes:
            return False
        if tokens[0] in view.org_prefixes or tokens[0] in view.place_prefixes:
            return False
        if len(tokens) > 1:
            two = " ".join(tokens[:2])
            if two in view.org_prefixes or two in view.place_prefixes:
                return False
        return True

    def _index(self) -> None:
        """Longer names that a one-word short form may stand for, by last and first word."""
        self.by_last.clear()
        self.by_first.clear()
        for g in self.groups.values():
            if g.parent is None and g.confirmed and len(g.tokens) > 1 and self._personish(g):
                self.by_last.setdefault(g.tokens[-1], []).append((g.tokens, g))
                self.by_first.setdefault(g.tokens[0], []).append((g.tokens, g))
        for ident, (entry, _count, _first, surfaces) in self.alias_hits.items():
            if entry.kind != "person":
                continue
            for surface in surfaces:
                if len(surface) > 1:
                    self.by_last.setdefault(surface[-1], []).append((surface, ident))

    def count_of(self, target) -> int:
        return self.alias_hits[target][1] if isinstance(target, str) else target.count

    def root(self, target):
        while isinstance(target, _Group) and target.parent is not None:
            target = target.parent
        return target

    def short_form_target(self, word: str, exclude) -> object | None:
        """The longer name a one-word short form stands for: by surname, else by first name."""
        best = best_rank = None
        for longer, target in self.by_last.get(word, ()):
            target = self.root(target)
            if target is exclude:
                continue
            rank = (self.count_of(target), len(longer))
            if best_rank is None or rank > best_rank:
                best, best_rank = target, rank
        if best is not None:
            return best
        if word in self.view.first_names or word in self.by_first:
            candidates = {id(self.root(t)): self.root(t) for _l, t in self.by_first.get(word, ())}
            candidates.pop(id(exclude), None)
            if len(candidates) == 1 and word not in self.by_last:
                return next(iter(candidates.values()))
        return None

    def known(self, tokens: tuple[str, ...], exclude, bare_word: bool = True) -> object | None:
        """Entity an exact name (or a one-word short form) refers to, if already known.

        With ``bare_word`` False, a one-word unknown name does not count: "Gurbanguli
        Berdymukhamedov" must not fold into a bare "Berdymukhamedov".
        """
        key = " ".join(tokens)
        ident = self.alias_surfaces.get(key)
        if ident is not None:
            return ident
        other = self.groups.get(key)
        if (other is not None and other is not exclude and other.confirmed
                and (bare_word or len(tokens) > 1)):
            return self.root(other)
        if len(tokens) == 1:
            return self.short_form_target(tokens[0], exclude)
        return None

    def merge(self, g: _Group, target) -> None:
        target = self.root(target)
        if target is g:
            return
        if isinstance(target, str):
            hit = self.alias_hits[target]
            hit[1] += g.count
            hit[2] = min(hit[2], g.first)
        else:
            target.count += g.count
            target.first = min(target.first, g.first)
            target.person |= g.person
            target.place_hits += g.place_hits
            target.org |= g.org
            if len(g.tokens) == 1:
                target.short_forms += 1
        g.parent = target
        g.count = 0

    def _stray_lead(self, g: _Group) -> bool:
        """A leading word that is not part of the name after it ("American", "Referee")."""
        view = self.view
        word = g.tokens[0]
        low = _low(g.display.split(" ", 1)[0])
        if (low in view.weak or low in view.calendar or view.is_demonym(word)
                or low in view.honorific or low in view.title_modifiers):
            return True
        if word in view.first_names:
            return False
        shown = g.display.split(" ", 1)[0]
        return (g.initial_only or self.a.writes_lowercase(shown)
                or (g.tokens[1] in view.first_names and self._verb_like(shown)))

    def _verb_like(self, word: str) -> bool:
        """"Fired", "Naming", "Naturally": a verb or adverb form, not a name that the article knows."""
        return (len(word) >= 5 and word[1:].islower() and word.lower().endswith(("ed", "ing", "ly"))
                and self.view.table.lookup(word, self.view.language) is None)

    def run(self) -> list[Entity]:
        view = self.view
        groups = sorted(self.groups.values(), key=lambda g: (len(g.tokens), g.first))

        # 1. Headline names in Title Case: keep what the body (or a first name) backs.
        for g in groups:
            if not (g.headline_only and not g.confirmed):
                continue
            target = self._headline_target(g)
            if target is not None:
                self.merge(g, target)
        groups = sorted(self.groups.values(), key=lambda g: (len(g.tokens), g.first))
        self._index()

        # 2. "American Hasim Rahman", "Choosing DeGeneres": a stray first word.
        for g in groups:
            if g.parent is not None or len(g.tokens) < 2:
                continue
            if not self._stray_lead(g):
                continue
            target = self.known(g.tokens[1:], g, bare_word=False)
            if target is None and g.person and len(g.tokens) >= 3 and (
                _low(g.display.split(" ", 1)[0]) in view.weak or view.is_demonym(g.tokens[0])
            ):
                target = self._subgroup(g, 1)
            lead = g.display.split(" ", 1)[0]
            if target is None and (
                (g.tokens[1] in view.first_names and (len(g.tokens) >= 3 or self._verb_like(lead)))
                or (g.initial_only and g.tokens[0] not in view.first_names and self._verb_like(lead))
            ):
                target = self._subgroup(g, 1)  # "Naturally Scott Boras", "Knowing Billy"
            if target is not None:
                self.merge(g, target)
        groups = sorted(self.groups.values(), key=lambda g: (len(g.tokens), g.first))
        self._index()

        # "Endangered Species Act (ESA)" ... "ESA": an acronym is the name it abbreviates.
        self._merge_acronyms()
        groups = sorted(self.groups.values(), key=lambda g: (len(g.tokens), g.first))
        self._index()

        # A one-word place or organisation alias that is the surname of a person named
        # in full ("Eddie Jordan" ... "Jordan said") is that person.
        for ident in list(self.alias_hits):
            entry, count, first, surfaces = self.alias_hits[ident]
            if entry.kind == "person" or any(len(s) > 1 for s in surfaces):
                continue
            people = [t for s in surfaces for _l, t in self.by_last.get(s[0], ())
                      if isinstance(t, _Group) and (t.person or t.short_forms
                                                    or t.tokens[0] in view.first_names)]
            if people:
                target = max(people, key=lambda t: (t.count, len(t.tokens)))
                target.count += count
                target.short_forms += 1
                del self.alias_hits[ident]

        # 3. One-word short forms into the full name.
        kept: list[_Group] = []
        for g in groups:
            if g.parent is not None:
                continue
            if len(g.tokens) == 1:
                target = self.short_form_target(g.tokens[0], g)
                if target is not None:
                    self.merge(g, target)
                    continue
                if not g.confirmed:
                    continue
                word = g.display
                folded = g.tokens[0]
                if _low(word) in view.weak or view.is_demonym(folded):
                    continue
                if self.a.writes_lowercase(word):
                    continue  # "Year", "People", "DIED": a common word the article also writes in lowercase
                if (self.a.raw_language == "de" and g.count < 2 and not g.person
                        and not g.place_hits and not word.isupper()):
                    continue  # German capitalises every noun: one lone mention is not enough
            elif not g.confirmed:
                continue
            elif g.display.isupper() and all(self.a.writes_lowercase(w) for w in g.display.split()):
                continue  # "THREE PEOPLE": shouting, not a name
            kept.append(g)

        entities: dict[str, list] = {}  # id -> [name, kind, mentions, first]
        language = self.a.raw_language
        for ident, (entry, count, first, _surfaces) in self.alias_hits.items():
            if count > 0:
                entities[ident] = [entry.display(language), entry.kind, count, first]
        for g in kept:
            if g.parent is not None or g.count <= 0:
                continue
            ident = name_slug(g.display)
            existing = entities.get(ident)
            if existing is not None:
                existing[2] += g.count
                existing[3] = min(existing[3], g.first)
                continue
            entities[ident] = [g.display, self._kind(g), g.count, g.first]

        ranked = sorted(entities.items(), key=lambda item: (-item[1][2], item[1][3]))
        return [Entity(id=ident, name=name, kind=kind, mentions=count)
                for ident, (name, kind, count, _first) in ranked[:MAX_ENTITIES]]

    def _merge_acronyms(self) -> None:
        """Merge each acronym into the one longer name of the article whose initials it spells.

        An unknown acronym needs only the matching initials; a known one (``ESA`` is
        also a space agency) must be spelled out in brackets in the article.
        """
        full: dict[str, list] = {}  # initials -> [target, ...]
        for g in self.groups.values():
            if g.parent is None and len(g.tokens) > 1 and g.count > 0:
                for key in _initials(g.tokens):
                    full.setdefault(key, []).append(g)
        for ident, (_entry, _count, _first, surfaces) in self.alias_hits.items():
            for surface in surfaces:
                if len(surface) > 1:
                    for key in _initials(surface):
                        full.setdefault(key, []).append(ident)
        if not full:
            return
        defined = self.a.bracketed_acronyms()

        def target_for(word: str, exclude):
            found = {id(t): t for t in (self.root(t) for t in full.get(word, ())) if t is not exclude}
            return next(iter(found.values())) if len(found) == 1 else None

        for g in list(self.groups.values()):
            word = g.display
            if (g.parent is None and len(g.tokens) == 1 and word.isupper() and word.isalpha()
                    and 2 <= len(word) <= 7):
                target = target_for(g.tokens[0], g)
                if target is not None:
                    forms = target.short_forms if isinstance(target, _Group) else 0
                    self.merge(g, target)
                    if isinstance(target, _Group):
                        target.short_forms = forms  # an acronym says nothing about being a person
        for ident in list(self.alias_hits):
            entry, count, first, surfaces = self.alias_hits[ident]
            if len(surfaces) != 1:
                continue
            surface = next(iter(surfaces))
            if len(surface) != 1 or surface[0] not in defined:
                continue
            target = target_for(surface[0], ident)
            if target is None or target == ident:
                continue
            if isinstance(target, str):
                hit = self.alias_hits[target]
                hit[1] += count
                hit[2] = min(hit[2], first)
            else:
                target.count += count
                target.first = min(target.first, first)
            del self.alias_hits[ident]

    def _subgroup(self, g: _Group, start: int) -> _Group:
        """The group for ``g`` without its first ``start`` words (created if needed)."""
        sub = g.tokens[start:]
        key = " ".join(sub)
        existing = self.groups.get(key)
        if existing is not None:
            return existing
        new = _Group(key, sub, g.first)
        words = g.display.split()
        new.offer_display(words[start:] if len(words) == len(g.tokens) else list(sub), not g.confirmed)
        new.confirmed = g.confirmed
        new.headline_only = g.headline_only
        new.initial_only = False
        new.person = g.person
        self.groups[key] = new
        return new

    def _headline_target(self, g: _Group):
        """For a Title Case headline name, the body name it contains, if any."""
        tokens = g.tokens
        n = len(tokens)
        for size in range(n, 0, -1):
            for i in range(0, n - size + 1):
                target = self.known(tokens[i:i + size], g)
                if target is not None:
                    return target
            if size == 2:
                # No body match: a known first name and the word after it make a name.
                for i in range(0, n - 1):
                    if tokens[i] in self.view.first_names and tokens[i + 1] not in self.view.weak:
                        # (tokens are folded; the weak-word check is approximate here)
                        sub = tokens[i:i + 2]
                        words = g.display.split()
                        if len(words) == n:
                            new = _Group(" ".join(sub), sub, g.first)
                            new.offer_display(words[i:i + 2], True)
                            new.confirmed = True
                            new.person = True
                            self.groups[new.key] = new
                            return new
        return None

    def _kind(self, g: _Group) -> str:
        view = self.view
        tokens = g.tokens
        words = g.display.split()
        two = " ".join(tokens[:2])
        if g.org or tokens[-1] in view.org_suffixes or tokens[0] in view.org_prefixes or (
            len(tokens) > 1 and two in view.org_prefixes
        ) or (len(tokens) > 2 and tokens[0] in _ORG_HEADS and tokens[1] in ("of", "for")):
            return "org"
        if len(tokens) > 1 and (tokens[-1] in view.place_suffixes or tokens[0] in view.place_prefixes
                                or two in view.place_prefixes):
            return "place"
        if tokens[-1] in _OTHER_SUFFIXES:
            return "other"
        if g.person or (len(tokens) > 1 and (tokens[0] in view.first_names or g.short_forms)):
            return "person"
        if len(words) == 1 and words[0].isupper() and words[0].isalpha() and 2 <= len(words[0]) <= 6:
            return "org"
        if g.place_hits * 2 >= g.count:
            return "place"  # named after "in", "à", "tại"... at least half the time
        return "other"


class _RunScanner:
    """Splits one run of capitalised tokens into alias hits and unknown names."""

    def __init__(self, article: _Article) -> None:
        self.a = article
        self.view = article.view
        self.table = article.table
        self.language = article.raw_language
        self.all_caps_title = article.title.isupper()

    def scan(self, block: str, weight: int, headline: bool, initial: bool, gap: str, tokens,
             carry: bool = False) -> None:
        """Process one run; with ``carry``, continue the name an open prefix started."""
        self.block = block
        self.weight = weight
        self.headline = headline
        self.tokens = tokens
        self.prefix_open = False
        if not carry:
            self.initial = initial or headline
            self.gap = gap
            # (kind, text): w word, A absorbed alias, k weak, c calendar, f name part, p particle, a alias
            self.buf: list[tuple[str, str]] = []
            self.buf_words = 0
            self.buf_alias: AliasEntry | None = None
            self.buf_initial = False
            self.hon = False
            self.segment_index = 0

        view = self.view
        article = self.a
        classify = view.classify
        n = len(tokens)
        i = 0
        while i < n:
            text, start, end, is_particle = tokens[i]
            if start < article.consumed:
                i += 1
                continue
            if is_particle:
                if not text:  # hard break inside a hyphenated word
                    self.flush()
                elif self.buf and not self.headline:
                    self.buf.append(("p", text))
                else:
                    self.flush()
                i += 1
                continue
            if (i and self.buf and text[1:2].islower() and self._shouted(i - 1)
                    and (len(tokens[i - 1][0]) >= 5 or (i >= 2 and self._shouted(i - 2)))):
                self.flush()  # "RIVERTON OWLS Sacked Greg": shouting ends where Title Case starts
            folded, rx, entry, cls = classify(text)
            if rx is not None:
                m = rx.match(block, start)
                if m is not None and m.end() >= end:
                    surface = normalize_surface(m.group())
                    kind, phrase_entry = view.phrases.get(fold(surface), (None, None))
                    if kind is not None:
                        article.consumed = m.end()
                        j = i + 1
                        while j < n and tokens[j][1] < article.consumed:
                            j += 1
                        self.on_category(kind, phrase_entry, surface, has_next=self._has_word(j))
                        i = j
                        continue
            if entry is None and text[0] == "X" and len(text) <= 2:
                entry = self._context_alias(text.rstrip("."), start, start + 1)
                if entry is not None:
                    cls = _ALIAS
            if cls == _ALIAS and not (headline and self.all_caps_title and len(text) < 4):
                self.on_alias(entry, text)
            elif cls == _HONORIFIC and not (text == "M." and self.buf_words):
                self.on_category("honorific", None, text, has_next=self._has_word(i + 1))
            elif cls == _FUNCTION:
                self.on_category("function", None, text, has_next=False)
            elif cls == _CALENDAR:
                self.on_word(text, folded, "c")
            elif cls == _WEAK:
                self.on_word(text, folded, "k")
            else:
                self.on_word(text, folded, "w")
            if cls != _FUNCTION or self.buf:
                self.prefix_open = False
            i += 1
        if not (self.prefix_open and len(self.buf) == 1):
            self.flush()

    def _shouted(self, j: int) -> bool:
        text, _start, _end, particle = self.tokens[j]
        return not particle and text.isupper() and text.isalpha() and len(text) >= 2

    def _has_word(self, j: int) -> bool:
        tokens = self.tokens
        while j < len(tokens):
            if not tokens[j][3]:
                return True
            if not tokens[j][0]:
                return False
            j += 1
        return False

    def _context_alias(self, text: str, start: int, end: int) -> AliasEntry | None:
        entry = self.table.context_only(text)
        if entry is None:
            return None
        p = self.a.p
        before = self.block[max(0, start - 40):start]
        if p["x_before"].search(before) or p["x_after"].match(self.block, end):
            return entry
        return None

    # -- buffer ----------------------------------------------------------------------

    def on_category(self, kind: str, entry: AliasEntry | None, surface: str, has_next: bool) -> None:
        view = self.view
        if kind == "alias":
            self.on_alias(entry, surface)
        elif kind == "honorific":
            buf = self.buf
            if (self.buf_words == 1 and self.buf_alias is None and len(buf) == 1
                    and fold(buf[0][1]) in view.first_names and " " not in surface):
                self.push_word(surface, "w")  # "Billy King": a surname, not a title
                return
            # "Sixers Senior Vice President": the modifiers belong to the title.
            while buf and buf[-1][0] != "a" and _low(buf[-1][1]) in view.title_modifiers:
                buf.pop()
                if buf and buf[-1][0] == "p":
                    buf.pop()
                self.buf_words -= 1
            self.flush()
            self.initial = False
            self.hon = has_next
        elif kind == "prefix":
            # "Tập đoàn", "Thành phố": the start of a name whose next word may be in the next run.
            self.flush()
            self.buf.append(("f", surface))
            self.buf_words += 1
            self.buf_initial = False
            self.prefix_open = True
            return
        elif kind == "calendar":
            self.on_word(surface, fold(surface), "c")
        elif kind == "weak":
            self.on_word(surface, fold(surface), "k")
        else:  # function word or page furniture
            if (self.language == "vi" and (self.buf_words or self.hon) and self.buf_alias is None
                    and not self.headline):
                # "Nguyễn Văn Toàn", "Ông Toàn": Vietnamese names reuse common syllables.
                self.push_word(surface, "w")
                return
            folded = fold(surface)
            if folded in view.capital_particles and not self.headline:
                if self.buf_words:
                    self.buf.append(("p", surface))
                    return
                if not self.initial:
                    self.push_word(surface, "f")  # "Le Pen", "De Gaulle" mid-sentence
                    return
            self.flush()
            self.initial = False

    def on_alias(self, entry: AliasEntry, surface: str) -> None:
        if self.buf_words and self.buf_alias is None:
            only_weak = all(kind in "kcf" for kind, _t in self.buf if kind != "p")
            if only_weak and self.buf[-1][0] == "p" and fold(self.buf[-1][1]) in ("of", "for"):
                only_weak = fold(self.buf[0][1]) not in _ORG_HEADS  # "University of Chicago"
            if not only_weak and not self.headline and (
                entry.kind == "place" or (entry.kind == "person" and " " not in surface)
            ):
                self.buf.append(("A", surface))  # "Eddie Jordan", "Melania Trump"
                self.buf_words += 1
                return
        self.flush()
        self.buf.append(("a", surface))
        self.buf_alias = entry
        self.buf_initial = False

    def on_word(self, text: str, folded: str, kind: str) -> None:
        view = self.view
        alias = self.buf_alias
        if alias is not None:
            if folded in view.designators:
                return  # "Tesla Inc." is Tesla
            absorb = False
            if not self.headline and kind != "c":
                if alias.kind == "place" and folded not in view.first_names and (
                    self.language != "vi" or folded in view.org_suffixes
                ):
                    absorb = True  # "Paris Hilton", "Boston Red Sox", "U.S. Navy", "Vietnam Airlines"
                elif alias.kind == "person" and (folded in view.org_suffixes or folded in view.place_suffixes):
                    absorb = True  # "Trump Organization"
            if absorb:
                self.buf = [("A", t) if k == "a" else (k, t) for k, t in self.buf]
                self.buf_words += 1
                self.buf_alias = None
                self.buf.append((kind, text))
                self.buf_words += 1
                return
            self.flush()
        if kind == "w" and not self.buf and self.initial and not self.hon:
            # A capitalised common word opening a sentence ("Police said...").
            if text[1:].islower() and self.a.writes_lowercase(text):
                self.initial = False
                return
        self.push_word(text, kind)

    def push_word(self, text: str, kind: str) -> None:
        if self.buf_alias is not None:
            self.flush()
        if not self.buf:
            self.buf_initial = self.initial and not self.hon
        self.buf.append((kind, text))
        self.buf_words += 1
        self.initial = False

    def flush(self) -> None:
        buf = self.buf
        if not buf:
            return
        first_segment = self.segment_index == 0
        self.segment_index += 1
        hon = self.hon
        initial = self.buf_initial
        alias = self.buf_alias
        self.buf = []
        self.buf_words = 0
        self.buf_alias = None
        self.hon = False
        self.buf_initial = False

        person = hon
        place = False
        if first_segment and self.gap:
            cue_person, place = self.view.cue(self.gap)
            person = person or cue_person
        if alias is not None:
            a = self.a
            a.mentions.append(_Mention(alias, buf[0][1].split(" "), self.weight, a.order,
                                       headline=self.headline))
            a.order += 1
            return
        # Conjunctions join names only inside an organisation's name, and "Buster
        # Olney of ESPN" is two names.
        view = self.view
        if any(k == "p" for k, _t in buf):
            last = fold(buf[-1][1])
            parts: list[list[tuple[str, str]]] = [[]]
            for index, (k, t) in enumerate(buf):
                if k == "p":
                    word = fold(t)
                    before = fold(parts[-1][-1][1]) if parts[-1] else ""
                    split = False
                    if word in view.conjunctions:
                        if word in ("and", "&") and self._org_complement(buf, index):
                            split = False  # "Office of Management and Budget"
                        elif word in ("for", "pour", "für"):
                            split = before not in view.org_suffixes
                        else:
                            split = last not in view.org_suffixes or before in view.org_suffixes
                    elif word in ("of", "de", "from") and index == len(buf) - 2 and (
                        buf[-1][1].isupper()
                        or (buf[-1][0] == "A" and fold(buf[0][1]) in view.first_names)
                    ):
                        split = True  # "Buster Olney of ESPN", "Manuel Charr of Germany"
                    elif word in ("of", "from") and index + 1 < len(buf) and (
                        fold(buf[index + 1][1]) in _ORG_HEADS
                    ):
                        split = True  # "Shares of Bank of Portugal": a name starts at its head word
                    elif word in ("of", "from") and len(parts) == 1 and len(parts[0]) == 2 and (
                        (fold(parts[0][0][1]) in view.first_names
                         or (len(parts[0][0][1]) == 2 and parts[0][0][1].isupper()))
                        and parts[0][1][0] in "wA"
                        and fold(parts[0][1][1]) not in _ORG_HEADS
                    ):
                        split = True  # "Ken Rosenthal of Fox Sports": a person, then where they work
                    if split:
                        parts.append([])
                        continue
                parts[-1].append((k, t))
            for number, part in enumerate(parts):
                self._emit(part, person if number == 0 else False, place if number == 0 else False,
                           initial if number == 0 else False)
            return
        self._emit(buf, person, place, initial)

    def _org_complement(self, buf: list[tuple[str, str]], index: int) -> bool:
        """True when the "and" at ``index`` joins one plain word into "Head of/for X and Y"."""
        if len(buf) < 5 or fold(buf[0][1]) not in _ORG_HEADS or buf[1][0] != "p":
            return False
        if fold(buf[1][1]) not in ("of", "for"):
            return False
        return index == len(buf) - 2 and buf[-1][0] == "w"

    def _emit(self, buf: list[tuple[str, str]], person: bool, place: bool, initial: bool) -> None:
        view = self.view
        designators = view.designators
        while buf and buf[0][0] in "pc":
            del buf[0]
        org = False
        while buf:
            kind, text = buf[-1]
            if kind in "pc":
                buf.pop()
                continue
            folded = fold(text)
            if folded not in designators:
                break
            if folded not in view.name_suffixes:
                org = True  # "Acme Inc." is a company
            buf.pop()
        if not buf:
            return
        absorbed = False
        meaningful = False
        words = 0
        for kind, _text in buf:
            if kind == "p":
                continue
            words += 1
            if kind == "A":
                absorbed = True
            if kind in "wA":
                meaningful = True
        if not meaningful or words > MAX_NAME_WORDS:
            return  # only days, nationality words and the like; or too long to be a name
        a = self.a
        if words == 1 and len(buf) == 1:
            w = buf[0][1]
            letters = len(w) if w.isalpha() else sum(ch.isalpha() for ch in w)
            if letters <= 1 or a.p["roman"].match(w) or (w.isupper() and letters >= 7):
                return
            if letters == 2 and not w.isupper():
                return  # "Md", "Wo": fragments, not names
        if len(buf) == 1:
            parts = buf[0][1].split(" ")
        else:
            parts = []
            for _k, t in buf:
                parts.extend(t.split(" "))
        if absorbed and len(parts) <= MAX_NAME_WORDS:
            # What is left after splitting may itself be a known name ("U.S." in
            # "U.S. Vice Adm. Bill Gortney").
            entry = self.table.lookup(" ".join(parts), view.language)
            if entry is not None:
                a.mentions.append(_Mention(entry, parts, self.weight, a.order, headline=self.headline))
                a.order += 1
                return
        a.mentions.append(_Mention(
            None, parts, self.weight, a.order, person=person, place=place, org=org,
            ambiguous=initial and words == 1, headline=self.headline, initial=initial,
        ))
        a.order += 1


_ACRONYM_SKIP = frozenset(("of", "and", "the", "for", "in", "on", "at", "to", "&", "de", "du",
                           "des", "la", "le", "et"))
_BRACKETED_RX = re.compile(r"\(\s*([A-Z][A-Z&]{1,6})\s*\)|\b([A-Z][A-Z&]{1,6})\s*\(\s*[A-Z]")


def _initials(tokens) -> set[str]:
    """Folded acronyms a name may be abbreviated to, with and without its small words."""
    words = [w for t in tokens for w in t.split("-") if w]
    every = "".join(w[0] for w in words)
    major = "".join(w[0] for w in words if w not in _ACRONYM_SKIP)
    return {x for x in (every, major) if len(x) >= 2}


# Organisation words that take a complement: "Office of ...", "Organization for ...".
_ORG_HEADS = frozenset((
    "organization", "organisation", "office", "party", "ministry", "department", "bank",
    "commission", "council", "union", "association", "institute", "committee", "bureau",
    "federation", "agency", "center", "centre", "board", "foundation", "society", "academy",
    "league", "confederation", "alliance", "chamber", "administration", "university",
    "college", "school", "museum",
))
# Vietnamese office names: head syllable -> the lowercase syllables that complete the head.
_VI_HEADS = {
    "bộ": (), "sở": (), "viện": (), "cục": (), "trường": (), "ủy": ("ban",), "uỷ": ("ban",),
    "ngân": ("hàng",), "công": ("ty",), "tập": ("đoàn",), "tổng": ("cục",),
}
# Lowercase syllables that follow a name rather than belong to it.
_VI_NOT_FIELD = frozenset((
    "của", "vừa", "đã", "đang", "sẽ", "cho", "là", "và", "với", "tại", "về", "trong", "ngày",
    "năm", "thì", "mà", "có", "không", "được", "bị", "này", "đó", "nói", "cũng", "vẫn", "để",
    "từ", "các", "những", "đến", "ra", "lại", "theo", "khi", "nhưng", "hay", "hoặc",
))
_NAME_SUFFIX_WORDS = frozenset(("jr", "jr.", "sr", "sr.", "ii", "iii", "iv"))
_INITIAL_RX = re.compile(r"^[^\W\d_]\.$")
_DOTTED_RX = re.compile(r"^(?:[^\W\d_]\.){2,}$")


@lru_cache(maxsize=1 << 16)
def name_slug(name: str) -> str:
    """Id of a name the alias table does not know: the slug of its stable core.

    Middle initials and generational suffixes do not change who is meant
    ("Edward J. Markey", "Nick Rahall II"), and dotted acronyms equal their
    undotted spelling ("L.A. Times" is "LA Times").
    """
    words = name.split()
    if len(words) >= 3:
        while len(words) > 2 and words[-1].lower().rstrip(",") in _NAME_SUFFIX_WORDS:
            words.pop()
        if len(words) >= 3:
            words = [words[0]] + [w for w in words[1:-1] if not _INITIAL_RX.match(w)] + [words[-1]]
    words = [w.replace(".", "") if _DOTTED_RX.match(w) else w for w in words]
    return slugify(" ".join(words))


def _is_title_case(title: str) -> bool:
    """True for headlines Written Like This (or in capitals), where capitals say little."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", title) if len(w) > 3]
    if len(words) < 3:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.75
