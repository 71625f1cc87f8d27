"""The loan engine from the shell: the issue's cases, undo, history, figures that agree."""

import json
import threading
from decimal import Decimal

import pytest

from budget.services.loans import pay_loan
from budget.services.session import open_ledger
from tests.cli.conftest import ok


def _json(result):
    return json.loads(ok(result).output)


def _weilidai(run):
    ok(run("loan", "add", "微粒贷", "--principal", "5000", "--preset", "weilidai", "--start",
            "2027-01-15", "--lender", "WeBank", "--phone", "95384"))


def _car(run, *extra):
    ok(run("loan", "add", "Car", "--principal", "10000", "--annual-rate", "12%", "--periods",
            "12", "--method", "equal-installment", "--start", "2026-01-05", *extra))


def test_a_part_payment_ten_days_in_costs_ten_days_interest_then_the_rest_closes_it(run):
    _weilidai(run)
    shown = _json(run("loan", "show", "微粒贷", "--json", "--as-of", "2027-01-25"))
    assert shown["payoff_today"] == "5025.00"

    first = ok(run("loan", "pay", "微粒贷", "2000", "--date", "2027-01-25")).output
    # Before the engine: interest 77.50 (a whole period) and 52.50 left after 3,025.00.
    assert "interest 25.00, principal 1,975.00" in first
    second = ok(run("loan", "pay", "微粒贷", "3025", "--date", "2027-01-25")).output
    assert "repaid in full" in second

    closed = _json(run("loan", "show", "微粒贷", "--json", "--as-of", "2027-03-01"))
    assert (closed["outstanding"], closed["payoff_today"], closed["amount_due"]) == (
        "0.00", "0.00", "0.00")
    assert closed["interest_paid"] == "25.00"
    assert _json(run("due", "--json", "--as-of", "2027-02-15", "--days", "60")) == []


def test_installment_and_the_remaining_principal_on_a_due_date_close_an_equal_installment_loan(
        run):
    _car(run)
    ok(run("loan", "pay", "Car", "10100", "--date", "2026-02-05"))

    shown = _json(run("loan", "show", "Car", "--json", "--as-of", "2026-02-06"))
    # Before the engine: principal 0.00 yet #2-#12 still owed 561.86 of interest.
    assert (shown["outstanding"], shown["interest_remaining"], shown["payoff_today"]) == (
        "0.00", "0.00", "0.00")
    assert _json(run("due", "--json", "--as-of", "2026-02-06", "--days", "60")) == []


def test_one_payment_or_two_the_same_day_leave_the_same_loan(tmp_path):
    from click.testing import CliRunner

    from budget.cli import main

    shown = []
    for name, payments in (("one", ["3000"]), ("two", ["1234.56", "1765.44"])):
        db = str(tmp_path / f"{name}.db")

        def run(*args, db=db):
            return CliRunner().invoke(main, [*args, "--db", db])

        _weilidai(run)
        for amount in payments:
            ok(run("loan", "pay", "微粒贷", amount, "--date", "2027-02-01"))
        shown.append(_json(run("loan", "show", "微粒贷", "--json", "--as-of", "2027-06-01")))
    assert shown[0]["installments"] == shown[1]["installments"]
    assert shown[0]["outstanding"] == shown[1]["outstanding"]


def test_a_payment_made_by_mistake_is_listed_and_removed_with_its_ledger_rows(run):
    _weilidai(run)
    before = _json(run("account", "list", "--json"))
    ok(run("loan", "pay", "微粒贷", "600", "--date", "2027-02-15"))
    [payment] = _json(run("loan", "payments", "微粒贷", "--json"))
    assert (payment["amount"], payment["interest"], payment["principal"]) == (
        "600.00", "77.50", "522.50")
    assert len(_json(run("list", "--month", "2027-02", "--json"))) == 2

    removed = ok(run("loan", "unpay", "微粒贷", str(payment["id"]))).output
    assert "Deleted payment" in removed
    assert _json(run("loan", "payments", "微粒贷", "--json")) == []
    assert _json(run("list", "--month", "2027-02", "--json")) == []
    assert _json(run("account", "list", "--json")) == before
    refused = run("loan", "unpay", "微粒贷", str(payment["id"]))
    assert refused.exit_code == 2 and "has no payment" in refused.output


