"""Names holding Rich markup ("a[/]b", "[bold]x") show as typed on every screen, at 80x24."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from budget.domain.ledger import AccountKind, CategoryKind
from budget.domain.loans import preset_terms
from budget.services.bills import create_bill
from budget.services.budgets import set_budget
from budget.services.evidence import ContactInput, record
from budget.services.loans import create_loan
from budget.services.playbook import record_contact
from budget.ui.app import build_app
from budget.ui.screens.evidence.screen import EvidenceScreen
from budget.ui.screens.loan_detail import LoanDetailScreen
from budget.ui.screens.playbook import PlaybookScreen
from tests.ui.conftest import settle, widget_text

TODAY = date(2026, 11, 30)
LOAN, LENDER, ACCOUNT, CATEGORY = "a[/]b", "[bold]L", "[i]C", "[bold]x"
PAYEE, NOTE = "p[/]", "[link=x]n"


@pytest.fixture
def hostile(ledger):
    """Every kind of name a user types, each with markup in it; the loan is overdue."""
    ledger.add_account(ACCOUNT, AccountKind.BANK, opening_balance=500000)
    category = ledger.add_category(CATEGORY, CategoryKind.EXPENSE)
    account = next(a for a in ledger.accounts() if a.name == ACCOUNT)
    ledger.add_transaction(on=TODAY, amount=-4550, account_id=account.id,
                           category_id=category.id, payee=PAYEE, note=NOTE)
    set_budget(ledger, CATEGORY, "100", "2026-11")
    create_bill(ledger, name="Rent[/]", amount="2200", frequency="month", day=5,
                start=date(2026, 12, 5), category=CATEGORY, account=ACCOUNT)
    create_loan(ledger, name=LOAN, lender=LENDER, phones=["95384"],
                terms=preset_terms("weilidai", 500_000, date(2026, 7, 28)),
                paid_installments=3, today=TODAY)
    moment = datetime(2026, 11, 29, 10, 0)
    record_contact(ledger, LOAN, at=moment, channel="phone", note="[/]said", who="[b]who",
                   now=moment)
    record(ledger, ContactInput(loan=LOAN, at="2026-11-29 11:00", channel="call",
                                who="[red]caller", note="[/]还钱 [bold]"),
           today=TODAY, now=datetime(2026, 11, 29, 12, 0))
    return ledger


def screen_text(app) -> str:
    """What the current screen shows, widget by widget."""
    shown = []
    for widget in app.screen.walk_children():
        if widget.display and widget.size.area:
            shown.append(widget_text(widget))
    return "\n".join(shown)


async def visit(pilot, *keys: str) -> str:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    assert pilot.app.is_running, keys
    return screen_text(pilot.app)


async def test_every_main_screen_shows_marked_up_names_as_typed(hostile):
    app = build_app(None, today=lambda: TODAY, ledger=hostile)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dashboard = screen_text(app)
        assert ACCOUNT in dashboard and PAYEE in dashboard and LOAN in dashboard
        transactions = await visit(pilot, "l")
        assert PAYEE in transactions and CATEGORY in transactions
        manage = await visit(pilot, "c")
        assert ACCOUNT in manage and CATEGORY in manage
        loans = await visit(pilot, "o")
        assert LOAN in loans and "Rent[/]" in loans
        await visit(pilot, "f")
        assert CATEGORY in await visit(pilot, "b")
        await visit(pilot, "v")
        assert LOAN in await visit(pilot, "y")
        await visit(pilot, "i")
        await visit(pilot, "A")  # the entry form and its account names
        await visit(pilot, "escape", "t", "escape")


async def test_the_loan_screens_and_forms_show_marked_up_names_as_typed(hostile):
    app = build_app(None, today=lambda: TODAY, ledger=hostile)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        detail = await visit(pilot, "o", "s")
        assert isinstance(app.screen, LoanDetailScreen)
        assert LOAN in app.screen.sub_title and "[/]said" in detail
        for form in ("p", "e", "k", "r"):  # pay, edit, record a contact, agreement
            shown = await visit(pilot, form)
            assert LOAN in shown or LENDER in shown, form
            await visit(pilot, "escape")
        playbook = await visit(pilot, "h")
        assert isinstance(app.screen, PlaybookScreen)
        assert LENDER in playbook or LOAN in playbook
        await visit(pilot, "escape")
        evidence = await visit(pilot, "m")
        assert isinstance(app.screen, EvidenceScreen)
        assert "[/]还钱" in evidence
        for form in ("n", "k", "e"):  # new entry, check a message, complaint bundle
            assert LOAN in await visit(pilot, form), form
            await visit(pilot, "escape")
        await visit(pilot, "i", "escape")
        assert app.is_running


def test_every_table_in_the_app_reads_its_cells_literally():
    from pathlib import Path

    import budget.ui

    built = [path.name for path in Path(budget.ui.__file__).parent.rglob("*.py")
             if "DataTable(" in path.read_text(encoding="utf-8")
             and path.name != "plain_table.py"]
    assert built == []  # each is a PlainTable (or a FittedTable, which is one)
