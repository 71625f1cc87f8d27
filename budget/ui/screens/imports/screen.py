"""ImportScreen: open an export, see what each row becomes, fix categories, import, undo."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import DataTable, Header, Input, ProgressBar, Static

from budget.domain.imports.plan import Outcome
from budget.domain.money import format_amount
from budget.i18n import N_, _, listing
from budget.services import imports
from budget.services.imports import ImportProblem, Preview
from budget.ui.messages import LedgerChanged
from budget.ui.screens.base import LedgerScreen
from budget.ui.screens.imports.pickers import ChoicePicker
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.plain_input import PlainInput
from budget.ui.widgets.plain_table import PlainTable

SHOWN_ROWS = 2000
STAGES = {"read": N_("Reading"), "check": N_("Checking"), "write": N_("Importing")}
# Rows that need the user first: those without a category, then skipped, then the rest.
_ORDER = {"needs": 0, Outcome.SKIPPED: 1, Outcome.NEW: 2, Outcome.MATCHED: 3,
          Outcome.DUPLICATE: 4}


class PathSuggester(Suggester):
    """Completes file and folder names as they are typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        path = Path(value).expanduser()
        folder, stem = (path, "") if value.endswith("/") else (path.parent, path.name)
        try:
            names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                           if p.name.startswith(stem) and not p.name.startswith("."))
        except OSError:
            return None
        return value + names[0][len(stem):] if names else None


