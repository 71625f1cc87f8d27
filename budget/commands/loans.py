"""`budget loan ...`: loans with real schedules, payments that can be undone, edits."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

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
from budget.domain.loans import METHOD_NAMES
from budget.domain.money import format_amount, to_decimal_string
from budget.i18n import N_, _, listing, ngettext

METHODS = ["equal-installment", "equal-principal", "interest-first", "bullet",
           "daily-equal-principal", "custom"]
PREPAYMENT_RULES = ["keep-term", "keep-installment"]


def parse_rate(text: str, option: str) -> Decimal:
    """``18%`` or ``18`` -> 0.18; ``0.05%`` -> 0.0005. Rates are always typed in percent."""
    cleaned = text.strip().rstrip("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise UserError(_("{option}: '{text}' is not a rate: type a percent such as 18% a "
                          "year or 0.05% a day").format(option=option, text=text)) from None
    if not value.is_finite() or value < 0:
        raise UserError(_("{option}: '{text}' is not a rate: type a percent such as 18% a "
                          "year or 0.05% a day").format(option=option, text=text))
    return value / 100


def _money(minor: int, currency: str) -> str:
    return to_decimal_string(minor, currency)


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).quantize(Decimal('0.01'))}"


@group("loan", help=N_(
    "Loans: repayment schedules, payments, overdue days and penalty cost."))
def loan() -> None:
    pass


def _term_options(function):
    """The options `loan add` and `loan edit` share: a loan's terms and rules."""
    options = [
        option("--annual-rate", help=N_("Nominal annual rate, e.g. 18%.")),
        option("--daily-rate", help=N_("Daily rate, e.g. 0.05%.")),
        option("--periods", type=int, help=N_("Number of repayments (1-360).")),
        option("--method", type=click.Choice(METHODS), help=N_("How the loan is repaid.")),
        option("--due-day", type=click.IntRange(1, 31),
               help=N_("Day of the month repayments fall due.")),
        option("--first-due", help=N_("First due date (default one month after the draw "
               "date).")),
        option("--grace-days", type=click.IntRange(0, 60),
               help=N_("Days after the due date without penalty.")),
        option("--penalty-multiplier",
               help=N_("Extra rate on overdue principal (0.5 = +50%).")),
        option("--late-fee", help=N_("A fixed fee once an installment is overdue.")),
        option("--lead-days", type=click.IntRange(0, 60),
               help=N_("Remind this many days before.")),
        option("--lender", help=N_("Who lent it, e.g. WeBank.")),
        option("--phone", "phones", multiple=True,
               help=N_("The lender's official number or channel (repeatable).")),
        option("--account", help=N_("Account repayments come from.")),
        option("--prepayment", type=click.Choice(PREPAYMENT_RULES),
               help=N_("After paying early: keep the number of installments (each "
               "smaller; default) or keep the installment (fewer of them).")),
        option("--full-period-interest/--days-used", default=None,
               help=N_("The lender charges principal paid early interest to the end of "
               "the period (default: only the days used, Civil Code art. 677).")),
        option("--prepayment-fee", help=N_("Fee on each prepayment, in percent of the "
               "amount prepaid, e.g. 1%.")),
    ]
    for declare in reversed(options):
        function = declare(function)
    return function


@loan.command("add", help=N_(
    "Add a loan and print its schedule summary.\n"
    "\n"
    "\b\n"
    "budget loan add 微粒贷 --principal 5000 --preset weilidai --start 2026-10-15\n"
    "budget loan add Car --principal 10000 --annual-rate 12% --periods 12 \\\n"
    "    --method equal-installment --start 2026-01-05 --paid-installments 3\n"
    "budget loan add 借呗 --principal 1000 --daily-rate 0.04% --method custom \\\n"
    "    --row 2026-12-15,500,12.40 --row 2027-01-15,500,6.20"))
