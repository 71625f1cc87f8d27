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
    "abc", "1.234", "1e9", "NaN", "", "   ", "inf", "12+", "1,2345", "--5",
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


@pytest.mark.parametrize(("typed", "minor"), [
    ("１２３．５", 12350),
    ("１，２３４．５０", 123450),
    ("￥４５．５", 4550),
    ("－１２", -1200),
    ("１２＋３．５", 1550),
    ("12。5", 1250),
    ("４５　元", 4500),
])
def test_a_chinese_keyboard_s_full_width_digits_and_punctuation_are_read(typed, minor):
    assert parse_amount(typed) == minor


@pytest.mark.parametrize(("typed", "script"), [
    ("١٢٣", "Arabic-Indic"), ("۱۲۳", "Extended Arabic-Indic"), ("५०", "Devanagari"),
    ("12๕", "Thai"),
])
def test_digits_of_other_scripts_are_refused_naming_the_script(typed, script):
    with pytest.raises(AmountError, match=f"uses {script} digits: type the amount with 0-9"):
        parse_amount(typed)


@pytest.mark.parametrize(("typed", "meant"), [("1.234,50", "1234.50"), ("12,5", "12.5"),
                                              ("1,23", "1.23")])
def test_a_decimal_comma_is_refused_naming_the_separator_expected(typed, meant):
    with pytest.raises(AmountError) as caught:
        parse_amount(typed)
    assert str(caught.value) == (
        f"'{typed}' uses a comma as the decimal separator: budget reads '.' as the decimal "
        f"point and ',' only between thousands (1,234.50), so type {meant}")


def test_too_large_names_the_largest_amount_accepted():
    with pytest.raises(AmountError, match="the largest amount budget accepts is "
                                          "99,999,999,999.99"):
        parse_amount("100,000,000,000")
    assert parse_amount("99,999,999,999.99") == MAX_MINOR - 1
    with pytest.raises(AmountError, match="largest amount budget accepts is 9,999,999,999,999"):
        parse_amount("10000000000000", "JPY")


@pytest.mark.parametrize("typed", ["$5", "€5", "£12.50", "-$5"])
def test_an_amount_in_another_currencys_symbol_is_refused_naming_the_accepted_forms(typed):
    with pytest.raises(AmountError, match=r"is in another currency \(.\): amounts here are "
                                          r"CNY, so use digits with up to 2 decimals, e\.g\. "
                                          r"45\.5, ¥1,234\.50, -12 or 12\+3\.5"):
        parse_amount(typed, "CNY")


def test_a_currencys_own_symbol_is_accepted():
    assert parse_amount("¥5", "CNY") == parse_amount("5元", "CNY") == 500
    assert parse_amount("$5", "USD") == 500
