"""Reading what people type about a collection contact: time, channel, tags, clean text."""

from __future__ import annotations

import re
from datetime import date, datetime

from budget.domain.collection_rules import CHANNELS, TAGS
from budget.i18n import _

MAX_NOTE = 20_000
MAX_SHORT = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_AT = re.compile(r"^(?P<day>.*?)[T\s]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?$")
_AT_HINT = "use YYYY-MM-DD HH:MM, e.g. 2026-11-20 23:15 (or MM-DD HH:MM, today HH:MM, HH:MM)"


class EvidenceError(ValueError):
    """Input that cannot be recorded as evidence; `field` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def clean_text(text: str | None, *, multiline: bool = False, limit: int = MAX_SHORT) -> str:
    """Text from outside without control characters (a terminal or an export would obey
    them, e.g. bidi overrides that reverse a number); tabs become spaces, only a multi-line
    field keeps its line breaks, and it is cut at `limit` characters."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = " ".join(text.split("\n"))
    return _CONTROL.sub("", text).strip()[:limit]


def parse_at(text: str, today: date) -> datetime:
    """Read ``2026-11-20 23:15``, ``11-20 23:15``, ``yesterday 23:15`` or ``23:15`` (today).

    Minutes, local time. Raises EvidenceError naming the formats accepted.
    """
    from budget.domain.dates import DateError, parse_date

    cleaned = clean_text(text).replace("：", ":")
    match = _AT.match(cleaned) or _AT.match(f"today {cleaned}")
    if not match:
        raise EvidenceError("at", _("'{text}' is not a date and time: {hint}").format(
            text=cleaned, hint=_(_AT_HINT)))
    try:
        day = parse_date(match.group("day") or "today", today)
        return datetime(day.year, day.month, day.day, int(match.group("hour")),
                        int(match.group("minute")))
    except (DateError, ValueError) as error:
        raise EvidenceError("at", _("'{text}' is not a date and time ({reason}): {hint}").format(
            text=cleaned, reason=error, hint=_(_AT_HINT))) from error


def parse_tag(text: str) -> str:
    """``threat``, ``third-party-contact`` or ``THIRD_PARTY_CONTACT`` -> the tag; else an error."""
    tag = clean_text(text).upper().replace("-", "_").replace(" ", "_")
    if tag not in TAGS:
        raise EvidenceError("tag", _("'{text}' is not a tag: use one of {tags}").format(
            text=clean_text(text), tags=", ".join(TAGS)))
    return tag


def parse_channel(text: str) -> str:
    """One of call, sms, wechat, visit, letter, other (any case)."""
    channel = clean_text(text).lower()
    if channel not in CHANNELS:
        raise EvidenceError("channel", _("'{text}' is not a channel: use one of {channels}")
                            .format(text=clean_text(text), channels=", ".join(CHANNELS)))
    return channel
