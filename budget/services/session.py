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


LANGUAGE_SETTING = "language"
"""The settings key of the language chosen in the app: "auto", "en" or "zh_CN"."""


def saved_language(db: str | Path | None = None) -> str | None:
    """The language saved in the app's settings of that database, or None (no file yet,
    nothing saved). Never creates or migrates the file."""
    from budget.storage.settings import peek_setting

    path = resolve_db_path(db)
    return None if str(path) == ":memory:" else peek_setting(path, LANGUAGE_SETTING)


def open_ledger(db: str | Path | None = None, *, clock: Callable[[], date] = date.today,
                allow_empty: bool = False) -> Ledger:
    """Open (creating and migrating if needed) the database and wrap it in a Ledger.

    A file database is copied to its backups folder before the first write of each day
    (`clock` says which day it is). An empty (0-byte) file is refused
    (EmptyDatabaseError) unless `allow_empty`, or unless it is the default database on a
    first run: alone in its folder, nothing else of budget's beside it. What was done to
    the file on opening is in `Ledger.notices`.
    """
    path = resolve_db_path(db)
    first_run = db is None and str(path) != ":memory:" and _alone(Path(path))
    notices: list[str] = []
    conn = open_database(path, allow_empty=allow_empty or first_run, notices=notices)
    # The demo is rebuilt at will: daily copies of it would only fill the backups folder.
    # (The name first: finding the data folder may import platformdirs, ~30 ms.)
    if str(path) == ":memory:" or (Path(path).name == "demo.db"
                                   and Path(path).resolve() == demo_db_path().resolve()):
        ledger = Ledger(conn, path=None if str(path) == ":memory:" else path)
    else:
        from budget.storage.backups import DailyBackup

        ledger = Ledger(conn, path=path, before_write=DailyBackup(Path(path), clock))
    ledger.notices = notices
    return ledger


def _alone(path: Path) -> bool:
    """Whether `path` is the only thing in its folder (with SQLite's files beside it)."""
    from budget.storage.files import COMPANIONS

    own = {path.name, *(path.name + suffix for suffix in COMPANIONS)}
    try:
        return all(entry.name in own for entry in path.parent.iterdir())
    except OSError:
        return False


def saved_language_of(ledger: Ledger) -> str | None:
    """The language saved in the open ledger's settings ("auto", "en", "zh_CN"), or None."""
    return ledger.setting(LANGUAGE_SETTING)


def save_language(ledger: Ledger, code: str) -> None:
    """Remember the language chosen in the app: "auto" (follow the locale), "en" or "zh_CN".

    Raises ValueError for a language budget does not speak.
    """
    from budget.i18n import AUTO, normalize

    if code != AUTO and normalize(code) is None:
        raise ValueError(code)
    ledger.set_setting(LANGUAGE_SETTING, code if code == AUTO else normalize(code))
