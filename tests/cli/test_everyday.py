"""The shell as a new user meets it: refunds, dates without a year, odd dates, opening
balances, every wrong field at once, accounts named by kind, the demo kept."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner

from budget.cli import main
from tests.cli.conftest import ok


def _rows(run, month: str) -> list[dict]:
    return json.loads(ok(run("list", "--month", month, "--json")).output)


def test_a_negative_amount_in_an_expense_category_is_a_refund(tmp_path):
    db = str(tmp_path / "refund.db")

    def budget(*args):
        # --db first: after `--` everything is an argument.
        return CliRunner().invoke(main, ["--db", db, *args])

    ok(budget("add", "200", "shopping", "--date", "2026-11-05"))
    refund = ok(budget("add", "--date", "2026-11-06", "--", "-30", "shopping", "return"))
    assert "A refund: Shopping spending is ¥30.00 lower." in refund.output
    without_dashes = ok(budget("add", "-20", "shopping", "--date", "2026-11-07"))
    assert "Shopping  20.00" in without_dashes.output
    listed = json.loads(ok(budget("list", "--month", "2026-11", "--json")).output)
    assert [row["amount"] for row in listed] == ["20.00", "30.00", "-200.00"]
    ok(budget("budget", "set", "shopping", "500", "--month", "2026-11"))
    [shopping] = json.loads(ok(budget("budget", "list", "--month", "2026-11",
                                      "--json")).output)["budgets"]
    assert shopping["spent"] == "150.00"  # 200 spent, 50 refunded
    review = json.loads(ok(budget("review", "--month", "2026-11", "--as-of", "2026-12-01",
                                  "--json")).output)
    assert (review["income"], review["expenses"]) == ("0.00", "150.00")


def test_a_negative_amount_in_an_income_category_lowers_income(run):
    ok(run("add", "8500", "salary", "--date", "2026-11-10"))
    corrected = ok(run("add", "-500", "salary", "--date", "2026-11-11"))
    assert "A correction: Salary income is ¥500.00 lower." in corrected.output
    assert [row["amount"] for row in _rows(run, "2026-11")] == ["-500.00", "8500.00"]


def test_a_date_without_a_year_is_the_nearest_one_not_in_the_future(run, monkeypatch):
    monkeypatch.setattr("budget.commands.ledger.today", lambda: date(2027, 1, 2))
    ok(run("add", "45.5", "food", "--date", "12-31"))
    assert [row["date"] for row in _rows(run, "2026-12")] == ["2026-12-31"]
    assert _rows(run, "2027-12") == []


def test_an_entry_far_ahead_or_decades_back_is_saved_with_a_warning(run, monkeypatch):
    monkeypatch.setattr("budget.commands.ledger.today", lambda: date(2026, 11, 30))
    ahead = ok(run("add", "5", "food", "--date", "2099-01-01"))
    assert ("budget: warning: 2099-01-01 is 26,330 days ahead of today (2026-11-30): is the "
            "year right?") in ahead.output
    back = ok(run("add", "5", "food", "--date", "1980-01-01"))
    assert "1980-01-01 is 46 years before today (2026-11-30): is the year right?" in \
        back.output
    # Before the accepted range (issue 10) it is refused, not warned about.
    assert run("add", "5", "food", "--date", "1900-01-01").exit_code == 2
    ordinary = ok(run("add", "5", "food", "--date", "2026-11-29"))
    assert "warning" not in ordinary.output


def test_every_wrong_field_is_reported_at_once_and_nothing_is_saved(run):
    result = run("add", "abc", "fodd", "--date", "2026-02-30")
    assert result.exit_code == 2
    assert "amount: 'abc' is not an amount" in result.output
    assert "category: no category 'fodd'; did you mean Food?" in result.output
    assert "date: '2026-02-30' is not a date" in result.output
    assert _rows(run, "2026-02") == []


def test_a_mistyped_option_is_refused_not_saved_as_part_of_the_note(run):
    result = run("add", "10", "food", "--acount", "cash")
    assert result.exit_code == 2
    assert "no such option: --acount" in result.output


def test_the_cash_account_gets_an_opening_balance(run):
    result = ok(run("account", "set", "cash", "--opening", "5,000"))
    assert result.output.strip() == "Cash: opening balance 5,000.00, balance now 5,000.00 CNY"
    ok(run("add", "45.5", "food"))
    accounts = json.loads(ok(run("account", "list", "--json")).output)
    assert (accounts[0]["opening_balance"], accounts[0]["balance"]) == ("5000.00", "4954.50")
    assert run("account", "set", "cash", "--opening", "lots").exit_code == 2


def test_an_account_can_be_named_by_its_kind_when_it_is_the_only_one(run):
    ok(run("account", "add", "招商银行", "--kind", "bank", "--opening", "1000"))
    ok(run("account", "add", "Savings", "--kind", "savings", "--reserve"))
    moved = ok(run("transfer", "500", "bank", "savings"))
    assert "Moved 500.00 CNY from 招商银行 to Savings" in moved.output
    ok(run("account", "add", "Other bank", "--kind", "bank"))
    assert run("transfer", "5", "bank", "savings").exit_code == 2  # two banks: which one?


def test_remind_reads_the_due_cache(run, tmp_path):
    import sqlite3

    ok(run("bill", "add", "Rent", "2200", "--every", "month", "--day", "1", "--start",
            "2026-12-01"))
    first = ok(run("remind", "--as-of", "2026-11-29")).output
    assert "due within 2 days" in first
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        cached = conn.execute("SELECT as_of, days FROM due_cache").fetchall()
    assert ("2026-11-29", 60) in cached
    assert ok(run("remind", "--as-of", "2026-11-29")).output == first


def test_counts_read_as_a_person_says_them(run):
    ok(run("bill", "add", "Rent", "2200", "--every", "month", "--day", "1", "--start",
            "2026-12-01"))
    due = ok(run("due", "--as-of", "2026-11-30", "--days", "3")).output
    assert "due in 1 day" in due and "due_soon" not in due
    assert ok(run("due", "--as-of", "2026-11-10", "--days", "1")).output.strip() == \
        "Nothing due in the next 1 day."
    ok(run("add", "5", "food", "--date", "2026-10-03"))
    assert "1 transaction in 2026-10" in ok(run("list", "--month", "2026-10")).output


def test_budget_demo_a_second_time_reopens_the_demo_and_reset_rebuilds_it(private_home):
    runner = CliRunner()
    built = runner.invoke(main, ["demo", "--no-open", "--as-of", "2026-11-20"])
    assert built.exit_code == 0, built.output
    assert "Built the demo database" in built.output
    demo = str(private_home / "demo.db")
    ok(runner.invoke(main, ["add", "1.23", "food", "mine", "--db", demo]))
    again = runner.invoke(main, ["demo", "--no-open"])
    assert "Opening the demo database" in again.output and "as you left it" in again.output
    mine = runner.invoke(main, ["list", "--json", "--db", demo])
    assert any(row["note"] == "mine" for row in json.loads(mine.output))
    reset = runner.invoke(main, ["demo", "--no-open", "--reset", "--as-of", "2026-11-20"])
    assert "Throwing away the demo" in reset.output
    after = runner.invoke(main, ["list", "--json", "--db", demo])
    assert not any(row["note"] == "mine" for row in json.loads(after.output))
