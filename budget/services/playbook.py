"""The overdue playbook as a use case: the standing, the options, the contacts, the agreement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from budget.domain.contacts import ContactError, LenderContact
from budget.domain.dates import add_months, month_bounds
from budget.domain.engine import LoanRun, Restructure
from budget.domain.ledger import CategoryKind
from budget.domain.loans import LoanError, Method
from budget.domain.playbook import Standing, standing_of
from budget.domain.repayment import run_loan, state_of
from budget.domain.restructure import Option, OptionKind, owed_on, restructure_for
from budget.domain.safe_to_spend import spending_accounts
from budget.i18n import _
from budget.services.ledger import EntryError
from budget.services.loans import INTEREST_CATEGORY, PRINCIPAL_CATEGORY, find_loan
from budget.storage.contacts import ContactBook
from budget.storage.ledger import Ledger, LedgerError
from budget.storage.loans import LoanBook, StoredLoan

WAIVER = "waiver"
"""The method of an agreement that only waives penalty or interest (减免)."""
SURPLUS_MONTHS = 3
"""Months of history the monthly surplus is averaged over."""


@dataclass(frozen=True)
class Playbook:
    """Everything the playbook shows for one loan on one day (minor units).

    `can_pay_now` is what the spending accounts hold beyond the other bills and
    installments due before the next income; `surplus` is the monthly surplus (income less
    essential spending less other debt payments, averaged over the last months), None while
    there is no history.
    """

    loan: StoredLoan
    standing: Standing
    options: list[Option]
    contacts: list[LenderContact]
    can_pay_now: int
    surplus: int | None
    run: LoanRun


def owed_now(loan: StoredLoan, on: date):
    """What the loan owes on `on` after every payment recorded up to that day: what an
    agreement recorded now would replace (payments recorded after it go to its plan)."""
    run, _allocations = run_loan(loan.terms, loan.schedule, loan.payments, on,
                                 loan.restructures)
    return owed_on(run)


def _run(loan: StoredLoan, as_of: date) -> LoanRun:
    run, _allocations = run_loan(loan.terms, loan.schedule, loan.payments, as_of,
                                 loan.restructures)
    return run


def playbook_for(ledger: Ledger, loan_id: int, as_of: date) -> Playbook:
    """The playbook of a loan on `as_of`, every option priced by the engine."""
    from budget.domain.restructure import standard_options

    loan = LoanBook(ledger).loan(loan_id)
    run = _run(loan, as_of)
    standing = standing_of(state_of(run), loan.terms.grace_days, loan.currency)
    surplus = monthly_surplus(ledger, as_of, exclude=loan.id)
    return Playbook(loan, standing, standard_options(run, loan.terms, surplus),
                    ContactBook(ledger).contacts(loan.id), can_pay_now(ledger, as_of, loan.id),
                    surplus, run)


def can_pay_now(ledger: Ledger, as_of: date, loan_id: int) -> int:
    """Money in the spending accounts not already needed for other bills and installments
    due before the next income (the loan's own installments are what it would pay)."""
    from budget.services.budgets import home_currency
    from budget.services.due import due_items
    from budget.services.planning import next_income, reserve_contribution_due

    counted, _cards = spending_accounts(ledger.accounts(as_of=as_of), home_currency(ledger))
    income = next_income(ledger, as_of)
    until = (income.income_date - timedelta(days=1) if income.income_date
             else month_bounds(as_of.year, as_of.month)[1])
    others = sum(item.amount for item in due_items(ledger, as_of, max((until - as_of).days, 0))
                 if not (item.kind == "loan" and item.ref[1] == loan_id))
    spendable = sum(account.balance for account in counted)
    return max(spendable - others - reserve_contribution_due(ledger, as_of), 0)


def monthly_surplus(ledger: Ledger, as_of: date, exclude: int | None = None) -> int | None:
    """Income less essential spending less other loans' payments, a month, on average over
    the last SURPLUS_MONTHS complete months (None without any history then).

    Loan repayments and interest are left out of essential spending: the other loans' own
    scheduled payments stand for them, and the loan being planned is what the surplus pays.
    """
    loan_categories = {PRINCIPAL_CATEGORY, INTEREST_CATEGORY}
    nets = []
    for back in range(1, SURPLUS_MONTHS + 1):
        first, last = month_bounds(*add_months(as_of.year, as_of.month, -back))
        totals = ledger.month_totals(first, last)
        if not totals.income and not totals.expenses:
            continue
        essential = sum(-total for category, total in ledger.totals_by_category(first, last)
                        if category.kind is CategoryKind.EXPENSE and category.essential
                        and category.key not in loan_categories and total < 0)
        nets.append(totals.income - essential)
    if not nets:
        return None
    return sum(nets) // len(nets) - _other_debt_payments(ledger, as_of, exclude)


def _other_debt_payments(ledger: Ledger, as_of: date, exclude: int | None) -> int:
    """Next month's scheduled payments of every other open loan."""
    first, last = month_bounds(*add_months(as_of.year, as_of.month, 1))
    total = 0
    for loan in LoanBook(ledger).loans(open_on=as_of):
        if loan.id == exclude or loan.terms.start > as_of:
            continue
        state = state_of(_run(loan, as_of))
        total += sum(row.amount_due for row in state.installments
                     if first <= row.due_date <= last)
    return total


# --- contacts ---------------------------------------------------------------------------


def record_contact(ledger: Ledger, loan_name: str, *, at: datetime, channel: str, note: str,
                   who: str = "", promised: str = "", next_date: date | None = None,
                   now: datetime | None = None) -> LenderContact:
    """Save one contact with the lender; EntryError says what is wrong with it."""
    loan = find_loan(ledger, loan_name)
    try:
        contact = LenderContact(loan_id=loan.id, at=at, channel=channel, note=note, who=who,
                                promised=promised, next_date=next_date,
                                now=now or datetime.now())
    except ContactError as error:
        raise EntryError(error.field, str(error)) from error
    return ContactBook(ledger).add(contact, now)


def contacts_of(ledger: Ledger, loan_name: str) -> tuple[StoredLoan, list[LenderContact]]:
    loan = find_loan(ledger, loan_name)
    return loan, ContactBook(ledger).contacts(loan.id)


def at_time(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock)


# --- restructuring ----------------------------------------------------------------------


@dataclass(frozen=True)
class RestructureDraft:
    """A proposed restructure, checked and ready to save or to preview beside the plan."""

    loan: StoredLoan
    event: Restructure


def draft_restructure(ledger: Ledger, loan_id: int, *, on: date, method: str, periods: int,
                      annual_rate: Decimal | None = None, daily_rate: Decimal | None = None,
                      first_due: date | None = None, due_day: int | None = None,
                      waive_penalty: bool = False, waive_interest: int = 0,
                      ref: str = "") -> RestructureDraft:
    """The new plan for what the loan owes on `on`; EntryError names what is wrong."""
    loan = LoanBook(ledger).loan(loan_id)
    if on < loan.terms.start:
        raise EntryError("from", _("{on} is before {name} was drawn on {start}").format(
            on=on.isoformat(), name=loan.name, start=loan.terms.start.isoformat()))
    latest = max((event.on for event in loan.restructures), default=None)
    if latest is not None and on <= latest:
        raise EntryError("from", _("{name} was already restructured on {latest}: a new "
                                   "agreement starts after it").format(
            name=loan.name, latest=latest.isoformat()))
    if owed_now(loan, on).total == 0:
        raise EntryError("from", _("{name} owes nothing on {on}: there is nothing to "
                                   "restructure").format(name=loan.name, on=on.isoformat()))
    later = [payment for payment in loan.payments if payment.paid_on > on]
    if later:
        raise EntryError("from", _("payments are recorded after {on}: restructure from the "
                                   "day of the last one ({last}), or delete them first")
                         .format(on=on.isoformat(),
                                 last=max(p.paid_on for p in later).isoformat()))
    owed = owed_now(loan, on)
    if method == WAIVER:
        if not waive_penalty and not waive_interest:
            raise EntryError("waive_penalty", _("a waiver forgives the penalty, some "
                                                "interest, or both: say which"))
        if not 0 <= waive_interest <= owed.interest:
            raise EntryError("waive_interest", _("the interest waived must be 0 to the {owed} "
                                                 "owed").format(owed=_money(owed.interest)))
        return RestructureDraft(loan, Restructure(
            on, None, waived_penalty=owed.penalty if waive_penalty else 0,
            waived_interest=waive_interest, ref=ref))
    try:
        event = restructure_for(loan.terms, owed, method=Method(method), periods=periods,
                                annual_rate=annual_rate, daily_rate=daily_rate,
                                first_due=first_due, due_day=due_day,
                                waive_penalty=waive_penalty, waive_interest=waive_interest,
                                ref=ref)
    except (LoanError, ValueError) as error:
        raise EntryError("terms", str(error)) from error
    return RestructureDraft(loan, event)


def undo_restructure(ledger: Ledger, loan_id: int) -> date:
    """Delete the loan's latest agreement (a mistake): the plan before it is back in force.
    Returns its date; EntryError when the loan has none."""
    book = LoanBook(ledger)
    loan = book.loan(loan_id)
    if not loan.restructures:
        raise EntryError("loan", _("{name} has no agreement to undo").format(name=loan.name))
    latest = max(event.on for event in loan.restructures)
    from budget.services.loans import resync_rows, update_closed

    with ledger.atomic():
        book.delete_restructure(loan_id, latest)
        resync_rows(ledger, loan_id)
        update_closed(book, loan_id)
    return latest


def _money(minor: int) -> str:
    from budget.domain.money import format_amount

    return format_amount(minor, symbol=True)


def save_restructure(ledger: Ledger, draft: RestructureDraft) -> StoredLoan:
    """Record the agreement; the loan's unpaid rest follows the new plan from its date."""
    from budget.services.loans import resync_rows

    book = LoanBook(ledger)
    try:
        with ledger.atomic():
            book.add_restructure(draft.loan.id, draft.event)
            resync_rows(ledger, draft.loan.id)
    except LedgerError as error:
        raise EntryError("from", str(error)) from error
    return book.loan(draft.loan.id)


def option_draft(ledger: Ledger, loan_id: int, kind: OptionKind, as_of: date,
                 ref: str = "") -> RestructureDraft:
    """A playbook option as the agreement to record (EntryError for paying now, which is
    a payment, not an agreement)."""
    book = playbook_for(ledger, loan_id, as_of)
    option = next((option for option in book.options if option.kind is kind), None)
    if option is None or option.restructure is None:
        raise EntryError("option", _("Paying what is due now needs no agreement: record the "
                                     "payment instead (p)"))
    event = option.restructure
    if event.terms is None:
        return draft_restructure(ledger, loan_id, on=as_of, method=WAIVER, periods=1,
                                 waive_penalty=bool(event.waived_penalty),
                                 waive_interest=event.waived_interest, ref=ref)
    terms = event.terms
    # The agreement is on what is owed after today's payments (see `owed_now`).
    return draft_restructure(ledger, loan_id, on=as_of, method=terms.method,
                             periods=terms.periods, annual_rate=terms.annual_rate,
                             daily_rate=terms.daily_rate, first_due=terms.first_due,
                             due_day=terms.due_day, waive_penalty=bool(event.waived_penalty),
                             waive_interest=min(event.waived_interest,
                                                owed_now(book.loan, as_of).interest),
                             ref=ref)
