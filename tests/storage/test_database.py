"""Opening, migrating and protecting the database file."""

import os
import sqlite3
import stat
from datetime import datetime

import pytest

from budget.storage import database
from budget.storage.database import (
    SCHEMA_VERSION,
    CorruptDatabaseError,
    NewerDatabaseError,
    open_database,
)
from budget.storage.ledger import Ledger
from budget.storage.migrations import migrations


def _columns(conn, table):
    return {row[1]: row[2] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_schema_version_counts_every_migration():
    assert SCHEMA_VERSION == len(migrations._migrations)


def test_blank_database_is_migrated_with_integer_money_columns():
    conn = open_database(":memory:")
    assert _columns(conn, "transactions") == {
        "id": "INTEGER", "date": "TEXT", "amount": "INTEGER", "account_id": "INTEGER",
        "category_id": "INTEGER", "payee": "TEXT", "note": "TEXT", "transfer_id": "INTEGER",
        "created_at": "TEXT", "loan_payment_id": "INTEGER", "loan_id": "INTEGER"}
    accounts = _columns(conn, "accounts")
    assert accounts["opening_balance"] == accounts["balance"] == "INTEGER"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_every_money_column_in_the_database_is_integer(tmp_path):
    conn = open_database(tmp_path / "b.db")
    money_words = ("amount", "balance", "principal", "interest", "penalty", "fee", "target")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    found = 0
    for table in tables:
        for name, kind in _columns(conn, table).items():
            # rates and multipliers are exact decimal fractions, not money
            if any(word in name for word in money_words) and not name.endswith(
                    ("_rate", "_multiplier")):
                found += 1
                assert kind == "INTEGER", f"{table}.{name} is {kind}"
    assert found >= 3


def test_first_run_creates_default_categories_and_a_cash_account(ledger):
    names = {c.name: c for c in ledger.categories()}
    assert {"Food", "Groceries", "Salary", "Loan repayment", "Other income"} <= set(names)
    essential = {n for n, c in names.items() if c.essential}
    assert essential == {"Housing", "Utilities", "Groceries", "Transport", "Health",
                         "Insurance", "Communication", "Loan repayment"}
    assert [a.name for a in ledger.accounts()] == ["Cash"]


def test_new_file_is_private_wal_with_foreign_keys(tmp_path):
    path = tmp_path / "private" / "budget.db"
    conn = open_database(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_reopened_database_has_everything(tmp_path):
    path = tmp_path / "b.db"
    ledger = Ledger(open_database(path))
    cash = ledger.accounts()[0]
    food = next(c for c in ledger.categories() if c.name == "Food")
    from datetime import date
    ledger.add_transaction(on=date(2026, 11, 3), amount=-4550, account_id=cash.id,
                           category_id=food.id, note="lunch")
    ledger.conn.close()
    again = Ledger(open_database(path))
    [tx] = again.recent_transactions()
    assert (tx.amount, tx.note, tx.category) == (-4550, "lunch", "Food")
    assert again.accounts()[0].balance == -4550


def test_newer_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "b.db"
    open_database(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer version of budget"):
        open_database(path)
    assert path.read_bytes() == before


def test_file_that_is_not_a_database_is_refused_with_a_message(tmp_path):
    path = tmp_path / "b.db"
    path.write_bytes(b"this is a text file, not sqlite" * 100)
    with pytest.raises(CorruptDatabaseError, match="not a budget database"):
        open_database(path)
    assert path.read_bytes().startswith(b"this is a text file")


def test_existing_file_is_backed_up_before_a_migration(tmp_path, monkeypatch):
    path = tmp_path / "b.db"
    ledger = Ledger(open_database(path))
    ledger.add_account("Bank", "bank", opening_balance=100000)
    ledger.conn.close()
    # Pretend this file predates the newest migration.
    monkeypatch.setattr(database, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(database, "migrate", lambda conn: None)
    open_database(path, now=datetime(2026, 11, 28, 9, 30, 0))
    [copy] = (tmp_path / "backups").iterdir()
    assert copy.name == f"b-20261128-093000-schema{SCHEMA_VERSION}.db"
    saved = sqlite3.connect(copy).execute("SELECT name, balance FROM accounts").fetchall()
    assert ("Bank", 100000) in saved


def test_the_app_and_a_shell_command_can_write_at_the_same_time(tmp_path):
    import threading
    import time
    from datetime import date

    path = tmp_path / "shared.db"
    app, shell = Ledger(open_database(path)), Ledger(open_database(path))
    cash = app.accounts()[0]
    food = next(c for c in app.categories() if c.name == "Food")
    holding = threading.Event()

    def long_write():
        with app.atomic():
            app.add_transaction(on=date(2026, 11, 3), amount=-100, account_id=cash.id,
                                category_id=food.id)
            holding.set()
            time.sleep(0.3)  # the other writer must wait, not fail with "database is locked"

    writer = threading.Thread(target=long_write)
    writer.start()
    holding.wait()
    shell.add_transaction(on=date(2026, 11, 3), amount=-200, account_id=cash.id,
                          category_id=food.id)
    writer.join()
    assert shell.account(cash.id).balance == -300
