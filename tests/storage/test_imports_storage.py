"""Import tables, and bulk writes that keep account balances exact."""

from datetime import date

from budget.domain.ledger import AccountKind
from budget.storage.database import open_database
from budget.storage.imports import balances_in_bulk
from budget.storage.ledger import Ledger


def _columns(conn, table):
    return {row[1]: row[2] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_a_blank_database_gets_the_import_tables():
    conn = open_database(":memory:")
    assert {"batch_id", "source", "source_key", "transaction_id", "role", "card",
            "previous"} == set(_columns(conn, "import_rows"))
    assert _columns(conn, "import_batches")["added"] == "INTEGER"
    assert set(_columns(conn, "import_methods")) == {"method", "account_id"}
    assert set(_columns(conn, "import_rules")) >= {"pattern", "category_id", "learned"}
    assert set(_columns(conn, "import_maps")) == {"name", "spec"}


def _trigger_sql(conn, name):
    return conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [name]).fetchone()[0]


def test_bulk_writes_move_balances_as_the_triggers_would_and_keep_the_triggers():
    ledger = Ledger(open_database(":memory:"))
    wallet = ledger.add_account("Alipay", AccountKind.E_WALLET, opening_balance=1000)
    bank = ledger.add_account("Bank", AccountKind.BANK)
    before = {name: _trigger_sql(ledger.conn, name)
              for name in ("transactions_inserted", "transactions_deleted")}
    rows = [(n + 1, date(2026, 3, 1).isoformat(), -n - 1, (wallet, bank)[n % 2].id, 1, "", "",
             None, "2026-03-01T00:00:00") for n in range(500)]
    with ledger.atomic() as conn:
        with balances_in_bulk(conn, "INSERT", rows, amount=2, account=3):
            conn.executemany("INSERT INTO transactions (id, date, amount, account_id, "
                             "category_id, payee, note, transfer_id, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    expected_wallet = 1000 - sum(n + 1 for n in range(0, 500, 2))
    assert ledger.account(wallet.id).balance == expected_wallet
    assert ledger.account(bank.id).balance == -sum(n + 1 for n in range(1, 500, 2))
    ledger.add_transaction(on=date(2026, 3, 2), amount=-5, account_id=wallet.id,
                           category_id=1)  # one row by the trigger: still there
    assert ledger.account(wallet.id).balance == expected_wallet - 5
    doomed = [(row[0], row[2], row[3]) for row in rows]
    with ledger.atomic() as conn:
        with balances_in_bulk(conn, "DELETE", doomed, amount=1, account=2):
            conn.executemany("DELETE FROM transactions WHERE id = ?",
                             [(row[0],) for row in doomed])
    assert ledger.account(wallet.id).balance == 1000 - 5
    assert ledger.account(bank.id).balance == 0
    assert {name: _trigger_sql(ledger.conn, name) for name in before} == before
