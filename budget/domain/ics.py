"""Unpaid installments and bills as an iCalendar file, so the phone's calendar reminds too."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from budget.domain.money import format_amount
from budget.domain.reminders import FOLLOWUP, LOAN, DueItem
from budget.domain.repayment import SETTLED
from budget.domain.text import clean_line
from budget.i18n import _

PRODID = "-//budget//loan and bill reminders//EN"
UID_DOMAIN = "budget"


def calendar_bytes(items: Iterable[DueItem], dtstamp: datetime,
                   lead_days: int | None = None) -> bytes:
    """An .ics with one all-day event per unpaid item and an alarm `lead_days` before it.

    `lead_days` None uses each item's own lead time. UIDs come from the item's ref, so
    importing a newer export updates the events instead of duplicating them. `dtstamp`
    is the export time (naive means UTC): passed in, never read from the clock.
    """
    stamp = dtstamp.astimezone(UTC) if dtstamp.tzinfo else dtstamp.replace(tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "budget")
    for item in items:
        if item.status not in SETTLED and (item.amount > 0 or item.kind == FOLLOWUP):
            lead = item.lead_days if lead_days is None else lead_days
            calendar.add_component(_event(item, stamp, lead))
    return calendar.to_ical()


def uid(item: DueItem) -> str:
    """Stable identifier: ("loan", 7, 3) -> "loan-7-3@budget"; dates print as 2026-12-01."""
    return "-".join(str(part) for part in item.ref) + "@" + UID_DOMAIN


def summary(item: DueItem) -> str:
    """"Repay 微粒贷 ¥1,234.50 (3/12)" or "Pay Rent ¥2,500.00"; a name's control characters
    never reach the calendar (domain/text.py)."""
    amount = format_amount(item.amount, item.currency, symbol=True)
    name = clean_line(item.name)
    if item.kind == FOLLOWUP:
        return _("Follow up with the lender about {name}").format(name=name)
    if item.kind != LOAN:
        return _("Pay {name} {amount}").format(name=name, amount=amount)
    text = _("Repay {name} {amount}").format(name=name, amount=amount)
    if item.number and item.periods:
        text += f" ({item.number}/{item.periods})"
    return text


def _event(item: DueItem, stamp: datetime, lead_days: int) -> Event:
    event = Event()
    event.add("uid", uid(item))
    event.add("dtstamp", stamp)
    event.add("dtstart", item.due_date)
    event.add("dtend", item.due_date + timedelta(days=1))
    event.add("summary", summary(item))
    event.add("transp", "TRANSPARENT")  # a reminder, not time the user is busy
    if item.penalty:
        event.add("description", _("Includes penalty {amount}").format(
            amount=format_amount(item.penalty, item.currency, symbol=True)))
    elif item.note:
        event.add("description", clean_line(item.note))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary(item))
    alarm.add("trigger", timedelta(days=-lead_days))
    event.add_component(alarm)
    return event
