"""The ledger as balanced double-entry entries, the shape hledger and beancount share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from budget.i18n import _

# Keys of the accounts a posting goes to; each writer turns them into its own names.
# ("account", id) a budget account, ("category", id) an income or expense category,
# ("loan", name) what is still owed on a loan, ("equity", "opening") opening balances.
Key = tuple[str, object]
OPENING: Key = ("equity", "opening")


@dataclass(frozen=True)
class ExportRow:
    """One ledger row as the exports read it. `amount` is signed minor units.

    `loan` names the loan when the row is the principal part of a loan payment.
    """

    id: int
    on: date
    amount: int
    currency: str
    account_id: int
    category_id: int | None
    payee: str
    note: str
    transfer_id: int | None
    loan: str | None = None


@dataclass(frozen=True)
class Posting:
    """One line of an entry: signed minor units of `currency` to the account `key`."""

    key: Key
    amount: int
    currency: str


@dataclass(frozen=True)
class Entry:
    """A balanced transaction: its postings sum to zero per currency."""

    on: date
    payee: str
    note: str
    postings: tuple[Posting, ...]
    ref: str = ""


@dataclass(frozen=True)
class ExportLoan:
    """A loan as the exports need it: borrowed principal and when."""

    name: str
    principal: int
    currency: str
    start: date
    drawn_into: bool = False
    """The borrowed money came into an account: its ledger row books the liability."""
    capitalised: tuple[tuple[date, int], ...] = ()
    """(day, minor units) of each agreement with the lender: the interest and penalty then
    owed that the new plan's principal took in, so what is owed grew by it."""
    untracked: tuple[tuple[date, int], ...] = ()
    """(day, minor units) of principal repaid by payments recorded as the loan's history
    (made before budget tracked it): no account row pays it, yet it is no longer owed."""


def row_entries(rows: Iterable[ExportRow]) -> Iterator[Entry]:
    """Entries for ledger rows in date order; a transfer's two legs make one entry.

    The principal part of a loan payment moves money to the loan's liability (it lowers
    what is owed) instead of being an expense; interest stays an expense.
    """
    waiting: dict[int, ExportRow] = {}
    for row in rows:
        if row.transfer_id is not None and row.loan is None:
            other = waiting.pop(row.transfer_id, None)
            if other is None:
                waiting[row.transfer_id] = row
                continue
            yield Entry(row.on, row.payee or other.payee, row.note or other.note, (
                Posting(("account", other.account_id), other.amount, other.currency),
                Posting(("account", row.account_id), row.amount, row.currency)),
                ref=f"{other.id},{row.id}")
            continue
        counter: Key = ("category", row.category_id)
        if row.loan is not None:
            counter = loan_key(row.loan)
        yield Entry(row.on, row.payee, row.note, (
            Posting(("account", row.account_id), row.amount, row.currency),
            Posting(counter, -row.amount, row.currency)), ref=str(row.id))
    for row in waiting.values():
        # A transfer whose other leg is outside the exported dates: it balances against
        # opening balances so the account still moves by what it did.
        yield Entry(row.on, row.payee, row.note or _("transfer"), (
            Posting(("account", row.account_id), row.amount, row.currency),
            Posting(OPENING, -row.amount, row.currency)), ref=str(row.id))


def loan_key(name: str) -> Key:
    return ("loan", name)


def opening_entry(on: date, balances: dict[int, tuple[int, str]]) -> Entry | None:
    """Each account's balance before `on` (id -> (minor units, currency)) against equity."""
    postings = []
    for account_id, (amount, currency) in sorted(balances.items()):
        if amount:
            postings += [Posting(("account", account_id), amount, currency),
                         Posting(OPENING, -amount, currency)]
    if not postings:
        return None
    return Entry(on, _("Opening balances"), "", tuple(postings))


def loan_liability_entries(loans: Iterable[ExportLoan], repaid_before: dict[str, int],
                           start: date | None) -> list[Entry]:
    """What each loan owed as a liability opening, so liabilities equal what is still owed.

    A loan drawn inside the exported dates opens with its principal on the day it was
    drawn; one drawn before `start` opens on `start` with the principal not yet repaid by
    then (`repaid_before`: loan name -> principal repaid before `start`). The borrowed
    money is booked against equity, unless it came into an account inside the exported
    dates: that row books the liability itself.
    """
    entries = []
    for loan in loans:
        if loan.drawn_into and (start is None or loan.start >= start):
            continue
        on = loan.start if start is None or loan.start >= start else start
        owed = loan.principal - (repaid_before.get(loan.name, 0)
                                 if start is not None and loan.start < start else 0)
        if start is not None:
            owed += sum(amount for on, amount in loan.capitalised if on < start)
            owed -= sum(amount for on, amount in loan.untracked if on < start)
        if owed:
            entries.append(Entry(on, _("{loan} borrowed").format(loan=loan.name), "", (
                Posting(loan_key(loan.name), -owed, loan.currency),
                Posting(OPENING, owed, loan.currency))))
    return entries


def capitalised_entries(loans: Iterable[ExportLoan], interest: Key, start: date | None,
                        end: date | None) -> list[Entry]:
    """An entry for each agreement from `start` to `end` (inclusive, None: open) whose new
    plan took in interest and penalty: that much is an interest expense the day it was
    agreed, and the loan's liability grows by it, so liabilities still equal what the new
    plan repays (domain.md §1 "Restructuring")."""
    entries = []
    for loan in loans:
        for on, amount in loan.capitalised:
            if amount and (start is None or on >= start) and (end is None or on <= end):
                entries.append(Entry(on, _("{loan} agreement").format(loan=loan.name),
                                     _("interest and penalty added to the new plan"), (
                    Posting(interest, amount, loan.currency),
                    Posting(loan_key(loan.name), -amount, loan.currency))))
    return entries


def untracked_entries(loans: Iterable[ExportLoan], start: date | None,
                      end: date | None) -> list[Entry]:
    """An entry for each day from `start` to `end` (inclusive, None: open) on which payments
    of a loan's history, made before budget tracked it, repaid principal: the liability
    falls by it against the opening balances, since no account of the export paid it."""
    entries = []
    for loan in loans:
        for on, amount in loan.untracked:
            if amount and (start is None or on >= start) and (end is None or on <= end):
                entries.append(Entry(on, _("{loan} repaid before budget").format(
                    loan=loan.name), "", (
                    Posting(loan_key(loan.name), amount, loan.currency),
                    Posting(OPENING, -amount, loan.currency))))
    return entries
