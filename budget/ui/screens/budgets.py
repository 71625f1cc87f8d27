"""BudgetsScreen: a month's limits against spending with bars; set a limit, copy last month's."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Label, Static

from budget.domain.budgets import BudgetRow, CategoryBudget
from budget.domain.dates import month_label, parse_month, step_month
from budget.domain.ledger import CategoryKind
from budget.domain.money import format_amount
from budget.i18n import _, listing, ngettext
from budget.l10n import format_month, format_percent
from budget.services.budgets import (
    budget_rows_for,
    budgets_for,
    copy_last_month,
    home_currency,
    previous_month,
    spending_by_category,
)
from budget.services.ledger import EntryError
from budget.ui.literal import literal
from budget.ui.messages import BudgetsCopied
from budget.ui.screens.base import LedgerScreen
from budget.ui.screens.budget_form import BudgetForm
from budget.ui.widgets.fitted_table import FittedTable
from budget.ui.widgets.footer import KeyFooter

BAR_WIDTH = 10
FULL, EMPTY = "█", "░"


@dataclass(frozen=True)
class BudgetMonth:
    """What the screen shows for one month, read in one worker."""

    month: str
    rows: tuple[BudgetRow, ...]
    budgets: dict[str, CategoryBudget]
    unbudgeted: tuple[tuple[str, int], ...]
    """Expense categories without a budget and what was spent in each (maybe 0),
    largest first."""
    currency: str


def bar(row: BudgetRow, width: int = BAR_WIDTH) -> str:
    """``████████░░``: the share of the limit used, from the domain's percent; full when over."""
    if row.percent_used is None:
        filled = width if row.spent > 0 else 0
    else:
        shown = max(Decimal(0), min(row.percent_used, Decimal(100)))
        filled = int(shown * width / 100)
    return FULL * filled + EMPTY * (width - filled)


def percent_text(row: BudgetRow) -> str:
    return "—" if row.percent_used is None else format_percent(int(row.percent_used))


