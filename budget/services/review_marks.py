"""Which month was last reviewed, and the reminder to review the one before this."""

from __future__ import annotations

from datetime import date

from budget.domain.dates import month_label
from budget.domain.review import review_due, review_month
from budget.i18n import _
from budget.storage.ledger import Ledger

LAST_REVIEW_KEY = "review.last_month"


def mark_reviewed(ledger: Ledger, month: str, as_of: date) -> None:
    """Remember that a finished month was reviewed, so the reminder stops for it."""
    if month >= month_label(as_of.year, as_of.month):
        return  # a month still running is not yet reviewed for good
    last = ledger.setting(LAST_REVIEW_KEY)
    if last is None or month > last:
        ledger.set_setting(LAST_REVIEW_KEY, month)


def review_reminder(ledger: Ledger, as_of: date) -> str | None:
    """A sentence in the first days of a month while last month is not reviewed; else None."""
    if not review_due(as_of, ledger.setting(LAST_REVIEW_KEY)):
        return None
    return _("Time for the monthly review of {month}.").format(month=review_month(as_of))
