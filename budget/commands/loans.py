"""`budget loan ...` and `budget bill ...`: loans with real schedules, and recurring bills."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import click

from budget.commands.common import (
    UserError,
    db_option,
    echo_json,
    entry_error,
    ledger_for,
    parse_option_date,
    today,
)
from budget.domain.money import format_amount, to_decimal_string
from budget.i18n import _

METHODS = ["equal-installment", "equal-principal", "interest-first", "bullet",
           "daily-equal-principal", "custom"]


def parse_rate(text: str, option: str) -> Decimal:
    """``18%`` or ``18`` -> 0.18; ``0.05%`` -> 0.0005. Rates are always typed in percent."""
    cleaned = text.strip().rstrip("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise UserError(_("{option}: '{text}' is not a rate: type a percent such as 18% or "
                          "0.05%").format(option=option, text=text)) from None
    if not value.is_finite() or value < 0:
        raise UserError(_("{option}: '{text}' is not a rate: type a percent such as 18% or "
                          "0.05%").format(option=option, text=text))
    return value / 100


def _money(minor: int, currency: str) -> str:
    return to_decimal_string(minor, currency)


@click.group("loan")
def loan() -> None:
    """Loans: repayment schedules, payments, overdue days and penalty cost."""


@loan.command("add")
@click.argument("name")
@click.option("--principal", required=True, help="Amount borrowed.")
@click.option("--annual-rate", help="Nominal annual rate, e.g. 18%.")
@click.option("--daily-rate", help="Daily rate, e.g. 0.05%.")
@click.option("--periods", type=int, help="Number of repayments (1-360).")
@click.option("--method", type=click.Choice(METHODS), help="How the loan is repaid.")
@click.option("--start", "start_text", default="today", help="Draw date (default today).")
@click.option("--due-day", type=click.IntRange(1, 31), help="Day of the month repayments fall due.")
@click.option("--first-due", help="First due date (default one month after the draw date).")
@click.option("--grace-days", type=click.IntRange(0, 60), help="Days after the due date "
              "without penalty.")
@click.option("--penalty-multiplier", help="Extra rate on overdue principal (0.5 = +50%).")
@click.option("--late-fee", help="A fixed fee once an installment is overdue.")
@click.option("--lead-days", type=click.IntRange(0, 60), help="Remind this many days before.")
@click.option("--lender", default="", help="Who lent it, e.g. WeBank.")
@click.option("--phone", "phones", multiple=True, help="The lender's official number or "
              "channel (repeatable).")
@click.option("--account", default="", help="Account repayments come from.")
@click.option("--row", "rows", multiple=True, metavar="DATE,PRINCIPAL,INTEREST",
              help="With --method custom: one installment as the lender's app shows it "
              "(repeatable).")
@click.option("--preset", type=click.Choice(["weilidai", "credit-card"]),
              help="Start from a preset's defaults; your options override them.")
@db_option
@click.pass_context
def loan_add(ctx, name: str, principal: str, annual_rate: str | None, daily_rate: str | None,
             periods: int | None, method: str | None, start_text: str, due_day: int | None,
             first_due: str | None, grace_days: int | None, penalty_multiplier: str | None,
             late_fee: str | None, lead_days: int | None, lender: str, phones: tuple[str, ...],
             account: str, rows: tuple[str, ...], preset: str | None) -> None:
    """Add a loan and print its schedule summary.

    \b
    budget loan add 微粒贷 --principal 5000 --preset weilidai --start 2026-10-15
    budget loan add Car --principal 10000 --annual-rate 12% --periods 12 \\
        --method equal-installment --start 2026-01-05
    budget loan add 借呗 --principal 1000 --daily-rate 0.04% --method custom \\
        --row 2026-12-15,500,12.40 --row 2027-01-15,500,6.20
    """
    from budget.domain.loans import PRESETS, LoanError, LoanTerms
    from budget.domain.money import AmountError, parse_amount
    from budget.services.ledger import EntryError
    from budget.services.loans import create_loan, view

    if annual_rate and daily_rate:
        raise UserError(_("give --annual-rate or --daily-rate, not both"))
    fields: dict = dict(PRESETS[preset]) if preset else {}
    if annual_rate or daily_rate:
        fields.pop("annual_rate", None)
        fields.pop("daily_rate", None)
    try:
        fields.update(principal=parse_amount(principal), start=parse_option_date(start_text,
                                                                                  "--start"))
        if late_fee is not None:
            fields["late_fee"] = parse_amount(late_fee)
    except AmountError as error:
        raise UserError(str(error)) from error
    optional = {"annual_rate": annual_rate and parse_rate(annual_rate, "--annual-rate"),
                "daily_rate": daily_rate and parse_rate(daily_rate, "--daily-rate"),
                "periods": periods, "method": method, "due_day": due_day,
                "first_due": first_due and parse_option_date(first_due, "--first-due"),
                "grace_days": grace_days, "lead_days": lead_days,
                "penalty_multiplier": penalty_multiplier and _multiplier(penalty_multiplier)}
    fields.update({key: value for key, value in optional.items() if value is not None})
    custom_rows = _custom_rows(rows) if fields.get("method") == "custom" else None
    if rows and custom_rows is None:
        raise UserError(_("--row goes with --method custom"))
    if custom_rows is not None:
        fields.setdefault("periods", len(custom_rows))
    missing = [option for key, option in (("periods", "--periods"), ("method", "--method"))
               if key not in fields]
    if "annual_rate" not in fields and "daily_rate" not in fields:
        missing.append("--annual-rate or --daily-rate")
    if missing:
        raise UserError(_("missing {options} (or use --preset)").format(
            options=", ".join(missing)))
    try:
        stored = create_loan(ledger_for(ctx), name=name, terms=LoanTerms(**fields),
                             lender=lender, phones=list(phones), account=account,
                             custom_rows=custom_rows)
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


def _custom_rows(rows: tuple[str, ...]) -> list[tuple]:
    """``2026-12-15,500,12.40`` -> (date, principal, interest) in minor units."""
    from datetime import date

    from budget.domain.dates import DateError
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
            parsed.append((date.fromisoformat(parts[0]), parse_amount(parts[1]),
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


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).quantize(Decimal('0.01'))}"


@loan.command("list")
@click.option("--as-of", help="Report as of this date (default: today).")
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def loan_list(ctx, as_of: str | None, as_json: bool) -> None:
    """Loans with their next due date, amount due, outstanding principal and status."""
    from budget.services.loans import loan_views

    day = parse_option_date(as_of, "--as-of")
    views = loan_views(ledger_for(ctx), day)
    if as_json:
        echo_json([_loan_summary(item) for item in views])
        return
    if not views:
        click.echo(_("No loans yet: add one with `budget loan add`."))
    for item in views:
        summary = _loan_summary(item)
        due = item.state.next_due.amount_due if item.state.next_due else 0
        click.echo(f"{item.loan.name:<14.14} {summary['next_due'] or '-':<11} "
                   f"{format_amount(due):>12} "
                   f"{_('outstanding')} {format_amount(item.state.outstanding_principal):>12}  "
                   f"{summary['status']}")


def _loan_summary(item) -> dict:
    currency, next_due = item.loan.currency, item.state.next_due
    return {"name": item.loan.name, "lender": item.loan.lender,
            "next_due": next_due.due_date.isoformat() if next_due else None,
            "amount_due": _money(next_due.amount_due if next_due else 0, currency),
            "outstanding": _money(item.state.outstanding_principal, currency),
            "status": str(next_due.status) if next_due else "paid",
            "apr": _percent(item.apr)}


@loan.command("show")
@click.argument("name")
@click.option("--as-of", help="Report as of this date (default: today).")
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def loan_show(ctx, name: str, as_of: str | None, as_json: bool) -> None:
    """A loan's schedule with paid and overdue marks, APR and what closes it today."""
    from budget.services.ledger import EntryError
    from budget.services.loans import find_loan, view

    day = parse_option_date(as_of, "--as-of")
    try:
        item = view(find_loan(ledger_for(ctx), name), day)
    except EntryError as error:
        raise UserError(str(error)) from error
    if as_json:
        echo_json(loan_json(item))
        return
    for line in loan_lines(item):
        click.echo(line)


