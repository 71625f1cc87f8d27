"""The demo database: a believable, consistent and repeatable year of entries."""

import sqlite3
from contextlib import closing
from datetime import date

import pytest

from budget.services.demo import build_demo
from budget.services.session import open_ledger

TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_HOME", str(tmp_path / "home"))


def totals(path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(
            "SELECT substr(date, 1, 7), count(*), sum(amount) FROM transactions "
            "GROUP BY 1 ORDER BY 1").fetchall()


def test_demo_holds_twelve_months_ending_today(tmp_path):
    path = build_demo(tmp_path / "demo.db", today=TODAY)

    months = [month for month, _count, _sum in totals(path)]

    assert months == ["2025-12"] + [f"2026-{m:02d}" for m in range(1, 12)]
    ledger = open_ledger(path)
    assert ledger.recent_transactions(1)[0].date <= TODAY


def test_every_month_has_a_salary_between_8000_and_9000_yuan(tmp_path):
    ledger = open_ledger(build_demo(tmp_path / "demo.db", today=TODAY))

    salaries = ledger.conn.execute(
        "SELECT substr(t.date, 1, 7), t.date, t.amount FROM transactions t "
        "JOIN categories c ON c.id = t.category_id WHERE c.name = 'Salary' ORDER BY 1").fetchall()

    assert len({month for month, _day, _amount in salaries}) == 12
    assert all(day.endswith("-10") for _month, day, _amount in salaries)
    assert all(8_000_00 <= amount <= 9_000_00 for _month, _day, amount in salaries)


def test_rent_is_paid_on_the_first_of_every_month(tmp_path):
    ledger = open_ledger(build_demo(tmp_path / "demo.db", today=TODAY))

    rent_days = [row[0] for row in ledger.conn.execute(
        "SELECT t.date FROM transactions t JOIN categories c ON c.id = t.category_id "
        "WHERE c.name = 'Housing' AND t.amount = -220000")]

    assert len(rent_days) == 12 and all(day.endswith("-01") for day in rent_days)


def test_account_balances_equal_opening_plus_their_transactions(tmp_path):
    ledger = open_ledger(build_demo(tmp_path / "demo.db", today=TODAY))

    rows = ledger.conn.execute(
        "SELECT a.name, a.balance, a.opening_balance + coalesce(sum(t.amount), 0) "
        "FROM accounts a LEFT JOIN transactions t ON t.account_id = a.id GROUP BY a.id").fetchall()

    assert len(rows) == 6
    assert all(balance == computed for _name, balance, computed in rows)


def test_accounts_look_like_a_young_workers(tmp_path):
    ledger = open_ledger(build_demo(tmp_path / "demo.db", today=TODAY))

    accounts = {a.name: a for a in ledger.accounts()}

    assert {str(a.kind) for a in accounts.values()} == {
        "cash", "bank", "e-wallet", "credit-card", "savings"}
    assert accounts["招商银行"].kind == "bank"
    reserve = [a for a in accounts.values() if a.reserve]
    assert len(reserve) == 1 and reserve[0].balance > 6_000_00
    assert all(a.balance >= 0 for a in accounts.values() if a.kind != "credit-card")


def test_transfers_come_in_pairs_that_cancel_out(tmp_path):
    ledger = open_ledger(build_demo(tmp_path / "demo.db", today=TODAY))

    pairs = ledger.conn.execute(
        "SELECT transfer_id, count(*), sum(amount) FROM transactions "
        "WHERE transfer_id IS NOT NULL GROUP BY transfer_id").fetchall()

    assert len(pairs) >= 12  # at least one top-up of the reserve or card bill a month
    assert all(count == 2 and total == 0 for _id, count, total in pairs)


def test_the_same_seed_builds_the_same_year(tmp_path):
    first = build_demo(tmp_path / "a.db", today=TODAY, seed=3)
    second = build_demo(tmp_path / "b.db", today=TODAY, seed=3)
    other = build_demo(tmp_path / "c.db", today=TODAY, seed=4)

    assert totals(first) == totals(second)
    assert totals(first) != totals(other)


def test_rebuilding_replaces_the_old_demo_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "demo.db"
    build_demo(path, today=TODAY)
    ledger = open_ledger(path)
    ledger.add_transaction(on=TODAY, amount=-1, account_id=1, category_id=1)
    ledger.conn.close()

    build_demo(path, today=TODAY)

    assert totals(path) == totals(build_demo(tmp_path / "fresh.db", today=TODAY))
    # backups/ holds the day's automatic copy made by the write above, not a leftover
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "backups") == [
        "demo.db", "fresh.db"]


def test_a_demo_built_early_in_the_month_stops_at_today(tmp_path):
    ledger = open_ledger(build_demo(tmp_path / "demo.db", today=date(2026, 3, 5)))

    assert ledger.recent_transactions(1)[0].date <= date(2026, 3, 5)
    assert ledger.first_transaction_date() == date(2025, 4, 1)
