"""The emergency reserve in the TUI: charts, figures, top-up, withdrawal, settings, the bar."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, ProgressBar, Static

from budget.domain.ledger import AccountKind
from budget.services.reserve import SETTINGS_KEY
from budget.storage.ledger import TransactionFilter
from budget.ui.screens.reserve import ReserveScreen
from budget.ui.screens.reserve_forms import TopUpForm, WithdrawalForm
from budget.ui.screens.reserve_target_forms import ReserveSettingsForm
from budget.ui.widgets.reserve_charts import EssentialChart, ReserveChart
from tests.ui.conftest import settle, widget_text

EVERYTHING = TransactionFilter(start=date(2000, 1, 1), end=date(2100, 1, 1))


@pytest.fixture
def reserve_ledger(ledger):
    """Six months (May–October) of 3,000.00 housing and 4,500.00 in a reserve account."""
    cash = ledger.accounts()[0]
    housing = next(c for c in ledger.categories() if c.name == "Housing")
    for month in range(5, 11):
        ledger.add_transaction(on=date(2026, month, 1), amount=-300000, account_id=cash.id,
                               category_id=housing.id)
    ledger.add_account("Savings", AccountKind.SAVINGS, opening_balance=450000, reserve=True,
                       now=datetime(2026, 5, 1))
    return ledger


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_reserve(pilot, key: str = "f") -> ReserveScreen:
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReserveScreen)
    return pilot.app.screen


class ChartsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ReserveChart()
        yield EssentialChart()


async def test_charts_render_with_no_data_and_with_data():
    app = ChartsApp()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        reserve, essential = app.query_one(ReserveChart), app.query_one(EssentialChart)
        assert "no balances recorded yet" in widget_text(reserve)
        assert "no months recorded yet" in widget_text(essential)

        reserve.show(["2026-09", "2026-10", "2026-11"], [100000, 250000, 450000], 1800000,
                     [("2026-11", 450000), ("2026-12", 600000)], "CNY")
        essential.show(["2026-09", "2026-10"], [300000, 280000], "CNY")
        await pilot.pause()
        drawn = widget_text(reserve)
        assert "Emergency reserve, target ¥18,000.00" in drawn
        assert "2026-09" in drawn and "2026-12" in drawn
        assert "Essential spending by month" in widget_text(essential)


async def test_reserve_screen_shows_percent_coverage_baseline_and_milestones(reserve_ledger, app):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_reserve(pilot)
        assert text(screen, "#headline") == "¥4,500.00 of ¥18,000.00 · 25.0%"
        assert text(screen, "#coverage") == "covers 1.5 months of essential spending"
        assert text(screen, "#baseline") == ("Baseline ¥3,000.00 a month: median of 6 months, "
                                             "2026-05 to 2026-10")
        assert text(screen, "#breakdown") == "Median by category: Housing ¥3,000.00"
        assert "not at this pace" in text(screen, "#projection")
        assert "✓ starter ¥3,000.00 on 2026-05-31" in text(screen, "#milestones-line")
        assert "target ¥18,000.00 not yet" in text(screen, "#milestones-line")
        assert screen.query_one("#reserve-figures").border_title == \
            "Emergency reserve · target 6 months"
        chart = screen.query_one(ReserveChart)
        assert chart.balances[-1] == 450000 and chart.target == 1800000
        assert screen.query_one(EssentialChart).amounts[:6] == (300000,) * 6


async def test_top_up_with_the_keyboard_moves_the_balance_and_the_chart(reserve_ledger, app):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_reserve(pilot)
        await pilot.press("u")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TopUpForm)
        # Defaults: from the account used last (not a reserve one), into the reserve.
        assert form.query_one("#from", Input).value == "Cash"
        assert form.query_one("#into", Input).value == "Savings"
        await pilot.press(*"1,000", "enter")
        await settle(pilot)

        assert app.screen is screen
        assert text(screen, "#headline") == "¥5,500.00 of ¥18,000.00 · 30.5%"
        assert screen.query_one(ReserveChart).balances[-1] == 550000

        await pilot.press("d")
        await settle(pilot)
        figures = app.screen.query_one("#reserve-bar").query_one("#reserve-figures")
        assert str(figures.render()).startswith("¥5,500.00 of ¥18,000.00")
    savings = next(a for a in reserve_ledger.accounts() if a.name == "Savings")
    assert savings.balance == 550000


async def test_withdrawal_without_a_reason_is_refused_and_saves_nothing(reserve_ledger, app):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_reserve(pilot)
        before = reserve_ledger.count_transactions(EVERYTHING)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press(*"500", "enter")
        await settle(pilot)

        assert isinstance(app.screen, WithdrawalForm)
        error = app.screen.query_one("#reason-error", Static)
        assert error.display
        assert "say what the emergency is" in str(error.render())
        assert app.screen.focused is app.screen.query_one("#reason", Input)
        assert reserve_ledger.count_transactions(EVERYTHING) == before

        await pilot.press(*"dentist", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert text(screen, "#headline").startswith("¥4,000.00 of ¥18,000.00")
    last = reserve_ledger.recent_transactions(1)[0]
    assert last.note == "Emergency withdrawal: dentist"


async def test_settings_are_checked_field_by_field_and_saved_only_when_valid(reserve_ledger,
                                                                             app):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_reserve(pilot)
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ReserveSettingsForm)
        assert form.query_one("#months", Input).value == "6"
        # Months out of range, a zero starter and a window that is not a number.
        await pilot.press(*"30", "tab", "tab", "0", "tab", "tab", *"abc", "enter")
        await settle(pilot)

        assert app.screen is form
        assert "from 1 to 24; got 30" in str(form.query_one("#months-error").render())
        assert "more than zero" in str(form.query_one("#starter-error").render())
        assert "whole number of months" in str(form.query_one("#window-error").render())
        assert not form.query_one("#fixed-error").display
        assert reserve_ledger.setting(SETTINGS_KEY) is None

        form.query_one("#months", Input).value = "3"
        form.query_one("#starter", Input).value = ""
        form.query_one("#window", Input).value = "6"
        form.query_one("#months", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert text(screen, "#headline") == "¥4,500.00 of ¥9,000.00 · 50.0%"
        assert "target 3 months" in screen.query_one("#reserve-figures").border_title


async def test_needed_per_month_by_a_date_is_shown_and_kept_on_the_screen(reserve_ledger, app):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_reserve(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*"2027-05-20", "enter")
        await pilot.pause()
        # 13,500.00 still to save over six months.
        sentence = "¥2,250.00 a month reaches ¥18,000.00 by 2027-05-20"
        assert str(app.screen.query_one("#needed-result").render()) == sentence
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert text(screen, "#needed") == sentence


async def test_small_terminal_shows_one_chart_and_v_switches(reserve_ledger, app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reserve(pilot)
        balance, essential = screen.query_one(ReserveChart), screen.query_one("#essential-pane")
        assert balance.display and not essential.display
        assert balance.size.height >= 10
        await pilot.press("v")
        await pilot.pause()
        assert essential.display and not balance.display


async def test_large_terminal_shows_both_charts(reserve_ledger, app):
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_reserve(pilot)
        assert screen.query_one(ReserveChart).display
        assert screen.query_one("#essential-pane").display
        assert screen.query_one("#milestones").display
        assert "starter" in widget_text(screen.query_one("#milestones"))


async def test_reserve_bindings_have_palette_entries(reserve_ledger, app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reserve(pilot)
        titles = {command.title for command in app.get_system_commands(screen)}
        for binding in ReserveScreen.BINDINGS:
            assert binding.description and binding.id
            assert binding.tooltip in titles


async def test_dashboard_bar_shows_the_coverage(reserve_ledger, app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one("#reserve-bar")
        lines = widget_text(bar.query_one("#reserve-figures")).splitlines()
        assert [line.strip() for line in lines[:2]] == [
            "¥4,500.00 of ¥18,000.00", "25.0% · covers 1.5 months"]
        assert bar.query_one(ProgressBar).percentage == 0.25


async def test_dashboard_bar_says_how_to_start_without_a_reserve_account(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        figures = app.screen.query_one("#reserve-bar").query_one("#reserve-figures")
        assert "No reserve account yet" in str(figures.render())



async def test_a_by_date_without_a_year_is_the_next_one(reserve_ledger, app):
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reserve(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*"06-30", "enter")  # typed on 2026-11-20: next June, not last
        await pilot.pause()
        assert str(app.screen.query_one("#needed-result").render()) == (
            "¥1,928.58 a month reaches ¥18,000.00 by 2027-06-30")
