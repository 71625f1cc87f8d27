"""Read one setting straight from a database file, without creating or migrating it."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def peek_setting(path: str | Path, key: str) -> str | None:
    """The value of setting `key` in the database at `path`, or None when the file, the
    settings table or the key is missing, or the file cannot be read.

    Opens the file read-only: a shell command can learn the saved language before it
    decides whether to open (and perhaps migrate) the database at all.
    """
    file = Path(path).expanduser()
    if not file.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None
