"""Behaviour of the emergency reserve: baseline, target, progress, milestones and pace."""

from datetime import date
from decimal import Decimal

import pytest

from budget.domain.reserve import (
    Baseline,
    ReserveError,
    ReserveSettings,
    coverage_sentence,
    essential_baseline,
    needed_per_month,
    projection_series,
    reserve_progress,
)

AS_OF = date(2026, 7, 15)
LAST_SIX = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]


def spending(*totals: int, start: str = "2026-01") -> dict[str, dict[str, int]]:
    """Essential spending in one category for consecutive months from `start`."""
    year, month = (int(part) for part in start.split("-"))
    result = {}
    for total in totals:
        result[f"{year:04d}-{month:02d}"] = {"housing": total}
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


# --- the must-pass example -------------------------------------------------------------

def test_six_months_of_3000_with_4500_saved_is_a_quarter_of_an_18000_target():
    progress = reserve_progress(
        ReserveSettings(months=6),
        balances_by_month=[("2026-07", 450000)],
        essential_by_month=spending(*[300000] * 6),
        as_of=AS_OF,
    )
    assert progress.target == 1800000
    assert progress.balance == 450000
    assert progress.coverage_months == Decimal("1.5")
    assert progress.percent == Decimal("25")
    assert progress.baseline.source == "history"
    assert coverage_sentence(progress) == "covers 1.5 months of essential spending"


# --- settings --------------------------------------------------------------------------

@pytest.mark.parametrize("months", [0, 25, -1])
def test_target_months_outside_1_to_24_is_refused_with_the_accepted_range(months):
    with pytest.raises(ReserveError, match="from 1 to 24"):
        ReserveSettings(months=months)


@pytest.mark.parametrize("field", ["fixed_amount", "starter"])
def test_zero_or_negative_amounts_are_refused(field):
    with pytest.raises(ReserveError, match="more than zero"):
        ReserveSettings(**{field: 0})
    with pytest.raises(ReserveError, match="more than zero"):
        ReserveSettings(**{field: -100})


def test_float_amount_is_refused_because_money_is_whole_fen():
    with pytest.raises(ReserveError, match="minor units"):
        ReserveSettings(fixed_amount=1000.5)


def test_apr_threshold_must_be_a_decimal_rate():
    with pytest.raises(ReserveError, match="between 0 and 1"):
        ReserveSettings(high_apr_threshold=Decimal("10"))
    with pytest.raises(ReserveError, match="between 0 and 1"):
        ReserveSettings(high_apr_threshold=0.1)


def test_window_outside_range_is_refused():
    with pytest.raises(ReserveError, match="Months of history"):
        ReserveSettings(window_months=0)


# --- baseline --------------------------------------------------------------------------

def test_baseline_is_the_median_of_an_odd_number_of_months():
    baseline = essential_baseline(spending(100, 900, 300, 500, 700), AS_OF,
                                  active_months={"2026-01"})
    # 2026-01..05 have data; 2026-06 has no activity at all so it is not counted.
    assert baseline.monthly == 500
    assert baseline.months_used == ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05")


def test_baseline_is_the_mean_of_the_middle_two_for_an_even_count_rounded_half_up():
    baseline = essential_baseline(spending(100, 200, 301, 400, 10_000, 0), AS_OF)
    # sorted: 0 100 200 301 400 10000 -> (200 + 301) / 2 = 250.5 -> 251
    assert baseline.monthly == 251
    assert baseline.months_used == tuple(LAST_SIX)


def test_baseline_ignores_the_current_month_and_months_before_the_window():
    history = spending(999_999, start="2025-12") | spending(*[1000] * 6) | {
        "2026-07": {"housing": 999_999}}
    baseline = essential_baseline(history, AS_OF)
    assert baseline.monthly == 1000
    assert baseline.months_used == tuple(LAST_SIX)


def test_a_shorter_window_uses_only_the_most_recent_months():
    baseline = essential_baseline(spending(100, 100, 100, 100, 500, 700), AS_OF, window=2)
    assert baseline.monthly == 600
    assert baseline.months_used == ("2026-05", "2026-06")


def test_month_with_activity_but_no_essential_spending_counts_as_zero():
    history = spending(300, start="2026-04") | spending(600, start="2026-06")
    baseline = essential_baseline(history, AS_OF, active_months={"2026-05"})
    assert baseline.months_used == ("2026-04", "2026-05", "2026-06")
    assert baseline.monthly == 300  # median of 300, 0, 600


