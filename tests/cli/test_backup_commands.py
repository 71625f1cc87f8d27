"""`budget backup`, `budget backup list`, `budget restore` and the daily automatic copy."""

import json
import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from budget.storage.backups import DailyBackup, list_backups
from budget.storage.database import open_database
from tests.cli.conftest import ok


def test_backup_writes_a_private_consistent_copy(run, tmp_path):
    ok(run("add", "45.5", "food", "lunch"))
    old = os.umask(0)
    try:
        result = ok(run("backup", str(tmp_path / "usb" / "copy.db")))
    finally:
        os.umask(old)
    copy = tmp_path / "usb" / "copy.db"
    assert "Backed up" in result.output
    assert copy.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "usb").stat().st_mode & 0o777 == 0o700
    rows = sqlite3.connect(copy).execute("SELECT amount, note FROM transactions").fetchall()
    assert rows == [(-4550, "lunch")]


def test_backup_without_a_file_goes_to_the_backups_folder_and_is_listed(run, tmp_path):
    ok(run("add", "12", "food"))
    written = ok(run("backup")).output
    assert str(tmp_path / "backups") in written
    listed = ok(run("backup", "list")).output.splitlines()
    kinds = {"by hand", "daily"}
    assert len(listed) == 2 and all(any(k in line for k in kinds) for line in listed)


def test_restore_checks_the_file_and_keeps_the_current_one(run, tmp_path):
    ok(run("add", "10", "food", "before"))
    ok(run("backup", str(tmp_path / "old.db")))
    ok(run("add", "20", "food", "after"))
    restored = ok(run("restore", str(tmp_path / "old.db"), "--yes")).output
    assert "Restored" in restored and "before-restore" in restored
    kept = [b for b in list_backups(tmp_path / "cli.db") if b.kind == "before restore"]
    assert len(kept) == 1
    back = sqlite3.connect(kept[0].path).execute("SELECT note FROM transactions").fetchall()
    assert sorted(back) == [("after",), ("before",)]
    now = sqlite3.connect(tmp_path / "cli.db").execute("SELECT note FROM transactions")
    assert now.fetchall() == [("before",)]


def test_restore_refuses_what_is_not_a_budget_database(run, tmp_path):
    ok(run("add", "10", "food", "keep me"))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (y)")
    for bad, reason in [(junk, "not a SQLite database"), (other, "not a budget database"),
                        (tmp_path / "missing.db", "does not exist")]:
        result = run("restore", str(bad), "--yes")
        assert result.exit_code == 2 and reason in result.output
        assert "nothing was changed" in result.output
    notes = sqlite3.connect(tmp_path / "cli.db").execute("SELECT note FROM transactions")
    assert notes.fetchall() == [("keep me",)]


def test_the_first_write_of_a_day_makes_the_daily_backup_and_old_ones_are_pruned(tmp_path):
    path = tmp_path / "b.db"
    conn = open_database(path)
    today = date(2026, 11, 30)
    backups = tmp_path / "backups"
    backups.mkdir()
    for days in range(1, 40):
        (backups / f"b-auto-{today - timedelta(days=days)}.db").write_bytes(b"")
    daily = DailyBackup(path, clock=lambda: today)
    daily(conn)
    daily(conn)  # the second write of the day copies nothing
    autos = sorted(p.name for p in backups.glob("b-auto-*.db"))
    assert len(autos) == 11  # 7 days and 4 weeks
    assert autos[-1] == "b-auto-2026-11-30.db"
    assert (backups / "b-auto-2026-11-30.db").stat().st_size > 0


def test_a_shell_write_triggers_the_daily_backup(run, tmp_path):
    ok(run("add", "10", "food"))
    autos = list((tmp_path / "backups").glob("cli-auto-*.db"))
    assert len(autos) == 1 and autos[0].stat().st_mode & 0o777 == 0o600


def test_a_daily_backup_that_cannot_be_written_does_not_stop_the_write(tmp_path, caplog):
    path = tmp_path / "b.db"
    conn = open_database(path)
    (tmp_path / "backups").write_text("a file where the folder should be")
    DailyBackup(path, clock=lambda: date(2026, 11, 30))(conn)
    assert "the daily backup" in caplog.text and "failed" in caplog.text


def test_backups_of_a_database_beside_this_one_are_not_listed_pruned_or_restored(tmp_path):
    from click.testing import CliRunner

    from budget.cli import main
    from budget.storage.backups import prune

    def run_on(name, *args):
        return CliRunner().invoke(main, [*args, "--db", str(tmp_path / name)])

    ok(run_on("budget.db", "add", "10", "food"))
    ok(run_on("budget-old.db", "add", "20", "food"))
    ok(run_on("budget.db", "backup"))
    ok(run_on("budget-old.db", "backup"))
    mine = json.loads(ok(run_on("budget.db", "backup", "list", "--json")).output)
    names = sorted(Path(item["path"]).name for item in mine)
    assert len(names) == 2 and not any(name.startswith("budget-old") for name in names)
    theirs = json.loads(ok(run_on("budget-old.db", "backup", "list", "--json")).output)
    assert len(theirs) == 2 and all(Path(item["path"]).name.startswith("budget-old-")
                                    for item in theirs)
    # Pruning budget.db's daily copies leaves budget-old.db's alone, even 40 days old.
    folder = tmp_path / "backups"
    for days in range(1, 40):
        for stem in ("budget", "budget-old"):
            (folder / f"{stem}-auto-{date(2026, 1, 1) + timedelta(days=days)}.db").touch()
    pruned = prune(folder, "budget")
    assert len(pruned) == 40 - 11 and all(p.name.startswith("budget-auto-") for p in pruned)
    assert len(list(folder.glob("budget-old-auto-*.db"))) == 40
    other = next(item["path"] for item in theirs if item["kind"] == "by hand")
    refused = run_on("budget.db", "restore", other, "--yes")
    assert refused.exit_code == 2
    assert "is a backup of budget-old.db, not of budget.db" in refused.output
    notes = sqlite3.connect(tmp_path / "budget.db").execute("SELECT amount FROM transactions")
    assert notes.fetchall() == [(-1000,)]
