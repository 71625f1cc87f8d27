"""Budgets, safe to spend, the monthly review and the payoff planner from the shell."""

import json

import pytest

from tests.cli.conftest import ok

# --- budgets -----------------------------------------------------------------------------


def test_budget_list_shows_a_bar_and_the_share_used(run):
    ok(run("budget", "set", "food", "1500", "--month", "2026-11"))
    ok(run("add", "1230", "food", "--date", "2026-11-03"))
    listed = ok(run("budget", "list", "--month", "2026-11")).output
    assert "Food" in listed
    assert "1,230.00  / 1,500.00" in listed
    assert "████████░░  82%" in listed


def test_budget_list_json_has_limit_spent_left_and_rollover(run):
    ok(run("budget", "set", "food", "1500", "--month", "2026-10", "--rollover"))
    ok(run("add", "1200", "food", "--date", "2026-10-03"))
    ok(run("add", "50", "transport", "--date", "2026-11-03"))
    copied = ok(run("budget", "copy", "--month", "2026-11")).output
    assert "Copied 1 budget from 2026-10 to 2026-11." in copied
    listed = json.loads(ok(run("budget", "list", "--month", "2026-11", "--json")).output)
    assert listed["month"] == "2026-11"
    assert listed["budgets"] == [{
        "category": "Food", "limit": "1500.00", "rollover": True, "carried": "300.00",
        "available": "1800.00", "spent": "0.00", "left": "1800.00", "percent_used": 0.0,
        "over": False}]
    assert listed["unbudgeted"] == {"Transport": "50.00"}


def test_add_prints_the_overspend_warning_after_saving(run):
    ok(run("budget", "set", "food", "100", "--month", "2026-11"))
    first = ok(run("add", "80", "food", "--date", "2026-11-03")).output
    assert "over its budget" not in first
    second = ok(run("add", "30", "food", "lunch", "--date", "2026-11-04")).output
    saved, warning = second.strip().splitlines()
    assert saved.startswith("Saved ")
    assert warning == "Food is over its budget: ¥110.00 spent of ¥100.00, ¥10.00 over."


@pytest.mark.parametrize("args, message", [
    (("salary", "100"), "Salary is an income category"),
    (("food", "1-6"), "must be 0 or more"),  # a sum that comes out negative
    (("food", "100", "--month", "2026-13"), "not a month: use YYYY-MM"),
])
def test_budget_set_refuses_bad_input_and_saves_nothing(run, args, message):
    refused = run("budget", "set", *args)
    assert refused.exit_code == 2
    assert message in refused.output
    assert json.loads(ok(run("budget", "list", "--json")).output)["budgets"] == []


def test_budget_copy_without_last_month_says_so(run):
    refused = run("budget", "copy", "--month", "2026-11")
    assert refused.exit_code == 2
    assert "2026-10 has no budgets to copy" in refused.output


# --- safe to spend ------------------------------------------------------------------------


def _accounts_and_rent(run):
    ok(run("account", "add", "Bank", "--kind", "bank", "--opening", "3000"))
    ok(run("account", "add", "Savings", "--kind", "savings", "--opening", "9000", "--reserve"))
    ok(run("bill", "add", "Rent", "1000", "--every", "month", "--day", "20", "--start",
            "2026-11-01"))


def test_safe_with_a_payday_subtracts_rent_and_what_is_left_to_save(run):
    _accounts_and_rent(run)
    ok(run("safe", "set", "--payday", "25", "--reserve-contribution", "500"))
    ok(run("transfer", "200", "Bank", "Savings", "--date", "2026-11-05"))
    result = json.loads(ok(run("safe", "--as-of", "2026-11-15", "--json")).output)
    assert (result["income_date"], result["until"], result["days"]) == (
        "2026-11-25", "2026-11-24", 10)
    assert (result["payday"], result["payday_source"]) == (25, "setting")
    assert result["spendable"] == "2800.00"
    assert result["obligations"] == [{"name": "Rent", "due_date": "2026-11-20",
                                      "amount": "1000.00"}]
    assert result["reserve_contribution"] == "300.00"
    assert (result["left"], result["per_day"], result["short_by"]) == (
        "1500.00", "150.00", None)
    assert result["headline"] == "Safe to spend today: ¥150.00 a day for 10 days."


def test_safe_text_explains_each_term(run):
    _accounts_and_rent(run)
    ok(run("safe", "set", "--payday", "25"))
    text = ok(run("safe", "--as-of", "2026-11-15")).output
    assert "Spending accounts: ¥3,000.00" in text
    assert "− Rent, due 2026-11-20: ¥1,000.00" in text
    assert "= ¥2,000.00 for 10 days, 2026-11-15 to 2026-11-24" in text
    assert "Savings" not in text  # the reserve is not spending money


