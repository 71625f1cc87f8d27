"""TransactionTable: transactions, newest first, keyed by id; amounts never cut."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from budget.domain.ledger import Transaction, date_text
from budget.domain.money import format_amount
from budget.i18n import _
from budget.ui.literal import literal
from budget.ui.widgets.fitted_table import FittedTable


class TransactionTable(FittedTable):
    """Rows are appended page by page; `transaction_at` maps the cursor back to a value.

    Dates and amounts keep every digit at any width (up to the largest amount accepted);
    category, account and payee shorten with "…" when the table is narrow.
    """

    COMPONENT_CLASSES = FittedTable.COMPONENT_CLASSES | {
        "transaction-table--income", "transaction-table--transfer"}

    DEFAULT_CSS = """
    TransactionTable > .transaction-table--income { color: $text-success; }
    TransactionTable > .transaction-table--transfer { color: $text-muted; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._by_key: dict[str, Transaction] = {}

    def on_mount(self) -> None:
        self.add_fitted_column(_("Date"), key="date", number=True, justify="left")
        self.add_fitted_column(_("Category"), key="category", floor=9)
        self.add_fitted_column(_("Amount"), key="amount", number=True)
        self.add_fitted_column(_("Account"), key="account", floor=6)
        self.add_fitted_column(_("Payee / note"), key="text")

    def replace(self, transactions: list[Transaction], *, today: date | None = None) -> None:
        """Show `transactions` instead of the current rows."""
        self.clear()
        self._by_key.clear()
        self.append(transactions, today=today)

    def append(self, transactions: list[Transaction], *, today: date | None = None) -> None:
        """Add the next page below the rows already shown; rows dated after `today` are
        marked scheduled."""
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
            self.add_row(date_text(tx.date, today), literal(category), amount, literal(tx.account),
                         literal(text), key=key)

    def transaction_at_cursor(self) -> Transaction | None:
        if not self.row_count:
            return None
        row_key, _column = self.coordinate_to_cell_key(self.cursor_coordinate)
        return self._by_key.get(row_key.value or "")
