"""Debt-collection rules of domain.md §3: violation tags, contact channels, limits, citations."""

from __future__ import annotations

from datetime import time

from budget.i18n import N_, _, listing, pgettext

# Names exactly as published (domain.md §3); they are proper names, never translated.
GUIDELINE = "金融机构个人消费类贷款催收工作指引（试行）"
STANDARD = "互联网金融 个人网络消费信贷 贷后催收风控指引"
NIFA_PACT = "互联网金融逾期债务催收自律公约（试行）"
CREDIT_REGULATION = "征信业管理条例"

TAGS = (
    "OFF_HOURS", "EXCESS_FREQUENCY", "THIRD_PARTY_CONTACT", "DEBT_DISCLOSURE", "THREAT",
    "INSULT", "VIOLENCE", "IMPERSONATION", "DECEPTION", "EXTRA_FEES", "NEW_BORROWING",
    "PERSONAL_DATA", "HARASSING_MESSAGES", "UNIDENTIFIED_CALLER", "OTHER",
)
"""Violation tags of domain.md §3, in the order they are listed there."""

AUTOMATIC_TAGS = ("OFF_HOURS", "EXCESS_FREQUENCY")
"""Tags budget sets from the log itself: the time of a contact and the day's count."""

CHANNELS = ("call", "sms", "wechat", "visit", "letter", "other")
"""How a collector made contact."""

CHANNEL_LABELS = {"call": N_("call"), "sms": N_("SMS"), "wechat": N_("WeChat"),
                  "visit": N_("visit"), "letter": N_("letter"), "other": N_("other")}
"""How each channel is shown (message ids: translate with `channel_label`)."""


def channel_label(channel: str) -> str:
    """A channel of CHANNELS ("call") in the active language ("电话"); other text as is."""
    return _(CHANNEL_LABELS[channel]) if channel in CHANNEL_LABELS else channel

RECIPIENTS = ("lender", "12378", "12363", "12321", "110")
"""Who a complaint bundle can be for, in the order of escalation (domain.md §3)."""

QUIET_FROM = time(22, 0)
QUIET_UNTIL = time(8, 0)
"""No collection 22:00–08:00 (the CBA guideline and the national standard above)."""

MAX_ANSWERED_CALLS = 3
"""At most 3 effective voice contacts a day (the national standard, STANDARD)."""

MAX_UNANSWERED_CALLS = 6
"""At most 6 unanswered attempts a day to one number (the CBA guideline, GUIDELINE)."""


def off_hours(at: time) -> bool:
    """Whether a contact at `at` falls in 22:00–08:00: 21:59 no, 22:00 yes, 07:59 yes, 08:00 no.

    Source: GUIDELINE (China Banking Association, 2024-01-30) and STANDARD (approved 2025-03).
    """
    return at >= QUIET_FROM or at < QUIET_UNTIL


def excessive(answered_calls: int, unanswered_calls: int) -> bool:
    """Whether one day's calls break the limits: more than 3 answered or more than 6 not.

    Counts are of calls on one day, this one included. Sources: STANDARD (3 effective
    voice contacts a day), GUIDELINE (6 unanswered attempts a day to one number).
    """
    return answered_calls > MAX_ANSWERED_CALLS or unanswered_calls > MAX_UNANSWERED_CALLS


def rule_for(tag: str) -> str:
    """The rule a tag breaks, naming the regulation and article (domain.md §3)."""
    names = {"guideline": GUIDELINE, "standard": STANDARD, "pact": NIFA_PACT}
    return _(_RULES[tag]).format(**names)


def tag_label(tag: str) -> str:
    """A short plain-language name for a tag, for lists and counts."""
    return _(_LABELS[tag])


def tag_name(tag: str) -> str:
    """How a tag is shown in a table or a count: the tag itself in English ("THREAT"), a
    short name in another language ("威胁"). Unknown text comes back as it is."""
    names = {
        "OFF_HOURS": pgettext("tag", "OFF_HOURS"),
        "EXCESS_FREQUENCY": pgettext("tag", "EXCESS_FREQUENCY"),
        "THIRD_PARTY_CONTACT": pgettext("tag", "THIRD_PARTY_CONTACT"),
        "DEBT_DISCLOSURE": pgettext("tag", "DEBT_DISCLOSURE"),
        "THREAT": pgettext("tag", "THREAT"),
        "INSULT": pgettext("tag", "INSULT"),
        "VIOLENCE": pgettext("tag", "VIOLENCE"),
        "IMPERSONATION": pgettext("tag", "IMPERSONATION"),
        "DECEPTION": pgettext("tag", "DECEPTION"),
        "EXTRA_FEES": pgettext("tag", "EXTRA_FEES"),
        "NEW_BORROWING": pgettext("tag", "NEW_BORROWING"),
        "PERSONAL_DATA": pgettext("tag", "PERSONAL_DATA"),
        "HARASSING_MESSAGES": pgettext("tag", "HARASSING_MESSAGES"),
        "UNIDENTIFIED_CALLER": pgettext("tag", "UNIDENTIFIED_CALLER"),
        "OTHER": pgettext("tag", "OTHER"),
    }
    return names.get(tag, tag)


