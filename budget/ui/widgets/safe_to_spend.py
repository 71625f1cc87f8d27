"""SafeToSpendLine: the dashboard's "safe to spend today" sentence, expandable to its sum."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from budget.i18n import _


class SafeToSpendLine(Static, can_focus=True):
    """One line with the headline; expanded, the terms of the sum below it.

    The caller passes the sentences (`headline()` and `explain()` of the domain) and
    whether the user is short; this widget only shows them. One Static rather than a
    container of lines: it is on the dashboard's first frame, where every widget costs.
    """

    BINDINGS = [
        Binding("enter", "toggle", _("Details"), tooltip=_("Show or hide the sum behind "
                                                          "safe to spend"),
                id="safe_to_spend.toggle"),
    ]

    COMPONENT_CLASSES = {"safe-to-spend--enough", "safe-to-spend--short",
                         "safe-to-spend--muted"}

    DEFAULT_CSS = """
    SafeToSpendLine {
        height: auto;
        padding: 0 2;
    }
    SafeToSpendLine:focus {
        background-tint: $foreground 5%;
    }
    SafeToSpendLine > .safe-to-spend--enough {
        color: $text-success;
        text-style: bold;
    }
    SafeToSpendLine > .safe-to-spend--short {
        color: $text-error;
        text-style: bold;
    }
    SafeToSpendLine > .safe-to-spend--muted {
        color: $text-muted;
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
        super().__init__(_("Safe to spend today: loading…"), id=id, classes=classes,
                         markup=False)
        self.headline = ""
        """The sentence shown; tests read it."""
        self.terms: tuple[str, ...] = ()
        """The lines of the sum, as given."""
        self.short = False
        self._message = ""

    def show(self, headline: str, terms: Sequence[str], *, short: bool) -> None:
        """Display the headline and keep the terms for when the line is expanded."""
        self.headline, self.terms, self.short, self._message = headline, tuple(terms), short, ""
        self._render_text()

    def show_message(self, text: str) -> None:
        """A sentence instead of the figure: why there is none."""
        self.headline, self.terms, self.short, self._message = "", (), False, text
        self.expanded = False
        self._render_text()

    def action_toggle(self) -> None:
        """Show or hide the terms (only when there are some)."""
        if self.terms:
            self.expanded = not self.expanded

    def watch_expanded(self, expanded: bool) -> None:
        self._render_text()
        self.post_message(self.Toggled(expanded))

    def _render_text(self) -> None:
        style = self.get_component_rich_style
        muted = style("safe-to-spend--muted")
        if self._message:
            self.update(Text(self._message, style=muted))
            return
        text = Text(self.headline, style=style(
            "safe-to-spend--short" if self.short else "safe-to-spend--enough"))
        text.append("  " + (_("s: hide the sum") if self.expanded else _("s: show the sum")),
                    style=muted)
        if not self.expanded:
            self.update(text)
            return
        # The last line of explain() repeats the headline: it is already on top. Padding,
        # not leading spaces, so a wrapped term stays indented.
        terms = Text("\n".join(line for line in self.terms if line != self.headline),
                     style=muted)
        self.update(Group(text, Padding(terms, (0, 0, 0, 2))))
