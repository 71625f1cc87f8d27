"""The translation functions every user-facing string goes through (gettext catalogues)."""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

# Catalogues are managed with Babel (README, "Translations"): budget/locale/budget.pot is
# extracted from the source, budget/locale/<language>/LC_MESSAGES/budget.po is translated
# and compiled to the budget.mo read here with the standard library's gettext.
DOMAIN = "budget"
LOCALE_DIR = Path(__file__).parent / "locale"
ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = {ENGLISH: "English", CHINESE: "简体中文"}
"""The languages budget speaks: language code -> its name in that language."""
AUTO = "auto"
"""The saved setting that means "follow the system's locale"."""
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""Read in this order, the first one set wins, as gettext itself does."""

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = ENGLISH
_loaded: dict[str, gettext.NullTranslations] = {}


def _(message: str) -> str:
    """The active language's translation of `message` (an English sentence), else `message`.

    A text that is already translated comes back unchanged, so translating at the point of
    display is safe for strings that were translated once before (e.g. at import time).
    """
    # gettext("") is the catalogue's header, never a translation.
    return _translation.gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for `count`, in the active language.

    Use named placeholders and format after: ``ngettext("{count} day", "{count} days",
    n).format(count=n)``. Chinese has one form for every count.
    """
    return _translation.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """The translation of `message` in `context`, for a word that translates differently
    in different places: ``pgettext("date", "From")`` (a start date) is not the account
    money comes from."""
    return _translation.pgettext(context, message)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it: for constants evaluated at
    import time, translated with `_()` where they are shown."""
    return message


def listing(items) -> str:
    """Names one after the other as the language writes a list: "a, b, c" or "a、b、c"."""
    return _(", ").join(items)


def choices(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(label, value) pairs declared with N_, with each label translated now."""
    return [(_(label), value) for label, value in pairs]


def language() -> str:
    """The active language code: "en" or "zh_CN"."""
    return _language


def activate(code: str) -> str:
    """Make `code` (a language code such as "zh_CN") the active language; return it.

    Raises ValueError for a language budget does not speak (see `LANGUAGES`).
    """
    global _translation, _language
    found = normalize(code)
    if found is None:
        raise ValueError(code)
    if found not in _loaded:
        _loaded[found] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[found],
                                             fallback=True)
    _translation, _language = _loaded[found], found
    return found


def normalize(code: str | None) -> str | None:
    """The language budget speaks for a code or locale name, else None.

    "zh_CN.UTF-8", "zh-CN", "zh", "zh_Hans", "zh_SG" -> "zh_CN" (Simplified Chinese);
    "en_US.UTF-8", "en", "C", "POSIX" -> "en". Traditional Chinese (zh_TW, zh_HK, zh_Hant)
    and other languages -> None.
    """
    if not code:
        return None
    tag = code.split(".")[0].split("@")[0].replace("-", "_").strip()
    lowered = tag.lower()
    if lowered in {"c", "posix"} or lowered == "en" or lowered.startswith("en_"):
        return ENGLISH
    if lowered == "zh" or lowered in {"zh_cn", "zh_sg", "zh_hans"} or \
            lowered.startswith("zh_hans_"):
        return CHINESE
    return None


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale variables ask for, as gettext reads them: the first of
    LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set decides; LANGUAGE may list several
    ("fr:zh_CN"), the first one budget speaks wins. English when none is spoken."""
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:
            for code in value.split(":"):
                if found := normalize(code):
                    return found
            return ENGLISH
    return ENGLISH


def choose(option: str | None = None, saved: str | None = None,
           environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: --lang, then BUDGET_LANG, then the setting saved in the
    app (unless "auto"), then the locale variables; English when nothing says otherwise.

    A BUDGET_LANG or saved value budget does not speak is skipped; a bad --lang is the
    caller's to report (check it with `normalize` first).
    """
    environ = os.environ if environ is None else environ
    for candidate in (option, environ.get("BUDGET_LANG"), saved):
        if candidate and candidate != AUTO and (found := normalize(candidate)):
            return found
    return from_environment(environ)
