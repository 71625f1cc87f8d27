"""Backups of the database file: on demand, one a day automatically, listing and restoring."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from glob import escape as glob_escape
from pathlib import Path

from budget.domain.backups import backups_to_keep
from budget.i18n import N_, _
from budget.storage.files import private_folder
from budget.storage.paths import backup_dir

AUTO_NAME = re.compile(r"^(?P<stem>.+)-auto-(?P<day>\d{4}-\d{2}-\d{2})\.db$")
# Every name budget gives a backup: the database's stem, then what made it. The shortest
# stem the whole name fits, so "budget-before-restore-…" is budget.db's, and
# "budget-old-auto-…" belongs to budget-old.db, not to budget.db.
BACKUP_NAME = re.compile(r"^(?P<stem>.+?)-(?:(?P<daily>auto-\d{4}-\d{2}-\d{2})|"
                         r"(?P<restore>before-restore-\d{8}-\d{6})|"
                         r"\d{8}-\d{6}(?P<schema>-schema\d+)?)\.db$")
REQUIRED_TABLES = {"accounts", "categories", "transactions", "settings"}


class BackupError(ValueError):
    """A backup that cannot be made or a file that cannot be restored, said plainly."""


@dataclass(frozen=True)
class BackupFile:
    """A file in the backups folder: automatic, before a migration or restore, or by hand."""

    path: Path
    kind: str
    size: int
    modified: datetime


def copy_to(conn: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy of the open database at `target` (0600), even while in WAL mode."""
    target = Path(target).expanduser()
    private_folder(target.parent)
    temporary = target.with_name(f".{target.name}.part")
    temporary.unlink(missing_ok=True)
    os.close(os.open(temporary, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(temporary, 0o600)
    try:
        copy = sqlite3.connect(temporary)
        try:
            conn.backup(copy)
        finally:
            copy.close()
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def manual_name(db_path: Path, now: datetime) -> Path:
    """Where `budget backup` without a FILE writes: the backups folder, dated."""
    return backup_dir(db_path) / f"{Path(db_path).stem}-{now:%Y%m%d-%H%M%S}.db"


class DailyBackup:
    """Called before a write: the first write of a day copies the file first, then prunes.

    `clock` gives today's date (the session passes it in). Cheap on every other write: it
    remembers the day it last looked.
    """

    def __init__(self, db_path: Path, clock: Callable[[], date] = date.today):
        self.db_path, self.clock = Path(db_path), clock
        self._checked: date | None = None

    def __call__(self, conn: sqlite3.Connection) -> None:
        today = self.clock()
        if self._checked == today:
            return
        self._checked = today
        folder = backup_dir(self.db_path)
        target = folder / f"{self.db_path.stem}-auto-{today.isoformat()}.db"
        if target.exists():
            return
        try:
            copy_to(conn, target)
            prune(folder, self.db_path.stem)
        except (OSError, sqlite3.Error) as error:
            # A full disk or a read-only folder must not stop the user's own write; say it
            # on stderr (logging's last-resort handler) and try again tomorrow.
            logging.getLogger("budget").warning(
                _("budget: the daily backup to {path} failed: {reason}").format(
                    path=target, reason=error))


def prune(folder: Path, stem: str) -> list[Path]:
    """Delete automatic backups that backups_to_keep lets go; return what was deleted."""
    autos: dict[date, Path] = {}
    for path in folder.glob(f"{glob_escape(stem)}-auto-*.db"):
        match = AUTO_NAME.match(path.name)
        if match and match["stem"] == stem:
            autos[date.fromisoformat(match["day"])] = path
    keep = backups_to_keep(autos)
    removed = [path for day, path in autos.items() if day not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def backup_of(path: Path) -> str | None:
    """The stem of the database a file in a backups folder copies (``budget`` for
    ``budget-auto-2026-11-30.db``), or None when budget did not name it."""
    match = BACKUP_NAME.match(Path(path).name)
    return match["stem"] if match else None


def list_backups(db_path: Path) -> list[BackupFile]:
    """The backups of the database at `db_path`, newest first: other databases in the same
    folder share the backups folder, and their copies are not listed."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    files = []
    stem = Path(db_path).stem
    for path in folder.glob(f"{glob_escape(stem)}-*.db"):
        match = BACKUP_NAME.match(path.name)
        if match is None or match["stem"] != stem:
            continue
        kind = (N_("daily") if match["daily"] else N_("before restore") if match["restore"]
                else N_("before migration") if match["schema"] else N_("by hand"))
        stat = path.stat()
        files.append(BackupFile(path, kind, stat.st_size, datetime.fromtimestamp(stat.st_mtime)))
    return sorted(files, key=lambda item: item.modified, reverse=True)


def check_backup(path: Path, known_version: int) -> int:
    """Open `path` read-only and check it is a whole budget database; return its version.

    Raises BackupError saying what is wrong: missing, not SQLite, damaged, not budget's,
    or written by a newer budget.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise BackupError(_("{path} does not exist or is not a file").format(path=path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(_("{path} is not a SQLite database ({reason})").format(
            path=path, reason=error)) from error
    if result != "ok":
        raise BackupError(_("{path} is damaged: {reason}").format(path=path, reason=result))
    if not REQUIRED_TABLES <= tables or version < 1:
        raise BackupError(_("{path} is a SQLite file but not a budget database").format(
            path=path))
    if version > known_version:
        raise BackupError(_("{path} was written by a newer version of budget (schema "
                            "{found}, this version knows {known})").format(
            path=path, found=version, known=known_version))
    return version


def restore_into(conn: sqlite3.Connection, db_path: Path, source: Path, known_version: int,
                 now: datetime) -> Path:
    """Check `source`, copy the current database aside, then replace it with `source`.

    Returns the path of the copy of what was there before. Raises BackupError (nothing
    changed) when `source` is not a usable budget database.
    """
    check_backup(source, known_version)
    safety = copy_to(conn, backup_dir(db_path) /
                     f"{Path(db_path).stem}-before-restore-{now:%Y%m%d-%H%M%S}.db")
    reader = sqlite3.connect(f"file:{Path(source).expanduser()}?mode=ro", uri=True)
    try:
        reader.backup(conn)  # page by page into the open file, WAL and all
    finally:
        reader.close()
    return safety
