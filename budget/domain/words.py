"""Counted words: "1 day" and "2 days", never "1 days"; Chinese has one form for both."""

from __future__ import annotations

from budget.i18n import _, ngettext


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


def days_words(days_until: int) -> str:
    """When something falls due, in words: "due in 3 days", "due today", "2 days ago"."""
    if days_until > 0:
        return _("due in {days}").format(days=days_text(days_until))
    if days_until == 0:
        return _("due today")
    return _("{days} ago").format(days=days_text(-days_until))


def status_words(status: str, days_until: int) -> str:
    """An installment's or bill's status as a person says it: "overdue 2 days", "in grace
    (1 day past due)", "due today", "due in 3 days", "paid"."""
    # Plain strings, not repayment.Status (a StrEnum, equal to them): the shell's `due`
    # reads its cached list with no engine imported.
    if status == "overdue":
        return _("overdue {days}").format(days=days_text(-days_until))
    if status == "in_grace":
        return _("in grace ({days} past due)").format(days=days_text(-days_until))
    if status in ("due_today", "due_soon", "upcoming"):
        return days_words(days_until)
    return {"paid": _("paid"), "paid_late": _("paid late"),
            "restructured": _("restructured")}.get(status, str(status))
