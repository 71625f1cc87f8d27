"""Balances "as of" a day count only what is dated on or before it; entries dated ahead
are scheduled: listed as such, counted from their day."""

from __future__ import annotations

import json
from datetime import date

from tests.cli.conftest import ok


def _accounts(run, *options) -> dict[str, str]:
    listed = json.loads(ok(run("account", "list", "--json", *options)).output)
    return {account["name"]: account["balance"] for account in listed}


def _two_salaries(run):
    ok(run("add", "9500", "salary", "--date", "2026-10-31"))
    ok(run("add", "9500", "salary", "--date", "2026-11-30"))


def test_safe_to_spend_as_of_a_day_counts_no_salary_that_had_not_arrived(run, on_day):
    on_day(date(2026, 11, 30))
    _two_salaries(run)
    before = ok(run("safe", "--as-of", "2026-10-15")).output
    assert "Spending accounts: ¥0.00" in before
    between = ok(run("safe", "--as-of", "2026-11-01")).output
    assert "Spending accounts: ¥9,500.00" in between
    assert "Spending accounts: ¥19,000.00" in ok(run("safe")).output
    as_json = json.loads(ok(run("safe", "--as-of", "2026-10-15", "--json")).output)
    assert as_json["spendable"] == "0.00"


def test_account_list_as_of_a_day(run, on_day):
    on_day(date(2026, 11, 30))
    ok(run("account", "set", "cash", "--opening", "500"))
    _two_salaries(run)
    assert _accounts(run, "--as-of", "2026-10-30") == {"Cash": "500.00"}
    assert _accounts(run, "--as-of", "2026-10-31") == {"Cash": "10000.00"}
    assert _accounts(run) == {"Cash": "19500.00"}


def test_an_entry_dated_ahead_is_scheduled_and_moves_no_balance_until_its_day(run, on_day):
    on_day(date(2026, 11, 30))
    ok(run("account", "set", "cash", "--opening", "1000"))
    saved = ok(run("add", "300", "food", "party", "--date", "2099-12-31")).output
    assert "2099-12-31 scheduled" in saved
    assert _accounts(run) == {"Cash": "1000.00"}
    listed = ok(run("account", "list")).output
    assert ("Not counted yet: 1 entry dated after 2026-11-30 (-300.00), scheduled; "
            "`budget list --month YYYY-MM` shows them.") in listed
    assert "Spending accounts: ¥1,000.00" in ok(run("safe")).output
    rows = json.loads(ok(run("list", "--month", "2099-12", "--json")).output)
    assert rows[0]["scheduled"] is True
    assert "2099-12-31 scheduled" in ok(run("list", "--month", "2099-12")).output
    # On its day it counts.
    assert _accounts(run, "--as-of", "2099-12-31") == {"Cash": "700.00"}
    on_day(date(2099, 12, 31))
    assert _accounts(run) == {"Cash": "700.00"}
    assert "scheduled" not in ok(run("list", "--month", "2099-12")).output


def test_the_reserve_as_of_a_day_is_its_balance_that_day(run, on_day):
    on_day(date(2026, 11, 30))
    ok(run("account", "add", "Savings", "--kind", "savings", "--reserve"))
    ok(run("account", "set", "cash", "--opening", "20000"))
    ok(run("transfer", "8000", "cash", "savings", "--date", "2026-01-10"))
    ok(run("transfer", "2000", "cash", "savings", "--date", "2026-01-20"))
    ok(run("transfer", "500", "cash", "savings", "--date", "2026-12-05"))  # scheduled
    fund = json.loads(ok(run("fund", "--as-of", "2026-01-15", "--json")).output)
    assert fund["balance"] == "8000.00"
    today = json.loads(ok(run("fund", "--json")).output)
    assert today["balance"] == "10000.00"


def test_an_expense_dated_ten_days_ahead_counts_from_its_day(run, on_day):
    on_day(date(2026, 11, 30))
    ok(run("account", "add", "Bank", "--kind", "bank", "--opening", "1000"))
    ok(run("add", "200", "food", "--account", "bank", "--date", "2026-12-10"))
    assert _accounts(run)["Bank"] == "1000.00"
    assert _accounts(run, "--as-of", "2026-11-30")["Bank"] == "1000.00"
    assert _accounts(run, "--as-of", "2026-12-09")["Bank"] == "1000.00"
    assert _accounts(run, "--as-of", "2026-12-10")["Bank"] == "800.00"
    assert "Spending accounts: ¥1,000.00" in ok(run("safe")).output
    assert "Spending accounts: ¥800.00" in ok(run("safe", "--as-of", "2026-12-10")).output


def test_an_entry_dated_without_a_year_is_this_years(run, on_day):
    on_day(date(2026, 11, 30))
    assert "2026-12-01 scheduled" in ok(run("add", "12", "food", "--date", "12-01")).output
    assert "2026-06-30" in ok(run("add", "12", "food", "--date", "06-30")).output
    refused = run("add", "12", "food", "--date", "02-29")
    assert refused.exit_code == 2
    assert "2026 is not a leap year, so it has no February 29" in refused.output
