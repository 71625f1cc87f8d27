"""Reads for exports: every row of a date range streamed in order, balances before a day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from budget.domain.exports.entries import ExportLoan, ExportRow
from budget.storage.ledger import Ledger

FETCH_ROWS = 5000


def export_rows(ledger: Ledger, start: date | None, end: date | None,
                principal_key: str) -> Iterator[ExportRow]:
    """Rows from `start` to `end` (inclusive, None: open), by date then id, a page at a time.

    The principal part of a loan payment (its row in the category with key `principal_key`,
    Loan repayment whatever it is called now) carries the loan's name.
    """
    clauses, params = _range(start, end, "t.date")
    # A loan's own rows with no category (the money it brought into an account, and the
    # principal repaid from there) move money to and from its liability, like principal.
    sql = ("SELECT t.id, t.date, t.amount, a.currency, t.account_id, t.category_id, t.payee, "
           "t.note, t.transfer_id, CASE WHEN c.key = ? OR (t.category_id IS NULL AND "
           "(t.loan_payment_id IS NOT NULL OR t.loan_id IS NOT NULL)) "
           "THEN coalesce(l.name, drawn.name) END "
           "FROM transactions t JOIN accounts a ON a.id = t.account_id "
           "LEFT JOIN categories c ON c.id = t.category_id "
           "LEFT JOIN loan_payments p ON p.id = t.loan_payment_id "
           "LEFT JOIN loans l ON l.id = p.loan_id "
           "LEFT JOIN loans drawn ON drawn.id = t.loan_id "
           f"{clauses} ORDER BY t.date, t.id")
    with ledger._lock:
        cursor = ledger.conn.execute(sql, [principal_key, *params])
    while True:
        with ledger._lock:
            page = cursor.fetchmany(FETCH_ROWS)
        if not page:
            return
        for row in page:
            yield ExportRow(row[0], date.fromisoformat(row[1]), *row[2:])


def _range(start: date | None, end: date | None, column: str) -> tuple[str, list]:
    clauses, params = [], []
    if start is not None:
        clauses.append(f"{column} >= ?")
        params.append(start.isoformat())
    if end is not None:
        clauses.append(f"{column} <= ?")
        params.append(end.isoformat())
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def balances_before(ledger: Ledger, day: date | None) -> dict[int, tuple[int, str]]:
    """Account id -> (balance at the start of `day`, currency); opening balances if None."""
    rows = ledger._query("SELECT id, opening_balance, currency FROM accounts")
    balances = {account_id: (opening, currency) for account_id, opening, currency in rows}
    if day is not None:
        for account_id, total in ledger._query(
                "SELECT account_id, sum(amount) FROM transactions WHERE date < ? "
                "GROUP BY account_id", [day.isoformat()]):
            opening, currency = balances[account_id]
            balances[account_id] = (opening + total, currency)
    return balances


def first_date(ledger: Ledger) -> date | None:
    """The earliest day anything happened: a transaction or a loan drawn."""
    found = ledger._query("SELECT min(d) FROM (SELECT min(date) AS d FROM transactions "
                          "UNION ALL SELECT min(start) FROM loans)")[0][0]
    return date.fromisoformat(found) if found else None


def export_loans(ledger: Ledger, end: date | None) -> list[ExportLoan]:
    """Loans drawn on or before `end`."""
    clauses, params = _range(None, end, "start")
    return [ExportLoan(name, principal, currency, date.fromisoformat(start), bool(into))
            for name, principal, currency, start, into in ledger._query(
                "SELECT name, principal, currency, start, into_account_id IS NOT NULL "
                f"FROM loans {clauses} ORDER BY id", params)]


def principal_repaid_before(ledger: Ledger, day: date, principal_key: str
                            ) -> dict[str, int]:
    """Loan name -> principal repaid before `day`: the loan-payment rows in the category
    with key `principal_key` (Loan repayment, whatever it is called now), or with no
    category for a loan whose money came into an account."""
    return dict(ledger._query(
        "SELECT l.name, -sum(t.amount) FROM transactions t "
        "JOIN loan_payments p ON p.id = t.loan_payment_id JOIN loans l ON l.id = p.loan_id "
        "LEFT JOIN categories c ON c.id = t.category_id "
        "WHERE (c.key = ? OR t.category_id IS NULL) AND t.date < ? GROUP BY l.id",
        [principal_key, day.isoformat()]))


def history_payment_ids(ledger: Ledger) -> set[int]:
    """The ids of loan payments recorded as a loan's history: they moved no account."""
    return {payment_id for (payment_id,) in ledger._query(
        "SELECT id FROM loan_payments WHERE history = 1")}
