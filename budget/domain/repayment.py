"""A loan as it stands on a day: every installment's state, what is due, what closes it.

The figures come from replaying the recorded payments and restructures through the loan
engine (`budget.domain.engine`), never from the calendar alone (domain.md §1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from budget.domain.engine import Allocation, LoanRun, Restructure, Row
from budget.domain.loans import Installment, LoanError, LoanTerms, times
from budget.i18n import _

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Payment:
    """Money the user paid towards one loan, in minor units; `id` is the stored payment's.

    `recorded` is when it was saved (an ISO timestamp, "" when unknown): it orders a
    payment and an agreement made the same day (see `run_loan`).
    """

    paid_on: date
    amount: int
    id: int | None = None
    recorded: str = ""

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
    RESTRUCTURED = "restructured"


SETTLED = frozenset({Status.PAID, Status.PAID_LATE, Status.RESTRUCTURED})


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

    `principal` is what the plan in force asks of it (lower after a prepayment);
    `interest` is its interest: as charged once due or paid, projected to its due date
    while still to come. `penalty` is the penalty accrued (with any late fee), and
    `paid_interest` covers both `interest` and `late_interest`. `amount_due` is what is
    left to pay on it (on its due date, for one still to come).
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
    segment: int = 0
    waived: int = 0
    """Penalty and interest the lender forgave (included in paid_penalty/paid_interest)."""

    @property
    def penalty_unpaid(self) -> int:
        return self.penalty - self.paid_penalty

    @property
    def late_interest_unpaid(self) -> int:
        """Late interest still owed: interest paid on an overdue installment settles its
        late interest first (as a waiver does, see engine.Restructure)."""
        return max(self.late_interest - self.paid_interest, 0)


@dataclass(frozen=True)
class LoanState:
    """A loan on `as_of`: every installment's state and the loan's totals (minor units).

    `installments` is the schedule in force: what was paid before any restructure plus the
    plan now running; `replaced` holds installments a restructure replaced unpaid.
    `prepaid_principal` is principal prepaid in the plan now running, outside any
    installment; `charges_paid` the prepayment fees and full-period interest paid.
    `total_penalty` is the penalty accrued so far, `penalty_unpaid` what of it is unpaid.
    `due_now` is every unpaid installment due by `as_of` (`due_now_count` of them).
    `interest_remaining` is the interest still to pay on the schedule in force, late
    interest included, if every installment is paid on its date from now on.
    """

    as_of: date
    installments: list[InstallmentState]
    outstanding_principal: int
    total_paid: int
    total_penalty: int
    total_late_interest: int
    unapplied: int
    next_due: InstallmentState | None
    penalty_unpaid: int = 0
    charges_paid: int = 0
    prepaid_principal: int = 0
    due_now: int = 0
    due_now_count: int = 0
    interest_remaining: int = 0
    replaced: tuple[InstallmentState, ...] = ()

    @property
    def closed(self) -> bool:
        """Nothing more is owed: every installment paid (or restructured away)."""
        return self.next_due is None


def _payment_key(payment: Payment) -> tuple[date, str, int]:
    return (payment.paid_on, payment.recorded, 0)


def _agreement_key(event: Restructure) -> tuple[date, str, int]:
    # Kind 1 after a payment recorded at the same moment; -1 (no record time): the start
    # of its day, before every payment of that day.
    return (event.on, event.recorded, 1 if event.recorded else -1)


def made_before(payment: Payment, event: Restructure) -> bool:
    """Whether `payment` came before the agreement `event` (see `run_loan`): the agreement
    was made on what was owed after it, so removing it would change the agreement."""
    return _payment_key(payment) < _agreement_key(event)


def run_loan(terms: LoanTerms, schedule: Sequence[Installment], payments: Iterable[Payment],
             until: date, restructures: Sequence[Restructure] = ()) -> tuple[LoanRun, list]:
    """Replay the events up to `until`; return the run and each payment's Allocation, in
    the order the payments were given (None for those after `until`)."""
    payments = list(payments)
    # On the day of an agreement, the payments recorded before it were made under the old
    # plan (the agreement is on what was owed after them) and those recorded after it go
    # to the new plan. An agreement with no record time takes effect at the start of its
    # day; a tie in record time puts the payment first (pay what is due, then agree).
    events = sorted(
        [(*_agreement_key(event), index)
         for index, event in enumerate(restructures) if event.on <= until]
        + [(*_payment_key(payment), index)
           for index, payment in enumerate(payments) if payment.paid_on <= until])
    run = LoanRun(terms, schedule)
    allocations: list[Allocation | None] = [None] * len(payments)
    for on, _recorded, kind, index in events:
        if kind != 0:
            run.restructure(restructures[index])
        else:
            allocations[index] = run.pay(max(on, run.now), payments[index].amount)
    run.advance(until)
    return run, allocations


def replay(terms: LoanTerms, schedule: Sequence[Installment], payments: Iterable[Payment],
           as_of: date, restructures: Sequence[Restructure] = ()) -> LoanState:
    """Apply the payments and restructures made up to `as_of` and report the loan that day."""
    run, _allocations = run_loan(terms, schedule, payments, as_of, restructures)
    return state_of(run)


def payoff_quote(terms: LoanTerms, schedule: Sequence[Installment], payments: Iterable[Payment],
                 as_of: date, restructures: Sequence[Restructure] = ()) -> int:
    """What closes the loan on `as_of`: everything due with its late interest and penalty,
    the interest accrued to that day (Civil Code art. 677: interest for the days used,
    unless the loan says the lender charges the full period), the principal still owed,
    and any prepayment fee the loan sets."""
    run, _allocations = run_loan(terms, schedule, payments, as_of, restructures)
    return run.quote(as_of)


def state_of(run: LoanRun) -> LoanState:
    """The LoanState of a run at its `now`."""
    projected = run.projected()
    rows = [_state(row, run.now, projected.get(id(row))) for row in run.rows]
    replaced = tuple(_state(row, run.now, None) for row in run.replaced)
    open_rows = [row for row in rows if row.status not in SETTLED]
    due = [row for row in open_rows if row.due_date <= run.now]
    return LoanState(
        as_of=run.now, installments=rows, outstanding_principal=run.outstanding,
        total_paid=run.paid, total_penalty=sum(row.penalty for row in rows),
        total_late_interest=sum(row.late_interest for row in rows), unapplied=run.unapplied,
        next_due=open_rows[0] if open_rows else None,
        penalty_unpaid=sum(row.penalty_unpaid for row in open_rows),
        charges_paid=run.charges, prepaid_principal=run.prepaid,
        due_now=sum(row.amount_due for row in due),
        due_now_count=len(due),
        interest_remaining=sum(row.interest + row.late_interest - row.paid_interest
                               for row in open_rows),
        replaced=replaced)


def _state(row: Row, as_of: date, projected: int | None) -> InstallmentState:
    interest = projected if projected is not None else row.window_interest()
    late, penalty = row.late_interest(), row.penalty()
    settled = row.settled_on is not None or row.restructured_on is not None
    amount_due = 0 if settled else (penalty - row.paid_penalty + interest + late
                                    - row.paid_interest + row.principal_left)
    status = _status(row, as_of, amount_due)
    days_until = (row.due_date - as_of).days
    return InstallmentState(
        number=row.number, due_date=row.due_date, principal=row.principal, interest=interest,
        paid_principal=row.paid_principal, paid_interest=row.paid_interest,
        paid_penalty=row.paid_penalty, penalty=penalty, late_interest=late, status=status,
        days_overdue=-days_until if status is Status.OVERDUE else 0, days_until=days_until,
        paid_on=row.settled_on, next_day_cost=0 if settled else _next_day_cost(row, as_of),
        amount_due=amount_due, segment=row.segment, waived=row.waived)


def _status(row: Row, as_of: date, amount_due: int) -> Status:
    if row.restructured_on is not None and row.settled_on is None:
        return Status.RESTRUCTURED
    if row.settled_on is not None or amount_due == 0:
        on_time = row.settled_on is None or row.settled_on <= row.grace_end()
        return Status.PAID if on_time else Status.PAID_LATE
    return status_for(row.due_date, as_of, row.rules.lead_days, row.rules.grace_days)


def _next_day_cost(row: Row, as_of: date) -> int:
    """Late interest plus penalty one more day adds: 0 before the due date."""
    owed = row.principal_left
    if row.due_date > as_of or not owed:
        return 0
    tomorrow = as_of + ONE_DAY
    rules = row.rules
    late = times(row.late_days + owed, rules.late_rate)
    penalty_days = row.penalty_days + (owed if tomorrow > row.penalty_start() else 0)
    missed = row.grace_missed or tomorrow > row.grace_end()
    penalty = times(penalty_days, rules.penalty_rate) + rules.late_fee if missed else 0
    return late + penalty - row.late_interest() - row.penalty()
