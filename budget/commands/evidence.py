"""`budget evidence ...`: check a collector's message, keep evidence, verify it, export it."""

from __future__ import annotations

import sys

import click

from budget.commands.common import (
    UserError,
    db_option,
    echo_json,
    group,
    ledger_for,
    option,
    today,
)
from budget.domain.collection_rules import CHANNELS, RECIPIENTS
from budget.i18n import N_, _
from budget.l10n import os_reason

LADDER_HELP = N_("Where to turn, in order: the lender's customer service (e.g. WeBank 95384), "
                 "12378 financial regulator, 12363 People's Bank of China, 12321 harassing "
                 "calls and messages, 110 police for threats or violence; legal aid 12348.")


def _now():
    from datetime import datetime

    return datetime.now()


def _input_error(error) -> UserError:
    """An EntryError or EvidenceError as `budget: option: what is wrong`."""
    return UserError(f"{error.field}: {error}")


@group("evidence", help=N_(
    "Collection messages: check one, keep evidence that cannot be quietly "
    "changed, complain.\n"
    "\n"
    "\b\n"
    'budget evidence check --loan 微粒贷 --from 95384 "您本期应还578.25元…"\n'
    'budget evidence add --loan 微粒贷 --at "2026-11-20 23:15" --channel call \\\n'
    '    --from 13800138000 --file ~/shot.png --note "说要联系我单位"\n'
    "budget evidence verify\n"
    "budget evidence export --loan 微粒贷 --to 12378 --out complaint.zip"))
def evidence() -> None:
    pass


def _message(words: tuple[str, ...], file: str | None) -> str:
    """The message to check, from TEXT, --file or standard input; UserError if there is
    none, if it is empty, too long or not text."""
    from budget.domain.evidence_input import MAX_MESSAGE_BYTES, MAX_NOTE

    if words and file:
        raise UserError(_("give the message as TEXT or with --file, not both"))
    if file:
        text = _read_message_file(file)
    elif words:
        text = " ".join(words)
    elif not sys.stdin.isatty():
        data = sys.stdin.buffer.read(MAX_MESSAGE_BYTES + 1)
        text = _decoded(data, _("standard input"), "message")
    else:
        raise UserError(_("give the message to check: as TEXT, with --file F, or on standard "
                          "input"))
    if not text.strip():
        raise UserError(_("the message is empty: give the words the collector wrote or said, "
                          "as TEXT, with --file F, or on standard input"))
    if len(text) > MAX_NOTE:
        raise UserError(_("the message is {count} characters long: up to {limit} are checked; "
                          "check it in parts").format(count=len(text), limit=MAX_NOTE))
    return text


def _read_message_file(file: str) -> str:
    from pathlib import Path

    from budget.domain.evidence_input import MAX_MESSAGE_BYTES

    path = Path(file).expanduser()
    try:
        if not path.is_file():
            raise UserError(_("--file: {path} is not a file: give a text file with the "
                              "message").format(path=file))
        with path.open("rb") as stream:  # never read a large file whole to refuse it
            data = stream.read(MAX_MESSAGE_BYTES + 1)
    except OSError as error:
        raise UserError(_("--file: cannot read {path}: {reason}").format(
            path=file, reason=os_reason(error))) from error
    return _decoded(data, file, "--file")


def _decoded(data: bytes, source: str, field: str) -> str:
    from budget.domain.evidence_input import EvidenceError, decode_message

    try:
        return decode_message(data, source, field)
    except EvidenceError as error:
        raise _input_error(error) from error


@evidence.command("check", help=N_(
    "Check a collector's message against the collection rules; say what to do next.\n"
    "\n"
    "With --loan (or --from), the sender is compared with the lender's official "
    "numbers."))
@click.argument("words", nargs=-1)
@option("--loan", help=N_("The loan it is about: compares the sender with its numbers."))
@option("--from", "sender", help=N_("The number or name it came from."))
@option("--at", "at", metavar='"YYYY-MM-DD HH:MM"', help=N_("When it came (22:00-08:00 is "
                                                            "off hours)."))
