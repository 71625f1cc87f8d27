"""The app shell: dashboard layout, key bindings and the command palette."""

from __future__ import annotations

from budget.ui.screens.dashboard import DashboardScreen
from budget.ui.screens.manage import ManageScreen
from budget.ui.screens.transactions import TransactionsScreen
from tests.ui.conftest import settle, widget_text


async def test_dashboard_has_the_panels_other_features_fill(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.title == "budget"
        due = app.screen.query_one("#due-list")
        assert "Nothing due in 7 days" in widget_text(due)
        assert app.screen.query_one("#reserve-panel").border_title == "Emergency reserve"
        assert "Cash" in widget_text(app.screen.query_one("#balances"))
        assert "¥0.00" in widget_text(app.screen.query_one("#balances"))


async def test_keys_switch_between_screens(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        assert isinstance(app.screen, TransactionsScreen)
        await pilot.press("c")
        assert isinstance(app.screen, ManageScreen)
        await pilot.press("d")
        assert isinstance(app.screen, DashboardScreen)


async def test_every_binding_has_a_description_and_a_palette_entry(app):
    async with app.run_test(size=(100, 30)) as pilot:
        for key in ("d", "l", "c"):
            await pilot.press(key)
            await settle(pilot)
            screen = app.screen
            bindings = [*app.BINDINGS, *type(screen).BINDINGS]
            assert all(binding.description for binding in bindings), screen
            titles = {command.title for command in app.get_system_commands(screen)}
            for binding in bindings:
                if binding.show:
                    assert (binding.tooltip or binding.description) in titles
