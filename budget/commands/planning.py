"""`budget budget`, `budget safe`, `budget review` and `budget plan`: planning from the shell."""

from __future__ import annotations

from decimal import Decimal

import click

from budget.commands.common import (
    UserError,
    command,
    db_option,
    echo_json,
    entry_error,
    group,
    ledger_for,
    option,
    parse_option_date,
    today,
)
from budget.domain.money import format_amount, to_decimal_string
from budget.i18n import N_, _, listing, ngettext
from budget.l10n import format_percent

BAR_WIDTH = 10


def _ratio(value) -> float | None:
    return None if value is None else float(value)


def _percent(ratio) -> str:
    return "—" if ratio is None else format_percent((ratio * 100).quantize(Decimal("0.1")))


def _chart_size() -> tuple[int, int, bool]:
    import shutil
    import sys

    width, height = shutil.get_terminal_size()
    return min(width, 100), min(max(height - 10, 12), 24), sys.stdout.isatty()


# --- budget budget ---------------------------------------------------------------------


@group("budget", help=N_("Monthly spending limits per expense category."))
def budget_group() -> None:
    pass


@budget_group.command("set", help=N_(
    "Set a category's limit for a month (replaces the one set before)."))
@click.argument("category")
@click.argument("amount")
@option("--month", help=N_("YYYY-MM (default: this month)."))
@option("--rollover", is_flag=True, help=N_("Carry what is left (or overspent) into the "
        "next month's budget when it is copied."))
@db_option
@click.pass_context
def budget_set(ctx, category: str, amount: str, month: str | None, rollover: bool) -> None:
    from budget.services.budgets import read_month, set_budget
    from budget.services.ledger import EntryError

    ledger = ledger_for(ctx)
    try:
        label = read_month(month, today())
        budget = set_budget(ledger, category, amount, label, rollover=rollover)
    except EntryError as error:
        raise entry_error(error) from error
    text = _("Budget for {category} in {month}: {limit}").format(
        category=budget.category, month=label, limit=format_amount(budget.limit, symbol=True))
    if budget.rollover:
        text += _(" (rollover, {carried} carried from last month)").format(
            carried=format_amount(budget.carried, symbol=True, plus=True))
    click.echo(text)


@budget_group.command("copy", help=N_(
    "Copy last month's budgets into this month, carrying what was left where rolled over."))
@option("--month", help=N_("The month to fill, YYYY-MM (default: this month)."))
@db_option
@click.pass_context
def budget_copy(ctx, month: str | None) -> None:
    from budget.services.budgets import copy_last_month, read_month
    from budget.services.ledger import EntryError

    ledger = ledger_for(ctx)
    try:
        result = copy_last_month(ledger, read_month(month, today()))
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(ngettext("Copied {count} budget from {source} to {month}.",
                        "Copied {count} budgets from {source} to {month}.",
                        len(result.copied)).format(
        count=len(result.copied), source=result.source, month=result.month))
    if result.kept:
        click.echo(_("Already set, kept as they were: {names}").format(
            names=listing(result.kept)))


