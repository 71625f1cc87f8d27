"""The emergency reserve: settings, progress from the ledger, top-ups and withdrawals."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from budget.domain.dates import add_months, month_bounds, month_label
from budget.domain.ledger import Account, Transaction
from budget.domain.reserve import (
    ReserveError,
    ReserveProgress,
    ReserveSettings,
    projection_series,
    reserve_progress,
)
from budget.domain.text import TextError, check_line
from budget.i18n import _
from budget.storage.ledger import Ledger
from budget.storage.reports import account_start_month, active_months

SETTINGS_KEY = "reserve.settings"
HISTORY_MONTHS = 24


@dataclass(frozen=True)
class ReserveView:
    """Everything the Reserve screen, the dashboard bar and `budget fund` show."""

    settings: ReserveSettings
    progress: ReserveProgress
    accounts: tuple[Account, ...]
    months: tuple[str, ...]
    """Month labels of the balance history, oldest first."""
    balances: tuple[int, ...]
    """Reserve balance at the end of each month in `months`."""
    essential: tuple[int, ...]
    """Essential spending (positive) in each month of `months`."""
    projection: tuple[tuple[str, int], ...]
    currency: str = "CNY"


def load_settings(ledger: Ledger) -> ReserveSettings:
    """Saved settings, validated by pydantic against the domain dataclass; defaults if none."""
    text = ledger.setting(SETTINGS_KEY)
    if text is None:
        return ReserveSettings()
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(ReserveSettings).validate_json(text)
    except (ValidationError, ReserveError) as error:
        raise ReserveError(_("the saved reserve settings are unreadable ({error}); set them "
                             "again with `budget fund set`").format(error=error)) from error


def save_settings(ledger: Ledger, settings: ReserveSettings) -> None:
    from pydantic import TypeAdapter

    ledger.set_setting(SETTINGS_KEY, TypeAdapter(ReserveSettings).dump_json(settings).decode())


def update_settings(ledger: Ledger, **changes) -> ReserveSettings:
    """Change some settings; the domain dataclass checks the result before it is saved."""
    settings = replace(load_settings(ledger), **changes)
    save_settings(ledger, settings)
    return settings


def reserve_accounts(ledger: Ledger, as_of: date | None = None) -> list[Account]:
    """The open reserve accounts, each with its balance on `as_of` (every row without)."""
    return [account for account in ledger.accounts(as_of=as_of) if account.reserve]


def month_end_balances(ledger: Ledger, accounts: list[Account], months: list[str],
                       as_of: date | None = None) -> list[int]:
    """Reserve balance at the end of each month (``YYYY-MM``, oldest first); in `as_of`'s
    month, its balance on `as_of` (rows dated after it are not there yet).

    Worked back from the balance the triggers keep, less each later month's sum (one row
    per account and month, also kept by triggers), so nothing is read row by row however
    long the history. Before the month an account's history begins it held nothing, so a
    savings account added today does not look as if it held its money two years ago.
    """
    from budget.storage.balances import month_totals_after

    totals = [0] * len(months)
    if not months:
        return totals
    every_row = {account.id: account.balance
                 for account in ledger.accounts(include_archived=True)}
    on_day = ({account.id: account.balance
               for account in ledger.accounts(include_archived=True, as_of=as_of)}
              if as_of is not None else every_row)
    current = month_label(as_of.year, as_of.month) if as_of is not None else None
    later = month_totals_after(ledger, [account.id for account in accounts], months[0])
    for account in accounts:
        start = account_start_month(ledger, account.id)
        for position, label in enumerate(months):
            if label < start:
                continue
            if label == current:
                totals[position] += on_day[account.id]
                continue
            totals[position] += every_row[account.id] - sum(
                total for (owner, month), total in later.items()
                if owner == account.id and month > label)
    return totals


def essential_by_month(ledger: Ledger, start: date, end: date) -> dict[str, dict[str, int]]:
    """Spending (positive) per essential category per month."""
    essential = {category.name for category in ledger.categories(include_archived=True)
                 if category.essential}
    result: dict[str, dict[str, int]] = {}
    for month, categories in ledger.monthly_totals_by_category(start, end).items():
        spent = {name: -total for name, total in categories.items()
                 if name in essential and total < 0}
        if spent:
            result[month] = spent
    return result


def reserve_view(ledger: Ledger, as_of: date, *, max_loan_apr: Decimal | None = None,
                 history_months: int = HISTORY_MONTHS) -> ReserveView:
    """Read the ledger once and compute the reserve's progress and chart series."""
    settings = load_settings(ledger)
    accounts = reserve_accounts(ledger, as_of)
    months = [month_label(*add_months(as_of.year, as_of.month, -back))
              for back in range(history_months - 1, -1, -1)]
    first = month_bounds(*add_months(as_of.year, as_of.month, -(history_months - 1)))[0]
    balances = month_end_balances(ledger, accounts, months, as_of)
    essential = essential_by_month(ledger, first, as_of)
    progress = reserve_progress(
        settings, list(zip(months, balances, strict=True)), essential, as_of,
        max_loan_apr=max_loan_apr,
        active_months=active_months(ledger, first, as_of))
    projection = projection_series(progress.balance, progress.avg_monthly_contribution,
                                   progress.target, as_of)
    currency = accounts[0].currency if accounts else "CNY"
    return ReserveView(settings=settings, progress=progress, accounts=tuple(accounts),
                       months=tuple(months), balances=tuple(balances),
                       essential=tuple(sum(essential.get(m, {}).values()) for m in months),
                       projection=tuple(projection), currency=currency)


def top_up(ledger: Ledger, *, amount: int, source: Account, reserve: Account, on: date,
           note: str = "") -> tuple[Transaction, Transaction]:
    """Move money into a reserve account."""
    if not reserve.reserve:
        raise ReserveError(_("{name} is not a reserve account").format(name=reserve.name))
    return ledger.add_transfer(on=on, amount=amount, from_account_id=source.id,
                               to_account_id=reserve.id, note=note or _("Reserve top-up"))


def withdraw(ledger: Ledger, *, amount: int, reserve: Account, target: Account, on: date,
             reason: str) -> tuple[Transaction, Transaction]:
    """Take money out of the reserve for an emergency; the reason is kept on the record."""
    if not reserve.reserve:
        raise ReserveError(_("{name} is not a reserve account").format(name=reserve.name))
    if not reason.strip():
        raise ReserveError(_("say what the emergency is: a withdrawal keeps its reason"))
    try:
        reason = check_line(reason, "reason")
    except TextError as error:
        raise ReserveError(str(error)) from error
    return ledger.add_transfer(on=on, amount=amount, from_account_id=reserve.id,
                               to_account_id=target.id,
                               note=_("Emergency withdrawal: {reason}").format(
                                   reason=reason.strip()))
