"""`budget export`: the real hledger and bean-check read the files and agree with budget."""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.cli.conftest import ok

DATA = Path(__file__).parents[2] / "data"


def needs(tool: str) -> str:
    """The tool's path; CI installs it (.ci/run), so there a missing tool fails the test."""
    found = shutil.which(tool) or shutil.which(tool, path=str(Path(sys.executable).parent))
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed: .ci/run installs it")
        pytest.skip(f"{tool} is not installed")
    return found


@pytest.fixture
def lived_in(run):
    """Accounts, four imports, a loan paid once, a transfer and a credit card purchase."""
    for name, kind, opening in [("Alipay", "e-wallet", "0"), ("WeChat", "e-wallet", "0"),
                                ("招商银行", "bank", "5000"), ("工商银行", "bank", "4000"),
                                ("余额宝", "savings", "0"), ("Credit card", "credit-card", "0")]:
        ok(run("account", "add", name, "--kind", kind, "--opening", opening))
    card = ["--method-account", "招商银行(1234)=招商银行", "--method-account", "余额宝=余额宝",
            "--method-account", "招商银行信用卡(5678)=Credit card",
            "--method-account", "工商银行(9876)=工商银行"]
    ok(run("import", str(DATA / "alipay_2026-03.csv"), *card))
    ok(run("import", str(DATA / "wechat_2026-03.csv")))
    ok(run("import", str(DATA / "cmb_2026-03.csv")))
    ok(run("import", str(DATA / "icbc_2026-03.csv")))
    ok(run("loan", "add", "微粒贷", "--principal", "5000", "--preset", "weilidai",
           "--start", "2026-01-15"))
    ok(run("loan", "pay", "微粒贷", "1200", "--date", "2026-02-15", "--account", "招商银行"))
    # a loan whose money came into an account, repaid in part from it
    ok(run("loan", "add", "借呗", "--principal", "3000", "--daily-rate", "0.04%", "--periods",
           "3", "--method", "daily-equal-principal", "--start", "2026-02-01", "--into",
           "工商银行"))
    ok(run("loan", "pay", "借呗", "1030", "--date", "2026-03-01", "--account", "工商银行"))
    ok(run("transfer", "100", "招商银行", "余额宝", "--date", "2026-03-28",
           "--note", 'a "quoted"; note'))
    ok(run("add", "88.8", "shopping", "--account", "credit", "--date", "2026-03-29"))
    # names neither tool takes as they are: a colon, a middle dot, a leading Chinese letter
    ok(run("category", "add", "餐饮·外卖", "--kind", "expense"))
    ok(run("account", "add", "Cash: 钱包", "--kind", "cash", "--opening", "50"))
    ok(run("add", "20", "餐饮", "--account", "cash:", "--date", "2026-03-30"))
    return run


def same(name: str) -> str:
    """A name as both sides can spell it: the tools replace spaces, colons and dots."""
    return re.sub(r"[\W_]", "", name).casefold()


def budget_balances(run) -> dict[str, Decimal]:
    accounts = json.loads(ok(run("account", "list", "--json")).output)
    loans = json.loads(ok(run("loan", "list", "--json")).output)
    found = {same(a["name"]): Decimal(a["balance"]) for a in accounts}
    found.update({f"loan {same(loan['name'])}": -Decimal(loan["outstanding"])
                  for loan in loans})
    return found


def tool_name(account: str) -> str:
    """hledger's or beancount's account name as budget_balances keys it."""
    parts = account.split(":")
    name = same(parts[-1].removeprefix("X-"))  # beancount: a name starting with 招 gets X-
    return f"loan {name}" if parts[1].lower() == "loans" else name


def test_hledger_balances_equal_budgets_to_the_fen(lived_in, tmp_path):
    hledger = needs("hledger")
    journal = tmp_path / "out.journal"
    assert "ledger rows" in ok(lived_in("export", "hledger", str(journal))).output
    report = subprocess.run([hledger, "-f", str(journal), "bal", "--flat", "--no-total",
                             "-O", "csv", "assets", "liabilities"], capture_output=True,
                            text=True, check=True).stdout
    found = {tool_name(row["account"]): Decimal(row["balance"].split()[0])
             for row in csv.DictReader(report.splitlines())}
    expected = {name: value for name, value in budget_balances(lived_in).items() if value}
    assert found == expected
    assert found["loan 微粒贷"] == Decimal("-3877.50")
    assert found[same("Cash: 钱包")] == Decimal("30.00")
    total = subprocess.run([hledger, "-f", str(journal), "bal", "-O", "csv"],
                           capture_output=True, text=True, check=True).stdout
    assert total.splitlines()[-1] == '"total","0"'


