"""LoanDetailScreen: one loan's schedule with paid and overdue marks, payments, APR, payoff."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from budget.domain.contacts import channel_name
from budget.domain.money import format_amount
from budget.domain.repayment import SETTLED, InstallmentState, Status
from budget.i18n import N_, _, listing, ngettext
from budget.services.loan_entry import amount_due_now, open_loan, percent_text
from budget.services.loans import (
    LoanView,
    PaymentLine,
    payment_lines,
    restore_payment,
    unpay,
)
from budget.services.playbook import undo_restructure
from budget.ui.literal import literal
from budget.ui.messages import PaymentDeleted, PaymentRestored
from budget.ui.screens.base import LedgerScreen
from budget.ui.screens.loan_form import METHOD_LABELS, LoanForm, percent
from budget.ui.screens.payment_form import PaymentForm
from budget.ui.widgets.due import days_text
from budget.ui.widgets.fitted_table import FittedTable
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
    """Everything about one loan; `p` records a payment, `m` its collection evidence, `h` the
    overdue playbook, Esc goes back."""

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
        Binding("h", "playbook", _("Overdue help"),
                tooltip=_("The overdue playbook: where you stand, who to call, what to ask for"),
                id="loan.playbook"),
        Binding("k", "contact", _("Record contact"),
                tooltip=_("Write down a call or message with the lender"), id="loan.contact"),
        Binding("r", "restructure", _("Agreement"),
                tooltip=_("Record a plan agreed with the lender (restructure)"),
                id="loan.restructure"),
        Binding("m", "evidence", _("Evidence"),
                tooltip=_("Collection messages: check one, keep evidence, complain"),
                id="loan.evidence"),
        Binding("escape", "back", _("Back"), tooltip=_("Back to the previous screen"),
                id="loan.back"),
    ]

    class LoanLoaded(Message):
        """The loan was read and replayed as of today, with its payments' splits and the
        contacts with the lender."""

        def __init__(self, loan_view: LoanView, payments: list[PaymentLine],
                     contacts: list) -> None:
            super().__init__()
            self.loan_view, self.payments, self.contacts = loan_view, payments, contacts

    def __init__(self, ledger, today, loan_id: int) -> None:
        super().__init__(ledger, today)
        self.loan_id = loan_id
        self.loan_view: LoanView | None = None
        self._undo: list[tuple[Callable[[], object], str]] = []
        """What u undoes, newest last: the write that reverses it and what to say."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="loan-facts", markup=False)
        with Vertical(id="schedule-panel", classes="panel") as panel:
            panel.border_title = literal(_("Schedule"))
            yield FittedTable(id="schedule", cursor_type="row", zebra_stripes=True)
        with Vertical(id="payments-panel", classes="panel") as panel:
            panel.border_title = literal(_("Payments"))
            yield FittedTable(id="payments", cursor_type="row")
        with Vertical(id="contacts-panel", classes="panel") as panel:
            panel.border_title = literal(_("Contacts with the lender"))
            yield FittedTable(id="contacts", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        schedule = self.query_one("#schedule", FittedTable)
        for label, number in (("#", True), (_("Due"), True), (_("Payment"), True),
                              (_("Paid"), True), (_("Status"), False), (_("Penalty"), True),
                              (_("Interest"), True), (_("Principal"), True)):
            schedule.add_fitted_column(label, number=number)
        payments = self.query_one("#payments", FittedTable)
        for label, number in ((_("Date"), True), (_("Amount"), True), (_("Penalty"), True),
                              (_("Interest"), True), (_("Principal"), True), (_("From"), False)):
            payments.add_fitted_column(label, number=number)
        contacts = self.query_one("#contacts", FittedTable)
        for label, number in ((_("When"), True), (_("Channel"), False), (_("Who"), False),
                              (_("Said"), False), (_("Promised"), False),
                              (_("Follow up"), True)):
            contacts.add_fitted_column(label, number=number)
        schedule.focus()
        super().on_mount()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="loan-detail")
    def _load(self) -> None:
        from budget.storage.contacts import ContactBook

        loan_view = open_loan(self.ledger, self.loan_id, self.today())
        self.post_message(self.LoanLoaded(loan_view, payment_lines(self.ledger, loan_view.loan),
                                          ContactBook(self.ledger).contacts(self.loan_id)))

    @on(LoanLoaded)
    def _loaded(self, message: LoanLoaded) -> None:
        self.loan_view = loan_view = message.loan_view
        self.sub_title = loan_view.loan.name
        self.query_one("#loan-facts", Static).update(literal(self._facts(loan_view)))
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
                             literal(source), key=str(record.id))
        if not message.payments:
            payments.add_row(_("No payments yet: p records one"), "", "", "", "", "")
        contacts = self.query_one("#contacts", DataTable)
        contacts.clear()
        for contact in reversed(message.contacts):
            contacts.add_row(f"{contact.at:%Y-%m-%d %H:%M}", channel_name(contact.channel),
                             literal(contact.who), literal(contact.note),
                             literal(contact.promised),
                             contact.next_date.isoformat() if contact.next_date else "")
        if not message.contacts:
            contacts.add_row(_("None yet: k records a call with the lender"), "", "", "", "",
                             "")

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
                penalty=self._money(row.penalty_unpaid),
                late=self._money(row.late_interest_unpaid),
                next=self._money(row.next_day_cost))
            return _("Due now {amount}: #{number} {status} · {late} · h: what to do").format(
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
        # What an agreement replaced unpaid: its number in brackets (the new plan numbers
        # its own installments from there on) and no figures, since the plan in force asks
        # them no more; `loan show` leaves them out altogether.
        for row in loan_view.state.replaced:
            cells = [(f"({row.number})", "right"), (row.due_date.isoformat(), "left"),
                     ("", "right"), ("", "right"), (_("replaced"), "left"), ("", "right"),
                     ("", "right"), ("", "right")]
            table.add_row(*(Text(cell, style="dim strike", justify=justify)
                            for cell, justify in cells),
                          key=f"replaced-{row.number}")
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
        deleted = message.deleted
        self._undo.append((partial(restore_payment, self.ledger, deleted),
                           _("Restored the deleted payment")))
        self.notify(_("Deleted the payment of {amount} on {date} and its ledger rows — press u "
                      "to undo").format(amount=self._money(message.deleted.amount),
                                        date=message.deleted.paid_on.isoformat()))

    def action_undo(self) -> None:
        if not self._undo:
            self.notify(_("Nothing to undo"))
            return
        self._restore(*self._undo.pop())

    @work(thread=True, exclusive=True, group="loan-payment-write")
    def _restore(self, undo: Callable[[], object], notice: str) -> None:
        undo()
        self.post_message(PaymentRestored(notice))

    @on(PaymentRestored)
    def _restored(self, message: PaymentRestored) -> None:
        self.notify(message.notice)

    def action_playbook(self) -> None:
        from budget.ui.screens.playbook import PlaybookScreen

        self.app.push_screen(PlaybookScreen(self.ledger, self.today, self.loan_id))

    def action_contact(self) -> None:
        from budget.ui.screens.contact_form import ContactForm

        if self.loan_view is not None:
            self.app.push_screen(ContactForm(self.ledger, self.today, self.loan_view.loan))

    def action_restructure(self) -> None:
        from budget.ui.screens.restructure_form import RestructureForm

        if self.loan_view is not None:
            self.app.push_screen(RestructureForm(self.ledger, self.today, self.loan_view.loan),
                                 callback=self._agreed)

    def _agreed(self, saved: bool | None) -> None:
        if saved:
            self._undo.append((partial(undo_restructure, self.ledger, self.loan_id),
                               _("Deleted the agreement: the plan before it is back")))

    def action_edit(self) -> None:
        if self.loan_view is not None:
            self.app.push_screen(LoanForm(self.ledger, self.today, editing=self.loan_view.loan))

    def action_evidence(self) -> None:
        from budget.ui.screens.evidence import open_evidence

        open_evidence(self.app, self.ledger, self.today, self.loan_id)

    def action_back(self) -> None:
        self.app.pop_screen()
