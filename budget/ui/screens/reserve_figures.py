"""The Reserve screen's sentences: the figures of a ReserveView as short lines of text."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from budget.domain.money import format_amount
from budget.domain.reserve import SOURCE_HISTORY, SOURCE_MANUAL, coverage_sentence
from budget.i18n import _, ngettext
from budget.services.reserve import ReserveView


def headline(view: ReserveView) -> str:
    """``¥4,500.00 of ¥18,000.00 · 25.0%``, or what is missing for it."""
    progress = view.progress
    if not view.accounts:
        return _("No reserve account yet: press c, pick a savings account and press m "
                 "to mark it as the reserve")
    balance = format_amount(progress.balance, view.currency, symbol=True)
    if progress.target is None:
        return _("{balance} saved · no target yet").format(balance=balance)
    return _("{balance} of {target} · {percent}%").format(
        balance=balance, target=format_amount(progress.target, view.currency, symbol=True),
        percent=progress.percent)


def panel_title(view: ReserveView) -> str:
    """The target the figures measure against, as the panel's title."""
    settings = view.settings
    if settings.fixed_amount is not None:
        return _("Emergency reserve · fixed target")
    return ngettext("Emergency reserve · target {months} month",
                    "Emergency reserve · target {months} months", settings.months).format(
        months=settings.months)


def baseline_line(view: ReserveView) -> str:
    """Which baseline was used: the median over months of history, or the figure entered."""
    baseline = view.progress.baseline
    amount = format_amount(baseline.monthly, view.currency, symbol=True)
    if baseline.source == SOURCE_HISTORY:
        return ngettext("Baseline {amount} a month: median of {count} month, {first} to "
                        "{last}",
                        "Baseline {amount} a month: median of {count} months, {first} to "
                        "{last}", len(baseline.months_used)).format(
                            amount=amount, count=len(baseline.months_used),
                                  first=baseline.months_used[0], last=baseline.months_used[-1])
    if baseline.source == SOURCE_MANUAL:
        return _("Baseline {amount} a month: the figure you entered").format(amount=amount)
    return _("Baseline: none yet. Mark essential categories (c, m) or enter a monthly "
             "figure (s)")


def breakdown_line(view: ReserveView) -> str:
    """Median spending per essential category, largest first."""
    by_category = view.progress.baseline.by_category
    if not by_category:
        return ""
    parts = [f"{name} {format_amount(amount, view.currency, symbol=True)}"
             for name, amount in sorted(by_category.items(), key=lambda item: -item[1])]
    return _("Median by category: {parts}").format(parts=" · ".join(parts))


def pace_line(view: ReserveView) -> str:
    return _("Average contribution, last 3 months: {amount} a month").format(
        amount=format_amount(view.progress.avg_monthly_contribution, view.currency, symbol=True))


def projection_line(view: ReserveView) -> str:
    progress = view.progress
    if progress.target is None:
        return ""
    if progress.reached:
        return _("Target reached.")
    if progress.projected_date is None:
        return _("Projected: not at this pace")
    return _("Projected: target reached around {date}").format(
        date=progress.projected_date.isoformat())


def suggestion_line(view: ReserveView) -> str:
    if not view.progress.suggest_starter_first:
        return ""
    starter = next((m for m in view.progress.milestones if m.name == _("starter")), None)
    amount = format_amount(starter.amount, view.currency, symbol=True) if starter else ""
    return _("You carry high-interest debt: reach the starter milestone {amount} first, "
             "then put extra money on the debt.").format(amount=amount)


def milestones_table(view: ReserveView, reached_style: str = "", muted_style: str = "") -> Table:
    """One row per milestone: name, amount and the date it was reached or "not yet"."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    for milestone in view.progress.milestones:
        reached = milestone.reached_on is not None
        when = milestone.reached_on.isoformat() if reached else _("not yet")
        table.add_row(Text(("✓ " if reached else "· ") + milestone.name,
                           style=reached_style if reached else ""),
                      format_amount(milestone.amount, view.currency, symbol=True),
                      Text(when, style="" if reached else muted_style))
    return table


def milestones_line(view: ReserveView, reached_style: str = "", muted_style: str = "") -> Text:
    """The milestones on one wrapping line, for terminals too small for the table."""
    line = Text(_("Milestones: "), style=muted_style)
    for index, milestone in enumerate(view.progress.milestones):
        if index:
            line.append(" · ", style=muted_style)
        amount = format_amount(milestone.amount, view.currency, symbol=True)
        if milestone.reached_on is None:
            line.append(_("{name} {amount} not yet").format(name=milestone.name, amount=amount))
        else:
            line.append("✓ " + _("{name} {amount} on {date}").format(
                name=milestone.name, amount=amount, date=milestone.reached_on.isoformat()),
                style=reached_style)
    return line


def coverage_line(view: ReserveView) -> str:
    return coverage_sentence(view.progress)
