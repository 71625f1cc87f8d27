"""Safe to spend: spendable money less what is due before the next income, per day."""

from datetime import date

import pytest

from budget.domain.ledger import Account, AccountKind
from budget.domain.safe_to_spend import (
    Obligation,
    SafeToSpendError,
    explain,
    headline,
    next_payday,
    safe_to_spend,
    spending_accounts,
)

TODAY = date(2026, 7, 15)
PAYDAY = date(2026, 7, 25)


def account(name, kind, balance, *, reserve=False, currency="CNY", archived=False, id=1):
    return Account(id, name, kind, currency, 0, balance, reserve=reserve, archived=archived)


CASH = account("Cash", AccountKind.CASH, 30_000)  # ¥300.00
BANK = account("Bank", AccountKind.BANK, 420_000)  # ¥4,200.00
RESERVE = account("Reserve", AccountKind.SAVINGS, 1_000_000, reserve=True)
CARD = account("Credit card", AccountKind.CREDIT_CARD, -250_000)
ACCOUNTS = [CASH, BANK, RESERVE, CARD]

RENT = Obligation("Rent", date(2026, 7, 20), 150_000)
WELILAI = Obligation("微粒贷 installment 3", date(2026, 7, 18), 52_000)
PHONE_ON_PAYDAY = Obligation("Phone", PAYDAY, 5_000)
ELECTRICITY_OVERDUE = Obligation("Electricity", date(2026, 7, 10), 18_000)
OBLIGATIONS = [RENT, WELILAI, PHONE_ON_PAYDAY, ELECTRICITY_OVERDUE]


def typical():
    return safe_to_spend(ACCOUNTS, OBLIGATIONS, TODAY, income_date=PAYDAY,
                         reserve_contribution=20_000)


# --- the figure ------------------------------------------------------------------------

def test_safe_to_spend_takes_bills_and_the_reserve_out_and_spreads_the_rest_over_the_days():
    result = typical()

    assert result.spendable == 450_000
    assert result.obligations_total == 220_000
    assert result.left == 210_000  # 4,500 - 2,200 - 200
    assert result.days == 10  # 15th to 24th, today included
    assert result.per_day == 21_000
    assert result.short_by is None
    assert headline(result) == "Safe to spend today: ¥210.00 a day for 10 days."


def test_every_term_is_kept_so_the_screen_can_expand_it():
    result = typical()

    assert result.accounts == (("Cash", 30_000), ("Bank", 420_000))
    assert result.obligations == (ELECTRICITY_OVERDUE, WELILAI, RENT)  # earliest first
    assert result.reserve_contribution == 20_000
    assert result.until == date(2026, 7, 24)
    assert result.income_date == PAYDAY
    assert result.credit_cards == ("Credit card",)


def test_a_bill_due_on_the_income_date_is_paid_from_that_income():
    assert PHONE_ON_PAYDAY not in typical().obligations


def test_an_obligation_due_the_day_before_income_counts():
    due = Obligation("Water", date(2026, 7, 24), 6_000)

    result = safe_to_spend([BANK], [due], TODAY, income_date=PAYDAY)

    assert result.obligations == (due,)


def test_an_overdue_unpaid_obligation_still_counts():
    assert ELECTRICITY_OVERDUE in typical().obligations


def test_per_day_is_rounded_down_so_it_never_promises_more_than_there_is():
    result = safe_to_spend([account("Cash", AccountKind.CASH, 10_000)], [], TODAY,
                           income_date=date(2026, 7, 18))

    assert result.days == 3
    assert result.per_day == 3_333  # ¥100.00 / 3 days = ¥33.33, not ¥33.34


def test_due_today_leaves_a_single_day_sentence():
    result = safe_to_spend([CASH], [], TODAY, income_date=date(2026, 7, 16))

    assert result.days == 1
    assert headline(result) == "Safe to spend today: ¥300.00."


# --- which accounts count ----------------------------------------------------------------

def test_reserve_accounts_are_not_spending_money():
    result = safe_to_spend([CASH, RESERVE], [], TODAY, income_date=PAYDAY)

    assert result.spendable == 30_000


def test_credit_card_debt_is_neither_money_nor_subtracted_as_a_whole():
    # The card's repayment counts only when it falls due, as an obligation.
    result = safe_to_spend([CASH, CARD], [], TODAY, income_date=PAYDAY)

    assert result.spendable == 30_000
    assert result.credit_cards == ("Credit card",)


def test_a_card_repayment_due_before_payday_is_subtracted():
    card_bill = Obligation("Credit card repayment", date(2026, 7, 22), 80_000)

    result = safe_to_spend([BANK, CARD], [card_bill], TODAY, income_date=PAYDAY)

    assert result.left == 340_000


