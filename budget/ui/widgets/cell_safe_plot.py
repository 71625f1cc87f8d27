"""CellSafePlot: a PlotextPlot whose Chinese labels keep its lines inside the frame."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from budget.charts import strip_fillers


class CellSafePlot(PlotextPlot):
    """The charts draw labels through `budget.charts.cell_safe`; what plotext builds loses
    the fillers here, before Textual measures it, so every line is the widget's width."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        plot = self.plt
        build = plot.build
        plot.build = lambda: strip_fillers(build())
