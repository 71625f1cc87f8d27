"""LoansScreen: every loan and every recurring bill; open, pay or add from the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Header

from budget.domain.money import format_amount
from budget.domain.repayment import Status
from budget.i18n import N_, _
from budget.services.bills import BillView, bill_views
from budget.services.ledger import EntryError
from budget.services.loan_admin import (
    LoanHasContacts,
    LoanKept,
    delete_bill,
    delete_loan,
    set_bill_archived,
    set_loan_archived,
)
from budget.services.loan_entry import amount_due_now
from budget.services.loans import LoanView, loan_views
from budget.ui.literal import literal
from budget.ui.messages import LoanChanged, TransactionRefused
from budget.ui.screens.base import LedgerScreen
from budget.ui.screens.bill_forms import FREQUENCIES, BillForm, BillPaymentForm
from budget.ui.screens.loan_detail import STATUS_LABELS, LoanDetailScreen
from budget.ui.screens.loan_form import LoanForm, percent
from budget.ui.screens.payment_form import PaymentForm
from budget.ui.widgets.due import days_text
from budget.ui.widgets.fitted_table import FittedTable
from budget.ui.widgets.footer import KeyFooter


class LoansScreen(LedgerScreen):
    """Loans on top, bills below; Tab moves between them and `p` pays the one selected."""

    CSS_PATH = "loans.tcss"
    BINDINGS = [
        Binding("n", "new_loan", _("New loan"), tooltip=_("Add a loan with a schedule preview"),
                id="loans.new_loan"),
        Binding("b", "new_bill", _("New bill"), tooltip=_("Add a recurring bill"),
                id="loans.new_bill"),
        Binding("p", "pay", _("Pay"), tooltip=_("Pay the selected loan or bill"),
                id="loans.pay"),
        Binding("s", "open", _("Schedule"), tooltip=_("Open the selected loan's schedule"),
                id="loans.open"),
        Binding("e", "edit", _("Edit"), tooltip=_("Change the selected loan or bill"),
                id="loans.edit"),
        Binding("x", "archive", _("Archive"),
                tooltip=_("Hide the selected loan or bill; its history stays (u undoes)"),
                id="loans.archive"),
        Binding("delete", "delete", _("Delete"),
                tooltip=_("Delete the selected loan or bill if nothing was paid on it"),
                id="loans.delete"),
        Binding("u", "undo", _("Undo"), tooltip=_("Undo the last archive"), id="loans.undo"),
    ]

    class ListsLoaded(Message):
        """Loans and bills were read and replayed as of today."""

        def __init__(self, loans: list[LoanView], bills: list[BillView]) -> None:
            super().__init__()
            self.loans, self.bills = loans, bills

    def __init__(self, ledger, today) -> None:
        super().__init__(ledger, today)
        self.loans: dict[str, LoanView] = {}
        self.bills: dict[str, BillView] = {}
        self._undo: list[Callable[[], object]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="loans-panel", classes="panel") as panel:
            panel.border_title = literal(_("Loans"))
            yield FittedTable(id="loans-table", cursor_type="row", zebra_stripes=True)
        with Vertical(id="bills-panel", classes="panel") as panel:
            panel.border_title = literal(_("Bills"))
            yield FittedTable(id="bills-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        loans = self.query_one("#loans-table", FittedTable)
        for label, number in ((_("Loan"), False), (_("Lender"), False), (_("Next due"), True),
                              (_("Amount due"), True), (_("Outstanding"), True),
                              (_("Status"), False), (_("APR"), True)):
            loans.add_fitted_column(label, number=number)
        bills = self.query_one("#bills-table", FittedTable)
        for label, number in ((_("Bill"), False), (_("Amount"), True), (_("Every"), False),
                              (_("Next due"), True), (_("Status"), False)):
            bills.add_fitted_column(label, number=number)
        loans.focus()
        super().on_mount()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="loans-load")
    def _load(self) -> None:
        today = self.today()
        self.post_message(self.ListsLoaded(loan_views(self.ledger, today),
                                           bill_views(self.ledger, today)))

    @on(ListsLoaded)
    def _loaded(self, message: ListsLoaded) -> None:
        self.loans = {str(item.loan.id): item for item in message.loans}
        self.bills = {str(item.bill.id): item for item in message.bills}
        self._fill("#loans-table", [(key, _loan_cells(item)) for key, item in self.loans.items()])
        every = {value: label for label, value in FREQUENCIES}
        self._fill("#bills-table", [
            (key, (item.bill.name, _right(format_amount(item.bill.amount)),
                   _(every.get(item.bill.frequency, item.bill.frequency)),
                   item.next_due.isoformat(), _status(item.status, item.next_due,
                                                      self.today())))
            for key, item in self.bills.items()])

    def _fill(self, selector: str, rows: list[tuple[str, tuple]]) -> None:
        table = self.query_one(selector, DataTable)
        row = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*(literal(cell) for cell in cells), key=key)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)

    def _selected(self, selector: str) -> str | None:
        table = self.query_one(selector, DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _on_bills(self) -> bool:
        return self.focused is not None and self.focused.id == "bills-table"

    def action_new_loan(self) -> None:
        self.app.push_screen(LoanForm(self.ledger, self.today))

    def action_new_bill(self) -> None:
        self.app.push_screen(BillForm(self.ledger, self.today))

    @on(DataTable.RowSelected, "#loans-table")
    def action_open(self) -> None:
        loan_view = self.loans.get(self._selected("#loans-table") or "")
        if loan_view is not None:
            self.app.push_screen(LoanDetailScreen(self.ledger, self.today, loan_view.loan.id))

    @on(DataTable.RowSelected, "#bills-table")
    def _pay_bill(self) -> None:
        bill_view = self.bills.get(self._selected("#bills-table") or "")
        if bill_view is not None:
            self.app.push_screen(BillPaymentForm(self.ledger, self.today, bill_view.bill.name,
                                                 bill_view.bill.amount, bill_view.next_due))

    def action_pay(self) -> None:
        if self._on_bills():
            self._pay_bill()
            return
        loan_view = self.loans.get(self._selected("#loans-table") or "")
        if loan_view is None:
            return
        if loan_view.closed:
            self.notify(_("{name} is repaid in full: nothing to pay").format(
                name=loan_view.loan.name))
            return
        self.app.push_screen(PaymentForm(self.ledger, self.today, loan_view))


    def _chosen(self) -> tuple[str, LoanView | BillView | None]:
        """("bill", view) or ("loan", view) for the row under the cursor."""
        if self._on_bills():
            return "bill", self.bills.get(self._selected("#bills-table") or "")
        return "loan", self.loans.get(self._selected("#loans-table") or "")

    def action_edit(self) -> None:
        kind, item = self._chosen()
        if item is None:
            self.notify(_("Nothing selected: add a loan with n or a bill with b"))
        elif kind == "bill":
            self.app.push_screen(BillForm(self.ledger, self.today, editing=item.bill))
        else:
            self.app.push_screen(LoanForm(self.ledger, self.today, editing=item.loan))

    def action_archive(self) -> None:
        kind, item = self._chosen()
        if item is not None:
            owing = kind == "loan" and not item.closed
            self._archive(kind, item.bill.id if kind == "bill" else item.loan.id, owing)

    @work(thread=True, exclusive=True, group="loans-write")
    def _archive(self, kind: str, item_id: int, owing: bool) -> None:
        archive = set_bill_archived if kind == "bill" else set_loan_archived
        stored = archive(self.ledger, item_id, True)
        notice = (_("Archived {name}, which is not repaid: its due dates and reminders stop "
                    "although it is still owed — press u to undo") if owing else
                  _("Archived {name}: it no longer shows in lists or due dates — press u to "
                    "undo"))
        self.post_message(LoanChanged(notice.format(name=stored.name),
                                      undo=partial(archive, self.ledger, item_id, False)))

    def action_delete(self) -> None:
        kind, item = self._chosen()
        if item is not None:
            stored = item.bill if kind == "bill" else item.loan
            self._delete(kind, stored.id, stored.name)

    @work(thread=True, exclusive=True, group="loans-write")
    def _delete(self, kind: str, item_id: int, name: str) -> None:
        try:
            (delete_bill if kind == "bill" else delete_loan)(self.ledger, item_id)
        except LoanHasContacts:
            self.post_message(TransactionRefused(_(
                "{name} has talks with the lender recorded, so it is not deleted: press x to "
                "archive it instead (they stay)").format(name=name)))
            return
        except EntryError as error:
            # Say what keeps it: evidence is kept for good; payments could be deleted first.
            reason = (_("{name} has collection evidence recorded, which is kept for good, so "
                        "it cannot be deleted: press x to archive it instead")
                      if isinstance(error, LoanKept) and error.evidence else
                      _("{name} has payments recorded, so it cannot be deleted: press x to "
                        "archive it instead (its history stays)"))
            self.post_message(TransactionRefused(reason.format(name=name)))
            return
        self.post_message(LoanChanged(_("Deleted {name}").format(name=name)))

    @on(LoanChanged)
    def _changed(self, message: LoanChanged) -> None:
        if message.undo is not None:
            self._undo.append(message.undo)
        self.notify(message.notice)

    @on(TransactionRefused)
    def _refused(self, message: TransactionRefused) -> None:
        self.notify(message.reason, severity="warning", timeout=8)

    def action_undo(self) -> None:
        if not self._undo:
            self.notify(_("Nothing to undo"))
            return
        self._run_undo(self._undo.pop())

    @work(thread=True, exclusive=True, group="loans-write")
    def _run_undo(self, undo: Callable[[], object]) -> None:
        undo()
        self.post_message(LoanChanged(_("Brought it back")))


def _right(text: str) -> Text:
    return Text(text, justify="right")


def _status(status: Status, due, today) -> str:
    if status is Status.OVERDUE:
        return _("overdue {days}").format(days=days_text((today - due).days))
    return _(STATUS_LABELS[status] or N_("upcoming"))


def _loan_cells(item: LoanView) -> tuple:
    loan, next_due = item.loan, item.state.next_due

    def money(minor: int) -> Text:
        return _right(format_amount(minor, loan.currency))

    if next_due is None:
        return (loan.name, loan.lender, "", money(0), money(0), _("repaid"), percent(item.apr))
    status = _status(next_due.status, next_due.due_date, item.state.as_of)
    return (loan.name, loan.lender, next_due.due_date.isoformat(), money(amount_due_now(item)),
            money(item.state.outstanding_principal), status, percent(item.apr))
