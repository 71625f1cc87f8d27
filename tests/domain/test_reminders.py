"""Reminders put the most urgent payment first and say it in one line."""

from datetime import date, timedelta
from decimal import Decimal

from budget.domain.bills import Bill, Frequency
from budget.domain.loans import build_schedule, preset_terms
from budget.domain.reminders import (
    DueItem,
    bill_due_item,
    fell_due_since,
    loan_due_item,
    needs_attention,
    order_due,
    remind_line,
)
from budget.domain.repayment import Status, replay

TODAY = date(2026, 3, 10)


def item(name: str, days: int, status: Status, amount=10_000, penalty=0, number=None):
    return DueItem(kind="loan", name=name, due_date=TODAY + timedelta(days=days), amount=amount,
                   status=status, days=days, penalty=penalty, ref=("loan", name, number),
                   number=number)


def test_overdue_comes_first_longest_late_first_then_grace_today_and_by_date():
    later = item("Card", 9, Status.UPCOMING)
    soon = item("Phone", 2, Status.DUE_SOON)
    today = item("Rent", 0, Status.DUE_TODAY)
    grace = item("Huabei", -1, Status.IN_GRACE)
    late = item("微粒贷", -2, Status.OVERDUE)
    latest = item("借呗", -20, Status.OVERDUE)
    paid = item("Old", -3, Status.PAID)

    assert order_due([later, paid, soon, late, today, grace, latest]) == [
        latest, late, grace, today, soon, later, paid]


def test_attention_is_needed_from_the_lead_time_until_paid():
    assert needs_attention(item("a", 3, Status.DUE_SOON))
    assert needs_attention(item("a", -1, Status.IN_GRACE))
    assert not needs_attention(item("a", 4, Status.UPCOMING))
    assert not needs_attention(item("a", -4, Status.PAID_LATE))


def test_remind_line_names_the_worst_overdue_with_its_penalty_and_counts_the_rest():
    items = [item("微粒贷", -2, Status.OVERDUE, penalty=100, number=3),
             item("Phone", 1, Status.DUE_SOON), item("Rent", 3, Status.DUE_SOON),
             item("Card", 10, Status.UPCOMING)]

    line = remind_line(items, TODAY)

    assert line == ("budget: 1 overdue (微粒贷 #3, 2 days, penalty ¥1.00)"
                    " · 2 due within 3 days — run `budget due`")


def test_remind_line_mentions_grace_and_what_is_due_today():
    items = [item("微粒贷", -1, Status.IN_GRACE, number=4),
             item("Rent", 0, Status.DUE_TODAY, amount=250_000)]

    assert remind_line(items, TODAY) == (
        "budget: 1 in grace, no penalty yet (微粒贷 #4) · 1 due today (Rent ¥2,500.00)"
        " — run `budget due`")


def test_remind_line_is_silent_when_nothing_needs_attention():
    assert remind_line([item("Card", 10, Status.UPCOMING), item("x", -1, Status.PAID)],
                       TODAY) is None
    assert remind_line([], TODAY) is None


def test_a_loan_overdue_two_days_becomes_a_reminder_with_its_unpaid_penalty():
    loan = preset_terms("weilidai", 200_000, date(2026, 1, 15), periods=1,
                        daily_rate=Decimal("0.0005"))
    schedule = build_schedule(loan)
    state = replay(loan, schedule, [], schedule[0].due_date + timedelta(days=2))

    reminder = loan_due_item(7, "微粒贷", state.installments[0], periods=1)

    assert (reminder.status, reminder.days, reminder.penalty) == (Status.OVERDUE, -2, 100)
    assert reminder.amount == state.installments[0].amount_due
    assert reminder.ref == ("loan", 7, 1)
    assert reminder.label == "微粒贷 #1"


def test_a_bill_due_within_its_lead_time_is_due_soon():
    rent = Bill("Rent", 250_000, Frequency.MONTH, 12, date(2026, 1, 1), lead_days=3)

    reminder = bill_due_item(2, rent, date(2026, 3, 12), TODAY)

    assert (reminder.status, reminder.days, reminder.label) == (Status.DUE_SOON, 2, "Rent")
    assert reminder.ref == ("bill", 2, date(2026, 3, 12))


def test_items_that_fell_due_since_the_app_was_last_opened():
    missed = item("Phone", -3, Status.OVERDUE)
    today = item("Rent", 0, Status.DUE_TODAY)
    before = item("Card", -9, Status.OVERDUE)
    paid = item("Gym", -1, Status.PAID)
    ahead = item("Water", 2, Status.DUE_SOON)

    assert fell_due_since([ahead, before, today, paid, missed], TODAY - timedelta(days=5),
                          TODAY) == [missed, today]
