"""What each loan is on a day (open, owed, its true cost, its installments' statuses),
replayed once a day and then read from the cache: the review and `budget fund` ask it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from budget.storage import loan_day_cache
from budget.storage.ledger import Ledger


@dataclass(frozen=True)
class LoanFacts:
    """One loan on one day. Amounts in minor units; `apr` 0.18 is 18% a year."""

    closed: bool
    outstanding: int
    """Principal still owed."""
    apr: Decimal
    """The true annual cost of the plan in force (PBOC disclosure)."""
    installments: tuple[tuple[date, str], ...]
    """(due date, status) of every installment in force."""
    archived: bool = False
    name: str = ""


def loan_facts(ledger: Ledger, as_of: date, *, open_on: date,
               include_archived: bool = False) -> dict[int, LoanFacts]:
    """{loan id: facts on `as_of`} for the loans drawn by `as_of` and not settled before
    `open_on`: from the cache, replaying (and caching) the rest.

    Replaying a loan costs milliseconds and importing the engine more; the cache is
    emptied in the same transaction as any write to a loan, its schedule, payments or
    restructures, so it is never stale.
    """
    refs = [ref for ref in loan_day_cache.loan_refs(ledger, open_on=open_on,
                                                     include_archived=include_archived)
            if ref[1] <= as_of]
    cached = {int(key.removeprefix("loan:")): value for key, value in loan_day_cache.read(
        ledger, as_of, (f"loan:{loan_id}" for loan_id, _start, _a in refs)).items()}
    missing = {loan_id for loan_id, _start, _archived in refs if loan_id not in cached}
    fresh = _replay(ledger, as_of, missing, open_on, include_archived) if missing else {}
    loan_day_cache.write(ledger, as_of, {f"loan:{loan_id}": value
                                         for loan_id, value in fresh.items()})
    archived = {loan_id: flag for loan_id, _start, flag in refs}
    return {loan_id: _facts(value, archived[loan_id])
            for loan_id, value in {**cached, **fresh}.items()}


def _replay(ledger: Ledger, as_of: date, missing: set[int], open_on: date,
            include_archived: bool) -> dict[int, dict]:
    from budget.services.loans import loan_apr, loan_state
    from budget.storage.loans import LoanBook

    fresh: dict[int, dict] = {}
    for loan in LoanBook(ledger).loans(include_archived=include_archived, open_on=open_on):
        if loan.id not in missing:
            continue
        state = loan_state(loan, as_of)
        fresh[loan.id] = {
            "name": loan.name, "closed": state.closed, "outstanding": state.outstanding_principal,
            "apr": str(loan_apr(loan)),
            "installments": [[row.due_date.isoformat(), str(row.status)]
                             for row in state.installments]}
    return fresh


def max_open_apr(ledger: Ledger, as_of: date) -> Decimal | None:
    """The highest true annual cost among loans not yet repaid; None without open loans."""
    rates = [facts.apr for facts in loan_facts(ledger, as_of, open_on=as_of).values()
             if not facts.closed]
    return max(rates) if rates else None


def _facts(value: dict, archived: bool) -> LoanFacts:
    return LoanFacts(closed=value["closed"], outstanding=value["outstanding"],
                     archived=archived, name=value.get("name", ""),
                     apr=Decimal(value["apr"]),
                     installments=tuple((date.fromisoformat(due), status)
                                        for due, status in value["installments"]))
