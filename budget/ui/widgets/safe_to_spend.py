"""SafeToSpendLine: the dashboard's "safe to spend today" sentence, expandable to its sum."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from budget.i18n import _


class SafeToSpendLine(Vertical, can_focus=True):
    """One line with the headline; expanded, the terms of the sum below it.

    The caller passes the sentences (`headline()` and `explain()` of the domain) and
    whether the user is short; this widget only shows them.
    """

    BINDINGS = [
        Binding("enter", "toggle", _("Details"), tooltip=_("Show or hide the sum behind "
                                                          "safe to spend"),
                id="safe_to_spend.toggle"),
    ]

    DEFAULT_CSS = """
    SafeToSpendLine {
        height: auto;
        padding: 0 2;
    }
    SafeToSpendLine:focus {
        background-tint: $foreground 5%;
    }
    SafeToSpendLine > #safe-top {
        height: auto;
    }
    SafeToSpendLine #safe-headline {
        width: auto;
        max-width: 100%;
        text-style: bold;
        color: $text-success;
    }
    SafeToSpendLine.-short #safe-headline {
        color: $text-error;
    }
    SafeToSpendLine.-muted #safe-headline {
        color: $text-muted;
        text-style: none;
    }
    SafeToSpendLine #safe-hint {
        width: 1fr;
        height: 1;
        padding: 0 0 0 2;
        color: $text-muted;
    }
    SafeToSpendLine > #safe-terms {
        display: none;
        height: auto;
        padding: 0 0 0 2;
        color: $text-muted;
    }
    SafeToSpendLine.-expanded > #safe-terms {
        display: block;
    }
    """

    expanded: reactive[bool] = reactive(False, init=False)
    """Whether the terms of the sum are shown under the headline."""

    class Toggled(Message):
        """The terms were shown or hidden."""

        def __init__(self, expanded: bool) -> None:
            super().__init__()
            self.expanded = expanded

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.headline = ""
        """The sentence shown; tests read it."""
        self.terms: tuple[str, ...] = ()
        """The lines of the sum, as given."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="safe-top"):
            yield Static(_("Safe to spend today: loading…"), id="safe-headline", markup=False)
            yield Static(id="safe-hint", markup=False)
        yield Static(id="safe-terms", markup=False)

    def on_mount(self) -> None:
        self.add_class("-muted")

    def show(self, headline: str, terms: Sequence[str], *, short: bool) -> None:
        """Display the headline and keep the terms for when the line is expanded."""
        self.headline, self.terms = headline, tuple(terms)
        self.remove_class("-muted")
        self.set_class(short, "-short")
        self.query_one("#safe-headline", Static).update(headline)
        self._show_hint()
        # The last line of explain() repeats the headline: it is already on top.
        shown = [line for line in self.terms if line != headline]
        self.query_one("#safe-terms", Static).update("\n".join(shown))

    def show_message(self, text: str) -> None:
        """A sentence instead of the figure: why there is none."""
        self.headline, self.terms = text, ()
        self.add_class("-muted")
        self.remove_class("-short")
        self.expanded = False
        self.query_one("#safe-headline", Static).update(text)
        self.query_one("#safe-terms", Static).update("")
        self._show_hint()

    def action_toggle(self) -> None:
        """Show or hide the terms (only when there are some)."""
        if self.terms:
            self.expanded = not self.expanded

    def watch_expanded(self, expanded: bool) -> None:
        self.set_class(expanded, "-expanded")
        self._show_hint()
        self.post_message(self.Toggled(expanded))

    def _show_hint(self) -> None:
        hint = ""
        if self.terms:
            hint = _("s: hide the sum") if self.expanded else _("s: show the sum")
        self.query_one("#safe-hint", Static).update(hint)
