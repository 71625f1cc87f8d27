"""Restructuring an overdue loan, and the playbook's standing and options, to the fen."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from budget.domain.engine import Restructure
from budget.domain.loans import LoanError, LoanTerms, Method, build_schedule, preset_terms
from budget.domain.playbook import script, standing_lines, standing_of
from budget.domain.repayment import Payment, Status, replay, run_loan, state_of
from budget.domain.restructure import (
    OptionKind,
    Owed,
    owed_on,
    restructure_for,
    standard_options,
)

ON = date(2026, 11, 30)
LOAN = LoanTerms(300_000, 6, Method.EQUAL_PRINCIPAL, date(2026, 6, 1),
                 annual_rate=Decimal("0.12"))


def test_three_thousand_as_six_equal_installments_at_one_percent_a_month():
    event = restructure_for(LOAN, Owed(ON, 300_000, 0, 0), method=Method.EQUAL_INSTALLMENT,
                            periods=6, annual_rate=Decimal("0.12"))

    assert [row.payment for row in event.schedule] == [51_765] * 5 + [51_761]
    assert sum(row.interest for row in event.schedule) == 10_586


def test_interest_stopped_with_the_penalty_waived_is_six_times_five_hundred():
    event = restructure_for(LOAN, Owed(ON, 300_000, 0, 1_250), method=Method.EQUAL_PRINCIPAL,
                            periods=6, annual_rate=Decimal(0), waive_penalty=True)

    assert [row.payment for row in event.schedule] == [50_000] * 6
    assert (event.waived_penalty, event.terms.principal) == (1_250, 300_000)


def test_interest_and_penalty_not_waived_are_repaid_in_the_new_plan():
    event = restructure_for(LOAN, Owed(ON, 300_000, 4_000, 1_000), method=Method.EQUAL_PRINCIPAL,
                            periods=4, annual_rate=Decimal(0), waive_interest=1_500)

    assert event.terms.principal == 300_000 + 4_000 - 1_500 + 1_000
    assert event.waived_interest == 1_500


@pytest.mark.parametrize("owed, changes, message", [
    (Owed(ON, 100, 50, 0), {"waive_interest": 60}, "interest waived"),
    (Owed(ON, 0, 0, 0), {}, "Nothing is owed"),
    (Owed(ON, 100, 0, 0), {"first_due": ON}, "first due date"),
])
def test_an_unusable_agreement_is_refused(owed, changes, message):
    with pytest.raises(LoanError, match=message):
        restructure_for(LOAN, owed, method=Method.EQUAL_PRINCIPAL, periods=3, **changes)


def weilidai_behind() -> tuple:
    """The demo's story: ¥5,000.00 微粒贷 drawn 2026-07-28, #1-#3 paid, #4 two days late."""
    terms = preset_terms("weilidai", 500_000, date(2026, 7, 28))
    schedule = build_schedule(terms)
    payments = [Payment(row.due_date, row.payment) for row in schedule[:3]]
    return terms, schedule, payments


def test_what_is_owed_splits_principal_interest_and_penalty():
    terms, schedule, payments = weilidai_behind()
    run, _allocations = run_loan(terms, schedule, payments, ON)

    owed = owed_on(run)

    # #4: 54.25 interest + 0.50 late; 2 days of #5's window on 3,000.00 = 3.00; penalty 0.25.
    assert (owed.principal, owed.interest, owed.penalty) == (350_000, 5_775, 25)
    assert owed.total == run.quote(ON)


def test_the_standing_says_how_much_how_late_and_what_a_day_costs():
    terms, schedule, payments = weilidai_behind()
    standing = standing_of(replay(terms, schedule, payments, ON), terms.grace_days)

    assert (standing.due_now, standing.installments, standing.days_overdue) == (55_500, 1, 2)
    assert (standing.penalty, standing.late_interest, standing.per_day) == (25, 50, 38)
    assert standing.past_grace
    text = " ".join(standing_lines(standing))
    assert "¥555.00 is due now" in text and "征信业管理条例 art. 15" in text
    assert "5 years" in text


