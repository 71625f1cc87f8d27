"""DuePanel: the dashboard's "Due and overdue" list, read in a worker; Enter acts on an item."""

from __future__ import annotations

from textual import work
from textual.message import Message

from budget.domain.reminders import FOLLOWUP, LOAN
from budget.domain.repayment import Status
from budget.i18n import _
from budget.services.due_rows import DueRow, due_rows
from budget.ui.widgets.due import DueList

DUE_DAYS = 7
LATE = frozenset({Status.OVERDUE, Status.IN_GRACE})


class DueLoaded(Message):
    """The due list for the dashboard was read."""

    def __init__(self, rows: list[DueRow]) -> None:
        super().__init__()
        self.rows = rows


class DuePanel:
    """Mixed into the dashboard (a LedgerScreen), which yields a `DueList` and calls
    `load_due` from its `reload`. Handlers go by name because `@on` is only collected
    from Textual classes."""

    def load_due(self) -> None:
        self._load_due()

    @work(thread=True, exclusive=True, group="dashboard-due")
    def _load_due(self) -> None:
        self.post_message(DueLoaded(due_rows(self.ledger, self.today(), DUE_DAYS)))

    def on_due_loaded(self, message: DueLoaded) -> None:
        self.late_loan_id = next((row.item.ref[1] for row in message.rows
                                  if row.item.kind == LOAN and row.item.status in LATE), None)
        self.query_one(DueList).show(message.rows, DUE_DAYS)

    def action_overdue_help(self) -> None:
        from budget.ui.screens.playbook import PlaybookScreen

        loan_id = getattr(self, "late_loan_id", None)
        if loan_id is None:
            self.notify(_("No loan is overdue: nothing to do but keep paying on time"))
            return
        self.app.push_screen(PlaybookScreen(self.ledger, self.today, loan_id))

    def on_due_list_item_chosen(self, message: DueList.ItemChosen) -> None:
        # The detail and the bill form are imported when chosen, not with the dashboard.
        from budget.ui.screens.bill_forms import BillPaymentForm
        from budget.ui.screens.loan_detail import LoanDetailScreen
        from budget.ui.screens.playbook import PlaybookScreen

        item = message.item
        if item.kind == LOAN and item.status in LATE:
            # Late is when help matters most: the playbook, not just the schedule.
            self.app.push_screen(PlaybookScreen(self.ledger, self.today, item.ref[1]))
        elif item.kind == LOAN:
            self.app.push_screen(LoanDetailScreen(self.ledger, self.today, item.ref[1]))
        elif item.kind == FOLLOWUP:
            self.app.push_screen(PlaybookScreen(self.ledger, self.today, item.loan_id))
        else:
            self.app.push_screen(BillPaymentForm(self.ledger, self.today, item.name,
                                                 item.amount, item.due_date, item.currency))
