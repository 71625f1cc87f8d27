"""Charts render readable terminal text, with data and before there is any."""

import re

import plotext
import pytest
from textual_plotext.plot import Plot

from budget.charts import (
    draw_category_spending,
    draw_debt_payoff,
    draw_essential,
    draw_income_expenses,
    draw_reserve,
    render_essential_text,
    render_income_expenses_text,
    render_reserve_text,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")
MONTHS = [f"2025-{month:02d}" for month in range(1, 13)] + ["2026-01", "2026-02"]
BALANCES = [index * 50000 for index in range(len(MONTHS))]
PROJECTION = [("2026-02", 650000), ("2026-03", 1250000), ("2026-04", 1850000)]


def plain(text: str) -> str:
    return ANSI.sub("", text)


def test_reserve_chart_shows_title_with_target_axis_in_yuan_and_few_month_labels():
    text = plain(render_reserve_text(MONTHS, BALANCES, 1800000, PROJECTION, color=False))
    lines = text.splitlines()
    assert "Emergency reserve, target ¥18,000.00" in text
    assert "balance" in text and "at this pace" in text
    assert "15,000" in text  # y ticks in whole yuan, not fen
    assert "2025-01" in text and "2026-04" in text
    assert len(re.findall(r"\d{4}-\d{2}", lines[-1])) <= 6
    assert len(lines) <= 24
    assert max(len(line) for line in lines) <= 80


def test_reserve_chart_keeps_colours_for_the_terminal_by_default():
    assert "\x1b[" in render_reserve_text(MONTHS, BALANCES, 1800000, PROJECTION)


def test_reserve_chart_without_target_or_projection_still_draws_the_balance():
    text = plain(render_reserve_text(MONTHS[:2], [0, 100], None, color=False))
    assert "Emergency reserve" in text and "target" not in text


def test_reserve_chart_with_no_data_says_so_instead_of_failing():
    text = plain(render_reserve_text([], [], None, [], color=False))
    assert "no balances recorded yet" in text


def test_essential_chart_draws_bars_with_month_labels():
    text = plain(render_essential_text(MONTHS[:6], [300000, 280000, 310000, 0, 305000, 299999],
                                       color=False))
    assert "Essential spending by month" in text
    assert "█" in text
    assert "2025-06" in text and "3,000" in text


def test_essential_chart_with_no_data_says_so_instead_of_failing():
    text = plain(render_essential_text([], [], color=False))
    assert "no months recorded yet" in text


def test_drawing_twice_replaces_the_chart_instead_of_stacking_it():
    render_reserve_text(MONTHS, BALANCES, 1800000, PROJECTION, color=False)
    text = plain(render_essential_text([], [], color=False))
    assert "Emergency reserve" not in text and "balance" not in text


@pytest.mark.parametrize("draw", [
    lambda plt: draw_reserve(plt, MONTHS, BALANCES, 1800000, PROJECTION),
    lambda plt: draw_reserve(plt, [], [], None, []),
    lambda plt: draw_essential(plt, MONTHS, BALANCES),
    lambda plt: draw_essential(plt, [], []),
])
def test_the_same_drawing_works_on_the_textual_plotext_object(draw):
    plt = Plot()
    draw(plt)
    plt.plotsize(60, 15)
    assert plain(plt.build()).strip()


def test_drawing_never_prints(capsys):
    draw_reserve(plotext, MONTHS, BALANCES, 1800000, PROJECTION)
    draw_essential(plotext, MONTHS, BALANCES)
    assert capsys.readouterr().out == ""


def test_income_and_expenses_are_told_apart_without_colour():
    text = plain(render_income_expenses_text(MONTHS[:12], [800000] * 12, [600000] * 12,
                                             color=False))
    assert "Income and expenses by month" in text
    assert "income" in text and "expenses" in text
    assert "█" in text and "▒" in text  # each series keeps its own fill
    assert "2025-01" in text and "2025-12" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_income_and_expenses_with_nothing_recorded_says_so():
    assert "nothing recorded yet" in plain(render_income_expenses_text(
        MONTHS[:3], [0, 0, 0], [0, 0, 0], color=False))


@pytest.mark.parametrize("draw", [
    lambda plt: draw_income_expenses(
        plt, MONTHS, BALANCES, BALANCES[::-1]),
    lambda plt: draw_category_spending(
        plt, [("Food", 150000), ("Housing", 300000)]),
    lambda plt: draw_category_spending(plt, []),
    lambda plt: draw_debt_payoff(
        plt, [("avalanche", PROJECTION), ("snowball", PROJECTION + [("2026-05", 0)])]),
    lambda plt: draw_debt_payoff(plt, []),
])
def test_the_planning_charts_draw_on_the_textual_plotext_object(draw):
    plt = Plot()
    draw(plt)
    plt.plotsize(60, 15)
    assert plain(plt.build()).strip()


def _cells_per_line(text: str) -> set[int]:
    from rich.cells import cell_len

    return {cell_len(line) for line in plain(text).splitlines()}


def test_chinese_category_names_keep_every_line_inside_the_frame():
    import plotext

    from budget.charts import _build

    draw_category_spending(plotext, [("餐饮外卖", 120000), ("交通", 50000), ("Food", 30000)])
    text = _build(plotext, 60, 12, False)
    assert _cells_per_line(text) == {60}
    assert "餐饮外卖┤" in text and "\ue000" not in text


def test_chinese_loan_names_in_the_debt_chart_legend_keep_the_frame():
    import plotext

    from budget.charts import _build

    draw_debt_payoff(plotext, [("雪球法 微粒贷", [("2026-11", 500000), ("2026-12", 0)])])
    assert _cells_per_line(_build(plotext, 70, 14, False)) == {70}


async def test_the_app_s_category_chart_draws_chinese_labels_inside_its_frame():
    from textual.app import App

    from budget.ui.widgets.planning_charts import CategorySpendingChart
    from tests.ui.conftest import widget_text

    class ChartApp(App):
        def compose(self):
            yield CategorySpendingChart(id="chart")

    app = ChartApp()
    async with app.run_test(size=(70, 20)) as pilot:
        chart = app.query_one(CategorySpendingChart)
        chart.show([("餐饮外卖", 120000), ("交通", 50000)])
        await pilot.pause()
        text = widget_text(chart)
    assert "餐饮外卖" in text and "\ue000" not in text
    labelled = [line.rstrip() for line in text.splitlines() if "┤" in line]
    assert labelled and all(line.endswith("│") for line in labelled)  # the frame is whole


def test_the_debt_chart_names_its_start_today_not_the_month_again(monkeypatch):
    import plotext

    ticks = []
    monkeypatch.setattr(plotext, "xticks", lambda where, labels: ticks.append(list(labels)))
    draw_debt_payoff(plotext, [("avalanche", [("2026-11-20", 500000), ("2026-11", 450000),
                                              ("2026-12", 0)])])
    assert ticks == [["today", "2026-11", "2026-12"]]