def test_a_loan_with_a_history_starts_without_overdue_installments(run):
    _car(run, "--paid-installments", "10")
    before = _json(run("account", "list", "--json"))

    shown = _json(run("loan", "show", "Car", "--json", "--as-of", "2026-11-30"))
    statuses = [row["status"] for row in shown["installments"]]
    assert statuses[:10] == ["paid"] * 10
    assert shown["installments_due"] == 0
    assert _json(run("account", "list", "--json")) == before
    assert _json(run("list", "--month", "2026-05", "--json")) == []
    payments = _json(run("loan", "payments", "Car", "--json"))
    assert len(payments) == 10 and all(item["history"] for item in payments)


def test_more_paid_installments_than_have_fallen_due_are_refused(run):
    refused = run("loan", "add", "Car", "--principal", "10000", "--annual-rate", "12%",
                  "--periods", "12", "--method", "equal-installment", "--start", "2026-10-05",
                  "--paid-installments", "5")
    assert refused.exit_code == 2
    assert "have fallen due" in refused.output
    assert _json(run("loan", "list", "--json")) == []


def test_borrowed_money_into_an_account_is_neither_income_nor_expense(run):
    ok(run("account", "add", "Bank", "--kind", "bank"))
    _weilidai(run)
    ok(run("loan", "add", "借呗", "--principal", "3000", "--daily-rate", "0.04%", "--periods",
            "3", "--method", "daily-equal-principal", "--start", "2026-11-02", "--into",
            "bank"))
    accounts = {item["name"]: item for item in _json(run("account", "list", "--json"))}
    assert accounts["Bank"]["balance"] == "3000.00"
    review = _json(run("review", "--month", "2026-11", "--json", "--as-of", "2026-11-30"))
    assert (review["income"], review["expenses"]) == ("0.00", "0.00")
    # Repaying its principal moves money back out, again neither income nor expense.
    ok(run("loan", "pay", "借呗", "1000", "--date", "2026-11-20", "--account", "bank"))
    rows = _json(run("list", "--month", "2026-11", "--json"))
    categories = sorted(row["category"] or "" for row in rows)
    assert categories.count("Interest and fees") == 1


def test_plan_with_no_extra_costs_the_interest_the_schedules_still_ask(run):
    _car(run)
    _weilidai(run)
    ok(run("loan", "pay", "Car", "888.49", "--date", "2026-02-05"))
    as_of = "2026-11-30"
    plan = _json(run("plan", "--extra", "0", "--json", "--as-of", as_of))
    remaining = sum(Decimal(_json(run("loan", "show", name, "--json", "--as-of", as_of))[
        "interest_remaining"]) for name in ("Car",))
    for strategy in plan["strategies"]:
        assert Decimal(strategy["total_interest"]) == remaining
    # The 微粒贷 is drawn in 2027: not a debt on 2026-11-30.
    assert [debt["name"] for debt in plan["debts"]] == ["Car"]


def test_amount_due_counts_every_installment_due_by_today(run):
    _car(run)
    shown = _json(run("loan", "show", "Car", "--json", "--as-of", "2026-04-06"))
    assert shown["installments_due"] == 3
    due = [row for row in shown["installments"] if row["status"] == "overdue"]
    assert Decimal(shown["amount_due"]) == sum(Decimal(row["amount_due"]) for row in due)
    [listed] = _json(run("loan", "list", "--json", "--as-of", "2026-04-06"))
    assert (listed["amount_due"], listed["installments_due"]) == (shown["amount_due"], 3)


def test_the_review_counts_only_debt_drawn_by_the_months_last_day(run):
    _car(run)
    _weilidai(run)
    review = _json(run("review", "--month", "2026-11", "--json", "--as-of", "2026-12-02"))
    car = _json(run("loan", "show", "Car", "--json", "--as-of", "2026-11-30"))
    assert review["debt_outstanding"] == car["outstanding"]


def test_a_payment_before_the_loan_was_drawn_is_refused(run):
    _weilidai(run)
    refused = run("loan", "pay", "微粒贷", "100", "--date", "2027-01-14")
    assert refused.exit_code == 2
    assert "before 微粒贷 was drawn on 2027-01-15" in refused.output


