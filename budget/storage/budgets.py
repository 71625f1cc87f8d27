"""Monthly category budgets: all their SQL, and the spending they are measured against."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from budget.domain.budgets import CategoryBudget
from budget.domain.text import clean_line
from budget.storage.ledger import Ledger


@dataclass(frozen=True)
class StoredBudget:
    """One category's budget for one month, with the category it belongs to."""

    month: str
    category_id: int
    budget: CategoryBudget


class BudgetBook:
    """All SQL for budgets; writes share the Ledger's transactions and lock."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def budgets(self, month: str) -> list[StoredBudget]:
        """The month's budgets, in the order categories are listed everywhere else."""
        rows = self.ledger._query(
            "SELECT b.month, b.category_id, c.name, b.amount, b.rollover, b.carried "
            "FROM budgets b JOIN categories c ON c.id = b.category_id "
            "WHERE b.month = ? ORDER BY c.name", [month])
        return [_stored(row) for row in rows]

    def budget(self, month: str, category_id: int) -> StoredBudget | None:
        rows = self.ledger._query(
            "SELECT b.month, b.category_id, c.name, b.amount, b.rollover, b.carried "
            "FROM budgets b JOIN categories c ON c.id = b.category_id "
            "WHERE b.month = ? AND b.category_id = ?", [month, category_id])
        return _stored(rows[0]) if rows else None

    def save(self, month: str, rows: Iterable[tuple[int, CategoryBudget]]) -> int:
        """Insert or replace (category id, budget) rows of a month, all in one transaction."""
        values = [(month, category_id, budget.limit, int(budget.rollover), budget.carried)
                  for category_id, budget in rows]
        with self.ledger.atomic() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO budgets (month, category_id, amount, rollover, carried) "
                "VALUES (?, ?, ?, ?, ?)", values)
        return len(values)

    def earlier(self, category_ids: Iterable[int],
                before: str) -> dict[int, list[tuple[str, int, bool]]]:
        """Each category's budgets before `before` (``YYYY-MM``), newest first, as
        (month, limit, rollover): the source months of a rolled-over carry."""
        ids = list(category_ids)
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        result: dict[int, list[tuple[str, int, bool]]] = {}
        for category_id, month, amount, rollover in self.ledger._query(
                f"SELECT category_id, month, amount, rollover FROM budgets "
                f"WHERE category_id IN ({marks}) AND month < ? ORDER BY month DESC",
                [*ids, before]):
            result.setdefault(category_id, []).append((month, amount, bool(rollover)))
        return result

    def delete(self, month: str, category_id: int) -> bool:
        with self.ledger.atomic() as conn:
            cursor = conn.execute("DELETE FROM budgets WHERE month = ? AND category_id = ?",
                                  [month, category_id])
        return cursor.rowcount > 0

    def spent(self, category_id: int, start: date, end: date) -> int:
        """Positive spending in one category over a date range (refunds lower it)."""
        from budget.storage.months import category_sums

        # Whole months come from category_months, so `budget add` stays fast however long
        # the history.
        return -category_sums(self.ledger, start, end).get(category_id, 0)


def _stored(row: tuple) -> StoredBudget:
    month, category_id, name, amount, rollover, carried = row
    return StoredBudget(month=month, category_id=category_id,
                        budget=CategoryBudget(clean_line(name), amount, bool(rollover), carried))
