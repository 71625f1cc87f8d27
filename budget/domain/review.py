"""The monthly review: a month's figures and the findings of explicit, named rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from budget.domain.budgets import BudgetRow
from budget.domain.dates import add_months, month_label
from budget.domain.loans import round_half_up
from budget.domain.money import format_amount
from budget.i18n import N_, _, listing, ngettext

# Thresholds, one per rule. A rule fires only strictly beyond its threshold, so sitting
# exactly on it (36% of income to debt, 1.0 month of reserve, 10% saved) is not a finding.
DEBT_SERVICE_LIMIT = Decimal("0.36")
"""Share of income going to debt payments; 36% is the classic lenders' ceiling."""
RESERVE_MIN_MONTHS = Decimal(1)
"""Months of essential spending the reserve should cover at least."""
SPIKE_RATIO = Decimal("0.30")
"""How far above its 6-month average a category's spending is a spike."""
SPIKE_FLOOR = 10_000
"""¥100.00: a category spending less than this in the month is never a spike, because
going from ¥20 to ¥60 is +200% and not worth anyone's attention."""
SAVINGS_RATE_MIN = Decimal("0.10")
"""Share of income kept; below it (but not negative, see NEGATIVE_NET) is a finding."""
NET_FLOOR = 0
"""Net (income less expenses) below this is a finding."""
OVERDUE_LIMIT = 0
"""Overdue episodes beyond this many are a finding."""
OVER_BUDGET_LIMIT = 0
"""Minor units over a category's limit beyond which it is a finding."""

HISTORY_MONTHS = 6
TOP_CATEGORIES = 5
REVIEW_DAYS = 5
"""The reminder shows in the first days of a month while last month is not reviewed."""

_RATIO = Decimal("0.0001")


@dataclass(frozen=True)
class Rule:
    """A named check of the monthly review and the threshold it compares against."""

    id: str
    description: str
    """Untranslated English, marked with N_; show it with `text()`."""
    threshold: Decimal | int

    def text(self) -> str:
        return _(self.description)

    def label(self) -> str:
        """The rule's id as shown to a person: the id itself in English, a name in Chinese
        (JSON keeps the id)."""
        return _(self.id)


DEBT_SERVICE_HIGH = Rule(N_("DEBT_SERVICE_HIGH"),
                         N_("Debt payments above 36% as a share of income"), DEBT_SERVICE_LIMIT)
RESERVE_LOW = Rule(N_("RESERVE_LOW"), N_("Reserve below one month of essential spending"),
                   RESERVE_MIN_MONTHS)
CATEGORY_SPIKE = Rule(N_("CATEGORY_SPIKE"), N_("A category 30% above its 6-month average "
                                           "(categories under ¥100 in the month are ignored)"),
                      SPIKE_RATIO)
NEGATIVE_NET = Rule(N_("NEGATIVE_NET"), N_("Spending above income"), NET_FLOOR)
OVERDUE = Rule(N_("OVERDUE"), N_("Any payment that went overdue"), OVERDUE_LIMIT)
BUDGET_OVER = Rule(N_("BUDGET_OVER"), N_("A category over its budget"), OVER_BUDGET_LIMIT)
SAVINGS_RATE_LOW = Rule(N_("SAVINGS_RATE_LOW"), N_("Less than 10% kept from income"),
                        SAVINGS_RATE_MIN)

# Most urgent first: this is the order findings are listed in.
RULES = (OVERDUE, NEGATIVE_NET, DEBT_SERVICE_HIGH, RESERVE_LOW, BUDGET_OVER, CATEGORY_SPIKE,
         SAVINGS_RATE_LOW)


@dataclass(frozen=True)
class Finding:
    """One sentence of the review and the rule that produced it."""

    rule: Rule
    message: str


@dataclass(frozen=True)
class ReviewInput:
    """What the review is computed from; amounts in positive minor units."""

    month: str
    """``YYYY-MM`` of the month reviewed."""
    income: int
    expenses: int
    spending: Mapping[str, int]
    """This month's spending by category."""
    history: Mapping[str, Mapping[str, int]]
    """Spending by category of the previous months, by ``YYYY-MM``; the last 6 before
    `month` are used. Include a month the user was active in even when a category is
    missing from it (it counts as 0); leave out months before the records begin."""
    budget_rows: Sequence[BudgetRow] = ()
    reserve_coverage: Decimal | None = None
    """Months of essential spending the reserve covers; None when unknown."""
    debt_outstanding: int = 0
    debt_payments: int = 0
    overdue_episodes: int = 0
    overdue_loans: tuple[str, ...] = ()
    """Names of the loans those episodes were on, for the way to the overdue playbook."""
    currency: str = "CNY"
    debt_categories: frozenset[str] = frozenset()
    """Categories that hold loan installments (principal, interest and fees): a schedule
    fixes them, so they are never a CATEGORY_SPIKE of discretionary spending."""


