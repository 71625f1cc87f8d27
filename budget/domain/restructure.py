"""Restructuring an overdue loan: what is owed, the agreed new plan, and what options cost.

A restructure replaces the unpaid rest of a loan from a date with a new segment of
schedule (domain.md §1 "Restructuring": 展期, 分期, 停息分期, 减免). Every option is
priced by running the loan engine on it, so its figures are the ones the loan will show.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from budget.domain.dates import add_months, on_day
from budget.domain.engine import LoanRun, Restructure
from budget.domain.loans import LoanError, LoanTerms, Method, apr, build_schedule
from budget.domain.repayment import SETTLED, state_of
from budget.i18n import _


@dataclass(frozen=True)
class Owed:
    """What a loan owes on a day, in minor units, split as a restructure needs it.

    `interest` is unpaid interest and late interest: what fell due plus what has accrued
    so far on the installment not yet due; `penalty` is unpaid penalty and late fees.
    """

    on: date
    principal: int
    interest: int
    penalty: int

    @property
    def total(self) -> int:
        return self.principal + self.interest + self.penalty


def owed_on(run: LoanRun) -> Owed:
    """What the loan replayed in `run` owes on `run.now`."""
    interest = penalty = 0
    for row in run.due_rows:
        interest += row.window_interest() + row.late_interest() - row.paid_interest
        penalty += row.penalty() - row.paid_penalty
    index = run._open_index()
    if index is not None:
        row = run.plan[index]
        interest += max(row.accrued_interest() - row.paid_interest, 0)
    return Owed(run.now, run.outstanding, max(interest, 0), max(penalty, 0))


def restructure_for(loan: LoanTerms, owed: Owed, *, method: Method | str, periods: int,
                    annual_rate: Decimal | None = None, daily_rate: Decimal | None = None,
                    first_due: date | None = None, due_day: int | None = None,
                    waive_penalty: bool = False, waive_interest: int = 0,
                    ref: str = "") -> Restructure:
    """The agreed new plan from `owed.on`: it repays the principal, the interest not waived
    and, unless waived, the penalty (capitalised, as 分期 agreements usually do), by
    `method` over `periods` at the given rate (the loan's own when none is given).

    Raises LoanError for unusable terms (a rate out of range, a first due date not after
    the restructure date, a waiver larger than the interest owed).
    """
    if waive_interest < 0 or waive_interest > owed.interest:
        raise LoanError(_("The interest waived must be 0 to the {owed} owed").format(
            owed=_money(owed.interest)))
    if annual_rate is None and daily_rate is None:
        annual_rate, daily_rate = loan.annual_rate, loan.daily_rate
    principal = owed.principal + owed.interest - waive_interest + (
        0 if waive_penalty else owed.penalty)
    if principal <= 0:
        raise LoanError(_("Nothing is owed on {day}: there is nothing to restructure").format(
            day=owed.on.isoformat()))
    terms = replace(loan, principal=principal, periods=periods, method=Method(method),
                    start=owed.on, annual_rate=annual_rate, daily_rate=daily_rate,
                    first_due=first_due, due_day=due_day)
    return Restructure(on=owed.on, terms=terms, schedule=tuple(build_schedule(terms)),
                       waived_penalty=owed.penalty if waive_penalty else 0,
                       waived_interest=waive_interest, ref=ref)


class OptionKind(StrEnum):
    """What a borrower can ask the lender for (domain.md §1 "Restructuring")."""

    PAY_NOW = "pay-now"  # make the loan current today
    WAIVER = "waiver"  # 减免: penalty and late interest waived, the rest on the old dates
    EXTENSION = "extension"  # 展期: the same plan, starting later; interest continues
    INSTALLMENTS = "installments"  # 分期: what is owed over N new installments
    INTEREST_STOPPED = "interest-stopped"  # 停息分期: no more interest, principal in N parts


@dataclass(frozen=True)
class Option:
    """One thing to ask for, priced on this loan (minor units).

    `monthly` is the first regular payment the option asks; `first_payment` what is due
    first (today, for paying now); `total` everything still to pay; `extra_cost` what it
    costs beyond keeping the plan and paying what is due today (negative when it saves);
    `apr` the true annual cost of its payments against what is owed today (None when
    it cannot be solved); `fits` whether `monthly` fits the monthly surplus (None when the
    surplus is unknown). `restructure` is what recording the agreement saves (None for
    paying now).
    """

    kind: OptionKind
    monthly: int
    first_payment: int
    first_due: date
    total: int
    extra_cost: int
    apr: Decimal | None
    fits: bool | None
    periods: int
    restructure: Restructure | None = None
    last_payment: int = 0
    """The last installment (an equal-principal plan falls towards it)."""


def baseline_total(run: LoanRun) -> int:
    """Everything still to pay if what is due is paid today and the plan kept."""
    return sum(row.amount_due for row in state_of(run).installments
               if row.status not in SETTLED)


def price(run: LoanRun, kind: OptionKind, event: Restructure | None, surplus: int | None,
          baseline: int) -> Option:
    """Run the option through the engine and read its figures."""
    owed = owed_on(run)
    if event is None or event.terms is None:
        if event is not None:
            run = run.clone()
            run.restructure(event)
        state = state_of(run)
        rows = [row for row in state.installments if row.status not in SETTLED]
        later = [row for row in rows if row.due_date > run.now]
        monthly = later[0].amount_due if later else 0
        total = baseline_total(run)
        return Option(kind, monthly, state.due_now or monthly,
                      run.now if state.due_now or not later else later[0].due_date, total,
                      total - baseline, None, _fits(monthly, surplus), len(rows), event,
                      rows[-1].amount_due if rows else 0)
    schedule = list(event.schedule) or build_schedule(event.terms)
    total = sum(row.payment for row in schedule)
    regular = schedule[1].payment if len(schedule) > 1 else schedule[0].payment
    try:
        cost = apr(owed.total, owed.on, schedule)
    except LoanError:
        cost = None
    return Option(kind, regular, schedule[0].payment, schedule[0].due_date, total,
                  total - baseline, cost, _fits(regular, surplus), len(schedule), event,
                  schedule[-1].payment)


def _fits(monthly: int, surplus: int | None) -> bool | None:
    return None if surplus is None else monthly <= surplus


def standard_options(run: LoanRun, loan: LoanTerms, surplus: int | None, *,
                     periods: int = 12, extension_months: int = 3,
                     stopped_periods: int = 24) -> list[Option]:
    """Pay now; a waiver (减免) of the penalty and late interest with the rest over the
    installments left; an extension (展期) of `extension_months`; `periods` installments
    (分期) at the loan's rate; interest stopped (停息分期) over `stopped_periods` with the
    penalty waived. Each priced by the engine on this loan."""
    owed = owed_on(run)
    baseline = baseline_total(run)
    state = state_of(run)
    remaining = max(len([row for row in state.installments if row.status not in SETTLED]), 1)
    method = Method.EQUAL_PRINCIPAL if loan.method in (Method.DAILY_EQUAL_PRINCIPAL,
                                                       Method.CUSTOM) else loan.method
    if method in (Method.BULLET, Method.INTEREST_FIRST):
        method = Method.EQUAL_INSTALLMENT
    next_month = on_day(*add_months(owed.on.year, owed.on.month, 1), owed.on.day)
    later = on_day(*add_months(owed.on.year, owed.on.month, extension_months + 1),
                   owed.on.day)
    # A daily-interest loan's new plan is monthly at the same yearly rate (daily × 365).
    rate = {"annual_rate": loan.annual}
    late = min(sum(row.late_interest() for row in run.due_rows), owed.interest)
    proposals = [
        (OptionKind.EXTENSION, dict(method=method, periods=remaining, first_due=later,
                                    **rate)),
        (OptionKind.INSTALLMENTS, dict(method=Method.EQUAL_INSTALLMENT, periods=periods,
                                       first_due=next_month, annual_rate=loan.annual)),
        (OptionKind.INTEREST_STOPPED, dict(method=Method.EQUAL_PRINCIPAL,
                                           periods=stopped_periods, first_due=next_month,
                                           annual_rate=Decimal(0), waive_penalty=True)),
    ]
    options = [price(run, OptionKind.PAY_NOW, None, surplus, baseline)]
    if owed.penalty or late:
        options.append(price(run, OptionKind.WAIVER, Restructure(
            owed.on, None, waived_penalty=owed.penalty, waived_interest=late), surplus,
            baseline))
    if owed.principal:
        for kind, fields in proposals:
            options.append(price(run, kind, restructure_for(loan, owed, **fields), surplus,
                                 baseline))
    return options


def _money(minor: int) -> str:
    from budget.domain.money import format_amount

    return format_amount(minor, symbol=True)
