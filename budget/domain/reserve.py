"""The emergency reserve: target, essential-spending baseline, progress, milestones and pace."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from budget.domain.dates import add_months, month_bounds, month_label, month_parts, on_day
from budget.i18n import _

MIN_MONTHS, MAX_MONTHS = 1, 24
CONTRIBUTION_MONTHS = 3
PROJECTION_HORIZON = 24
SOURCE_HISTORY, SOURCE_MANUAL, SOURCE_NONE = "history", "manual", "none"
_TENTH = Decimal("0.1")


class ReserveError(ValueError):
    """Raised when reserve settings or a requested date cannot be used."""


@dataclass(frozen=True)
class ReserveSettings:
    """What the user wants from the emergency reserve; amounts in minor units."""

    months: int = 6
    """Target as months of essential spending, used unless `fixed_amount` is set."""
    fixed_amount: int | None = None
    """A fixed target amount that overrides `months`."""
    starter: int | None = None
    """Starter milestone; None means one month of essential spending."""
    window_months: int = 6
    """How many full months before today the essential-spending baseline looks at."""
    manual_baseline: int | None = None
    """Monthly essential spending the user entered, used when there is no history."""
    high_apr_threshold: Decimal = Decimal("0.10")
    """A loan above this APR makes the starter milestone the first goal."""

    def __post_init__(self) -> None:
        _check_count(self.months, _("Months of essential spending"))
        _check_count(self.window_months, _("Months of history for the baseline"))
        _check_amount(self.fixed_amount, _("Fixed target"), allow_zero=False)
        _check_amount(self.starter, _("Starter amount"), allow_zero=False)
        _check_amount(self.manual_baseline, _("Monthly essential spending"), allow_zero=True)
        threshold = self.high_apr_threshold
        if not isinstance(threshold, Decimal) or not Decimal(0) <= threshold <= Decimal(1):
            raise ReserveError(_("High-interest threshold must be a rate between 0 and 1, "
                                 "e.g. 0.10 for 10%; got {value!r}").format(value=threshold))


def _check_count(value: object, label: str) -> None:
    # bool is an int subclass; True months is a bug, not a setting.
    if isinstance(value, bool) or not isinstance(value, int) or not (
            MIN_MONTHS <= value <= MAX_MONTHS):
        raise ReserveError(_("{label} must be a whole number from {low} to {high}; got {value!r}")
                           .format(label=label, low=MIN_MONTHS, high=MAX_MONTHS, value=value))


def _check_amount(value: object, label: str, *, allow_zero: bool) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReserveError(_("{label} must be a whole number of minor units (fen); got {value!r}")
                           .format(label=label, value=value))
    if value < 0 or (value == 0 and not allow_zero):
        raise ReserveError(_("{label} must be more than zero; got {value}")
                           .format(label=label, value=value))


@dataclass(frozen=True)
class Baseline:
    """Typical monthly essential spending and where the figure came from."""

    monthly: int
    source: str
    """"history", "manual", or "none" when there is neither history nor a figure entered."""
    months_used: tuple[str, ...] = ()
    by_category: Mapping[str, int] = field(default_factory=dict)
    """Median per category; medians do not add up, so neither need these to `monthly`."""

    @property
    def known(self) -> bool:
        """True when there is a positive figure to measure the reserve against."""
        return self.source != SOURCE_NONE and self.monthly > 0


def essential_baseline(monthly_by_category: Mapping[str, Mapping[str, int]], as_of: date,
                       window: int = 6, manual: int | None = None,
                       active_months: Collection[str] = ()) -> Baseline:
    """Median monthly essential spending over the `window` full months before `as_of`.

    A month counts when it has essential spending or appears in `active_months` (the
    user recorded anything that month); other months are before the history began or
    unused, and counting them as zero would understate the need.
    """
    _check_count(window, _("Months of history for the baseline"))
    counted = [label for label in _window(as_of, window)
               if label in monthly_by_category or label in active_months]
    if not counted:
        if manual is not None:
            _check_amount(manual, _("Monthly essential spending"), allow_zero=True)
            return Baseline(manual, SOURCE_MANUAL)
        return Baseline(0, SOURCE_NONE)
    spending = [monthly_by_category.get(label, {}) for label in counted]
    categories = sorted({name for month in spending for name in month})
    by_category = {name: _median([month.get(name, 0) for month in spending])
                   for name in categories}
    total = _median([sum(month.values()) for month in spending])
    return Baseline(total, SOURCE_HISTORY, tuple(counted), by_category)


def _window(as_of: date, window: int) -> list[str]:
    """Labels of the `window` full months before `as_of`'s month, oldest first."""
    return [month_label(*add_months(as_of.year, as_of.month, -back))
            for back in range(window, 0, -1)]


