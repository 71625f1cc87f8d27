"""Long-term planning from the ledger: safe to spend, the monthly review and debt payoff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from budget.domain.dates import add_months, month_bounds, month_label, month_parts, on_day
from budget.domain.ledger import CategoryKind, category_key
from budget.domain.money import AmountError, format_amount, parse_amount
from budget.domain.review import (
    HISTORY_MONTHS,
    MonthlyReview,
    ReviewInput,
    monthly_review,
)
from budget.domain.safe_to_spend import (
    Obligation,
    SafeToSpend,
    SafeToSpendError,
    next_payday,
    obligations_horizon,
    safe_to_spend,
)
from budget.i18n import _
from budget.services.budgets import budget_rows_for, home_currency, month_range
from budget.services.ledger import EntryError, match_name
from budget.storage.ledger import Ledger
from budget.storage.reports import (
    active_months,
    income_dates,
    loan_payments_total,
    reserve_transfers_in,
)

if TYPE_CHECKING:
    # The payoff planner and the loan engine are imported where a plan is made: the
    # review and safe to spend need neither, and they are most of this module's imports.
    from budget.domain.payoff import Debt, PayoffPlan, SurplusSplit

PAYDAY_KEY = "income.payday"
RESERVE_CONTRIBUTION_KEY = "reserve.monthly_contribution"
AUTO = "auto"
"""The pay-day setting's value for "infer it from salary"."""
SALARY_CATEGORY = category_key("Salary")
"""The default income category payday is inferred from, found by key in any language."""
PAYDAY_MONTHS = 3
"""How far back recurring salary is looked for when no pay day is set."""
PAYDAY_MIN_MONTHS = 2
"""A day of the month counts as pay day once salary came on it in this many months."""
OVERDUE_STATUSES = frozenset({"overdue", "paid_late"})
"""The values of repayment.Status for an installment that went late (a test keeps them so)."""

# --- safe to spend ---------------------------------------------------------------------


@dataclass(frozen=True)
class NextIncome:
    """When money next comes in, and how that was worked out."""

    income_date: date | None
    """None when there is no recurring income: the money has to last to the month's end."""
    day: int | None
    source: str
    """Where the pay day came from: "setting", "salary" (inferred) or "none"."""


def saved_payday(ledger: Ledger) -> int | None:
    """The pay day the user set; None when it is to be inferred from salary."""
    text = ledger.setting(PAYDAY_KEY, AUTO)
    if text == AUTO:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 31:
        raise EntryError("payday", _("the saved pay day '{text}' is unreadable; set it again "
                                     "with `budget safe set --payday DAY`").format(text=text))
    return int(text)


def set_payday(ledger: Ledger, day: int | None) -> None:
    """Save the day of the month income arrives; None goes back to inferring it."""
    if day is not None and not 1 <= day <= 31:
        raise EntryError("payday", _("the pay day must be 1 to 31; got {day}").format(day=day))
    ledger.set_setting(PAYDAY_KEY, AUTO if day is None else str(day))


def planned_reserve_contribution(ledger: Ledger) -> int:
    """What the user plans to move into the reserve each month; 0 when not set."""
    text = ledger.setting(RESERVE_CONTRIBUTION_KEY, "0")
    if not text.isdigit():
        raise EntryError("reserve", _("the saved monthly reserve contribution '{text}' is "
                                      "unreadable; set it again with `budget safe set "
                                      "--reserve-contribution AMOUNT`").format(text=text))
    return int(text)


def set_reserve_contribution(ledger: Ledger, amount: str) -> int:
    """Save the planned monthly reserve contribution from what the user typed."""
    try:
        minor = parse_amount(amount, home_currency(ledger))
    except AmountError as error:
        raise EntryError("reserve", str(error)) from error
    if minor < 0:
        raise EntryError("reserve", _("the reserve contribution must be 0 or more, e.g. 1000"))
    ledger.set_setting(RESERVE_CONTRIBUTION_KEY, str(minor))
    return minor


