"""DashboardScreen: this month's totals, account balances, recent transactions, panels."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Static

from budget.i18n import _
from budget.l10n import format_month
from budget.services.dashboard import dashboard_snapshot
from budget.ui.literal import literal
from budget.ui.messages import DashboardLoaded, ReserveLoaded
from budget.ui.screens.base import LedgerScreen
from budget.ui.screens.due_panel import DuePanel
from budget.ui.screens.quick_panel import QuickEntryPanel
from budget.ui.screens.safe_panel import SafeToSpendPanel
from budget.ui.widgets.balances import AccountBalances
from budget.ui.widgets.due import DueList
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.quick_entry import QuickEntry
from budget.ui.widgets.recent import RecentList
from budget.ui.widgets.reserve_bar import ReserveBar
from budget.ui.widgets.safe_to_spend import SafeToSpendLine
from budget.ui.widgets.summary import MonthSummary

# The due list, the reserve bar and safe-to-spend replay loans and read months of history.
# Started a moment after the figures, their queries hold the interpreter while Textual
# paints: right after a save that doubled the time until the new row was on screen.
PANELS_DELAY = 0.1


class DashboardScreen(QuickEntryPanel, SafeToSpendPanel, DuePanel, LedgerScreen):
    """The default screen. `#due-panel` and `#reserve-panel` are for loans and the reserve."""

    CSS_PATH = "dashboard.tcss"
    # Below 30 rows the month figures lose their box and the reserve its bar, so the due
    # list shows three items at 80x24.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    # The due list stays the first thing to act on; the safe-to-spend line above it is
    # reached with Tab, and s opens it from anywhere on the dashboard.
    AUTO_FOCUS = "#due-list"
    BINDINGS = [
        Binding("s", "toggle_safe", _("Safe to spend"), tooltip=_("Show or hide the sum "
                                                                 "behind safe to spend"),
                id="dashboard.safe_to_spend"),
        Binding("h", "overdue_help", _("Overdue help"),
                tooltip=_("What to do about the most overdue loan: the playbook"),
                id="dashboard.overdue_help"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield MonthSummary(id="month-summary")
        yield SafeToSpendLine(id="safe-to-spend")
        with Horizontal(id="dashboard-body"):
            with Vertical(id="side"):
                with Vertical(id="accounts-panel", classes="panel") as panel:
                    panel.border_title = literal(_("Accounts"))
                    yield AccountBalances(id="balances")
                with Vertical(id="due-panel", classes="panel") as panel:
                    panel.border_title = literal(_("Due and overdue"))
                    yield DueList(id="due-list")
                with Vertical(id="reserve-panel", classes="panel") as panel:
                    panel.border_title = literal(_("Emergency reserve"))
                    yield ReserveBar(id="reserve-bar")
            with Vertical(id="recent-panel", classes="panel") as panel:
                panel.border_title = literal(_("Recent transactions"))
                yield QuickEntry(id="quick-entry")
                yield Static(_("Nothing recorded yet. Press a and type what you spent, e.g. "
                               "45.5 food lunch, then Enter: 45.50 in Food, noted \"lunch\". "
                               "A minus is a refund: -30 shopping. Press c to give your "
                               "accounts their opening balances."),
                             id="recent-empty", classes="placeholder", markup=False)
                yield RecentList(id="recent")
        yield KeyFooter()

    def reload(self) -> None:
        snapshot, self.app.fresh_snapshot = self.app.fresh_snapshot, None
        today = self.today()
        if snapshot is not None and snapshot.month_start == today.replace(day=1):
            self.post_message(DashboardLoaded(snapshot))
        else:
            self._load()
        self.set_timer(PANELS_DELAY, self.load_due)

    @work(thread=True, exclusive=True, group="dashboard")
    def _load(self) -> None:
        self.post_message(DashboardLoaded(dashboard_snapshot(self.ledger, self.today())))

    @on(DashboardLoaded)
    def _show(self, message: DashboardLoaded) -> None:
        snapshot = message.snapshot
        start = snapshot.month_start
        self.query_one(MonthSummary).show(
            _("This month, {month}").format(month=format_month(start.year, start.month)),
            snapshot.totals, snapshot.currency)
        self.query_one(AccountBalances).show(snapshot.accounts)
        self.query_one(RecentList).show(snapshot.recent, today=snapshot.as_of)
        self.query_one("#recent-empty").display = not snapshot.recent
        # The reserve reads months of history: after the first frame, not before it.
        self.set_timer(PANELS_DELAY, self._load_reserve)
        # Safe to spend replays the loans and bills due: after the figures are on screen.
        self.set_timer(PANELS_DELAY, self.load_safe)

    @work(thread=True, exclusive=True, group="dashboard-reserve")
    def _load_reserve(self) -> None:
        # Imported here, in the worker: the loan and reserve services are not needed for
        # the first frame, and importing them at start-up delayed it.
        from budget.domain.reserve import ReserveError
        from budget.services.loan_facts import max_open_apr
        from budget.services.reserve import load_settings, reserve_view

        today = self.today()
        try:
            # The bar needs the baseline's window and this month, not two years of history.
            months = load_settings(self.ledger).window_months + 1
            view = reserve_view(self.ledger, today, history_months=months,
                                max_loan_apr=max_open_apr(self.ledger, today))
        except ReserveError as error:
            self.call_from_thread(self.query_one(ReserveBar).show_message, str(error))
            return
        self.post_message(ReserveLoaded(view))

    @on(ReserveLoaded)
    def _show_reserve(self, message: ReserveLoaded) -> None:
        view, bar = message.view, self.query_one(ReserveBar)
        if not view.accounts:
            bar.show_no_account()
            return
        progress = view.progress
        bar.show(balance=progress.balance, target=progress.target, percent=progress.percent,
                 coverage_months=progress.coverage_months, currency=view.currency)
