"""A card payment seen twice, in a wallet export and on the bank statement, is booked once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from budget.domain.imports.plan import ImportPlan, Outcome
from budget.i18n import _

MATCH_WINDOW_DAYS = 2
"""A card payment reaches the bank statement on the day or a day or two later."""


@dataclass(frozen=True)
class Candidate:
    """A ledger row from an earlier import of the other kind (wallet or bank) to match.

    `amount` is signed minor units in `account_id`; `card` the last digits the row was
    paid with ('' when unknown).
    """

    transaction_id: int
    account_id: int
    on: date
    amount: int
    card: str = ""


def match_card_payments(plan: ImportPlan, candidates: list[Candidate]) -> int:
    """Mark new rows that an earlier import already booked; return how many.

    A match needs the same signed amount, dates at most MATCH_WINDOW_DAYS apart, and the
    same account or the same card digits on both sides (a wallet row paid with a card no
    account was known for went to the wallet's account); when both sides show card digits
    they must agree. The closest date wins; each earlier row matches once.
    """
    by_amount: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_amount[candidate.amount].append(candidate)
    used: set[int] = set()
    wallet = plan.statement.wallet
    matched = 0
    for planned in plan.rows:
        if planned.outcome is not Outcome.NEW:
            continue
        for leg, (account_id, amount) in enumerate(planned.legs()):
            options = [c for c in by_amount.get(amount, ())
                       if c.transaction_id not in used
                       and (c.account_id == account_id or (planned.card and
                                                           c.card == planned.card))
                       and abs((c.on - planned.row.on).days) <= MATCH_WINDOW_DAYS
                       and not (planned.card and c.card and planned.card != c.card)]
            if not options:
                continue
            best = min(options, key=lambda c: (abs((c.on - planned.row.on).days),
                                               c.transaction_id))
            used.add(best.transaction_id)
            planned.outcome, planned.match, planned.match_leg = Outcome.MATCHED, \
                best.transaction_id, leg
            planned.reason = (_("the same card payment is on the bank statement (#{id}): "
                                "booked once, with this payee and category")
                              if wallet else
                              _("the same card payment was imported from a wallet export "
                                "(#{id}): booked once")).format(id=best.transaction_id)
            if best.account_id != account_id and not wallet:
                # Found by the card alone: say which, as the row moves to this account.
                planned.reason = _(
                    "paid with card {card} on {date}, already imported from a wallet export "
                    "(#{id}) into another account: booked once, moved to this card's "
                    "account").format(card=planned.card, date=planned.row.on.isoformat(),
                                      id=best.transaction_id)
            matched += 1
            break
    return matched
