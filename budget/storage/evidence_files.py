"""The evidence folder: files stored under their SHA-256 and the journal of entries, private."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from budget.domain.evidence import EvidenceFile
from budget.domain.evidence_input import clean_text

CHUNK = 1 << 20
_STORED = re.compile(r"^(?P<sha256>[0-9a-f]{64})(?P<ext>\.[a-z0-9]{1,10})?$")
_EXTENSION = re.compile(r"^\.[a-z0-9]{1,10}$")
JOURNAL = "journal"


def private_folder(path: Path) -> None:
    """Create `path` (and a missing parent) as 0700 whatever the umask."""
    for folder in (path.parent, path):
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)


def sha256_of(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


class FileStore:
    """Copies of evidence files named by their SHA-256 (plus the original extension, so a
    viewer opens them), 0600 in a 0700 folder, and an append-only journal of entries."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def stored(self) -> dict[str, Path]:
        """SHA-256 -> the stored copy, for every stored file."""
        if not self.folder.is_dir():
            return {}
        found: dict[str, Path] = {}
        for item in os.scandir(self.folder):
            match = _STORED.match(item.name)
            if match and item.is_file():
                found.setdefault(match.group("sha256"), Path(item.path))
        return found

    def path_for(self, sha256: str) -> Path | None:
        return self.stored().get(sha256)

    def store(self, source: Path, created: list[Path]) -> EvidenceFile:
        """Copy `source` in, hashing while copying (a file still being written is stored as
        it was read). A copy already there is kept; new copies are appended to `created`.

        Raises OSError when the source cannot be read or the folder written.
        """
        import tempfile

        private_folder(self.folder)
        digest, size = hashlib.sha256(), 0
        # mkstemp: a name no other writer uses, created 0600.
        descriptor, name = tempfile.mkstemp(prefix=".incoming-", suffix=".part",
                                            dir=self.folder)
        temporary = Path(name)
        try:
            os.fchmod(descriptor, 0o600)
            with open(source, "rb") as reader, os.fdopen(descriptor, "wb") as writer:
                while chunk := reader.read(CHUNK):
                    digest.update(chunk)
                    writer.write(chunk)
                    size += len(chunk)
                writer.flush()
                os.fsync(writer.fileno())
            sha256 = digest.hexdigest()
            existing = self.path_for(sha256)
            if existing is None:
                extension = source.suffix.lower()
                target = self.folder / (sha256 + (extension if _EXTENSION.match(extension)
                                                  else ""))
                os.replace(temporary, target)
                created.append(target)
        finally:
            temporary.unlink(missing_ok=True)
        return EvidenceFile(sha256, clean_text(source.name), size)

    def check(self, referenced: set[str]) -> tuple[list[str], list[str], list[str]]:
        """(changed, missing, added): stored copies whose content no longer matches their
        name, referenced files not in the folder, and files in it that no entry names."""
        changed, added, seen = [], [], set()
        if self.folder.is_dir():
            for item in sorted(os.scandir(self.folder), key=lambda item: item.name):
                if item.name == JOURNAL:
                    continue
                match = _STORED.match(item.name)
                sha256 = match.group("sha256") if match else None
                if not item.is_file() or sha256 not in referenced or sha256 in seen:
                    added.append(item.name)
                    continue
                seen.add(sha256)
                if sha256_of(Path(item.path)) != sha256:
                    changed.append(item.name)
        return changed, sorted(referenced - seen), added

    # -- the journal -------------------------------------------------------------------

    @property
    def journal_path(self) -> Path:
        return self.folder / JOURNAL

    def journal_append(self, line: str) -> int:
        """Append one line; return the journal's size before it (to undo a failed write)."""
        private_folder(self.folder)
        descriptor = os.open(self.journal_path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        try:
            os.fchmod(descriptor, 0o600)
            before = os.fstat(descriptor).st_size
            os.write(descriptor, (line + "\n").encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        return before

    def journal_undo(self, size_before: int, size_after: int) -> None:
        """Remove the last line again, unless something was appended after it."""
        if self.journal_path.exists() and self.journal_path.stat().st_size == size_after:
            os.truncate(self.journal_path, size_before)

    def journal(self) -> dict[tuple[int, int], str]:
        """(loan id, position) -> hash for every line; unreadable lines are skipped."""
        recorded: dict[tuple[int, int], str] = {}
        if not self.journal_path.exists():
            return recorded
        for line in self.journal_path.read_text(errors="replace").splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
                recorded[(int(parts[0]), int(parts[1]))] = parts[2]
        return recorded
