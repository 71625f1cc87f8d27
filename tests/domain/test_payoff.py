"""The debt payoff planner pays the loans through the engine: avalanche, snowball, your order."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from budget.domain.loans import LoanTerms, Method, apr, build_schedule, preset_terms
from budget.domain.payoff import (
    Debt,
    PayoffError,
    PayoffStatus,
    Strategy,
    SurplusSplit,
    compare_strategies,
    debt_of,
    payoff_order,
    plan_payoff,
    plan_sentence,
    split_surplus,
)
from budget.domain.repayment import Payment, run_loan, state_of

TODAY = date(2026, 7, 15)
EXTRA = 50_000  # ¥500.00 a month on top of the schedules


def debt(name: str, terms: LoanTerms, payments=(), as_of: date = TODAY) -> Debt:
    schedule = build_schedule(terms)
    run, _allocations = run_loan(terms, schedule, payments, as_of)
    return debt_of(name, run, apr(terms))


def card() -> Debt:
    """¥5,000.00 at 18% a year over 12 months, drawn 2026-07-01."""
    return debt("Credit card", LoanTerms(500_000, 12, Method.EQUAL_INSTALLMENT,
                                         date(2026, 7, 1), annual_rate=Decimal("0.18")))


def family() -> Debt:
    """¥2,000.00 at 6% a year over 24 months, drawn 2026-07-01."""
    return debt("Family loan", LoanTerms(200_000, 24, Method.EQUAL_INSTALLMENT,
                                         date(2026, 7, 1), annual_rate=Decimal("0.06")))


def remaining_interest(item: Debt) -> int:
    return state_of(item.run).interest_remaining


# --- no extra: the loans' own schedules --------------------------------------------------

def test_with_no_extra_the_plan_costs_exactly_the_schedules_remaining_interest():
    debts = [card(), family()]

    for plan in compare_strategies(debts, 0, TODAY):
        assert plan.total_interest == sum(remaining_interest(item) for item in debts)
        assert [payoff.interest for payoff in plan.debts] == [
            remaining_interest(item) for item in debts]
        assert [payoff.paid_off for payoff in plan.debts] == [date(2027, 7, 1),
                                                               date(2028, 7, 1)]


def test_an_overdue_installment_is_paid_now_with_its_late_interest_and_penalty():
    loan = preset_terms("weilidai", 500_000, date(2026, 5, 15))
    overdue = debt("微粒贷", loan, as_of=date(2026, 6, 20))  # #1 is 5 days late
    state = state_of(overdue.run)

    plan = plan_payoff([overdue], 0, date(2026, 6, 20))

    assert state.due_now_count == 1 and state.penalty_unpaid > 0
    assert plan.total_interest == state.interest_remaining
    assert plan.total_penalty == state.penalty_unpaid
    assert overdue.minimum == state.due_now


# --- extra money ---------------------------------------------------------------------------

def test_avalanche_pays_the_18_percent_loan_first_and_costs_less_than_snowball():
    avalanche, snowball = compare_strategies([card(), family()], EXTRA, TODAY)

    assert avalanche.order == ("Credit card", "Family loan")
    assert snowball.order == ("Family loan", "Credit card")
    card_first, family_later = avalanche.debts
    assert card_first.months < family_later.months
    snow_card, snow_family = snowball.debts
    assert snow_family.months < snow_card.months
    assert avalanche.total_interest < snowball.total_interest


def test_extra_money_shortens_the_plan_and_saves_interest():
    debts = [card(), family()]
    without = plan_payoff(debts, 0, TODAY)
    with_extra = plan_payoff(debts, EXTRA, TODAY)

    assert with_extra.months < without.months
    assert with_extra.total_interest < without.total_interest
    assert with_extra.monthly_payment == sum(item.minimum for item in debts) + EXTRA


def test_the_series_runs_from_today_to_zero_for_a_chart():
    plan = plan_payoff([card(), family()], EXTRA, TODAY)

    assert plan.series[0] == ("2026-07-15", 700_000)
    assert plan.series[-1][1] == 0
    assert len(plan.series) == plan.months + 2
    totals = [owed for _label, owed in plan.series]
    assert totals == sorted(totals, reverse=True)


def test_plan_sentence_names_the_month_and_the_interest():
    plan = plan_payoff([card(), family()], EXTRA, TODAY)

    assert plan_sentence(plan).startswith(
        f"At ¥{(plan.monthly_payment / 100):,.2f} a month you are debt-free in "
        f"{plan.months} months")


def test_the_users_own_order_is_followed():
    plan = plan_payoff([card(), family()], EXTRA, TODAY, Strategy.USER_ORDER,
                       order=["Family loan", "Credit card"])
    snowball = plan_payoff([card(), family()], EXTRA, TODAY, Strategy.SNOWBALL)

    assert plan.order == ("Family loan", "Credit card")
    assert plan.total_interest == snowball.total_interest


def test_compare_includes_the_users_order_when_given():
    plans = compare_strategies([card(), family()], EXTRA, TODAY,
                               order=["Credit card", "Family loan"])

    assert [plan.strategy for plan in plans] == [
        Strategy.AVALANCHE, Strategy.SNOWBALL, Strategy.USER_ORDER]


@pytest.mark.parametrize("order", [None, ["Credit card"], ["Credit card", "Credit card"],
                                   ["Credit card", "Family loan", "Car"]])
def test_a_users_order_must_name_each_debt_once(order):
    with pytest.raises(PayoffError, match="each debt once"):
        payoff_order([card(), family()], Strategy.USER_ORDER, order)


def test_ties_keep_a_sensible_order():
    big = card()
    small = replace(debt("Small", LoanTerms(100_000, 12, Method.EQUAL_INSTALLMENT,
                                            date(2026, 7, 1), annual_rate=Decimal("0.18"))),
                    apr=big.apr)
    cheap = replace(family(), balance=big.balance)

    assert [d.name for d in payoff_order([big, small], Strategy.AVALANCHE)] == [
        "Small", "Credit card"]  # same APR: the smaller balance first
    assert [d.name for d in payoff_order([cheap, big], Strategy.SNOWBALL)] == [
        "Credit card", "Family loan"]  # same balance: the dearer one first


def test_what_a_paid_off_loan_no_longer_needs_rolls_over_to_the_next():
    # Snowball clears the ¥200.00 loan in its first month; its 23 later installments then
    # go to the card, so clearing it first delays the card by one month at most.
    tiny = debt("Tiny", LoanTerms(20_000, 24, Method.EQUAL_PRINCIPAL, date(2026, 7, 1),
                                  annual_rate=Decimal("0.12")))
    with_tiny = plan_payoff([tiny, card()], EXTRA, TODAY, Strategy.SNOWBALL)
    alone = plan_payoff([card()], EXTRA, TODAY)

    assert with_tiny.debts[0].months == 0
    assert with_tiny.debts[1].months <= alone.debts[0].months + 1


def test_a_daily_loan_paid_off_with_extra_costs_only_the_days_used():
    loan = preset_terms("weilidai", 500_000, date(2026, 7, 10))
    plan = plan_payoff([debt("微粒贷", loan)], 600_000, TODAY)

    # Everything on 2026-07-31: 21 days of interest on ¥5,000.00 at 0.05% a day.
    assert (plan.months, plan.debt_free, plan.total_interest) == (0, date(2026, 7, 31), 5_250)


# --- edge cases and validation -----------------------------------------------------------

def test_a_zero_rate_loan_costs_no_interest():
    friend = debt("Friend", LoanTerms(120_000, 12, Method.EQUAL_PRINCIPAL, date(2026, 7, 1),
                                      annual_rate=Decimal(0)))

    plan = plan_payoff([friend], 0, TODAY)

    assert (plan.months, plan.total_interest) == (12, 0)


def test_no_debts_means_debt_free_today():
    plan = plan_payoff([], 50_000, TODAY)

    assert (plan.status, plan.months, plan.debt_free) == (PayoffStatus.PAID_OFF, 0, TODAY)


def test_a_loan_too_long_for_the_planner_is_said_so():
    long_loan = debt("Mortgage", LoanTerms(100_000_000, 360, Method.EQUAL_INSTALLMENT,
                                           date(2026, 7, 1), annual_rate=Decimal("0.04")))

    plan = plan_payoff([long_loan], 0, TODAY, max_months=120)

    assert plan.status is PayoffStatus.TOO_LONG and not plan.paid_off
    assert plan_sentence(plan).endswith("not paid off within 10 years.")


def test_apr_out_of_range_and_blank_names_are_refused():
    with pytest.raises(PayoffError):
        Debt(" ", 100, Decimal("0.1"), 10, card().run)
    with pytest.raises(PayoffError):
        Debt("Card", 100, Decimal("3.66"), 10, card().run)


def test_two_debts_with_one_name_are_refused():
    with pytest.raises(PayoffError, match="same name"):
        plan_payoff([card(), card()], 0, TODAY)


def test_a_negative_extra_is_refused():
    with pytest.raises(PayoffError):
        plan_payoff([card()], -1, TODAY)


def test_paying_one_installment_before_the_plan_leaves_it_out():
    terms = LoanTerms(500_000, 12, Method.EQUAL_INSTALLMENT, date(2026, 6, 1),
                      annual_rate=Decimal("0.18"))
    first = build_schedule(terms)[0]
    paid = debt("Card", terms, [Payment(first.due_date, first.payment)])

    plan = plan_payoff([paid], 0, TODAY)

    assert plan.months == 11 and plan.total_interest == remaining_interest(paid)


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
