"""Every key the footer shows does what its label says, on every screen and at every size;
the command palette offers every action with its key; an expense takes few keys."""

from __future__ import annotations

import shutil

import pytest
from textual.command import CommandPalette
from textual.widgets._footer import FooterKey

from budget.services.demo import build_demo
from budget.services.session import open_ledger
from budget.ui.app import LAZY_SCREENS, build_app
from tests.ui.conftest import TODAY, settle

MODES = ["dashboard", *LAZY_SCREENS]
SIZES = [(80, 24), (120, 40)]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The demo ledger, built once: loans, bills, a reserve and a year of entries."""
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.db", today=TODAY)


@pytest.fixture
def demo_app(demo_file, tmp_path):
    copy = tmp_path / "demo.db"
    shutil.copy(demo_file, copy)
    return build_app(None, today=lambda: TODAY, ledger=open_ledger(copy))


def record_actions(app) -> list[tuple[str, object]]:
    """Every action a key runs from now on, as (action, node), without running it."""
    ran: list[tuple[str, object]] = []
    run_action = app.run_action

    async def recording(action, default_namespace=None):
        if isinstance(action, str) and app._check_action_state(action, default_namespace):
            ran.append((action, default_namespace))
            return True
        return await run_action(action, default_namespace)

    app.run_action = recording
    return ran


def footer_keys(app) -> list[FooterKey]:
    return [key for key in app.screen.query(FooterKey) if "-command-palette" not in key.classes]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("mode", MODES)
async def test_every_footer_key_runs_the_action_of_its_label(demo_app, mode, size):
    app = demo_app
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.switch_mode(mode)
        await settle(pilot)
        shown = footer_keys(app)
        assert shown, f"no keys in the footer of {mode}"
        ran = record_actions(app)
        for footer_key in shown:
            ran.clear()
            await pilot.press(footer_key.key)
            await pilot.pause()
            if footer_key.disabled:
                assert ran == [], (f"{mode} {size}: '{footer_key.key_display}' is dimmed as "
                                   f"'{footer_key.description}' but ran {ran}")
                continue
            assert [action for action, _node in ran] == [footer_key.action], (
                f"{mode} {size}: '{footer_key.key_display}' says '{footer_key.description}' "
                f"({footer_key.action}) but ran {ran}")
            action, node = ran[0]
            name = action.split("(")[0].split(".")[-1]
            assert hasattr(node, f"action_{name}"), f"{node} has no action {name}"


@pytest.mark.parametrize("mode", MODES)
async def test_at_80_columns_add_transfer_and_quit_come_first(demo_app, mode):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        demo_app.switch_mode(mode)
        await settle(pilot)
        keys = [key.key for key in footer_keys(demo_app)]
        assert keys[:3] == ["a", "t", "q"]
        # Each key the footer starts with is on screen, not scrolled out of sight.
        footer = demo_app.screen.query_one("Footer")
        visible = [key for key in footer_keys(demo_app)
                   if key.region.right <= footer.region.right - len("^p palette") - 1]
        assert [key.key for key in visible][:3] == ["a", "t", "q"]


@pytest.mark.parametrize("mode", MODES)
async def test_the_palette_lists_every_action_of_the_app_and_the_screen_with_its_key(
        demo_app, mode):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        demo_app.switch_mode(mode)
        await settle(pilot)
        screen = demo_app.screen
        commands = [(title, help_text) for title, help_text, *_rest
                    in demo_app.get_system_commands(screen)]
        for node in (screen, demo_app):
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    if not binding.description or binding.action == "command_palette":
                        continue
                    if demo_app._check_action_state(binding.action, node) is False:
                        continue
                    key = demo_app.get_key_display(binding)
                    assert any(help_text.startswith("key ")
                               and key in help_text.removeprefix("key ").split(", ")
                               for _title, help_text in commands), (
                        f"{mode}: {binding.action} ({key}) is not in the palette")
        titles = [title for title, _help in commands]
        ours = [binding.tooltip or binding.description for binding in screen.BINDINGS
                if binding.description and binding.show
                and demo_app._check_action_state(binding.action, screen) is not False]
        assert set(ours) <= set(titles), f"{mode}: {set(ours) - set(titles)}"


async def test_searching_the_palette_for_add_loan_or_transfer_finds_them(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [title for title, *_rest in demo_app.get_system_commands(demo_app.screen)]
        for word in ("add", "loan", "transfer"):
            assert any(word in title.casefold() for title in titles), word
        # The palette itself, open, lists them with their keys too.
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(demo_app.screen, CommandPalette)
        found = [title for title, *_rest in demo_app.get_system_commands(
            demo_app.screen_stack[-2])]
        assert "Add income or an expense" in found and "Loans and bills" in found


async def test_45_50_food_lunch_takes_15_keys_from_the_dashboard_and_9_without_a_note(app):
    with_note = ["a", *"45.5", "space", *"fo", "space", *"lunch", "enter"]
    without_note = ["a", *"45.5", "space", *"fo", "enter"]
    assert (len(with_note), len(without_note)) == (15, 9)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*with_note)
        await settle(pilot)
        await pilot.press(*without_note)
        await settle(pilot)
    first, second = app.ledger.recent_transactions(2)[::-1]
    assert (first.amount, first.category, first.note, first.date) == (-4550, "Food", "lunch",
                                                                      TODAY)
    assert (second.amount, second.category, second.note) == (-4550, "Food", "")


async def test_the_full_form_also_records_it_in_15_keys(app):
    keys = ["a", *"45.5", "tab", *"fo", "tab", *"lunch", "enter"]
    assert len(keys) == 15
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")  # outside the dashboard, a opens the full form
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
    saved = app.ledger.recent_transactions(1)[0]
    assert (saved.amount, saved.category, saved.note) == (-4550, "Food", "lunch")


async def test_an_empty_ledger_says_how_to_add_the_first_expense(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        hint = app.screen.query_one("#recent-empty")
        assert hint.display
        assert "Press a and type what you spent, e.g. 45.5 food lunch" in str(hint.render())
        assert [key.key for key in footer_keys(app)][:1] == ["a"]



@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
async def test_the_footer_ends_with_the_palette_key_and_no_stray_letter(app, size):
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for screen in ("d", "l", "o"):
            await pilot.press(screen)
            await settle(pilot)
            bottom = app.screen._compositor.render_strips()[-1].text
            assert bottom.endswith("▏^p palette"), (screen, bottom)
