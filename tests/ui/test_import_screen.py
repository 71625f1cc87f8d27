"""The import screen: a WeChat file previewed, two categories fixed, imported, undone."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, ProgressBar, Static

from budget.domain.ledger import AccountKind
from budget.storage.imports import ImportBook
from budget.ui.screens.imports.pickers import ChoicePicker
from budget.ui.screens.imports.screen import ImportScreen
from tests.ui.conftest import settle, words

WECHAT = str(Path(__file__).parents[2] / "data" / "wechat_2026-03.csv")


def _balances(app) -> dict[str, int]:
    return {a.name: a.balance for a in app.ledger.accounts()}


def _row(app, payee: str) -> int:
    table = app.screen.query_one(DataTable)
    return next(row for row in range(table.row_count) if payee in str(table.get_row_at(row)[5]))


async def _open(pilot, path: str = WECHAT) -> None:
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ImportScreen)
    await pilot.press("o")
    pilot.app.screen.query_one(Input).value = path
    await pilot.press("enter")
    await settle(pilot)


async def _pick(pilot, text: str) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, ChoicePicker)
    await pilot.press(*text, "enter")
    await settle(pilot)


async def test_preview_fix_two_categories_import_and_undo(app):
    app.ledger.add_account("WeChat", AccountKind.E_WALLET)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        summary = words(app.screen.query_one("#import-summary", Static))
        assert "14 rows: 9 new · 0 duplicates · 5 skipped · 2 need a category" in summary
        table = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(row)[3]) for row in (0, 1)] == ["needs category"] * 2
        assert app.ledger.recent_transactions() == []  # nothing written by the preview
        table.move_cursor(row=_row(app, "王芳"))
        await pilot.press("e")
        await _pick(pilot, "side")
        table.move_cursor(row=_row(app, "赵敏"))
        await pilot.press("enter")
        await _pick(pilot, "food")  # a friend's half of a meal lowers Food spending
        assert "0 need a category" in words(app.screen.query_one("#import-summary", Static))
        await pilot.press("s")
        await settle(pilot)
        assert "Imported 9 rows as batch 1" in words(app.screen.query_one("#import-summary"))
        rows = {tx.payee: tx for tx in app.ledger.recent_transactions(20)}
        assert (rows["王芳"].category, rows["王芳"].amount) == ("Side income", 6600)
        assert (rows["赵敏"].category, rows["赵敏"].amount) == ("Food", 4500)
        # seven payments, a refund of 25.90 and the two fixed rows coming in
        assert _balances(app)["WeChat"] == -147890
        assert [rule.pattern for rule in ImportBook(app.ledger).rules()] == ["王芳", "赵敏"]
        await pilot.press("u")
        await settle(pilot)
        assert "Undid batch 1: removed 9 rows." in words(
            app.screen.query_one("#import-summary"))
        assert app.ledger.recent_transactions() == []
        assert _balances(app)["WeChat"] == 0


async def test_mapping_a_method_reads_the_file_again_and_keeps_the_fixes(app):
    app.ledger.add_account("WeChat", AccountKind.E_WALLET)
    app.ledger.add_account("工商银行", AccountKind.BANK)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=_row(app, "王芳"))
        await pilot.press("e")
        await _pick(pilot, "bonus")
        table.move_cursor(row=_row(app, "美团外卖"))
        await pilot.press("m")
        await _pick(pilot, "工商")
        assert str(table.get_row_at(_row(app, "美团外卖"))[6]) == "工商银行"
        assert str(table.get_row_at(_row(app, "王芳"))[4]) == "Bonus"
        assert "10 new" in words(app.screen.query_one("#import-summary"))  # the withdrawal


async def test_a_file_that_cannot_be_read_says_why_and_writes_nothing(app, tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_text("a,b\n1,2\n")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, str(junk))
        assert "not an export budget recognises" in words(
            app.screen.query_one("#import-summary"))
        assert not app.screen.query_one(ProgressBar).display
        await pilot.press("s")
        await settle(pilot)
    assert app.ledger.recent_transactions() == []
