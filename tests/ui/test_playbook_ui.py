"""The overdue playbook in the TUI: from the dashboard's overdue item to an agreement."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input

from budget.domain.loans import build_schedule, preset_terms
from budget.services.loans import create_loan
from budget.storage.contacts import ContactBook
from budget.storage.loans import LoanBook
from budget.ui.app import build_app
from budget.ui.screens.contact_form import ContactForm
from budget.ui.screens.playbook import PlaybookScreen
from budget.ui.screens.restructure_form import RestructureForm
from tests.ui.conftest import record_notices, settle, words

TODAY = date(2026, 11, 30)


def behind(ledger):
    """微粒贷 drawn 2026-07-28: #1-#3 paid, #4 (due 2026-11-28) two days late."""
    terms = preset_terms("weilidai", 500_000, date(2026, 7, 28))
    return create_loan(ledger, name="微粒贷", terms=terms, lender="WeBank", phones=["95384"],
                       paid_installments=3, today=TODAY)


async def test_from_the_overdue_item_to_a_recorded_call_and_an_agreement(ledger):
    loan = behind(ledger)
    app = build_app(None, today=lambda: TODAY, ledger=ledger)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#due-list").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlaybookScreen)
        standing = words(app.screen.query_one("#standing"))
        assert "¥555.00 is due now on 1 installment;" in standing
        assert "征信业管理条例 art. 15" in standing
        assert "95384" in words(app.screen.query_one("#contact-head"))
        options = app.screen.query_one("#options", DataTable)
        assert options.row_count == 5

        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, ContactForm)
        app.screen.query_one("#who", Input).value = "工号 0371"
        app.screen.query_one("#note", Input).value = "asked for 12 installments"
        next_date = app.screen.query_one("#next", Input)
        next_date.value = "2026-12-02"
        next_date.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlaybookScreen)
        [contact] = ContactBook(ledger).contacts(loan.id)
        assert (contact.who, contact.next_date) == ("工号 0371", date(2026, 12, 2))
        assert "asked for 12 installments" in words(app.screen.query_one("#contacts"))

        options.focus()
        await pilot.press("down", "down", "down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RestructureForm)
        assert app.screen.query_one("#periods", Input).value == "12"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlaybookScreen)
    [stored] = LoanBook(ledger).loans()
    assert len(stored.restructures) == 1
    assert stored.restructures[0].terms.periods == 12


async def test_h_on_the_dashboard_opens_the_playbook_of_the_late_loan(ledger):
    behind(ledger)
    app = build_app(None, today=lambda: TODAY, ledger=ledger)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, PlaybookScreen)
        assert "Where you stand" in words(app.screen.query_one("#standing"))


async def test_without_a_late_loan_h_says_so(ledger):
    terms = preset_terms("weilidai", 500_000, date(2026, 11, 1))
    create_loan(ledger, name="微粒贷", terms=terms)
    app = build_app(None, today=lambda: TODAY, ledger=ledger)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        notices = record_notices(app)
        await pilot.press("h")
        await settle(pilot)
        assert "No loan is overdue" in notices[-1][1]
        assert build_schedule(terms)[0].due_date == date(2026, 12, 1)


async def test_installments_an_agreement_replaced_are_not_numbered_twice(ledger):
    """After 微粒贷 is re-amortised the new plan numbers its installments from #4; the
    replaced #4-#10 stay visible, struck through, as (4)-(10) with no figures."""
    from budget.domain.restructure import OptionKind
    from budget.services.playbook import option_draft, save_restructure
    from budget.ui.screens.loan_detail import LoanDetailScreen

    loan = behind(ledger)
    save_restructure(ledger, option_draft(ledger, loan.id, OptionKind.INSTALLMENTS, TODAY))
    app = build_app(None, today=lambda: TODAY, ledger=ledger)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(LoanDetailScreen(ledger, lambda: TODAY, loan.id))
        await settle(pilot)
        table = app.screen.query_one("#schedule", DataTable)
        numbers = [str(table.get_row_at(index)[0]) for index in range(table.row_count)]
    plain = [number for number in numbers if not number.startswith("(")]
    assert len(plain) == len(set(plain)) and "4" in plain
    assert [number for number in numbers if number.startswith("(")] == [
        f"({n})" for n in range(4, 11)]
