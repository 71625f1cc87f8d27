"""`budget bill ...`: recurring bills, every N weeks, months or years."""

from __future__ import annotations

import click

from budget.commands.common import (
    UserError,
    db_option,
    echo_json,
    entry_error,
    group,
    ledger_for,
    option,
    parse_option_date,
    table_lines,
    today,
)
from budget.domain.money import format_amount, to_decimal_string
from budget.i18n import N_, _

FREQUENCIES = ["month", "week", "year"]


@group("bill", help=N_(
    "Recurring bills: rent, phone, subscriptions, quarterly fees, yearly insurance."))
def bill() -> None:
    pass


def _every(frequency: str, interval: int) -> str:
    """"every month", "every 3 months", "every 2 weeks"."""
    if interval == 1:
        return {"month": _("every month"), "week": _("every week"),
                "year": _("every year")}[frequency]
    return {"month": _("every {count} months"), "week": _("every {count} weeks"),
            "year": _("every {count} years")}[frequency].format(count=interval)


@bill.command("add", help=N_(
    "Add a recurring bill (the amount may be an estimate).\n"
    "\n"
    "\b\n"
    "budget bill add Rent 2200 --every month --day 1\n"
    "budget bill add \"Property fee\" 600 --every month --interval 3 --day 15"))
@click.argument("name")
@click.argument("amount")
@option("--every", "frequency", required=True, type=click.Choice(FREQUENCIES))
@option("--interval", type=click.IntRange(1, 120), default=1, show_default=True,
        help=N_("Every N weeks, months or years: --every month --interval 3 is quarterly."))
@option("--day", type=click.IntRange(1, 31), help=N_("Day of the month (monthly bills)."))
@option("--start", "start_text", default="today", help=N_("First occurrence on or after."))
@option("--category", default="", help=N_("Expense category (default Other)."))
@option("--account", default="", help=N_("Account it is paid from."))
@option("--lead-days", type=click.IntRange(0, 60), default=3, show_default=True)
@db_option
@click.pass_context
def bill_add(ctx, name: str, amount: str, frequency: str, interval: int, day: int | None,
             start_text: str, category: str, account: str, lead_days: int) -> None:
    from budget.services.bills import bill_view, create_bill
    from budget.services.ledger import EntryError

    try:
        stored = create_bill(ledger_for(ctx), name=name, amount=amount, frequency=frequency,
                             day=day, start=parse_option_date(start_text, "--start"),
                             category=category, account=account, lead_days=lead_days,
                             interval=interval)
    except EntryError as error:
        raise entry_error(error) from error
    upcoming = bill_view(stored, today())
    click.echo(_("Added bill {name}: {amount} {every}, next due {due}").format(
        name=stored.name, amount=format_amount(stored.amount, symbol=True),
        every=_every(frequency, interval), due=upcoming.next_due.isoformat()))


@bill.command("edit", help=N_("Change a bill; what is not given stays as it is."))
@click.argument("name")
@option("--name", "new_name", help=N_("A new name."))
@option("--amount", help=N_("The usual amount."))
@option("--every", "frequency", type=click.Choice(FREQUENCIES))
@option("--interval", type=click.IntRange(1, 120), help=N_("Every N weeks/months/years."))
@option("--day", type=click.IntRange(1, 31), help=N_("Day of the month."))
@option("--start", "start_text", help=N_("First occurrence on or after."))
@option("--category", help=N_("Expense category."))
@option("--account", help=N_("Account it is paid from."))
@option("--lead-days", type=click.IntRange(0, 60))
@db_option
@click.pass_context
def bill_edit(ctx, name: str, new_name, amount, frequency, interval, day, start_text, category,
              account, lead_days) -> None:
    from budget.services.ledger import EntryError
    from budget.services.loan_admin import edit_bill, find_bill_any

    if all(value is None for value in (new_name, amount, frequency, interval, day, start_text,
                                       category, account, lead_days)):
        raise UserError(_("nothing to change: give at least one option, see `budget bill edit "
                          "--help`"))
    ledger = ledger_for(ctx)
    start = parse_option_date(start_text, "--start") if start_text else None
    try:
        stored = edit_bill(ledger, find_bill_any(ledger, name).id, name=new_name, amount=amount,
                           frequency=frequency, day=day, start=start, interval=interval,
                           lead_days=lead_days, category=category, account=account)
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("Saved {name}: {amount} {every}.").format(
        name=stored.name, amount=format_amount(stored.amount, symbol=True),
        every=_every(stored.frequency, stored.interval)))


