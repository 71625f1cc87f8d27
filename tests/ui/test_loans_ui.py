"""Loans in the TUI: the new-loan form, the due panel, payments, bills and reminders."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input

from budget.domain.loans import preset_terms
from budget.services.due import LAST_OPENED_KEY
from budget.services.loans import create_loan
from budget.storage.ledger import TransactionFilter
from budget.storage.loans import LoanBook
from budget.ui.app import build_app
from budget.ui.screens.bill_forms import BillForm, BillPaymentForm
from budget.ui.screens.dashboard import DashboardScreen
from budget.ui.screens.loan_detail import LoanDetailScreen
from budget.ui.screens.loan_form import LoanForm
from budget.ui.screens.loans import LoansScreen
from budget.ui.screens.payment_form import PaymentForm
from budget.ui.screens.playbook import PlaybookScreen
from tests.ui.conftest import TODAY, record_notices, settle, widget_text, words

NOVEMBER = TransactionFilter(start=date(2026, 11, 1), end=date(2026, 11, 30))


def add_weilidai(ledger, drawn: date, name: str = "微粒贷"):
    """¥5,000 at 0.05%/day over 10 periods, first due a month after `drawn`, grace 1 day."""
    return create_loan(ledger, name=name, terms=preset_terms("weilidai", 500000, drawn),
                       lender="WeBank", phones=["95384"])


def due_text(app) -> str:
    return words(app.screen.query_one("#due-list"))


async def test_loan_added_with_keyboard_is_due_then_paid_and_leaves_the_due_panel(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, LoansScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, LoanForm)
        # The preset list is first: open it, pick 微粒贷; then principal and the draw date.
        await pilot.press("enter", "down", "enter")
        await pilot.press("tab", "tab", "tab", "tab", *"5000")
        await pilot.press("tab", "tab", "tab", "tab", "tab", *"2026-10-18", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LoansScreen)
        loans = app.screen.query_one("#loans-table", DataTable)
        assert [str(cell) for cell in loans.get_row_at(0)] == [
            "微粒贷", "WeBank", "2026-11-18", "578.25", "5,000.00", "overdue 2 days", "19.86%"]

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "微粒贷 #1" in due_text(app)
        assert "¥578.25" in due_text(app)
        assert "2 days overdue · penalty ¥0.25 · +¥0.38/day" in due_text(app)

        # Late, Enter opens the playbook; its schedule is one screen further.
        app.screen.query_one("#due-list").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlaybookScreen)
        await pilot.press("escape", "o")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, LoanDetailScreen)
        assert "¥5,082.75 closes it today" in widget_text(app.screen.query_one("#loan-facts"))
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PaymentForm)
        assert app.screen.query_one("#amount", Input).value == "578.25"
        assert "Penalty ¥0.25 · interest ¥78.00 · principal ¥500.00" in widget_text(
            app.screen.query_one("#allocation"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoanDetailScreen)
        schedule = app.screen.query_one("#schedule", DataTable)
        assert str(schedule.get_row_at(0)[4]) == "✓ paid late"
        await pilot.press("escape", "d")
        await settle(pilot)
        assert "Nothing due in 7 days" in due_text(app)

    rows = app.ledger.recent_transactions(5)
    assert sorted((tx.category, tx.amount) for tx in rows) == [
        ("Interest and fees", -7825), ("Loan repayment", -50000)]
    assert LoanBook(app.ledger).loans()[0].payments[0].amount == 57825


async def test_schedule_preview_follows_the_principal_as_it_is_typed(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o", "n")
        await settle(pilot)
        form = app.screen
        form.query_one("#principal", Input).focus()
        await pilot.press(*"1200", "tab", *"12")
        await settle(pilot)
        summary = form.query_one("#preview-summary")
        assert "12 payments, first ¥106.62 on 2026-12-20" in words(summary)
        assert "True annual cost (APR) 12.73%" in words(summary)
        assert form.query_one("#preview-table", DataTable).row_count == 12

        form.query_one("#principal", Input).focus()
        await pilot.press("end", "0")
        await settle(pilot)
        assert "first ¥1,066.19" in words(summary)
        assert "Total interest ¥661.86" not in words(summary)  # that is 10,000 at 1%
        assert "Total interest ¥794.23" in words(summary)


async def test_invalid_principal_is_explained_under_the_field_and_nothing_is_saved(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o", "n")
        await settle(pilot)
        form = app.screen
        form.query_one("#name", Input).focus()
        await pilot.press(*"Car", "tab", "tab", "tab", *"abc", "tab", *"12")
        await settle(pilot)
        error = form.query_one("#principal-error")
        assert error.display
        assert "'abc' is not an amount" in widget_text(error)
        assert "once principal, rate and periods are valid" in words(
            form.query_one("#preview-summary"))

        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert form.focused is form.query_one("#principal", Input)
    assert LoanBook(app.ledger).loans() == []
    assert app.ledger.count_transactions(NOVEMBER) == (0, 0)


async def test_overdue_loan_is_announced_at_start_with_what_fell_due_since_last_time(ledger):
    add_weilidai(ledger, date(2026, 10, 18))
    ledger.set_setting(LAST_OPENED_KEY, "2026-11-10")
    app = build_app(None, today=lambda: TODAY, ledger=ledger)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
    titles = {title: (message, severity) for title, message, severity in notices}
    message, severity = titles["Due and overdue"]
    assert severity == "warning"
    assert "微粒贷 #1 · ¥578.25 · 2 days overdue · penalty ¥0.25" in message
    assert "h on the dashboard: what to do about it" in message
    message, severity = titles["Fell due since budget was last opened"]
    assert "微粒贷 #1" in message
    assert ledger.setting(LAST_OPENED_KEY) == "2026-11-20"


async def test_nothing_is_announced_when_nothing_is_due(app):
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
    assert notices == []


async def test_due_panel_reloads_when_the_date_rolls_over_at_midnight(ledger, monkeypatch):
    monkeypatch.setattr("budget.ui.reminders.CHECK_SECONDS", 0.05)
    add_weilidai(ledger, date(2026, 10, 28))  # first due 2026-11-28: 8 days away
    day = {"today": TODAY}
    app = build_app(None, today=lambda: day["today"], ledger=ledger)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Nothing due in 7 days" in due_text(app)

        day["today"] = date(2026, 11, 25)  # now 3 days away: inside the window and lead time
        await pilot.pause(0.2)
        await settle(pilot)
        assert "微粒贷 #1" in due_text(app)
        assert "in 3 days · 2026-11-28" in due_text(app)
    assert [title for title, _message, _severity in notices] == ["Due and overdue"]


async def test_bill_added_with_keyboard_is_paid_from_the_bills_table(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BillForm)
        await pilot.press(*"Rent", "tab", *"3000", "tab", "tab", *"25", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LoansScreen)
        bills = app.screen.query_one("#bills-table", DataTable)
        assert [str(cell) for cell in bills.get_row_at(0)] == [
            "Rent", "3,000.00", "every month", "2026-11-25", "upcoming"]

        await pilot.press("tab", "p")
        await settle(pilot)
        assert isinstance(app.screen, BillPaymentForm)
        await pilot.press("enter")
        await settle(pilot)
        assert str(bills.get_row_at(0)[3]) == "2026-12-25"
    paid = app.ledger.recent_transactions(1)[0]
    assert (paid.date, paid.amount, paid.payee) == (TODAY, -300000, "Rent")


async def test_payment_form_shows_the_allocation_and_refuses_more_than_closes_the_loan(ledger):
    add_weilidai(ledger, date(2026, 10, 18))
    app = build_app(None, today=lambda: TODAY, ledger=ledger)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PaymentForm)
        form.query_one("#amount", Input).focus()
        await pilot.press(*"100")
        allocation = form.query_one("#allocation")
        assert "Penalty ¥0.25 · interest ¥78.00 · principal ¥21.75" in widget_text(allocation)
        assert "principal left ¥4,978.25" in widget_text(allocation)

        form.query_one("#amount", Input).value = "9000"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert "more than the ¥5,082.75 that closes 微粒贷" in words(
            form.query_one("#amount-error"))
    assert LoanBook(ledger).loans()[0].payments == ()


async def test_loan_screens_show_every_binding_in_the_palette(ledger):
    add_weilidai(ledger, date(2026, 10, 18))
    app = build_app(None, today=lambda: TODAY, ledger=ledger)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, LoanDetailScreen)
        for screen in (app.screen, app.screen_stack[-2]):
            bindings = [*app.BINDINGS, *type(screen).BINDINGS]
            titles = {command.title for command in app.get_system_commands(screen)}
            for binding in bindings:
                assert binding.description and binding.id
                if binding.show:
                    assert (binding.tooltip or binding.description) in titles, binding


async def test_enter_on_a_bill_in_the_due_panel_pays_it(ledger):
    from budget.services.bills import create_bill

    create_bill(ledger, name="Phone", amount="88", frequency="month", day=22, start=TODAY)
    app = build_app(None, today=lambda: TODAY, ledger=ledger)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Phone ¥88.00 in 2 days · 2026-11-22" in due_text(app)
        app.screen.query_one("#due-list").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BillPaymentForm)
        await pilot.press("enter")
        await settle(pilot)
        assert "Nothing due in 7 days" in due_text(app)
    assert ledger.recent_transactions(1)[0].amount == -8800


async def test_a_payment_made_by_mistake_is_deleted_from_the_loan_screen_and_comes_back_on_undo(
        app, ledger):
    loan = add_weilidai(ledger, date(2026, 10, 18))
    cash_before = ledger.accounts()[0].balance
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "微粒贷 #1" in due_text(app)
        app.push_screen(LoanDetailScreen(ledger, lambda: TODAY, loan.id))
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("enter")  # pays the ¥578.25 due: the mistake
        await settle(pilot)
        assert ledger.accounts()[0].balance == cash_before - 57_825
        payments = app.screen.query_one("#payments", DataTable)
        assert str(payments.get_row_at(0)[1]) == "¥578.25"

        notices = record_notices(app)
        payments.focus()
        await pilot.press("x")
        await settle(pilot)
        assert ledger.accounts()[0].balance == cash_before
        assert ledger.count_transactions(NOVEMBER) == (0, 0)
        assert "Deleted the payment of ¥578.25 on 2026-11-20" in notices[-1][1]
        schedule = app.screen.query_one("#schedule", DataTable)
        assert str(schedule.get_row_at(0)[4]).startswith("overdue")
        await pilot.press("escape")
        await settle(pilot)
        assert "微粒贷 #1" in due_text(app)

        app.push_screen(LoanDetailScreen(ledger, lambda: TODAY, loan.id))
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo" in notices[-1][1]  # undo lives with the screen it was on


async def test_a_loans_ledger_row_is_refused_on_the_transactions_screen_with_where_to_go(
        app, ledger):
    from budget.services.loans import pay_loan

    add_weilidai(ledger, date(2026, 10, 18))
    pay_loan(ledger, "微粒贷", "578.25", on=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        notices = record_notices(app)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert "part of a payment on 微粒贷" in notices[-1][1]
        assert ledger.count_transactions(NOVEMBER)[0] == 2
        await pilot.press("enter")
        await settle(pilot)
        assert "budget loan unpay 微粒贷" in notices[-1][1]


async def test_a_loan_is_edited_and_archived_from_the_loans_screen(app, ledger):
    add_weilidai(ledger, date(2026, 10, 18))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, LoanForm)
        name = app.screen.query_one("#name", Input)
        name.value = "微粒贷 WeBank"
        name.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoansScreen)
        assert LoanBook(ledger).loans()[0].name == "微粒贷 WeBank"

        await pilot.press("x")
        await settle(pilot)
        assert LoanBook(ledger).loans() == []
        assert app.screen.query_one("#loans-table", DataTable).row_count == 0
        await pilot.press("u")
        await settle(pilot)
        assert len(LoanBook(ledger).loans()) == 1


async def test_changing_the_terms_of_a_loan_with_payments_says_why_in_the_form(app, ledger):
    from budget.services.loans import pay_loan

    add_weilidai(ledger, date(2026, 10, 18))
    pay_loan(ledger, "微粒贷", "100", on=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        principal = app.screen.query_one("#principal", Input)
        principal.value = "6000"
        principal.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoanForm)
        assert "has payments recorded" in widget_text(app.screen.query_one("#terms-error"))
    assert LoanBook(ledger).loans()[0].terms.principal == 500_000


async def test_a_loan_with_talks_with_the_lender_is_not_deleted_from_the_loan_screen(app):
    from datetime import datetime

    from budget.domain.contacts import Channel, LenderContact
    from budget.storage.contacts import ContactBook

    loan = add_weilidai(app.ledger, date(2026, 10, 18))
    ContactBook(app.ledger).add(LenderContact(loan_id=loan.id, at=datetime(2026, 11, 19, 10),
                                              channel=Channel.PHONE, note="asked for time"))
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert ("", "微粒贷 has talks with the lender recorded, so it is not deleted: press x "
                "to archive it instead (they stay)", "warning") in notices
    assert [stored.name for stored in LoanBook(app.ledger).loans()] == ["微粒贷"]
    assert len(ContactBook(app.ledger).contacts(loan.id)) == 1


async def test_deleting_a_loan_with_evidence_says_the_evidence_keeps_it(app, ledger):
    from datetime import datetime

    from budget.services.evidence import ContactInput, record

    add_weilidai(ledger, date(2026, 10, 18))
    record(ledger, ContactInput(loan="微粒贷", at="2026-11-19 10:00", channel="call",
                                note="催收电话"), today=TODAY, now=datetime(2026, 11, 19, 11, 0))
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
    assert len(LoanBook(ledger).loans()) == 1
    assert ("", "微粒贷 has collection evidence recorded, which is kept for good, so it cannot "
                "be deleted: press x to archive it instead", "warning") in notices


async def test_the_transfer_form_does_not_speak_of_refunds(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert words(app.screen.query_one("#form-help")) == (
            "Enter saves · Esc cancels · Tab next field")
        await pilot.press("tab", "tab", "enter")  # no account to move from
        await settle(pilot)
        errors = " ".join(words(line) for line in app.screen.query(".error.shown"))
        assert "Enter an account" in errors and "Enter a account" not in errors
