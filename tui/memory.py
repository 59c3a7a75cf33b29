"""Handing freed heap memory back to the operating system after a big load."""

from __future__ import annotations

import ctypes
import os
import sys


def release_free_memory(platform: str | None = None) -> bool:
    """Ask glibc to return free heap pages (``malloc_trim(0)``); True when it was asked.

    Reading a large store frees far more than it keeps, and glibc holds on to the freed pages.
    Anywhere else (another OS, musl, no libc symbol) this does nothing; it never raises.
    """
    if not (platform or sys.platform).startswith("linux"):
        return False
    try:
        # Only glibc answers this name; musl and others raise.
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return False
        trim = ctypes.CDLL(None).malloc_trim
        trim.argtypes = [ctypes.c_size_t]
        trim.restype = ctypes.c_int
        trim(0)
    except Exception:  # noqa: BLE001 - a missing or odd libc only means no trim
        return False
    return True


def mend_textual_cycles() -> list[str]:
    """Stop Textual 8's rendering caches from making reference cycles and keeping dead widgets.

    Each frame Textual caches strips that refer to themselves (a strip cut into one piece,
    or cropped to its own length), clears LRU caches by dropping a ring of linked entries,
    keeps every widget's render cache in a method cache keyed by ``self``, and keeps the
    watchers of removed footer keys until the watched value changes. All of that lived on
    until a full garbage collection, which the reader runs only now and then. The fixes keep
    Textual's results the same; any that does not fit this Textual is skipped. Returns the
    names of the fixes in place (each is applied once per process).
    """
    applied = []
    for name, fix in _TEXTUAL_FIXES:
        try:
            if fix():
                applied.append(name)
        except Exception:  # noqa: BLE001 - a Textual that changed shape just keeps its own behaviour
            continue
    return applied


_MENDED = "_newsdesk_mended"


def _replace(owner, name: str, make) -> bool:
    """Put ``make(original)`` in place of ``owner.name``, once per process (marked as mended)."""
    original = getattr(owner, name)
    if getattr(original, _MENDED, False):
        return True
    replacement = make(original)
    setattr(replacement, _MENDED, True)
    setattr(owner, name, replacement)
    return True


def _fix_strip_divide() -> bool:
    from textual.strip import Strip

    def make(original):
        def divide(self, cuts):
            cell_length = self.cell_length
            cuts = [cut for cut in cuts if cut <= cell_length]
            # One piece is the strip itself: cached, it would be a strip holding itself.
            if cuts == [cell_length]:
                return [self]
            return original(self, cuts)

        return divide

    return _replace(Strip, "divide", make)


def _fix_strip_crop_extend() -> bool:
    from textual.strip import Strip

    def make(original):
        def crop_extend(self, start, end, style):
            # Cropped to its own length a strip is itself; cached, it would hold itself.
            if start <= 0 and end == self.cell_length:
                return self
            return original(self, start, end, style)

        return crop_extend

    return _replace(Strip, "crop_extend", make)


def _fix_lru_clear() -> bool:
    from textual.cache import LRUCache

    def make(original):
        def clear(self):
            # The entries link to each other in a ring: emptied one by one, they are freed at once.
            for link in self._cache.values():
                link.clear()
            original(self)

        return clear

    return _replace(LRUCache, "clear", make)


def _fix_inner_outer_cache() -> bool:
    from functools import lru_cache

    from textual._styles_cache import StylesCache

    def make(original):
        plain = original.__wrapped__

        # The same answers, cached by the two colours only (the method's cache kept each widget's cache too).
        @lru_cache(1024)
        def colours(base_background, background):
            return plain(None, base_background, background)

        def get_inner_outer(self, base_background, background):
            return colours(base_background, background)

        original.cache_clear()
        return get_inner_outer

    return _replace(StylesCache, "get_inner_outer", make)


def _fix_closed_watchers() -> bool:
    import textual.dom as dom

    def make(original):
        def watch(node, obj, attribute_name, callback, *, init=True):
            # Textual drops watchers of closed widgets only when the value changes; a footer's
            # compact flag never does, so every rebuilt footer key stayed alive.
            listed = getattr(obj, "__watchers", {}).get(attribute_name)
            if listed:
                listed[:] = [(n, cb) for n, cb in listed if not getattr(n, "_closing", False)]
            original(node, obj, attribute_name, callback, init=init)

        return watch

    return _replace(dom, "_watch", make)


_TEXTUAL_FIXES = (
    ("strip-divide", _fix_strip_divide),
    ("strip-crop-extend", _fix_strip_crop_extend),
    ("lru-clear", _fix_lru_clear),
    ("inner-outer-cache", _fix_inner_outer_cache),
    ("closed-watchers", _fix_closed_watchers),
)
