"""Exporting the ledger: CSV, JSON, an hledger journal or a beancount file."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from budget.domain.exports.entries import (
    Entry,
    ExportLoan,
    capitalised_entries,
    loan_liability_entries,
    opening_entry,
    row_entries,
    untracked_entries,
)
from budget.domain.exports.writers import Names, beancount_entry, hledger_entry
from budget.domain.money import to_decimal_string
from budget.i18n import _
from budget.l10n import os_reason
from budget.services.loans import INTEREST_CATEGORY, PRINCIPAL_CATEGORY, replay
from budget.storage import exports as store
from budget.storage.files import private_text_file
from budget.storage.ledger import Ledger
from budget.storage.loans import LoanBook

FORMATS = ("csv", "json", "hledger", "beancount")
CSV_COLUMNS = ["id", "date", "account", "amount", "currency", "kind", "category", "payee",
               "note", "transfer_id", "loan"]

class ExportProblem(ValueError):
    """An export that cannot be written; the message says why."""

@dataclass(frozen=True)
class ExportResult:
    """What was written: the file, how many ledger rows, and in which format."""

    path: Path
    rows: int
    format: str

def export(ledger: Ledger, fmt: str, path: str | Path, *, start: date | None = None,
           end: date | None = None, now: datetime | None = None) -> ExportResult:
    """Write the ledger between `start` and `end` (inclusive) to `path` in `fmt`.

    The file is 0600 and appears only when complete. Raises ExportProblem for dates in
    the wrong order or a file that cannot be written.
    """
    _check_range(start, end)
    try:
        with private_text_file(path, newline="" if fmt == "csv" else None) as handle:
            rows = export_to(ledger, fmt, handle, start=start, end=end, now=now)
    except OSError as error:
        raise ExportProblem(_("cannot write {path}: {reason}").format(
            path=path, reason=os_reason(error))) from error
    return ExportResult(Path(path), rows, fmt)


def export_to(ledger: Ledger, fmt: str, handle: TextIO, *, start: date | None = None,
              end: date | None = None, now: datetime | None = None) -> int:
    """Write the ledger in `fmt` to an open text stream (standard output for `-`); return
    how many ledger rows. ExportProblem for dates in the wrong order."""
    _check_range(start, end)
    writer = {"csv": _csv, "json": _json, "hledger": _hledger, "beancount": _beancount}[fmt]
    counter = _Counter()
    writer(ledger, handle, start, end, counter, now or datetime.now())
    return counter.rows


def _check_range(start: date | None, end: date | None) -> None:
    if start and end and start > end:
        raise ExportProblem(_("--from {start} is after --to {end}").format(start=start,
                                                                          end=end))

class _Counter:
    def __init__(self) -> None:
        self.rows = 0

    def counted(self, rows: Iterator) -> Iterator:
        for row in rows:
            self.rows += 1
            yield row

def _rows(ledger: Ledger, start, end, counter: _Counter):
    return counter.counted(store.export_rows(ledger, start, end, PRINCIPAL_CATEGORY))

def _lookups(ledger: Ledger, end=None) -> tuple[dict, dict]:
    # Balances as of the last day exported (every row without --to): they agree with the rows.
    accounts = {a.id: a for a in ledger.accounts(include_archived=True, as_of=end)}
    categories = {c.id: c for c in ledger.categories(include_archived=True)}
    return accounts, categories

def _kind(row, categories) -> str:
    if row.transfer_id is not None:
        return "transfer"
    category = categories.get(row.category_id)
    return str(category.kind) if category else ""

def _plain(row, accounts, categories) -> dict:
    category = categories.get(row.category_id)
    return {"id": row.id, "date": row.on.isoformat(), "account": accounts[row.account_id].name,
            "amount": to_decimal_string(row.amount, row.currency), "currency": row.currency,
            "kind": _kind(row, categories), "category": category.name if category else None,
            "payee": row.payee, "note": row.note, "transfer_id": row.transfer_id,
            "loan": row.loan}

def _csv(ledger, handle: TextIO, start, end, counter, now) -> None:
    accounts, categories = _lookups(ledger)
    writer = csv.DictWriter(handle, CSV_COLUMNS)
    writer.writeheader()
    for row in _rows(ledger, start, end, counter):
        writer.writerow(_plain(row, accounts, categories))

def _json(ledger, handle: TextIO, start, end, counter, now) -> None:
    accounts, categories = _lookups(ledger, end)
    # Written piece by piece: a million rows never sit in memory as one list.
    head = {"exported_at": now.isoformat(timespec="seconds"),
            "from": start.isoformat() if start else None, "to": end.isoformat() if end else None,
            "accounts": [{"name": a.name, "kind": str(a.kind), "currency": a.currency,
                          "opening_balance": to_decimal_string(a.opening_balance, a.currency),
                          "balance": to_decimal_string(a.balance, a.currency),
                          "archived": a.archived} for a in accounts.values()],
            "categories": [{"name": c.name, "kind": str(c.kind), "essential": c.essential}
                           for c in categories.values()]}
    handle.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2])
    handle.write(',\n "transactions": [')
    for index, row in enumerate(_rows(ledger, start, end, counter)):
        handle.write(("\n  " if index == 0 else ",\n  ")
                     + json.dumps(_plain(row, accounts, categories), ensure_ascii=False))
    handle.write("\n ]\n}\n")

def _entries(ledger: Ledger, start, end, counter) -> tuple[date, Iterator[Entry]]:
    first = start or store.first_date(ledger) or end or date.today()
    opening = opening_entry(first, store.balances_before(ledger, start))
    repaid = store.principal_repaid_before(ledger, start, PRINCIPAL_CATEGORY) if start else {}
    exported = _with_replay(ledger, store.export_loans(ledger, end))
    interest = next((("category", category.id) for category in
                     ledger.categories(include_archived=True)
                     if category.key == INTEREST_CATEGORY), ("category", None))
    loans = (loan_liability_entries(exported, repaid, start)
             + capitalised_entries(exported, interest, start, end)
             + untracked_entries(exported, start, end))

    def entries() -> Iterator[Entry]:
        if opening is not None:
            yield opening
        # Loan openings are dated on or after `first`, rows from `first`: merge by date.
        pending = sorted(loans, key=lambda entry: entry.on)
        for entry in row_entries(_rows(ledger, start, end, counter)):
            while pending and pending[0].on <= entry.on:
                yield pending.pop(0)
            yield entry
        yield from pending

    return first, entries()


def _with_replay(ledger: Ledger, loans: list[ExportLoan]) -> list[ExportLoan]:
    """The loans with what the engine knows and no account row shows: what each agreement
    with the lender added to what they owe, and the principal their history repaid."""
    history = store.history_payment_ids(ledger)
    stored = {loan.name: loan for loan in LoanBook(ledger).loans(include_archived=True)
              if loan.restructures or any(payment.id in history for payment in loan.payments)}
    result = []
    for loan in loans:
        found = stored.get(loan.name)
        if found is not None and found.date_problem is None:
            events = [event.on for event in found.restructures] + [
                payment.paid_on for payment in found.payments if payment.id in history]
            run, allocations = replay(found, max(events))
            untracked: dict[date, int] = {}
            for payment, split in zip(found.payments, allocations, strict=True):
                if payment.id in history and split is not None and split.principal:
                    untracked[payment.paid_on] = untracked.get(payment.paid_on, 0) + \
                        split.principal
            loan = replace(loan, capitalised=tuple(run.capitalised),
                           untracked=tuple(sorted(untracked.items())))
        result.append(loan)
    return result


def _names(ledger: Ledger, style: str) -> Names:
    accounts, categories = _lookups(ledger)
    return Names(style, {i: (a.name, str(a.kind)) for i, a in accounts.items()},
                 {i: (c.name, str(c.kind)) for i, c in categories.items()})

def _hledger(ledger, handle: TextIO, start, end, counter, now) -> None:
    names = _names(ledger, "hledger")
    currencies = {a.currency for a in ledger.accounts(include_archived=True)} or {"CNY"}
    handle.write(_("; budget export, {when}\n").format(when=now.isoformat(timespec="seconds")))
    for currency in sorted(currencies):
        # Declares the decimal mark: 1,000 would otherwise be ambiguous to hledger.
        handle.write(f"commodity {to_decimal_string(100000, currency)} {currency}\n")
    handle.write("\n")
    _first, entries = _entries(ledger, start, end, counter)
    for entry in entries:
        handle.write(hledger_entry(entry, names))
        handle.write("\n")

def _beancount(ledger, handle: TextIO, start, end, counter, now) -> None:
    names = _names(ledger, "beancount")
    accounts, categories = _lookups(ledger)
    currencies = sorted({a.currency for a in accounts.values()} or {"CNY"})
    handle.write(_("; budget export, {when}\n").format(when=now.isoformat(timespec="seconds")))
    handle.write('option "title" "budget"\n')
    handle.write(f'option "operating_currency" "{currencies[0]}"\n\n')
    first, entries = _entries(ledger, start, end, counter)
    # Every account is opened on the first day, before anything can post to it.
    keys = [("account", i) for i in accounts] + [("category", i) for i in categories]
    keys += [("category", None), ("equity", "opening")]
    keys += [("loan", loan.name) for loan in store.export_loans(ledger, end)]
    for key in keys:
        handle.write(f"{first.isoformat()} open {names(key)}\n")
    handle.write("\n")
    for entry in entries:
        handle.write(beancount_entry(entry, names))
        handle.write("\n")
