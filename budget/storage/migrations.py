"""Append-only, named schema migrations. Never edit or renumber one that has shipped."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from budget.domain.ledger import DEFAULT_EXPENSE_CATEGORIES, DEFAULT_INCOME_CATEGORIES

# Only imported when the file's PRAGMA user_version is behind database.SCHEMA_VERSION, so a
# normal start never pays for importing sqlite-utils (about 100 ms). A test keeps
# SCHEMA_VERSION equal to the number of migrations here.
migrations = Migrations("budget")


def _run(db: Database, statements: str) -> None:
    # executescript() would COMMIT the migration's transaction half-way; run one by one.
    pending = ""
    for line in statements.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip():
        db.execute(pending)


@migrations()
def m001_ledger(db: Database) -> None:
    _run(db, """
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('cash','bank','credit-card','e-wallet','savings')),
    currency TEXT NOT NULL DEFAULT 'CNY',
    opening_balance INTEGER NOT NULL DEFAULT 0,
    -- opening balance plus every transaction, kept by triggers so balances never scan
    balance INTEGER NOT NULL DEFAULT 0,
    reserve INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('income','expense')),
    essential INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE transactions (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    amount INTEGER NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    category_id INTEGER REFERENCES categories(id),
    payee TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    transfer_id INTEGER,
    created_at TEXT NOT NULL,
    CHECK (category_id IS NOT NULL OR transfer_id IS NOT NULL)
);
CREATE INDEX idx_transactions_date ON transactions (date, category_id, amount);
CREATE INDEX idx_transactions_account ON transactions (account_id, date);
CREATE INDEX idx_transactions_category ON transactions (category_id, date);
CREATE INDEX idx_transactions_transfer ON transactions (transfer_id) WHERE transfer_id IS NOT NULL;
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TRIGGER accounts_opening_balance AFTER INSERT ON accounts BEGIN
    UPDATE accounts SET balance = NEW.opening_balance WHERE id = NEW.id;
END;
CREATE TRIGGER accounts_opening_changed AFTER UPDATE OF opening_balance ON accounts BEGIN
    UPDATE accounts SET balance = balance + NEW.opening_balance - OLD.opening_balance
    WHERE id = NEW.id;
END;
CREATE TRIGGER transactions_inserted AFTER INSERT ON transactions BEGIN
    UPDATE accounts SET balance = balance + NEW.amount WHERE id = NEW.account_id;
END;
CREATE TRIGGER transactions_deleted AFTER DELETE ON transactions BEGIN
    UPDATE accounts SET balance = balance - OLD.amount WHERE id = OLD.account_id;
END;
CREATE TRIGGER transactions_updated AFTER UPDATE OF amount, account_id ON transactions BEGIN
    UPDATE accounts SET balance = balance - OLD.amount WHERE id = OLD.account_id;
    UPDATE accounts SET balance = balance + NEW.amount WHERE id = NEW.account_id;
END
""")
    for name, essential in DEFAULT_EXPENSE_CATEGORIES:
        db.execute("INSERT INTO categories (name, kind, essential) VALUES (?, 'expense', ?)",
                   [name, int(essential)])
    for name in DEFAULT_INCOME_CATEGORIES:
        db.execute("INSERT INTO categories (name, kind) VALUES (?, 'income')", [name])
    db.execute("INSERT INTO accounts (name, kind, created_at) VALUES ('Cash', 'cash', "
               "strftime('%Y-%m-%dT%H:%M:%S', 'now'))")


