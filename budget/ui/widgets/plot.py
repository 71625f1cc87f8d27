"""WidePlot: a textual-plotext plot that lays out Chinese text two cells wide."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

from budget.l10n import WIDE_PAD


class WidePlot(PlotextPlot):
    """A PlotextPlot whose text went through `budget.charts.cells`: the placeholders that
    kept a cell free beside each wide character are taken out of what is shown."""

    def render(self) -> RenderResult:
        shown = super().render()
        if not isinstance(shown, Text) or WIDE_PAD not in shown.plain:
            return shown
        return Text("").join(shown.split(WIDE_PAD, allow_blank=True))
