"""Recurring bills: add one, see what comes next, pay an occurrence into the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from budget.domain.bills import Bill, BillError, next_unpaid
from budget.domain.dates import DateError, check_range
from budget.domain.ledger import OTHER
from budget.domain.repayment import Status, status_for
from budget.i18n import _
from budget.services.ledger import (
    EntryError,
    default_category,
    match_name,
    read_amount,
    read_text,
    resolve_account,
    resolve_category,
)
from budget.storage.ledger import Ledger, LedgerError
from budget.storage.loans import LoanBook, StoredBill


@dataclass(frozen=True)
class BillView:
    """A bill and its next unpaid occurrence on `as_of`."""

    bill: StoredBill
    next_due: date
    status: Status


def bill_view(stored: StoredBill, as_of: date) -> BillView:
    due = next_unpaid(stored.to_domain(), set(stored.paid), as_of)
    return BillView(bill=stored, next_due=due, status=status_for(due, as_of, stored.lead_days))


def bill_views(ledger: Ledger, as_of: date, *, include_archived: bool = False) -> list[BillView]:
    return [bill_view(bill, as_of)
            for bill in LoanBook(ledger).bills(include_archived=include_archived)]


def create_bill(ledger: Ledger, *, name: str, amount: str, frequency: str, day: int | None,
                start: date, category: str | None = "", account: str | None = "",
                lead_days: int = 3,
                interval: int = 1, now: datetime | None = None) -> StoredBill:
    """Check every figure through the domain's Bill, then store it."""
    minor = read_amount(amount)
    if minor < 0:
        raise EntryError("amount", _("a bill's amount must be positive"))
    check_day(frequency, day)
    check_start(start)
    name = read_text(name, "name")
    try:
        bill = Bill(name=name, amount=minor, frequency=frequency, day=day, start=start,
                    lead_days=lead_days, interval=interval)
    except BillError as error:
        raise EntryError("bill", str(error)) from error
    category_id = resolve_category(ledger, category).id if category else None
    account_id = resolve_account(ledger, account).id if account else None
    try:
        return LoanBook(ledger).add_bill(name=bill.name, amount=bill.amount,
                                         frequency=str(bill.frequency), day=bill.day,
                                         start=bill.start, lead_days=bill.lead_days,
                                         account_id=account_id, category_id=category_id,
                                         interval=bill.interval, now=now)
    except LedgerError as error:
        raise EntryError("name", str(error)) from error


def check_day(frequency: str, day: int | None) -> None:
    """A day of the month is for monthly bills (EntryError "day" otherwise)."""
    if day is not None and frequency != "month":
        raise EntryError("day", _("a day of the month is for monthly bills: a weekly bill "
                                  "repeats from its start date, a yearly one on its start's "
                                  "month and day"))


def check_start(start: date) -> date:
    """A bill's first date within the range budget accepts (EntryError "start" otherwise)."""
    try:
        return check_range(start)
    except DateError as error:
        raise EntryError("start", str(error)) from error


def find_bill(ledger: Ledger, name: str) -> StoredBill:
    """An open bill to pay; EntryError when its start is outside the accepted dates."""
    stored = match_name(LoanBook(ledger).bills(include_unusable=True), name, "bill", "bill")
    if stored.date_problem is not None:
        raise EntryError("bill", stored.date_problem.message())
    return stored


def pay_bill(ledger: Ledger, name: str, amount: str | None, *, on: date, as_of: date,
             now: datetime | None = None) -> tuple[StoredBill, date, int]:
    """Pay the next unpaid occurrence; the expense goes in the bill's category and account."""
    stored = find_bill(ledger, name)
    due = next_unpaid(stored.to_domain(), set(stored.paid), as_of)
    minor = read_amount(amount) if amount else stored.amount
    if minor <= 0:
        raise EntryError("amount", _("a payment must be a positive amount"))
    account = ledger.account(stored.account_id) if stored.account_id else \
        resolve_account(ledger, "")
    category = ledger.category(stored.category_id) if stored.category_id else \
        (default_category(ledger, OTHER) or resolve_category(ledger, _("Other")))
    row = {"on": on, "amount": -minor, "account_id": account.id, "category_id": category.id,
           "payee": stored.name, "note": _("bill due {due}").format(due=due.isoformat())}
    try:
        LoanBook(ledger).record_bill_payment(stored.id, due_date=due, paid_on=on, amount=minor,
                                             ledger_row=row, now=now)
    except LedgerError as error:
        raise EntryError("bill", str(error)) from error
    return stored, due, minor
