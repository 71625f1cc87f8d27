"""Budgets, safe to spend, the monthly review and payoff plans read from a real ledger."""

from datetime import date
from decimal import Decimal

import pytest

from budget.domain.ledger import AccountKind
from budget.domain.loans import LoanTerms, Method
from budget.services.bills import create_bill
from budget.services.budgets import (
    budget_rows_for,
    budgets_for,
    copy_last_month,
    overspend_warning_for,
    set_budget,
)
from budget.services.ledger import EntryError
from budget.services.loans import create_loan, pay_loan
from budget.services.planning import (
    inferred_payday,
    next_income,
    payoff_plans,
    review_input_for,
    safe_to_spend_for,
    set_payday,
    set_reserve_contribution,
)
from budget.services.reserve import top_up
from budget.services.review_marks import mark_reviewed, review_reminder


def _category(ledger, name):
    return next(c for c in ledger.categories() if c.name == name)


def _spend(ledger, on, amount, category="Food", account=None):
    account = account or ledger.accounts()[0]
    return ledger.add_transaction(on=on, amount=-amount, account_id=account.id,
                                  category_id=_category(ledger, category).id)


def _earn(ledger, on, amount, category="Salary", account=None):
    account = account or ledger.accounts()[0]
    return ledger.add_transaction(on=on, amount=amount, account_id=account.id,
                                  category_id=_category(ledger, category).id)


# --- budgets -----------------------------------------------------------------------------


def test_a_budget_is_set_for_an_expense_category_and_measured_against_spending(ledger):
    set_budget(ledger, "foo", "1500", "2026-11")
    _spend(ledger, date(2026, 11, 3), 123000)
    _spend(ledger, date(2026, 10, 31), 99900)  # last month does not count
    [row] = budget_rows_for(ledger, "2026-11")
    assert (row.category, row.limit, row.spent, row.left, row.over) == (
        "Food", 150000, 123000, 27000, False)
    assert row.percent_used == Decimal("82.0")


def test_an_income_category_cannot_have_a_budget_and_nothing_is_saved(ledger):
    with pytest.raises(EntryError, match="Salary is an income category.*Food") as error:
        set_budget(ledger, "salary", "1500", "2026-11")
    assert error.value.field == "category"
    assert budgets_for(ledger, "2026-11") == []


@pytest.mark.parametrize("amount", ["-5", "abc"])
def test_a_budget_limit_must_be_an_amount_of_0_or_more(ledger, amount):
    with pytest.raises(EntryError) as error:
        set_budget(ledger, "food", amount, "2026-11")
    assert error.value.field == "amount"
    assert budgets_for(ledger, "2026-11") == []


def test_setting_a_budget_again_replaces_it(ledger):
    set_budget(ledger, "food", "1500", "2026-11")
    set_budget(ledger, "food", "1200", "2026-11")
    [budget] = budgets_for(ledger, "2026-11")
    assert budget.limit == 120000


def _month(label):
    from budget.services.budgets import month_range
    from budget.storage.ledger import TransactionFilter

    return TransactionFilter(*month_range(label))


def test_copy_carries_what_was_left_only_where_rollover_is_on(ledger):
    set_budget(ledger, "food", "1500", "2026-10", rollover=True)
    set_budget(ledger, "transport", "300", "2026-10")
    _spend(ledger, date(2026, 10, 5), 120000)
    _spend(ledger, date(2026, 10, 6), 10000, "Transport")
    result = copy_last_month(ledger, "2026-11")
    assert (result.source, result.kept) == ("2026-10", ())
    copied = {budget.category: budget for budget in budgets_for(ledger, "2026-11")}
    assert (copied["Food"].limit, copied["Food"].carried, copied["Food"].available) == (
        150000, 30000, 180000)
    assert (copied["Transport"].rollover, copied["Transport"].carried) == (False, 0)


def test_an_overspend_is_carried_as_less_to_spend(ledger):
    set_budget(ledger, "food", "1000", "2026-10", rollover=True)
    _spend(ledger, date(2026, 10, 5), 130000)
    copy_last_month(ledger, "2026-11")
    [food] = budgets_for(ledger, "2026-11")
    assert (food.carried, food.available) == (-30000, 70000)


