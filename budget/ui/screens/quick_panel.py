"""QuickEntryPanel: the dashboard's one-line entry, `45.5 food lunch`, saved in a worker."""

from __future__ import annotations

from functools import partial

from textual import work
from textual.message import Message
from textual.widgets import Input

from budget.services.dashboard import dashboard_snapshot
from budget.ui.messages import TransactionSaved
from budget.ui.widgets.due import DueList
from budget.ui.widgets.form_error import FORM
from budget.ui.widgets.quick_entry import QuickEntry, QuickLine

AFTER_SAVE_DELAY = 0.1
"""Focus and the notice wait this long after a save: each costs a layout of the screen."""


class QuickEntryRejected(Message):
    """The quick entry line could not be saved; `errors` names every wrong field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__()
        self.errors = errors


class QuickEntryQuestioned(Message):
    """The line is readable but its date is unusual: asked before saving."""

    def __init__(self, text: str, question: str) -> None:
        super().__init__()
        self.text, self.question = text, question


class QuickEntrySaved(Message):
    """The quick entry line was saved."""

    def __init__(self, saved: TransactionSaved) -> None:
        super().__init__()
        self.saved = saved


class QuickEntryPanel:
    """Mixed into the dashboard (a LedgerScreen), which yields a `QuickEntry` and a
    `DueList`. `a` focuses the line (App.action_add); Enter saves it; Enter on an empty
    line opens the full form. Handlers go by name because `@on` is only collected from
    Textual classes."""

    _asked: str | None = None
    """The line whose unusual date was asked about: Enter on it again saves."""

    def focus_quick_entry(self) -> None:
        """`a` on the dashboard: type the entry on one line instead of a form."""
        self.query_one(QuickLine).focus()

    def on_quick_line_left(self) -> None:
        self.query_one(QuickEntry).show_errors({})
        self.query_one(DueList).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "quick":
            return
        event.stop()
        text = event.value.strip()
        if not text:
            self.app.action_add_form()
            return
        self._save_quick(text, confirmed=text == self._asked)

    @work(thread=True, exclusive=True, group="quick-entry")
    def _save_quick(self, text: str, confirmed: bool) -> None:
        from budget.domain.dates import unusual_date
        from budget.services.ledger import EntryError, check_entry, quick_entry, save_entry
        from budget.storage.database import DatabaseError
        from budget.storage.ledger import LedgerError

        entry, today = quick_entry(text), self.today()
        try:
            checked = check_entry(self.ledger, entry, today=today)
            question = unusual_date(checked.on, today)
            if question and not confirmed:
                self.post_message(QuickEntryQuestioned(text, question))
                return
            saved = save_entry(self.ledger, checked, entry)
        except EntryError as error:
            self.post_message(QuickEntryRejected(error.errors))
            return
        except LedgerError as error:
            self.post_message(QuickEntryRejected({"amount": str(error)}))
            return
        except DatabaseError as error:
            # Busy past the timeout, read-only, a disk error: nothing was saved, and the line
            # keeps what was typed so Enter tries again. No field is to blame.
            self.post_message(QuickEntryRejected({FORM: str(error)}))
            return
        # The new figures, read in this worker: the dashboard shows them with no round
        # trip of its own (see TransactionSaved.snapshot).
        message = TransactionSaved([saved], snapshot=dashboard_snapshot(self.ledger, today))
        self.app.post_message(message)
        self.post_message(QuickEntrySaved(message))

    def on_quick_entry_rejected(self, message: QuickEntryRejected) -> None:
        self._asked = None
        self.query_one(QuickEntry).show_errors(message.errors)

    def on_quick_entry_questioned(self, message: QuickEntryQuestioned) -> None:
        self._asked = message.text
        self.query_one(QuickEntry).ask(message.question)

    def on_quick_entry_saved(self, message: QuickEntrySaved) -> None:
        from budget.ui.screens.entry import saved_notice

        self._asked = None
        quick = self.query_one(QuickEntry)
        quick.show_errors({})
        quick.line.value = ""
        # After the new row is painted: moving focus recomposes the footer and a notice
        # mounts a toast, each a layout of the screen that would delay the row. Then back
        # to the list, so the next key is a command again, not more text in the line.
        self.set_timer(AFTER_SAVE_DELAY, partial(self._after_quick_save,
                                                 saved_notice(message.saved)))

    def _after_quick_save(self, notice: str) -> None:
        line = self.query_one(QuickLine)
        if line.has_focus and not line.value:
            self.query_one(DueList).focus()
        self.notify(notice)
