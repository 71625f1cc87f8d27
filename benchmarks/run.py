"""Time the real commands and queries on the reference data set against design.md's targets.

    .venv/bin/python benchmarks/run.py --db /tmp/ref.db [--repeat 11]

Works on a copy of --db, so the reference set is never grown by the writes it times.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

IN_PROCESS_RUNS = 50

# Runs in a fresh interpreter: starts the TUI headless and records, with wall-clock
# time.time() (comparable across processes), when the dashboard is mounted and loaded.
TUI_PROBE = r"""
import asyncio, json, resource, sys, time

db, out, mode = sys.argv[1], sys.argv[2], sys.argv[3]
import budget.cli  # what `budget` imports before it starts the app
from budget.ui.app import build_app
from textual.screen import ModalScreen
from textual.widgets import DataTable

result = {}


def busy(app):
    return [worker for worker in app.workers if not worker.is_finished]


def first_rows(app):
    # The first row of each table on screen (the dashboard's recent list keeps its rows
    # as `rows`).
    rows = [" ".join(str(cell) for cell in table.get_row_at(0))
            for table in app.screen.query(DataTable) if table.row_count]
    return rows + [" ".join(recent.rows[0]) for recent in app.screen.query("#recent")
                   if isinstance(getattr(recent, "rows", None), list) and recent.rows]


async def painted(app):
    # call_after_refresh runs once queued messages are handled and the screen repainted.
    # (A lambda, not done.set_result: Textual inspects the callback's signature, and a
    # builtin's costs a one-off 30 ms regex compile that is no part of the app.)
    done = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: done.set_result(None))
    await done


async def until(app, condition, timeout=30.0):
    # Poll every millisecond: pilot.pause() sleeps 20 ms at least and would be measured.
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen never showed what was expected")
        await asyncio.sleep(0.001)
    await painted(app)


async def settled(pilot):
    app, quiet = pilot.app, 0
    while quiet < 2:
        await pilot.pause()
        if busy(app):
            quiet = 0
            await app.workers.wait_for_complete(busy(app))
        else:
            quiet += 1


def totals_show(app, shown):
    expenses = app.screen.query("#expenses")
    return bool(expenses) and shown in str(expenses.first().render())


async def save_once(pilot, amount, form):
    # Enter until the new row is the first of the dashboard's table and the month's
    # expenses include it. `form`: the full form (A), else the quick entry line (a).
    app = pilot.app
    await pilot.press("A" if form else "a")
    await settled(pilot)
    if form:
        await pilot.press(*amount, "tab", *"food")
    else:
        await pilot.press(*amount, "space", *"food")
    await settled(pilot)
    before = str(app.screen.query_one("#expenses").render()) if not form else ""
    started = time.perf_counter()
    app.simulate_key("enter")
    shown = f"{float(amount):,.2f}"
    await until(app, lambda: not isinstance(app.screen, ModalScreen)
                and any(shown in row for row in first_rows(app))
                and str(app.screen.query_one("#expenses").render()) != before)
    elapsed = (time.perf_counter() - started) * 1000
    await settled(pilot)
    return elapsed


def counted(screen):
    count = screen.query("#count")
    return bool(count) and bool(str(count.first().render()).strip())


VISITS = (("l", "TransactionsScreen", counted),
          ("f", "ReserveScreen", lambda screen: screen.view is not None),
          ("v", "ReviewScreen", lambda screen: screen.view is not None))


async def visit(pilot, key, name, loaded):
    # A screen's first visit: the key until its figures are on screen.
    app = pilot.app
    started = time.perf_counter()
    app.simulate_key(key)
    await until(app, lambda: type(app.screen).__name__ == name and loaded(app.screen))
    elapsed = (time.perf_counter() - started) * 1000
    await settled(pilot)
    app.simulate_key("d")
    await settled(pilot)
    return elapsed


async def drive(pilot):
    app = pilot.app
    # Shown: the first screen's tables filled (totals are drawn in the same handler).
    await until(app, lambda: first_rows(app))
    result["shown"] = time.time()
    result["screen"] = type(app.screen).__name__
    # Settled: every worker done, panels loaded after the first frame included.
    await until(app, lambda: not busy(app))
    result["settled"] = time.time()
    if mode == "save":
        result["save_ms"] = [await save_once(pilot, f"4321.{n:02d}", False)
                             for n in range(1, 8)]
        result["form_save_ms"] = [await save_once(pilot, f"4322.{n:02d}", True)
                                  for n in range(1, 8)]
        result["after_save_screen"] = type(app.screen).__name__
    if mode == "other":
        result["other_s"] = [await other_write(app, n) for n in range(7)]
    if mode == "visit":
        result["visits"] = {name: await visit(pilot, key, name, loaded)
                            for key, name, loaded in VISITS}
    app.exit()


