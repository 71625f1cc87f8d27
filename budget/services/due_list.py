"""The due list for the shell, from the cache when nothing changed since it was computed."""

from __future__ import annotations

from datetime import date

from budget.storage import due_cache
from budget.storage.ledger import Ledger


def due_records(ledger: Ledger, as_of: date, days: int) -> list[dict]:
    """Due items as plain records (amounts in minor units), most urgent first.

    A hit skips importing and replaying the loans: `budget due` is run at every shell
    start and has 100 ms for all of it.
    """
    cached = due_cache.read(ledger, as_of, days)
    if cached is not None:
        return cached
    from budget.services.due import due_items

    records = [{"kind": item.kind, "name": item.name, "number": item.number,
                "due_date": item.due_date.isoformat(), "amount": item.amount,
                "currency": item.currency, "status": str(item.status), "days": item.days,
                "penalty_unpaid": item.penalty} for item in due_items(ledger, as_of, days)]
    if not ledger.date_problems:
        # A list that leaves a loan or bill out is not kept: the next run says why again.
        due_cache.write(ledger, as_of, days, records)
    return records