def loan_json(item) -> dict:
    loan, currency = item.loan, item.loan.currency
    return {
        "name": loan.name, "lender": loan.lender, "phones": list(loan.phones),
        "principal": _money(loan.terms.principal, currency), "currency": currency,
        "method": str(loan.terms.method), "nominal_annual_rate": _percent(loan.terms.annual),
        "apr": _percent(item.apr), "outstanding": _money(item.state.outstanding_principal,
                                                          currency),
        "payoff_today": _money(item.payoff, currency),
        "total_interest": _money(sum(row.interest for row in loan.schedule), currency),
        "installments": [{
            "number": row.number, "due_date": row.due_date.isoformat(),
            "principal": _money(row.principal, currency),
            "interest": _money(row.interest, currency),
            "payment": _money(row.payment, currency),
            "paid": _money(row.paid_principal + row.paid_interest + row.paid_penalty, currency),
            "status": str(row.status), "days_overdue": row.days_overdue,
            "penalty": _money(row.penalty, currency),
            "late_interest": _money(row.late_interest, currency),
            "amount_due": _money(row.amount_due, currency),
            "next_day_cost": _money(row.next_day_cost, currency),
        } for row in item.state.installments],
    }


def loan_lines(item) -> list[str]:
    loan = item.loan
    lines = [
        f"{loan.name}  {loan.lender}  {' '.join(loan.phones)}".rstrip(),
        _("{principal} {method}, nominal {nominal}% a year, true annual cost (APR) {apr}%")
        .format(principal=format_amount(loan.terms.principal, symbol=True),
                method=loan.terms.method, nominal=_percent(loan.terms.annual),
                apr=_percent(item.apr)),
        _("Outstanding principal {outstanding}; {payoff} closes it on {day}").format(
            outstanding=format_amount(item.state.outstanding_principal, symbol=True),
            payoff=format_amount(item.payoff, symbol=True), day=item.state.as_of.isoformat()),
        "",
        f"{'#':>3} {_('due'):<10} {_('principal'):>10} {_('interest'):>9} {_('payment'):>10} "
        f"{_('paid'):>10}  {_('status')}",
    ]
    for row in item.state.installments:
        paid = row.paid_principal + row.paid_interest + row.paid_penalty
        status = str(row.status)
        if row.days_overdue:
            status += _(" {days} days, penalty {penalty}, +{next} per day").format(
                days=row.days_overdue, penalty=format_amount(row.penalty),
                next=format_amount(row.next_day_cost))
        lines.append(f"{row.number:>3} {row.due_date.isoformat():<10} "
                     f"{format_amount(row.principal):>10} {format_amount(row.interest):>9} "
                     f"{format_amount(row.payment):>10} "
                     f"{format_amount(paid):>10}"
                     f"  {status}")
    return lines


