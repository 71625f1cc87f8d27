"""What a loan is on a day is replayed once and cached; any change to a loan empties it."""

from datetime import date
from decimal import Decimal

from budget.domain.loans import LoanTerms, Method
from budget.domain.repayment import Status
from budget.services.loan_facts import loan_facts, max_open_apr
from budget.services.loans import create_loan, pay_loan
from budget.services.planning import OVERDUE_STATUSES, debt_figures
from budget.storage import loan_day_cache

AS_OF = date(2026, 11, 28)


def _loan(ledger):
    terms = LoanTerms(principal=200000, periods=1, method=Method.DAILY_EQUAL_PRINCIPAL,
                      start=date(2026, 10, 26), daily_rate="0.0005", grace_days=1)
    return create_loan(ledger, name="微粒贷", terms=terms)


def test_the_facts_of_a_day_are_replayed_once_then_read_from_the_cache(ledger):
    loan = _loan(ledger)
    [facts] = loan_facts(ledger, AS_OF, open_on=AS_OF).values()
    assert (facts.closed, facts.outstanding) == (False, 200000)
    assert facts.installments == ((date(2026, 11, 26), "overdue"),)
    assert loan_day_cache.read(ledger, AS_OF, [f"loan:{loan.id}"])[f"loan:{loan.id}"][
        "outstanding"] == 200000
    assert max_open_apr(ledger, AS_OF) == facts.apr > Decimal("0.18")


def test_a_payment_empties_the_cache_and_the_review_sees_the_loan_repaid(ledger):
    loan = _loan(ledger)
    assert debt_figures(ledger, "2026-11", AS_OF).outstanding == 200000
    pay_loan(ledger, "微粒贷", "2034", on=AS_OF)
    assert loan_day_cache.read(ledger, AS_OF, [f"loan:{loan.id}"]) == {}
    figures = debt_figures(ledger, "2026-11", AS_OF)
    assert (figures.outstanding, figures.overdue_episodes) == (0, 1)  # paid late
    assert max_open_apr(ledger, AS_OF) is None


def test_the_review_counts_late_statuses_by_their_stored_names():
    assert OVERDUE_STATUSES == {str(Status.OVERDUE), str(Status.PAID_LATE)}


def test_the_day_s_plans_are_read_back_from_the_cache_as_they_were_made(ledger):
    from budget.services.planning import payoff_plans

    _loan(ledger)
    first = payoff_plans(ledger, 10000, AS_OF)
    assert loan_day_cache.read(ledger, AS_OF, ["plan:10000:"])
    again = payoff_plans(ledger, 10000, AS_OF)
    assert again.plans == first.plans
    assert [(d.name, d.balance, d.apr, d.minimum) for d in again.debts] == [
        (d.name, d.balance, d.apr, d.minimum) for d in first.debts]
    pay_loan(ledger, "微粒贷", "2034", on=AS_OF)
    assert payoff_plans(ledger, 10000, AS_OF).debts == ()
