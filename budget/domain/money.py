"""Money as integer minor units: parsing what people type and formatting it back."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from budget.i18n import N_, _
from budget.l10n import formats, group_digits

# Larger than any personal ledger will hold (one hundred billion yuan), small enough that
# a typo like 1000000000000000 is caught instead of saved.
MAX_MINOR = 10**13

CURRENCY_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}
# Minor-unit exponents (ISO 4217) for the currencies that differ from 2.
_EXPONENTS = {"JPY": 0, "KRW": 0}

_SYMBOLS = "¥￥$€£元"
# Which of those each currency is written with; the others name another currency.
_OWN_SYMBOLS = {"CNY": "¥￥元", "JPY": "¥￥", "USD": "$", "HKD": "$", "EUR": "€", "GBP": "£"}
# What a Chinese keyboard types for digits and punctuation, read as their ASCII twins:
# full-width digits and ．，＋－ (an IME in full-width mode), 。 (the full stop a Chinese
# punctuation mode types for "."), the minus sign − and the ideographic space. Digits of
# any other script are refused with a message, never read as a value.
_KEYBOARD = str.maketrans("０１２３４５６７８９．，＋－。−\u3000",
                          "0123456789.,+-.- ")
_TERM = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
# A comma used as the decimal separator, as in 1.234,50 or 12,5.
_DECIMAL_COMMA = re.compile(r"[0-9.]*\.[0-9]{3},[0-9]{1,2}|[0-9]+,[0-9]{1,2}")
_HINT = N_("use digits with up to {places} decimals, e.g. 45.5, ¥1,234.50, -12 or 12+3.5")


class AmountError(ValueError):
    """Raised when text cannot be read as an amount of money."""


def exponent(currency: str = "CNY") -> int:
    """Number of decimal places of `currency`'s minor unit."""
    return _EXPONENTS.get(currency.upper(), 2)


def parse_amount(text: str, currency: str = "CNY") -> int:
    """Read an amount as people type it and return integer minor units.

    Accepts an optional leading sign, a currency symbol, thousands separators in groups
    of three and simple sums such as ``12+3.5`` or ``100-20``. Digits are ASCII 0-9 or
    full-width ０-９, with ``.`` ``．`` or ``。`` as the decimal point and ``,`` or ``，``
    between thousands, as a Chinese keyboard types them (``１２３．５`` is 123.50).

    Raises AmountError saying what is wrong and what is accepted: digits of another script
    (``١٢٣``, ``५०``), a decimal comma (``1.234,50``), more decimals than the currency has,
    anything of MAX_MINOR minor units or more (naming the largest amount accepted).
    """
    places = exponent(currency)
    hint = _(_HINT).format(places=places)
    cleaned = (text or "").strip().translate(_KEYBOARD).replace(" ", "")
    _refuse_other_digits(cleaned, text)
    for code in (currency.upper(), "CNY", "RMB"):
        cleaned = cleaned.replace(code, "").replace(code.lower(), "")
    _refuse_other_symbols(cleaned, text, currency, hint)
    cleaned = "".join(ch for ch in cleaned if ch not in _SYMBOLS)
    if not cleaned:
        raise AmountError(_("Enter an amount: ") + hint)
    total = Decimal(0)
    position = 0
    sign = 1
    if cleaned[0] in "+-":
        sign = -1 if cleaned[0] == "-" else 1
        position = 1
    if _DECIMAL_COMMA.fullmatch(cleaned[position:]):
        meant = cleaned[position:].replace(".", "").replace(",", ".")
        raise AmountError(_("'{text}' uses a comma as the decimal separator: budget reads "
                            "'.' as the decimal point and ',' only between thousands "
                            "(1,234.50), so type {meant}").format(text=text.strip(),
                                                                  meant=meant))
    while True:
        match = _TERM.match(cleaned, position)
        if not match:
            raise AmountError(_("'{text}' is not an amount: ").format(text=text.strip()) + hint)
        term = _decimal(match.group(), text, currency, hint)
        total += sign * term
        position = match.end()
        if position == len(cleaned):
            break
        if cleaned[position] not in "+-":
            raise AmountError(_("'{text}' is not an amount: ").format(text=text.strip()) + hint)
        sign = -1 if cleaned[position] == "-" else 1
        position += 1
    minor = int(total.scaleb(places))
    if abs(minor) >= MAX_MINOR:
        raise _too_large(text, currency)
    return minor


def _refuse_other_symbols(cleaned: str, text: str, currency: str, hint: str) -> None:
    """`$5` in a CNY ledger is another currency, not ¥5: refuse rather than relabel it."""
    own = _OWN_SYMBOLS.get(currency.upper(), "")
    foreign = next((ch for ch in cleaned if ch in _SYMBOLS and ch not in own), None)
    if foreign is not None:
        raise AmountError(_("'{text}' is in another currency ({symbol}): amounts here are "
                            "{currency}, so {hint}").format(
            text=text.strip(), symbol=foreign, currency=currency.upper(), hint=hint))


def _refuse_other_digits(cleaned: str, text: str) -> None:
    """AmountError for digits of scripts other than ASCII and full-width, named by script."""
    import unicodedata

    for character in cleaned:
        if character.isdigit() and not "0" <= character <= "9":
            script = unicodedata.name(character, "").split(" DIGIT")[0].title() or "other"
            raise AmountError(_("'{text}' uses {script} digits: type the amount with 0-9 (or "
                                "the full-width ０-９ of a Chinese keyboard)").format(
                text=text.strip(), script=script))


def _too_large(text: str, currency: str) -> AmountError:
    return AmountError(_("'{text}' is too large: the largest amount budget accepts is "
                         "{largest}").format(text=text.strip(),
                                             largest=format_amount(MAX_MINOR - 1, currency)))


def _decimal(term: str, text: str, currency: str, hint: str) -> Decimal:
    places = exponent(currency)
    try:
        value = Decimal(term.replace(",", ""))
    except InvalidOperation as error:  # pragma: no cover - the regex only passes digits
        raise AmountError(hint) from error
    if -value.as_tuple().exponent > places:
        raise AmountError(
            _("'{text}' has more than {places} decimals: ").format(text=text.strip(), places=places)
            + hint
        )
    if value >= Decimal(MAX_MINOR):
        raise _too_large(text, currency)
    return value


def to_decimal_string(minor: int, currency: str = "CNY") -> str:
    """Plain decimal text for JSON and files: ``-4550`` -> ``"-45.50"``."""
    places = exponent(currency)
    if places == 0:
        return str(minor)
    sign = "-" if minor < 0 else ""
    whole, frac = divmod(abs(minor), 10**places)
    return f"{sign}{whole}.{frac:0{places}d}"


def format_amount(minor: int, currency: str = "CNY", *, symbol: bool = False,
                  plus: bool = False) -> str:
    """Human text with the active language's separators and signs (CLDR): ``-123450`` ->
    ``-1,234.50`` (``-¥1,234.50``). The digits are exactly the integer's; nothing rounds."""
    found = formats()
    places = exponent(currency)
    whole, frac = divmod(abs(minor), 10**places)
    body = group_digits(whole) + (f"{found['decimal']}{frac:0{places}d}" if places else "")
    if symbol:
        body = CURRENCY_SYMBOLS.get(currency.upper(), currency.upper() + " ") + body
    if minor < 0:
        return found["minus"] + body
    return (found["plus"] + body) if plus and minor > 0 else body
