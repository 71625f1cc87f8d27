"""EmptyFileApp: asks before an empty (0-byte) database file becomes a new ledger."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from budget.i18n import _
from budget.ui.translated import TranslatedBindings
from budget.ui.widgets.footer import KeyFooter


class _Question(TranslatedBindings, Screen):
    """The question itself; the app's keys are shown (translated) in its footer."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="question"):
            yield Static(_(
                "{path} is empty (0 bytes). A sync or a copy that did not finish leaves a "
                "file like this: your ledger may be on another device or in a backup.\n\n"
                "n: start a new, empty ledger in this file\n"
                "q: leave it untouched and quit").format(path=self.path), markup=False)
        yield KeyFooter()


class EmptyFileApp(App[bool]):
    """Says what was found and waits for a choice: n starts a new ledger in the file, q or
    Esc leaves it untouched. Returns True for a new ledger."""

    TITLE = "budget"
    CSS = """
    #question { width: 72; height: auto; border: round $warning; padding: 1 2; }
    Screen { align: center middle; }
    """
    BINDINGS = [
        Binding("n", "start_afresh", _("New ledger"), id="empty.new"),
        Binding("q,escape", "leave", _("Leave it"), id="empty.leave"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def get_default_screen(self) -> Screen:
        return _Question(self.path)

    def action_start_afresh(self) -> None:
        self.exit(True)

    def action_leave(self) -> None:
        self.exit(False)


def ask_start_afresh(path: Path) -> bool:
    """Run the question; True when the user chose a new ledger."""
    return bool(EmptyFileApp(path).run())
