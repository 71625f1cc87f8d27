"""Layer rules, checked in a fresh interpreter: shell commands never load the TUI."""

import json
import subprocess
import sys

import pytest


def _modules_after(code: str) -> set[str]:
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


@pytest.mark.parametrize("args", [["add", "12", "food"], ["list"], ["list", "--json"]])
def test_shell_commands_load_neither_textual_nor_sqlite_utils(args, tmp_path):
    db = str(tmp_path / "h.db")
    # The first run creates and migrates the file, which is allowed to use sqlite-utils.
    subprocess.run([sys.executable, "-m", "budget", *args, "--db", db], check=True,
                   capture_output=True)
    loaded = _modules_after("from budget.cli import main\n"
                            f"try:\n    main({[*args, '--db', db]!r})\n"
                            "except SystemExit:\n    pass")
    assert "textual" not in loaded
    assert "sqlite_utils" not in loaded
    assert "pydantic" not in loaded
    assert "babel" not in loaded  # the formats are cached in locale/formats.json


@pytest.mark.parametrize("module", ["budget.domain.money", "budget.domain.dates",
                                    "budget.domain.ledger", "budget.domain.reserve",
                                    "budget.domain.budgets", "budget.domain.safe_to_spend",
                                    "budget.domain.review", "budget.domain.payoff",
                                    "budget.domain.collection", "budget.domain.evidence",
                                    "budget.domain.evidence_input",
                                    "budget.domain.imports.plan", "budget.domain.imports.match",
                                    "budget.domain.exports.writers", "budget.domain.backups",
                                    "budget.domain.engine", "budget.domain.restructure",
                                    "budget.domain.playbook", "budget.domain.contacts"])
def test_domain_imports_neither_ui_nor_storage(module):
    loaded = _modules_after(f"import {module}")
    assert not {"textual", "sqlite_utils", "sqlite3"} & loaded


def test_storage_never_imports_textual():
    loaded = _modules_after("import budget.storage.ledger, budget.storage.database")
    assert "textual" not in loaded


def test_every_lazy_command_resolves_to_a_command_of_that_name():
    import click

    from budget.cli import main
    from budget.commands import COMMANDS

    context = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(context, name)
        assert isinstance(command, click.Command) and command.name == name


def test_budget_due_imports_only_what_it_needs(tmp_path):
    db = str(tmp_path / "d.db")
    subprocess.run([sys.executable, "-m", "budget", "due", "--db", db], check=True,
                   capture_output=True)
    loaded = _modules_after("from budget.cli import main\n"
                            f"try:\n    main(['due', '--db', {db!r}])\n"
                            "except SystemExit:\n    pass")
    assert "budget.commands.due" in loaded
    assert not {"budget.commands.planning", "budget.commands.fund", "budget.commands.loans",
                "textual", "sqlite_utils", "pydantic", "icalendar", "plotext", "babel"} & loaded
    # the second run of the day reads the cached list: no loan is replayed
    assert "budget.domain.repayment" not in loaded


def test_the_tui_never_imports_sqlite_utils():
    loaded = _modules_after("import budget.ui.app\n"
                            "import budget.ui.screens.loans, budget.ui.screens.reserve\n"
                            "import budget.ui.screens.review, budget.ui.screens.plan\n"
                            "import budget.ui.screens.evidence.entry_form\n"
                            "import budget.ui.screens.evidence.export_form")
    assert "textual" in loaded
    assert "sqlite_utils" not in loaded


@pytest.mark.parametrize("args", [["evidence", "check", "你这个老赖"],
                                  ["evidence", "check", "--loan", "微粒贷", "--from", "95384",
                                   "--json", "您本期应还577.50元"]])
def test_budget_evidence_check_imports_only_what_it_needs(args, tmp_path):
    db = str(tmp_path / "e.db")
    subprocess.run([sys.executable, "-m", "budget", "loan", "add", "微粒贷", "--principal",
                    "5000", "--preset", "weilidai", "--db", db], check=True, capture_output=True)
    loaded = _modules_after("from budget.cli import main\n"
                            f"try:\n    main({[*args, '--db', db]!r})\n"
                            "except SystemExit:\n    pass")
    assert "budget.domain.collection" in loaded
    assert not {"textual", "sqlite_utils", "pydantic", "rich", "budget.storage.evidence",
                "budget.domain.evidence", "budget.services.evidence", "zipfile"} & loaded


def test_a_shell_command_in_chinese_loads_the_catalogue_but_not_babel(tmp_path, monkeypatch):
    db = str(tmp_path / "zh.db")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    subprocess.run([sys.executable, "-m", "budget", "due", "--db", db], check=True,
                   capture_output=True)
    loaded = _modules_after("from budget.cli import main\n"
                            f"try:\n    main(['due', '--db', {db!r}])\n"
                            "except SystemExit:\n    pass\n"
                            "from budget.i18n import _\n"
                            "assert _('Due and overdue') == '到期与逾期'")
    assert "gettext" in loaded
    assert not {"babel", "textual", "sqlite_utils"} & loaded
