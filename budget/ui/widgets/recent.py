"""RecentList: the dashboard's latest transactions as aligned lines, cheap to redraw."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.cells import cell_len
from rich.text import Text
from textual.events import Resize
from textual.widgets import Static

from budget.domain.ledger import Transaction, date_text
from budget.domain.money import format_amount
from budget.i18n import N_, _
from budget.ui.widgets.fitted_table import fit_widths

GAP = 2
"""Cells between two columns."""
# (label, floor in cells or None for a number that is never shortened, right-aligned)
_COLUMNS = ((N_("Date"), None, False), (N_("Category"), 9, False), (N_("Amount"), None, True),
            (N_("Account"), 6, False), (N_("Payee / note"), 6, False))


def fit_cell(text: str, width: int, *, right: bool = False) -> str:
    """`text` in exactly `width` cells: padded, or shortened with "…" (a Chinese character
    is never cut in half; its place is padded instead)."""
    if cell_len(text) <= width:
        gap = " " * (width - cell_len(text))
        return gap + text if right else text + gap
    shortened = Text(text)
    shortened.truncate(width, overflow="ellipsis", pad=True)
    return shortened.plain


class RecentList(Static):
    """A read-only list, newest first: one Text for every row rather than a table of cells.

    Saving from the quick entry line inserts a row at the top, which moves every row on
    screen; a DataTable renders each of its cells again for that (about 60 ms at 120x40
    on a slow machine), this redraws a few lines of text. Dates and amounts keep every
    digit at any width; category, account and payee shorten with "…".
    """

    COMPONENT_CLASSES = {"recent-list--header", "recent-list--income",
                         "recent-list--transfer"}

    DEFAULT_CSS = """
    RecentList {
        height: 1fr;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    RecentList > .recent-list--header { color: $text-muted; text-style: bold; }
    RecentList > .recent-list--income { color: $text-success; }
    RecentList > .recent-list--transfer { color: $text-muted; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.rows: list[tuple[str, ...]] = []
        """Each transaction's cells as shown in full (date, category, amount, account, text);
        tests read them."""
        self._kinds: list[str] = []

    def show(self, transactions: Sequence[Transaction], *, today: date | None = None) -> None:
        """Show `transactions`, newest first; those dated after `today` marked scheduled."""
        self.rows, self._kinds = [], []
        for tx in transactions:
            category = tx.category or (_("Loan") if tx.belongs_to_loan else _("Transfer"))
            text = " · ".join(part for part in (tx.payee, tx.note) if part)
            self.rows.append((date_text(tx.date, today), category,
                              format_amount(tx.amount, tx.currency, plus=not tx.is_transfer),
                              tx.account, text))
            self._kinds.append("transfer" if tx.is_transfer else
                               "income" if tx.amount > 0 else "")
        self._draw()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def on_resize(self, _event: Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        width = self.content_region.width or self.size.width
        if not width:
            return
        labels = [_(label) for label, _floor, _right in _COLUMNS]
        wanted = [max([cell_len(labels[index]),
                       *(cell_len(row[index]) for row in self.rows[:self.size.height])])
                  for index in range(len(_COLUMNS))]
        widths = fit_widths(wanted, [floor for _label, floor, _right in _COLUMNS],
                            width - GAP * (len(_COLUMNS) - 1))
        style = self.get_component_rich_style
        text = Text(no_wrap=True, overflow="crop")
        text.append(self._line(labels, widths), style=style("recent-list--header"))
        for row, kind in zip(self.rows[:max(self.size.height - 1, 0)], self._kinds,
                             strict=False):
            text.append("\n")
            cells = self._cells(row, widths)
            # Only the amount is coloured, as in the transactions list.
            text.append("".join(cells[:2]))
            text.append(cells[2], style=style(f"recent-list--{kind}") if kind else "")
            text.append("".join(cells[3:]).rstrip())
        self.update(text, layout=False)

    @classmethod
    def _line(cls, cells: Sequence[str], widths: Sequence[int]) -> str:
        return "".join(cls._cells(cells, widths)).rstrip()

    @staticmethod
    def _cells(cells: Sequence[str], widths: Sequence[int]) -> list[str]:
        """Each cell fitted to its width, followed by the gap (but the last)."""
        fitted = [fit_cell(cell, width, right=right)
                  for cell, width, (_label, _floor, right) in zip(cells, widths, _COLUMNS,
                                                                  strict=True)]
        return [cell + " " * GAP for cell in fitted[:-1]] + fitted[-1:]
