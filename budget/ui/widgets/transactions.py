"""TransactionTable: a DataTable of transactions, newest first, keyed by transaction id."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from budget.domain.ledger import Transaction
from budget.domain.money import format_amount
from budget.i18n import _
from budget.ui.literal import literal


class TransactionTable(DataTable):
    """Rows are appended page by page; `transaction_at` maps the cursor back to a value."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "transaction-table--income", "transaction-table--transfer"}

    DEFAULT_CSS = """
    TransactionTable > .transaction-table--income { color: $text-success; }
    TransactionTable > .transaction-table--transfer { color: $text-muted; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._by_key: dict[str, Transaction] = {}

    def on_mount(self) -> None:
        # Fixed widths for the columns whose size is known keep dates and amounts whole
        # even when the table is narrow.
        self.add_column(_("Date"), width=10, key="date")
        self.add_column(_("Category"), key="category")
        self.add_column(_("Amount"), width=12, key="amount")
        self.add_column(_("Account"), key="account")
        self.add_column(_("Payee / note"), key="text")

    async def _on_idle(self, event: events.Idle) -> None:
        # DataTable measures new rows when idle but keeps cells it drew before that, cut to
        # the old column widths (rows that arrive from a worker are often drawn first).
        # Drop those once the widths are known, and only if a width changed: a second
        # full redraw costs as much as the first.
        widths = [column.content_width for column in self.columns.values()]
        await super()._on_idle(event)
        if widths != [column.content_width for column in self.columns.values()]:
            self._clear_caches()
            self.refresh()

    def replace(self, transactions: list[Transaction]) -> None:
        """Show `transactions` instead of the current rows."""
        self.clear()
        self._by_key.clear()
        self.append(transactions)

    def append(self, transactions: list[Transaction]) -> None:
        """Add the next page below the rows already shown."""
        income = self.get_component_rich_style("transaction-table--income")
        transfer = self.get_component_rich_style("transaction-table--transfer")
        for tx in transactions:
            key = str(tx.id)
            self._by_key[key] = tx
            style = transfer if tx.is_transfer else income if tx.amount > 0 else ""
            amount = Text(format_amount(tx.amount, tx.currency, plus=not tx.is_transfer),
                          style=style, justify="right")
            category = tx.category or (_("Loan") if tx.belongs_to_loan else _("Transfer"))
            text = " · ".join(part for part in (tx.payee, tx.note) if part)
            self.add_row(tx.date.isoformat(), literal(category), amount, literal(tx.account),
                         literal(text), key=key)

    def transaction_at_cursor(self) -> Transaction | None:
        if not self.row_count:
            return None
        row_key, _column = self.coordinate_to_cell_key(self.cursor_coordinate)
        return self._by_key.get(row_key.value or "")
