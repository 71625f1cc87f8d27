"""The due list for the shell, from the cache when nothing changed since it was computed."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from budget.storage import due_cache
from budget.storage.database import DatabaseBusyError
from budget.storage.ledger import Ledger

if TYPE_CHECKING:
    from budget.domain.reminders import DueItem

ATTENTION_DAYS = 60
"""How far ahead `budget remind` looks: no reminder lead time is longer."""


def due_records(ledger: Ledger, as_of: date, days: int) -> list[dict]:
    """Due items as plain records (amounts in minor units), most urgent first.

    A hit skips importing and replaying the loans: `budget due` is run at every shell
    start and has 100 ms for all of it. A miss computes the list and stores it in one
    snapshot of the file: when another program writes meanwhile (`budget bill pay`),
    SQLite refuses to store the list, so a paid bill can never stay cached as due.
    """
    cached = due_cache.read(ledger, as_of, days)
    if cached is not None:
        return cached
    from budget.services.due import due_items

    records: list[dict] | None = None
    try:
        with ledger.snapshot():
            records = [{"kind": item.kind, "name": item.name, "number": item.number,
                        "due_date": item.due_date.isoformat(), "amount": item.amount,
                        "currency": item.currency, "status": str(item.status),
                        "days": item.days, "penalty_unpaid": item.penalty,
                        "note": item.note}
                       for item in due_items(ledger, as_of, days)]
            if not ledger.date_problems:
                # A list that leaves a loan or bill out is not kept: the next run says why.
                due_cache.write(ledger, as_of, days, records)
    except DatabaseBusyError:
        if records is None:
            raise  # failed before the list was read: nothing to show
        # Another program wrote after these were read: its write wins, nothing is kept,
        # and this list is as true as the moment it was read.
    return records


def attention_items(ledger: Ledger, as_of: date) -> list[DueItem]:
    """What needs attention on `as_of` (overdue, in grace, due today or within its lead
    time), read through the due cache: `budget remind` runs at every shell start."""
    from budget.domain.reminders import DueItem, needs_attention

    items = [DueItem(kind=record["kind"], name=record["name"],
                     due_date=date.fromisoformat(record["due_date"]), amount=record["amount"],
                     status=record["status"], days=record["days"],
                     penalty=record["penalty_unpaid"],
                     ref=(record["kind"], record["name"], record["number"], record["due_date"]),
                     number=record["number"], currency=record["currency"])
             for record in due_records(ledger, as_of, ATTENTION_DAYS)]
    return [item for item in items if needs_attention(item)]