def inferred_payday(ledger: Ledger, as_of: date) -> int | None:
    """The most common day of Salary income over the last 3 months, if seen in 2 of them."""
    salary = [category for category in ledger.categories(include_archived=True)
              if category.kind is CategoryKind.INCOME and category.key == SALARY_CATEGORY]
    if not salary:
        return None
    # The 3 months up to today, so a monthly income shows three times wherever its day is.
    start = on_day(*add_months(as_of.year, as_of.month, -PAYDAY_MONTHS), as_of.day)
    months_by_day: dict[int, set[tuple[int, int]]] = {}
    for paid in income_dates(ledger, salary[0].id, start + timedelta(days=1), as_of):
        months_by_day.setdefault(paid.day, set()).add((paid.year, paid.month))
    if not months_by_day:
        return None
    # A tie goes to the earlier day: the money has to last until the first possible payday.
    day = max(months_by_day, key=lambda candidate: (len(months_by_day[candidate]), -candidate))
    return day if len(months_by_day[day]) >= PAYDAY_MIN_MONTHS else None


def next_income(ledger: Ledger, as_of: date) -> NextIncome:
    """The next pay day: the user's setting, else inferred from salary, else none."""
    day, source = saved_payday(ledger), "setting"
    if day is None:
        day, source = inferred_payday(ledger, as_of), "salary"
    if day is None:
        return NextIncome(None, None, "none")
    return NextIncome(next_payday(as_of, day), day, source)


def reserve_contribution_due(ledger: Ledger, as_of: date) -> int:
    """The planned monthly contribution less what already went into the reserve this month."""
    start = date(as_of.year, as_of.month, 1)
    moved = reserve_transfers_in(ledger, start, as_of)
    return max(planned_reserve_contribution(ledger) - moved, 0)


def obligations_until(ledger: Ledger, as_of: date, until: date) -> list[Obligation]:
    """Unpaid installments and bills due up to `until`, overdue ones included."""
    from budget.services.due import due_items

    days = max((until - as_of).days, 0)
    return [Obligation(item.label, item.due_date, item.amount)
            for item in due_items(ledger, as_of, days) if item.amount > 0]


def safe_to_spend_for(ledger: Ledger, as_of: date) -> SafeToSpend:
    """Safe to spend today, with every term kept for `explain()`."""
    income = next_income(ledger, as_of)
    horizon = obligations_horizon(as_of, income.income_date)
    try:
        return safe_to_spend(ledger.accounts(as_of=as_of),
                             obligations_until(ledger, as_of, horizon), as_of,
                             income_date=income.income_date,
                             reserve_contribution=reserve_contribution_due(ledger, as_of),
                             currency=home_currency(ledger))
    except SafeToSpendError as error:
        raise EntryError("safe", str(error)) from error


# --- the monthly review ----------------------------------------------------------------


def _review_day(month: str, as_of: date | None) -> date:
    """The day the month's figures are read on: its last day, or today while it runs."""
    end = month_range(month)[1]
    return end if as_of is None else min(end, as_of)


def _expense_names(ledger: Ledger) -> set[str]:
    return {category.name for category in ledger.categories(include_archived=True)
            if category.kind is CategoryKind.EXPENSE}


def spending_history(ledger: Ledger, month: str,
                     months: int = HISTORY_MONTHS) -> dict[str, dict[str, int]]:
    """Positive spending by category in each active month of the `months` before `month`."""
    year, number = month_parts(month)
    first = month_bounds(*add_months(year, number, -months))[0]
    last = month_bounds(*add_months(year, number, -1))[1]
    expense = _expense_names(ledger)
    by_month = ledger.monthly_totals_by_category(first, last)
    # A month with records but no spending in a category counts as 0 for it, so it is
    # kept even when empty; months before the records begin are left out.
    return {label: {name: -total for name, total in by_month.get(label, {}).items()
                    if name in expense and total < 0}
            for label in sorted(active_months(ledger, first, last))}


