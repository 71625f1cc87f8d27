"""The loan engine charges interest only on what is owed: early, partial and split payments."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from budget.domain.engine import Restructure
from budget.domain.loans import (
    Installment,
    LoanTerms,
    Method,
    Prepayment,
    build_schedule,
    custom_schedule,
    preset_terms,
)
from budget.domain.repayment import Payment, Status, payoff_quote, replay


def weilidai_2027() -> LoanTerms:
    """The issue's 微粒贷: ¥5,000.00 drawn 2027-01-15, 0.05% a day, 10 installments."""
    return preset_terms("weilidai", 500_000, date(2027, 1, 15))


def car_loan(**changes) -> LoanTerms:
    """等额本息 ¥10,000.00 at 12% a year over 12 months from 2026-01-05."""
    values = {"principal": 1_000_000, "periods": 12, "method": Method.EQUAL_INSTALLMENT,
              "start": date(2026, 1, 5), "annual_rate": Decimal("0.12")}
    values.update(changes)
    return LoanTerms(**values)


def test_paying_part_of_a_daily_loan_early_costs_only_the_days_used():
    loan = weilidai_2027()
    schedule = build_schedule(loan)
    paid_on = date(2027, 1, 25)

    state = replay(loan, schedule, [Payment(paid_on, 200_000)], paid_on)

    first = state.installments[0]
    assert (first.paid_interest, first.status, first.paid_on) == (2_500, Status.PAID, paid_on)
    assert first.paid_principal + state.prepaid_principal == 197_500
    assert state.outstanding_principal == 302_500
    assert payoff_quote(loan, schedule, [Payment(paid_on, 200_000)], paid_on) == 302_500


def test_the_rest_paid_the_same_day_closes_the_daily_loan():
    loan = weilidai_2027()
    schedule = build_schedule(loan)
    payments = [Payment(date(2027, 1, 25), 200_000), Payment(date(2027, 1, 25), 302_500)]

    state = replay(loan, schedule, payments, date(2027, 6, 1))

    assert state.closed and state.outstanding_principal == 0
    assert state.unapplied == 0
    assert sum(row.paid_interest for row in state.installments) == 2_500
    assert payoff_quote(loan, schedule, payments, date(2027, 6, 1)) == 0


def test_the_quote_on_the_tenth_day_is_principal_and_ten_days_interest():
    loan = weilidai_2027()

    assert payoff_quote(loan, build_schedule(loan), [], date(2027, 1, 25)) == 502_500


def test_installment_and_all_remaining_principal_on_a_due_date_close_the_loan():
    loan = car_loan()
    schedule = build_schedule(loan)
    payments = [Payment(date(2026, 2, 5), 1_010_000)]

    assert payoff_quote(loan, schedule, [], date(2026, 2, 5)) == 1_010_000
    state = replay(loan, schedule, payments, date(2026, 12, 31))

    assert state.closed and state.outstanding_principal == 0
    assert state.interest_remaining == 0
    assert sum(row.paid_interest for row in state.installments) == 10_000
    assert all(row.status is Status.PAID for row in state.installments)


def test_paying_this_months_installment_early_pays_it_and_saves_the_days_interest():
    loan = weilidai_2027()
    schedule = build_schedule(loan)
    early = schedule[0].due_date - timedelta(days=5)  # 26 of the 31 days used

    state = replay(loan, schedule, [Payment(early, 50_000 + 6_500)], early)

    first = state.installments[0]
    assert (first.status, first.paid_on, first.interest) == (Status.PAID, early, 6_500)
    assert state.outstanding_principal == 450_000
    # From the payment on, #2's interest runs on ¥4,500.00 until its due date.
    second = state.installments[1]
    assert second.interest == 450_000 * 5 * (5 + 28) // 10_000


def test_a_second_early_payment_in_the_same_period_is_a_prepayment():
    loan = weilidai_2027()
    schedule = build_schedule(loan)
    early = date(2027, 2, 1)
    first = Payment(early, 50_000 + 4_250)  # #1: 17 days' interest and its principal

    state = replay(loan, schedule, [first, Payment(early, 45_000)], early)

    assert state.installments[1].paid_principal == 0
    assert state.prepaid_principal == 45_000
    # Keep the number of installments: ¥4,050.00 over the 9 still to come.
    assert [row.principal for row in state.installments[1:]] == [45_000] * 9


