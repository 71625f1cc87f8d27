"""Loan schedules match the lender to the fen, and the APR shows the true cost."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.domain.loans import (
    PRESETS,
    Installment,
    LoanError,
    LoanTerms,
    Method,
    apr,
    build_schedule,
    custom_schedule,
    due_dates,
    preset_terms,
    round_half_up,
)

DRAW = date(2026, 1, 15)


def terms(**changes) -> LoanTerms:
    values = {"principal": 1_000_000, "periods": 12, "method": Method.EQUAL_INSTALLMENT,
              "start": DRAW, "annual_rate": Decimal("0.12")}
    values.update(changes)
    return LoanTerms(**values)


def test_equal_installment_matches_the_published_vector_to_the_fen():
    schedule = build_schedule(terms())

    first, last = schedule[0], schedule[-1]
    assert first.payment == 88_849
    assert (first.interest, first.principal) == (10_000, 78_849)
    assert 1_000_000 - first.principal == 921_151
    assert all(row.payment == 88_849 for row in schedule[:-1])
    assert (last.interest, last.principal, last.payment) == (880, 87_967, 88_847)
    assert sum(row.interest for row in schedule) == 66_186


def test_equal_principal_payments_fall_by_ten_yuan_a_month():
    schedule = build_schedule(terms(principal=1_200_000, method=Method.EQUAL_PRINCIPAL))

    assert [row.payment for row in schedule] == [112_000 - 1_000 * k for k in range(12)]
    assert sum(row.interest for row in schedule) == 78_000


def test_a_daily_rate_on_a_monthly_method_is_converted_through_the_year():
    # 0.12 / 365 a day is exactly 1% a month once multiplied back by 365 / 12.
    by_day = terms(annual_rate=None, daily_rate=Decimal("0.12") / 365)

    assert by_day.monthly == pytest.approx(Decimal("0.01"))
    assert build_schedule(by_day)[0].interest == 10_000


def test_interest_first_pays_interest_monthly_and_principal_at_the_end():
    schedule = build_schedule(terms(method=Method.INTEREST_FIRST, periods=3))

    assert [(row.principal, row.interest) for row in schedule] == [
        (0, 10_000), (0, 10_000), (1_000_000, 10_000)]


def test_daily_loan_charges_interest_for_the_actual_days_of_each_period():
    loan = terms(method=Method.DAILY_EQUAL_PRINCIPAL, annual_rate=None,
                 daily_rate=Decimal("0.0005"), principal=1_200_000, periods=3)

    schedule = build_schedule(loan)

    # 2026-01-15 -> 02-15 is 31 days, -> 03-15 is 28 days, -> 04-15 is 31 days.
    assert [row.principal for row in schedule] == [400_000, 400_000, 400_000]
    assert [row.interest for row in schedule] == [18_600, 11_200, 6_200]


def test_daily_loan_equal_principal_rounds_and_the_last_period_absorbs_the_remainder():
    loan = terms(method=Method.DAILY_EQUAL_PRINCIPAL, annual_rate=None,
                 daily_rate=Decimal("0.0005"), principal=100_000, periods=3)

    assert [row.principal for row in build_schedule(loan)] == [33_333, 33_333, 33_334]


def test_bullet_with_a_monthly_rate_pays_principal_and_simple_interest_at_the_end():
    schedule = build_schedule(terms(method=Method.BULLET, periods=6))

    assert schedule == [Installment(1, date(2026, 7, 15), 1_000_000, 60_000)]


def test_bullet_with_a_daily_rate_pays_interest_for_the_days_used():
    loan = terms(method=Method.BULLET, periods=1, annual_rate=None, daily_rate=Decimal("0.0005"))

    assert build_schedule(loan) == [Installment(1, date(2026, 2, 15), 1_000_000, 15_500)]


def test_zero_rate_loans_repay_only_the_principal():
    for method in (Method.EQUAL_INSTALLMENT, Method.EQUAL_PRINCIPAL, Method.BULLET):
        schedule = build_schedule(terms(method=method, annual_rate=Decimal(0), periods=3))
        assert sum(row.interest for row in schedule) == 0
        assert sum(row.principal for row in schedule) == 1_000_000


def test_due_dates_fall_on_the_last_day_of_short_months():
    loan = terms(start=date(2026, 1, 31), periods=4)

    assert due_dates(loan) == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30),
                               date(2026, 5, 31)]


def test_the_users_first_due_date_and_due_day_are_kept():
    loan = terms(first_due=date(2026, 2, 10), due_day=20, periods=3)

    assert due_dates(loan) == [date(2026, 2, 10), date(2026, 3, 20), date(2026, 4, 20)]


def test_first_due_date_sets_the_due_day_when_none_is_given():
    loan = terms(first_due=date(2026, 2, 5), periods=2)

    assert due_dates(loan) == [date(2026, 2, 5), date(2026, 3, 5)]


def test_rates_are_shown_both_daily_and_annually():
    daily = terms(annual_rate=None, daily_rate=Decimal("0.0005"))
    annual = terms(annual_rate=Decimal("0.1825"))

    assert daily.annual == Decimal("0.1825")
    assert annual.daily == Decimal("0.0005")


@pytest.mark.parametrize(("changes", "message"), [
    ({"principal": -100}, "principal"),
    ({"principal": 0}, "principal"),
    ({"periods": 0}, "periods"),
    ({"periods": 361}, "periods"),
    ({"annual_rate": None}, "exactly one rate"),
    ({"daily_rate": Decimal("0.0005")}, "exactly one rate"),
    ({"annual_rate": Decimal("1.2")}, "annual rate"),
    ({"annual_rate": Decimal("-0.01")}, "annual rate"),
    ({"annual_rate": None, "daily_rate": Decimal("0.05")}, "daily rate"),
    ({"due_day": 32}, "due day"),
    ({"first_due": DRAW}, "first due date"),
    ({"grace_days": -1}, "cannot be negative"),
    ({"late_fee": -1}, "cannot be negative"),
    ({"method": "weekly"}, "not a repayment method"),
])
def test_unusable_terms_are_refused_with_a_reason(changes, message):
    with pytest.raises(LoanError, match=message):
        terms(**changes)


def test_method_given_as_text_is_read():
    assert terms(method="equal-principal").method is Method.EQUAL_PRINCIPAL


def test_custom_method_takes_the_lenders_rows_not_a_computed_schedule():
    with pytest.raises(LoanError, match="lender's rows"):
        build_schedule(terms(method=Method.CUSTOM))


def test_custom_schedule_keeps_the_lenders_rounding():
    rows = [(date(2026, 2, 15), 50_000, 1_551), (date(2026, 3, 15), 50_000, 700)]

    schedule = custom_schedule(rows, principal=100_000)

    assert [(row.number, row.payment) for row in schedule] == [(1, 51_551), (2, 50_700)]


@pytest.mark.parametrize(("rows", "message"), [
    ([], "at least one row"),
    ([(date(2026, 3, 15), 1, 0), (date(2026, 2, 15), 1, 0)], "Row 2"),
    ([(date(2026, 3, 15), 1, 0), (date(2026, 3, 15), 1, 0)], "Row 2"),
    ([(date(2026, 3, 15), -1, 0)], "negative"),
    ([(date(2026, 3, 15), 99, 0)], "repay 0.99 of principal"),
])
def test_custom_rows_out_of_order_or_not_adding_up_are_refused(rows, message):
    with pytest.raises(LoanError, match=message):
        custom_schedule(rows, principal=100)


def test_a_daily_loan_at_five_hundredths_percent_costs_about_twenty_percent_a_year():
    loan = terms(method=Method.DAILY_EQUAL_PRINCIPAL, annual_rate=None,
                 daily_rate=Decimal("0.0005"), principal=1_200_000)

    assert Decimal("0.195") < apr(loan) < Decimal("0.205")


def test_apr_of_a_zero_rate_loan_is_zero():
    assert apr(terms(annual_rate=Decimal(0))) == 0


def test_apr_of_a_one_year_bullet_equals_its_simple_rate():
    loan = terms(method=Method.BULLET, start=date(2025, 1, 15), annual_rate=Decimal("0.12"))

    # 365 days: effective annual == nominal simple rate.
    assert apr(loan) == Decimal("0.120000")


def test_apr_accepts_a_principal_with_a_typed_schedule():
    schedule = custom_schedule([(date(2027, 1, 15), 100_000, 10_000)])

    assert apr(100_000, DRAW, schedule) == Decimal("0.100000")


def test_apr_needs_a_start_and_a_schedule_for_a_bare_principal():
    with pytest.raises(LoanError, match="draw date"):
        apr(100_000)


def test_weilidai_preset_builds_a_ten_period_daily_loan_with_one_day_grace():
    loan = preset_terms("weilidai", 500_000, DRAW)

    assert (loan.method, loan.periods, loan.grace_days) == (Method.DAILY_EQUAL_PRINCIPAL, 10, 1)
    assert loan.daily == Decimal("0.0005")
    assert len(build_schedule(loan)) == 10


def test_credit_card_preset_is_one_statement_repayment_and_user_figures_win():
    loan = preset_terms("credit-card", 300_000, DRAW, grace_days=3)

    assert loan.method is Method.BULLET
    assert loan.grace_days == 3
    assert len(build_schedule(loan)) == 1
    assert set(PRESETS) == {"weilidai", "credit-card"}


def test_unknown_preset_is_refused():
    with pytest.raises(LoanError, match="not a preset"):
        preset_terms("payday", 100, DRAW)


computed_methods = st.sampled_from([m for m in Method if m is not Method.CUSTOM])


@settings(max_examples=100, deadline=None)
@given(
    method=computed_methods,
    principal=st.integers(1, 10**10),
    periods=st.integers(1, 360),
    annual=st.decimals(0, "0.36", places=4),
    start=st.dates(date(2000, 1, 1), date(2060, 12, 31)),
)
def test_every_schedule_repays_exactly_the_principal_without_negative_amounts(
        method, principal, periods, annual, start):
    loan = LoanTerms(principal, periods, method, start, annual_rate=annual)

    schedule = build_schedule(loan)

    assert sum(row.principal for row in schedule) == principal
    assert all(row.principal >= 0 and row.interest >= 0 for row in schedule)
    balance = principal
    for row in schedule:
        balance -= row.principal
        assert balance >= 0
    # A bullet loan has one repayment whatever its term; every other method one a period.
    assert len(schedule) == (1 if method is Method.BULLET else periods)
    assert [row.due_date for row in schedule] == sorted({row.due_date for row in schedule})


@settings(max_examples=30, deadline=None)
@given(
    method=computed_methods,
    principal=st.integers(10_000, 10**9),
    periods=st.integers(1, 36),
    annual=st.decimals("0.01", "0.36", places=4),
)
def test_apr_is_never_below_zero_and_grows_with_the_rate(method, principal, periods, annual):
    cheaper = LoanTerms(principal, periods, method, DRAW, annual_rate=annual)
    dearer = LoanTerms(principal, periods, method, DRAW, annual_rate=annual + Decimal("0.02"))

    assert 0 <= apr(cheaper) <= apr(dearer)


def test_a_short_first_period_charges_the_days_used_and_a_long_one_the_months():
    one_day = build_schedule(terms(start=date(2026, 11, 30), first_due=date(2026, 12, 1)))
    five_days = build_schedule(terms(start=date(2026, 11, 30), due_day=5))
    three_months = build_schedule(terms(start=date(2026, 11, 30), first_due=date(2027, 2, 28)))

    # ¥10,000.00 at 1% a month: a day of a 30-day month, 5 days of December, three months.
    assert one_day[0].interest == 333
    assert five_days[0].due_date == date(2026, 12, 5) and five_days[0].interest == 1_667
    assert three_months[0].interest == 30_000
    assert [row.interest for row in one_day[1:3]] == [
        round_half_up(Decimal(1_000_000 - one_day[0].principal) / 100),
        one_day[2].interest]