def test_month_without_any_activity_is_left_out_rather_than_counted_as_zero():
    history = spending(300, start="2026-04") | spending(600, start="2026-06")
    baseline = essential_baseline(history, AS_OF)
    assert baseline.months_used == ("2026-04", "2026-06")
    assert baseline.monthly == 450


def test_baseline_breaks_spending_down_by_category():
    history = {
        "2026-04": {"housing": 200000, "groceries": 80000},
        "2026-05": {"housing": 200000, "groceries": 90000, "healthcare": 30000},
        "2026-06": {"housing": 200000, "groceries": 70000},
    }
    baseline = essential_baseline(history, AS_OF)
    assert baseline.by_category == {"groceries": 80000, "healthcare": 0, "housing": 200000}
    assert baseline.monthly == 280000


def test_without_history_the_figure_the_user_entered_is_used():
    baseline = essential_baseline({}, AS_OF, manual=250000)
    assert baseline == Baseline(250000, "manual")
    assert baseline.months_used == ()


def test_history_wins_over_the_manual_figure():
    baseline = essential_baseline(spending(100000, start="2026-06"), AS_OF, manual=250000)
    assert (baseline.source, baseline.monthly) == ("history", 100000)


def test_without_history_or_manual_figure_the_baseline_says_it_is_unknown():
    baseline = essential_baseline({}, AS_OF)
    assert baseline.source == "none"
    assert not baseline.known
    progress = reserve_progress(ReserveSettings(), [("2026-06", 100000)], {}, AS_OF)
    assert progress.target is None
    assert progress.percent is None
    assert progress.coverage_months is None
    assert progress.projected_date is None
    assert progress.balance == 100000
    assert "enter your monthly essential spending" in coverage_sentence(progress)


def test_fixed_target_works_without_any_baseline():
    progress = reserve_progress(ReserveSettings(fixed_amount=1000000),
                                [("2026-06", 250000)], {}, AS_OF)
    assert progress.target == 1000000
    assert progress.percent == Decimal("25")
    assert progress.coverage_months is None


# --- balance, contributions and projection ---------------------------------------------

def progress_with(balances, target=1_200_000, as_of=AS_OF, **kwargs):
    return reserve_progress(ReserveSettings(fixed_amount=target), balances,
                            spending(*[100000] * 6), as_of, **kwargs)


def test_average_contribution_is_the_net_change_over_the_last_three_full_months():
    progress = progress_with([("2026-03", 100000), ("2026-04", 130000), ("2026-05", 160000),
                              ("2026-06", 190000), ("2026-07", 195000)])
    assert progress.balance == 195000  # the current month's latest balance
    assert progress.avg_monthly_contribution == 30000  # (190000 - 100000) / 3


def test_withdrawals_lower_the_balance_and_the_pace():
    progress = progress_with([("2026-03", 300000), ("2026-04", 330000), ("2026-05", 360000),
                              ("2026-06", 150000)])
    assert progress.balance == 150000
    assert progress.avg_monthly_contribution == -50000
    assert progress.projected_date is None  # "not at this pace"


def test_positive_pace_projects_the_month_the_target_is_reached():
    progress = progress_with([("2026-03", 0), ("2026-06", 300000)])
    assert progress.avg_monthly_contribution == 100000
    # 900000 left at 100000 a month: nine months after 2026-07-15
    assert progress.projected_date == date(2027, 4, 15)


def test_partial_last_month_of_pace_still_counts_as_a_month():
    progress = progress_with([("2026-03", 0), ("2026-06", 300000)], target=1_250_000)
    assert progress.projected_date == date(2027, 5, 15)


def test_zero_pace_never_reaches_the_target_and_does_not_divide_by_zero():
    progress = progress_with([("2026-01", 300000)])
    assert progress.avg_monthly_contribution == 0
    assert progress.projected_date is None


def test_target_already_reached_is_reached_today():
    progress = progress_with([("2026-06", 1_300_000)])
    assert progress.reached
    assert progress.projected_date == AS_OF
    assert progress.percent == Decimal("108.3")


def test_balances_after_as_of_are_ignored():
    progress = progress_with([("2026-06", 100000), ("2026-09", 900000)])
    assert progress.balance == 100000


def test_no_balances_at_all_means_an_empty_reserve():
    progress = progress_with([])
    assert (progress.balance, progress.avg_monthly_contribution) == (0, 0)
    assert progress.percent == Decimal("0")


