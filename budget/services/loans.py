"""Loans as the user sees them: create, look at, pay, undo; every figure from the engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from budget.domain.dates import DateError, check_range
from budget.domain.engine import Allocation
from budget.domain.ledger import INTEREST_AND_FEES, LOAN_REPAYMENT
from budget.domain.loans import LoanError, LoanTerms, Method, apr, build_schedule
from budget.domain.money import format_amount
from budget.domain.repayment import LoanState, Payment, made_before, run_loan, state_of
from budget.i18n import N_, _
from budget.services.ledger import (
    EntryError,
    default_category,
    match_name,
    read_amount,
    read_text,
    resolve_account,
)
from budget.storage.ledger import Ledger, LedgerError
from budget.storage.loans import LoanBook, PaymentRecord, StoredLoan

# Payments post to these default categories, found by their stable key: in a Chinese
# ledger they are 还贷 and 利息费用, and the user may have renamed them.
PRINCIPAL_CATEGORY = LOAN_REPAYMENT
"""The key of the category principal repayments post to (exports find them by it)."""
INTEREST_CATEGORY = INTEREST_AND_FEES
"""The key of the category interest, penalty and fees of a payment post to."""
_CATEGORY_NAMES = {PRINCIPAL_CATEGORY: N_("Loan repayment"),
                   INTEREST_CATEGORY: N_("Interest and fees")}


@dataclass(frozen=True)
class LoanView:
    """A stored loan with its state on `as_of`, its true annual cost and that day's payoff."""

    loan: StoredLoan
    state: LoanState
    apr: Decimal
    payoff: int

    @property
    def closed(self) -> bool:
        return self.state.next_due is None


def replay(loan: StoredLoan, as_of: date, payments=None):
    """The engine's run of `loan` on `as_of` (with `payments` instead of the stored ones).

    Raises EntryError "loan" when a stored date is outside the accepted range, with the
    command that fixes it: nothing can be computed from such a loan.
    """
    if loan.date_problem is not None:
        raise EntryError("loan", loan.date_problem.message())
    return run_loan(loan.terms, loan.schedule,
                    loan.payments if payments is None else payments, as_of, loan.restructures)


def loan_state(loan: StoredLoan, as_of: date) -> LoanState:
    """The loan replayed on `as_of`: payments and restructures up to that day."""
    run, _allocations = replay(loan, as_of)
    return state_of(run)


def view(loan: StoredLoan, as_of: date) -> LoanView:
    run, _allocations = replay(loan, as_of)
    state = state_of(run)
    return LoanView(loan=loan, state=state, apr=loan_apr(loan),
                    payoff=0 if state.closed else run.quote(as_of))


def loan_apr(loan: StoredLoan) -> Decimal:
    """The true annual cost of the plan in force (PBOC disclosure): the lender's first plan,
    or the latest agreement's once the loan was restructured."""
    from budget.domain.loans import LoanError

    agreed = [event for event in loan.restructures if event.terms is not None]
    try:
        if agreed:
            latest = max(agreed, key=lambda event: event.on)
            schedule = list(latest.schedule) or build_schedule(latest.terms)
            return apr(latest.terms.principal, latest.on, schedule)
        return apr(loan.terms.principal, loan.terms.start, list(loan.schedule))
    except LoanError:
        # Only a schedule stored before its rows were checked can get here: show no cost
        # rather than stop every list the loan is in.
        return Decimal(0)


def loan_views(ledger: Ledger, as_of: date, *, drawn_only: bool = False) -> list[LoanView]:
    """Every open (not archived) loan on `as_of`; `drawn_only` leaves out loans drawn later."""
    return [view(loan, as_of) for loan in LoanBook(ledger).loans()
            if not drawn_only or loan.terms.start <= as_of]


def find_loan(ledger: Ledger, name: str) -> StoredLoan:
    book = LoanBook(ledger)
    return book.loan(match_name(book.loans(include_archived=True, include_unusable=True), name,
                                "loan", "loan").id)


def history_payments(schedule, count: int, today: date) -> list[Payment]:
    """The first `count` installments as paid in full on their due dates: a loan that
    already has a history. Refused past the installments due by `today`."""
    due = [row for row in schedule if row.due_date <= today]
    if not 0 <= count <= len(due):
        refusal = (_("{count} installment cannot be paid already: {due} of {total} have "
                     "fallen due by {today}") if count == 1 else
                   _("{count} installments cannot be paid already: {due} of {total} have "
                     "fallen due by {today}"))
        raise EntryError("paid_installments", refusal.format(
            count=count, due=len(due), total=len(schedule), today=today.isoformat()))
    return [Payment(row.due_date, row.payment) for row in due[:count] if row.payment]


