"""Every screen and form in Simplified Chinese at 80x24: no English left, nothing cut."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from budget.i18n import CHINESE, activate
from budget.services.demo import build_demo
from budget.services.session import open_ledger
from budget.ui.app import build_app
from tests.ui.conftest import TODAY, settle
from tests.ui.screen_text import cut_characters, english_words, screen_lines

ALIPAY = str(Path(__file__).resolve().parents[2] / "data" / "alipay_2026-03.csv")

# The keys that reach each screen from the dashboard, with a settle after each; a tuple
# ("type", text) types the text.
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
    "add income or expense": ["A"],
    "quick entry": ["a"],
    "quick entry error": ["a", ("type", "45.5 火星 午饭"), "enter"],
    "transfer": ["t"],
    "language": ["L"],
    "command palette": ["ctrl+p"],
    "opening balance": ["c", "e"],
    "overdue playbook": ["h"],
    "playbook contact form": ["h", "k"],
    "playbook agreement form": ["h", "r"],
    "review's playbook": ["v", "h"],
    "loan contact form": ["o", "enter", "k"],
    "loan agreement form": ["o", "enter", "r"],
    "evidence": ["o", "enter", "m"],
    "evidence entry form": ["o", "enter", "m", "n"],
    "evidence entry with a threat": ["o", "enter", "m", "n", "tab", "tab", "tab", "tab", "tab",
                                     "tab", "tab", ("type", "再不还钱就打电话给你爸妈")],
    "message check": ["o", "enter", "m", "k"],
    "complaint details": ["o", "enter", "m", "i"],
    "import": ["i"],
    "import file path": ["i", "o"],
    "import preview": ["i", "o", ("type", ALIPAY), "enter"],
    "import category picker": ["i", "o", ("type", ALIPAY), "enter", "e"],
    "import method picker": ["i", "o", ("type", ALIPAY), "enter", "m"],
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


async def _open(app, keys: list):
    for key in keys:
        if isinstance(key, tuple):
            await app._pilot.press(*key[1])
        else:
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
        # What was typed (a file's path, even half covered by a form) is the person's own
        # text, not the app's.
        typed = [key[1] for key in SCREENS[name] if isinstance(key, tuple)]
        assert [word for word in english_words(lines)
                if not any(word in text for text in typed)] == [], "\n".join(lines)
        assert cut_characters(chinese_app) == [], "\n".join(lines)

