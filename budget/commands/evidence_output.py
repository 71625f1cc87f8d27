"""What `budget evidence` prints: a check, an entry as a line or JSON, verify's problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

from budget.domain.collection_rules import channel_label, tag_label, tag_name, tag_names
from budget.domain.evidence_input import clean_text
from budget.i18n import _

if TYPE_CHECKING:  # `budget evidence check` prints with this module and needs no storage
    from budget.domain.collection import CheckResult
    from budget.domain.evidence import EvidenceEntry
    from budget.storage.evidence_lookup import LoanRef


def check_lines(result: CheckResult, sender: str | None) -> list[str]:
    """The check as a person reads it: sender, findings with their rules, what is lawful,
    what to do next."""
    lines = [_sender_line(result.official_sender, clean_text(sender))]
    if result.findings:
        lines.append(_("Breaks the collection rules:"))
        for finding in result.findings:
            name, label = tag_name(finding.tag), tag_label(finding.tag)
            # A language whose short tag name already says it all shows it once.
            lines.append((_("  {tag}: “{words}”") if label == name else
                          _("  {tag} ({label}): “{words}”")).format(
                tag=name, label=label, words=finding.evidence))
            lines.append(_("    rule: {rule}").format(rule=finding.rule))
    else:
        lines.append(_("Breaks none of the collection rules budget knows."))
    if result.lawful:
        lines.append(_("Lawful in it:"))
        for item in result.lawful:
            lines.append(_("  “{words}”: {why}").format(words=item.evidence, why=item.why))
    lines.append(_("What to do:"))
    lines += [f"  - {advice}" for advice in result.advice]
    return [line for line in lines if line]


def _sender_line(official: bool | None, sender: str) -> str:
    if official is True:
        return _("Sender {sender} is an official number of the lender.").format(sender=sender)
    if official is False:
        return _("Sender {sender} is NOT one of the lender's official numbers.").format(
            sender=sender)
    if sender:
        return _("Sender {sender}: no official number stored to compare with.").format(
            sender=sender)
    return ""


def entry_line(loan: LoanRef, entry: EvidenceEntry) -> str:
    """``#12 微粒贷 2026-11-20 23:15 call 13800138000 answered [OFF_HOURS] 1 file 3f2a…``"""
    contact = entry.contact
    answered = "" if contact.channel != "call" else (
        _("answered") if contact.answered else _("unanswered"))
    parts = [f"#{entry.id}", loan.name, contact.at.strftime("%Y-%m-%d %H:%M"),
             channel_label(contact.channel),
             contact.from_number, answered,
             _("as {who}").format(who=contact.who) if contact.who else "",
             _("[{tags}]").format(tags=tag_names(entry.tags)) if entry.tags else "",
             _("files: {count}").format(count=len(entry.files)) if entry.files else "",
             _("corrects #{id}").format(id=entry.corrects) if entry.corrects else "",
             entry.hash[:12] + "…"]
    return " ".join(part for part in parts if part)


def entry_json(loan: LoanRef, entry: EvidenceEntry) -> dict:
    contact = entry.contact
    return {
        "id": entry.id, "loan": loan.name, "seq": entry.seq,
        "at": contact.at.isoformat(sep=" ", timespec="minutes"), "channel": contact.channel,
        "from": contact.from_number, "answered": contact.answered, "who": contact.who,
        "note": contact.note, "tags": list(entry.tags), "auto_tags": list(entry.auto_tags),
        "files": [{"name": f.name, "sha256": f.sha256, "size": f.size} for f in entry.files],
        "corrects": entry.corrects, "recorded_at": entry.recorded_at.isoformat(),
        "prev_hash": entry.prev_hash, "hash": entry.hash,
    }
