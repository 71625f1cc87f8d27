"""`budget import` from the shell: counts, --dry-run --json, twice, undo, list, maps, rules."""

import json
from pathlib import Path

from tests.cli.conftest import ok

DATA = Path(__file__).parents[2] / "data"
ALIPAY = str(DATA / "alipay_2026-03.csv")
CARD = "招商银行(1234)=招商银行"


def setup_accounts(run):
    ok(run("account", "add", "Alipay", "--kind", "e-wallet"))
    ok(run("account", "add", "招商银行", "--kind", "bank", "--opening", "5000"))


def balances(run) -> dict[str, str]:
    return {a["name"]: a["balance"] for a in json.loads(ok(run("account", "list",
                                                               "--json")).output)}


def test_dry_run_json_shows_the_counts_and_writes_nothing(run):
    setup_accounts(run)
    result = json.loads(ok(run("import", ALIPAY, "--dry-run", "--json",
                               "--method-account", CARD)).output)
    assert {key: result[key] for key in ("rows", "new", "duplicates", "skipped",
                                         "needs_category", "dry_run", "batch")} == {
        "rows": 16, "new": 12, "duplicates": 0, "skipped": 4, "needs_category": 1,
        "dry_run": True, "batch": None}
    assert result["account"] == "Alipay"
    assert {"line": 31, "reason": "closed or failed (交易关闭): no money moved"} in \
        result["skipped_rows"]
    assert result["unmapped_methods"] == {"花呗": 1, "余额宝": 1, "招商银行信用卡(5678)": 1}
    assert balances(run)["Alipay"] == "0.00"
    assert ok(run("import", "list")).output.strip() == "Nothing imported yet."


def test_importing_twice_adds_the_rows_once(run):
    setup_accounts(run)
    first = ok(run("import", ALIPAY, "--method-account", CARD)).output
    assert "16 rows: 12 new, 0 duplicates, 4 skipped, 1 need a category" in first
    assert "Imported as batch 1; undo it with `budget import undo 1`." in first
    after_first = balances(run)
    assert after_first == {"Cash": "0.00", "Alipay": "899.20", "招商银行": "3965.00"}
    second = ok(run("import", ALIPAY)).output
    assert "16 rows: 0 new, 12 duplicates, 4 skipped" in second
    assert "Nothing new to import." in second
    assert balances(run) == after_first


def test_undo_takes_the_batch_back_out(run):
    setup_accounts(run)
    ok(run("import", ALIPAY, "--method-account", CARD))
    assert "#1" in ok(run("import", "list")).output
    assert ok(run("import", "undo", "1")).output.strip() == "Undid batch 1: removed 13 rows."
    assert balances(run) == {"Cash": "0.00", "Alipay": "0.00", "招商银行": "5000.00"}
    assert "undone" in ok(run("import", "list")).output
    again = run("import", "undo", "1")
    assert again.exit_code == 2 and "was undone" in again.output


def test_options_may_come_before_the_file(run):
    setup_accounts(run)
    result = json.loads(ok(run("import", "--dry-run", "--json", ALIPAY)).output)
    assert result["new"] == 11  # the top-up from 招商银行(1234) waits for a mapping


def test_bad_input_is_exit_2_with_a_message(run, tmp_path):
    setup_accounts(run)
    assert "give the FILE" in run("import").output
    unknown = tmp_path / "x.csv"
    unknown.write_text("a,b\n1,2\n")
    result = run("import", str(unknown))
    assert result.exit_code == 2 and "not an export budget recognises" in result.output
    bank = run("import", str(DATA / "icbc_2026-03.csv"))
    assert bank.exit_code == 2 and "--account" in bank.output
    bad_pair = run("import", ALIPAY, "--method-account", "招商银行")
    assert bad_pair.exit_code == 2 and "METHOD=ACCOUNT" in bad_pair.output
    assert "Traceback" not in result.output + bank.output + bad_pair.output


def test_a_mapping_for_another_bank(run):
    setup_accounts(run)
    saved = ok(run("import", "map", "add", "mybank", "--date", "交易日期", "--amount", "金额",
                   "--payee", "对方名称", "--note", "用途"))
    assert "Saved mapping mybank" in saved.output
    assert "mybank: date=交易日期" in ok(run("import", "map", "list")).output
    result = ok(run("import", str(DATA / "generic_bank.csv"), "--map", "mybank",
                    "--account", "招商银行"))
    assert "3 rows: 3 new" in result.output
    assert balances(run)["招商银行"] == "5215.40"
    missing = run("import", "map", "add", "half", "--date", "d", "--income", "i")
    assert missing.exit_code == 2 and "--amount" in missing.output


def test_a_rule_decides_the_category_of_later_imports(run):
    setup_accounts(run)
    assert "go to Other income" in ok(run("import", "rule", "add", "李雷", "other i")).output
    result = json.loads(ok(run("import", ALIPAY, "--json")).output)
    assert result["needs_category"] == 0
    assert ok(run("import", "rule", "list")).output.strip() == "李雷 -> Other income"


def test_an_accounts_card_is_recorded_by_its_last_four_digits(run):
    ok(run("account", "add", "ICBC", "--kind", "bank"))
    assert "ICBC: card ending 9876" in ok(run("account", "card", "icbc", "9876")).output
    listed = json.loads(ok(run("account", "list", "--json")).output)
    assert {a["name"]: a["card"] for a in listed} == {"Cash": None, "ICBC": "9876"}
    bad = run("account", "card", "icbc", "98x6")
    assert bad.exit_code == 2
    assert "'98x6' is not a card number: give its last four digits, e.g. 9876, or none" \
        in bad.output
    taken = run("account", "card", "cash", "9876")
    assert taken.exit_code == 2 and "ICBC already has the card ending 9876" in taken.output
    assert "ICBC: no card recorded" in ok(run("account", "card", "icbc", "none")).output


def test_a_card_payment_in_both_files_is_imported_once_and_said_so(run):
    ok(run("account", "add", "WeChat", "--kind", "e-wallet"))
    ok(run("account", "add", "工商银行", "--kind", "bank", "--opening", "4000"))
    ok(run("import", str(DATA / "wechat_2026-03.csv"), "--account", "WeChat"))
    statement = ok(run("import", str(DATA / "icbc_2026-03.csv"), "--account", "工商银行"))
    assert "5 rows: 4 new, 1 duplicates, 0 skipped" in statement.output
    assert "  line 7: paid with card 9876 on 2026-03-04, already imported from a wallet " \
           "export (#" in statement.output
    listed = json.loads(ok(run("account", "list", "--json", "--as-of", "2026-03-31")).output)
    # The statement's own closing balance: nothing counted twice.
    assert {a["name"]: a["balance"] for a in listed}["工商银行"] == "3690.22"