@dataclass(frozen=True)
class CategoryTrend:
    """A category's spending this month next to its average of the previous months."""

    category: str
    spent: int
    average: int | None
    """Rounded half-up to the minor unit; None without history."""
    change: Decimal | None
    """Fraction above (+) or below (−) the average; None when the average is 0 or unknown."""


@dataclass(frozen=True)
class MonthlyReview:
    """The figures of one month and what the rules found in them."""

    month: str
    income: int
    expenses: int
    net: int
    savings_rate: Decimal | None
    """Net / income as a fraction; None without income."""
    top_categories: tuple[CategoryTrend, ...]
    budgets_within: int
    budgets_total: int
    reserve_coverage: Decimal | None
    debt_outstanding: int
    debt_payments: int
    debt_service_ratio: Decimal | None
    """Debt payments / income as a fraction; None without income."""
    overdue_episodes: int
    findings: tuple[Finding, ...] = ()
    overdue_loans: tuple[str, ...] = ()

    @property
    def budget_adherence(self) -> Decimal | None:
        """Share of budgeted categories kept within their limit; None without budgets."""
        return _ratio(self.budgets_within, self.budgets_total)


def monthly_review(inputs: ReviewInput, rules: Sequence[Rule] = RULES) -> MonthlyReview:
    """The review of `inputs.month`, with a finding for every rule that fires.

    `rules` may carry other thresholds (``dataclasses.replace(DEBT_SERVICE_HIGH, ...)``).
    """
    figures = _figures(inputs)
    findings = [Finding(rule, message) for rule in rules
                for message in _CHECKS[rule.id](rule, figures, inputs)]
    return replace(figures, findings=tuple(findings))


def _figures(inputs: ReviewInput) -> MonthlyReview:
    net = inputs.income - inputs.expenses
    return MonthlyReview(
        month=inputs.month, income=inputs.income, expenses=inputs.expenses, net=net,
        savings_rate=_ratio(net, inputs.income),
        top_categories=tuple(category_trends(inputs)[:TOP_CATEGORIES]),
        budgets_within=sum(not row.over for row in inputs.budget_rows),
        budgets_total=len(inputs.budget_rows), reserve_coverage=inputs.reserve_coverage,
        debt_outstanding=inputs.debt_outstanding, debt_payments=inputs.debt_payments,
        debt_service_ratio=_ratio(inputs.debt_payments, inputs.income),
        overdue_episodes=inputs.overdue_episodes, overdue_loans=inputs.overdue_loans)


def _ratio(part: int, whole: int) -> Decimal | None:
    if whole <= 0:
        return None
    return (Decimal(part) / whole).quantize(_RATIO, rounding=ROUND_HALF_UP)


def history_window(inputs: ReviewInput) -> list[Mapping[str, int]]:
    """The previous months' spending that averages are taken over: up to 6, before `month`."""
    earlier = sorted(label for label in inputs.history if label < inputs.month)
    return [inputs.history[label] for label in earlier[-HISTORY_MONTHS:]]


def category_trends(inputs: ReviewInput) -> list[CategoryTrend]:
    """Every category spent on this month, largest first, against its average."""
    window = history_window(inputs)
    trends = []
    for category, spent in inputs.spending.items():
        if spent <= 0:
            continue
        average = change = None
        if window:
            total = sum(month.get(category, 0) for month in window)
            average = round_half_up(Decimal(total) / len(window))
            if total > 0:
                change = (Decimal(spent * len(window) - total) / total).quantize(
                    _RATIO, rounding=ROUND_HALF_UP)
        trends.append(CategoryTrend(category, spent, average, change))
    return sorted(trends, key=lambda trend: (-trend.spent, trend.category))


def review_month(as_of: date) -> str:
    """The month a review opened on `as_of` looks back at: the previous one."""
    return month_label(*add_months(as_of.year, as_of.month, -1))


def review_due(as_of: date, last_review_month: str | None) -> bool:
    """Whether to remind: the first 5 days of a month, while last month is not reviewed yet."""
    if as_of.day > REVIEW_DAYS:
        return False
    return last_review_month is None or last_review_month < review_month(as_of)


# --- the checks, one per rule id; each returns its sentences (none when it does not fire) ---

Check = Callable[[Rule, MonthlyReview, ReviewInput], list[str]]


def _money(minor: int, inputs: ReviewInput) -> str:
    return format_amount(minor, inputs.currency, symbol=True)