def test_bean_check_accepts_the_file_and_its_balances_equal_budgets(lived_in, tmp_path):
    bean_check = needs("bean-check")
    ledger_file = tmp_path / "out.beancount"
    ok(lived_in("export", "beancount", str(ledger_file)))
    checked = subprocess.run([bean_check, str(ledger_file)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    from beancount import loader
    from beancount.core import data

    entries, errors, _options = loader.load_file(str(ledger_file))
    assert not errors
    totals: dict[str, Decimal] = {}
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                totals[posting.account] = totals.get(posting.account, 0) + posting.units.number
    found = {tool_name(name): value for name, value in totals.items()
             if name.startswith(("Assets", "Liabilities")) and value}
    expected = {name: value for name, value in budget_balances(lived_in).items() if value}
    assert found == expected


def test_a_date_range_opens_with_the_balances_before_it(lived_in, tmp_path):
    hledger = needs("hledger")
    journal = tmp_path / "march.journal"
    ok(lived_in("export", "hledger", "--from", "2026-03-10", "--to", "2026-03-31",
                str(journal)))
    text = journal.read_text()
    assert "2026-03-09" not in text and "Opening balances" in text
    report = subprocess.run([hledger, "-f", str(journal), "bal", "--flat", "--no-total",
                             "-O", "csv", "assets", "liabilities"], capture_output=True,
                            text=True, check=True).stdout
    found = {tool_name(row["account"]): Decimal(row["balance"].split()[0])
             for row in csv.DictReader(report.splitlines())}
    assert found["loan 微粒贷"] == Decimal("-3877.50")
    assert found[same("招商银行")] == budget_balances(lived_in)[same("招商银行")]


def test_csv_and_json_carry_exact_amounts(lived_in, tmp_path):
    ok(lived_in("export", "csv", str(tmp_path / "out.csv")))
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    rent = next(row for row in rows if row["payee"] == "房东")
    assert (rent["amount"], rent["category"], rent["kind"]) == ("-1500.00", "Housing",
                                                                "expense")
    principal = next(row for row in rows if row["loan"] == "微粒贷")
    assert principal["amount"] == "-1122.50"
    drawn, repaid = [row["amount"] for row in rows if row["loan"] == "借呗"]
    assert (drawn, repaid) == ("3000.00", "-996.40")  # 28 days of interest: 33.60
    ok(lived_in("export", "json", str(tmp_path / "out.json")))
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(exported["transactions"]) == len(rows)
    assert sum(Decimal(row["amount"]) for row in exported["transactions"]) == \
        sum(Decimal(row["amount"]) for row in rows)


def test_exports_are_private_whatever_the_umask(lived_in, tmp_path):
    old = os.umask(0)
    try:
        ok(lived_in("export", "csv", str(tmp_path / "new" / "out.csv")))
        ok(lived_in("export", "ics", str(tmp_path / "new" / "due.ics")))
    finally:
        os.umask(old)
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "new" / "out.csv").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "new" / "due.ics").stat().st_mode & 0o777 == 0o600


def test_dates_in_the_wrong_order_are_refused(lived_in, tmp_path):
    result = lived_in("export", "csv", "--from", "2026-04-01", "--to", "2026-03-01",
                      str(tmp_path / "x.csv"))
    assert result.exit_code == 2 and "is after" in result.output
    assert not (tmp_path / "x.csv").exists()


def _hledger_rows(hledger: str, journal: Path, *query: str) -> dict[str, Decimal]:
    report = subprocess.run([hledger, "-f", str(journal), "bal", "--flat", "--no-total",
                             "-O", "csv", *query], capture_output=True, text=True,
                            check=True).stdout
    return {row["account"]: Decimal(row["balance"].split()[0])
            for row in csv.DictReader(report.splitlines())}