def test_two_payoffs_at_the_same_moment_record_one_payment(tmp_path):
    db = tmp_path / "race.db"
    first = open_ledger(str(db))
    from datetime import date
    from decimal import Decimal as D

    from budget.domain.loans import LoanTerms, Method
    from budget.services.loans import create_loan

    create_loan(first, name="Card", terms=LoanTerms(100_000, 1, Method.BULLET,
                                                     date(2026, 1, 1), annual_rate=D("0.12")))
    results, barrier = [], threading.Barrier(2)

    def pay():
        ledger = open_ledger(str(db))
        barrier.wait()
        try:
            pay_loan(ledger, "Card", "1000", on=date(2026, 1, 1))
            results.append("paid")
        except ValueError as error:
            results.append(str(error))

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results)[0] == "Card is repaid in full: nothing to pay"
    assert sorted(results)[1] == "paid"
    count = first.conn.execute("SELECT count(*) FROM loan_payments").fetchone()[0]
    assert count == 1


def test_a_quarterly_bill_falls_due_every_three_months(run):
    ok(run("bill", "add", "Property fee", "600", "--every", "month", "--interval", "3",
            "--day", "15", "--start", "2026-02-15"))
    [bill] = _json(run("bill", "list", "--json", "--as-of", "2026-02-01"))
    assert (bill["next_due"], bill["interval"]) == ("2026-02-15", 3)
    ok(run("bill", "pay", "property", "--date", "2026-02-15"))
    [bill] = _json(run("bill", "list", "--json", "--as-of", "2026-02-16"))
    assert bill["next_due"] == "2026-05-15"
    due = _json(run("due", "--json", "--as-of", "2026-05-14", "--days", "100"))
    assert [item["due_date"] for item in due] == ["2026-05-15", "2026-08-15"]


def test_loans_and_bills_can_be_edited_archived_and_deleted(run):
    _weilidai(run)
    ok(run("loan", "edit", "微粒贷", "--grace-days", "2", "--prepayment", "keep-installment"))
    shown = _json(run("loan", "show", "微粒贷", "--json"))
    assert shown["prepayment"] == "keep-installment"
    ok(run("loan", "edit", "微粒贷", "--principal", "6000"))
    assert _json(run("loan", "show", "微粒贷", "--json"))["principal"] == "6000.00"

    ok(run("loan", "pay", "微粒贷", "100", "--date", "2027-01-20"))
    refused = run("loan", "edit", "微粒贷", "--principal", "7000")
    assert refused.exit_code == 2 and "payments recorded" in refused.output
    refused = run("loan", "delete", "微粒贷")
    assert refused.exit_code == 2 and "archived rather than deleted" in refused.output
    ok(run("loan", "archive", "微粒贷"))
    assert _json(run("loan", "list", "--json")) == []
    ok(run("loan", "archive", "微粒贷", "--undo"))
    assert len(_json(run("loan", "list", "--json"))) == 1

    ok(run("bill", "add", "Gym", "99", "--every", "month"))
    ok(run("bill", "edit", "gym", "--amount", "120", "--interval", "2"))
    [bill] = _json(run("bill", "list", "--json"))
    assert (bill["amount"], bill["interval"]) == ("120.00", 2)
    ok(run("bill", "delete", "gym"))
    assert _json(run("bill", "list", "--json")) == []


@pytest.mark.parametrize("args, message", [
    (("loan", "edit", "nope", "--grace-days", "1"), "no loan 'nope'"),
    (("loan", "edit", "微粒贷"), "nothing to change"),
    (("loan", "edit", "微粒贷", "--prepayment-fee", "30%"), "prepayment fee"),
])
def test_bad_edits_say_what_is_wrong(run, args, message):
    _weilidai(run)
    refused = run(*args)
    assert refused.exit_code == 2
    assert message in refused.output


def test_a_loan_with_collection_evidence_is_archived_not_deleted(run):
    ok(run("loan", "add", "微粒贷", "--principal", "5000", "--preset", "weilidai", "--start",
            "2026-10-15"))
    ok(run("evidence", "add", "--loan", "微粒贷", "--at", "2026-11-20 23:15", "--channel",
            "call", "--from", "13800000000", "--note", "called late at night"))
    refused = run("loan", "delete", "微粒贷")
    assert refused.exit_code == 2
    assert "collection evidence recorded" in refused.output
    assert len(_json(run("loan", "list", "--json"))) == 1


