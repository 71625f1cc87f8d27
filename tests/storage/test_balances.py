"""A balance on a day is the opening balance plus the rows dated on or before it."""

from __future__ import annotations

from datetime import date

from budget.storage.ledger import Ledger


def _balance(ledger: Ledger, account_id: int, day: date) -> int:
    return ledger.account(account_id, as_of=day).balance


def test_balance_on_a_day_follows_every_write(ledger):
    food = next(c.id for c in ledger.categories() if c.name == "Food")
    bank = ledger.add_account("Bank", "bank", opening_balance=100000).id
    savings = ledger.add_account("Savings", "savings").id
    dinner = ledger.add_transaction(on=date(2026, 12, 10), amount=-20000, account_id=bank,
                                    category_id=food)
    assert _balance(ledger, bank, date(2026, 11, 30)) == 100000
    assert _balance(ledger, bank, date(2026, 12, 10)) == 80000
    # Moved a month later: December no longer counts it.
    ledger.update_transaction(dinner.id, on=date(2027, 1, 5), amount=-20000, account_id=bank,
                              category_id=food, payee="", note="")
    assert _balance(ledger, bank, date(2026, 12, 31)) == 100000
    assert _balance(ledger, bank, date(2027, 1, 5)) == 80000
    ledger.add_transfer(on=date(2026, 12, 1), amount=30000, from_account_id=bank,
                        to_account_id=savings)
    assert _balance(ledger, bank, date(2026, 11, 30)) == 100000
    assert _balance(ledger, bank, date(2026, 12, 1)) == 70000
    assert _balance(ledger, savings, date(2026, 12, 1)) == 30000
    ledger.delete_transaction(dinner.id)
    assert _balance(ledger, bank, date(2027, 1, 5)) == 70000
    assert ledger.account(bank).balance == 70000
