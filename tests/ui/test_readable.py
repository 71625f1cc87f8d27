"""Every screen is readable: numbers are never cut, labels shorten with "…", Chinese text
is measured in cells, and the dashboard uses the room a terminal gives it."""

from __future__ import annotations

import pytest

from budget.domain.ledger import AccountKind
from budget.domain.money import MAX_MINOR, format_amount
from budget.services.demo import build_demo
from budget.services.session import open_ledger
from budget.ui.app import build_app
from budget.ui.widgets.fitted_table import fit_widths
from budget.ui.widgets.recent import fit_cell
from tests.ui.conftest import TODAY, settle, widget_text, words

LARGEST = MAX_MINOR - 1
"""The largest amount parse_amount accepts, in minor units."""


def test_numbers_keep_their_width_and_labels_share_the_rest():
    # Date and amount (None) are whole; category, account and payee give way, widest first.
    assert fit_widths([10, 14, 13, 11, 30], [None, 9, None, 6, 6], 58) == [10, 12, 13, 11, 12]
    assert fit_widths([10, 14, 13, 11, 30], [None, 9, None, 6, 6], 45) == [10, 9, 13, 6, 6]
    assert fit_widths([10, 9, 13], [None, 4, None], 40) == [10, 9, 13]
    # Even when nothing else fits, a number is never narrower than its digits.
    assert fit_widths([10, 20, 18], [None, 4, None], 20)[::2] == [10, 18]


@pytest.mark.parametrize(("text", "width", "shown"), [
    ("Groceries", 6, "Groce…"),
    ("滴滴出行 · taxi", 6, "滴滴 …"),  # a Chinese character is never cut in half
    ("-1,234,567.89", 13, "-1,234,567.89"),
])
def test_a_cell_is_shortened_by_terminal_cells(text, width, shown):
    assert fit_cell(text, width) == shown


async def test_the_largest_amount_shows_in_full_in_the_transactions_list_at_80x24(ledger):
    food = next(c for c in ledger.categories() if c.name == "Food")
    cash = ledger.accounts()[0]
    for amount in (-123456789, -LARGEST):
        ledger.add_transaction(on=TODAY, amount=amount, account_id=cash.id, category_id=food.id,
                               payee="超市 · a long payee name that has to give way")
    app = build_app(None, today=lambda: TODAY, ledger=ledger)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "-1,234,567.89" in widget_text(app.screen.query_one("#recent"))
        assert format_amount(-LARGEST) in widget_text(app.screen.query_one("#recent"))
        await pilot.press("l")
        await settle(pilot)
        shown = widget_text(app.screen.query_one("#transactions"))
        assert "-1,234,567.89" in shown
        assert "-99,999,999,999.99" in shown
        assert "2026-11-20" in shown


@pytest.fixture
def demo_ledger(tmp_path):
    return open_ledger(build_demo(tmp_path / "demo.db", today=TODAY))


async def test_at_80x24_the_accounts_loans_and_schedule_show_whole_figures(demo_ledger):
    app = build_app(None, today=lambda: TODAY, ledger=demo_ledger)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "¥14,100.00" in widget_text(app.screen.query_one("#accounts-table"))
        await pilot.press("o")
        await settle(pilot)
        loans = widget_text(app.screen.query_one("#loans-table"))
        assert "3,500.00" in loans and "19.86%" in loans
        await pilot.press("s")
        await settle(pilot)
        schedule = widget_text(app.screen.query_one("#schedule"))
        assert "Principal" in schedule and "500.00" in schedule


async def test_archiving_an_account_is_said_and_shown_and_x_again_brings_it_back(ledger):
    from tests.ui.conftest import record_notices

    ledger.add_account("Bank", AccountKind.BANK)
    app = build_app(None, today=lambda: TODAY, ledger=ledger)
    async with app.run_test(size=(80, 24)) as pilot:
        notices = record_notices(app)
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert ("", "Archived Cash: its history stays; x again brings it back",
                "information") in notices
        assert "archived" in widget_text(app.screen.query_one("#accounts-table"))
        await pilot.press("x")
        await settle(pilot)
        assert ("", "Brought back Cash", "information") in notices
    assert not ledger.accounts(include_archived=True)[0].archived


