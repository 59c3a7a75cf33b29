"""The reader's compositor writes what Textual's writes, and renders less to do it."""

from __future__ import annotations

import pytest
from textual._compositor import Compositor
from textual.containers import Horizontal
from textual.geometry import Region
from textual.strip import Strip

from tui.app import NewsdeskApp
from tui.compositor import FrontFirstCompositor

from .conftest import settle

SIZE = (120, 40)


def chops_both_ways(compositor: Compositor, regions: list[Region]):
    """The chops Textual's compositor and ours make for an update of ``regions``."""
    screen = compositor.size.region
    crop = Region.from_union(regions).intersection(screen)
    spans = list(compositor._regions_to_spans(regions))
    rendered = {y for y, _, _ in spans}.__contains__
    theirs = Compositor._render_chops(compositor, crop, rendered)
    ours = FrontFirstCompositor._render_chops(compositor, crop, rendered)
    return spans, theirs, ours


def written(compositor: Compositor, spans, chops) -> list[tuple[int, int, tuple]]:
    """What an update puts on the terminal: for each span, the cells of each piece it writes.

    (Textual also moves the cursor to a piece that starts right at a span's end and writes
    nothing there; such empty writes are left out.)
    """
    out = []
    for y, x1, x2 in spans:
        for x, end, piece in zip(compositor.cuts[y], compositor.cuts[y][1:], chops[y].values()):
            start, stop = max(x, x1), min(end, x2)
            if start >= stop:
                continue
            assert piece is not None, (y, x)
            cropped = piece.crop(start - x, stop - x)
            out.append((y, start, tuple((segment.text, segment.style) for segment in cropped)))
    return out


def update_regions(app: NewsdeskApp, size: tuple[int, int]) -> dict[str, list[Region]]:
    reader = app.reader
    pane = reader.reading.region
    listed = reader.article_list.region
    sidebar = reader.related.region
    return {
        "pane": [pane],
        "list rows": [Region(listed.x, listed.y + 3, listed.width, 2)],
        "sidebar": [sidebar],
        "pane and list": [pane, Region(listed.x + 2, listed.y + 5, 10, 1)],
        "across every pane": [Region(0, 5, size[0], 3)],
        "header and footer": [Region(0, 0, size[0], 1), Region(0, size[1] - 1, size[0], 1)],
        "bottom right corner": [Region(size[0] - 40, size[1] - 8, 40, 8)],
        "whole screen": [Region(0, 0, *size)],
    }


@pytest.mark.parametrize("size", [SIZE, (100, 14)])
async def test_every_update_writes_what_textuals_compositor_writes(store_path, size):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        compositor = app.screen._compositor
        assert isinstance(compositor, FrontFirstCompositor)
        # Small, the list and the article scroll: their scrollbars sit in front of them, and a
        # notice sits in front of everything.
        for keys in ((), ("j", "j", "enter"), ("r",), ("notice",)):
            if keys == ("notice",):
                app.notify("Saved [b]x[/b]", timeout=30)
            else:
                await pilot.press(*keys)
            await settle(pilot)
            for name, regions in update_regions(app, size).items():
                spans, theirs, ours = chops_both_ways(compositor, regions)
                assert written(compositor, spans, ours) == written(compositor, spans, theirs), name
        # A whole frame (as screenshots take it) is the same, piece for piece.
        screen = compositor.size.region
        theirs = Compositor._render_chops(compositor, screen, lambda y: True)
        ours = compositor._render_chops(screen, lambda y: True)
        assert [Strip.join(line.values()).text for line in ours] == [Strip.join(line.values()).text for line in theirs]
        assert [list(line) for line in ours] == [list(line) for line in theirs]


async def test_a_pane_repaint_renders_no_container_behind_it(store_path, monkeypatch):
    app = NewsdeskApp(store_path, label="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        compositor = app.screen._compositor
        asked: list[str] = []
        original = Horizontal.render_lines

        def counted(self, crop):
            asked.append(self.id)
            return original(self, crop)

        monkeypatch.setattr(Horizontal, "render_lines", counted)
        pane = app.reader.reading.region
        rendered = lambda y: pane.y <= y < pane.bottom  # noqa: E731
        compositor._render_chops(pane, rendered)
        assert asked == []
        # Textual's renders the pane's container (and divides its lines), only to find every
        # piece of it already filled by the pane in front.
        Compositor._render_chops(compositor, pane, rendered)
        assert "reader-main" in asked