def test_a_carried_amount_follows_late_entries_in_its_source_month(ledger):
    set_budget(ledger, "food", "100", "2027-01", rollover=True)
    _spend(ledger, date(2027, 1, 10), 15000)
    copy_last_month(ledger, "2027-02")
    _spend(ledger, date(2027, 1, 31), 4000)  # entered after February was copied
    [february] = budgets_for(ledger, "2027-02")
    assert (february.carried, february.available) == (-9000, 1000)  # 10.00, not 50.00
    copy_last_month(ledger, "2027-03")
    _spend(ledger, date(2027, 2, 3), 500)
    [march] = budgets_for(ledger, "2027-03")
    assert (march.carried, march.available) == (500, 10500)  # February left 5.00
    refund = ledger.add_transaction(on=date(2027, 1, 31), amount=4000,
                                    account_id=ledger.accounts()[0].id,
                                    category_id=ledger.transactions(_month("2027-01"))[0]
                                    .category_id)
    assert refund.amount == 4000
    assert [b.available for b in budgets_for(ledger, "2027-02")] == [5000]
    assert [b.available for b in budgets_for(ledger, "2027-03")] == [14500]  # 45.00 left


def test_copy_keeps_budgets_already_set_in_the_month(ledger):
    set_budget(ledger, "food", "1500", "2026-10")
    set_budget(ledger, "transport", "300", "2026-10")
    set_budget(ledger, "food", "900", "2026-11")
    result = copy_last_month(ledger, "2026-11")
    assert [budget.category for budget in result.copied] == ["Transport"]
    assert result.kept == ("Food",)
    assert {b.category: b.limit for b in budgets_for(ledger, "2026-11")} == {
        "Food": 90000, "Transport": 30000}


def test_copy_without_last_months_budgets_says_how_to_set_one(ledger):
    with pytest.raises(EntryError, match="2026-10 has no budgets to copy"):
        copy_last_month(ledger, "2026-11")


def test_setting_a_rollover_budget_picks_up_what_last_month_left(ledger):
    set_budget(ledger, "food", "1500", "2026-10", rollover=True)
    _spend(ledger, date(2026, 10, 5), 100000)
    budget = set_budget(ledger, "food", "1500", "2026-11", rollover=True)
    assert budget.carried == 50000


def test_the_expense_that_crosses_the_limit_warns_and_one_within_does_not(ledger):
    set_budget(ledger, "food", "100", "2026-11")
    within = _spend(ledger, date(2026, 11, 3), 10000)
    assert overspend_warning_for(ledger, within) is None  # exactly the limit is not over
    crossing = _spend(ledger, date(2026, 11, 4), 1)
    assert overspend_warning_for(ledger, crossing) == (
        "Food is over its budget: ¥100.01 spent of ¥100.00, ¥0.01 over.")


def test_income_transfers_and_unbudgeted_categories_never_warn(ledger):
    set_budget(ledger, "food", "1", "2026-11")
    bank = ledger.add_account("Bank", AccountKind.BANK)
    income = _earn(ledger, date(2026, 11, 3), 500000)
    out, _into = ledger.add_transfer(on=date(2026, 11, 3), amount=100, from_account_id=bank.id,
                                     to_account_id=ledger.accounts()[0].id)
    other = _spend(ledger, date(2026, 11, 3), 999999, "Shopping")
    assert [overspend_warning_for(ledger, tx) for tx in (income, out, other)] == [None] * 3


# --- safe to spend ------------------------------------------------------------------------


def _spending_setup(ledger):
    bank = ledger.add_account("Bank", AccountKind.BANK, opening_balance=300000)
    savings = ledger.add_account("Savings", AccountKind.SAVINGS, opening_balance=900000,
                                 reserve=True)
    create_bill(ledger, name="Rent", amount="1000", frequency="month", day=20,
                start=date(2026, 11, 1))
    return bank, savings


def test_safe_to_spend_lasts_until_the_day_before_the_saved_payday(ledger):
    bank, savings = _spending_setup(ledger)
    set_payday(ledger, 25)
    set_reserve_contribution(ledger, "500")
    top_up(ledger, amount=20000, source=bank, reserve=savings, on=date(2026, 11, 5))
    result = safe_to_spend_for(ledger, date(2026, 11, 15))
    assert (result.income_date, result.until, result.days) == (
        date(2026, 11, 25), date(2026, 11, 24), 10)
    assert result.spendable == 280000  # the reserve is not spending money
    assert [(o.name, o.due_date, o.amount) for o in result.obligations] == [
        ("Rent", date(2026, 11, 20), 100000)]
    assert result.reserve_contribution == 30000  # 500 planned, 200 already moved
    assert (result.left, result.per_day, result.short_by) == (150000, 15000, None)


