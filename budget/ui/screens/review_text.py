"""The Review screen's text: a MonthlyReview's figures, findings and top categories as Rich."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from budget.domain.money import format_amount
from budget.domain.review import MonthlyReview
from budget.i18n import _
from budget.l10n import format_percent


def percent(ratio: Decimal | None) -> str:
    """A fraction as ``9.9%``; ``—`` when unknown."""
    return "—" if ratio is None else format_percent((ratio * 100).quantize(Decimal("0.1")))


def figures_table(review: MonthlyReview, currency: str, negative: Style) -> Table:
    """The month's figures in two label-value pairs per line."""

    def money(value: int, **options) -> str:
        return format_amount(value, currency, symbol=True, **options)

    table = Table.grid(padding=(0, 1))
    for justify in ("left", "right", "left", "left"):
        table.add_column(justify=justify, no_wrap=True)
    net = Text(money(review.net, plus=True), style=negative if review.net < 0 else "")
    budgets = (_("{within} of {total}").format(within=review.budgets_within,
                                               total=review.budgets_total)
               if review.budgets_total else _("none set"))
    coverage = (_("{months} months").format(months=review.reserve_coverage)
                if review.reserve_coverage is not None else _("unknown"))
    debt_share = _("{amount} · {share} of income").format(
        amount=money(review.debt_payments), share=percent(review.debt_service_ratio))
    overdue = Text(str(review.overdue_episodes),
                   style=negative if review.overdue_episodes else "")
    table.add_row(_("Income"), money(review.income), _("Savings rate"),
                  percent(review.savings_rate))
    table.add_row(_("Expenses"), money(review.expenses), _("Budgets kept"), budgets)
    table.add_row(_("Net"), net, _("Reserve covers"), coverage)
    table.add_row(_("Debt owed"), money(review.debt_outstanding), _("Debt payments"),
                  debt_share)
    table.add_row(_("Overdue"), overdue, "", "")
    return table


def findings_text(review: MonthlyReview, finding: Style, rule: Style,
                  passed: Style) -> Text | Group:
    """Each finding's sentence, and under it the rule that produced it with its threshold."""
    if not review.findings:
        return Text(_("No findings: every rule passed."), style=passed)
    parts: list[Text | Padding] = []
    for item in review.findings:
        line = Text("• ", style=finding)
        line.append(item.message)
        # Padding, not leading spaces, so a long rule wraps under itself.
        parts.append(line)
        parts.append(Padding(Text(_("{rule} · threshold {threshold} · {description}").format(
            rule=item.rule.label(), threshold=item.rule.threshold,
            description=item.rule.text()),
            style=rule), (0, 0, 0, 2)))
    return Group(*parts)


def categories_table(review: MonthlyReview, currency: str, up: Style) -> Table | Text:
    """The top categories against their 6-month average."""
    if not review.top_categories:
        return Text(_("Nothing spent this month."))
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column(_("Category"), no_wrap=True, max_width=18)
    table.add_column(_("This month"), justify="right", no_wrap=True)
    table.add_column(_("6-month avg"), justify="right", no_wrap=True)
    table.add_column(_("Change"), justify="right", no_wrap=True)
    for trend in review.top_categories:
        average = "—" if trend.average is None else format_amount(trend.average, currency,
                                                                  symbol=True)
        change = Text("—" if trend.change is None else f"{trend.change * 100:+.1f}%",
                      style=up if trend.change is not None and trend.change > 0 else "")
        table.add_row(Text(trend.category), format_amount(trend.spent, currency, symbol=True),
                      average, change)
    return table