@click.argument("name")
@option("--principal", required=True, help=N_("Amount borrowed."))
@option("--start", "start_text", default="today", help=N_("Draw date (default today)."))
@_term_options
@option("--row", "rows", multiple=True, metavar="DATE,PRINCIPAL,INTEREST",
        help=N_("With --method custom: one installment as the lender's app shows it "
        "(repeatable)."))
@option("--preset", type=click.Choice(["weilidai", "credit-card"]),
        help=N_("Start from a preset's defaults; your options override them."))
@option("--paid-installments", type=click.IntRange(0, 360), default=0,
        help=N_("A loan that already has a history: the first N installments were paid "
        "on their dates (no account changes)."))
@option("--into", default="", help=N_("The account the borrowed money went into (booked "
        "as neither income nor expense)."))
@db_option
@click.pass_context
def loan_add(ctx, name: str, principal: str, start_text: str, rows: tuple[str, ...],
             preset: str | None, paid_installments: int, into: str, **options) -> None:
    from budget.domain.loans import PRESETS, LoanError, LoanTerms
    from budget.domain.money import AmountError, parse_amount
    from budget.services.ledger import EntryError
    from budget.services.loans import create_loan, view

    fields: dict = dict(PRESETS[preset]) if preset else {}
    try:
        fields.update(principal=parse_amount(principal),
                      start=parse_option_date(start_text, "--start"))
    except AmountError as error:
        raise UserError(f"--principal: {error}") from error
    fields.update(_term_fields(options, replace_rate=bool(options["annual_rate"]
                                                          or options["daily_rate"]),
                               fields=fields))
    custom_rows = _custom_rows(rows) if fields.get("method") == "custom" else None
    if rows and custom_rows is None:
        raise UserError(_("--row goes with --method custom"))
    if custom_rows is not None:
        fields["periods"] = len(custom_rows)  # the lender's rows are the periods
    missing = [option for key, option in (("periods", "--periods"), ("method", "--method"))
               if key not in fields]
    if "annual_rate" not in fields and "daily_rate" not in fields:
        missing.append(_("--annual-rate or --daily-rate"))
    if missing:
        raise UserError(_("missing {options} (or use --preset)").format(
            options=listing(missing)))
    try:
        stored = create_loan(ledger_for(ctx), name=name, terms=LoanTerms(**fields),
                             lender=options["lender"] or "", phones=list(options["phones"]),
                             account=options["account"] or "", custom_rows=custom_rows,
                             paid_installments=paid_installments, into=into, today=today())
    except LoanError as error:
        raise UserError(str(error)) from error
    except EntryError as error:
        raise entry_error(error) from error
    summary = view(stored, stored.terms.start)
    first = stored.schedule[0]
    click.echo(_("Added loan {name}: {principal} over {periods} periods, first repayment "
                 "{amount} on {due}; nominal {nominal}% a year, true annual cost (APR) "
                 "{apr}%").format(
        name=stored.name, principal=format_amount(stored.terms.principal, symbol=True),
        periods=stored.terms.periods, amount=format_amount(first.payment, symbol=True),
        due=first.due_date.isoformat(), nominal=_percent(stored.terms.annual),
        apr=_percent(summary.apr)))
    if paid_installments:
        click.echo(ngettext("Marked the first installment paid on its due date.",
                            "Marked the first {count} installments paid on their due dates.",
                            paid_installments).format(count=paid_installments))