@dataclass(frozen=True)
class DebtFigures:
    """What the review reads from the loans for one month."""

    outstanding: int
    """Principal still owed on the review's day, over every open loan drawn by then."""
    overdue_episodes: int
    """Installments due in the month that were overdue or paid late."""
    overdue_loans: tuple[str, ...] = ()
    """The loans they were on."""


def debt_figures(ledger: Ledger, month: str, as_of: date | None = None) -> DebtFigures:
    """Each loan that could matter replayed once, on the review's day.

    A loan settled before the month began has nothing due in it that could be late, and
    owes nothing: it is not replayed, so the review costs the same however many old
    loans the ledger keeps.
    """
    from budget.services.loan_facts import loan_facts

    start, _end = month_range(month)
    day = _review_day(month, as_of)
    outstanding = episodes = 0
    late_loans = []
    for state in loan_facts(ledger, day, open_on=start, include_archived=True).values():
        late = sum(1 for due, status in state.installments
                   if start <= due <= day and status in OVERDUE_STATUSES)
        if late:
            episodes += late
            late_loans.append(state.name)
        if not state.archived and not state.closed:
            outstanding += state.outstanding
    return DebtFigures(outstanding, episodes, tuple(late_loans))


def overdue_episodes(ledger: Ledger, month: str, as_of: date | None = None) -> int:
    """Installments due in `month` that were overdue or paid late, replayed at its end."""
    return debt_figures(ledger, month, as_of).overdue_episodes


def review_input_for(ledger: Ledger, month: str, *, as_of: date | None = None) -> ReviewInput:
    """Everything the review of `month` is computed from, read from the ledger.

    `as_of` caps the day figures are read on, for a month still running (default: the
    month's last day). The reserve is read over its baseline window only: the review
    needs its coverage, not two years of chart.
    """
    from budget.services.loans import INTEREST_CATEGORY, PRINCIPAL_CATEGORY
    from budget.services.reserve import load_settings, reserve_view

    start, _end = month_range(month)
    day = _review_day(month, as_of)
    totals = ledger.month_totals(start, day)
    spending = {category.name: -total
                for category, total in ledger.totals_by_category(start, day)
                if category.kind is CategoryKind.EXPENSE and total < 0}
    debts = debt_figures(ledger, month, day)
    window = load_settings(ledger).window_months + 1
    return ReviewInput(
        month=month, income=totals.income, expenses=-totals.expenses, spending=spending,
        history=spending_history(ledger, month), budget_rows=tuple(budget_rows_for(ledger, month)),
        reserve_coverage=reserve_view(ledger, day, history_months=window).progress
        .coverage_months,
        debt_outstanding=debts.outstanding,
        debt_payments=loan_payments_total(ledger, start, day),
        overdue_episodes=debts.overdue_episodes, overdue_loans=debts.overdue_loans,
        currency=home_currency(ledger),
        debt_categories=frozenset(
            category.name for category in ledger.categories(include_archived=True)
            if category.key in {PRINCIPAL_CATEGORY, INTEREST_CATEGORY}))


def monthly_review_for(ledger: Ledger, month: str, *,
                       as_of: date | None = None) -> MonthlyReview:
    """The review of `month`: its figures and a finding for every rule that fires."""
    return monthly_review(review_input_for(ledger, month, as_of=as_of))


def income_expense_series(ledger: Ledger, month: str,
                          months: int = 12) -> list[tuple[str, int, int]]:
    """(``YYYY-MM``, income, expenses), positive, for the `months` months ending with `month`."""
    year, number = month_parts(month)
    series = []
    for back in range(months - 1, -1, -1):
        label_year, label_month = add_months(year, number, -back)
        totals = ledger.month_totals(*month_bounds(label_year, label_month))
        series.append((month_label(label_year, label_month), totals.income, -totals.expenses))
    return series


# --- debt payoff -----------------------------------------------------------------------


