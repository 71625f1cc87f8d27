"""The shell's due list is cached per day and emptied by any change to loans or bills."""

from datetime import date

from budget.domain.loans import LoanTerms, Method
from budget.services.bills import create_bill, pay_bill
from budget.services.due_list import due_records
from budget.services.loans import create_loan, pay_loan
from budget.storage import due_cache

AS_OF = date(2026, 11, 28)


def _loan(ledger):
    terms = LoanTerms(principal=200000, periods=1, method=Method.DAILY_EQUAL_PRINCIPAL,
                      start=date(2026, 10, 26), daily_rate="0.0005", grace_days=1)
    return create_loan(ledger, name="微粒贷", terms=terms)


def test_second_call_is_served_from_the_cache(ledger):
    _loan(ledger)
    first = due_records(ledger, AS_OF, 7)
    assert due_cache.read(ledger, AS_OF, 7) == first
    assert [(r["name"], r["status"], r["days"], r["penalty_unpaid"]) for r in first] == [
        ("微粒贷", "overdue", -2, 100)]


def test_a_payment_empties_the_cache_so_the_paid_loan_leaves_the_list(ledger):
    _loan(ledger)
    assert len(due_records(ledger, AS_OF, 7)) == 1
    pay_loan(ledger, "微粒贷", "2034", on=AS_OF)
    assert due_cache.read(ledger, AS_OF, 7) is None
    assert due_records(ledger, AS_OF, 7) == []


def test_a_new_or_paid_bill_empties_the_cache(ledger):
    due_records(ledger, AS_OF, 7)
    create_bill(ledger, name="Rent", amount="2200", frequency="month", day=1,
                start=date(2026, 11, 29), category="Housing")
    assert [r["name"] for r in due_records(ledger, AS_OF, 7)] == ["Rent"]
    pay_bill(ledger, "rent", None, on=AS_OF, as_of=AS_OF)
    assert due_records(ledger, AS_OF, 7) == []


def test_another_day_is_computed_afresh_and_old_days_are_dropped(ledger):
    _loan(ledger)
    due_records(ledger, AS_OF, 7)
    [tomorrow] = due_records(ledger, date(2026, 11, 29), 7)
    assert tomorrow["days"] == -3
    assert due_cache.read(ledger, AS_OF, 7) is None
