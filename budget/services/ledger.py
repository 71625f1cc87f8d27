"""Recording money: turn what a person typed into saved transactions, or a clear error."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from budget.domain.dates import parse_date
from budget.domain.ledger import Account, AccountKind, Category, Transaction
from budget.domain.money import format_amount, parse_amount
from budget.i18n import N_, _, listing
from budget.storage.ledger import Ledger, LoanRowError


class EntryError(ValueError):
    """Input that cannot be saved; `field` names the input that is wrong.

    `errors` holds every wrong field's message ({field: message}, the first one first),
    so a form can show them all at once rather than one per attempt.
    """

    def __init__(self, field: str, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.field = field
        self.errors = errors or {field: message}

    @classmethod
    def of(cls, errors: dict[str, str]) -> EntryError:
        """One error for several fields: the first names the field and the message."""
        field, message = next(iter(errors.items()))
        return cls(field, message, errors)


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


def _enter(what: str) -> str:
    """The request for a missing name, a whole sentence per kind (a/an, and a translator
    sees each one)."""
    sentences = {"account": _("Enter an account"), "reserve account": _("Enter a reserve "
                                                                         "account"),
                 "category": _("Enter a category"), "loan": _("Enter a loan"),
                 "bill": _("Enter a bill")}
    return sentences.get(what) or _("Enter a name")


def match_name(items: Sequence, text: str, what: str, field: str):
    """Find the item whose name equals `text` (any case) or uniquely starts with it; `what`
    is one of MATCHED_KINDS."""
    wanted = text.strip().casefold()
    if not wanted:
        raise EntryError(field, _enter(what))
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


def match_account(accounts: Sequence[Account], text: str, field: str) -> Account:
    """The account `text` names, by name (or the start of one), else by kind when exactly
    one account is of that kind: "bank" is the one bank account, whatever it is called."""
    try:
        return match_name(accounts, text, "account", field)
    except EntryError as error:
        wanted = text.strip().casefold()
        by_kind = [account for account in accounts
                   if wanted and str(account.kind).startswith(wanted)]
        if len(by_kind) == 1 and not any(item.name.casefold().startswith(wanted)
                                         for item in accounts):
            return by_kind[0]
        raise error


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
    return match_account(accounts, text, "account")


def resolve_category(ledger: Ledger, text: str) -> Category:
    return match_name(ledger.categories(), text, "category", "category")


def default_category(ledger: Ledger, key: str) -> Category | None:
    """The default category with stable `key` (domain.ledger.LOAN_REPAYMENT ...), whatever
    it is called now; if it was deleted and added back by hand, the category named as that
    default is in the active language or in English ("利息费用", "Interest and fees").
    None when there is neither."""
    from budget.domain.ledger import DEFAULT_NAMES

    found = ledger.category_by_key(key)
    if found is not None or key not in DEFAULT_NAMES:
        return found
    names = {DEFAULT_NAMES[key].casefold(), _(DEFAULT_NAMES[key]).casefold()}
    return next((category for category in ledger.categories(include_archived=True)
                 if category.name.casefold() in names), None)


def read_amount(text: str, currency: str = "CNY") -> int:
    from budget.domain.money import AmountError

    try:
        amount = parse_amount(text, currency)
    except AmountError as error:
        raise EntryError("amount", str(error)) from error
    if amount == 0:
        raise EntryError("amount", _("the amount must not be zero"))
    return amount


def read_text(text: str, field: str) -> str:
    """One line of plain text, stripped; EntryError naming `field` for a control character
    or a line break (domain/text.py)."""
    from budget.domain.text import TextError, check_line

    try:
        return check_line(text or "", field).strip()
    except TextError as error:
        raise EntryError(field, str(error)) from error


def read_date(text: str, today: date, *, ahead: bool = False) -> date:
    """A typed date (empty: today); `ahead` for a target or deadline, where ``06-30`` is
    the next June 30 (domain.dates.year_less_date). EntryError("date", why) when unreadable."""
    from budget.domain.dates import DateError

    try:
        return parse_date(text or "today", today, ahead=ahead)
    except DateError as error:
        raise EntryError("date", str(error)) from error


@dataclass(frozen=True)
class CheckedEntry:
    """An entry whose every field was read: what will be saved."""

    account: Account
    category: Category
    amount: int
    """As typed, in minor units: negative for a refund."""
    on: date
    payee: str = ""
    note: str = ""

    @property
    def stored(self) -> int:
        return self.category.signed(self.amount)


def check_entry(ledger: Ledger, entry: Entry, *, today: date) -> CheckedEntry:
    """Read every field; raise one EntryError naming every wrong field (`errors`)."""
    errors: dict[str, str] = {}

    def take(reader):
        try:
            return reader()
        except EntryError as error:
            errors.setdefault(error.field, str(error))
            return None

    account = take(lambda: resolve_account(ledger, entry.account))
    amount = take(lambda: read_amount(entry.amount, account.currency if account else "CNY"))
    category = take(lambda: resolve_category(ledger, entry.category))
    on = take(lambda: read_date(entry.on, today))
    payee = take(lambda: read_text(entry.payee, "payee"))
    note = take(lambda: read_text(entry.note, "note"))
    if errors:
        raise EntryError.of({field: errors[field] for field in _FIELD_ORDER if field in errors})
    return CheckedEntry(account, category, amount, on, payee, note)


_FIELD_ORDER = ("amount", "category", "date", "account", "payee", "note")


def record(ledger: Ledger, entry: Entry, *, today: date,
           now: datetime | None = None) -> Transaction:
    """Validate everything first, then save in one transaction; the sign follows the category
    and a negative amount is a refund (Category.signed)."""
    return save_entry(ledger, check_entry(ledger, entry, today=today), entry, now=now)


def save_entry(ledger: Ledger, checked: CheckedEntry, entry: Entry, *,
               now: datetime | None = None) -> Transaction:
    """Save an entry `check_entry` read (so a form can ask about it first)."""
    return ledger.add_transaction(on=checked.on, amount=checked.stored,
                                  account_id=checked.account.id,
                                  category_id=checked.category.id, payee=checked.payee,
                                  note=checked.note, now=now)


def quick_entry(text: str) -> Entry:
    """What one typed line means, as `budget add` reads its arguments: the first word that
    is an amount, then the category (a few letters), then the note: ``45.5 fo lunch``.
    A word starting with ``@`` is the date (``@yesterday``, ``@11-20``, ``@-2``)."""
    from budget.domain.money import AmountError

    words = text.split()
    amount, on, rest = "", "today", []
    for word in words:
        if word.startswith("@") and len(word) > 1:
            on = word[1:]
            continue
        if not amount:
            try:
                parse_amount(word)
            except AmountError:
                pass
            else:
                amount = word
                continue
        rest.append(word)
    if not amount and words:
        # Nothing read as an amount: the first word is reported as the amount that is wrong.
        amount = rest.pop(0)
    category = rest.pop(0) if rest else ""
    return Entry(amount=amount, category=category, on=on, note=" ".join(rest))


def transfer(ledger: Ledger, *, amount: str, source: str, target: str, on: str, note: str,
             today: date, now: datetime | None = None) -> tuple[Transaction, Transaction]:
    """Move money between two accounts; neither income nor expense."""
    accounts = ledger.accounts()
    from_account = match_account(accounts, source, "from")
    to_account = match_account(accounts, target, "to")
    if from_account.id == to_account.id:
        raise EntryError("to", _("a transfer needs two different accounts"))
    minor = read_amount(amount, from_account.currency)
    if minor < 0:
        raise EntryError("amount", _("a transfer amount must be positive"))
    return ledger.add_transfer(on=read_date(on, today), amount=minor,
                               from_account_id=from_account.id,
                               to_account_id=to_account.id, note=read_text(note, "note"),
                               now=now)


def overdraft_warning(ledger: Ledger, out: Transaction) -> str | None:
    """A sentence when the transfer leg `out` leaves its account below zero on its date (the
    transfer is saved all the same: a bank may allow it, the user should look). A credit
    card is left alone: its balance is debt, below zero by nature. None otherwise."""
    account = ledger.account(out.account_id, as_of=out.date)
    if account.kind is AccountKind.CREDIT_CARD or account.balance >= 0:
        return None
    return _("{account} is overdrawn by {short} after this transfer (balance {balance} on "
             "{date}): check the amount and the account it came from.").format(
        account=account.name, short=format_amount(-account.balance, account.currency,
                                                   symbol=True),
        balance=format_amount(account.balance, account.currency, symbol=True),
        date=out.date.isoformat())


def set_opening_balance(ledger: Ledger, name: str, opening: str) -> Account:
    """Set the balance an account had when tracking began (minor units from what was typed);
    its current balance moves by the difference. Raises EntryError("opening") for an
    unreadable amount, EntryError("account") for an unknown account."""
    from budget.domain.money import AmountError

    account = match_account(ledger.accounts(include_archived=True), name, "account")
    try:
        minor = parse_amount(opening, account.currency)
    except AmountError as error:
        raise EntryError("opening", str(error)) from error
    return ledger.update_account(account.id, opening_balance=minor)


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
    checked = check_entry(ledger, entry, today=today)
    return ledger.update_transaction(
        transaction_id, on=checked.on, amount=checked.stored, account_id=checked.account.id,
        category_id=checked.category.id, payee=checked.payee, note=checked.note)


def set_account_card(ledger: Ledger, name: str, digits: str) -> Account:
    """Record the last four digits of account `name`'s card: ``9876``, or a whole card
    number (its last four are kept); ``none`` forgets them. EntryError("card", why) for
    anything else, or when another account has that card."""
    account = match_name(ledger.accounts(include_archived=True), name, "account", "account")
    cleaned = digits.replace(" ", "").replace("-", "").strip()
    if cleaned.casefold() in ("none", ""):
        return ledger.update_account(account.id, card="")
    if not (cleaned.isascii() and cleaned.isdigit() and len(cleaned) >= 4):
        raise EntryError("card", _("'{digits}' is not a card number: give its last four "
                                   "digits, e.g. 9876, or none").format(digits=digits))
    card = cleaned[-4:]
    other = next((a for a in ledger.accounts(include_archived=True)
                  if a.card == card and a.id != account.id), None)
    if other is not None:
        raise EntryError("card", _("{other} already has the card ending {card}: record it "
                                   "on one account only").format(other=other.name, card=card))
    return ledger.update_account(account.id, card=card)
