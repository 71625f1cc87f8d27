"""Writing files budget owns: private (0600 in 0700 folders) and never half-written."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


def private_folder(folder: Path) -> None:
    """Create a folder 0700 (and its missing parents) whatever the umask."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700)
        os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask


@contextmanager
def private_text_file(path: str | Path, *, newline: str | None = None) -> Iterator[TextIO]:
    """Write text to `path` through a 0600 temporary file renamed into place when done.

    Raises OSError; on any error the temporary file is removed and `path` is untouched.
    """
    target = Path(path).expanduser()
    private_folder(target.parent)
    temporary = target.with_name(f".{target.name}.part")
    descriptor = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    os.fchmod(descriptor, 0o600)
    try:
        with open(descriptor, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def private_bytes_file(path: str | Path, data: bytes) -> None:
    """Write bytes to `path`, 0600, atomically (see private_text_file)."""
    target = Path(path).expanduser()
    private_folder(target.parent)
    temporary = target.with_name(f".{target.name}.part")
    descriptor = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    os.fchmod(descriptor, 0o600)
    try:
        with open(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
