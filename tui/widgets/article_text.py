"""Article text drawn line by line: wrapped once per width, and only the lines on screen drawn.

A body can run to tens of thousands of characters. A Static lays out and renders all of
it whenever it changes; TextLines wraps its blocks of text with a greedy cell-width wrap
(the same breaks Textual's own wrapping makes), keeps the wrapped lines for the current
width, and turns into Strips only the lines the reading pane asks for (the Line API).
Text is data: it is placed into Segments as it is, never parsed as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len, chop_cells, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Offset
from textual.selection import Selection
from textual.strip import Strip

_WORD = re.compile(r"\s*\S+\s*")


def _fits(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells (a wide character that would straddle the edge goes)."""
    if cell_len(text) <= width:
        return text
    cut = set_cell_size(text, width)
    # set_cell_size pads a split wide character with a space: drop that pad, the strip fills the rest.
    while cut and cell_len(cut) > width:
        cut = cut[:-1]
    return cut


def _cells(text: str) -> int:
    # Most words of a text that is not all ASCII still are: their length is their width.
    return len(text) if text.isascii() else cell_len(text)


def wrap_line(text: str, width: int) -> list[tuple[int, int]]:
    """Where each wrapped line of ``text`` (no newlines) starts and ends, at ``width`` cells.

    Words (with the spaces after them) go on a line while their visible part fits; a word
    wider than a whole line is folded across lines. Lines lose the spaces at their end.
    """
    width = max(width, 1)
    if not text:
        return [(0, 0)]
    if _one_cell_each(text) and _OTHER_SPACE.search(text) is None:
        # Most paragraphs: a character per cell and plain spaces between words.
        return [(0, len(text))] if len(text) <= width else _wrap_spaced(text, width)
    return _wrap_words(text, width)


# Whitespace other than the plain space (the regex's words split on any of it).
_OTHER_SPACE = re.compile(r"[^\S ]")
_NOT_SPACE = re.compile(r"[^ ]")


def _one_cell_each(text: str) -> bool:
    # ASCII counts one cell per character, as the general wrap does too.
    return text.isascii() or all(_char_cells(c) == 1 for c in set(text))


@lru_cache(maxsize=4096)
def _char_cells(char: str) -> int:
    return cell_len(char)


def _wrap_spaced(text: str, width: int) -> list[tuple[int, int]]:
    """``_wrap_words`` for text of one cell per character and only plain spaces, by jumps.

    From each line's start, the first word whose visible end passes ``width`` is found by
    looking at the cell just past the line, not by walking every word.
    """
    length = len(text)
    visible_end = len(text.rstrip(" "))
    first_word = length - len(text.lstrip(" "))
    breaks: list[int] = []
    line = 0
    while line + width < visible_end:
        limit = line + width
        if text[limit] == " " and limit > first_word:
            # Every word before the gap fits; the next word starts the next line.
            word = _NOT_SPACE.search(text, limit).start()  # type: ignore[union-attr]
        else:
            # The word under the limit does not fit: it starts after the last space before it.
            word = text.rfind(" ", line, limit) + 1 or line
            if word <= first_word:
                word = 0  # the first word carries the spaces before it
        ends = text.find(" ", max(word, first_word))
        if ends < 0:
            ends = length
        if ends - word > width:
            # Wider than a line: folded into pieces a line wide (its spaces after it included).
            after = _NOT_SPACE.search(text, ends)
            word_end = after.start() if after else length
            for piece in range(word, word_end, width):
                if piece:
                    breaks.append(piece)
                line = piece
        else:
            breaks.append(word)
            line = word
    lines: list[tuple[int, int]] = []
    starts = [0, *breaks]
    final = len(breaks)
    for n, start in enumerate(starts):
        end = breaks[n] if n < final else length
        if n != final:
            end = start + len(text[start:end].rstrip(" "))
        lines.append((start, min(end, start + width)))
    return lines


