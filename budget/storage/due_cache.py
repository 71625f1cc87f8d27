"""The cached due list: read and written as JSON, emptied by triggers on every change."""

from __future__ import annotations

import json
from datetime import date

from budget.storage.ledger import Ledger


def read(ledger: Ledger, as_of: date, days: int) -> list[dict] | None:
    rows = ledger._query("SELECT items FROM due_cache WHERE as_of = ? AND days = ?",
                         [as_of.isoformat(), days])
    return json.loads(rows[0][0]) if rows else None


def write(ledger: Ledger, as_of: date, days: int, items: list[dict]) -> None:
    """Keep the due list for `as_of`; nothing when the file is open read-only."""
    if ledger.read_only:
        return
    with ledger.atomic() as conn:
        # Lists for other days are of no more use once the day is asked about.
        conn.execute("DELETE FROM due_cache WHERE as_of != ?", [as_of.isoformat()])
        conn.execute("INSERT OR REPLACE INTO due_cache (as_of, days, items) VALUES (?, ?, ?)",
                     [as_of.isoformat(), days, json.dumps(items, ensure_ascii=False)])
