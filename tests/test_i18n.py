"""Choosing the language, and numbers and months written the way that language writes them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget.domain.money import format_amount
from budget.i18n import (
    CHINESE,
    ENGLISH,
    N_,
    _,
    activate,
    choose,
    from_environment,
    language,
    listing,
    ngettext,
    normalize,
    pgettext,
)
from budget.l10n import format_decimal, format_month, format_percent, pad_wide, unpad


@pytest.mark.parametrize(("code", "expected"), [
    ("zh_CN.UTF-8", CHINESE), ("zh-CN", CHINESE), ("zh", CHINESE), ("zh_Hans", CHINESE),
    ("zh_SG.utf8", CHINESE), ("en_US.UTF-8", ENGLISH), ("C", ENGLISH), ("POSIX", ENGLISH),
    ("zh_TW.UTF-8", None), ("de_DE.UTF-8", None), ("", None), (None, None),
])
def test_locale_names_map_to_the_languages_budget_speaks(code, expected):
    assert normalize(code) == expected


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, CHINESE),
    ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, CHINESE),
    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, ENGLISH),
    ({"LANGUAGE": "fr:zh_CN", "LANG": "en_US.UTF-8"}, CHINESE),
    ({"LANGUAGE": "de", "LANG": "zh_CN.UTF-8"}, ENGLISH),  # gettext: LANGUAGE decides
    ({}, ENGLISH),
])
def test_the_locale_variables_are_read_as_gettext_reads_them(environ, expected):
    assert from_environment(environ) == expected


def test_lang_option_then_budget_lang_then_the_saved_setting_then_the_locale():
    environ = {"LANG": "zh_CN.UTF-8"}
    assert choose(environ=environ) == CHINESE
    assert choose(saved="en", environ=environ) == ENGLISH
    assert choose(saved="auto", environ=environ) == CHINESE
    assert choose(saved="en", environ={**environ, "BUDGET_LANG": "zh_CN"}) == CHINESE
    assert choose("en", saved="zh_CN", environ={**environ, "BUDGET_LANG": "zh_CN"}) == ENGLISH
    # a BUDGET_LANG budget does not speak is passed over, not obeyed
    assert choose(environ={**environ, "BUDGET_LANG": "klingon"}) == CHINESE


def test_messages_plurals_and_contexts_in_chinese():
    activate(CHINESE)
    assert language() == CHINESE
    assert _("Safe to spend") == "今日可用"
    assert _("今日可用") == "今日可用"  # already translated: unchanged
    assert _("") == ""  # never the catalogue's header
    assert ngettext("{count} day", "{count} days", 1).format(count=1) == "1 天"
    assert ngettext("{count} day", "{count} days", 3).format(count=3) == "3 天"
    assert pgettext("date", "From") == "开始"
    assert _("From") == "转出"
    assert listing(["食品", "交通"]) == "食品、交通"
    activate(ENGLISH)
    assert ngettext("{count} day", "{count} days", 1).format(count=1) == "1 day"
    assert listing(["Food", "Transport"]) == "Food, Transport"
    assert N_("Safe to spend") == "Safe to spend"


def test_a_language_budget_does_not_speak_is_refused():
    with pytest.raises(ValueError):
        activate("fr")


@given(st.integers(min_value=-10**13 + 1, max_value=10**13 - 1))
def test_formatting_an_amount_never_changes_its_digits(minor):
    for code in (ENGLISH, CHINESE):
        activate(code)
        text = format_amount(minor, symbol=True, plus=True)
        assert "".join(ch for ch in text if ch.isdigit()) == f"{abs(minor) // 100}" \
            f"{abs(minor) % 100:02d}"
        assert text.startswith("-") == (minor < 0)
    activate(ENGLISH)


def test_amounts_percents_and_months_in_each_language():
    assert format_decimal(Decimal("-1234567.50"), ENGLISH) == "-1,234,567.50"
    assert format_percent(Decimal("56.6"), CHINESE) == "56.6%"
    assert format_month(2026, 11, ENGLISH) == "2026-11"
    assert format_month(2026, 11, CHINESE) == "2026年11月"
    activate(CHINESE)
    assert format_amount(-123450, symbol=True) == "-¥1,234.50"


def test_wide_characters_are_padded_to_their_width_and_back():
    padded = pad_wide("储备金 ¥1")
    assert len(padded) == 9  # three characters of two cells, a space, ¥ and 1
    assert unpad(padded) == "储备金 ¥1"
    assert pad_wide("plain") == "plain"
