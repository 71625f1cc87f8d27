"""MoneyForm: the modal base of the loan, payment and bill forms; errors under fields."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from budget.domain.bills import BillError
from budget.domain.loans import LoanError
from budget.i18n import _
from budget.services.ledger import EntryError
from budget.storage.database import DatabaseError
from budget.storage.ledger import Ledger, LedgerError
from budget.ui.literal import literal
from budget.ui.messages import LedgerChanged
from budget.ui.translated import TranslatedBindings
from budget.ui.widgets.form_error import FORM, show_form_error
from budget.ui.widgets.plain_input import PlainInput


class MoneyForm(TranslatedBindings, ModalScreen[bool]):
    """Enter in a field (or ctrl+s) saves through `write`, which runs in a thread worker.

    Subclasses compose with `field`, implement `write` (values -> the message to post and
    the notice to show) and start `write_in_worker` from a `@work` method named `save`.
    """

    CSS_PATH = ["entry.tcss", "money_form.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="form.save"),
        Binding("escape", "cancel", _("Cancel"), id="form.cancel"),
    ]
    FIRST_FIELD = "amount"

    class Rejected(Message):
        """The input was refused; each reason goes under the field it names."""

        def __init__(self, field: str, reason: str,
                     errors: dict[str, str] | None = None) -> None:
            super().__init__()
            self.field, self.reason = field, reason
            self.errors = errors or {field: reason}

    class Closed(Message):
        """The write succeeded; `notice` tells the user what was saved."""

        def __init__(self, notice: str) -> None:
            super().__init__()
            self.notice = notice

    def __init__(self, ledger: Ledger, today: Callable[[], date]) -> None:
        super().__init__()
        self.ledger, self.today = ledger, today
        self._saving = False

    def field(self, name: str, label: str, hint: str = "", value: str = "") -> ComposeResult:
        """A labelled input with its error line; the value is set before mounting so that
        focusing the field selects it and typing replaces it."""
        with Horizontal(classes="row"):
            yield Label(label, classes="label", markup=False)
            yield PlainInput(value=value, placeholder=hint, id=name, compact=True)
        yield Static(id=f"{name}-error", classes="error", markup=False)

    def choice(self, name: str, label: str, options: list[tuple[str, str]],
               value: str) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(label, classes="label", markup=False)
            yield Select([(literal(text), key) for text, key in options], value=value,
                         allow_blank=False, id=name, compact=True)
        yield Static(id=f"{name}-error", classes="error", markup=False)

    def values(self) -> dict[str, str]:
        """Everything typed or chosen, read on the UI thread as plain strings."""
        values = {field.id: field.value for field in self.query(Input).results(Input)
                  if field.id}
        for select in self.query(Select).results(Select):
            if select.id:
                values[select.id] = "" if select.value is Select.NULL else str(select.value)
        return values

    def show_errors(self, errors: dict[str, str], *, focus: bool = False) -> None:
        """Show each message under its field and clear the others."""
        for line in self.query(".error").results(Static):
            name = (line.id or "").removesuffix("-error")
            line.update(errors.get(name, ""))
            line.set_class(name in errors, "shown")
        # results() is a generator, always truthy: look for an actual Input.
        first = next((name for name in errors
                      if any(True for _ in self.query(f"#{name}").results(Input))), None)
        if focus and first:
            self.query_one(f"#{first}", Input).focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        if self._saving:
            return
        self._saving = True
        self.show_errors({})
        self.save(self.values())

    def save(self, values: dict[str, str]) -> None:
        raise NotImplementedError

    def write(self, values: dict[str, str]) -> tuple[LedgerChanged, str]:
        """Validate and save (in the worker thread); raise EntryError for bad input."""
        raise NotImplementedError

    def write_in_worker(self, values: dict[str, str]) -> None:
        try:
            saved, notice = self.write(values)
        except EntryError as error:
            self.post_message(self.Rejected(error.field, str(error),
                                            getattr(error, "errors", None)))
            return
        except (LedgerError, LoanError, BillError) as error:
            self.post_message(self.Rejected(getattr(error, "field", self.FIRST_FIELD),
                                            str(error)))
            return
        except DatabaseError as error:
            # Nothing was saved; the form keeps what was typed, and Enter tries again.
            self.post_message(self.Rejected(FORM, str(error)))
            return
        # Straight to the app so screens start reloading while this form closes.
        self.app.post_message(saved)
        self.post_message(self.Closed(notice))

    @on(Rejected)
    def _rejected(self, message: Rejected) -> None:
        self._saving = False
        shown: dict[str, str] = {}
        for field, reason in message.errors.items():
            if field == FORM:
                show_form_error(self, reason)
                continue
            field = field if self.query(f"#{field}-error") else self.FIRST_FIELD
            shown[field] = shown.get(field, reason)
        self.show_errors(shown, focus=True)

    @on(Closed)
    def _closed(self, message: Closed) -> None:
        self.notify(message.notice)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
