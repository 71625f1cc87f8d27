"""`budget loan playbook | contact | contacts | restructure`: when a loan is overdue."""

from __future__ import annotations

import click

from budget.commands.common import (
    UserError,
    db_option,
    echo_json,
    entry_error,
    ledger_for,
    option,
    parse_option_date,
    table_lines,
)
from budget.commands.loans import METHODS, loan, parse_rate
from budget.domain.money import format_amount, to_decimal_string
from budget.domain.words import installments_text
from budget.i18n import N_, _, listing

CHANNELS = ["phone", "app", "sms", "visit", "other"]
REASONS = ["income-late", "job-loss", "illness", "emergency", "forgot"]
OPTIONS = ["waiver", "extension", "installments", "interest-stopped"]


@loan.command("playbook", help=N_(
    "What to do about an overdue loan, calmly, in your own figures: where you "
    "stand, the messages you may get, who to call and what to say, the options "
    "to ask for."))
@click.argument("name")
@option("--reason", type=click.Choice(REASONS), default="income-late", show_default=True,
        help=N_("What happened, for the script of the call."))
@option("--as-of", help=N_("As of this date (default: today)."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def loan_playbook(ctx, name: str, reason: str, as_of: str | None, as_json: bool) -> None:
    from budget.services.ledger import EntryError
    from budget.services.loans import find_loan
    from budget.services.playbook import playbook_for

    ledger = ledger_for(ctx)
    day = parse_option_date(as_of, "--as-of")
    try:
        book = playbook_for(ledger, find_loan(ledger, name).id, day)
    except EntryError as error:
        raise entry_error(error) from error
    if as_json:
        echo_json(playbook_json(book))
        return
    for line in playbook_lines(book, reason):
        click.echo(line)


def playbook_json(book) -> dict:
    from budget.domain.playbook import option_name

    currency, standing = book.loan.currency, book.standing

    def money(minor):
        return None if minor is None else to_decimal_string(minor, currency)

    return {
        "loan": book.loan.name, "lender": book.loan.lender, "phones": list(book.loan.phones),
        "as_of": standing.as_of.isoformat(),
        "standing": {"due_now": money(standing.due_now),
                     "installments_due": standing.installments,
                     "days_overdue": standing.days_overdue,
                     "penalty_unpaid": money(standing.penalty),
                     "late_interest": money(standing.late_interest),
                     "cost_per_day": money(standing.per_day),
                     "in_grace": standing.grace_ends is not None,
                     "grace_ends": standing.grace_ends.isoformat() if standing.grace_ends
                     else None,
                     "outstanding": money(standing.outstanding)},
        "can_pay_now": money(book.can_pay_now), "monthly_surplus": money(book.surplus),
        "options": [{"kind": str(option.kind), "name": option_name(option, standing),
                     "first_payment": money(option.first_payment),
                     "first_due": option.first_due.isoformat(),
                     "monthly": money(option.monthly), "periods": option.periods,
                     "total": money(option.total), "extra_cost": money(option.extra_cost),
                     "apr": None if option.apr is None else f"{option.apr * 100:.2f}",
                     "fits_surplus": option.fits} for option in book.options],
        "contacts": [contact_json(contact) for contact in book.contacts],
    }


def playbook_lines(book, reason: str) -> list[str]:
    """The playbook's steps as text, the same figures as the app's screen."""
    from budget.domain.playbook import (
        CALM,
        IMPROPER,
        LAWFUL,
        NEXT,
        option_line,
        option_name,
        script,
        standing_lines,
        translated,
    )

    loan, standing, currency = book.loan, book.standing, book.loan.currency
    chosen = next((option for option in book.options if option.fits), None)
    phones = listing(loan.phones) or _("the number in the lender's official app")
    lines = [_("{name}: what to do, one step at a time").format(name=loan.name), "",
             "1. " + _("Where you stand"), *("   " + line for line in standing_lines(standing)),
             "", "2. " + _("Is the message you got lawful?"), "   " + _(LAWFUL),
             "   " + _("Not lawful:"), *("   - " + line for line in translated(IMPROPER)),
             "   " + _("Check a message with `budget evidence check`; keep evidence of "
                       "anything improper."),
             "", "3. " + _("Stay calm"), *("   - " + line for line in translated(CALM)),
             "", "4. " + _("Contact the lender: {phones}").format(phones=phones),
             *("   " + line for line in script(loan.name, loan.lender, standing, reason,
                                               min(book.can_pay_now, standing.due_now),
                                               chosen)),
             "   " + _("Then record the call: `budget loan contact add {name} --channel phone "
                       "--note ... --next DATE`").format(name=loan.name),
             "", "5. " + _("Options to ask for")]
    if book.surplus is not None:
        lines.append("   " + _("Your monthly surplus: {amount} (income less essential "
                               "spending and other loan payments)").format(
            amount=format_amount(book.surplus, currency, symbol=True)))
    for choice in book.options:
        lines.append(f"   - {option_name(choice, standing)}: "
                     f"{option_line(choice, currency, standing.as_of)}")
    lines.append("   " + _("Record an agreement: `budget loan restructure {name} --option "
                           "installments` (or the terms agreed)").format(name=loan.name))
    lines += ["", "6. " + _("Next"), *("   - " + line for line in translated(NEXT))]
    if book.contacts:
        lines += ["", _("Contacts so far:"), *contact_lines(book.contacts)]
    return lines


def contact_json(contact) -> dict:
    return {"id": contact.id, "at": contact.at.isoformat(timespec="minutes"),
            "channel": str(contact.channel), "who": contact.who, "note": contact.note,
            "promised": contact.promised,
            "next": contact.next_date.isoformat() if contact.next_date else None}


def contact_lines(contacts) -> list[str]:
    rows = [[_("when"), _("channel"), _("who"), _("note"), _("promised"), _("follow up")]]
    from budget.domain.contacts import channel_name

    rows += [[contact.at.strftime("%Y-%m-%d %H:%M"), channel_name(contact.channel), contact.who,
              contact.note, contact.promised,
              contact.next_date.isoformat() if contact.next_date else ""]
             for contact in contacts]
    return table_lines(rows, "llllll")


@loan.group("contact", help=N_("Record contacts with the lender."))
def loan_contact() -> None:
    pass


@loan_contact.command("add", help=N_(
    "Write down a contact with the lender: when, how, who, what was said and "
    "promised.\n"
    "\n"
    "\b\n"
    'budget loan contact add 微粒贷 --channel phone --who "工号 1234" \\\n'
    '    --note "asked for 分期" --promised "pay 300 by Friday" --next 2026-12-05'))
@click.argument("name")
@option("--at", "at_text", help=N_('When, "YYYY-MM-DD HH:MM" (default: now).'))
@option("--channel", type=click.Choice(CHANNELS), required=True)
@option("--who", default="", help=N_("Name or staff id of the person you spoke to."))
@option("--note", required=True, help=N_("What was said or offered."))
@option("--promised", default="", help=N_("What either side promised."))
@option("--next", "next_text", help=N_("Follow-up date: it shows in `budget due`."))
@db_option
@click.pass_context
def contact_add(ctx, name: str, at_text: str | None, channel: str, who: str, note: str,
                promised: str, next_text: str | None) -> None:
    from budget.commands.common import now
    from budget.services.ledger import EntryError
    from budget.services.playbook import record_contact

    at = _read_at(at_text)
    next_date = parse_option_date(next_text, "--next") if next_text else None
    clock = now()
    try:
        contact = record_contact(ledger_for(ctx), name, at=at or clock, channel=channel,
                                 note=note, who=who, promised=promised, next_date=next_date,
                                 now=clock)
    except EntryError as error:
        raise entry_error(error) from error
    follow = _("; follow up on {day}").format(day=contact.next_date.isoformat()) \
        if contact.next_date else ""
    from budget.domain.contacts import channel_name

    click.echo(_("Recorded the {channel} contact of {at}{follow}.").format(
        channel=channel_name(contact.channel), at=contact.at.strftime("%Y-%m-%d %H:%M"),
        follow=follow))


def _read_at(text: str | None):
    """"YYYY-MM-DD HH:MM" (or a date alone, at 00:00); None when not given."""
    from datetime import datetime, time

    if not text:
        return None
    parts = text.strip().split()
    day = parse_option_date(parts[0], "--at")
    if len(parts) == 1:
        return datetime.combine(day, time())
    try:
        clock = time.fromisoformat(parts[1])
    except ValueError:
        raise UserError(_("--at: '{text}' is not a time: use \"YYYY-MM-DD HH:MM\", e.g. "
                          "\"2026-11-30 14:05\"").format(text=text)) from None
    return datetime.combine(day, clock.replace(second=0, microsecond=0))


@loan.command("contacts", help=N_("Every contact with the lender about a loan, oldest first."))
@click.argument("name")
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def loan_contacts(ctx, name: str, as_json: bool) -> None:
    from budget.services.ledger import EntryError
    from budget.services.playbook import contacts_of

    try:
        stored, contacts = contacts_of(ledger_for(ctx), name)
    except EntryError as error:
        raise entry_error(error) from error
    if as_json:
        echo_json([contact_json(contact) for contact in contacts])
    elif not contacts:
        click.echo(_("No contacts with the lender recorded for {name} yet.").format(
            name=stored.name))
    else:
        for line in contact_lines(contacts):
            click.echo(line)


@loan.command("restructure", help=N_(
    "Record a new plan agreed with the lender (分期, 展期, 停息分期, 减免): it replaces "
    "the unpaid rest of the loan from --from; the old schedule stays as history.\n"
    "\n"
    "\b\n"
    "budget loan restructure 微粒贷 --method equal-installment --periods 6 "
    "--annual-rate 12%\n"
    "budget loan restructure 微粒贷 --method equal-principal --periods 24 "
    "--annual-rate 0 \\\n"
    '    --waive-penalty --ref "WB-2026-1130"\n'
    "budget loan restructure 微粒贷 --option installments"))
@click.argument("name")
@option("--from", "from_text", default="today", help=N_("The date the new plan starts."))
@option("--option", type=click.Choice(OPTIONS),
        help=N_("Record one of the playbook's options as priced there."))
@option("--method", type=click.Choice([m for m in METHODS if m != "custom"] + ["waiver"]),
        help=N_("The new plan's method, or waiver for a waiver alone (减免)."))
@option("--periods", type=click.IntRange(1, 360))
@option("--annual-rate", help=N_("The agreed annual rate, e.g. 12% (0% when interest "
                                 "stopped; default the loan's)."))
@option("--daily-rate", help=N_("The agreed daily rate, e.g. 0.05%."))
@option("--first-due", help=N_("First due date of the new plan (default a month later)."))
@option("--due-day", type=click.IntRange(1, 31))
@option("--waive-penalty", is_flag=True, help=N_("The lender waived the penalty."))
@option("--waive-interest", help=N_("Interest the lender waived, e.g. 50."))
@option("--ref", default="", help=N_("The lender's reference for the agreement."))
@option("--undo", is_flag=True, help=N_("Delete the latest agreement (recorded by mistake)."))
@db_option
@click.pass_context
def loan_restructure(ctx, name: str, from_text: str, option: str | None, method: str | None,
                     periods: int | None, annual_rate: str | None, daily_rate: str | None,
                     first_due: str | None, due_day: int | None, waive_penalty: bool,
                     waive_interest: str | None, ref: str, undo: bool) -> None:
    from budget.domain.money import AmountError, parse_amount
    from budget.domain.restructure import OptionKind
    from budget.services.ledger import EntryError
    from budget.services.loans import find_loan
    from budget.services.playbook import draft_restructure, option_draft, save_restructure

    ledger = ledger_for(ctx)
    on = parse_option_date(from_text, "--from")
    try:
        loan_id = find_loan(ledger, name).id
        if undo:
            from budget.services.playbook import undo_restructure

            undone = undo_restructure(ledger, loan_id)
            click.echo(_("Deleted the agreement of {on}: the plan before it is back.").format(
                on=undone.isoformat()))
            return
        if option:
            if method or periods:
                raise UserError(_("give --option or the terms (--method, --periods), not both"))
            draft = option_draft(ledger, loan_id, OptionKind(option), on, ref)
        else:
            if method == "waiver":
                periods = periods or 1
            if not method or not periods:
                raise UserError(_("give --method and --periods as agreed with the lender, or "
                                  "--option to take one of the playbook's"))
            if annual_rate and daily_rate:
                raise UserError(_("give --annual-rate or --daily-rate, not both"))
            try:
                waived = parse_amount(waive_interest) if waive_interest else 0
            except AmountError as error:
                raise UserError(f"--waive-interest: {error}") from error
            draft = draft_restructure(
                ledger, loan_id, on=on, method=method, periods=periods,
                annual_rate=parse_rate(annual_rate, "--annual-rate") if annual_rate else None,
                daily_rate=parse_rate(daily_rate, "--daily-rate") if daily_rate else None,
                first_due=parse_option_date(first_due, "--first-due") if first_due else None,
                due_day=due_day, waive_penalty=waive_penalty, waive_interest=waived, ref=ref)
        stored = save_restructure(ledger, draft)
    except EntryError as error:
        raise entry_error(error) from error
    event = draft.event
    if event.terms is None:
        click.echo(_("Recorded the waiver of {amount} on {name}.").format(
            amount=format_amount(event.waived_penalty + event.waived_interest, symbol=True),
            name=stored.name))
        return
    schedule = event.schedule
    click.echo(_("Restructured {name} from {on}: {principal} in {installments}, first "
                 "{first} on {due}, {interest} of interest in all.").format(
        name=stored.name, on=event.on.isoformat(),
        principal=format_amount(event.terms.principal, symbol=True),
        installments=installments_text(len(schedule)),
        first=format_amount(schedule[0].payment, symbol=True),
        due=schedule[0].due_date.isoformat(),
        interest=format_amount(sum(row.interest for row in schedule), symbol=True)))
