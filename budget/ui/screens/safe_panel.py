"""SafeToSpendPanel: the dashboard's safe-to-spend line, read in its own worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from budget.services.ledger import EntryError
from budget.ui.widgets.safe_to_spend import SafeToSpendLine

if TYPE_CHECKING:
    from budget.domain.safe_to_spend import SafeToSpend


class SafeToSpendLoaded(Message):
    """Safe to spend today was worked out, with every term of its sum."""

    def __init__(self, result: SafeToSpend) -> None:
        super().__init__()
        self.result = result


class SafeToSpendPanel:
    """Mixed into the dashboard (a LedgerScreen), which yields a `SafeToSpendLine`, binds
    `toggle_safe` and calls `load_safe` after its first frame. Handlers go by name because
    `@on` is only collected from Textual classes."""

    def load_safe(self) -> None:
        self._load_safe()

    @work(thread=True, exclusive=True, group="dashboard-safe")
    def _load_safe(self) -> None:
        # Imported here, in the worker: the planning services are not needed for the
        # dashboard's first frame.
        from budget.services.planning import safe_to_spend_for

        try:
            result = safe_to_spend_for(self.ledger, self.today())
        except EntryError as error:
            self.call_from_thread(self.query_one(SafeToSpendLine).show_message, str(error))
            return
        self.post_message(SafeToSpendLoaded(result))

    def on_safe_to_spend_loaded(self, message: SafeToSpendLoaded) -> None:
        from budget.domain.safe_to_spend import explain, headline

        result = message.result
        self.query_one(SafeToSpendLine).show(headline(result), explain(result),
                                             short=result.short_by is not None)

    def action_toggle_safe(self) -> None:
        self.query_one(SafeToSpendLine).action_toggle()
