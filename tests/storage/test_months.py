"""Month-by-category sums kept by triggers agree with the rows, whatever is written."""

from __future__ import annotations

import sqlite3
from datetime import date

from budget.storage.database import SCHEMA_VERSION, open_database
from budget.storage.ledger import Ledger
from budget.storage.months import category_month_sums, months_with_records


def _ids(ledger: Ledger) -> tuple[int, int, int]:
    names = {c.name: c.id for c in ledger.categories()}
    return names["Food"], names["Salary"], ledger.accounts()[0].id


def _table(ledger: Ledger) -> dict[tuple[str, int], tuple[int, int]]:
    return {(month, category): (total, rows) for month, category, total, rows in
            ledger._query("SELECT month, category_id, total, rows FROM category_months "
                          "WHERE rows > 0")}


def _from_rows(ledger: Ledger) -> dict[tuple[str, int], tuple[int, int]]:
    return {(month, category): (total, rows) for month, category, total, rows in
            ledger._query("SELECT substr(date, 1, 7), coalesce(category_id, 0), sum(amount), "
                          "count(*) FROM transactions GROUP BY 1, 2")}


def test_every_write_keeps_the_month_table_equal_to_the_rows(ledger):
    food, salary, cash = _ids(ledger)
    savings = ledger.add_account("Savings", "savings").id
    lunch = ledger.add_transaction(on=date(2026, 10, 31), amount=-4550, account_id=cash,
                                   category_id=food)
    ledger.add_transaction(on=date(2026, 11, 1), amount=850000, account_id=cash,
                           category_id=salary)
    ledger.add_transfer(on=date(2026, 11, 2), amount=50000, from_account_id=cash,
                        to_account_id=savings)
    ledger.update_transaction(lunch.id, on=date(2026, 11, 3), amount=-3000, account_id=cash,
                              category_id=salary, payee="", note="")
    rows = ledger.delete_transaction(lunch.id)
    ledger.restore_transactions(rows)
    assert _table(ledger) == _from_rows(ledger)
    assert _table(ledger)[("2026-11", salary)] == (847000, 2)
    assert _table(ledger)[("2026-11", 0)] == (0, 2)  # both legs of the transfer


def test_partial_months_are_summed_from_the_rows(ledger):
    food, _salary, cash = _ids(ledger)
    for day, amount in ((1, -100), (15, -200), (30, -400)):
        ledger.add_transaction(on=date(2026, 11, day), amount=amount, account_id=cash,
                               category_id=food)
    ledger.add_transaction(on=date(2026, 12, 1), amount=-800, account_id=cash,
                           category_id=food)
    assert category_month_sums(ledger, date(2026, 11, 2), date(2026, 12, 31)) == {
        ("2026-11", food): -600, ("2026-12", food): -800}
    assert category_month_sums(ledger, date(2026, 11, 1), date(2026, 11, 15)) == {
        ("2026-11", food): -300}
    assert months_with_records(ledger, "2026-10", "2027-01") == {"2026-11", "2026-12"}


def test_a_refund_in_an_expense_category_lowers_expenses_and_is_not_income(ledger):
    food, salary, cash = _ids(ledger)
    shopping = next(c.id for c in ledger.categories() if c.name == "Shopping")
    ledger.add_transaction(on=date(2026, 11, 5), amount=-20000, account_id=cash,
                           category_id=shopping)
    ledger.add_transaction(on=date(2026, 11, 6), amount=3000, account_id=cash,
                           category_id=shopping)  # a refund of 30.00
    ledger.add_transaction(on=date(2026, 11, 7), amount=500000, account_id=cash,
                           category_id=salary)
    totals = ledger.month_totals(date(2026, 11, 1), date(2026, 11, 30))
    assert (totals.income, totals.expenses, totals.net) == (500000, -17000, 483000)


def test_an_older_database_gets_its_month_table_filled_when_migrated(tmp_path):
    path = tmp_path / "old.db"
    ledger = Ledger(open_database(path))
    food, _salary, cash = _ids(ledger)
    ledger.add_transaction(on=date(2026, 11, 5), amount=-4550, account_id=cash,
                           category_id=food)
    ledger.add_transaction(on=date(2026, 10, 5), amount=-1000, account_id=cash,
                           category_id=food)
    ledger.conn.close()
    # Back to schema 6: the month table and its triggers as a file written before m010.
    conn = sqlite3.connect(path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                "AND (name LIKE '%_months' OR name LIKE '%loan_day_cache')"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP TABLE category_months")
    conn.execute("DROP TABLE loan_day_cache")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_everyday'")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    migrated = Ledger(open_database(path))
    assert _table(migrated) == {("2026-11", food): (-4550, 1), ("2026-10", food): (-1000, 1)}