def tag_names(tags) -> str:
    """Tags as a list in the active language: "OFF_HOURS, THREAT" or "夜间催收、威胁"."""
    return listing(tag_name(tag) for tag in tags)


def tag_for(text: str) -> str | None:
    """The tag a person typed: the tag in any case with - or _ ("third-party-contact"), its
    short name in the active language ("威胁"), or a part of its label ("恐吓"); else None."""
    import re

    wanted = text.strip().casefold()
    code = wanted.upper().replace("-", "_").replace(" ", "_")
    if code in TAGS:
        return code
    for tag in TAGS:
        parts = re.split(r"\s*[、,，;；]\s*", tag_label(tag).casefold())
        if wanted and (wanted == tag_name(tag).casefold() or wanted in parts):
            return tag
    return None


_RULES = {
    "OFF_HOURS": N_(
        "{guideline} (China Banking Association, 2024-01-30): no calls, visits or other "
        "collection 22:00–08:00 without the debtor's consent; national standard {standard} "
        "(approved 2025-03): no collection 22:00–08:00"),
    "EXCESS_FREQUENCY": N_(
        "{guideline}: at most 6 unanswered attempts a day to one number; national standard "
        "{standard}: at most 3 effective voice contacts a day; NIFA {pact}: no frequent calls"),
    "THIRD_PARTY_CONTACT": N_(
        "national standard {standard}: collect from the debtor only, contact others only if "
        "the debtor cannot be reached; NIFA {pact}: contacts only when the debtor is "
        "unreachable; Civil Code arts. 1032 and 1033 (privacy)"),
    "DEBT_DISCLOSURE": N_(
        "national standard {standard}: never reveal the debt to others; {guideline}: no "
        "public notices, no spreading private information; Civil Code art. 1024 "
        "(reputation), arts. 1032 and 1033 (privacy)"),
    "THREAT": N_(
        "{guideline}: no intimidation; NIFA {pact}: no threats; Public Security "
        "Administration Punishments Law (threats); Criminal Law art. 293-1 (collecting "
        "debts by violence, threats or harassment)"),
    "INSULT": N_(
        "{guideline}: no insults; NIFA {pact}: no insults; Civil Code art. 1024 "
        "(reputation); Public Security Administration Punishments Law (insults)"),
    "VIOLENCE": N_(
        "{guideline}: no violence; Criminal Law art. 293-1 (collecting debts by violence, "
        "threats or harassment)"),
    "IMPERSONATION": N_(
        "{guideline}: no fraud or intimidation; real court documents come from the court, "
        "and the court service hotline 12368 can confirm whether a case exists"),
    "DECEPTION": N_(
        "{guideline}: no fraud or intimidation; a claim that a case was filed or an arrest "
        "is coming can be checked with the court service hotline 12368"),
    "EXTRA_FEES": N_(
        "{guideline}: no extra fees; only what the contract says is owed, paid through the "
        "lender's official channel"),
    "NEW_BORROWING": N_("{guideline}: no pushing the debtor to borrow elsewhere"),
    "PERSONAL_DATA": N_(
        "Personal Information Protection Law art. 6; Civil Code arts. 1032 and 1033 "
        "(privacy); {guideline}: no spreading private information"),
    "HARASSING_MESSAGES": N_(
        "Civil Code art. 1033 (no intrusion by phone, SMS or instant message); Public "
        "Security Administration Punishments Law (harassing messages); NIFA {pact}: no "
        "frequent calls"),
    "UNIDENTIFIED_CALLER": N_(
        "no rule budget cites names this alone, but a collector who will not say who they "
        "are cannot be checked: verify through the lender's official number before paying "
        "({guideline}: no fraud)"),
    "OTHER": N_("described in the note; budget cites no rule for it"),
}

_LABELS = {
    "OFF_HOURS": N_("contact 22:00–08:00"),
    "EXCESS_FREQUENCY": N_("too many calls in a day"),
    "THIRD_PARTY_CONTACT": N_("family, colleagues or contacts"),
    "DEBT_DISCLOSURE": N_("debt revealed, public shaming"),
    "THREAT": N_("threats, intimidation"),
    "INSULT": N_("insults, abuse"),
    "VIOLENCE": N_("violence, restraint"),
    "IMPERSONATION": N_("posing as police or court"),
    "DECEPTION": N_("false claims"),
    "EXTRA_FEES": N_("extra fees, private account"),
    "NEW_BORROWING": N_("pushed to borrow elsewhere"),
    "PERSONAL_DATA": N_("personal data misused"),
    "HARASSING_MESSAGES": N_("harassing messages"),
    "UNIDENTIFIED_CALLER": N_("caller will not identify"),
    "OTHER": N_("other"),
}
