"""What the dashboard shows: one month's totals, account balances and recent activity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from budget.domain.dates import month_bounds
from budget.domain.ledger import Account, MonthTotals, Transaction
from budget.storage.ledger import Ledger


@dataclass(frozen=True)
class DashboardSnapshot:
    """Everything the dashboard draws, read in one go so a refresh is a single message."""

    month_start: date
    month_end: date
    totals: MonthTotals
    accounts: list[Account]
    recent: list[Transaction]
    as_of: date | None = None
    """The day balances and totals are on: rows dated after it are scheduled."""

    @property
    def currency(self) -> str:
        """The currency totals are shown in: the first open account's, CNY with none."""
        return self.accounts[0].currency if self.accounts else "CNY"


RECENT_ROWS = 50
"""Recent transactions read for the dashboard: enough to fill a tall terminal."""


def dashboard_snapshot(ledger: Ledger, today: date, *,
                       recent: int = RECENT_ROWS) -> DashboardSnapshot:
    """This month's totals and each balance as of `today`: an entry dated ahead is listed
    (newest first, at the top) but moves neither until its day. Month totals and balances
    are kept by triggers: no full scans."""
    start, end = month_bounds(today.year, today.month)
    return DashboardSnapshot(
        month_start=start,
        month_end=end,
        totals=ledger.month_totals(start, min(end, today)),
        accounts=ledger.accounts(as_of=today),
        recent=ledger.recent_transactions(recent),
        as_of=today,
    )
