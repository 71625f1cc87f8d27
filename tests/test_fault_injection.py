"""kill -9 during writes, concurrent writers beside the open app, modes under umask 000.

The bad files are in tests/cli/test_database_failures.py and the control-character corpus
in tests/cli/test_hostile_text.py and tests/ui/test_reliability_ui.py. The full-size runs
are marked slow: `.ci/run` runs them, `pytest -m slow` alone runs them here, and
`python -m tests.faults` prints their figures.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from tests import faults


def _assert_sound(figures: faults.Figures) -> None:
    print(figures.line())
    assert figures.integrity == "ok", figures
    assert figures.lost == 0, figures
    assert figures.half_written == 0, figures
    assert figures.lock_errors == 0, figures.notes
    assert not figures.notes, figures.notes


@pytest.fixture
def ledger_file(tmp_path):
    return faults.prepare(tmp_path)


def test_a_few_kills_during_add_lose_nothing_confirmed(ledger_file):
    db, env = ledger_file
    figures = faults.kill_during(db, env, faults.ADD, attempts=4)
    _assert_sound(figures)
    assert figures.stored >= figures.confirmed


@pytest.mark.slow
def test_kill_9_during_add(ledger_file):
    db, env = ledger_file
    figures = faults.kill_during(db, env, faults.ADD, attempts=120)
    _assert_sound(figures)
    assert figures.killed >= 30 and figures.confirmed >= 10  # both kinds of run happened


@pytest.mark.slow
def test_kill_9_during_loan_pay(ledger_file):
    db, env = ledger_file
    figures = faults.kill_during(db, env, faults.PAY, attempts=80)
    _assert_sound(figures)
    assert figures.killed >= 20 and figures.confirmed >= 5


@pytest.mark.slow
def test_four_writers_and_the_app_at_once_meet_no_lock_error(ledger_file):
    db, env = ledger_file
    figures = faults.concurrent_writers(db, env, writers=4, each=60, app_entries=8)
    _assert_sound(figures)
    assert figures.stored == figures.attempts


@pytest.mark.slow
def test_kill_9_while_a_new_file_is_made_never_leaves_an_empty_one(tmp_path):
    figures = faults.fresh_files(tmp_path, attempts=16)
    _assert_sound(figures)


UMASK_000 = r"""
import os, sys
os.umask(0)
from budget.cli import main
sys.argv[0] = "budget"
main()
"""


def test_every_file_written_under_umask_000_is_private(tmp_path):
    env = faults.environment(tmp_path / "home")

    def budget(*args):
        result = subprocess.run([sys.executable, "-c", UMASK_000, *args], capture_output=True,
                                text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        return result

    db = tmp_path / "a" / "b" / "f.db"
    budget("add", "12", "food", "--db", str(db))
    budget("bill", "add", "Rent", "2200", "--every", "month", "--day", "1", "--db", str(db))
    budget("export", "ics", str(tmp_path / "due.ics"), "--db", str(db))
    budget("demo", "--no-open", "--as-of", "2026-11-20")
    old = tmp_path / "old" / "v5.db"  # a file of the previous version: backed up first
    old.parent.mkdir()
    _previous_version(old)
    budget("list", "--db", str(old))
    [backup] = (old.parent / "backups").iterdir()
    written = [db, tmp_path / "due.ics", tmp_path / "home" / "demo.db", backup]
    folders = [tmp_path / "a", tmp_path / "a" / "b", tmp_path / "home", backup.parent]
    modes = {path: stat.S_IMODE(os.stat(path).st_mode) for path in [*written, *folders]}
    assert {path: mode for path, mode in modes.items() if path in written} == \
        dict.fromkeys(written, 0o600)
    assert {path: mode for path, mode in modes.items() if path in folders} == \
        dict.fromkeys(folders, 0o700)


def _previous_version(path) -> None:
    """A database as the version before the last migration left it."""
    import sqlite3

    from sqlite_utils import Database

    from budget.storage.migrations import migrations

    conn = sqlite3.connect(path, isolation_level=None)
    last = migrations._migrations[-1].name
    migrations.apply(Database(conn), stop_before=last)
    conn.execute(f"PRAGMA user_version = {len(migrations._migrations) - 1}")
    conn.close()
