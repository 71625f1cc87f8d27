"""Loan terms and repayment schedules, exact to the minor unit, plus the true annual cost."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from fractions import Fraction
from functools import cached_property

from budget.domain.dates import add_months, on_day
from budget.domain.money import format_amount
from budget.i18n import N_, _, listing

DAYS_PER_YEAR = 365
MAX_PERIODS = 360
MAX_ANNUAL_RATE = Decimal(1)
# 1% a day is 365% a year: real predatory loans reach it, anything above is almost surely a
# percentage typed as a fraction (0.05 for 0.05%).
MAX_DAILY_RATE = Decimal("0.01")
# A prepayment fee above 10% of the amount prepaid is almost surely a typo (3 for 3%).
MAX_PREPAYMENT_FEE = Decimal("0.1")


class LoanError(ValueError):
    """Raised when loan terms, schedule rows or payments are not usable."""


class Method(StrEnum):
    """How a loan is repaid (domain.md §1)."""

    EQUAL_INSTALLMENT = "equal-installment"  # 等额本息
    EQUAL_PRINCIPAL = "equal-principal"  # 等额本金
    INTEREST_FIRST = "interest-first"  # 先息后本
    BULLET = "bullet"  # 一次性还本付息
    DAILY_EQUAL_PRINCIPAL = "daily-equal-principal"  # 微粒贷-style
    CUSTOM = "custom"  # 按贷款方账单


# How each method is named to a person; the English ids are the values typed in the shell.
METHOD_NAMES = {
    Method.EQUAL_INSTALLMENT: N_("equal-installment"),
    Method.EQUAL_PRINCIPAL: N_("equal-principal"),
    Method.INTEREST_FIRST: N_("interest-first"),
    Method.BULLET: N_("bullet"),
    Method.DAILY_EQUAL_PRINCIPAL: N_("daily-equal-principal"),
    Method.CUSTOM: N_("custom"),
}


class Prepayment(StrEnum):
    """What a lender recomputes after a prepayment (domain.md §1 "Paying early, paying part")."""

    KEEP_TERM = "keep-term"  # the same number of installments, each smaller (default)
    KEEP_INSTALLMENT = "keep-installment"  # the same installment, fewer of them


def round_half_up(minor: Decimal | Fraction) -> int:
    """Round an exact amount of minor units half-up, the rounding domain.md §1 prescribes."""
    if isinstance(minor, Fraction):
        return half_up(minor)
    return int(minor.to_integral_value(rounding=ROUND_HALF_UP))


def half_up(value: Fraction | int) -> int:
    """Round an exact rational amount of minor units half-up (…0.5 goes away from zero)."""
    numerator, denominator = value.numerator, value.denominator
    if numerator < 0:
        return -((2 * -numerator + denominator) // (2 * denominator))
    return (2 * numerator + denominator) // (2 * denominator)


def times(count: int, rate: Fraction) -> int:
    """`count` × `rate` rounded half-up, in integers (no Fraction is built): balance-days
    times a rate per balance-day is an amount of minor units. `count` is not negative."""
    numerator, denominator = rate.numerator, rate.denominator
    return (2 * count * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True)
class LoanTerms:
    """What the borrower agreed to. Rates are fractions: 0.12 is 12% a year."""

    principal: int
    periods: int
    method: Method
    start: date
    annual_rate: Decimal | None = None
    daily_rate: Decimal | None = None
    due_day: int | None = None
    first_due: date | None = None
    grace_days: int = 0
    penalty_multiplier: Decimal = Decimal("0.5")
    late_fee: int = 0
    lead_days: int = 3
    # domain.md §2: not confirmed whether a missed grace counts the penalty from the due
    # date or from the end of grace; the harsher reading is the default so we never
    # under-state what the user owes.
    penalty_from_due_date: bool = True
    prepayment: Prepayment = Prepayment.KEEP_TERM
    """After a prepayment: keep the number of installments, or keep the installment."""
    full_period_interest: bool = False
    """The lender charges principal paid ahead of its date interest to the end of the
    current period, instead of for the days used (Civil Code art. 677 allows it when the
    contract says so)."""
    prepayment_fee: Decimal = Decimal(0)
    """A fee on each prepayment, as a fraction of the principal prepaid: 0.01 is 1%."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", _method(self.method))
        object.__setattr__(self, "prepayment", _prepayment(self.prepayment))
        for name in ("annual_rate", "daily_rate", "penalty_multiplier", "prepayment_fee"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Decimal):
                # str() first so a float rate keeps the digits the user typed.
                object.__setattr__(self, name, Decimal(str(value)))
        problem = next(_problems(self), None)
        if problem:
            raise LoanError(problem)

    @property
    def daily(self) -> Decimal:
        """Daily rate, derived from the annual one as annual / 365 when not given."""
        if self.daily_rate is not None:
            return self.daily_rate
        return self.annual_rate / DAYS_PER_YEAR

    @property
    def annual(self) -> Decimal:
        """Nominal annual rate, derived from the daily one as daily × 365 when not given."""
        if self.annual_rate is not None:
            return self.annual_rate
        return self.daily_rate * DAYS_PER_YEAR

    @property
    def monthly(self) -> Decimal:
        """Rate per period of a monthly method: annual / 12."""
        return self.annual / 12

    @cached_property
    def exact_daily(self) -> Fraction:
        """The daily rate as an exact fraction, for interest that must add up to the fen."""
        if self.daily_rate is not None:
            return Fraction(self.daily_rate)
        return Fraction(self.annual_rate) / DAYS_PER_YEAR

    @cached_property
    def exact_monthly(self) -> Fraction:
        """The rate per month of a monthly method as an exact fraction: annual / 12."""
        if self.annual_rate is not None:
            return Fraction(self.annual_rate) / 12
        return Fraction(self.daily_rate) * DAYS_PER_YEAR / 12

    @property
    def accrues_daily(self) -> bool:
        """Whether each period's interest is balance × daily rate × its days (微粒贷-style, or
        a bullet loan priced by the day) rather than balance × monthly rate."""
        if self.method is Method.DAILY_EQUAL_PRINCIPAL:
            return True
        return self.method is Method.BULLET and self.daily_rate is not None

    @property
    def payment_day(self) -> int:
        """Day of the month installments fall due."""
        if self.due_day is not None:
            return self.due_day
        return (self.first_due or self.start).day


