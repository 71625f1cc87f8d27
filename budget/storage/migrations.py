"""Append-only, named schema migrations. Never edit or renumber one that has shipped."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from budget.domain.ledger import (
    DEFAULT_EXPENSE_CATEGORIES,
    DEFAULT_INCOME_CATEGORIES,
    category_key,
)

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
def m006_loan_engine(db: Database) -> None:
    # The balance-based loan engine (domain.md §1 "Paying early, paying part"): each loan
    # says what its lender recomputes after a prepayment and what prepaying costs. Payments
    # recorded for a loan's history (installments paid before budget tracked it) post no
    # ledger rows. A restructure replaces the unpaid rest of a loan with a new segment.
    # The money a loan brought into an account is a ledger row tied to the loan, neither
    # income nor expense. Bills can repeat every N months, weeks or years.
    _run(db, """
ALTER TABLE loans ADD COLUMN prepayment TEXT NOT NULL DEFAULT 'keep-term'
    CHECK (prepayment IN ('keep-term', 'keep-installment'));
ALTER TABLE loans ADD COLUMN full_period_interest INTEGER NOT NULL DEFAULT 0
    CHECK (full_period_interest IN (0, 1));
-- a fraction of the amount prepaid, as exact decimal text: '0.01' is 1%
ALTER TABLE loans ADD COLUMN prepayment_fee_rate TEXT NOT NULL DEFAULT '0';
ALTER TABLE loans ADD COLUMN into_account_id INTEGER REFERENCES accounts(id);
ALTER TABLE loan_payments ADD COLUMN history INTEGER NOT NULL DEFAULT 0
    CHECK (history IN (0, 1));
CREATE TABLE loan_restructures (
    id INTEGER PRIMARY KEY,
    loan_id INTEGER NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    method TEXT NOT NULL,
    annual_rate TEXT,
    daily_rate TEXT,
    periods INTEGER NOT NULL CHECK (periods > 0),
    first_due TEXT,
    due_day INTEGER,
    -- the agreed amount the new plan repays, in minor units
    principal INTEGER NOT NULL CHECK (principal > 0),
    waived_penalty INTEGER NOT NULL DEFAULT 0,
    waived_interest INTEGER NOT NULL DEFAULT 0,
    ref TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (loan_id, on_date)
);
ALTER TABLE transactions ADD COLUMN loan_id INTEGER REFERENCES loans(id);
CREATE INDEX idx_transactions_loan_payment ON transactions (loan_payment_id)
    WHERE loan_payment_id IS NOT NULL;
ALTER TABLE bills ADD COLUMN interval INTEGER NOT NULL DEFAULT 1
    CHECK (interval BETWEEN 1 AND 120)