def create_loan(ledger: Ledger, *, name: str, terms: LoanTerms, lender: str = "",
                phones: list[str] | None = None, currency: str = "CNY",
                account: str = "", custom_rows=None, paid_installments: int = 0,
                into: str = "", today: date | None = None,
                now: datetime | None = None) -> StoredLoan:
    """Build the schedule (or take the lender's rows) and store it with the loan.

    `paid_installments` marks the first N installments paid on their dates without moving
    any account (EntryError past those due by `today`); `into` names the account the
    borrowed money went into, booked as neither income nor expense.
    """
    from budget.domain.loans import custom_schedule

    if not name.strip():
        raise EntryError("name", _("a loan needs a name, e.g. 微粒贷 or Card"))
    name, lender = read_text(name, "name"), read_text(lender, "lender")
    _check_dates(terms, custom_rows)
    try:
        schedule = (custom_schedule(custom_rows, terms.principal, terms.start)
                    if terms.method is Method.CUSTOM else build_schedule(terms))
    except LoanError as error:
        raise EntryError("row" if terms.method is Method.CUSTOM else "terms", str(error)) \
            from error
    history = history_payments(schedule, paid_installments, today or date.today())
    phones = read_phones(phones)
    into_id = _account_id(ledger, into, "into")
    account_id = _account_id(ledger, account, "account") or into_id
    try:
        return LoanBook(ledger).add_loan(name=name, terms=terms, schedule=schedule,
                                         lender=lender, phones=phones, currency=currency,
                                         account_id=account_id, into_account_id=into_id,
                                         history=history, now=now)
    except LedgerError as error:
        raise EntryError("name", str(error)) from error


def read_phones(phones) -> list[str]:
    """The lender's official numbers, each checked as a phone number (EntryError "phones")."""
    from budget.domain.evidence_input import EvidenceError, parse_phone

    try:
        return [parse_phone(phone, "phones") for phone in phones or () if phone.strip()]
    except EvidenceError as error:
        raise EntryError("phones", str(error)) from error


def _check_dates(terms: LoanTerms, custom_rows) -> None:
    """The draw date, the first due date and the lender's own rows within EARLIEST..LATEST
    (domain/dates.py), so every schedule built from them can be computed."""
    typed = [("start", terms.start), ("first_due", terms.first_due),
             *(("row", row[0]) for row in custom_rows or ())]
    for field, day in typed:
        if day is not None:
            try:
                check_range(day)
            except DateError as error:
                raise EntryError(field, str(error)) from error


def _account_id(ledger: Ledger, text: str, field: str) -> int | None:
    if not text.strip():
        return None
    return match_name(ledger.accounts(), text, "account", field).id


@dataclass(frozen=True)
class PaymentResult:
    """How a payment was applied: the parts a user sees on the receipt (minor units)."""

    loan: StoredLoan
    amount: int
    penalty: int
    interest: int
    principal: int
    outstanding_after: int
    charges: int = 0
    prepaid: int = 0
    payment_id: int | None = None


def allocate(loan: StoredLoan, amount: int, on: date) -> Allocation:
    """Where a new payment of `amount` on `on` would go, after every event up to that day."""
    run, _allocations = replay(loan, on)
    return run.pay(on, amount)


def read_payment(loan: StoredLoan, amount_text: str, on: date) -> tuple[int, int]:
    """The amount typed, checked against the loan on that day: (amount, payoff quote).

    Refused (EntryError): not a positive amount, a date before the loan was drawn or before
    its latest restructure, a loan repaid in full, more than closes it that day.
    """
    if loan.date_problem is not None:
        raise EntryError("loan", loan.date_problem.message())
    amount = read_amount(amount_text, loan.currency)
    if amount < 0:
        raise EntryError("amount", _("a payment must be a positive amount"))
    if on < loan.terms.start:
        raise EntryError("date", _("{on} is before {name} was drawn on {start}: a payment "
                                   "can only be made after the money was lent").format(
            on=on.isoformat(), name=loan.name, start=loan.terms.start.isoformat()))
    latest = max((event.on for event in loan.restructures), default=None)
    if latest is not None and on < latest:
        raise EntryError("date", _("{on} is before {name} was restructured on {latest}: "
                                   "payments from that day on go to the new plan").format(
            on=on.isoformat(), name=loan.name, latest=latest.isoformat()))
    run, _allocations = replay(loan, on)
    if state_of(run).closed:
        raise EntryError("amount", _("{name} is repaid in full: nothing to pay").format(
            name=loan.name))
    payoff = run.quote(on)
    if amount > payoff:
        raise EntryError("amount", _("{amount} is more than the {payoff} that closes {name} "
                                     "on {on}").format(
            amount=format_amount(amount, loan.currency, symbol=True),
            payoff=format_amount(payoff, loan.currency, symbol=True), name=loan.name,
            on=on.isoformat()))
    return amount, payoff


