"""Open the ledger a command or the app works on."""

from __future__ import annotations

from pathlib import Path

from budget.storage.database import open_database
from budget.storage.ledger import Ledger
from budget.storage.paths import default_db_path


def resolve_db_path(db: str | Path | None) -> Path | str:
    """--db wins, then BUDGET_HOME, then the platform's data folder."""
    if db is None:
        return default_db_path()
    return db if str(db) == ":memory:" else Path(db).expanduser()


def open_ledger(db: str | Path | None = None) -> Ledger:
    """Open (creating and migrating if needed) the database and wrap it in a Ledger."""
    return Ledger(open_database(resolve_db_path(db)))
