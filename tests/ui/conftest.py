"""Fixtures for TUI tests: each test builds its own app over its own in-memory ledger."""

from __future__ import annotations

from datetime import date

import pytest
from textual.worker import WorkerCancelled

from budget.storage.ledger import Ledger
from budget.ui.app import BudgetApp, build_app
from budget.ui.screens.dashboard import PANELS_DELAY

TODAY = date(2026, 11, 20)


@pytest.fixture
def app(ledger: Ledger) -> BudgetApp:
    return build_app(None, today=lambda: TODAY, ledger=ledger)


async def settle(pilot) -> None:
    """Let thread workers finish and the messages they posted be handled.

    The dashboard starts its panels PANELS_DELAY after its figures, so wait that long first.
    A worker replaced by a newer one of its group (exclusive) counts as finished.
    """
    await pilot.pause(PANELS_DELAY + 0.02)
    for _ in range(3):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        await pilot.pause()


def widget_text(widget) -> str:
    """The text a widget shows on screen, line by line."""
    from textual.geometry import Region

    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(strip.text for strip in strips)


def record_notices(app) -> list[tuple[str, str, str]]:
    """Every notification the app raises from now on, as (title, message, severity)."""
    notices: list[tuple[str, str, str]] = []
    notify = app.notify

    def recording(message, *, title="", severity="information", **kwargs):
        notices.append((title, message, severity))
        return notify(message, title=title, severity=severity, **kwargs)

    app.notify = recording
    return notices


def words(widget) -> str:
    """A widget's words, with the wrapping and padding of narrow columns removed."""
    return " ".join(widget_text(widget).split())
