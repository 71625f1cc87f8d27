"""Fault injection: kill -9 during writes, concurrent writers beside the app, figures.

Used by tests/test_fault_injection.py; `python -m tests.faults` runs the same scenarios at
full size and prints the figures (attempts, killed, stored, lost, half-written, lock
errors) for the issue's closing note.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A `budget` process that kills itself with SIGKILL right before it commits, with
# probability P: the crash lands inside the write transaction every time it fires, where
# an outside kill lands only sometimes.
KILL_BEFORE_COMMIT = r"""
import os, random, signal, sys
from contextlib import contextmanager
from budget.storage import ledger as storage

probability = float(os.environ["BUDGET_FAULT_P"])
original = storage.Ledger.atomic


@contextmanager
def atomic(self):
    outermost = not self.conn.in_transaction
    with original(self) as conn:
        yield conn
        if outermost and random.random() < probability:
            os.kill(os.getpid(), signal.SIGKILL)


storage.Ledger.atomic = atomic
from budget.cli import main
sys.argv[0] = "budget"
main()
"""

# One of the concurrent writers: many `budget add` in one interpreter, each opening the
# file afresh as a shell command does, as fast as it can.
WRITER = r"""
import json, sys
import click
from budget.cli import main

db, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
saved, errors = 0, []
for index in range(count):
    try:
        main(["add", "1.01", "food", f"{name}-{index}", "--db", db], standalone_mode=False)
        saved += 1
    except click.ClickException as error:
        errors.append(error.format_message())
print(json.dumps({"saved": saved, "errors": errors}))
"""


@dataclass
class Figures:
    """What a scenario did and what the file held afterwards."""

    scenario: str
    attempts: int = 0
    killed: int = 0
    confirmed: int = 0
    """Commands that printed their confirmation before they ended."""
    stored: int = 0
    lost: int = 0
    """Confirmed writes missing from the file: must be 0."""
    half_written: int = 0
    """Accounts whose balance is not opening + transactions, payments without all their
    ledger rows or rows without their payment: must be 0."""
    lock_errors: int = 0
    integrity: str = ""
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.scenario}: attempts {self.attempts}, killed {self.killed}, confirmed "
                f"{self.confirmed}, stored {self.stored}, lost {self.lost}, half-written "
                f"{self.half_written}, lock errors {self.lock_errors}, integrity "
                f"{self.integrity}")


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, "BUDGET_HOME": str(home), "PYTHONPATH": str(ROOT)}


def budget(db: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budget", *args, "--db", str(db)],
                          capture_output=True, text=True, env=env, timeout=120)


def prepare(folder: Path) -> tuple[Path, dict[str, str]]:
    """A ledger with a bank account and a loan to pay, ready for the scenarios."""
    env = environment(folder / "home")
    db = folder / "faults.db"
    for args in (["account", "add", "Bank", "--kind", "bank", "--opening", "100000"],
                 ["loan", "add", "微粒贷", "--principal", "50000", "--preset", "weilidai",
                  "--start", "2026-10-15", "--into", "Bank"]):
        result = budget(db, *args, env=env)
        assert result.returncode == 0, result.stderr
    return db, env


@dataclass(frozen=True)
class Write:
    """A command to break, and how to find each attempt's write in the file afterwards."""

    scenario: str
    args: Callable[[int], list[str]]
    """The command line of attempt N (N < 0: the runs that time the command)."""
    tags: str
    """SQL returning one text per write stored, equal to `tag(N)` for attempt N."""

    def tag(self, index: int) -> str:
        return str(index)


ADD = Write("kill -9 during budget add",
            lambda index: ["add", "1.23", "food", f"fault-{index}"],
            "SELECT substr(note, 7) FROM transactions WHERE note LIKE 'fault-%'")
