"""ManageScreen: add, rename, flag and archive accounts and categories."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Header

from budget.domain.ledger import Account, AccountKind, Category, CategoryKind
from budget.domain.money import AmountError, format_amount, parse_amount
from budget.i18n import _, listing
from budget.services.ledger import EntryError
from budget.ui.messages import AccountsChanged
from budget.ui.screens.base import LedgerScreen
from budget.ui.screens.item_form import ItemForm
from budget.ui.widgets.footer import KeyFooter


class ManageScreen(LedgerScreen):
    """Acts on the table that has focus: Tab moves between accounts and categories."""

    CSS_PATH = "manage.tcss"
    BINDINGS = [
        Binding("n", "new", _("New"), id="manage.new"),
        Binding("r", "rename", _("Rename"), id="manage.rename"),
        Binding("m", "flag", _("Essential/reserve"), id="manage.flag",
                tooltip=_("Mark a category essential or an account as emergency reserve")),
        Binding("x", "archive", _("Archive"), id="manage.archive",
                tooltip=_("Archive or bring back; history is kept")),
        Binding("delete", "delete", _("Delete unused"), key_display="del",
                id="manage.delete", tooltip=_("Delete a category that has no transactions")),
        Binding("u", "undo", _("Undo"), id="manage.undo"),
    ]

    class ItemsLoaded(Message):
        """Accounts and categories, archived ones included, were read."""

        def __init__(self, accounts: list[Account], categories: list[Category]) -> None:
            super().__init__()
            self.accounts, self.categories = accounts, categories

    class CategoryDeleted(AccountsChanged):
        """An unused category was deleted; keep it to offer undo."""

        def __init__(self, category: Category) -> None:
            super().__init__()
            self.category = category

    def __init__(self, ledger, today) -> None:
        super().__init__(ledger, today)
        self.accounts: dict[str, Account] = {}
        self.categories: dict[str, Category] = {}
        self._deleted: list[Category] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="manage-body"):
            with Vertical(classes="panel") as panel:
                panel.border_title = _("Accounts")
                yield DataTable(id="accounts-table", cursor_type="row")
            with Vertical(classes="panel") as panel:
                panel.border_title = _("Categories")
                yield DataTable(id="categories-table", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        accounts = self.query_one("#accounts-table", DataTable)
        accounts.add_columns(_("Account"), _("Kind"), _("Balance"), _("Flags"))
        self.query_one("#categories-table", DataTable).add_columns(
            _("Category"), _("Kind"), _("Flags"))
        accounts.focus()
        super().on_mount()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="manage-load")
    def _load(self) -> None:
        self.post_message(self.ItemsLoaded(self.ledger.accounts(include_archived=True),
                                           self.ledger.categories(include_archived=True)))

    @on(ItemsLoaded)
    def _loaded(self, message: ItemsLoaded) -> None:
        self.accounts = {str(a.id): a for a in message.accounts}
        self.categories = {str(c.id): c for c in message.categories}
        self._fill("#accounts-table", [
            (str(a.id), a.name, _(str(a.kind)),
             format_amount(a.balance, a.currency, symbol=True),
             _flags((a.reserve, _("reserve")), (a.archived, _("archived"))))
            for a in message.accounts])
        self._fill("#categories-table", [
            (str(c.id), c.name, _(str(c.kind)),
             _flags((c.essential, _("essential")), (c.archived, _("archived"))))
            for c in message.categories])

    def _fill(self, selector: str, rows: list[tuple[str, ...]]) -> None:
        table = self.query_one(selector, DataTable)
        row = table.cursor_row
        selected = (table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
                    if table.row_count else None)
        table.clear()
        for key, *cells in rows:
            table.add_row(*cells, key=key)
        # Archiving moves a row to the end: the cursor follows the item, not the position.
        keys = [key for key, *_cells in rows]
        if selected in keys:
            row = keys.index(selected)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)

    def _selected(self) -> Account | Category | None:
        table = self.query_one("#categories-table" if self._on_categories() else
                               "#accounts-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        return (self.categories if self._on_categories() else self.accounts).get(key)

    def _on_categories(self) -> bool:
        return self.focused is not None and self.focused.id == "categories-table"

    def action_new(self) -> None:
        if self._on_categories():
            kinds = [(_(str(kind)), str(kind)) for kind in (CategoryKind.EXPENSE,
                                                            CategoryKind.INCOME)]
            self.app.push_screen(ItemForm(_("New category"), self._add_category, kinds=kinds))
        else:
            kinds = [(_(str(kind)), str(kind)) for kind in AccountKind]
            self.app.push_screen(ItemForm(_("New account"), self._add_account, kinds=kinds,
                                          opening_balance=True))

    def _add_category(self, values: dict[str, str]) -> None:
        self.ledger.add_category(_required_name(values), CategoryKind(values["kind"]))

    def _add_account(self, values: dict[str, str]) -> None:
        try:
            opening = parse_amount(values.get("opening") or "0")
        except AmountError as error:
            raise EntryError("opening", str(error)) from error
        self.ledger.add_account(_required_name(values), AccountKind(values["kind"]),
                                opening_balance=opening)

    def action_rename(self) -> None:
        item = self._selected()
        if item is None:
            return
        update = (self.ledger.update_category if isinstance(item, Category)
                  else self.ledger.update_account)
        self.app.push_screen(ItemForm(
            _("Rename {name}").format(name=item.name),
            lambda values: update(item.id, name=_required_name(values)), name=item.name))

    def action_flag(self) -> None:
        item = self._selected()
        if isinstance(item, Category):
            self._write(self.ledger.update_category, item.id, essential=not item.essential)
        elif isinstance(item, Account):
            self._write(self.ledger.update_account, item.id, reserve=not item.reserve)

    def action_archive(self) -> None:
        item = self._selected()
        if isinstance(item, Category):
            self._write(self.ledger.update_category, item.id, archived=not item.archived)
        elif isinstance(item, Account):
            self._write(self.ledger.update_account, item.id, archived=not item.archived)

    @work(thread=True, exclusive=True, group="manage-write")
    def _write(self, update, item_id: int, **fields) -> None:
        update(item_id, **fields)
        self.post_message(AccountsChanged())

    def action_delete(self) -> None:
        item = self._selected()
        if not isinstance(item, Category):
            self.notify(_("Accounts are archived (x), not deleted, so their history stays"),
                        severity="warning")
            return
        self._delete_category(item)

    @work(thread=True, exclusive=True, group="manage-write")
    def _delete_category(self, category: Category) -> None:
        if self.ledger.has_transactions(category_id=category.id):
            # History must stay readable: a used category is archived instead.
            self.ledger.update_category(category.id, archived=True)
            self.app.call_from_thread(self.notify, _(
                "{name} has transactions, so it was archived instead of deleted").format(
                    name=category.name))
            self.post_message(AccountsChanged())
            return
        self.ledger.delete_category(category.id)
        self.post_message(self.CategoryDeleted(category))

    @on(CategoryDeleted)
    def _category_deleted(self, message: CategoryDeleted) -> None:
        self._deleted.append(message.category)
        self.notify(_("Deleted category {name} — press u to undo").format(
            name=message.category.name))

    def action_undo(self) -> None:
        if not self._deleted:
            self.notify(_("Nothing to undo"))
            return
        self._restore_category(self._deleted.pop())

    @work(thread=True, exclusive=True, group="manage-write")
    def _restore_category(self, category: Category) -> None:
        self.ledger.add_category(category.name, category.kind, essential=category.essential)
        self.post_message(AccountsChanged())


def _required_name(values: dict[str, str]) -> str:
    name = values.get("name", "").strip()
    if not name:
        raise EntryError("name", _("Enter a name"))
    return name


def _flags(*flags: tuple[bool, str]) -> str:
    return listing(label for on_, label in flags if on_)
