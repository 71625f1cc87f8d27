"""PlainTable: a DataTable that shows every string cell and column label as typed."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, ColumnKey, RowKey


def cell_text(value: object, *, justify: str = "left") -> Text:
    """A cell as Text: plain (a payee "[x]" is not markup), one line, "…" when shortened.
    A Text that says nothing of its alignment takes `justify` (an amount stays right)."""
    if isinstance(value, Text):
        text = value.copy()
        text.justify = text.justify or justify  # type: ignore[assignment]
    else:
        text = Text(str(value), justify=justify)  # type: ignore[arg-type]
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


def _plain(value: object) -> object:
    # A plain DataTable reads a str cell as Rich markup: "[/]" in a payee ends the app with
    # a MarkupError. Other renderables (Text, a Table) are already literal.
    return cell_text(value) if isinstance(value, str) else value


class PlainTable(DataTable):
    """Every DataTable in budget is one of these (a test checks): labels and string cells
    are never read as markup, and a cut cell ends in "…" rather than mid-word."""

    def add_column(self, label, *, width: int | None = None, key: str | None = None,
                   default: CellType | None = None) -> ColumnKey:
        return super().add_column(_plain(label), width=width, key=key, default=default)

    def add_row(self, *cells: CellType, height: int | None = 1, key: str | None = None,
                label=None) -> RowKey:
        return super().add_row(*(_plain(cell) for cell in cells), height=height, key=key,
                               label=_plain(label) if label is not None else None)

    def update_cell(self, row_key, column_key, value: CellType, *,
                    update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, _plain(value), update_width=update_width)
