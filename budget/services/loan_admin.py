"""Keeping loans and bills tidy: edit, archive and delete them, with clear refusals."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from budget.domain.bills import Bill, BillError
from budget.domain.loans import Method, build_schedule
from budget.domain.words import counted
from budget.i18n import _
from budget.services.bills import check_start
from budget.services.ledger import (
    EntryError,
    match_name,
    read_amount,
    read_text,
    resolve_category,
)
from budget.services.loan_entry import loan_form_values, read_loan_terms
from budget.services.loans import read_phones, resync_rows
from budget.storage.contacts import ContactBook
from budget.storage.ledger import Ledger, LedgerError
from budget.storage.loans import (
    ContactsRecorded,
    EvidenceRecorded,
    LoanBook,
    PaymentsRecorded,
    StoredBill,
    StoredLoan,
)

# The terms a schedule is built from: they change only while no payment is recorded.
TERM_FIELDS = ("principal", "periods", "method", "start", "annual_rate", "daily_rate",
               "due_day", "first_due")
SETTING_FIELDS = ("grace_days", "penalty_multiplier", "late_fee", "lead_days", "prepayment",
                  "full_period_interest", "prepayment_fee")


class FieldErrors(EntryError):
    """Several fields are wrong at once; `errors` maps each field to its message."""

    def __init__(self, errors: Mapping[str, str]):
        field, message = next(iter(errors.items()))
        super().__init__(field, message)
        self.errors = dict(errors)


def edit_loan(ledger: Ledger, loan_id: int, values: Mapping[str, str],
              today: date) -> StoredLoan:
    """Change a loan from form-style text values (the keys of `loan_form_values`, plus
    "account"); what is not given keeps its value.

    Name, lender, numbers, repayment account, grace, penalty, reminders and the prepayment
    rules can change at any time. The principal, rate, periods, method and dates rebuild
    the schedule, so they change only while no payment is recorded (FieldErrors "terms"
    otherwise: a new agreement with the lender is a restructure).
    """
    book = LoanBook(ledger)
    loan = book.loan(loan_id)
    merged = {**loan_form_values(loan), **{key: value for key, value in values.items()
                                           if value is not None}}
    terms, errors = read_loan_terms(merged, today)
    name = (merged.get("name") or "").strip()
    if not name:
        errors = {"name": _("a loan needs a name, e.g. 微粒贷 or Card"), **errors}
    if errors or terms is None:
        raise FieldErrors(errors)
    try:
        phones = read_phones((merged.get("phones") or "").replace(",", " ").split())
    except EntryError as error:
        raise FieldErrors({"phones": str(error)}) from error
    fields = {"name": name, "lender": (merged.get("lender") or "").strip(), "phones": phones,
              **_settings(terms)}
    if (values.get("account") or "").strip():
        fields["account_id"] = match_name(ledger.accounts(), values["account"], "account",
                                          "account").id
    changed = any(getattr(terms, key) != getattr(loan.terms, key) for key in TERM_FIELDS)
    if changed and loan.terms.method is Method.CUSTOM:
        raise FieldErrors({"terms": _(
            "{name} follows the lender's own rows: to change them, delete the loan and add "
            "it again").format(name=loan.name)})
    try:
        with ledger.atomic():
            if changed:
                stored = book.update_loan(loan_id, fields, terms=terms,
                                          schedule=build_schedule(terms))
            else:
                stored = book.update_loan(loan_id, fields)
            # Grace, penalty and prepayment rules change how past payments were applied.
            resync_rows(ledger, loan_id)
            return stored
    except LedgerError as error:
        if isinstance(error, PaymentsRecorded):
            raise FieldErrors({"terms": _(
                "{name} has payments recorded, so its principal, rate, periods and dates "
                "stay as they are. If the lender agreed a new plan, record it with `budget "
                "loan restructure`; if the loan was entered wrong, delete its payments "
                "first").format(name=loan.name)}) from error
        raise FieldErrors({"name": str(error)}) from error


def _settings(terms) -> dict:
    values = {key: getattr(terms, key) for key in SETTING_FIELDS}
    values["prepayment_fee_rate"] = values.pop("prepayment_fee")
    return values


def set_loan_archived(ledger: Ledger, loan_id: int, archived: bool) -> StoredLoan:
    """Hide a loan from the lists, due dates and plans (or bring it back); nothing is lost."""
    return LoanBook(ledger).update_loan(loan_id, {"archived": archived})


class LoanKept(EntryError):
    """A loan that cannot be deleted; `evidence` says whether collection evidence (kept for
    good) or payments that moved money are what keep it."""

    def __init__(self, message: str, *, evidence: bool) -> None:
        super().__init__("loan", message)
        self.evidence = evidence


class LoanHasContacts(EntryError):
    """A loan not deleted because talks with its lender are recorded; `count` says how many.
    The shell offers --force, the app archiving: each says it its own way."""

    def __init__(self, name: str, count: int):
        super().__init__("loan", _(
            "{name} has {contacts} with the lender recorded, which deleting would lose: "
            "`budget loan delete {name} --force` deletes them with the loan, or `budget loan "
            "archive {name}` hides the loan and keeps them").format(
            name=name, contacts=counted(count, "{count} talk", "{count} talks")))
        self.name, self.count = name, count


def delete_loan(ledger: Ledger, loan_id: int, *, with_contacts: bool = False) -> str:
    """Delete a loan no payment refers to; return its name. Talks with the lender recorded
    on it are deleted too only `with_contacts`. LoanKept (an EntryError) when payments or
    collection evidence exist, LoanHasContacts when talks are recorded and not
    `with_contacts`."""
    book = LoanBook(ledger)
    loan = book.loan(loan_id)
    try:
        book.delete_loan(loan_id, with_contacts=with_contacts)
    except LedgerError as error:
        if isinstance(error, EvidenceRecorded):
            raise LoanKept(_(
                "{name} has collection evidence recorded, which is kept for good: `budget "
                "loan archive {name}` hides the loan instead").format(name=loan.name),
                evidence=True) from error
        if isinstance(error, ContactsRecorded):
            raise LoanHasContacts(loan.name, len(ContactBook(ledger).contacts(loan_id))) \
                from error
        raise LoanKept(_(
            "{name} has payments recorded, so it is archived rather than deleted: `budget "
            "loan archive {name}` hides it and keeps its history (or delete its payments "
            "first with `budget loan unpay`)").format(name=loan.name),
            evidence=False) from error
    return loan.name


def find_bill_any(ledger: Ledger, name: str) -> StoredBill:
    """A bill by name or prefix, archived ones included."""
    return match_name(LoanBook(ledger).bills(include_archived=True, include_unusable=True),
                      name, "bill", "bill")


def edit_bill(ledger: Ledger, bill_id: int, *, name: str | None = None,
              amount: str | None = None, frequency: str | None = None, day: int | None = None,
              start: date | None = None, interval: int | None = None,
              lead_days: int | None = None, category: str | None = None,
              account: str | None = None) -> StoredBill:
    """Change what is given of a bill, checked through the domain's Bill first."""
    book = LoanBook(ledger)
    stored = book.bill(bill_id)
    minor = stored.amount if amount is None else read_amount(amount)
    if minor < 0:
        raise EntryError("amount", _("a bill's amount must be positive"))
    from budget.services.bills import check_day

    if day is not None:
        check_day(frequency or stored.frequency, day)
    check_start(start or stored.start)
    name = None if name is None else read_text(name, "name")
    try:
        bill = Bill(name=stored.name if name is None else name, amount=minor,
                    frequency=frequency or stored.frequency,
                    day=stored.day if day is None else day,
                    start=start or stored.start,
                    lead_days=stored.lead_days if lead_days is None else lead_days,
                    interval=stored.interval if interval is None else interval)
    except BillError as error:
        raise EntryError("bill", str(error)) from error
    fields = {"name": bill.name.strip(), "amount": bill.amount,
              "frequency": str(bill.frequency), "day": bill.day, "start": bill.start,
              "lead_days": bill.lead_days, "interval": bill.interval}
    if category:
        fields["category_id"] = resolve_category(ledger, category).id
    if account:
        fields["account_id"] = match_name(ledger.accounts(), account, "account", "account").id
    try:
        return book.update_bill(bill_id, fields)
    except LedgerError as error:
        raise EntryError("name", str(error)) from error


def set_bill_archived(ledger: Ledger, bill_id: int, archived: bool) -> StoredBill:
    """Stop (or restart) a bill's reminders; its payments stay in the ledger."""
    return LoanBook(ledger).update_bill(bill_id, {"archived": archived})


def delete_bill(ledger: Ledger, bill_id: int) -> str:
    """Delete a bill never paid; return its name. EntryError when payments exist."""
    book = LoanBook(ledger)
    stored = book.bill(bill_id)
    try:
        book.delete_bill(bill_id)
    except LedgerError as error:
        raise EntryError("bill", _(
            "{name} has payments recorded, so it is archived rather than deleted: `budget "
            "bill archive {name}` stops its reminders and keeps its payments").format(
            name=stored.name)) from error
    return stored.name
