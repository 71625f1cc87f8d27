"""Accounts and categories: add, rename, flag, archive, delete unused."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable

from budget.domain.ledger import CategoryKind
from budget.storage.ledger import Ledger
from tests.ui.conftest import TODAY, settle


def _category_row(app, name: str) -> int:
    table = app.screen.query_one("#categories-table", DataTable)
    return next(row for row in range(table.row_count) if str(table.get_row_at(row)[0]) == name)


async def _open_categories(pilot, name: str) -> None:
    await pilot.press("c")
    await settle(pilot)
    await pilot.press("tab")
    table = pilot.app.screen.query_one("#categories-table", DataTable)
    assert pilot.app.screen.focused is table
    table.move_cursor(row=_category_row(pilot.app, name))


def _food(ledger: Ledger):
    return next(c for c in ledger.categories() if c.name == "Food")


async def test_category_with_transactions_is_archived_not_deleted(app):
    food = _food(app.ledger)
    cash = app.ledger.accounts()[0]
    app.ledger.add_transaction(on=TODAY, amount=-100, account_id=cash.id, category_id=food.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_categories(pilot, "Food")
        await pilot.press("delete")
        await settle(pilot)
        row = _category_row(app, "Food")
        assert str(app.screen.query_one("#categories-table").get_row_at(row)[2]) == "archived"
    assert app.ledger.category(food.id).archived
    assert app.ledger.transactions(
        __import__("budget.storage.ledger", fromlist=["x"]).TransactionFilter(
            start=date(2026, 11, 1), end=date(2026, 11, 30)))[0].category == "Food"


async def test_archive_key_toggles_archived(app):
    food = _food(app.ledger)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_categories(pilot, "Food")
        await pilot.press("x")
        await settle(pilot)
        assert app.ledger.category(food.id).archived
        await pilot.press("x")
        await settle(pilot)
        assert not app.ledger.category(food.id).archived


async def test_unused_category_is_deleted_and_undo_brings_it_back(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_categories(pilot, "Education")
        await pilot.press("delete")
        await settle(pilot)
        assert "Education" not in [c.name for c in app.ledger.categories(include_archived=True)]
        await pilot.press("u")
        await settle(pilot)
    assert "Education" in [c.name for c in app.ledger.categories()]


async def test_new_category_and_rename_with_the_keyboard(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_categories(pilot, "Food")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Pets", "enter")
        await settle(pilot)
        pets = next(c for c in app.ledger.categories() if c.name == "Pets")
        assert pets.kind is CategoryKind.EXPENSE

        app.screen.query_one("#categories-table", DataTable).move_cursor(
            row=_category_row(app, "Pets"))
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k", *"Pet care", "enter")
        await settle(pilot)
    assert app.ledger.category(pets.id).name == "Pet care"


async def test_duplicate_name_is_refused_under_the_field(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_categories(pilot, "Food")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"food", "enter")
        await settle(pilot)
        assert "already exists" in str(app.screen.query_one("#name-error").render())


async def test_mark_category_essential_and_account_reserve(app):
    food = _food(app.ledger)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_categories(pilot, "Food")
        await pilot.press("m")
        await settle(pilot)
        assert app.ledger.category(food.id).essential
        await pilot.press("shift+tab", "m")
        await settle(pilot)
    assert app.ledger.accounts()[0].reserve


async def test_balances_line_up_on_the_right_and_long_names_end_in_an_ellipsis(app, ledger):
    from rich.cells import cell_len

    from budget.domain.ledger import AccountKind
    from tests.ui.conftest import widget_text

    ledger.add_account("招商银行储蓄卡一卡通金卡", AccountKind.BANK, opening_balance=123456789)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        lines = widget_text(app.screen.query_one("#accounts-table")).splitlines()
        cash = next(line for line in lines if "Cash" in line)
        bank = next(line for line in lines if "招商" in line)
        def ends_at(line, amount):  # in cells: a Chinese character takes two
            return cell_len(line[:line.index(amount) + len(amount)])

        assert ends_at(cash, "¥0.00") == ends_at(bank, "¥1,234,567.89")
        assert "…" in bank and "招商银行储蓄卡一卡通金卡" not in bank
