"""Reserve forms about the target: its settings, and the monthly amount to reach it by a date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from budget.domain.money import format_amount, parse_amount
from budget.domain.reserve import MAX_MONTHS, MIN_MONTHS, ReserveError, ReserveSettings
from budget.domain.reserve import needed_per_month as needed_monthly
from budget.i18n import N_, _
from budget.services import ledger as entries
from budget.services.ledger import EntryError
from budget.services.reserve import load_settings, save_settings
from budget.storage.ledger import Ledger
from budget.ui.literal import literal
from budget.ui.messages import LedgerChanged, ReserveSettingsSaved
from budget.ui.screens.reserve_forms import FORM_CSS, Collector, ReserveForm
from budget.ui.translated import TranslatedBindings
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.plain_input import PlainInput


class ReserveSettingsForm(ReserveForm):
    """Months or a fixed amount, the starter, a manual monthly figure and the window."""

    TITLE_TEXT = N_("Reserve target")
    HELP = N_("Leave the fixed target empty to use months · empty starter = one month · "
              "Enter saves · Esc cancels")

    def __init__(self, ledger: Ledger, settings: ReserveSettings, currency: str) -> None:
        super().__init__(ledger)
        self.settings, self.currency = settings, currency

    def _shown(self, amount: int | None) -> str:
        return "" if amount is None else format_amount(amount, self.currency)

    def fields(self) -> list[tuple[str, str, str, str]]:
        settings, months = self.settings, _("{low}–{high} months").format(low=MIN_MONTHS,
                                                                         high=MAX_MONTHS)
        return [("months", _("Months"), months, str(settings.months)),
                ("fixed", _("Or fixed target"), _("amount, or empty for months"),
                 self._shown(settings.fixed_amount)),
                ("starter", _("Starter"), _("empty: one month of essentials"),
                 self._shown(settings.starter)),
                ("manual", _("Monthly essential"), _("used when there is no history"),
                 self._shown(settings.manual_baseline)),
                ("window", _("History window"), months, str(settings.window_months))]

    def write(self, values: dict[str, str]) -> tuple[LedgerChanged, str]:
        check = Collector()
        changes = {
            "months": check.take("months", lambda: _whole(values["months"])),
            "fixed_amount": check.take("fixed", lambda: self._optional(values["fixed"])),
            "starter": check.take("starter", lambda: self._optional(values["starter"])),
            "manual_baseline": check.take("manual", lambda: self._optional(values["manual"])),
            "window_months": check.take("window", lambda: _whole(values["window"])),
        }
        try:
            base = load_settings(self.ledger)
        except ReserveError:
            # Unreadable saved settings are what this form replaces.
            base = ReserveSettings()
        fields = dict(zip(("months", "fixed", "starter", "manual", "window"), changes,
                          strict=True))
        # The domain checks each value that could be read; one at a time, so each error
        # goes under its own field.
        for field, name in fields.items():
            if field not in check.errors:
                check.take(field, lambda name=name: replace(base, **{name: changes[name]}))
        check.check()
        settings = replace(base, **changes)
        save_settings(self.ledger, settings)
        return ReserveSettingsSaved(settings), _("Reserve target saved")

    def _optional(self, text: str) -> int | None:
        return parse_amount(text, self.currency) if text.strip() else None


def _whole(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ReserveError(_("enter a whole number of months from {low} to {high}; got "
                             "{text!r}").format(low=MIN_MONTHS, high=MAX_MONTHS,
                                                text=text)) from None


class NeededByForm(TranslatedBindings, ModalScreen[str | None]):
    """Type a date; the monthly amount that reaches the target by then is shown at once."""

    CSS_PATH = FORM_CSS
    BINDINGS = [Binding("escape", "close", _("Close"), id="reserve_needed.close")]

    def __init__(self, target: int, balance: int, today: Callable[[], date],
                 currency: str) -> None:
        super().__init__()
        self.target, self.balance, self.today, self.currency = target, balance, today, currency
        self.sentence: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="form") as form:
            form.border_title = literal(_("Needed per month to reach the target"))
            with Horizontal(classes="row"):
                yield Label(_("By date"), classes="label", markup=False)
                yield PlainInput(placeholder=_("e.g. 2027-06-30 or 06-30"), id="by", compact=True)
            yield Static(id="by-error", classes="error", markup=False)
            yield Static(id="needed-result", markup=False)
            yield Static(_("Enter works it out · Esc closes"), id="form-help", markup=False)
        yield KeyFooter()

    @on(Input.Submitted)
    def _work_out(self, event: Input.Submitted) -> None:
        error, result = self.query_one("#by-error", Static), self.query_one("#needed-result")
        try:
            by = entries.read_date(event.value, self.today(), ahead=True)
            monthly = needed_monthly(self.target, self.balance, by, self.today())
        except (EntryError, ReserveError) as problem:
            error.update(str(problem))
            error.add_class("shown")
            result.update("")
            return
        error.remove_class("shown")
        self.sentence = self._sentence(monthly, by)
        result.update(self.sentence)

    def _sentence(self, monthly: int, by: date) -> str:
        target = format_amount(self.target, self.currency, symbol=True)
        if monthly == 0:
            return _("The target of {target} is already reached.").format(target=target)
        return _("{amount} a month reaches {target} by {date}").format(
            amount=format_amount(monthly, self.currency, symbol=True), target=target,
            date=by.isoformat())

    def action_close(self) -> None:
        self.dismiss(self.sentence)
