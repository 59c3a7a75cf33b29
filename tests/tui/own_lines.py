"""Checks that a widget drawing its own screen lines draws exactly what Textual's path draws."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget


def shown(strips) -> list[list[tuple[str, object]]]:
    """Every segment's text and style, line by line."""
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


def whole(widget: Widget) -> Region:
    return Region(0, 0, *widget.region.size)


def textual_lines(widget: Widget) -> list:
    """What Textual's own path draws for the widget as it is now."""
    widget._styles_cache.clear()
    return Widget.render_lines(widget, whole(widget))


def own_lines(widget: Widget) -> list:
    """The widget's own lines; fails when it fell back to Textual's path."""
    lines = widget.render_lines(whole(widget))
    assert widget._plan is not None, f"{type(widget).__name__} should draw its own lines with these styles"
    return lines


async def same_as_textual(pilot, widget: Widget) -> list:
    """After a pause: the widget's own lines, full width, equal to Textual's; returns them."""
    await pilot.pause()
    own = own_lines(widget)
    assert [strip.cell_length for strip in own] == [widget.region.width] * widget.region.height
    assert shown(own) == shown(textual_lines(widget))
    return own
