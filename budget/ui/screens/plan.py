"""PlanScreen: avalanche, snowball and your own order for paying off the open loans."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Label, Static

from budget.domain.dates import month_label
from budget.domain.money import AmountError, format_amount, parse_amount
from budget.domain.payoff import PayoffPlan, plan_sentence
from budget.domain.reserve import ReserveError
from budget.i18n import N_, _
from budget.services.ledger import EntryError
from budget.services.planning import PayoffView, payoff_plans, split_sentence
from budget.ui.literal import literal
from budget.ui.screens.base import LedgerScreen
from budget.ui.widgets.fitted_table import FittedTable
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.plain_input import PlainInput
from budget.ui.widgets.planning_charts import DebtPayoffChart

STRATEGY_NAMES = {"avalanche": N_("Avalanche"), "snowball": N_("Snowball"),
                  "user-order": N_("Your order")}
STRATEGY_RULES = {"avalanche": N_("highest APR first"), "snowball": N_("smallest balance first"),
                  "user-order": N_("as you listed them")}
# Recompute this long after the last key typed in the inputs, not on every key.
TYPING_PAUSE = 0.4


def strategy_name(plan: PayoffPlan) -> str:
    return _(STRATEGY_NAMES[str(plan.strategy)])


class PlanScreen(LedgerScreen):
    """Inputs on top, the comparison table and sentences below, the debt chart at the bottom."""

    CSS_PATH = "plan.tcss"
    COMPONENT_CLASSES = {"plan-screen--best", "plan-screen--never"}
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]
    BINDINGS = [
        Binding("e", "edit_extra", _("Extra"), tooltip=_("Change the extra paid each month"),
                id="plan.extra"),
        Binding("n", "edit_order", _("Your order"), tooltip=_("Type your own payoff order"),
                id="plan.order"),
        Binding("escape", "focus_plan", _("Back to the plan"), show=False,
                id="plan.focus_plan"),
    ]

    class PlansLoaded(Message):
        """The strategies were simulated for the inputs of load number `generation`."""

        def __init__(self, generation: int, view: PayoffView) -> None:
            super().__init__()
            self.generation, self.view = generation, view

    class PlanRejected(Message):
        """An input was refused; the reason goes under the field named `field`."""

        def __init__(self, generation: int, field: str, reason: str) -> None:
            super().__init__()
            self.generation, self.field, self.reason = generation, field, reason

    def __init__(self, ledger, today) -> None:
        super().__init__(ledger, today)
        self.view: PayoffView | None = None
        self._generation = 0
        self._typing: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="plan-inputs"):
            yield Label(_("Extra a month"), classes="plan-label", markup=False)
            yield PlainInput("0", placeholder="500", id="extra", compact=True)
            yield Label(_("Your order"), classes="plan-label", markup=False)
            yield PlainInput(placeholder=_("optional, e.g. Card, 微粒贷"), id="order", compact=True)
        yield Static(id="extra-error", classes="plan-error", markup=False)
        yield Static(id="order-error", classes="plan-error", markup=False)
        with VerticalScroll(id="plan-text"):
            yield FittedTable(id="plan-table", cursor_type="none", zebra_stripes=True)
            yield Static(id="plan-sentences", markup=False)
            yield Static(id="plan-split", markup=False)
        with Vertical(id="plan-chart-pane"):
            yield DebtPayoffChart(id="plan-chart")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#plan-sentences", Static).update(_("Loading…"))
        # Nothing to pick in the table: the arrows scroll the whole comparison instead.
        self.query_one(DataTable).can_focus = False
        self.action_focus_plan()
        super().on_mount()

    def reload(self) -> None:
        self._recompute()

    def _recompute(self) -> None:
        self._generation += 1
        extra_text = self.query_one("#extra", Input).value
        order_text = self.query_one("#order", Input).value
        self._load(self._generation, extra_text, order_text)

    @work(thread=True, exclusive=True, group="plan-load")
    def _load(self, generation: int, extra_text: str, order_text: str) -> None:
        try:
            extra = _read_extra(extra_text)
            order = [name.strip() for name in order_text.split(",") if name.strip()] or None
            view = payoff_plans(self.ledger, extra, self.today(), order)
        except EntryError as error:
            self.post_message(self.PlanRejected(generation, error.field, str(error)))
            return
        except ReserveError as error:
            self.post_message(self.PlanRejected(generation, "extra", str(error)))
            return
        self.post_message(self.PlansLoaded(generation, view))

    @on(PlanRejected)
    def _rejected(self, message: PlanRejected) -> None:
        if message.generation != self._generation:
            return
        field = "order" if message.field == "order" else "extra"
        self._show_errors({field: message.reason})

    def _show_errors(self, errors: dict[str, str]) -> None:
        for name in ("extra", "order"):
            line = self.query_one(f"#{name}-error", Static)
            line.update(errors.get(name, ""))
            line.set_class(name in errors, "shown")

    @on(PlansLoaded)
    def _show(self, message: PlansLoaded) -> None:
        if message.generation != self._generation:
            return  # the inputs changed since
        self._show_errors({})
        self.view = view = message.view
        self._fill_table(view)
        self.query_one("#plan-sentences", Static).update(self._sentences(view))
        self.query_one("#plan-split", Static).update(literal(split_line(view)))
        self.query_one(DebtPayoffChart).show(
            [(strategy_name(plan), plan.series) for plan in view.plans if view.debts],
            view.currency)

    def _fill_table(self, view: PayoffView) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        if not view.debts:
            return
        # The label column is sized from its rows like the others (an empty header left it
        # at no width after the table was rebuilt for a new extra amount).
        table.add_fitted_column("", key="what", floor=12)
        for plan in view.plans:
            table.add_fitted_column(strategy_name(plan), key=str(plan.strategy), number=True)
        least = min(plan.total_interest for plan in view.plans)
        best = self.get_component_rich_style("plan-screen--best")

        def money(value: int) -> str:
            return format_amount(value, view.currency, symbol=True)

        for index, debt in enumerate(view.debts):
            table.add_row(literal(_("{name} paid off").format(name=debt.name)),
                          *[_paid_off(plan, index) for plan in view.plans])
        table.add_row(_("Total interest"), *[
            Text(money(plan.total_interest),
                 style=best if plan.total_interest == least and plan.paid_off else "")
            for plan in view.plans])
        table.add_row(_("Months to debt-free"), *[
            str(plan.months) if plan.months is not None else "—" for plan in view.plans])
        table.add_row(_("Paid each month"), *[money(plan.monthly_payment)
                                              for plan in view.plans])

    def _sentences(self, view: PayoffView) -> Text:
        if not view.debts:
            return Text(_("No open loans: nothing to pay off."))
        never = self.get_component_rich_style("plan-screen--never")
        text = Text()
        for index, plan in enumerate(view.plans):
            if index:
                text.append("\n")
            text.append(_("{strategy} ({rule}): ").format(
                strategy=strategy_name(plan), rule=_(STRATEGY_RULES[str(plan.strategy)])),
                style="bold")
            text.append(_("{order}. ").format(order=" → ".join(plan.order)))
            text.append(plan_sentence(plan, view.currency), style="" if plan.paid_off else never)
        return text

    @on(Input.Changed)
    def _typed(self) -> None:
        if self._typing is not None:
            self._typing.stop()
        self._typing = self.set_timer(TYPING_PAUSE, self._recompute)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        if self._typing is not None:
            self._typing.stop()
        self._recompute()
        self.action_focus_plan()

    def action_edit_extra(self) -> None:
        self.query_one("#extra", Input).focus()

    def action_edit_order(self) -> None:
        self.query_one("#order", Input).focus()

    def action_focus_plan(self) -> None:
        self.query_one("#plan-text").focus()


def _read_extra(text: str) -> int:
    """The extra monthly amount typed; empty is 0."""
    if not text.strip():
        return 0
    try:
        extra = parse_amount(text)
    except AmountError as error:
        raise EntryError("extra", str(error)) from error
    if extra < 0:
        raise EntryError("extra", _("the extra amount must be 0 or more, e.g. 500"))
    return extra


def _paid_off(plan: PayoffPlan, index: int) -> str:
    paid_off = plan.debts[index].paid_off
    if paid_off is None:
        return _("not paid off")
    return month_label(paid_off.year, paid_off.month)


def split_line(view: PayoffView) -> str:
    """Where last month's surplus goes: the starter reserve first, then the debts."""
    return split_sentence(
        view, _("no starter reserve figure yet: set one on the Reserve screen (f)"))
