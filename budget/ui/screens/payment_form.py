"""PaymentForm: record a loan payment, with its allocation shown live before saving."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from budget.domain.money import format_amount
from budget.i18n import _
from budget.services.ledger import EntryError, default_account, read_date
from budget.services.loan_entry import amount_due_now, quote_payment
from budget.services.loans import LoanView, pay_loan
from budget.storage.ledger import Ledger
from budget.ui.literal import literal
from budget.ui.messages import PaymentRecorded
from budget.ui.screens.entry import AMOUNT_HINT, DATE_HINT
from budget.ui.screens.money_form import MoneyForm
from budget.ui.widgets.footer import KeyFooter


class PaymentForm(MoneyForm):
    """Amount first, prefilled with what is due; penalty, interest and principal update live."""

    class AccountsLoaded(Message):
        """Account names for the suggester and the one the payment comes from by default."""

        def __init__(self, names: list[str], default: str) -> None:
            super().__init__()
            self.names, self.default = names, default

    def __init__(self, ledger: Ledger, today: Callable[[], date], loan_view: LoanView) -> None:
        super().__init__(ledger, today)
        self.loan = loan_view.loan
        self.amount_due = amount_due_now(loan_view)

    def compose(self) -> ComposeResult:
        currency = self.loan.currency
        with Vertical(id="form") as form:
            form.border_title = literal(_("Pay {name}").format(name=self.loan.name))
            yield from self.field("amount", _("Amount"), _(AMOUNT_HINT),
                                  format_amount(self.amount_due, currency))
            yield from self.field("date", _("Date"), _(DATE_HINT), self.today().isoformat())
            yield from self.field("account", _("From"), _("account"))
            yield Static(id="allocation", markup=False)
            yield Static(_("Enter saves · Esc cancels · applied penalty → interest → "
                           "principal, oldest first"), id="form-help", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._load_accounts()
        self._show_allocation()

    @work(thread=True, exclusive=True, group="payment-accounts")
    def _load_accounts(self) -> None:
        accounts = self.ledger.accounts()
        own = next((account for account in accounts if account.id == self.loan.account_id), None)
        default = own or (default_account(self.ledger, accounts) if accounts else None)
        self.post_message(self.AccountsLoaded([account.name for account in accounts],
                                              default.name if default else ""))

    @on(AccountsLoaded)
    def _accounts_loaded(self, message: AccountsLoaded) -> None:
        field = self.query_one("#account", Input)
        field.suggester = SuggestFromList(message.names, case_sensitive=False)
        if not field.value:
            field.value = message.default

    @on(Input.Changed, "#amount, #date")
    def _show_allocation(self) -> None:
        """Replays the loan with and without the payment: pure domain work, no database."""
        line = self.query_one("#allocation", Static)
        values = self.values()
        try:
            quote = quote_payment(self.loan, values["amount"], values["date"], self.today())
        except EntryError as error:
            line.update(str(error))
            line.add_class("problem")
            return
        money = self._money
        after = (_("closes the loan") if quote.closes_loan else
                 _("principal left {amount}").format(amount=money(quote.outstanding_after)))
        line.update(_("Penalty {penalty} · interest {interest} · principal {principal}\n"
                      "{after}").format(penalty=money(quote.penalty),
                                        interest=money(quote.interest),
                                        principal=money(quote.principal), after=after))
        line.remove_class("problem")

    def _money(self, minor: int) -> str:
        return format_amount(minor, self.loan.currency, symbol=True)

    @work(thread=True, exclusive=True, group="payment-save")
    def save(self, values: dict[str, str]) -> None:
        self.write_in_worker(values)

    def write(self, values: dict[str, str]) -> tuple[PaymentRecorded, str]:
        on = read_date(values["date"], self.today())
        result = pay_loan(self.ledger, self.loan.name, values["amount"], on=on,
                          account=values["account"])
        money = self._money
        notice = _("Paid {amount} on {name}: penalty {penalty}, interest {interest}, "
                   "principal {principal}").format(
            amount=money(result.amount),
            name=result.loan.name, penalty=money(result.penalty),
            interest=money(result.interest), principal=money(result.principal))
        return PaymentRecorded(result), notice
