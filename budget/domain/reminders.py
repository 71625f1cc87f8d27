"""What needs paying soon across loans and bills, in urgency order, and the one-line nudge."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date

from budget.domain.bills import Bill
from budget.domain.money import format_amount
from budget.domain.repayment import SETTLED, InstallmentState, Status, status_for

# Re-exported: callers that only need the words import them from words.py (no engine).
from budget.domain.words import days_words, status_words  # noqa: E402,F401
from budget.i18n import _

ATTENTION = frozenset({Status.OVERDUE, Status.IN_GRACE, Status.DUE_TODAY, Status.DUE_SOON})
LOAN = "loan"
BILL = "bill"
FOLLOWUP = "followup"
FOLLOWUP_LEAD_DAYS = 1


@dataclass(frozen=True)
class DueItem:
    """One thing to pay: a loan installment or a bill occurrence.

    `days` counts to the due date (negative once it has passed); `penalty` is the penalty
    still unpaid; `ref` is a stable key such as ("loan", 7, 3) or ("bill", 2, date).
    """

    kind: str
    name: str
    due_date: date
    amount: int
    status: str
    days: int
    penalty: int
    ref: tuple[Hashable, ...]
    number: int | None = None  # installment number, for "3/12"
    periods: int | None = None
    currency: str = "CNY"
    lead_days: int = 3  # how early the calendar alarm rings
    note: str = ""  # for a follow-up with the lender: what to follow up on
    loan_id: int | None = None  # the loan a follow-up is about

    @property
    def label(self) -> str:
        """Name with the installment number: "微粒贷 #3"; "Follow up: 微粒贷"."""
        if self.kind == FOLLOWUP:
            return _("Follow up: {name}").format(name=self.name)
        return f"{self.name} #{self.number}" if self.number else self.name


def loan_due_item(loan_id: int, name: str, installment: InstallmentState, periods: int,
                  currency: str = "CNY", lead_days: int = 3) -> DueItem:
    """The reminder for one installment as replayed on some day."""
    return DueItem(
        kind=LOAN, name=name, due_date=installment.due_date, amount=installment.amount_due,
        status=installment.status, days=installment.days_until,
        penalty=installment.penalty - installment.paid_penalty,
        ref=(LOAN, loan_id, installment.number), number=installment.number, periods=periods,
        currency=currency, lead_days=lead_days,
    )


def bill_due_item(bill_id: int, bill: Bill, due_date: date, as_of: date,
                  currency: str = "CNY") -> DueItem:
    """The reminder for one unpaid occurrence of a bill."""
    return DueItem(
        kind=BILL, name=bill.name, due_date=due_date, amount=bill.amount,
        status=status_for(due_date, as_of, bill.lead_days), days=(due_date - as_of).days,
        penalty=0, ref=(BILL, bill_id, due_date), currency=currency, lead_days=bill.lead_days,
    )


def followup_due_item(contact_id: int, loan_name: str, due_date: date, as_of: date,
                      note: str = "", loan_id: int | None = None) -> DueItem:
    """The reminder to follow up with a lender on the day the user set after a contact."""
    return DueItem(
        kind=FOLLOWUP, name=loan_name, due_date=due_date, amount=0,
        status=status_for(due_date, as_of, FOLLOWUP_LEAD_DAYS), days=(due_date - as_of).days,
        penalty=0, ref=(FOLLOWUP, contact_id), lead_days=FOLLOWUP_LEAD_DAYS, note=note,
        loan_id=loan_id)


def _urgency(item: DueItem) -> tuple:
    rank = {Status.OVERDUE: 0, Status.IN_GRACE: 1, Status.DUE_TODAY: 2}.get(item.status, 3)
    if item.status in SETTLED:
        rank = 4
    # Late items: the longest late first; the rest simply by date.
    return rank, item.days if rank < 2 else 0, item.due_date, item.label


def order_due(items: Iterable[DueItem]) -> list[DueItem]:
    """Overdue first (most days late first), then in grace, due today, then by date."""
    return sorted(items, key=_urgency)


def needs_attention(item: DueItem) -> bool:
    """Overdue, in grace, due today, or within its reminder lead time."""
    return item.status in ATTENTION


def remind_line(items: Iterable[DueItem], as_of: date) -> str | None:
    """One short line for the shell, or None when nothing needs attention on `as_of`."""
    urgent = order_due(item for item in items if needs_attention(item))
    if not urgent:
        return None
    parts = []
    for status, describe in _PARTS:
        group = [item for item in urgent if item.status == status]
        if group:
            parts.append(describe(group, as_of))
    return _("budget: {parts} — run `budget due`").format(parts=" · ".join(parts))


def _days(count: int) -> str:
    from budget.domain.words import days_text

    return days_text(count)


def _money(item: DueItem, minor: int) -> str:
    return format_amount(minor, item.currency, symbol=True)


def _overdue(group: list[DueItem], as_of: date) -> str:
    worst = group[0]
    detail = _("{name}, {days}").format(name=worst.label,
                                        days=_days((as_of - worst.due_date).days))
    if worst.penalty:
        detail = _("{detail}, penalty {amount}").format(
            detail=detail, amount=_money(worst, worst.penalty))
    return _("{count} overdue ({detail})").format(count=len(group), detail=detail)


def _in_grace(group: list[DueItem], as_of: date) -> str:
    return _("{count} in grace, no penalty yet ({name})").format(
        count=len(group), name=group[0].label)


def _due_today(group: list[DueItem], as_of: date) -> str:
    first = group[0]
    if first.kind == FOLLOWUP:
        return _("{count} due today ({name})").format(count=len(group), name=first.label)
    return _("{count} due today ({name} {amount})").format(
        count=len(group), name=first.label, amount=_money(first, first.amount))


def _due_soon(group: list[DueItem], as_of: date) -> str:
    within = max((item.due_date - as_of).days for item in group)
    return _("{count} due within {days}").format(count=len(group), days=_days(within))


_PARTS = (
    (Status.OVERDUE, _overdue),
    (Status.IN_GRACE, _in_grace),
    (Status.DUE_TODAY, _due_today),
    (Status.DUE_SOON, _due_soon),
)


def fell_due_since(items: Iterable[DueItem], last_opened: date, as_of: date) -> list[DueItem]:
    """Unpaid items whose due date passed after `last_opened`, up to and including `as_of`."""
    return order_due(item for item in items
                     if last_opened < item.due_date <= as_of and item.status not in SETTLED)