class BudgetsScreen(LedgerScreen):
    """Budgeted categories first, then the others; e or Enter sets the selected one's limit."""

    CSS_PATH = "budgets.tcss"
    COMPONENT_CLASSES = {"budgets-screen--over", "budgets-screen--muted"}
    BINDINGS = [
        Binding("left_square_bracket", "month(-1)", _("Previous"), key_display="[",
                tooltip=_("Previous month's budgets"), id="budgets.previous_month"),
        Binding("right_square_bracket", "month(1)", _("Next"), key_display="]",
                tooltip=_("Next month's budgets"), id="budgets.next_month"),
        Binding("e", "edit", _("Set limit"), tooltip=_("Set the selected category's limit"),
                id="budgets.edit"),
        Binding("r", "copy", _("Copy last month"), tooltip=_("Copy last month's budgets "
                                                            "into this month"),
                id="budgets.copy"),
    ]

    class MonthLoaded(Message):
        """A month's budgets, spending and categories were read."""

        def __init__(self, loaded: BudgetMonth) -> None:
            super().__init__()
            self.loaded = loaded

    class BudgetsCopyFailed(Message):
        """Copying was refused (e.g. last month has no budgets); `reason` says why."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, ledger, today) -> None:
        super().__init__(ledger, today)
        current = today()
        self.year, self.month = current.year, current.month
        self.loaded: BudgetMonth | None = None

    @property
    def month_text(self) -> str:
        return month_label(self.year, self.month)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(id="budgets-title", markup=False)
        yield FittedTable(id="budgets-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="unbudgeted", markup=False)
        yield Static(id="budgets-help", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(FittedTable)
        table.add_fitted_column(_("Category"), floor=10)
        for label in (_("Limit"), _("Spent"), _("Left")):
            table.add_fitted_column(label, number=True)
        table.add_fitted_column(" " * BAR_WIDTH, number=True, justify="left")
        table.add_fitted_column("%", number=True)
        table.focus()
        super().on_mount()

    def reload(self) -> None:
        self.query_one("#budgets-title", Label).update(
            _("Budgets for {month}").format(month=format_month(self.year, self.month)))
        self._load(self.month_text)

    @work(thread=True, exclusive=True, group="budgets-load")
    def _load(self, month: str) -> None:
        budgets = {budget.category: budget for budget in budgets_for(self.ledger, month)}
        spent = spending_by_category(self.ledger, month)
        others = [(category.name, spent.get(category.name, 0))
                  for category in self.ledger.categories()
                  if category.kind is CategoryKind.EXPENSE and category.name not in budgets]
        others.sort(key=lambda item: (-item[1], item[0]))
        self.post_message(self.MonthLoaded(BudgetMonth(
            month=month, rows=tuple(budget_rows_for(self.ledger, month)), budgets=budgets,
            unbudgeted=tuple(others), currency=home_currency(self.ledger))))

    @on(MonthLoaded)
    def _show(self, message: MonthLoaded) -> None:
        loaded = message.loaded
        if loaded.month != self.month_text:
            return  # a month the user has already moved past
        self.loaded = loaded
        table = self.query_one(DataTable)
        selected = self._selected_category()
        table.clear()
        over, muted = (self.get_component_rich_style("budgets-screen--over"),
                       self.get_component_rich_style("budgets-screen--muted"))
        for row in loaded.rows:
            table.add_row(*self._budget_cells(row, loaded, over), key=row.category)
        for name, amount in loaded.unbudgeted:
            table.add_row(Text(name, style=muted), Text("—", style=muted, justify="right"),
                          Text(format_amount(amount, loaded.currency) if amount else "",
                               style=muted, justify="right"), "", "", "", key=name)
        if selected is not None and selected in {str(key.value) for key in table.rows}:
            table.move_cursor(row=table.get_row_index(selected))
        self._show_unbudgeted(loaded)

    def _budget_cells(self, row: BudgetRow, loaded: BudgetMonth, over: Style) -> list:
        budget = loaded.budgets.get(row.category)
        name = row.category + (" ↻" if budget and budget.rollover else "")
        style = over if row.over else Style()
        money = [Text(format_amount(value, loaded.currency), style=style, justify="right")
                 for value in (row.limit, row.spent, row.left)]
        return [Text(name, style=style), *money, Text(bar(row), style=style),
                Text(percent_text(row), style=style, justify="right")]

    def _show_unbudgeted(self, loaded: BudgetMonth) -> None:
        spent = [(name, amount) for name, amount in loaded.unbudgeted if amount > 0]
        line = ""
        if spent:
            line = _("Not budgeted: {items}").format(items=listing(
                f"{name} {format_amount(amount, loaded.currency, symbol=True)}"
                for name, amount in spent))
        self.query_one("#unbudgeted", Static).update(literal(line))
        self.query_one("#unbudgeted").set_class(not line, "empty")
        if loaded.rows:
            help_text = _("↻ rolls over what is left · e or Enter sets a limit")
        else:
            help_text = _("No budgets for {month}: press e or Enter on a category to set "
                          "one, or r to copy last month's.").format(
                              month=format_month(*parse_month(loaded.month)))
        self.query_one("#budgets-help", Static).update(help_text)

    def _selected_category(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_month(self, step: int) -> None:
        self.year, self.month = step_month(self.year, self.month, step)
        self.reload()

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        category, loaded = self._selected_category(), self.loaded
        if category is None or loaded is None:
            return
        budget = loaded.budgets.get(category)
        self.app.push_screen(BudgetForm(
            self.ledger, self.today, category, loaded.month,
            limit=budget.limit if budget else None,
            rollover=budget.rollover if budget else False, currency=loaded.currency))

    def action_copy(self) -> None:
        self._copy(self.month_text)

    @work(thread=True, exclusive=True, group="budgets-copy")
    def _copy(self, month: str) -> None:
        try:
            result = copy_last_month(self.ledger, month)
        except EntryError:
            # The service's message names the shell command; say what to do here instead.
            self.post_message(self.BudgetsCopyFailed(
                _("{source} has no budgets to copy: press e on a category to set one.")
                .format(source=previous_month(month))))
            return
        self.app.post_message(BudgetsCopied(month, [budget.category
                                                    for budget in result.copied]))
        notice = ngettext("Copied {count} budget from {source} to {month}.",
                          "Copied {count} budgets from {source} to {month}.",
                          len(result.copied)).format(
            count=len(result.copied), source=result.source, month=result.month)
        if result.kept:
            notice += " " + _("Already set, kept as they were: {names}").format(
                names=listing(result.kept))
        self.app.call_from_thread(self.notify, notice)

    @on(BudgetsCopyFailed)
    def _copy_failed(self, message: BudgetsCopyFailed) -> None:
        self.notify(message.reason, severity="warning")
