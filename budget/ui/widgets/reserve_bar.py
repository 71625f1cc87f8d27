"""ReserveBar: the emergency reserve as a compact progress bar with its coverage in months."""

from __future__ import annotations

from decimal import Decimal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from budget.domain.money import format_amount
from budget.i18n import _


class ReserveBar(Vertical):
    """A bar of the percent reached and one line of figures; the caller computes them all."""

    DEFAULT_CSS = """
    ReserveBar {
        height: auto;
    }
    ReserveBar > ProgressBar {
        width: 1fr;
    }
    ReserveBar > ProgressBar > Bar {
        width: 1fr;
    }
    ReserveBar > ProgressBar.-nothing-to-show {
        display: none;
    }
    ReserveBar > #reserve-figures {
        height: auto;
    }
    ReserveBar > #reserve-figures.muted {
        color: $text-muted;
    }
    """

    def compose(self) -> ComposeResult:
        # The domain's percent (rounded down to 0.1) goes in the text: the bar's own
        # rounding would say 64% where the Reserve screen says 63.5%.
        yield ProgressBar(total=100, show_eta=False, show_percentage=False,
                          id="reserve-progress")
        yield Static(_("Loading…"), id="reserve-figures", classes="muted", markup=False)

    def show(self, *, balance: int, target: int | None, percent: Decimal | None,
             coverage_months: Decimal | None, currency: str) -> None:
        """Display the figures; `percent` and `coverage_months` come from the domain."""
        bar = self.query_one(ProgressBar)
        # The bar is drawing only: past the target it shows full, below zero empty.
        shown = Decimal(0) if percent is None else max(Decimal(0), min(percent, Decimal(100)))
        bar.update(progress=float(shown))
        # A class, not `display`: a screen may hide the bar too (a short terminal).
        bar.set_class(target is None, "-nothing-to-show")
        balance_text = format_amount(balance, currency, symbol=True)
        if target is None:
            text = _("{balance} saved · no target yet: press f to set one").format(
                balance=balance_text)
        else:
            # Two short lines: the side panel is 28 columns wide at 80x24.
            text = _("{balance} of {target}").format(
                balance=balance_text, target=format_amount(target, currency, symbol=True))
            text += "\n" + _("{percent}%").format(percent=percent)
            if coverage_months is not None:
                text += " · " + _("covers {months} months").format(months=coverage_months)
        self._figures(text, muted=False)

    def show_no_account(self) -> None:
        """Say how to start a reserve when no account holds one."""
        self.show_message(_("No reserve account yet: press c and mark a savings account "
                            "as the reserve"))

    def show_message(self, text: str) -> None:
        """A sentence instead of figures: why there are none, or what went wrong."""
        self.query_one(ProgressBar).add_class("-nothing-to-show")
        self._figures(text, muted=True)

    def _figures(self, text: str, *, muted: bool) -> None:
        figures = self.query_one("#reserve-figures", Static)
        figures.update(text)
        figures.set_class(muted, "muted")
