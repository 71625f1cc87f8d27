"""The monthly review: figures, each rule at its boundary, and the reminder."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from budget.domain.budgets import CategoryBudget, budget_row
from budget.domain.review import (
    BUDGET_OVER,
    CATEGORY_SPIKE,
    DEBT_SERVICE_HIGH,
    DEBT_SERVICE_LIMIT,
    NEGATIVE_NET,
    OVERDUE,
    RESERVE_LOW,
    RESERVE_MIN_MONTHS,
    RULES,
    SAVINGS_RATE_LOW,
    SAVINGS_RATE_MIN,
    SPIKE_FLOOR,
    SPIKE_RATIO,
    CategoryTrend,
    ReviewInput,
    monthly_review,
    review_due,
    review_month,
)

SALARY = 800_000  # ¥8,000.00
SIX_MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]


def steady(**by_category: int) -> dict[str, dict[str, int]]:
    """The same spending in each of the six months before July 2026."""
    return {label: dict(by_category) for label in SIX_MONTHS}


def calm(**changes) -> ReviewInput:
    """A month where no rule fires: ¥8,000 in, ¥6,000 out, spending as usual."""
    values = dict(
        month="2026-07", income=SALARY, expenses=600_000,
        spending={"Housing": 250_000, "Food": 150_000, "Transport": 40_000},
        history=steady(Housing=250_000, Food=150_000, Transport=40_000),
        budget_rows=[budget_row(CategoryBudget("Food", 160_000), 150_000)],
        reserve_coverage=Decimal("2.5"), debt_outstanding=1_200_000, debt_payments=150_000,
        overdue_episodes=0)
    values.update(changes)
    return ReviewInput(**values)


def fired(inputs: ReviewInput, rule=None) -> list[str]:
    review = monthly_review(inputs)
    return [f.rule.id if rule is None else f.message for f in review.findings
            if rule is None or f.rule is rule]


def test_a_calm_month_has_no_findings():
    assert fired(calm()) == []


# --- figures ---------------------------------------------------------------------------

def test_figures_of_the_month():
    review = monthly_review(calm())

    assert (review.income, review.expenses, review.net) == (800_000, 600_000, 200_000)
    assert review.savings_rate == Decimal("0.25")
    assert review.debt_service_ratio == Decimal("0.1875")
    assert (review.budgets_within, review.budgets_total) == (1, 1)
    assert review.budget_adherence == Decimal(1)
    assert review.reserve_coverage == Decimal("2.5")
    assert review.debt_outstanding == 1_200_000
    assert review.debt_payments == 150_000
    assert review.overdue_episodes == 0


def test_without_income_the_savings_rate_and_debt_share_are_unknown():
    review = monthly_review(calm(income=0))

    assert review.savings_rate is None
    assert review.debt_service_ratio is None


def test_budget_adherence_counts_categories_within_their_limit():
    rows = [budget_row(CategoryBudget("Food", 100_000), 120_000),
            budget_row(CategoryBudget("Transport", 50_000), 50_000),
            budget_row(CategoryBudget("Shopping", 30_000), 10_000)]

    review = monthly_review(calm(budget_rows=rows))

    assert (review.budgets_within, review.budgets_total) == (2, 3)
    assert review.budget_adherence == Decimal("0.6667")


def test_no_budgets_means_no_adherence_figure():
    assert monthly_review(calm(budget_rows=[])).budget_adherence is None


def test_top_categories_are_the_largest_against_their_six_month_average():
    history = steady(Housing=250_000, Food=120_000, Transport=40_000)
    history["2026-06"] = {"Housing": 250_000, "Food": 180_000}  # no transport in June

    review = monthly_review(calm(history=history))

    assert review.top_categories == (
        CategoryTrend("Housing", 250_000, 250_000, Decimal(0)),
        CategoryTrend("Food", 150_000, 130_000, Decimal("0.1538")),
        CategoryTrend("Transport", 40_000, 33_333, Decimal("0.2000")),
    )


def test_only_five_top_categories_are_listed():
    spending = {f"Category {n}": 10_000 * n for n in range(1, 9)}

    top = monthly_review(calm(spending=spending, history={})).top_categories

    assert [t.category for t in top] == [f"Category {n}" for n in (8, 7, 6, 5, 4)]
    assert all(t.average is None and t.change is None for t in top)


def test_the_average_uses_only_the_last_six_months_before_the_review():
    history = steady(Food=100_000)
    history["2025-12"] = {"Food": 900_000}  # seven months back: ignored
    history["2026-07"] = {"Food": 900_000}  # the month itself: ignored

    (food,) = monthly_review(calm(spending={"Food": 100_000}, history=history)).top_categories

    assert food.average == 100_000


def test_a_shorter_history_averages_over_the_months_there_are():
    history = {"2026-05": {"Food": 100_000}, "2026-06": {"Food": 200_000}}

    (food,) = monthly_review(calm(spending={"Food": 150_000}, history=history)).top_categories

    assert (food.average, food.change) == (150_000, Decimal(0))


# --- every rule at its boundary ----------------------------------------------------------

def test_rules_carry_their_thresholds_as_named_constants():
    assert DEBT_SERVICE_HIGH.threshold == DEBT_SERVICE_LIMIT == Decimal("0.36")
    assert RESERVE_LOW.threshold == RESERVE_MIN_MONTHS == Decimal(1)
    assert CATEGORY_SPIKE.threshold == SPIKE_RATIO == Decimal("0.30")
    assert SAVINGS_RATE_LOW.threshold == SAVINGS_RATE_MIN == Decimal("0.10")
    assert SPIKE_FLOOR == 10_000
    assert len({rule.id for rule in RULES}) == 7
    assert all(rule.text() for rule in RULES)


def test_debt_payments_of_exactly_36_percent_of_income_do_not_fire():
    assert fired(calm(debt_payments=288_000), DEBT_SERVICE_HIGH) == []


def test_debt_payments_one_fen_above_36_percent_fire():
    assert fired(calm(debt_payments=288_001), DEBT_SERVICE_HIGH) == [
        "Debt payments took 36.0% of income (¥2,880.01 of ¥8,000.00)."]


def test_debt_payments_with_no_income_fire():
    assert fired(calm(income=0, expenses=0, debt_payments=50_000), DEBT_SERVICE_HIGH) == [
        "Debt payments of ¥500.00 with no income this month."]


def test_no_debt_payments_and_no_income_is_not_a_debt_finding():
    assert fired(calm(income=0, expenses=0, debt_payments=0), DEBT_SERVICE_HIGH) == []


def test_a_reserve_of_exactly_one_month_does_not_fire():
    assert fired(calm(reserve_coverage=Decimal("1.0")), RESERVE_LOW) == []


def test_a_reserve_just_under_one_month_fires():
    assert fired(calm(reserve_coverage=Decimal("0.9")), RESERVE_LOW) == [
        "The reserve covers 0.9 months of essential spending, less than 1."]


def test_an_unknown_reserve_coverage_is_not_judged():
    assert fired(calm(reserve_coverage=None), RESERVE_LOW) == []


def test_a_category_exactly_30_percent_above_its_average_does_not_fire():
    inputs = calm(spending={"Food": 130_000}, history=steady(Food=100_000))

    assert fired(inputs, CATEGORY_SPIKE) == []


def test_a_category_one_fen_more_than_30_percent_above_fires():
    inputs = calm(spending={"Food": 130_001}, history=steady(Food=100_000))

    assert fired(inputs, CATEGORY_SPIKE) == [
        "Food: ¥1,300.01, 30.0% above its average of ¥1,000.00."]


def test_a_loan_installment_falling_due_is_not_a_category_spike():
    # A 微粒贷 installment of ¥555.00 in a month after none: fixed by the schedule.
    inputs = calm(spending={"Loan repayment": 50_000, "Interest and fees": 5_500,
                            "Food": 130_001},
                  history=steady(Food=100_000),
                  debt_categories=frozenset({"Loan repayment", "Interest and fees"}))

    assert fired(inputs, CATEGORY_SPIKE) == [
        "Food: ¥1,300.01, 30.0% above its average of ¥1,000.00."]


def test_the_spike_boundary_is_exact_when_the_average_is_not_a_whole_fen():
    # Six months totalling ¥1,000.01: the boundary is 1.3 × 100,001 / 6 = 21,666.88 fen.
    history = steady(Gifts=16_667)
    history["2026-06"] = {"Gifts": 16_666}
    at, above = (calm(spending={"Gifts": fen}, history=history) for fen in (21_666, 21_667))

    assert fired(at, CATEGORY_SPIKE) == []
    assert len(fired(above, CATEGORY_SPIKE)) == 1


def test_a_tiny_category_is_never_a_spike_however_it_grows():
    inputs = calm(spending={"Stamps": SPIKE_FLOOR - 1}, history=steady(Stamps=100))

    assert fired(inputs, CATEGORY_SPIKE) == []


def test_a_category_at_the_floor_can_spike():
    inputs = calm(spending={"Stamps": SPIKE_FLOOR}, history=steady(Stamps=100))

    assert len(fired(inputs, CATEGORY_SPIKE)) == 1


def test_a_new_category_above_the_floor_is_a_spike():
    inputs = calm(spending={"Health": 80_000}, history=steady(Food=100_000))

    assert fired(inputs, CATEGORY_SPIKE) == [
        "Health: ¥800.00, with nothing in the previous 6 months."]


def test_without_history_nothing_can_spike():
    assert fired(calm(spending={"Food": 500_000}, history={}), CATEGORY_SPIKE) == []


def test_spending_equal_to_income_is_not_negative_net():
    assert fired(calm(expenses=SALARY), NEGATIVE_NET) == []


def test_spending_one_fen_above_income_is_negative_net():
    assert fired(calm(expenses=SALARY + 1), NEGATIVE_NET) == [
        "You spent ¥0.01 more than came in (¥8,000.01 against ¥8,000.00)."]


def test_no_overdue_episode_does_not_fire():
    assert fired(calm(overdue_episodes=0), OVERDUE) == []


def test_a_single_overdue_episode_fires():
    assert fired(calm(overdue_episodes=1), OVERDUE) == [
        "1 payment went overdue this month: the overdue playbook has the next steps."]


def test_a_category_at_its_limit_is_not_over_budget():
    rows = [budget_row(CategoryBudget("Food", 150_000), 150_000)]

    assert fired(calm(budget_rows=rows), BUDGET_OVER) == []


def test_each_category_over_its_limit_is_a_finding():
    rows = [budget_row(CategoryBudget("Food", 150_000), 150_001),
            budget_row(CategoryBudget("Shopping", 30_000), 45_000)]

    assert fired(calm(budget_rows=rows), BUDGET_OVER) == [
        "Food: ¥1,500.01 spent of a ¥1,500.00 budget, ¥0.01 over.",
        "Shopping: ¥450.00 spent of a ¥300.00 budget, ¥150.00 over."]


def test_keeping_exactly_10_percent_of_income_does_not_fire():
    assert fired(calm(expenses=720_000), SAVINGS_RATE_LOW) == []


def test_keeping_one_fen_less_than_10_percent_fires():
    assert fired(calm(expenses=720_001), SAVINGS_RATE_LOW) == [
        "You kept 10.0% of income, less than 10.0%."]


def test_a_negative_net_is_reported_once_not_also_as_a_low_savings_rate():
    assert fired(calm(expenses=900_000)) == ["NEGATIVE_NET"]


def test_no_income_has_no_savings_rate_finding():
    assert fired(calm(income=0, expenses=0, debt_payments=0), SAVINGS_RATE_LOW) == []


# --- the findings together ---------------------------------------------------------------

def test_a_hard_month_lists_findings_most_urgent_first_each_with_its_rule():
    inputs = calm(
        income=500_000, expenses=560_000, debt_payments=200_000, overdue_episodes=2,
        reserve_coverage=Decimal("0.3"), spending={"Food": 220_000},
        history=steady(Food=150_000),
        budget_rows=[budget_row(CategoryBudget("Food", 160_000), 220_000)])

    review = monthly_review(inputs)

    assert [f.rule.id for f in review.findings] == [
        "OVERDUE", "NEGATIVE_NET", "DEBT_SERVICE_HIGH", "RESERVE_LOW", "BUDGET_OVER",
        "CATEGORY_SPIKE"]
    assert review.findings[2].rule is DEBT_SERVICE_HIGH


def test_a_rule_can_be_given_another_threshold():
    stricter = replace(DEBT_SERVICE_HIGH, threshold=Decimal("0.15"))

    review = monthly_review(calm(), rules=[stricter])

    assert [f.rule for f in review.findings] == [stricter]


# --- the review reminder -----------------------------------------------------------------

def test_the_review_looks_back_at_last_month():
    assert review_month(date(2026, 8, 3)) == "2026-07"
    assert review_month(date(2027, 1, 1)) == "2026-12"


@pytest.mark.parametrize(("today", "last_review", "due"), [
    (date(2026, 8, 1), None, True),
    (date(2026, 8, 1), "2026-06", True),
    (date(2026, 8, 5), "2026-06", True),  # the fifth day is still in the window
    (date(2026, 8, 6), "2026-06", False),  # the sixth is not
    (date(2026, 8, 3), "2026-07", False),  # July already reviewed
    (date(2027, 1, 2), "2026-11", True),
    (date(2027, 1, 2), "2026-12", False),
])
def test_the_review_reminder_shows_in_the_first_five_days_until_last_month_is_reviewed(
        today, last_review, due):
    assert review_due(today, last_review) is due