""")
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER loan_restructures_{event.lower()}_due_cache AFTER {event} "
                   "ON loan_restructures BEGIN DELETE FROM due_cache; END")
    # Cached due lists were computed by the old engine and name their penalty differently.
    db.execute("DELETE FROM due_cache")


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


@migrations()
def m008_evidence(db: Database) -> None:
    # Evidence of collection contacts (domain.md §3, design.md "Data rules"): append-only.
    # Each entry hashes its content, its files' hashes and the previous entry's hash in
    # its loan's chain; a correction is a new entry pointing to the one it replaces. The
    # triggers make UPDATE and DELETE fail, so only a deliberate edit outside budget
    # (which `budget evidence verify` names) can change what was recorded. No ON DELETE
    # on loan_id: a loan with evidence cannot be deleted out from under it.
    _run(db, """
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    loan_id INTEGER NOT NULL REFERENCES loans(id),
    seq INTEGER NOT NULL CHECK (seq > 0),
    at TEXT NOT NULL,
    channel TEXT NOT NULL
        CHECK (channel IN ('call', 'sms', 'wechat', 'visit', 'letter', 'other')),
    from_number TEXT NOT NULL DEFAULT '',
    answered INTEGER NOT NULL DEFAULT 1 CHECK (answered IN (0, 1)),
    who TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    -- JSON lists of tags (domain.md §3): the user's, and those budget set itself
    tags TEXT NOT NULL DEFAULT '[]',
    auto_tags TEXT NOT NULL DEFAULT '[]',
    corrects INTEGER REFERENCES evidence(id),
    recorded_at TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    UNIQUE (loan_id, seq)
);
CREATE INDEX idx_evidence_loan_at ON evidence (loan_id, at);
CREATE TABLE evidence_files (
    entry_id INTEGER NOT NULL REFERENCES evidence(id),
    position INTEGER NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    name TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    PRIMARY KEY (entry_id, position)
);
CREATE INDEX idx_evidence_files_sha256 ON evidence_files (sha256);
-- Numbers the user keeps for a lender (or a loan's name), beside each loan's own phones.
CREATE TABLE lender_numbers (
    id INTEGER PRIMARY KEY,
    lender TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(lender)) > 0),
    number TEXT NOT NULL CHECK (length(trim(number)) > 0),
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (lender, number)
)
""")
    for table in ("evidence", "evidence_files"):
        for event in ("UPDATE", "DELETE"):
            db.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                       "BEGIN SELECT RAISE(ABORT, 'evidence is append-only: record a "
                       "correction instead'); END")


@migrations()
def m009_lender_contacts(db: Database) -> None:
    # Every contact with the lender about a loan (domain.md §3: contact the lender through
    # its official channel and write down what was said and promised); a follow-up date
    # shows in the due list, the shell reminder and the calendar.
    _run(db, """
CREATE TABLE lender_contacts (
    id INTEGER PRIMARY KEY,
    loan_id INTEGER NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('phone', 'app', 'sms', 'visit', 'other')),
    who TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL CHECK (length(trim(note)) > 0),
    promised TEXT NOT NULL DEFAULT '',
    next_date TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX idx_lender_contacts_loan ON lender_contacts (loan_id, at);
CREATE INDEX idx_lender_contacts_next ON lender_contacts (next_date) WHERE next_date IS NOT NULL
""")
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER lender_contacts_{event.lower()}_due_cache AFTER {event} "
                   "ON lender_contacts BEGIN DELETE FROM due_cache; END")


_LOAN_SOURCES = ("loans", "installments", "loan_payments", "loan_restructures")


@migrations()
def m010_everyday(db: Database) -> None:
    # Month figures (the dashboard, budgets, the review's history, the reserve's baseline)
    # read one row per month and category instead of every transaction: kept by triggers
    # in the same transaction as each write, so they are never stale and cost the same
    # after 20 years as after one. Category 0 holds rows without a category (transfers,
    # loan principal), so a month with only those still counts as a month with records.
    _run(db, """
CREATE TABLE category_months (
    month TEXT NOT NULL,
    category_id INTEGER NOT NULL,
    -- signed sum of the month's rows in minor units, and how many rows there are
    total INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    PRIMARY KEY (month, category_id)
) WITHOUT ROWID;
INSERT INTO category_months (month, category_id, total, rows)
    SELECT substr(date, 1, 7), coalesce(category_id, 0), sum(amount), count(*)
    FROM transactions GROUP BY 1, 2;
CREATE TRIGGER transactions_inserted_months AFTER INSERT ON transactions BEGIN
    INSERT INTO category_months (month, category_id, total, rows)
    VALUES (substr(NEW.date, 1, 7), coalesce(NEW.category_id, 0), NEW.amount, 1)
    ON CONFLICT (month, category_id) DO UPDATE
    SET total = total + excluded.total, rows = rows + 1;
END;
CREATE TRIGGER transactions_deleted_months AFTER DELETE ON transactions BEGIN
    UPDATE category_months SET total = total - OLD.amount, rows = rows - 1
    WHERE month = substr(OLD.date, 1, 7) AND category_id = coalesce(OLD.category_id, 0);
END;
CREATE TRIGGER transactions_updated_months AFTER UPDATE OF date, amount, category_id
ON transactions BEGIN
    UPDATE category_months SET total = total - OLD.amount, rows = rows - 1
    WHERE month = substr(OLD.date, 1, 7) AND category_id = coalesce(OLD.category_id, 0);
    INSERT INTO category_months (month, category_id, total, rows)
    VALUES (substr(NEW.date, 1, 7), coalesce(NEW.category_id, 0), NEW.amount, 1)
    ON CONFLICT (month, category_id) DO UPDATE
    SET total = total + excluded.total, rows = rows + 1;
