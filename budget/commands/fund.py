"""`budget fund`: the emergency reserve's progress, chart and settings from the shell."""

from __future__ import annotations

import click

from budget.commands.common import (
    UserError,
    db_option,
    echo_json,
    group,
    ledger_for,
    option,
    parse_option_date,
)
from budget.domain.money import format_amount, to_decimal_string
from budget.i18n import N_, _


@group("fund", invoke_without_command=True, help=N_(
    "Progress toward an emergency reserve of N months of essential spending."))
@option("--as-of", help=N_("Report as of this date (default: today)."))
@option("--json", "as_json", is_flag=True, help=N_("Figures as a JSON object."))
@option("--no-chart", is_flag=True, help=N_("Figures only, without the chart."))
@db_option
@click.pass_context
def fund(ctx, as_of: str | None, as_json: bool, no_chart: bool) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from budget.domain.reserve import ReserveError
    from budget.services.loan_facts import max_open_apr
    from budget.services.reserve import reserve_view

    ledger = ledger_for(ctx)
    day = parse_option_date(as_of, "--as-of")
    try:
        view = reserve_view(ledger, day, max_loan_apr=max_open_apr(ledger, day))
    except ReserveError as error:
        raise UserError(str(error)) from error
    if as_json:
        echo_json(fund_json(view))
        return
    for line in fund_lines(view):
        click.echo(line)
    if not no_chart:
        import shutil
        import sys

        from budget.charts import render_reserve_text

        width, height = shutil.get_terminal_size()
        click.echo(render_reserve_text(list(view.months[-12:]), list(view.balances[-12:]),
                                       view.progress.target, list(view.projection),
                                       view.currency, width=min(width, 100),
                                       height=min(max(height - 10, 12), 24),
                                       color=sys.stdout.isatty()))


def fund_json(view) -> dict:
    progress, currency = view.progress, view.currency

    def money(value):
        return None if value is None else to_decimal_string(value, currency)

    return {
        "target": money(progress.target),
        "balance": money(progress.balance),
        "percent": None if progress.percent is None else float(progress.percent),
        "coverage_months": None if progress.coverage_months is None
        else float(progress.coverage_months),
        "baseline_monthly": money(progress.baseline.monthly),
        "baseline_source": progress.baseline.source,
        "baseline_months": list(progress.baseline.months_used),
        "avg_monthly_contribution": money(progress.avg_monthly_contribution),
        "projected_date": progress.projected_date.isoformat() if progress.projected_date
        else None,
        "suggest_starter_first": progress.suggest_starter_first,
        "accounts": [account.name for account in view.accounts],
        "milestones": [{"name": m.name, "amount": money(m.amount),
                        "reached_on": m.reached_on.isoformat() if m.reached_on else None}
                       for m in progress.milestones],
    }


def fund_lines(view) -> list[str]:
    """The figures as short sentences a person reads top to bottom."""
    from budget.domain.reserve import coverage_sentence

    progress, currency = view.progress, view.currency

    def money(value):
        return format_amount(value, currency, symbol=True)

    if not view.accounts:
        return [_("No account holds the emergency reserve yet: mark one with "
                  "`budget account add NAME --kind savings --reserve`.")]
    lines = []
    if progress.target is None:
        lines.append(_("Emergency reserve: {balance}; no target yet").format(
            balance=money(progress.balance)))
    else:
        lines.append(_("Emergency reserve: {balance} of {target} ({percent}%)").format(
            balance=money(progress.balance), target=money(progress.target),
            percent=progress.percent))
    lines.append(coverage_sentence(progress))
    baseline = progress.baseline
    if baseline.source == "history":
        from budget.domain.words import months_text

        lines.append(_("Baseline: {amount} a month, the median of essential spending over "
                       "{months} ({first} to {last})").format(
            amount=money(baseline.monthly), months=months_text(len(baseline.months_used)),
            first=baseline.months_used[0], last=baseline.months_used[-1]))
    elif baseline.source == "manual":
        lines.append(_("Baseline: {amount} a month, the figure you entered").format(
            amount=money(baseline.monthly)))
    lines.append(_("Average contribution over the last 3 months: {amount} a month").format(
        amount=money(progress.avg_monthly_contribution)))
    if progress.reached:
        lines.append(_("Target reached."))
    elif progress.projected_date is None:
        lines.append(_("Projected: not at this pace"))
    else:
        lines.append(_("Projected: the target is reached around {date}").format(
            date=progress.projected_date.isoformat()))
    if progress.suggest_starter_first:
        lines.append(_("You carry high-interest debt: reach the starter milestone first, "
                       "then put extra money on the debt."))
    from budget.commands.common import table_lines

    rows = [[milestone.name, money(milestone.amount),
             milestone.reached_on.isoformat() if milestone.reached_on else _("not yet")]
            for milestone in progress.milestones]
    return lines + ["  " + line for line in table_lines(rows, "lrl")]


@fund.command("set", help=N_("Change the reserve target and how it is measured."))
@option("--months", type=int, help=N_("Target: this many months of essential spending."))
@option("--amount", help=N_("Target: a fixed amount instead of months."))
@option("--starter", help=N_("Starter milestone (default: one month of essentials)."))
@option("--monthly-essential", help=N_("Your monthly essential spending, used until "
        "there is history."))
@option("--window", type=int, help=N_("Months of history for the baseline (default 6)."))
@db_option
@click.pass_context
def fund_set(ctx, months: int | None, amount: str | None, starter: str | None,
             monthly_essential: str | None, window: int | None) -> None:
    from budget.domain.money import AmountError, parse_amount
    from budget.domain.reserve import ReserveError
    from budget.services.reserve import update_settings

    if months is not None and amount is not None:
        raise UserError(_("give --months or --amount, not both"))
    changes: dict = {}
    try:
        if months is not None:
            changes.update(months=months, fixed_amount=None)
        if amount is not None:
            changes["fixed_amount"] = parse_amount(amount)
        if starter is not None:
            changes["starter"] = parse_amount(starter)
        if monthly_essential is not None:
            changes["manual_baseline"] = parse_amount(monthly_essential)
        if window is not None:
            changes["window_months"] = window
        if not changes:
            raise UserError(_("nothing to change: give --months, --amount, --starter, "
                              "--monthly-essential or --window"))
        settings = update_settings(ledger_for(ctx), **changes)
    except (AmountError, ReserveError) as error:
        raise UserError(str(error)) from error
    target = (format_amount(settings.fixed_amount, symbol=True) if settings.fixed_amount
              else _("{months} months of essential spending").format(months=settings.months))
    click.echo(_("Reserve target: {target}").format(target=target))

