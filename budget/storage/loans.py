"""Loans, their stored schedules and payments, and recurring bills: all their SQL."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from budget.domain.bills import Bill
from budget.domain.loans import Installment, LoanTerms, Method
from budget.domain.repayment import Payment
from budget.storage.ledger import Ledger, LedgerError

_LOAN_COLUMNS = """id, name, lender, phones, principal, currency, start, annual_rate, daily_rate,
    periods, method, due_day, first_due, grace_days, penalty_multiplier, late_fee, lead_days,
    penalty_from_due_date, account_id, archived, closed_on"""
_BILL_COLUMNS = """id, name, amount, frequency, day, start, lead_days, account_id, category_id,
    archived"""


@dataclass(frozen=True)
class StoredLoan:
    """A loan as saved: its terms, who lent it, and its schedule."""

    id: int
    name: str
    lender: str
    phones: tuple[str, ...]
    currency: str
    terms: LoanTerms
    account_id: int | None
    archived: bool
    closed_on: date | None = None
    """The day a payment settled it; None while open. A cache: payments are the truth."""
    schedule: tuple[Installment, ...] = ()
    payments: tuple[Payment, ...] = ()


@dataclass(frozen=True)
class StoredBill:
    """A recurring bill and the occurrences already paid."""

    id: int
    name: str
    amount: int
    frequency: str
    day: int | None
    start: date
    lead_days: int
    account_id: int | None
    category_id: int | None
    archived: bool
    paid: dict[date, int] = field(default_factory=dict)

    def to_domain(self) -> Bill:
        """The domain's Bill, which knows when this one falls due."""
        return Bill(name=self.name, amount=self.amount, frequency=self.frequency, day=self.day,
                    start=self.start, lead_days=self.lead_days)


