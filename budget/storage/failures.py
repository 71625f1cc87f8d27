"""SQLite's failures in the user's words: what happened to the file and what to do."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from budget.i18n import _
from budget.storage import database
from budget.storage.database import (
    CorruptDatabaseError,
    DatabaseBusyError,
    DatabaseError,
    DiskError,
    IncompleteDatabaseError,
    ReadOnlyDatabaseError,
)


def explain(error: BaseException, path: str | Path | None = None) -> DatabaseError | None:
    """The DatabaseError to show for `error`, or None when it is not a database failure.

    A DatabaseError is returned as it is; a sqlite3 error becomes one of DatabaseBusyError
    (another program held the write lock past the busy timeout), ReadOnlyDatabaseError
    (the file, its folder or the disk is read-only), DiskError (I/O error, disk full),
    CorruptDatabaseError (damaged, not a database) or IncompleteDatabaseError (a table
    or column missing). `path` names the file in the message.
    """
    if isinstance(error, DatabaseError):
        return error
    if not isinstance(error, sqlite3.Error) or isinstance(error, sqlite3.ProgrammingError):
        return None
    name = getattr(error, "sqlite_errorname", "") or ""
    reason = str(error)
    where = str(path) if path and str(path) != ":memory:" else _("the database")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in reason:
        return DatabaseBusyError(_(
            "{path} is busy: another program (budget in another window, or sqlite3) kept it "
            "locked for more than {seconds} seconds. Nothing was saved; try again in a "
            "moment.").format(path=where, seconds=f"{database.BUSY_TIMEOUT_MS / 1000:g}"))
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")) or "readonly" in reason:
        return read_only(path, name)
    if name == "SQLITE_FULL":
        return DiskError(_("The disk holding {path} is full. Nothing was saved; free some "
                           "space and try again.").format(path=where))
    if name.startswith("SQLITE_IOERR"):
        return DiskError(_("The disk failed while reading or writing {path} ({reason}). "
                           "Nothing was saved half-way; check the disk (is it still "
                           "connected?) and try again.").format(path=where, reason=reason))
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in reason:
        return CorruptDatabaseError(damaged(where, reason))
    if reason.startswith(("no such table", "no such column")):
        return IncompleteDatabaseError(_(
            "{path} is missing part of budget's layout ({reason}): it was damaged or changed "
            "by another program. It was not changed; restore a backup (`budget paths` shows "
            "where they are).").format(path=where, reason=reason))
    return DatabaseError(_("{path} could not be used ({reason}). Nothing was saved "
                           "half-way.").format(path=where, reason=reason))


def damaged(where: str, reason: str) -> str:
    """The message for a file that is not a database or is damaged."""
    return _("{path} is not a budget database or is damaged ({reason}). It was not changed; "
             "restore a backup (`budget paths` shows where they are), or salvage what is left "
             "with `sqlite3 {path} .recover`.").format(path=where, reason=reason)


def read_only(path: str | Path | None, name: str = "") -> ReadOnlyDatabaseError:
    """Read-only: the folder (SQLite keeps its -wal and -shm files beside the database), the
    file, or the disk; none of them means the file is damaged."""
    if path is None or str(path) == ":memory:":
        return ReadOnlyDatabaseError(_("The database is read-only: nothing was saved."))
    path = Path(path)
    folder = path.parent
    if name == "SQLITE_READONLY_DIRECTORY" or not os.access(folder, os.W_OK):
        return ReadOnlyDatabaseError(_(
            "The folder {folder} is read-only, and SQLite needs to keep its -wal and -shm "
            "files beside the database. The file itself is fine and was not changed. Make the "
            "folder writable (`chmod u+w {folder}`), or copy the file to a folder you can "
            "write and pass --db.").format(folder=folder))
    return ReadOnlyDatabaseError(_(
        "{path} is read-only, so nothing was saved. To record in it, make it writable "
        "(`chmod u+w {path}`), or work on a copy with --db.").format(path=path))