def _prepayment(value: Prepayment | str) -> Prepayment:
    try:
        return Prepayment(value)
    except ValueError:
        choices = listing(mode.value for mode in Prepayment)
        raise LoanError(_("'{value}' is not a prepayment rule: use one of {choices}").format(
            value=value, choices=choices)) from None


def _method(value: Method | str) -> Method:
    try:
        return Method(value)
    except ValueError:
        choices = listing(method.value for method in Method)
        raise LoanError(_("'{value}' is not a repayment method: use one of {choices}").format(
            value=value, choices=choices)) from None


def _problems(terms: LoanTerms) -> Iterable[str]:
    """Every reason the terms are unusable, as user-facing text."""
    if terms.principal <= 0:
        yield _("The principal must be more than zero")
    if not 1 <= terms.periods <= MAX_PERIODS:
        yield _("The number of periods must be 1 to {max}").format(max=MAX_PERIODS)
    if (terms.annual_rate is None) == (terms.daily_rate is None):
        yield _("Give exactly one rate: an annual rate or a daily rate")
    elif terms.annual_rate is not None and not 0 <= terms.annual_rate <= MAX_ANNUAL_RATE:
        yield _("The annual rate must be 0% to 100%")
    elif terms.daily_rate is not None and not 0 <= terms.daily_rate <= MAX_DAILY_RATE:
        yield _("The daily rate must be 0% to 1% a day (e.g. 0.05%)")
    if terms.due_day is not None and not 1 <= terms.due_day <= 31:
        yield _("The due day must be 1 to 31")
    if terms.first_due is not None and terms.first_due <= terms.start:
        yield _("The first due date must be after the draw date")
    if terms.grace_days < 0 or terms.lead_days < 0:
        yield _("Grace and reminder days cannot be negative")
    if terms.penalty_multiplier < 0 or terms.late_fee < 0:
        yield _("The penalty multiplier and the late fee cannot be negative")
    if not 0 <= terms.prepayment_fee <= MAX_PREPAYMENT_FEE:
        yield _("The prepayment fee must be 0% to 10%, counted on the amount prepaid")


