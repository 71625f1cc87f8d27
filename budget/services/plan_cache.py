"""The payoff plans of a day, cached beside the loans' facts: `budget plan` run again the
same day reads them instead of simulating every strategy through the loan engine."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from budget.domain.payoff import Debt, DebtPayoff, PayoffPlan, PayoffStatus, Strategy
from budget.storage import loan_day_cache
from budget.storage.ledger import Ledger

Plans = tuple[list[Debt], list[PayoffPlan]]


def cached_plans(ledger: Ledger, extra: int, as_of: date, order: Sequence[str] | None,
                 compute: Callable[[], Plans]) -> Plans:
    """(debts, plans) for `extra` (minor units) and `order` on `as_of`: from the day's
    cache, else `compute()` and keep it. Plans depend on the loans alone, and any change
    to a loan empties the cache (triggers), so a cached plan is never stale. Debts read
    from the cache carry no replayed loan (`run` is None): they are for showing."""
    key = f"plan:{extra}:{','.join(order or ())}"
    hit = loan_day_cache.read(ledger, as_of, [key]).get(key)
    if isinstance(hit, dict):
        return _decode(hit)
    debts, plans = compute()
    loan_day_cache.write(ledger, as_of, {key: _encode(debts, plans)})
    return debts, plans


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _encode(debts: Sequence[Debt], plans: Sequence[PayoffPlan]) -> dict:
    return {
        "debts": [[debt.name, debt.balance, str(debt.apr), debt.minimum] for debt in debts],
        "plans": [{
            "strategy": str(plan.strategy), "order": list(plan.order),
            "monthly_payment": plan.monthly_payment, "status": str(plan.status),
            "debts": [[item.name, item.months, _day(item.paid_off), item.interest,
                       item.penalty] for item in plan.debts],
            "total_interest": plan.total_interest, "months": plan.months,
            "debt_free": _day(plan.debt_free), "series": [list(point) for point in plan.series],
            "total_penalty": plan.total_penalty} for plan in plans]}


def _decode(value: dict) -> Plans:
    debts = [Debt(name, balance, Decimal(apr), minimum, None)  # type: ignore[arg-type]
             for name, balance, apr, minimum in value["debts"]]
    plans = [PayoffPlan(
        strategy=Strategy(plan["strategy"]), order=tuple(plan["order"]),
        monthly_payment=plan["monthly_payment"], status=PayoffStatus(plan["status"]),
        debts=tuple(DebtPayoff(name, months, _date(paid_off), interest, penalty)
                    for name, months, paid_off, interest, penalty in plan["debts"]),
        total_interest=plan["total_interest"], months=plan["months"],
        debt_free=_date(plan["debt_free"]),
        series=tuple((label, owed) for label, owed in plan["series"]),
        total_penalty=plan["total_penalty"]) for plan in value["plans"]]
    return debts, plans
