"""Planning in the app: the budgets, review and plan modes, the review reminder, overspending."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

from textual.app import App

from budget.domain.ledger import Transaction
from budget.i18n import _
from budget.storage.ledger import Ledger

REMINDER_SECONDS = 12
REMINDER_DELAY = 1.0
OVERSPEND_DELAY = 0.1


def remind_review(app: App, ledger: Ledger, today: Callable[[], date]) -> None:
    """Shortly after start, say so when last month's review is due (first days of a month).

    Delayed so that loading the planning services does not compete with the dashboard's
    first figures for the interpreter.
    """
    app.set_timer(REMINDER_DELAY, partial(
        app.run_worker, partial(_review_reminder, app, ledger, today()), thread=True,
        exclusive=True, group="review-reminder"), name="review-reminder")


def _review_reminder(app: App, ledger: Ledger, as_of: date) -> None:
    from budget.services.review_marks import review_reminder

    sentence = review_reminder(ledger, as_of)
    if sentence:
        app.call_from_thread(app.notify, sentence + " " + _("Press v to open it."),
                             title=_("Monthly review"), timeout=REMINDER_SECONDS)


def warn_overspend(app: App, ledger: Ledger, transactions: Sequence[Transaction]) -> None:
    """Warn when a saved expense took its category over this month's budget."""
    # After the saved row is painted: importing the budget services and querying must not
    # compete with that frame.
    app.set_timer(OVERSPEND_DELAY, partial(
        app.run_worker, partial(_overspend, app, ledger, list(transactions)), thread=True,
        group="overspend-warning"))


def _overspend(app: App, ledger: Ledger, transactions: list[Transaction]) -> None:
    from budget.services.budgets import overspend_warning_for

    for transaction in transactions:
        warning = overspend_warning_for(ledger, transaction)
        if warning:
            app.call_from_thread(app.notify, warning, title=_("Over budget"),
                                 severity="warning")