def test_keeping_the_installment_instead_shortens_the_loan():
    loan = car_loan(prepayment=Prepayment.KEEP_INSTALLMENT)
    schedule = build_schedule(loan)
    on = date(2026, 2, 5)

    state = replay(loan, schedule, [Payment(on, 88_849 + 300_000)], on)

    # #1 on its date, #2 paid ahead (so #3 carries the interest from today), the rest
    # prepaid: the installment stays ¥888.49 and the loan ends in November, not January.
    future = [row for row in state.installments if row.status is not Status.PAID]
    assert [row.number for row in future] == list(range(3, 11))
    assert all(row.payment == 88_849 for row in future[1:-1])
    assert future[-1].payment < 88_849
    assert sum(row.principal for row in future) == state.outstanding_principal == 621_151


def test_keeping_the_term_lowers_each_installment():
    loan = car_loan()
    schedule = build_schedule(loan)
    on = date(2026, 2, 5)

    state = replay(loan, schedule, [Payment(on, 88_849 + 300_000)], on)

    # #1 and #2 are paid; the ¥6,211.51 left is spread over all ten still to come.
    future = state.installments[2:]
    assert [row.number for row in future] == list(range(3, 13))
    assert max(row.payment for row in future[1:]) < 70_000
    assert sum(row.principal for row in future) == state.outstanding_principal == 621_151


def test_monthly_loan_early_payoff_charges_interest_for_the_days_used():
    loan = LoanTerms(1_200_000, 12, Method.EQUAL_PRINCIPAL, date(2026, 1, 15),
                     annual_rate=Decimal("0.12"))

    # 3 of January's 31 days: ¥12,000.00 × 1% × 3/31 = ¥11.61 (Civil Code art. 677).
    assert payoff_quote(loan, build_schedule(loan), [], date(2026, 1, 18)) == 1_200_000 + 1_161


def test_a_lender_charging_the_full_period_gets_the_whole_months_interest():
    loan = LoanTerms(1_200_000, 12, Method.EQUAL_PRINCIPAL, date(2026, 1, 15),
                     annual_rate=Decimal("0.12"), full_period_interest=True)

    assert payoff_quote(loan, build_schedule(loan), [], date(2026, 1, 18)) == 1_212_000


def test_a_prepayment_fee_is_charged_on_the_principal_prepaid():
    loan = car_loan(prepayment_fee=Decimal("0.01"))
    schedule = build_schedule(loan)
    on = date(2026, 2, 5)

    # #1 on its date, #2's principal (paid ahead, no fee), then 1% on ¥8,415.14 prepaid.
    assert payoff_quote(loan, schedule, [], on) == 1_010_000 + 8_415
    state = replay(loan, schedule, [Payment(on, 1_018_415)], on)
    assert state.closed and state.charges_paid == 8_415


def test_restructuring_replaces_the_unpaid_rest_with_a_new_segment():
    loan = weilidai_2027()
    schedule = build_schedule(loan)
    on = date(2027, 4, 20)
    new_terms = LoanTerms(300_000, 6, Method.EQUAL_INSTALLMENT, on, annual_rate=Decimal("0.12"))
    payments = [Payment(row.due_date, row.payment) for row in schedule[:2]]

    state = replay(loan, schedule, payments, on, [Restructure(on, new_terms)])

    new_plan = [row for row in state.installments if row.segment == 1]
    assert [row.payment for row in new_plan] == [51_765] * 5 + [51_761]
    assert sum(row.interest for row in new_plan) == 10_586
    assert [row.number for row in new_plan] == list(range(3, 9))
    assert all(row.status is Status.PAID for row in state.installments[:2])
    assert len(state.replaced) == 8
    assert state.outstanding_principal == 300_000


def test_interest_stopped_installments_repay_the_principal_alone():
    on = date(2027, 4, 20)
    stopped = LoanTerms(300_000, 6, Method.EQUAL_PRINCIPAL, on, annual_rate=Decimal(0))
    loan = weilidai_2027()

    state = replay(loan, build_schedule(loan), [], on, [Restructure(on, stopped)])

    assert [row.payment for row in state.installments] == [50_000] * 6


# --- invariants over every method and random payments --------------------------------

