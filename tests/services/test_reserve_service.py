"""The reserve read from a real ledger: balances, baseline, settings, top-up, withdrawal."""

from datetime import date

import pytest

from budget.domain.ledger import AccountKind
from budget.domain.reserve import ReserveError
from budget.services.reserve import (
    load_settings,
    reserve_view,
    top_up,
    update_settings,
    withdraw,
)

AS_OF = date(2026, 11, 28)


def _essential_history(ledger, monthly=300000, months=6):
    cash = ledger.accounts()[0]
    housing = next(c for c in ledger.categories() if c.name == "Housing")
    for back in range(1, months + 1):
        month = 11 - back
        ledger.add_transaction(on=date(2026, month, 1), amount=-monthly, account_id=cash.id,
                               category_id=housing.id)
    return cash


def test_six_months_of_3000_and_4500_saved_is_a_quarter_of_a_six_month_target(ledger):
    _essential_history(ledger)
    ledger.add_account("Savings", AccountKind.SAVINGS, opening_balance=450000, reserve=True)
    result = reserve_view(ledger, AS_OF)
    assert result.progress.target == 1800000
    assert str(result.progress.coverage_months) == "1.5"
    assert result.progress.percent == 25
    assert result.progress.baseline.source == "history"
    assert result.progress.baseline.months_used == ("2026-05", "2026-06", "2026-07", "2026-08",
                                                     "2026-09", "2026-10")


def test_top_ups_show_in_month_end_balances_and_pace(ledger):
    cash = _essential_history(ledger)
    savings = ledger.add_account("Savings", AccountKind.SAVINGS, reserve=True)
    for month in (8, 9, 10):
        top_up(ledger, amount=100000, source=cash, reserve=savings, on=date(2026, month, 15))
    result = reserve_view(ledger, AS_OF)
    assert result.balances[-4:] == (100000, 200000, 300000, 300000)
    assert result.progress.avg_monthly_contribution == 100000
    assert result.progress.projected_date == date(2028, 2, 28)


def test_withdrawal_needs_a_reason_and_lowers_the_balance(ledger):
    cash = _essential_history(ledger)
    savings = ledger.add_account("Savings", AccountKind.SAVINGS, opening_balance=500000,
                                 reserve=True)
    with pytest.raises(ReserveError, match="say what the emergency is"):
        withdraw(ledger, amount=100000, reserve=savings, target=cash, on=AS_OF, reason=" ")
    out, _ = withdraw(ledger, amount=100000, reserve=savings, target=cash, on=AS_OF,
                      reason="dentist")
    assert out.note == "Emergency withdrawal: dentist"
    assert reserve_view(ledger, AS_OF).progress.balance == 400000


def test_settings_round_trip_and_bad_values_are_refused(ledger):
    assert load_settings(ledger).months == 6
    update_settings(ledger, months=3, starter=100000)
    assert (load_settings(ledger).months, load_settings(ledger).starter) == (3, 100000)
    with pytest.raises(ReserveError):
        update_settings(ledger, months=30)
    assert load_settings(ledger).months == 3


def test_manual_baseline_is_used_without_history(ledger):
    ledger.add_account("Savings", AccountKind.SAVINGS, opening_balance=200000, reserve=True)
    update_settings(ledger, manual_baseline=200000)
    result = reserve_view(ledger, AS_OF)
    assert result.progress.baseline.source == "manual"
    assert result.progress.target == 1200000
    assert str(result.progress.coverage_months) == "1.0"