@dataclass(frozen=True)
class Installment:
    """One scheduled repayment."""

    number: int
    due_date: date
    principal: int
    interest: int

    @property
    def payment(self) -> int:
        """What the installment asks for: principal plus interest."""
        return self.principal + self.interest


def due_dates(terms: LoanTerms) -> list[date]:
    """Monthly due dates: on the due day, or the month's last day when the month is shorter."""
    dates = []
    anchor = terms.first_due or terms.start
    offset = 0 if terms.first_due else 1
    for index in range(terms.periods):
        year, month = add_months(anchor.year, anchor.month, index + offset)
        dates.append(on_day(year, month, terms.payment_day))
    if terms.first_due:
        dates[0] = terms.first_due  # the user's own date wins, even on another day
    return dates


def build_schedule(terms: LoanTerms) -> list[Installment]:
    """The lender's schedule; the last period absorbs rounding so principal sums exactly."""
    builders = {
        Method.EQUAL_INSTALLMENT: _equal_installment,
        Method.EQUAL_PRINCIPAL: _equal_principal,
        Method.INTEREST_FIRST: _interest_first,
        Method.BULLET: _bullet,
        Method.DAILY_EQUAL_PRINCIPAL: _daily_equal_principal,
    }
    if terms.method is Method.CUSTOM:
        raise LoanError(_("A custom schedule comes from the lender's rows: enter them instead"))
    return builders[terms.method](terms)


def _amortise(terms: LoanTerms, principal_part, interest_part) -> list[Installment]:
    """Walk the balance down; each callback sees (balance, period index, due date)."""
    balance = terms.principal
    previous = terms.start
    schedule = []
    for index, due in enumerate(due_dates(terms)):
        interest = interest_part(balance, previous, due)
        if index == terms.periods - 1:
            principal = balance
        else:
            # Rounded-up shares can reach the balance early on tiny loans: never overpay.
            principal = min(max(principal_part(balance, interest), 0), balance)
        schedule.append(Installment(index + 1, due, principal, interest))
        balance -= principal
        previous = due
    return schedule


def period_months(start: date, due: date) -> Fraction:
    """How many months the first period of a monthly loan spans, from the draw date:
    whole calendar months (the same day of the month, or the month's last day when it is
    shorter), plus the days left as a fraction of the month after. A first due date a
    month out is 1; one day out is 1/30 or 1/31 (interest for the days used, Civil Code
    art. 677); three months out is 3 (interest continues over an extension, 展期)."""
    months = 0
    while on_day(*add_months(start.year, start.month, months + 1), start.day) <= due:
        months += 1
    anchor = on_day(*add_months(start.year, start.month, months), start.day)
    following = on_day(*add_months(start.year, start.month, months + 1), start.day)
    return months + Fraction((due - anchor).days, (following - anchor).days)


def _monthly_interest(terms: LoanTerms):
    rate = terms.exact_monthly

    def interest(balance: int, previous: date, due: date) -> int:
        # Later periods run from one due date to the next: a month each, whatever its days.
        months = period_months(previous, due) if previous == terms.start else 1
        return half_up(balance * rate * months)
    return interest


def annuity(balance: int, rate: Fraction, periods: int) -> int:
    """The equal installment (等额本息) repaying `balance` minor units over `periods` periods
    at `rate` a period: A = P·i·(1+i)^n / ((1+i)^n − 1), rounded half-up (domain.md §1)."""
    if rate == 0:
        return half_up(Fraction(balance, periods))
    with localcontext() as context:
        context.prec = 40
        rate_decimal = Decimal(rate.numerator) / Decimal(rate.denominator)
        growth = (1 + rate_decimal) ** periods
        return round_half_up(balance * rate_decimal * growth / (growth - 1))


def _equal_installment(terms: LoanTerms) -> list[Installment]:
    amount = annuity(terms.principal, terms.exact_monthly, terms.periods)
    return _amortise(terms, lambda balance, interest: amount - interest,
                     _monthly_interest(terms))


def _equal_share(terms: LoanTerms) -> int:
    return half_up(Fraction(terms.principal, terms.periods))


