"""Where the database and its backups live: BUDGET_HOME, --db, or the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

DB_NAME = "budget.db"


def data_home() -> Path:
    """The folder that holds the default database and the backups."""
    if home := os.environ.get("BUDGET_HOME"):
        return Path(home).expanduser()
    # platformdirs costs ~30 ms to import; only pay it when no override is set.
    import platformdirs

    return platformdirs.user_data_path("budget")


def default_db_path() -> Path:
    """The database used when no --db is given."""
    return data_home() / DB_NAME


def backup_dir(db_path: Path) -> Path:
    """Backups sit in a `backups` folder beside the database they copy."""
    return Path(db_path).expanduser().resolve().parent / "backups"


def demo_db_path() -> Path:
    """The demo database lives apart from the user's own data."""
    return data_home() / "demo.db"
