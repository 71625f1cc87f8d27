"""Reserve and essential-spending charts drawn on plotext or a textual-plotext `plt`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from budget.domain.money import exponent, format_amount
from budget.i18n import _

FILLER = "\ue000"
"""Put after every double-width character handed to plotext, which counts characters, not
terminal cells: each filler holds the second cell of the character before it, and is
removed from what plotext draws (`strip_fillers`), so a Chinese label no longer pushes
its line past the chart's frame."""


def cell_safe(text: str) -> str:
    """`text` with a FILLER after each character two cells wide."""
    from rich.cells import cell_len

    if text.isascii():
        return text
    return "".join(char + FILLER if cell_len(char) == 2 else char for char in text)


def strip_fillers(drawn: str) -> str:
    """What plotext drew, without the fillers: every line as wide as the chart."""
    return drawn.replace(FILLER, "")


class _CellSafePlot:
    """A plotext `plt` whose text arguments (titles, labels, tick names) are cell_safe."""

    def __init__(self, plt: Any) -> None:
        self._plt = plt

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._plt, name)
        if not callable(method):
            return method

        def call(*args, **kwargs):
            return method(*(_safe(arg) for arg in args),
                          **{key: _safe(value) for key, value in kwargs.items()})
        return call


def cell_safe_plot(plt: Any) -> Any:
    """`plt` (plotext or a textual-plotext `plt`) with its text arguments made cell_safe;
    draw on a CellSafePlot (budget.ui.widgets.cell_safe_plot), which strips the fillers."""
    return _CellSafePlot(plt)


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return cell_safe(value)
    if isinstance(value, list | tuple) and any(isinstance(item, str) for item in value):
        return [cell_safe(item) if isinstance(item, str) else item for item in value]
    return value


# Seven-character YYYY-MM labels: six of them fit an 80-column chart with room between.
MAX_X_LABELS = 6
Y_TICKS = 5
BALANCE_COLOR, PROJECTION_COLOR, TARGET_COLOR, SPENDING_COLOR = "green", "gray", "red", "orange"
ESSENTIAL_BAR_WIDTH = 0.6


def draw_reserve(plt: Any, months: Sequence[str], balances: Sequence[int], target: int | None,
                 projection: Sequence[tuple[str, int]] = (), currency: str = "CNY") -> None:
    """Month-end reserve balance, the projection at the current pace and the target line.

    `projection` may start with the last history month (as `projection_series` does);
    the two lines then join instead of leaving a gap.
    """
    plt = _CellSafePlot(plt)
    plt.clear_figure()
    if not months and not projection:
        _draw_no_data(plt, _("Emergency reserve: no balances recorded yet"))
        return
    labels = list(months) + [label for label, _amount in projection if label not in months]
    position = {label: index for index, label in enumerate(labels, start=1)}
    values: list[int] = list(balances) + [amount for _label, amount in projection]
    if months:
        plt.plot([position[label] for label in months], _in_units(balances, currency),
                 marker="hd", color=BALANCE_COLOR, label=_("balance"))
    if projection:
        # A dotted line in another colour: plotext has no dash style.
        plt.plot([position[label] for label, _amount in projection],
                 _in_units([amount for _label, amount in projection], currency),
                 marker="dot", color=PROJECTION_COLOR, label=_("at this pace"))
    title = _("Emergency reserve")
    if target:
        plt.hline(_in_units([target], currency)[0], color=TARGET_COLOR)
        values.append(target)
        title = _("Emergency reserve, target {amount}").format(
            amount=format_amount(target, currency, symbol=True))
    plt.title(title)
    _set_ticks(plt, labels, values, currency)


def draw_essential(plt: Any, months: Sequence[str], amounts: Sequence[int],
                   currency: str = "CNY") -> None:
    """Bars of essential spending per month."""
    plt = _CellSafePlot(plt)
    plt.clear_figure()
    if not months:
        _draw_no_data(plt, _("Essential spending: no months recorded yet"))
        return
    positions = list(range(1, len(months) + 1))
    # Narrower than plotext's 0.8: at 80 columns the default rounds neighbouring months
    # into one block; 0.6 keeps a gap between every pair.
    plt.bar(positions, _in_units(amounts, currency), width=ESSENTIAL_BAR_WIDTH,
            color=SPENDING_COLOR)
    plt.title(_("Essential spending by month"))
    _set_ticks(plt, list(months), list(amounts), currency)


def render_reserve_text(months: Sequence[str], balances: Sequence[int], target: int | None,
                        projection: Sequence[tuple[str, int]] = (), currency: str = "CNY", *,
                        width: int = 80, height: int = 24, color: bool = True) -> str:
    """The reserve chart as terminal text for the CLI."""
    import plotext  # plotext is only needed when a chart is printed; keep start-up fast

    draw_reserve(plotext, months, balances, target, projection, currency)
    return _build(plotext, width, height, color)


def render_essential_text(months: Sequence[str], amounts: Sequence[int], currency: str = "CNY",
                          *, width: int = 80, height: int = 24, color: bool = True) -> str:
    """The essential-spending chart as terminal text for the CLI."""
    import plotext

    draw_essential(plotext, months, amounts, currency)
    return _build(plotext, width, height, color)


def _build(plotext: Any, width: int, height: int, color: bool) -> str:
    # Size and colours after drawing: clear_figure in the draw functions resets both.
    plotext.plotsize(width, height)
    if not color:
        plotext.theme("clear")
    text = strip_fillers(plotext.build())
    return plotext.uncolorize(text) if not color else text


