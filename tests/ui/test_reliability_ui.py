"""The app under other writers, a busy or failing database, hostile text and far dates."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date

import pytest
from textual import events
from textual.widgets import Input, Static

from budget.services.session import open_ledger
from budget.storage import database
from budget.ui.app import build_app
from budget.ui.empty_file import EmptyFileApp
from budget.ui.screens.entry import EntryForm
from budget.ui.watch import POLL_SECONDS
from tests.domain.test_text import CORPUS, FORBIDDEN
from tests.ui.conftest import TODAY, record_notices, settle, widget_text


def _food(ledger):
    return next(c for c in ledger.categories() if c.name == "Food").id


async def test_a_shell_command_s_write_shows_on_the_dashboard(tmp_path):
    path = tmp_path / "shared.db"
    app = build_app(str(path), today=lambda: TODAY)
    shell = open_ledger(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#recent").row_count == 0
        shell.add_transaction(on=TODAY, amount=-1200, account_id=1, category_id=_food(shell),
                              payee="from the shell")
        app.ledger_watch.poll()  # what the 1-second timer does
        await settle(pilot)
        recent = app.screen.query_one("#recent")
        assert recent.row_count == 1
        assert [str(cell) for cell in recent.rows[0]][2:] == [
            "-12.00", "Cash", "from the shell"]
        assert "Expenses -12.00" in widget_text(app.screen.query_one("#expenses"))
    assert POLL_SECONDS <= 1  # a write shows within a poll plus one reload


async def test_its_own_writes_do_not_make_the_app_reload_twice(tmp_path):
    path = tmp_path / "own.db"
    app = build_app(str(path), today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        version = app.ledger_version
        app.ledger.add_transaction(on=TODAY, amount=-100, account_id=1,
                                   category_id=_food(app.ledger))
        app.ledger_watch.poll()
        await settle(pilot)
        assert app.ledger_version == version  # data_version moves only for other writers


@pytest.fixture
def busy_file(tmp_path, monkeypatch):
    """A file whose write lock another program holds until `release` is set."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "busy.db"
    open_ledger(path).conn.close()
    ready, release = threading.Event(), threading.Event()

    def hold():
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        release.wait(30)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=hold)
    yield path, lambda: (thread.start(), ready.wait()), release
    release.set()
    if thread.is_alive():
        thread.join()


async def test_a_busy_database_keeps_the_form_and_what_was_typed(busy_file):
    path, take_lock, release = busy_file
    app = build_app(str(path), today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("A")  # the full form (a is the dashboard's quick line)
        await settle(pilot)
        await pilot.press(*"45.5", "tab", *"food", "tab")
        take_lock()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        error = str(app.screen.query_one("#form-error", Static).render())
        assert "is busy" in error and "Nothing was saved; try again in a moment." in error
        assert str(app.screen.query_one("#amount-error", Static).render()) == ""
        assert app.screen.query_one("#amount", Input).value == "45.5"
        assert app.screen.query_one("#category", Input).value == "Food"
        release.set()
        await pilot.pause(0.1)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, EntryForm)
    assert [tx.amount for tx in app.ledger.recent_transactions()] == [-4550]


async def test_a_database_failure_in_a_worker_is_a_notice_not_an_exit(app, monkeypatch):
    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr("budget.ui.screens.dashboard.dashboard_snapshot", locked)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert ("Nothing was saved", "the database is busy: another program (budget in another "
                "window, or sqlite3) kept it locked for more than 5 seconds. Nothing was saved; "
                "try again in a moment.", "error") in notices


async def test_hostile_text_from_the_file_is_shown_plain(app, ledger):
    hostile = "".join(CORPUS) + " [/] [@click=app.quit]q[/]"
    ledger.conn.execute(
        "INSERT INTO transactions (date, amount, account_id, category_id, payee, note, "
        "created_at) VALUES (?, -100, 1, ?, ?, ?, 'now')",
        [TODAY.isoformat(), _food(ledger), hostile, hostile])
    ledger.conn.execute("UPDATE accounts SET name = ?", ["Cash[/]" + CORPUS[0]])
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        for selector in ("#recent", "#balances"):
            shown = widget_text(app.screen.query_one(selector))
            assert not FORBIDDEN - {"\n"} & set(shown), selector
        assert "[/]" in widget_text(app.screen.query_one("#recent"))
        await pilot.press("l")
        await settle(pilot)
        assert app.is_running
        await pilot.press("enter")  # the edit form shows the cleaned text
        await settle(pilot)
        payee = app.screen.query_one("#payee", Input).value
        assert "[/]" in payee and not FORBIDDEN & set(payee)


