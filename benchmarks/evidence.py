"""Time `budget evidence check` and `budget evidence verify` against design.md's targets.

    .venv/bin/python benchmarks/evidence.py [--entries 10000] [--files 1000] [--megabytes 100]

Builds its own data in a temporary folder (through EvidenceBook, as `budget evidence add`
writes it): the entries spread over 10 loans and 100 days, every tenth with a file of
random bytes. Prints `what | measured | target | ok` like run.py.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import Figure, budget_command, judge, print_table, python_startup_ms  # noqa: E402

REMINDER = ("【微众银行】您的微粒贷本期应还577.50元，已逾期1天，请于今日24点前通过微信-微粒贷"
            "还款，逾期将产生罚息并可能影响您的征信记录。如有疑问请致电95384。")
THREAT = "今天不还，我们就打电话给你爸妈和你们单位领导，让你全家都知道你欠钱不还，后果自负。"
NOTES = [REMINDER, THREAT, "没接", "说要上门，自称律师事务所", "短信：请立即还款"]
LOANS = 10
DAYS = 100


def build(db: Path, entries: int, files: int, megabytes: int, seed: int = 7) -> None:
    """A database with `entries` evidence entries, `files` of them with a file."""
    from budget.domain.evidence import Contact
    from budget.domain.loans import preset_terms
    from budget.services.loans import create_loan
    from budget.services.session import open_ledger
    from budget.storage.evidence import EvidenceBook

    rng = random.Random(seed)
    ledger = open_ledger(db)
    loans = [create_loan(ledger, name=f"贷款{n}", terms=preset_terms(
        "weilidai", 500000, date(2026, 1, 1)), lender="WeBank", phones=["95384"]).id
        for n in range(LOANS)]
    book = EvidenceBook(ledger)
    size = megabytes * 1024 * 1024 // max(files, 1)
    every = max(entries // max(files, 1), 1)
    source = db.parent / "incoming"
    source.mkdir()
    started = datetime(2026, 6, 1, 8, 0)
    for index in range(entries):
        paths = []
        if index % every == 0 and index // every < files:
            path = source / f"shot-{index}.png"
            path.write_bytes(rng.randbytes(size))
            paths.append(path)
        at = started + timedelta(days=index % DAYS, minutes=rng.randrange(0, 16 * 60))
        contact = Contact(at=at, channel=rng.choice(["call", "call", "sms", "wechat"]),
                          from_number=f"139{rng.randrange(10**8):08d}",
                          answered=rng.random() < 0.5, note=rng.choice(NOTES))
        book.add(loans[index % LOANS], contact, paths, now=at + timedelta(minutes=5))
        for path in paths:
            path.unlink()


def median_run(args: list[str], repeat: int, expect: int = 0) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run([*budget_command(), *args], capture_output=True, text=True)
        times.append((time.perf_counter() - started) * 1000)
        if done.returncode != expect:
            raise SystemExit(f"budget {' '.join(args)} exited {done.returncode}:\n"
                             f"{done.stdout}{done.stderr}")
    return statistics.median(times)


def check_figures(db: Path, repeat: int) -> list[Figure]:
    figures = [judge("python -c 'import sqlite3' (for comparison)",
                     python_startup_ms(repeat), None),
               judge(f"budget due, design.md's shell reference (median of {repeat})",
                     median_run(["due", "--db", str(db)], repeat), 100)]
    figures.append(judge(f"budget evidence check TEXT, no loan (median of {repeat})",
                         median_run(["evidence", "check", THREAT], repeat), 100))
    figures.append(judge(f"budget evidence check --loan --from --at --json (median of {repeat})",
                         median_run(["evidence", "check", "--loan", "贷款1", "--from", "95384",
                                     "--at", "2026-06-05 23:15", "--channel", "call", "--json",
                                     REMINDER, "--db", str(db)], repeat), 100))
    return figures


def verify_figures(db: Path, entries: int, files: int, megabytes: int,
                   repeat: int) -> list[Figure]:
    from budget.services.session import open_ledger
    from budget.storage.evidence import EvidenceBook

    book = EvidenceBook(open_ledger(db))
    times, report = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        report = book.verify()
        times.append(time.perf_counter() - started)
    assert report is not None and report.ok, report
    label = f"{report.entries} entries, {report.files} files, {megabytes} MB"
    return [
        judge(f"EvidenceBook.verify() in process, {label} (median of {repeat})",
              statistics.median(times), 3, unit="s"),
        judge(f"budget evidence verify, {label} (median of {repeat})",
              median_run(["evidence", "verify", "--db", str(db)], repeat) / 1000, 3, unit="s"),
    ]


def compile_package() -> None:
    """Write budget's bytecode as `pip install` does: with PYTHONDONTWRITEBYTECODE set (it
    is in some shells), every run would otherwise compile each module it imports again."""
    import compileall

    import budget

    compileall.compile_dir(Path(budget.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=1_000)
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=11, help="runs per check figure")
    parser.add_argument("--verify-repeat", type=int, default=5)
    args = parser.parse_args(argv)
    compile_package()
    with tempfile.TemporaryDirectory(prefix="budget-evidence-bench-") as tmp:
        db = Path(tmp) / "evidence.db"
        started = time.perf_counter()
        build(db, args.entries, args.files, args.megabytes)
        print(f"built {args.entries} entries and {args.files} files in "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
        figures = check_figures(db, args.repeat)
        figures += verify_figures(db, args.entries, args.files, args.megabytes,
                                  args.verify_repeat)
    print_table(figures)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus; files were just written, "
          "so verify reads them from the page cache")


if __name__ == "__main__":
    main()