@bill.command("archive", help=N_("Stop a bill's reminders; its payments stay in the ledger."))
@click.argument("name")
@option("--undo", is_flag=True, help=N_("Bring an archived bill back."))
@db_option
@click.pass_context
def bill_archive(ctx, name: str, undo: bool) -> None:
    from budget.services.ledger import EntryError
    from budget.services.loan_admin import find_bill_any, set_bill_archived

    ledger = ledger_for(ctx)
    try:
        stored = set_bill_archived(ledger, find_bill_any(ledger, name).id, not undo)
    except EntryError as error:
        raise entry_error(error) from error
    click.echo((_("{name} is back in the lists.") if undo else
                _("Archived {name}; `budget bill archive {name} --undo` brings it back."))
               .format(name=stored.name))


@bill.command("delete", help=N_("Delete a bill that was never paid."))
@click.argument("name")
@db_option
@click.pass_context
def bill_delete(ctx, name: str) -> None:
    from budget.services.ledger import EntryError
    from budget.services.loan_admin import delete_bill, find_bill_any

    ledger = ledger_for(ctx)
    try:
        deleted = delete_bill(ledger, find_bill_any(ledger, name).id)
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("Deleted {name}.").format(name=deleted))


@bill.command("list", help=N_("Bills with their next due date and status."))
@option("--as-of", help=N_("Report as of this date (default: today)."))
@option("--all", "everything", is_flag=True, help=N_("Include archived bills."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def bill_list(ctx, as_of: str | None, everything: bool, as_json: bool) -> None:
    from budget.domain.reminders import status_words
    from budget.services.bills import bill_views

    day = parse_option_date(as_of, "--as-of")
    ledger = ledger_for(ctx)
    views = bill_views(ledger, day, include_archived=everything)
    if as_json:
        echo_json([{"name": v.bill.name, "amount": to_decimal_string(v.bill.amount, "CNY"),
                    "every": v.bill.frequency, "interval": v.bill.interval, "day": v.bill.day,
                    "archived": v.bill.archived, "next_due": v.next_due.isoformat(),
                    "status": str(v.status)}
                   for v in views])
        return
    if not views and not ledger.date_problems:
        click.echo(_("No bills yet: add one with `budget bill add`."))
        return
    rows = [[_("Bill"), _("Amount"), _("Repeats"), _("Next due"), _("Status")]]
    rows += [[v.bill.name + (" " + _("(archived)") if v.bill.archived else ""),
              format_amount(v.bill.amount), _every(v.bill.frequency, v.bill.interval),
              v.next_due.isoformat(), status_words(str(v.status), (v.next_due - day).days)]
             for v in views]
    for line in table_lines(rows, "lrlll"):
        click.echo(line)


@bill.command("pay", help=N_("Pay the next unpaid occurrence of a bill; it posts the expense."))
@click.argument("name")
@click.argument("amount", required=False)
@option("--date", "on", default="today", help=N_("YYYY-MM-DD, MM-DD, today, yesterday."))
@db_option
@click.pass_context
def bill_pay(ctx, name: str, amount: str | None, on: str) -> None:
    from budget.services.bills import pay_bill
    from budget.services.ledger import EntryError, read_date

    try:
        paid_on = read_date(on, today())
        # The occurrence due as of the payment's own date: a payment typed in late pays the
        # bill it was for, not today's.
        stored, due, paid = pay_bill(ledger_for(ctx), name, amount, on=paid_on, as_of=paid_on)
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("Paid {name} due {due}: {amount}").format(
        name=stored.name, due=due.isoformat(), amount=format_amount(paid, symbol=True)))