def test_an_overdrawn_account_reduces_what_can_be_spent():
    overdrawn = account("Bank", AccountKind.BANK, -5_000)

    assert safe_to_spend([CASH, overdrawn], [], TODAY, PAYDAY).spendable == 25_000


def test_archived_and_other_currency_accounts_are_left_out():
    counted, cards = spending_accounts([
        CASH, account("Old wallet", AccountKind.E_WALLET, 9_999, archived=True),
        account("USD cash", AccountKind.CASH, 5_000, currency="USD"), CARD])

    assert counted == [CASH]
    assert cards == [CARD]


# --- no recurring income -----------------------------------------------------------------

def test_without_income_the_money_has_to_last_to_the_end_of_the_month():
    late_bill = Obligation("Internet", date(2026, 7, 31), 10_000)
    next_month = Obligation("Rent", date(2026, 8, 1), 150_000)

    result = safe_to_spend([BANK], [late_bill, next_month], TODAY)

    assert result.until == date(2026, 7, 31)
    assert result.days == 17  # 15th to 31st inclusive
    assert result.obligations == (late_bill,)
    assert result.per_day == 410_000 // 17


def test_on_the_last_day_of_the_month_without_income_there_is_one_day():
    assert safe_to_spend([CASH], [], date(2026, 2, 28)).days == 1


# --- short -----------------------------------------------------------------------------

def test_when_bills_exceed_the_money_it_says_plainly_how_short_the_user_is():
    result = safe_to_spend([CASH], [RENT], TODAY, income_date=PAYDAY)

    assert result.left == -120_000
    assert result.per_day == 0
    assert result.short_by == 120_000
    assert headline(result) == "You are short by ¥1,200.00 before 2026-07-25."


def test_short_without_income_names_the_end_of_the_month():
    result = safe_to_spend([CASH], [RENT], TODAY)

    assert headline(result) == ("You are short by ¥1,200.00 before the end of the month "
                                "(2026-07-31).")


def test_exactly_enough_is_zero_a_day_and_not_short():
    result = safe_to_spend([account("Cash", AccountKind.CASH, 150_000)], [RENT], TODAY, PAYDAY)

    assert (result.left, result.per_day, result.short_by) == (0, 0, None)


# --- explanation -------------------------------------------------------------------------

def test_explain_lists_every_term_of_the_sum():
    assert explain(typical()) == [
        "Spending accounts: ¥4,500.00",
        "  Cash: ¥300.00",
        "  Bank: ¥4,200.00",
        "  Not counted: Credit card (credit is borrowed money; card repayments count when "
        "they fall due)",
        "− Electricity, overdue since 2026-07-10: ¥180.00",
        "− 微粒贷 installment 3, due 2026-07-18: ¥520.00",
        "− Rent, due 2026-07-20: ¥1,500.00",
        "− To the reserve by 2026-07-24: ¥200.00",
        "= ¥2,100.00 for 10 days, 2026-07-15 to 2026-07-24",
        "Safe to spend today: ¥210.00 a day for 10 days.",
    ]


def test_explain_says_when_there_is_no_income_and_ends_with_the_shortfall():
    lines = explain(safe_to_spend([CASH], [RENT], TODAY))

    assert "No recurring income: the money has to last until the end of the month." in lines
    assert lines[-1].startswith("You are short by ¥1,200.00")
    assert "= -¥1,200.00 for 17 days, 2026-07-15 to 2026-07-31" in lines


# --- pay day and bad input -------------------------------------------------------------

@pytest.mark.parametrize(("today", "pay_day", "expected"), [
    (date(2026, 7, 15), 25, date(2026, 7, 25)),
    (date(2026, 7, 25), 25, date(2026, 8, 25)),  # paid today: count to the next one
    (date(2026, 7, 26), 25, date(2026, 8, 25)),
    (date(2026, 1, 31), 31, date(2026, 2, 28)),  # short month: its last day
    (date(2026, 12, 20), 10, date(2027, 1, 10)),
])
def test_next_payday(today, pay_day, expected):
    assert next_payday(today, pay_day) == expected


def test_a_pay_day_outside_the_month_is_refused():
    with pytest.raises(SafeToSpendError):
        next_payday(TODAY, 32)


def test_an_income_date_that_is_not_in_the_future_is_refused():
    with pytest.raises(SafeToSpendError, match="after 2026-07-15"):
        safe_to_spend([CASH], [], TODAY, income_date=TODAY)


def test_a_negative_reserve_contribution_or_obligation_is_refused():
    with pytest.raises(SafeToSpendError):
        safe_to_spend([CASH], [], TODAY, PAYDAY, reserve_contribution=-1)
    with pytest.raises(SafeToSpendError):
        Obligation("Rent", TODAY, -1)
