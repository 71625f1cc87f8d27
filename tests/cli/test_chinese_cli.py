"""The shell in Simplified Chinese: help, errors, and how the language is chosen."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from budget.cli import main
from budget.commands import COMMANDS
from budget.commands.common import TranslatedCommand, TranslatedOption
from budget.i18n import CHINESE, ENGLISH, _, activate
from budget.services.session import open_ledger, save_language
from tests.cli.conftest import ok

ZH = {"LANG": "zh_CN.UTF-8"}


def test_help_is_in_chinese_with_lang(tmp_path):
    text = ok(CliRunner().invoke(main, ["--lang", "zh_CN", "--help"])).output
    assert "用法:" in text and "选项:" in text and "命令:" in text
    assert "记一笔收入或支出：正负号由分类决定。" in text
    assert "显示本帮助并退出。" in text
    assert "Show this message" not in text


def test_a_commands_help_follows_the_locale(tmp_path):
    text = ok(CliRunner().invoke(main, ["add", "--help"], env=ZH)).output
    assert "budget add 45.5 食品 午饭" in text
    assert "付给了谁，或谁付给你。" in text  # --payee
    english = ok(CliRunner().invoke(main, ["add", "--help"])).output
    assert "Who was paid, or who paid you." in english


def test_a_full_stop_wrapped_alone_joins_its_sentence_and_leaves_no_blank_line():
    text = ok(CliRunner().invoke(main, ["import", "--help"], env=ZH)).output
    options = text.split("选项:")[1].split("命令:")[0].rstrip()
    assert "以后导入时会记住。可重复。" in options
    assert [line for line in options.splitlines()[1:] if not line.strip()] == []


def test_a_bad_amount_is_explained_in_chinese_with_exit_status_2(tmp_path):
    db = str(tmp_path / "zh.db")
    result = CliRunner().invoke(main, ["add", "abc", "食品", "--db", db], env=ZH)
    assert result.exit_code == 2
    assert result.stderr.strip() == ("budget：金额：“abc”不是金额：请输入最多 2 位小数的数字，"
                                     "如 45.5、¥1,234.50、-12 或 12+3.5")


def test_a_new_ledger_in_chinese_has_chinese_categories_and_records_in_them(tmp_path):
    db = str(tmp_path / "zh.db")
    saved = ok(CliRunner().invoke(main, ["add", "45.5", "食品", "午饭", "--db", db], env=ZH))
    assert saved.output.startswith("已保存 #1")
    assert "食品" in saved.output and "-45.50  CNY  现金" in saved.output
    listed = ok(CliRunner().invoke(main, ["category", "list", "--db", db], env=ZH)).output
    assert "还贷" in listed and "利息费用" in listed and "必要" in listed


def test_clicks_own_errors_are_in_chinese(tmp_path):
    result = CliRunner().invoke(main, ["add", "--db", str(tmp_path / "x.db")], env=ZH)
    assert result.exit_code == 2
    assert "错误：缺少参数 'AMOUNT'" in result.output
    assert "没有命令 'adx'" in CliRunner().invoke(main, ["adx"], env=ZH).output


def test_budget_lang_and_lang_override_the_locale(tmp_path):
    db = str(tmp_path / "x.db")
    english = CliRunner().invoke(main, ["add", "abc", "x", "--db", db],
                                 env={**ZH, "BUDGET_LANG": "en"})
    assert "budget: amount: 'abc' is not an amount" in english.stderr
    chinese = CliRunner().invoke(main, ["--lang", "zh_CN", "add", "abc", "x", "--db", db],
                                 env={"LANG": "en_US.UTF-8", "BUDGET_LANG": "en"})
    assert "budget：金额" in chinese.stderr


def test_the_language_saved_in_the_app_applies_to_the_shell(tmp_path):
    db = tmp_path / "saved.db"
    save_language(open_ledger(db), "zh_CN")
    result = CliRunner().invoke(main, ["due", "--db", str(db)])
    assert result.output.strip() == "未来 7 天内没有到期的款项。"
    result = CliRunner().invoke(main, ["--lang", "en", "due", "--db", str(db)])
    assert result.output.strip() == "Nothing due in the next 7 days."


def test_a_language_budget_does_not_speak_is_refused():
    result = CliRunner().invoke(main, ["--lang", "fr", "due"])
    assert result.exit_code == 2
    assert "'fr' is not a language budget speaks: use en, zh_CN" in result.output


def test_the_shell_in_chinese_from_a_real_process(tmp_path):
    db = str(tmp_path / "p.db")
    result = subprocess.run([sys.executable, "-m", "budget", "add", "abc", "食品", "--db", db],
                            capture_output=True, text=True, env={"LANG": "zh_CN.UTF-8",
                                                                 "BUDGET_HOME": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.startswith("budget：金额：“abc”不是金额")


def _commands(group: click.Group, ctx: click.Context):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield command
        if isinstance(command, click.Group):
            yield from _commands(command, click.Context(command, parent=ctx))


def test_every_command_and_option_help_is_translated():
    ctx = click.Context(main)
    untranslated = []
    activate(CHINESE)
    for command in [main, *_commands(main, ctx)]:
        assert isinstance(command, TranslatedCommand), command.name
        if command.help and command.help == command._help:
            untranslated.append(command.name)
        for param in command.params:
            if isinstance(param, click.Option):
                assert isinstance(param, TranslatedOption), (command.name, param.name)
                if param.help and param.help == param._help:
                    untranslated.append(f"{command.name} {param.opts[0]}")
    activate(ENGLISH)
    assert set(COMMANDS) <= {command.name for command in _commands(main, ctx)}
    assert untranslated == []
    assert _("Show this message and exit.") == "Show this message and exit."