@option("--channel", type=click.Choice(list(CHANNELS), case_sensitive=False))
@option("--unanswered", is_flag=True, help=N_("A call that was not picked up."))
@option("--file", "file", help=N_("Read the message from a file."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def check(ctx, words: tuple[str, ...], loan: str | None, sender: str | None, at: str | None,
          channel: str | None, unanswered: bool, file: str | None, as_json: bool) -> None:
    from budget.domain.evidence_input import EvidenceError
    from budget.services.evidence_check import check as check_text

    text = _message(words, file)
    ledger = ledger_for(ctx) if loan or sender else None
    try:
        result = check_text(ledger, text, loan=loan, sender=sender, at=at, channel=channel,
                            unanswered=unanswered, today=today())
    except EvidenceError as error:
        raise _input_error(error) from error
    if as_json:
        echo_json(result.to_json())
        return
    from budget.commands.evidence_output import check_lines

    click.echo("\n".join(check_lines(result, sender)))


@evidence.command("add", help=N_(
    "Record a contact: when, how, from which number, what was said, tags and files.\n"
    "\n"
    "OFF_HOURS (22:00-08:00) and EXCESS_FREQUENCY (more than 3 answered or 6 "
    "unanswered calls that day) are added from the log, and what the message "
    "check finds in the note. Entries are never changed: a correction is a new "
    "entry (--corrects ID)."))
@option("--loan", required=True, help=N_("The loan being collected."))
@option("--at", "at", required=True, metavar='"YYYY-MM-DD HH:MM"',
        help=N_("When the contact happened."))
@option("--channel", required=True,
        type=click.Choice(list(CHANNELS), case_sensitive=False))
@option("--from", "sender", default="", help=N_("The number it came from."))
@option("--unanswered", is_flag=True, help=N_("A call you did not pick up."))
@option("--who", default="", help=N_("Who they said they were."))
@option("--tag", "tags", multiple=True, help=N_("A violation tag, e.g. THREAT (repeatable)."))
@option("--file", "files", multiple=True, help=N_("A screenshot, recording or photo "
                                                  "(repeatable); copied into the evidence folder."))
@option("--note", default="", help=N_("What was said, or the message itself."))
@option("--corrects", type=int, help=N_("This entry corrects entry #ID (which stays)."))
@option("--no-detect", is_flag=True, help=N_("Do not tag what the message check finds "
                                             "in the note."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def add(ctx, loan: str, at: str, channel: str, sender: str, unanswered: bool, who: str,
        tags: tuple[str, ...], files: tuple[str, ...], note: str, corrects: int | None,
        no_detect: bool, as_json: bool) -> None:
    from budget.commands.evidence_output import entry_json, entry_line
    from budget.domain.evidence_input import EvidenceError
    from budget.services.evidence import ContactInput, record
    from budget.services.ledger import EntryError

    typed = ContactInput(loan=loan, at=at, channel=channel, from_number=sender,
                         unanswered=unanswered, who=who, tags=tags, files=files, note=note,
                         corrects=corrects, detect=not no_detect)
    try:
        recorded = record(ledger_for(ctx), typed, today=today(), now=_now())
    except (EntryError, EvidenceError) as error:
        raise _input_error(error) from error
    if as_json:
        echo_json(entry_json(recorded.loan, recorded.entry))
        return
    click.echo(_("Recorded: {line}").format(line=entry_line(recorded.loan, recorded.entry)))


@evidence.command("list", help=N_(
    "Every recorded contact in chain order, with its tags, files and hash."))
@option("--loan", help=N_("Only this loan's entries."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def list_entries(ctx, loan: str | None, as_json: bool) -> None:
    from budget.commands.evidence_output import entry_json, entry_line
    from budget.services.evidence import all_entries
    from budget.services.ledger import EntryError

    try:
        entries = all_entries(ledger_for(ctx), loan)
    except EntryError as error:
        raise _input_error(error) from error
    if as_json:
        echo_json([entry_json(ref, entry) for ref, entry in entries])
    elif not entries:
        click.echo(_("No evidence recorded yet: `budget evidence add --help` shows how."))
    else:
        for ref, entry in entries:
            click.echo(entry_line(ref, entry))
            if entry.contact.note:
                click.echo("    " + entry.contact.note.replace("\n", "\n    "))


@evidence.command("verify", help=N_(
    "Recompute every entry's hash chain and every file; exit 1 naming what changed."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def verify(ctx, as_json: bool) -> None:
    from budget.services.evidence import problem_sentences
    from budget.services.evidence import verify as verify_all

    report, names = verify_all(ledger_for(ctx))
    problems = problem_sentences(report, names)
    if as_json:
        echo_json({"ok": report.ok, "entries": report.entries, "files": report.files,
                   "last_hashes": {names.get(loan_id, str(loan_id)): head
                                   for loan_id, head in report.heads.items()},
                   "problems": problems})
    elif report.ok:
        click.echo(_("Evidence verified: {entries} entries, {files} files, nothing changed "
                     "outside budget.").format(entries=report.entries, files=report.files))
        for loan_id, head in report.heads.items():
            click.echo(_("  last hash of {loan}: {hash}").format(
                loan=names.get(loan_id, loan_id), hash=head))
    else:
        for line in problems:
            click.echo(line, err=True)
        click.echo(_("Evidence does NOT verify: {count} problems.").format(
            count=len(problems)), err=True)
    if not report.ok:
        ctx.exit(1)


@evidence.command("export", epilog=LADDER_HELP, help=N_(
    "A complaint bundle: a letter in Simplified Chinese, the timeline (CSV), the "
    "files, a manifest with every file's SHA-256 and the chain's last hash, and "
    "how to submit it."))
@option("--loan", required=True)
@option("--to", "recipient", required=True, type=click.Choice(list(RECIPIENTS)),
        help=N_("Who the letter is for: lender, 12378, 12363, 12321 or 110."))
@option("--out", required=True, type=click.Path(dir_okay=False), help=N_("The zip to write."))
@db_option
@click.pass_context
def export(ctx, loan: str, recipient: str, out: str) -> None:
    from budget.services.complaint import export_bundle, ladder
    from budget.services.ledger import EntryError

    try:
        bundle = export_bundle(ledger_for(ctx), loan, recipient, out, today=today(),
                               now=_now())
    except EntryError as error:
        raise _input_error(error) from error
    except OSError as error:
        raise UserError(_("--out: cannot write {path}: {reason}").format(
            path=out, reason=os_reason(error))) from error
    click.echo(_("Wrote {path}: a letter to {recipient}, {entries} entries, {files} files; "
                 "last hash {hash}.").format(path=bundle.path, recipient=recipient,
                                             entries=bundle.entries, files=bundle.files,
                                             hash=bundle.head))
    click.echo(_("Where to turn, in order:"))
    for line in ladder(bundle.lender, bundle.numbers):
        click.echo("  " + line)


@evidence.command("profile", help=N_(
    "Your details for complaint letters; with no option, shows them."))
@option("--name", help=N_("Your name as it goes on complaint letters."))
@option("--phone", help=N_("Your phone number for the letters."))
@option("--id-number", help=N_("Your resident ID number (optional; '' removes it)."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def profile(ctx, name: str | None, phone: str | None, id_number: str | None,
            as_json: bool) -> None:
    from budget.services.evidence import profile as read_profile
    from budget.services.evidence import save_profile
    from budget.services.ledger import EntryError

    ledger = ledger_for(ctx)
    try:
        details = (save_profile(ledger, name=name, phone=phone, id_number=id_number)
                   if any(value is not None for value in (name, phone, id_number))
                   else read_profile(ledger))
    except EntryError as error:
        raise _input_error(error) from error
    if as_json:
        echo_json(details)
        return
    empty = _("(not set)")
    click.echo(_("Name: {name}\nPhone: {phone}\nID number: {id}").format(
        name=details["name"] or empty, phone=details["phone"] or empty,
        id=details["id_number"] or empty))


@evidence.group("number", help=N_(
    "Official numbers you keep for a lender, beside each loan's own."))
def number() -> None:
    pass


@number.command("add", help=N_(
    "Keep PHONE as an official number of LENDER (a lender's or a loan's name)."))
@click.argument("lender")
@click.argument("phone")
@option("--note", default="", help=N_("e.g. customer service, SMS sender."))
@db_option
@click.pass_context
def number_add(ctx, lender: str, phone: str, note: str) -> None:
    from budget.services.evidence import add_number
    from budget.services.ledger import EntryError

    try:
        kept = add_number(ledger_for(ctx), lender, phone, note)
    except EntryError as error:
        raise _input_error(error) from error
    from budget.domain.evidence_input import clean_text

    click.echo(_("Kept {number} as an official number of {lender}.").format(
        number=kept, lender=clean_text(lender)))


@number.command("list", help=N_("Every official number budget compares senders with."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def number_list(ctx, as_json: bool) -> None:
    from budget.services.evidence import numbers

    rows = numbers(ledger_for(ctx))
    if as_json:
        echo_json([{"lender": lender, "number": phone, "note": note}
                   for lender, phone, note in rows])
    elif not rows:
        click.echo(_("No official numbers yet: `budget evidence number add WeBank 95384`."))
    else:
        from budget.commands.common import table_lines

        for line in table_lines([[lender, phone, note] for lender, phone, note in rows], "lll"):
            click.echo(line)
