"""Recording money: turn what a person typed into saved transactions, or a clear error."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from budget.domain.dates import parse_date
from budget.domain.ledger import Account, Category, Transaction
from budget.domain.money import parse_amount
from budget.i18n import N_, _, listing
from budget.storage.ledger import Ledger, LoanRowError


class EntryError(ValueError):
    """Input that cannot be saved; `field` names the input that is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Entry:
    """What the entry form or `budget add` collected, as typed."""

    amount: str
    category: str
    on: str = "today"
    account: str = ""
    payee: str = ""
    note: str = ""


# The kinds of things match_name looks for (its `what`), translated where it reports.
MATCHED_KINDS = [N_("account"), N_("category"), N_("loan"), N_("bill"), N_("reserve account")]


def match_name(items: Sequence, text: str, what: str, field: str):
    """Find the item whose name equals `text` (any case) or uniquely starts with it; `what`
    is one of MATCHED_KINDS."""
    wanted = text.strip().casefold()
    if not wanted:
        raise EntryError(field, _("Enter a {what}").format(what=_(what)))
    exact = [item for item in items if item.name.casefold() == wanted]
    if exact:
        return exact[0]
    prefixed = [item for item in items if item.name.casefold().startswith(wanted)]
    if len(prefixed) == 1:
        return prefixed[0]
    names = [item.name for item in items]
    if prefixed:
        choices = [item.name for item in prefixed]
        raise EntryError(field, _("'{text}' could be {what} {choices}: type more letters").format(
            text=text, what=_(what), choices=listing(choices)))
    import difflib  # only on the error path: it costs start-up time of every command

    close = difflib.get_close_matches(text, names, n=4, cutoff=0.5) or \
        [n for n in names if wanted in n.casefold()]
    hint = _("; did you mean {names}?").format(names=listing(close)) if close else \
        _("; known: {names}").format(names=listing(names))
    raise EntryError(field, _("no {what} '{text}'").format(what=_(what), text=text) + hint)


def default_account(ledger: Ledger, accounts: list[Account]) -> Account:
    """The account used last, else the first open one."""
    if not accounts:
        raise EntryError("account", _("there is no open account: add one first"))
    last = ledger.setting("last_account_id")
    for account in accounts:
        if last is not None and str(account.id) == last:
            return account
    return accounts[0]


def resolve_account(ledger: Ledger, text: str) -> Account:
    accounts = ledger.accounts()
    if not text.strip():
        return default_account(ledger, accounts)
    return match_name(accounts, text, "account", "account")


def resolve_category(ledger: Ledger, text: str) -> Category:
    return match_name(ledger.categories(), text, "category", "category")


def read_amount(text: str, currency: str = "CNY") -> int:
    from budget.domain.money import AmountError

    try:
        amount = parse_amount(text, currency)
    except AmountError as error:
        raise EntryError("amount", str(error)) from error
    if amount == 0:
        raise EntryError("amount", _("the amount must not be zero"))
    return amount


def read_date(text: str, today: date) -> date:
    from budget.domain.dates import DateError

    try:
        return parse_date(text or "today", today)
    except DateError as error:
        raise EntryError("date", str(error)) from error


def record(ledger: Ledger, entry: Entry, *, today: date,
           now: datetime | None = None) -> Transaction:
    """Validate everything first, then save in one transaction; the sign follows the category."""
    account = resolve_account(ledger, entry.account)
    amount = read_amount(entry.amount, account.currency)
    category = resolve_category(ledger, entry.category)
    on = read_date(entry.on, today)
    return ledger.add_transaction(on=on, amount=category.signed(amount), account_id=account.id,
                                  category_id=category.id, payee=entry.payee, note=entry.note,
                                  now=now)


def transfer(ledger: Ledger, *, amount: str, source: str, target: str, on: str, note: str,
             today: date, now: datetime | None = None) -> tuple[Transaction, Transaction]:
    """Move money between two accounts; neither income nor expense."""
    from_account = match_name(ledger.accounts(), source, "account", "from")
    to_account = match_name(ledger.accounts(), target, "account", "to")
    if from_account.id == to_account.id:
        raise EntryError("to", _("a transfer needs two different accounts"))
    minor = read_amount(amount, from_account.currency)
    if minor < 0:
        raise EntryError("amount", _("a transfer amount must be positive"))
    return ledger.add_transfer(on=read_date(on, today), amount=minor,
                               from_account_id=from_account.id,
                               to_account_id=to_account.id, note=note, now=now)


def loan_row_refusal(error: LoanRowError) -> str:
    """Why a ledger row a loan posted cannot be changed on its own, and where to do it."""
    if error.payment_id is None:
        return _("This row is the money {loan} brought in: change or delete the loan instead "
                 "(o, then e on the loan, or `budget loan edit {loan}`)").format(loan=error.loan)
    return _("This row is part of a payment on {loan}: delete the payment on the loan's "
             "screen (o, Enter on {loan}, x on the payment) or run `budget loan unpay {loan} "
             "{id}`, then pay again").format(loan=error.loan, id=error.payment_id)


def update(ledger: Ledger, transaction_id: int, entry: Entry, *, today: date) -> Transaction:
    """Save an edited transaction, validated the same way as a new one."""
    owner = ledger.loan_row_owner(transaction_id)
    if owner is not None:
        raise EntryError("amount", loan_row_refusal(owner))
    account = resolve_account(ledger, entry.account)
    amount = read_amount(entry.amount, account.currency)
    category = resolve_category(ledger, entry.category)
    return ledger.update_transaction(
        transaction_id, on=read_date(entry.on, today), amount=category.signed(amount),
        account_id=account.id, category_id=category.id, payee=entry.payee, note=entry.note)