# Each attempt pays a different amount (1.00 + N fen), which tells its payment apart.
PAY = Write("kill -9 during budget loan pay",
            lambda index: ["loan", "pay", "微粒贷", f"{(10100 + index) / 100:.2f}"
                           if index < 0 else f"{(100 + index) / 100:.2f}",
                           "--date", "2026-10-20"],
            "SELECT amount - 100 FROM loan_payments WHERE amount < 10000")


def _runtime(db: Path, write: Write, env: dict[str, str]) -> float:
    """Median wall time of the command, so outside kills are spread over its whole life."""
    times = []
    for index in (-1, -2, -3):
        start = time.perf_counter()
        budget(db, *write.args(index), env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def kill_during(db: Path, env: dict[str, str], write: Write, attempts: int,
                seed: int = 7) -> Figures:
    """Run the command `attempts` times: even attempts are killed from outside at a random
    moment of their life, odd ones may kill themselves right before committing (p = 0.5)."""
    rng = random.Random(seed)
    figures = Figures(write.scenario, attempts=attempts)
    runtime = _runtime(db, write, env)
    confirmed: list[str] = []
    for index in range(attempts):
        command = [*write.args(index), "--db", str(db)]
        if index % 2:
            process = subprocess.Popen(
                [sys.executable, "-c", KILL_BEFORE_COMMIT, *command], stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True, env={**env, "BUDGET_FAULT_P": "0.5"})
        else:
            process = subprocess.Popen([sys.executable, "-m", "budget", *command],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True, env=env)
            time.sleep(rng.uniform(0.2, 1.2) * runtime)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
        _out, err = process.communicate(timeout=120)
        if process.returncode == -signal.SIGKILL:
            figures.killed += 1
        elif process.returncode == 0:
            confirmed.append(write.tag(index))
        else:
            figures.notes.append(err.strip()[-300:])
            figures.lock_errors += "busy" in err or "locked" in err
    figures.confirmed = len(confirmed)
    audit(db, figures, confirmed, write.tags)
    return figures


def audit(db: Path, figures: Figures, confirmed: list[str], tags: str) -> None:
    """Fill stored, lost, half-written and integrity from the file itself."""
    conn = sqlite3.connect(db)
    try:
        figures.integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        stored = [str(row[0]) for row in conn.execute(tags)]
        figures.stored = len(stored)
        figures.lost = len(set(confirmed) - set(stored))
        if len(set(stored)) != len(stored):
            figures.notes.append("a write was stored twice")
            figures.half_written += len(stored) - len(set(stored))
        figures.half_written += half_written(conn)
    finally:
        conn.close()


def half_written(conn: sqlite3.Connection) -> int:
    """Everything that would show a write applied in part: must be 0."""
    balances = conn.execute(
        "SELECT count(*) FROM accounts a WHERE a.balance != a.opening_balance + "
        "(SELECT coalesce(sum(amount), 0) FROM transactions t WHERE t.account_id = a.id)"
    ).fetchone()[0]
    # Every payment that moved money posted rows adding up to it; no row without it.
    payments = conn.execute(
        "SELECT count(*) FROM loan_payments p WHERE p.history = 0 AND p.amount != "
        "-(SELECT coalesce(sum(amount), 0) FROM transactions t "
        "WHERE t.loan_payment_id = p.id)").fetchone()[0]
    orphans = conn.execute(
        "SELECT count(*) FROM transactions t WHERE t.loan_payment_id IS NOT NULL AND NOT "
        "EXISTS (SELECT 1 FROM loan_payments p WHERE p.id = t.loan_payment_id)").fetchone()[0]
    return balances + payments + orphans


def concurrent_writers(db: Path, env: dict[str, str], writers: int = 4, each: int = 50,
                       app_entries: int = 10) -> Figures:
    """`writers` processes adding `each` rows as fast as they can while the app, open on
    the same file, saves `app_entries` through its entry form and reloads on their writes."""
    import asyncio

    figures = Figures("concurrent writers + app", attempts=writers * each + app_entries)
    processes = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), f"writer{n}",
                                   str(each)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=env) for n in range(writers)]
    app_saved, app_errors = asyncio.run(_app_entries(db, app_entries))
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        report = json.loads(out.strip().splitlines()[-1])
        figures.lock_errors += sum("busy" in error or "locked" in error
                                   for error in report["errors"])
        figures.notes += report["errors"][:3]
        figures.confirmed += report["saved"]
    figures.confirmed += len(app_saved)
    figures.lock_errors += sum("busy" in error or "locked" in error for error in app_errors)
    figures.notes += app_errors[:3]
    conn = sqlite3.connect(db)
    try:
        figures.integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        writer_rows = conn.execute(
            "SELECT count(*) FROM transactions WHERE note LIKE 'writer%'").fetchone()[0]
        app_rows = {row[0] for row in conn.execute(
            "SELECT note FROM transactions WHERE note LIKE 'app-%'")}
        figures.stored = writer_rows + len(app_rows)
        figures.lost = figures.confirmed - figures.stored
        figures.half_written = half_written(conn)
    finally:
        conn.close()
    return figures


