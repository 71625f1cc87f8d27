"""BudgetApp and build_app: wire the ledger, the clock and the screens together."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from budget.i18n import AUTO, _, activate, choose
from budget.storage.ledger import Ledger
from budget.ui import planning
from budget.ui.messages import LedgerChanged, TransactionSaved
from budget.ui.palette import binding_commands
from budget.ui.reminders import DueReminders, RemindersLoaded
from budget.ui.screens.dashboard import DashboardScreen
from budget.ui.watch import LedgerWatch

RESTART = "restart"
"""The app's result when it should start again at once (a new language was chosen)."""

# Every screen but the dashboard is imported when first opened: together they cost the
# first frame ~60 ms of imports (plotext, the loan and planning services) it does not use.
LAZY_SCREENS = {
    "transactions": "budget.ui.screens.transactions:TransactionsScreen",
    "manage": "budget.ui.screens.manage:ManageScreen",
    "loans": "budget.ui.screens.loans:LoansScreen",
    "reserve": "budget.ui.screens.reserve:ReserveScreen",
    "budgets": "budget.ui.screens.budgets:BudgetsScreen",
    "review": "budget.ui.screens.review:ReviewScreen",
    "plan": "budget.ui.screens.plan:PlanScreen",
    "imports": "budget.ui.screens.imports.screen:ImportScreen",
}


PRELOAD_DELAY = 1.0
"""Seconds after start when the other screens' modules are imported in the background: the
first frame does not pay for them, and neither does the first visit of a screen."""


def _lazy_screen(path: str, ledger: Ledger, today: Callable[[], date]) -> Screen:
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)(ledger, today)


def _import_screens() -> None:
    """Import every lazily loaded screen (in a thread worker, while the user reads the
    dashboard)."""
    for path in LAZY_SCREENS.values():
        importlib.import_module(path.split(":")[0])