def _expense_rows(run, month):
    rows = _json(run("list", "--month", month, "--json"))
    return {category: sum(Decimal(row["amount"]) for row in rows if row["category"] == category)
            for category in ("Interest and fees", "Loan repayment")}


def test_a_back_dated_payment_re_splits_the_later_ones_and_their_ledger_rows_follow(run):
    ok(run("loan", "add", "W", "--principal", "5000", "--preset", "weilidai", "--start",
            "2026-10-15"))
    ok(run("loan", "pay", "W", "1000", "--date", "2026-11-20"))
    paid = ok(run("loan", "pay", "W", "100", "--date", "2026-10-20")).output
    payments = _json(run("loan", "payments", "W", "--json"))
    charges = sum(Decimal(p["penalty"]) + Decimal(p["interest"]) + Decimal(p["charges"])
                  for p in payments)
    principal = sum(Decimal(p["principal"]) for p in payments)
    expenses = _expense_rows(run, "2026-10")
    november = _expense_rows(run, "2026-11")
    assert -(expenses["Interest and fees"] + november["Interest and fees"]) == charges
    assert -(expenses["Loan repayment"] + november["Loan repayment"]) == principal
    shown = _json(run("loan", "show", "W", "--json", "--as-of", "2026-11-20"))
    # The receipt of the back-dated payment counts the payment made after it too.
    assert f"outstanding principal {Decimal(shown['outstanding']):,.2f}" in paid


def test_deleting_an_earlier_payment_re_splits_the_rest_of_the_ledger(run):
    ok(run("loan", "add", "W", "--principal", "5000", "--preset", "weilidai", "--start",
            "2026-10-15"))
    ok(run("loan", "pay", "W", "300", "--date", "2026-10-25"))
    ok(run("loan", "pay", "W", "600", "--date", "2026-11-20"))
    first = _json(run("loan", "payments", "W", "--json"))[0]
    ok(run("loan", "unpay", "W", str(first["id"])))
    [left] = _json(run("loan", "payments", "W", "--json"))
    expenses = _expense_rows(run, "2026-11")
    assert -expenses["Interest and fees"] == Decimal(left["penalty"]) + Decimal(left["interest"])
    assert -expenses["Loan repayment"] == Decimal(left["principal"])


def test_a_payment_before_an_agreement_stays_and_the_agreement_can_be_undone(run):
    ok(run("loan", "add", "W", "--principal", "5000", "--preset", "weilidai", "--start",
            "2026-07-28", "--paid-installments", "3"))
    ok(run("loan", "pay", "W", "100", "--date", "2026-11-29"))
    ok(run("loan", "restructure", "W", "--from", "2026-11-30", "--option", "installments"))
    [payment] = [p for p in _json(run("loan", "payments", "W", "--json")) if not p["history"]]
    refused = run("loan", "unpay", "W", str(payment["id"]))
    assert refused.exit_code == 2 and "undo the agreement first" in refused.output

    # Paying on the day of the agreement goes to the new plan.
    ok(run("loan", "pay", "W", "326.62", "--date", "2026-11-30"))
    undone = ok(run("loan", "restructure", "W", "--undo")).output
    assert "Deleted the agreement of 2026-11-30" in undone
    shown = _json(run("loan", "show", "W", "--json", "--as-of", "2026-11-30"))
    assert len(shown["segments"]) == 1
    ok(run("loan", "unpay", "W", str(payment["id"])))


def test_a_lenders_number_must_be_a_phone_number(run):
    refused = run("loan", "add", "X", "--principal", "100", "--preset", "weilidai",
                  "--phone", "abc")
    assert refused.exit_code == 2 and "--phone: 'abc' is not a phone number" in refused.output
    ok(run("loan", "add", "X", "--principal", "100", "--preset", "weilidai",
            "--phone", "９５３８４"))
    assert _json(run("loan", "show", "X", "--json"))["phones"] == ["95384"]