def test_projection_series_runs_from_this_month_until_the_target():
    series = projection_series(300000, 100000, 600000, AS_OF)
    assert series == [("2026-07", 300000), ("2026-08", 400000), ("2026-09", 500000),
                      ("2026-10", 600000)]


def test_projection_series_stops_after_24_months_when_the_target_is_far():
    series = projection_series(0, 1000, 10_000_000, AS_OF)
    assert len(series) == 25
    assert series[-1] == ("2028-07", 24000)


def test_projection_series_with_falling_balance_stops_at_zero():
    series = projection_series(100000, -60000, 600000, AS_OF, horizon=3)
    assert [amount for _label, amount in series] == [100000, 40000, 0, 0]


def test_projection_series_is_empty_once_the_target_is_reached():
    assert projection_series(600000, 100000, 600000, AS_OF) == []


# --- needed per month ------------------------------------------------------------------

def test_needed_per_month_is_rounded_up_to_the_fen():
    # 1000.00 over 3 months is 333.333..., rounded up so the target is really reached
    assert needed_per_month(200000, 100000, date(2026, 10, 15), AS_OF) == 33334


def test_needed_per_month_counts_whole_months_only():
    assert needed_per_month(300000, 0, date(2026, 10, 14), AS_OF) == 150000
    assert needed_per_month(300000, 0, date(2026, 10, 15), AS_OF) == 100000


def test_needed_per_month_by_a_date_this_month_is_the_whole_remainder():
    assert needed_per_month(300000, 100000, date(2026, 7, 31), AS_OF) == 200000


def test_needed_per_month_by_a_past_date_is_refused_clearly():
    with pytest.raises(ReserveError, match="Pick a date after 2026-07-15"):
        needed_per_month(300000, 100000, date(2026, 7, 1), AS_OF)


def test_nothing_is_needed_once_the_target_is_reached():
    assert needed_per_month(300000, 300000, date(2026, 7, 1), AS_OF) == 0


def test_month_end_to_shorter_month_end_is_a_whole_month():
    assert needed_per_month(100000, 0, date(2026, 2, 28), date(2026, 1, 31)) == 100000


# --- milestones and the starter fund ---------------------------------------------------

def test_milestones_record_the_month_end_each_was_first_reached():
    progress = reserve_progress(
        ReserveSettings(months=6, starter=50000),
        [("2026-01", 60000), ("2026-02", 120000), ("2026-03", 90000),
         ("2026-04", 330000), ("2026-07", 400000)],
        spending(*[100000] * 6), AS_OF)
    reached = {m.name: (m.amount, m.reached_on) for m in progress.milestones}
    assert reached == {
        "starter": (50000, date(2026, 1, 31)),
        "1 month": (100000, date(2026, 2, 28)),
        "3 months": (300000, date(2026, 4, 30)),
        "target": (600000, None),
    }
    assert [m.amount for m in progress.milestones] == [50000, 100000, 300000, 600000]


def test_milestone_reached_this_month_is_dated_today_not_the_future_month_end():
    progress = progress_with([("2026-07", 300000)])
    three_months = next(m for m in progress.milestones if m.name == "3 months")
    assert three_months.reached_on == AS_OF


def test_milestones_with_equal_amounts_appear_once_under_the_clearer_name():
    progress = reserve_progress(ReserveSettings(months=6), [], spending(*[100000] * 6), AS_OF)
    # default starter == 1 month and target == 6 months
    assert [(m.name, m.amount) for m in progress.milestones] == [
        ("starter", 100000), ("3 months", 300000), ("target", 600000)]


def test_milestones_beyond_the_target_are_not_shown():
    progress = reserve_progress(ReserveSettings(months=3), [], spending(*[100000] * 6), AS_OF)
    assert [m.name for m in progress.milestones] == ["starter", "target"]


def test_high_interest_loan_suggests_the_starter_fund_first():
    settings = ReserveSettings(months=6)
    history = spending(*[100000] * 6)
    below = reserve_progress(settings, [("2026-06", 50000)], history, AS_OF,
                             max_loan_apr=Decimal("0.18"))
    assert below.suggest_starter_first


def test_no_starter_suggestion_at_the_threshold_without_loans_or_once_reached():
    settings = ReserveSettings(months=6)
    history = spending(*[100000] * 6)
    for apr, balance in [(Decimal("0.10"), 0), (None, 0), (Decimal("0.24"), 100000)]:
        progress = reserve_progress(settings, [("2026-06", balance)], history, AS_OF,
                                    max_loan_apr=apr)
        assert not progress.suggest_starter_first, (apr, balance)
