"""Debt payoff planner: avalanche, snowball or the user's order, simulated month by month."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from budget.domain.dates import add_months, month_bounds, month_label
from budget.domain.engine import LoanRun
from budget.domain.loans import MAX_DAILY_RATE
from budget.domain.money import format_amount
from budget.domain.repayment import SETTLED, state_of
from budget.i18n import _, listing, ngettext

MAX_MONTHS = 600
"""Fifty years: a plan still running then is not a plan."""
MAX_APR = MAX_DAILY_RATE * 365
"""365% a year, the most loans.py accepts; real predatory loans reach it."""


class PayoffError(ValueError):
    """Raised when debts or the payoff settings cannot be used."""


@dataclass(frozen=True)
class Debt:
    """An open loan as the planner sees it (minor units): the principal outstanding, its
    true annual cost (0.18 is 18%), the next scheduled payment, and the loan itself,
    replayed up to the day of the plan, which the plan pays on."""

    name: str
    balance: int
    apr: Decimal
    minimum: int
    """The next scheduled payment: what is due now, or the next installment."""
    run: LoanRun = field(compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise PayoffError(_("A debt needs a name"))
        if not isinstance(self.apr, Decimal) or not 0 <= self.apr <= MAX_APR:
            raise PayoffError(_("The APR of {name} must be a Decimal from 0 to 3.65 "
                                "(0.18 is 18%); got {apr!r}").format(name=self.name, apr=self.apr))


def debt_of(name: str, run: LoanRun, apr: Decimal) -> Debt:
    """A loan replayed up to the plan's day, as a debt to pay off."""
    state = state_of(run)
    minimum = state.due_now or (state.next_due.amount_due if state.next_due else 0)
    return Debt(name, state.outstanding_principal, min(apr, MAX_APR), minimum, run)


class Strategy(StrEnum):
    """Which debt gets the extra money first."""

    AVALANCHE = "avalanche"  # highest APR first: the least interest
    SNOWBALL = "snowball"  # smallest balance first: the quickest first win
    USER_ORDER = "user-order"


class PayoffStatus(StrEnum):
    PAID_OFF = "paid-off"
    TOO_LONG = "too-long"
    """Not paid off within MAX_MONTHS."""


@dataclass(frozen=True)
class DebtPayoff:
    """When one debt is paid off under a plan (months from the plan's month; 0 is this
    month) and the interest and penalty it cost (minor units)."""

    name: str
    months: int | None
    paid_off: date | None
    interest: int
    penalty: int = 0


@dataclass(frozen=True)
class PayoffPlan:
    """The outcome of one strategy."""

    strategy: Strategy
    order: tuple[str, ...]
    """Names in the order the extra money goes to them."""
    monthly_payment: int
    """The next scheduled payments plus the extra. Each month the plan pays what the
    loans' own schedules would have asked that month plus the extra, so what a debt paid
    off early no longer needs rolls over to the next one."""
    status: PayoffStatus
    debts: tuple[DebtPayoff, ...]
    """In the order the debts were given."""
    total_interest: int
    """Interest (late interest included) over the months simulated; with no extra it is
    the interest still to pay on the loans' own schedules."""
    months: int | None
    """Months to debt-free; None unless paid off."""
    debt_free: date | None
    series: tuple[tuple[str, int], ...]
    """(``YYYY-MM``, principal owed at the month's end), after (today's ISO date, today's
    total)."""
    total_penalty: int = 0

    @property
    def paid_off(self) -> bool:
        return self.status is PayoffStatus.PAID_OFF


def payoff_order(debts: Sequence[Debt], strategy: Strategy,
                 order: Sequence[str] | None = None) -> list[Debt]:
    """The debts in the order the extra money goes to them; ties keep the order given."""
    _check_names(debts)
    if strategy is Strategy.AVALANCHE:
        return sorted(debts, key=lambda debt: (-debt.apr, debt.balance))
    if strategy is Strategy.SNOWBALL:
        return sorted(debts, key=lambda debt: (debt.balance, -debt.apr))
    by_name = {debt.name: debt for debt in debts}
    if order is None or sorted(order) != sorted(by_name):
        raise PayoffError(_("Your order must name each debt once: {names}").format(
            names=listing(by_name)))
    return [by_name[name] for name in order]


def _check_names(debts: Sequence[Debt]) -> None:
    names = [debt.name for debt in debts]
    if len(set(names)) != len(names):
        raise PayoffError(_("Two debts have the same name; give each its own"))


def plan_payoff(debts: Sequence[Debt], extra: int, as_of: date,
                strategy: Strategy = Strategy.AVALANCHE, order: Sequence[str] | None = None,
                max_months: int = MAX_MONTHS) -> PayoffPlan:
    """Simulate paying the loans month by month from `as_of`, through the loan engine.

    Each month every loan is paid as its schedule asks, on each due date (what is overdue
    is paid on `as_of`); on the month's last day the rest of that month's budget — what
    the schedules would have asked without any extra, plus `extra` — goes to the first
    loan in the strategy's order still owed, as a payment the engine applies (the next
    installment ahead, then a prepayment), then to the next loan.
    """
    if isinstance(extra, bool) or not isinstance(extra, int) or extra < 0:
        raise PayoffError(_("The extra monthly amount must be whole minor units, 0 or more"))
    ordered = payoff_order(debts, Strategy(strategy), order)
    run = _simulate(ordered, extra, as_of, max_months)
    months = run.months if run.status is PayoffStatus.PAID_OFF else None
    start = (as_of.isoformat(), sum(debt.balance for debt in debts))
    return PayoffPlan(
        strategy=Strategy(strategy), order=tuple(debt.name for debt in ordered),
        monthly_payment=sum(debt.minimum for debt in debts) + extra, status=run.status,
        debts=tuple(DebtPayoff(debt.name, run.paid_in.get(debt.name, (None, None))[0],
                               run.paid_in.get(debt.name, (None, None))[1],
                               run.interest[debt.name], run.penalty[debt.name])
                    for debt in debts),
        total_interest=sum(run.interest.values()), months=months,
        debt_free=run.debt_free if months is not None else None,
        series=tuple([start, *run.totals]), total_penalty=sum(run.penalty.values()))


