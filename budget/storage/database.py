"""Open a budget database safely: permissions, pragmas, version check, backup and migration."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from budget.i18n import _
from budget.l10n import os_reason

# The number of migrations in storage/migrations.py; stored in PRAGMA user_version.
SCHEMA_VERSION = 12
BUSY_TIMEOUT_MS = 5000


class DatabaseError(Exception):
    """A database that cannot be used, with a message for the user."""


class NewerDatabaseError(DatabaseError):
    """The file was written by a newer version of budget; it is left untouched."""


class CorruptDatabaseError(DatabaseError):
    """The file is not a SQLite database, or is damaged."""


class DatabaseBusyError(DatabaseError):
    """Another program held the write lock past the busy timeout; nothing was saved."""


class ReadOnlyDatabaseError(DatabaseError):
    """The file, its folder or the disk cannot be written; the file is fine."""


class DiskError(DatabaseError):
    """The disk failed or is full; nothing was saved half-way."""


class IncompleteDatabaseError(DatabaseError):
    """A table or column budget needs is missing from the file."""


class EmptyDatabaseError(DatabaseError):
    """The file is empty (0 bytes), as a failed sync or copy leaves it: never silently
    turned into a new ledger. `path` is the file."""

    def __init__(self, path: Path) -> None:
        super().__init__(_(
            "{path} is empty (0 bytes), as a sync or copy that did not finish leaves a file. "
            "budget left it alone. Restore it from your backup or from the other device; to "
            "start a new ledger there instead, delete the empty file (`rm {path}`) or open "
            "the app, which asks.").format(path=path))
        self.path = path


def open_database(path: str | Path, *, now: datetime | None = None, allow_empty: bool = False,
                  notices: list[str] | None = None) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at `path`; ":memory:" for tests.

    A new file is built beside its final name and linked into place, so no one ever sees
    it half made. An existing 0-byte file raises EmptyDatabaseError unless `allow_empty`.
    Modes looser than 0600 are tightened, each with a sentence appended to `notices`.
    Raises a DatabaseError whose message says what is wrong and what to do.
    """
    memory = str(path) == ":memory:"
    if not memory:
        path = Path(path).expanduser()
        _prepare_file(path, allow_empty=allow_empty, notices=notices)
    conn = None
    target, reading_only = (str(path), False) if memory else _read_only_target(path)
    try:
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000, uri=reading_only)
        version = _configure(conn, wal=not reading_only)
    except sqlite3.Error as error:
        if conn is not None:
            conn.close()
        raise _explain(error, None if memory else path) from error
    if version > SCHEMA_VERSION:
        conn.close()
        raise NewerDatabaseError(
            _("{path} was written by a newer version of budget (schema {found}, this version "
              "knows {known}). It was not changed: upgrade budget to open it.").format(
                path=path, found=version, known=SCHEMA_VERSION))
    if version < SCHEMA_VERSION:
        copy = None
        try:
            if version > 0 and not memory:
                _check_writable(path)
                copy = backup(conn, path, version, now or datetime.now())
            migrate(conn)
            if version == 0:
                name_defaults(conn)
        except (sqlite3.Error, DatabaseError) as error:
            conn.close()
            if copy is not None:
                # The migration left the file as it was: a try that failed (busy, a full
                # disk) needs no copy, and tries again do not pile copies up.
                copy.unlink(missing_ok=True)
            raise _explain(error, None if memory else path) from error
    return conn


def _explain(error: BaseException, path: Path | None) -> DatabaseError:
    from budget.storage.failures import explain

    return explain(error, path) or DatabaseError(str(error))


