"""A compositor that renders only what a partial update shows.

Textual cuts every screen line of an update into pieces, one per widget edge, and fills each
piece from the front-most widget that covers it. To do that it renders every widget whose
clip touches the update's bounding box, whole, and divides each of its lines at the cuts,
even where a widget in front has already filled the piece, and even for pieces outside the
box that the update never writes. Opening an article repaints only the reading pane, yet
the screen, its containers, the header and the sidebar were all rendered and divided too
(about half of the frame).

This compositor fills the same pieces with the same strips, in the same front-to-back
order, but skips a widget on a line when every piece it could give there is already filled
or lies outside the update, and asks each widget only for the lines it still has to give.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip


class FrontFirstCompositor(Compositor):
    """Textual's compositor, without rendering what is hidden or not part of the update."""

    def _render_chops(
        self,
        crop: Region,
        is_rendered_line: Callable[[int], bool],
    ) -> Sequence[Mapping[int, Strip]]:
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        crop_left, crop_top, crop_width, crop_height = crop
        crop_right = crop_left + crop_width
        crop_bottom = min(crop_top + crop_height, len(cuts))
        # Per update line, the pieces (by their first column) still empty that the update shows.
        pending: dict[int, set[int]] = {}
        for y in range(crop_top, crop_bottom):
            if is_rendered_line(y):
                line_cuts = cuts[y]
                starts = {cut for cut, end in zip(line_cuts, line_cuts[1:]) if cut < crop_right and end > crop_left}
                if starts:
                    pending[y] = starts
        intersection = Region.intersection

        for widget, (region, clip) in self.visible_widgets.items():
            if not pending:
                break
            left, top, width, height = intersection(region, clip)
            if not (width and height):
                continue
            right = left + width
            wanted = [
                y
                for y in range(max(top, crop_top), min(top + height, crop_bottom))
                if (starts := pending.get(y)) is not None and any(left <= cut < right for cut in starts)
            ]
            if not wanted:
                continue
            first_y = wanted[0]
            strips = widget.render_lines(Region(left - region.x, first_y - region.y, width, wanted[-1] - first_y + 1))
            for y in wanted:
                index = y - first_y
                if index >= len(strips):
                    break
                final_cuts = [cut for cut in cuts[y] if right >= cut >= left]
                pieces = strips[index].divide([cut - left for cut in final_cuts[1:]])
                line = chops[y]
                starts = pending[y]
                for cut, piece in zip(final_cuts, pieces):
                    if line.get(cut, False) is None:
                        line[cut] = piece
                        starts.discard(cut)
                if not starts:
                    del pending[y]
        return chops  # type: ignore[return-value]