@dataclass
class _Run:
    status: PayoffStatus
    totals: list[tuple[str, int]]
    paid_in: dict[str, tuple[int, date]]
    interest: dict[str, int]
    penalty: dict[str, int]
    months: int = 0
    debt_free: date | None = None


def _baseline(debt: Debt, as_of: date) -> dict[int, int]:
    """What the loan's own schedule asks in each month from `as_of`'s (index 0)."""
    by_month: dict[int, int] = {}
    for row in state_of(debt.run).installments:
        if row.status in SETTLED or not row.amount_due:
            continue
        due = max(row.due_date, as_of)
        index = (due.year - as_of.year) * 12 + due.month - as_of.month
        by_month[index] = by_month.get(index, 0) + row.amount_due
    return by_month


def _simulate(ordered: Sequence[Debt], extra: int, as_of: date, max_months: int) -> _Run:
    runs = {debt.name: debt.run.clone() for debt in ordered}
    baselines = {debt.name: _baseline(debt, as_of) for debt in ordered}
    run = _Run(PayoffStatus.TOO_LONG, [], {}, dict.fromkeys(runs, 0), dict.fromkeys(runs, 0))
    for name, loan in runs.items():
        if loan.closed:
            run.paid_in[name] = (0, as_of)
    for month in range(max_months + 1):
        last = month_bounds(*add_months(as_of.year, as_of.month, month))[1]
        budget = extra + sum(baseline.get(month, 0) for baseline in baselines.values())
        for name, loan in runs.items():
            if name not in run.paid_in:
                budget -= _book(run, name, loan.pay_as_scheduled(last))
        for name, loan in runs.items():
            if budget <= 0:
                break
            if name not in run.paid_in and not loan.closed:
                amount = min(budget, loan.quote(last))
                budget -= _book(run, name, loan.pay(last, amount))
        for name, loan in runs.items():
            if name not in run.paid_in and loan.closed:
                run.paid_in[name] = (month, loan.now)
        run.totals.append((month_label(last.year, last.month),
                           sum(loan.outstanding for loan in runs.values())))
        if len(run.paid_in) == len(runs):
            run.status, run.months = PayoffStatus.PAID_OFF, month
            run.debt_free = max((when for _month, when in run.paid_in.values()), default=as_of)
            break
    return run


def _book(run: _Run, name: str, split) -> int:
    """Add a payment's interest and penalty to the loan's totals; return what it cost."""
    run.interest[name] += split.interest
    run.penalty[name] += split.penalty
    return split.applied


def compare_strategies(debts: Sequence[Debt], extra: int, as_of: date,
                       order: Sequence[str] | None = None) -> list[PayoffPlan]:
    """Avalanche and snowball, and the user's order when one is given."""
    strategies = [Strategy.AVALANCHE, Strategy.SNOWBALL]
    if order is not None:
        strategies.append(Strategy.USER_ORDER)
    return [plan_payoff(debts, extra, as_of, strategy, order) for strategy in strategies]


def plan_sentence(plan: PayoffPlan, currency: str = "CNY") -> str:
    """What a plan means, in one sentence."""
    payment = format_amount(plan.monthly_payment, currency, symbol=True)
    if plan.status is PayoffStatus.TOO_LONG:
        return _("At {payment} a month these debts are not paid off within {years} years.").format(
            payment=payment, years=(len(plan.series) - 1) // 12)
    return ngettext("At {payment} a month you are debt-free in {months} month ({month}), "
                    "paying {interest} of interest.",
                    "At {payment} a month you are debt-free in {months} months ({month}), "
                    "paying {interest} of interest.", plan.months).format(
        payment=payment, months=plan.months,
        month=month_label(plan.debt_free.year, plan.debt_free.month),
        interest=format_amount(plan.total_interest, currency, symbol=True))


@dataclass(frozen=True)
class SurplusSplit:
    """Where a month's surplus goes: the starter reserve first, then the debts."""

    to_reserve: int
    to_debts: int


def split_surplus(surplus: int, reserve_balance: int, starter_target: int) -> SurplusSplit:
    """Fill the starter reserve first, then send the rest to the debts.

    A small cushion first keeps one surprise bill from becoming new high-interest
    borrowing (domain.md §4); past the starter, high-interest debt costs more than the
    reserve earns. No surplus (0 or less) splits into nothing.
    """
    if starter_target < 0:
        raise PayoffError(_("The starter reserve target cannot be negative"))
    if surplus <= 0:
        return SurplusSplit(0, 0)
    to_reserve = min(surplus, max(starter_target - reserve_balance, 0))
    return SurplusSplit(to_reserve, surplus - to_reserve)
