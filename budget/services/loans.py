"""Loans as the user sees them: create, look at, pay; every figure replayed from payments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from budget.domain.loans import LoanError, LoanTerms, Method, apr, build_schedule
from budget.domain.money import format_amount
from budget.domain.repayment import LoanState, Payment, payoff_quote, replay
from budget.i18n import _
from budget.services.ledger import EntryError, match_name, read_amount, resolve_account
from budget.storage.ledger import Ledger, LedgerError
from budget.storage.loans import LoanBook, StoredLoan

PRINCIPAL_CATEGORY = "Loan repayment"
INTEREST_CATEGORY = "Interest and fees"


@dataclass(frozen=True)
class LoanView:
    """A stored loan with its state on `as_of`, its true annual cost and today's payoff."""

    loan: StoredLoan
    state: LoanState
    apr: Decimal
    payoff: int

    @property
    def closed(self) -> bool:
        return self.state.next_due is None


def view(loan: StoredLoan, as_of: date) -> LoanView:
    terms, schedule = loan.terms, list(loan.schedule)
    return LoanView(loan=loan, state=replay(terms, schedule, loan.payments, as_of),
                    apr=apr(terms.principal, terms.start, schedule),
                    payoff=payoff_quote(terms, schedule, loan.payments, as_of))


def loan_views(ledger: Ledger, as_of: date) -> list[LoanView]:
    return [view(loan, as_of) for loan in LoanBook(ledger).loans()]


def find_loan(ledger: Ledger, name: str) -> StoredLoan:
    book = LoanBook(ledger)
    return book.loan(match_name(book.loans(include_archived=True), name, "loan", "loan").id)


def create_loan(ledger: Ledger, *, name: str, terms: LoanTerms, lender: str = "",
                phones: list[str] | None = None, currency: str = "CNY",
                account: str = "", custom_rows=None, now: datetime | None = None) -> StoredLoan:
    """Build the schedule (or take the lender's rows) and store it with the loan."""
    from budget.domain.loans import custom_schedule

    if not name.strip():
        raise EntryError("name", _("a loan needs a name, e.g. 微粒贷 or Card"))
    schedule = (custom_schedule(custom_rows, terms.principal) if terms.method is Method.CUSTOM
                else build_schedule(terms))
    account_id = resolve_account(ledger, account).id if account else None
    try:
        return LoanBook(ledger).add_loan(name=name, terms=terms, schedule=schedule,
                                         lender=lender, phones=phones, currency=currency,
                                         account_id=account_id, now=now)
    except LedgerError as error:
        raise EntryError("name", str(error)) from error


@dataclass(frozen=True)
class PaymentResult:
    """How a payment was applied: the parts a user sees on the receipt."""

    loan: StoredLoan
    amount: int
    penalty: int
    interest: int
    principal: int
    outstanding_after: int


def allocate(loan: StoredLoan, amount: int, on: date) -> tuple[int, int, int]:
    """(penalty, interest, principal) this payment would cover, by replaying with and without it."""
    terms, schedule = loan.terms, list(loan.schedule)
    before = replay(terms, schedule, loan.payments, on)
    after = replay(terms, schedule, [*loan.payments, Payment(on, amount)], on)

    def paid(state: LoanState, field: str) -> int:
        return sum(getattr(row, field) for row in state.installments)

    return (paid(after, "paid_penalty") - paid(before, "paid_penalty"),
            paid(after, "paid_interest") - paid(before, "paid_interest"),
            paid(after, "paid_principal") - paid(before, "paid_principal"))


def read_payment(loan: StoredLoan, amount_text: str, on: date) -> tuple[int, int]:
    """The amount typed, checked against what closes the loan that day: (amount, payoff)."""
    amount = read_amount(amount_text, loan.currency)
    if amount < 0:
        raise EntryError("amount", _("a payment must be a positive amount"))
    payoff = payoff_quote(loan.terms, list(loan.schedule), loan.payments, on)
    if payoff == 0:
        raise EntryError("amount", _("{name} is fully repaid: nothing to pay").format(
            name=loan.name))
    if amount > payoff:
        raise EntryError("amount", _("{amount} is more than the {payoff} that closes {name} "
                                     "on {on}").format(
            amount=format_amount(amount, loan.currency, symbol=True),
            payoff=format_amount(payoff, loan.currency, symbol=True), name=loan.name,
            on=on.isoformat()))
    return amount, payoff


def pay_loan(ledger: Ledger, name: str, amount_text: str, *, on: date, account: str = "",
             now: datetime | None = None) -> PaymentResult:
    """Record a payment and the ledger rows that show its interest and principal."""
    loan = find_loan(ledger, name)
    amount, _closing = read_payment(loan, amount_text, on)
    source = resolve_account(ledger, account) if account else (
        ledger.account(loan.account_id) if loan.account_id else resolve_account(ledger, ""))
    penalty, interest, principal = allocate(loan, amount, on)
    rows = _ledger_rows(ledger, loan, on, source.id, penalty + interest, principal)
    payments = [*loan.payments, Payment(on, amount)]
    last = max(payment.paid_on for payment in payments)
    settled = replay(loan.terms, list(loan.schedule), payments, last).next_due is None
    book = LoanBook(ledger)
    with ledger.atomic():
        book.record_payment(loan.id, paid_on=on, amount=amount, account_id=source.id,
                            ledger_rows=rows, now=now)
        # Conservative: the last payment's date, never earlier than the loan really closed.
        book.mark_closed(loan.id, last if settled else None)
    updated = book.loan(loan.id)
    state = replay(updated.terms, list(updated.schedule), updated.payments, on)
    return PaymentResult(loan=updated, amount=amount, penalty=penalty, interest=interest,
                         principal=principal, outstanding_after=state.outstanding_principal)


def _ledger_rows(ledger: Ledger, loan: StoredLoan, on: date, account_id: int, charges: int,
                 principal: int) -> list[dict]:
    categories = {category.name: category for category in
                  ledger.categories(include_archived=True)}
    rows = []
    for category_name, part in ((INTEREST_CATEGORY, charges), (PRINCIPAL_CATEGORY, principal)):
        if part:
            category = categories.get(category_name)
            if category is None:
                raise LoanError(_("the category '{name}' is missing: add it back as an "
                                  "expense category").format(name=category_name))
            rows.append({"on": on, "amount": -part, "account_id": account_id,
                         "category_id": category.id, "payee": loan.lender,
                         "note": _("{loan}: {part}").format(
                             loan=loan.name, part=_("interest and penalty")
                             if category_name == INTEREST_CATEGORY else _("principal"))})
    return rows


def max_open_apr(ledger: Ledger, as_of: date) -> Decimal | None:
    """The highest true annual cost among loans not yet repaid; None without open loans."""
    # Only the loans still open that day, and only their APR: the reserve bar asks this on
    # every dashboard reload, and a full view also quotes the payoff of every loan.
    rates = [apr(loan.terms.principal, loan.terms.start, list(loan.schedule))
             for loan in LoanBook(ledger).loans(open_on=as_of)
             if replay(loan.terms, list(loan.schedule), loan.payments, as_of).next_due]
    return max(rates) if rates else None
