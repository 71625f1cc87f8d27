"""Reserve forms that move money: top-up and emergency withdrawal, on a shared base."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from budget.domain.ledger import Account
from budget.domain.money import AmountError, format_amount
from budget.domain.reserve import ReserveError
from budget.i18n import N_, _
from budget.services import ledger as entries
from budget.services.ledger import EntryError, match_name
from budget.services.reserve import top_up, withdraw
from budget.storage.database import DatabaseError
from budget.storage.ledger import Ledger, LedgerError
from budget.ui.literal import literal
from budget.ui.messages import LedgerChanged, ReserveTopUpRecorded, ReserveWithdrawalRecorded
from budget.ui.screens.entry import AMOUNT_HINT, DATE_HINT
from budget.ui.translated import TranslatedBindings
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.form_error import FORM, show_form_error
from budget.ui.widgets.plain_input import PlainInput

FORM_CSS = ["entry.tcss", "reserve_forms.tcss"]


class FormRejected(ValueError):
    """Input that cannot be saved: one message per field name."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class ReserveForm(TranslatedBindings, ModalScreen[object]):
    """Rows of label, input and an error line; Enter saves every field at once in a worker."""

    CSS_PATH = FORM_CSS
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="reserve_form.cancel")]
    TITLE_TEXT = ""
    HELP = N_("Enter saves · Esc cancels · Tab next field")

    class Rejected(Message):
        """The input was refused; each reason goes under the field it names."""

        def __init__(self, errors: dict[str, str]) -> None:
            super().__init__()
            self.errors = errors

    class Closed(Message):
        """The write succeeded; `saved` is what the app was told."""

        def __init__(self, saved: LedgerChanged, note: str) -> None:
            super().__init__()
            self.saved, self.note = saved, note

    def __init__(self, ledger: Ledger) -> None:
        super().__init__()
        self.ledger = ledger
        self._saving = False

    def fields(self) -> list[tuple[str, str, str, str]]:
        """(name, label, hint, initial value) for each input, top to bottom."""
        raise NotImplementedError

    def write(self, values: dict[str, str]) -> tuple[LedgerChanged, str]:
        """Runs in the worker: validate, save, and say what was saved; FormRejected if not."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(id="form") as form:
            form.border_title = literal(_(self.TITLE_TEXT))
            for name, label, hint, value in self.fields():
                with Horizontal(classes="row"):
                    yield Label(label, classes="label", markup=False)
                    yield PlainInput(value=value, placeholder=hint, id=name, compact=True)
                yield Static(id=f"{name}-error", classes="error", markup=False)
            yield Static(_(self.HELP), id="form-help", markup=False)
        yield KeyFooter()

    def _input(self, name: str) -> Input:
        return self.query_one(f"#{name}", Input)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        if self._saving:
            return
        self._saving = True
        for error in self.query(".error").results(Static):
            error.update("")
            error.remove_class("shown")
        # Read on the UI thread; the worker gets plain strings.
        self._save({field.id: field.value for field in self.query(Input).results(Input)
                    if field.id})

    @work(thread=True, exclusive=True, group="reserve-form")
    def _save(self, values: dict[str, str]) -> None:
        try:
            saved, note = self.write(values)
        except FormRejected as error:
            self.post_message(self.Rejected(error.errors))
            return
        except DatabaseError as error:
            # Busy past the timeout, read-only, a disk error: nothing was saved.
            self.post_message(self.Rejected({FORM: str(error)}))
            return
        # Straight to the app so the screens reload while this form closes.
        self.app.post_message(saved)
        self.post_message(self.Closed(saved, note))

    @on(Rejected)
    def _rejected(self, message: Rejected) -> None:
        self._saving = False
        first = None
        for field, reason in message.errors.items():
            if field == FORM:
                show_form_error(self, reason)
                continue
            if not self.query(f"#{field}-error"):
                field = self.fields()[0][0]
            error = self.query_one(f"#{field}-error", Static)
            error.update(reason)
            error.add_class("shown")
            first = first or field
        if first:
            self._input(first).focus()

    @on(Closed)
    def _closed(self, message: Closed) -> None:
        self.notify(message.note)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Collector:
    """Runs each parse, keeping the first error per field, so all mistakes show at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def take(self, field: str, parse: Callable[[], object]):
        try:
            return parse()
        except (EntryError, ReserveError, AmountError) as error:
            self.errors.setdefault(field, str(error))
            return None

    def check(self) -> None:
        if self.errors:
            raise FormRejected(self.errors)


