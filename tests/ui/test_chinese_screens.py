"""Every screen and form in Simplified Chinese at 80x24: no English left, nothing cut."""

from __future__ import annotations

import os
import shutil

import pytest

from budget.i18n import CHINESE, activate
from budget.services.demo import build_demo
from budget.services.session import open_ledger
from budget.ui.app import build_app
from tests.ui.conftest import TODAY, settle
from tests.ui.screen_text import cut_characters, english_words, screen_lines

# The keys that reach each screen from the dashboard, with a settle after each.
SCREENS = {
    "dashboard": [],
    "dashboard with the safe-to-spend sum": ["s"],
    "transactions": ["l"],
    "transactions search": ["l", "slash"],
    "accounts and categories": ["c"],
    "new account": ["c", "n"],
    "new category": ["c", "tab", "n"],
    "loans and bills": ["o"],
    "loan schedule": ["o", "enter"],
    "loan payment": ["o", "p"],
    "new loan": ["o", "n"],
    "new bill": ["o", "b"],
    "bill payment": ["o", "tab", "p"],
    "emergency reserve": ["f"],
    "essential spending chart": ["f", "v"],
    "reserve top-up": ["f", "u"],
    "emergency withdrawal": ["f", "w"],
    "reserve target": ["f", "s"],
    "needed by a date": ["f", "g"],
    "budgets": ["b"],
    "budget limit": ["b", "e"],
    "monthly review": ["v"],
    "review spending chart": ["v", "v"],
    "payoff plan": ["y"],
    "add income or expense": ["a"],
    "transfer": ["t"],
    "language": ["L"],
    "command palette": ["ctrl+p"],
}


@pytest.fixture(scope="module")
def chinese_demo(tmp_path_factory):
    """The demo ledger built in Chinese, as `LANG=zh_CN.UTF-8 budget demo` builds it."""
    activate(CHINESE)
    try:
        return build_demo(tmp_path_factory.mktemp("demo") / "demo.db", today=TODAY)
    finally:
        activate("en")


@pytest.fixture
def chinese_app(chinese_demo, tmp_path):
    activate(CHINESE)
    copy = tmp_path / "demo.db"
    shutil.copy(chinese_demo, copy)
    return build_app(None, today=lambda: TODAY, ledger=open_ledger(copy))


async def _open(app, keys: list[str]):
    for key in keys:
        await app._pilot.press(key)
        await settle(app._pilot)
    # A notification is transient and drawn over whatever is there; the screen is read
    # without them (their text is checked through the catalogue like any other).
    app.clear_notifications()
    await settle(app._pilot)


@pytest.mark.parametrize("name", list(SCREENS))
async def test_screen_in_chinese_has_no_english_and_no_cut_character(chinese_app, name):
    async with chinese_app.run_test(size=(80, 24)) as pilot:
        chinese_app._pilot = pilot
        await settle(pilot)
        await _open(chinese_app, SCREENS[name])
        lines = screen_lines(chinese_app)
        if os.environ.get("BUDGET_SHOW_SCREENS"):
            print(f"\n--- {name}\n" + "\n".join(lines))
        assert english_words(lines) == [], "\n".join(lines)
        assert cut_characters(chinese_app) == [], "\n".join(lines)
