"""Light evidence queries for the message check: loans, official numbers, a day's calls."""

from __future__ import annotations

import json
from datetime import date
from typing import NamedTuple

from budget.storage.ledger import Ledger


class LoanRef(NamedTuple):
    """What evidence needs of a loan: its id, name, lender and own official numbers."""

    id: int
    name: str
    lender: str
    phones: tuple[str, ...]


def loan_refs(ledger: Ledger) -> list[LoanRef]:
    rows = ledger._query("SELECT id, name, lender, phones FROM loans ORDER BY id")
    return [LoanRef(row[0], row[1], row[2], tuple(json.loads(row[3]))) for row in rows]


def official_numbers(ledger: Ledger, loan: LoanRef) -> list[str]:
    """The loan's own numbers, then those the user keeps for its lender or its name."""
    kept = [row[0] for row in ledger._query(
        "SELECT number FROM lender_numbers WHERE lender = ? OR lender = ? ORDER BY id",
        [loan.lender or loan.name, loan.name])]
    return list(dict.fromkeys([*loan.phones, *kept]))


def lender_numbers(ledger: Ledger) -> list[tuple[str, str, str]]:
    """(lender, number, note) for every number the user keeps."""
    return [tuple(row) for row in ledger._query(
        "SELECT lender, number, note FROM lender_numbers ORDER BY lender, id")]


def day_calls(ledger: Ledger, loan_id: int, day: date,
              replacing: int | None = None) -> tuple[int, int]:
    """(answered, unanswered) calls recorded for a loan on `day`, leaving out entries a
    correction replaced and the one `replacing` is about to replace."""
    # Stored times are YYYY-MM-DDTHH:MM, so the day's all sort between day and day + "U".
    answered, unanswered = ledger._query(
        "SELECT coalesce(sum(answered), 0), coalesce(sum(1 - answered), 0) FROM evidence "
        "WHERE loan_id = ? AND channel = 'call' AND at >= ? AND at < ? AND id IS NOT ? "
        "AND id NOT IN (SELECT corrects FROM evidence WHERE loan_id = ? "
        "AND corrects IS NOT NULL)",
        [loan_id, day.isoformat(), day.isoformat() + "U", replacing, loan_id])[0]
    return answered, unanswered


def calls_per_day(ledger: Ledger, loan_id: int) -> dict[date, tuple[int, int]]:
    """(answered, unanswered) calls of a loan for each day with any, corrections applied."""
    rows = ledger._query(
        "SELECT substr(at, 1, 10), sum(answered), sum(1 - answered) FROM evidence "
        "WHERE loan_id = ? AND channel = 'call' AND id NOT IN (SELECT corrects FROM evidence "
        "WHERE loan_id = ? AND corrects IS NOT NULL) GROUP BY substr(at, 1, 10)",
        [loan_id, loan_id])
    return {date.fromisoformat(day): (answered, unanswered)
            for day, answered, unanswered in rows}
