"""Planning charts as Textual widgets: income and expenses, spending by category, debt payoff."""

from __future__ import annotations

from collections.abc import Sequence

from textual.events import Resize

from budget.charts import (
    cell_safe,
    draw_category_spending,
    draw_debt_payoff,
    draw_income_expenses,
)
from budget.i18n import _
from budget.ui.widgets.cell_safe_plot import CellSafePlot

# Below this width the income chart shows the last 6 months: 12 pairs of bars one cell
# wide each do not read at 80 columns.
FULL_YEAR_WIDTH = 100
SHORT_MONTHS = 6
# A horizontal bar needs two rows to sit beside its own label; the title, the frame and
# the axis labels take four.
ROWS_PER_BAR, CHART_FRAME_ROWS = 2, 4

_CHART_CSS = """
{name} {{
    height: 1fr;
    min-height: 8;
}}
"""


class IncomeExpensesChart(CellSafePlot):
    """Income and expenses side by side for each month."""

    DEFAULT_CSS = _CHART_CSS.format(name="IncomeExpensesChart")

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.months: tuple[str, ...] = ()
        """``YYYY-MM`` labels as given, oldest first; tests read them."""
        self.income: tuple[int, ...] = ()
        self.expenses: tuple[int, ...] = ()
        self.currency = "CNY"

    def on_mount(self) -> None:
        self._draw()

    def show(self, months: Sequence[str], income: Sequence[int], expenses: Sequence[int],
             currency: str = "CNY") -> None:
        """Draw these bars (positive amounts); empty series draw the "nothing yet" state."""
        self.months, self.income = tuple(months), tuple(income)
        self.expenses, self.currency = tuple(expenses), currency
        self._draw()

    def on_resize(self, _event: Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        shown = len(self.months)
        if self.size.width < FULL_YEAR_WIDTH:
            shown = min(shown, SHORT_MONTHS)
        start = len(self.months) - shown
        draw_income_expenses(self.plt, self.months[start:], self.income[start:],
                             self.expenses[start:], self.currency)
        self.refresh()


class CategorySpendingChart(CellSafePlot):
    """A month's spending by category, largest on top."""

    DEFAULT_CSS = _CHART_CSS.format(name="CategorySpendingChart")

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.spending: tuple[tuple[str, int], ...] = ()
        """(category, positive amount) as given; tests read them."""
        self.currency = "CNY"

    def on_mount(self) -> None:
        self._draw()

    def show(self, spending: Sequence[tuple[str, int]], currency: str = "CNY") -> None:
        """Draw these bars, given largest first; an empty `spending` draws "nothing spent".

        Only the largest that fit the height are drawn, and the title says so.
        """
        self.spending, self.currency = tuple(spending), currency
        self._draw()

    def on_resize(self, _event: Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        fit = max(1, (self.size.height - CHART_FRAME_ROWS) // ROWS_PER_BAR)
        draw_category_spending(self.plt, self.spending[:fit], self.currency)
        if len(self.spending) > fit:
            self.plt.title(cell_safe(
                _("Spending by category: the largest {shown} of {count}").format(
                    shown=fit, count=len(self.spending))))
        self.refresh()


class DebtPayoffChart(CellSafePlot):
    """Total debt at each month's end, one line per strategy."""

    DEFAULT_CSS = _CHART_CSS.format(name="DebtPayoffChart")

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.plans: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()
        """(strategy name, [(YYYY-MM, owed)]) as given; tests read them."""
        self.currency = "CNY"

    def on_mount(self) -> None:
        self._draw()

    def show(self, plans: Sequence[tuple[str, Sequence[tuple[str, int]]]],
             currency: str = "CNY") -> None:
        """Draw one line per plan; no plans draws the "no open loans" state."""
        self.plans = tuple((name, tuple(points)) for name, points in plans)
        self.currency = currency
        self._draw()

    def on_resize(self, _event: Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        draw_debt_payoff(self.plt, self.plans, self.currency)
        self.refresh()
