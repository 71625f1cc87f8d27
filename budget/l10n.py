"""Numbers, percents and months written the way the active language writes them."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

from budget.i18n import LOCALE_DIR, language

FORMATS_FILE = LOCALE_DIR / "formats.json"
"""Per language: CLDR's number symbols, grouping and percent pattern, and the month pattern
the app shows. Written from Babel's CLDR data by tools/locale_formats.py (a test checks it
still agrees), so a shell command formats without importing Babel (~60 ms)."""


@cache
def _formats() -> dict[str, dict]:
    return json.loads(FORMATS_FILE.read_text(encoding="utf-8"))


def formats(code: str | None = None) -> dict:
    """The formats of language `code` (default: the active one), English's if unknown."""
    table = _formats()
    return table.get(code or language(), table["en"])


def group_digits(whole: int, code: str | None = None) -> str:
    """A non-negative whole number with the language's group separator: 1234567 ->
    "1,234,567". Digits are never changed, only separated."""
    found = formats(code)
    digits = str(whole)
    primary, secondary = found["grouping"]
    if len(digits) <= primary:
        return digits
    groups = [digits[-primary:]]
    digits = digits[:-primary]
    while digits:
        groups.append(digits[-secondary:])
        digits = digits[:-secondary]
    return found["group"].join(reversed(groups))


def format_decimal(value: Decimal | int, code: str | None = None) -> str:
    """A decimal number as written in the language, with every digit of `value` kept:
    Decimal("-1234.5") -> "-1,234.5"."""
    found = formats(code)
    value = Decimal(value)
    sign, digits, exponent = value.as_tuple()
    text = "".join(map(str, digits)) or "0"
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if isinstance(exponent, int) and exponent > 0:
        text += "0" * exponent
    whole, frac = (text[:-places] or "0", text[-places:].rjust(places, "0")) if places \
        else (text, "")
    body = group_digits(int(whole), code) + (found["decimal"] + frac if frac else "")
    return (found["minus"] + body) if sign and value != 0 else body


def format_percent(percent: Decimal | int, code: str | None = None) -> str:
    """A value already in percent (56.6 for 56.6%) with the language's percent pattern and
    symbols: "56.6%". The digits are the caller's; nothing is rounded here."""
    found = formats(code)
    text = format_decimal(abs(Decimal(percent)), code)
    body = found["percent_prefix"] + text + found["percent_suffix"]
    return (found["minus"] + body) if Decimal(percent) < 0 else body


def format_month(year: int, month: int, code: str | None = None) -> str:
    """A month as a heading: "2026-11" in English, "2026年11月" in Chinese."""
    return _apply(formats(code)["month"], year=year, month=month)


def _apply(pattern: str, *, year: int, month: int) -> str:
    """Apply the few CLDR date pattern letters the app uses (y, M, MM) and quoted text."""
    out, index = [], 0
    while index < len(pattern):
        letter = pattern[index]
        run = len(pattern[index:]) - len(pattern[index:].lstrip(letter))
        if letter == "'":
            end = pattern.index("'", index + 1)
            out.append(pattern[index + 1:end] or "'")
            index = end + 1
            continue
        if letter == "y":
            out.append(f"{year:04d}")
        elif letter == "M":
            out.append(f"{month:0{run}d}")
        else:
            out.append(letter * run)
        index += run
    return "".join(out)


WIDE_PAD = "\ue000"
"""Kept after each double-width character while a layout that counts characters (plotext,
click's help wrapping) lays text out, so it reserves the second cell; see `pad_wide`."""


def pad_wide(text: str) -> str:
    """`text` with WIDE_PAD after each character that takes two terminal cells (Chinese),
    so that code measuring `len()` measures cells. Remove the pads with `unpad`."""
    from rich.cells import get_character_cell_size

    if text.isascii():
        return text
    return "".join(char + WIDE_PAD if get_character_cell_size(char) == 2 else char
                   for char in text)


def unpad(text: str) -> str:
    """Laid-out text with the placeholders of `pad_wide` taken out."""
    return text.replace(WIDE_PAD, "")


def os_reason(error: OSError) -> str:
    """Why the system refused a file operation, in the active language: the operating
    system's own words (`strerror`) are English whatever the locale."""
    import errno

    from budget.i18n import N_, _

    reasons = {
        errno.ENOENT: N_("no such file or folder"), errno.EACCES: N_("permission denied"),
        errno.EPERM: N_("permission denied"), errno.ENOSPC: N_("the disk is full"),
        errno.EISDIR: N_("it is a folder"), errno.ENOTDIR: N_("a part of the path is not a folder"),
        errno.EROFS: N_("the disk is read-only"), errno.EEXIST: N_("it already exists"),
        errno.ENAMETOOLONG: N_("the name is too long"), errno.EIO: N_("the disk failed"),
    }
    if error.errno in reasons:
        return _(reasons[error.errno])
    return error.strerror or str(error)
