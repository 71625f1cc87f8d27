"""What the loans are on a day, cached as JSON; triggers empty it on any change to a loan."""

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


def read(ledger: Ledger, as_of: date, keys: Iterable[str]) -> dict[str, object]:
    """{key: value} of the `keys` cached for `as_of` (values as they were written)."""
    wanted = list(keys)
    if not wanted:
        return {}
    marks = ", ".join("?" * len(wanted))
    return {key: json.loads(value) for key, value in ledger._query(
        f"SELECT key, value FROM loan_day_cache WHERE as_of = ? AND key IN ({marks})",
        [as_of.isoformat(), *wanted])}


def write(ledger: Ledger, as_of: date, values: dict[str, object]) -> None:
    """Keep `values` for `as_of`; days other than the one asked about are of no more use."""
    if not values or ledger.read_only:  # a read-only file: computed again next time
        return
    with ledger.atomic() as conn:
        conn.execute("DELETE FROM loan_day_cache WHERE as_of != ?", [as_of.isoformat()])
        conn.executemany(
            "INSERT OR REPLACE INTO loan_day_cache (as_of, key, value) VALUES (?, ?, ?)",
            [(as_of.isoformat(), key, json.dumps(value, ensure_ascii=False))
             for key, value in values.items()])
