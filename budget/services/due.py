"""What is due across loans and bills: the due list, the shell nudge and the calendar file."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from budget.domain.bills import occurrences
from budget.domain.reminders import (
    DueItem,
    bill_due_item,
    fell_due_since,
    followup_due_item,
    loan_due_item,
    needs_attention,
    order_due,
)
from budget.domain.repayment import SETTLED
from budget.services.loans import loan_state
from budget.storage.ledger import Ledger
from budget.storage.loans import LoanBook

LAST_OPENED_KEY = "app.last_opened"
CALENDAR_DAYS = 366


def _loan_items(book: LoanBook, as_of: date, until: date) -> list[DueItem]:
    items = []
    for loan in book.loans(open_on=as_of):
        state = loan_state(loan, as_of)
        for row in state.installments:
            if row.status in SETTLED or row.due_date > until:
                continue
            items.append(loan_due_item(loan.id, loan.name, row, loan.terms.periods,
                                       loan.currency, loan.terms.lead_days))
    return items


def _bill_items(book: LoanBook, as_of: date, until: date) -> list[DueItem]:
    from budget.domain.bills import next_unpaid

    items = []
    for stored in book.bills():
        bill = stored.to_domain()
        first = next_unpaid(bill, set(stored.paid), as_of)
        dates = [first] if first <= until else []
        dates += [due for due in occurrences(bill, first + timedelta(days=1), until)
                  if due not in stored.paid]
        items += [bill_due_item(stored.id, bill, due, as_of) for due in dates]
    return items


def _followup_items(ledger: Ledger, book: LoanBook, as_of: date,
                    until: date) -> list[DueItem]:
    from budget.domain.contacts import open_followup
    from budget.storage.contacts import ContactBook

    by_loan: dict[int, list] = {}
    for contact in ContactBook(ledger).contacts():
        by_loan.setdefault(contact.loan_id, []).append(contact)
    if not by_loan:
        return []
    names = {loan.id: loan.name for loan in book.loans()}
    items = []
    for loan_id, contacts in by_loan.items():
        followup = open_followup(contacts)
        if followup and loan_id in names and followup.next_date <= until:
            items.append(followup_due_item(followup.id, names[loan_id], followup.next_date,
                                           as_of, followup.promised or followup.note,
                                           loan_id))
    return items


def due_items(ledger: Ledger, as_of: date, days: int = 7) -> list[DueItem]:
    """Everything unpaid that is overdue or falls due within `days`, and follow-ups with
    lenders, most urgent first."""
    book = LoanBook(ledger)
    until = as_of + timedelta(days=days)
    return order_due(_loan_items(book, as_of, until) + _bill_items(book, as_of, until)
                     + _followup_items(ledger, book, as_of, until))


def attention(ledger: Ledger, as_of: date) -> list[DueItem]:
    """Items inside their own lead time, due today, in grace or overdue."""
    longest_lead = 60
    return [item for item in due_items(ledger, as_of, longest_lead) if needs_attention(item)]


def calendar_items(ledger: Ledger, as_of: date, days: int = CALENDAR_DAYS) -> list[DueItem]:
    """Every unpaid installment and bill occurrence in the next 12 months (and overdue ones)."""
    return due_items(ledger, as_of, days)


def calendar_file(ledger: Ledger, as_of: date, now: datetime) -> bytes:
    from budget.domain.ics import calendar_bytes

    return calendar_bytes(calendar_items(ledger, as_of), now)


def since_last_opened(ledger: Ledger, as_of: date) -> list[DueItem]:
    """What fell due since the app was last opened, then remember today as the last opening."""
    text = ledger.setting(LAST_OPENED_KEY)
    ledger.set_setting(LAST_OPENED_KEY, as_of.isoformat())
    if text is None:
        return []
    last = date.fromisoformat(text)
    return fell_due_since(due_items(ledger, as_of, 0), last, as_of)
