"""Shared fixtures: no test touches the developer's real data."""

from __future__ import annotations

import pytest

from budget.i18n import ENGLISH, LOCALE_VARIABLES, activate
from budget.storage.database import open_database
from budget.storage.ledger import Ledger


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Every test starts in English whatever the developer's locale; a test that wants
    Chinese activates it (or sets LANG for a subprocess) itself."""
    for variable in ("BUDGET_LANG", *LOCALE_VARIABLES):
        monkeypatch.delenv(variable, raising=False)
    # An English locale that still reads UTF-8: the tools the tests run (hledger) need it.
    monkeypatch.setenv("LANG", "C.UTF-8")
    activate(ENGLISH)
    yield
    activate(ENGLISH)


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Point BUDGET_HOME at a fresh folder for every test."""
    home = tmp_path / "home"
    monkeypatch.setenv("BUDGET_HOME", str(home))
    return home


@pytest.fixture
def ledger() -> Ledger:
    """A migrated in-memory ledger with the default categories and a Cash account."""
    return Ledger(open_database(":memory:"))
