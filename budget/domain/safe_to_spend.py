"""Safe to spend today: spendable money less what is due before the next income, per day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from budget.domain.dates import add_months, month_bounds, on_day
from budget.domain.ledger import Account, AccountKind
from budget.domain.money import format_amount
from budget.domain.words import days_text
from budget.i18n import _, listing

ONE_DAY = timedelta(days=1)
NO_INCOME_LOOKAHEAD = timedelta(days=7)
"""Without a known income, what falls due this long ahead is kept back even past the end
of the month: on the 31st, rent due on the 1st is still paid from today's money."""


class SafeToSpendError(ValueError):
    """Raised when the inputs of safe-to-spend cannot be used."""


@dataclass(frozen=True)
class Obligation:
    """A bill or a loan installment still unpaid, in positive minor units."""

    name: str
    due_date: date
    amount: int

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise SafeToSpendError(_("The amount due for {name} cannot be negative").format(
                name=self.name))


@dataclass(frozen=True)
class SafeToSpend:
    """Every term of the safe-to-spend figure, so the screen can expand it line by line."""

    as_of: date
    until: date
    """The last day the money has to last: the day before the next income, or month's end."""
    income_date: date | None
    """The next income, or None when there is no recurring income (then: month's end)."""
    accounts: tuple[tuple[str, int], ...]
    """Name and balance of each spending account counted."""
    spendable: int
    obligations: tuple[Obligation, ...]
    """What falls due up to `until`, overdue ones included, earliest first."""
    reserve_contribution: int
    days: int
    """Days from today to `until`, both included."""
    left: int
    """Spendable less obligations and the reserve contribution; negative when short."""
    per_day: int
    """`left` / `days`, rounded down to the minor unit; 0 when short."""
    short_by: int | None
    """How much is missing before the next income; None when nothing is."""
    currency: str = "CNY"
    credit_cards: tuple[str, ...] = ()
    """Credit-card accounts left out of the balance (see `spending_accounts`)."""

    @property
    def obligations_total(self) -> int:
        return sum(obligation.amount for obligation in self.obligations)


def next_payday(as_of: date, pay_day: int) -> date:
    """The next monthly income on `pay_day` strictly after today (a short month: its last day).

    Income due today is taken as already received, so the horizon runs to the next one.
    """
    if not 1 <= pay_day <= 31:
        raise SafeToSpendError(_("The pay day must be 1 to 31; got {day}").format(day=pay_day))
    this_month = on_day(as_of.year, as_of.month, pay_day)
    if this_month > as_of:
        return this_month
    return on_day(*add_months(as_of.year, as_of.month, 1), pay_day)


def obligations_horizon(as_of: date, income_date: date | None) -> date:
    """The last due date that must be paid from the money on hand.

    With an income date: the day before it (what falls due on pay day is paid from the
    pay). Without one no money is known to come, so the end of the month or a week
    ahead, whichever is later: the period ends with the month, but a bill due on the
    1st has to be paid from what is there on the 31st all the same.
    """
    if income_date is not None:
        return income_date - ONE_DAY
    return max(month_bounds(as_of.year, as_of.month)[1], as_of + NO_INCOME_LOOKAHEAD)


def spending_accounts(accounts: Iterable[Account], currency: str = "CNY"
                      ) -> tuple[list[Account], list[Account]]:
    """The accounts whose money counts, and the credit cards left out.

    Counted: open accounts in `currency` that are neither reserve accounts (money kept for
    emergencies is not for spending) nor credit cards. A credit card's available credit is
    borrowed money, not money the user has (domain.md §4), and its debt is not subtracted
    as a whole either: what the card asks for before the next income is its repayment,
    which comes in as an obligation like any bill. An overdrawn bank account counts with
    its negative balance.
    """
    counted, cards = [], []
    for account in accounts:
        if account.archived or account.reserve or account.currency != currency:
            continue
        (cards if account.kind is AccountKind.CREDIT_CARD else counted).append(account)
    return counted, cards