async def test_an_opening_balance_is_set_from_the_accounts_screen(ledger):
    app = build_app(None, today=lambda: TODAY, ledger=ledger)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*"1,200", "enter")
        await settle(pilot)
        assert "¥1,200.00" in widget_text(app.screen.query_one("#accounts-table"))
    cash = ledger.accounts()[0]
    assert (cash.opening_balance, cash.balance) == (120000, 120000)


async def test_at_120x40_the_dashboard_fills_its_recent_list(demo_ledger):
    app = build_app(None, today=lambda: TODAY, ledger=demo_ledger)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        recent = app.screen.query_one("#recent")
        lines = [line for line in widget_text(recent).splitlines() if line.strip()]
        # A header and a row on every line the panel has: no blank half of the screen.
        assert len(lines) == recent.size.height >= 25


async def test_at_80x24_the_due_list_shows_more_than_one_item(demo_ledger):
    app = build_app(None, today=lambda: TODAY, ledger=demo_ledger)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        due = app.screen.query_one("#due-list")
        assert due.size.height >= 6  # three items of two lines each


async def test_the_reserve_account_is_not_called_by_a_longer_name(demo_ledger):
    app = build_app(None, today=lambda: TODAY, ledger=demo_ledger)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        balances = words(app.screen.query_one("#balances"))
        assert "Savings (reserve)" in balances
        assert "Savings reserve" not in balances


async def test_after_setting_an_extra_amount_the_plan_keeps_its_label_column(demo_ledger):
    app = build_app(None, today=lambda: TODAY, ledger=demo_ledger)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        table = app.screen.query_one("#plan-table")
        assert "Total interest" in widget_text(table)
        await pilot.press("e")
        await pilot.press("ctrl+a", *"500", "enter")
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
        shown = widget_text(table)
        assert "Total interest" in shown and "Months to debt-free" in shown
        assert "微粒贷 paid off" in shown



async def test_a_narrow_recent_list_shortens_labels_instead_of_wrapping(app):
    from rich.cells import cell_len

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"45.5 fo lunch", "enter")
        await settle(pilot)
        recent = app.screen.query_one("#recent")
        lines = [line.rstrip() for line in widget_text(recent).splitlines() if line.strip()]
        assert len(lines) == 2  # the header and the row, each on one line
        assert "2026-11-20" in lines[1] and "-45.50" in lines[1]
        assert all(cell_len(line) <= recent.size.width for line in lines)


@pytest.mark.parametrize("size", [(80, 24), (80, 40), (100, 30)])
async def test_the_month_figures_stay_whole_at_80_columns_with_big_amounts(app, ledger, size):
    ids = {category.name: category.id for category in ledger.categories()}
    ledger.add_transaction(on=TODAY, amount=123456789, account_id=1, category_id=ids["Salary"])
    ledger.add_transaction(on=TODAY, amount=-123456789, account_id=1, category_id=ids["Food"])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        summary = app.screen.query_one("MonthSummary")
        income = words(summary.query_one("#income"))
        expenses = words(summary.query_one("#expenses"))
        assert income.endswith("+1,234,567.89") and income.split()[0] in ("Income", "In")
        assert expenses.endswith("-1,234,567.89") and expenses.split()[0] in ("Expenses", "Out")
        assert words(summary.query_one("#net")) == "Net 0.00"


async def test_the_month_title_stays_whole_after_another_screen_at_80x24(app):
    """At 80x24 the month is a label beside the figures; coming back from the
    transactions list it read "This" until the app was restarted."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        month = app.screen.query_one("MonthSummary #month")
        title = words(month)
        assert title.startswith("This month") and month.size.width == len(title)
        for key in ("l", "d", "o", "d"):
            await pilot.press(key)
            await settle(pilot)
        month = app.screen.query_one("MonthSummary #month")
        assert words(month) == title and month.size.width == len(title)
