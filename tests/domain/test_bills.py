"""Recurring bills fall on the right days, and the next one to pay is found."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.domain.bills import Bill, BillError, Frequency, next_unpaid, occurrences


def bill(frequency=Frequency.MONTH, day=None, start=date(2026, 1, 31), **changes) -> Bill:
    return Bill(name=changes.pop("name", "Rent"), amount=changes.pop("amount", 250_000),
                frequency=frequency, day=day, start=start, **changes)


def test_monthly_bill_on_the_31st_falls_on_the_last_day_of_short_months():
    rent = bill()

    assert occurrences(rent, date(2026, 1, 1), date(2026, 4, 30)) == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_monthly_bill_uses_its_own_day_and_never_starts_before_the_bill():
    phone = bill(day=5, start=date(2026, 1, 20))

    assert occurrences(phone, date(2025, 12, 1), date(2026, 3, 31)) == [
        date(2026, 2, 5), date(2026, 3, 5)]


def test_weekly_bill_repeats_every_seven_days_from_its_start():
    lunch_card = bill(Frequency.WEEK, start=date(2026, 3, 2))

    assert occurrences(lunch_card, date(2026, 3, 4), date(2026, 3, 23)) == [
        date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 23)]


def test_yearly_bill_comes_on_its_anniversary_and_on_28_february_in_short_years():
    insurance = bill(Frequency.YEAR, start=date(2024, 2, 29))

    assert occurrences(insurance, date(2024, 1, 1), date(2028, 12, 31)) == [
        date(2024, 2, 29), date(2025, 2, 28), date(2026, 2, 28), date(2027, 2, 28),
        date(2028, 2, 29)]


def test_a_window_that_ends_before_it_starts_has_no_occurrences():
    assert occurrences(bill(), date(2026, 5, 1), date(2026, 4, 1)) == []


def test_next_unpaid_is_the_current_cycle_when_it_is_unpaid():
    rent = bill(day=10, start=date(2026, 1, 1))

    assert next_unpaid(rent, set(), date(2026, 3, 12)) == date(2026, 3, 10)


def test_next_unpaid_moves_to_the_next_cycle_once_this_one_is_paid():
    rent = bill(day=10, start=date(2026, 1, 1))

    assert next_unpaid(rent, {date(2026, 3, 10)}, date(2026, 3, 12)) == date(2026, 4, 10)


def test_next_unpaid_skips_cycles_paid_ahead():
    rent = bill(day=10, start=date(2026, 1, 1))
    paid = {date(2026, 3, 10), date(2026, 4, 10), date(2026, 5, 10)}

    assert next_unpaid(rent, paid, date(2026, 3, 12)) == date(2026, 6, 10)


def test_a_bill_not_yet_started_is_next_due_on_its_first_day():
    water = bill(Frequency.YEAR, start=date(2027, 6, 1))

    assert next_unpaid(water, set(), date(2026, 3, 12)) == date(2027, 6, 1)


@pytest.mark.parametrize(("changes", "message"), [
    ({"amount": -1}, "negative"),
    ({"day": 0}, "1 to 31"),
    ({"day": 32}, "1 to 31"),
    ({"frequency": "fortnight"}, "not a frequency"),
    ({"name": " "}, "needs a name"),
    ({"lead_days": -2}, "negative"),
])
def test_unusable_bills_are_refused_with_a_reason(changes, message):
    with pytest.raises(BillError, match=message):
        bill(**changes)


@settings(max_examples=100, deadline=None)
@given(
    frequency=st.sampled_from(Frequency),
    day=st.none() | st.integers(1, 31),
    start=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    offset=st.integers(-400, 800),
    length=st.integers(0, 800),
)
def test_occurrences_stay_in_the_window_and_split_it_consistently(
        frequency, day, start, offset, length):
    recurring = bill(frequency, day, start)
    first = start + timedelta(days=offset)
    last = first + timedelta(days=length)
    middle = first + timedelta(days=length // 2)

    whole = occurrences(recurring, first, last)

    assert whole == sorted(set(whole))
    assert all(max(first, start) <= due <= last for due in whole)
    assert whole == occurrences(recurring, first, middle) + occurrences(
        recurring, middle + timedelta(days=1), last)
    gaps = {(later - earlier).days for earlier, later in zip(whole, whole[1:], strict=False)}
    allowed = {Frequency.WEEK: {7}, Frequency.MONTH: set(range(28, 32)),
               Frequency.YEAR: {365, 366}}[frequency]
    assert gaps <= allowed


def test_a_quarterly_bill_added_after_its_day_starts_next_month_then_every_three():
    from budget.domain.bills import Bill, occurrences

    fee = Bill(name="Property fee", amount=60_000, frequency="month", day=15,
               start=date(2026, 11, 30), interval=3)

    assert occurrences(fee, date(2026, 11, 1), date(2027, 9, 30)) == [
        date(2026, 12, 15), date(2027, 3, 15), date(2027, 6, 15), date(2027, 9, 15)]
