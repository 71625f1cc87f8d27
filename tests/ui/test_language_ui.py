"""Choosing the language in the app, and what keeps Chinese whole on screen."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Label

import budget.ui.screens
from budget.i18n import CHINESE, ENGLISH, _, activate, language
from budget.services.session import save_language, saved_language_of
from budget.ui import wide_characters
from budget.ui.app import RESTART, build_app
from budget.ui.screens.language_form import LanguageForm
from budget.ui.translated import TranslatedBindings
from budget.ui.widgets.footer import KeyFooter
from tests.ui.conftest import TODAY, settle
from tests.ui.screen_text import cut_characters, screen_lines


async def test_choosing_chinese_saves_it_and_starts_the_app_again_in_chinese(app, ledger):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, LanguageForm)
        assert "English" in "\n".join(screen_lines(app))
        await pilot.press("down", "down", "enter")
        await settle(pilot)
    assert app.return_value == RESTART
    assert saved_language_of(ledger) == CHINESE
    assert language() == CHINESE
    again = build_app(None, today=lambda: TODAY, ledger=ledger)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = "\n".join(screen_lines(again))
        assert "到期与逾期" in shown and "d 总览" in shown and "l 交易" in shown


async def test_following_the_system_again_saves_auto(app, ledger):
    save_language(ledger, CHINESE)
    activate(CHINESE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        # The saved language is highlighted; "follow the system" is the first entry.
        await pilot.press("up", "up", "enter")
        await settle(pilot)
    assert saved_language_of(ledger) == "auto"
    assert language() == ENGLISH  # the tests' locale says nothing: English


def test_every_screen_translates_its_bindings_when_shown_and_uses_the_key_footer():
    screens = []
    for module in pkgutil.iter_modules(budget.ui.screens.__path__):
        loaded = importlib.import_module(f"budget.ui.screens.{module.name}")
        screens += [cls for _name, cls in inspect.getmembers(loaded, inspect.isclass)
                    if issubclass(cls, Screen) and cls.__module__ == loaded.__name__]
        source = inspect.getsource(loaded)
        assert "Footer(" not in source.replace("KeyFooter(", ""), module.name
    assert len(screens) >= 15
    assert [cls for cls in screens if not issubclass(cls, TranslatedBindings)] == []


async def test_bindings_declared_in_english_show_in_the_language_of_the_moment(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        activate(CHINESE)
        active = app.screen.active_bindings
        assert active["d"].binding.description == "总览"
        assert active["a"].binding.tooltip == "记一笔收入或支出"
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"月度复盘", "主题", "退出"} <= titles
        assert type(app.screen).BINDINGS[0].description == "Safe to spend"  # untouched


class _Overlap(App):
    """A label in Chinese drawn over the border between two panels."""

    CSS = """
    Horizontal { height: 5; }
    Vertical { border: round $primary; width: 1fr; }
    #over { layer: above; offset: 11 2; width: 50; }
    Screen { layers: below above; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Vertical()
            yield Vertical()
        yield Label("一二三四五六七八九十一二三四五六七八九十", id="over")


async def test_chinese_drawn_over_a_border_keeps_every_character():
    overlap = _Overlap()
    wide_characters.install()
    async with overlap.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        assert "一二三四五六七八九十一二三四五六七八九十" in "".join(screen_lines(overlap))
        assert cut_characters(overlap) == []
        wide_characters.uninstall()
        try:
            overlap.screen._compositor._cuts = None
            overlap.refresh()
            await pilot.pause()
            # Textual's own chopping loses the character under the panels' edges (#6357).
            assert "一二三四五六七八九十一二三四五六七八九十" not in "".join(
                strip.text for strip in overlap.screen._compositor.render_strips())
        finally:
            wide_characters.install()


async def test_the_footer_shows_only_the_keys_that_fit_beside_the_palette_key(app):
    activate(CHINESE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        shown = [key for key in footer.query_children("FooterKey") if key.display]
        hidden = [key for key in footer.query_children("FooterKey") if not key.display]
        assert hidden and shown[-1].has_class("-command-palette")
        assert screen_lines(app)[-1].rstrip().endswith("▏^p " + _("palette"))
        assert cut_characters(app) == []
