"""Control characters are refused at input and never reach the terminal or a file raw.

The corpus is written straight into every text column, as an older version or another
program could have, then every shell output path is run over it.
"""

import json
import sqlite3

import pytest

from tests.cli.conftest import ok
from tests.domain.test_text import CORPUS, FORBIDDEN

HOSTILE = "".join(CORPUS)


def clean(text: str) -> bool:
    return not (FORBIDDEN - {"\n"}) & set(text)


@pytest.mark.parametrize(("args", "field"), [
    (["add", "1", "food", "--payee", "\x1b]0;X\x07"], "payee"),
    (["add", "1", "food", "a\x1b[2Jb"], "note"),
    (["add", "1", "food", "--payee", "two\nlines"], "payee"),
    (["transfer", "1", "cash", "bank", "--note", "\x9b31m"], "note"),
    (["account", "add", "Evil\x1b[2J", "--kind", "bank"], "name"),
    (["category", "add", "Evil\x07", "--kind", "expense"], "name"),
    (["bill", "add", "Rent\x1b[2J", "10", "--every", "month"], "name"),
    (["loan", "add", "L\x1b]0;x\x07", "--principal", "100", "--preset", "weilidai"], "name"),
    (["loan", "add", "L2", "--principal", "100", "--preset", "weilidai", "--lender", "\x1b[5m"],
     "lender"),
    (["add", "1", "food", "--payee", "Shop\u202e00.001"], "payee"),
    (["add", "1", "food", "pay \u2066back\u2069"], "note"),
    (["account", "add", "Bank\u200f2", "--kind", "bank"], "name"),
    (["account", "add", "Ba\u200bnk", "--kind", "bank"], "name"),
    (["add", "5", "food", "a\u200bb"], "note"),
    (["loan", "add", "L3", "--principal", "100", "--preset", "weilidai", "--lender",
      "\u061cWeBank"], "lender"),
])
def test_control_characters_are_refused_at_input_and_nothing_is_saved(run, tmp_path, args,
                                                                       field):
    ok(run("account", "add", "Bank", "--kind", "bank"))
    before = _counts(tmp_path / "cli.db")
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert f"{field}: a " in result.stderr and "is not accepted here" in result.stderr
    assert clean(result.output)
    assert _counts(tmp_path / "cli.db") == before


def _counts(path):
    with sqlite3.connect(path) as conn:
        counts = [conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("transactions", "accounts", "categories", "loans", "bills")]
    conn.close()
    return counts


@pytest.fixture
def hostile_file(run, tmp_path):
    """A lived-in ledger whose every text column holds the corpus."""
    for args in (
        ["account", "add", "Bank", "--kind", "bank", "--opening", "5000"],
        ["account", "add", "Savings", "--kind", "savings", "--reserve", "--opening", "3000"],
        ["add", "45.5", "food", "lunch", "--payee", "Noodles", "--date", "2026-11-03"],
        ["add", "8500", "salary", "--date", "2026-11-01", "--account", "bank"],
        ["add", "30", "food", "--date", "2026-10-03"],
        ["transfer", "100", "bank", "savings", "--note", "top-up", "--date", "2026-11-04"],
        ["loan", "add", "微粒贷", "--principal", "5000", "--preset", "weilidai",
         "--start", "2026-10-15", "--lender", "WeBank", "--phone", "95384"],
        ["loan", "pay", "微粒贷", "100", "--date", "2026-10-20", "--account", "bank"],
        ["bill", "add", "Rent", "2200", "--every", "month", "--day", "1"],
        ["budget", "set", "food", "1500", "--month", "2026-11"],
    ):
        ok(run(*args))
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        for table, column in (("accounts", "name"), ("categories", "name"),
                              ("transactions", "payee"), ("transactions", "note"),
                              ("loans", "name"), ("loans", "lender"), ("bills", "name"),
                              ("loan_payments", "note")):
            conn.execute(f"UPDATE {table} SET {column} = {column} || ? || {column}", [HOSTILE])
        conn.execute("UPDATE loans SET phones = ?", [json.dumps([HOSTILE])])
    conn.close()


OUTPUT_PATHS = [
    ["list", "--month", "2026-11"], ["list", "--month", "2026-11", "--json"],
    ["account", "list"], ["account", "list", "--json"],
    ["category", "list"], ["category", "list", "--json"],
    ["loan", "list", "--as-of", "2026-11-20"], ["loan", "list", "--json"],
    ["loan", "show", "微粒贷", "--as-of", "2026-11-20"], ["loan", "show", "微粒贷", "--json"],
    ["loan", "payments", "微粒贷"], ["loan", "payments", "微粒贷", "--json"],
    ["bill", "list"], ["bill", "list", "--json"],
    ["due", "--as-of", "2026-11-28", "--days", "30"], ["due", "--json", "--days", "60"],
    ["remind", "--as-of", "2026-11-28"], ["export", "ics", "--as-of", "2026-11-20"],
    ["fund", "--no-chart"], ["fund", "--json"],
    ["budget", "list", "--month", "2026-11"], ["budget", "list", "--json", "--month", "2026-11"],
    ["safe"], ["safe", "--json"], ["review", "--month", "2026-11"],
    ["review", "--month", "2026-11", "--json"], ["plan"], ["plan", "--json"],
    ["add", "1", "fo" + HOSTILE], ["loan", "show", "nothing" + HOSTILE],
]


@pytest.mark.parametrize("args", OUTPUT_PATHS, ids=lambda args: " ".join(args)[:40])
def test_no_output_path_writes_a_control_character_raw(run, hostile_file, args):
    result = run(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert clean(result.stdout), repr(result.stdout)
    assert clean(result.stderr), repr(result.stderr)
    if "--json" in args:
        json.loads(result.stdout)


def test_a_newline_in_a_payee_cannot_forge_a_row(run, hostile_file):
    lines = ok(run("list", "--month", "2026-11")).stdout.splitlines()
    assert not any(line.startswith("#99") for line in lines)
    assert sum(line.startswith("#") for line in lines) == 4  # lunch, salary, a transfer


def test_the_calendar_file_is_clean_and_private(run, hostile_file, tmp_path):
    import os

    target = tmp_path / "due.ics"
    ok(run("export", "ics", str(target), "--as-of", "2026-11-20"))
    data = target.read_bytes().decode()
    assert clean(data.replace("\r\n", "\n"))
    assert "SUMMARY:Pay Rent" in data and "Rent" in data
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"


def test_a_tab_typed_in_a_payee_is_saved_as_a_space(run):
    ok(run("add", "12", "food", "--payee", "Noodle\tBar"))
    listed = json.loads(ok(run("list", "--json")).output)
    assert [row["payee"] for row in listed] == ["Noodle Bar"]


def test_a_name_has_at_most_60_characters_and_a_long_one_does_not_widen_the_list(run):
    refused = run("account", "add", "招" * 61, "--kind", "bank")
    assert refused.exit_code == 2
    assert "name: a name has at most 60 characters; this one has 61" in refused.stderr
    ok(run("account", "add", "招" * 60, "--kind", "bank"))
    lines = ok(run("account", "list")).output.splitlines()
    # 32 cells: 15 double-width characters and "…", then the kind column.
    assert lines[1].startswith("招" * 15 + "…  bank")
    assert max(len(line) for line in lines) < 60
