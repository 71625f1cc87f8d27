"""The due list as the app shows it: each item with what one more day late would cost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from budget.domain.reminders import LOAN, DueItem
from budget.services.due import attention, due_items, since_last_opened
from budget.services.loans import loan_state
from budget.storage.ledger import Ledger
from budget.storage.loans import LoanBook


@dataclass(frozen=True)
class DueRow:
    """A due item and the late interest plus penalty another day adds (0 when not late)."""

    item: DueItem
    next_day_cost: int = 0


def due_rows(ledger: Ledger, as_of: date, days: int = 7) -> list[DueRow]:
    """`due_items` in the same order, with the cost of one more day from the replayed loan."""
    items = due_items(ledger, as_of, days)
    book = LoanBook(ledger)
    costs: dict[tuple, int] = {}
    for loan_id in {item.ref[1] for item in items if item.kind == LOAN}:
        loan = book.loan(loan_id)
        state = loan_state(loan, as_of)
        costs.update({(LOAN, loan_id, row.number): row.next_day_cost
                      for row in state.installments})
    return [DueRow(item, costs.get(item.ref, 0)) for item in items]


@dataclass(frozen=True)
class OpeningReminders:
    """What to tell the user when the app opens or the date rolls over."""

    as_of: date
    attention: list[DueItem]
    fell_due: list[DueItem]


def opening_reminders(ledger: Ledger, as_of: date) -> OpeningReminders:
    """Items needing attention now, and those that fell due since the app was last opened.

    Records `as_of` as the last opening, so each item is announced as newly due once.
    """
    return OpeningReminders(as_of, attention(ledger, as_of), since_last_opened(ledger, as_of))
