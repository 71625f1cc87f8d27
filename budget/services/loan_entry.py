"""What the loan and payment forms need: typed text read into terms, a preview, a quote."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from budget.domain.dates import DateError, parse_date
from budget.domain.loans import (
    MAX_ANNUAL_RATE,
    MAX_DAILY_RATE,
    MAX_PERIODS,
    MAX_PREPAYMENT_FEE,
    PRESETS,
    Installment,
    LoanError,
    LoanTerms,
    Method,
    Prepayment,
    apr,
    build_schedule,
)
from budget.domain.money import AmountError, format_amount, parse_amount, to_decimal_string
from budget.i18n import N_, _
from budget.services.ledger import read_date
from budget.services.loans import LoanView, allocate, loan_state, read_payment, view
from budget.storage.ledger import Ledger
from budget.storage.loans import LoanBook, StoredLoan

PER_YEAR = "year"
PER_DAY = "day"
MAX_GRACE_DAYS = 60
# What the form fills in besides the preset's terms: the lender's own name and official
# number (domain.md §3: WeBank 95384), only into fields the user left empty.
PRESET_EXTRAS = {
    "weilidai": {"name": "微粒贷", "lender": N_("WeBank"), "phones": "95384"},
    "credit-card": {"name": N_("Credit card"), "lender": "", "phones": ""},
}


def percent_text(rate: Decimal) -> str:
    """A rate fraction as the percent people type: 0.0005 -> "0.05", 0.18 -> "18"."""
    text = format(rate * 100, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def preset_values(preset: str) -> dict[str, str]:
    """Form values for a preset: its terms as text, plus the name and lender suggestions."""
    terms = PRESETS[preset]
    daily = terms.get("daily_rate")
    rate = daily if daily is not None else terms.get("annual_rate", Decimal(0))
    return {
        "method": str(terms["method"]),
        "rate": percent_text(rate),
        "rate_per": PER_DAY if daily is not None else PER_YEAR,
        "periods": str(terms["periods"]),
        "grace_days": str(terms["grace_days"]),
        "penalty_multiplier": str(terms["penalty_multiplier"]),
        "late_fee": format_amount(terms["late_fee"]) if terms["late_fee"] else "",
    }


@dataclass(frozen=True)
class LoanDraft:
    """A new loan read from the form, ready for `create_loan`."""

    name: str
    lender: str
    phones: list[str]
    terms: LoanTerms
    paid_installments: int = 0
    into: str = ""


@dataclass(frozen=True)
class SchedulePreview:
    """The schedule a draft would get, with its true annual cost."""

    schedule: list[Installment]
    apr: Decimal

    @property
    def total_interest(self) -> int:
        return sum(row.interest for row in self.schedule)


def preview(terms: LoanTerms) -> SchedulePreview:
    schedule = build_schedule(terms)
    return SchedulePreview(schedule, apr(terms, schedule=schedule))


class _Reader:
    """Reads one field at a time and keeps the first problem of each field."""

    def __init__(self, values: Mapping[str, str], today: date) -> None:
        self.values, self.today = values, today
        self.errors: dict[str, str] = {}

    def text(self, field: str) -> str:
        return (self.values.get(field) or "").strip()

    def read(self, field: str, convert: Callable[[str], object], default=None):
        text = self.text(field)
        if not text:
            return default
        try:
            return convert(text)
        except (ValueError, ArithmeticError) as error:
            self.errors[field] = str(error)
            return None

    def date(self, text: str) -> date:
        try:
            return parse_date(text, self.today)
        except DateError as error:
            raise ValueError(str(error)) from error


def _whole(low: int, high: int, what: str) -> Callable[[str], int]:
    def convert(text: str) -> int:
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValueError(_("'{text}' is not {what}: type a whole number {low} to {high}")
                             .format(text=text, what=_(what), low=low, high=high))
        return int(text)
    return convert


def _money(text: str) -> int:
    try:
        minor = parse_amount(text)
    except AmountError as error:
        raise ValueError(str(error)) from error
    if minor <= 0:
        raise ValueError(_("the amount must be more than zero, e.g. 5000"))
    return minor


def _rate(per: str) -> Callable[[str], Decimal]:
    limit = MAX_DAILY_RATE if per == PER_DAY else MAX_ANNUAL_RATE

    def convert(text: str) -> Decimal:
        try:
            value = Decimal(text.rstrip("%").strip()) / 100
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not 0 <= value <= limit:
            example = "0.05%" if per == PER_DAY else "18%"
            raise ValueError(_("'{text}' is not a rate: type a percent from 0 to {limit}%, "
                               "e.g. {example}").format(text=text, limit=percent_text(limit),
                                                        example=example))
        return value
    return convert


def _multiplier(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0:
        raise ValueError(_("'{text}' is not a multiplier: type 0 or more, e.g. 0.5 for +50%")
                         .format(text=text))
    return value


def _prepayment(text: str) -> Prepayment:
    try:
        return Prepayment(text.strip().lower())
    except ValueError:
        raise ValueError(_("'{text}' is not a prepayment rule: use keep-term (smaller "
                           "installments) or keep-installment (fewer of them)").format(
            text=text)) from None


YES = frozenset({"yes", "y", "true", "1", "on", "是"})
NO = frozenset({"no", "n", "false", "0", "off", "否"})


def _yes_no(text: str) -> bool:
    word = text.strip().lower()
    if word in YES or word in NO:
        return word in YES
    raise ValueError(_("'{text}' is not yes or no").format(text=text))


def _fee(text: str) -> Decimal:
    try:
        value = Decimal(text.rstrip("%").strip()) / 100
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= MAX_PREPAYMENT_FEE:
        raise ValueError(_("'{text}' is not a prepayment fee: type a percent from 0 to 10, "
                           "e.g. 1 for 1%, counted on the amount prepaid").format(text=text))
    return value


def loan_form_values(loan: StoredLoan) -> dict[str, str]:
    """A stored loan's terms as the text the loan form and `loan edit` read back."""
    terms = loan.terms
    daily = terms.daily_rate is not None
    return {
        "name": loan.name, "lender": loan.lender, "phones": " ".join(loan.phones),
        "principal": to_decimal_string(terms.principal, loan.currency),
        "rate": percent_text(terms.daily_rate if daily else terms.annual_rate),
        "rate_per": PER_DAY if daily else PER_YEAR, "periods": str(terms.periods),
        "method": str(terms.method), "start": terms.start.isoformat(),
        "due_day": str(terms.due_day) if terms.due_day else "",
        "first_due": terms.first_due.isoformat() if terms.first_due else "",
        "grace_days": str(terms.grace_days), "lead_days": str(terms.lead_days),
        "penalty_multiplier": str(terms.penalty_multiplier),
        "late_fee": to_decimal_string(terms.late_fee, loan.currency) if terms.late_fee else "",
        "prepayment": str(terms.prepayment),
        "full_period_interest": "yes" if terms.full_period_interest else "no",
        "prepayment_fee": percent_text(terms.prepayment_fee) if terms.prepayment_fee else "",
    }