def _prepare_file(path: Path, *, allow_empty: bool, notices: list[str] | None) -> None:
    from budget.storage.files import tighten

    if path.is_dir():
        raise CorruptDatabaseError(_("{path} is a folder, not a database file").format(path=path))
    if not path.exists():
        _create(path)
        return
    if path.stat().st_size == 0:
        if not allow_empty:
            raise EmptyDatabaseError(path)
        if notices is not None:
            notices.append(_("{path} was empty (0 bytes): started a new ledger in it.").format(
                path=path))
    try:
        changed = tighten(path)
    except OSError:
        changed = []  # not the owner: SQLite still opens it, and says if it cannot write
    for file, mode in changed:
        if notices is not None:
            notices.append(_("{file} could be read by other users of this computer (mode "
                             "{old:o}); it is now private (mode {new:o}).").format(
                file=file, old=mode, new=mode & 0o700))


def _create(path: Path) -> None:
    """Build a new, migrated database beside `path` and link it into place: a crash at any
    moment leaves either no file or a whole one, never an empty file at `path`."""
    from budget.storage.files import create_private, private_dir

    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        private_dir(path.parent)
        temporary.unlink(missing_ok=True)
        create_private(temporary)
        conn = sqlite3.connect(str(temporary), isolation_level=None)
        try:
            migrate(conn)
            name_defaults(conn)
        finally:
            conn.close()
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process created it meanwhile: theirs is as good
        except OSError:
            if not path.exists():  # a file system without hard links
                os.rename(temporary, path)
    except OSError as error:
        raise DatabaseError(_("Cannot create {path}: {reason}. Pick a folder you can write, "
                              "with --db PATH or BUDGET_HOME.").format(
            path=path, reason=os_reason(error))) from error
    except sqlite3.Error as error:
        raise _explain(error, path) from error
    finally:
        temporary.unlink(missing_ok=True)


def _check_writable(path: Path) -> None:
    """Refuse before the backup, so a read-only old file does not gain a backup per try."""
    from budget.storage.failures import read_only

    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise read_only(path)


def _read_only_target(path: Path) -> tuple[str, bool]:
    """(what to connect to, whether it is a read-only URI) for an existing file.

    In a folder budget cannot write, SQLite cannot make the -wal and -shm files a WAL
    database needs, and even reading failed. Nobody can write there either, so with no
    -wal file the file is opened as immutable (read-only, no locks); with both files there
    (left by a writer), read-only through them. Lists, due dates and shows work; a write
    fails and says the folder is read-only. Anywhere else: the path, as usual.
    """
    if os.access(path.parent, os.W_OK):
        return str(path), False
    wal, shm = (path.with_name(f"{path.name}{suffix}") for suffix in ("-wal", "-shm"))
    uri = path.resolve().as_uri()
    if not wal.exists():
        return f"{uri}?mode=ro&immutable=1", True
    if shm.exists():
        return f"{uri}?mode=ro", True
    return str(path), False


def _configure(conn: sqlite3.Connection, *, wal: bool = True) -> int:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if not wal:
        # Opened read-only (a folder budget cannot write): a write is refused up front.
        conn.execute("PRAGMA query_only = ON")
    elif version <= SCHEMA_VERSION:
        # WAL lets the TUI and a shell command write at the same time.
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return version


def backup(conn: sqlite3.Connection, path: Path, version: int, now: datetime) -> Path:
    """Copy the database beside it before a migration touches it; return the copy's path."""
    from budget.storage.files import FILE_MODE, create_private, private_dir
    from budget.storage.paths import backup_dir

    folder = backup_dir(path)
    try:
        private_dir(folder)
        target = folder / f"{path.stem}-{now:%Y%m%d-%H%M%S}-schema{version}.db"
        create_private(target)
        os.chmod(target, FILE_MODE)
    except OSError as error:
        raise DatabaseError(_("Could not back up {path} before updating its layout: {reason}. "
                              "It was not changed.").format(
            path=path, reason=os_reason(error))) from error
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
    """Apply pending migrations and record the version, all in one transaction: a crash or
    a failure part-way leaves the file as it was."""
    from sqlite_utils import Database

    from budget.storage.migrations import migrations

    conn.execute("BEGIN IMMEDIATE")
    try:
        # Each migration's own transaction becomes a savepoint inside this one.
        migrations.apply(Database(conn))
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