def test_in_grace_the_playbook_says_paying_by_the_grace_day_costs_nothing():
    terms, schedule, payments = weilidai_behind()
    standing = standing_of(replay(terms, schedule, payments, date(2026, 11, 29)),
                           terms.grace_days)

    assert standing.grace_ends == date(2026, 11, 29)
    text = " ".join(standing_lines(standing))
    assert "by the end of 2026-11-29 costs no penalty and leaves no credit record" in text
    assert "征信" not in text


def test_every_option_is_priced_by_the_engine():
    terms, schedule, payments = weilidai_behind()
    run, _allocations = run_loan(terms, schedule, payments, ON)

    options = {option.kind: option for option in standard_options(run, terms, 60_000)}

    pay_now = options[OptionKind.PAY_NOW]
    assert (pay_now.first_payment, pay_now.extra_cost, pay_now.fits) == (55_500, 0, True)
    waiver = options[OptionKind.WAIVER]
    assert waiver.extra_cost == -75  # the ¥0.25 penalty and ¥0.50 late interest
    stopped = options[OptionKind.INTEREST_STOPPED]
    assert stopped.total == 350_000 + 5_775  # principal and accrued interest, no more
    assert stopped.periods == 24
    installments = options[OptionKind.INSTALLMENTS]
    assert installments.periods == 12 and installments.extra_cost > 0
    assert installments.restructure.terms.principal == owed_on(run).total
    for option in options.values():
        if option.restructure is not None and option.restructure.terms is not None:
            plan = option.restructure.schedule
            assert option.total == sum(row.payment for row in plan)


def test_an_option_that_does_not_fit_the_surplus_says_so():
    terms, schedule, payments = weilidai_behind()
    run, _allocations = run_loan(terms, schedule, payments, ON)

    options = standard_options(run, terms, surplus=20_000)

    fits = {option.kind: option.fits for option in options}
    assert fits[OptionKind.PAY_NOW] is False
    assert fits[OptionKind.INTEREST_STOPPED] is True


def test_a_waiver_alone_forgives_the_penalty_and_keeps_the_plan():
    terms, schedule, payments = weilidai_behind()
    waiver = Restructure(ON, None, waived_penalty=25, waived_interest=50)

    state = replay(terms, schedule, payments, ON, [waiver])

    fourth = state.installments[3]
    assert fourth.amount_due == 55_500 - 75 and fourth.waived == 75
    assert len(state.installments) == 10


def test_payments_after_the_agreement_go_to_the_new_plan():
    terms, schedule, payments = weilidai_behind()
    run, _allocations = run_loan(terms, schedule, payments, ON)
    event = restructure_for(terms, owed_on(run), method=Method.EQUAL_PRINCIPAL, periods=6,
                            annual_rate=Decimal(0), waive_penalty=True)
    first = event.schedule[0]

    state = replay(terms, schedule, [*payments, Payment(first.due_date, first.payment)],
                   first.due_date + timedelta(days=1), [event])

    history = [row for row in state.installments if row.segment == 0]
    new_plan = [row for row in state.installments if row.segment == 1]
    assert [row.status for row in history] == [Status.PAID] * 3
    assert [row.number for row in new_plan] == list(range(4, 10))
    assert new_plan[0].status is Status.PAID
    assert state.outstanding_principal == event.terms.principal - first.principal
    assert [row.number for row in state.replaced] == list(range(4, 11))


def test_the_script_uses_the_users_figures_and_reason():
    terms, schedule, payments = weilidai_behind()
    run, _allocations = run_loan(terms, schedule, payments, ON)
    standing = standing_of(state_of(run), terms.grace_days)
    option = standard_options(run, terms, 60_000)[3]

    lines = script("微粒贷", "WeBank", standing, "illness", 30_000, option)

    assert lines[0] == "Hello, I am calling about my 微粒贷 loan with WeBank."
    assert lines[1] == "I am ¥555.00 behind because I was ill and could not work."
    assert "Today I can pay ¥300.00" in lines[2]
    assert "a month from" in lines[3]
