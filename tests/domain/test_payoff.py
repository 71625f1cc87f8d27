"""The debt payoff planner: avalanche, snowball, the user's order, and the surplus split."""

from datetime import date
from decimal import Decimal

import pytest

from budget.domain.loans import round_half_up
from budget.domain.payoff import (
    MAX_MONTHS,
    Debt,
    PayoffError,
    PayoffStatus,
    Strategy,
    SurplusSplit,
    compare_strategies,
    payoff_order,
    plan_payoff,
    plan_sentence,
    split_surplus,
)

TODAY = date(2026, 7, 15)
# The must-pass pair, each with a fixed minimum of ¥100.00 a month.
CARD = Debt("Credit card", 500_000, Decimal("0.18"), 10_000)
FAMILY = Debt("Family loan", 200_000, Decimal("0.06"), 10_000)
EXTRA = 50_000  # ¥500.00 a month on top of the minimums


# --- the must-pass example -------------------------------------------------------------

def test_avalanche_pays_the_18_percent_loan_first_and_costs_less_than_snowball():
    avalanche, snowball = compare_strategies([CARD, FAMILY], EXTRA, TODAY)

    assert avalanche.order == ("Credit card", "Family loan")
    assert snowball.order == ("Family loan", "Credit card")
    card, family = avalanche.debts
    assert card.months < family.months  # the 18% loan goes first
    snow_card, snow_family = snowball.debts
    assert snow_family.months < snow_card.months  # the 2,000 one goes first
    assert avalanche.total_interest < snowball.total_interest


def test_the_must_pass_figures_to_the_fen():
    avalanche, snowball = compare_strategies([CARD, FAMILY], EXTRA, TODAY)

    assert avalanche.monthly_payment == 70_000  # 100 + 100 + 500
    assert [(d.name, d.months, d.paid_off, d.interest) for d in avalanche.debts] == [
        ("Credit card", 9, date(2027, 4, 15), 38_135),
        ("Family loan", 11, date(2027, 6, 15), 8_169)]
    assert avalanche.total_interest == 46_304  # ¥463.04
    assert (avalanche.months, avalanche.debt_free) == (11, date(2027, 6, 15))
    assert [(d.name, d.months, d.interest) for d in snowball.debts] == [
        ("Credit card", 11, 56_813), ("Family loan", 4, 2_225)]
    assert snowball.total_interest == 59_038  # ¥590.38: ¥127.34 more


def test_the_first_months_follow_the_rule_by_hand():
    # Month 1: 5,000 × 1.5% = 75.00 and 2,000 × 0.5% = 10.00 of interest, 700.00 paid.
    # Month 2 (avalanche): 4,475.00 × 1.5% = 67.125 -> 67.13; 1,910.00 × 0.5% = 9.55.
    avalanche = plan_payoff([CARD, FAMILY], EXTRA, TODAY, Strategy.AVALANCHE)

    assert avalanche.series[:3] == (("2026-07", 700_000), ("2026-08", 638_500),
                                    ("2026-09", 576_168))


def test_the_series_runs_from_today_to_zero_for_a_chart():
    plan = plan_payoff([CARD, FAMILY], EXTRA, TODAY)

    assert len(plan.series) == plan.months + 1
    assert plan.series[-1] == ("2027-06", 0)
    totals = [owed for _label, owed in plan.series]
    assert totals == sorted(totals, reverse=True)


def test_plan_sentence_for_a_plan_that_pays_off():
    plan = plan_payoff([CARD, FAMILY], EXTRA, TODAY)

    assert plan_sentence(plan) == ("At ¥700.00 a month you are debt-free in 11 months "
                                   "(2027-06), paying ¥463.04 of interest.")


# --- roll-over and order -----------------------------------------------------------------

def test_the_minimum_of_a_paid_off_debt_rolls_over_to_the_next_one():
    # Without roll-over the card would get only its ¥100 minimum once the family loan is
    # gone; with it, the monthly total of ¥700.00 stays the same to the end.
    snowball = plan_payoff([CARD, FAMILY], EXTRA, TODAY, Strategy.SNOWBALL)
    totals = [owed for _label, owed in snowball.series]

    month_after_family = 5
    drop = totals[month_after_family - 1] - totals[month_after_family]
    card_interest = round_half_up(totals[month_after_family - 1] * Decimal("0.015"))
    assert drop == 70_000 - card_interest


def test_the_users_own_order_is_followed():
    plan = plan_payoff([CARD, FAMILY], EXTRA, TODAY, Strategy.USER_ORDER,
                       order=["Family loan", "Credit card"])

    assert plan.order == ("Family loan", "Credit card")
    assert plan.total_interest == 59_038  # the same as snowball here


def test_compare_includes_the_users_order_when_given():
    plans = compare_strategies([CARD, FAMILY], EXTRA, TODAY, order=["Credit card", "Family loan"])

    assert [plan.strategy for plan in plans] == [
        Strategy.AVALANCHE, Strategy.SNOWBALL, Strategy.USER_ORDER]


@pytest.mark.parametrize("order", [None, ["Credit card"], ["Credit card", "Credit card"],
                                   ["Credit card", "Family loan", "Car"]])
def test_a_users_order_must_name_each_debt_once(order):
    with pytest.raises(PayoffError, match="each debt once"):
        payoff_order([CARD, FAMILY], Strategy.USER_ORDER, order)


