"""The loan engine: interest only on the principal actually owed, for the days it is owed.

A loan is replayed event by event (payments and restructures) from its draw date, following
domain.md §1 "Paying early, paying part":

- the installment whose window is open accrues balance × rate for each day, on the principal
  not yet due; an installment past its due date accrues late interest and penalty on its own
  unpaid principal instead (domain.md §2);
- a payment settles what is due (oldest first: penalty, interest, principal), then the
  interest accrued so far and the principal of the next installment, even before its date
  (one installment per period), and prepays the rest, after which the plan is recomputed by
  the loan's method (keeping the term or the installment, per loan);
- a restructure replaces the unpaid rest with a new segment of schedule from a date.

Money is integer minor units; interest is kept as exact balance-days per rate and rounded
half-up once, when it is shown or paid.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from functools import cached_property

from budget.domain.loans import (
    Installment,
    LoanTerms,
    Method,
    build_schedule,
    half_up,
    period_months,
    replan,
    times,
)

ONE_DAY = timedelta(days=1)
UNLIMITED = 10**18
"""Money enough to pay anything: what a payoff quote is measured with."""


@dataclass(frozen=True)
class Restructure:
    """An agreement with the lender from `on` (domain.md §1 "Restructuring"; 展期, 分期,
    停息分期, 减免).

    With `terms`, a new plan replaces the unpaid rest of the loan: its principal is the
    agreed amount (minor units), its start is `on`, its method, rate, periods and due dates
    are the agreement's, and its grace and penalty rules apply to the new installments;
    `schedule` is the new plan (built from `terms` when empty) and `waived_penalty` and
    `waived_interest` record what was left out of it, for the history.

    Without `terms` it is a waiver (减免) alone: the lender forgives `waived_penalty` of the
    unpaid penalty and `waived_interest` of the unpaid interest (late interest first) of
    what is due on `on`; the plan stays as it is.
    """

    on: date
    terms: LoanTerms | None
    schedule: tuple[Installment, ...] = ()
    waived_penalty: int = 0
    waived_interest: int = 0
    ref: str = ""
    recorded: str = ""
    """When it was saved (ISO timestamp, "" when unknown): payments of its day recorded
    before it were made under the old plan."""


@dataclass
class Allocation:
    """Where one payment went, in minor units.

    `charges` are what the lender's own rules add to principal paid ahead of its date: a
    prepayment fee and, where the loan says so, interest to the end of the period.
    `prepaid` is the part of `principal` that was a prepayment (it recomputed the plan).
    `unapplied` is money beyond everything owed.
    """

    penalty: int = 0
    interest: int = 0
    principal: int = 0
    charges: int = 0
    prepaid: int = 0
    unapplied: int = 0

    @property
    def applied(self) -> int:
        """Everything the payment paid for: penalty, interest, principal and charges."""
        return self.penalty + self.interest + self.principal + self.charges


@dataclass(frozen=True)
class Rules:
    """A segment's rates and rules for lateness, precomputed as exact fractions."""

    late_rate: Fraction
    penalty_rate: Fraction
    grace_days: int
    late_fee: int
    penalty_from_due_date: bool
    lead_days: int

    @classmethod
    def of(cls, terms: LoanTerms) -> Rules:
        daily = terms.exact_daily
        return cls(daily, daily * Fraction(terms.penalty_multiplier), terms.grace_days,
                   terms.late_fee, terms.penalty_from_due_date, terms.lead_days)


