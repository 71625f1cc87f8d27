"""Loans as the user sees them: create, look at, pay, undo; every figure from the engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from budget.domain.engine import Allocation
from budget.domain.ledger import INTEREST_AND_FEES, LOAN_REPAYMENT
from budget.domain.loans import LoanError, LoanTerms, Method, apr, build_schedule
from budget.domain.money import format_amount
from budget.domain.repayment import LoanState, Payment, run_loan, state_of
from budget.i18n import N_, _
from budget.services.ledger import EntryError, match_name, read_amount, resolve_account
from budget.storage.ledger import Ledger, LedgerError
from budget.storage.loans import LoanBook, PaymentRecord, StoredLoan

# Payments post to these default categories, found by key: in a Chinese ledger they are
# 还贷 and 利息费用, and the user may have renamed them.
_CATEGORY_NAMES = {LOAN_REPAYMENT: N_("Loan repayment"), INTEREST_AND_FEES: N_("Interest and fees")}


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


def loan_state(loan: StoredLoan, as_of: date) -> LoanState:
    """The loan replayed on `as_of`: payments and restructures up to that day."""
    run, _allocations = run_loan(loan.terms, loan.schedule, loan.payments, as_of,
                                 loan.restructures)
    return state_of(run)


def view(loan: StoredLoan, as_of: date) -> LoanView:
    run, _allocations = run_loan(loan.terms, loan.schedule, loan.payments, as_of,
                                 loan.restructures)
    state = state_of(run)
    return LoanView(loan=loan, state=state, apr=loan_apr(loan),
                    payoff=0 if state.closed else run.quote(as_of))


def loan_apr(loan: StoredLoan) -> Decimal:
    """The true annual cost of the loan as the lender first planned it (PBOC disclosure)."""
    return apr(loan.terms.principal, loan.terms.start, list(loan.schedule))


def loan_views(ledger: Ledger, as_of: date, *, drawn_only: bool = False) -> list[LoanView]:
    """Every open (not archived) loan on `as_of`; `drawn_only` leaves out loans drawn later."""
    return [view(loan, as_of) for loan in LoanBook(ledger).loans()
            if not drawn_only or loan.terms.start <= as_of]


def find_loan(ledger: Ledger, name: str) -> StoredLoan:
    book = LoanBook(ledger)
    return book.loan(match_name(book.loans(include_archived=True), name, "loan", "loan").id)


def history_payments(schedule, count: int, today: date) -> list[Payment]:
    """The first `count` installments as paid in full on their due dates: a loan that
    already has a history. Refused past the installments due by `today`."""
    due = [row for row in schedule if row.due_date <= today]
    if not 0 <= count <= len(due):
        raise EntryError("paid_installments", _(
            "{count} installments cannot be paid already: {due} of {total} have fallen due by "
            "{today}").format(count=count, due=len(due), total=len(schedule),
                              today=today.isoformat()))
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
    schedule = (custom_schedule(custom_rows, terms.principal) if terms.method is Method.CUSTOM
                else build_schedule(terms))
    history = history_payments(schedule, paid_installments, today or date.today())
    into_id = _account_id(ledger, into, "into")
    account_id = _account_id(ledger, account, "account") or into_id
    try:
        return LoanBook(ledger).add_loan(name=name, terms=terms, schedule=schedule,
                                         lender=lender, phones=phones, currency=currency,
                                         account_id=account_id, into_account_id=into_id,
                                         history=history, now=now)
    except LedgerError as error:
        raise EntryError("name", str(error)) from error


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
    run, _allocations = run_loan(loan.terms, loan.schedule, loan.payments, on,
                                 loan.restructures)
    return run.pay(on, amount)


def read_payment(loan: StoredLoan, amount_text: str, on: date) -> tuple[int, int]:
    """The amount typed, checked against the loan on that day: (amount, payoff quote).

    Refused (EntryError): not a positive amount, a date before the loan was drawn or before
    its latest restructure, a loan repaid in full, more than closes it that day.
    """
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
                                   "payments from then on go to the new plan").format(
            on=on.isoformat(), name=loan.name, latest=latest.isoformat()))
    run, _allocations = run_loan(loan.terms, loan.schedule, loan.payments, on,
                                 loan.restructures)
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
        if later and _overpays(loan, Payment(on, amount)):
            raise EntryError("amount", _(
                "with the payments recorded after {on}, {amount} would pay more than {name} "
                "owes").format(on=on.isoformat(), name=loan.name,
                               amount=format_amount(amount, loan.currency, symbol=True)))
        rows = _ledger_rows(ledger, loan, on, source.id, split)
        payment_id = book.record_payment(loan.id, paid_on=on, amount=amount,
                                         account_id=source.id, ledger_rows=rows, now=now)
        update_closed(book, loan.id)
        updated = book.loan(loan.id)
    state = loan_state(updated, on)
    return PaymentResult(loan=updated, amount=amount, penalty=split.penalty,
                         interest=split.interest, principal=split.principal,
                         outstanding_after=state.outstanding_principal, charges=split.charges,
                         prepaid=split.prepaid, payment_id=payment_id)


def _overpays(loan: StoredLoan, payment: Payment) -> bool:
    payments = [*loan.payments, payment]
    last = max(item.paid_on for item in payments)
    run, _allocations = run_loan(loan.terms, loan.schedule, payments, last, loan.restructures)
    return run.unapplied > 0


def update_closed(book: LoanBook, loan_id: int) -> None:
    """Remember the day the loan was settled (a cache the due list uses), or that it is open."""
    loan = book.loan(loan_id)
    if not loan.payments:
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
    parts = [(INTEREST_AND_FEES, charges, _("interest and penalty"))]
    if loan.into_account_id is None:
        parts.append((LOAN_REPAYMENT, split.principal, _("principal")))
    elif split.principal:
        rows.append({"on": on, "amount": -split.principal, "account_id": account_id,
                     "category_id": None, "payee": loan.lender or loan.name,
                     "note": _("{loan}: {part}").format(loan=loan.name, part=_("principal")),
                     "transfer": True})
    for category_key, part, label in parts:
        if part:
            category = ledger.category_by_key(category_key)
            if category is None:
                name = _(_CATEGORY_NAMES[category_key])
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
    _run, allocations = run_loan(loan.terms, loan.schedule, loan.payments, last,
                                 loan.restructures)
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
        try:
            rows = book.delete_payment(loan_id, payment_id)
        except LedgerError as error:
            raise EntryError("payment", _("{name} has no payment {id}: see `budget loan "
                                          "payments {name}`").format(
                name=loan.name, id=payment_id)) from error
        update_closed(book, loan_id)
    payment = rows["payment"]
    return DeletedPayment(loan_id, loan.name, payment["amount"],
                          date.fromisoformat(payment["paid_on"]), rows, loan.closed_on)


def restore_payment(ledger: Ledger, deleted: DeletedPayment) -> None:
    """Undo `unpay`: the payment and its ledger rows return exactly as they were."""
    book = LoanBook(ledger)
    with ledger.atomic():
        book.restore_payment(deleted.rows, deleted.closed_on)
        update_closed(book, deleted.loan_id)


def max_open_apr(ledger: Ledger, as_of: date) -> Decimal | None:
    """The highest true annual cost among loans not yet repaid; None without open loans."""
    # Only the loans still open that day, and only their APR: the reserve bar asks this on
    # every dashboard reload, and a full view also quotes the payoff of every loan.
    rates = [loan_apr(loan) for loan in LoanBook(ledger).loans(open_on=as_of)
             if loan.terms.start <= as_of and not loan_state(loan, as_of).closed]
    return max(rates) if rates else None
