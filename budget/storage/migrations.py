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




@migrations()
def m002_loans_and_bills(db: Database) -> None:
    _run(db, """
CREATE TABLE loans (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
    lender TEXT NOT NULL DEFAULT '',
    -- JSON list of the lender's official numbers / channels
    phones TEXT NOT NULL DEFAULT '[]',
    principal INTEGER NOT NULL CHECK (principal > 0),
    currency TEXT NOT NULL DEFAULT 'CNY',
    start TEXT NOT NULL,
    -- rates are exact decimal fractions kept as text; they are not money
    annual_rate TEXT,
    daily_rate TEXT,
    periods INTEGER NOT NULL,
    method TEXT NOT NULL,
    due_day INTEGER,
    first_due TEXT,
    grace_days INTEGER NOT NULL DEFAULT 0,
    penalty_multiplier TEXT NOT NULL DEFAULT '0.5',
    late_fee INTEGER NOT NULL DEFAULT 0,
    lead_days INTEGER NOT NULL DEFAULT 3,
    penalty_from_due_date INTEGER NOT NULL DEFAULT 1,
    account_id INTEGER REFERENCES accounts(id),
    archived INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE installments (
    loan_id INTEGER NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    principal INTEGER NOT NULL,
    interest INTEGER NOT NULL,
    PRIMARY KEY (loan_id, number)
);
CREATE TABLE loan_payments (
    id INTEGER PRIMARY KEY,
    loan_id INTEGER NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
    paid_on TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    account_id INTEGER REFERENCES accounts(id),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX idx_loan_payments_loan ON loan_payments (loan_id, paid_on);
CREATE TABLE bills (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
    amount INTEGER NOT NULL CHECK (amount > 0),
    frequency TEXT NOT NULL CHECK (frequency IN ('month', 'week', 'year')),
    day INTEGER,
    start TEXT NOT NULL,
    lead_days INTEGER NOT NULL DEFAULT 3,
    account_id INTEGER REFERENCES accounts(id),
    category_id INTEGER REFERENCES categories(id),
    archived INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE bill_payments (
    id INTEGER PRIMARY KEY,
    bill_id INTEGER NOT NULL REFERENCES bills(id) ON DELETE CASCADE,
    due_date TEXT NOT NULL,
    paid_on TEXT NOT NULL,
    amount INTEGER NOT NULL,
    transaction_id INTEGER REFERENCES transactions(id) ON DELETE SET NULL,
    UNIQUE (bill_id, due_date)
);
-- a ledger row that a loan payment created (principal, interest) points back to it
ALTER TABLE transactions ADD COLUMN loan_payment_id INTEGER REFERENCES loan_payments(id)
""")


@migrations()
def m003_budgets(db: Database) -> None:
    # ON DELETE CASCADE: an unused category may be deleted, and its budgets mean nothing
    # without it; a category with transactions is archived instead, keeping its budgets.
    _run(db, """
CREATE TABLE budgets (
    month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    -- the monthly limit in minor units
    amount INTEGER NOT NULL CHECK (amount >= 0),
    rollover INTEGER NOT NULL DEFAULT 0 CHECK (rollover IN (0, 1)),
    -- left over (+) or overspent (-) from last month, copied in with rollover
    carried INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, category_id)
)
""")


@migrations()
def m004_loan_closed_on(db: Database) -> None:
    # The day the last payment settled the loan: a cache written in the same transaction
    # as that payment, so the due list replays only open loans. Existing loans are left
    # NULL (open) and simply keep being replayed.
    _run(db, "ALTER TABLE loans ADD COLUMN closed_on TEXT")


_DUE_SOURCES = ("loans", "installments", "loan_payments", "bills", "bill_payments")


@migrations()
def m005_due_cache(db: Database) -> None:
    # `budget due` runs at every shell start; its list changes only when a loan, a payment
    # or a bill does, or the day changes. Triggers empty the cache in the same transaction
    # as any such write, so a cached list is never stale.
    _run(db, """
CREATE TABLE due_cache (
    as_of TEXT NOT NULL,
    days INTEGER NOT NULL,
    items TEXT NOT NULL,
    PRIMARY KEY (as_of, days)
)
""")
    for table in _DUE_SOURCES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(f"CREATE TRIGGER {table}_{event.lower()}_due_cache AFTER {event} "
                       f"ON {table} BEGIN DELETE FROM due_cache; END")


@migrations()
def m007_imports_and_backups(db: Database) -> None:
    # Imported rows keep their source and source key in import_rows (not in transactions),
    # so the ledger's own columns stay as they are. A row the user deletes keeps its key
    # (transaction_id SET NULL): importing the same file again never brings it back.
    _run(db, """
CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    account_id INTEGER REFERENCES accounts(id),
    -- last digits of the bank card a statement belongs to, '' when unknown
    card TEXT NOT NULL DEFAULT '',
    added INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    imported_at TEXT NOT NULL,
    undone_at TEXT
);
CREATE TABLE import_rows (
    batch_id INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    source_key TEXT NOT NULL,
    transaction_id INTEGER REFERENCES transactions(id) ON DELETE SET NULL,
    -- created: the batch added the row; matched: the row was already there (a card
    -- payment seen on both the wallet export and the bank statement); updated: matched,
    -- and the batch gave it the wallet's payee and category (previous holds the old ones)
    role TEXT NOT NULL CHECK (role IN ('created', 'matched', 'updated')),
    card TEXT NOT NULL DEFAULT '',
    previous TEXT
);
-- Only the link to the transaction is indexed: keys are read a whole source at a time and
-- a batch is undone rarely, while each index costs every imported row (100,000 in <= 5 s).
CREATE INDEX idx_import_rows_transaction ON import_rows (transaction_id);
CREATE TABLE import_rules (
    id INTEGER PRIMARY KEY,
    pattern TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(pattern)) > 0),
    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    learned INTEGER NOT NULL DEFAULT 0 CHECK (learned IN (0, 1)),
    created_at TEXT NOT NULL
);
CREATE TABLE import_methods (
    method TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE
);
CREATE TABLE import_maps (
    name TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(trim(name)) > 0),
    spec TEXT NOT NULL
)
""")
