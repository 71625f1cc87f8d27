"""Category budgets: copying to next month, rollover, budget versus actual, overspend warnings."""

from decimal import Decimal

import pytest

from budget.domain.budgets import (
    BudgetError,
    BudgetRow,
    CategoryBudget,
    budget_row,
    budget_vs_actual,
    next_month_budgets,
    overspend_warning,
    unbudgeted_spending,
)

FOOD = CategoryBudget("Food", 120_000)  # ¥1,200.00 a month
TRANSPORT = CategoryBudget("Transport", 30_000, rollover=True)  # ¥300.00, rolled over


# --- limits ----------------------------------------------------------------------------

def test_a_budget_without_rollover_makes_its_limit_available():
    assert FOOD.available == 120_000


@pytest.mark.parametrize("limit", [-1, 12.5, Decimal("12"), True])
def test_a_limit_must_be_whole_non_negative_fen(limit):
    with pytest.raises(BudgetError):
        CategoryBudget("Food", limit)


def test_a_budget_needs_a_category_name():
    with pytest.raises(BudgetError, match="category"):
        CategoryBudget("  ", 100)


def test_a_carried_amount_without_rollover_is_refused():
    with pytest.raises(BudgetError, match="rollover is off"):
        CategoryBudget("Food", 100, carried=50)


def test_a_zero_limit_is_allowed_for_a_category_the_user_wants_to_stop():
    assert CategoryBudget("Entertainment", 0).available == 0


# --- copying to next month ---------------------------------------------------------------

def test_copying_last_month_keeps_every_limit_and_its_order():
    budgets = [FOOD, CategoryBudget("Housing", 250_000), TRANSPORT]

    copied = next_month_budgets(budgets)

    assert [(b.category, b.limit, b.rollover) for b in copied] == [
        ("Food", 120_000, False), ("Housing", 250_000, False), ("Transport", 30_000, True)]
    # Nothing spent on Transport: its whole ¥300 rolls over.
    assert [b.carried for b in copied] == [0, 0, 30_000]


def test_without_rollover_last_month_spending_changes_nothing():
    (copied,) = next_month_budgets([FOOD], {"Food": 20_000})

    assert copied == FOOD


def test_rollover_adds_what_was_left_to_next_month():
    # ¥300 limit, ¥220 spent: ¥80 carries, so next month has ¥380.
    (copied,) = next_month_budgets([TRANSPORT], {"Transport": 22_000})

    assert copied.carried == 8_000
    assert copied.available == 38_000


def test_rollover_subtracts_an_overspend_from_next_month():
    # ¥300 limit, ¥350 spent: next month has ¥250.
    (copied,) = next_month_budgets([TRANSPORT], {"Transport": 35_000})

    assert copied.carried == -5_000
    assert copied.available == 25_000


def test_rollover_never_takes_a_limit_below_zero():
    (copied,) = next_month_budgets([TRANSPORT], {"Transport": 100_000})

    assert copied.carried == -70_000
    assert copied.available == 0


def test_an_overspend_larger_than_the_limit_is_not_carried_beyond_the_next_month():
    (second,) = next_month_budgets([TRANSPORT], {"Transport": 100_000})
    (third,) = next_month_budgets([second], {"Transport": 0})

    assert third.available == 30_000


def test_unspent_money_keeps_accumulating_month_after_month():
    (second,) = next_month_budgets([TRANSPORT], {})
    (third,) = next_month_budgets([second], {"Transport": 10_000})

    assert second.available == 60_000
    assert third.available == 80_000


# --- budget versus actual --------------------------------------------------------------

def test_budget_versus_actual_row_within_the_limit():
    assert budget_row(FOOD, 90_000) == BudgetRow(
        "Food", 120_000, 90_000, 30_000, Decimal("75.0"), over=False)


def test_spending_exactly_the_limit_is_not_over():
    row = budget_row(FOOD, 120_000)

    assert (row.left, row.percent_used, row.over) == (0, Decimal("100.0"), False)


def test_one_fen_more_than_the_limit_is_over():
    row = budget_row(FOOD, 120_001)

    assert (row.left, row.over) == (-1, True)
    assert row.percent_used == Decimal("100.0")


def test_percent_used_is_rounded_down_so_it_never_claims_the_limit_early():
    assert budget_row(FOOD, 119_999).percent_used == Decimal("99.9")


def test_a_zero_limit_has_no_percent_and_any_spending_is_over():
    row = budget_row(CategoryBudget("Entertainment", 0), 1)

    assert row.percent_used is None
    assert row.over


def test_the_row_limit_includes_the_rolled_over_amount():
    rolled = CategoryBudget("Transport", 30_000, rollover=True, carried=8_000)

    row = budget_row(rolled, 19_000)

    assert (row.limit, row.left, row.percent_used) == (38_000, 19_000, Decimal("50.0"))


def test_budget_versus_actual_lists_every_budget_even_without_spending():
    rows = budget_vs_actual([FOOD, TRANSPORT], {"Food": 130_000, "Shopping": 5_000})

    assert [(r.category, r.spent, r.over) for r in rows] == [
        ("Food", 130_000, True), ("Transport", 0, False)]


def test_unbudgeted_spending_is_reported_separately():
    spent = {"Food": 130_000, "Shopping": 5_000, "Health": 0}

    assert unbudgeted_spending([FOOD, TRANSPORT], spent) == {"Shopping": 5_000}


# --- the overspend warning ---------------------------------------------------------------

def test_an_expense_that_crosses_the_limit_warns_with_the_figures():
    warning = overspend_warning("Food", 120_000, spent_before=115_000, amount=8_000)

    assert warning == "Food is over its budget: ¥1,230.00 spent of ¥1,200.00, ¥30.00 over."


def test_an_expense_that_reaches_the_limit_exactly_does_not_warn():
    assert overspend_warning("Food", 120_000, spent_before=115_000, amount=5_000) is None


def test_an_expense_within_the_limit_does_not_warn():
    assert overspend_warning("Food", 120_000, spent_before=0, amount=4_550) is None


def test_a_further_expense_while_over_keeps_warning():
    warning = overspend_warning("Food", 120_000, spent_before=125_000, amount=1_000)

    assert warning is not None and "¥60.00 over" in warning


def test_a_refund_never_warns():
    assert overspend_warning("Food", 120_000, spent_before=130_000, amount=-2_000) is None


def test_a_category_without_a_limit_never_warns():
    assert overspend_warning("Shopping", None, spent_before=0, amount=99_999_00) is None


def test_a_carry_follows_every_source_month_in_turn():
    from budget.domain.budgets import carried_into

    # Limit 100.00 with rollover; January spent 150.00, then 40.00 more entered later.
    assert carried_into([(10_000, True, 15_000)]) == -5_000
    assert carried_into([(10_000, True, 19_000)]) == -9_000
    # Two months back: December left 20.00, January spent 110.00 of 120.00 available.
    assert carried_into([(10_000, True, 8_000), (10_000, True, 11_000)]) == 1_000
    # A month without rollover breaks the chain.
    assert carried_into([(10_000, True, 0), (10_000, False, 0), (10_000, True, 9_000)]) == 1_000
    assert carried_into([]) == 0
