"""QuickEntry: one line to record money as the shell reads it, `45.5 food lunch`, Enter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from budget.i18n import _
from budget.ui.widgets.form_error import FORM


class QuickLine(Input):
    """The input itself; Esc hands the keyboard back to the screen."""

    BINDINGS = [
        Binding("escape", "leave", _("Back"), tooltip=_("Leave the quick entry line"),
                id="quick_entry.leave"),
    ]

    class Left(Message):
        """The user pressed Esc in the line."""

    def action_leave(self) -> None:
        self.post_message(self.Left())


class QuickEntry(Vertical):
    """A line and, under it, what went wrong or what is asked; the screen saves.

    Shows a hint when empty; `show_errors` lists every wrong field at once and `ask`
    puts a question (an unusual date) that a second Enter answers.
    """

    DEFAULT_CSS = """
    QuickEntry {
        height: auto;
        padding: 0 1;
    }
    QuickEntry > QuickLine {
        border: none;
        height: 1;
        padding: 0 1;
    }
    QuickEntry > #quick-message {
        display: none;
        color: $text-error;
        padding: 0 1;
    }
    QuickEntry > #quick-message.shown {
        display: block;
    }
    QuickEntry > #quick-message.question {
        color: $text-warning;
    }
    """

    def compose(self) -> ComposeResult:
        yield QuickLine(placeholder=_("a: add, e.g. 45.5 food lunch, then Enter · Enter on an "
                                      "empty line: the full form · Esc: back"),
                        id="quick", compact=True)
        yield Static(id="quick-message", markup=False)

    @property
    def line(self) -> QuickLine:
        return self.query_one(QuickLine)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Every wrong field at once, one per line; an empty dict clears them. A FORM error
        (the database busy) is shown as it is, under no field's name."""
        self._message("\n".join(text if field == FORM else
                                _("{field}: {message}").format(field=_(field), message=text)
                                for field, text in errors.items()), question=False)

    def ask(self, question: str) -> None:
        """A question that Enter, pressed again on the same line, answers yes."""
        self._message(question + " " + _("Enter again saves it; change the line otherwise."),
                      question=True)

    def _message(self, text: str, *, question: bool) -> None:
        message = self.query_one("#quick-message", Static)
        if not text and not message.has_class("shown"):
            return  # nothing shown, nothing to clear: no layout pass on every save
        message.update(text)
        message.set_class(bool(text), "shown")
        message.set_class(question, "question")
