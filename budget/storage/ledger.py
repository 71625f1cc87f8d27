"""The Ledger: reads and writes accounts, categories, transactions and settings."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from budget.domain.ledger import (
    Account,
    AccountKind,
    Category,
    CategoryKind,
    MonthTotals,
    Transaction,
)
from budget.domain.text import TextError, check_line, clean_line
from budget.i18n import N_, _

_TX_COLUMNS = """t.id, t.date, t.amount, a.currency, t.account_id, a.name, t.category_id, c.name,
    t.payee, t.note, t.transfer_id, t.loan_payment_id, t.loan_id, c.kind"""
_TX_FROM = """transactions t JOIN accounts a ON a.id = t.account_id
    LEFT JOIN categories c ON c.id = t.category_id"""


class LedgerError(ValueError):
    """A write the ledger refuses (a duplicate name, a missing account), said plainly."""


class TextRefused(LedgerError):
    """A name, payee or note with a control character: refused before it reaches the file
    (domain/text.py). `field` names the input; the message says what was found."""

    def __init__(self, error: TextError):
        # The field's name is a message of its own ("name", "payee", "note": N_ ids in
        # commands.common.FIELD_NAMES), so the shell says it in the user's language.
        super().__init__(_("{field}: {message}").format(field=_(error.field), message=error))
        self.field = error.field


def plain(text: str, field: str) -> str:
    """`text` stripped, or TextRefused when it holds a control character or line break.
    Every write of outside text goes through here, whoever called it."""
    try:
        return check_line(text or "", field).strip()
    except TextError as error:
        raise TextRefused(error) from None


class LoanRowError(LedgerError):
    """A ledger row a loan posted was to be edited or deleted on its own: it would drift
    from the loan. `loan` names the loan whose screen or `budget loan unpay` does it."""

    def __init__(self, loan: str, payment_id: int | None):
        self.loan, self.payment_id = loan, payment_id
        super().__init__(loan)


@dataclass(frozen=True)
class TransactionFilter:
    """What the transaction list shows: a date range plus optional narrowing."""

    start: date
    end: date
    category_id: int | None = None
    account_id: int | None = None
    text: str = ""


class Ledger:
    """All SQL for the ledger. Thread-safe: the TUI's workers share one connection."""

    def __init__(self, conn: sqlite3.Connection, path: str | Path | None = None,
                 before_write: Callable[[sqlite3.Connection], None] | None = None):
        """`before_write` runs before each write transaction begins (the daily backup)."""
        self.conn = conn
        self.path = path
        """The file, for messages; None for a database in memory."""
        self._lock = threading.RLock()
        self.before_write = before_write
        self.date_problems: dict[tuple[str, int], object] = {}
        """Loans and bills left out of what was read because a stored date is outside the
        accepted range (storage.stored_dates.DateProblem, keyed by kind and id): the shell
        prints them after a command, the app shows them once."""
        self.notices: list[str] = []
        """Things done to the file on opening that the user should hear about (modes
        tightened, an empty file started afresh)."""

    @property
    def read_only(self) -> bool:
        """Whether the file was opened read-only (its folder cannot be written): reading
        works, caches are not kept, and a write says why it cannot be saved."""
        return bool(self.conn.execute("PRAGMA query_only").fetchone()[0])

    # -- transactions ---------------------------------------------------------------

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is saved, or none of it.

        SQLite's failures (busy past the timeout, read-only, disk, damage) come out as a
        storage DatabaseError whose message says what to do; nothing was saved.
        """
        # IMMEDIATE takes the write lock up front, so a concurrent writer waits on the
        # busy timeout instead of failing half-way with "database is locked".
        with self._within("BEGIN IMMEDIATE") as conn:
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query inside sees the file as it was at the first one.

        A write inside it (through `atomic`) succeeds only if no other program wrote since
        that first read; otherwise SQLite refuses the upgrade at once and this raises
        DatabaseBusyError with nothing written. For caches of what was read: a concurrent
        write always wins over a cache computed before it.
        """
        with self._within("BEGIN") as conn:  # deferred: it starts at the first read
            yield conn

    @contextmanager
    def _within(self, begin: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self.conn.in_transaction:
                yield self.conn
                return
            if begin != "BEGIN" and self.read_only:
                from budget.storage.failures import read_only

                raise read_only(self.path)  # before the daily backup, which cannot be made
            if self.before_write is not None and begin != "BEGIN":
                self.before_write(self.conn)
            self._execute_or_explain(begin)
            try:
                yield self.conn
            except BaseException as error:
                self._rollback()
                failure = self._failure(error)
                if failure is not None and failure is not error:
                    raise failure from error
                raise
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as error:
                self._rollback()
                raise self._failure(error) or error from error

    def _rollback(self) -> None:
        # SQLite may already have rolled back (a full disk, an I/O error).
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _failure(self, error: BaseException):
        """The storage DatabaseError for a SQLite failure; None for anything else (an
        IntegrityError is the caller's to turn into a LedgerError)."""
        from budget.storage.failures import explain

        if isinstance(error, sqlite3.IntegrityError):
            return None
        return explain(error, self.path)

    def _execute_or_explain(self, sql: str, params: Sequence = ()) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.Error as error:
            raise self._failure(error) or error from error

    def _query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise self._failure(error) or error from error

    def data_version(self) -> int:
        """SQLite's counter of commits by other connections (not this one): when it moves,
        another program wrote and what is on screen may be out of date."""
        return self._query("PRAGMA data_version")[0][0]

    # -- accounts -------------------------------------------------------------------

    def accounts(self, *, include_archived: bool = False,
                 as_of: date | None = None) -> list[Account]:
        """Open accounts (all with `include_archived`), each with its balance on `as_of`:
        rows dated after it are not counted yet. Without `as_of` the balance counts every
        row, scheduled ones too (for names and kinds; figures shown pass a day)."""
        where = "" if include_archived else "WHERE archived = 0"
        rows = self._query(
            "SELECT id, name, kind, currency, opening_balance, balance, reserve, archived, card "
            f"FROM accounts {where} ORDER BY archived, id")
        return _on_day(self, [_account(row) for row in rows], as_of)

    def account(self, account_id: int, *, as_of: date | None = None) -> Account:
        """One account, its balance on `as_of` as in `accounts`; LedgerError if none."""
        rows = self._query(
            "SELECT id, name, kind, currency, opening_balance, balance, reserve, archived, card "
            "FROM accounts WHERE id = ?", [account_id])
        if not rows:
            raise LedgerError(f"no account with id {account_id}")
        return _on_day(self, [_account(rows[0])], as_of)[0]

    def add_account(self, name: str, kind: AccountKind, *, currency: str = "CNY",
                    opening_balance: int = 0, reserve: bool = False,
                    now: datetime | None = None) -> Account:
        created = (now or datetime.now()).isoformat(timespec="seconds")
        with self.atomic() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO accounts (name, kind, currency, opening_balance, reserve, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [plain(name, "name"), str(kind), currency.upper(), opening_balance,
                     int(reserve), created])
            except sqlite3.IntegrityError as error:
                raise LedgerError(_integrity_message("account", name, error)) from error
        return self.account(cursor.lastrowid)

    def update_account(self, account_id: int, **fields) -> Account:
        """Change name, reserve, archived, opening_balance, kind or card (last four digits,
        '' for none) of an account."""
        self._update("accounts", account_id, fields,
                     {"name", "reserve", "archived", "opening_balance", "kind", "card"})
        return self.account(account_id)

    # -- categories -----------------------------------------------------------------

    def categories(self, *, include_archived: bool = False) -> list[Category]:
        where = "" if include_archived else "WHERE archived = 0"
        rows = self._query(
            "SELECT id, name, kind, essential, archived, key FROM categories "
            f"{where} ORDER BY archived, kind = 'income', name")
        return [_category(row) for row in rows]

    def category(self, category_id: int) -> Category:
        rows = self._query(
            "SELECT id, name, kind, essential, archived, key FROM categories WHERE id = ?",
            [category_id])
        if not rows:
            raise LedgerError(f"no category with id {category_id}")
        return _category(rows[0])

    def category_by_key(self, key: str) -> Category | None:
        """The default category with that stable key ("loan_repayment"), archived or not,
        whatever it is called now; None if it was deleted."""
        rows = self._query(
            "SELECT id, name, kind, essential, archived, key FROM categories WHERE key = ?",
            [key])
        return _category(rows[0]) if rows else None

    def add_category(self, name: str, kind: CategoryKind, *, essential: bool = False) -> Category:
        with self.atomic() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO categories (name, kind, essential) VALUES (?, ?, ?)",
                    [plain(name, "name"), str(kind), int(essential)])
            except sqlite3.IntegrityError as error:
                raise LedgerError(_integrity_message("category", name, error)) from error
        return self.category(cursor.lastrowid)

    def update_category(self, category_id: int, **fields) -> Category:
        """Change name, essential or archived of a category."""
        self._update("categories", category_id, fields, {"name", "essential", "archived"})
        return self.category(category_id)

    def _update(self, table: str, row_id: int, fields: dict, allowed: set[str]) -> None:
        unknown = set(fields) - allowed
        if unknown:
            raise LedgerError(f"cannot change {', '.join(sorted(unknown))} of {table}")
        if not fields:
            return
        if "name" in fields:
            fields = {**fields, "name": plain(fields["name"], "name")}
        values = [int(v) if isinstance(v, bool) else v for v in fields.values()]
        assignments = ", ".join(f"{column} = ?" for column in fields)
        with self.atomic() as conn:
            try:
                conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*values, row_id])
            except sqlite3.IntegrityError as error:
                raise LedgerError(
                    _integrity_message(table.rstrip("s").replace("ie", "y"),
                                       str(fields.get("name", "")), error)) from error

    def has_transactions(self, *, account_id: int | None = None,
                         category_id: int | None = None) -> bool:
        column, value = ("account_id", account_id) if account_id else ("category_id", category_id)
        return bool(self._query(f"SELECT 1 FROM transactions WHERE {column} = ? LIMIT 1", [value]))

    def delete_category(self, category_id: int) -> None:
        """Delete an unused category; one with transactions must be archived instead."""
        if self.has_transactions(category_id=category_id):
            raise LedgerError(_("a category with transactions is archived, not deleted"))
        with self.atomic() as conn:
            conn.execute("DELETE FROM categories WHERE id = ?", [category_id])

    # -- transactions ---------------------------------------------------------------

    def add_transaction(self, *, on: date, amount: int, account_id: int,
                        category_id: int | None, payee: str = "", note: str = "",
                        transfer_id: int | None = None, now: datetime | None = None,
                        transaction_id: int | None = None) -> Transaction:
        created = (now or datetime.now()).isoformat(timespec="seconds")
        with self.atomic() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO transactions (id, date, amount, account_id, category_id, payee, "
                    "note, transfer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [transaction_id, on.isoformat(), amount, account_id, category_id,
                     plain(payee, "payee"), plain(note, "note"), transfer_id, created])
            except sqlite3.IntegrityError as error:
                raise LedgerError(_("the transaction was not saved: {reason}").format(
                    reason=error)) from error
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES "
                         "('last_account_id', ?)", [str(account_id)])
            return self._transaction(conn, cursor.lastrowid)

    def add_transfer(self, *, on: date, amount: int, from_account_id: int,
                     to_account_id: int, note: str = "",
                     now: datetime | None = None) -> tuple[Transaction, Transaction]:
        """Two linked rows, out of one account and into another: neither income nor expense."""
        if from_account_id == to_account_id:
            raise LedgerError(_("a transfer needs two different accounts"))
        with self.atomic() as conn:
            transfer_id = conn.execute(
                "SELECT coalesce(max(transfer_id), 0) + 1 FROM transactions").fetchone()[0]
            out = self.add_transaction(on=on, amount=-abs(amount), account_id=from_account_id,
                                       category_id=None, note=note, transfer_id=transfer_id,
                                       now=now)
            into = self.add_transaction(on=on, amount=abs(amount), account_id=to_account_id,
                                        category_id=None, note=note, transfer_id=transfer_id,
                                        now=now)
        return out, into

    def transaction(self, transaction_id: int) -> Transaction:
        with self._lock:
            return self._transaction(self.conn, transaction_id)

    def _transaction(self, conn: sqlite3.Connection, transaction_id: int) -> Transaction:
        row = conn.execute(f"SELECT {_TX_COLUMNS} FROM {_TX_FROM} WHERE t.id = ?",
                           [transaction_id]).fetchone()
        if row is None:
            raise LedgerError(f"no transaction with id {transaction_id}")
        return _transaction(row)

    def loan_row_owner(self, transaction_id: int) -> LoanRowError | None:
        """The loan a ledger row belongs to (as the error editing it alone would raise)."""
        with self._lock:
            row = self.conn.execute(
                "SELECT l.name, t.loan_payment_id FROM transactions t "
                "LEFT JOIN loan_payments p ON p.id = t.loan_payment_id "
                "JOIN loans l ON l.id = coalesce(p.loan_id, t.loan_id) WHERE t.id = ?",
                [transaction_id]).fetchone()
        return None if row is None else LoanRowError(clean_line(row[0]), row[1])

    def _refuse_loan_rows(self, conn: sqlite3.Connection, transaction_id: int) -> None:
        owner = self.loan_row_owner(transaction_id)
        if owner is not None:
            raise owner

    def update_transaction(self, transaction_id: int, *, on: date, amount: int,
                           account_id: int, category_id: int | None, payee: str,
                           note: str) -> Transaction:
        """Change one row; a bill payment's record follows its date and amount. Rows a loan
        posted are refused (LoanRowError): they change through the loan."""
        with self.atomic() as conn:
            self._refuse_loan_rows(conn, transaction_id)
            conn.execute("UPDATE bill_payments SET paid_on = ?, amount = ? "
                         "WHERE transaction_id = ?", [on.isoformat(), -amount, transaction_id])
            conn.execute(
                "UPDATE transactions SET date = ?, amount = ?, account_id = ?, category_id = ?, "
                "payee = ?, note = ? WHERE id = ?",
                [on.isoformat(), amount, account_id, category_id, plain(payee, "payee"),
                 plain(note, "note"), transaction_id])
            return self._transaction(conn, transaction_id)

    def delete_transaction(self, transaction_id: int) -> list[dict]:
        """Delete a transaction (both legs of a transfer); return the rows for undo.

        A bill payment's row takes the payment with it, so that occurrence of the bill is
        due again; rows a loan posted are refused (LoanRowError).
        """
        with self.atomic() as conn:
            self._refuse_loan_rows(conn, transaction_id)
            deleted = _dicts(conn, "SELECT * FROM transactions WHERE id = ? OR transfer_id = "
                             "(SELECT transfer_id FROM transactions WHERE id = ?)",
                             [transaction_id, transaction_id])
            for row in deleted:
                row["bill_payments"] = _dicts(
                    conn, "SELECT * FROM bill_payments WHERE transaction_id = ?", [row["id"]])
                conn.execute("DELETE FROM bill_payments WHERE transaction_id = ?", [row["id"]])
            conn.executemany("DELETE FROM transactions WHERE id = ?",
                             [[row["id"]] for row in deleted])
        return deleted

    def restore_transactions(self, rows: list[dict]) -> None:
        """Undo a delete: put the rows back exactly, with their ids (and bill payments)."""
        with self.atomic() as conn:
            for row in rows:
                columns = [column for column in row if column != "bill_payments"]
                conn.execute(
                    f"INSERT INTO transactions ({', '.join(columns)}) VALUES "
                    f"({', '.join(':' + column for column in columns)})",
                    {column: row[column] for column in columns})
                for payment in row.get("bill_payments", ()):
                    conn.execute(
                        f"INSERT INTO bill_payments ({', '.join(payment)}) VALUES "
                        f"({', '.join(':' + column for column in payment)})", payment)

    def transactions(self, where: TransactionFilter, *, limit: int = 200,
                     after: tuple[str, int] | None = None) -> list[Transaction]:
        """One page, newest first. `after` is the (date, id) of the last row already shown."""
        clauses, params = _filter_sql(where)
        if after is not None:
            clauses.append("(t.date < ? OR (t.date = ? AND t.id < ?))")
            params += [after[0], after[0], after[1]]
        rows = self._query(
            f"SELECT {_TX_COLUMNS} FROM {_TX_FROM} WHERE {' AND '.join(clauses)} "
            "ORDER BY t.date DESC, t.id DESC LIMIT ?", [*params, limit])
        return [_transaction(row) for row in rows]

    def count_transactions(self, where: TransactionFilter) -> tuple[int, int]:
        """How many rows match, and their signed sum."""
        clauses, params = _filter_sql(where)
        count, total = self._query(
            f"SELECT count(*), coalesce(sum(t.amount), 0) FROM {_TX_FROM} "
            f"WHERE {' AND '.join(clauses)}", params)[0]
        return count, total

    def recent_transactions(self, limit: int = 10) -> list[Transaction]:
        rows = self._query(f"SELECT {_TX_COLUMNS} FROM {_TX_FROM} "
                           "ORDER BY t.date DESC, t.id DESC LIMIT ?", [limit])
        return [_transaction(row) for row in rows]

    def month_totals(self, start: date, end: date) -> MonthTotals:
        """Income and expenses by the kind of their category, not by sign: a refund in an
        expense category lowers the expenses, it is not income. Transfers are left out."""
        from budget.storage.months import category_sums

        kinds = self._category_kinds()
        income = expenses = 0
        for category_id, total in category_sums(self, start, end).items():
            kind = kinds.get(category_id)
            if kind is CategoryKind.INCOME:
                income += total
            elif kind is CategoryKind.EXPENSE:
                expenses += total
        return MonthTotals(income=income, expenses=expenses)

    def _category_kinds(self) -> dict[int, CategoryKind]:
        return {row[0]: CategoryKind(row[1])
                for row in self._query("SELECT id, kind FROM categories")}

    def totals_by_category(self, start: date, end: date) -> list[tuple[Category, int]]:
        """Signed sum per category in a date range, largest spending first."""
        from budget.storage.months import category_sums

        sums = category_sums(self, start, end)
        categories = {category.id: category
                      for category in self.categories(include_archived=True)}
        rows = [(categories[category_id], total) for category_id, total in sums.items()
                if category_id in categories]
        return sorted(rows, key=lambda row: (row[1], row[0].name))

    def monthly_totals_by_category(self, start: date, end: date) -> dict[str, dict[str, int]]:
        """{"YYYY-MM": {category name: signed sum}} over a date range."""
        from budget.storage.months import category_month_sums

        names = {row[0]: row[1] for row in self._query("SELECT id, name FROM categories")}
        result: dict[str, dict[str, int]] = {}
        for (month, category_id), total in sorted(category_month_sums(self, start,
                                                                      end).items()):
            if category_id in names:
                result.setdefault(month, {})[clean_line(names[category_id])] = total
        return result

    def first_transaction_date(self) -> date | None:
        rows = self._query("SELECT min(date) FROM transactions")
        return date.fromisoformat(rows[0][0]) if rows and rows[0][0] else None

    # -- settings -------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        rows = self._query("SELECT value FROM settings WHERE key = ?", [key])
        return rows[0][0] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self.atomic() as conn:
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                         [key, value])

    # -- bulk -----------------------------------------------------------------------

    def add_transactions_bulk(self, rows: Iterable[tuple]) -> int:
        """Insert many rows in one transaction; return how many. For demo and benchmark data.

        Each row is (date ISO, amount, account_id, category_id, payee, note, transfer_id,
        created_at ISO). Balances follow through the same triggers as single inserts.
        """
        with self.atomic() as conn:
            cursor = conn.executemany(
                "INSERT INTO transactions (date, amount, account_id, category_id, payee, note, "
                "transfer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            return cursor.rowcount


def _on_day(ledger: Ledger, accounts: list[Account], as_of: date | None) -> list[Account]:
    if as_of is None or not accounts:
        return accounts
    from dataclasses import replace

    from budget.storage.balances import dated_after

    later = dated_after(ledger, as_of)
    return [replace(account, balance=account.balance - later.get(account.id, 0))
            for account in accounts]


def _dicts(conn: sqlite3.Connection, sql: str, params: Sequence) -> list[dict]:
    """Rows as dicts keyed by column name."""
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _filter_sql(where: TransactionFilter) -> tuple[list[str], list]:
    clauses = ["t.date BETWEEN ? AND ?"]
    params: list = [where.start.isoformat(), where.end.isoformat()]
    if where.category_id is not None:
        clauses.append("t.category_id = ?")
        params.append(where.category_id)
    if where.account_id is not None:
        clauses.append("t.account_id = ?")
        params.append(where.account_id)
    if where.text:
        clauses.append("(t.payee LIKE ? OR t.note LIKE ? OR c.name LIKE ?)")
        pattern = f"%{where.text}%"
        params += [pattern, pattern, pattern]
    return clauses, params


_EXISTS = {"account": N_("an account named '{name}' already exists"),
           "category": N_("a category named '{name}' already exists")}
_INVALID = {"account": N_("the account was not saved: the name must not be empty and the kind "
                          "must be valid"),
            "category": N_("the category was not saved: the name must not be empty and the "
                           "kind must be valid")}
_NOT_SAVED = {"account": N_("the account was not saved: {reason}"),
              "category": N_("the category was not saved: {reason}")}


def _integrity_message(what: str, name: str, error: sqlite3.IntegrityError) -> str:
    if "UNIQUE" in str(error):
        return _(_EXISTS[what]).format(name=name.strip())
    if "CHECK" in str(error):
        return _(_INVALID[what])
    return _(_NOT_SAVED[what]).format(reason=error)


# Readers clean what they hand on: a file written by an older version or another program
# may hold control characters, and no terminal, export or screen may receive them raw.
def _account(row: tuple) -> Account:
    return Account(id=row[0], name=clean_line(row[1]), kind=AccountKind(row[2]), currency=row[3],
                   opening_balance=row[4], balance=row[5], reserve=bool(row[6]),
                   archived=bool(row[7]), card=row[8])


def _category(row: tuple) -> Category:
    return Category(id=row[0], name=clean_line(row[1]), kind=CategoryKind(row[2]),
                    essential=bool(row[3]), archived=bool(row[4]), key=row[5])


def _transaction(row: tuple) -> Transaction:
    return Transaction(id=row[0], date=date.fromisoformat(row[1]), amount=row[2],
                       currency=row[3], account_id=row[4], account=clean_line(row[5]),
                       category_id=row[6], category=clean_line(row[7]) if row[7] else row[7],
                       payee=clean_line(row[8]), note=clean_line(row[9]), transfer_id=row[10],
                       loan_payment_id=row[11], loan_id=row[12],
                       category_kind=CategoryKind(row[13]) if row[13] else None)