DRAW = date(2026, 1, 15)


@st.composite
def loans(draw, charges: bool = False):
    """Terms and a schedule for any method, custom rows included; with `charges`, some
    loans charge the full period or a prepayment fee (the lender's rules, domain.md §1)."""
    method = draw(st.sampled_from(list(Method)))
    rate = {"daily_rate": draw(st.decimals(0, "0.001", places=5))} if draw(st.booleans()) \
        else {"annual_rate": draw(st.decimals(0, "0.36", places=4))}
    values = dict(principal=draw(st.integers(100, 10**7)), periods=draw(st.integers(1, 18)),
                  method=Method.EQUAL_PRINCIPAL if method is Method.CUSTOM else method,
                  start=DRAW, grace_days=draw(st.integers(0, 3)),
                  late_fee=draw(st.sampled_from([0, 0, 1_000])),
                  prepayment=draw(st.sampled_from(list(Prepayment))), **rate)
    if charges:
        values.update(full_period_interest=draw(st.booleans()),
                      prepayment_fee=draw(st.sampled_from([Decimal(0), Decimal("0.015")])))
    terms = LoanTerms(**values)
    schedule = build_schedule(terms)
    if method is Method.CUSTOM:
        jitter = draw(st.lists(st.integers(0, 300), min_size=len(schedule),
                               max_size=len(schedule)))
        schedule = custom_schedule([(row.due_date, row.principal, row.interest + extra)
                                    for row, extra in zip(schedule, jitter, strict=True)],
                                   terms.principal)
        terms = LoanTerms(**{**values, "method": Method.CUSTOM})
    return terms, schedule


payment_days = st.integers(0, 700)
payment_lists = st.lists(st.tuples(payment_days, st.integers(1, 4_000_000)), max_size=6)


def _payments(pairs) -> list[Payment]:
    return [Payment(DRAW + timedelta(days=offset), amount) for offset, amount in pairs]


def _fingerprint(state):
    return (state.outstanding_principal, state.total_paid, state.unapplied,
            state.prepaid_principal, state.charges_paid,
            [(row.number, row.due_date, row.principal, row.interest, row.paid_principal,
              row.paid_interest, row.paid_penalty, row.penalty, row.late_interest, row.status,
              row.amount_due) for row in state.installments])


def _affordable(terms, schedule, payments, on, wanted):
    """`wanted` capped at what closes the loan that day: more is refused, never applied."""
    return min(wanted, payoff_quote(terms, schedule, payments, on))


@settings(max_examples=150, deadline=None)
@given(loan=loans(charges=True), pairs=payment_lists, days=st.integers(0, 900))
def test_principal_repaid_never_exceeds_what_was_borrowed(loan, pairs, days):
    terms, schedule = loan
    state = replay(terms, schedule, _payments(pairs), DRAW + timedelta(days=days))

    repaid = sum(row.paid_principal for row in state.installments) + state.prepaid_principal
    assert 0 <= repaid <= terms.principal
    assert repaid + state.outstanding_principal == terms.principal
    applied = sum(row.paid_principal + row.paid_interest + row.paid_penalty
                  for row in state.installments)
    assert applied + state.prepaid_principal + state.charges_paid + state.unapplied == \
        state.total_paid
    for row in state.installments:
        assert row.amount_due >= 0 and row.next_day_cost >= 0
        assert 0 <= row.paid_interest <= row.interest + row.late_interest


@settings(max_examples=150, deadline=None)
@given(loan=loans(charges=True), pairs=payment_lists, day=payment_days,
       later=st.integers(0, 400))
def test_paying_the_quote_closes_the_loan_with_nothing_left_over_or_owed(loan, pairs, day,
                                                                        later):
    terms, schedule = loan
    on = DRAW + timedelta(days=day)
    earlier = [payment for payment in _payments(pairs) if payment.paid_on < on]
    quote = payoff_quote(terms, schedule, earlier, on)
    closing = earlier + ([Payment(on, quote)] if quote else [])

    for as_of in (on, on + timedelta(days=later)):
        state = replay(terms, schedule, closing, as_of)
        assert state.closed and state.outstanding_principal == 0
        assert state.unapplied == (replay(terms, schedule, earlier, on).unapplied)
        assert all(row.amount_due == 0 for row in state.installments)
        assert payoff_quote(terms, schedule, closing, as_of) == 0


