"""Evidence entries, their files and lenders' numbers: all their SQL, and the evidence folder."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from budget.domain.collection import DayCounts
from budget.domain.collection_rules import TAGS
from budget.domain.evidence import (
    GENESIS,
    ChainProblem,
    Contact,
    EvidenceEntry,
    EvidenceFile,
    automatic_tags,
    chain_problems,
    content_hash,
    entry_content,
)
from budget.i18n import _
from budget.storage import evidence_lookup as lookup
from budget.storage.evidence_files import FileStore
from budget.storage.evidence_lookup import LoanRef
from budget.storage.ledger import Ledger, LedgerError

_COLUMNS = """id, loan_id, seq, at, channel, from_number, answered, who, note, tags, auto_tags,
    corrects, recorded_at, prev_hash, hash"""
PROFILE_KEY = "evidence.profile"


@dataclass(frozen=True)
class VerifyReport:
    """What `verify` found: counts, each chain's last hash, and every problem."""

    entries: int
    files: int
    heads: dict[int, str]
    """Loan id -> the hash of the last entry of its chain."""
    chain: list[ChainProblem] = field(default_factory=list)
    files_changed: list[str] = field(default_factory=list)
    files_missing: list[str] = field(default_factory=list)
    files_added: list[str] = field(default_factory=list)
    """Stored file names (SHA-256 and extension) under the evidence folder."""
    owners: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    """SHA-256 -> (loan id, entry id, name the file had) of the first entry keeping it."""

    @property
    def ok(self) -> bool:
        return not (self.chain or self.files_changed or self.files_missing or self.files_added)


def evidence_folder(ledger: Ledger) -> Path:
    """`evidence/<database name>/` beside the database file; a folder per database, so two
    databases in one folder never see each other's files as "added outside budget"."""
    rows = ledger._query("PRAGMA database_list")
    file = next((row[2] for row in rows if row[1] == "main"), "")
    if not file:
        from budget.storage.paths import data_home

        return data_home() / "evidence" / "memory"
    path = Path(file)
    return path.parent / "evidence" / path.stem


