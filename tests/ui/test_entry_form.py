"""Recording money from the keyboard: the entry form, its errors and transfer mode."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Label, Static

from budget.domain.ledger import AccountKind
from budget.storage.ledger import TransactionFilter
from budget.ui.screens.entry import EntryForm
from tests.ui.conftest import TODAY, settle

NOVEMBER = TransactionFilter(start=date(2026, 11, 1), end=date(2026, 11, 30))


async def test_expense_entered_with_keyboard_appears_in_month_total_and_list(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"45.5", "tab", "f", "o")
        assert "Expense: Food" in str(app.screen.query_one("#kind", Static).render())
        await pilot.press("enter")
        await settle(pilot)

        assert not isinstance(app.screen, EntryForm)
        assert str(app.screen.query_one("#expenses", Label).render()) == "Expenses -45.50"
        assert str(app.screen.query_one("#net", Label).render()) == "Net -45.50"
        recent = app.screen.query_one("#recent")
        assert recent.row_count == 1
        assert [str(cell) for cell in recent.get_row_at(0)][:3] == [
            "2026-11-20", "Food", "-45.50"]

        await pilot.press("l")
        await settle(pilot)
        assert str(app.screen.query_one("#count", Static).render()) == \
            "1 transaction · total -45.50"
    assert app.ledger.count_transactions(NOVEMBER) == (1, -4550)


async def test_income_category_saves_a_positive_amount(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"¥1,234.50", "tab", *"sal")
        assert "Income: Salary  +1,234.50" in str(app.screen.query_one("#kind").render())
        await pilot.press("enter")
        await settle(pilot)
    assert app.ledger.recent_transactions(1)[0].amount == 123450


async def test_invalid_amount_is_explained_under_the_field_and_nothing_is_saved(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"abc", "tab", *"food", "enter")
        await settle(pilot)

        assert isinstance(app.screen, EntryForm)
        error = app.screen.query_one("#amount-error", Static)
        assert error.display
        assert "'abc' is not an amount" in str(error.render())
        assert app.screen.focused is app.screen.query_one("#amount", Input)
    assert app.ledger.count_transactions(NOVEMBER) == (0, 0)


async def test_unknown_category_is_explained_under_the_category_field(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"12", "tab", *"zzz", "enter")
        await settle(pilot)
        assert "no category 'zzz'" in str(app.screen.query_one("#category-error").render())
    assert app.ledger.count_transactions(NOVEMBER) == (0, 0)


async def test_date_typed_as_yesterday_is_saved_as_the_day_before(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"12+3.5", "tab", *"groc", "tab", *"yesterday", "enter")
        await settle(pilot)
    saved = app.ledger.recent_transactions(1)[0]
    assert (saved.date, saved.amount, saved.category) == (date(2026, 11, 19), -1550, "Groceries")


async def test_transfer_mode_moves_money_without_touching_income_or_expenses(app):
    bank = app.ledger.add_account("Bank", AccountKind.BANK)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.query_one("#from", Input).value == "Cash"
        await pilot.press(*"100", "tab", "tab", *"ba", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, EntryForm)
        assert str(app.screen.query_one("#income", Label).render()) == "Income 0.00"
    assert app.ledger.account(bank.id).balance == 10000
    assert app.ledger.accounts()[0].balance == -10000
    assert app.ledger.count_transactions(NOVEMBER) == (2, 0)


async def test_account_defaults_to_the_last_one_used(app):
    bank = app.ledger.add_account("Bank", AccountKind.BANK)
    food = app.ledger.categories()[0]
    app.ledger.add_transaction(on=TODAY, amount=-100, account_id=bank.id, category_id=food.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.query_one("#account", Input).value == "Bank"
