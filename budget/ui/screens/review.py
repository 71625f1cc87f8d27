"""ReviewScreen: a month's figures, the findings with their rules, and two charts."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Header, Label, Static

from budget.domain.dates import DateError, month_label, month_parts, step_month
from budget.domain.reserve import ReserveError
from budget.domain.review import MonthlyReview, review_month
from budget.i18n import _, ngettext
from budget.l10n import format_month
from budget.services.budgets import home_currency, spending_by_category
from budget.services.planning import income_expense_series, monthly_review_for
from budget.services.review_marks import mark_reviewed
from budget.ui.literal import literal
from budget.ui.screens import review_text
from budget.ui.screens.base import LedgerScreen
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.planning_charts import CategorySpendingChart, IncomeExpensesChart


@dataclass(frozen=True)
class ReviewView:
    """What the screen shows for one month, read in one worker."""

    review: MonthlyReview
    series: tuple[tuple[str, int, int], ...]
    """(``YYYY-MM``, income, expenses) for the 12 months ending with the reviewed one."""
    spending: tuple[tuple[str, int], ...]
    """The month's positive spending by category."""
    currency: str


class PlaybookFound(Message):
    """The loan a review's overdue finding is about was found."""

    def __init__(self, loan_id: int | None) -> None:
        super().__init__()
        self.loan_id = loan_id


class ReviewScreen(LedgerScreen):
    """Figures, findings and top categories scroll on the left or on top; the charts beside
    or below them (one at a time on a small terminal, v switches, as on the Reserve screen)."""

    CSS_PATH = "review.tcss"
    COMPONENT_CLASSES = {"review-screen--finding", "review-screen--rule",
                         "review-screen--passed", "review-screen--negative"}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]
    BINDINGS = [
        Binding("left_square_bracket", "month(-1)", _("Previous"), key_display="[",
                tooltip=_("Review the previous month"), id="review.previous_month"),
        Binding("right_square_bracket", "month(1)", _("Next"), key_display="]",
                tooltip=_("Review the next month"), id="review.next_month"),
        Binding("v", "toggle_chart", _("Other chart"), tooltip=_(
            "Switch between the income and spending-by-category charts"),
                id="review.toggle_chart"),
        Binding("h", "overdue_help", _("Overdue help"),
                tooltip=_("The overdue playbook for a loan that went overdue this month"),
                id="review.overdue_help"),
    ]

    class ReviewLoaded(Message):
        """A month's review, its chart series and its spending were read."""

        def __init__(self, view: ReviewView) -> None:
            super().__init__()
            self.view = view

    class LoadFailed(Message):
        """The review could not be worked out (e.g. unreadable reserve settings)."""

        def __init__(self, month: str, reason: str) -> None:
            super().__init__()
            self.month, self.reason = month, reason

    def __init__(self, ledger, today) -> None:
        super().__init__(ledger, today)
        self.month = review_month(today())
        """``YYYY-MM`` of the month shown: last month until the user moves."""
        self.view: ReviewView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(id="review-title", markup=False)
        with Horizontal(id="review-body"):
            with VerticalScroll(id="review-text"):
                yield Static(id="review-figures", markup=False)
                yield Label(_("Findings"), classes="review-heading", markup=False)
                yield Static(id="review-findings", markup=False)
                yield Label(_("Top categories against their 6-month average"),
                            classes="review-heading", markup=False)
                yield Static(id="review-categories", markup=False)
            with Vertical(id="review-charts"):
                yield IncomeExpensesChart(id="income-chart")
                yield CategorySpendingChart(id="category-chart")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#review-text").focus()
        super().on_mount()

    def reload(self) -> None:
        self.query_one("#review-title", Label).update(
            _("Review of {month} · loading…").format(month=_shown(self.month)))
        self._load(self.month)

    @work(thread=True, exclusive=True, group="review-load")
    def _load(self, month: str) -> None:
        today = self.today()
        try:
            review = monthly_review_for(self.ledger, month, as_of=today)
        except (DateError, ReserveError) as error:
            self.post_message(self.LoadFailed(month, str(error)))
            return
        # Opening the review of a finished month is what stops the reminder for it.
        mark_reviewed(self.ledger, month, today)
        spending = tuple(sorted(((name, amount) for name, amount
                                 in spending_by_category(self.ledger, month).items()
                                 if amount > 0), key=lambda item: (-item[1], item[0])))
        self.post_message(self.ReviewLoaded(ReviewView(
            review=review, series=tuple(income_expense_series(self.ledger, month)),
            spending=spending, currency=home_currency(self.ledger))))

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        if message.month == self.month:
            self.query_one("#review-title", Label).update(
                _("Review of {month}").format(month=_shown(message.month)))
            self.query_one("#review-figures", Static).update(literal(message.reason))

    @on(ReviewLoaded)
    def _show(self, message: ReviewLoaded) -> None:
        view = message.view
        if view.review.month != self.month:
            return  # a month the user has already moved past
        self.view, review = view, view.review
        style = self.get_component_rich_style
        count = len(review.findings)
        self.query_one("#review-title", Label).update(
            ngettext("Review of {month} · {count} finding", "Review of {month} · {count} findings",
                     count).format(month=_shown(review.month), count=count))
        self.query_one("#review-figures", Static).update(review_text.figures_table(
            review, view.currency, style("review-screen--negative")))
        self.query_one("#review-findings", Static).update(review_text.findings_text(
            review, style("review-screen--finding"), style("review-screen--rule"),
            style("review-screen--passed")))
        self.query_one("#review-categories", Static).update(review_text.categories_table(
            review, view.currency, style("review-screen--negative")))
        self.query_one(IncomeExpensesChart).show(
            [label for label, _income, _expenses in view.series],
            [income for _label, income, _expenses in view.series],
            [expenses for _label, _income, expenses in view.series], view.currency)
        self.query_one(CategorySpendingChart).show(view.spending, view.currency)

    def action_month(self, step: int) -> None:
        self.month = month_label(*step_month(*month_parts(self.month), step))
        self.reload()

    def on_resize(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_chart":
            # Hidden when both charts fit: v then does what the footer says there (the
            # app's v, Review), never a dimmed "Other chart" that opens another screen.
            return False if self._both_charts_fit() else True
        return True

    def _both_charts_fit(self) -> bool:
        return self.has_class("-wide") or self.has_class("-tall")

    def action_toggle_chart(self) -> None:
        self.toggle_class("show-categories")

    def action_overdue_help(self) -> None:
        names = self.view.review.overdue_loans if self.view else ()
        if not names:
            self.notify(_("Nothing went overdue this month: no playbook needed"))
            return
        self._find_loan(names[0])

    @work(thread=True, exclusive=True, group="review-playbook")
    def _find_loan(self, name: str) -> None:
        from budget.services.ledger import EntryError
        from budget.services.loans import find_loan

        try:
            self.post_message(PlaybookFound(find_loan(self.ledger, name).id))
        except EntryError:
            self.post_message(PlaybookFound(None))

    def on_playbook_found(self, message: PlaybookFound) -> None:
        from budget.ui.screens.playbook import PlaybookScreen

        if message.loan_id is not None:
            self.app.push_screen(PlaybookScreen(self.ledger, self.today, message.loan_id))


def _shown(month: str) -> str:
    """``2026-10`` as a heading in the active language ("2026年10月")."""
    return format_month(*month_parts(month))
