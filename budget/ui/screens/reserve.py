"""ReserveScreen: the emergency reserve's figures, milestones and two charts, with actions."""

from __future__ import annotations

from rich.style import Style
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Header, Static

from budget.domain.reserve import ReserveError
from budget.i18n import _
from budget.services.loan_facts import max_open_apr
from budget.services.reserve import ReserveView, reserve_view
from budget.ui.literal import literal
from budget.ui.messages import ReserveLoaded
from budget.ui.screens import reserve_figures as figures
from budget.ui.screens.base import LedgerScreen
from budget.ui.screens.reserve_forms import TopUpForm, WithdrawalForm
from budget.ui.screens.reserve_target_forms import NeededByForm, ReserveSettingsForm
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.reserve_charts import EssentialChart, ReserveChart

_FIGURES = ("headline", "coverage", "baseline", "pace", "projection", "suggestion", "needed")


class ReserveScreen(LedgerScreen):
    """Both charts side by side with the figures on a large terminal; one at a time when small."""

    CSS_PATH = "reserve.tcss"
    COMPONENT_CLASSES = {"reserve-screen--reached", "reserve-screen--muted"}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]
    BINDINGS = [
        Binding("u", "top_up", _("Top up"), tooltip=_("Top up the reserve"),
                id="reserve.top_up"),
        Binding("w", "withdraw", _("Withdraw"), tooltip=_("Emergency withdrawal from the "
                                                          "reserve"), id="reserve.withdraw"),
        Binding("s", "settings", _("Target"), tooltip=_("Reserve target and settings"),
                id="reserve.settings"),
        Binding("g", "needed_by", _("By date"), tooltip=_("Needed per month to reach the "
                                                          "target by a date"),
                id="reserve.needed_by"),
        Binding("v", "toggle_chart", _("Other chart"), tooltip=_("Switch between the reserve "
                                                                 "and essential-spending charts"),
                id="reserve.toggle_chart"),
    ]

    class LoadFailed(Message):
        """The reserve could not be read (e.g. unreadable saved settings)."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    view: ReserveView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="reserve-body"):
            with Vertical(id="reserve-figures") as panel:
                panel.border_title = literal(_("Emergency reserve"))
                for name in _FIGURES:
                    yield Static(id=name, markup=False)
                # The table reads best; one wrapping line leaves a small terminal a chart.
                yield Static(id="milestones-line", markup=False)
                yield Static(id="milestones", markup=False)
            with Vertical(id="reserve-charts"):
                yield ReserveChart(id="balance-chart")
                with Vertical(id="essential-pane"):
                    yield Static(id="breakdown", markup=False)
                    yield EssentialChart(id="essential-chart")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#headline", Static).update(_("Loading…"))
        super().on_mount()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="reserve")
    def _load(self) -> None:
        today = self.today()
        try:
            view = reserve_view(self.ledger, today,
                                max_loan_apr=max_open_apr(self.ledger, today))
        except ReserveError as error:
            self.post_message(self.LoadFailed(str(error)))
            return
        self.post_message(ReserveLoaded(view))

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        self.query_one("#headline", Static).update(literal(message.reason))

    @on(ReserveLoaded)
    def _show(self, message: ReserveLoaded) -> None:
        self.view = view = message.view
        self.query_one("#reserve-figures").border_title = literal(figures.panel_title(view))
        lines = {"headline": figures.headline(view), "coverage": figures.coverage_line(view),
                 "baseline": figures.baseline_line(view), "pace": figures.pace_line(view),
                 "projection": figures.projection_line(view),
                 "suggestion": figures.suggestion_line(view),
                 "breakdown": figures.breakdown_line(view),
                 # A figure worked out for the old balance or target would mislead.
                 "needed": ""}
        for name, text in lines.items():
            line = self.query_one(f"#{name}", Static)
            line.update(literal(text))
            line.set_class(not text, "empty")
        reached, muted = self._styles()
        self.query_one("#milestones", Static).update(
            figures.milestones_table(view, reached, muted))
        self.query_one("#milestones-line", Static).update(
            figures.milestones_line(view, reached, muted))
        # Without a reserve account there is no history and nothing to project.
        projection = view.projection if view.accounts else ()
        self.query_one(ReserveChart).show(*_from_first_balance(view), view.progress.target,
                                          projection, view.currency)
        self.query_one(EssentialChart).show(*_from_first_spending(view), view.currency)
        self.refresh_bindings()

    def _styles(self) -> tuple[Style, Style]:
        """Theme colours for reached and not-yet milestones (Rich text needs Rich styles)."""
        return (self.get_component_rich_style("reserve-screen--reached"),
                self.get_component_rich_style("reserve-screen--muted"))

    def on_resize(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_chart":
            # Hidden when both charts fit: v then does what the footer says there (the
            # app's v, Review), never a dimmed "Other chart" that opens another screen.
            return False if self._both_charts_fit() else True
        if action in {"top_up", "withdraw"}:
            return None if self.view is not None and not self.view.accounts else True
        return True

    def _both_charts_fit(self) -> bool:
        return self.has_class("-wide") or self.has_class("-tall")

    def action_toggle_chart(self) -> None:
        self.toggle_class("show-essential")

    def action_top_up(self) -> None:
        self.app.push_screen(TopUpForm(self.ledger, self.today))

    def action_withdraw(self) -> None:
        self.app.push_screen(WithdrawalForm(self.ledger, self.today))

    def action_settings(self) -> None:
        if self.view is not None:
            self.app.push_screen(ReserveSettingsForm(self.ledger, self.view.settings,
                                                     self.view.currency))

    def action_needed_by(self) -> None:
        view = self.view
        if view is None:
            return
        if view.progress.target is None:
            self.notify(_("There is no target yet: press s to set one"), severity="warning")
            return
        self.app.push_screen(NeededByForm(view.progress.target, view.progress.balance,
                                          self.today, view.currency), self._needed_shown)

    def _needed_shown(self, sentence: str | None) -> None:
        if sentence:
            needed = self.query_one("#needed", Static)
            needed.update(sentence)
            needed.remove_class("empty")


def _from_first_spending(view: ReserveView) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Months from the first with essential spending: empty months before it are no history."""
    first = next((index for index, amount in enumerate(view.essential) if amount), None)
    if first is None:
        return (), ()
    return view.months[first:], view.essential[first:]


def _from_first_balance(view: ReserveView) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Months from the one before the reserve first held money, so the climb shows."""
    if not view.accounts:
        return (), ()
    first = next((index for index, amount in enumerate(view.balances) if amount),
                 len(view.balances) - 1)
    start = max(first - 1, 0)
    return view.months[start:], view.balances[start:]
