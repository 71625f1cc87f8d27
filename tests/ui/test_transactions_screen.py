"""The transaction list: months, paging, edit, and delete with undo."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input, Label, Static

from budget.storage.ledger import Ledger
from budget.ui.screens.entry import EntryForm
from budget.ui.screens.transactions import PAGE_SIZE
from tests.ui.conftest import TODAY, settle


def _spend(ledger: Ledger, on: date, amount: int, payee: str = "") -> int:
    food = next(c for c in ledger.categories() if c.name == "Food")
    cash = ledger.accounts()[0]
    return ledger.add_transaction(on=on, amount=-amount, account_id=cash.id,
                                  category_id=food.id, payee=payee).id


def _count(app) -> str:
    return str(app.screen.query_one("#count", Static).render())


async def test_month_navigation_shows_one_month_at_a_time(app):
    _spend(app.ledger, date(2026, 10, 5), 700, "October rent")
    _spend(app.ledger, TODAY, 4550, "November lunch")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await settle(pilot)
        assert str(app.screen.query_one("#month", Label).render()) == "2026-11"
        assert _count(app) == "1 transaction · total -45.50"

        await pilot.press("left_square_bracket")
        await settle(pilot)
        table = app.screen.query_one("#transactions")
        assert str(app.screen.query_one("#month", Label).render()) == "2026-10"
        assert _count(app) == "1 transaction · total -7.00"
        assert str(table.get_row_at(0)[4]) == "October rent"

        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert str(app.screen.query_one("#month", Label).render()) == "2026-12"
        assert table.row_count == 0


async def test_list_loads_pages_and_fetches_more_near_the_end(app):
    with app.ledger.atomic():
        for index in range(PAGE_SIZE * 2 + 50):
            _spend(app.ledger, TODAY - timedelta(days=index % 20), 100)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await settle(pilot)
        table = app.screen.query_one("#transactions")
        assert table.row_count == PAGE_SIZE
        assert _count(app) == "450 transactions · total -450.00"

        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == PAGE_SIZE * 2
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == 450
        dates = [table.get_row_at(row)[0] for row in range(table.row_count)]
        assert dates == sorted(dates, reverse=True)


async def test_text_filter_narrows_the_month(app):
    _spend(app.ledger, TODAY, 1000, "Noodle bar")
    _spend(app.ledger, TODAY, 2000, "Bus card")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("slash", *"noodle")
        await settle(pilot)
        assert app.screen.focused is app.screen.query_one("#search", Input)
        assert _count(app) == "1 transaction · total -10.00"
        assert app.screen.query_one("#transactions").row_count == 1


async def test_delete_then_undo_restores_the_transaction(app):
    kept = _spend(app.ledger, TODAY, 4550, "Lunch")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert _count(app) == "0 transactions · total 0.00"
        assert app.ledger.accounts()[0].balance == 0
        assert any("press u to undo" in n.message for n in app._notifications)

        await pilot.press("u")
        await settle(pilot)
        assert _count(app) == "1 transaction · total -45.50"
    assert app.ledger.transaction(kept).payee == "Lunch"
    assert app.ledger.accounts()[0].balance == -4550


async def test_edit_opens_the_form_prefilled_and_saves_the_change(app):
    kept = _spend(app.ledger, TODAY, 4550, "Lunch")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        amount = app.screen.query_one("#amount", Input)
        assert amount.value == "45.50"
        assert app.screen.query_one("#payee", Input).value == "Lunch"
        await pilot.press(*"60", "enter")
        await settle(pilot)
        assert _count(app) == "1 transaction · total -60.00"
    assert app.ledger.transaction(kept).amount == -6000