@pytest.mark.parametrize("since", [None, "2026-11-01", "2026-12-01"])
def test_an_agreement_that_takes_in_interest_grows_the_loan_in_the_export(run, tmp_path,
                                                                         since):
    """The demo's 微粒贷, two days overdue, re-amortised on 2026-11-30: the new plan's
    principal took in the unpaid 58.00 of interest and penalty, so hledger's liability is
    what `loan show` says is owed, and the 58.00 is an interest expense of that day."""
    hledger = needs("hledger")
    ok(run("loan", "add", "微粒贷", "--principal", "5000", "--preset", "weilidai", "--start",
           "2026-07-28", "--paid-installments", "3"))
    agreed = ok(run("loan", "restructure", "微粒贷", "--from", "2026-11-30", "--option",
                    "installments")).output
    assert "¥3,558.00 in 12 installments" in agreed
    [loan] = json.loads(ok(run("loan", "list", "--json")).output)
    assert loan["outstanding"] == "3558.00"

    journal = tmp_path / "out.journal"
    ok(run("export", "hledger", str(journal), *(["--from", since] if since else [])))
    liabilities = _hledger_rows(hledger, journal, "liabilities")
    assert liabilities == {"liabilities:loans:微粒贷": Decimal("-3558.00")}
    if since != "2026-12-01":  # a range after the agreement opens with it already owed
        expenses = _hledger_rows(hledger, journal, "expenses", "desc:agreement")
        assert list(expenses.values()) == [Decimal("58.00")]


def test_installments_paid_before_budget_tracked_the_loan_are_not_owed_in_the_export(
        run, tmp_path):
    """A loan added with #1-#3 already paid: no account paid them in budget, yet the
    journal's liability is the 3,500.00 `loan list` says is owed, on both sides of them."""
    hledger = needs("hledger")
    ok(run("loan", "add", "微粒贷", "--principal", "5000", "--preset", "weilidai", "--start",
           "2026-07-28", "--paid-installments", "3"))
    [loan] = json.loads(ok(run("loan", "list", "--json")).output)
    assert loan["outstanding"] == "3500.00"
    for since, owed in [(None, "-3500.00"), ("2026-09-01", "-3500.00")]:
        journal = tmp_path / f"{since}.journal"
        ok(run("export", "hledger", str(journal), *(["--from", since] if since else [])))
        assert _hledger_rows(hledger, journal, "liabilities") == {
            "liabilities:loans:微粒贷": Decimal(owed)}
    journal = tmp_path / "august.journal"
    ok(run("export", "hledger", str(journal), "--to", "2026-09-15"))
    # By mid-September only #1 (2026-08-28) had been repaid: 500.00 of principal.
    assert _hledger_rows(hledger, journal, "liabilities") == {
        "liabilities:loans:微粒贷": Decimal("-4500.00")}


def test_a_json_export_to_a_day_gives_each_balance_on_that_day(run, tmp_path):
    ok(run("account", "set", "cash", "--opening", "1000"))
    ok(run("add", "200", "food", "--date", "2026-11-10"))
    ok(run("add", "50", "food", "--date", "2026-11-20"))
    ok(run("export", "json", str(tmp_path / "to.json"), "--to", "2026-11-15"))
    exported = json.loads((tmp_path / "to.json").read_text(encoding="utf-8"))
    assert [a["balance"] for a in exported["accounts"]] == ["800.00"]
    assert [row["amount"] for row in exported["transactions"]] == ["-200.00"]


def test_a_dash_writes_the_csv_to_standard_output(lived_in, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok(lived_in("export", "csv", str(tmp_path / "out.csv")))
    result = ok(lived_in("export", "csv", "-"))
    assert result.stdout == (tmp_path / "out.csv").read_text(encoding="utf-8")
    rent = next(row for row in csv.DictReader(result.stdout.splitlines())
                if row["payee"] == "房东")
    assert rent["amount"] == "-1500.00"
    assert result.stderr.startswith("Wrote ") and "to standard output (csv)" in result.stderr
    assert not (tmp_path / "-").exists()
