"""Debt payoff planner: avalanche, snowball or the user's order, simulated month by month."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from budget.domain.dates import add_months, month_label, on_day
from budget.domain.loans import MAX_DAILY_RATE, round_half_up
from budget.domain.money import format_amount
from budget.i18n import _

MAX_MONTHS = 600
"""Fifty years: a plan still running then is not a plan."""
MAX_APR = MAX_DAILY_RATE * 365
"""365% a year, the most loans.py accepts; real predatory loans reach it."""


class PayoffError(ValueError):
    """Raised when debts or the payoff settings cannot be used."""


@dataclass(frozen=True)
class Debt:
    """A debt to pay off: what is owed, its annual rate (0.18 is 18%) and its minimum."""

    name: str
    balance: int
    apr: Decimal
    minimum: int
    """The minimum monthly payment, in minor units."""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise PayoffError(_("A debt needs a name"))
        if not isinstance(self.apr, Decimal) or not 0 <= self.apr <= MAX_APR:
            raise PayoffError(_("The APR of {name} must be a Decimal from 0 to 3.65 "
                                "(0.18 is 18%); got {apr!r}").format(name=self.name, apr=self.apr))
        for label, value in ((_("balance"), self.balance), (_("minimum payment"), self.minimum)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise PayoffError(_("The {label} of {name} must be whole minor units (fen), "
                                    "0 or more; got {value!r}").format(
                    label=label, name=self.name, value=value))


class Strategy(StrEnum):
    """Which debt gets the extra money first."""

    AVALANCHE = "avalanche"  # highest APR first: the least interest
    SNOWBALL = "snowball"  # smallest balance first: the quickest first win
    USER_ORDER = "user-order"


class PayoffStatus(StrEnum):
    PAID_OFF = "paid-off"
    NEVER = "never"
    """The payments do not cover the interest: the total owed stops falling."""
    TOO_LONG = "too-long"
    """Still falling, but not paid off within MAX_MONTHS."""


@dataclass(frozen=True)
class DebtPayoff:
    """When one debt is paid off under a plan and the interest it cost."""

    name: str
    months: int | None
    paid_off: date | None
    interest: int


@dataclass(frozen=True)
class PayoffPlan:
    """The outcome of one strategy."""

    strategy: Strategy
    order: tuple[str, ...]
    """Names in the order the extra money goes to them."""
    monthly_payment: int
    """All minimums plus the extra; it stays the same as debts are paid off (roll-over)."""
    status: PayoffStatus
    debts: tuple[DebtPayoff, ...]
    """In the order the debts were given."""
    total_interest: int
    """Interest over the months simulated (to the stop when never paid off)."""
    months: int | None
    """Months to debt-free; None unless paid off."""
    debt_free: date | None
    series: tuple[tuple[str, int], ...]
    """(``YYYY-MM``, total owed at the month's end), starting with this month's total."""

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
            names=", ".join(by_name)))
    return [by_name[name] for name in order]


def _check_names(debts: Sequence[Debt]) -> None:
    names = [debt.name for debt in debts]
    if len(set(names)) != len(names):
        raise PayoffError(_("Two debts have the same name; give each its own"))


def plan_payoff(debts: Sequence[Debt], extra: int, as_of: date,
                strategy: Strategy = Strategy.AVALANCHE, order: Sequence[str] | None = None,
                max_months: int = MAX_MONTHS) -> PayoffPlan:
    """Simulate paying the debts month by month from the month after `as_of`.

    Each month: interest = balance × APR / 12, rounded half-up, is added to every debt;
    each debt gets its minimum (or what is left of it); everything else of the monthly
    payment — the extra plus the minimums of debts already paid off — goes to the first
    debt in the strategy's order that is still owed, then the next.
    """
    if isinstance(extra, bool) or not isinstance(extra, int) or extra < 0:
        raise PayoffError(_("The extra monthly amount must be whole minor units, 0 or more"))
    ordered = payoff_order(debts, Strategy(strategy), order)
    payment = sum(debt.minimum for debt in debts) + extra
    run = _simulate(ordered, payment, max_months)
    months = len(run.totals) if run.status is PayoffStatus.PAID_OFF else None
    start = (month_label(as_of.year, as_of.month), sum(debt.balance for debt in debts))
    series = [start] + [(month_label(*add_months(as_of.year, as_of.month, month)), owed)
                        for month, owed in enumerate(run.totals, start=1)]
    return PayoffPlan(
        strategy=Strategy(strategy), order=tuple(debt.name for debt in ordered),
        monthly_payment=payment, status=run.status,
        debts=tuple(DebtPayoff(debt.name, run.paid_in.get(debt.name),
                               _month_date(as_of, run.paid_in.get(debt.name)),
                               run.interest[debt.name]) for debt in debts),
        total_interest=sum(run.interest.values()), months=months,
        debt_free=_month_date(as_of, months), series=tuple(series))


def _month_date(as_of: date, months: int | None) -> date | None:
    if months is None:
        return None
    return on_day(*add_months(as_of.year, as_of.month, months), as_of.day)


@dataclass
class _Run:
    status: PayoffStatus
    totals: list[int]
    paid_in: dict[str, int]
    interest: dict[str, int]


def _simulate(ordered: Sequence[Debt], payment: int, max_months: int) -> _Run:
    owed = {debt.name: debt.balance for debt in ordered}
    run = _Run(PayoffStatus.TOO_LONG, [], {name: 0 for name, balance in owed.items()
                                           if balance == 0}, dict.fromkeys(owed, 0))
    previous = sum(owed.values())
    if previous == 0:
        run.status = PayoffStatus.PAID_OFF
        return run
    for month in range(1, max_months + 1):
        _one_month(ordered, owed, payment, run.interest)
        run.paid_in.update({name: month for name, balance in owed.items()
                            if balance == 0 and name not in run.paid_in})
        total = sum(owed.values())
        run.totals.append(total)
        if total == 0:
            run.status = PayoffStatus.PAID_OFF
            return run
        if total >= previous:
            run.status = PayoffStatus.NEVER
            return run
        previous = total
    return run


def _one_month(ordered: Sequence[Debt], owed: dict[str, int], payment: int,
               interest: dict[str, int]) -> None:
    for debt in ordered:
        if owed[debt.name]:
            charged = round_half_up(owed[debt.name] * debt.apr / 12)
            owed[debt.name] += charged
            interest[debt.name] += charged
    pot = payment
    for debt in ordered:
        paid = min(debt.minimum, owed[debt.name])
        owed[debt.name] -= paid
        pot -= paid
    for debt in ordered:
        paid = min(pot, owed[debt.name])
        owed[debt.name] -= paid
        pot -= paid


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
    if plan.status is PayoffStatus.NEVER:
        return _("At {payment} a month these debts are never paid off: the payments do not "
                 "cover the interest. Pay more each month or ask the lenders about a new "
                 "plan.").format(payment=payment)
    if plan.status is PayoffStatus.TOO_LONG:
        return _("At {payment} a month these debts are not paid off within {years} years.").format(
            payment=payment, years=(len(plan.series) - 1) // 12)
    return _("At {payment} a month you are debt-free in {months} months ({month}), paying "
             "{interest} of interest.").format(
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
