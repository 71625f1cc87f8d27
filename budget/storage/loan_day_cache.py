"""What each loan is on a day, cached as JSON; triggers empty it on any change to a loan."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from budget.storage.ledger import Ledger


def loan_refs(ledger: Ledger, *, open_on: date,
              include_archived: bool = False) -> list[tuple[int, date, bool]]:
    """(id, draw date, archived) of the loans not settled before `open_on`; one small
    query, without reading schedules or importing the loan engine."""
    archived = "" if include_archived else "AND archived = 0"
    return [(loan_id, date.fromisoformat(start), bool(flag)) for loan_id, start, flag in
            ledger._query(f"SELECT id, start, archived FROM loans WHERE (closed_on IS NULL "
                          f"OR closed_on > ?) {archived} ORDER BY id", [open_on.isoformat()])]


def read(ledger: Ledger, as_of: date, loan_ids: Iterable[int]) -> dict[int, dict]:
    """{loan id: facts} for the loans of `loan_ids` cached for `as_of`."""
    ids = list(loan_ids)
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    return {loan_id: json.loads(facts) for loan_id, facts in ledger._query(
        f"SELECT loan_id, facts FROM loan_day_cache WHERE as_of = ? AND loan_id IN ({marks})",
        [as_of.isoformat(), *ids])}


def write(ledger: Ledger, as_of: date, facts: dict[int, dict]) -> None:
    """Keep `facts` for `as_of`; days other than the one asked about are of no more use."""
    if not facts:
        return
    with ledger.atomic() as conn:
        conn.execute("DELETE FROM loan_day_cache WHERE as_of != ?", [as_of.isoformat()])
        conn.executemany(
            "INSERT OR REPLACE INTO loan_day_cache (as_of, loan_id, facts) VALUES (?, ?, ?)",
            [(as_of.isoformat(), loan_id, json.dumps(value)) for loan_id, value in facts.items()])
