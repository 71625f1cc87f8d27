"""Loans, bills and reminders from the shell, checked against domain.md's vectors."""

import json
from decimal import Decimal

from icalendar import Calendar

from tests.cli.conftest import ok


def test_equal_installment_vector_is_reproduced_by_loan_show(run):
    ok(run("loan", "add", "Car", "--principal", "10000", "--annual-rate", "12%", "--periods",
            "12", "--method", "equal-installment", "--start", "2026-01-05"))
    shown = json.loads(ok(run("loan", "show", "car", "--json", "--as-of", "2026-01-05")).output)
    first, last = shown["installments"][0], shown["installments"][-1]
    assert (first["payment"], first["interest"], first["principal"]) == ("888.49", "100.00",
                                                                        "788.49")
    assert (last["interest"], last["principal"], last["payment"]) == ("8.80", "879.67",
                                                                     "888.47")
    assert shown["total_interest"] == "661.86"
    assert shown["outstanding"] == "10000.00"
    assert shown["method"] == "equal-installment"
    assert Decimal(shown["apr"]) > Decimal("12.00")  # monthly compounding costs more


def test_equal_principal_vector_is_reproduced_by_loan_show(run):
    ok(run("loan", "add", "Study", "--principal", "12000", "--annual-rate", "12%",
            "--periods", "12", "--method", "equal-principal", "--start", "2026-01-05"))
    shown = json.loads(ok(run("loan", "show", "Study", "--json", "--as-of",
                               "2026-01-05")).output)
    payments = [row["payment"] for row in shown["installments"]]
    assert payments[:3] == ["1120.00", "1110.00", "1100.00"]
    assert payments[-1] == "1010.00"
    assert shown["total_interest"] == "780.00"


def test_two_days_overdue_shows_status_days_and_penalty_everywhere(run):
    ok(run("loan", "add", "微粒贷", "--principal", "2000", "--preset", "weilidai",
            "--periods", "1", "--start", "2026-10-26", "--lender", "WeBank", "--phone", "95384"))
    shown = json.loads(ok(run("loan", "show", "微粒", "--json", "--as-of",
                               "2026-11-28")).output)
    [row] = shown["installments"]
    assert (row["due_date"], row["status"], row["days_overdue"]) == ("2026-11-26", "overdue", 2)
    # domain.md: 2 days late at 0.05%/day: normal interest 2.00 plus penalty 1.00
    assert (row["late_interest"], row["penalty_accrued"], row["penalty_unpaid"]) == (
        "2.00", "1.00", "1.00")
    assert (shown["amount_due"], shown["installments_due"]) == ("2034.00", 1)
    assert shown["phones"] == ["95384"]
    [item] = json.loads(ok(run("due", "--json", "--as-of", "2026-11-28")).output)
    assert (item["kind"], item["status"], item["days"], item["penalty_unpaid"]) == (
        "loan", "overdue", -2, "1.00")
    assert item["amount"] == "2034.00"


def test_payment_is_split_into_penalty_interest_and_principal_in_the_ledger(run):
    ok(run("loan", "add", "微粒贷", "--principal", "2000", "--preset", "weilidai",
            "--periods", "1", "--start", "2026-10-26"))
    paid = ok(run("loan", "pay", "微粒贷", "2034", "--date", "2026-11-28"))
    assert "penalty 1.00, interest 33.00, principal 2,000.00" in paid.output
    rows = json.loads(ok(run("list", "--month", "2026-11", "--json")).output)
    assert sorted((r["category"], r["amount"]) for r in rows) == [
        ("Interest and fees", "-34.00"), ("Loan repayment", "-2000.00")]
    shown = json.loads(ok(run("loan", "show", "微粒贷", "--json", "--as-of",
                               "2026-11-28")).output)
    assert shown["installments"][0]["status"] == "paid_late"
    assert shown["outstanding"] == "0.00"
    assert json.loads(ok(run("due", "--json", "--as-of", "2026-11-28")).output) == []


def test_paying_more_than_closes_the_loan_is_refused_and_saves_nothing(run):
    ok(run("loan", "add", "微粒贷", "--principal", "2000", "--preset", "weilidai",
            "--periods", "1", "--start", "2026-10-26"))
    refused = run("loan", "pay", "微粒贷", "3000", "--date", "2026-11-28")
    assert refused.exit_code == 2
    assert "more than the ¥2,034.00 that closes" in refused.output
    assert json.loads(run("list", "--month", "2026-11", "--json").output) == []


