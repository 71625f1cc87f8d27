"""Open a budget database safely: permissions, pragmas, version check, backup and migration."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from budget.i18n import _

# The number of migrations in storage/migrations.py; stored in PRAGMA user_version.
SCHEMA_VERSION = 7
BUSY_TIMEOUT_MS = 5000


class DatabaseError(Exception):
    """A database that cannot be used, with a message for the user."""


class NewerDatabaseError(DatabaseError):
    """The file was written by a newer version of budget; it is left untouched."""


class CorruptDatabaseError(DatabaseError):
    """The file is not a SQLite database, or is damaged."""


def open_database(path: str | Path, *, now: datetime | None = None) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at `path`; ":memory:" for tests."""
    memory = str(path) == ":memory:"
    if not memory:
        path = Path(path).expanduser()
        _prepare_file(path)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
        version = _configure(conn)
    except sqlite3.DatabaseError as error:
        raise CorruptDatabaseError(
            _("{path} is not a budget database or is damaged ({reason}). It was not changed; "
              "restore a backup or pass another file with --db.").format(path=path, reason=error)
        ) from error
    if version > SCHEMA_VERSION:
        conn.close()
        raise NewerDatabaseError(
            _("{path} was written by a newer version of budget (schema {found}, this version "
              "knows {known}). It was not changed: upgrade budget to open it.").format(
                path=path, found=version, known=SCHEMA_VERSION))
    if version < SCHEMA_VERSION:
        if version > 0 and not memory:
            backup(conn, path, version, now or datetime.now())
        migrate(conn)
        if version == 0:
            name_defaults(conn)
    return conn


def _prepare_file(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        # Create it private before SQLite does, so it is never world-readable.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    elif path.is_dir():
        raise CorruptDatabaseError(_("{path} is a folder, not a database file").format(path=path))


def _configure(conn: sqlite3.Connection) -> int:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version <= SCHEMA_VERSION:
        # WAL lets the TUI and a shell command write at the same time.
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return version


def backup(conn: sqlite3.Connection, path: Path, version: int, now: datetime) -> Path:
    """Copy the database beside it before a migration touches it; return the copy's path."""
    from budget.storage.paths import backup_dir

    folder = backup_dir(path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / f"{path.stem}-{now:%Y%m%d-%H%M%S}-schema{version}.db"
    os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
    with sqlite3.connect(target) as copy:
        conn.backup(copy)
    copy.close()
    return target


def name_defaults(conn: sqlite3.Connection) -> None:
    """Give a ledger created just now its default categories and Cash account in the
    active language (the migrations create them under their English names). Only ever
    called on a new file: names a person has seen are never changed behind their back."""
    from budget.domain.ledger import (
        DEFAULT_ACCOUNT,
        DEFAULT_EXPENSE_CATEGORIES,
        DEFAULT_INCOME_CATEGORIES,
        category_key,
    )

    names = [name for name, _essential in DEFAULT_EXPENSE_CATEGORIES]
    names += DEFAULT_INCOME_CATEGORIES
    conn.execute("BEGIN IMMEDIATE")
    try:
        for name in names:
            if _(name) != name:
                conn.execute("UPDATE categories SET name = ? WHERE key = ?",
                             [_(name), category_key(name)])
        if _(DEFAULT_ACCOUNT) != DEFAULT_ACCOUNT:
            conn.execute("UPDATE accounts SET name = ? WHERE name = ? AND kind = 'cash'",
                         [_(DEFAULT_ACCOUNT), DEFAULT_ACCOUNT])
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migrate(conn: sqlite3.Connection) -> None:
    """Apply pending migrations, each in its own transaction, then record the version."""
    from sqlite_utils import Database

    from budget.storage.migrations import migrations

    migrations.apply(Database(conn))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
