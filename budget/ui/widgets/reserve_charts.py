"""ReserveChart and EssentialChart: the reserve's plotext charts as Textual widgets."""

from __future__ import annotations

from collections.abc import Sequence

from textual.events import Resize

from budget.charts import draw_essential, draw_reserve
from budget.ui.widgets.plot import WidePlot

# Below this width a chart shows the last year only: 24 month labels and bars of one or
# two cells each do not read at 80 columns.
FULL_HISTORY_WIDTH = 100
SHORT_HISTORY_MONTHS = 12


def _months_shown(width: int, count: int) -> int:
    return count if width >= FULL_HISTORY_WIDTH else min(count, SHORT_HISTORY_MONTHS)


class ReserveChart(WidePlot):
    """Month-end reserve balance, the projection at the current pace and the target line."""

    DEFAULT_CSS = """
    ReserveChart {
        height: 1fr;
        min-height: 8;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.months: tuple[str, ...] = ()
        self.balances: tuple[int, ...] = ()
        """Month-end balances as given, oldest first; tests read them."""
        self.target: int | None = None
        self.projection: tuple[tuple[str, int], ...] = ()
        self.currency = "CNY"

    def on_mount(self) -> None:
        self._draw()

    def show(self, months: Sequence[str], balances: Sequence[int], target: int | None,
             projection: Sequence[tuple[str, int]] = (), currency: str = "CNY") -> None:
        """Draw these series; an empty `months` and `projection` draws the "no data" state."""
        self.months, self.balances = tuple(months), tuple(balances)
        self.target, self.projection, self.currency = target, tuple(projection), currency
        self._draw()

    def on_resize(self, _event: Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        shown = _months_shown(self.size.width, len(self.months))
        months = self.months[len(self.months) - shown:]
        balances = self.balances[len(self.balances) - shown:]
        draw_reserve(self.plt, months, balances, self.target, self.projection, self.currency)
        self.refresh()


class EssentialChart(WidePlot):
    """Bars of essential spending per month."""

    DEFAULT_CSS = """
    EssentialChart {
        height: 1fr;
        min-height: 8;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.months: tuple[str, ...] = ()
        self.amounts: tuple[int, ...] = ()
        """Essential spending per month as given, oldest first; tests read them."""
        self.currency = "CNY"

    def on_mount(self) -> None:
        self._draw()

    def show(self, months: Sequence[str], amounts: Sequence[int],
             currency: str = "CNY") -> None:
        """Draw these bars; empty `months` draws the "no data" state."""
        self.months, self.amounts, self.currency = tuple(months), tuple(amounts), currency
        self._draw()

    def on_resize(self, _event: Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        shown = _months_shown(self.size.width, len(self.months))
        draw_essential(self.plt, self.months[len(self.months) - shown:],
                       self.amounts[len(self.amounts) - shown:], self.currency)
        self.refresh()
