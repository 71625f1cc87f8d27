"""Evidence entries: automatic tags, the hash over content and files, reading what is typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from budget.domain.collection import DayCounts
from budget.domain.evidence import (
    GENESIS,
    Contact,
    EvidenceEntry,
    EvidenceFile,
    automatic_tags,
    chain_problems,
    contacts_per_day,
    content_hash,
    current,
    entry_content,
    tag_counts,
)
from budget.domain.evidence_input import (
    MAX_MESSAGE_BYTES,
    EvidenceError,
    clean_text,
    decode_message,
    parse_at,
    parse_phone,
    parse_tag,
)

TODAY = date(2026, 11, 20)
RECORDED = datetime(2026, 11, 20, 23, 30)


def call(hour: int, minute: int = 0, answered: bool = True, **fields) -> Contact:
    return Contact(at=datetime(2026, 11, 20, hour, minute), channel="call",
                   answered=answered, **fields)


def chain(*contacts: Contact, loan_id: int = 1) -> list[EvidenceEntry]:
    """Entries as budget records them: each hashing the one before."""
    entries, previous = [], GENESIS
    for seq, contact in enumerate(contacts, start=1):
        content = entry_content(loan_id, seq, contact, (), (), None, RECORDED, previous)
        digest = content_hash(content)
        entries.append(EvidenceEntry(seq, loan_id, seq, contact, (), (), None, RECORDED,
                                     previous, digest))
        previous = digest
    return entries


@pytest.mark.parametrize(("hour", "minute", "tagged"), [
    (21, 59, False), (22, 0, True), (7, 59, True), (8, 0, False)])
def test_a_contact_between_22_and_8_is_tagged_off_hours(hour, minute, tagged):
    day = DayCounts(TODAY, 1, 0)
    assert ("OFF_HOURS" in automatic_tags(call(hour, minute), day)) is tagged


def test_only_calls_count_towards_excess_frequency():
    busy = DayCounts(TODAY, 4, 0)
    assert automatic_tags(call(10), busy) == ("EXCESS_FREQUENCY",)
    sms = Contact(at=datetime(2026, 11, 20, 10), channel="sms")
    assert automatic_tags(sms, busy) == ()


def test_the_hash_covers_every_field_the_files_and_the_previous_hash():
    contact = call(23, 15, from_number="13912345678", note="说要找你单位")
    shot = EvidenceFile("a" * 64, "shot.png", 1200)
    base = entry_content(1, 1, contact, ("OFF_HOURS",), (shot,), None, RECORDED, GENESIS)
    digest = content_hash(base)
    assert len(digest) == 64
    changed = [
        entry_content(1, 1, replace(contact, note="说要找你家人"), ("OFF_HOURS",), (shot,), None,
                      RECORDED, GENESIS),
        entry_content(1, 1, contact, ("OFF_HOURS",), (replace(shot, sha256="b" * 64),), None,
                      RECORDED, GENESIS),
        entry_content(1, 1, contact, ("OFF_HOURS",), (shot,), None, RECORDED, "1" * 64),
        entry_content(1, 1, replace(contact, answered=False), ("OFF_HOURS",), (shot,), None,
                      RECORDED, GENESIS),
    ]
    assert len({digest, *(content_hash(content) for content in changed)}) == 5


def test_an_intact_chain_has_no_problem_and_an_edited_entry_is_named():
    entries = chain(call(9), call(10), call(11))
    assert chain_problems(entries) == []
    edited = [entries[0], replace(entries[1], contact=call(10, note="改过")), entries[2]]
    assert [(p.kind, p.seq) for p in chain_problems(edited)] == [("changed", 2)]


def test_a_removed_entry_and_a_rehashed_one_are_named():
    entries = chain(call(9), call(10), call(11))
    assert [(p.kind, p.seq) for p in chain_problems([entries[0], entries[2]])] == [
        ("missing", 2)]
    forged = chain(call(9), call(10, note="伪造"))[1]
    assert [(p.kind, p.seq) for p in chain_problems([entries[0], entries[1], replace(
        entries[2], prev_hash=forged.hash, hash=content_hash(
            {**entries[2].content(), "prev": forged.hash}))])] == [("relinked", 3)]


def test_a_correction_replaces_the_entry_it_points_to_in_counts():
    first, second = chain(call(9, answered=False), call(9, answered=True))
    correction = replace(second, corrects=first.id)
    assert current([first, correction]) == [correction]
    assert contacts_per_day([first, correction]) == [(TODAY, 1, 0, 0)]
    tagged = replace(correction, auto_tags=("OFF_HOURS",))
    assert tag_counts([first, tagged]) == {"OFF_HOURS": 1}


def test_times_are_read_as_people_type_them():
    assert parse_at("2026-11-20 23:15", TODAY) == datetime(2026, 11, 20, 23, 15)
    assert parse_at("11-19 07:59", TODAY) == datetime(2026, 11, 19, 7, 59)
    assert parse_at("yesterday 22:00", TODAY) == datetime(2026, 11, 19, 22, 0)
    assert parse_at("23：15", TODAY) == datetime(2026, 11, 20, 23, 15)
    assert parse_at("2026-11-20T08:00", TODAY) == datetime(2026, 11, 20, 8, 0)
    with pytest.raises(EvidenceError, match="use YYYY-MM-DD HH:MM"):
        parse_at("last night", TODAY)
    with pytest.raises(EvidenceError, match="the hour is 0 to 23, the minute 0 to 59"):
        parse_at("2026-11-20 25:00", TODAY)


def test_tags_are_read_in_any_case_with_dashes():
    assert parse_tag("third-party-contact") == "THIRD_PARTY_CONTACT"
    assert parse_tag("Threat") == "THREAT"
    with pytest.raises(EvidenceError, match="is not a tag: use one of OFF_HOURS"):
        parse_tag("rude")


def test_control_characters_never_reach_the_log():
    # The escape goes, so "[2J" is left as harmless text; the bidi override goes too.
    assert clean_text("138\x1b[2J0013\u202e8000") == "138[2J00138000"
    assert clean_text("第一行\r\n第二行\x07", multiline=True) == "第一行\n第二行"
    assert clean_text("第一行\n第二行") == "第一行 第二行"


@pytest.mark.parametrize(("typed", "kept"), [
    ("95384", "95384"), ("110", "110"), ("13800138000", "13800138000"),
    ("+86 138 0013 8000", "+86 138 0013 8000"), ("0755-8999 0000", "0755-8999 0000"),
    ("(0755) 8999-0000", "(0755) 8999-0000"), ("（０７５５）８９９９－００００", "(0755)8999-0000"),
    ("  400  888  9999 ", "400 888 9999"),
])
def test_phone_numbers_are_read_as_people_write_them(typed, kept):
    assert parse_phone(typed) == kept


@pytest.mark.parametrize("typed", ["abc", "WeBank", "12", "", "138-0013-80x0", "138+0013",
                                   "1" * 21, "95384; rm -rf"])
def test_anything_else_is_not_a_phone_number_and_says_what_is(typed):
    with pytest.raises(EvidenceError, match="is not a phone number: use digits, spaces, a "
                                            "leading \\+, - and parentheses, 3 to 20 digits"):
        parse_phone(typed)


def test_a_message_file_is_read_in_utf8_gbk_or_utf16_and_refused_when_not_text():
    message = "你这个老赖，再不还就曝光你"
    assert decode_message(message.encode(), "sms.txt") == message
    assert decode_message(b"\xef\xbb\xbf" + message.encode(), "sms.txt") == message
    assert decode_message(message.encode("gbk"), "sms.txt") == message
    assert decode_message(message.encode("utf-16"), "sms.txt") == message
    with pytest.raises(EvidenceError, match="shot.png is not text"):
        decode_message(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "shot.png")
    with pytest.raises(EvidenceError, match="is not text"):
        decode_message(bytes(range(256)) * 4, "call.amr")
    with pytest.raises(EvidenceError, match="big.txt is larger than 64 KB: a message to check is "
                                            "UTF-8 or GBK text of up to 64 KB"):
        decode_message(b"a" * (MAX_MESSAGE_BYTES + 1), "big.txt")