@dataclass
class Row:
    """One installment while the loan is replayed; mutable because replay is a fold.

    `accrued` maps a rate per balance-day, as (numerator, denominator), to the balance-days
    accrued at it in this installment's window; `interest` is fixed once the window closes
    (due or settled).
    `late_days` and `penalty_days` are the overdue principal × days that late interest and
    penalty run on.
    """

    number: int
    due_date: date
    principal: int
    original: int
    period_start: date
    day_rate: Fraction
    rules: Rules
    segment: int = 0
    paid_principal: int = 0
    paid_interest: int = 0
    paid_penalty: int = 0
    accrued: dict[tuple[int, int], int] = field(default_factory=dict)
    interest: int | None = None
    late_days: int = 0
    penalty_days: int = 0
    grace_missed: bool = False
    settled_on: date | None = None
    restructured_on: date | None = None
    waived: int = 0
    """Penalty and interest the lender forgave; counted in paid_penalty / paid_interest."""
    rate_key: tuple[int, int] = field(init=False, repr=False)
    """`day_rate` as (numerator, denominator): hashing a tuple of ints is cheap."""

    def __post_init__(self) -> None:
        self.rate_key = (self.day_rate.numerator, self.day_rate.denominator)

    @property
    def principal_left(self) -> int:
        return self.principal - self.paid_principal

    @property
    def touched(self) -> bool:
        return bool(self.paid_principal or self.paid_interest or self.paid_penalty)

    @cached_property
    def period_rate(self) -> Fraction:
        """The rate of this installment's whole period (a month's, for monthly methods)."""
        return self.day_rate * max((self.due_date - self.period_start).days, 1)

    def accrued_interest(self) -> int:
        """Interest accrued so far in the window, rounded half-up."""
        return _rounded(self.accrued)

    def window_interest(self) -> int:
        """The installment's interest: fixed once due or settled, else accrued so far."""
        return self.interest if self.interest is not None else self.accrued_interest()

    def late_interest(self) -> int:
        return times(self.late_days, self.rules.late_rate) if self.late_days else 0

    def penalty(self) -> int:
        """Penalty accrued (with the late fee), charged only once grace is missed."""
        if not self.grace_missed:
            return 0
        return times(self.penalty_days, self.rules.penalty_rate) + self.rules.late_fee

    def owed(self) -> int:
        """Everything still unpaid on this installment as it stands."""
        return (self.penalty() - self.paid_penalty + self.window_interest()
                + self.late_interest() - self.paid_interest + self.principal_left)

    def grace_end(self) -> date:
        return self.due_date + timedelta(days=self.rules.grace_days)

    def penalty_start(self) -> date:
        return self.due_date if self.rules.penalty_from_due_date else self.grace_end()

    def clone(self) -> Row:
        twin = copy.copy(self)
        twin.accrued = dict(self.accrued)
        return twin


def _rounded(accrued: dict[tuple[int, int], int]) -> int:
    """Balance-days at their rates, as minor units rounded half-up once."""
    if not accrued:
        return 0
    if len(accrued) == 1:
        (((numerator, denominator), days),) = accrued.items()
        return (2 * days * numerator + denominator) // (2 * denominator)
    return half_up(_exact(accrued))


