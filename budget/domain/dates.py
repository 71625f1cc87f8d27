"""Dates as people type them, months, and calendar arithmetic. "Today" is always passed in."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from budget.i18n import N_, _

_HINT = N_("use YYYY-MM-DD, MM-DD, today or yesterday")
_WORDS = {"today": 0, "今天": 0, "yesterday": -1, "昨天": -1, "前天": -2, "tomorrow": 1,
          "明天": 1}
_FULL = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_SHORT = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")

EARLIEST = date(1970, 1, 1)
"""The first date budget accepts from outside (typed, an option, an import).

Older than any record a person keeps of their own spending or an open consumer loan
(Alipay dates from 2004, WeChat Pay from 2013), and the Unix epoch, which every calendar
program and file system handles."""
LATEST = date(2099, 12, 31)
"""The last date budget accepts from outside. A 30-year mortgage taken out today ends
around 2056; a 360-installment schedule starting on LATEST still ends by LATEST_DUE, far
inside what Python's dates and calendar programs compute. The range is fixed, not "today ±
N years", so a file that is valid today stays valid on every machine and every later day."""
LATEST_DUE = date(LATEST.year + 31, 12, 31)
"""The last due date budget computes itself: a schedule of MAX_PERIODS (360) monthly
installments whose first falls due on LATEST ends before it."""


class DateError(ValueError):
    """Raised when text cannot be read as a date or month."""


def in_range(day: date, latest: date = LATEST) -> bool:
    """Whether `day` lies between EARLIEST and `latest` (LATEST unless a schedule's due date,
    which may run to LATEST_DUE), both included."""
    return EARLIEST <= day <= latest


def check_range(day: date) -> date:
    """`day` itself when budget accepts it (EARLIEST to LATEST, both included).

    Every date that comes from outside passes here: typed dates, shell options, the lender's
    own schedule rows, imports. Raises DateError naming the range otherwise.
    """
    if not in_range(day):
        raise DateError(_("{day} is outside the dates budget accepts ({earliest} to {latest}): "
                          "check the year").format(day=day.isoformat(),
                                                   earliest=EARLIEST.isoformat(),
                                                   latest=LATEST.isoformat()))
    return day


def parse_date(text: str, today: date, *, ahead: bool = False) -> date:
    """Read ``2026-11-20``, ``11-20``, ``today``, ``yesterday`` or ``-3`` (days ago).

    A date without a year is read by `year_less_date` (`ahead` for a target or deadline).
    Raises DateError for anything else, saying which forms are accepted.
    """
    cleaned = (text or "").strip().lower()
    if not cleaned:
        raise DateError(_("Enter a date: ") + _(_HINT))
    if cleaned in _WORDS:
        return check_range(today + timedelta(days=_WORDS[cleaned]))
    if re.fullmatch(r"-\d{1,3}", cleaned):
        return check_range(today - timedelta(days=int(cleaned[1:])))
    if match := _FULL.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := _SHORT.match(cleaned):
        month, day = (int(part) for part in match.groups())
        return check_range(year_less_date(month, day, today, ahead=ahead))
    else:
        raise DateError(_("'{text}' is not a date: ").format(text=text.strip()) + _(_HINT))
    try:
        parsed = date(year, month, day)
    except ValueError as error:
        raise DateError(_("'{text}' is not a date: there is no such day").format(
            text=text.strip())) from error
    return check_range(parsed)


ENTRY_AHEAD_DAYS = 183
"""An entry typed without a year is this year's unless that is further ahead than this."""


