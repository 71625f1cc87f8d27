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


def test_a_bill_paid_while_the_list_is_computed_never_stays_cached_as_due(tmp_path,
                                                                          monkeypatch):
    """`budget due` racing `budget bill pay`: the payment commits between the list being
    read and being stored. The store is refused, so the next run shows the bill paid."""
    from budget.services import due as due_service
    from budget.services.session import open_ledger

    path = tmp_path / "race.db"
    shell, other = open_ledger(path), open_ledger(path)
    create_bill(shell, name="Rent", amount="2200", frequency="month", day=28,
                start=date(2026, 11, 28), category="Housing")
    computed = due_service.due_items

    def pay_meanwhile(ledger, as_of, days=7):
        items = computed(ledger, as_of, days)
        pay_bill(other, "rent", None, on=AS_OF, as_of=AS_OF)  # another program commits
        return items

    monkeypatch.setattr(due_service, "due_items", pay_meanwhile)
    # This run read the file before the payment: it may show Rent, but must not keep it.
    assert [r["name"] for r in due_records(shell, AS_OF, 7)] == ["Rent"]
    assert due_cache.read(shell, AS_OF, 7) is None
    monkeypatch.setattr(due_service, "due_items", computed)
    assert due_records(shell, AS_OF, 7) == []


def test_the_list_is_read_from_one_snapshot(tmp_path):
    """Everything the list is computed from is read in one transaction."""
    from budget.services.session import open_ledger

    ledger = open_ledger(tmp_path / "one.db")
    seen = []
    ledger.conn.set_trace_callback(seen.append)
    due_records(ledger, AS_OF, 7)
    ledger.conn.set_trace_callback(None)
    begin, commit = seen.index("BEGIN"), seen.index("COMMIT")
    reads = [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")]
    assert all(begin < seen.index(sql) < commit for sql in reads[1:])  # after the cache probe