@dataclass(frozen=True)
class PayoffView:
    """The open loans as debts, each strategy's plan, and where last month's surplus goes."""

    debts: tuple[Debt, ...]
    extra: int
    plans: tuple[PayoffPlan, ...]
    surplus_month: str
    surplus: int
    """Last month's net (income less expenses); negative when it was a deficit."""
    reserve_balance: int
    starter_target: int | None
    """The starter reserve; None while unknown (no essential spending yet, no figure set)."""
    split: SurplusSplit
    currency: str = "CNY"


def open_debts(ledger: Ledger, as_of: date) -> list[Debt]:
    """Open loans as debts: outstanding principal, true APR, next scheduled payment, and
    each loan replayed up to `as_of` for the planner to pay on."""
    from budget.domain.payoff import debt_of
    from budget.domain.repayment import run_loan
    from budget.services.loans import loan_apr
    from budget.storage.loans import LoanBook

    debts = []
    # Loans settled before today are not replayed: the plan costs the same however many
    # old loans the ledger keeps.
    for loan in LoanBook(ledger).loans(open_on=as_of):
        if loan.terms.start > as_of:
            continue
        run, _allocations = run_loan(loan.terms, loan.schedule, loan.payments, as_of,
                                     loan.restructures)
        if not run.closed:
            # A predatory loan's compounded APR can pass the planner's ceiling; it is still
            # the costliest debt, which is all the ordering needs.
            debts.append(debt_of(loan.name, run, loan_apr(loan)))
    return debts


def _resolve_order(debts: Sequence[Debt], order: Sequence[str] | None) -> list[str] | None:
    if order is None:
        return None
    return [match_name(debts, name, "loan", "order").name for name in order]


def payoff_plans(ledger: Ledger, extra: int, as_of: date,
                 order: Sequence[str] | None = None) -> PayoffView:
    """Avalanche, snowball and (with `order`, loan names or prefixes) the user's own order."""
    from budget.domain.payoff import PayoffError, compare_strategies, split_surplus
    from budget.domain.reserve import starter_amount
    from budget.services.plan_cache import cached_plans
    from budget.services.reserve import load_settings, reserve_view

    def compute():
        debts = open_debts(ledger, as_of)
        try:
            return debts, compare_strategies(debts, extra, as_of, _resolve_order(debts, order))
        except PayoffError as error:
            raise EntryError("order" if order else "extra", str(error)) from error

    debts, plans = cached_plans(ledger, extra, as_of, order, compute)
    last = month_label(*add_months(as_of.year, as_of.month, -1))
    surplus = ledger.month_totals(*month_range(last)).net
    # The balance and the baseline: the baseline's window, not two years of chart.
    reserve = reserve_view(ledger, as_of,
                           history_months=load_settings(ledger).window_months + 1)
    starter = starter_amount(reserve.settings, reserve.progress.baseline)
    return PayoffView(
        debts=tuple(debts), extra=extra, plans=tuple(plans), surplus_month=last,
        surplus=surplus, reserve_balance=reserve.progress.balance, starter_target=starter,
        split=split_surplus(surplus, reserve.progress.balance, starter or 0),
        currency=home_currency(ledger))


def split_sentence(view: PayoffView, no_starter_hint: str) -> str:
    """Where last month's surplus goes: the starter reserve first, then the debts.

    `no_starter_hint` says where to set a starter figure (the shell and the app differ).
    """

    def money(value: int) -> str:
        return format_amount(value, view.currency, symbol=True)

    if view.surplus <= 0:
        return _("{month} left no surplus ({net}): nothing to split between the reserve and "
                 "the debts.").format(month=view.surplus_month, net=money(view.surplus))
    if view.starter_target is None:
        starter = no_starter_hint
    else:
        starter = _("reserve {balance}, starter target {target}").format(
            balance=money(view.reserve_balance), target=money(view.starter_target))
    return _("Starter reserve first, then debts: {month} left {surplus}, so {reserve} to the "
             "reserve and {debts} to the debts ({starter}).").format(
        month=view.surplus_month, surplus=money(view.surplus),
        reserve=money(view.split.to_reserve), debts=money(view.split.to_debts),
        starter=starter)