def test_the_payday_is_inferred_from_salary_on_the_same_day_in_two_of_three_months(ledger):
    _spending_setup(ledger)
    for month in (9, 10):
        _earn(ledger, date(2026, month, 10), 800000)
    _earn(ledger, date(2026, 11, 12), 800000)  # paid late once: still the 10th
    assert inferred_payday(ledger, date(2026, 11, 28)) == 10
    income = next_income(ledger, date(2026, 11, 28))
    assert (income.income_date, income.day, income.source) == (date(2026, 12, 10), 10, "salary")
    result = safe_to_spend_for(ledger, date(2026, 11, 28))
    assert result.until == date(2026, 12, 9)
    # November's rent is overdue and still owed; December's falls after the income.
    assert [(o.name, o.due_date) for o in result.obligations] == [("Rent", date(2026, 11, 20))]


def test_a_salary_seen_in_only_one_month_is_not_a_payday(ledger):
    _earn(ledger, date(2026, 11, 10), 800000)
    _earn(ledger, date(2026, 7, 10), 800000)  # four months back: outside the window
    assert inferred_payday(ledger, date(2026, 11, 28)) is None
    result = safe_to_spend_for(ledger, date(2026, 11, 28))
    assert (result.income_date, result.until, result.days) == (None, date(2026, 11, 30), 3)


def test_a_saved_payday_wins_over_salary_and_auto_goes_back_to_inferring(ledger):
    for month in (9, 10, 11):
        _earn(ledger, date(2026, month, 10), 800000)
    set_payday(ledger, 1)
    assert next_income(ledger, date(2026, 11, 28)).source == "setting"
    set_payday(ledger, None)
    assert next_income(ledger, date(2026, 11, 28)).day == 10


def test_safe_to_spend_says_when_you_are_short(ledger):
    ledger.add_account("Bank", AccountKind.BANK, opening_balance=50000)
    create_bill(ledger, name="Rent", amount="1000", frequency="month", day=20,
                start=date(2026, 11, 1))
    result = safe_to_spend_for(ledger, date(2026, 11, 15))
    assert (result.short_by, result.per_day) == (50000, 0)


def test_on_the_last_day_of_the_month_rent_due_on_the_first_is_kept_back(ledger):
    ledger.add_account("Bank", AccountKind.BANK, opening_balance=500000)
    create_bill(ledger, name="Rent", amount="2200", frequency="month", day=1,
                start=date(2027, 2, 1))
    result = safe_to_spend_for(ledger, date(2027, 1, 31))
    assert [(o.name, o.due_date) for o in result.obligations] == [("Rent", date(2027, 2, 1))]
    assert (result.left, result.per_day) == (280000, 280000)  # at most 2,800.00, not 5,000


def test_a_payday_out_of_range_is_refused(ledger):
    with pytest.raises(EntryError, match="1 to 31"):
        set_payday(ledger, 32)


# --- the monthly review -------------------------------------------------------------------


def _loan(ledger, name="Card", principal="50000", rate="0.12", periods=12,
          start=date(2026, 8, 20)):
    terms = LoanTerms(principal=int(principal) * 100, periods=periods,
                      method=Method.EQUAL_INSTALLMENT, start=start, annual_rate=Decimal(rate))
    return create_loan(ledger, name=name, terms=terms)


def test_review_input_reads_income_spending_debt_and_overdue_episodes(ledger):
    for month in range(4, 11):
        _earn(ledger, date(2026, month, 10), 1000000)
        _spend(ledger, date(2026, month, 1), 300000, "Housing")
    _loan(ledger)
    pay_loan(ledger, "Card", "4500", on=date(2026, 9, 20))
    pay_loan(ledger, "Card", "4500", on=date(2026, 10, 25))  # five days late
    inputs = review_input_for(ledger, "2026-10")
    assert (inputs.income, inputs.debt_payments, inputs.overdue_episodes) == (
        1000000, 450000, 1)
    assert inputs.expenses == 300000 + 450000  # loan payments are spending in the ledger
    assert inputs.spending["Housing"] == 300000
    assert sorted(inputs.history) == ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08",
                                      "2026-09"]
    assert 0 < inputs.debt_outstanding < 5000000


