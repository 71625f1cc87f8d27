"""A date outside the accepted range is refused at input; one already stored never crashes."""

import sqlite3

import pytest

from tests.cli.conftest import ok

FIX_BILL = "`budget bill edit Z --start YYYY-MM-DD` or remove it with `budget bill delete Z`"
FIX_LOAN = "`budget loan edit L --start YYYY-MM-DD` or remove it with `budget loan delete L`"


def no_crash(result):
    """A command that ended with a message, never an exception's traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("args", [
    ["bill", "add", "Z", "10", "--every", "month", "--day", "31", "--start", "9999-12-31"],
    ["loan", "show", "L", "--as-of", "9999-12-31"],
    ["review", "--month", "0001-01"],
    ["add", "12", "food", "--date", "1900-01-01"],
    ["due", "--as-of", "2100-01-01"],
    ["list", "--month", "9999-12"],
    ["budget", "set", "food", "100", "--month", "0001-01"],
    ["loan", "add", "L2", "--principal", "1000", "--daily-rate", "0.05%", "--method", "custom",
     "--row", "9999-12-31,1000,1"],
])
def test_far_dates_are_refused_at_input_with_the_range(run, args):
    ok(run("loan", "add", "L", "--principal", "1000", "--preset", "weilidai",
           "--start", "2026-10-15"))
    result = no_crash(run(*args))
    assert result.exit_code == 2
    assert "1970" in result.output and "2099" in result.output


@pytest.fixture
def stored_far_dates(run, tmp_path):
    """A bill and a loan whose stored dates were set to 9999-12-31 outside budget."""
    ok(run("bill", "add", "Z", "10", "--every", "month", "--day", "31", "--start", "2026-12-31"))
    ok(run("bill", "add", "Rent", "2200", "--every", "month", "--day", "1"))
    ok(run("loan", "add", "L", "--principal", "1000", "--preset", "weilidai",
           "--start", "2026-10-15"))
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        conn.execute("UPDATE bills SET start = '9999-12-31' WHERE name = 'Z'")
        conn.execute("UPDATE loans SET start = '9999-12-31'")
    conn.close()


@pytest.mark.parametrize(("args", "reads"), [
    (["due"], "bill loan"), (["due", "--json"], "bill loan"), (["remind"], "bill loan"),
    (["safe"], "bill loan"), (["bill", "list"], "bill"), (["export", "ics"], "bill loan"),
    (["loan", "list"], "loan"), (["plan"], "loan"), (["fund"], ""), (["review"], ""),
])
def test_every_reader_leaves_the_far_dated_rows_out_and_says_how_to_fix_them(
        run, stored_far_dates, args, reads):
    result = no_crash(run(*args))
    assert result.exit_code == 0
    if "bill" in reads:
        assert "Bill Z is left out: its start, 9999-12-31, is outside the dates budget " \
               f"accepts (1970-01-01 to 2099-12-31). Change it with {FIX_BILL}" in result.stderr
    if "loan" in reads:
        assert "Loan L is left out: its draw date, 9999-12-31" in result.stderr
        assert FIX_LOAN in result.stderr


def test_the_other_bills_are_still_listed(run, stored_far_dates):
    result = no_crash(run("bill", "list"))
    assert "Rent" in result.stdout and "Z" not in result.stdout


@pytest.mark.parametrize("args", [["loan", "show", "L"], ["loan", "pay", "L", "10"],
                                  ["loan", "payments", "L"], ["bill", "pay", "Z"]])
def test_computing_with_a_far_dated_row_is_refused_with_the_fix(run, stored_far_dates, args):
    result = no_crash(run(*args))
    assert result.exit_code == 2
    assert "is left out" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_the_fix_the_message_names_works(run, stored_far_dates):
    ok(run("bill", "edit", "Z", "--start", "2026-12-31"))
    ok(run("loan", "edit", "L", "--start", "2026-10-15"))
    result = ok(run("due", "--as-of", "2026-12-30", "--days", "3"))
    assert "Z" in result.stdout and "left out" not in result.output
    assert "2027-08-15" in ok(run("loan", "show", "L")).stdout


def test_a_far_dated_bill_can_be_deleted(run, stored_far_dates):
    assert "Deleted Z." in ok(run("bill", "delete", "Z")).stdout
    assert "left out" not in ok(run("bill", "list")).stderr.replace("Loan L is left out", "")


def test_a_loan_payment_dated_far_off_names_the_payment_to_delete(run, tmp_path):
    ok(run("loan", "add", "L", "--principal", "1000", "--preset", "weilidai",
           "--start", "2026-10-15"))
    ok(run("loan", "pay", "L", "100", "--date", "2026-10-20"))
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        conn.execute("UPDATE loan_payments SET paid_on = '0001-01-01'")
    conn.close()
    result = no_crash(run("due"))
    assert "its payment 1 is dated 0001-01-01" in result.stderr
    assert "`budget loan unpay L 1`" in result.stderr
    ok(run("loan", "unpay", "L", "1"))
    assert "left out" not in ok(run("due")).stderr


def test_far_dated_transactions_are_listed_and_summed_without_a_crash(run, tmp_path):
    ok(run("add", "12", "food", "--date", "2026-11-02"))
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        conn.execute("INSERT INTO transactions (date, amount, account_id, category_id, "
                     "created_at) SELECT '0001-01-01', -100, 1, category_id, created_at "
                     "FROM transactions")
        conn.execute("INSERT INTO transactions (date, amount, account_id, category_id, "
                     "created_at) SELECT '9999-12-31', -100, 1, category_id, created_at "
                     "FROM transactions WHERE date = '2026-11-02'")
    conn.close()
    for args in (["list"], ["fund"], ["review"], ["safe"], ["account", "list"],
                 ["budget", "list"], ["plan"]):
        assert no_crash(run(*args)).exit_code == 0, args
