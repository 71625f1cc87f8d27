"""EntryForm: the modal to add, edit or transfer money, keyboard first."""

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

from budget.domain.ledger import Account, Category, Transaction
from budget.domain.money import format_amount
from budget.i18n import N_, _
from budget.services import ledger as entries
from budget.services.dashboard import dashboard_snapshot
from budget.services.ledger import Entry, EntryError
from budget.storage.database import DatabaseError
from budget.storage.ledger import Ledger, LedgerError
from budget.ui.literal import literal
from budget.ui.messages import TransactionSaved
from budget.ui.translated import TranslatedBindings
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.form_error import FORM, show_form_error
from budget.ui.widgets.plain_input import PlainInput

AMOUNT_HINT = N_("45.5, ¥1,234.50 or 12+3.5")
DATE_HINT = N_("today, yesterday, 11-20 or 2026-11-20")


def complete(text: str, names: list[str]) -> str:
    """What Enter picks: the exact name, else the first name the suggester is showing."""
    wanted = text.strip().casefold()
    if not wanted:
        return text
    for name in names:
        if name.casefold() == wanted:
            return name
    return next((name for name in names if name.casefold().startswith(wanted)), text)


class EntryForm(TranslatedBindings, ModalScreen[list[Transaction] | None]):
    """Amount first; Enter in any field saves; errors appear under the field they concern."""

    CSS_PATH = "entry.tcss"
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="entry.cancel")]

    class ChoicesLoaded(Message):
        """Categories and accounts were read for the suggesters."""

        def __init__(self, categories: list[Category], accounts: list[Account],
                     default: Account | None) -> None:
            super().__init__()
            self.categories, self.accounts, self.default = categories, accounts, default

    class EntryRejected(Message):
        """The services refused the input; `errors` says which inputs are wrong and why."""

        def __init__(self, errors: dict[str, str]) -> None:
            super().__init__()
            self.errors = errors

    class EntryQuestioned(Message):
        """The input is valid but its date is unusual: asked before it is saved."""

        def __init__(self, values: dict[str, str], question: str) -> None:
            super().__init__()
            self.values, self.question = values, question

    class Closed(Message):
        """The form did its job; `saved` is what the app was told."""

        def __init__(self, saved: TransactionSaved) -> None:
            super().__init__()
            self.saved = saved

    def __init__(self, ledger: Ledger, today: Callable[[], date], *, transfer: bool = False,
                 editing: Transaction | None = None) -> None:
        super().__init__()
        self.ledger, self.today = ledger, today
        self.transfer, self.editing = transfer, editing
        self.categories: list[Category] = []
        self.accounts: list[Account] = []
        self._saving = False
        self._asked: dict[str, str] | None = None
        """The values whose unusual date was asked about: Enter on them again saves."""

    def compose(self) -> ComposeResult:
        # What is typed most comes first: amount, category, note; Enter in any field saves,
        # so 45.50 Food "lunch" is a, 45.5, Tab, fo, Tab, lunch, Enter.
        with Vertical(id="form") as form:
            form.border_title = literal(self._title())
            yield Static(id="kind", markup=False)
            yield from self._field("amount", _("Amount"), _(AMOUNT_HINT))
            if self.transfer:
                yield from self._field("from", _("From"), _("account"))
                yield from self._field("to", _("To"), _("account"))
            else:
                yield from self._field("category", _("Category"), _("a few letters"))
            yield from self._field("note", _("Note"), _("optional"))
            yield from self._field("date", _("Date"), _(DATE_HINT))
            if not self.transfer:
                yield from self._field("account", _("Account"), _("last used"))
                yield from self._field("payee", _("Payee"), _("optional"))
            # A transfer's amount is always what moves from one account to the other.
            yield Static(_("Enter saves · Esc cancels · Tab next field") if self.transfer else
                         _("Enter saves · Esc cancels · Tab next field · a minus is a refund"),
                         id="form-help", markup=False)
        yield KeyFooter()

    def _title(self) -> str:
        if self.editing:
            return _("Edit transaction #{id}").format(id=self.editing.id)
        return _("Transfer between accounts") if self.transfer else _("Add income or expense")

    def _initial_values(self) -> dict[str, str]:
        tx = self.editing
        if tx is None:
            return {"date": self.today().isoformat()}
        # As it was typed: a refund in an expense category shows its minus again.
        return {"amount": format_amount(tx.typed_amount, tx.currency),
                "category": tx.category or "", "date": tx.date.isoformat(),
                "account": tx.account, "payee": tx.payee, "note": tx.note}

    def _field(self, name: str, label: str, hint: str) -> ComposeResult:
        # Values are set here, not after mounting, so focusing a field selects its text
        # and typing replaces it.
        value = self._initial_values().get(name, "")
        with Horizontal(classes="row"):
            yield Label(label, classes="label", markup=False)
            yield PlainInput(value=value, placeholder=hint, id=name, compact=True)
        yield Static(id=f"{name}-error", classes="error", markup=False)

    def on_mount(self) -> None:
        self._load_choices()

    @work(thread=True, exclusive=True, group="entry-choices")
    def _load_choices(self) -> None:
        accounts = self.ledger.accounts()
        default = entries.default_account(self.ledger, accounts) if accounts else None
        self.post_message(self.ChoicesLoaded(self.ledger.categories(), accounts, default))

    @on(ChoicesLoaded)
    def _choices_loaded(self, message: ChoicesLoaded) -> None:
        self.categories, self.accounts = message.categories, message.accounts
        account_names = [account.name for account in self.accounts]
        for name in ("account", "from", "to"):
            for field in self.query(f"#{name}").results(Input):
                field.suggester = SuggestFromList(account_names, case_sensitive=False)
        for field in self.query("#category").results(Input):
            field.suggester = SuggestFromList(self._category_names(), case_sensitive=False)
        # Fill the default only if the person has not typed there yet.
        target = "from" if self.transfer else "account"
        field = self.query_one(f"#{target}", Input)
        if message.default and not field.value:
            field.value = message.default.name
        self._preview()

    def _category_names(self) -> list[str]:
        return [category.name for category in self.categories]

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    @on(Input.Changed)
    def _preview(self) -> None:
        """Show live what will be saved: the kind and the signed amount."""
        kind = self.query_one("#kind", Static)
        try:
            minor = entries.read_amount(self._value("amount"))
        except EntryError:
            minor = None
        amount = "" if minor is None else format_amount(abs(minor))
        if self.transfer:
            kind.update(_("Transfer {amount}").format(amount=amount))
            return
        category = self._category(complete(self._value("category"), self._category_names()))
        if category is None:
            kind.update(_("Income or expense follows the category") + f"  {amount}")
            return
        stored = None if minor is None else category.signed(minor)
        if stored is not None and category.is_refund(stored):
            label = _("Refund") if category.signed(1) < 0 else _("Income correction")
        else:
            label = _("Expense") if category.signed(1) < 0 else _("Income")
        signed = "" if stored is None else format_amount(stored, plus=True)
        kind.update(literal(f"{label}: {category.name}  {signed}"))
        kind.set_class((stored if stored is not None else category.signed(1)) > 0, "income")

    def _category(self, name: str) -> Category | None:
        return next((c for c in self.categories if c.name.casefold() == name.casefold()), None)

    @on(Input.Blurred, "#category")
    def _complete_category(self, event: Input.Blurred) -> None:
        completed = complete(event.value, self._category_names())
        if completed != event.value:
            event.input.value = completed

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self._saving:
            return
        self._saving = True
        for error in self.query(".error").results(Static):
            error.update("")
            error.remove_class("shown", "question")
        # Read the inputs here, on the UI thread; the worker only gets plain strings.
        values = {field.id: field.value for field in self.query(Input).results(Input)
                  if field.id}
        self._save(values, values == self._asked)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True, group="entry-save")
    def _save(self, values: dict[str, str], confirmed: bool) -> None:
        try:
            question = None if confirmed else self._question(values)
            if question:
                self.post_message(self.EntryQuestioned(values, question))
                return
            saved = self._write(values)
        except EntryError as error:
            self.post_message(self.EntryRejected(error.errors))
            return
        except LedgerError as error:
            self.post_message(self.EntryRejected(getattr(error, "errors", None) or {
                getattr(error, "field", "amount"): str(error)}))
            return
        except DatabaseError as error:
            # Busy past the timeout, read-only, a disk error: nothing was saved, and the
            # form stays open with what was typed so Enter tries again.
            self.post_message(self.EntryRejected({FORM: str(error)}))
            return
        # The dashboard's new figures, read here in the same worker (about 1 ms): the
        # dashboard then shows them in the frame that closes this form, with no second
        # round trip through a worker of its own.
        overdrawn = entries.overdraft_warning(self.ledger, saved[0]) if self.transfer else None
        if overdrawn:  # saved all the same; the user should look
            self.app.call_from_thread(self.app.notify, overdrawn, severity="warning", timeout=8)
        snapshot = dashboard_snapshot(self.ledger, self.today())
        saved_message = TransactionSaved(saved, edited=self.editing is not None,
                                         snapshot=snapshot)
        # Straight to the app, so the screens start reloading while this form is still
        # being dismissed (bubbling would wait for the dismissal: ~30 ms).
        self.app.post_message(saved_message)
        self.post_message(self.Closed(saved_message))

    def _question(self, values: dict[str, str]) -> str | None:
        """Runs in the worker: what to ask before saving (an entry dated far ahead or
        decades back), or None. Unreadable input is left for the write to report."""
        from budget.domain.dates import DateError, parse_date, unusual_date

        try:
            on = parse_date(values.get("date") or "today", self.today())
        except DateError:
            return None
        return unusual_date(on, self.today())

    def _write(self, values: dict[str, str]) -> list[Transaction]:
        """Runs in the worker thread: the services validate everything before writing."""
        today = self.today()
        if self.transfer:
            return list(entries.transfer(self.ledger, amount=values["amount"],
                                         source=values["from"], target=values["to"],
                                         on=values["date"], note=values["note"], today=today))
        entry = Entry(amount=values["amount"],
                      category=complete(values["category"], self._category_names()),
                      on=values["date"], account=values["account"], payee=values["payee"],
                      note=values["note"])
        if self.editing:
            return [entries.update(self.ledger, self.editing.id, entry, today=today)]
        return [entries.record(self.ledger, entry, today=today)]

    @on(EntryRejected)
    def _rejected(self, message: EntryRejected) -> None:
        self._saving, self._asked = False, None
        first = None
        for field, reason in message.errors.items():
            if field == FORM:
                show_form_error(self, reason)
                continue
            field = field if self.query(f"#{field}-error") else "amount"
            error = self.query_one(f"#{field}-error", Static)
            error.update(reason)
            error.add_class("shown")
            first = first or field
        if first:
            self.query_one(f"#{first}", Input).focus()

    @on(EntryQuestioned)
    def _questioned(self, message: EntryQuestioned) -> None:
        self._saving, self._asked = False, message.values
        error = self.query_one("#date-error", Static)
        error.update(message.question + " " + _("Enter again saves it as it is."))
        error.add_class("shown", "question")
        self.query_one("#date", Input).focus()

    @on(Closed)
    def _saved(self, closed: Closed) -> None:
        self.notify(saved_notice(closed.saved))
        self.dismiss(closed.saved.transactions)


def saved_notice(message: TransactionSaved) -> str:
    """What was saved, in one line: "Saved: Food -45.50 · 2026-11-20 · Cash"."""
    first = message.transactions[0]
    what = first.category or _("Transfer")
    amount = format_amount(abs(first.amount) if first.is_transfer else first.amount,
                           first.currency, plus=not first.is_transfer)
    template = _("Updated: {what} {amount} · {date} · {account}") if message.edited else \
        _("Saved: {what} {amount} · {date} · {account}")
    return template.format(what=what, amount=amount, date=first.date.isoformat(),
                           account=first.account)
