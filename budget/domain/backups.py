"""Which automatic backups to keep: the last 7 days, and one a week for 4 weeks before."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

DAILY_KEPT = 7
WEEKLY_KEPT = 4


def backups_to_keep(days: Iterable[date], *, daily: int = DAILY_KEPT,
                    weekly: int = WEEKLY_KEPT) -> set[date]:
    """The days whose automatic backup stays; the others can be deleted.

    The newest `daily` backups stay. Of the older ones, the newest of each ISO week stays
    for the `weekly` most recent weeks, so about a month of history is kept in 11 files.
    """
    ordered = sorted(set(days), reverse=True)
    keep = set(ordered[:daily])
    weeks: dict[tuple[int, int], date] = {}
    for day in ordered[daily:]:
        week = day.isocalendar()[:2]
        if week not in weeks and len(weeks) < weekly:
            weeks[week] = day
    return keep | set(weeks.values())
