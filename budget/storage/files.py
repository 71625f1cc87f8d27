"""Private files and folders: every file budget writes is 0600, every folder it makes 0700.

The modes are set explicitly after creating, so they hold whatever the umask (even 000).
Every writer of the app goes through here: the database and its folders, the backups
made before a migration, exports. Other writers call `write_private(path, data)` for a
whole file and `private_dir(path)` for the folder it goes in.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

FILE_MODE = 0o600
DIR_MODE = 0o700
# SQLite keeps these beside a database; they hold the same data, so the same mode.
COMPANIONS = ("-wal", "-shm", "-journal")


def private_dir(path: str | Path) -> Path:
    """Create the folder `path` and each missing parent as 0700; existing folders are left
    as they are (they may be the user's own). Returns `path`. OSError if it cannot."""
    path = Path(path)
    missing = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # made by someone else meanwhile: not ours to change
        # mkdir's mode is cut by the umask; chmod's is not, so this holds under umask 000.
        os.chmod(folder, DIR_MODE)
    return path


def create_private(path: str | Path) -> bool:
    """Create `path` as an empty 0600 file if it does not exist; True if this call made it."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:
        return False
    try:
        os.fchmod(descriptor, FILE_MODE)
    finally:
        os.close(descriptor)
    return True


def write_private(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` as a 0600 file, atomically: a temporary file beside it is
    written, flushed to disk and renamed over `path`, so a reader or a crash never sees
    half a file. The folder must exist (see `private_dir`). Returns `path`; OSError if
    it cannot be written."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def append_private(path: str | Path, text: str) -> Path:
    """Append `text` to the 0600 file `path` (created if missing), for logs. The folder
    must exist. Returns `path`; OSError if it cannot be written."""
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)
    with os.fdopen(descriptor, "a", encoding="utf-8") as stream:
        stream.write(text)
    return Path(path)


def tighten(path: str | Path) -> list[tuple[Path, int]]:
    """Make a database and its -wal/-shm/-journal files 0600 where they are readable or
    writable by others; return each file changed with its old mode (for a notice)."""
    changed = []
    for candidate in [Path(path), *(Path(f"{path}{suffix}") for suffix in COMPANIONS)]:
        try:
            mode = stat.S_IMODE(candidate.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            os.chmod(candidate, mode & 0o700)  # never adds a right, only takes them
            changed.append((candidate, mode))
    return changed


def private_folder(folder: str | Path) -> Path:
    """Create a folder 0700 (and its missing parents) whatever the umask: `private_dir`."""
    return private_dir(folder)


@contextmanager
def private_text_file(path: str | Path, *, newline: str | None = None) -> Iterator[TextIO]:
    """Write text to `path` through a 0600 temporary file renamed into place when done
    (its folder made private first). Raises OSError; on any error the temporary file is
    removed and `path` is untouched."""
    target = Path(path).expanduser()
    private_dir(target.parent)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    descriptor = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)
    try:
        with open(descriptor, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def private_bytes_file(path: str | Path, data: bytes) -> Path:
    """Write bytes to `path`, 0600, atomically, making its folder private first."""
    target = Path(path).expanduser()
    private_dir(target.parent)
    return write_private(target, data)