async def _app_entries(db: Path, count: int) -> tuple[list[str], list[str]]:
    """Save `count` expenses through the app's entry line, as a person would: `a`, the
    line read like the shell (`2.02 food app-3`), Enter. Saved means the line was cleared
    by the save's worker; anything else is an error and the text it showed."""
    from textual.widgets import Input, Static

    from budget.ui.app import build_app

    app = build_app(str(db))
    saved, errors = [], []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        for index in range(count):
            note = f"app-{index}"
            await pilot.press("a")
            await pilot.pause(0.1)
            await pilot.press(*f"2.02 food {note}", "enter")
            line = app.screen.query_one("#quick", Input)
            shown = ""
            for _ in range(100):  # until the save's worker answered
                await pilot.pause(0.05)
                shown = str(app.screen.query_one("#quick-message", Static).render())
                if not line.value or shown:
                    break
            if line.value:
                errors.append(shown or "not saved")
                line.value = ""
            else:
                saved.append(note)
        await pilot.pause(1.5)  # the app also reloads on the writers' rows meanwhile
    return saved, errors


def fresh_files(folder: Path, attempts: int, seed: int = 11) -> Figures:
    """Kill `budget add` on files that do not exist yet, at random moments: afterwards
    each path holds no file or a whole ledger, never an empty or half-made one."""
    rng = random.Random(seed)
    env = environment(folder / "home")
    figures = Figures("kill -9 while creating a new file", attempts=attempts)
    for index in range(attempts):
        db = folder / f"new-{index}.db"
        process = subprocess.Popen([sys.executable, "-m", "budget", "add", "1", "food",
                                    "--db", str(db)], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env)
        time.sleep(rng.uniform(0.05, 1.2))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.communicate(timeout=120)
        figures.killed += process.returncode == -signal.SIGKILL
        confirmed = process.returncode == 0
        figures.confirmed += confirmed
        if not db.exists():
            figures.lost += confirmed
            continue
        check = budget(db, "list", "--json", env=env)
        if check.returncode != 0 or db.stat().st_size == 0:
            figures.half_written += 1
            figures.notes.append(check.stderr.strip()[-200:])
            continue
        rows = len(json.loads(check.stdout))
        figures.stored += rows
        figures.lost += confirmed and not rows
    figures.integrity = "ok" if not figures.half_written else "broken files"
    return figures


def main() -> None:
    """Run every scenario at the size of the closing note and print the figures."""
    sizes = {"add": 200, "pay": 100, "each": 100, "fresh": 30}
    with tempfile.TemporaryDirectory(prefix="budget-faults-") as name:
        folder = Path(name)
        db, env = prepare(folder)
        results = [
            kill_during(db, env, ADD, sizes["add"]),
            kill_during(db, env, PAY, sizes["pay"]),
            concurrent_writers(db, env, each=sizes["each"]),
            fresh_files(folder, sizes["fresh"]),
        ]
    for result in results:
        print(result.line())
    print(json.dumps([asdict(result) for result in results], ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