def _median(values: list[int]) -> int:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return _to_int((Decimal(ordered[middle - 1]) + ordered[middle]) / 2)


def _to_int(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def reserve_target(settings: ReserveSettings, baseline: Baseline) -> int | None:
    """The amount to aim for, or None when it depends on a baseline there is not yet."""
    if settings.fixed_amount is not None:
        return settings.fixed_amount
    return settings.months * baseline.monthly if baseline.known else None


def starter_amount(settings: ReserveSettings, baseline: Baseline) -> int | None:
    """The starter milestone: the user's figure, else one month of essential spending."""
    if settings.starter is not None:
        return settings.starter
    return baseline.monthly if baseline.known else None


@dataclass(frozen=True)
class Milestone:
    """A step on the way to the target and the month-end it was first reached."""

    name: str
    amount: int
    reached_on: date | None


@dataclass(frozen=True)
class ReserveProgress:
    """Where the emergency reserve stands on `as_of` and where it is heading."""

    target: int | None
    balance: int
    percent: Decimal | None
    """Of the target, rounded down to 0.1 so 100 means really reached."""
    coverage_months: Decimal | None
    """Months of essential spending the balance covers, rounded down to 0.1."""
    baseline: Baseline
    avg_monthly_contribution: int
    """Net change of the balance per month over the last full months, withdrawals included."""
    projected_date: date | None
    """When the target is reached at that pace; None when it will not be."""
    milestones: tuple[Milestone, ...]
    suggest_starter_first: bool
    """High-interest debt is outstanding and the starter milestone is not yet reached."""

    @property
    def reached(self) -> bool:
        """True once the balance is at or above a known target."""
        return self.target is not None and self.balance >= self.target


def reserve_progress(settings: ReserveSettings, balances_by_month: Sequence[tuple[str, int]],
                     essential_by_month: Mapping[str, Mapping[str, int]], as_of: date,
                     max_loan_apr: Decimal | None = None,
                     active_months: Collection[str] = ()) -> ReserveProgress:
    """Everything the reserve screen shows, from month-end balances and essential spending."""
    baseline = essential_baseline(essential_by_month, as_of, settings.window_months,
                                  settings.manual_baseline, active_months)
    series = _month_end_series(balances_by_month, as_of)
    balance = _balance_at(series, as_of.year, as_of.month)
    target = reserve_target(settings, baseline)
    pace = _average_contribution(series, as_of)
    starter = starter_amount(settings, baseline)
    high_interest = max_loan_apr is not None and max_loan_apr > settings.high_apr_threshold
    return ReserveProgress(
        target=target,
        balance=balance,
        percent=_ratio(balance * 100, target),
        coverage_months=_ratio(balance, baseline.monthly if baseline.known else None),
        baseline=baseline,
        avg_monthly_contribution=pace,
        projected_date=projected_date(target, balance, pace, as_of),
        milestones=_milestones(series, as_of, target, starter, baseline),
        suggest_starter_first=high_interest and starter is not None and balance < starter,
    )


def _ratio(numerator: int, denominator: int | None) -> Decimal | None:
    if not denominator or denominator <= 0:
        return None
    return (Decimal(numerator) / denominator).quantize(_TENTH, rounding=ROUND_DOWN)


def _month_end_series(balances_by_month: Sequence[tuple[str, int]],
                      as_of: date) -> list[tuple[tuple[int, int], int]]:
    """Sorted ``((year, month), balance)`` up to `as_of`'s month; later months are ignored."""
    current = (as_of.year, as_of.month)
    series = sorted((month_parts(label), amount) for label, amount in balances_by_month)
    return [(month, amount) for month, amount in series if month <= current]


def _balance_at(series: list[tuple[tuple[int, int], int]], year: int, month: int) -> int:
    """Balance at the end of a month: the latest entry on or before it, 0 before any."""
    balance = 0
    for entry_month, amount in series:
        if entry_month > (year, month):
            break
        balance = amount
    return balance


def _average_contribution(series: list[tuple[tuple[int, int], int]], as_of: date,
                         months: int = CONTRIBUTION_MONTHS) -> int:
    """Average net monthly change over the last `months` full months before `as_of`."""
    end = add_months(as_of.year, as_of.month, -1)
    start = add_months(as_of.year, as_of.month, -1 - months)
    change = _balance_at(series, *end) - _balance_at(series, *start)
    return _to_int(Decimal(change) / months)


def projected_date(target: int | None, balance: int, pace: int, as_of: date) -> date | None:
    """The day the target is reached at `pace` a month; `as_of` if it already is."""
    if target is None:
        return None
    if balance >= target:
        return as_of
    if pace <= 0:
        return None
    months = -(-(target - balance) // pace)
    return on_day(*add_months(as_of.year, as_of.month, months), as_of.day)


def _milestones(series: list[tuple[tuple[int, int], int]], as_of: date, target: int | None,
               starter: int | None, baseline: Baseline) -> tuple[Milestone, ...]:
    """Starter, 1, 3 and 6 months and the target, one per amount, smallest first."""
    # Earlier entries win a tie, so "target" and "starter" keep their names when they
    # equal a month count.
    candidates = [(_("target"), target), (_("starter"), starter)]
    if baseline.known:
        candidates += [(_("1 month"), baseline.monthly), (_("3 months"), 3 * baseline.monthly),
                       (_("6 months"), 6 * baseline.monthly)]
    chosen: dict[int, str] = {}
    for name, amount in candidates:
        # Steps beyond the target are not on the way to it.
        if amount is None or amount <= 0 or (target is not None and amount > target):
            continue
        chosen.setdefault(amount, name)
    return tuple(Milestone(name, amount, _first_reached(series, amount, as_of))
                 for amount, name in sorted(chosen.items()))


def _first_reached(series: list[tuple[tuple[int, int], int]], amount: int,
                   as_of: date) -> date | None:
    for (year, month), balance in series:
        if balance >= amount:
            # The current month has not ended; today is when it was seen reached.
            return min(month_bounds(year, month)[1], as_of)
    return None


def needed_per_month(target: int, balance: int, by_date: date, as_of: date) -> int:
    """Monthly amount that reaches `target` by `by_date`, rounded up to the minor unit."""
    remaining = target - balance
    if remaining <= 0:
        return 0
    if by_date <= as_of:
        raise ReserveError(_("Pick a date after {today} to reach the target by; got {date}")
                           .format(today=as_of.isoformat(), date=by_date.isoformat()))
    return -(-remaining // _months_until(as_of, by_date))


def _months_until(as_of: date, by_date: date) -> int:
    """Whole months from `as_of` to `by_date`, at least one: a date this month means now."""
    months = (by_date.year - as_of.year) * 12 + by_date.month - as_of.month
    if by_date < on_day(*add_months(as_of.year, as_of.month, months), as_of.day):
        months -= 1
    return max(months, 1)


def projection_series(balance: int, pace: int, target: int | None, as_of: date,
                      horizon: int = PROJECTION_HORIZON) -> list[tuple[str, int]]:
    """Month labels and balances at `pace`, from this month until the target or `horizon`.

    Starts with this month's balance so a chart can join it to the history; empty when
    the target is already reached. A falling balance stops at zero.
    """
    if target is not None and balance >= target:
        return []
    points = [(month_label(as_of.year, as_of.month), balance)]
    for ahead in range(1, horizon + 1):
        projected = max(balance + pace * ahead, 0)
        points.append((month_label(*add_months(as_of.year, as_of.month, ahead)), projected))
        if target is not None and projected >= target:
            break
    return points


def coverage_sentence(progress: ReserveProgress) -> str:
    """``covers 2.3 months of essential spending``, or why coverage is unknown."""
    if progress.coverage_months is None:
        return _("enter your monthly essential spending or mark essential categories "
                 "to see how many months the reserve covers")
    return _("covers {months} months of essential spending").format(
        months=progress.coverage_months)
