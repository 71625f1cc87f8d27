"""DueList: what is due and overdue, overdue first; choosing an item posts ItemChosen."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from budget.domain.money import format_amount
from budget.domain.reminders import DueItem
from budget.domain.repayment import Status
from budget.i18n import _, ngettext
from budget.services.due_rows import DueRow


def _money(item: DueItem, minor: int) -> str:
    return format_amount(minor, item.currency, symbol=True)


def days_text(count: int) -> str:
    return ngettext("{count} day", "{count} days", count).format(count=count)


def when_text(row: DueRow) -> str:
    """Calm words for where an item stands: "2 days overdue · penalty ¥1.00 · +¥0.50/day"."""
    item = row.item
    if item.status == Status.OVERDUE:
        parts = [_("{days} overdue").format(days=days_text(-item.days))]
        if item.penalty:
            parts.append(_("penalty {amount}").format(amount=_money(item, item.penalty)))
        if row.next_day_cost:
            parts.append(_("+{amount}/day").format(amount=_money(item, row.next_day_cost)))
        return " · ".join(parts)
    if item.status == Status.IN_GRACE:
        return _("{days} past due · in grace, no penalty yet").format(days=days_text(-item.days))
    if item.days == 0:
        return _("due today")
    if item.days == 1:
        return _("due tomorrow · {date}").format(date=item.due_date.isoformat())
    return _("in {days} · {date}").format(days=days_text(item.days),
                                          date=item.due_date.isoformat())


class DueList(OptionList):
    """Two lines per item: what and how much, then when; the screen passes rows in order."""

    COMPONENT_CLASSES = OptionList.COMPONENT_CLASSES | {
        "due-list--late", "due-list--when"}

    DEFAULT_CSS = """
    DueList {
        height: 1fr;
        border: none;
        padding: 0;
        background: transparent;
    }
    DueList:focus {
        border: none;
        background-tint: $foreground 5%;
    }
    DueList > .due-list--late { color: $text-warning; }
    DueList > .due-list--when { color: $text-muted; }
    """

    class ItemChosen(Message):
        """The user pressed Enter on a due item."""

        def __init__(self, item: DueItem) -> None:
            super().__init__()
            self.item = item

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._items: dict[str, DueItem] = {}

    def show(self, rows: list[DueRow], days: int) -> None:
        """Show `rows`, keeping the highlight on the same item when it is still there."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self._items = {_key(row.item): row.item for row in rows}
        options = [Option(self._prompt(row), id=_key(row.item)) for row in rows]
        if not options:
            options = [Option(Text(ngettext("Nothing due in {days} day",
                                            "Nothing due in {days} days", days).format(days=days),
                                   style=self.get_component_rich_style("due-list--when",
                                                                       partial=True)),
                              disabled=True)]
        self.set_options(options)
        if highlighted in self._items:
            self.highlighted = self.get_option_index(highlighted)
        elif rows:
            self.highlighted = 0

    def _prompt(self, row: DueRow) -> Group:
        item = row.item
        late = item.status in (Status.OVERDUE, Status.IN_GRACE)
        # Partial: a style with the widget's own background would hide the highlight.
        style = self.get_component_rich_style("due-list--late" if late else "due-list--when",
                                              partial=True)
        head = Table.grid(expand=True, padding=(0, 1))
        head.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        head.add_column(justify="right", no_wrap=True)
        head.add_row(item.label, format_amount(item.amount, item.currency, symbol=True))
        return Group(head, Text(when_text(row), style=style))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self._items.get(event.option.id or "")
        if item is not None:
            self.post_message(self.ItemChosen(item))


def _key(item: DueItem) -> str:
    return "-".join(str(part) for part in item.ref)