def budget_bar(row, width: int = BAR_WIDTH) -> str:
    """``████████░░``: the share of the limit used; full when over."""
    if row.limit <= 0:
        filled = width if row.spent > 0 else 0
    else:
        filled = min(max(row.spent, 0) * width // row.limit, width)
    return "█" * filled + "░" * (width - filled)


def budget_cells(row) -> list[str]:
    """One category's budget as table cells: name, spent / limit, bar, percent, over by."""
    percent = "—" if row.percent_used is None else format_percent(int(row.percent_used))
    over = _("over by {amount}").format(amount=format_amount(-row.left)) if row.over else ""
    return [row.category, format_amount(row.spent),
            _("/ {limit}").format(limit=format_amount(row.limit)), budget_bar(row), percent,
            over]


def budget_lines(rows) -> list[str]:
    from budget.commands.common import table_lines

    return table_lines([budget_cells(row) for row in rows], "lrllrl")


@budget_group.command("list", help=N_("Budget against actual spending for a month, with bars."))
@option("--month", help=N_("YYYY-MM (default: this month)."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def budget_list(ctx, month: str | None, as_json: bool) -> None:
    from budget.services.budgets import (
        budget_rows_for,
        budgets_for,
        read_month,
        unbudgeted_for,
    )
    from budget.services.ledger import EntryError

    ledger = ledger_for(ctx)
    try:
        label = read_month(month, today())
    except EntryError as error:
        raise entry_error(error) from error
    rows, unbudgeted = budget_rows_for(ledger, label), unbudgeted_for(ledger, label)
    if as_json:
        budgets = {budget.category: budget for budget in budgets_for(ledger, label)}
        echo_json({"month": label, "budgets": [_budget_json(row, budgets[row.category])
                                               for row in rows],
                   "unbudgeted": {name: to_decimal_string(amount)
                                  for name, amount in unbudgeted.items()}})
        return
    if not rows:
        click.echo(_("No budgets for {month}: set one with `budget budget set CATEGORY "
                     "AMOUNT` or copy last month's with `budget budget copy`.").format(
            month=label))
    for line in budget_lines(rows):
        click.echo(line)
    if unbudgeted:
        click.echo(_("Not budgeted: {items}").format(items=listing(
            f"{name} {format_amount(amount)}" for name, amount in unbudgeted.items())))


def _budget_json(row, budget) -> dict:
    return {"category": row.category, "limit": to_decimal_string(budget.limit),
            "rollover": budget.rollover, "carried": to_decimal_string(budget.carried),
            "available": to_decimal_string(row.limit), "spent": to_decimal_string(row.spent),
            "left": to_decimal_string(row.left),
            "percent_used": _ratio(row.percent_used), "over": row.over}


# --- budget safe -----------------------------------------------------------------------


@group("safe", invoke_without_command=True, help=N_(
    "Safe to spend today, and the sum behind it."))
@option("--as-of", help=N_("As of this date (default: today)."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def safe(ctx, as_of: str | None, as_json: bool) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from budget.domain.safe_to_spend import explain
    from budget.services.ledger import EntryError
    from budget.services.planning import next_income, safe_to_spend_for

    ledger = ledger_for(ctx)
    day = parse_option_date(as_of, "--as-of")
    try:
        result = safe_to_spend_for(ledger, day)
        income = next_income(ledger, day)
    except EntryError as error:
        raise entry_error(error) from error
    if as_json:
        echo_json(safe_json(result, income))
        return
    for line in explain(result):
        click.echo(line)
    if income.source == "salary":
        click.echo(_("Pay day {day} is inferred from your salary; set it with `budget safe set "
                     "--payday DAY`.").format(day=income.day))


def safe_json(result, income) -> dict:
    from budget.domain.safe_to_spend import explain, headline

    currency = result.currency

    def money(value):
        return None if value is None else to_decimal_string(value, currency)

    return {"as_of": result.as_of.isoformat(), "until": result.until.isoformat(),
            "income_date": result.income_date.isoformat() if result.income_date else None,
            "payday": income.day, "payday_source": income.source,
            "spendable": money(result.spendable),
            "accounts": [{"name": name, "balance": money(balance)}
                         for name, balance in result.accounts],
            "credit_cards": list(result.credit_cards),
            "obligations": [{"name": item.name, "due_date": item.due_date.isoformat(),
                             "amount": money(item.amount)} for item in result.obligations],
            "reserve_contribution": money(result.reserve_contribution), "days": result.days,
            "left": money(result.left), "per_day": money(result.per_day),
            "short_by": money(result.short_by), "currency": currency,
            "headline": headline(result), "explanation": explain(result)}


@safe.command("set", help=N_("Change the pay day and the planned monthly reserve contribution."))
@option("--payday", help=N_("Day of the month your income arrives (1-31), or 'auto' to "
        "infer it from Salary entries."))
@option("--reserve-contribution", help=N_("What you plan to move into the reserve each "
        "month; it is set aside until it has been moved."))
@db_option
@click.pass_context
def safe_set(ctx, payday: str | None, reserve_contribution: str | None) -> None:
    from budget.services.ledger import EntryError
    from budget.services.planning import set_payday, set_reserve_contribution

    if payday is None and reserve_contribution is None:
        raise UserError(_("nothing to change: give --payday or --reserve-contribution"))
    day = None
    if payday is not None and payday.strip().lower() != "auto":
        if not payday.strip().isdigit():
            raise UserError(_("--payday: '{text}' is not a day: give 1 to 31, or auto").format(
                text=payday))
        day = int(payday)
    ledger = ledger_for(ctx)
    try:
        # Both values are checked before either is saved.
        if day is not None and not 1 <= day <= 31:
            raise EntryError("payday", _("the pay day must be 1 to 31; got {day}").format(
                day=day))
        if reserve_contribution is not None:
            minor = set_reserve_contribution(ledger, reserve_contribution)
            click.echo(_("Reserve contribution: {amount} a month").format(
                amount=format_amount(minor, symbol=True)))
        if payday is not None:
            set_payday(ledger, day)
            click.echo(_("Pay day: {day}").format(
                day=day if day is not None else _("inferred from Salary entries")))
    except EntryError as error:
        raise entry_error(error) from error


# --- budget review ---------------------------------------------------------------------


@command("review", help=N_(
    "The monthly review: figures, top categories, and findings with their rules.\n"
    "\n"
    "Opening the review of a finished month stops the review reminder for it."))
@option("--month", help=N_("YYYY-MM (default: last month)."))
@option("--json", "as_json", is_flag=True)
@option("--no-chart", is_flag=True, help=N_("Figures only, without the chart."))
@option("--as-of", help=N_("Review as of this date (default: today)."))
@db_option
@click.pass_context
def review(ctx, month: str | None, as_json: bool, no_chart: bool, as_of: str | None) -> None:
    from budget.domain.dates import DateError, month_label, parse_month
    from budget.domain.reserve import ReserveError
    from budget.domain.review import review_month
    from budget.services.planning import income_expense_series, monthly_review_for
    from budget.services.review_marks import mark_reviewed

    ledger, day = ledger_for(ctx), parse_option_date(as_of, "--as-of")
    try:
        label = month_label(*parse_month(month)) if month else review_month(day)
        result = monthly_review_for(ledger, label, as_of=day)
    except (DateError, ReserveError) as error:
        raise UserError(str(error)) from error
    mark_reviewed(ledger, label, day)
    currency = _review_currency(ledger)
    if as_json:
        echo_json(review_json(result, currency))
        return
    for line in review_lines(result, currency):
        click.echo(line)
    if not no_chart:
        from budget.charts import render_income_expenses_text

        series = income_expense_series(ledger, label)
        width, height, color = _chart_size()
        click.echo(render_income_expenses_text(
            [row[0] for row in series], [row[1] for row in series], [row[2] for row in series],
            currency, width=width, height=height, color=color))


def _review_currency(ledger) -> str:
    from budget.services.budgets import home_currency

    return home_currency(ledger)


def review_json(result, currency: str = "CNY") -> dict:
    def money(value):
        return None if value is None else to_decimal_string(value, currency)

    return {
        "month": result.month, "income": money(result.income),
        "expenses": money(result.expenses), "net": money(result.net),
        "savings_rate": _ratio(result.savings_rate),
        "top_categories": [{"category": trend.category, "spent": money(trend.spent),
                            "average": money(trend.average), "change": _ratio(trend.change)}
                           for trend in result.top_categories],
        "budget_adherence": _ratio(result.budget_adherence),
        "budgets_within": result.budgets_within, "budgets_total": result.budgets_total,
        "reserve_coverage": _ratio(result.reserve_coverage),
        "debt_outstanding": money(result.debt_outstanding),
        "debt_payments": money(result.debt_payments),
        "debt_share_of_income": _ratio(result.debt_service_ratio),
        "overdue_episodes": result.overdue_episodes,
        "findings": [{"rule": finding.rule.id, "threshold": str(finding.rule.threshold),
                      "description": finding.rule.text(), "message": finding.message}
                     for finding in result.findings],
    }


def review_lines(result, currency: str = "CNY") -> list[str]:
    def money(value, **options):
        return format_amount(value, currency, symbol=True, **options)

    from budget.commands.common import table_lines

    lines = [_("Review of {month}").format(month=result.month)]
    figures = [[_("Income"), money(result.income), ""],
               [_("Expenses"), money(result.expenses), ""],
               [_("Net"), money(result.net, plus=True),
                _("kept {share} of income").format(share=_percent(result.savings_rate))]]
    lines += ["  " + line for line in table_lines(figures, "lrl")]
    if result.top_categories:
        lines.append(_("Top categories, against their 6-month average:"))
    rows = [[trend.category, money(trend.spent), _("avg"),
             money(trend.average) if trend.average is not None else "—",
             "" if trend.change is None else f"{trend.change * 100:+.1f}%"]
            for trend in result.top_categories]
    lines += ["  " + line for line in table_lines(rows, "lrlrr")]
    lines.append(_("Budgets kept: {within} of {total}").format(
        within=result.budgets_within, total=result.budgets_total) if result.budgets_total
        else _("Budgets kept: no budgets this month"))
    lines.append(_("Reserve: covers {months} months of essential spending").format(
        months=result.reserve_coverage) if result.reserve_coverage is not None
        else _("Reserve: coverage unknown (no essential spending recorded)"))
    lines.append(_("Debt: {outstanding} outstanding; {payments} paid this month, {share} of "
                   "income").format(outstanding=money(result.debt_outstanding),
                                    payments=money(result.debt_payments),
                                    share=_percent(result.debt_service_ratio)))
    lines.append(_("Overdue episodes: {count}").format(count=result.overdue_episodes))
    if not result.findings:
        lines.append(_("Findings: none — every rule passed."))
        return lines
    lines.append(_("Findings:"))
    for finding in result.findings:
        lines.append(f"  • {finding.message}")
        lines.append("    " + _("rule {rule} (threshold {threshold}): {text}").format(
            rule=finding.rule.label(), threshold=finding.rule.threshold,
            text=finding.rule.text()))
    return lines


# --- budget plan -----------------------------------------------------------------------

STRATEGY_NAMES = {"avalanche": N_("Avalanche (highest APR first)"),
                  "snowball": N_("Snowball (smallest balance first)"),
                  "user-order": N_("Your order")}


@command("plan", help=N_(
    "Compare paying off your loans avalanche, snowball or in your own order."))
@option("--extra", default="0", show_default=True,
        help=N_("Paid each month on top of the minimums."))
@option("--order", help=N_("Your own order, e.g. 'Card,微粒贷' (names or prefixes)."))
@option("--as-of", help=N_("Plan from this date (default: today)."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def plan(ctx, extra: str, order: str | None, as_of: str | None, as_json: bool) -> None:
    from budget.domain.money import AmountError, parse_amount
    from budget.domain.reserve import ReserveError
    from budget.services.ledger import EntryError
    from budget.services.planning import payoff_plans

    ledger = ledger_for(ctx)
    day = parse_option_date(as_of, "--as-of")
    try:
        extra_minor = parse_amount(extra)
    except AmountError as error:
        raise UserError(f"--extra: {error}") from error
    if extra_minor < 0:
        raise UserError(_("--extra: the extra amount must be 0 or more, e.g. 500"))
    names = [name.strip() for name in order.split(",")] if order else None
    try:
        view = payoff_plans(ledger, extra_minor, day, names)
    except EntryError as error:
        raise entry_error(error) from error
    except ReserveError as error:
        raise UserError(str(error)) from error
    if as_json:
        echo_json(plan_json(view))
        return
    for line in plan_lines(view):
        click.echo(line)


def plan_json(view) -> dict:
    currency = view.currency

    def money(value):
        return None if value is None else to_decimal_string(value, currency)

    def day(value):
        return None if value is None else value.isoformat()

    return {
        "extra": money(view.extra),
        "debts": [{"name": debt.name, "balance": money(debt.balance),
                   "apr": f"{(debt.apr * 100).quantize(Decimal('0.01'))}",
                   "minimum": money(debt.minimum)} for debt in view.debts],
        "strategies": [{"strategy": str(item.strategy), "order": list(item.order),
                        "status": str(item.status),
                        "monthly_payment": money(item.monthly_payment),
                        "total_interest": money(item.total_interest), "months": item.months,
                        "debt_free": day(item.debt_free),
                        "loans": [{"name": debt.name, "paid_off": day(debt.paid_off),
                                   "months": debt.months, "interest": money(debt.interest)}
                                  for debt in item.debts],
                        "series": [{"month": label, "owed": money(owed)}
                                   for label, owed in item.series]}
                       for item in view.plans],
        "split": {"month": view.surplus_month, "surplus": money(view.surplus),
                  "reserve_balance": money(view.reserve_balance),
                  "starter_target": money(view.starter_target),
                  "to_reserve": money(view.split.to_reserve),
                  "to_debts": money(view.split.to_debts)},
    }


def plan_lines(view) -> list[str]:
    from budget.domain.payoff import plan_sentence

    def money(value):
        return format_amount(value, view.currency, symbol=True)

    if not view.debts:
        lines = [_("No open loans: nothing to pay off.")]
    else:
        from budget.commands.common import table_lines

        lines = []
        for item in view.plans:
            lines.append(_("{strategy}: {order}").format(
                strategy=_(STRATEGY_NAMES[str(item.strategy)]), order=" → ".join(item.order)))
            lines.append("  " + plan_sentence(item, view.currency))
            rows = [[debt.name, _("paid off"),
                     debt.paid_off.isoformat() if debt.paid_off else _("not paid off"),
                     _("interest"), money(debt.interest)] for debt in item.debts]
            lines += ["    " + line for line in table_lines(rows, "lllrr")]
    lines.append(_surplus_line(view, money))
    return lines


def _surplus_line(view, money) -> str:
    from budget.services.planning import split_sentence

    return split_sentence(view, _("no starter reserve figure yet (`budget fund set --starter`)"))

