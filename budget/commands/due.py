"""`budget due`, `budget remind` and `budget export ics`: reminders outside the app."""

from __future__ import annotations

import click

from budget.commands.common import (
    UserError,
    command,
    db_option,
    echo_json,
    ledger_for,
    option,
    parse_option_date,
)
from budget.domain.money import format_amount, to_decimal_string
from budget.i18n import N_, _, ngettext
from budget.l10n import os_reason


def due_json(record: dict) -> dict:
    """A due item as JSON: `amount` is what is left to pay on it, `penalty_unpaid` the part
    of that which is penalty."""
    currency = record["currency"]
    return {**record, "amount": to_decimal_string(record["amount"], currency),
            "penalty_unpaid": to_decimal_string(record["penalty_unpaid"], currency)}


def due_cells(record: dict) -> list[str]:
    """One due item as table cells: date, what, amount, and where it stands in words."""
    from budget.domain.words import status_words

    currency = record["currency"]
    when = status_words(record["status"], record["days"])
    if record["penalty_unpaid"]:
        when = _("{detail}, penalty {amount}").format(
            detail=when, amount=format_amount(record["penalty_unpaid"], currency, symbol=True))
    from budget.domain.text import clean_line

    # A list cached by an older version may hold a name as it was typed.
    name = clean_line(record["name"])
    if record["kind"] == "followup":
        label = _("Follow up: {name}").format(name=name)
        note = clean_line(record.get("note", ""))
        return [record["due_date"], label, "", f"{when} · {note}".rstrip(" ·")]
    label = f"{name} #{record['number']}" if record["number"] else name
    return [record["due_date"], label, format_amount(record["amount"], currency, symbol=True),
            when]


@command("due", help=N_(
    "Overdue and upcoming loan installments and bills, most urgent first."))
@option("--days", type=click.IntRange(0, 400), default=7, show_default=True,
        help=N_("Look this many days ahead."))
@option("--as-of", help=N_("As of this date (default: today)."))
@option("--json", "as_json", is_flag=True)
@option("--check", is_flag=True, help=N_("Exit 1 when anything is overdue or due today."))
@db_option
@click.pass_context
def due(ctx, days: int, as_of: str | None, as_json: bool, check: bool) -> None:
    from budget.services.due_list import due_records

    items = due_records(ledger_for(ctx), parse_option_date(as_of, "--as-of"), days)
    if as_json:
        echo_json([due_json(item) for item in items])
    elif not items:
        from budget.domain.words import days_text

        click.echo(_("Nothing due in the next {days}.").format(days=days_text(days)))
    else:
        from budget.commands.common import table_lines

        for line in table_lines([due_cells(item) for item in items], "llrl"):
            click.echo(line)
    if check and any(item["days"] <= 0 for item in items):
        ctx.exit(1)


@command("remind", help=N_(
    "One short line when something needs attention; silent otherwise (for shell start-up)."))
@option("--notify", is_flag=True, help=N_("Also raise a desktop notification."))
@option("--as-of", help=N_("As of this date (default: today)."))
@db_option
@click.pass_context
def remind(ctx, notify: bool, as_of: str | None) -> None:
    from budget.domain.reminders import remind_line
    from budget.services.due_list import attention_items
    from budget.services.review_marks import review_reminder

    day = parse_option_date(as_of, "--as-of")
    ledger = ledger_for(ctx)
    lines = [remind_line(attention_items(ledger, day), day)]
    review = review_reminder(ledger, day)
    if review:
        lines.append(_("budget: {reminder} Run `budget review`.").format(reminder=review))
    lines = [line for line in lines if line]
    if not lines:
        return
    click.echo("\n".join(lines))
    if notify:
        send_notification("budget", "\n".join(lines))


def send_notification(title: str, body: str) -> bool:
    """notify-send where it exists; arguments as a list, never through a shell."""
    import shutil
    import subprocess

    program = shutil.which("notify-send")
    if program is None:
        return False
    result = subprocess.run([program, "--app-name=budget", title, body], check=False,
                            capture_output=True, timeout=10)
    return result.returncode == 0


@command("ics", help=N_(
    "An iCalendar file of every unpaid installment and bill in the next 12 months."))
@click.argument("path", required=False, type=click.Path(dir_okay=False, writable=True))
@option("--as-of", help=N_("As of this date (default: today)."))
@db_option
@click.pass_context
def export_ics(ctx, path: str | None, as_of: str | None) -> None:
    from datetime import UTC, datetime
    from pathlib import Path

    from budget.services.due import calendar_file, calendar_items

    ledger = ledger_for(ctx)
    day = parse_option_date(as_of, "--as-of")
    data = calendar_file(ledger, day, datetime.now(UTC))
    if path is None or path == "-":
        click.echo(data.decode(), nl=False)
        return
    from budget.storage.files import write_private

    target = Path(path).expanduser()
    try:
        # 0600 whatever the umask: a calendar of debts is nobody else's business; written
        # beside it and renamed, so no half-written calendar is ever left behind.
        write_private(target, data)
    except OSError as error:
        raise UserError(_("cannot write {path}: {reason}").format(
            path=target, reason=os_reason(error))) from error
    count = len([item for item in calendar_items(ledger, day) if item.amount > 0])
    click.echo(ngettext("Wrote {count} event to {path}; import it into your calendar "
                        "(importing again updates the same events).",
                        "Wrote {count} events to {path}; import it into your calendar "
                        "(importing again updates the same events).", count)
               .format(count=count, path=target))