def pay_loan(ledger: Ledger, name: str, amount_text: str, *, on: date, account: str = "",
             now: datetime | None = None) -> PaymentResult:
    """Record a payment and the ledger rows that show its interest and principal.

    The loan is read again and the payment checked inside the write transaction, so two
    payments started at once cannot both pay what only one of them owes.
    """
    loan_id = find_loan(ledger, name).id
    book = LoanBook(ledger)
    with ledger.atomic():
        loan = book.loan(loan_id)
        amount, _closing = read_payment(loan, amount_text, on)
        source = resolve_account(ledger, account) if account else (
            ledger.account(loan.account_id) if loan.account_id else resolve_account(ledger, ""))
        split = allocate(loan, amount, on)
        later = [payment for payment in loan.payments if payment.paid_on > on]
        recorded = (now or datetime.now()).isoformat(timespec="microseconds")
        if later and _overpays(loan, Payment(on, amount, recorded=recorded)):
            raise EntryError("amount", _(
                "with the payments recorded after {on}, {amount} would pay more than {name} "
                "owes").format(on=on.isoformat(), name=loan.name,
                               amount=format_amount(amount, loan.currency, symbol=True)))
        rows = _ledger_rows(ledger, loan, on, source.id, split)
        payment_id = book.record_payment(loan.id, paid_on=on, amount=amount,
                                         account_id=source.id, ledger_rows=rows, now=now)
        if later:
            resync_rows(ledger, loan.id)
        update_closed(book, loan.id)
        updated = book.loan(loan.id)
    # After every payment, including any dated later than this one.
    state = loan_state(updated, max(payment.paid_on for payment in updated.payments))
    return PaymentResult(loan=updated, amount=amount, penalty=split.penalty,
                         interest=split.interest, principal=split.principal,
                         outstanding_after=state.outstanding_principal, charges=split.charges,
                         prepaid=split.prepaid, payment_id=payment_id)


def _overpays(loan: StoredLoan, payment: Payment) -> bool:
    payments = [*loan.payments, payment]
    last = max(item.paid_on for item in payments)
    run, _allocations = replay(loan, last, payments)
    return run.unapplied > 0


def resync_rows(ledger: Ledger, loan_id: int) -> None:
    """Make every payment's ledger rows say how the engine applies it now.

    A payment dated before others, a payment deleted, a changed grace or penalty, an
    agreement: each can move money between interest and principal in the payments around
    it, and their rows must follow, or the month's expenses would drift from the loan.
    Call inside the write that changed the loan.
    """
    book = LoanBook(ledger)
    loan = book.loan(loan_id)
    if not loan.payments:
        return
    last = max(payment.paid_on for payment in loan.payments)
    _run, allocations = run_loan(loan.terms, loan.schedule, loan.payments, last,
                                 loan.restructures)
    sources = book.payment_sources(loan_id)
    existing: dict[int, list[tuple[int, int | None, int]]] = {}
    for row_id, payment_id, category_id, amount in book.payment_rows(loan_id):
        existing.setdefault(payment_id, []).append((row_id, category_id, amount))
    with ledger.atomic():
        for payment, split in zip(loan.payments, allocations, strict=True):
            account_id, paid_on, history = sources[payment.id]
            if history or split is None:
                continue
            rows = existing.get(payment.id, [])
            for wanted in _ledger_rows(ledger, loan, paid_on, account_id, split):
                match = next((row for row in rows if row[1] == wanted["category_id"]), None)
                if match is None:
                    book.add_payment_row(payment.id, wanted)
                    continue
                rows.remove(match)
                if match[2] != wanted["amount"]:
                    book.set_row_amount(match[0], wanted["amount"])
            for row_id, _category, _amount in rows:
                book.delete_row(row_id)


def update_closed(book: LoanBook, loan_id: int) -> None:
    """Remember the day the loan was settled (a cache the due list uses), or that it is open."""
    loan = book.loan(loan_id)
    if not loan.payments or loan.date_problem is not None:
        book.mark_closed(loan_id, None)
        return
    last = max(payment.paid_on for payment in loan.payments)
    # Conservative: the last payment's date, never earlier than the loan really closed.
    book.mark_closed(loan_id, last if loan_state(loan, last).closed else None)


