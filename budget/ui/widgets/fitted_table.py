"""FittedTable: a table whose columns fit its width without ever cutting a number."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.widgets.data_table import RowKey

from budget.ui.widgets.plain_table import PlainTable, cell_text

MIN_TEXT_WIDTH = 4
"""A label is never shortened below this many cells (three and "…")."""


def fit_widths(wanted: Sequence[int], floors: Sequence[int | None],
               available: int) -> list[int]:
    """Column widths in cells that fit `available`.

    A column whose floor is None (an amount, a date) keeps its whole `wanted` width; the
    others share what is left, the widest giving way first and none below its floor (at
    least MIN_TEXT_WIDTH); when the floors do not fit either, they give way down to
    MIN_TEXT_WIDTH. Only when even that does not fit does the table scroll.
    """
    def shrunk(cap: int, floors: Sequence[int | None]) -> list[int]:
        return [width if floor is None else min(width, max(cap, floor, MIN_TEXT_WIDTH))
                for width, floor in zip(wanted, floors, strict=True)]

    if sum(wanted) <= available:
        return list(wanted)
    lowest = [None if floor is None else MIN_TEXT_WIDTH for floor in floors]
    for given in (floors, lowest):
        # The largest cap that makes the shrinkable columns fit: narrow ones keep theirs.
        for cap in range(max(wanted, default=0), MIN_TEXT_WIDTH - 1, -1):
            widths = shrunk(cap, given)
            if sum(widths) <= available:
                return widths
    return shrunk(MIN_TEXT_WIDTH, lowest)


class FittedTable(PlainTable):
    """Columns are declared as numbers (never shortened) or text (shortened with "…");
    widths follow the widest cell of each column and the table's own width."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._floors: list[int | None] = []
        self._justify: list[str] = []
        self._widest: list[int] = []
        self._labels: list[int] = []

    def add_fitted_column(self, label: str, *, key: str | None = None, number: bool = False,
                          floor: int = MIN_TEXT_WIDTH, justify: str | None = None) -> None:
        """A column: `number` ones (amounts, dates) keep every digit; text ones give way,
        down to `floor` cells. Numbers are right-aligned unless `justify` says otherwise."""
        width = cell_len(label)
        justify = justify or ("right" if number else "left")
        self._floors.append(None if number else floor)
        self._justify.append(justify)
        self._widest.append(width)
        self._labels.append(width)
        self.add_column(cell_text(label, justify=justify), width=width, key=key)

    def add_row(self, *cells, **kwargs) -> RowKey:
        texts = [cell_text(cell, justify=justify)
                 for cell, justify in zip(cells, self._justify, strict=False)]
        for index, text in enumerate(texts[:len(self._widest)]):
            self._widest[index] = max(self._widest[index], text.cell_len)
        key = super().add_row(*texts, **kwargs)
        self.fit()
        return key

    def clear(self, columns: bool = False):
        if columns:
            self._floors, self._widest, self._labels, self._justify = [], [], [], []
        else:
            self._widest = list(self._labels)
        return super().clear(columns)

    def on_resize(self, _event: events.Resize) -> None:
        self.fit()

    def fit(self) -> None:
        """Set each column's width for the table's current width and cells."""
        columns = self.ordered_columns
        if not columns or len(columns) != len(self._widest) or not self.size.width:
            return
        # Keep room for each column's padding, and for the vertical scrollbar once the rows
        # outgrow the height.
        scrollbar = (self.styles.scrollbar_size_vertical
                     if self.row_count + self.header_height > self.size.height else 0)
        available = self.size.width - scrollbar - 2 * self.cell_padding * len(columns)
        widths = fit_widths(self._widest, self._floors, available)
        if widths == [column.width for column in columns]:
            return
        for column, width in zip(columns, widths, strict=True):
            column.width = width
        # The table draws from caches of cells cut to the old widths; the virtual size
        # follows the new widths on the next idle.
        self._require_update_dimensions = True
        self._clear_caches()
        self.refresh()
