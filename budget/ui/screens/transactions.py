"""TransactionsScreen: one month of transactions, filtered, paged by keyset, newest first."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Label, Select, Static

from budget.domain.dates import month_bounds, step_month
from budget.domain.ledger import Account, Category, Transaction
from budget.domain.money import format_amount
from budget.i18n import _
from budget.l10n import format_month
from budget.services.ledger import loan_row_refusal
from budget.storage.ledger import LoanRowError, TransactionFilter
from budget.ui.literal import literal
from budget.ui.messages import TransactionDeleted, TransactionRefused, TransactionsRestored
from budget.ui.screens.base import LedgerScreen
from budget.ui.screens.entry import EntryForm
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.plain_input import PlainInput
from budget.ui.widgets.transactions import TransactionTable

PAGE_SIZE = 200
# Start fetching the next page this many rows before the cursor reaches the end.
PREFETCH_ROWS = 50


class TransactionsScreen(LedgerScreen):
    """Never loads a whole month: pages of PAGE_SIZE rows arrive as the cursor moves down."""

    CSS_PATH = "transactions.tcss"
    BINDINGS = [
        Binding("left_square_bracket", "month(-1)", _("Previous"), key_display="[",
                tooltip=_("Previous month"), id="transactions.previous_month"),
        Binding("right_square_bracket", "month(1)", _("Next"), key_display="]",
                tooltip=_("Next month"), id="transactions.next_month"),
        Binding("e", "edit", _("Edit"), id="transactions.edit"),
        Binding("x,delete", "delete", _("Delete"), key_display="x",
                id="transactions.delete"),
        Binding("u", "undo", _("Undo"), id="transactions.undo"),
        Binding("slash", "search", _("Search"), key_display="/", id="transactions.search"),
        Binding("escape", "focus_list", _("Back to the list"), show=False,
                id="transactions.focus_list"),
    ]

    class PageLoaded(Message):
        """A page of rows was read for load number `generation`."""

        def __init__(self, generation: int, rows: list[Transaction], append: bool) -> None:
            super().__init__()
            self.generation, self.rows, self.append = generation, rows, append

    class CountLoaded(Message):
        """The number and signed sum of the rows that match the filter were read."""

        def __init__(self, generation: int, count: int, total: int) -> None:
            super().__init__()
            self.generation, self.count, self.total = generation, count, total

    class ChoicesLoaded(Message):
        """Categories and accounts for the filter drop-downs were read."""

        def __init__(self, categories: list[Category], accounts: list[Account]) -> None:
            super().__init__()
            self.categories, self.accounts = categories, accounts

    def __init__(self, ledger, today) -> None:
        super().__init__(ledger, today)
        current = today()
        self.year, self.month = current.year, current.month
        self.category_id: int | None = None
        self.account_id: int | None = None
        self.text = ""
        self.currency = "CNY"
        self._generation = 0
        self._after: tuple[str, int] | None = None
        self._exhausted = True
        self._loading = False
        self._undo: list[list[dict]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Label(id="month", markup=False)
            yield Select([], prompt=_("All categories"), id="category-filter", compact=True)
            yield Select([], prompt=_("All accounts"), id="account-filter", compact=True)
            yield PlainInput(placeholder=_("Search payee, note, category"), id="search",
                        compact=True)
        yield Static(id="count", markup=False)
        yield TransactionTable(id="transactions")
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(TransactionTable).focus()

    def reload(self) -> None:
        self._load_choices()
        self.load_month()

    def _filter(self) -> TransactionFilter:
        start, end = month_bounds(self.year, self.month)
        return TransactionFilter(start=start, end=end, category_id=self.category_id,
                                 account_id=self.account_id, text=self.text.strip())

    def load_month(self) -> None:
        """Start over at the newest row of the month for the current filter."""
        self._generation += 1
        self._after, self._exhausted, self._loading = None, False, True
        self.query_one("#month", Label).update(format_month(self.year, self.month))
        self._load(self._generation, self._filter(), None)

    @work(thread=True, exclusive=True, group="transactions")
    def _load(self, generation: int, where: TransactionFilter,
              after: tuple[str, int] | None) -> None:
        self.post_message(self.PageLoaded(
            generation, self.ledger.transactions(where, limit=PAGE_SIZE, after=after),
            append=after is not None))
        if after is None:
            # After the first page, so the list shows before the month is counted.
            count, total = self.ledger.count_transactions(where)
            self.post_message(self.CountLoaded(generation, count, total))

    @work(thread=True, exclusive=True, group="transaction-choices")
    def _load_choices(self) -> None:
        self.post_message(self.ChoicesLoaded(self.ledger.categories(include_archived=True),
                                             self.ledger.accounts(include_archived=True)))

    @on(ChoicesLoaded)
    def _choices_loaded(self, message: ChoicesLoaded) -> None:
        if message.accounts:
            self.currency = message.accounts[0].currency
        archived = " " + _("(archived)")
        with self.prevent(Select.Changed):
            for select, items in ((self.query_one("#category-filter", Select),
                                   message.categories),
                                  (self.query_one("#account-filter", Select), message.accounts)):
                current = select.value
                select.set_options([(literal(item.name + (archived if item.archived else "")),
                                     item.id) for item in items])
                if current in {item.id for item in items}:
                    select.value = current

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        if message.generation != self._generation:
            return
        table = self.query_one(TransactionTable)
        if message.append:
            table.append(message.rows, today=self.today())
        else:
            # Keep the cursor where it was after an edit or delete, as far as the page goes.
            row = table.cursor_row
            table.replace(message.rows, today=self.today())
            if table.row_count:
                table.move_cursor(row=min(row, table.row_count - 1), animate=False)
        if message.rows:
            last = message.rows[-1]
            self._after = (last.date.isoformat(), last.id)
        self._exhausted = len(message.rows) < PAGE_SIZE
        self._loading = False
        self._maybe_load_more()

    @on(CountLoaded)
    def _count_loaded(self, message: CountLoaded) -> None:
        if message.generation != self._generation:
            return
        from budget.domain.words import counted

        self.query_one("#count", Static).update(
            _("{transactions} · total {total}").format(
                transactions=counted(message.count, "{count} transaction",
                                     "{count} transactions"),
                total=format_amount(message.total, self.currency, plus=True)))

    @on(DataTable.RowHighlighted)
    def _maybe_load_more(self) -> None:
        table = self.query_one(TransactionTable)
        if self._exhausted or self._loading or self._after is None:
            return
        if table.cursor_row >= table.row_count - PREFETCH_ROWS:
            self._loading = True
            self._load(self._generation, self._filter(), self._after)

    @on(Select.Changed)
    def _filter_chosen(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else event.value
        if event.select.id == "category-filter":
            self.category_id = value
        else:
            self.account_id = value
        self.load_month()

    @on(Input.Changed, "#search")
    def _search_typed(self, event: Input.Changed) -> None:
        self.text = event.value
        self.load_month()

    @on(Input.Submitted, "#search")
    def action_focus_list(self) -> None:
        self.query_one(TransactionTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_month(self, step: int) -> None:
        self.year, self.month = step_month(self.year, self.month, step)
        self.load_month()

    @on(DataTable.RowSelected)
    def action_edit(self) -> None:
        tx = self.query_one(TransactionTable).transaction_at_cursor()
        if tx is None:
            return
        if tx.belongs_to_loan:
            self._explain_loan_row(tx.id)
            return
        if tx.is_transfer:
            self.notify(_("A transfer cannot be edited: delete it (x) and enter it again"),
                        severity="warning")
            return
        self.app.push_screen(EntryForm(self.ledger, self.today, editing=tx))

    @work(thread=True, exclusive=True, group="transaction-read")
    def _explain_loan_row(self, transaction_id: int) -> None:
        owner = self.ledger.loan_row_owner(transaction_id)
        if owner is not None:
            self.post_message(TransactionRefused(loan_row_refusal(owner)))

    @on(TransactionRefused)
    def _refused(self, message: TransactionRefused) -> None:
        self.notify(message.reason, severity="warning", timeout=10)

    def action_delete(self) -> None:
        tx = self.query_one(TransactionTable).transaction_at_cursor()
        if tx is not None:
            self._delete(tx.id)

    @work(thread=True, exclusive=True, group="transaction-write")
    def _delete(self, transaction_id: int) -> None:
        try:
            rows = self.ledger.delete_transaction(transaction_id)
        except LoanRowError as error:
            self.post_message(TransactionRefused(loan_row_refusal(error)))
            return
        self.post_message(TransactionDeleted(rows))

    @on(TransactionDeleted)
    def _deleted(self, message: TransactionDeleted) -> None:
        self._undo.append(message.rows)
        first = message.rows[0]
        what = _("transfer") if first["transfer_id"] else _("transaction")
        self.notify(_("Deleted {what} of {date}, {amount} — press u to undo").format(
            what=what, date=first["date"],
            amount=format_amount(first["amount"], self.currency, plus=True)))

    def action_undo(self) -> None:
        if not self._undo:
            self.notify(_("Nothing to undo"))
            return
        self._restore(self._undo.pop())

    @work(thread=True, exclusive=True, group="transaction-write")
    def _restore(self, rows: list[dict]) -> None:
        self.ledger.restore_transactions(rows)
        self.post_message(TransactionsRestored())

    @on(TransactionsRestored)
    def _restored(self) -> None:
        self.notify(_("Restored the deleted transaction"))
