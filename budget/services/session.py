"""Open the ledger a command or the app works on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from budget.storage.database import open_database
from budget.storage.ledger import Ledger
from budget.storage.paths import default_db_path, demo_db_path


def resolve_db_path(db: str | Path | None) -> Path | str:
    """--db wins, then BUDGET_HOME, then the platform's data folder."""
    if db is None:
        return default_db_path()
    return db if str(db) == ":memory:" else Path(db).expanduser()


def open_ledger(db: str | Path | None = None, *, clock: Callable[[], date] = date.today
                ) -> Ledger:
    """Open (creating and migrating if needed) the database and wrap it in a Ledger.

    A file database is copied to its backups folder before the first write of each day
    (`clock` says which day it is).
    """
    path = resolve_db_path(db)
    # The demo is rebuilt at will: daily copies of it would only fill the backups folder.
    # (The name first: finding the data folder may import platformdirs, ~30 ms.)
    if str(path) == ":memory:" or (Path(path).name == "demo.db"
                                   and Path(path).resolve() == demo_db_path().resolve()):
        return Ledger(open_database(path))
    from budget.storage.backups import DailyBackup

    return Ledger(open_database(path), before_write=DailyBackup(Path(path), clock))