def safe_to_spend(accounts: Iterable[Account], obligations: Iterable[Obligation], as_of: date,
                  income_date: date | None = None, reserve_contribution: int = 0,
                  currency: str = "CNY") -> SafeToSpend:
    """What can be spent each day until the next income without missing a payment.

    `obligations` are the unpaid bills and installments; those due after
    `obligations_horizon` are ignored, overdue ones count (the money is still owed).
    `reserve_contribution` is what the user plans to move to the reserve before the
    horizon. Without an `income_date`
    the money has to last to the end of the month.
    """
    if income_date is not None and income_date <= as_of:
        raise SafeToSpendError(_("The next income date must be after {today}; got {date}")
                               .format(today=as_of.isoformat(), date=income_date.isoformat()))
    if reserve_contribution < 0:
        raise SafeToSpendError(_("The reserve contribution cannot be negative"))
    until = income_date - ONE_DAY if income_date else month_bounds(as_of.year, as_of.month)[1]
    counted, cards = spending_accounts(accounts, currency)
    horizon = obligations_horizon(as_of, income_date)
    due = tuple(sorted((o for o in obligations if o.due_date <= horizon),
                       key=lambda o: (o.due_date, o.name)))
    spendable = sum(account.balance for account in counted)
    left = spendable - sum(o.amount for o in due) - reserve_contribution
    days = (until - as_of).days + 1
    return SafeToSpend(
        as_of=as_of, until=until, income_date=income_date,
        accounts=tuple((account.name, account.balance) for account in counted),
        spendable=spendable, obligations=due, reserve_contribution=reserve_contribution,
        days=days, left=left, per_day=max(left, 0) // days,
        short_by=-left if left < 0 else None, currency=currency,
        credit_cards=tuple(card.name for card in cards))


def headline(result: SafeToSpend) -> str:
    """The one sentence the dashboard shows."""
    if result.short_by is not None:
        amount = _money(result.short_by, result)
        if result.income_date is None:
            return _("You are short by {amount} before the end of the month ({date}).").format(
                amount=amount, date=result.until.isoformat())
        return _("You are short by {amount} before {date}.").format(
            amount=amount, date=result.income_date.isoformat())
    if result.days == 1:
        return _("Safe to spend today: {amount}.").format(amount=_money(result.per_day, result))
    return _("Safe to spend today: {amount} a day for {days}.").format(
        amount=_money(result.per_day, result), days=days_text(result.days))


def explain(result: SafeToSpend) -> list[str]:
    """The sum behind the figure, one line per term, ending with the headline."""
    lines = [_("Spending accounts: {amount}").format(amount=_money(result.spendable, result))]
    lines += [_("  {name}: {amount}").format(name=name, amount=_money(balance, result))
              for name, balance in result.accounts]
    if result.credit_cards:
        lines.append(_("  Not counted: {cards} (credit is borrowed money; card repayments "
                       "count when they fall due)").format(cards=listing(result.credit_cards)))
    lines += [_obligation_line(obligation, result) for obligation in result.obligations]
    if result.reserve_contribution:
        lines.append(_("− To the reserve by {date}: {amount}").format(
            date=result.until.isoformat(), amount=_money(result.reserve_contribution, result)))
    lines.append(_("= {amount} for {days}, {start} to {end}").format(
        amount=_money(result.left, result), days=days_text(result.days),
        start=result.as_of.isoformat(), end=result.until.isoformat()))
    if result.income_date is None:
        lines.append(_("No recurring income: the money has to last until the end of the month."))
    lines.append(headline(result))
    return lines


def _obligation_line(obligation: Obligation, result: SafeToSpend) -> str:
    template = _("− {name}, due {date}: {amount}")
    if obligation.due_date < result.as_of:
        template = _("− {name}, overdue since {date}: {amount}")
    return template.format(name=obligation.name, date=obligation.due_date.isoformat(),
                           amount=_money(obligation.amount, result))


def _money(minor: int, result: SafeToSpend) -> str:
    return format_amount(minor, result.currency, symbol=True)
