"""LoanDetailScreen: one loan's schedule with paid and overdue marks, payments, APR, payoff."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from budget.domain.money import format_amount
from budget.domain.repayment import SETTLED, InstallmentState, Status
from budget.i18n import N_, _, listing, ngettext
from budget.services.loan_entry import amount_due_now, open_loan, percent_text
from budget.services.loans import (
    DeletedPayment,
    LoanView,
    PaymentLine,
    payment_lines,
    restore_payment,
    unpay,
)
from budget.ui.messages import PaymentDeleted, PaymentRestored
from budget.ui.screens.base import LedgerScreen
from budget.ui.screens.loan_form import METHOD_LABELS, LoanForm, percent
from budget.ui.screens.payment_form import PaymentForm
from budget.ui.widgets.due import days_text
from budget.ui.widgets.footer import KeyFooter

STATUS_LABELS = {
    Status.UPCOMING: "",
    Status.DUE_SOON: N_("due soon"),
    Status.DUE_TODAY: N_("due today"),
    Status.IN_GRACE: N_("in grace"),
    Status.OVERDUE: N_("overdue"),
    Status.PAID: N_("✓ paid"),
    Status.PAID_LATE: N_("✓ paid late"),
    Status.RESTRUCTURED: N_("restructured"),
}


def status_text(row: InstallmentState) -> str:
    """"overdue 2 days", "✓ paid", "due soon" ..."""
    if row.status is Status.OVERDUE:
        return _("overdue {days}").format(days=days_text(row.days_overdue))
    label = STATUS_LABELS[row.status]
    return _(label) if label else label


class LoanDetailScreen(LedgerScreen):
    """Everything about one loan; `p` records a payment, Esc goes back."""

    CSS_PATH = "loans.tcss"
    BINDINGS = [
        Binding("p", "pay", _("Pay"), tooltip=_("Record a payment on this loan"),
                id="loan.pay"),
        Binding("x", "delete_payment", _("Delete payment"),
                tooltip=_("Delete the payment selected in Payments, with its ledger rows"),
                id="loan.delete_payment"),
        Binding("u", "undo", _("Undo"), tooltip=_("Put back the payment just deleted"),
                id="loan.undo"),
        Binding("e", "edit", _("Edit loan"), tooltip=_("Change this loan's details"),
                id="loan.edit"),
        Binding("escape", "back", _("Back"), tooltip=_("Back to the previous screen"),
                id="loan.back"),
    ]

    class LoanLoaded(Message):
        """The loan was read and replayed as of today, with its payments' splits."""

        def __init__(self, loan_view: LoanView, payments: list[PaymentLine]) -> None:
            super().__init__()
            self.loan_view, self.payments = loan_view, payments

    def __init__(self, ledger, today, loan_id: int) -> None:
        super().__init__(ledger, today)
        self.loan_id = loan_id
        self.loan_view: LoanView | None = None
        self._undo: list[DeletedPayment] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="loan-facts")
        with Vertical(id="schedule-panel", classes="panel") as panel:
            panel.border_title = _("Schedule")
            yield DataTable(id="schedule", cursor_type="row", zebra_stripes=True)
        with Vertical(id="payments-panel", classes="panel") as panel:
            panel.border_title = _("Payments")
            yield DataTable(id="payments", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        schedule = self.query_one("#schedule", DataTable)
        schedule.add_columns("#", _("Due"), _("Payment"), _("Paid"), _("Status"), _("Penalty"),
                             _("Interest"), _("Principal"))
        self.query_one("#payments", DataTable).add_columns(
            _("Date"), _("Amount"), _("Penalty"), _("Interest"), _("Principal"), _("From"))
        schedule.focus()
        super().on_mount()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="loan-detail")
    def _load(self) -> None:
        loan_view = open_loan(self.ledger, self.loan_id, self.today())
        self.post_message(self.LoanLoaded(loan_view, payment_lines(self.ledger,
                                                                   loan_view.loan)))

    @on(LoanLoaded)
    def _loaded(self, message: LoanLoaded) -> None:
        self.loan_view = loan_view = message.loan_view
        self.sub_title = loan_view.loan.name
        self.query_one("#loan-facts", Static).update(self._facts(loan_view))
        self._fill_schedule(loan_view)
        payments = self.query_one("#payments", DataTable)
        payments.clear()
        for line in reversed(message.payments):
            record = line.record
            source = _("before tracking") if record.history else (record.account or "")
            payments.add_row(record.paid_on.isoformat(),
                             *(Text(self._money(amount) if amount else "", justify="right")
                               for amount in (record.amount, line.penalty, line.interest,
                                              line.principal)),
                             source, key=str(record.id))
        if not message.payments:
            payments.add_row(_("No payments yet: p records one"), "", "", "", "", "")

    def _money(self, minor: int) -> str:
        currency = self.loan_view.loan.currency if self.loan_view else "CNY"
        return format_amount(minor, currency, symbol=True)

    def _facts(self, loan_view: LoanView) -> str:
        loan, terms, state = loan_view.loan, loan_view.loan.terms, loan_view.state
        who = " · ".join(part for part in (loan.name, loan.lender) if part)
        if loan.phones:
            who += " · " + _("official numbers {phones}").format(phones=listing(loan.phones))
        daily = (" " + _("({rate}% a day)").format(rate=percent_text(terms.daily_rate))
                 if terms.daily_rate is not None else "")
        if loan_view.closed:
            payoff = _("Repaid in full")
        else:
            payoff = _("Outstanding principal {outstanding} · {payoff} closes it today").format(
                outstanding=self._money(state.outstanding_principal),
                payoff=self._money(loan_view.payoff))
        return "\n".join(line for line in [
            who,
            ngettext("{principal} drawn {start} · {method} · {periods} period · grace {grace}",
                     "{principal} drawn {start} · {method} · {periods} periods · grace {grace}",
                     terms.periods).format(
                principal=self._money(terms.principal), start=terms.start.isoformat(),
                method=_(METHOD_LABELS[terms.method]), periods=terms.periods,
                grace=days_text(terms.grace_days)),
            _("Nominal {nominal} a year{daily} · true annual cost (APR) {apr}").format(
                nominal=percent(terms.annual), daily=daily, apr=percent(loan_view.apr)),
            payoff,
            self._next(loan_view),
        ] if line)

    def _next(self, loan_view: LoanView) -> str:
        """The installment to pay next, and what lateness costs if it is late."""
        row = loan_view.state.next_due
        if row is None:
            return ""
        if row.status in (Status.OVERDUE, Status.IN_GRACE):
            late = _("penalty {penalty} · late interest {late} · +{next} a day").format(
                penalty=self._money(row.penalty), late=self._money(row.late_interest),
                next=self._money(row.next_day_cost))
            return _("Due now {amount}: #{number} {status} · {late}").format(
                amount=self._money(amount_due_now(loan_view)), number=row.number,
                status=status_text(row), late=late)
        return _("Next #{number}: {amount} on {due}").format(
            number=row.number, amount=self._money(row.amount_due), due=row.due_date.isoformat())

    def _fill_schedule(self, loan_view: LoanView) -> None:
        table = self.query_one("#schedule", DataTable)
        row_index = table.cursor_row
        table.clear()
        for row in loan_view.state.installments:
            paid = row.paid_principal + row.paid_interest + row.paid_penalty
            style = ("dim" if row.status in SETTLED else
                     "bold" if row.status in (Status.OVERDUE, Status.IN_GRACE) else "")
            cells = [(str(row.number), "right"), (row.due_date.isoformat(), "left"),
                     (format_amount(row.payment), "right"),
                     (format_amount(paid) if paid else "", "right"), (status_text(row), "left"),
                     (format_amount(row.penalty) if row.penalty else "", "right"),
                     (format_amount(row.interest), "right"),
                     (format_amount(row.principal), "right")]
            table.add_row(*(Text(cell, style=style, justify=justify) for cell, justify in cells),
                          key=str(row.number))
        if table.row_count:
            first_open = next((index for index, row in enumerate(loan_view.state.installments)
                               if row.status not in SETTLED), 0)
            table.move_cursor(row=row_index if row_index > 0 else first_open, animate=False)

    def action_pay(self) -> None:
        if self.loan_view is None:
            return
        if self.loan_view.closed:
            self.notify(_("{name} is repaid in full: nothing to pay").format(
                name=self.loan_view.loan.name))
            return
        self.app.push_screen(PaymentForm(self.ledger, self.today, self.loan_view))

    def action_delete_payment(self) -> None:
        table = self.query_one("#payments", DataTable)
        if self.loan_view is None or not self.loan_view.loan.payments or not table.row_count:
            self.notify(_("No payment to delete"))
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if table.has_focus or self.focused is None or self.focused.id != "schedule":
            self._delete(int(key))
        else:
            self.notify(_("Select a payment first: Tab to Payments, then x"))

    @work(thread=True, exclusive=True, group="loan-payment-write")
    def _delete(self, payment_id: int) -> None:
        self.post_message(PaymentDeleted(unpay(self.ledger, self.loan_id, payment_id)))

    @on(PaymentDeleted)
    def _deleted(self, message: PaymentDeleted) -> None:
        if message.deleted.loan_id != self.loan_id:
            return
        self._undo.append(message.deleted)
        self.notify(_("Deleted the payment of {amount} on {date} and its ledger rows — press u "
                      "to undo").format(amount=self._money(message.deleted.amount),
                                        date=message.deleted.paid_on.isoformat()))

    def action_undo(self) -> None:
        if not self._undo:
            self.notify(_("Nothing to undo"))
            return
        self._restore(self._undo.pop())

    @work(thread=True, exclusive=True, group="loan-payment-write")
    def _restore(self, deleted: DeletedPayment) -> None:
        restore_payment(self.ledger, deleted)
        self.post_message(PaymentRestored())

    @on(PaymentRestored)
    def _restored(self) -> None:
        self.notify(_("Restored the deleted payment"))

    def action_edit(self) -> None:
        if self.loan_view is not None:
            self.app.push_screen(LoanForm(self.ledger, self.today, editing=self.loan_view.loan))

    def action_back(self) -> None:
        self.app.pop_screen()
