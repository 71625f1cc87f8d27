"""The message check as a use case: the loan's official numbers and that day's calls."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from budget.domain.collection import CheckResult, DayCounts, check_message
from budget.domain.evidence_input import (
    MAX_NOTE,
    EvidenceError,
    clean_text,
    parse_at,
    parse_channel,
)
from budget.i18n import _

if TYPE_CHECKING:
    from budget.storage.ledger import Ledger

# Kept apart from services.evidence so `budget evidence check` imports only this, the
# domain check and, with a loan, a few queries: it runs in a shell prompt's time.


def find_loan(ledger: Ledger, name: str):
    """The LoanRef named `name` (any case, or a unique prefix); EvidenceError("loan") if none."""
    from budget.services.ledger import EntryError, match_name
    from budget.storage.evidence_lookup import loan_refs

    loans = loan_refs(ledger)
    if not loans:
        raise EvidenceError("loan", _("there is no loan yet: add one with `budget loan add`"))
    try:
        return match_name(loans, name, "loan", "loan")
    except EntryError as error:
        raise EvidenceError(error.field, str(error)) from error


def check(ledger: Ledger | None, text: str, *, loan: str | None = None,
          sender: str | None = None, at: str | None = None, channel: str | None = None,
          unanswered: bool = False, today: date) -> CheckResult:
    """Check a message; with a loan, against its official numbers and that day's calls.

    Without a loan, a sender is compared with every number stored for any lender.
    Raises EvidenceError (with the field) for bad input.
    """
    when = parse_at(at, today) if at else None
    kind = parse_channel(channel) if channel else None
    numbers: list[str] = []
    lender, day = "", None
    if ledger is not None:
        from budget.storage import evidence_lookup as lookup

        if loan:
            ref = find_loan(ledger, loan)
            numbers, lender = lookup.official_numbers(ledger, ref), ref.lender or ref.name
            if when is not None and kind == "call":
                answered, missed = lookup.day_calls(ledger, ref.id, when.date())
                day = DayCounts(when.date(), answered + (not unanswered), missed + unanswered)
        elif sender:
            numbers = [number for ref in lookup.loan_refs(ledger)
                       for number in lookup.official_numbers(ledger, ref)]
            numbers += [number for _lender, number, _note in lookup.lender_numbers(ledger)]
    return check_message(clean_text(text, multiline=True, limit=MAX_NOTE),
                         sender=clean_text(sender) or None, official_numbers=numbers,
                         lender=lender, at=when, day=day)


class CheckContext(NamedTuple):
    """What the live check in the TUI needs of a loan, read once when a form opens."""

    lender: str
    numbers: tuple[str, ...]
    calls_per_day: dict[date, tuple[int, int]]
    """(answered, unanswered) calls already recorded on each day."""


def check_context(ledger: Ledger, loan_id: int) -> CheckContext:
    """The loan's lender, official numbers and recorded calls per day (one loan id)."""
    from budget.storage import evidence_lookup as lookup

    ref = next(ref for ref in lookup.loan_refs(ledger) if ref.id == loan_id)
    return CheckContext(ref.lender or ref.name, tuple(lookup.official_numbers(ledger, ref)),
                        lookup.calls_per_day(ledger, loan_id))


def preview(context: CheckContext, text: str, *, sender: str = "", at: str = "",
            channel: str = "", answered: bool = True, today: date) -> CheckResult:
    """The check of a contact being typed: a time or channel not yet readable is left out
    (the form says what is wrong when it is saved)."""
    try:
        when = parse_at(at, today) if at.strip() else None
    except EvidenceError:
        when = None
    day = None
    if when is not None and channel == "call":
        done, missed = context.calls_per_day.get(when.date(), (0, 0))
        day = DayCounts(when.date(), done + answered, missed + (not answered))
    return check_message(clean_text(text, multiline=True, limit=MAX_NOTE),
                         sender=clean_text(sender) or None, official_numbers=context.numbers,
                         lender=context.lender, at=when, day=day)
