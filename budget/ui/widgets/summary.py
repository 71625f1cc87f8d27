"""MonthSummary: a month's income, expenses and net in one line."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
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

    _shown: tuple[str, MonthTotals, str] | None = None

    def show(self, title: str, totals: MonthTotals, currency: str) -> None:
        """Display `totals` under `title` (e.g. "2026-11"). When the words and figures do
        not fit the width, the words get shorter, then go: a figure is never cut."""
        self._shown = (title, totals, currency)
        self.border_title = literal(title)
        month = self.query_one("#month", Label)
        month.update(title, layout=False)
        # Its own width, not `auto`: measured while the screen was away (another screen
        # on top), auto left it a few cells wide and cut the title to "This".
        if month.styles.width is None or month.styles.width.value != cell_len(title):
            month.styles.width = cell_len(title)
        amounts = (format_amount(totals.income, currency, plus=True),
                   format_amount(totals.expenses, currency),
                   format_amount(totals.net, currency, plus=True))
        texts = self._fitting(title, amounts)
        # Each figure is one line of a fixed box: repaint only, no layout pass (a layout of
        # the whole screen costs more than the rest of a refresh).
        for name, text in zip(("#income", "#expenses", "#net"), texts, strict=True):
            self.query_one(name, Label).update(text, layout=False)
        self.query_one("#net", Label).set_class(totals.net < 0, "negative")

    def _fitting(self, title: str, amounts: tuple[str, str, str]) -> tuple[str, ...]:
        income, expenses, net = amounts
        wordings = [
            (_("Income {amount}").format(amount=income),
             _("Expenses {amount}").format(amount=expenses), _("Net {amount}").format(amount=net)),
            (_("In {amount}").format(amount=income), _("Out {amount}").format(amount=expenses),
             _("Net {amount}").format(amount=net)),
            amounts,  # the colours still tell them apart
        ]
        width = self.content_size.width
        if not width:
            return wordings[0]  # not laid out yet: on_resize shows it again
        if self.query_one("#month", Label).display:
            width -= cell_len(title)
        each = width // 3
        return next((texts for texts in wordings
                     if all(cell_len(text) <= each for text in texts)), amounts)

    def on_resize(self, event: events.Resize) -> None:
        if self._shown is not None:
            self.show(*self._shown)
