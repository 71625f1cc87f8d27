"""Shell-command fixtures: each test runs `budget` through CliRunner on its own file."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from budget.cli import main


@pytest.fixture
def run(tmp_path):
    """`run("add", "45.5", "food")` runs `budget add 45.5 food --db <a fresh file>`."""
    db = str(tmp_path / "cli.db")

    def invoke(*args):
        return CliRunner().invoke(main, [*args, "--db", db])

    return invoke


def ok(result):
    """The result of a command that must succeed; shows its output when it did not."""
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def on_day(monkeypatch):
    """`on_day(date(2026, 11, 30))`: every shell command reads that day as today."""
    import importlib
    import pkgutil

    import budget.commands
    from budget.commands import common

    real = common.today
    users = [importlib.import_module(f"budget.commands.{module.name}")
             for module in pkgutil.iter_modules(budget.commands.__path__)]
    users = [module for module in users if getattr(module, "today", None) is real]

    def fix(day):
        # Called again in one test, it moves the day: every user of the real one follows.
        for module in [*users, common]:
            monkeypatch.setattr(module, "today", lambda: day)

    return fix
