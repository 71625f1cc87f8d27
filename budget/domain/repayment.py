"""Payments replayed against a schedule: what is paid, what is late, and what lateness costs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from budget.domain.loans import Installment, LoanError, LoanTerms, round_half_up
from budget.i18n import _

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Payment:
    """Money the user paid towards one loan."""

    paid_on: date
    amount: int

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise LoanError(_("A payment must be more than zero"))


class Status(StrEnum):
    """Where an installment stands on a given day (domain.md §2)."""

    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    IN_GRACE = "in_grace"
    OVERDUE = "overdue"
    PAID = "paid"
    PAID_LATE = "paid_late"


SETTLED = frozenset({Status.PAID, Status.PAID_LATE})


def status_for(due_date: date, as_of: date, lead_days: int, grace_days: int = 0) -> Status:
    """Status of something still unpaid, from the calendar alone."""
    days_until = (due_date - as_of).days
    if days_until > lead_days:
        return Status.UPCOMING
    if days_until > 0:
        return Status.DUE_SOON
    if days_until == 0:
        return Status.DUE_TODAY
    return Status.IN_GRACE if -days_until <= grace_days else Status.OVERDUE


@dataclass(frozen=True)
class InstallmentState(Installment):
    """An installment as it stands on `as_of`, after every payment up to that day.

    `interest` is what is owed for the period: lower than scheduled when the loan was paid
    off early. `paid_interest` covers both that and `late_interest`.
    """

    paid_principal: int
    paid_interest: int
    paid_penalty: int
    penalty: int
    late_interest: int
    status: Status
    days_overdue: int
    days_until: int
    paid_on: date | None
    next_day_cost: int
    amount_due: int


@dataclass(frozen=True)
class LoanState:
    """A loan on `as_of`: every installment's state and the loan's totals."""

    as_of: date
    installments: list[InstallmentState]
    outstanding_principal: int
    total_paid: int
    total_penalty: int
    total_late_interest: int
    unapplied: int  # paid beyond everything owed: a credit the user can reclaim
    next_due: InstallmentState | None


@dataclass
class _Open:
    """One installment while payments are replayed; mutable because replay is a fold."""

    row: Installment
    interest: int
    accrued_to: date
    paid_principal: int = 0
    paid_interest: int = 0
    paid_penalty: int = 0
    # Exact late interest and penalty; rounded only when shown or paid.
    late: Decimal = Decimal(0)
    basis: Decimal = Decimal(0)
    grace_missed: bool = False
    paid_on: date | None = None

    @property
    def principal_left(self) -> int:
        return self.row.principal - self.paid_principal

    def accrual(self, terms: LoanTerms, until: date) -> tuple[Decimal, Decimal, bool]:
        """Late interest, penalty basis and grace flag as they would stand on `until`."""
        owed = self.principal_left
        if until <= self.accrued_to or owed == 0:
            return self.late, self.basis, self.grace_missed
        grace_end = self.row.due_date + timedelta(days=terms.grace_days)
        counted_from = self.row.due_date if terms.penalty_from_due_date else grace_end
        penalty_days = max((until - max(self.accrued_to, counted_from)).days, 0)
        return (
            self.late + owed * terms.daily * (until - self.accrued_to).days,
            self.basis + owed * terms.daily * terms.penalty_multiplier * penalty_days,
            self.grace_missed or until > grace_end,
        )

    def accrue(self, terms: LoanTerms, until: date) -> None:
        self.late, self.basis, self.grace_missed = self.accrual(terms, until)
        self.accrued_to = max(self.accrued_to, until)

    def charges(self, terms: LoanTerms, until: date | None = None) -> tuple[int, int]:
        """(late interest, penalty) in minor units; penalty only once grace is missed."""
        late, basis, missed = self.accrual(terms, until) if until else (
            self.late, self.basis, self.grace_missed)
        penalty = round_half_up(basis) + terms.late_fee if missed else 0
        return round_half_up(late), penalty

    def left(self, terms: LoanTerms) -> int:
        late, penalty = self.charges(terms)
        return (penalty - self.paid_penalty + self.interest + late - self.paid_interest
                + self.principal_left)

    def pay(self, terms: LoanTerms, money: int, on: date, *, principal_only=False) -> int:
        """Apply money penalty → interest → principal; return what is left of it."""
        late, penalty = self.charges(terms)
        if not principal_only:
            take = min(money, penalty - self.paid_penalty)
            self.paid_penalty += take
            money -= take
            take = min(money, self.interest + late - self.paid_interest)
            self.paid_interest += take
            money -= take
        take = min(money, self.principal_left)
        self.paid_principal += take
        money -= take
        if self.paid_on is None and self.left(terms) == 0:
            self.paid_on = on
        return money


def replay(terms: LoanTerms, schedule: Sequence[Installment], payments: Iterable[Payment],
           as_of: date) -> LoanState:
    """Apply the payments made up to `as_of`, in date order, and report the loan that day.

    Each payment clears what is due, oldest installment first (penalty, then interest,
    then principal); when nothing is due it pays the next installment ahead of its date.
    Anything beyond goes to the principal of later installments in order, whose scheduled
    interest stays as the lender set it. A payment that covers `payoff_quote` closes the
    loan instead: interest only for the days used (daily loans), none for later periods.
    """
    items, applied, unapplied = _replayed(terms, schedule, payments, as_of)
    states = [_state(item, terms, as_of) for item in items]
    return LoanState(
        as_of=as_of,
        installments=states,
        outstanding_principal=sum(item.principal_left for item in items),
        total_paid=applied,
        total_penalty=sum(state.penalty for state in states),
        total_late_interest=sum(state.late_interest for state in states),
        unapplied=unapplied,
        next_due=next((state for state in states if state.status not in SETTLED), None),
    )


def payoff_quote(terms: LoanTerms, schedule: Sequence[Installment],
                 payments: Iterable[Payment], as_of: date) -> int:
    """What closes the loan on `as_of`.

    Everything already due (with late interest and penalty) plus the principal still
    outstanding plus interest for the current period: for daily-interest loans only the
    days used since the last due date (Civil Code art. 677); for monthly loans the whole
    current period's interest, as banks commonly charge when a loan is repaid mid-period.
    """
    items, _applied, unapplied = _replayed(terms, schedule, payments, as_of)
    return max(_quote(items, terms, as_of) - unapplied, 0)


def _replayed(terms: LoanTerms, schedule: Sequence[Installment], payments: Iterable[Payment],
              as_of: date) -> tuple[list[_Open], int, int]:
    items = [_Open(row, row.interest, row.due_date) for row in schedule]
    applied = unapplied = 0
    for payment in sorted((p for p in payments if p.paid_on <= as_of), key=_paid_on):
        applied += payment.amount
        unapplied += _apply(items, terms, payment)
    for item in items:
        item.accrue(terms, as_of)
    return items, applied, unapplied


def _paid_on(payment: Payment) -> date:
    return payment.paid_on


def _apply(items: list[_Open], terms: LoanTerms, payment: Payment) -> int:
    """Allocate one payment; return the part nothing was owed against."""
    on = payment.paid_on
    for item in items:
        item.accrue(terms, on)
    # The quote is at least the principal still owed, so a smaller payment cannot close the
    # loan; checking that first skips the quote for almost every payment.
    owed = sum(item.principal_left for item in items)
    if payment.amount >= owed and payment.amount >= _quote(items, terms, on):
        _close(items, terms, on)
        in_full = len(items)
    else:
        in_full = _current(items, on)
        # With nothing outstanding, the payment is the next installment paid ahead of time.
        if all(item.left(terms) == 0 for item in items[:in_full]):
            in_full += 1
    money = payment.amount
    for index, item in enumerate(items):
        if money == 0:
            break  # the rest is untouched: no need to visit every later installment
        money = item.pay(terms, money, on, principal_only=index >= in_full)
    return money


def _current(items: Sequence[_Open], on: date) -> int:
    """Index of the period running on `on`: the first installment not yet due."""
    return next((index for index, item in enumerate(items) if item.row.due_date > on),
                len(items))


def _period_interest(items: Sequence[_Open], terms: LoanTerms, on: date) -> int:
    """Interest owed for the current period if the loan is closed on `on`."""
    current = _current(items, on)
    item = items[current]
    if not terms.accrues_daily:
        return item.interest
    since = items[current - 1].row.due_date if current else terms.start
    balance = sum(later.principal_left for later in items[current:])
    used = round_half_up(balance * terms.daily * max((on - since).days, 0))
    return min(used, item.interest)


def _quote(items: Sequence[_Open], terms: LoanTerms, on: date) -> int:
    current = _current(items, on)
    due_now = sum(item.left(terms) for item in items[:current])
    if current == len(items):
        return due_now
    rest = items[current:]
    interest = max(_period_interest(items, terms, on) - rest[0].paid_interest, 0)
    return due_now + interest + sum(item.principal_left for item in rest)


def _close(items: list[_Open], terms: LoanTerms, on: date) -> None:
    """Reduce interest to what an early payoff owes, so the quote settles everything."""
    current = _current(items, on)
    if current == len(items):
        return
    head = items[current]
    head.interest = max(head.paid_interest, _period_interest(items, terms, on))
    for item in items[current + 1:]:
        item.interest = item.paid_interest


def _state(item: _Open, terms: LoanTerms, as_of: date) -> InstallmentState:
    late, penalty = item.charges(terms)
    amount_due = item.left(terms)
    status = _status(item, terms, as_of, amount_due)
    days_until = (item.row.due_date - as_of).days
    late_tomorrow, penalty_tomorrow = item.charges(terms, as_of + ONE_DAY)
    return InstallmentState(
        number=item.row.number,
        due_date=item.row.due_date,
        principal=item.row.principal,
        interest=item.interest,
        paid_principal=item.paid_principal,
        paid_interest=item.paid_interest,
        paid_penalty=item.paid_penalty,
        penalty=penalty,
        late_interest=late,
        status=status,
        days_overdue=-days_until if status is Status.OVERDUE else 0,
        days_until=days_until,
        paid_on=item.paid_on,
        next_day_cost=late_tomorrow + penalty_tomorrow - late - penalty,
        amount_due=amount_due,
    )


def _status(item: _Open, terms: LoanTerms, as_of: date, amount_due: int) -> Status:
    if amount_due == 0:
        on_time = item.row.due_date + timedelta(days=terms.grace_days)
        return Status.PAID if item.paid_on is None or item.paid_on <= on_time else Status.PAID_LATE
    return status_for(item.row.due_date, as_of, terms.lead_days, terms.grace_days)