def _percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _debt_service(rule: Rule, review: MonthlyReview, inputs: ReviewInput) -> list[str]:
    payments, income = inputs.debt_payments, inputs.income
    if payments <= 0:
        return []
    if income <= 0:
        return [_("Debt payments of {payments} with no income this month.").format(
            payments=_money(payments, inputs))]
    if payments <= income * rule.threshold:
        return []
    return [_("Debt payments took {share} of income ({payments} of {income}).").format(
        share=_percent(Decimal(payments) / income), payments=_money(payments, inputs),
        income=_money(income, inputs))]


def _reserve_low(rule: Rule, review: MonthlyReview, inputs: ReviewInput) -> list[str]:
    # Unknown coverage (no essential spending to measure against) is not judged.
    coverage = inputs.reserve_coverage
    if coverage is None or coverage >= rule.threshold:
        return []
    return [_("The reserve covers {months} months of essential spending, less than {limit}.")
            .format(months=coverage, limit=rule.threshold)]


def _category_spike(rule: Rule, review: MonthlyReview, inputs: ReviewInput) -> list[str]:
    window = history_window(inputs)
    if not window:
        return []
    messages = []
    for trend in category_trends(inputs):
        if trend.category in inputs.debt_categories:
            continue  # an installment falling due is not spending more
        total = sum(month.get(trend.category, 0) for month in window)
        # Compared in whole minor units (spent × months against total × 1.3) so the
        # boundary is exact, with no rounded average in between.
        if trend.spent < SPIKE_FLOOR or trend.spent * len(window) <= total * (1 + rule.threshold):
            continue
        if total <= 0:
            messages.append(_("{category}: {spent}, with nothing in the previous {months} "
                              "months.").format(category=trend.category, months=len(window),
                                                spent=_money(trend.spent, inputs)))
        else:
            messages.append(_("{category}: {spent}, {change} above its average of {average}.")
                            .format(category=trend.category, spent=_money(trend.spent, inputs),
                                    change=_percent(trend.change),
                                    average=_money(trend.average, inputs)))
    return messages


def _negative_net(rule: Rule, review: MonthlyReview, inputs: ReviewInput) -> list[str]:
    if review.net >= rule.threshold:
        return []
    return [_("You spent {amount} more than came in ({expenses} against {income}).").format(
        amount=_money(-review.net, inputs), expenses=_money(inputs.expenses, inputs),
        income=_money(inputs.income, inputs))]


def _overdue(rule: Rule, review: MonthlyReview, inputs: ReviewInput) -> list[str]:
    if inputs.overdue_episodes <= rule.threshold:
        return []
    if not inputs.overdue_loans:
        return [ngettext("{count} payment went overdue this month: the overdue playbook has "
                         "the next steps.",
                         "{count} payments went overdue this month: the overdue playbook has "
                         "the next steps.", inputs.overdue_episodes).format(
            count=inputs.overdue_episodes)]
    return [ngettext("{count} payment went overdue this month ({loans}): the overdue playbook "
                     "has the next steps — h on the Review screen, or "
                     "`budget loan playbook {first}`.",
                     "{count} payments went overdue this month ({loans}): the overdue playbook "
                     "has the next steps — h on the Review screen, or "
                     "`budget loan playbook {first}`.", inputs.overdue_episodes)
            .format(count=inputs.overdue_episodes, loans=listing(inputs.overdue_loans),
                    first=inputs.overdue_loans[0])]


def _budget_over(rule: Rule, review: MonthlyReview, inputs: ReviewInput) -> list[str]:
    return [_("{category}: {spent} spent of a {limit} budget, {over} over.").format(
        category=row.category, spent=_money(row.spent, inputs),
        limit=_money(row.limit, inputs), over=_money(-row.left, inputs))
        for row in inputs.budget_rows if -row.left > rule.threshold]


def _savings_rate_low(rule: Rule, review: MonthlyReview, inputs: ReviewInput) -> list[str]:
    # A negative net is NEGATIVE_NET's finding; saying it twice would only nag.
    if inputs.income <= 0 or review.net < 0 or review.net >= inputs.income * rule.threshold:
        return []
    return [_("You kept {share} of income, less than {limit}.").format(
        share=_percent(Decimal(review.net) / inputs.income), limit=_percent(rule.threshold))]


_CHECKS: dict[str, Check] = {
    DEBT_SERVICE_HIGH.id: _debt_service,
    RESERVE_LOW.id: _reserve_low,
    CATEGORY_SPIKE.id: _category_spike,
    NEGATIVE_NET.id: _negative_net,
    OVERDUE.id: _overdue,
    BUDGET_OVER.id: _budget_over,
    SAVINGS_RATE_LOW.id: _savings_rate_low,
}
