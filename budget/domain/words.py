"""Counted words: "1 day" and "2 days", never "1 days"; Chinese has one form for both."""

from __future__ import annotations

from budget.i18n import ngettext


def counted(count: int, one: str, many: str) -> str:
    """`one` or `many` (an ngettext pair with a ``{count}`` placeholder) for `count`, in the
    active language, the count with the language's digit grouping ("1,234").

    The one place a count picks its wording: ``counted(1, "{count} day", "{count} days")``
    is "1 day", "1 天" in Chinese. Extraction knows the pair by the keyword ``counted:2,3``
    (README, "Translations").
    """
    from budget.l10n import group_digits

    number = group_digits(abs(count))
    return ngettext(one, many, count).format(count=f"-{number}" if count < 0 else number)


def days_text(count: int) -> str:
    """``1 day``, ``3 days``."""
    return counted(count, "{count} day", "{count} days")


def installments_text(count: int) -> str:
    """``1 installment``, ``10 installments``."""
    return counted(count, "{count} installment", "{count} installments")


def months_text(count: int) -> str:
    """``1 month``, ``6 months``."""
    return counted(count, "{count} month", "{count} months")