class _TransferForm(ReserveForm):
    """Shared by top-up and withdrawal: accounts come from a worker, defaults fill empty fields."""

    class AccountsLoaded(Message):
        """Reserve and other accounts were read for the defaults and suggesters."""

        def __init__(self, reserves: list[Account], others: list[Account],
                     default_other: Account | None) -> None:
            super().__init__()
            self.reserves, self.others, self.default_other = reserves, others, default_other

    RESERVE_FIELD = ""
    OTHER_FIELD = ""

    def __init__(self, ledger: Ledger, today: Callable[[], date]) -> None:
        super().__init__(ledger)
        self.today = today

    def on_mount(self) -> None:
        self._load_accounts()

    @work(thread=True, exclusive=True, group="reserve-form-accounts")
    def _load_accounts(self) -> None:
        accounts = self.ledger.accounts()
        others = [account for account in accounts if not account.reserve]
        default = entries.default_account(self.ledger, others) if others else None
        self.post_message(self.AccountsLoaded([a for a in accounts if a.reserve], others,
                                              default))

    @on(AccountsLoaded)
    def _accounts_loaded(self, message: AccountsLoaded) -> None:
        for name, accounts, default in (
                (self.RESERVE_FIELD, message.reserves, message.reserves[:1]),
                (self.OTHER_FIELD, message.others,
                 [message.default_other] if message.default_other else [])):
            field = self._input(name)
            field.suggester = SuggestFromList([a.name for a in accounts], case_sensitive=False)
            # Only where the person has not typed yet.
            if default and not field.value:
                field.value = default[0].name

    def _accounts(self, values: dict[str, str], check: Collector) -> tuple:
        accounts = self.ledger.accounts()
        reserves = [account for account in accounts if account.reserve]
        if not reserves:
            raise FormRejected({self.RESERVE_FIELD: _(
                "no account holds the reserve: mark one on the accounts screen (c, m)")})
        reserve = check.take(self.RESERVE_FIELD, lambda: match_name(
            reserves, values[self.RESERVE_FIELD], N_("reserve account"), self.RESERVE_FIELD))
        other = check.take(self.OTHER_FIELD, lambda: match_name(
            [a for a in accounts if not a.reserve], values[self.OTHER_FIELD], "account",
            self.OTHER_FIELD))
        return reserve, other

    def _amount_and_date(self, values: dict[str, str], currency: str,
                         check: Collector) -> tuple:
        amount = check.take("amount", lambda: entries.read_amount(values["amount"], currency))
        if amount is not None and amount < 0:
            check.errors["amount"] = _("the amount must be positive")
        on = check.take("date", lambda: entries.read_date(values["date"], self.today()))
        return amount, on


class TopUpForm(_TransferForm):
    """A transfer into a reserve account, from a spending account by default."""

    TITLE_TEXT = N_("Top up the reserve")
    RESERVE_FIELD, OTHER_FIELD = "into", "from"

    def fields(self) -> list[tuple[str, str, str, str]]:
        return [("amount", _("Amount"), _(AMOUNT_HINT), ""),
                ("from", _("From"), _("account"), ""),
                ("into", _("Into"), _("reserve account"), ""),
                ("date", _("Date"), _(DATE_HINT), self.today().isoformat())]

    def write(self, values: dict[str, str]) -> tuple[LedgerChanged, str]:
        check = Collector()
        reserve, source = self._accounts(values, check)
        currency = source.currency if source else "CNY"
        amount, on = self._amount_and_date(values, currency, check)
        check.check()
        try:
            saved = top_up(self.ledger, amount=amount, source=source, reserve=reserve, on=on)
        except (ReserveError, LedgerError) as error:
            raise FormRejected({"amount": str(error)}) from error
        return ReserveTopUpRecorded(list(saved)), _("Reserve topped up: {amount} · {date}").format(
            amount=format_amount(amount, currency, symbol=True), date=on.isoformat())


class WithdrawalForm(_TransferForm):
    """Money out of the reserve for an emergency; the reason is required and kept."""

    TITLE_TEXT = N_("Emergency withdrawal")
    RESERVE_FIELD, OTHER_FIELD = "from", "to"

    def fields(self) -> list[tuple[str, str, str, str]]:
        return [("amount", _("Amount"), _(AMOUNT_HINT), ""),
                ("from", _("From"), _("reserve account"), ""),
                ("to", _("To"), _("account"), ""),
                ("date", _("Date"), _(DATE_HINT), self.today().isoformat()),
                ("reason", _("Reason"), _("required: what is the emergency?"), "")]

    def write(self, values: dict[str, str]) -> tuple[LedgerChanged, str]:
        check = Collector()
        reserve, target = self._accounts(values, check)
        currency = reserve.currency if reserve else "CNY"
        amount, on = self._amount_and_date(values, currency, check)
        check.check()
        try:
            # The service refuses an empty reason; its only other refusal (not a reserve
            # account) cannot happen, as `from` only matches reserve accounts.
            saved = withdraw(self.ledger, amount=amount, reserve=reserve, target=target, on=on,
                             reason=values["reason"])
        except ReserveError as error:
            raise FormRejected({"reason": str(error)}) from error
        except LedgerError as error:
            raise FormRejected({"amount": str(error)}) from error
        return ReserveWithdrawalRecorded(list(saved)), _(
            "Withdrawn from the reserve: {amount} · {date}").format(
            amount=format_amount(amount, currency, symbol=True), date=on.isoformat())
