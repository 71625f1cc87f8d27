"""Monthly budgets from the ledger: set a limit, copy last month's, budget versus actual."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from budget.domain.budgets import (
    BudgetError,
    BudgetRow,
    CategoryBudget,
    budget_vs_actual,
    carried_into,
    next_month_budgets,
    overspend_warning,
    unbudgeted_spending,
)
from budget.domain.dates import (
    DateError,
    add_months,
    month_bounds,
    month_label,
    month_parts,
    parse_month,
)
from budget.domain.ledger import Category, CategoryKind, Transaction
from budget.domain.money import AmountError, parse_amount
from budget.i18n import _, listing
from budget.services.ledger import EntryError, match_name
from budget.storage.budgets import BudgetBook, StoredBudget
from budget.storage.ledger import Ledger


@dataclass(frozen=True)
class CopyResult:
    """What `copy_last_month` did: the budgets it added and the categories it left alone."""

    source: str
    month: str
    copied: tuple[CategoryBudget, ...]
    kept: tuple[str, ...]
    """Categories that already had a budget in `month`; theirs was not replaced."""


def home_currency(ledger: Ledger) -> str:
    """The currency figures are shown in: the first open account's, CNY without one."""
    accounts = ledger.accounts()
    return accounts[0].currency if accounts else "CNY"


def read_month(text: str | None, today: date) -> str:
    """A ``YYYY-MM`` option, or this month when none is given."""
    if not text:
        return month_label(today.year, today.month)
    try:
        return month_label(*parse_month(text))
    except DateError as error:
        raise EntryError("month", str(error)) from error


def previous_month(month: str) -> str:
    return month_label(*add_months(*month_parts(month), -1))


def month_range(month: str) -> tuple[date, date]:
    """First and last day of a ``YYYY-MM`` month (a label budget made: not range-checked,
    so the month before 1970-01 can still be looked at for a rollover)."""
    return month_bounds(*month_parts(month))


def expense_category(ledger: Ledger, text: str) -> Category:
    """The expense category `text` names; income categories cannot have a budget."""
    category = match_name(ledger.categories(), text, "category", "category")
    if category.kind is not CategoryKind.EXPENSE:
        names = listing(c.name for c in ledger.categories() if c.kind is CategoryKind.EXPENSE)
        raise EntryError("category", _("{name} is an income category; budgets are limits on "
                                       "spending, for expense categories: {names}").format(
            name=category.name, names=names))
    return category


def spending_by_category(ledger: Ledger, month: str) -> dict[str, int]:
    """Positive spending per expense category in a month (negative when refunds exceeded it)."""
    start, end = month_range(month)
    return {category.name: -total for category, total in ledger.totals_by_category(start, end)
            if category.kind is CategoryKind.EXPENSE and total}


def budgets_for(ledger: Ledger, month: str) -> list[CategoryBudget]:
    """The month's budgets, each rolled-over carry worked out from its source months."""
    return [stored.budget for stored in live_budgets(ledger, month)]


def live_budgets(ledger: Ledger, month: str,
                 stored: list[StoredBudget] | None = None) -> list[StoredBudget]:
    """`stored` (default: all of `month`'s) with each carry recomputed from the months it
    comes from, so an entry added to an earlier month moves what later months carry."""
    book = BudgetBook(ledger)
    stored = book.budgets(month) if stored is None else stored
    rolled = [item for item in stored if item.budget.rollover]
    chains = book.earlier((item.category_id for item in rolled), month)
    result = []
    for item in stored:
        carried = _carry_chain(ledger, month, chains.get(item.category_id, []),
                               item.category_id) if item.budget.rollover else 0
        result.append(replace(item, budget=replace(item.budget, carried=carried)))
    return result


def _carry_chain(ledger: Ledger, month: str, earlier: list[tuple[str, int, bool]],
                 category_id: int) -> int:
    """What rolls into `month` from the unbroken run of budgets just before it."""
    run = []
    expected = previous_month(month)
    for source, limit, rollover in earlier:  # newest first
        if source != expected:
            break  # a month without a budget carries nothing on
        run.append((source, limit, rollover))
        if not rollover:
            break
        expected = previous_month(source)
    if not run:
        return 0
    run.reverse()
    spent = _spent_by_month(ledger, category_id, run[0][0], run[-1][0])
    return carried_into([(limit, rollover, spent.get(source, 0))
                         for source, limit, rollover in run])


