"""Dates as people type them, relative to a fixed today."""

from datetime import date

import pytest

from budget.domain.dates import (
    EARLIEST,
    LATEST,
    LATEST_DUE,
    DateError,
    add_months,
    check_range,
    month_parts,
    on_day,
    parse_date,
    parse_month,
    step_month,
    unusual_date,
)

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(("typed", "expected"), [
    ("2026-11-20", date(2026, 11, 20)),
    ("2026/1/5", date(2026, 1, 5)),
    ("11-20", date(2026, 11, 20)),
    ("today", TODAY),
    ("Yesterday", date(2026, 11, 27)),
    ("昨天", date(2026, 11, 27)),
    ("-3", date(2026, 11, 25)),
])
def test_dates_people_type(typed, expected):
    assert parse_date(typed, TODAY) == expected


@pytest.mark.parametrize("typed", ["", "2026-02-30", "13-01", "next week", "2026-11"])
def test_bad_dates_are_rejected_with_the_accepted_forms(typed):
    with pytest.raises(DateError, match="YYYY-MM-DD|not a date"):
        parse_date(typed, TODAY)


def test_month_arithmetic_crosses_years():
    assert add_months(2026, 11, 3) == (2027, 2)
    assert add_months(2026, 1, -1) == (2025, 12)


def test_due_day_in_a_short_month_is_the_last_day():
    assert on_day(2026, 2, 31) == date(2026, 2, 28)
    assert on_day(2028, 2, 30) == date(2028, 2, 29)


def test_month_must_be_yyyy_mm():
    assert parse_month("2026-03") == (2026, 3)
    with pytest.raises(DateError, match="YYYY-MM"):
        parse_month("2026-13")


@pytest.mark.parametrize("typed", ["9999-12-31", "1969-12-31", "2100-01-01", "0001-01-01"])
def test_dates_outside_the_accepted_range_are_refused_naming_it(typed):
    with pytest.raises(DateError, match="outside the dates budget accepts "
                                        r"\(1970-01-01 to 2099-12-31\)"):
        parse_date(typed, TODAY)


def test_the_ends_of_the_range_are_accepted():
    assert parse_date("1970-01-01", TODAY) == EARLIEST
    assert parse_date("2099-12-31", TODAY) == LATEST
    assert check_range(LATEST) == LATEST


def test_a_30_year_schedule_from_the_latest_start_stays_computable():
    from budget.domain.loans import MAX_PERIODS, LoanTerms, Method, build_schedule

    terms = LoanTerms(principal=1_000_000, periods=MAX_PERIODS, method=Method.EQUAL_INSTALLMENT,
                      start=LATEST, annual_rate="0.05")
    schedule = build_schedule(terms)
    assert schedule[-1].due_date <= LATEST_DUE
    assert schedule[-1].due_date.year == 2129


@pytest.mark.parametrize("typed", ["0001-01", "1969-12", "2100-01"])
def test_months_outside_the_range_are_refused(typed):
    with pytest.raises(DateError,
                       match=r"outside the months budget accepts \(1970-01 to 2099-12\)"):
        parse_month(typed)


def test_paging_months_stays_within_the_range():
    assert step_month(1970, 1, -1) == (1970, 1)
    assert step_month(2099, 12, 1) == (2099, 12)
    assert step_month(2026, 11, 2) == (2027, 1)
    assert month_parts("1969-12") == (1969, 12)  # labels budget made are not refused


@pytest.mark.parametrize(("typed", "today", "expected"), [
    # An entry typed without a year is this year's unless that is more than about six
    # months ahead, then last year's.
    ("12-01", date(2026, 11, 30), date(2026, 12, 1)),
    ("12-31", date(2027, 1, 2), date(2026, 12, 31)),
    ("01-02", date(2027, 1, 2), date(2027, 1, 2)),
    ("01-03", date(2027, 1, 2), date(2027, 1, 3)),
    ("11-20", date(2026, 11, 28), date(2026, 11, 20)),
    ("06-30", date(2026, 11, 30), date(2026, 6, 30)),
    ("05-30", date(2026, 11, 30), date(2026, 5, 30)),
    ("06-01", date(2026, 1, 15), date(2026, 6, 1)),
    ("08-01", date(2026, 1, 15), date(2025, 8, 1)),
    ("02-29", date(2028, 3, 1), date(2028, 2, 29)),
    ("12/31", date(2026, 12, 31), date(2026, 12, 31)),
])
def test_a_date_without_a_year_is_the_nearest_such_date(typed, today, expected):
    assert parse_date(typed, today) == expected


@pytest.mark.parametrize(("typed", "today", "expected"), [
    # A target or deadline is the next such date after today.
    ("06-30", date(2026, 11, 30), date(2027, 6, 30)),
    ("12-01", date(2026, 11, 30), date(2026, 12, 1)),
    ("01-05", date(2026, 12, 20), date(2027, 1, 5)),
    ("12-20", date(2026, 12, 20), date(2027, 12, 20)),
    ("02-29", date(2027, 3, 1), date(2028, 2, 29)),
])
def test_a_target_date_without_a_year_is_the_next_one(typed, today, expected):
    assert parse_date(typed, today, ahead=True) == expected


@pytest.mark.parametrize(("typed", "today", "ahead", "year"), [
    ("02-29", date(2026, 11, 30), False, 2026),
    ("02-29", date(2027, 3, 1), False, 2027),
    ("02-29", date(2027, 1, 2), False, 2027),
    ("02-29", date(2026, 1, 10), True, 2026),
])
def test_february_29_in_a_year_that_has_none_is_refused_saying_so(typed, today, ahead, year):
    with pytest.raises(DateError, match=f"{year} is not a leap year, so it has no February "
                                        "29: write the full date, e.g. 2028-02-29"):
        parse_date(typed, today, ahead=ahead)


@pytest.mark.parametrize("typed", ["02-30", "13-01", "04-31"])
def test_a_day_no_month_has_is_refused(typed):
    with pytest.raises(DateError, match="is not a date: no month has that day"):
        parse_date(typed, date(2027, 1, 2))


@pytest.mark.parametrize(("on", "question"), [
    (date(2099, 1, 1), "2099-01-01 is 26,694 days ahead of today (2025-12-01): is the year "
                       "right?"),
    (date(1900, 1, 1), "1900-01-01 is 125 years before today (2025-12-01): is the year right?"),
    (date(2026, 1, 2), "2026-01-02 is 32 days ahead of today (2025-12-01): is the year right?"),
    (date(2015, 11, 30), "2015-11-30 is 10 years before today (2025-12-01): is the year "
                         "right?"),
])
def test_entries_far_ahead_or_decades_back_are_questioned(on, question):
    assert unusual_date(on, date(2025, 12, 1)) == question


@pytest.mark.parametrize("on", [date(2026, 1, 1), date(2025, 12, 1), date(2015, 12, 1),
                                date(2024, 2, 29)])
def test_ordinary_dates_are_not_questioned(on):
    assert unusual_date(on, date(2025, 12, 1)) is None
