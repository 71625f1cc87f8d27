"""Keep Chinese characters whole where one widget is drawn over another (toasts, menus).

Textual's compositor cuts every screen line at every widget's left and right edge and
then takes each piece from the front-most widget there. A piece edge that falls inside a
double-width character of the front widget replaces that character with two spaces, so
a notification drawn over a panel border loses a character of its text. This is
Textual issue #6357 (open for 8.x). `install()` replaces the compositor's chopping with
one that cuts a widget's line only where the front-most widget changes; where nothing
is drawn over another the result is the same, piece for piece.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

_EMPTY = Strip([], 0)


def _render_chops(self: Compositor, crop: Region,
                  is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Strip]]:
    """Compositor._render_chops, dividing each strip only between runs of pieces it wins.

    A run won by one widget goes whole into its first piece; the other pieces of the run
    are claimed with an empty strip, so no widget further back is drawn there.
    """
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(line[:-1]) for line in cuts]
    for region, clip, strips in self._get_renders(crop):
        painted = region.intersection(clip)
        left = painted.x
        first_cut, last_cut = painted.column_span
        for y, strip in zip(painted.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            edges = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            if len(edges) < 2:
                continue
            wins = [line[cut] is None for cut in edges[:-1]]
            # Divide where winning starts or stops, and at the painted end.
            ends = [edges[index] for index in range(1, len(wins))
                    if wins[index] != wins[index - 1]]
            ends.append(edges[-1])
            start = 0
            pieces = strip.divide([end - left for end in ends])
            for piece, end in zip(pieces, ends, strict=False):
                run = [cut for cut in edges[start:-1] if cut < end]
                if wins[start]:
                    line[run[0]] = piece
                    for cut in run[1:]:
                        line[cut] = _EMPTY
                start += len(run)
    return chops


_original = Compositor._render_chops


def install() -> None:
    """Use the chopping that keeps wide characters whole (idempotent)."""
    Compositor._render_chops = _render_chops


def uninstall() -> None:
    """Textual's own chopping again (for tests that compare the two)."""
    Compositor._render_chops = _original