def year_less_date(month: int, day: int, today: date, *, ahead: bool = False) -> date:
    """The date ``month-day`` typed without a year means, given `today`.

    For an entry (spent, paid, received) it is the nearest such date to `today`: this
    year's, unless that is more than ENTRY_AHEAD_DAYS (about six months) ahead, then last
    year's (``12-01`` on 2026-11-30 is 2026-12-01; ``12-31`` on 2027-01-02 is 2026-12-31). With
    `ahead`, for a target or deadline, it is the next one after `today` (``06-30`` on
    2026-11-30 is 2027-06-30). Raises DateError for a day no month has (``02-30``) and for
    February 29 when the year chosen is not a leap year, saying so; the rule is the one
    every date input uses, shell and TUI.
    """
    if not 1 <= month <= 12 or not 1 <= day <= (29 if month == 2 else
                                                calendar.monthrange(2001, month)[1]):
        raise DateError(_("{month:02d}-{day:02d} is not a date: no month has that day").format(
            month=month, day=day))

    def near(year: int) -> date:  # Feb 29 compares as Feb 28 until its year is known
        return date(year, month, min(day, calendar.monthrange(year, month)[1]))

    if ahead:
        year = today.year if near(today.year) > today else today.year + 1
    else:
        year = today.year if (near(today.year) - today).days <= ENTRY_AHEAD_DAYS \
            else today.year - 1
    if month == 2 and day == 29 and not calendar.isleap(year):
        raise DateError(_("{year} is not a leap year, so it has no February 29: write the "
                          "full date, e.g. {example}").format(
            year=year, example=date(_next_leap(year), 2, 29).isoformat()))
    return date(year, month, day)


def _next_leap(year: int) -> int:
    while not calendar.isleap(year):
        year += 1
    return year


def parse_month(text: str) -> tuple[int, int]:
    """Read a typed ``YYYY-MM`` and return ``(year, month)``; DateError for anything else or
    a month outside EARLIEST..LATEST."""
    year, month = month_parts(text)
    if not EARLIEST <= date(year, month, 1) <= LATEST:
        raise DateError(_("{month} is outside the months budget accepts ({earliest} to "
                          "{latest}): check the year").format(
            month=month_label(year, month), earliest=month_label(EARLIEST.year, EARLIEST.month),
            latest=month_label(LATEST.year, LATEST.month)))
    return year, month


def month_parts(text: str) -> tuple[int, int]:
    """``YYYY-MM`` as ``(year, month)`` with no range check: for labels budget made itself
    from stored data, which a reader must show rather than refuse."""
    match = _MONTH.match((text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        raise DateError(_("'{text}' is not a month: use YYYY-MM, e.g. 2026-11").format(text=text))
    return int(match.group(1)), int(match.group(2))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """The month `delta` months after (or before) ``year-month``."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def step_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """`add_months`, kept within the accepted months (EARLIEST's to LATEST's): what a
    screen paging through months uses, so it never pages to a month it would refuse."""
    stepped = add_months(year, month, delta)
    return min(max(stepped, (EARLIEST.year, EARLIEST.month)), (LATEST.year, LATEST.month))


def on_day(year: int, month: int, day: int) -> date:
    """``day`` of a month, or the month's last day when the month is shorter."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def month_label(year: int, month: int) -> str:
    """``2026-11`` style label."""
    return f"{year:04d}-{month:02d}"


FAR_AHEAD_DAYS = 31
"""An entry dated further ahead than this is asked about (app) or warned about (shell)."""
FAR_BACK_YEARS = 10
"""...and one dated more than this many years back: a mistyped year, most likely."""


def unusual_date(on: date, today: date) -> str | None:
    """A question to ask before saving an entry dated `on`, or None when it is ordinary.

    More than FAR_AHEAD_DAYS ahead or FAR_BACK_YEARS back is unusual for money already
    spent or received (2099-01-01 and 1900-01-01 are typos far more often than plans).
    """
    ahead = (on - today).days
    if ahead > FAR_AHEAD_DAYS:
        from budget.domain.words import days_text

        return _("{date} is {days} ahead of today ({today}): is the year right?").format(
            date=on.isoformat(), days=days_text(ahead), today=today.isoformat())
    try:
        limit = today.replace(year=today.year - FAR_BACK_YEARS)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - FAR_BACK_YEARS, day=28)
    if on < limit:
        years = today.year - on.year - ((today.month, today.day) < (on.month, on.day))
        return _("{date} is {years} years before today ({today}): is the year right?").format(
            date=on.isoformat(), years=years, today=today.isoformat())
    return None