def _draw_no_data(plt: Any, title: str) -> None:
    plt.title(title)
    # An empty canvas still needs a scale; a flat zero axis is honest about "nothing".
    plt.xticks([], [])
    plt.yticks([], [])


def _in_units(amounts: Sequence[int], currency: str) -> list[float]:
    """Minor units to whole currency units; floats are fine for positions on a chart."""
    scale = 10 ** exponent(currency)
    return [amount / scale for amount in amounts]


def _set_ticks(plt: Any, labels: list[str], values: list[int], currency: str) -> None:
    picks = _spread(len(labels), MAX_X_LABELS)
    plt.xticks([index + 1 for index in picks], [labels[index] for index in picks])
    scale = 10 ** exponent(currency)
    low, high = min([0, *values]), max([0, *values])
    step = _nice_step(high - low, scale)
    bottom = low // step * step
    top = max(-(-high // step) * step, bottom + step)
    ticks = list(range(bottom, top + step, step))
    plt.ylim(*_in_units([ticks[0], ticks[-1]], currency))
    plt.yticks(_in_units(ticks, currency), [f"{tick // scale:,}" for tick in ticks])


def _nice_step(span: int, scale: int) -> int:
    """A 1, 2 or 5 times a power of ten step in whole units giving about `Y_TICKS` ticks."""
    rough = max(span // (Y_TICKS - 1), 1)
    power = scale
    while True:
        for factor in (1, 2, 5):
            if factor * power >= rough:
                return factor * power
        power *= 10


def _spread(count: int, most: int) -> list[int]:
    """Up to `most` indexes evenly spread over `count`, always first and last."""
    if count <= most:
        return list(range(count))
    return sorted({round(index * (count - 1) / (most - 1)) for index in range(most)})


INCOME_COLOR, EXPENSE_COLOR = "green", "red"
EXPENSE_MARKER = "▒"
BAR_OFFSET, BAR_WIDTH = 0.2, 0.35
STRATEGY_COLORS = ("green", "orange", "blue")


def draw_income_expenses(plt: Any, months: Sequence[str], income: Sequence[int],
                         expenses: Sequence[int], currency: str = "CNY") -> None:
    """Income and expenses (both positive) side by side for each month."""
    plt = _CellSafePlot(plt)
    plt.clear_figure()
    if not months or not any([*income, *expenses]):
        _draw_no_data(plt, _("Income and expenses: nothing recorded yet"))
        return
    # Two offset bar series rather than multiple_bar: each gets its own fill, so the pair
    # stays readable without colour (piped output, NO_COLOR).
    positions = range(1, len(months) + 1)
    plt.bar([x - BAR_OFFSET for x in positions], _in_units(income, currency),
            width=BAR_WIDTH, color=INCOME_COLOR, label=_("income"))
    plt.bar([x + BAR_OFFSET for x in positions], _in_units(expenses, currency),
            width=BAR_WIDTH, marker=EXPENSE_MARKER, color=EXPENSE_COLOR, label=_("expenses"))
    plt.title(_("Income and expenses by month"))
    _set_ticks(plt, list(months), [*income, *expenses], currency)


def render_income_expenses_text(months: Sequence[str], income: Sequence[int],
                                expenses: Sequence[int], currency: str = "CNY", *,
                                width: int = 80, height: int = 24, color: bool = True) -> str:
    """The income-and-expenses chart as terminal text for the CLI."""
    import plotext

    draw_income_expenses(plotext, months, income, expenses, currency)
    return _build(plotext, width, height, color)


def draw_category_spending(plt: Any, spending: Sequence[tuple[str, int]],
                           currency: str = "CNY") -> None:
    """Horizontal bars of a month's spending by category, largest on top."""
    plt = _CellSafePlot(plt)
    plt.clear_figure()
    if not spending:
        _draw_no_data(plt, _("Spending by category: nothing spent"))
        return
    ordered = sorted(spending, key=lambda item: item[1])
    plt.bar([name for name, _amount in ordered],
            _in_units([amount for _name, amount in ordered], currency),
            orientation="horizontal", color=SPENDING_COLOR)
    plt.title(_("Spending by category"))


def draw_debt_payoff(plt: Any, plans: Sequence[tuple[str, Sequence[tuple[str, int]]]],
                     currency: str = "CNY") -> None:
    """Total debt at each month's end, one line per strategy: (name, [(YYYY-MM, owed)])."""
    plt = _CellSafePlot(plt)
    plt.clear_figure()
    series = [(name, list(points)) for name, points in plans if points]
    if not series:
        _draw_no_data(plt, _("Debt over time: no open loans"))
        return
    longest = max((points for _name, points in series), key=len)
    labels = [label for label, _owed in longest]
    if labels and len(labels[0]) > len("YYYY-MM"):
        # The plan starts from today's balance (a date, then month ends): "2026-11-20" next
        # to "2026-11" read as the same month twice.
        labels[0] = _("today")
    for (name, points), color in zip(series, STRATEGY_COLORS * len(series), strict=False):
        plt.plot(list(range(1, len(points) + 1)),
                 _in_units([owed for _label, owed in points], currency),
                 marker="hd", color=color, label=name)
    plt.title(_("Total debt by strategy"))
    _set_ticks(plt, labels, [owed for _name, points in series for _label, owed in points],
               currency)
