"""Read-only aggregates over the ledger for the reserve, reviews and charts."""

from __future__ import annotations

from datetime import date

from budget.storage.ledger import Ledger


def account_start_month(ledger: Ledger, account_id: int) -> str:
    """The month an account's history begins: its first row, or when it was added."""
    first, created = ledger._query(
        "SELECT (SELECT min(date) FROM transactions WHERE account_id = ?), created_at "
        "FROM accounts WHERE id = ?", [account_id, account_id])[0]
    return min(filter(None, (first, created)))[:7]


def active_months(ledger: Ledger, start: date, end: date) -> set[str]:
    """Months in a range in which anything at all was recorded."""
    from budget.storage.months import months_with_records

    return months_with_records(ledger, start.isoformat()[:7], end.isoformat()[:7])


def loan_payments_total(ledger: Ledger, start: date, end: date) -> int:
    """Everything paid to lenders in a date range, whatever it was allocated to."""
    return ledger._query(
        "SELECT coalesce(sum(amount), 0) FROM loan_payments WHERE paid_on BETWEEN ? AND ?",
        [start.isoformat(), end.isoformat()])[0][0]


def reserve_transfers_in(ledger: Ledger, start: date, end: date) -> int:
    """Money moved into reserve accounts from other accounts over a date range."""
    # A move between two reserve accounts is not a contribution: both legs stay inside.
    return ledger._query(
        "SELECT coalesce(sum(t.amount), 0) FROM transactions t "
        "JOIN accounts a ON a.id = t.account_id "
        "WHERE a.reserve = 1 AND t.transfer_id IS NOT NULL AND t.amount > 0 "
        "AND t.date BETWEEN ? AND ? AND NOT EXISTS ("
        "  SELECT 1 FROM transactions o JOIN accounts oa ON oa.id = o.account_id "
        "  WHERE o.transfer_id = t.transfer_id AND o.id != t.id AND oa.reserve = 1)",
        [start.isoformat(), end.isoformat()])[0][0]


def income_dates(ledger: Ledger, category_id: int, start: date, end: date) -> list[date]:
    """Dates of income rows in one category (e.g. Salary) over a date range, oldest first."""
    rows = ledger._query(
        "SELECT DISTINCT date FROM transactions WHERE category_id = ? AND amount > 0 "
        "AND date BETWEEN ? AND ? ORDER BY date",
        [category_id, start.isoformat(), end.isoformat()])
    return [date.fromisoformat(row[0]) for row in rows]