async def other_write(app, n):
    # Another program writes a row (as `budget add` in another terminal would); the app
    # notices through PRAGMA data_version and reloads: time until the row is on screen.
    import sqlite3
    from datetime import date

    amount = 98700 + n
    shown = f"{amount / 100:,.2f}"
    with sqlite3.connect(db, isolation_level=None) as other:
        other.execute(
            "INSERT INTO transactions (date, amount, account_id, category_id, payee, "
            "created_at) SELECT ?, ?, (SELECT min(id) FROM accounts), id, 'other', 'now' "
            "FROM categories WHERE name = 'Food'", [date.today().isoformat(), -amount])
    other.close()
    started = time.perf_counter()
    await until(app, lambda: any(shown in row for row in first_rows(app)))
    elapsed = time.perf_counter() - started
    await asyncio.sleep(0.29 * (n + 1) % 1)  # spread the writes over the poll's phase
    return elapsed


app = build_app(db)
app.run(headless=True, size=(120, 40), auto_pilot=drive)
result["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(out, "w") as file:
    json.dump(result, file)
"""


@dataclass
class Figure:
    what: str
    measured: str
    target: str
    ok: str


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, first run) in milliseconds; the first run pays for a cold cache."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), times[0]


def judge(what: str, value: float, target: float | None, unit: str = "ms",
          note: str = "") -> Figure:
    measured = f"{value:.2f} {unit}{note}" if unit == "s" else f"{value:.1f} {unit}{note}"
    if target is None:
        return Figure(what, measured, "—", "—")
    return Figure(what, measured, f"<= {target:g} {unit}", "yes" if value <= target else "NO")


def budget_command() -> list[str]:
    script = Path(sys.executable).with_name("budget")
    return [str(script)] if script.exists() else [sys.executable, "-m", "budget"]


# The shell figures again in Chinese: the gettext catalogue is loaded and every message
# goes through it (the English run reads no catalogue at all).
CHINESE = {**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "", "LC_ALL": "",
           "LC_MESSAGES": ""}


def run_budget(args: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run([*budget_command(), *args], capture_output=True, text=True, env=env)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode:
        raise SystemExit(f"budget {' '.join(args)} failed:\n{done.stderr}")
    return elapsed


def copy_database(source: Path, folder: Path) -> Path:
    """A consistent copy, WAL included, that the benchmark may write to."""
    target = folder / "bench.db"
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, \
            sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def shell_figures(db: Path, month: str, repeat: int) -> list[Figure]:
    figures = []
    adds = [run_budget(["add", "12.5", "food", "bench", "--db", str(db)]) for _ in range(repeat)]
    figures.append(judge(f"budget add 12.5 food bench (median of {repeat})",
                         statistics.median(adds), 150))
    adds = [run_budget(["add", "12.5", "food", "bench", "--db", str(db)], CHINESE)
            for _ in range(repeat)]
    figures.append(judge(f"the same with LANG=zh_CN.UTF-8 (median of {repeat})",
                         statistics.median(adds), 150))
    lists = [run_budget(["list", "--month", month, "--db", str(db)]) for _ in range(repeat)]
    figures.append(judge(f"budget list --month {month} (median of {repeat})",
                         statistics.median(lists), None))
    help_text = subprocess.run([*budget_command(), "--help"], capture_output=True,
                               text=True).stdout
    if any(line.split()[:1] == ["due"] for line in help_text.splitlines()):
        dues = [run_budget(["due", "--db", str(db)]) for _ in range(repeat)]
        figures.append(judge(f"budget due (median of {repeat})", statistics.median(dues), 100))
        dues = [run_budget(["due", "--db", str(db)], CHINESE) for _ in range(repeat)]
        figures.append(judge(f"budget due with LANG=zh_CN.UTF-8 (median of {repeat})",
                             statistics.median(dues), 100))
    else:
        figures.append(Figure("budget due", "skipped: no `due` command yet", "<= 100 ms", "—"))
    # Everyday shell commands (design.md: <= 100 ms, flat in the length of history). The
    # first call of a day fills the due and loan caches; the median reads them.
    for args in (["remind"], ["review", "--no-chart"], ["plan"], ["fund", "--no-chart"],
                 ["safe"]):
        times = [run_budget([*args, "--db", str(db)]) for _ in range(repeat)]
        figures.append(judge(f"budget {' '.join(args)} (median of {repeat}, first "
                             f"{times[0]:.0f})", statistics.median(times), 100))
    return figures


def python_startup_ms(repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sqlite3"], check=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def query_figures(db: Path, month: tuple[int, int]) -> list[Figure]:
    from budget.domain.dates import month_bounds
    from budget.services.session import open_ledger
    from budget.storage.ledger import TransactionFilter

    ledger = open_ledger(db)
    start, end = month_bounds(*month)
    runs, figures = IN_PROCESS_RUNS, []

    def aggregates() -> None:
        ledger.month_totals(start, end)
        ledger.totals_by_category(start, end)

    median, first = median_ms(aggregates, runs)
    figures.append(judge("dashboard month aggregates (month_totals + totals_by_category)",
                         median, 10, note=f", first {first:.1f}"))
    median, first = median_ms(ledger.accounts, runs)
    figures.append(judge("account balances (Ledger.accounts)", median, 20,
                         note=f", first {first:.1f}"))
    # On a day mid-month, as `safe --as-of` and the dashboard ask: the months after it come
    # from account_months, the rest of its month from the rows.
    day = date(*month, 15)
    median, first = median_ms(lambda: ledger.accounts(as_of=day), runs)
    figures.append(judge("account balances on a day (Ledger.accounts(as_of=...15))", median,
                         20, note=f", first {first:.1f}"))
    figures += page_figures(ledger, TransactionFilter(start=start, end=end), "one month")
    everything = TransactionFilter(start=ledger.first_transaction_date() or start, end=end)
    figures += page_figures(ledger, everything, "all dates")
    figures += dashboard_service_figures(ledger, date(*month, 28))
    return figures


def page_figures(ledger, where, label: str) -> list[Figure]:
    rows = []
    median, first = median_ms(lambda: rows.append(ledger.transactions(where, limit=200)), 20)
    last = rows[-1][-1]
    figures = [judge(f"transaction list, first page of 200 ({label})", median, 100,
                     note=f", first {first:.1f}")]
    median, first = median_ms(
        lambda: ledger.transactions(where, limit=200, after=(last.date.isoformat(), last.id)), 20)
    figures.append(judge(f"transaction list, next page via after= ({label})", median, 100,
                         note=f", first {first:.1f}"))
    return figures


def dashboard_service_figures(ledger, today: date) -> list[Figure]:
    """Service-level stand-in for 'save until list and totals show it', and the snapshot."""
    from budget.services.ledger import Entry, record

    try:
        from budget.services.dashboard import dashboard_snapshot
    except ImportError:
        return []
    median, first = median_ms(lambda: dashboard_snapshot(ledger, today), IN_PROCESS_RUNS)
    figures = [judge("dashboard_snapshot service (totals, balances, recent 50)", median, 10,
                     note=f", first {first:.1f}")]

    def save_and_refresh() -> None:
        record(ledger, Entry(amount="12.5", category="food", note="bench"), today=today)
        dashboard_snapshot(ledger, today)

    median, first = median_ms(save_and_refresh, 20)
    figures.append(judge("service: record() + dashboard_snapshot (no TUI)", median, 50,
                         note=f", first {first:.1f}"))
    return figures


def tui_figures(db: Path, folder: Path, repeat: int) -> list[Figure]:
    import importlib.util

    if importlib.util.find_spec("budget.ui.app") is None:
        return [Figure("TUI start to dashboard", "skipped: no TUI yet", "<= 0.6 s", "—")]
    starts, settles, results = [], [], []
    for run in range(repeat):
        out = folder / f"tui-{run}.json"
        started = time.time()
        done = subprocess.run([sys.executable, "-c", TUI_PROBE, str(db), str(out), "start"],
                              capture_output=True, text=True)
        if done.returncode or not out.exists():
            reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
            return [Figure("TUI start to dashboard", f"failed: {reason}", "<= 0.6 s", "NO")]
        results.append(json.loads(out.read_text()))
        starts.append(results[-1]["shown"] - started)
        settles.append(results[-1]["settled"] - started)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    self_mb = max(r["maxrss_kb"] for r in results) / 1024
    figures = [
        judge(f"TUI start to {results[0]['screen']} with data (median of {repeat})",
              statistics.median(starts), 0.6, unit="s"),
        judge("TUI start to every dashboard worker done (reserve panel too)",
              statistics.median(settles), None, unit="s"),
        judge("TUI peak RSS (RUSAGE_CHILDREN)", peak_mb, 150, unit="MB",
              note=f", self-reported {self_mb:.0f}"),
    ]
    return (figures + tui_save_figures(db, folder) + tui_other_writer_figures(db, folder)
            + tui_visit_figures(db, folder, max(3, repeat // 2)))


def run_probe(db: Path, out: Path, mode: str) -> dict | str:
    """The probe's results, or the last line of its error."""
    done = subprocess.run([sys.executable, "-c", TUI_PROBE, str(db), str(out), mode],
                          capture_output=True, text=True)
    if done.returncode or not out.exists():
        return (done.stderr.strip().splitlines() or ["no output"])[-1]
    return json.loads(out.read_text())


def tui_save_figures(db: Path, folder: Path) -> list[Figure]:
    """Enter until the dashboard's totals and recent list show the new row: from the
    dashboard's quick entry line (a) and from the full form (A)."""
    result = run_probe(db, folder / "tui-save.json", "save")
    if isinstance(result, str):
        return [Figure("TUI save to dashboard refreshed", f"failed: {result}", "<= 50 ms", "NO")]
    quick, form = result["save_ms"], result["form_save_ms"]
    return [judge(f"TUI Enter in the quick entry line to row and totals (median of "
                  f"{len(quick)})", statistics.median(quick), 50, note=f", max {max(quick):.0f}"),
            judge(f"TUI Enter in the full form (A) to row and totals on "
                  f"{result['after_save_screen']} (median of {len(form)})",
                  statistics.median(form), None, note=f", max {max(form):.0f}")]


def tui_visit_figures(db: Path, folder: Path, repeat: int) -> list[Figure]:
    """From the key on the dashboard until the screen's figures are on screen, the first
    time each screen is opened in a process (its module imported then)."""
    times: dict[str, list[float]] = {}
    for run in range(repeat):
        result = run_probe(db, folder / f"tui-visit-{run}.json", "visit")
        if isinstance(result, str):
            return [Figure("TUI first visit of a screen", f"failed: {result}", "<= 250 ms",
                           "NO")]
        for name, elapsed in result["visits"].items():
            times.setdefault(name, []).append(elapsed)
    return [judge(f"TUI first visit of {name} (median of {len(values)})",
                  statistics.median(values), 250, note=f", max {max(values):.0f}")
            for name, values in times.items()]


def tui_other_writer_figures(db: Path, folder: Path) -> list[Figure]:
    """A row written by another program until the open app shows it (design: within 2 s)."""
    out = folder / "tui-other.json"
    done = subprocess.run([sys.executable, "-c", TUI_PROBE, str(db), str(out), "other"],
                          capture_output=True, text=True)
    if done.returncode or not out.exists():
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return [Figure("TUI sees another program's write", f"failed: {reason}", "<= 2 s",
                       "NO")]
    times = json.loads(out.read_text())["other_s"]
    return [judge(f"TUI shows another program's row (median of {len(times)})",
                  statistics.median(times), 2, unit="s", note=f", max {max(times):.2f}")]


def latest_month(db: Path) -> tuple[int, int]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        last = conn.execute("SELECT max(date) FROM transactions").fetchone()[0]
    conn.close()
    if last is None:
        raise SystemExit(f"{db} has no transactions: build it with make_dataset.py")
    return int(last[:4]), int(last[5:7])


def print_table(figures: list[Figure]) -> None:
    header = Figure("what", "measured", "target", "ok")
    widths = [max(len(getattr(f, name)) for f in [header, *figures])
              for name in ("what", "measured", "target", "ok")]
    for figure in [header, *figures]:
        cells = (figure.what, figure.measured, figure.target, figure.ok)
        print(" | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)))
        if figure is header:
            print("-+-".join("-" * width for width in widths))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the reference data set")
    parser.add_argument("--repeat", type=int, default=11, help="runs per shell/TUI figure")
    args = parser.parse_args(argv)
    year, month = latest_month(args.db)
    if (year, month) != (date.today().year, date.today().month):
        print(f"note: the data ends in {year}-{month:02d} but today is {date.today()}; the TUI "
              "dashboard shows today's month (rebuild with --as-of today to compare)")
    with tempfile.TemporaryDirectory(prefix="budget-bench-") as tmp:
        folder = Path(tmp)
        db = copy_database(args.db.expanduser(), folder)
        # The TUI first, so RUSAGE_CHILDREN's peak is the TUI's and not another child's.
        figures = tui_figures(db, folder, args.repeat)
        figures += shell_figures(db, f"{year}-{month:02d}", args.repeat)
        figures.append(judge("python -c 'import sqlite3' (for comparison)",
                             python_startup_ms(args.repeat), None))
        figures += query_figures(db, (year, month))
    print_table(figures)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, db {args.db}")


if __name__ == "__main__":
    main()