def _term_fields(options: dict, *, replace_rate: bool, fields: dict) -> dict:
    """LoanTerms keyword arguments from the shared options that were given."""
    from budget.domain.money import AmountError, parse_amount

    if options["annual_rate"] and options["daily_rate"]:
        raise UserError(_("give --annual-rate or --daily-rate, not both"))
    if replace_rate:
        fields.pop("annual_rate", None)
        fields.pop("daily_rate", None)
    values = {
        "annual_rate": options["annual_rate"] and parse_rate(options["annual_rate"],
                                                             "--annual-rate"),
        "daily_rate": options["daily_rate"] and parse_rate(options["daily_rate"],
                                                           "--daily-rate"),
        "periods": options["periods"], "method": options["method"],
        "due_day": options["due_day"],
        "first_due": options["first_due"] and parse_option_date(options["first_due"],
                                                                "--first-due"),
        "grace_days": options["grace_days"], "lead_days": options["lead_days"],
        "penalty_multiplier": options["penalty_multiplier"] and _multiplier(
            options["penalty_multiplier"]),
        "prepayment": options["prepayment"],
        "full_period_interest": options["full_period_interest"],
        "prepayment_fee": options["prepayment_fee"] and parse_rate(options["prepayment_fee"],
                                                                   "--prepayment-fee"),
    }
    if options["late_fee"] is not None:
        try:
            values["late_fee"] = parse_amount(options["late_fee"])
        except AmountError as error:
            raise UserError(f"--late-fee: {error}") from error
    return {key: value for key, value in values.items() if value is not None}


def _custom_rows(rows: tuple[str, ...]) -> list[tuple]:
    """``2026-12-15,500,12.40`` -> (date, principal, interest) in minor units."""
    from datetime import date

    from budget.domain.dates import DateError, check_range
    from budget.domain.money import AmountError, parse_amount

    if not rows:
        raise UserError(_("--method custom needs one --row DATE,PRINCIPAL,INTEREST per "
                          "installment, as the lender's app shows them"))
    parsed = []
    for number, row in enumerate(rows, start=1):
        parts = [part.strip() for part in row.split(",")]
        if len(parts) != 3:
            raise UserError(_("--row {number}: '{row}' is not DATE,PRINCIPAL,INTEREST, e.g. "
                              "2026-12-15,500,12.40").format(number=number, row=row))
        try:
            parsed.append((check_range(date.fromisoformat(parts[0])), parse_amount(parts[1]),
                           parse_amount(parts[2])))
        except (ValueError, AmountError, DateError) as error:
            raise UserError(_("--row {number}: {reason}").format(number=number,
                                                                 reason=error)) from error
    return parsed


def _multiplier(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise UserError(_("--penalty-multiplier: '{text}' is not a number such as 0.5")
                        .format(text=text)) from None
    if not value.is_finite() or value < 0:
        raise UserError(_("--penalty-multiplier must be 0 or more, e.g. 0.5"))
    return value


@loan.command("edit", help=N_(
    "Change a loan. Its name, lender, numbers, account, grace, penalty, reminders and\n"
    "prepayment rules change at any time; its principal, rate, periods, method and dates\n"
    "only while no payment is recorded."))
@click.argument("name")
@option("--name", "new_name", help=N_("A new name for the loan."))
@option("--principal", help=N_("Amount borrowed (only while no payment is recorded)."))
@option("--start", "start_text", help=N_("Draw date (only while no payment is recorded)."))
@_term_options
@db_option
@click.pass_context
def loan_edit(ctx, name: str, new_name: str | None, principal: str | None,
              start_text: str | None, **options) -> None:
    from budget.services.ledger import EntryError
    from budget.services.loan_admin import edit_loan
    from budget.services.loans import find_loan

    ledger = ledger_for(ctx)
    values = _edit_values(options, new_name, principal, start_text)
    if not values:
        raise UserError(_("nothing to change: give at least one option, see `budget loan "
                          "edit --help`"))
    try:
        stored = edit_loan(ledger, find_loan(ledger, name).id, values, today())
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("Saved {name}.").format(name=stored.name))