def _equal_principal(terms: LoanTerms) -> list[Installment]:
    share = _equal_share(terms)
    return _amortise(terms, lambda balance, interest: share, _monthly_interest(terms))


def _interest_first(terms: LoanTerms) -> list[Installment]:
    return _amortise(terms, lambda balance, interest: 0, _monthly_interest(terms))


def _daily_equal_principal(terms: LoanTerms) -> list[Installment]:
    share = _equal_share(terms)
    rate = terms.exact_daily
    return _amortise(
        terms,
        lambda balance, interest: share,
        lambda balance, previous, due: half_up(balance * rate * (due - previous).days),
    )


def _bullet(terms: LoanTerms) -> list[Installment]:
    """One repayment at the end of the term: `periods` is the term length in months.

    A schedule of n-1 empty installments would only produce ¥0.00 reminders.
    """
    due = due_dates(terms)[-1]
    if terms.daily_rate is not None:
        interest = terms.principal * terms.exact_daily * (due - terms.start).days
    else:
        interest = terms.principal * terms.exact_monthly * terms.periods
    return [Installment(1, due, terms.principal, half_up(interest))]


def replan(method: Method, balance: int, originals: Sequence[int],
           period_rates: Sequence[Fraction], prepayment: Prepayment, *,
           installment: int = 0, share: int = 0) -> list[int]:
    """The principal of each remaining installment after a prepayment (domain.md §1).

    `balance` (minor units) is what is left to repay over the installments still to come,
    whose principal in the plan as first made was `originals` and whose rate per period is
    `period_rates`. KEEP_TERM spreads the balance over all of them by the loan's method;
    KEEP_INSTALLMENT keeps the plan's `installment` (等额本息) or principal `share` (等额本金)
    and returns fewer rows. The last row returned absorbs the rounding, so the parts sum to
    `balance` exactly; trailing rows that are no longer needed are left out.
    """
    count = len(originals)
    if count == 0 or balance <= 0:
        return []
    keep_term = prepayment is Prepayment.KEEP_TERM
    if method in (Method.INTEREST_FIRST, Method.BULLET):
        return [0] * (count - 1) + [balance]
    if method is Method.CUSTOM:
        total = sum(originals)
        if total == 0:
            return [0] * (count - 1) + [balance]
        parts = originals if not keep_term else [
            half_up(Fraction(balance * original, total)) for original in originals]
        return _walk(balance, lambda index, left: parts[index], count)
    if method is Method.EQUAL_INSTALLMENT:
        amount = annuity(balance, period_rates[0], count) if keep_term or not installment \
            else installment
        return _walk(balance, lambda index, left: amount - times(left, period_rates[index]),
                     count)
    size = half_up(Fraction(balance, count)) if keep_term or not share else share
    return _walk(balance, lambda index, left: size, count)


def _walk(balance: int, part, count: int) -> list[int]:
    """Take each row's part from the balance until it is gone; the last row takes the rest."""
    parts = []
    for index in range(count):
        if balance == 0:
            break
        take = balance if index == count - 1 else min(max(part(index, balance), 0), balance)
        parts.append(take)
        balance -= take
    while parts and parts[-1] == 0:
        parts.pop()
    return parts


def custom_schedule(rows: Iterable[tuple[date, int, int]],
                    principal: int | None = None, start: date | None = None) -> list[Installment]:
    """Installments typed from the lender's app: (due_date, principal, interest) rows.

    The lender's rounding is the authority, so amounts are kept as typed; only order,
    signs, (when `start` is given) that every row falls after the draw date and (when
    `principal` is given) the principal total are checked. Raises LoanError.
    """
    schedule = [Installment(number, due, part, interest)
                for number, (due, part, interest) in enumerate(rows, start=1)]
    if not schedule:
        raise LoanError(_("A custom schedule needs at least one row"))
    if start is not None and schedule[0].due_date <= start:
        raise LoanError(_("Row 1 is due on {due}, not after the draw date {start}: set --start "
                          "to the day the money was lent").format(
            due=schedule[0].due_date.isoformat(), start=start.isoformat()))
    for earlier, later in zip(schedule, schedule[1:], strict=False):
        if later.due_date <= earlier.due_date:
            raise LoanError(_("Row {number} is due on or before the row above it").format(
                number=later.number))
    if any(row.principal < 0 or row.interest < 0 for row in schedule):
        raise LoanError(_("Principal and interest in a schedule cannot be negative"))
    total = sum(row.principal for row in schedule)
    if principal is not None and total != principal:
        raise LoanError(_("The rows repay {total} of principal, the loan is {principal}").format(
            total=format_amount(total), principal=format_amount(principal)))
    return schedule