@settings(max_examples=150, deadline=None)
@given(loan=loans(), pairs=payment_lists, day=payment_days, split=st.floats(0.01, 0.99),
       wanted=st.integers(2, 4_000_000), later=st.integers(1, 400))
def test_one_payment_or_the_same_money_split_the_same_day_leave_the_same_loan(
        loan, pairs, day, split, wanted, later):
    terms, schedule = loan
    on = DRAW + timedelta(days=day)
    earlier = [payment for payment in _payments(pairs) if payment.paid_on < on]
    amount = _affordable(terms, schedule, earlier, on, wanted)
    first = int(amount * split)
    if amount < 2 or not 0 < first < amount:
        return
    whole = earlier + [Payment(on, amount)]
    parts = earlier + [Payment(on, first), Payment(on, amount - first)]

    for as_of in (on, on + timedelta(days=later)):
        assert _fingerprint(replay(terms, schedule, whole, as_of)) == \
            _fingerprint(replay(terms, schedule, parts, as_of))


@settings(max_examples=150, deadline=None)
@given(loan=loans(), pairs=payment_lists, day=payment_days, wanted=st.integers(1, 4_000_000),
       more=st.integers(1, 5_000), later=st.integers(0, 400))
def test_paying_a_little_more_never_leaves_more_owed(loan, pairs, day, wanted, more, later):
    terms, schedule = loan
    on = DRAW + timedelta(days=day)
    earlier = [payment for payment in _payments(pairs) if payment.paid_on < on]
    if payoff_quote(terms, schedule, earlier, on) == 0:
        return
    less = _affordable(terms, schedule, earlier, on, wanted)
    greater = _affordable(terms, schedule, earlier, on, less + more)

    for as_of in (on, on + timedelta(days=later)):
        owed_less = payoff_quote(terms, schedule, earlier + [Payment(on, less)], as_of)
        owed_more = payoff_quote(terms, schedule, earlier + [Payment(on, greater)], as_of)
        assert owed_more <= owed_less


@settings(max_examples=150, deadline=None)
@given(loan=loans(charges=True), pairs=payment_lists, day=payment_days,
       later=st.integers(1, 400))
def test_once_the_principal_is_repaid_only_penalty_and_late_interest_can_be_owed(
        loan, pairs, day, later):
    terms, schedule = loan
    as_of = DRAW + timedelta(days=day)
    payments = _payments(pairs)
    state = replay(terms, schedule, payments, as_of)
    if state.outstanding_principal:
        return
    unpaid_charges = sum(row.penalty - row.paid_penalty + max(
        row.interest + row.late_interest - row.paid_interest, 0)
        for row in state.installments if row.status not in (Status.PAID, Status.PAID_LATE))

    assert payoff_quote(terms, schedule, payments, as_of) == unpaid_charges
    assert payoff_quote(terms, schedule, [p for p in payments if p.paid_on <= as_of],
                        as_of + timedelta(days=later)) == unpaid_charges
    assert state.interest_remaining == sum(
        row.late_interest + row.interest - row.paid_interest for row in state.installments
        if row.status not in (Status.PAID, Status.PAID_LATE))


def test_a_schedule_paid_on_every_due_date_reproduces_the_lenders_rows():
    rows = [(date(2026, 2, 15), 50_000, 1_240), (date(2026, 3, 15), 50_000, 620)]
    schedule = custom_schedule(rows, 100_000)
    loan = LoanTerms(100_000, 2, Method.CUSTOM, DRAW, daily_rate=Decimal("0.0004"))
    payments = [Payment(row.due_date, row.payment) for row in schedule]

    state = replay(loan, schedule, payments, date(2026, 4, 1))

    assert [row.interest for row in state.installments] == [1_240, 620]
    assert state.closed and state.unapplied == 0


def test_installments_keep_their_numbers_after_a_prepayment():
    loan = weilidai_2027()
    schedule = build_schedule(loan)

    state = replay(loan, schedule, [Payment(date(2027, 1, 20), 400_000)], date(2027, 1, 20))

    assert [row.number for row in state.installments] == list(range(1, 11))
    assert all(isinstance(row, Installment) for row in state.installments)