def test_the_review_does_not_call_the_first_installment_a_spike(ledger):
    from budget.domain.review import CATEGORY_SPIKE
    from budget.services.planning import monthly_review_for

    for month in range(4, 10):
        _spend(ledger, date(2026, month, 1), 300000, "Housing")
    _loan(ledger)
    pay_loan(ledger, "Card", "4500", on=date(2026, 9, 20))
    _spend(ledger, date(2026, 10, 1), 300000, "Housing")
    pay_loan(ledger, "Card", "4500", on=date(2026, 10, 20))
    review = monthly_review_for(ledger, "2026-10")
    assert review.findings and all(finding.rule != CATEGORY_SPIKE for finding in review.findings)


def test_a_month_still_running_is_read_up_to_today(ledger):
    _earn(ledger, date(2026, 11, 10), 1000000)
    _earn(ledger, date(2026, 11, 25), 500000)
    assert review_input_for(ledger, "2026-11", as_of=date(2026, 11, 20)).income == 1000000


def test_the_review_reminder_shows_in_the_first_five_days_until_last_month_is_reviewed(ledger):
    assert review_reminder(ledger, date(2026, 12, 2)) == (
        "Time for the monthly review of 2026-11.")
    assert review_reminder(ledger, date(2026, 12, 6)) is None
    mark_reviewed(ledger, "2026-11", date(2026, 12, 2))
    assert review_reminder(ledger, date(2026, 12, 2)) is None


def test_reviewing_a_month_still_running_or_an_older_one_does_not_move_the_mark(ledger):
    mark_reviewed(ledger, "2026-12", date(2026, 12, 2))
    assert review_reminder(ledger, date(2026, 12, 2)) is not None
    mark_reviewed(ledger, "2026-11", date(2026, 12, 2))
    mark_reviewed(ledger, "2026-09", date(2026, 12, 2))
    assert ledger.setting("review.last_month") == "2026-11"


# --- payoff -------------------------------------------------------------------------------


def test_payoff_plans_use_outstanding_principal_true_apr_and_the_next_payment(ledger):
    _loan(ledger, "Card", "5000", "0.18", 12, date(2026, 11, 1))
    _loan(ledger, "Car", "2000", "0.06", 24, date(2026, 11, 1))
    view = payoff_plans(ledger, 50000, date(2026, 11, 15))
    card, car = view.debts
    assert (card.name, card.balance, card.minimum) == ("Card", 500000, 45840)
    assert card.apr > Decimal("0.18")  # monthly compounding costs more than the nominal
    avalanche, snowball = view.plans
    assert avalanche.order == ("Card", "Car")
    assert snowball.order == ("Car", "Card")
    assert avalanche.total_interest < snowball.total_interest


def test_a_users_order_is_matched_by_prefix_and_a_wrong_name_is_refused(ledger):
    _loan(ledger, "Card", "5000", "0.18", 12, date(2026, 11, 1))
    _loan(ledger, "Car loan", "2000", "0.06", 24, date(2026, 11, 1))
    view = payoff_plans(ledger, 0, date(2026, 11, 15), ["car l", "card"])
    assert view.plans[-1].order == ("Car loan", "Card")
    with pytest.raises(EntryError, match="no loan 'boat'") as error:
        payoff_plans(ledger, 0, date(2026, 11, 15), ["boat", "card"])
    assert error.value.field == "order"


def test_last_months_surplus_fills_the_starter_reserve_first(ledger):
    from budget.services.reserve import update_settings

    ledger.add_account("Savings", AccountKind.SAVINGS, opening_balance=100000, reserve=True)
    update_settings(ledger, starter=300000)
    _earn(ledger, date(2026, 10, 10), 1000000)
    _spend(ledger, date(2026, 10, 1), 600000, "Housing")
    view = payoff_plans(ledger, 0, date(2026, 11, 15))
    assert (view.surplus_month, view.surplus, view.starter_target) == ("2026-10", 400000,
                                                                      300000)
    assert (view.split.to_reserve, view.split.to_debts) == (200000, 200000)
