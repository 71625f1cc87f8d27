"""A reader that stops early (`budget list | head -1`) ends budget quietly, with no crash log."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

from budget.services.session import open_ledger


def test_a_closed_pipe_ends_the_listing_quietly(tmp_path):
    db = tmp_path / "big.db"
    ledger = open_ledger(db)
    today = date.today().isoformat()
    food = next(c for c in ledger.categories() if c.name == "Food").id
    # Far more than a pipe's buffer (64 KiB), so a write fails while the command runs.
    ledger.add_transactions_bulk(
        (today, -1250, 1, food, f"lunch {n}", "noodles " * 5, None, f"{today}T12:00:00")
        for n in range(3000))
    ledger.conn.close()
    env = {**os.environ, "BUDGET_HOME": str(tmp_path)}
    reader = subprocess.Popen([sys.executable, "-m", "budget", "list", "--db", str(db)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    first = reader.stdout.readline().decode()
    reader.stdout.close()  # what `head -1` does after its line
    status = reader.wait(timeout=60)
    errors = reader.stderr.read().decode()
    reader.stderr.close()
    assert "#3000" in first and "lunch 2999" in first
    assert status == 1
    assert errors == ""
    assert not (tmp_path / "crash.log").exists()
