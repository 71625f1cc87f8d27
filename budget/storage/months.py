"""Month-by-category sums: whole months from `category_months`, partial ones from the rows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from budget.domain.dates import add_months, month_bounds, month_label

if TYPE_CHECKING:  # the Ledger's own methods call these
    from budget.storage.ledger import Ledger

NO_CATEGORY = 0
"""The category id `category_months` files rows without a category under (transfers,
loan principal moved between accounts)."""


def _whole_months(start: date, end: date) -> tuple[list[tuple[date, date]], str, str]:
    """The parts of [start, end] outside whole months, and the first and last whole month
    ("" and "" when there is none)."""
    first = start if start.day == 1 else month_bounds(*add_months(start.year, start.month,
                                                                  1))[0]
    last_end = month_bounds(end.year, end.month)[1]
    last = end if end == last_end else date(end.year, end.month, 1) - timedelta(days=1)
    if first > last:
        return [(start, end)], "", ""
    edges = [(start, first - timedelta(days=1))] if start < first else []
    if last < end:
        edges.append((last + timedelta(days=1), end))
    return edges, month_label(first.year, first.month), month_label(last.year, last.month)


def category_month_sums(ledger: Ledger, start: date,
                        end: date) -> dict[tuple[str, int], int]:
    """{("YYYY-MM", category id): signed sum} of the rows dated `start` to `end`.

    Whole months cost one indexed read of `category_months`; only the days of a partial
    first or last month are summed from the transactions (the date index). Rows without
    a category are under NO_CATEGORY.
    """
    if start > end:
        return {}
    edges, first, last = _whole_months(start, end)
    sums: dict[tuple[str, int], int] = {}
    if first:
        for month, category_id, total in ledger._query(
                "SELECT month, category_id, total FROM category_months "
                "WHERE month BETWEEN ? AND ? AND rows > 0", [first, last]):
            sums[(month, category_id)] = total
    for edge_start, edge_end in edges:
        for month, category_id, total in ledger._query(
                "SELECT substr(date, 1, 7), coalesce(category_id, 0), sum(amount) "
                "FROM transactions WHERE date BETWEEN ? AND ? GROUP BY 1, 2",
                [edge_start.isoformat(), edge_end.isoformat()]):
            sums[(month, category_id)] = sums.get((month, category_id), 0) + total
    return sums


def category_sums(ledger: Ledger, start: date, end: date) -> dict[int, int]:
    """{category id: signed sum} over `start` to `end` (NO_CATEGORY for the rest)."""
    totals: dict[int, int] = {}
    for (_month, category_id), total in category_month_sums(ledger, start, end).items():
        totals[category_id] = totals.get(category_id, 0) + total
    return totals


def months_with_records(ledger: Ledger, first: str, last: str) -> set[str]:
    """``YYYY-MM`` labels from `first` to `last` in which anything at all was recorded."""
    return {row[0] for row in ledger._query(
        "SELECT DISTINCT month FROM category_months WHERE month BETWEEN ? AND ? AND rows > 0",
        [first, last])}