def _edit_values(options: dict, new_name, principal, start_text) -> dict[str, str]:
    """The form-style text values `edit_loan` reads, from the options given."""
    values = {"name": new_name, "principal": principal, "start": start_text,
              "periods": options["periods"] and str(options["periods"]),
              "method": options["method"], "due_day": options["due_day"] and str(
                  options["due_day"]), "first_due": options["first_due"],
              "grace_days": _text(options["grace_days"]),
              "penalty_multiplier": options["penalty_multiplier"],
              "late_fee": options["late_fee"], "lead_days": _text(options["lead_days"]),
              "lender": options["lender"], "account": options["account"],
              "prepayment": options["prepayment"],
              "prepayment_fee": options["prepayment_fee"]}
    if options["annual_rate"] and options["daily_rate"]:
        raise UserError(_("give --annual-rate or --daily-rate, not both"))
    if options["annual_rate"] or options["daily_rate"]:
        values["rate"] = (options["annual_rate"] or options["daily_rate"]).strip()
        values["rate_per"] = "year" if options["annual_rate"] else "day"
    if options["phones"]:
        values["phones"] = " ".join(options["phones"])
    if options["full_period_interest"] is not None:
        values["full_period_interest"] = "yes" if options["full_period_interest"] else "no"
    return {key: value for key, value in values.items() if value is not None}


def _text(value) -> str | None:
    return None if value is None else str(value)


@loan.command("archive", help=N_(
    "Hide a loan from lists, due dates and plans; its history stays."))
@click.argument("name")
@option("--undo", is_flag=True, help=N_("Bring an archived loan back."))
@db_option
@click.pass_context
def loan_archive(ctx, name: str, undo: bool) -> None:
    from budget.services.ledger import EntryError
    from budget.services.loan_admin import set_loan_archived
    from budget.services.loans import find_loan

    ledger = ledger_for(ctx)
    try:
        stored = set_loan_archived(ledger, find_loan(ledger, name).id, not undo)
    except EntryError as error:
        raise entry_error(error) from error
    click.echo((_("{name} is back in the lists.") if undo else
                _("Archived {name}; `budget loan archive {name} --undo` brings it back."))
               .format(name=stored.name))


@loan.command("delete", help=N_(
    "Delete a loan no payment refers to (with the money it brought into an account)."))
@click.argument("name")
@option("--force", is_flag=True,
        help=N_("Also delete the talks with the lender recorded on the loan."))
@db_option
@click.pass_context
def loan_delete(ctx, name: str, force: bool) -> None:
    from budget.services.ledger import EntryError
    from budget.services.loan_admin import delete_loan
    from budget.services.loans import find_loan

    ledger = ledger_for(ctx)
    try:
        deleted = delete_loan(ledger, find_loan(ledger, name).id, with_contacts=force)
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("Deleted {name}.").format(name=deleted))


@loan.command("list", help=N_(
    "Loans with what is due now, their outstanding principal and status."))
