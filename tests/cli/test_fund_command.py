"""`budget fund` on a prepared database."""

import json

from click.testing import CliRunner

from budget.cli import main


def _run(db, *args):
    return CliRunner().invoke(main, [*args, "--db", db])


def _prepare(db):
    for month in range(5, 11):
        assert _run(db, "add", "3000", "housing", "--date", f"2026-{month:02d}-01").exit_code == 0
    assert _run(db, "account", "add", "Savings", "--kind", "savings", "--opening", "4500",
                "--reserve").exit_code == 0


def test_fund_json_reports_target_coverage_and_percent(tmp_path):
    db = str(tmp_path / "f.db")
    _prepare(db)
    result = _run(db, "fund", "--json", "--as-of", "2026-11-28")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["target"] == "18000.00"
    assert report["balance"] == "4500.00"
    assert report["coverage_months"] == 1.5
    assert report["percent"] == 25
    assert report["baseline_monthly"] == "3000.00"
    assert report["baseline_source"] == "history"
    assert report["avg_monthly_contribution"] == "0.00"
    assert report["projected_date"] is None
    names = [m["name"] for m in report["milestones"]]
    assert names == ["starter", "3 months", "target"]


def test_fund_text_says_not_at_this_pace_and_draws_a_chart(tmp_path):
    db = str(tmp_path / "f.db")
    _prepare(db)
    result = _run(db, "fund", "--as-of", "2026-11-28")
    assert result.exit_code == 0, result.output
    assert "¥4,500.00 of ¥18,000.00 (25.0%)" in result.output
    assert "covers 1.5 months of essential spending" in result.output
    assert "not at this pace" in result.output
    assert "Emergency reserve, target ¥18,000.00" in result.output  # the chart's title


def test_fund_set_changes_the_target_and_refuses_nonsense(tmp_path):
    db = str(tmp_path / "f.db")
    _prepare(db)
    assert _run(db, "fund", "set", "--months", "3").exit_code == 0
    report = json.loads(_run(db, "fund", "--json", "--as-of", "2026-11-28").output)
    assert report["target"] == "9000.00"
    bad = _run(db, "fund", "set", "--months", "40")
    assert bad.exit_code == 2 and "1 to 24" in bad.output
    fixed = _run(db, "fund", "set", "--amount", "20,000")
    assert fixed.exit_code == 0
    assert json.loads(_run(db, "fund", "--json", "--as-of", "2026-11-28").output)[
        "target"] == "20000.00"
