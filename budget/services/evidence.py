"""Evidence use cases: check a message, record a contact, list, verify, numbers, your details."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from budget.domain.collection import CheckResult, check_message
from budget.domain.evidence import (
    ChainProblem,
    Contact,
    EvidenceEntry,
    contacts_per_day,
    current,
    tag_counts,
)
from budget.domain.evidence_input import (
    MAX_NOTE,
    EvidenceError,
    clean_text,
    parse_at,
    parse_channel,
    parse_phone,
    parse_tag,
)
from budget.i18n import _
from budget.l10n import os_reason
from budget.services.ledger import EntryError
from budget.storage.evidence import EvidenceBook, VerifyReport
from budget.storage.evidence_lookup import LoanRef
from budget.storage.ledger import Ledger, LedgerError

# A phone's clock and the computer's differ by minutes; a day or a year ahead is a typo.
FUTURE_SLACK = timedelta(hours=1)
MAX_FILE_BYTES = 2 << 30  # 2 GiB: a long recording, not a disk image chosen by mistake


def find_loan(book: EvidenceBook, name: str) -> LoanRef:
    """The loan named `name` (any case, or a unique prefix); EntryError("loan") otherwise."""
    from budget.services.evidence_check import find_loan as find

    try:
        return find(book.ledger, name)
    except EvidenceError as error:
        raise EntryError(error.field, str(error)) from error


@dataclass(frozen=True)
class ContactInput:
    """A contact as typed in the shell or the form: every field a string (or list of them)."""

    loan: str
    at: str
    channel: str
    from_number: str = ""
    unanswered: bool = False
    who: str = ""
    tags: Sequence[str] = ()
    files: Sequence[str] = ()
    note: str = ""
    corrects: int | None = None
    detect: bool = True
    """Also tag what the message check finds in the note (recorded as automatic tags)."""


@dataclass(frozen=True)
class Recorded:
    """A contact just recorded: its loan, the entry, and the message check of its note."""

    loan: LoanRef
    entry: EvidenceEntry
    check: CheckResult


def record(ledger: Ledger, typed: ContactInput, *, today: date, now: datetime) -> Recorded:
    """Validate everything, then copy the files and record the entry in one transaction.

    Raises EntryError naming the field that is wrong; nothing is written then.
    """
    book = EvidenceBook(ledger)
    loan = find_loan(book, typed.loan)
    try:
        contact = Contact(at=parse_at(typed.at, today), channel=parse_channel(typed.channel),
                          from_number=clean_text(typed.from_number, limit=40),
                          answered=not typed.unanswered, who=clean_text(typed.who),
                          note=clean_text(typed.note, multiline=True, limit=MAX_NOTE),
                          tags=tuple(dict.fromkeys(parse_tag(tag) for tag in typed.tags
                                                   if tag.strip())))
    except EvidenceError as error:
        raise EntryError(error.field, str(error)) from error
    if contact.at > now + FUTURE_SLACK:
        raise EntryError("at", _("{at} is in the future: give the time the contact happened")
                         .format(at=contact.at.isoformat(sep=" ", timespec="minutes")))
    paths = [_readable(text) for text in typed.files if text.strip()]
    result = check_message(contact.note, sender=contact.from_number or None,
                           official_numbers=book.official_numbers(loan),
                           lender=loan.lender or loan.name)
    detected = tuple(tag for tag in result.tags if typed.detect)
    try:
        entry = book.add(loan.id, contact, paths, corrects=typed.corrects, now=now,
                         detected=detected)
    except LedgerError as error:
        raise EntryError("corrects", str(error)) from error
    except OSError as error:
        raise EntryError("file", _("cannot copy {path}: {reason}").format(
            path=error.filename, reason=os_reason(error))) from error
    return Recorded(loan, entry, result)


def _readable(text: str) -> Path:
    path = Path(clean_text(text, limit=4096)).expanduser()
    if not path.is_file():
        raise EntryError("file", _("{path} is not a file: give the path of a screenshot, "
                                   "recording or photo").format(path=path))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise EntryError("file", _("{path} is {size} MB: files up to {limit} MB are "
                                   "kept").format(path=path, size=size >> 20,
                                                  limit=MAX_FILE_BYTES >> 20))
    return path


@dataclass(frozen=True)
class LoanEvidence:
    """One loan's evidence as the screen and the bundle show it."""

    loan: LoanRef
    numbers: tuple[str, ...]
    entries: tuple[EvidenceEntry, ...]
    """Every entry, corrections and the entries they replace included, in chain order."""
    timeline: tuple[EvidenceEntry, ...]
    """Current entries (not replaced), oldest contact first."""
    per_day: tuple[tuple[date, int, int, int], ...]
    tags: dict[str, int]
    head: str | None
    """The hash of the chain's last entry; None before the first."""