def apr(borrowed: LoanTerms | int, start: date | None = None,
        schedule: Sequence[Installment] | None = None) -> Decimal:
    """True annual cost: the effective annual IRR of the cash flows, actual/365 (XIRR).

    Solved by Newton's method on x = ln(1 + APR). The present value is convex
    and decreasing in x, so starting at x = 0 (where it is >= 0 for any schedule charging
    interest) the iterates climb to the root without overshooting.
    """
    if isinstance(borrowed, LoanTerms):
        start = start or borrowed.start
        schedule = build_schedule(borrowed) if schedule is None else schedule
        borrowed = borrowed.principal
    if start is None or not schedule:
        raise LoanError(_("An APR needs the draw date and a schedule"))
    flows = [(row.payment, (row.due_date - start).days / DAYS_PER_YEAR)
             for row in schedule if row.payment]
    if any(years <= 0 for _amount, years in flows):
        raise LoanError(_("Every repayment must fall after the draw date"))
    if sum(amount for amount, _years in flows) == borrowed:
        return Decimal(0)
    # The rate is a figure to show, not money: binary floating point solves it to ~1e-15,
    # far finer than the 0.0001% it is shown to, and 30 times faster than Decimal.
    rate = Decimal(repr(math.expm1(_solve_log_rate(borrowed, flows))))
    return rate.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _solve_log_rate(borrowed: int, flows: list[tuple[int, float]]) -> float:
    x = 0.0
    for _attempt in range(200):
        discounted = [(amount * math.exp(-x * years), years) for amount, years in flows]
        value = sum(amount for amount, _years in discounted) - borrowed
        slope = -sum(amount * years for amount, years in discounted)
        step = value / slope
        x -= step
        if abs(step) < 1e-13:
            return x
    raise LoanError(_("The APR of this schedule could not be found"))  # pragma: no cover


# Starting points for new loans; every figure is a default the user can change per loan.
PRESETS: dict[str, dict[str, object]] = {
    # WeBank 微粒贷 as reported (domain.md §1-2): 0.05%/day daily interest, equal principal,
    # pay by 24:00 the day after the due date without penalty, penalty 50% on top of the
    # rate on overdue principal. 10 periods is the term most often offered (5/10/20 exist).
    "weilidai": {
        "method": Method.DAILY_EQUAL_PRINCIPAL,
        "daily_rate": Decimal("0.0005"),
        "periods": 10,
        "grace_days": 1,
        "penalty_multiplier": Decimal("0.5"),
        "late_fee": 0,
    },
    # A card statement balance not paid in full: the 2016 PBOC card notice (银发〔2016〕111号)
    # capped card interest at 0.05%/day, still the common figure though rates are now set
    # by each bank. One repayment on the statement due date. Banks charge a late fee
    # (违约金, set by the bank, often a % of the unpaid minimum) rather than penalty
    # interest, so the multiplier is 0 and the fee is left for the user to enter. Some
    # banks grant a few days' grace (容时服务); 0 keeps reminders on the safe side.
    "credit-card": {
        "method": Method.BULLET,
        "daily_rate": Decimal("0.0005"),
        "periods": 1,
        "grace_days": 0,
        "penalty_multiplier": Decimal(0),
        "late_fee": 0,
    },
}


def preset_terms(preset: str, principal: int, start: date, **overrides: object) -> LoanTerms:
    """Terms for a new loan from a named preset, with the user's own figures on top."""
    if preset not in PRESETS:
        raise LoanError(_("'{name}' is not a preset: use one of {choices}").format(
            name=preset, choices=listing(PRESETS)))
    return LoanTerms(**{**PRESETS[preset], "principal": principal, "start": start, **overrides})
