"""Counted words: "1 day" and "2 days", never "1 days"."""

from __future__ import annotations

from budget.i18n import _


def counted(count: int, one: str, many: str) -> str:
    """`one` or `many` (message ids with a ``{count}`` placeholder) filled with `count`.

    The one place a count picks its wording, so a translation with other plural rules
    changes only this function: ``counted(1, "{count} day", "{count} days")`` is "1 day".
    """
    return _(one if count == 1 else many).format(count=f"{count:,}")


def days_text(count: int) -> str:
    """``1 day``, ``3 days``."""
    return counted(count, "{count} day", "{count} days")


def installments_text(count: int) -> str:
    """``1 installment``, ``10 installments``."""
    return counted(count, "{count} installment", "{count} installments")


def months_text(count: int) -> str:
    """``1 month``, ``6 months``."""
    return counted(count, "{count} month", "{count} months")
