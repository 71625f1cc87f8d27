"""Recording money from the keyboard: the entry form, its errors and transfer mode."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Label, Static

from budget.domain.ledger import AccountKind
from budget.storage.ledger import TransactionFilter
from budget.ui.screens.entry import EntryForm
from tests.ui.conftest import TODAY, record_notices, settle

NOVEMBER = TransactionFilter(start=date(2026, 11, 1), end=date(2026, 11, 30))


async def test_expense_entered_with_keyboard_appears_in_month_total_and_list(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("A")
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
        assert list(recent.rows[0][:3]) == ["2026-11-20", "Food", "-45.50"]

        await pilot.press("l")
        await settle(pilot)
        assert str(app.screen.query_one("#count", Static).render()) == \
            "1 transaction · total -45.50"
    assert app.ledger.count_transactions(NOVEMBER) == (1, -4550)


async def test_income_category_saves_a_positive_amount(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("A")
        await settle(pilot)
        await pilot.press(*"¥1,234.50", "tab", *"sal")
        assert "Income: Salary  +1,234.50" in str(app.screen.query_one("#kind").render())
        await pilot.press("enter")
        await settle(pilot)
    assert app.ledger.recent_transactions(1)[0].amount == 123450


async def test_invalid_amount_is_explained_under_the_field_and_nothing_is_saved(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("A")
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
        await pilot.press("A")
        await settle(pilot)
        await pilot.press(*"12", "tab", *"zzz", "enter")
        await settle(pilot)
        assert "no category 'zzz'" in str(app.screen.query_one("#category-error").render())
    assert app.ledger.count_transactions(NOVEMBER) == (0, 0)


async def test_date_typed_as_yesterday_is_saved_as_the_day_before(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("A")
        await settle(pilot)
        await pilot.press(*"12+3.5", "tab", *"groc", "tab", "tab", *"yesterday", "enter")
        await settle(pilot)
    saved = app.ledger.recent_transactions(1)[0]
    assert (saved.date, saved.amount, saved.category) == (date(2026, 11, 19), -1550, "Groceries")


async def test_transfer_mode_moves_money_without_touching_income_or_expenses(app):
    bank = app.ledger.add_account("Bank", AccountKind.BANK)
    notices = record_notices(app)
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
    # Cash held nothing: saved all the same, with a warning.
    assert ("", "Cash is overdrawn by ¥100.00 after this transfer (balance -¥100.00 on "
            "2026-11-20): check the amount and the account it came from.", "warning") in notices
    assert app.ledger.count_transactions(NOVEMBER) == (2, 0)


async def test_account_defaults_to_the_last_one_used(app):
    bank = app.ledger.add_account("Bank", AccountKind.BANK)
    food = app.ledger.categories()[0]
    app.ledger.add_transaction(on=TODAY, amount=-100, account_id=bank.id, category_id=food.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("A")
        await settle(pilot)
        assert app.screen.query_one("#account", Input).value == "Bank"


async def test_the_form_reports_every_wrong_field_at_once(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        await pilot.press(*"abc", "tab", *"zzz", "tab", "tab", *"2026-02-30", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EntryForm)
        assert "'abc' is not an amount" in str(form.query_one("#amount-error").render())
        assert "no category 'zzz'" in str(form.query_one("#category-error").render())
        assert "not a date" in str(form.query_one("#date-error").render())
    assert app.ledger.count_transactions(NOVEMBER) == (0, 0)


async def test_the_form_title_stays_on_screen_at_80x24(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        form = app.screen.query_one("#form")
        assert form.region.y >= 0 and form.region.bottom <= 24
        assert form.border_title == "Add income or expense"
        assert form.scroll_offset.y == 0 and form.max_scroll_y == 0


async def test_a_negative_amount_in_the_form_is_a_refund(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        await pilot.press(*"-30", "tab", *"shop")
        assert "Refund: Shopping  +30.00" in str(app.screen.query_one("#kind").render())
        await pilot.press("enter")
        await settle(pilot)
    refund = app.ledger.recent_transactions(1)[0]
    assert (refund.amount, refund.category, refund.typed_amount) == (3000, "Shopping", -3000)


async def test_editing_a_refund_shows_its_minus_again(app):
    shopping = next(c for c in app.ledger.categories() if c.name == "Shopping")
    app.ledger.add_transaction(on=TODAY, amount=3000, account_id=app.ledger.accounts()[0].id,
                               category_id=shopping.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#amount", Input).value == "-30.00"


async def test_an_entry_dated_far_ahead_is_asked_about_before_it_is_saved(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        await pilot.press(*"12", "tab", *"food", "tab", "tab", *"2099-01-01",
                          "enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        question = str(app.screen.query_one("#date-error").render())
        assert "2099-01-01 is 26,340 days ahead of today (2026-11-20): is the year right?" \
            in question
        assert app.ledger.count_transactions(
            TransactionFilter(start=date(2099, 1, 1), end=date(2099, 1, 1))) == (0, 0)
        await pilot.press("enter")  # yes, as typed
        await settle(pilot)
        assert not isinstance(app.screen, EntryForm)
    assert app.ledger.recent_transactions(1)[0].date == date(2099, 1, 1)


async def test_the_quick_line_asks_about_a_date_decades_back_and_reports_errors(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"12 fodd")
        await pilot.press("enter")
        await settle(pilot)
        message = str(app.screen.query_one("#quick-message").render())
        assert "category: no category 'fodd'; did you mean Food?" in message
        await pilot.press("ctrl+a", "ctrl+k", *"12 food @1980-01-01", "enter")
        await settle(pilot)
        message = str(app.screen.query_one("#quick-message").render())
        assert "1980-01-01 is 46 years before today (2026-11-20)" in message
        assert app.ledger.recent_transactions(1) == []
        await pilot.press("enter")
        await settle(pilot)
    assert app.ledger.recent_transactions(1)[0].date == date(1980, 1, 1)


async def test_enter_on_an_empty_quick_line_opens_the_full_form(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