async def test_a_paste_cannot_put_a_control_character_in_a_field(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("A")
        await settle(pilot)
        payee = app.screen.query_one("#payee", Input)
        payee.focus()
        payee.post_message(events.Paste("\x1b]0;PWNED\x07Shop\x1b[2J\nsecond line"))
        await pilot.pause()
        assert payee.value == "Shop"
        payee.insert_text_at_cursor("\x07")  # refused by the field's restriction
        assert payee.value == "Shop"
        payee.insert_text_at_cursor("\u202e")  # a bidi override too
        assert payee.value == "Shop"
        payee.value = ""
        payee.post_message(events.Paste("Noodle\tBar\u202e00.001"))
        await pilot.pause()
        assert payee.value == "Noodle Bar00.001"


async def test_a_far_dated_bill_does_not_stop_the_app_and_is_announced(app, ledger):
    from budget.services.bills import create_bill

    create_bill(ledger, name="Rent", amount="2200", frequency="month", day=1,
                start=date(2026, 12, 1), category="Housing")
    ledger.conn.execute("UPDATE bills SET start = '9999-12-31'")
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.ledger_watch.announce_left_out()
        await pilot.press("o")
        await settle(pilot)
        assert app.is_running
    left_out = [message for title, message, _severity in notices if title == "Left out"]
    assert len(left_out) == 1
    assert left_out[0].startswith("Bill Rent is left out: its start, 9999-12-31")


@pytest.mark.parametrize(("key", "answer"), [("n", True), ("q", False), ("escape", False)])
async def test_an_empty_file_is_only_started_afresh_when_asked(tmp_path, key, answer):
    app = EmptyFileApp(tmp_path / "empty.db")
    async with app.run_test() as pilot:
        assert "is empty (0 bytes)" in widget_text(app.screen.query_one(Static))
        await pilot.press(key)
    assert app.return_value is answer


async def test_every_screen_opens_over_far_dated_rows(app, ledger):
    from budget.domain.loans import LoanTerms, Method
    from budget.services.bills import create_bill
    from budget.services.loans import create_loan

    create_bill(ledger, name="Rent", amount="2200", frequency="month", day=1,
                start=date(2026, 12, 1), category="Housing")
    create_loan(ledger, name="微粒贷", terms=LoanTerms(
        principal=500000, periods=10, method=Method.DAILY_EQUAL_PRINCIPAL,
        start=date(2026, 10, 15), daily_rate="0.0005"), today=TODAY)
    ledger.add_account("Savings", "savings", reserve=True, opening_balance=300000)
    for day in ("0001-01-01", "9999-12-31", "1969-12-31"):
        ledger.conn.execute(
            "INSERT INTO transactions (date, amount, account_id, category_id, created_at) "
            "VALUES (?, -100, 1, ?, 'now')", [day, _food(ledger)])
    ledger.conn.execute("UPDATE bills SET start = '9999-12-31'")
    ledger.conn.execute("UPDATE loans SET start = '0001-01-01'")
    async with app.run_test(size=(100, 30)) as pilot:
        for key in ("d", "l", "c", "o", "f", "b", "v", "y", "d"):
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running, key
        await pilot.press("l", "[", "]", "]")
        await settle(pilot)
        assert app.is_running
    assert {key[0] for key in ledger.date_problems} == {"bill", "loan"}


@pytest.mark.parametrize(("today", "keys"), [(date(1970, 1, 15), "[[]"),
                                             (date(2099, 12, 20), "]][")])
async def test_paging_months_stops_at_the_ends_of_the_accepted_range(ledger, today, keys):
    app = build_app(None, today=lambda: today, ledger=ledger)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for screen in ("l", "b", "v"):
            await pilot.press(screen)
            await settle(pilot)
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            assert app.is_running, screen
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"12", "tab", *"food", "enter")
        await settle(pilot)
    assert [tx.date for tx in ledger.recent_transactions()] == [today]


async def test_a_busy_database_keeps_the_quick_line_as_typed(busy_file):
    path, take_lock, release = busy_file
    app = build_app(str(path), today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"45.5 food lunch")
        take_lock()
        await pilot.press("enter")
        await settle(pilot)
        line = app.screen.query_one("#quick", Input)
        assert line.value == "45.5 food lunch"
        message = " ".join(widget_text(app.screen.query_one("#quick-message")).split())
        assert "Nothing was saved; try again in a moment." in message
        assert not message.startswith("amount")  # no field is to blame
        release.set()


async def test_a_busy_database_is_the_form_s_message_not_the_name_s(busy_file):
    path, take_lock, release = busy_file
    app = build_app(str(path), today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("n")  # a new account
        await settle(pilot)
        await pilot.press(*"Savings")
        take_lock()
        await pilot.press("enter")
        await settle(pilot)
        shown = " ".join(widget_text(app.screen.query_one("#form-error")).split())
        assert "is busy" in shown and "Nothing was saved; try again in a moment." in shown
        assert str(app.screen.query_one("#name-error", Static).render()) == ""
        assert app.screen.query_one("#name", Input).value == "Savings"
        release.set()
