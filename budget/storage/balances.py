"""Account balances on a day: the balance kept by triggers less what is dated after it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from budget.domain.dates import month_bounds

if TYPE_CHECKING:  # the Ledger's own methods call these
    from budget.storage.ledger import Ledger


def dated_after(ledger: Ledger, day: date) -> dict[int, int]:
    """{account id: signed sum in minor units of its rows dated after `day`}.

    Whole months come from `account_months` (one row per account and month, kept by
    triggers), the rest of `day`'s own month from the rows (the date index): the cost is
    the same on a ledger of twenty years as on one of a month, whatever `day` is. With
    `day` today it is what is scheduled (dated ahead), usually nothing.
    """
    sums: dict[int, int] = {}
    label = day.isoformat()[:7]
    for account_id, total in ledger._query(
            "SELECT account_id, sum(total) FROM account_months WHERE month > ? "
            "GROUP BY account_id", [label]):
        sums[account_id] = total
    month_end = month_bounds(day.year, day.month)[1]
    if day < month_end:
        for account_id, total in ledger._query(
                "SELECT account_id, sum(amount) FROM transactions WHERE date > ? AND date <= ? "
                "GROUP BY account_id", [day.isoformat(), month_end.isoformat()]):
            sums[account_id] = sums.get(account_id, 0) + total
    return {account_id: total for account_id, total in sums.items() if total}


def scheduled_after(ledger: Ledger, day: date) -> tuple[int, int]:
    """(how many rows, their signed sum in minor units) dated after `day`: entries made
    ahead of time, which no balance on `day` counts yet."""
    count, total = ledger._query(
        "SELECT count(*), coalesce(sum(amount), 0) FROM transactions WHERE date > ?",
        [day.isoformat()])[0]
    return count, total


def month_totals_after(ledger: Ledger, account_ids: list[int],
                       month: str) -> dict[tuple[int, str], int]:
    """{(account id, "YYYY-MM"): signed sum} of each month after `month` for the accounts:
    with the balance, every month-end balance since `month` without reading a row."""
    if not account_ids:
        return {}
    marks = ", ".join("?" for _ in account_ids)
    return {(account_id, label): total for account_id, label, total in ledger._query(
        f"SELECT account_id, month, total FROM account_months WHERE account_id IN ({marks}) "
        "AND month > ?", [*account_ids, month])}
