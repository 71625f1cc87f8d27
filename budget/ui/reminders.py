"""DueReminders: what is due when the app opens, and again when the date rolls over."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from textual.app import App
from textual.message import Message

from budget.domain.money import format_amount
from budget.domain.reminders import FOLLOWUP, LOAN, DueItem
from budget.domain.repayment import Status
from budget.i18n import _
from budget.services.due_rows import DueRow, OpeningReminders, opening_reminders
from budget.storage.ledger import Ledger
from budget.ui.messages import DayChanged
from budget.ui.widgets.due import when_text

CHECK_SECONDS = 60
LISTED = 4  # items named in one notification; the dashboard has the rest
NOTICE_SECONDS = 12


class RemindersLoaded(Message):
    """What needs attention and what fell due since the last opening were read."""

    def __init__(self, reminders: OpeningReminders) -> None:
        super().__init__()
        self.reminders = reminders


class DueReminders:
    """Owned by the app: reads in a thread worker, posts RemindersLoaded to the app, which
    hands it back to `show`. A timer compares `today()` with the last day seen, so an app
    left open overnight reloads and reminds again."""

    def __init__(self, app: App, ledger: Ledger, today: Callable[[], date]) -> None:
        self.app, self.ledger, self.today = app, ledger, today
        self.seen: date | None = None

    def start(self) -> None:
        self.seen = self.today()
        self.app.set_interval(CHECK_SECONDS, self.check_date, name="due-reminders")
        self._load(self.seen)

    def check_date(self) -> None:
        current = self.today()
        if current == self.seen:
            return
        self.seen = current
        self.app.post_message(DayChanged(current))
        self._load(current)

    def _load(self, as_of: date) -> None:
        self.app.run_worker(partial(self._read, as_of), thread=True, exclusive=True,
                            group="due-reminders")

    def _read(self, as_of: date) -> None:
        self.app.post_message(RemindersLoaded(opening_reminders(self.ledger, as_of)))

    def show(self, reminders: OpeningReminders) -> None:
        if reminders.attention:
            late = any(item.status == Status.OVERDUE for item in reminders.attention)
            self.app.notify(_lines(reminders.attention), title=_("Due and overdue"),
                            severity="warning" if late else "information",
                            timeout=NOTICE_SECONDS)
        if reminders.fell_due:
            self.app.notify(_lines(reminders.fell_due),
                            title=_("Fell due since budget was last opened"),
                            timeout=NOTICE_SECONDS)


def _lines(items: list[DueItem]) -> str:
    lines = [" · ".join(part for part in (
        item.label, "" if item.kind == FOLLOWUP else format_amount(item.amount, item.currency,
                                                                   symbol=True),
        when_text(DueRow(item))) if part) for item in items[:LISTED]]
    if len(items) > LISTED:
        lines.append(_("and {count} more: see the dashboard (d)").format(
            count=len(items) - LISTED))
    if any(item.kind == LOAN and item.status in (Status.OVERDUE, Status.IN_GRACE)
           for item in items):
        lines.append(_("h on the dashboard: what to do about it, calmly"))
    return "\n".join(lines)