def _wrap_words(text: str, width: int) -> list[tuple[int, int]]:
    """``wrap_line`` for any text, word by word (wide characters, tabs and other spaces)."""
    length = len(text)
    simple = text.isascii()
    measure = len if simple else _cells
    if simple and length <= width:
        return [(0, length)]
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start = match.start()
        word = match.group()
        visible = measure(word.rstrip())
        if width - offset >= visible:
            offset += measure(word)
        elif visible > width:
            pieces = [word[i : i + width] for i in range(0, len(word), width)] if simple else chop_cells(word, width)
            last = len(pieces) - 1
            for n, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if n == last:
                    offset = measure(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = measure(word)
    lines: list[tuple[int, int]] = []
    starts = [0, *breaks]
    ends = [*breaks, length]
    final = len(starts) - 1
    for n, (start, end) in enumerate(zip(starts, ends)):
        piece = text[start:end]
        if n != final:
            piece = piece.rstrip()
        if (len(piece) if simple else cell_len(piece)) > width:
            piece = piece[:width] if simple else _fits(piece, width)
        lines.append((start, start + len(piece)))
    return lines


@dataclass(frozen=True)
class TextBlock:
    """A run of text with its looks: ``runs`` are (text, component class) parts of one paragraph.

    ``indent`` cells stay blank left of every line; ``before``/``after`` are blank lines around
    it, and ``gap`` blank lines after it belong to the text (as the empty line between two
    paragraphs of one Static would).
    """

    runs: tuple[tuple[str, str], ...]
    indent: int = 0
    before: int = 0
    after: int = 0
    gap: int = 0

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


def block(text: str, component: str, *, indent: int = 0, before: int = 0, after: int = 0, gap: int = 0) -> TextBlock:
    """A block of one style."""
    return TextBlock(((text, component),), indent, before, after, gap)


# A wrapped line: (block index, start, end) in the block's text, the source line it is part
# of and where that source line starts in the block's text; None for a blank line.
_Line = tuple[int, int, int, int, int] | None


class TextLines:
    """Blocks of text, wrapped once per width, turned into Segments only for the lines drawn.

    Not a widget: the reading pane stacks several of these (head, body) in one scroll view
    and gives each line its styles, its place in the pane's text and its selection.
    """

    def __init__(self, blocks: Sequence[TextBlock] = ()) -> None:
        self._blocks: tuple[TextBlock, ...] = ()
        self._texts: list[str] = []
        self._wrapped: tuple[int, list[_Line]] | None = None
        self._sources: list[str] | None = None
        self.set_blocks(blocks)

    # -- data in ------------------------------------------------------------------------
    @property
    def blocks(self) -> tuple[TextBlock, ...]:
        return self._blocks

    def set_blocks(self, blocks: Sequence[TextBlock]) -> None:
        # Tabs go to the next multiple of 8 columns, as Textual's own text does.
        self._blocks = tuple(
            b if "\t" not in b.text else TextBlock(tuple((t.expandtabs(8), c) for t, c in b.runs), b.indent, b.before, b.after, b.gap)
            for b in blocks
        )
        self._texts = [b.text for b in self._blocks]
        self._wrapped = None
        self._sources = None

    # -- wrapping -----------------------------------------------------------------------
    def lines_at(self, width: int) -> list[_Line]:
        """The wrapped lines at ``width`` cells, kept until the text or the width changes."""
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        lines: list[_Line] = []
        # Source lines are what a selection copies: paragraphs unwrapped, gaps as empty lines.
        source = 0
        for index, (item, text) in enumerate(zip(self._blocks, self._texts)):
            lines.extend([None] * item.before)
            room = max(width - item.indent, 1)
            start = 0
            # A newline inside a paragraph starts a new line.
            for part in text.split("\n"):
                lines.extend((index, start + s, start + e, source, start) for s, e in wrap_line(part, room))
                start += len(part) + 1
                source += 1
            for _ in range(item.gap):
                lines.append((index, 0, 0, source, 0))
                source += 1
            lines.extend([None] * item.after)
        self._wrapped = (width, lines)
        return lines

    def source_lines(self) -> list[str]:
        """The text as a selection copies it: one entry per paragraph line and per gap."""
        if self._sources is None:
            parts: list[str] = []
            for item, text in zip(self._blocks, self._texts):
                parts.extend(text.split("\n"))
                parts.extend([""] * item.gap)
            self._sources = parts
        return self._sources

    def line_count(self, width: int) -> int:
        return len(self.lines_at(width))

    def line_text(self, y: int, width: int) -> str:
        """The text of wrapped line ``y`` at ``width`` (without its indent), for tests and checks."""
        lines = self.lines_at(width)
        if not 0 <= y < len(lines) or lines[y] is None:
            return ""
        index, start, end, _, _ = lines[y]  # type: ignore[misc]
        return self._texts[index][start:end]

    # -- drawing ---------------------------------------------------------------------------
    def render(
        self,
        y: int,
        width: int,
        full: int,
        style: Callable[[str], Style],
        pad: Style,
        source_base: int,
        selection: Selection | None,
        highlight: Callable[[], Style],
    ) -> Strip:
        """Line ``y`` wrapped at ``width`` cells, padded with ``pad`` to ``full`` cells.

        Pieces carry their place in the pane's source text (line ``source_base`` onwards),
        which is how Textual selects text.
        """
        lines = self.lines_at(width)
        if not 0 <= y < len(lines) or lines[y] is None:
            return Strip.blank(full, pad)
        index, start, end, source, line_start = lines[y]  # type: ignore[misc]
        source += source_base
        item = self._blocks[index]
        segments: list[Segment] = []
        used = item.indent
        if used:
            segments.append(Segment(" " * used, pad))
        selected = selected_range(selection, source, start - line_start, end - line_start)
        if start == end:
            # An empty line of text keeps its (invisible) style, as Textual's own text does.
            segments.append(Segment("", style(item.runs[0][1]) + offset_style(0, source)))
        position = 0
        for text, component in item.runs:
            run_end = position + len(text)
            if run_end > start and position < end:
                low = max(start, position)
                piece = text[low - position : min(end, run_end) - position]
                segments.extend(selectable(piece, style(component), low - line_start, source, selected, highlight))
                used += len(piece) if piece.isascii() else cell_len(piece)
            position = run_end
        if used < full:
            segments.append(Segment(" " * (full - used), pad))
            return Strip(segments, full)
        return Strip(segments).crop_extend(0, full, pad)


@lru_cache(maxsize=4096)
def offset_style(x: int, y: int) -> Style:
    """Where a piece of text starts in its source (column, line): Textual selects text by it."""
    return Style.from_meta({"offset": (x, y)})


def selected_range(selection: Selection | None, y: int, start: int, end: int) -> tuple[int, int] | None:
    """The selected columns of source line ``y`` between ``start`` and ``end``, if any."""
    if selection is None:
        return None
    first = selection.start or Offset(0, 0)
    last = selection.end
    if y < first.y or (last is not None and y > last.y):
        return None
    low = first.x if y == first.y else 0
    high = last.x if last is not None and y == last.y else end
    low, high = max(low, start), min(high, end)
    return (low, high) if low < high else None


def selectable(
    text: str, style: Style, x: int, y: int, selected: tuple[int, int] | None, highlight: Callable[[], Style]
) -> list[Segment]:
    """``text`` from column ``x`` of source line ``y`` as Segments, its selected part highlighted."""
    if selected is None or selected[1] <= x or selected[0] >= x + len(text):
        return [Segment(text, style + offset_style(x, y))]
    low, high = max(selected[0] - x, 0), min(selected[1] - x, len(text))
    pieces = []
    if low:
        pieces.append(Segment(text[:low], style + offset_style(x, y)))
    pieces.append(Segment(text[low:high], style + highlight() + offset_style(x + low, y)))
    if high < len(text):
        pieces.append(Segment(text[high:], style + offset_style(x + high, y)))
    return pieces