@option("--as-of", help=N_("Report as of this date (default: today)."))
@option("--all", "everything", is_flag=True, help=N_("Include archived loans."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def loan_list(ctx, as_of: str | None, everything: bool, as_json: bool) -> None:
    from budget.services.loans import view
    from budget.storage.loans import LoanBook

    day = parse_option_date(as_of, "--as-of")
    ledger = ledger_for(ctx)
    views = [view(stored, day) for stored in LoanBook(ledger).loans(include_archived=everything)]
    if as_json:
        echo_json([_loan_summary(item) for item in views])
        return
    if not views:
        if not ledger.date_problems:
            click.echo(_("No loans yet: add one with `budget loan add`."))
        return
    rows = [[_("Loan"), _("Next due"), _("Due now"), _("Outstanding"), _("Status")]]
    for item in views:
        summary = _loan_summary(item)
        rows.append([item.loan.name + (" " + _("(archived)") if item.loan.archived else ""),
                     summary["next_due"] or "-", format_amount(_due_figure(item)),
                     format_amount(item.state.outstanding_principal), _status_words(item)])
    for line in table_lines(rows, "llrrl"):
        click.echo(line)


def _due_figure(item) -> int:
    """What to pay now: everything due, else the next installment."""
    state = item.state
    return state.due_now or (state.next_due.amount_due if state.next_due else 0)


def _status_words(item) -> str:
    from budget.domain.reminders import days_words, status_words

    state = item.state
    if state.next_due is None:
        return _("repaid")
    if state.due_now_count > 1:
        return ngettext("{count} installment due", "{count} installments due",
                        state.due_now_count).format(count=state.due_now_count)
    row = state.next_due
    return status_words(str(row.status), row.days_until) or days_words(row.days_until)


def _loan_summary(item) -> dict:
    currency, state = item.loan.currency, item.state
    next_due = state.next_due
    return {"name": item.loan.name, "lender": item.loan.lender,
            "archived": item.loan.archived,
            "next_due": next_due.due_date.isoformat() if next_due else None,
            "next_amount": _money(next_due.amount_due if next_due else 0, currency),
            "amount_due": _money(state.due_now, currency),
            "installments_due": state.due_now_count,
            "outstanding": _money(state.outstanding_principal, currency),
            "penalty_unpaid": _money(state.penalty_unpaid, currency),
            "status": str(next_due.status) if next_due else "paid",
            "apr": _percent(item.apr)}


@loan.command("show", help=N_(
    "A loan's schedule with paid and overdue marks, APR and what closes it today."))
@click.argument("name")
@option("--as-of", help=N_("Report as of this date (default: today)."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def loan_show(ctx, name: str, as_of: str | None, as_json: bool) -> None:
    from budget.services.ledger import EntryError
    from budget.services.loans import find_loan, view

    day = parse_option_date(as_of, "--as-of")
    try:
        item = view(find_loan(ledger_for(ctx), name), day)
    except EntryError as error:
        raise entry_error(error) from error
    if as_json:
        echo_json(loan_json(item))
        return
    for line in loan_lines(item):
        click.echo(line)


def loan_json(item) -> dict:
    """A loan as JSON. `installments` is the schedule in force (rows paid before a
    restructure plus the plan running now); `segments` each plan as it was agreed."""
    from budget.domain.loans import build_schedule

    loan, currency, state = item.loan, item.loan.currency, item.state

    def money(minor: int) -> str:
        return _money(minor, currency)

    installments = state.installments
    segments = [{"from": loan.terms.start.isoformat(), "method": str(loan.terms.method),
                 "principal": money(loan.terms.principal), "ref": "",
                 "installments": [_planned(row, money) for row in loan.schedule]}]
    waivers = [{"on": event.on.isoformat(), "penalty": money(event.waived_penalty),
                "interest": money(event.waived_interest), "ref": event.ref}
               for event in loan.restructures if event.terms is None]
    for event in (event for event in loan.restructures if event.terms is not None):
        segments.append({"from": event.on.isoformat(), "method": str(event.terms.method),
                         "principal": money(event.terms.principal), "ref": event.ref,
                         "waived_penalty": money(event.waived_penalty),
                         "waived_interest": money(event.waived_interest),
                         "installments": [_planned(row, money)
                                          for row in build_schedule(event.terms)]})
    return {
        "name": loan.name, "lender": loan.lender, "phones": list(loan.phones),
        "archived": loan.archived, "principal": money(loan.terms.principal),
        "currency": currency, "method": str(loan.terms.method),
        "nominal_annual_rate": _percent(loan.terms.annual), "apr": _percent(item.apr),
        "prepayment": str(loan.terms.prepayment),
        "full_period_interest": loan.terms.full_period_interest,
        "prepayment_fee_percent": _percent(loan.terms.prepayment_fee),
        "outstanding": money(state.outstanding_principal),
        "payoff_today": money(item.payoff),
        "amount_due": money(state.due_now), "installments_due": state.due_now_count,
        "penalty_accrued": money(state.total_penalty),
        "penalty_unpaid": money(state.penalty_unpaid),
        "interest_paid": money(sum(row.paid_interest for row in installments)),
        "interest_remaining": money(state.interest_remaining),
        "total_interest": money(sum(row.interest + row.late_interest for row in installments)),
        "prepaid_principal": money(state.prepaid_principal),
        "prepayment_charges_paid": money(state.charges_paid),
        "installments": [_installment_json(row, money) for row in installments],
        "segments": segments,
        "waivers": waivers,
    }


def _planned(row, money) -> dict:
    return {"number": row.number, "due_date": row.due_date.isoformat(),
            "principal": money(row.principal), "interest": money(row.interest),
            "payment": money(row.payment)}


def _installment_json(row, money) -> dict:
    return {
        "number": row.number, "due_date": row.due_date.isoformat(),
        "principal": money(row.principal), "interest": money(row.interest),
        "payment": money(row.payment),
        "paid": money(row.paid_principal + row.paid_interest + row.paid_penalty),
        "paid_on": row.paid_on.isoformat() if row.paid_on else None,
        "status": str(row.status), "days_overdue": row.days_overdue,
        "penalty_accrued": money(row.penalty), "penalty_unpaid": money(row.penalty_unpaid),
        "late_interest": money(row.late_interest), "amount_due": money(row.amount_due),
        "next_day_cost": money(row.next_day_cost), "segment": row.segment,
    }


def loan_lines(item) -> list[str]:
    from budget.domain.reminders import status_words

    loan, state = item.loan, item.state
    lines = [
        f"{loan.name}  {loan.lender}  {' '.join(loan.phones)}".rstrip(),
        _("{principal} {method}, nominal {nominal}% a year, true annual cost (APR) {apr}%")
        .format(principal=format_amount(loan.terms.principal, symbol=True),
                method=_(METHOD_NAMES[loan.terms.method]), nominal=_percent(loan.terms.annual),
                apr=_percent(item.apr)),
    ]
    if state.closed:
        lines.append(_("Repaid in full."))
    else:
        lines.append(_("Outstanding principal {outstanding}; {payoff} closes it on {day}")
                     .format(outstanding=format_amount(state.outstanding_principal,
                                                       symbol=True),
                             payoff=format_amount(item.payoff, symbol=True),
                             day=state.as_of.isoformat()))
    if state.due_now_count:
        lines.append(ngettext("Due now: {amount} ({count} installment, penalty unpaid "
                              "{penalty})",
                              "Due now: {amount} ({count} installments, penalty unpaid "
                              "{penalty})", state.due_now_count)
                     .format(amount=format_amount(state.due_now, symbol=True),
                             count=state.due_now_count,
                             penalty=format_amount(state.penalty_unpaid, symbol=True)))
    for event in loan.restructures:
        if event.terms is None:
            lines.append(_("On {on} the lender waived {penalty} of penalty and {interest} of "
                           "interest").format(
                on=event.on.isoformat(), penalty=format_amount(event.waived_penalty, symbol=True),
                interest=format_amount(event.waived_interest, symbol=True)))
            continue
        lines.append(ngettext("Restructured on {on}: {principal} as {periods} installment, "
                              "{method}",
                              "Restructured on {on}: {principal} as {periods} installments, "
                              "{method}", event.terms.periods)
                     .format(on=event.on.isoformat(),
                             principal=format_amount(event.terms.principal, symbol=True),
                             periods=event.terms.periods,
                             method=_(METHOD_NAMES[event.terms.method])))
    rows = [["#", _("due"), _("principal"), _("interest"), _("payment"), _("paid"),
             _("status")]]
    for row in state.installments:
        paid = row.paid_principal + row.paid_interest + row.paid_penalty
        status = status_words(str(row.status), row.days_until)
        if row.days_overdue:
            status += " " + _("penalty {penalty}, +{next} per day").format(
                penalty=format_amount(row.penalty), next=format_amount(row.next_day_cost))
        rows.append([str(row.number), row.due_date.isoformat(), format_amount(row.principal),
                     format_amount(row.interest), format_amount(row.payment),
                     format_amount(paid), status])
    return [*lines, "", *table_lines(rows, "rlrrrrl")]


@loan.command("pay", help=N_(
    "Record a payment: what is due (penalty, interest, principal, oldest first), then the\n"
    "next installment even before its date, then the rest as a prepayment."))
@click.argument("name")
@click.argument("amount")
@option("--date", "on", default="today", help=N_("YYYY-MM-DD, MM-DD, today, yesterday."))
@option("--account", default="", help=N_("Account the money comes from."))
@db_option
@click.pass_context
def loan_pay(ctx, name: str, amount: str, on: str, account: str) -> None:
    from budget.commands.ledger import warn
    from budget.domain.dates import unusual_date
    from budget.services.ledger import EntryError, read_date
    from budget.services.loans import pay_loan

    try:
        paid_on = read_date(on, today())
        result = pay_loan(ledger_for(ctx), name, amount, on=paid_on, account=account)
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("Paid {amount} on {name}: penalty {penalty}, interest {interest}, principal "
                 "{principal}; outstanding principal {left}").format(
        amount=format_amount(result.amount, symbol=True), name=result.loan.name,
        penalty=format_amount(result.penalty), interest=format_amount(result.interest),
        principal=format_amount(result.principal), left=format_amount(result.outstanding_after)))
    # Paid off: no installment is still to come, so nothing was recomputed.
    if result.prepaid and result.outstanding_after:
        click.echo(_("{prepaid} of it was a prepayment: the installments still to come were "
                     "recomputed ({rule}).").format(
            prepaid=format_amount(result.prepaid, symbol=True),
            rule=_("fewer installments") if str(result.loan.terms.prepayment) ==
            "keep-installment" else _("smaller installments")))
    if result.charges:
        click.echo(_("The lender's prepayment charges: {charges}.").format(
            charges=format_amount(result.charges, symbol=True)))
    if result.outstanding_after == 0:
        click.echo(_("{name} is repaid in full.").format(name=result.loan.name))
    click.echo(_("Payment {id}; `budget loan unpay {name} {id}` removes it.").format(
        id=result.payment_id, name=result.loan.name))
    # As `budget add` does: a date far from today is saved, and said, in case of a typo.
    question = unusual_date(paid_on, today())
    if question:
        warn(question)


@loan.command("payments", help=N_("A loan's payments, each with its id and where its money went."))
@click.argument("name")
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def loan_payments(ctx, name: str, as_json: bool) -> None:
    from budget.services.ledger import EntryError
    from budget.services.loans import loan_payments as payments_of

    try:
        stored, lines = payments_of(ledger_for(ctx), name)
    except EntryError as error:
        raise entry_error(error) from error
    currency = stored.currency
    if as_json:
        echo_json([{"id": line.record.id, "date": line.record.paid_on.isoformat(),
                    "amount": _money(line.record.amount, currency),
                    "account": line.record.account, "history": line.record.history,
                    "penalty": _money(line.penalty, currency),
                    "interest": _money(line.interest, currency),
                    "principal": _money(line.principal, currency),
                    "charges": _money(line.charges, currency)} for line in lines])
        return
    if not lines:
        click.echo(_("No payments on {name} yet.").format(name=stored.name))
        return
    rows = [[_("id"), _("date"), _("amount"), _("penalty"), _("interest"), _("principal"),
             _("account")]]
    for line in lines:
        record = line.record
        rows.append([str(record.id), record.paid_on.isoformat(), format_amount(record.amount),
                     format_amount(line.penalty), format_amount(line.interest),
                     format_amount(line.principal),
                     _("(before tracking)") if record.history else record.account or ""])
    for text in table_lines(rows, "rlrrrrl"):
        click.echo(text)


@loan.command("unpay", help=N_(
    "Delete a payment recorded by mistake, with the ledger rows it posted."))
@click.argument("name")
@click.argument("payment_id", type=int)
@db_option
@click.pass_context
def loan_unpay(ctx, name: str, payment_id: int) -> None:
    from budget.services.ledger import EntryError
    from budget.services.loans import find_loan, unpay

    ledger = ledger_for(ctx)
    try:
        deleted = unpay(ledger, find_loan(ledger, name).id, payment_id)
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("Deleted payment {id} of {amount} on {date} from {name}; its ledger rows "
                 "went with it.").format(
        id=payment_id, amount=format_amount(deleted.amount, symbol=True),
        date=deleted.paid_on.isoformat(), name=deleted.loan_name))


# The overdue playbook's commands live beside the loan group, registered on it here.
from budget.commands import loan_help  # noqa: E402,F401
