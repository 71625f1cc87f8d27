"""Loans, their schedules, payments and restructures, and recurring bills: all their SQL."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from budget.domain.bills import Bill
from budget.domain.dates import LATEST_DUE
from budget.domain.engine import Restructure
from budget.domain.loans import Installment, LoanTerms, Method
from budget.domain.repayment import Payment
from budget.domain.text import clean_line
from budget.i18n import _
from budget.storage.ledger import Ledger, LedgerError, _dicts, plain
from budget.storage.stored_dates import DateProblem, DateReader

_LOAN_COLUMNS = """id, name, lender, phones, principal, currency, start, annual_rate, daily_rate,
    periods, method, due_day, first_due, grace_days, penalty_multiplier, late_fee, lead_days,
    penalty_from_due_date, account_id, archived, closed_on, prepayment, full_period_interest,
    prepayment_fee_rate, into_account_id"""
_BILL_COLUMNS = """id, name, amount, frequency, day, start, lead_days, account_id, category_id,
    archived, interval"""
_RESTRUCTURE_COLUMNS = """loan_id, on_date, method, annual_rate, daily_rate, periods, first_due,
    due_day, principal, waived_penalty, waived_interest, ref, id, created_at"""
# What can change on a loan at any time, and what only while no payment is recorded.
LOAN_SETTINGS = frozenset({"name", "lender", "phones", "account_id", "grace_days",
                           "penalty_multiplier", "late_fee", "lead_days",
                           "penalty_from_due_date", "prepayment", "full_period_interest",
                           "prepayment_fee_rate", "archived"})
WAIVER = "waiver"
"""The method stored for an agreement that only waives penalty or interest."""
BILL_FIELDS = frozenset({"name", "amount", "frequency", "day", "start", "lead_days",
                         "account_id", "category_id", "archived", "interval"})


class PaymentsRecorded(LedgerError):
    """The loan's terms (or the loan) cannot change: payments are recorded on it."""


class EvidenceRecorded(LedgerError):
    """The loan cannot be deleted: collection evidence refers to it, and is kept for good."""


class ContactsRecorded(LedgerError):
    """The loan is not deleted without its owner's word: talks with the lender are
    recorded on it (`with_contacts` deletes them too)."""


@dataclass(frozen=True)
class StoredLoan:
    """A loan as saved: its terms, who lent it, its schedule, payments and restructures."""

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
    restructures: tuple[Restructure, ...] = ()
    into_account_id: int | None = None
    """The account the borrowed money went into, if the loan was drawn into one."""
    date_problem: DateProblem | None = None
    """A stored date no schedule can be computed from; the loan is left out of figures."""


@dataclass(frozen=True)
class PaymentRecord:
    """A stored loan payment as the payments list shows it (amounts in minor units)."""

    id: int
    paid_on: date
    amount: int
    account: str | None
    history: bool
    """Recorded for the loan's history: it moved no account balance."""
    note: str


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
    interval: int = 1
    date_problem: DateProblem | None = None
    """A start outside the accepted dates; the bill is left out of lists and figures."""

    def to_domain(self) -> Bill:
        """The domain's Bill, which knows when this one falls due."""
        return Bill(name=self.name, amount=self.amount, frequency=self.frequency, day=self.day,
                    start=self.start, lead_days=self.lead_days, interval=self.interval)


