"""BudgetForm: set one category's monthly limit, with or without rollover."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Label, Static

from budget.domain.dates import parse_month
from budget.domain.money import format_amount
from budget.i18n import _
from budget.l10n import format_month
from budget.services.budgets import set_budget
from budget.storage.ledger import Ledger
from budget.ui.literal import literal
from budget.ui.messages import BudgetSet
from budget.ui.screens.entry import AMOUNT_HINT
from budget.ui.screens.money_form import MoneyForm
from budget.ui.widgets.footer import KeyFooter


class BudgetForm(MoneyForm):
    """The limit (prefilled with the current one) and the rollover box; Enter saves."""

    CSS_PATH = ["entry.tcss", "budgets.tcss"]

    def __init__(self, ledger: Ledger, today: Callable[[], date], category: str, month: str,
                 *, limit: int | None = None, rollover: bool = False,
                 currency: str = "CNY") -> None:
        super().__init__(ledger, today)
        self.category, self.month, self.currency = category, month, currency
        self.limit, self.rollover = limit, rollover

    def compose(self) -> ComposeResult:
        with Vertical(id="form") as form:
            form.border_title = literal(_("Budget for {category} in {month}").format(
                category=self.category, month=format_month(*parse_month(self.month))))
            current = "" if self.limit is None else format_amount(self.limit, self.currency)
            yield from self.field("amount", _("Limit"), _(AMOUNT_HINT), current)
            with Horizontal(classes="row"):
                yield Label("", classes="label", markup=False)
                yield Checkbox(_("Roll over what is left into next month"),
                               self.rollover, id="rollover", compact=True)
            yield Static(id="rollover-error", classes="error", markup=False)
            yield Static(_("Enter or ctrl+s saves · Esc cancels · Tab next field"),
                         id="form-help", markup=False)
        yield KeyFooter()

    def values(self) -> dict[str, str]:
        values = super().values()
        values["rollover"] = "yes" if self.query_one("#rollover", Checkbox).value else ""
        return values

    @work(thread=True, exclusive=True, group="budget-save")
    def save(self, values: dict[str, str]) -> None:
        self.write_in_worker(values)

    def write(self, values: dict[str, str]) -> tuple[BudgetSet, str]:
        budget = set_budget(self.ledger, self.category, values["amount"], self.month,
                            rollover=bool(values["rollover"]))
        notice = _("Budget for {category} in {month}: {limit}").format(
            category=budget.category, month=format_month(*parse_month(self.month)),
            limit=format_amount(budget.limit, self.currency, symbol=True))
        if budget.rollover:
            notice += _(" (rollover, {carried} carried from last month)").format(
                carried=format_amount(budget.carried, self.currency, symbol=True, plus=True))
        return BudgetSet(budget.category, self.month), notice
