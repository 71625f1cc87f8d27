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
