"""Money parsing and formatting: what people type becomes exact minor units."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget.domain.money import (
    MAX_MINOR,
    AmountError,
    format_amount,
    parse_amount,
    to_decimal_string,
)


@pytest.mark.parametrize(("typed", "minor"), [
    ("45.5", 4550),
    ("¥1,234.50", 123450),
    ("￥1,234.50", 123450),
    ("12+3.5", 1550),
    ("100-20", 8000),
    ("-12", -1200),
    ("0.05", 5),
    (".5", 50),
    ("3,000", 300000),
    ("  88  ", 8800),
    ("CNY 20", 2000),
    ("20元", 2000),
])
def test_amounts_people_type_are_read_exactly(typed, minor):
    assert parse_amount(typed) == minor


@pytest.mark.parametrize("typed", [
    "abc", "1.234", "1e9", "NaN", "", "   ", "inf", "12+", "1,23", "1,2345", "--5",
    "99999999999999", "1" * 30, "12..5", "¥", "5 apples",
])
def test_text_that_is_not_an_amount_is_rejected_with_a_hint(typed):
    with pytest.raises(AmountError) as caught:
        parse_amount(typed)
    message = str(caught.value)
    assert "45.5" in message or "too large" in message


def test_rejection_names_what_was_typed():
    with pytest.raises(AmountError, match="'1.234' has more than 2 decimals"):
        parse_amount("1.234")


def test_yen_has_no_minor_unit():
    assert parse_amount("1200", "JPY") == 1200
    with pytest.raises(AmountError):
        parse_amount("12.5", "JPY")


@pytest.mark.parametrize(("minor", "text", "decimal"), [
    (-4550, "-45.50", "-45.50"),
    (123450, "1,234.50", "1234.50"),
    (5, "0.05", "0.05"),
    (0, "0.00", "0.00"),
    (-100000000, "-1,000,000.00", "-1000000.00"),
])
def test_formatting(minor, text, decimal):
    assert format_amount(minor) == text
    assert to_decimal_string(minor) == decimal


def test_symbol_and_plus_sign():
    assert format_amount(-123450, symbol=True) == "-¥1,234.50"
    assert format_amount(2000, plus=True) == "+20.00"


@given(st.integers(min_value=-(MAX_MINOR - 1), max_value=MAX_MINOR - 1))
def test_formatted_amounts_parse_back_to_the_same_minor_units(minor):
    assert parse_amount(format_amount(minor)) == minor
    assert parse_amount(to_decimal_string(minor)) == minor
    assert parse_amount(format_amount(minor, symbol=True)) == minor