class ImportScreen(LedgerScreen):
    """A file's rows with their fate before anything is written; one batch per import."""

    CSS_PATH = "imports.tcss"
    # The rows first, so the footer shows the screen's keys; o goes to the path.
    AUTO_FOCUS = "#import-rows"
    BINDINGS = [
        Binding("o", "open", _("Open file"), id="import.open"),
        Binding("e", "category", _("Category"), tooltip=_("Fix the category of the row"),
                id="import.category"),
        Binding("n", "next_needing", _("Next to fix"),
                tooltip=_("Next row that needs a category"), id="import.next"),
        Binding("m", "method", _("Map method"),
                tooltip=_("Book the row's paying method in one of your accounts"),
                id="import.method"),
        # Not i: that key opens this screen, and a double press must never write.
        Binding("s", "import_rows", _("Import now"), tooltip=_("Import the new rows"),
                id="import.write"),
        Binding("u", "undo", _("Undo import"), tooltip=_("Undo the last import batch"),
                id="import.undo"),
    ]

    class PreviewReady(Message):
        """A file was read and every row's fate decided."""

        def __init__(self, preview: Preview) -> None:
            super().__init__()
            self.preview = preview

    class ImportFailed(Message):
        """Reading or writing was refused; `reason` says why."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class Imported(LedgerChanged):
        """A batch was written."""

        def __init__(self, batch: int | None, added: int) -> None:
            super().__init__()
            self.batch, self.added = batch, added

    class Undone(LedgerChanged):
        """A batch was undone."""

        def __init__(self, batch: int, removed: int) -> None:
            super().__init__()
            self.batch, self.removed = batch, removed

    def __init__(self, ledger, today) -> None:
        super().__init__(ledger, today)
        self.preview: Preview | None = None
        self.methods: dict[str, int] = {}
        self.fixes: dict[str, int] = {}
        self.batches: list[int] = []
        self._row_keys: list[int] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlainInput(placeholder=_("o, then the path of an Alipay, WeChat Pay or bank "
                                       "export; Enter reads it"), id="import-path",
                         suggester=PathSuggester())
        yield Static(_("Nothing is written until you press s."), id="import-summary", markup=False)
        yield ProgressBar(id="import-progress", show_eta=False)
        yield PlainTable(id="import-rows", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Line"), width=5, key="line")
        table.add_column(_("Date"), width=10, key="date")
        table.add_column(_("Amount"), width=12, key="amount")
        table.add_column(_("Fate"), key="fate")
        table.add_column(_("Category"), key="category")
        table.add_column(_("Payee / reason"), width=36, key="text")
        table.add_column(_("Account"), key="account")
        self.query_one("#import-progress").display = False
        self.query_one(DataTable).focus()
        super().on_mount()

    def reload(self) -> None:
        """Nothing to load until a file is chosen."""

    # -- reading --------------------------------------------------------------------

    @on(Input.Submitted, "#import-path")
    def _path_entered(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.fixes.clear()
            self._read(event.value.strip(), dict(self.methods))

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.app.call_from_thread(self._show_progress, stage, done, total)

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#import-summary", Static).update(
            _("{stage} … {done} of {total} rows").format(stage=_(STAGES[stage]), done=f"{done:,}",
                                                         total=f"{total:,}"))

    @work(thread=True, exclusive=True, group="import-read")
    def _read(self, path: str, methods: dict[str, int]) -> None:
        try:
            self.post_message(self.PreviewReady(imports.preview(
                self.ledger, path, methods=methods, progress=self._progress)))
        except ImportProblem as error:
            self.post_message(self.ImportFailed(str(error)))

    @on(ImportFailed)
    def _failed(self, message: ImportFailed) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#import-summary", Static).update(Text(message.reason, style="bold"))
        self.notify(message.reason, severity="error", timeout=8)

    @on(PreviewReady)
    def _preview_ready(self, message: PreviewReady) -> None:
        self.preview = message.preview
        # Fixes made before a method was mapped (which reads the file again) still hold.
        for index, planned in enumerate(self.preview.plan.rows):
            if planned.key in self.fixes and self.preview.plan.uses_category(planned):
                imports.fix_category(self.ledger, self.preview, index, self.fixes[planned.key])
        self.query_one(ProgressBar).display = False
        self._show()
        self.query_one(DataTable).focus()

    # -- showing --------------------------------------------------------------------

    def _summary(self) -> str:
        preview = self.preview
        counts = preview.counts()
        lines = [_("{format}, {rows} rows: {new} new · {duplicates} duplicates · {skipped} "
                   "skipped · {needs} need a category").format(
            format=_(preview.plan.statement.label), rows=f"{counts['rows']:,}",
            new=f"{counts['new']:,}", duplicates=f"{counts['duplicates']:,}",
            skipped=f"{counts['skipped']:,}", needs=f"{counts['needs_category']:,}")]
        if preview.plan.unmapped_methods:
            lines.append(_("Methods with no account (m maps one): {methods}").format(
                methods=listing(preview.plan.unmapped_methods)))
        return "\n".join(lines)

    def _show(self, *, resort: bool = True) -> None:
        """Fill the table; `resort` puts rows needing a category first (a fix keeps order)."""
        preview = self.preview
        plan = preview.plan
        self.query_one("#import-summary", Static).update(self._summary())
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()

        def order(index: int) -> tuple[int, int]:
            row = plan.rows[index]
            needs = row.needs_category and plan.uses_category(row)
            return _ORDER["needs" if needs else row.outcome], index

        if resort:
            self._row_keys = sorted(range(len(plan.rows)), key=order)[:SHOWN_ROWS]
        for index in self._row_keys:
            table.add_row(*self._cells(index), key=str(index))
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)

    def _cells(self, index: int) -> list:
        preview, planned = self.preview, self.preview.plan.rows[index]
        row = planned.row
        fate = {Outcome.NEW: _("new"), Outcome.DUPLICATE: _("duplicate"),
                Outcome.MATCHED: _("matched"), Outcome.SKIPPED: _("skipped")}[planned.outcome]
        category = ""
        if preview.plan.uses_category(planned):
            category = preview.categories.get(planned.category_id, "")
            if planned.needs_category:
                fate = _("needs category")
                category = Text(category, style="italic")
        elif planned.booking is not None and planned.booking.value == "transfer":
            category = _("Transfer")
        accounts = " → ".join(preview.accounts.get(account_id, "")
                              for account_id in (planned.account_id, planned.to_account_id)
                              if account_id)
        text = planned.reason if planned.outcome is not Outcome.NEW else \
            " · ".join(part for part in (row.payee, row.item) if part)
        amount = format_amount(planned.amount if planned.booking else row.signed, plus=True)
        return [str(row.line), row.on.isoformat(), Text(amount, justify="right"), fate,
                category, Text(text, overflow="ellipsis", no_wrap=True), accounts]

    def _selected(self) -> int | None:
        table = self.query_one(DataTable)
        if self.preview is None or not table.row_count:
            return None
        return self._row_keys[table.cursor_row]

    # -- fixing ---------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def action_category(self) -> None:
        index = self._selected()
        if index is None:
            return
        planned = self.preview.plan.rows[index]
        if not self.preview.plan.uses_category(planned):
            self.notify(_("This row is not imported with a category"), severity="warning")
            return
        # Money in may also lower spending (a friend paying back their half of a meal):
        # every category is offered, those of the row's own kind first.
        kind = "income" if planned.booking.value == "income" else "expense"
        choices = [(c.name, c.id) for c in sorted(self.ledger.categories(),
                                                  key=lambda c: str(c.kind) != kind)]
        question = _("{payee} {amount}: budget remembers your choice for this payee").format(
            payee=planned.row.payee or planned.row.item,
            amount=format_amount(planned.amount, plus=True))
        self.app.push_screen(ChoicePicker(_("Category"), question, choices),
                             lambda chosen: self._category_chosen(index, chosen))

    def _category_chosen(self, index: int, category_id: int | None) -> None:
        if category_id is None or self.preview is None:
            return
        imports.fix_category(self.ledger, self.preview, index, category_id)
        self.fixes[self.preview.plan.rows[index].key] = category_id
        self._show(resort=False)

    def action_next_needing(self) -> None:
        if self.preview is None:
            return
        table, plan = self.query_one(DataTable), self.preview.plan
        for position in range(table.cursor_row + 1, len(self._row_keys)):
            row = plan.rows[self._row_keys[position]]
            if row.needs_category and plan.uses_category(row):
                table.move_cursor(row=position)
                return
        self.notify(_("No more rows need a category"))

    def action_method(self) -> None:
        index = self._selected()
        if index is None:
            return
        method = self.preview.plan.rows[index].row.method
        if not method:
            self.notify(_("This row names no paying method"), severity="warning")
            return
        choices = [(a.name, a.id) for a in self.ledger.accounts()]
        question = _("Book rows paid with {method} in which account? budget remembers it.")
        self.app.push_screen(ChoicePicker(_("Paying method"), question.format(method=method),
                                          choices),
                             lambda chosen: self._method_chosen(method, chosen))

    def _method_chosen(self, method: str, account_id: int | None) -> None:
        if account_id is None or self.preview is None:
            return
        self.methods[method] = account_id
        self._read(str(self.preview.path), dict(self.methods))

    # -- writing --------------------------------------------------------------------

    def action_open(self) -> None:
        self.query_one(Input).focus()

    def action_import_rows(self) -> None:
        if self.preview is None:
            self.notify(_("Open a file first (o)"), severity="warning")
            return
        preview, self.preview = self.preview, None
        self._write(preview)

    @work(thread=True, exclusive=True, group="import-write")
    def _write(self, preview: Preview) -> None:
        try:
            batch = imports.commit(self.ledger, preview, progress=self._progress)
        except ImportProblem as error:
            self.post_message(self.ImportFailed(str(error)))
            return
        self.post_message(self.Imported(batch, preview.counts()["new"]))

    @on(Imported)
    def _imported(self, message: Imported) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one(DataTable).clear()
        if message.batch is None:
            text = _("Nothing new to import.")
        else:
            self.batches.append(message.batch)
            text = _("Imported {count} rows as batch {batch}. u undoes it.").format(
                count=f"{message.added:,}", batch=message.batch)
        self.query_one("#import-summary", Static).update(text)
        self.notify(text)

    def action_undo(self) -> None:
        if not self.batches:
            self.notify(_("No import to undo in this session; `budget import list` shows "
                          "older ones"), severity="warning")
            return
        self._undo(self.batches[-1])

    @work(thread=True, exclusive=True, group="import-write")
    def _undo(self, batch: int) -> None:
        try:
            removed = imports.undo(self.ledger, batch)
        except ImportProblem as error:
            self.post_message(self.ImportFailed(str(error)))
            return
        self.post_message(self.Undone(batch, removed))

    @on(Undone)
    def _undone(self, message: Undone) -> None:
        self.batches.remove(message.batch)
        text = _("Undid batch {batch}: removed {count} rows.").format(
            batch=message.batch, count=f"{message.removed:,}")
        self.query_one("#import-summary", Static).update(text)
        self.notify(text)