def test_safe_infers_the_payday_from_salary(run):
    _accounts_and_rent(run)
    for month in ("09", "10", "11"):
        ok(run("add", "8000", "salary", "--date", f"2026-{month}-10"))
    result = json.loads(ok(run("safe", "--as-of", "2026-11-15", "--json")).output)
    assert (result["payday"], result["payday_source"], result["income_date"]) == (
        10, "salary", "2026-12-10")
    text = ok(run("safe", "--as-of", "2026-11-15")).output
    assert "Pay day 10 is inferred from your salary" in text


def test_safe_without_income_lasts_to_the_end_of_the_month(run):
    _accounts_and_rent(run)
    result = json.loads(ok(run("safe", "--as-of", "2026-11-15", "--json")).output)
    assert (result["income_date"], result["until"], result["days"]) == (
        None, "2026-11-30", 16)
    assert "No recurring income" in "\n".join(result["explanation"])


def test_safe_says_plainly_when_you_are_short(run):
    ok(run("account", "add", "Bank", "--kind", "bank", "--opening", "500"))
    ok(run("bill", "add", "Rent", "1000", "--every", "month", "--day", "20", "--start",
            "2026-11-01"))
    text = ok(run("safe", "--as-of", "2026-11-15")).output
    assert "You are short by ¥500.00 before the end of the month (2026-11-30)." in text
    result = json.loads(ok(run("safe", "--as-of", "2026-11-15", "--json")).output)
    assert (result["short_by"], result["per_day"]) == ("500.00", "0.00")


@pytest.mark.parametrize("args, message", [
    (("--payday", "32"), "1 to 31"),
    (("--payday", "soon"), "not a day"),
    (("--reserve-contribution", "-1"), "0 or more"),
    ((), "nothing to change"),
])
def test_safe_set_refuses_bad_input(run, args, message):
    refused = run("safe", "set", *args)
    assert refused.exit_code == 2
    assert message in refused.output


# --- the monthly review -------------------------------------------------------------------


@pytest.fixture
def reviewed(run):
    """Six calm months, then an October that breaks every rule but the savings rate."""
    for month in range(4, 10):
        ok(run("add", "10000", "salary", "--date", f"2026-{month:02d}-10"))
        ok(run("add", "3000", "housing", "--date", f"2026-{month:02d}-01"))
        ok(run("add", "1000", "food", "--date", f"2026-{month:02d}-05"))
    ok(run("add", "10000", "salary", "--date", "2026-10-10"))
    ok(run("add", "3000", "housing", "--date", "2026-10-01"))
    ok(run("add", "2000", "food", "--date", "2026-10-05"))
    ok(run("add", "1000", "shopping", "--date", "2026-10-06"))
    ok(run("budget", "set", "food", "1500", "--month", "2026-10"))
    ok(run("account", "add", "Savings", "--kind", "savings", "--reserve"))
    ok(run("loan", "add", "Card", "--principal", "50000", "--annual-rate", "12%", "--periods",
            "12", "--method", "equal-installment", "--start", "2026-08-20"))
    ok(run("loan", "pay", "Card", "4500", "--date", "2026-09-20"))
    ok(run("loan", "pay", "Card", "4500", "--date", "2026-10-25"))  # five days late
    return run


def test_review_json_lists_each_finding_with_its_rule_and_threshold(reviewed):
    review = json.loads(ok(reviewed("review", "--month", "2026-10", "--json", "--as-of",
                                     "2026-11-28")).output)
    assert set(review) >= {"month", "income", "expenses", "net", "savings_rate",
                           "top_categories", "budget_adherence", "reserve_coverage",
                           "debt_outstanding", "debt_payments", "debt_share_of_income",
                           "overdue_episodes", "findings"}
    assert (review["month"], review["income"], review["expenses"], review["net"]) == (
        "2026-10", "10000.00", "10500.00", "-500.00")
    assert (review["debt_payments"], review["debt_share_of_income"]) == ("4500.00", 0.45)
    assert (review["overdue_episodes"], review["budget_adherence"]) == (1, 0.0)
    assert review["savings_rate"] == -0.05
    rules = {finding["rule"]: finding["threshold"] for finding in review["findings"]}
    assert rules == {"OVERDUE": "0", "NEGATIVE_NET": "0", "DEBT_SERVICE_HIGH": "0.36",
                     "RESERVE_LOW": "1", "BUDGET_OVER": "0", "CATEGORY_SPIKE": "0.30"}
    messages = {finding["rule"]: [] for finding in review["findings"]}
    for finding in review["findings"]:
        messages[finding["rule"]].append(finding["message"])
    assert messages["DEBT_SERVICE_HIGH"] == [
        "Debt payments took 45.0% of income (¥4,500.00 of ¥10,000.00)."]
    assert messages["BUDGET_OVER"] == [
        "Food: ¥2,000.00 spent of a ¥1,500.00 budget, ¥500.00 over."]
    # Loan repayments spike too: October's payment sits on one in September.
    assert {"Food: ¥2,000.00, 100.0% above its average of ¥1,000.00.",
            "Shopping: ¥1,000.00, with nothing in the previous 6 months."} <= set(
        messages["CATEGORY_SPIKE"])
    food = next(row for row in review["top_categories"] if row["category"] == "Food")
    assert food == {"category": "Food", "spent": "2000.00", "average": "1000.00",
                    "change": 1.0}


