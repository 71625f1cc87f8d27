"""Shell tables align by display width: a Chinese character takes two terminal cells."""

from __future__ import annotations

import re
from pathlib import Path

from rich.cells import cell_len

from tests.cli.conftest import ok

AMOUNT = re.compile(r"-?[¥]?\d{1,3}(?:,\d{3})*\.\d{2}")


def right_edges(lines: list[str]) -> set[int]:
    """The terminal column where each line's first amount ends."""
    edges = set()
    for line in lines:
        match = AMOUNT.search(line)
        assert match, line
        edges.add(cell_len(line[:match.end()]))
    return edges


def _chinese_ledger(run) -> None:
    ok(run("account", "add", "招商银行储蓄卡", "--kind", "bank", "--opening", "12345.60"))
    ok(run("account", "add", "Savings", "--kind", "savings", "--opening", "5", "--reserve"))
    ok(run("category", "add", "外卖", "--kind", "expense"))
    ok(run("add", "45.5", "外卖", "午饭", "--date", "2026-11-03", "--account", "招商"))
    ok(run("add", "1234.5", "food", "--date", "2026-11-04"))
    ok(run("bill", "add", "房租", "2200", "--every", "month", "--day", "1", "--start",
            "2026-12-01"))
    ok(run("bill", "add", "Phone", "58", "--every", "month", "--day", "20", "--start",
            "2026-12-20"))
    ok(run("loan", "add", "微粒贷", "--principal", "5000", "--preset", "weilidai", "--start",
            "2026-10-15"))
    ok(run("loan", "add", "Card", "--principal", "800", "--annual-rate", "18%", "--periods",
            "6", "--method", "equal-installment", "--start", "2026-10-01"))


def test_account_bill_and_loan_lists_align_chinese_names(run):
    _chinese_ledger(run)
    accounts = ok(run("account", "list")).output.splitlines()
    assert len(right_edges(accounts)) == 1
    bills = ok(run("bill", "list", "--as-of", "2026-11-20")).output.splitlines()
    assert len(right_edges(bills[1:])) == 1  # under the header
    loans = [line for line in ok(run("loan", "list", "--as-of", "2026-11-20")).output
             .splitlines()[1:] if line.strip()]
    assert len(right_edges(loans)) == 1


def test_the_transaction_list_and_the_add_echo_align_by_cells(run):
    _chinese_ledger(run)
    listed = ok(run("list", "--month", "2026-11")).output.splitlines()[:-1]
    assert len(listed) == 2 and len(right_edges(listed)) == 1
    echo = ok(run("add", "12", "外卖", "--date", "2026-11-05")).output.splitlines()[0]
    assert echo.startswith("Saved #") and "外卖" in echo and "-12.00" in echo


def test_budget_review_and_plan_tables_align_by_cells(run):
    _chinese_ledger(run)
    ok(run("budget", "set", "外卖", "300", "--month", "2026-11"))
    ok(run("budget", "set", "food", "1500", "--month", "2026-11"))
    budgets = ok(run("budget", "list", "--month", "2026-11")).output.splitlines()
    assert len(right_edges(budgets)) == 1
    review = ok(run("review", "--month", "2026-11", "--as-of", "2026-11-30",
                    "--no-chart")).output.splitlines()
    top = review[review.index("Top categories, against their 6-month average:") + 1:][:2]
    assert len(right_edges(top)) == 1
    plan = ok(run("plan", "--as-of", "2026-11-20")).output.splitlines()
    debts = [line for line in plan if line.startswith("    ")]
    assert len(debts) >= 2 and len({cell_len(line) for line in debts[:2]}) == 1


def test_no_shell_table_pads_by_characters():
    # The kind of fault: f"{name:<16}" pads by characters, so 微粒贷 takes 3 of 16 columns
    # but 6 cells. Every shell table goes through commands.common.table_lines instead.
    commands = Path(__file__).parents[2] / "budget" / "commands"
    padded = re.compile(r"\{[^{}]*:[<>^]\d+(\.\d+)?\}")
    offenders = [f"{path.name}: {line.strip()}" for path in sorted(commands.glob("*.py"))
                 for line in path.read_text().splitlines() if padded.search(line)]
    assert offenders == []
