"""The ledger's writes: atomic, balanced, undoable."""

from datetime import date

import pytest

from budget.domain.ledger import AccountKind
from budget.storage.ledger import LedgerError, TransactionFilter

NOV = TransactionFilter(start=date(2026, 11, 1), end=date(2026, 11, 30))


def _ids(ledger):
    cash = ledger.accounts()[0]
    cats = {c.name: c for c in ledger.categories()}
    return cash, cats


def test_balances_follow_every_add_edit_and_delete(ledger):
    cash, cats = _ids(ledger)
    bank = ledger.add_account("Bank", AccountKind.BANK, opening_balance=500000)
    assert bank.balance == 500000
    tx = ledger.add_transaction(on=date(2026, 11, 2), amount=-3000, account_id=bank.id,
                                category_id=cats["Food"].id)
    assert ledger.account(bank.id).balance == 497000
    ledger.update_transaction(tx.id, on=tx.date, amount=-5000, account_id=cash.id,
                              category_id=cats["Food"].id, payee="", note="")
    assert ledger.account(bank.id).balance == 500000
    assert ledger.account(cash.id).balance == -5000
    ledger.delete_transaction(tx.id)
    assert ledger.account(cash.id).balance == 0


def test_transfer_moves_money_without_income_or_expense(ledger):
    cash, _ = _ids(ledger)
    savings = ledger.add_account("Savings", AccountKind.SAVINGS, reserve=True)
    out, into = ledger.add_transfer(on=date(2026, 11, 5), amount=20000,
                                    from_account_id=cash.id, to_account_id=savings.id)
    assert (out.amount, into.amount) == (-20000, 20000)
    assert out.transfer_id == into.transfer_id
    assert ledger.account(savings.id).balance == 20000
    totals = ledger.month_totals(NOV.start, NOV.end)
    assert (totals.income, totals.expenses) == (0, 0)


def test_deleting_one_leg_of_a_transfer_deletes_both_and_undo_restores_them(ledger):
    cash, _ = _ids(ledger)
    savings = ledger.add_account("Savings", AccountKind.SAVINGS)
    out, _into = ledger.add_transfer(on=date(2026, 11, 5), amount=20000,
                                     from_account_id=cash.id, to_account_id=savings.id)
    rows = ledger.delete_transaction(out.id)
    assert len(rows) == 2 and ledger.account(savings.id).balance == 0
    ledger.restore_transactions(rows)
    assert ledger.account(savings.id).balance == 20000
    assert ledger.transaction(out.id).amount == -20000


def test_a_failed_write_saves_nothing(ledger):
    cash, cats = _ids(ledger)
    with pytest.raises(RuntimeError):
        with ledger.atomic():
            ledger.add_transaction(on=date(2026, 11, 2), amount=-100, account_id=cash.id,
                                   category_id=cats["Food"].id)
            raise RuntimeError("killed half-way")
    assert ledger.count_transactions(NOV) == (0, 0)
    assert ledger.account(cash.id).balance == 0


def test_transaction_for_a_missing_account_is_refused(ledger):
    _, cats = _ids(ledger)
    with pytest.raises(LedgerError, match="not saved"):
        ledger.add_transaction(on=date(2026, 11, 2), amount=-100, account_id=999,
                               category_id=cats["Food"].id)
    assert ledger.count_transactions(NOV) == (0, 0)


def test_duplicate_account_name_is_refused_whatever_the_case(ledger):
    with pytest.raises(LedgerError, match="already exists"):
        ledger.add_account("cash", AccountKind.CASH)


def test_pages_are_newest_first_and_continue_after_the_last_row(ledger):
    cash, cats = _ids(ledger)
    for day in range(1, 11):
        ledger.add_transaction(on=date(2026, 11, day), amount=-100 * day, account_id=cash.id,
                               category_id=cats["Food"].id)
    first = ledger.transactions(NOV, limit=4)
    assert [t.date.day for t in first] == [10, 9, 8, 7]
    last = first[-1]
    second = ledger.transactions(NOV, limit=4, after=(last.date.isoformat(), last.id))
    assert [t.date.day for t in second] == [6, 5, 4, 3]
    assert ledger.count_transactions(NOV) == (10, -5500)


def test_month_totals_and_category_breakdown(ledger):
    cash, cats = _ids(ledger)
    ledger.add_transaction(on=date(2026, 11, 10), amount=850000, account_id=cash.id,
                           category_id=cats["Salary"].id)
    ledger.add_transaction(on=date(2026, 11, 1), amount=-220000, account_id=cash.id,
                           category_id=cats["Housing"].id)
    ledger.add_transaction(on=date(2026, 10, 31), amount=-999, account_id=cash.id,
                           category_id=cats["Food"].id)
    totals = ledger.month_totals(NOV.start, NOV.end)
    assert (totals.income, totals.expenses, totals.net) == (850000, -220000, 630000)
    by_category = ledger.totals_by_category(NOV.start, NOV.end)
    assert [(c.name, total) for c, total in by_category] == [("Housing", -220000),
                                                            ("Salary", 850000)]


def test_category_with_transactions_cannot_be_deleted(ledger):
    cash, cats = _ids(ledger)
    ledger.add_transaction(on=date(2026, 11, 1), amount=-100, account_id=cash.id,
                           category_id=cats["Food"].id)
    with pytest.raises(LedgerError, match="archived, not deleted"):
        ledger.delete_category(cats["Food"].id)
    ledger.update_category(cats["Food"].id, archived=True)
    assert "Food" not in {c.name for c in ledger.categories()}
