"""ItemForm: a small modal to name a new or existing account or category."""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from budget.i18n import _
from budget.services.ledger import EntryError
from budget.storage.database import DatabaseError
from budget.storage.ledger import LedgerError
from budget.ui.literal import literal
from budget.ui.messages import AccountsChanged
from budget.ui.translated import TranslatedBindings
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.form_error import FORM, show_form_error
from budget.ui.widgets.plain_input import PlainInput


class ItemForm(TranslatedBindings, ModalScreen[bool]):
    """Collects a name (and a kind or opening balance); `save` does the write in a worker."""

    CSS_PATH = "entry.tcss"
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="item.cancel")]

    class Rejected(Message):
        """The write was refused; the reason is shown under the field named `field`."""

        def __init__(self, field: str, reason: str) -> None:
            super().__init__()
            self.field, self.reason = field, reason

    def __init__(self, title: str, save: Callable[[dict[str, str]], object], *,
                 name: str = "", kinds: list[tuple[str, str]] | None = None,
                 opening_balance: bool = False, opening: str = "0",
                 name_locked: bool = False) -> None:
        super().__init__()
        self.title_text, self.save = title, save
        self.initial_name, self.kinds = name, kinds
        self.opening_balance, self.opening = opening_balance, opening
        self.name_locked = name_locked

    def compose(self) -> ComposeResult:
        with Vertical(id="form") as form:
            form.border_title = literal(self.title_text)
            with Horizontal(classes="row"):
                yield Label(_("Name"), classes="label", markup=False)
                yield PlainInput(self.initial_name, id="name", compact=True,
                                 disabled=self.name_locked)
            yield Static(id="name-error", classes="error", markup=False)
            if self.kinds:
                with Horizontal(classes="row"):
                    yield Label(_("Kind"), classes="label", markup=False)
                    yield Select(self.kinds, value=self.kinds[0][1], allow_blank=False,
                                 id="kind-select", compact=True)
            if self.opening_balance:
                with Horizontal(classes="row"):
                    yield Label(_("Opening"), classes="label", markup=False)
                    yield PlainInput(self.opening, id="opening", compact=True,
                                placeholder=_("balance today, e.g. 1,200 or -3,000 owed"))
                yield Static(id="opening-error", classes="error", markup=False)
            yield Static(_("Enter saves · Esc cancels"), id="form-help", markup=False)
        yield KeyFooter()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        values = {field.id: field.value for field in self.query(Input).results(Input)
                  if field.id}
        for select in self.query(Select).results(Select):
            values["kind"] = str(select.value)
        self._save(values)

    @work(thread=True, exclusive=True, group="item-save")
    def _save(self, values: dict[str, str]) -> None:
        try:
            self.save(values)
        except EntryError as error:
            self.post_message(self.Rejected(error.field, str(error)))
            return
        except LedgerError as error:
            self.post_message(self.Rejected("name", str(error)))
            return
        except DatabaseError as error:
            # Busy, read-only, a disk error: nothing saved, the form stays.
            self.post_message(self.Rejected(FORM, str(error)))
            return
        self.post_message(AccountsChanged())

    @on(Rejected)
    def _rejected(self, message: Rejected) -> None:
        if message.field == FORM:
            show_form_error(self, message.reason)
            return
        field = message.field if self.query(f"#{message.field}-error") else "name"
        error = self.query_one(f"#{field}-error", Static)
        error.update(message.reason)
        error.add_class("shown")

    @on(AccountsChanged)
    def _saved(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
