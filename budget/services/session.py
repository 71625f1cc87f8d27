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


LANGUAGE_SETTING = "language"
"""The settings key of the language chosen in the app: "auto", "en" or "zh_CN"."""


def saved_language(db: str | Path | None = None) -> str | None:
    """The language saved in the app's settings of that database, or None (no file yet,
    nothing saved). Never creates or migrates the file."""
    from budget.storage.settings import peek_setting

    path = resolve_db_path(db)
    return None if str(path) == ":memory:" else peek_setting(path, LANGUAGE_SETTING)


def open_ledger(db: str | Path | None = None) -> Ledger:
    """Open (creating and migrating if needed) the database and wrap it in a Ledger."""
    return Ledger(open_database(resolve_db_path(db)))


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
