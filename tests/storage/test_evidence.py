"""The evidence log on disk: append-only in SQL, files by SHA-256, verify names what changed."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date, datetime
from pathlib import Path

import pytest

from budget.domain.evidence import Contact, content_hash
from budget.domain.loans import preset_terms
from budget.services.loans import create_loan
from budget.storage.database import open_database
from budget.storage.evidence import EvidenceBook, evidence_folder
from budget.storage.ledger import Ledger, LedgerError

NOW = datetime(2026, 11, 21, 9, 0)


@pytest.fixture
def book(tmp_path) -> EvidenceBook:
    ledger = Ledger(open_database(tmp_path / "budget.db"))
    create_loan(ledger, name="微粒贷", terms=preset_terms("weilidai", 500000, date(2026, 10, 15)),
                lender="WeBank", phones=["95384"])
    return EvidenceBook(ledger)


@pytest.fixture
def screenshot(tmp_path) -> Path:
    path = tmp_path / "Screenshot_20261120_2315.png"
    path.write_bytes(b"\x89PNG fake screenshot of a collector's SMS")
    return path


def call(hour: int, minute: int = 0, answered: bool = True, **fields) -> Contact:
    return Contact(at=datetime(2026, 11, 20, hour, minute), channel="call", answered=answered,
                   **fields)


def raw(book: EvidenceBook) -> sqlite3.Connection:
    """The database as someone editing it by hand sees it: the triggers dropped."""
    conn = book.ledger.conn
    for trigger in ("evidence_no_update", "evidence_no_delete", "evidence_files_no_update",
                    "evidence_files_no_delete"):
        conn.execute(f"DROP TRIGGER {trigger}")
    return conn


def test_the_evidence_tables_are_created_by_m008(book):
    columns = {row[1] for row in book.ledger.conn.execute("PRAGMA table_info(evidence)")}
    assert {"loan_id", "seq", "at", "channel", "from_number", "answered", "who", "note", "tags",
            "auto_tags", "corrects", "recorded_at", "prev_hash", "hash"} <= columns
    names = {row[0] for row in book.ledger.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'evidence%'")}
    assert names == {"evidence_no_update", "evidence_no_delete", "evidence_files_no_update",
                     "evidence_files_no_delete"}


def test_sql_refuses_to_change_or_delete_a_recorded_entry(book):
    entry = book.add(1, call(23, 15, note="说要找你单位"), [], now=NOW)
    conn = book.ledger.conn
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE evidence SET note = '' WHERE id = ?", [entry.id])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM evidence WHERE id = ?", [entry.id])
    assert book.entries()[0].contact.note == "说要找你单位"


def test_a_file_is_copied_under_its_sha256_private_in_a_private_folder(book, screenshot):
    entry = book.add(1, call(23, 15), [screenshot], now=NOW)
    stored = book.files.path_for(entry.files[0].sha256)
    assert stored.name == entry.files[0].sha256 + ".png"
    assert stored.read_bytes() == screenshot.read_bytes()
    assert entry.files[0].name == "Screenshot_20261120_2315.png"
    folder = evidence_folder(book.ledger)
    assert folder == screenshot.parent / "evidence" / "budget"
    assert stat.S_IMODE(os.stat(stored).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(folder.parent).st_mode) == 0o700


def test_the_same_file_twice_is_stored_once(book, screenshot):
    first = book.add(1, call(9), [screenshot], now=NOW)
    second = book.add(1, call(10), [screenshot], now=NOW)
    assert first.files[0].sha256 == second.files[0].sha256
    assert len(book.files.stored()) == 1


def test_each_entry_links_to_the_one_before(book):
    first = book.add(1, call(9), [], now=NOW)
    second = book.add(1, call(10), [], now=NOW)
    assert first.seq, second.seq == (1, 2)
    assert second.prev_hash == first.hash
    assert content_hash(second.content()) == second.hash


@pytest.mark.parametrize(("hour", "minute", "tagged"), [
    (21, 59, False), (22, 0, True), (7, 59, True), (8, 0, False)])
def test_off_hours_is_set_from_the_time(book, hour, minute, tagged):
    entry = book.add(1, call(hour, minute), [], now=NOW)
    assert ("OFF_HOURS" in entry.tags) is tagged


def test_the_fourth_answered_call_of_a_day_is_excess_frequency(book):
    tagged = ["EXCESS_FREQUENCY" in book.add(1, call(9 + n), [], now=NOW).auto_tags
              for n in range(4)]
    assert tagged == [False, False, False, True]


def test_the_seventh_unanswered_call_of_a_day_is_excess_frequency(book):
    tagged = ["EXCESS_FREQUENCY" in book.add(1, call(9 + n, answered=False), [],
                                             now=NOW).auto_tags for n in range(7)]
    assert tagged == [False] * 6 + [True]


def test_calls_on_another_day_or_other_channels_do_not_count(book):
    for hour in (9, 10, 11):
        book.add(1, call(hour), [], now=NOW)
    book.add(1, Contact(at=datetime(2026, 11, 20, 12), channel="sms"), [], now=NOW)
    book.add(1, Contact(at=datetime(2026, 11, 19, 12), channel="call"), [], now=NOW)
    assert book.day_counts(1, call(13)).answered_calls == 4


def test_a_correction_is_a_new_entry_and_the_old_one_no_longer_counts(book):
    wrong = book.add(1, call(9), [], now=NOW)
    for hour in (10, 11):
        book.add(1, call(hour), [], now=NOW)
    fixed = book.add(1, call(9, answered=False), [], corrects=wrong.id, now=NOW)
    assert fixed.corrects == wrong.id and fixed.seq == 4
    assert [entry.id for entry in book.entries()] == [1, 2, 3, 4]
    # 2 answered calls left that day (the corrected one was not answered): no excess yet
    assert "EXCESS_FREQUENCY" not in book.add(1, call(12), [], now=NOW).auto_tags
    with pytest.raises(LedgerError, match="no entry #99"):
        book.add(1, call(13), [], corrects=99, now=NOW)


def test_a_refused_entry_leaves_no_file_and_no_journal_line(book, screenshot):
    with pytest.raises(LedgerError):
        book.add(1, call(9), [screenshot], corrects=42, now=NOW)
    assert book.files.stored() == {}
    assert book.files.journal() == {}
    assert book.entries() == []


def test_verify_passes_on_evidence_budget_wrote(book, screenshot):
    book.add(1, call(23, 15), [screenshot], now=NOW)
    book.add(1, call(23, 40), [], now=NOW)
    report = book.verify()
    assert report.ok
    assert (report.entries, report.files) == (2, 1)
    assert report.heads == {1: book.entries()[-1].hash}


def test_verify_names_an_entry_edited_by_hand(book):
    book.add(1, call(9, note="说要找你单位"), [], now=NOW)
    edited = book.add(1, call(10, note="只是提醒还款"), [], now=NOW)
    raw(book).execute("UPDATE evidence SET note = '只是提醒' WHERE id = ?", [edited.id])
    report = book.verify()
    assert [(p.kind, p.entry_id) for p in report.chain] == [("changed", edited.id)]


def test_verify_names_a_stored_file_edited_by_hand(book, screenshot):
    entry = book.add(1, call(23, 15), [screenshot], now=NOW)
    stored = book.files.path_for(entry.files[0].sha256)
    stored.write_bytes(b"a different picture")
    report = book.verify()
    assert report.files_changed == [stored.name]
    assert not report.ok


def test_verify_names_a_deleted_file_and_an_added_one(book, screenshot, tmp_path):
    entry = book.add(1, call(23, 15), [screenshot], now=NOW)
    book.files.path_for(entry.files[0].sha256).unlink()
    (evidence_folder(book.ledger) / "extra.jpg").write_bytes(b"not budget's")
    report = book.verify()
    assert report.files_missing == [entry.files[0].sha256]
    assert report.files_added == ["extra.jpg"]


def test_verify_names_entries_removed_or_added_outside_budget(book):
    entries = [book.add(1, call(9 + n), [], now=NOW) for n in range(3)]
    conn = raw(book)
    conn.execute("DELETE FROM evidence WHERE id = ?", [entries[1].id])
    conn.execute("DELETE FROM evidence WHERE id = ?", [entries[2].id])
    # A forged entry with a correct hash at position 2: only the journal shows it.
    forged = entries[1].content() | {"note": "伪造"}
    conn.execute("INSERT INTO evidence (loan_id, seq, at, channel, answered, note, "
                 "recorded_at, prev_hash, hash) VALUES (1, 2, ?, 'call', 1, '伪造', ?, ?, ?)",
                 [forged["at"], forged["recorded_at"], entries[0].hash, content_hash(forged)])
    problems = {(p.kind, p.seq) for p in book.verify().chain}
    assert problems == {("changed", 2), ("missing", 3)}


def test_verify_names_the_last_entry_removed_and_one_appended_by_hand(book):
    entries = [book.add(1, call(9 + n), [], now=NOW) for n in range(2)]
    conn = raw(book)
    conn.execute("DELETE FROM evidence WHERE id = ?", [entries[1].id])
    assert [(p.kind, p.seq) for p in book.verify().chain] == [("missing", 2)]
    appended = entries[1].content() | {"note": "补录"}
    conn.execute("INSERT INTO evidence (loan_id, seq, at, channel, answered, note, "
                 "recorded_at, prev_hash, hash) VALUES (1, 2, ?, 'call', 1, '补录', ?, ?, ?)",
                 [appended["at"], appended["recorded_at"], entries[0].hash,
                  content_hash(appended)])
    conn.execute("INSERT INTO evidence (loan_id, seq, at, channel, answered, note, "
                 "recorded_at, prev_hash, hash) VALUES (1, 3, ?, 'call', 1, '', ?, ?, ?)",
                 [appended["at"], appended["recorded_at"], content_hash(appended),
                  content_hash(appended | {"seq": 3, "note": "", "prev": content_hash(
                      appended)})])
    problems = [(p.kind, p.seq) for p in book.verify().chain]
    assert problems == [("changed", 2), ("unrecorded", 3)]