def _ledger_rows(ledger: Ledger, loan: StoredLoan, on: date, account_id: int,
                 split: Allocation) -> list[dict]:
    """The rows a payment posts: penalty, interest and charges as one expense; principal
    as an expense too, unless the loan's money came into an account (then it is a move
    back to the lender, neither income nor expense, like the draw)."""
    rows = []
    charges = split.penalty + split.interest + split.charges
    parts = [(INTEREST_CATEGORY, charges, _("interest and penalty"))]
    if loan.into_account_id is None:
        parts.append((PRINCIPAL_CATEGORY, split.principal, _("principal")))
    elif split.principal:
        rows.append({"on": on, "amount": -split.principal, "account_id": account_id,
                     "category_id": None, "payee": loan.lender or loan.name,
                     "note": _("{loan}: {part}").format(loan=loan.name, part=_("principal")),
                     "transfer": True})
    for key, part, label in parts:
        if part:
            category = default_category(ledger, key)
            if category is None:
                name = _(_CATEGORY_NAMES[key])
                raise LoanError(_("the category '{name}' is missing: add it back as an "
                                  "expense category").format(name=name))
            rows.append({"on": on, "amount": -part, "account_id": account_id,
                         "category_id": category.id, "payee": loan.lender,
                         "note": _("{loan}: {part}").format(loan=loan.name, part=label)})
    return rows


@dataclass(frozen=True)
class PaymentLine:
    """A recorded payment and where it went (minor units), for the payments list."""

    record: PaymentRecord
    penalty: int
    interest: int
    principal: int
    charges: int


def payment_lines(ledger: Ledger, loan: StoredLoan) -> list[PaymentLine]:
    """Every payment of the loan, oldest first, with its penalty/interest/principal split."""
    order = {payment.id: index for index, payment in enumerate(loan.payments)}
    last = max((payment.paid_on for payment in loan.payments), default=loan.terms.start)
    _run, allocations = replay(loan, last)
    lines = []
    for record in LoanBook(ledger).payment_records(loan.id):
        split = allocations[order[record.id]] or Allocation()
        lines.append(PaymentLine(record, split.penalty, split.interest, split.principal,
                                 split.charges))
    return lines


def loan_payments(ledger: Ledger, name: str) -> tuple[StoredLoan, list[PaymentLine]]:
    """A loan found by name and its payments with their splits."""
    loan = find_loan(ledger, name)
    return loan, payment_lines(ledger, loan)


@dataclass(frozen=True)
class DeletedPayment:
    """What `unpay` removed, so `restore_payment` can put it back (undo)."""

    loan_id: int
    loan_name: str
    amount: int
    paid_on: date
    rows: dict
    closed_on: date | None


def unpay(ledger: Ledger, loan_id: int, payment_id: int) -> DeletedPayment:
    """Delete one payment of a loan and the ledger rows it posted, in one transaction."""
    book = LoanBook(ledger)
    with ledger.atomic():
        loan = book.loan(loan_id)
        found = next((payment for payment in loan.payments if payment.id == payment_id), None)
        agreed = max(loan.restructures, key=lambda event: event.on, default=None)
        if found is not None and agreed is not None and made_before(found, agreed):
            raise EntryError("payment", _(
                "the payment of {paid} came before the agreement of {agreed}, which was made "
                "on what was owed after it: undo the agreement first (`budget loan "
                "restructure {name} --undo`)").format(
                paid=found.paid_on.isoformat(), agreed=agreed.on.isoformat(),
                name=loan.name))
        try:
            rows = book.delete_payment(loan_id, payment_id)
        except LedgerError as error:
            raise EntryError("payment", _("{name} has no payment {id}: see `budget loan "
                                          "payments {name}`").format(
                name=loan.name, id=payment_id)) from error
        resync_rows(ledger, loan_id)
        update_closed(book, loan_id)
    payment = rows["payment"]
    return DeletedPayment(loan_id, loan.name, payment["amount"],
                          date.fromisoformat(payment["paid_on"]), rows, loan.closed_on)


def restore_payment(ledger: Ledger, deleted: DeletedPayment) -> None:
    """Undo `unpay`: the payment and its ledger rows return exactly as they were."""
    book = LoanBook(ledger)
    with ledger.atomic():
        book.restore_payment(deleted.rows, deleted.closed_on)
        resync_rows(ledger, deleted.loan_id)
        update_closed(book, deleted.loan_id)