def test_ties_keep_a_sensible_order():
    same_rate_small = Debt("Small", 100_000, Decimal("0.18"), 5_000)
    same_balance_cheap = Debt("Cheap", 500_000, Decimal("0.05"), 5_000)

    assert [d.name for d in payoff_order([CARD, same_rate_small], Strategy.AVALANCHE)] == [
        "Small", "Credit card"]  # same APR: the smaller balance first
    assert [d.name for d in payoff_order([same_balance_cheap, CARD], Strategy.SNOWBALL)] == [
        "Credit card", "Cheap"]  # same balance: the dearer one first


def test_extra_left_after_the_target_is_paid_goes_to_the_next_debt_in_the_same_month():
    tiny = Debt("Tiny", 1_000, Decimal("0.12"), 500)

    plan = plan_payoff([tiny, FAMILY], EXTRA, TODAY, Strategy.SNOWBALL)

    # Month 1 pays 605.00 (5 + 100 + 500): Tiny owes 10.10 and is cleared, the other
    # 594.90 goes to the family loan, which owes 2,010.00 with its interest.
    assert plan.debts[0].months == 1
    assert plan.series[1] == ("2026-08", 201_000 - 59_490)


# --- never paid off ----------------------------------------------------------------------

def test_a_payment_below_the_interest_is_never_paid_off():
    # 36% a year on ¥10,000 is ¥300.00 of interest a month; ¥200.00 never catches up.
    loan = Debt("微粒贷", 1_000_000, Decimal("0.36"), 20_000)

    plan = plan_payoff([loan], 0, TODAY)

    assert plan.status is PayoffStatus.NEVER
    assert not plan.paid_off
    assert (plan.months, plan.debt_free) == (None, None)
    assert plan.debts[0].paid_off is None
    assert len(plan.series) == 2  # it stops at the first month that does not fall
    assert plan_sentence(plan).startswith(
        "At ¥200.00 a month these debts are never paid off: the payments do not cover the "
        "interest.")


def test_a_payment_exactly_equal_to_the_interest_is_never_paid_off():
    loan = Debt("Interest only", 1_000_000, Decimal("0.12"), 10_000)

    assert plan_payoff([loan], 0, TODAY).status is PayoffStatus.NEVER


def test_one_fen_above_the_interest_makes_progress_but_not_within_600_months():
    loan = Debt("Slow", 1_000_000, Decimal("0.12"), 10_001)

    plan = plan_payoff([loan], 0, TODAY)

    assert plan.status is PayoffStatus.TOO_LONG
    assert len(plan.series) == MAX_MONTHS + 1
    assert plan_sentence(plan) == ("At ¥100.01 a month these debts are not paid off within "
                                   "50 years.")


def test_an_extra_amount_rescues_a_payment_that_did_not_cover_the_interest():
    loan = Debt("微粒贷", 1_000_000, Decimal("0.36"), 20_000)

    assert plan_payoff([loan], 30_000, TODAY).paid_off


# --- edge cases and validation -----------------------------------------------------------

def test_a_zero_rate_loan_costs_no_interest():
    plan = plan_payoff([Debt("Friend", 120_000, Decimal(0), 10_000)], 0, TODAY)

    assert (plan.months, plan.total_interest) == (12, 0)


def test_no_debts_means_debt_free_today():
    plan = plan_payoff([], 50_000, TODAY)

    assert (plan.status, plan.months, plan.debt_free) == (PayoffStatus.PAID_OFF, 0, TODAY)
    assert plan.series == (("2026-07", 0),)


def test_a_debt_already_at_zero_is_paid_off_today():
    done = Debt("Done", 0, Decimal("0.1"), 0)

    plan = plan_payoff([done, FAMILY], EXTRA, TODAY)

    assert plan.debts[0].paid_off == TODAY


def test_payoff_dates_keep_the_day_of_the_month_or_the_last_day():
    plan = plan_payoff([Debt("Short", 10_000, Decimal(0), 10_000)], 0, date(2026, 1, 31))

    assert plan.debt_free == date(2026, 2, 28)


@pytest.mark.parametrize("changes", [
    {"balance": -1}, {"minimum": -1}, {"balance": 10.5}, {"apr": 0.18},
    {"apr": Decimal("-0.01")}, {"apr": Decimal("3.66")}, {"name": " "}])
def test_unusable_debts_are_refused(changes):
    values = {"name": "Card", "balance": 100_000, "apr": Decimal("0.18"), "minimum": 1_000}
    values.update(changes)
    with pytest.raises(PayoffError):
        Debt(**values)


def test_two_debts_with_one_name_are_refused():
    with pytest.raises(PayoffError, match="same name"):
        plan_payoff([CARD, CARD], 0, TODAY)


def test_a_negative_extra_is_refused():
    with pytest.raises(PayoffError):
        plan_payoff([CARD], -1, TODAY)


# --- the surplus split -------------------------------------------------------------------

def test_the_surplus_fills_the_starter_reserve_first():
    assert split_surplus(80_000, reserve_balance=50_000, starter_target=100_000) == \
        SurplusSplit(to_reserve=50_000, to_debts=30_000)


def test_a_surplus_smaller_than_the_gap_all_goes_to_the_reserve():
    assert split_surplus(30_000, 50_000, 100_000) == SurplusSplit(30_000, 0)


def test_once_the_starter_is_reached_the_whole_surplus_goes_to_debts():
    assert split_surplus(80_000, 100_000, 100_000) == SurplusSplit(0, 80_000)
    assert split_surplus(80_000, 150_000, 100_000) == SurplusSplit(0, 80_000)


def test_no_surplus_splits_into_nothing():
    assert split_surplus(0, 0, 100_000) == SurplusSplit(0, 0)
    assert split_surplus(-20_000, 0, 100_000) == SurplusSplit(0, 0)


def test_a_negative_starter_target_is_refused():
    with pytest.raises(PayoffError):
        split_surplus(10_000, 0, -1)
