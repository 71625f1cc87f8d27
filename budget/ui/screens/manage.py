"""ManageScreen: add, rename, flag and archive accounts and categories."""

from __future__ import annotations

from functools import partial

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
from budget.ui.literal import literal
from budget.ui.messages import AccountsChanged
from budget.ui.screens.base import LedgerScreen
from budget.ui.screens.item_form import ItemForm
from budget.ui.widgets.fitted_table import FittedTable
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
        Binding("e", "opening", _("Opening balance"), id="manage.opening",
                tooltip=_("Set the selected account's balance on the day tracking began")),
    ]

    class ItemsLoaded(Message):
        """Accounts and categories, archived ones included, were read."""

        def __init__(self, accounts: list[Account], categories: list[Category]) -> None:
            super().__init__()
            self.accounts, self.categories = accounts, categories

    class ItemChanged(AccountsChanged):
        """An account or category was flagged, archived or brought back; `notice` says so."""

        def __init__(self, notice: str) -> None:
            super().__init__()
            self.notice = notice

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
                panel.border_title = literal(_("Accounts"))
                yield FittedTable(id="accounts-table", cursor_type="row")
            with Vertical(classes="panel") as panel:
                panel.border_title = literal(_("Categories"))
                yield FittedTable(id="categories-table", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        accounts = self.query_one("#accounts-table", FittedTable)
        accounts.add_fitted_column(_("Account"), floor=8)
        accounts.add_fitted_column(_("Kind"))
        accounts.add_fitted_column(_("Balance"), number=True)
        # The flags say what x and m just did: never shortened away.
        accounts.add_fitted_column(_("Flags"), floor=8)
        categories = self.query_one("#categories-table", FittedTable)
        categories.add_fitted_column(_("Category"), floor=10)
        categories.add_fitted_column(_("Kind"))
        categories.add_fitted_column(_("Flags"), floor=9)
        accounts.focus()
        super().on_mount()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="manage-load")
    def _load(self) -> None:
        accounts = self.ledger.accounts(include_archived=True, as_of=self.today())
        self.post_message(self.ItemsLoaded(accounts,
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
            table.add_row(*(literal(cell) for cell in cells), key=key)
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
            notice = (_("{name} is no longer essential: it leaves the reserve's baseline")
                      if item.essential else
                      _("{name} is essential now: it counts toward the reserve's target"))
            self._write(self.ledger.update_category, item.id, notice.format(name=item.name),
                        essential=not item.essential)
        elif isinstance(item, Account):
            notice = (_("{name} no longer holds the emergency reserve: its money is for "
                        "spending again") if item.reserve else
                      _("{name} holds the emergency reserve now: it is not spending money"))
            self._write(self.ledger.update_account, item.id, notice.format(name=item.name),
                        reserve=not item.reserve)

    def action_archive(self) -> None:
        item = self._selected()
        if item is None:
            return
        notice = (_("Brought back {name}") if item.archived else
                  _("Archived {name}: its history stays; x again brings it back"))
        update = (self.ledger.update_category if isinstance(item, Category)
                  else self.ledger.update_account)
        self._write(update, item.id, notice.format(name=item.name),
                    archived=not item.archived)

    def action_opening(self) -> None:
        item = self._selected()
        if not isinstance(item, Account):
            self.notify(_("Choose an account (Tab to the accounts) to set its opening "
                          "balance"), severity="warning")
            return
        self.app.push_screen(ItemForm(
            _("Opening balance of {name}").format(name=item.name),
            partial(self._set_opening, item), name=item.name, opening_balance=True,
            opening=format_amount(item.opening_balance, item.currency), name_locked=True))

    def _set_opening(self, account: Account, values: dict[str, str]) -> None:
        from budget.services.ledger import set_opening_balance

        set_opening_balance(self.ledger, account.name, values.get("opening") or "0")

    @work(thread=True, exclusive=True, group="manage-write")
    def _write(self, update, item_id: int, notice: str, **fields) -> None:
        update(item_id, **fields)
        self.post_message(self.ItemChanged(notice))

    @on(ItemChanged)
    def _item_changed(self, message: ItemChanged) -> None:
        self.notify(message.notice)

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
