"""Handing freed memory back to the OS: asked of glibc only, silent everywhere else."""

from __future__ import annotations

import gc
import os
import sys
import weakref

import pytest
from rich.segment import Segment
from textual.cache import LRUCache
from textual.strip import Strip

from tui.memory import mend_textual_cycles, release_free_memory


def glibc() -> bool:
    try:
        return sys.platform.startswith("linux") and bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (ValueError, OSError):
        return False


def test_other_platforms_are_left_alone():
    assert release_free_memory("darwin") is False
    assert release_free_memory("win32") is False


def test_a_libc_that_is_not_glibc_is_left_alone(monkeypatch):
    def no_such_name(name):
        raise ValueError("unrecognized configuration name")

    monkeypatch.setattr(os, "confstr", no_such_name)
    assert release_free_memory("linux") is False


@pytest.mark.skipif(not glibc(), reason="needs glibc")
def test_glibc_is_asked_and_the_process_goes_on():
    data = [bytes(1000) for _ in range(20000)]
    del data
    assert release_free_memory() is True
    assert release_free_memory() is True


# -- Textual's frame caches without reference cycles ---------------------------------------------


class _NoAutomaticCollection:
    def __enter__(self):
        self.was_enabled = gc.isenabled()
        gc.disable()
        gc.collect()
        return self

    def __exit__(self, *exc):
        if self.was_enabled:
            gc.enable()


def _cycles_left_by(make) -> int:
    """Objects that only a cycle collection frees after ``make()``'s results are dropped."""
    with _NoAutomaticCollection():
        kept = make()
        del kept
        return gc.collect()


def test_all_fixes_fit_this_textual_and_apply_once():
    first = mend_textual_cycles()
    assert first == ["strip-divide", "strip-crop-extend", "lru-clear", "inner-outer-cache", "closed-watchers"]
    assert mend_textual_cycles() == first


def test_strips_cut_or_cropped_to_their_own_length_do_not_hold_themselves():
    mend_textual_cycles()

    def strips():
        made = []
        for n in range(200):
            strip = Strip([Segment("x" * (n + 1)), Segment("yz")])
            assert strip.divide([strip.cell_length]) == [strip]
            assert strip.crop_extend(0, strip.cell_length, None) is strip
            # Real cuts and crops still give the pieces.
            left, right = strip.divide([1, strip.cell_length])
            assert (left.text, right.text) == ("x", strip.text[1:])
            assert strip.crop_extend(1, strip.cell_length + 2, None).text == strip.text[1:] + "  "
            made.append(strip)
        return made

    assert _cycles_left_by(strips) == 0


def test_a_cleared_lru_cache_frees_its_entries_without_a_collection():
    mend_textual_cycles()

    def cache():
        lru: LRUCache[int, list[int]] = LRUCache(64)
        for n in range(100):
            lru[n] = [n]
        assert lru.get(99) == [99] and lru.get(0) is None
        lru.clear()
        assert len(lru) == 0 and lru.get(99) is None
        lru[1] = [1]
        assert lru.get(1) == [1]
        lru.clear()
        return lru

    assert _cycles_left_by(cache) == 0


def test_the_background_colour_cache_does_not_keep_render_caches():
    mend_textual_cycles()
    from textual._styles_cache import StylesCache
    from textual.color import Color

    cache = StylesCache()
    gone = weakref.ref(cache)
    inner, outer = cache.get_inner_outer(Color(10, 20, 30), Color(200, 0, 0, 0.5))
    assert (inner.background, outer.background) == (Color(105, 10, 15), Color(10, 20, 30))
    assert StylesCache().get_inner_outer(Color(10, 20, 30), Color(200, 0, 0, 0.5)) == (inner, outer)
    del cache
    assert gone() is None


async def test_focus_changes_leave_no_footer_garbage(store_path):
    from textual.widgets._footer import FooterKey

    from tui.app import NewsdeskApp
    from tui.widgets import ReaderFooter

    from .conftest import settle

    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(ReaderFooter)
        widgets = len(app.screen.walk_children())

        def footer_lines() -> int:
            gc.collect()
            return sum(isinstance(o, Strip) and "^p palette" in o.text for o in gc.get_objects())

        # Each pane has its own keys: every focus change redraws the footer.
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
        updates, lines = footer.updates, footer_lines()
        for _ in range(12):
            await pilot.press("tab")
            await pilot.pause()
        assert footer.updates >= updates + 12
        # Redrawn in place: no key widgets made or left behind, no old lines piling up.
        assert len(app.screen.walk_children()) == widgets
        assert not any(isinstance(o, FooterKey) for o in gc.get_objects())
        assert footer_lines() <= lines
