"""Recurring bills (rent, phone, utilities): when they fall due and which one is next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from budget.domain.dates import DateError, add_months, check_range, on_day
from budget.i18n import _

MAX_INTERVAL = 120
"""Every 120 months is ten years: the longest repeat a bill can have."""


class BillError(ValueError):
    """Raised when a bill's figures are not usable."""


class Frequency(StrEnum):
    """How often a bill comes."""

    MONTH = "month"
    WEEK = "week"
    YEAR = "year"


@dataclass(frozen=True)
class Bill:
    """A bill that repeats every `interval` weeks, months or years (quarterly property fees:
    every 3 months). `amount` is an estimate in minor units; `day` is for monthly bills
    (default: the start's day); weekly bills repeat from `start`, yearly on its month and day.
    """

    name: str
    amount: int
    frequency: Frequency
    day: int | None
    start: date
    lead_days: int = 3
    interval: int = 1

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "frequency", Frequency(self.frequency))
        except ValueError:
            raise BillError(_("'{value}' is not a frequency: use month, week or year").format(
                value=self.frequency)) from None
        if not self.name.strip():
            raise BillError(_("A bill needs a name"))
        if self.amount < 0:
            raise BillError(_("A bill's amount cannot be negative"))
        if self.day is not None and not 1 <= self.day <= 31:
            raise BillError(_("The day of a monthly bill must be 1 to 31"))

        if self.lead_days < 0:
            raise BillError(_("Reminder days cannot be negative"))
        if not 1 <= self.interval <= MAX_INTERVAL:
            raise BillError(_("A bill repeats every 1 to {max} periods").format(
                max=MAX_INTERVAL))
        try:
            check_range(self.start)
        except DateError as error:
            raise BillError(_("The start: {reason}").format(reason=error)) from None


def occurrences(bill: Bill, start: date, end: date) -> list[date]:
    """Due dates of `bill` from `start` to `end`, both included, never before the bill began."""
    start = max(start, bill.start)
    if end < start:
        return []
    if bill.frequency is Frequency.WEEK:
        return _weekly(bill, start, end)
    step = (12 if bill.frequency is Frequency.YEAR else 1) * bill.interval
    # Counting months from the bill's first occurrence keeps yearly bills on their month
    # and a quarterly one on its quarter: a bill added on the 30th for the 15th first falls
    # due next month, and every `interval` months from then.
    offset = 0 if _nth(bill, 0) >= bill.start else 1
    months = (start.year - bill.start.year) * 12 + start.month - bill.start.month
    first = max(months - (months - offset) % step, offset)
    dates = []
    while (due := _nth(bill, first)) <= end:
        if due >= start:
            dates.append(due)
        first += step
    return dates


def _nth(bill: Bill, months: int) -> date:
    """The occurrence in the month `months` after the bill's start month."""
    year, month = add_months(bill.start.year, bill.start.month, months)
    if bill.frequency is Frequency.YEAR:
        return on_day(year, month, bill.start.day)  # 29 February falls back to the 28th
    return on_day(year, month, bill.day or bill.start.day)


def _weekly(bill: Bill, start: date, end: date) -> list[date]:
    step = 7 * bill.interval
    first = bill.start + timedelta(days=-(-(start - bill.start).days // step) * step)
    return [first + timedelta(days=step * index)
            for index in range((end - first).days // step + 1)]


def _cycle_days(bill: Bill) -> int:
    """Days in one cycle, at most: what to look back or ahead to find an occurrence."""
    days = {Frequency.WEEK: 7, Frequency.MONTH: 31, Frequency.YEAR: 366}[bill.frequency]
    return days * bill.interval


def next_unpaid(bill: Bill, paid_dates: set[date], as_of: date) -> date:
    """The occurrence to pay next; `paid_dates` holds the due dates already paid.

    The latest occurrence up to `as_of` if it is unpaid (due today or overdue); older
    cycles are not chased, since a bill is paid or not each cycle and the user settles
    the past themselves. Otherwise the first later occurrence not paid ahead.
    """
    latest = _latest_on_or_before(bill, as_of)
    if latest is not None and latest not in paid_dates:
        return latest
    window = _cycle_days(bill) + 9
    later = as_of + timedelta(days=1)
    while True:
        for due in occurrences(bill, later, later + timedelta(days=window)):
            if due not in paid_dates:
                return due
        later += timedelta(days=window + 1)


def _latest_on_or_before(bill: Bill, as_of: date) -> date | None:
    past = occurrences(bill, as_of - timedelta(days=_cycle_days(bill)), as_of)
    return past[-1] if past else None
