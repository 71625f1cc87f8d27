"""Shared fixtures: no test touches the developer's real data."""

from __future__ import annotations

import pytest

from budget.storage.database import open_database
from budget.storage.ledger import Ledger


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
