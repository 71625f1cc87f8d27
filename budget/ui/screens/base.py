"""LedgerScreen: a screen that reloads itself whenever the ledger changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.screen import Screen

from budget.storage.ledger import Ledger
from budget.ui.palette import footer_rank
from budget.ui.translated import TranslatedBindings


class LedgerScreen(TranslatedBindings, Screen):
    """Reloads when the app's `ledger_version` moves, or on return if it moved while hidden."""

    def __init__(self, ledger: Ledger, today: Callable[[], date]) -> None:
        super().__init__()
        self.ledger = ledger
        self.today = today
        self._loaded_version = -1

    def on_mount(self) -> None:
        self.watch(self.app, "ledger_version", self._ledger_changed, init=False)
        self._reload_now()

    def on_screen_resume(self) -> None:
        if self._loaded_version != self.app.ledger_version:
            self._reload_now()

    def _ledger_changed(self, _version: int) -> None:
        # A hidden screen waits until it is shown again instead of querying for nothing.
        if self.is_current:
            self._reload_now()

    def _reload_now(self) -> None:
        self._loaded_version = self.app.ledger_version
        self.reload()

    def reload(self) -> None:
        """Start loading what the screen shows (in a thread worker)."""
        raise NotImplementedError

    @property
    def active_bindings(self):
        """The bindings in the order the footer shows them (palette.footer_rank): at 80
        columns add, transfer, quit and the screen's own keys are on screen first."""
        bindings = super().active_bindings
        order = sorted(bindings.items(),
                       key=lambda item: footer_rank(item[1].node, item[1].binding))
        return dict(order)