def loan_evidence(ledger: Ledger, loan_id: int) -> LoanEvidence:
    """Everything about one loan's evidence. Raises EntryError if there is no such loan."""
    book = EvidenceBook(ledger)
    loan = next((ref for ref in book.loans() if ref.id == loan_id), None)
    if loan is None:
        raise EntryError("loan", _("there is no loan with id {id}").format(id=loan_id))
    entries = book.entries(loan_id)
    return LoanEvidence(loan, tuple(book.official_numbers(loan)), tuple(entries),
                        tuple(current(entries)), tuple(contacts_per_day(entries)),
                        tag_counts(entries), entries[-1].hash if entries else None)


def all_entries(ledger: Ledger, loan: str | None = None) -> list[tuple[LoanRef, EvidenceEntry]]:
    """Entries of one loan (by name) or of all, each with its loan."""
    book = EvidenceBook(ledger)
    loans = {ref.id: ref for ref in book.loans()}
    only = find_loan(book, loan).id if loan else None
    return [(loans[entry.loan_id], entry) for entry in book.entries(only)]


def verify(ledger: Ledger) -> tuple[VerifyReport, dict[int, str]]:
    """Recompute every chain and file; also return loan names by id for the report."""
    book = EvidenceBook(ledger)
    return book.verify(), {ref.id: ref.name for ref in book.loans()}


def add_number(ledger: Ledger, lender: str, number: str, note: str = "") -> str:
    """Keep an official number for a lender (or a loan's name) and return it as kept
    (spaces collapsed, full-width forms as ASCII). EntryError if either is not valid."""
    lender = clean_text(lender)
    if not lender:
        raise EntryError("lender", _("name the lender, e.g. WeBank, or the loan, e.g. 微粒贷"))
    try:
        number = parse_phone(number, "number")
        EvidenceBook(ledger).add_lender_number(lender, number, clean_text(note))
    except EvidenceError as error:
        raise EntryError(error.field, str(error)) from error
    except LedgerError as error:
        raise EntryError("number", str(error)) from error
    return number


def numbers(ledger: Ledger) -> list[tuple[str, str, str]]:
    """(lender, number, note): the loans' own numbers and those kept per lender."""
    book = EvidenceBook(ledger)
    own = [(ref.lender or ref.name, phone, _("on loan {name}").format(name=ref.name))
           for ref in book.loans() for phone in ref.phones]
    return [*own, *book.lender_numbers()]


PROFILE_FIELDS = ("name", "phone", "id_number")


def profile(ledger: Ledger) -> dict[str, str]:
    """Your details for complaint letters: name, phone, ID number (each may be empty)."""
    return EvidenceBook(ledger).profile()


def save_profile(ledger: Ledger, **changes: str | None) -> dict[str, str]:
    """Change the given fields (None leaves one as it is; "" clears it) and return them."""
    book = EvidenceBook(ledger)
    details = book.profile()
    for key, value in changes.items():
        if key not in PROFILE_FIELDS:
            raise EntryError(key, _("unknown detail {key}").format(key=key))
        if value is not None:
            details[key] = clean_text(value, limit=100)
        if key == "phone" and value and details["phone"]:
            try:
                details["phone"] = parse_phone(details["phone"])
            except EvidenceError as error:
                raise EntryError("phone", str(error)) from error
    id_number = details["id_number"].upper()
    if id_number and not (len(id_number) == 18 and id_number[:17].isdigit()
                          and (id_number[17].isdigit() or id_number[17] == "X")):
        raise EntryError("id_number", _("'{text}' is not a resident ID number: 18 characters, "
                                        "17 digits then a digit or X").format(text=id_number))
    details["id_number"] = id_number
    book.save_profile(details)
    return details


def problem_sentences(report: VerifyReport, names: dict[int, str]) -> list[str]:
    """One sentence per entry or file that was changed, removed or added outside budget."""
    lines = [_chain_line(problem, names.get(problem.loan_id, str(problem.loan_id)))
             for problem in report.chain]
    lines += [_("file {name} ({owner}) was changed: its content no longer matches its "
                "SHA-256").format(name=name, owner=_owner(report, name[:64], names))
              for name in report.files_changed]
    lines += [_("file {name} ({owner}) was removed from the evidence folder").format(
        name=name, owner=_owner(report, name, names)) for name in report.files_missing]
    lines += [_("file {name} was added to the evidence folder outside budget").format(
        name=name) for name in report.files_added]
    return lines


def _owner(report: VerifyReport, sha256: str, names: dict[int, str]) -> str:
    loan_id, entry_id, original = report.owners[sha256]
    return _("{original} of entry #{id}, {loan}").format(
        original=original, id=entry_id, loan=names.get(loan_id, str(loan_id)))


def _chain_line(problem: ChainProblem, loan: str) -> str:
    sentences = {
        "changed": _("entry #{id} ({loan}, position {seq}) was changed outside budget: its "
                     "content no longer matches its hash"),
        "relinked": _("entry #{id} ({loan}, position {seq}) no longer links to the entry "
                      "before it: that one was changed and re-hashed, or replaced"),
        "missing": _("the entry at position {seq} of {loan} was removed"),
        "unrecorded": _("entry #{id} ({loan}, position {seq}) was added outside budget: it is "
                        "not in the evidence journal"),
    }
    return sentences[problem.kind].format(id=problem.entry_id, seq=problem.seq, loan=loan)