def _spent_by_month(ledger: Ledger, category_id: int, first: str, last: str) -> dict[str, int]:
    from budget.storage.months import category_month_sums

    sums = category_month_sums(ledger, month_range(first)[0], month_range(last)[1])
    return {month: -total for (month, category), total in sums.items()
            if category == category_id}


def budget_rows_for(ledger: Ledger, month: str) -> list[BudgetRow]:
    """Budget versus actual for every budgeted category of a month."""
    return budget_vs_actual(budgets_for(ledger, month), spending_by_category(ledger, month))


def unbudgeted_for(ledger: Ledger, month: str) -> dict[str, int]:
    """Spending in categories without a budget this month, so a screen can offer one."""
    return unbudgeted_spending(budgets_for(ledger, month), spending_by_category(ledger, month))


def set_budget(ledger: Ledger, category: str, amount: str, month: str, *,
               rollover: bool = False) -> CategoryBudget:
    """Set (or replace) a category's limit for a month.

    With rollover, what was left of last month's budget (when it rolled over too) is
    carried in now, so setting the same budget again picks up late entries of last month.
    """
    target = expense_category(ledger, category)
    currency = home_currency(ledger)
    try:
        limit = parse_amount(amount, currency)
    except AmountError as error:
        raise EntryError("amount", str(error)) from error
    if limit < 0:
        raise EntryError("amount", _("a budget limit must be 0 or more, e.g. 1500"))
    book = BudgetBook(ledger)
    carried = 0
    if rollover:
        chain = book.earlier([target.id], month).get(target.id, [])
        carried = _carry_chain(ledger, month, chain, target.id)
    try:
        budget = CategoryBudget(target.name, limit, rollover, carried)
    except BudgetError as error:
        raise EntryError("amount", str(error)) from error
    book.save(month, [(target.id, budget)])
    return budget


def copy_last_month(ledger: Ledger, month: str) -> CopyResult:
    """Copy the previous month's budgets into `month`, carrying what was left where rolled over.

    Categories that already have a budget in `month` keep it; archived categories are
    not copied.
    """
    source = previous_month(month)
    book = BudgetBook(ledger)
    open_ids = {category.id for category in ledger.categories()}
    last = [stored for stored in live_budgets(ledger, source)
            if stored.category_id in open_ids]
    if not last:
        raise EntryError("month", _("{source} has no budgets to copy: set one with `budget "
                                    "budget set CATEGORY AMOUNT --month {month}`").format(
            source=source, month=month))
    existing = {stored.category_id for stored in book.budgets(month)}
    spent = spending_by_category(ledger, source)
    copies = next_month_budgets([stored.budget for stored in last], spent)
    rows = [(stored.category_id, copy) for stored, copy in zip(last, copies, strict=True)
            if stored.category_id not in existing]
    book.save(month, rows)
    return CopyResult(source=source, month=month, copied=tuple(copy for _id, copy in rows),
                      kept=tuple(stored.budget.category for stored in last
                                 if stored.category_id in existing))


def overspend_warning_for(ledger: Ledger, transaction: Transaction) -> str | None:
    """The warning to show after saving `transaction` when its category is over budget.

    Two indexed lookups, so `budget add` stays within its time budget on a large ledger.
    """
    if transaction.is_transfer or transaction.category_id is None or transaction.amount >= 0:
        return None
    month = month_label(transaction.date.year, transaction.date.month)
    book = BudgetBook(ledger)
    stored = book.budget(month, transaction.category_id)
    if stored is None:
        return None
    stored = live_budgets(ledger, month, [stored])[0]
    amount = -transaction.amount
    spent = book.spent(transaction.category_id, *month_range(month))
    return overspend_warning(stored.budget.category, stored.budget.available, spent - amount,
                             amount, transaction.currency)
