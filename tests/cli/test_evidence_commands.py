"""`budget evidence ...` from the shell: check, add, list, verify, export, profile, numbers."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from budget.cli import main
from tests.cli.conftest import ok

ORDINARY = ("【微众银行】您的微粒贷本期应还577.50元，已逾期1天，请于今日24点前通过微信-微粒贷"
            "还款，逾期将产生罚息并可能影响您的征信记录。如有疑问请致电95384。")
FAMILY_THREAT = "今天不还，我们就打电话给你爸妈，让你全家都知道你欠钱不还。"


@pytest.fixture
def loan(run):
    ok(run("loan", "add", "微粒贷", "--principal", "5000", "--preset", "weilidai",
           "--start", "2026-10-15", "--lender", "WeBank", "--phone", "95384"))
    return run


@pytest.fixture
def screenshot(tmp_path) -> Path:
    path = tmp_path / "IMG_2315.png"
    path.write_bytes(b"\x89PNG screenshot of a 23:15 call log")
    return path


def check_json(run, *args) -> dict:
    return json.loads(ok(run("evidence", "check", "--json", *args)).output)


def test_an_ordinary_reminder_from_95384_has_no_finding_and_an_official_sender(loan):
    result = check_json(loan, "--loan", "微粒贷", "--from", "95384", ORDINARY)
    assert result["official_sender"] is True
    assert result["findings"] == []
    assert {item["kind"] for item in result["lawful"]} >= {"due_reminder", "credit_report"}


def test_a_family_threat_from_an_unknown_mobile_is_third_party_contact(loan):
    result = check_json(loan, "--loan", "微粒贷", "--from", "13912345678", FAMILY_THREAT)
    assert result["official_sender"] is False
    assert [f["tag"] for f in result["findings"]] == ["THIRD_PARTY_CONTACT", "DEBT_DISCLOSURE"]
    assert result["findings"][0]["evidence"] == "打电话给你爸妈"
    assert "Civil Code arts. 1032 and 1033" in result["findings"][0]["rule"]


def test_check_in_words_says_what_is_wrong_and_what_to_do(loan):
    output = ok(loan("evidence", "check", "--loan", "微粒贷", "--from", "13912345678",
                     FAMILY_THREAT)).output
    assert "Sender 13912345678 is NOT one of the lender's official numbers." in output
    assert "THIRD_PARTY_CONTACT (family, colleagues or contacts): “打电话给你爸妈”" in output
    assert "check with 95384 before you pay anything" in output


def test_check_reads_a_file_or_standard_input_without_a_database(tmp_path):
    message = tmp_path / "sms.txt"
    message.write_text("你这个老赖，再不还就曝光你", encoding="gb18030")
    by_file = json.loads(ok(CliRunner().invoke(
        main, ["evidence", "check", "--json", "--file", str(message)])).output)
    assert [f["tag"] for f in by_file["findings"]] == ["DEBT_DISCLOSURE", "INSULT"]
    assert by_file["official_sender"] is None
    by_stdin = json.loads(ok(CliRunner().invoke(main, ["evidence", "check", "--json"],
                                                input="Borrow from another app.")).output)
    assert [f["tag"] for f in by_stdin["findings"]] == ["NEW_BORROWING"]


def test_check_at_a_time_says_off_hours(run):
    result = json.loads(ok(CliRunner().invoke(
        main, ["evidence", "check", "--json", "--at", "2026-11-20 23:15", "请还款"])).output)
    assert [f["tag"] for f in result["findings"]] == ["OFF_HOURS"]
    bad = run("evidence", "check", "--at", "tonight", "请还款")
    assert bad.exit_code == 2
    assert "at: 'tonight' is not a date and time" in bad.output


def test_a_number_kept_for_the_lender_counts_as_official(loan):
    ok(loan("evidence", "number", "add", "WeBank", "0755-8999 0000", "--note", "催收中心"))
    result = check_json(loan, "--loan", "微粒贷", "--from", "+86 755 89990000", "请还款")
    assert result["official_sender"] is True
    listed = json.loads(ok(loan("evidence", "number", "list", "--json")).output)
    assert {"lender": "WeBank", "number": "0755-8999 0000", "note": "催收中心"} in listed


def test_a_2315_call_with_a_screenshot_is_off_hours_and_verifies(loan, screenshot, tmp_path):
    output = ok(loan("evidence", "add", "--loan", "微粒贷", "--at", "2026-11-20 23:15",
                     "--channel", "call", "--from", "13912345678", "--who", "自称律师事务所",
                     "--file", str(screenshot), "--note", "说明天去你公司找你领导")).output
    assert output.startswith("Recorded: #1 微粒贷 2026-11-20 23:15 call 13912345678 answered")
    assert "[OFF_HOURS, THIRD_PARTY_CONTACT, THREAT]" in output
    entries = json.loads(ok(loan("evidence", "list", "--json")).output)
    assert entries[0]["tags"] == ["OFF_HOURS", "THIRD_PARTY_CONTACT", "THREAT"]
    assert entries[0]["files"][0]["name"] == "IMG_2315.png"
    assert entries[0]["files"][0]["sha256"] == hashlib.sha256(screenshot.read_bytes()).hexdigest()
    assert len(entries[0]["hash"]) == 64
    assert "Evidence verified: 1 entries, 1 files" in ok(loan("evidence", "verify")).output

    stored = tmp_path / "evidence" / "cli" / (entries[0]["files"][0]["sha256"] + ".png")
    stored.write_bytes(b"edited by hand")
    failed = loan("evidence", "verify")
    assert failed.exit_code == 1
    assert f"file {stored.name} (IMG_2315.png of entry #1, 微粒贷) was changed" in failed.output


def test_a_wrong_entry_is_refused_with_the_reason_and_nothing_is_saved(loan, tmp_path):
    cases = [
        (["--loan", "借呗"], "loan: no loan '借呗'"),
        (["--loan", "微粒贷", "--tag", "rude"], "tag: 'rude' is not a tag"),
        (["--loan", "微粒贷", "--file", str(tmp_path / "missing.png")], "is not a file"),
        (["--loan", "微粒贷", "--corrects", "7"], "there is no entry #7"),
        (["--loan", "微粒贷", "--at", "2099-01-01 10:00"], "2099-01-01 10:00 is in the future"),
    ]
    for extra, message in cases:
        result = loan("evidence", "add", "--at", "2026-11-20 10:00", "--channel", "call",
                      *extra)
        assert result.exit_code == 2, result.output
        assert message in result.output
    assert json.loads(ok(loan("evidence", "list", "--json")).output) == []


def test_the_fourth_answered_call_of_the_day_is_excess_frequency(loan):
    outputs = [ok(loan("evidence", "add", "--loan", "微粒贷", "--at", f"2026-11-20 1{n}:00",
                       "--channel", "call")).output for n in range(4)]
    assert ["EXCESS_FREQUENCY" in output for output in outputs] == [False, False, False, True]


def test_export_writes_a_private_bundle_whose_manifest_matches_its_files(loan, screenshot,
                                                                        tmp_path):
    ok(loan("evidence", "profile", "--name", "张三", "--phone", "13800138000"))
    ok(loan("evidence", "add", "--loan", "微粒贷", "--at", "2026-11-20 23:15", "--channel",
            "call", "--from", "13912345678", "--file", str(screenshot), "--note",
            "你欠钱不还的事我们会告诉你们公司所有同事"))
    out = tmp_path / "out" / "complaint.zip"
    output = ok(loan("evidence", "export", "--loan", "微粒贷", "--to", "12378", "--out",
                     str(out))).output
    assert "a letter to 12378, 1 entries, 1 files" in output
    assert "2. 12378: the financial regulator's consumer hotline" in output
    assert "1. WeBank's customer service: 95384" in output
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    with zipfile.ZipFile(out) as bundle:
        root = bundle.namelist()[0]
        manifest = json.loads(bundle.read(root + "manifest.json"))
        for item in manifest["files"]:
            assert hashlib.sha256(bundle.read(root + item["path"])).hexdigest() == item["sha256"]
        letter = bundle.read(root + "letter.txt").decode()
    listed = json.loads(ok(loan("evidence", "list", "--json")).output)
    assert manifest["chain"]["last_hash"] == listed[-1]["hash"]
    assert "姓名：张三" in letter and "联系电话：13800138000" in letter
    assert "致：国家金融监督管理总局消费者投诉热线（12378）" in letter


def test_export_help_shows_the_ladder(run):
    help_text = ok(run("evidence", "export", "--help")).output
    assert "12378" in help_text and "12363" in help_text and "110" in help_text


def test_export_of_evidence_that_does_not_verify_is_refused(loan, screenshot, tmp_path):
    ok(loan("evidence", "add", "--loan", "微粒贷", "--at", "2026-11-20 23:15", "--channel",
            "sms", "--file", str(screenshot)))
    for stored in (tmp_path / "evidence" / "cli").glob("*.png"):
        stored.unlink()
    out = tmp_path / "complaint.zip"
    result = loan("evidence", "export", "--loan", "微粒贷", "--to", "lender", "--out", str(out))
    assert result.exit_code == 2
    assert "does not verify" in result.output
    assert not out.exists()


def test_profile_keeps_your_details_and_checks_the_id_number(run):
    ok(run("evidence", "profile", "--name", "李四", "--phone", "13700000000"))
    shown = json.loads(ok(run("evidence", "profile", "--json")).output)
    assert shown == {"name": "李四", "phone": "13700000000", "id_number": ""}
    bad = run("evidence", "profile", "--id-number", "12345")
    assert bad.exit_code == 2
    assert "is not a resident ID number" in bad.output
    ok(run("evidence", "profile", "--id-number", "11010519491231002x"))
    assert json.loads(ok(run("evidence", "profile", "--json")).output)["id_number"] == \
        "11010519491231002X"


def test_contact_already_made_with_the_emergency_contacts_is_found(loan):
    result = check_json(loan, "--loan", "微粒贷", "--from", "13912345678",
                        "我们已经联系了你的紧急联系人，今天必须还清。")
    assert result["official_sender"] is False
    assert [(f["tag"], f["evidence"]) for f in result["findings"]] == [
        ("THIRD_PARTY_CONTACT", "联系了你的紧急联系人")]


def test_a_fee_demand_is_not_also_presented_as_a_lawful_reminder(run):
    result = json.loads(ok(CliRunner().invoke(
        main, ["evidence", "check", "--json", "逾期需额外支付催收服务费300元"])).output)
    assert [f["tag"] for f in result["findings"]] == ["EXTRA_FEES"]
    assert result["lawful"] == []
    output = ok(CliRunner().invoke(main, ["evidence", "check",
                                          "逾期需额外支付催收服务费300元"])).output
    assert "Lawful in it:" not in output


@pytest.mark.parametrize("args", [[""], ["   "], ["\n\t"]])
def test_an_empty_message_is_refused(args):
    result = CliRunner().invoke(main, ["evidence", "check", *args])
    assert result.exit_code == 2
    assert "the message is empty: give the words the collector wrote or said" in result.output


def test_an_empty_standard_input_or_file_is_refused(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    for args, given in ((["--file", str(empty)], None), ([], " \n")):
        result = CliRunner().invoke(main, ["evidence", "check", *args], input=given)
        assert result.exit_code == 2
        assert "the message is empty" in result.output


def test_a_binary_or_large_file_is_refused_saying_what_is_accepted(tmp_path):
    big = tmp_path / "recording.m4a"
    big.write_bytes(os.urandom(3 * 1024 * 1024))
    result = CliRunner().invoke(main, ["evidence", "check", "--file", str(big)])
    assert result.exit_code == 2
    assert "recording.m4a is larger than 64 KB: a message to check is UTF-8 or GBK text of " \
           "up to 64 KB" in result.output
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000))
    result = CliRunner().invoke(main, ["evidence", "check", "--file", str(shot)])
    assert result.exit_code == 2
    assert "shot.png is not text" in result.output
    assert "budget evidence add --file" in result.output
    assert "Traceback" not in result.output


def test_a_phone_number_that_is_not_one_is_refused_and_nothing_is_kept(loan):
    bad = loan("evidence", "number", "add", "WeBank", "abc")
    assert bad.exit_code == 2
    assert "number: 'abc' is not a phone number: use digits, spaces, a leading +, - and " \
           "parentheses, 3 to 20 digits" in bad.output
    assert json.loads(ok(loan("evidence", "number", "list", "--json")).output) == [
        {"lender": "WeBank", "number": "95384", "note": "on loan 微粒贷"}]
    kept = ok(loan("evidence", "number", "add", "WeBank", "（0755）8999－0000")).output
    assert kept.strip() == "Kept (0755)8999-0000 as an official number of WeBank."

    ok(loan("evidence", "profile", "--phone", "13700000000"))
    bad = loan("evidence", "profile", "--phone", "abc")
    assert bad.exit_code == 2
    assert "phone: 'abc' is not a phone number" in bad.output
    assert json.loads(ok(loan("evidence", "profile", "--json")).output)["phone"] == \
        "13700000000"