def test_loan_add_explains_what_is_missing_or_wrong(run):
    missing = run("loan", "add", "X", "--principal", "1000")
    assert missing.exit_code == 2 and "--periods" in missing.output
    bad_rate = run("loan", "add", "X", "--principal", "1000", "--annual-rate", "lots",
                   "--periods", "3", "--method", "bullet")
    assert bad_rate.exit_code == 2 and "not a rate" in bad_rate.output
    too_long = run("loan", "add", "X", "--principal", "1000", "--annual-rate", "5%",
                   "--periods", "400", "--method", "bullet")
    assert too_long.exit_code == 2 and "1 to 360" in too_long.output
    assert json.loads(run("loan", "list", "--json").output) == []


def test_due_check_exit_status_and_remind_silence(run):
    ok(run("bill", "add", "Rent", "2200", "--every", "month", "--day", "1", "--start",
            "2026-11-02", "--category", "housing"))
    quiet = run("remind", "--as-of", "2026-11-10")
    assert quiet.exit_code == 0 and quiet.output == ""
    assert run("due", "--check", "--as-of", "2026-11-10").exit_code == 0
    soon = run("remind", "--as-of", "2026-11-29")
    assert soon.output.count("\n") == 1
    assert "1 due within 2 days" in soon.output
    today = run("due", "--check", "--as-of", "2026-12-01")
    assert today.exit_code == 1 and "Rent" in today.output


def test_bill_pay_posts_the_expense_and_moves_to_the_next_month(run):
    ok(run("bill", "add", "Phone", "58", "--every", "month", "--day", "20", "--start",
            "2026-11-01", "--category", "comm"))
    ok(run("bill", "pay", "phone", "--date", "2026-11-20"))
    rows = json.loads(run("list", "--month", "2026-11", "--json").output)
    assert [(r["category"], r["amount"], r["payee"]) for r in rows] == [
        ("Communication", "-58.00", "Phone")]
    [bill] = json.loads(run("bill", "list", "--json", "--as-of", "2026-11-21").output)
    assert bill["next_due"] == "2026-12-20"


def test_ics_has_one_event_per_unpaid_installment_with_stable_uids(run, tmp_path):
    ok(run("loan", "add", "Car", "--principal", "10000", "--annual-rate", "12%", "--periods",
            "12", "--method", "equal-installment", "--start", "2026-11-05"))
    ok(run("loan", "pay", "car", "888.49", "--date", "2026-12-05"))
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    ok(run("export", "ics", str(first), "--as-of", "2026-11-28"))
    ok(run("export", "ics", str(second), "--as-of", "2026-11-28"))
    events = Calendar.from_ical(first.read_bytes()).walk("VEVENT")
    # the payment of 2026-12-05 is after --as-of: all 12 are unpaid on 2026-11-28
    assert len(events) == 12
    assert all(len(event.walk("VALARM")) == 1 for event in events)
    uids = [str(event["UID"]) for event in events]
    assert uids == [str(e["UID"]) for e in Calendar.from_ical(second.read_bytes())
                    .walk("VEVENT")]
    assert uids[0] == f"loan-{1}-1@budget"


def test_a_repaid_loan_leaves_the_due_list_but_past_dates_still_show_it(run):
    ok(run("loan", "add", "微粒贷", "--principal", "2000", "--preset", "weilidai",
            "--periods", "1", "--start", "2026-10-26"))
    ok(run("loan", "pay", "微粒贷", "2034", "--date", "2026-11-28"))
    assert json.loads(ok(run("due", "--json", "--as-of", "2026-12-15")).output) == []
    [before] = json.loads(ok(run("due", "--json", "--as-of", "2026-11-27")).output)
    assert (before["name"], before["days"]) == ("微粒贷", -1)


def test_custom_rows_typed_from_the_lenders_app_are_kept_as_typed(run):
    ok(run("loan", "add", "借呗", "--principal", "1000", "--daily-rate", "0.04%", "--method",
            "custom", "--start", "2026-11-15", "--row", "2026-12-15,500,12.40", "--row",
            "2027-01-15,500,6.20"))
    shown = json.loads(ok(run("loan", "show", "借呗", "--json", "--as-of",
                               "2026-11-28")).output)
    assert [(r["due_date"], r["payment"]) for r in shown["installments"]] == [
        ("2026-12-15", "512.40"), ("2027-01-15", "506.20")]
    short = run("loan", "add", "X", "--principal", "1000", "--daily-rate", "0.04%",
                "--method", "custom", "--start", "2026-11-15", "--row", "2026-12-15,400,12")
    assert short.exit_code == 2
    assert "The rows repay 400.00 of principal, the loan is 1,000.00" in short.output
    bad = run("loan", "add", "Y", "--principal", "1000", "--daily-rate", "0.04%", "--method",
              "custom", "--row", "15/12,1000,12")
    assert bad.exit_code == 2 and "--row 1" in bad.output
