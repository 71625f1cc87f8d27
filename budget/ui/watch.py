"""LedgerWatch: the app sees what another program wrote, and hears of rows left out."""

from __future__ import annotations

from textual.app import App

from budget.i18n import _
from budget.storage.database import DatabaseError
from budget.storage.ledger import Ledger
from budget.ui.messages import LedgerChanged

POLL_SECONDS = 1.0
"""How often the app asks SQLite whether another connection wrote: a shell `budget add`
shows on screen within this plus one reload (design: within 2 s)."""
NOTICE_SECONDS = 30


class OtherWriterSaved(LedgerChanged):
    """Another program (a shell command, a second window) wrote to the file."""


class LedgerWatch:
    """Owned by the app. Every POLL_SECONDS a thread worker reads `PRAGMA data_version`,
    which changes only when another connection commits (microseconds; no table is read),
    and posts OtherWriterSaved to the app, which reloads the screens. Each loan or bill a
    reader left out for a stored date outside the accepted range is announced once."""

    def __init__(self, app: App, ledger: Ledger) -> None:
        self.app, self.ledger = app, ledger
        self.version: int | None = None
        self.announced: set[tuple[str, int]] = set()

    def start(self) -> None:
        # Read before the first screen loads, so a write right after it is not missed.
        self.version = self._data_version()
        self.app.set_interval(POLL_SECONDS, self.poll, name="ledger-watch")

    def poll(self) -> None:
        self.announce_left_out()
        # A failed read (busy, damaged) is not worth a notice every second: the next
        # real action reports it.
        self.app.run_worker(self._check, thread=True, exclusive=True, group="ledger-watch",
                            exit_on_error=False)

    def _data_version(self) -> int | None:
        try:
            return self.ledger.data_version()
        except DatabaseError:  # see poll: the next real action reports it
            return self.version

    def _check(self) -> None:
        version = self._data_version()
        if version is not None and version != self.version:
            self.version = version
            self.app.post_message(OtherWriterSaved())

    def announce_left_out(self) -> None:
        """A notice for each loan or bill left out since the last look (UI thread)."""
        for key, problem in list(self.ledger.date_problems.items()):
            if key not in self.announced:
                self.announced.add(key)
                self.app.notify(problem.message(), title=_("Left out"), severity="warning",
                                timeout=NOTICE_SECONDS)