class BudgetApp(App[None]):
    """Holds the ledger and the clock; screens do the work."""

    TITLE = "budget"
    # A compact footer gives every key a right margin, the palette key docked at the right
    # edge too: the keys scrolling under it then show a stray letter in that last cell.
    CSS = "Footer.-compact FooterKey.-command-palette { margin-right: 0; }"
    BINDINGS = [
        Binding("d", "switch_mode('dashboard')", _("Dashboard"), id="app.dashboard"),
        Binding("l", "switch_mode('transactions')", _("Transactions"), id="app.transactions"),
        Binding("c", "switch_mode('manage')", _("Accounts"),
                tooltip=_("Accounts and categories"), id="app.manage"),
        Binding("o", "switch_mode('loans')", _("Loans"), tooltip=_("Loans and bills"),
                id="app.loans"),
        Binding("f", "switch_mode('reserve')", _("Reserve"), tooltip=_("Emergency reserve"),
                id="app.reserve"),
        # Shift+B too: the Loans screen uses b for a new bill.
        Binding("b,B", "switch_mode('budgets')", _("Budgets"),
                tooltip=_("Monthly budgets per category"), id="app.budgets"),
        # Shift+V too: the Reserve screen uses v to switch its charts.
        Binding("v,V", "switch_mode('review')", _("Review"), tooltip=_("Monthly review"),
                id="app.review"),
        Binding("y", "switch_mode('plan')", _("Plan"), tooltip=_("Debt payoff planner"),
                id="app.plan"),
        Binding("i", "switch_mode('imports')", _("Import"),
                tooltip=_("Import an Alipay, WeChat Pay or bank export"), id="app.imports"),
        Binding("a", "add", _("Add"), tooltip=_("Add income or an expense"), id="app.add"),
        Binding("A", "add_form", _("Add (form)"), show=False,
                tooltip=_("Add income or an expense with every field: date, account, payee"),
                id="app.add_form"),
        Binding("t", "transfer", _("Transfer"), tooltip=_("Transfer between accounts"),
                id="app.transfer"),
        Binding("q", "quit", _("Quit"), id="app.quit"),
        Binding("L", "language", _("Language"), tooltip=_("Choose the language budget speaks"),
                id="app.language"),
    ]

    ledger_version: reactive[int] = reactive(0)
    """Bumped after every write; screens watch it and reload."""

    def __init__(self, ledger: Ledger, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.ledger, self.today = ledger, today
        self.fresh_snapshot = None
        self.add_mode("dashboard", partial(DashboardScreen, ledger, today))
        for mode, path in LAZY_SCREENS.items():
            self.add_mode(mode, partial(_lazy_screen, path, ledger, today))
        self.reminders = DueReminders(self, ledger, today)
        self.ledger_watch = LedgerWatch(self, ledger)

    def on_mount(self) -> None:
        self.ledger_watch.start()
        self.switch_mode("dashboard")
        self.reminders.start()
        planning.remind_review(self, self.ledger, self.today)
        for notice in self.ledger.notices:
            self.notify(notice, timeout=20)
        self.set_timer(PRELOAD_DELAY, partial(
            self.run_worker, _import_screens, thread=True, exclusive=True, group="preload"),
            name="preload-screens")

    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = True) -> None:
        # Notices quote names and typed text: never read them as markup, where "[/]"
        # would end the app (see budget/ui/literal.py).
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _handle_exception(self, error: Exception) -> None:
        # The one place the TUI meets a database failure nobody caught (a worker reading or
        # writing while another program holds the lock past the timeout, a read-only or
        # damaged file): say what happened and keep running, instead of Textual's default
        # of ending the app. Anything else is a bug and ends it with its traceback.
        from textual.worker import WorkerFailed

        from budget.storage.failures import explain

        failure = explain(error.error if isinstance(error, WorkerFailed) else error,
                          self.ledger.path)
        if failure is None:
            super()._handle_exception(error)
            return
        self.notify(str(failure), title=_("Nothing was saved"), severity="error", timeout=20)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # No second form, and no screen switch, on top of an open form. The command palette
        # is a modal too, but what it lists is for the screen beneath it.
        if action in {"add", "add_form", "transfer", "switch_mode"}:
            return not isinstance(self._screen_under_palette(), ModalScreen)
        return True

    def _screen_under_palette(self) -> Screen:
        from textual.command import CommandPalette

        stack = [screen for screen in self.screen_stack
                 if not isinstance(screen, CommandPalette)]
        return stack[-1] if stack else self.screen

    def action_add(self) -> None:
        """One line on the dashboard (`45.5 food lunch`); the full form elsewhere."""
        quick = getattr(self.screen, "focus_quick_entry", None)
        if quick is not None:
            quick()
            return
        self.action_add_form()

    def action_add_form(self) -> None:
        from budget.ui.screens.entry import EntryForm

        self.push_screen(EntryForm(self.ledger, self.today))

    def action_transfer(self) -> None:
        from budget.ui.screens.entry import EntryForm

        self.push_screen(EntryForm(self.ledger, self.today, transfer=True))

    @on(LedgerChanged)
    def _ledger_changed(self, message: LedgerChanged) -> None:
        # Kept before the version moves, so screens reloading on the change can use it.
        self.fresh_snapshot = message.snapshot
        self.ledger_version += 1

    @on(TransactionSaved)
    def _transaction_saved(self, message: TransactionSaved) -> None:
        planning.warn_overspend(self, self.ledger, message.transactions)

    @on(RemindersLoaded)
    def _reminders_loaded(self, message: RemindersLoaded) -> None:
        self.reminders.show(message.reminders)

    def action_language(self) -> None:
        from budget.ui.screens.language_form import LanguageForm

        self.push_screen(LanguageForm(self.ledger), self._language_chosen)

    def _language_chosen(self, code: str | None) -> None:
        if code is None:
            return
        # Chosen just now, in the app: it wins over --lang and BUDGET_LANG for this session.
        activate(choose(saved=code) if code == AUTO else code)
        self.exit(RESTART)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from binding_commands(screen)
        # Textual's own entries (theme, keys, quit...) in the active language too.
        for command in super().get_system_commands(screen):
            yield command._replace(title=_(command.title), help=_(command.help))

    def action_command_palette(self) -> None:
        # As Textual's own, with the search hint in the active language.
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"),
                                            id="--command-palette"))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider],
                                        placeholder=_("Search for themes…")))


def build_app(db: str | None, *, today: Callable[[], date] = date.today,
              ledger: Ledger | None = None, allow_empty: bool = False) -> BudgetApp:
    """The one factory for the CLI and the tests; tests pass a ledger over :memory:.
    `allow_empty`: the user agreed to start a new ledger in an empty (0-byte) file."""
    from budget.ui import wide_characters

    wide_characters.install()
    if ledger is None:
        from budget.services.session import open_ledger

        ledger = open_ledger(db, allow_empty=allow_empty)
    return BudgetApp(ledger, today)