def test_review_text_shows_rules_beside_findings_and_a_chart(reviewed):
    text = ok(reviewed("review", "--month", "2026-10", "--as-of", "2026-11-28")).output
    assert "Review of 2026-10" in text
    assert ("rule DEBT_SERVICE_HIGH (threshold 0.36): Debt payments above 36% as a share of "
            "income") in text
    assert "Overdue episodes: 1" in text
    assert "Income and expenses by month" in text  # the chart's title
    bare = ok(reviewed("review", "--month", "2026-10", "--as-of", "2026-11-28",
                        "--no-chart")).output
    assert "Income and expenses by month" not in bare


def test_a_calm_month_has_no_findings(run):
    ok(run("add", "10000", "salary", "--date", "2026-10-10"))
    ok(run("add", "3000", "housing", "--date", "2026-10-01"))
    text = ok(run("review", "--month", "2026-10", "--as-of", "2026-11-28", "--no-chart",
                   )).output
    assert "Findings: none" in text


def test_review_refuses_a_bad_month(run):
    refused = run("review", "--month", "October")
    assert refused.exit_code == 2
    assert "use YYYY-MM" in refused.output


# --- the review reminder --------------------------------------------------------------------


def test_remind_adds_the_review_line_early_in_the_month_until_the_review_is_opened(run):
    reminded = ok(run("remind", "--as-of", "2026-12-02")).output
    assert reminded.strip() == ("budget: Time for the monthly review of 2026-11. "
                                "Run `budget review`.")
    assert ok(run("remind", "--as-of", "2026-12-06")).output == ""
    ok(run("review", "--json", "--as-of", "2026-12-02"))
    assert ok(run("remind", "--as-of", "2026-12-02")).output == ""


def test_remind_prints_the_due_line_first_then_the_review_line(run):
    ok(run("bill", "add", "Rent", "1000", "--every", "month", "--day", "1", "--start",
            "2026-12-01"))
    lines = ok(run("remind", "--as-of", "2026-12-02")).output.strip().splitlines()
    assert len(lines) == 2
    assert "run `budget due`" in lines[0]
    assert "monthly review of 2026-11" in lines[1]


# --- the payoff planner ---------------------------------------------------------------------


def _two_loans(run):
    ok(run("loan", "add", "Card", "--principal", "5000", "--annual-rate", "18%", "--periods",
            "12", "--method", "equal-installment", "--start", "2026-11-01"))
    ok(run("loan", "add", "Car", "--principal", "2000", "--annual-rate", "6%", "--periods",
            "24", "--method", "equal-installment", "--start", "2026-11-01"))


def test_plan_json_avalanche_pays_the_18_percent_loan_first_for_less_interest(run):
    _two_loans(run)
    plan = json.loads(ok(run("plan", "--extra", "500", "--json", "--as-of",
                              "2026-11-15")).output)
    assert plan["extra"] == "500.00"
    strategies = {item["strategy"]: item for item in plan["strategies"]}
    avalanche, snowball = strategies["avalanche"], strategies["snowball"]
    assert avalanche["order"][0] == "Card"
    assert snowball["order"][0] == "Car"
    assert float(avalanche["total_interest"]) < float(snowball["total_interest"])
    card = {loan["name"]: loan for loan in avalanche["loans"]}
    assert card["Card"]["paid_off"] < card["Car"]["paid_off"]
    assert avalanche["months"] == 7  # from November 2026 (month 0) to June 2027
    assert avalanche["debt_free"] == card["Car"]["paid_off"]
    assert set(plan["split"]) >= {"surplus", "to_reserve", "to_debts"}


def test_plan_with_the_users_order_adds_a_third_strategy(run):
    _two_loans(run)
    plan = json.loads(ok(run("plan", "--extra", "500", "--order", "car,card", "--json",
                              "--as-of", "2026-11-15")).output)
    assert [item["strategy"] for item in plan["strategies"]] == [
        "avalanche", "snowball", "user-order"]
    assert plan["strategies"][2]["order"] == ["Car", "Card"]


def test_plan_text_names_each_strategy_and_its_payoff_dates(run):
    _two_loans(run)
    text = ok(run("plan", "--extra", "500", "--as-of", "2026-11-15")).output
    assert "Avalanche (highest APR first): Card → Car" in text
    assert "debt-free in 7 months (2027-06)" in text


@pytest.mark.parametrize("args, message", [
    (("--extra", "-5"), "0 or more"),
    (("--extra", "lots"), "--extra"),
    (("--order", "boat,card"), "no loan 'boat'"),
    (("--order", "card"), "must name each debt once"),
])
def test_plan_refuses_bad_input(run, args, message):
    _two_loans(run)
    refused = run("plan", *args, "--as-of", "2026-11-15")
    assert refused.exit_code == 2
    assert message in refused.output


def test_plan_without_loans_says_there_is_nothing_to_pay_off(run):
    assert "No open loans" in ok(run("plan", "--as-of", "2026-11-15")).output