class LoanRun:
    """A loan replayed up to `now`: its installments, what was paid and what is owed.

    Call `pay`, `restructure` and `advance` in date order; `quote` and `projected` look
    ahead without changing anything.
    """

    def __init__(self, terms: LoanTerms, schedule: Sequence[Installment]):
        self.terms = terms
        """The loan's own terms; their prepayment rules hold across restructures."""
        self.fee_rate = Fraction(terms.prepayment_fee)
        self.rows: list[Row] = []
        """The schedule in force: installments kept from earlier segments, then the plan."""
        self.replaced: list[Row] = []
        """Installments a restructure replaced before anything was paid on them."""
        self.restructures: list[Restructure] = []
        self.capitalised: list[tuple[date, int]] = []
        """(day, minor units) of each agreement: the interest, penalty and charges owed then
        that its new plan's principal took in (what was borrowed grows by it)."""
        self.now = terms.start
        self.paid = 0
        self.charges = 0
        self.prepaid = 0
        """Principal prepaid in the segment in force (not part of any installment)."""
        self.unapplied = 0
        self.segment = -1
        self._install(terms, schedule)

    # -- plan ------------------------------------------------------------------------

    def _install(self, terms: LoanTerms, schedule: Sequence[Installment]) -> None:
        self.segment += 1
        self.method = terms.method
        rules = Rules.of(terms)
        first = max((row.number for row in self.rows), default=0) + 1
        balance = sum(row.principal for row in schedule)
        previous = terms.start
        plan = []
        for offset, row in enumerate(schedule):
            days = max((row.due_date - previous).days, 1)
            plan.append(Row(first + offset, row.due_date, row.principal, row.principal,
                            previous, _day_rate(terms, row, balance, days), rules,
                            self.segment))
            balance -= row.principal
            previous = row.due_date
        self.plan = plan
        self.rows.extend(plan)
        self.prepaid = 0
        self.next_index = 0
        self.due_rows: list[Row] = []
        self.ahead = sum(row.principal for row in plan)
        self.installment = schedule[0].payment if schedule else 0
        self.share = schedule[0].principal if schedule else 0

    @property
    def outstanding(self) -> int:
        """Principal still owed, due or not."""
        return self.ahead + sum(row.principal_left for row in self.due_rows)

    def _open_index(self) -> int | None:
        """Index in the plan of the installment whose window is open, if any."""
        for index in range(self.next_index, len(self.plan)):
            if self.plan[index].settled_on is None:
                return index
        return None

    # -- time ------------------------------------------------------------------------

    def advance(self, until: date) -> None:
        """Accrue interest, late interest and penalty up to and including `until`."""
        while self.now < until:
            upcoming = (self.plan[self.next_index].due_date
                        if self.next_index < len(self.plan) else None)
            end = until if upcoming is None or upcoming > until else upcoming
            self._accrue(self.now, end)
            self.now = end
            if end == upcoming:
                self._fall_due(end)

    def _accrue(self, start: date, end: date) -> None:
        days = (end - start).days
        if self.ahead and self.next_index < len(self.plan):
            rate = self.plan[self.next_index].rate_key
            index = self._open_index()
            if index is not None and rate[0]:
                accrued = self.plan[index].accrued
                accrued[rate] = accrued.get(rate, 0) + self.ahead * days
        for row in self.due_rows:
            owed = row.principal_left
            if not owed:
                continue
            row.late_days += owed * days
            penalty_days = (end - max(start, row.penalty_start())).days
            if penalty_days > 0:
                row.penalty_days += owed * penalty_days
            if end > row.grace_end():
                row.grace_missed = True

    def _fall_due(self, day: date) -> None:
        while self.next_index < len(self.plan) and self.plan[self.next_index].due_date <= day:
            row = self.plan[self.next_index]
            self.next_index += 1
            if row.settled_on is not None:
                continue
            row.interest = row.accrued_interest()
            self.ahead -= row.principal_left
            if row.owed() == 0:
                row.settled_on = row.due_date  # nothing to pay: a 0% interest-only period
            else:
                self.due_rows.append(row)

    # -- payments --------------------------------------------------------------------

    def pay(self, on: date, amount: int) -> Allocation:
        """Apply a payment of `amount` minor units made on `on` and say where it went."""
        self.advance(on)
        self.paid += amount
        allocation = Allocation()
        money = amount
        for row in list(self.due_rows):
            money = self._pay_due(row, money, allocation, on)
            if row.settled_on is not None:
                self.due_rows.remove(row)
            if money == 0:
                return allocation
        money = self._pay_ahead(on, money, allocation)
        if money:
            money = self._prepay(on, money, allocation)
        allocation.unapplied = money
        self.unapplied += money
        self.charges += allocation.charges
        return allocation

    def _pay_due(self, row: Row, money: int, allocation: Allocation, on: date) -> int:
        take = min(money, row.penalty() - row.paid_penalty)
        row.paid_penalty += take
        allocation.penalty += take
        money -= take
        take = min(money, row.window_interest() + row.late_interest() - row.paid_interest)
        row.paid_interest += take
        allocation.interest += take
        money -= take
        take = min(money, row.principal_left)
        row.paid_principal += take
        allocation.principal += take
        money -= take
        if row.owed() == 0:
            row.settled_on = on
        return money

    def _pay_ahead(self, on: date, money: int, allocation: Allocation) -> int:
        """Interest accrued so far on the open installment, then (once per period) its
        principal ahead of its date: paying this month's installment early pays it."""
        index = self._open_index()
        if index is None:
            return money
        row = self.plan[index]
        take = min(money, max(row.accrued_interest() - row.paid_interest, 0))
        row.paid_interest += take
        allocation.interest += take
        money -= take
        eligible = index == 0 or self.plan[index - 1].due_date <= on
        if not money or not eligible:
            return money
        principal, cost = _affordable(money, row.principal_left, self._cost(row, on, 0))
        self._charge_period(row, on, principal, allocation)
        row.paid_principal += principal
        self.ahead -= principal
        allocation.principal += principal
        money -= cost
        if row.principal_left == 0:
            row.interest = row.accrued_interest()
            row.settled_on = on
        elif money:
            allocation.charges += money  # the fen a rounded charge could not turn into principal
            money = 0
        return money

    def _prepay(self, on: date, money: int, allocation: Allocation) -> int:
        """What is left lowers the principal today; the plan is recomputed from it."""
        if self.ahead == 0 or self.next_index >= len(self.plan):
            return money
        owner = self.plan[self.next_index]
        principal, cost = _affordable(money, self.ahead, self._cost(owner, on, self.fee_rate))
        interest = self._charge_period(owner, on, principal, allocation)
        allocation.principal += principal
        allocation.prepaid += principal
        self.prepaid += principal
        allocation.charges += cost - principal - interest
        money -= cost
        if principal < self.ahead and money:
            allocation.charges += money
            money = 0
        self._reduce(on, principal)
        return money

    def _cost(self, owner: Row, on: date, fee_rate: Fraction):
        """What paying `principal` ahead of its date costs in all: the principal, a fee on
        it, and, where the lender charges the full period, its interest to the period's end
        (rounded together with the rest of that period's interest)."""
        full = self.terms.full_period_interest
        days = (owner.due_date - on).days
        accrued = _exact(owner.accrued)
        before = half_up(accrued)

        def cost(principal: int) -> int:
            total = principal + half_up(principal * fee_rate)
            if full and days > 0:
                total += half_up(accrued + principal * days * owner.day_rate) - before
            return total
        return cost

    def _charge_period(self, owner: Row, on: date, principal: int,
                       allocation: Allocation) -> int:
        """Book the full-period interest of principal paid ahead on the installment whose
        period it is; return what it added (0 unless the loan charges the full period)."""
        days = (owner.due_date - on).days
        if not self.terms.full_period_interest or days <= 0 or not principal:
            return 0
        before = owner.accrued_interest()
        owner.accrued[owner.rate_key] = owner.accrued.get(owner.rate_key, 0) + principal * days
        added = owner.accrued_interest() - before
        if owner.interest is not None:
            owner.interest += added
        owner.paid_interest += added
        allocation.interest += added
        return added

    def _reduce(self, on: date, principal: int) -> None:
        remaining = [row for row in self.plan[self.next_index:] if row.settled_on is None]
        self.ahead -= principal
        if self.ahead == 0:
            parts: list[int] = []
        else:
            parts = replan(self.method, self.ahead, [row.original for row in remaining],
                           [row.period_rate for row in remaining], self.terms.prepayment,
                           installment=self.installment, share=self.share)
        for row, part in zip(remaining, parts, strict=False):
            row.principal = row.paid_principal + part
        for row in remaining[len(parts):]:
            if row.touched or row.accrued_interest():
                row.principal = row.paid_principal
                row.interest = row.accrued_interest()
                row.settled_on = on
            else:
                self.plan.remove(row)
                self.rows.remove(row)

    # -- restructuring ---------------------------------------------------------------

    def restructure(self, event: Restructure) -> None:
        """Replace the unpaid rest from `event.on` with the agreed new segment, or apply a
        waiver alone."""
        self.advance(event.on)
        if event.terms is None:
            self._waive(event)
            return
        self.capitalised.append((event.on, event.terms.principal - self.outstanding))
        for row in self.plan:
            if row.settled_on is not None:
                continue
            row.restructured_on = event.on
            if row.interest is None:
                row.interest = row.accrued_interest()
            if not row.touched:
                self.rows.remove(row)
                self.replaced.append(row)
        self.restructures.append(event)
        self._install(event.terms, event.schedule or build_schedule(event.terms))

    def pay_as_scheduled(self, until: date) -> Allocation:
        """Pay what is due now, then each installment on its due date up to `until`,
        exactly what it asks; return the total allocation (a plan's minimum payments)."""
        total = Allocation()
        while True:
            owed = sum(row.owed() for row in self.due_rows)
            if owed:
                split = self.pay(self.now, owed)
                for name in ("penalty", "interest", "principal", "charges"):
                    setattr(total, name, getattr(total, name) + getattr(split, name))
            if self.next_index >= len(self.plan) or self.plan[self.next_index].due_date > until:
                return total
            self.advance(self.plan[self.next_index].due_date)

    @property
    def closed(self) -> bool:
        """Nothing is owed any more: every installment settled or restructured away."""
        return not self.due_rows and self._open_index() is None

    def _waive(self, event: Restructure) -> None:
        penalty, interest = event.waived_penalty, event.waived_interest
        for row in list(self.due_rows):
            take = min(penalty, row.penalty() - row.paid_penalty)
            row.paid_penalty += take
            penalty -= take
            owed = row.window_interest() + row.late_interest() - row.paid_interest
            given = min(interest, owed)
            row.paid_interest += given
            interest -= given
            row.waived += take + given
            if row.owed() == 0:
                row.settled_on = event.on
                self.due_rows.remove(row)
        self.restructures.append(event)

    # -- looking ahead ---------------------------------------------------------------

    def clone(self) -> LoanRun:
        """An independent copy, for a quote or a what-if."""
        twin = copy.copy(self)
        twins = {id(row): row.clone() for row in self.rows}
        twin.rows = [twins[id(row)] for row in self.rows]
        twin.plan = [twins.get(id(row), row) for row in self.plan]
        twin.due_rows = [twins[id(row)] for row in self.due_rows]
        twin.replaced = list(self.replaced)
        twin.restructures = list(self.restructures)
        twin.capitalised = list(self.capitalised)
        return twin

    def quote(self, on: date) -> int:
        """What closes the loan on `on` (>= now): paying it leaves nothing owed or over."""
        return self.clone().pay(on, UNLIMITED).applied

    def projected(self) -> dict[int, int]:
        """Interest of each installment not yet due, by `id(row)`, if every installment is
        paid on its due date from now on and what is already due is paid today."""
        projected: dict[int, int] = {}
        index = self._open_index()
        terms = dict(self.plan[index].accrued) if index is not None else {}
        balance, moment = self.ahead, self.now
        for row in self.plan[self.next_index:]:
            days = (row.due_date - moment).days
            if days and balance:
                terms[row.rate_key] = terms.get(row.rate_key, 0) + balance * days
            moment = row.due_date
            if row.settled_on is None:
                projected[id(row)] = _rounded(terms)
                balance -= row.principal_left
                terms = {}
        return projected


