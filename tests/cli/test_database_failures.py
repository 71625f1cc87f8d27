"""A database that cannot be used gives a message saying what to do, never a traceback."""

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from budget.cli import main
from budget.storage import database
from tests.cli.conftest import ok

NOBODY = 65534


def no_traceback(result):
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def rows(path, table="transactions") -> int:
    with sqlite3.connect(path) as conn:
        count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    conn.close()
    return count


@pytest.fixture
def short_busy_timeout(monkeypatch):
    """Wait 0.2 s for a lock instead of 5 s, so a held lock is met quickly."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)


@pytest.fixture
def held_lock():
    """Another program (as `sqlite3 DB` with BEGIN IMMEDIATE) holding the write lock."""
    holders = []

    def hold(path):
        ready, release = threading.Event(), threading.Event()

        def run():
            conn = sqlite3.connect(path, isolation_level=None)
            conn.execute("BEGIN IMMEDIATE")
            ready.set()
            release.wait(30)
            conn.execute("ROLLBACK")
            conn.close()

        thread = threading.Thread(target=run)
        thread.start()
        ready.wait()
        holders.append((release, thread))
        return release

    yield hold
    for release, thread in holders:
        release.set()
        thread.join()


@pytest.mark.parametrize("args", [["add", "12", "food"], ["bill", "add", "Rent", "2200",
                                                          "--every", "month", "--day", "1"],
                                  ["loan", "pay", "L", "100"], ["account", "add", "Bank",
                                                                "--kind", "bank"]])
def test_a_write_lock_held_past_the_timeout_says_busy_and_saves_nothing(
        run, tmp_path, short_busy_timeout, held_lock, args):
    ok(run("loan", "add", "L", "--principal", "1000", "--preset", "weilidai",
           "--start", "2026-10-15"))
    path = tmp_path / "cli.db"
    before = rows(path)
    held_lock(path)
    result = no_traceback(run(*args))
    assert result.exit_code == 2
    assert "is busy: another program (budget in another window, or sqlite3) kept it locked " \
           "for more than 0.2 seconds. Nothing was saved; try again in a moment." in result.stderr
    assert rows(path) == before


def test_after_the_lock_is_released_the_same_command_works(run, tmp_path, short_busy_timeout,
                                                           held_lock):
    ok(run("add", "1", "food"))
    release = held_lock(tmp_path / "cli.db")
    assert run("add", "12", "food").exit_code == 2
    release.set()
    import time

    time.sleep(0.1)
    ok(run("add", "12", "food"))
    assert rows(tmp_path / "cli.db") == 2


def test_a_missing_table_is_named_with_what_to_do(run, tmp_path):
    ok(run("add", "12", "food"))
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        conn.execute("DROP TABLE bills")
    conn.close()
    for args in (["bill", "list"], ["due"], ["remind"], ["safe"], ["export", "ics"]):
        result = no_traceback(run(*args))
        assert result.exit_code == 2, args
        assert "is missing part of budget's layout (no such table: bills)" in result.stderr
        assert "restore a backup (`budget paths` shows where they are)" in result.stderr
    assert "Food" in ok(run("list")).stdout  # what does not need the table still works


def test_a_damaged_page_is_reported_not_a_traceback(run, tmp_path):
    path = tmp_path / "cli.db"
    ok(run("add", "12", "food"))
    conn = sqlite3.connect(path, isolation_level=None)
    with conn:
        conn.executemany("INSERT INTO transactions (date, amount, account_id, category_id, "
                         "payee, created_at) VALUES ('2026-11-02', -100, 1, 4, ?, 'now')",
                         [("x" * 200,)] * 2000)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'transactions'"
                        ).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(path, "r+b") as stream:  # scribble over the table's root page
        stream.seek((root - 1) * page_size)
        stream.write(b"\xde\xad\xbe\xef" * (page_size // 4))
    for args in (["list", "--month", "2026-11"], ["add", "1", "food"],
                 ["list", "--month", "2026-11", "--json"]):
        result = no_traceback(run(*args))
        assert result.exit_code == 2, (args, result.output)
        assert "is damaged" in result.stderr or "not a budget database" in result.stderr
        assert "restore a backup" in result.stderr


def test_a_zero_byte_file_is_refused_and_left_alone(run, tmp_path):
    path = tmp_path / "cli.db"
    path.write_bytes(b"")
    result = no_traceback(run("add", "12", "food"))
    assert result.exit_code == 2
    assert "is empty (0 bytes), as a sync or copy that did not finish leaves a file" \
        in result.stderr
    assert path.read_bytes() == b""


def test_the_default_database_alone_and_empty_on_a_first_run_is_started(private_home):
    private_home.mkdir(parents=True)
    (private_home / "budget.db").write_bytes(b"")
    result = no_traceback(CliRunner().invoke(main, ["add", "12", "food"]))
    assert result.exit_code == 0, result.output
    assert "was empty (0 bytes): started a new ledger in it." in result.stderr


def test_the_default_database_empty_beside_other_files_is_refused(private_home):
    (private_home / "backups").mkdir(parents=True)
    (private_home / "budget.db").write_bytes(b"")
    result = no_traceback(CliRunner().invoke(main, ["add", "12", "food"]))
    assert result.exit_code == 2
    assert (private_home / "budget.db").read_bytes() == b""


def test_a_folder_in_place_of_the_file_is_named(private_home):
    (private_home / "budget.db").mkdir(parents=True)
    result = no_traceback(CliRunner().invoke(main, ["list"]))
    assert result.exit_code == 2 and "is a folder, not a database file" in result.stderr


def test_a_bug_is_one_line_and_a_crash_log_not_a_traceback(run, tmp_path, monkeypatch):
    ok(run("add", "1", "food"))

    def broken(*args, **kwargs):
        raise RuntimeError("kaput")

    monkeypatch.setattr("budget.services.ledger.record", broken)
    result = run("add", "12", "food")
    assert result.exit_code == 70
    assert "something went wrong that budget did not expect (RuntimeError: kaput)" \
        in result.stderr
    log = tmp_path / "crash.log"
    assert "Traceback" not in result.output and "RuntimeError: kaput" in log.read_text()
    assert oct(os.stat(log).st_mode & 0o777) == "0o600"


# -- read-only files and folders: root may write anything, so these run as nobody --------


@pytest.fixture
def unprivileged(tmp_path):
    """Run `budget` as a user the permission bits apply to, in a folder it owns."""
    if os.geteuid() == 0:
        folder = Path(tempfile.mkdtemp(prefix="budget-ro-"))
        os.chown(folder, NOBODY, NOBODY)
    else:
        folder = tmp_path / "ro"
        folder.mkdir()

    python, kwargs = sys.executable, {}
    env = {**os.environ, "BUDGET_HOME": str(folder / "home"), "HOME": str(folder)}
    if os.geteuid() == 0:
        # The test's own interpreter may sit in root's home, closed to nobody: the system
        # one of the same version reads the same packages.
        python = shutil.which(f"python{sys.version_info.major}.{sys.version_info.minor}",
                              path="/usr/bin:/bin")
        if python is None:
            pytest.skip("no interpreter an unprivileged user can run")
        env["PYTHONPATH"] = os.pathsep.join(
            [str(Path(__file__).parents[2]), *(p for p in sys.path if p.endswith("-packages"))])
        kwargs = {"user": NOBODY, "group": NOBODY, "extra_groups": []}

    def invoke(*args):
        return subprocess.run([python, "-m", "budget", *args], capture_output=True,
                              text=True, env=env, cwd=folder, timeout=60, **kwargs)

    invoke.folder = folder
    yield invoke
    os.chmod(folder, 0o700)
    for inner in folder.rglob("*"):
        if inner.is_dir():
            os.chmod(inner, 0o700)
    shutil.rmtree(folder, ignore_errors=True)


def test_a_read_only_file_saves_nothing_and_says_how_to_fix_it(unprivileged):
    db = unprivileged.folder / "data" / "ro.db"
    assert unprivileged("add", "12", "food", "--db", str(db)).returncode == 0
    os.chmod(db, 0o400)
    result = unprivileged("add", "5", "food", "--db", str(db))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{db} is read-only, so nothing was saved. To record in it, make it writable " \
           f"(`chmod u+w {db}`)" in result.stderr
    listed = unprivileged("list", "--db", str(db))
    assert listed.returncode == 0 and "-12.00" in listed.stdout


def test_a_read_only_folder_is_not_called_damaged(unprivileged):
    folder = unprivileged.folder / "data"
    db = folder / "ok.db"
    assert unprivileged("add", "12", "food", "--db", str(db)).returncode == 0
    os.chmod(folder, 0o500)
    result = unprivileged("add", "5", "food", "--db", str(db))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"The folder {folder} is read-only" in result.stderr
    assert "The file itself is fine and was not changed" in result.stderr
    assert "damaged" not in result.stderr


def test_a_read_only_folder_still_lists_shows_and_tells_what_is_due(unprivileged):
    folder = unprivileged.folder / "data"
    db = folder / "ok.db"
    assert unprivileged("add", "12", "food", "--db", str(db)).returncode == 0
    assert unprivileged("loan", "add", "微粒贷", "--principal", "5000", "--preset", "weilidai",
                        "--start", "2026-07-28", "--db", str(db)).returncode == 0
    os.chmod(folder, 0o500)
    for args, shown in ((["list"], "-12.00"), (["account", "list"], "-12.00"),
                        (["due", "--as-of", "2026-08-25"], "微粒贷 #1"),
                        (["loan", "show", "微粒贷"], "2026-08-28")):
        result = unprivileged(*args, "--db", str(db))
        assert result.returncode == 0, result.stderr
        assert shown in result.stdout
    assert unprivileged("add", "5", "food", "--db", str(db)).returncode == 2
    assert not (folder / "ok.db-wal").exists()


def test_a_new_database_in_a_read_only_folder_is_refused_plainly(unprivileged):
    folder = unprivileged.folder / "locked"
    folder.mkdir()
    if os.geteuid() == 0:
        os.chown(folder, NOBODY, NOBODY)
    os.chmod(folder, 0o500)
    result = unprivileged("add", "12", "food", "--db", str(folder / "new.db"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"Cannot create {folder / 'new.db'}: permission denied. Pick a folder you can " \
           "write" in result.stderr


def test_a_read_only_old_file_gets_no_backup_per_try(unprivileged):
    folder = unprivileged.folder / "data"
    db = folder / "old.db"
    assert unprivileged("add", "12", "food", "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as conn:  # as if written by the previous version
        conn.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION - 1}")
    conn.close()
    os.chmod(db, 0o400)
    backups = folder / "backups"
    before = sorted(backups.iterdir()) if backups.exists() else []  # the day's own copy
    for _ in range(3):
        result = unprivileged("list", "--db", str(db))
        assert result.returncode == 2 and "is read-only" in result.stderr
    after = sorted(backups.iterdir()) if backups.exists() else []
    assert after == before
