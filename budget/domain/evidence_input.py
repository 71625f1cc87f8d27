"""Reading what people type about a collection contact: time, channel, tags, clean text."""

from __future__ import annotations

import re
from datetime import date, datetime

from budget.domain.collection_rules import CHANNELS, TAGS
from budget.domain.text import BIDI_CONTROLS
from budget.i18n import N_, _

MAX_NOTE = 20_000
MAX_SHORT = 200
MAX_MESSAGE_BYTES = 64 * 1024
"""A message file to check is at most 64 KB: the check reads up to MAX_NOTE characters, and
20,000 Chinese characters take 60,000 bytes in UTF-8 (40,000 in GBK). An SMS part is 70
characters and a long chat message a few thousand; anything larger is not one message."""
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 3, 20
"""110 and 12378 are numbers; E.164 allows 15 digits, and an extension a few more."""
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
_AT = re.compile(r"^(?P<day>.*?)[T\s]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]+$")
# C0 controls other than tab, line feed, form feed and carriage return: text has none.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_AT_HINT = N_("use YYYY-MM-DD HH:MM, e.g. 2026-11-20 23:15 (or MM-DD HH:MM, today HH:MM, "
               "HH:MM)")


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
    except DateError as error:
        raise EvidenceError("at", _("'{text}' is not a date and time ({reason}): {hint}").format(
            text=cleaned, reason=error, hint=_(_AT_HINT))) from error
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise EvidenceError("at", _("'{text}' is not a date and time (the hour is 0 to 23, the "
                                    "minute 0 to 59): {hint}").format(text=cleaned,
                                                                     hint=_(_AT_HINT)))
    return datetime(day.year, day.month, day.day, hour, minute)


def parse_tag(text: str) -> str:
    """``threat``, ``third-party-contact`` or ``THIRD_PARTY_CONTACT`` -> the tag, as is its
    name in the active language (``威胁``, ``恐吓``); else an error."""
    from budget.domain.collection_rules import tag_for

    tag = tag_for(clean_text(text))
    if tag is None:
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


def parse_phone(text: str, field: str = "phone") -> str:
    """A phone number as people write it: digits, spaces, a leading +, - and parentheses,
    3 to 20 digits (``95384``, ``13800138000``, ``+86 755 8999 0000``, ``(0755) 8999-0000``;
    full-width forms are read as ASCII). Returns it with spaces collapsed; raises
    EvidenceError(`field`) naming what is accepted."""
    import unicodedata

    typed = clean_text(text, limit=60)
    number = " ".join(unicodedata.normalize("NFKC", typed).split())
    digits = sum(char.isdigit() for char in number)
    if not _PHONE.match(number) or not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
        raise EvidenceError(field, _(
            "'{text}' is not a phone number: use digits, spaces, a leading +, - and "
            "parentheses, {least} to {most} digits, e.g. 95384, 13800138000 or "
            "+86 755 8999 0000").format(text=typed, least=MIN_PHONE_DIGITS,
                                          most=MAX_PHONE_DIGITS))
    return number


def decode_message(data: bytes, source: str, field: str = "file") -> str:
    """The text of a message file (or standard input): UTF-8 (with or without a BOM), UTF-16
    with a BOM (Windows Notepad's "Unicode") or GBK/GB18030 (older Chinese phones' exports),
    at most MAX_MESSAGE_BYTES. Raises EvidenceError(`field`) for anything larger or not text
    (a screenshot or a recording given by mistake), saying what is accepted."""
    limit = MAX_MESSAGE_BYTES // 1024
    if len(data) > MAX_MESSAGE_BYTES:
        raise EvidenceError(field, _(
            "{source} is larger than {limit} KB: a message to check is UTF-8 or GBK text of "
            "up to {limit} KB; save only the message in it, or paste the message").format(
            source=source, limit=limit))
    text = _decoded(data.rstrip(b"\x1a"))  # Ctrl-Z: the end mark of old DOS text files
    if text is None or _BINARY.search(text):
        raise EvidenceError(field, _(
            "{source} is not text (a picture, a recording or another binary file?): a message "
            "to check is UTF-8 or GBK text of up to {limit} KB; keep screenshots and "
            "recordings with `budget evidence add --file`").format(source=source, limit=limit))
    return text


def _decoded(data: bytes) -> str | None:
    """`data` as text, or None when it is in none of the encodings people's files use."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    elif b"\x00" in data:
        return None
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
