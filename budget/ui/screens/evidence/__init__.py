"""The evidence screens: a loan's collection contacts, the message check, the bundle."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import App

from budget.storage.ledger import Ledger


def open_evidence(app: App, ledger: Ledger, today: Callable[[], date], loan_id: int) -> None:
    """Show one loan's evidence screen; the loan screen and the overdue playbook both call
    this, so the screen is imported only when it is first opened."""
    from budget.ui.screens.evidence.screen import EvidenceScreen

    app.push_screen(EvidenceScreen(ledger, today, loan_id))
