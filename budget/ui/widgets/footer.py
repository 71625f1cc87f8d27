"""KeyFooter: the compact footer, showing only the keys that fit beside the palette key."""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer, compact, without the keys that do not fit.

    Textual lets keys that do not fit run on under the palette key on the right; the
    compositor divides every line at every widget's edge, so an edge there cuts a Chinese
    label of the palette key in half. The keys left out stay bound and are in the palette.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)

    async def recompose(self) -> None:
        await super().recompose()
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # Measured from the keys' own content, not from a layout that may not be done yet.
        keys = list(self.query_children("FooterKey"))
        pinned = [key for key in keys if key.has_class("-command-palette")]
        # The palette key sits one cell in from the right edge.
        room = self.size.width - 1 - sum(self._width(key) for key in pinned)
        x = 0
        for key in keys:
            if key in pinned:
                continue
            x += self._width(key)
            key.display = x <= room
            x += 1  # the grid's gutter

    def _width(self, key: Widget) -> int:
        return key.get_content_width(Size(1000, 1), Size(1000, 1)) + key.styles.gutter.width
