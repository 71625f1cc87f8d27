"""Evidence of collection contacts: entries, their automatic tags, and their hash chain."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from budget.domain.collection import DayCounts
from budget.domain.collection_rules import TAGS, excessive, off_hours

GENESIS = "0" * 64
"""The previous hash of a chain's first entry."""
HASH_DOMAIN = b"budget-evidence-1\n"
"""Prefixed to every hashed entry, so the hashes cannot be confused with other SHA-256s."""



@dataclass(frozen=True)
class EvidenceFile:
    """A screenshot, recording or photo kept with an entry: its SHA-256, name and size."""

    sha256: str
    name: str
    size: int
    """Bytes."""


@dataclass(frozen=True)
class Contact:
    """One contact as the user describes it, before it is recorded."""

    at: datetime
    """When it happened, to the minute (local time)."""
    channel: str
    from_number: str = ""
    answered: bool = True
    """For a call: whether it was picked up. Other channels always count as reached."""
    who: str = ""
    """Who they claimed to be."""
    note: str = ""
    """What was said, or the message pasted in."""
    tags: tuple[str, ...] = ()
    """The user's own tags; automatic ones are added when it is recorded."""


@dataclass(frozen=True)
class EvidenceEntry:
    """A recorded contact: never changed; `corrects` points to the entry it replaces."""

    id: int
    loan_id: int
    seq: int
    """Position in the loan's chain, from 1."""
    contact: Contact
    auto_tags: tuple[str, ...]
    files: tuple[EvidenceFile, ...]
    corrects: int | None
    recorded_at: datetime
    prev_hash: str
    hash: str

    @property
    def tags(self) -> tuple[str, ...]:
        """The user's tags and the automatic ones, in the order of domain.md §3."""
        return tuple(tag for tag in TAGS if tag in {*self.contact.tags, *self.auto_tags})

    def content(self) -> dict:
        """What the hash covers: every field, the files' hashes and the previous hash."""
        return entry_content(self.loan_id, self.seq, self.contact, self.auto_tags, self.files,
                             self.corrects, self.recorded_at, self.prev_hash)


def entry_content(loan_id: int, seq: int, contact: Contact, auto_tags: Sequence[str],
                  files: Sequence[EvidenceFile], corrects: int | None, recorded_at: datetime,
                  prev_hash: str) -> dict:
    """The canonical content of an entry, as hashed and as exported for anyone to re-check."""
    return {
        "v": 1, "loan": loan_id, "seq": seq, "at": contact.at.isoformat(timespec="minutes"),
        "channel": contact.channel, "from": contact.from_number,
        "answered": contact.answered, "who": contact.who, "note": contact.note,
        "tags": sorted(contact.tags), "auto_tags": sorted(auto_tags),
        "files": [{"sha256": f.sha256, "name": f.name, "size": f.size} for f in files],
        "corrects": corrects, "recorded_at": recorded_at.isoformat(timespec="seconds"),
        "prev": prev_hash,
    }


def content_hash(content: dict) -> str:
    """SHA-256 (hex) of the content as canonical JSON: sorted keys, no spaces, UTF-8."""
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(HASH_DOMAIN + canonical.encode()).hexdigest()


def automatic_tags(contact: Contact, day: DayCounts) -> tuple[str, ...]:
    """OFF_HOURS from the time; EXCESS_FREQUENCY for a call when the day's calls (this one
    included) are more than 3 answered or more than 6 unanswered (domain.md §3)."""
    tags = []
    if off_hours(contact.at.time()):
        tags.append("OFF_HOURS")
    if contact.channel == "call" and excessive(day.answered_calls, day.unanswered_calls):
        tags.append("EXCESS_FREQUENCY")
    return tuple(tags)


def current(entries: Iterable[EvidenceEntry]) -> list[EvidenceEntry]:
    """Entries not replaced by a later correction, oldest contact first."""
    entries = list(entries)
    replaced = {entry.corrects for entry in entries if entry.corrects is not None}
    return sorted((entry for entry in entries if entry.id not in replaced),
                  key=lambda entry: (entry.contact.at, entry.id))


def contacts_per_day(entries: Iterable[EvidenceEntry]) -> list[tuple[date, int, int, int]]:
    """(day, answered calls, unanswered calls, other contacts) for each day with any."""
    days: dict[date, list[int]] = {}
    for entry in current(entries):
        counts = days.setdefault(entry.contact.at.date(), [0, 0, 0])
        if entry.contact.channel != "call":
            counts[2] += 1
        else:
            counts[0 if entry.contact.answered else 1] += 1
    return [(day, *counts) for day, counts in sorted(days.items())]


def tag_counts(entries: Iterable[EvidenceEntry]) -> dict[str, int]:
    """How many current entries carry each tag, in the order of domain.md §3."""
    counts = Counter(tag for entry in current(entries) for tag in entry.tags)
    return {tag: counts[tag] for tag in TAGS if counts[tag]}


@dataclass(frozen=True)
class ChainProblem:
    """Something in a loan's chain that budget did not write: what, and which entry."""

    kind: str
    """"changed" (content differs from its hash), "relinked" (its previous hash is not the
    entry before it), "missing" (a position in the chain is gone) or "unrecorded" (not in
    the journal budget keeps beside the files)."""
    loan_id: int
    seq: int
    entry_id: int | None = None


def chain_problems(entries: Sequence[EvidenceEntry]) -> list[ChainProblem]:
    """Recompute every entry's hash and every link. `entries` of one or more loans."""
    problems = []
    by_loan: dict[int, list[EvidenceEntry]] = {}
    for entry in entries:
        by_loan.setdefault(entry.loan_id, []).append(entry)
    for loan_id, chain in by_loan.items():
        chain.sort(key=lambda entry: entry.seq)
        previous, expected_seq = GENESIS, 1
        for entry in chain:
            for missing in range(expected_seq, entry.seq):
                problems.append(ChainProblem("missing", loan_id, missing))
            if content_hash(entry.content()) != entry.hash:
                problems.append(ChainProblem("changed", loan_id, entry.seq, entry.id))
            elif entry.prev_hash != previous and entry.seq == expected_seq:
                problems.append(ChainProblem("relinked", loan_id, entry.seq, entry.id))
            previous, expected_seq = entry.hash, entry.seq + 1
    return problems
