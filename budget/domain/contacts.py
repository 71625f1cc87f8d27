"""Contacts with a lender about a loan: what was said, promised, and when to follow up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from budget.domain.text import TextError, check_line
from budget.i18n import N_, _

MAX_TEXT = 2_000
"""Characters kept of a note or promise: a paragraph, not a transcript."""


class ContactError(ValueError):
    """Raised when a contact record is not usable; the message says why and `field` which
    part ("at", "channel", "note", "who", "promised", "next")."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Channel(StrEnum):
    """How the borrower reached the lender (or the lender them)."""

    PHONE = "phone"
    APP = "app"
    SMS = "sms"
    VISIT = "visit"
    OTHER = "other"


CHANNEL_NAMES = {Channel.PHONE: N_("phone"), Channel.APP: N_("the lender's app"),
                 Channel.SMS: N_("SMS"), Channel.VISIT: N_("visit"), Channel.OTHER: N_("other")}


def channel_name(channel: str) -> str:
    """How a channel ("phone", "app" ...) is shown, in the active language; other text as is."""
    return _(CHANNEL_NAMES[channel]) if channel in CHANNEL_NAMES else channel


@dataclass(frozen=True)
class LenderContact:
    """One contact with the lender through its official channel (domain.md §3: contact
    the lender, explain, propose a plan, and write down what was agreed).

    `who` is the person or staff id; `note` what was said or offered; `promised` what either
    side promised; `next_date` when to follow up (it shows in the due list until a later
    contact is recorded).
    """

    loan_id: int
    at: datetime
    channel: Channel
    note: str
    who: str = ""
    promised: str = ""
    next_date: date | None = None
    id: int | None = None
    now: datetime | None = field(default=None, compare=False, repr=False)
    """When given (at input), a contact after it is refused as in the future."""

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "channel", Channel(self.channel))
        except ValueError:
            raise ContactError("channel", _("'{value}' is not a channel: use one of {choices}")
                               .format(value=self.channel,
                                       choices=", ".join(c.value for c in Channel))) from None
        for name in ("note", "who", "promised"):
            try:
                typed = check_line(str(getattr(self, name)), name)
            except TextError as error:
                raise ContactError(name, str(error)) from None
            object.__setattr__(self, name, " ".join(typed.split()))
        if not self.note:
            raise ContactError("note", _("Write down what was said: a note is needed"))
        for name in ("note", "who", "promised"):
            if len(getattr(self, name)) > MAX_TEXT:
                raise ContactError(name, _("A note or promise is at most {count} characters")
                                   .format(count=MAX_TEXT))
        if self.now is not None and self.at > self.now:
            raise ContactError("at", _("{at} is in the future: give the time the contact "
                                       "happened").format(at=self.at.strftime("%Y-%m-%d %H:%M")))
        if self.next_date is not None and self.next_date < self.at.date():
            raise ContactError("next", _("The follow-up date {next} is before the contact on "
                                         "{at}").format(next=self.next_date.isoformat(),
                                                        at=self.at.date().isoformat()))


def open_followup(contacts: list[LenderContact]) -> LenderContact | None:
    """The follow-up still to do, if any: the latest contact that set one, unless a later
    contact was made on or after its date or set a follow-up of its own."""
    ordered = sorted(contacts, key=lambda contact: (contact.at, contact.id or 0))
    for index in range(len(ordered) - 1, -1, -1):
        contact = ordered[index]
        if contact.next_date is None:
            continue
        later = ordered[index + 1:]
        if any(other.at.date() >= contact.next_date for other in later):
            return None
        return contact
    return None