class EvidenceBook:
    """All SQL for evidence; files are copied into `folder` under their SHA-256.

    Writes share the Ledger's transactions and lock. The journal in `folder` lists every
    entry written (loan id, position, hash), so removing or adding the last entry of a
    chain in the database alone is noticed too.
    """

    def __init__(self, ledger: Ledger, folder: Path | None = None) -> None:
        self.ledger = ledger
        self.files = FileStore(folder or evidence_folder(ledger))

    # -- loans and numbers -------------------------------------------------------------

    def loans(self) -> list[LoanRef]:
        return lookup.loan_refs(self.ledger)

    def official_numbers(self, loan: LoanRef) -> list[str]:
        """The loan's own numbers, then those the user keeps for its lender or its name."""
        return lookup.official_numbers(self.ledger, loan)

    def lender_numbers(self) -> list[tuple[str, str, str]]:
        """(lender, number, note) for every number the user keeps."""
        return lookup.lender_numbers(self.ledger)

    def add_lender_number(self, lender: str, number: str, note: str = "") -> None:
        with self.ledger.atomic() as conn:
            try:
                conn.execute("INSERT INTO lender_numbers (lender, number, note) VALUES (?, ?, ?)",
                             [lender, number, note])
            except sqlite3.IntegrityError as error:
                raise LedgerError(_("{number} is already kept for {lender}").format(
                    number=number, lender=lender)) from error

    # -- the user's details for letters -----------------------------------------------

    def profile(self) -> dict[str, str]:
        """{"name", "phone", "id_number"} as the user entered them (empty when not)."""
        stored = json.loads(self.ledger.setting(PROFILE_KEY, "{}"))
        return {key: stored.get(key, "") for key in ("name", "phone", "id_number")}

    def save_profile(self, profile: dict[str, str]) -> None:
        self.ledger.set_setting(PROFILE_KEY, json.dumps(profile, ensure_ascii=False))

    # -- entries ------------------------------------------------------------------------

    def entries(self, loan_id: int | None = None) -> list[EvidenceEntry]:
        """Every entry (of one loan), in chain order, with its files."""
        where, params = ("WHERE loan_id = ?", [loan_id]) if loan_id is not None else ("", [])
        rows = self.ledger._query(f"SELECT {_COLUMNS} FROM evidence {where} "
                                  "ORDER BY loan_id, seq", params)
        files: dict[int, list[EvidenceFile]] = {}
        file_where = ("WHERE entry_id IN (SELECT id FROM evidence WHERE loan_id = ?)"
                      if loan_id is not None else "")
        for entry_id, sha256, name, size in self.ledger._query(
                f"SELECT entry_id, sha256, name, size FROM evidence_files {file_where} "
                "ORDER BY entry_id, position", params):
            files.setdefault(entry_id, []).append(EvidenceFile(sha256, name, size))
        return [_entry(row, files.get(row[0], [])) for row in rows]

    def day_counts(self, loan_id: int, contact: Contact,
                   replacing: int | None = None) -> DayCounts:
        """The day's calls of the loan with `contact` added (and `replacing` left out)."""
        answered, unanswered = lookup.day_calls(self.ledger, loan_id, contact.at.date(),
                                                replacing)
        if contact.channel == "call":
            answered += contact.answered
            unanswered += not contact.answered
        return DayCounts(contact.at.date(), answered, unanswered)

    def add(self, loan_id: int, contact: Contact, paths: Sequence[Path], *,
            corrects: int | None = None, now: datetime,
            detected: Sequence[str] = ()) -> EvidenceEntry:
        """Record a contact with copies of its files, at the end of the loan's chain.

        Automatic tags are OFF_HOURS and EXCESS_FREQUENCY from the log, plus `detected`
        (what the message check found in the note).

        Raises LedgerError if `corrects` is not an entry of this loan, OSError if a file
        cannot be read. Files are copied before the entry is written; a copy made for an
        entry that was then not saved is removed again.
        """
        created: list[Path] = []
        journal: list[int] = []
        try:
            files = [self.files.store(path, created) for path in paths]
            with self.ledger.atomic() as conn:
                return self._insert(conn, loan_id, contact, files, corrects, now, detected,
                                    journal)
        except BaseException:
            for path in created:
                path.unlink(missing_ok=True)
            if journal:
                self.files.journal_undo(*journal)
            raise

    def _insert(self, conn: sqlite3.Connection, loan_id: int, contact: Contact,
                files: list[EvidenceFile], corrects: int | None, now: datetime,
                detected: Sequence[str], journal: list[int]) -> EvidenceEntry:
        if corrects is not None and not conn.execute(
                "SELECT 1 FROM evidence WHERE id = ? AND loan_id = ?",
                [corrects, loan_id]).fetchone():
            raise LedgerError(_("there is no entry #{id} of this loan to correct").format(
                id=corrects))
        last = conn.execute("SELECT seq, hash FROM evidence WHERE loan_id = ? "
                            "ORDER BY seq DESC LIMIT 1", [loan_id]).fetchone()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        logged = automatic_tags(contact, self.day_counts(loan_id, contact, corrects))
        auto = tuple(tag for tag in TAGS if tag in {*logged, *detected})
        recorded_at = now.replace(microsecond=0)
        content = entry_content(loan_id, seq, contact, auto, files, corrects, recorded_at,
                                prev_hash)
        digest = content_hash(content)
        entry_id = conn.execute(
            "INSERT INTO evidence (loan_id, seq, at, channel, from_number, answered, who, "
            "note, tags, auto_tags, corrects, recorded_at, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [loan_id, seq, content["at"], contact.channel, contact.from_number,
             int(contact.answered), contact.who, contact.note,
             json.dumps(content["tags"]), json.dumps(content["auto_tags"]), corrects,
             content["recorded_at"], prev_hash, digest]).lastrowid
        conn.executemany(
            "INSERT INTO evidence_files (entry_id, position, sha256, name, size) "
            "VALUES (?, ?, ?, ?, ?)",
            [(entry_id, position, f.sha256, f.name, f.size) for position, f in
             enumerate(files)])
        # Last, so a refused insert leaves no journal line; if the commit then fails, `add`
        # takes the line out again (sizes before and after it).
        line = f"{loan_id} {seq} {digest}"
        before = self.files.journal_append(line)
        journal += [before, before + len(line) + 1]
        return EvidenceEntry(entry_id, loan_id, seq, contact, auto, tuple(files), corrects,
                             recorded_at, prev_hash, digest)

    # -- verification --------------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """Recompute every chain and every file; compare both with the journal and folder."""
        entries = self.entries()
        problems = chain_problems(entries)
        problems += self._journal_problems(entries)
        owners: dict[str, tuple[int, int, str]] = {}
        for entry in entries:
            for file in entry.files:
                owners.setdefault(file.sha256, (entry.loan_id, entry.id, file.name))
        referenced = set(owners)
        changed, missing, added = self.files.check(referenced)
        heads: dict[int, str] = {}
        for entry in entries:
            heads[entry.loan_id] = entry.hash
        return VerifyReport(len(entries), len(referenced), heads, problems, changed, missing,
                            added, owners)

    def _journal_problems(self, entries: list[EvidenceEntry]) -> list[ChainProblem]:
        recorded = self.files.journal()
        stored = {(entry.loan_id, entry.seq): entry for entry in entries}
        problems = []
        for (loan_id, seq), digest in recorded.items():
            entry = stored.get((loan_id, seq))
            if entry is None:
                problems.append(ChainProblem("missing", loan_id, seq))
            elif entry.hash != digest:
                problems.append(ChainProblem("changed", loan_id, seq, entry.id))
        for (loan_id, seq), entry in stored.items():
            if (loan_id, seq) not in recorded:
                problems.append(ChainProblem("unrecorded", loan_id, seq, entry.id))
        # One problem per entry and kind, whichever check found it first.
        return list(dict.fromkeys(problems))


def _entry(row: tuple, files: list[EvidenceFile]) -> EvidenceEntry:
    (entry_id, loan_id, seq, at, channel, from_number, answered, who, note, tags, auto_tags,
     corrects, recorded_at, prev_hash, digest) = row
    contact = Contact(at=datetime.fromisoformat(at), channel=channel, from_number=from_number,
                      answered=bool(answered), who=who, note=note,
                      tags=tuple(json.loads(tags)))
    return EvidenceEntry(entry_id, loan_id, seq, contact, tuple(json.loads(auto_tags)),
                         tuple(files), corrects, datetime.fromisoformat(recorded_at),
                         prev_hash, digest)
