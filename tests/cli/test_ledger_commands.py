"""The shell commands a user types every day, through click's CliRunner."""

import json
from datetime import date

from click.testing import CliRunner

from budget.cli import main
from tests.cli.conftest import ok


def test_add_expense_then_list_json_shows_it_signed(run):
    saved = run("add", "45.5", "food", "lunch")
    assert saved.exit_code == 0, saved.output
    assert "-45.50" in saved.output
    [row] = json.loads(run("list", "--json").output)
    assert row["amount"] == "-45.50"
    assert row["category"] == "Food"
    assert row["note"] == "lunch"
    assert row["currency"] == "CNY"
    assert row["account"] == "Cash"
    assert row["date"] == date.today().isoformat()
    assert set(row) == {"id", "date", "amount", "currency", "category", "account", "payee",
                        "note"}


def test_income_category_stores_a_positive_amount(run):
    run("add", "¥8,500", "sal", "--date", "2026-11-10")
    [row] = json.loads(run("list", "--month", "2026-11", "--json").output)
    assert (row["amount"], row["category"], row["date"]) == ("8500.00", "Salary", "2026-11-10")


def test_bad_amount_exits_2_with_a_clear_message_and_adds_nothing(run):
    result = run("add", "abc", "food")
    assert result.exit_code == 2
    assert "'abc' is not an amount" in result.output
    assert "45.5" in result.output
    assert json.loads(run("list", "--json").output) == []


def test_ambiguous_category_lists_the_candidates(run):
    result = run("add", "10", "in")
    assert result.exit_code == 2
    assert "Insurance" in result.output and "Interest and fees" in result.output


def test_unknown_category_suggests_close_matches(run):
    result = run("add", "10", "fod")
    assert result.exit_code == 2
    assert "Food" in result.output


def test_bad_date_is_refused(run):
    result = run("add", "10", "food", "--date", "2026-02-30")
    assert result.exit_code == 2
    assert "not a date" in result.output


def test_transfer_between_accounts_moves_balances(run):
    assert run("account", "add", "Savings", "--kind", "savings", "--reserve").exit_code == 0
    assert run("account", "add", "Bank", "--kind", "bank", "--opening", "1,000").exit_code == 0
    result = run("transfer", "300", "bank", "sav", "--note", "reserve top-up")
    assert result.exit_code == 0, result.output
    accounts = {a["name"]: a for a in json.loads(run("account", "list", "--json").output)}
    assert accounts["Bank"]["balance"] == "700.00"
    assert accounts["Savings"]["balance"] == "300.00"
    assert accounts["Savings"]["reserve"] is True


def test_list_filters_by_category_and_account(run):
    run("account", "add", "Bank", "--kind", "bank")
    run("add", "10", "food", "--date", "2026-11-02")
    run("add", "20", "groceries", "--account", "bank", "--date", "2026-11-03")
    by_category = json.loads(run("list", "--month", "2026-11", "--category", "gro",
                                 "--json").output)
    assert [r["amount"] for r in by_category] == ["-20.00"]
    by_account = json.loads(run("list", "--month", "2026-11", "--account", "cash",
                                "--json").output)
    assert [r["amount"] for r in by_account] == ["-10.00"]


def test_category_add_and_list(run):
    assert run("category", "add", "Pets", "--kind", "expense", "--essential").exit_code == 0
    categories = {c["name"]: c for c in json.loads(run("category", "list", "--json").output)}
    assert categories["Pets"]["essential"] is True
    duplicate = run("category", "add", "pets", "--kind", "expense")
    assert duplicate.exit_code == 2 and "already exists" in duplicate.output


def test_newer_database_is_refused_without_a_traceback(tmp_path):
    import sqlite3

    db = tmp_path / "new.db"
    sqlite3.connect(db).execute("PRAGMA user_version = 999")
    result = CliRunner().invoke(main, ["list", "--db", str(db)])
    assert result.exit_code == 2
    assert "newer version of budget" in result.output


def test_paths_respect_budget_home(private_home):
    result = CliRunner().invoke(main, ["paths"])
    assert f"database: {private_home / 'budget.db'}" in result.output
    assert f"backups:  {private_home / 'backups'}" in result.output


def test_a_transfer_that_overdraws_its_source_is_saved_with_a_warning(run):
    ok(run("account", "add", "Bank", "--kind", "bank", "--opening", "100"))
    ok(run("account", "add", "Card", "--kind", "credit-card"))
    moved = run("transfer", "150", "bank", "cash", "--date", "2026-11-20")
    assert moved.exit_code == 0
    assert ("budget: warning: Bank is overdrawn by ¥50.00 after this transfer (balance "
            "-¥50.00 on 2026-11-20): check the amount and the account it came from.") \
        in moved.output
    listed = json.loads(ok(run("account", "list", "--json", "--as-of", "2026-11-20")).output)
    assert {a["name"]: a["balance"] for a in listed}["Bank"] == "-50.00"
    # A credit card's balance is debt: a cash advance from it is not an overdraft.
    assert "warning" not in ok(run("transfer", "20", "card", "cash",
                                   "--date", "2026-11-20")).output