class LoanBook:
    """All SQL for loans and bills; writes share the Ledger's transactions and lock."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    # -- loans ----------------------------------------------------------------------

    def add_loan(self, *, name: str, terms: LoanTerms, schedule: list[Installment],
                 lender: str = "", phones: list[str] | None = None, currency: str = "CNY",
                 account_id: int | None = None, into_account_id: int | None = None,
                 history: list[Payment] | None = None,
                 now: datetime | None = None) -> StoredLoan:
        """Save a loan, its schedule, the payments of its history and, with
        `into_account_id`, the row that brought the money into that account: all or none."""
        created = (now or datetime.now()).isoformat(timespec="seconds")
        with self.ledger.atomic() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO loans (name, lender, phones, principal, currency, start, "
                    "annual_rate, daily_rate, periods, method, due_day, first_due, grace_days, "
                    "penalty_multiplier, late_fee, lead_days, penalty_from_due_date, "
                    "account_id, prepayment, full_period_interest, prepayment_fee_rate, "
                    "into_account_id, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [plain(name, "name"), plain(lender, "lender"),
                     json.dumps([plain(phone, "phone") for phone in phones or ()],
                                ensure_ascii=False),
                     terms.principal, currency, terms.start.isoformat(),
                     _text(terms.annual_rate), _text(terms.daily_rate), terms.periods,
                     str(terms.method), terms.due_day, _iso(terms.first_due),
                     terms.grace_days, str(terms.penalty_multiplier), terms.late_fee,
                     terms.lead_days, int(terms.penalty_from_due_date), account_id,
                     str(terms.prepayment), int(terms.full_period_interest),
                     str(terms.prepayment_fee), into_account_id, created])
            except sqlite3.IntegrityError as error:
                if "UNIQUE" in str(error):
                    raise LedgerError(_("a loan named '{name}' already exists").format(
                        name=name.strip())) from error
                raise LedgerError(_("the loan was not saved: {reason}").format(
                    reason=error)) from error
            loan_id = cursor.lastrowid
            self._write_schedule(conn, loan_id, schedule)
            conn.executemany(
                "INSERT INTO loan_payments (loan_id, paid_on, amount, account_id, note, history, "
                "created_at) VALUES (?, ?, ?, NULL, '', 1, ?)",
                [(loan_id, payment.paid_on.isoformat(), payment.amount, created)
                 for payment in history or ()])
            if into_account_id is not None:
                self._write_draw(conn, loan_id, plain(name, "name"), terms, into_account_id,
                                 created)
        return self.loan(loan_id)

    def _write_schedule(self, conn: sqlite3.Connection, loan_id: int,
                        schedule: list[Installment]) -> None:
        conn.execute("DELETE FROM installments WHERE loan_id = ?", [loan_id])
        conn.executemany(
            "INSERT INTO installments (loan_id, number, due_date, principal, interest) "
            "VALUES (?, ?, ?, ?, ?)",
            [(loan_id, row.number, row.due_date.isoformat(), row.principal, row.interest)
             for row in schedule])

    def _write_draw(self, conn: sqlite3.Connection, loan_id: int, name: str, terms: LoanTerms,
                    account_id: int, created: str) -> None:
        # A transfer id of its own keeps the row out of income and expenses (a one-legged
        # transfer from the lender); loan_id ties it to the loan so it changes only with it.
        transfer_id = conn.execute(
            "SELECT coalesce(max(transfer_id), 0) + 1 FROM transactions").fetchone()[0]
        conn.execute(
            "INSERT INTO transactions (date, amount, account_id, category_id, payee, note, "
            "transfer_id, created_at, loan_id) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)",
            [terms.start.isoformat(), terms.principal, account_id, name, "", transfer_id,
             created, loan_id])

    def update_loan(self, loan_id: int, fields: dict, *, terms: LoanTerms | None = None,
                    schedule: list[Installment] | None = None) -> StoredLoan:
        """Change a loan's settings (LOAN_SETTINGS); with `terms` and `schedule`, its terms too,
        which is refused once a payment is recorded. The money drawn into an account follows
        a changed principal or draw date."""
        unknown = set(fields) - LOAN_SETTINGS
        if unknown:
            raise LedgerError(f"cannot change {', '.join(sorted(unknown))} of a loan")
        values = {key: _column_value(key, value) for key, value in fields.items()}
        if terms is not None:
            values.update(principal=terms.principal, start=terms.start.isoformat(),
                          annual_rate=_text(terms.annual_rate),
                          daily_rate=_text(terms.daily_rate), periods=terms.periods,
                          method=str(terms.method), due_day=terms.due_day,
                          first_due=_iso(terms.first_due))
        with self.ledger.atomic() as conn:
            if terms is not None and conn.execute(
                    "SELECT 1 FROM loan_payments WHERE loan_id = ? LIMIT 1", [loan_id]).fetchone():
                raise PaymentsRecorded(_("payments are recorded on this loan"))
            if values:
                assignments = ", ".join(f"{column} = ?" for column in values)
                try:
                    conn.execute(f"UPDATE loans SET {assignments} WHERE id = ?",
                                 [*values.values(), loan_id])
                except sqlite3.IntegrityError as error:
                    if "UNIQUE" in str(error):
                        raise LedgerError(_("a loan named '{name}' already exists").format(
                            name=fields.get("name", ""))) from error
                    raise LedgerError(_("the loan was not saved: {reason}").format(
                        reason=error)) from error
            if schedule is not None:
                self._write_schedule(conn, loan_id, schedule)
            if terms is not None:
                conn.execute("UPDATE transactions SET date = ?, amount = ? WHERE loan_id = ?",
                             [terms.start.isoformat(), terms.principal, loan_id])
            if "name" in fields:
                conn.execute("UPDATE transactions SET payee = ? WHERE loan_id = ?",
                             [plain(fields["name"], "name"), loan_id])
        return self.loan(loan_id)

    def delete_loan(self, loan_id: int, *, with_contacts: bool = False) -> None:
        """Delete a loan nothing refers to: no payment that moved money, no talk with the
        lender recorded (unless `with_contacts`: they go too). Its schedule, its history
        payments and the row that brought its money in go with it. LedgerError says what
        blocks it: "payments", "contacts" or "evidence" is in its text."""
        with self.ledger.atomic() as conn:
            if conn.execute("SELECT 1 FROM loan_payments WHERE loan_id = ? AND history = 0 "
                            "LIMIT 1", [loan_id]).fetchone():
                raise PaymentsRecorded(_("payments are recorded on this loan"))
            # The record of talks with the lender is the user's own; never lost silently.
            if not with_contacts and conn.execute(
                    "SELECT 1 FROM lender_contacts WHERE loan_id = ? LIMIT 1",
                    [loan_id]).fetchone():
                raise ContactsRecorded(_("talks with the lender are recorded on this loan"))
            conn.execute("DELETE FROM lender_contacts WHERE loan_id = ?", [loan_id])
            conn.execute("DELETE FROM transactions WHERE loan_id = ?", [loan_id])
            conn.execute("DELETE FROM loan_payments WHERE loan_id = ?", [loan_id])
            try:
                conn.execute("DELETE FROM loans WHERE id = ?", [loan_id])
            except sqlite3.IntegrityError as error:
                # Evidence of collection refers to its loan and is never deleted.
                raise EvidenceRecorded(_("evidence is recorded on this loan")) from error

    def loans(self, *, include_archived: bool = False, open_on: date | None = None,
              include_unusable: bool = False) -> list[StoredLoan]:
        """Every loan with its schedule, payments and restructures, in four queries whatever
        the count. `open_on` leaves out loans already settled on or before that day.

        A loan with a date outside the accepted range (`date_problem`) is left out, and
        noted in `Ledger.date_problems` for the user, unless `include_unusable` (to edit or
        delete it).
        """
        clauses, params = ([] if include_archived else ["archived = 0"]), []
        if open_on is not None:
            clauses.append("(closed_on IS NULL OR closed_on > ?)")
            params.append(open_on.isoformat())
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.ledger._query(f"SELECT {_LOAN_COLUMNS} FROM loans {where} ORDER BY id",
                                  params)
        schedules: dict[int, list[tuple]] = {}
        for loan_id, *installment in self.ledger._query(
                "SELECT loan_id, number, due_date, principal, interest FROM installments "
                "ORDER BY loan_id, number"):
            schedules.setdefault(loan_id, []).append(installment)
        payments: dict[int, list[tuple]] = {}
        for loan_id, *payment in self.ledger._query(
                "SELECT loan_id, paid_on, amount, id, created_at FROM loan_payments "
                "ORDER BY loan_id, paid_on, id"):
            payments.setdefault(loan_id, []).append(payment)
        restructures: dict[int, list[tuple]] = {}
        for row in self.ledger._query(f"SELECT {_RESTRUCTURE_COLUMNS} FROM loan_restructures "
                                      "ORDER BY loan_id, on_date"):
            restructures.setdefault(row[0], []).append(row)
        loans = [_loan(row, schedules.get(row[0], []), payments.get(row[0], []),
                       restructures.get(row[0], [])) for row in rows]
        return loans if include_unusable else self._usable(loans)

    def _usable(self, items: list) -> list:
        for item in items:
            if item.date_problem is not None:
                self.ledger.date_problems[item.date_problem.key] = item.date_problem
        return [item for item in items if item.date_problem is None]

    def loan(self, loan_id: int) -> StoredLoan:
        """One loan by id, usable or not (see `StoredLoan.date_problem`)."""
        rows = self.ledger._query(f"SELECT {_LOAN_COLUMNS} FROM loans WHERE id = ?", [loan_id])
        if not rows:
            raise LedgerError(f"no loan with id {loan_id}")
        schedule = self.ledger._query("SELECT number, due_date, principal, interest FROM "
                                      "installments WHERE loan_id = ? ORDER BY number", [loan_id])
        payments = self.ledger._query("SELECT paid_on, amount, id, created_at FROM loan_payments "
                                      "WHERE loan_id = ? ORDER BY paid_on, id", [loan_id])
        restructures = self.ledger._query(
            f"SELECT {_RESTRUCTURE_COLUMNS} FROM loan_restructures WHERE loan_id = ? "
            "ORDER BY on_date", [loan_id])
        return _loan(rows[0], schedule, payments, restructures)

    # -- payments -------------------------------------------------------------------

    def record_payment(self, loan_id: int, *, paid_on: date, amount: int,
                       account_id: int | None, ledger_rows: list[dict], note: str = "",
                       now: datetime | None = None) -> int:
        """Save a payment and the ledger rows it creates, all in one transaction."""
        # To the microsecond: it orders a payment and an agreement of the same day.
        created = (now or datetime.now()).isoformat(timespec="microseconds")
        with self.ledger.atomic() as conn:
            payment_id = conn.execute(
                "INSERT INTO loan_payments (loan_id, paid_on, amount, account_id, note, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [loan_id, paid_on.isoformat(), amount, account_id, plain(note, "note"),
                 created]).lastrowid
            self.record_rows(payment_id, ledger_rows, now)
        return payment_id

    def payment_rows(self, loan_id: int) -> list[tuple[int, int, int | None, int]]:
        """The ledger rows the loan's payments posted: (row id, payment id, category id or
        None for a principal move, amount)."""
        return self.ledger._query(
            "SELECT t.id, t.loan_payment_id, t.category_id, t.amount FROM transactions t "
            "JOIN loan_payments p ON p.id = t.loan_payment_id WHERE p.loan_id = ? "
            "ORDER BY t.id", [loan_id])

    def payment_sources(self, loan_id: int) -> dict[int, tuple[int | None, date, bool]]:
        """Each payment's (account id, date, history flag), by payment id."""
        return {payment_id: (account_id, date.fromisoformat(paid_on), bool(history))
                for payment_id, account_id, paid_on, history in self.ledger._query(
                    "SELECT id, account_id, paid_on, history FROM loan_payments "
                    "WHERE loan_id = ?", [loan_id])}

    def set_row_amount(self, row_id: int, amount: int) -> None:
        """Change what a loan payment's ledger row says (the balance triggers follow)."""
        with self.ledger.atomic() as conn:
            conn.execute("UPDATE transactions SET amount = ? WHERE id = ?", [amount, row_id])

    def delete_row(self, row_id: int) -> None:
        with self.ledger.atomic() as conn:
            conn.execute("DELETE FROM transactions WHERE id = ?", [row_id])

    def add_payment_row(self, payment_id: int, row: dict, now: datetime | None = None) -> None:
        """Post one more ledger row for a payment (a part it did not pay for before)."""
        self.record_rows(payment_id, [row], now)

    def record_rows(self, payment_id: int, ledger_rows: list[dict],
                    now: datetime | None = None) -> None:
        with self.ledger.atomic() as conn:
            for row in ledger_rows:
                row = dict(row)
                if row.pop("transfer", False):
                    # A one-legged transfer back to the lender: neither income nor expense.
                    row["transfer_id"] = conn.execute(
                        "SELECT coalesce(max(transfer_id), 0) + 1 FROM transactions").fetchone()[0]
                tx = self.ledger.add_transaction(now=now, **row)
                conn.execute("UPDATE transactions SET loan_payment_id = ? WHERE id = ?",
                             [payment_id, tx.id])

    def payment_records(self, loan_id: int) -> list[PaymentRecord]:
        """The loan's payments, oldest first, with the account each came from."""
        return [PaymentRecord(payment_id, date.fromisoformat(paid_on), amount,
                              clean_line(account) if account else account, bool(history),
                              clean_line(note))
                for payment_id, paid_on, amount, account, history, note in self.ledger._query(
                    "SELECT p.id, p.paid_on, p.amount, a.name, p.history, p.note "
                    "FROM loan_payments p LEFT JOIN accounts a ON a.id = p.account_id "
                    "WHERE p.loan_id = ? ORDER BY p.paid_on, p.id", [loan_id])]

    def delete_payment(self, loan_id: int, payment_id: int) -> dict:
        """Delete a payment and its ledger rows together; return what `restore_payment`
        needs to put them back."""
        with self.ledger.atomic() as conn:
            payments = _dicts(conn, "SELECT * FROM loan_payments WHERE id = ? AND loan_id = ?",
                              [payment_id, loan_id])
            if not payments:
                raise LedgerError(f"no payment {payment_id} on this loan")
            rows = _dicts(conn, "SELECT * FROM transactions WHERE loan_payment_id = ?",
                          [payment_id])
            conn.execute("DELETE FROM transactions WHERE loan_payment_id = ?", [payment_id])
            conn.execute("DELETE FROM loan_payments WHERE id = ?", [payment_id])
            conn.execute("UPDATE loans SET closed_on = NULL WHERE id = ?", [loan_id])
        return {"payment": payments[0], "transactions": rows}

    def restore_payment(self, deleted: dict, closed_on: date | None = None) -> None:
        """Undo `delete_payment`: the payment and its ledger rows return with their ids."""
        with self.ledger.atomic() as conn:
            payment = deleted["payment"]
            conn.execute(f"INSERT INTO loan_payments ({', '.join(payment)}) VALUES "
                         f"({', '.join(':' + column for column in payment)})", payment)
            self.ledger.restore_transactions(deleted["transactions"])
            conn.execute("UPDATE loans SET closed_on = ? WHERE id = ?",
                         [_iso(closed_on), payment["loan_id"]])

    def mark_closed(self, loan_id: int, closed_on: date | None) -> None:
        with self.ledger.atomic() as conn:
            conn.execute("UPDATE loans SET closed_on = ? WHERE id = ?",
                         [_iso(closed_on), loan_id])

    # -- restructures ---------------------------------------------------------------

    def add_restructure(self, loan_id: int, event: Restructure,
                        now: datetime | None = None) -> None:
        """Save an agreement from `event.on`: a new plan for the unpaid rest of a loan, or
        (without terms) a waiver alone, stored with method 'waiver'."""
        terms = event.terms
        created = (now or datetime.now()).isoformat(timespec="microseconds")
        if terms is None:
            values = ["waiver", None, None, 1, None, None,
                      event.waived_penalty + event.waived_interest]
        else:
            values = [str(terms.method), _text(terms.annual_rate), _text(terms.daily_rate),
                      terms.periods, _iso(terms.first_due), terms.due_day, terms.principal]
        with self.ledger.atomic() as conn:
            try:
                conn.execute(
                    "INSERT INTO loan_restructures (loan_id, on_date, method, annual_rate, "
                    "daily_rate, periods, first_due, due_day, principal, waived_penalty, "
                    "waived_interest, ref, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [loan_id, event.on.isoformat(), *values, event.waived_penalty,
                     event.waived_interest, plain(event.ref, "ref"), created])
            except sqlite3.IntegrityError as error:
                raise LedgerError(_("the loan is already restructured on {day}").format(
                    day=event.on.isoformat())) from error
            conn.execute("UPDATE loans SET closed_on = NULL WHERE id = ?", [loan_id])

    def delete_restructure(self, loan_id: int, on: date) -> None:
        with self.ledger.atomic() as conn:
            conn.execute("DELETE FROM loan_restructures WHERE loan_id = ? AND on_date = ?",
                         [loan_id, on.isoformat()])
            conn.execute("UPDATE loans SET closed_on = NULL WHERE id = ?", [loan_id])

    # -- bills ----------------------------------------------------------------------

    def add_bill(self, *, name: str, amount: int, frequency: str, day: int | None, start: date,
                 lead_days: int = 3, account_id: int | None = None,
                 category_id: int | None = None, interval: int = 1,
                 now: datetime | None = None) -> StoredBill:
        created = (now or datetime.now()).isoformat(timespec="seconds")
        with self.ledger.atomic() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO bills (name, amount, frequency, day, start, lead_days, "
                    "account_id, category_id, interval, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [plain(name, "name"), amount, frequency, day, start.isoformat(), lead_days,
                     account_id, category_id, interval, created])
            except sqlite3.IntegrityError as error:
                if "UNIQUE" in str(error):
                    raise LedgerError(_("a bill named '{name}' already exists").format(
                        name=name.strip())) from error
                raise LedgerError(_("the bill was not saved: {reason}").format(
                    reason=error)) from error
        return self.bill(cursor.lastrowid)

    def update_bill(self, bill_id: int, fields: dict) -> StoredBill:
        """Change a bill's name, amount, schedule, accounts or archived flag."""
        unknown = set(fields) - BILL_FIELDS
        if unknown:
            raise LedgerError(f"cannot change {', '.join(sorted(unknown))} of a bill")
        values = {key: _column_value(key, value) for key, value in fields.items()}
        if values:
            with self.ledger.atomic() as conn:
                try:
                    conn.execute(f"UPDATE bills SET {', '.join(f'{c} = ?' for c in values)} "
                                 "WHERE id = ?", [*values.values(), bill_id])
                except sqlite3.IntegrityError as error:
                    if "UNIQUE" in str(error):
                        raise LedgerError(_("a bill named '{name}' already exists").format(
                            name=fields.get("name", ""))) from error
                    raise LedgerError(_("the bill was not saved: {reason}").format(
                        reason=error)) from error
        return self.bill(bill_id)

    def delete_bill(self, bill_id: int) -> None:
        """Delete a bill never paid; one with payments is archived instead."""
        with self.ledger.atomic() as conn:
            if conn.execute("SELECT 1 FROM bill_payments WHERE bill_id = ? LIMIT 1",
                            [bill_id]).fetchone():
                raise LedgerError(_("payments are recorded on this bill"))
            conn.execute("DELETE FROM bills WHERE id = ?", [bill_id])

    def bills(self, *, include_archived: bool = False,
              include_unusable: bool = False) -> list[StoredBill]:
        """Bills with the occurrences paid; one whose start is outside the accepted dates is
        left out (and noted in `Ledger.date_problems`) unless `include_unusable`."""
        where = "" if include_archived else "WHERE archived = 0"
        paid: dict[int, list[tuple[str, int]]] = {}
        for bill_id, due, amount in self.ledger._query(
                "SELECT bill_id, due_date, amount FROM bill_payments"):
            paid.setdefault(bill_id, []).append((due, amount))
        bills = [_bill(row, paid.get(row[0], [])) for row in
                 self.ledger._query(f"SELECT {_BILL_COLUMNS} FROM bills {where} ORDER BY id")]
        return bills if include_unusable else self._usable(bills)

    def bill(self, bill_id: int) -> StoredBill:
        """One bill by id, usable or not (see `StoredBill.date_problem`)."""
        rows = self.ledger._query(f"SELECT {_BILL_COLUMNS} FROM bills WHERE id = ?", [bill_id])
        if not rows:
            raise LedgerError(f"no bill with id {bill_id}")
        paid = self.ledger._query("SELECT due_date, amount FROM bill_payments WHERE bill_id = ?",
                                  [bill_id])
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
                raise LedgerError(_("the bill due on {day} is already paid").format(
                    day=due_date.isoformat())) from error


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _column_value(key: str, value):
    if key == "phones":
        return json.dumps([plain(phone, "phone") for phone in value], ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and key in ("name", "lender"):
        return plain(value, key)
    return str(value) if key == "prepayment" else value


def _loan(row: tuple, schedule: list[tuple], payments: list[tuple],
          restructures: list[tuple]) -> StoredLoan:
    (loan_id, name, lender, phones, principal, currency, start, annual, daily, periods, method,
     due_day, first_due, grace, multiplier, late_fee, lead, from_due, account_id,
     archived, closed_on, prepayment, full_period, fee, into_account_id) = row
    day = DateReader("loan", loan_id, clean_line(name))
    terms = LoanTerms(principal=principal, periods=periods, method=Method(method),
                      start=day(start, "start"), annual_rate=_decimal(annual),
                      daily_rate=_decimal(daily), due_day=due_day,
                      first_due=day.optional(first_due, "first_due"),
                      grace_days=grace, penalty_multiplier=Decimal(multiplier),
                      late_fee=late_fee, lead_days=lead, penalty_from_due_date=bool(from_due),
                      prepayment=prepayment, full_period_interest=bool(full_period),
                      prepayment_fee=Decimal(fee))
    installments = tuple(Installment(number, day(due, "installment", latest=LATEST_DUE,
                                                 number=number), part, interest)
                         for number, due, part, interest in schedule)
    paid = tuple(Payment(day(paid_on, "payment", number=payment_id), amount, payment_id,
                         recorded or "")
                 for paid_on, amount, payment_id, recorded in payments)
    events = tuple(_restructure(terms, stored, day) for stored in restructures)
    return StoredLoan(id=loan_id, name=clean_line(name), lender=clean_line(lender),
                      phones=tuple(clean_line(phone) for phone in json.loads(phones)),
                      currency=currency, terms=terms, account_id=account_id,
                      archived=bool(archived),
                      # A cache of the replay: a date that cannot be right is simply not used.
                      closed_on=_cached_day(closed_on),
                      schedule=installments, payments=paid, restructures=events,
                      into_account_id=into_account_id, date_problem=day.problem)


def _cached_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _restructure(loan: LoanTerms, row: tuple, day: DateReader) -> Restructure:
    """A stored restructure as the engine reads it: the new segment's terms keep the loan's
    own grace, penalty and reminder rules."""
    (_loan_id, on, method, annual, daily, periods, first_due, due_day, principal,
     waived_penalty, waived_interest, ref, _id, recorded) = row
    on = day(on, "restructure")
    if method == WAIVER:
        return Restructure(on=on, terms=None, waived_penalty=waived_penalty,
                           waived_interest=waived_interest, ref=ref, recorded=recorded or "")
    terms = replace(loan, principal=principal, periods=periods, method=Method(method), start=on,
                    annual_rate=_decimal(annual), daily_rate=_decimal(daily), due_day=due_day,
                    first_due=day.optional(first_due, "restructure"))
    return Restructure(on=on, terms=terms, waived_penalty=waived_penalty,
                       waived_interest=waived_interest, ref=ref, recorded=recorded or "")


def _bill(row: tuple, paid: list[tuple[str, int]]) -> StoredBill:
    (bill_id, name, amount, frequency, day, start, lead, account_id, category_id,
     archived, interval) = row
    dates = DateReader("bill", bill_id, clean_line(name))
    # Paid due dates are only looked up, never computed from: any date is harmless there.
    paid_dates = {dates(due, "paid", latest=None): amount for due, amount in paid}
    return StoredBill(id=bill_id, name=clean_line(name), amount=amount, frequency=frequency,
                      day=day, start=dates(start, "start"), lead_days=lead, account_id=account_id,
                      category_id=category_id, archived=bool(archived), paid=paid_dates,
                      interval=interval, date_problem=dates.problem)