END;
-- What the loans are on a day, as JSON: each loan's facts (open or repaid, principal
-- owed, true annual cost, its installments' statuses; key "loan:ID") and the payoff plans
-- ("plan:EXTRA:ORDER"). Replaying 50 loans costs more than all the rest of `budget
-- review`, `plan` or `fund`; emptied with any change to a loan, so never stale.
CREATE TABLE loan_day_cache (
    as_of TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (as_of, key)
) WITHOUT ROWID
""")
    for table in _LOAN_SOURCES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(f"CREATE TRIGGER {table}_{event.lower()}_loan_day_cache AFTER {event} "
                       f"ON {table} BEGIN DELETE FROM loan_day_cache; END")


@migrations()
def m011_card_numbers(db: Database) -> None:
    # Balances on a day (issue: `safe --as-of` and a row dated 2099 moved today's figures):
    # each account's signed sum per month, kept by triggers in the same transaction as each
    # write, so a balance on any day reads the months after it and a few days' rows, not
    # the history. accounts.balance stays the sum of every row, future-dated ones included.
    _run(db, """
CREATE TABLE account_months (
    account_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    -- signed sum of the account's rows dated in the month, in minor units
    total INTEGER NOT NULL,
    PRIMARY KEY (account_id, month)
) WITHOUT ROWID;
INSERT INTO account_months (account_id, month, total)
    SELECT account_id, substr(date, 1, 7), sum(amount) FROM transactions GROUP BY 1, 2;
CREATE TRIGGER account_months_on_insert AFTER INSERT ON transactions BEGIN
    INSERT INTO account_months (account_id, month, total)
    VALUES (NEW.account_id, substr(NEW.date, 1, 7), NEW.amount)
    ON CONFLICT (account_id, month) DO UPDATE SET total = total + excluded.total;
END;
CREATE TRIGGER account_months_on_delete AFTER DELETE ON transactions BEGIN
    UPDATE account_months SET total = total - OLD.amount
    WHERE account_id = OLD.account_id AND month = substr(OLD.date, 1, 7);
END;
CREATE TRIGGER account_months_on_update AFTER UPDATE OF date, amount, account_id
ON transactions BEGIN
    UPDATE account_months SET total = total - OLD.amount
    WHERE account_id = OLD.account_id AND month = substr(OLD.date, 1, 7);
    INSERT INTO account_months (account_id, month, total)
    VALUES (NEW.account_id, substr(NEW.date, 1, 7), NEW.amount)
    ON CONFLICT (account_id, month) DO UPDATE SET total = total + excluded.total;
END;
-- The last four digits of an account's card (工商银行(9876) -> 9876), '' when unknown: a
-- wallet row paid with that card goes to that account, and the card statement's copy of
-- the same payment is matched to it instead of being booked twice.
ALTER TABLE accounts ADD COLUMN card TEXT NOT NULL DEFAULT ''
    CHECK (card = '' OR card GLOB '[0-9][0-9][0-9][0-9]')
""")


@migrations()
def m012_language(db: Database) -> None:
    # The app speaks English or Chinese, and a new ledger names its default categories in
    # the user's language. Code that needs one of them (loan repayments, interest, a
    # bill's fallback) finds it by this key, never by its name, which the user may change.
    # Existing ledgers: the defaults still carrying their English name get their key.
    _run(db, """
ALTER TABLE categories ADD COLUMN key TEXT;
CREATE UNIQUE INDEX idx_categories_key ON categories (key) WHERE key IS NOT NULL
""")
    names = [name for name, _essential in DEFAULT_EXPENSE_CATEGORIES] + \
        list(DEFAULT_INCOME_CATEGORIES)
    for name in names:
        db.execute("UPDATE categories SET key = ? WHERE name = ? COLLATE NOCASE AND key IS NULL",
                   [category_key(name), name])
