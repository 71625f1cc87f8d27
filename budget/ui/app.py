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
}


def _lazy_screen(path: str, ledger: Ledger, today: Callable[[], date]) -> Screen:
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)(ledger, today)


class BudgetApp(App[None]):
    """Holds the ledger and the clock; screens do the work."""

    TITLE = "budget"
    BINDINGS = [
        Binding("d", "switch_mode('dashboard')", _("Dashboard"), id="app.dashboard"),
        Binding("l", "switch_mode('transactions')", _("Transactions"), id="app.transactions"),
        Binding("c", "switch_mode('manage')", _("Accounts & categories"), id="app.manage"),
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
        Binding("a", "add", _("Add"), tooltip=_("Add income or an expense"), id="app.add"),
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

    def on_mount(self) -> None:
        self.switch_mode("dashboard")
        self.reminders.start()
        planning.remind_review(self, self.ledger, self.today)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # No second form, and no screen switch, on top of an open form.
        if action in {"add", "transfer", "switch_mode"}:
            return not isinstance(self.screen, ModalScreen)
        return True

    def action_add(self) -> None:
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
              ledger: Ledger | None = None) -> BudgetApp:
    """The one factory for the CLI and the tests; tests pass a ledger over :memory:."""
    from budget.ui import wide_characters

    wide_characters.install()
    if ledger is None:
        from budget.services.session import open_ledger

        ledger = open_ledger(db)
    return BudgetApp(ledger, today)
