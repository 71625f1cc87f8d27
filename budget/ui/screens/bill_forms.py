"""BillForm adds a recurring bill; BillPaymentForm pays its next occurrence into the ledger."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from budget.domain.bills import MAX_INTERVAL, Frequency
from budget.domain.money import format_amount
from budget.i18n import N_, _, choices, pgettext
from budget.services.bills import create_bill, pay_bill
from budget.services.ledger import EntryError, read_date
from budget.services.loan_admin import edit_bill
from budget.storage.ledger import Ledger
from budget.storage.loans import StoredBill
from budget.ui.literal import literal
from budget.ui.messages import BillPaid, BillSaved
from budget.ui.screens.entry import AMOUNT_HINT, DATE_HINT
from budget.ui.screens.money_form import MoneyForm
from budget.ui.widgets.footer import KeyFooter

FREQUENCIES = [(N_("every month"), Frequency.MONTH.value),
               (N_("every week"), Frequency.WEEK.value), (N_("every year"), Frequency.YEAR.value)]


class BillForm(MoneyForm):
    """Name, amount (an estimate is fine), how often, and on which day; with `editing`,
    the bill's own values to change."""

    FIRST_FIELD = "name"

    def __init__(self, ledger: Ledger, today: Callable[[], date],
                 editing: StoredBill | None = None) -> None:
        super().__init__(ledger, today)
        self.editing = editing

    def compose(self) -> ComposeResult:
        bill = self.editing
        with Vertical(id="form") as form:
            form.border_title = literal(_("Edit {name}").format(name=bill.name) if bill
                                        else _("New bill"))
            yield from self.field("name", _("Name"), _("rent, phone, a card statement"),
                                  bill.name if bill else "")
            yield from self.field("amount", _("Amount"), _("an estimate is fine"),
                                  format_amount(bill.amount) if bill else "")
            yield from self.choice("every", _("Every"), choices(FREQUENCIES),
                                   bill.frequency if bill else Frequency.MONTH.value)
            yield from self.field("day", _("Day"), _("day of the month, 1-31 (monthly)"),
                                  str(bill.day) if bill and bill.day else "")
            yield from self.field("interval", _("Each"), _("1, or 3 for every 3 months"),
                                  str(bill.interval) if bill else "1")
            yield from self.field("start", pgettext("date", "From"), _(DATE_HINT),
                                  (bill.start if bill else self.today()).isoformat())
            yield from self.field("category", _("Category"), _("default Other"))
            yield from self.field("account", _("Account"), _("default: last used"))
            yield Static(_("Enter saves · Esc cancels"), id="form-help", markup=False)
        yield KeyFooter()

    @work(thread=True, exclusive=True, group="bill-save")
    def save(self, values: dict[str, str]) -> None:
        self.write_in_worker(values)

    def write(self, values: dict[str, str]) -> tuple[BillSaved, str]:
        day_text, interval_text = values["day"].strip(), values["interval"].strip() or "1"
        if day_text and not day_text.isdigit():
            raise EntryError("day", _("'{text}' is not a day: type 1 to 31").format(
                text=day_text))
        if not interval_text.isdigit():
            raise EntryError("interval", _("'{text}' is not a whole number: type 1 for every "
                                           "month, 3 for every 3 months").format(
                text=interval_text))
        fields = {"name": values["name"], "amount": values["amount"],
                  "frequency": values["every"], "day": int(day_text) if day_text else None,
                  "start": read_date(values["start"], self.today()),
                  "interval": int(interval_text), "category": values["category"],
                  "account": values["account"]}
        try:
            if self.editing is not None:
                stored = edit_bill(self.ledger, self.editing.id, **fields)
                return BillSaved(stored.name), _("Saved {name}").format(name=stored.name)
            stored = create_bill(self.ledger, **fields)
        except EntryError as error:
            # The domain's checks (name, day) come back as "bill": put them where they belong.
            if error.field == "bill":
                field = "name" if not values["name"].strip() else (
                    "interval" if not 1 <= fields["interval"] <= MAX_INTERVAL else "day")
                raise EntryError(field, str(error)) from error
            raise
        return BillSaved(stored.name), _("Added bill {name}: {amount} {every}").format(
            name=stored.name, amount=format_amount(stored.amount, symbol=True),
            every=_(dict((value, label) for label, value in FREQUENCIES)[stored.frequency]))


class BillPaymentForm(MoneyForm):
    """Pays the next unpaid occurrence; the amount is the bill's, editable for a real bill."""

    def __init__(self, ledger: Ledger, today: Callable[[], date], name: str, amount: int,
                 due: date, currency: str = "CNY") -> None:
        super().__init__(ledger, today)
        self.bill_name, self.amount, self.due, self.currency = name, amount, due, currency

    def compose(self) -> ComposeResult:
        with Vertical(id="form") as form:
            form.border_title = literal(_("Pay {name} · due {due}").format(
                name=self.bill_name, due=self.due.isoformat()))
            yield from self.field("amount", _("Amount"), _(AMOUNT_HINT),
                                  format_amount(self.amount, self.currency))
            yield from self.field("date", _("Paid on"), _(DATE_HINT), self.today().isoformat())
            yield Static(_("Enter pays and posts the expense · Esc cancels"), id="form-help",
                         markup=False)
        yield KeyFooter()

    @work(thread=True, exclusive=True, group="bill-pay")
    def save(self, values: dict[str, str]) -> None:
        self.write_in_worker(values)

    def write(self, values: dict[str, str]) -> tuple[BillPaid, str]:
        paid_on = read_date(values["date"], self.today())
        stored, due, paid = pay_bill(self.ledger, self.bill_name, values["amount"],
                                     on=paid_on, as_of=paid_on)
        return BillPaid(stored.name, due, paid), _("Paid {name} due {due}: {amount}").format(
            name=stored.name, due=due.isoformat(),
            amount=format_amount(paid, self.currency, symbol=True))
