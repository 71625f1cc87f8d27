"""AccountBalances: the balance of each open account."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from budget.domain.ledger import Account
from budget.domain.money import format_amount
from budget.i18n import _


class AccountBalances(Static):
    """One line per account; balances come from the ledger, this only draws them."""

    COMPONENT_CLASSES = {"account-balances--negative", "account-balances--note"}

    DEFAULT_CSS = """
    AccountBalances {
        height: auto;
    }
    AccountBalances > .account-balances--negative { color: $text-error; }
    AccountBalances > .account-balances--note { color: $text-muted; }
    """

    _lines = 0

    def __init__(self, **kwargs) -> None:
        # Account names are shown as typed, never read as markup (budget/ui/literal.py).
        super().__init__(markup=False, **kwargs)

    def show(self, accounts: list[Account]) -> None:
        # Only a different number of accounts changes the height and needs a layout pass.
        layout, self._lines = len(accounts) != self._lines, len(accounts)
        if not accounts:
            self.update(_("No open account: press c to add one"), layout=layout)
            return
        negative = self.get_component_rich_style("account-balances--negative")
        note = self.get_component_rich_style("account-balances--note")
        table = Table.grid(expand=True, padding=(0, 1))
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(justify="right", no_wrap=True)
        for account in accounts:
            name = Text(account.name)
            if account.reserve:
                # Set apart, so "Savings" does not read as an account named "Savings reserve".
                # Translators: after an account's name; the space is the English spacing.
                name.append(_(" (reserve)"), style=note)
            balance = format_amount(account.balance, account.currency, symbol=True)
            table.add_row(name, Text(balance, style=negative if account.balance < 0 else ""))
        self.update(table, layout=layout)