def read_loan_form(values: Mapping[str, str],
                   today: date) -> tuple[LoanDraft | None, dict[str, str]]:
    """The draft, or None and a message for each field that is wrong (keyed by field)."""
    terms, errors = read_loan_terms(values, today)
    name = (values.get("name") or "").strip()
    if not name:
        errors = {"name": _("a loan needs a name, e.g. 微粒贷 or Card"), **errors}
    reader = _Reader(values, today)
    paid = reader.read("paid_installments", _whole(0, MAX_PERIODS, N_("a number of installments")),
                       0)
    errors = {**errors, **reader.errors}
    if terms is None or errors:
        return None, errors
    phones = (values.get("phones") or "").replace(",", " ").split()
    return LoanDraft(name, (values.get("lender") or "").strip(), phones, terms, paid,
                     (values.get("into") or "").strip()), {}


def read_loan_terms(values: Mapping[str, str],
                    today: date) -> tuple[LoanTerms | None, dict[str, str]]:
    """The terms alone (enough for a schedule preview), or None and the problems by field;
    a problem of the terms as a whole is keyed "terms"."""
    reader = _Reader(values, today)
    per = reader.text("rate_per") or PER_YEAR
    fields = {
        "principal": reader.read("principal", _money),
        "rate": reader.read("rate", _rate(per)),
        "periods": reader.read("periods", _whole(1, MAX_PERIODS, N_("a number of periods"))),
        "start": reader.read("start", reader.date, today),
        "due_day": reader.read("due_day", _whole(1, 31, N_("a day of the month"))),
        "first_due": reader.read("first_due", reader.date),
        "grace_days": reader.read("grace_days", _whole(0, MAX_GRACE_DAYS, N_("a number of days")),
                                  0),
        "penalty_multiplier": reader.read("penalty_multiplier", _multiplier, Decimal("0.5")),
        "late_fee": reader.read("late_fee", parse_amount, 0),
        "lead_days": reader.read("lead_days", _whole(0, MAX_GRACE_DAYS, N_("a number of days")), 3),
        "prepayment": reader.read("prepayment", _prepayment, Prepayment.KEEP_TERM),
        "full_period_interest": reader.read("full_period_interest", _yes_no, False),
        "prepayment_fee": reader.read("prepayment_fee", _fee, Decimal(0)),
    }
    for field, example in (("principal", "5000"), ("rate", N_("18 or 0.05")), ("periods", "12")):
        if not reader.text(field) and field not in reader.errors:
            reader.errors[field] = _("required, e.g. {example}").format(example=_(example))
    start, first_due = fields["start"], fields["first_due"]
    if start and first_due and first_due <= start:
        reader.errors["first_due"] = _("the first due date must be after the draw date")
    if reader.errors:
        return None, reader.errors
    rate = fields.pop("rate")
    try:
        return LoanTerms(method=reader.text("method") or Method.EQUAL_INSTALLMENT,
                         annual_rate=rate if per == PER_YEAR else None,
                         daily_rate=rate if per == PER_DAY else None, **fields), {}
    except LoanError as error:
        return None, {"terms": str(error)}


def amount_due_now(loan_view: LoanView) -> int:
    """What to pay today: every installment already due, else the next one."""
    state = loan_view.state
    if state.due_now:
        return state.due_now
    return state.next_due.amount_due if state.next_due else 0


@dataclass(frozen=True)
class PaymentQuote:
    """How a payment typed in the form would be applied (minor units)."""

    amount: int
    on: date
    penalty: int
    interest: int
    principal: int
    payoff: int
    outstanding_after: int
    charges: int = 0
    prepaid: int = 0

    @property
    def closes_loan(self) -> bool:
        return self.amount == self.payoff


def quote_payment(loan: StoredLoan, amount_text: str, date_text: str, today: date) -> PaymentQuote:
    """The allocation of a payment before it is saved; EntryError names the wrong field."""
    on = read_date(date_text, today)
    amount, payoff = read_payment(loan, amount_text, on)
    split = allocate(loan, amount, on)
    before = loan_state(loan, on).outstanding_principal
    return PaymentQuote(amount, on, split.penalty, split.interest, split.principal, payoff,
                        before - split.principal, split.charges, split.prepaid)


def open_loan(ledger: Ledger, loan_id: int, as_of: date) -> LoanView:
    """One loan, archived or not, as it stands on `as_of`."""
    return view(LoanBook(ledger).loan(loan_id), as_of)