class LoanBook:
    """All SQL for loans and bills; writes share the Ledger's transactions and lock."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    # -- loans ----------------------------------------------------------------------

    def add_loan(self, *, name: str, terms: LoanTerms, schedule: list[Installment],
                 lender: str = "", phones: list[str] | None = None, currency: str = "CNY",
                 account_id: int | None = None, now: datetime | None = None) -> StoredLoan:
        created = (now or datetime.now()).isoformat(timespec="seconds")
        with self.ledger.atomic() as conn:
            try:
                cursor = conn.execute(
                    f"INSERT INTO loans ({_LOAN_COLUMNS.replace('id, ', '', 1)}, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [name.strip(), lender.strip(), json.dumps(phones or [], ensure_ascii=False),
                     terms.principal, currency, terms.start.isoformat(),
                     _text(terms.annual_rate), _text(terms.daily_rate), terms.periods,
                     str(terms.method), terms.due_day,
                     terms.first_due.isoformat() if terms.first_due else None,
                     terms.grace_days, str(terms.penalty_multiplier), terms.late_fee,
                     terms.lead_days, int(terms.penalty_from_due_date), account_id, 0, None,
                     created])
            except sqlite3.IntegrityError as error:
                if "UNIQUE" in str(error):
                    raise LedgerError(f"a loan named '{name.strip()}' already exists") from error
                raise LedgerError(f"the loan was not saved: {error}") from error
            loan_id = cursor.lastrowid
            conn.executemany(
                "INSERT INTO installments (loan_id, number, due_date, principal, interest) "
                "VALUES (?, ?, ?, ?, ?)",
                [(loan_id, row.number, row.due_date.isoformat(), row.principal, row.interest)
                 for row in schedule])
        return self.loan(loan_id)

    def loans(self, *, include_archived: bool = False,
              open_on: date | None = None) -> list[StoredLoan]:
        """Every loan with its schedule and payments, in three queries whatever the count.

        `open_on` leaves out loans already settled on or before that day.
        """
        clauses = [] if include_archived else ["archived = 0"]
        if open_on is not None:
            clauses.append(f"(closed_on IS NULL OR closed_on > '{open_on.isoformat()}')")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.ledger._query(f"SELECT {_LOAN_COLUMNS} FROM loans {where} ORDER BY id")
        schedules: dict[int, list[Installment]] = {}
        for loan_id, number, due, principal, interest in self.ledger._query(
                "SELECT loan_id, number, due_date, principal, interest FROM installments "
                "ORDER BY loan_id, number"):
            schedules.setdefault(loan_id, []).append(
                Installment(number, date.fromisoformat(due), principal, interest))
        payments: dict[int, list[Payment]] = {}
        for loan_id, paid_on, amount in self.ledger._query(
                "SELECT loan_id, paid_on, amount FROM loan_payments ORDER BY loan_id, paid_on, id"):
            payments.setdefault(loan_id, []).append(Payment(date.fromisoformat(paid_on), amount))
        return [_loan(row, schedules.get(row[0], []), payments.get(row[0], [])) for row in rows]

    def loan(self, loan_id: int) -> StoredLoan:
        rows = self.ledger._query(f"SELECT {_LOAN_COLUMNS} FROM loans WHERE id = ?", [loan_id])
        if not rows:
            raise LedgerError(f"no loan with id {loan_id}")
        schedule = [Installment(n, date.fromisoformat(d), p, i) for n, d, p, i in
                    self.ledger._query("SELECT number, due_date, principal, interest FROM "
                                       "installments WHERE loan_id = ? ORDER BY number",
                                       [loan_id])]
        payments = [Payment(date.fromisoformat(d), a) for d, a in self.ledger._query(
            "SELECT paid_on, amount FROM loan_payments WHERE loan_id = ? ORDER BY paid_on, id",
            [loan_id])]
        return _loan(rows[0], schedule, payments)

    def record_payment(self, loan_id: int, *, paid_on: date, amount: int,
                       account_id: int | None, ledger_rows: list[dict], note: str = "",
                       now: datetime | None = None) -> int:
        """Save a payment and the ledger rows it creates, all in one transaction."""
        created = (now or datetime.now()).isoformat(timespec="seconds")
        with self.ledger.atomic() as conn:
            payment_id = conn.execute(
                "INSERT INTO loan_payments (loan_id, paid_on, amount, account_id, note, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [loan_id, paid_on.isoformat(), amount, account_id, note, created]).lastrowid
            for row in ledger_rows:
                tx = self.ledger.add_transaction(now=now, **row)
                conn.execute("UPDATE transactions SET loan_payment_id = ? WHERE id = ?",
                             [payment_id, tx.id])
        return payment_id

    def mark_closed(self, loan_id: int, closed_on: date | None) -> None:
        with self.ledger.atomic() as conn:
            conn.execute("UPDATE loans SET closed_on = ? WHERE id = ?",
                         [closed_on.isoformat() if closed_on else None, loan_id])

    # -- bills ----------------------------------------------------------------------

    def add_bill(self, *, name: str, amount: int, frequency: str, day: int | None, start: date,
                 lead_days: int = 3, account_id: int | None = None,
                 category_id: int | None = None, now: datetime | None = None) -> StoredBill:
        created = (now or datetime.now()).isoformat(timespec="seconds")
        with self.ledger.atomic() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO bills (name, amount, frequency, day, start, lead_days, "
                    "account_id, category_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [name.strip(), amount, frequency, day, start.isoformat(), lead_days,
                     account_id, category_id, created])
            except sqlite3.IntegrityError as error:
                if "UNIQUE" in str(error):
                    raise LedgerError(f"a bill named '{name.strip()}' already exists") from error
                raise LedgerError(f"the bill was not saved: {error}") from error
        return self.bill(cursor.lastrowid)

    def bills(self, *, include_archived: bool = False) -> list[StoredBill]:
        where = "" if include_archived else "WHERE archived = 0"
        paid: dict[int, dict[date, int]] = {}
        for bill_id, due, amount in self.ledger._query(
                "SELECT bill_id, due_date, amount FROM bill_payments"):
            paid.setdefault(bill_id, {})[date.fromisoformat(due)] = amount
        return [_bill(row, paid.get(row[0], {})) for row in
                self.ledger._query(f"SELECT {_BILL_COLUMNS} FROM bills {where} ORDER BY id")]

    def bill(self, bill_id: int) -> StoredBill:
        rows = self.ledger._query(f"SELECT {_BILL_COLUMNS} FROM bills WHERE id = ?", [bill_id])
        if not rows:
            raise LedgerError(f"no bill with id {bill_id}")
        paid = {date.fromisoformat(d): a for d, a in self.ledger._query(
            "SELECT due_date, amount FROM bill_payments WHERE bill_id = ?", [bill_id])}
        return _bill(rows[0], paid)

    def record_bill_payment(self, bill_id: int, *, due_date: date, paid_on: date, amount: int,
                            ledger_row: dict, now: datetime | None = None) -> int:
        """Mark one occurrence paid and post its ledger transaction, together."""
        with self.ledger.atomic() as conn:
            tx = self.ledger.add_transaction(now=now, **ledger_row)
            try:
                return conn.execute(
                    "INSERT INTO bill_payments (bill_id, due_date, paid_on, amount, "
                    "transaction_id) VALUES (?, ?, ?, ?, ?)",
                    [bill_id, due_date.isoformat(), paid_on.isoformat(), amount,
                     tx.id]).lastrowid
            except sqlite3.IntegrityError as error:
                raise LedgerError(
                    f"the bill due on {due_date.isoformat()} is already paid") from error


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _loan(row: tuple, schedule: list[Installment], payments: list[Payment]) -> StoredLoan:
    (loan_id, name, lender, phones, principal, currency, start, annual, daily, periods, method,
     due_day, first_due, grace, multiplier, late_fee, lead, from_due, account_id,
     archived, closed_on) = row
    terms = LoanTerms(principal=principal, periods=periods, method=Method(method),
                      start=date.fromisoformat(start), annual_rate=_decimal(annual),
                      daily_rate=_decimal(daily), due_day=due_day,
                      first_due=date.fromisoformat(first_due) if first_due else None,
                      grace_days=grace, penalty_multiplier=Decimal(multiplier),
                      late_fee=late_fee, lead_days=lead, penalty_from_due_date=bool(from_due))
    return StoredLoan(id=loan_id, name=name, lender=lender, phones=tuple(json.loads(phones)),
                      currency=currency, terms=terms, account_id=account_id,
                      archived=bool(archived),
                      closed_on=date.fromisoformat(closed_on) if closed_on else None,
                      schedule=tuple(schedule),
                      payments=tuple(payments))


def _bill(row: tuple, paid: dict[date, int]) -> StoredBill:
    (bill_id, name, amount, frequency, day, start, lead, account_id, category_id,
     archived) = row
    return StoredBill(id=bill_id, name=name, amount=amount, frequency=frequency, day=day,
                      start=date.fromisoformat(start), lead_days=lead, account_id=account_id,
                      category_id=category_id, archived=bool(archived), paid=paid)
