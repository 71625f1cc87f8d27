"""The complaint bundle: what is in the zip, and that anyone can check it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import date, datetime

import pytest

from budget.domain.loans import preset_terms
from budget.services.complaint import export_bundle, ladder
from budget.services.evidence import ContactInput, record, save_profile
from budget.services.ledger import EntryError
from budget.services.loans import create_loan
from budget.storage.database import open_database
from budget.storage.ledger import Ledger

TODAY = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 10, 30)


@pytest.fixture
def ledger(tmp_path) -> Ledger:
    ledger = Ledger(open_database(tmp_path / "budget.db"))
    create_loan(ledger, name="微粒贷", terms=preset_terms("weilidai", 500000, date(2026, 10, 15)),
                lender="WeBank", phones=["95384"])
    save_profile(ledger, name="王小明", phone="13600001111", id_number="")
    return ledger


def add(ledger, at: str, channel: str = "call", **fields):
    return record(ledger, ContactInput(loan="微粒贷", at=at, channel=channel, **fields),
                  today=TODAY, now=NOW).entry


@pytest.fixture
def bundle(ledger, tmp_path):
    photo = tmp_path / "wechat.jpg"
    photo.write_bytes(b"JPEG a photo of the collector's WeChat message")
    wrong = add(ledger, "2026-11-20 23:15", from_number="13912345678",
                note="你再不还，我们就联系你老婆和你单位")
    add(ledger, "2026-11-20 23:15", from_number="13912345678", corrects=wrong.id,
        note="你再不还，我们就联系你老婆和你单位领导", files=[str(photo)])
    add(ledger, "2026-11-21 07:40", channel="wechat", from_number="催收-小李",
        note="=HYPERLINK(\"http://example.invalid\") 你这个老赖")
    path = export_bundle(ledger, "微粒贷", "lender", tmp_path / "bundle.zip", today=TODAY,
                         now=NOW).path
    with zipfile.ZipFile(path) as archive:
        root = "budget-complaint-微粒贷-lender-20261121/"
        return {name.removeprefix(root): archive.read(name) for name in archive.namelist()
                if not name.endswith("/")}, archive.infolist()


def test_the_bundle_holds_the_letter_timeline_chain_files_manifest_and_how_to(bundle):
    members, _infos = bundle
    photo_name = next(name for name in members if name.startswith("files/"))
    assert photo_name.endswith(".jpg")
    assert sorted(members) == sorted(["letter.txt", "timeline.csv", "entries.json",
                                      "HOW-TO-SUBMIT.txt", photo_name, "manifest.json",
                                      "SHA256SUMS"])


def test_the_manifest_and_sha256sums_match_every_file(bundle):
    members, _infos = bundle
    manifest = json.loads(members["manifest.json"])
    listed = {item["path"]: item for item in manifest["files"]}
    assert set(listed) == set(members) - {"manifest.json", "SHA256SUMS"}
    for name, item in listed.items():
        assert hashlib.sha256(members[name]).hexdigest() == item["sha256"]
        assert len(members[name]) == item["size"]
    photo = next(item for item in manifest["files"] if item["path"].startswith("files/"))
    assert photo["original_name"] == "wechat.jpg"
    for line in members["SHA256SUMS"].decode().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256(members[name]).hexdigest() == digest


def test_the_chain_in_entries_json_recomputes_to_the_manifests_last_hash(bundle):
    members, _infos = bundle
    entries = json.loads(members["entries.json"])["entries"]
    previous = "0" * 64
    for item in entries:
        assert item["content"]["prev"] == previous
        canonical = json.dumps(item["content"], ensure_ascii=False, sort_keys=True,
                               separators=(",", ":"))
        previous = hashlib.sha256(b"budget-evidence-1\n" + canonical.encode()).hexdigest()
        assert previous == item["hash"]
    assert json.loads(members["manifest.json"])["chain"]["last_hash"] == previous


def test_the_letter_is_in_chinese_with_who_what_rules_and_requests(bundle):
    letter = bundle[0]["letter.txt"].decode()
    assert letter.startswith("关于WeBank（微粒贷）催收行为的投诉")
    assert "致：WeBank客户服务部门（投诉受理）" in letter
    assert "姓名：王小明" in letter and "身份证号" not in letter
    assert "自2026-11-20至2026-11-21，我共记录了2次催收联系" in letter
    assert "1. 在22:00至次日8:00之间催收（共2次：第1、2条）。" in letter
    assert "原话：“联系你老婆”。" in letter
    assert "《中华人民共和国民法典》第一千零三十二条" in letter
    assert "立即停止上述违规催收行为" in letter
    # the corrected entry is not in the letter's timeline, its correction is
    assert "联系你老婆和你单位领导" in letter
    assert "联系你老婆和你单位\n" not in letter


def test_the_timeline_csv_opens_as_utf8_in_excel_and_no_cell_is_a_formula(bundle):
    data = bundle[0]["timeline.csv"]
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["序号", "时间", "方式", "号码"]
    assert [row[9] for row in rows[1:]] == ["已被第2条更正", "更正第1条", "有效"]
    assert rows[3][7].startswith("'=HYPERLINK")


def test_every_file_in_the_bundle_is_private_when_unzipped(bundle):
    _members, infos = bundle
    assert {info.external_attr >> 16 & 0o777 for info in infos} == {0o600, 0o700}


def test_how_to_submit_names_the_recipient_and_the_ladder(bundle):
    note = bundle[0]["HOW-TO-SUBMIT.txt"].decode()
    assert "Call WeBank's customer service (95384)" in note
    assert "2. 12378" in note and "5. 110" in note and "12348" in note


def test_each_recipient_gets_its_own_address_and_requests(ledger, tmp_path):
    add(ledger, "2026-11-20 23:15", note="再不还打断你的腿")
    expected = {"12378": "国家金融监督管理总局消费者投诉热线（12378）",
                "12363": "中国人民银行12363热线", "12321": "12321网络不良与垃圾信息举报受理中心",
                "110": "公安机关（110）"}
    for code, addressee in expected.items():
        path = export_bundle(ledger, "微粒贷", code, tmp_path / f"{code}.zip", today=TODAY,
                             now=NOW).path
        with zipfile.ZipFile(path) as archive:
            letter = next(archive.read(name) for name in archive.namelist()
                          if name.endswith("letter.txt")).decode()
        assert f"致：{addressee}" in letter


def test_nothing_to_export_and_an_unknown_recipient_are_refused(ledger, tmp_path):
    with pytest.raises(EntryError, match="nothing is recorded for 微粒贷 yet"):
        export_bundle(ledger, "微粒贷", "lender", tmp_path / "x.zip", today=TODAY, now=NOW)
    add(ledger, "2026-11-20 10:00")
    with pytest.raises(EntryError, match="is not a recipient"):
        export_bundle(ledger, "微粒贷", "12345", tmp_path / "x.zip", today=TODAY, now=NOW)
    with pytest.raises(EntryError, match="is a folder"):
        export_bundle(ledger, "微粒贷", "lender", tmp_path, today=TODAY, now=NOW)


def test_the_ladder_goes_from_the_lender_to_the_police():
    assert ladder("WeBank", ["95384"])[0] == "1. WeBank's customer service: 95384"
    assert [line.split(":")[0] for line in ladder("WeBank", [])] == [
        "1. WeBank's customer service", "2. 12378", "3. 12363", "4. 12321", "5. 110",
        "Free legal aid"]
