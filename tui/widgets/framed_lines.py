"""Screen lines built by a widget itself: its content rows inside border pieces, then filters.

Textual's own path redraws a widget's border (and padding) around every content row and
filters each line again on every paint. A widget that draws many new rows per frame can
build those lines itself: the pieces around a row are taken once from a render by
Textual's path, checked to give back exactly Textual's lines, and reused until any style
they depend on changes. Styles this does not reproduce keep Textual's path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter
from textual.strip import Strip
from textual.widget import Widget


class LinePlan(NamedTuple):
    """How a content row becomes a screen line: the pieces around it, then filters."""

    head: tuple[Segment, ...]
    tail: tuple[Segment, ...]
    width: int
    height: int
    filters: tuple[LineFilter, ...]
    background: Color

    def line(self, segments: list[Segment]) -> Strip:
        """The screen line for a content row of exactly the row width."""
        line = [*self.head, *segments, *self.tail]
        for line_filter in self.filters:
            line = line_filter.apply(line, self.background)
        return Strip(line, self.width)

    def filtered(self, strip: Strip) -> Strip:
        line = strip._segments
        for line_filter in self.filters:
            line = line_filter.apply(line, self.background)
        return Strip(line, strip.cell_length)


def plan_signature(widget: Widget, row_width: int, side_padding: bool = False) -> tuple | None:
    """All that the pieces around a row of ``widget`` and the filtering of its lines depend
    on; None when its styles ask for something only Textual's path draws.

    A widget with a full border qualifies; with ``side_padding``, also one padded left and
    right (never above or below). ``row_width`` is the width of the rows it draws.
    """
    styles = widget.styles
    border = styles.border
    if not all(edge for edge, _ in border) or any(edge for edge, _ in styles.outline):
        return None
    padding = styles.padding
    if padding.top or padding.bottom or (not side_padding and any(padding)):
        return None
    if styles.tint.a or styles.text_opacity != 1 or widget.opacity != 1:
        return None
    if styles.has_rule("hatch") and styles.hatch != "none":
        return None
    hover = widget.hover_style
    if widget.auto_links and hover._link_id and hover._meta and "@click" in hover.meta:
        return None  # Textual restyles the hovered link
    size = widget.region.size
    content = widget.content_region.size
    inner = (size.width - 2 - padding.left - padding.right, size.height - 2)
    if size.height < 3 or content != inner or row_width > content.width or row_width < 1:
        return None
    app = widget.app
    return (
        row_width,
        size,
        padding,
        widget.background_colors,
        border,
        tuple(widget.get_line_filters()),
        app.ansi_theme,
        app.native_ansi_color,
        styles.auto_border_title_color,
        styles.border_title_color,
        styles.border_title_background,
        styles.border_title_style,
        styles.border_title_align,
        styles.auto_border_subtitle_color,
        styles.border_subtitle_color,
        styles.border_subtitle_background,
        styles.border_subtitle_style,
        styles.border_subtitle_align,
    )


def learn_plan(signature: tuple, raw: Sequence[Strip], rows: Sequence[Strip]) -> LinePlan | None:
    """The pieces around each row, taken from ``raw`` (Textual's unfiltered lines for the
    whole widget) given the content ``rows`` it drew them from; None unless every content
    line is exactly those pieces around its row."""
    row_width, size, padding = signature[:3]
    width, height = size
    if len(raw) != height or len(rows) != height - 2 or not rows:
        return None
    lead = 2 if padding.left else 1  # the left border, then the left padding
    first = raw[1]._segments
    count = len(rows[0]._segments)
    if len(first) < lead + count + 1 or first[lead : lead + count] != rows[0]._segments:
        return None
    head, tail = tuple(first[:lead]), tuple(first[lead + count :])
    for line, row in zip(raw[1:-1], rows):
        if row.cell_length != row_width or line.cell_length != width:
            return None
        if line._segments != [*head, *row._segments, *tail]:
            return None
    return LinePlan(head, tail, width, height, signature[5], signature[3][1])


def textual_lines(widget: Widget, crop) -> list[Strip]:
    """Textual's own lines of ``widget`` for ``crop``, drawn afresh and unfiltered."""
    widget._styles_cache.set_dirty(crop)
    # Shadowed on the instance for this one render: the pieces are wanted before any filter.
    widget.get_line_filters = _no_filters  # type: ignore[method-assign]
    try:
        return Widget.render_lines(widget, crop)
    finally:
        del widget.get_line_filters


def _no_filters() -> Sequence[LineFilter]:
    return ()