@loan.command("pay")
@click.argument("name")
@click.argument("amount")
@click.option("--date", "on", default="today", help="YYYY-MM-DD, MM-DD, today, yesterday.")
@click.option("--account", default="", help="Account the money comes from.")
@db_option
@click.pass_context
def loan_pay(ctx, name: str, amount: str, on: str, account: str) -> None:
    """Record a payment: penalty, then interest, then principal, oldest installment first."""
    from budget.services.ledger import EntryError, read_date
    from budget.services.loans import pay_loan

    try:
        result = pay_loan(ledger_for(ctx), name, amount, on=read_date(on, today()),
                          account=account)
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("Paid {amount} on {name}: penalty {penalty}, interest {interest}, principal "
                 "{principal}; outstanding principal {left}").format(
        amount=format_amount(result.amount, symbol=True), name=result.loan.name,
        penalty=format_amount(result.penalty), interest=format_amount(result.interest),
        principal=format_amount(result.principal), left=format_amount(result.outstanding_after)))


@click.group("bill")
def bill() -> None:
    """Recurring bills: rent, phone, subscriptions, a card statement."""


@bill.command("add")
@click.argument("name")
@click.argument("amount")
@click.option("--every", "frequency", required=True, type=click.Choice(["month", "week", "year"]))
@click.option("--day", type=click.IntRange(1, 31), help="Day of the month (monthly bills).")
@click.option("--start", "start_text", default="today", help="First occurrence on or after.")
@click.option("--category", default="", help="Expense category (default Other).")
@click.option("--account", default="", help="Account it is paid from.")
@click.option("--lead-days", type=click.IntRange(0, 60), default=3, show_default=True)
@db_option
@click.pass_context
def bill_add(ctx, name: str, amount: str, frequency: str, day: int | None, start_text: str,
             category: str, account: str, lead_days: int) -> None:
    """Add a recurring bill (the amount may be an estimate)."""
    from budget.services.bills import bill_view, create_bill
    from budget.services.ledger import EntryError

    try:
        stored = create_bill(ledger_for(ctx), name=name, amount=amount, frequency=frequency,
                             day=day, start=parse_option_date(start_text, "--start"),
                             category=category, account=account, lead_days=lead_days)
    except EntryError as error:
        raise entry_error(error) from error
    upcoming = bill_view(stored, today())
    click.echo(_("Added bill {name}: {amount} every {every}, next due {due}").format(
        name=stored.name, amount=format_amount(stored.amount, symbol=True), every=frequency,
        due=upcoming.next_due.isoformat()))


@bill.command("list")
@click.option("--as-of", help="Report as of this date (default: today).")
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def bill_list(ctx, as_of: str | None, as_json: bool) -> None:
    """Bills with their next due date and status."""
    from budget.services.bills import bill_views

    views = bill_views(ledger_for(ctx), parse_option_date(as_of, "--as-of"))
    if as_json:
        echo_json([{"name": v.bill.name, "amount": _money(v.bill.amount, "CNY"),
                    "every": v.bill.frequency, "day": v.bill.day,
                    "next_due": v.next_due.isoformat(), "status": str(v.status)}
                   for v in views])
        return
    if not views:
        click.echo(_("No bills yet: add one with `budget bill add`."))
    for v in views:
        click.echo(f"{v.bill.name:<16.16} {format_amount(v.bill.amount):>10} "
                   f"{v.bill.frequency:<6} {v.next_due.isoformat()}  {v.status}")


@bill.command("pay")
@click.argument("name")
@click.argument("amount", required=False)
@click.option("--date", "on", default="today", help="YYYY-MM-DD, MM-DD, today, yesterday.")
@db_option
@click.pass_context
def bill_pay(ctx, name: str, amount: str | None, on: str) -> None:
    """Pay the next unpaid occurrence of a bill; it posts the expense."""
    from budget.services.bills import pay_bill
    from budget.services.ledger import EntryError, read_date

    day = today()
    try:
        stored, due, paid = pay_bill(ledger_for(ctx), name, amount, on=read_date(on, day),
                                     as_of=day)
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("Paid {name} due {due}: {amount}").format(
        name=stored.name, due=due.isoformat(), amount=format_amount(paid, symbol=True)))

