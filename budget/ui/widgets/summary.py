"""MonthSummary: a month's income, expenses and net in one line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from budget.domain.ledger import MonthTotals
from budget.domain.money import format_amount
from budget.i18n import _
from budget.ui.literal import literal


class MonthSummary(Horizontal):
    """Three figures side by side; the caller passes totals already computed."""

    DEFAULT_CSS = """
    MonthSummary {
        height: auto;
        border: round $primary;
        border-title-color: $text-primary;
        padding: 0 1;
    }
    MonthSummary > Label {
        width: 1fr;
        height: 1;
        text-align: center;
    }
    MonthSummary > #month {
        display: none;
        width: auto;
        text-style: bold;
        color: $text-primary;
    }
    MonthSummary > #income { color: $text-success; }
    MonthSummary > #expenses { color: $text-error; }
    MonthSummary > #net.negative { color: $text-error; }
    MonthSummary > #net { text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        # The month also as a label: shown when a short terminal takes the box away.
        yield Label(id="month", markup=False)
        yield Label(id="income", markup=False)
        yield Label(id="expenses", markup=False)
        yield Label(id="net", markup=False)

    def show(self, title: str, totals: MonthTotals, currency: str) -> None:
        """Display `totals` under `title` (e.g. "2026-11")."""
        self.border_title = literal(title)
        self.query_one("#month", Label).update(title, layout=False)
        # Each figure is one line of a fixed box: repaint only, no layout pass (a layout of
        # the whole screen costs more than the rest of a refresh).
        self.query_one("#income", Label).update(
            _("Income {amount}").format(amount=format_amount(totals.income, currency, plus=True)),
            layout=False)
        self.query_one("#expenses", Label).update(
            _("Expenses {amount}").format(amount=format_amount(totals.expenses, currency)),
            layout=False)
        net = self.query_one("#net", Label)
        net.update(_("Net {amount}").format(amount=format_amount(totals.net, currency, plus=True)),
                   layout=False)
        net.set_class(totals.net < 0, "negative")
