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


class DateError(ValueError):
    """Raised when text cannot be read as a date or month."""


def parse_date(text: str, today: date) -> date:
    """Read ``2026-11-20``, ``11-20`` (this year), ``today``, ``yesterday`` or ``-3`` (days ago)."""
    cleaned = (text or "").strip().lower()
    if not cleaned:
        raise DateError(_("Enter a date: ") + _(_HINT))
    if cleaned in _WORDS:
        return today + timedelta(days=_WORDS[cleaned])
    if re.fullmatch(r"-\d{1,3}", cleaned):
        return today - timedelta(days=int(cleaned[1:]))
    if match := _FULL.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := _SHORT.match(cleaned):
        year, (month, day) = today.year, (int(part) for part in match.groups())
    else:
        raise DateError(_("'{text}' is not a date: ").format(text=text.strip()) + _(_HINT))
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateError(_("'{text}' is not a date: there is no such day").format(
            text=text.strip())) from error


def parse_month(text: str) -> tuple[int, int]:
    """Read ``YYYY-MM`` and return ``(year, month)``."""
    match = _MONTH.match((text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise DateError(_("'{text}' is not a month: use YYYY-MM, e.g. 2026-11").format(text=text))
    return int(match.group(1)), int(match.group(2))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """The month `delta` months after (or before) ``year-month``."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def on_day(year: int, month: int, day: int) -> date:
    """``day`` of a month, or the month's last day when the month is shorter."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def month_label(year: int, month: int) -> str:
    """``2026-11`` style label."""
    return f"{year:04d}-{month:02d}"