def _exact(accrued: dict[tuple[int, int], int]) -> Fraction:
    return sum((Fraction(numerator * days, denominator)
                for (numerator, denominator), days in accrued.items()), Fraction(0))


def _affordable(money: int, cap: int, cost) -> tuple[int, int]:
    """The most principal (<= cap) that `money` pays for, when paying p costs `cost(p)`
    (non-decreasing, p plus rounded charges): (principal, its cost)."""
    if cost(cap) <= money:
        return cap, cost(cap)
    if cost(cap) == cap:
        return money, money  # no charges: each minor unit of money is one of principal
    low, high = 0, cap  # cost(low) <= money < cost(high)
    while high - low > 1:
        middle = (low + high) // 2
        if cost(middle) <= money:
            low = middle
        else:
            high = middle
    return low, cost(low)


def _day_rate(terms: LoanTerms, row: Installment, balance: int, days: int) -> Fraction:
    """Interest per minor unit of balance per day in the period ending on `row.due_date`.

    Daily methods charge the daily rate; monthly methods a month's rate spread over the
    period's days, so a whole period at one balance costs exactly balance × i; a custom
    schedule the rate implied by the lender's own row, so on-time payments reproduce it.
    """
    if terms.method is Method.CUSTOM:
        return Fraction(row.interest, balance * days) if balance > 0 else Fraction(0)
    if terms.accrues_daily:
        return terms.exact_daily
    previous = row.due_date - timedelta(days=days)
    if terms.method is Method.BULLET:
        months = terms.periods
    elif previous == terms.start:
        months = period_months(previous, row.due_date)
    else:
        months = 1
    return terms.exact_monthly * months / days
