"""Replaying payments: on-time, partial, late, early and payoff, with grace and penalty."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.domain.loans import LoanError, LoanTerms, Method, build_schedule, preset_terms
from budget.domain.repayment import Payment, Status, payoff_quote, replay, status_for

DRAW = date(2026, 1, 15)
DUE = date(2026, 2, 15)  # one month after DRAW


def daily_bullet(**changes) -> LoanTerms:
    """¥2,000.00 for one month at 0.05%/day: interest 31 days × ¥1.00 = ¥31.00."""
    values = {"principal": 200_000, "periods": 1, "method": Method.BULLET, "start": DRAW,
              "daily_rate": Decimal("0.0005")}
    values.update(changes)
    return LoanTerms(**values)


def day(offset: int) -> date:
    return DUE + timedelta(days=offset)


def only(terms: LoanTerms, payments=(), as_of=DUE):
    return replay(terms, build_schedule(terms), payments, as_of).installments[0]


@pytest.mark.parametrize("grace", [0, 1])
def test_two_days_late_costs_two_yuan_interest_and_one_yuan_penalty(grace):
    loan = daily_bullet(grace_days=grace)
    owed = 200_000 + 3_100 + 200 + 100

    paid = only(loan, [Payment(day(2), owed)], as_of=day(10))

    assert (paid.late_interest, paid.penalty) == (200, 100)
    assert (paid.paid_penalty, paid.paid_interest, paid.paid_principal) == (100, 3_300, 200_000)
    assert paid.status is Status.PAID_LATE
    assert paid.paid_on == day(2)
    assert paid.amount_due == 0


def test_penalty_can_count_from_the_end_of_grace_instead():
    loan = daily_bullet(grace_days=1, penalty_from_due_date=False)

    assert only(loan, as_of=day(2)).penalty == 50


def test_grace_boundaries_due_day_last_grace_day_and_the_day_after():
    loan = daily_bullet(grace_days=1)

    on_due, in_grace, overdue = (only(loan, as_of=day(k)) for k in (0, 1, 2))

    assert (on_due.status, on_due.late_interest, on_due.penalty) == (Status.DUE_TODAY, 0, 0)
    assert (in_grace.status, in_grace.late_interest, in_grace.penalty) == (Status.IN_GRACE, 100, 0)
    assert (overdue.status, overdue.penalty, overdue.days_overdue) == (Status.OVERDUE, 100, 2)
    assert in_grace.days_overdue == 0
    assert in_grace.days_until == -1


def test_paying_on_the_last_grace_day_is_on_time_and_penalty_free():
    loan = daily_bullet(grace_days=1)

    paid = only(loan, [Payment(day(1), 203_200)], as_of=day(5))

    assert (paid.status, paid.penalty, paid.amount_due) == (Status.PAID, 0, 0)


def test_missing_grace_by_one_day_makes_the_penalty_jump_from_the_due_date():
    loan = daily_bullet(grace_days=1, late_fee=1_000)

    last_grace_day = only(loan, as_of=day(1))
    first_overdue_day = only(loan, as_of=day(2))

    # Tomorrow: one more day of interest (1.00), two days of penalty (1.00) and the fee.
    assert last_grace_day.next_day_cost == 100 + 100 + 1_000
    assert first_overdue_day.penalty == 100 + 1_000
    assert first_overdue_day.next_day_cost == 150


def test_late_fee_is_charged_once_however_long_it_is_overdue():
    loan = daily_bullet(late_fee=1_000, penalty_multiplier=Decimal(0))

    assert only(loan, as_of=day(30)).penalty == 1_000


def test_nothing_more_is_charged_for_an_installment_not_yet_due():
    upcoming = only(daily_bullet(), as_of=day(-10))

    assert (upcoming.status, upcoming.next_day_cost, upcoming.amount_due) == (
        Status.UPCOMING, 0, 203_100)


@pytest.mark.parametrize(("offset", "status"), [
    (-4, Status.UPCOMING), (-3, Status.DUE_SOON), (-1, Status.DUE_SOON),
    (0, Status.DUE_TODAY), (1, Status.IN_GRACE), (2, Status.IN_GRACE), (3, Status.OVERDUE),
])
def test_reminder_lead_and_grace_set_the_status_of_an_unpaid_installment(offset, status):
    assert status_for(DUE, day(offset), lead_days=3, grace_days=2) is status


def weilidai() -> LoanTerms:
    """¥5,000.00 over 10 periods: ¥500.00 principal each, 0.05%/day, grace 1."""
    return preset_terms("weilidai", 500_000, DRAW)


def test_a_small_payment_clears_penalty_then_interest_then_principal_oldest_first():
    loan = weilidai()
    schedule = build_schedule(loan)
    as_of = schedule[1].due_date + timedelta(days=5)  # #1 is 33 days late, #2 5 days
    before = replay(loan, schedule, [], as_of).installments
    first_penalty = before[0].penalty

    after = replay(loan, schedule, [Payment(as_of, first_penalty + 100)], as_of).installments

    assert after[0].paid_penalty == first_penalty
    assert after[0].paid_interest == 100
    assert after[0].paid_principal == 0
    assert after[1].paid_penalty == after[1].paid_interest == 0


def test_partial_payment_reduces_the_principal_the_penalty_runs_on():
    loan = daily_bullet()
    partly = [Payment(day(0), 3_100 + 100_000)]  # the interest and half the principal

    state = only(loan, partly, as_of=day(2))

    assert state.paid_principal == 100_000
    assert (state.late_interest, state.penalty) == (100, 50)
    assert state.amount_due == 100_000 + 100 + 50
    assert state.status is Status.OVERDUE


def test_paying_an_installment_early_marks_it_paid_and_moves_on_to_the_next():
    loan = weilidai()
    schedule = build_schedule(loan)
    early = schedule[0].due_date - timedelta(days=5)

    state = replay(loan, schedule, [Payment(early, schedule[0].payment)], early)

    first = state.installments[0]
    assert (first.status, first.paid_on, first.amount_due) == (Status.PAID, early, 0)
    assert state.next_due.number == 2
    # Five days early costs five days less interest (¥12.50), which prepays principal.
    assert first.interest == schedule[0].interest - 1_250
    assert state.outstanding_principal == 450_000 - 1_250


def test_paying_every_installment_on_its_due_date_settles_the_loan_without_penalty():
    loan = weilidai()
    schedule = build_schedule(loan)
    payments = [Payment(row.due_date, row.payment) for row in schedule]

    state = replay(loan, schedule, payments, schedule[-1].due_date + timedelta(days=40))

    assert all(row.status is Status.PAID for row in state.installments)
    assert (state.outstanding_principal, state.total_penalty, state.unapplied) == (0, 0, 0)
    assert state.total_paid == sum(row.payment for row in schedule)
    assert state.next_due is None


def test_payments_after_the_day_shown_are_not_counted_yet():
    loan = daily_bullet()

    state = only(loan, [Payment(day(3), 203_100)], as_of=day(0))

    assert (state.paid_principal, state.status) == (0, Status.DUE_TODAY)


def test_daily_loan_payoff_charges_interest_only_for_the_days_used():
    loan = weilidai()
    schedule = build_schedule(loan)
    on = schedule[0].due_date + timedelta(days=10)
    payments = [Payment(schedule[0].due_date, schedule[0].payment)]

    quote = payoff_quote(loan, schedule, payments, on)

    # ¥4,500.00 left × 0.05% × 10 days = ¥22.50.
    assert quote == 450_000 + 2_250


def test_paying_the_quote_closes_the_loan_and_waives_later_interest():
    loan = weilidai()
    schedule = build_schedule(loan)
    on = schedule[0].due_date + timedelta(days=10)
    payments = [Payment(schedule[0].due_date, schedule[0].payment)]
    payments.append(Payment(on, payoff_quote(loan, schedule, payments, on)))

    state = replay(loan, schedule, payments, on + timedelta(days=400))

    assert state.outstanding_principal == 0
    assert state.unapplied == 0
    assert state.installments[1].interest == 2_250
    assert len(state.installments) == 2  # the eight installments left are not needed
    assert all(row.status is Status.PAID for row in state.installments)
    assert payoff_quote(loan, schedule, payments, on + timedelta(days=400)) == 0


def test_paying_more_than_the_quote_leaves_a_credit():
    loan = daily_bullet()

    state = replay(loan, build_schedule(loan), [Payment(day(-21), 250_000)], day(0))

    # Closed on the 10th day: ¥2,000.00 + 10 × ¥1.00.
    assert state.installments[0].interest == 1_000
    assert state.unapplied == 250_000 - 201_000


def test_payoff_includes_what_is_overdue_with_its_penalty():
    loan = daily_bullet()

    assert payoff_quote(loan, build_schedule(loan), [], day(2)) == 203_100 + 200 + 100


def test_a_payment_of_nothing_is_refused():
    with pytest.raises(LoanError, match="more than zero"):
        Payment(DUE, 0)


loans = st.builds(
    LoanTerms,
    principal=st.integers(100, 10**8),
    periods=st.integers(1, 24),
    method=st.sampled_from([m for m in Method if m is not Method.CUSTOM]),
    start=st.just(DRAW),
    daily_rate=st.decimals(0, "0.001", places=5),
    grace_days=st.integers(0, 3),
    late_fee=st.integers(0, 5_000),
)
payment_lists = st.lists(
    st.builds(Payment, paid_on=st.dates(DRAW, date(2028, 12, 31)), amount=st.integers(1, 10**7)),
    max_size=8,
)


@settings(max_examples=100, deadline=None)
@given(loan=loans, payments=payment_lists, as_of=st.dates(DRAW, date(2029, 6, 30)))
def test_no_payment_history_produces_a_negative_or_overpaid_balance(loan, payments, as_of):
    schedule = build_schedule(loan)

    state = replay(loan, schedule, payments, as_of)

    applied = 0
    for row in state.installments:
        assert 0 <= row.paid_principal <= row.principal
        assert 0 <= row.paid_interest <= row.interest + row.late_interest
        assert 0 <= row.paid_penalty <= row.penalty
        assert row.amount_due >= 0 and row.next_day_cost >= 0
        applied += row.paid_principal + row.paid_interest + row.paid_penalty
    assert applied + state.prepaid_principal + state.charges_paid + state.unapplied == \
        state.total_paid
    assert 0 <= state.outstanding_principal <= loan.principal
    assert payoff_quote(loan, schedule, payments, as_of) >= state.outstanding_principal - (
        state.unapplied)


@settings(max_examples=100, deadline=None)
@given(loan=loans, payments=payment_lists, days=st.integers(0, 800))
def test_paying_the_quote_always_closes_the_loan(loan, payments, days):
    schedule = build_schedule(loan)
    on = DRAW + timedelta(days=days)
    earlier = [payment for payment in payments if payment.paid_on < on]
    quote = payoff_quote(loan, schedule, earlier, on)
    closing = earlier + ([Payment(on, quote)] if quote else [])

    state = replay(loan, schedule, closing, on)

    assert state.outstanding_principal == 0
    assert all(row.amount_due == 0 for row in state.installments)
