"""Monthly category budgets: limits, copying to the next month, rollover, budget versus actual."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from budget.domain.money import format_amount
from budget.i18n import _

_TENTH = Decimal("0.1")


class BudgetError(ValueError):
    """Raised when a budget limit cannot be used."""


@dataclass(frozen=True)
class CategoryBudget:
    """A monthly spending limit for one expense category, in minor units.

    Rollover rule: with `rollover` on, what was left of last month's available amount is
    carried into this month (`carried`): an unspent part adds to the limit, an overspend
    is subtracted from it. The available amount never falls below zero; an overspend
    larger than the limit is not carried on beyond the month after, so one bad month
    cannot lock a category at zero for ever. Unspent money keeps accumulating, the way an
    envelope does, until the user spends it or turns rollover off.
    """

    category: str
    limit: int
    """What the user plans to spend in a month."""
    rollover: bool = False
    carried: int = 0
    """Left over (positive) or overspent (negative) from last month; 0 without rollover."""

    def __post_init__(self) -> None:
        if not self.category.strip():
            raise BudgetError(_("A budget needs a category"))
        for label, value in ((_("limit"), self.limit), (_("carried amount"), self.carried)):
            # bool is an int subclass; True fen is a bug, not an amount.
            if isinstance(value, bool) or not isinstance(value, int):
                raise BudgetError(_("The {label} of {category} must be whole minor units (fen); "
                                    "got {value!r}").format(label=label, category=self.category,
                                                            value=value))
        if self.limit < 0:
            raise BudgetError(_("The limit of {category} cannot be negative").format(
                category=self.category))
        if self.carried and not self.rollover:
            raise BudgetError(_("{category} carries an amount but rollover is off").format(
                category=self.category))

    @property
    def available(self) -> int:
        """What may be spent this month: the limit plus what was carried, never below 0."""
        return max(self.limit + self.carried, 0)


def next_month_budgets(last_month: Iterable[CategoryBudget],
                       spent_last_month: Mapping[str, int] | None = None
                       ) -> list[CategoryBudget]:
    """Next month's budgets copied from last month's, carrying what was left where rolled over.

    `spent_last_month` is positive spending by category; it is needed only for rollover.
    """
    spent = spent_last_month or {}
    return [CategoryBudget(budget.category, budget.limit, budget.rollover,
                           _carry(budget, spent.get(budget.category, 0)))
            for budget in last_month]


def _carry(budget: CategoryBudget, spent: int) -> int:
    if not budget.rollover:
        return 0
    # Measured against what was available (not the plain limit), so unspent money keeps
    # accumulating while an overspend only reaches the next month.
    return budget.available - spent


def carried_into(chain: Sequence[tuple[int, bool, int]]) -> int:
    """What a rolled-over budget carries in, worked out from its source months.

    `chain` is the category's earlier months, oldest first, ending with last month: each
    (limit, rollover, spent) in minor units, spent positive. Each month's carry comes from
    the one before, so an entry added to January later changes what February carries
    (the carry is never a figure copied once and left to go stale). A month without
    rollover, or before the budget began, carries nothing on.
    """
    carried = 0
    for limit, rollover, spent in chain:
        if not rollover:
            carried = 0
            continue
        carried = _carry(CategoryBudget("chain", limit, True, carried), spent)
    return carried


@dataclass(frozen=True)
class BudgetRow:
    """One category's budget against what was actually spent in a month."""

    category: str
    limit: int
    """What was available this month (the limit plus any rollover)."""
    spent: int
    """Positive spending; negative when refunds exceeded spending."""
    left: int
    """Limit minus spent; negative when over."""
    percent_used: Decimal | None
    """Of the limit, rounded down to 0.1 so 100 means the limit really is used up;
    None for a zero limit."""
    over: bool
    """Spent more than the limit; spending exactly the limit is not over."""


def budget_row(budget: CategoryBudget, spent: int) -> BudgetRow:
    """The budget-versus-actual row for one category."""
    limit = budget.available
    percent = None
    if limit > 0:
        percent = (Decimal(spent) * 100 / limit).quantize(_TENTH, rounding=ROUND_DOWN)
    return BudgetRow(budget.category, limit, spent, limit - spent, percent, spent > limit)


def budget_vs_actual(budgets: Sequence[CategoryBudget],
                     spent: Mapping[str, int]) -> list[BudgetRow]:
    """A row per budgeted category, in the budgets' order; unbudgeted spending is left out."""
    return [budget_row(budget, spent.get(budget.category, 0)) for budget in budgets]


def unbudgeted_spending(budgets: Iterable[CategoryBudget],
                        spent: Mapping[str, int]) -> dict[str, int]:
    """Spending in categories without a budget, so the screen can offer to add one."""
    budgeted = {budget.category for budget in budgets}
    return {category: amount for category, amount in spent.items()
            if category not in budgeted and amount}


def overspend_warning(category: str, limit: int | None, spent_before: int, amount: int,
                      currency: str = "CNY") -> str | None:
    """A sentence when saving an expense of `amount` leaves `category` over its limit.

    Fires for the expense that crosses the limit and for every further expense while the
    category stays over; a refund (amount <= 0) or a category without a limit never warns.
    """
    if limit is None or amount <= 0:
        return None
    spent = spent_before + amount
    if spent <= limit:
        return None
    return _("{category} is over its budget: {spent} spent of {limit}, {over} over.").format(
        category=category, spent=format_amount(spent, currency, symbol=True),
        limit=format_amount(limit, currency, symbol=True),
        over=format_amount(spent - limit, currency, symbol=True))
