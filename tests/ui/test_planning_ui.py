"""Planning in the TUI: safe to spend, budgets, the monthly review and the payoff planner."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static

from budget.domain.loans import LoanTerms, Method
from budget.services.bills import create_bill
from budget.services.budgets import budgets_for, set_budget
from budget.services.loans import create_loan
from budget.services.review_marks import LAST_REVIEW_KEY
from budget.ui.app import build_app
from budget.ui.planning import REMINDER_DELAY
from budget.ui.screens.budget_form import BudgetForm
from budget.ui.screens.budgets import BudgetsScreen
from budget.ui.screens.plan import PlanScreen
from budget.ui.screens.review import ReviewScreen
from budget.ui.widgets.planning_charts import (
    CategorySpendingChart,
    DebtPayoffChart,
    IncomeExpensesChart,
)
from budget.ui.widgets.safe_to_spend import SafeToSpendLine
from tests.ui.conftest import TODAY, record_notices, settle, widget_text, words


def _category(ledger, name):
    return next(c for c in ledger.categories() if c.name == name)


def spend(ledger, on: date, amount: int, category: str = "Food") -> None:
    ledger.add_transaction(on=on, amount=-amount, account_id=ledger.accounts()[0].id,
                           category_id=_category(ledger, category).id)


def earn(ledger, on: date, amount: int, category: str = "Salary") -> None:
    ledger.add_transaction(on=on, amount=amount, account_id=ledger.accounts()[0].id,
                           category_id=_category(ledger, category).id)


def cells(table: DataTable, key: str) -> list[str]:
    return [str(cell) for cell in table.get_row(key)]


async def open_mode(pilot, key: str, screen_type):
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, screen_type)
    return pilot.app.screen


# --- safe to spend on the dashboard ------------------------------------------------------


async def test_safe_to_spend_shows_on_the_dashboard_and_s_expands_it_to_its_terms(ledger, app):
    earn(ledger, date(2026, 11, 1), 110000)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        line = app.screen.query_one(SafeToSpendLine)
        assert line.headline == "Safe to spend today: ¥100.00 a day for 11 days."
        assert words(line) == ("Safe to spend today: ¥100.00 a day for 11 days. "
                               "s: show the sum")

        await pilot.press("s")
        await pilot.pause()
        assert line.expanded
        shown = words(line)
        assert "Spending accounts: ¥1,100.00" in shown
        assert "= ¥1,100.00 for 11 days, 2026-11-20 to 2026-11-30" in shown
        assert "No recurring income" in shown

        line.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert not line.expanded
        assert "Spending accounts" not in words(line)


async def test_safe_to_spend_says_plainly_when_you_are_short(ledger, app):
    earn(ledger, date(2026, 11, 1), 110000)
    create_bill(ledger, name="Rent", amount="2000", frequency="month", day=25, start=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        line = app.screen.query_one(SafeToSpendLine)
        assert line.headline == ("You are short by ¥900.00 before the end of the month "
                                 "(2026-11-30).")
        assert line.short
        await pilot.press("s")
        await pilot.pause()
        assert "− Rent, due 2026-11-25: ¥2,000.00" in words(line)


# --- budgets -----------------------------------------------------------------------------


async def test_limit_set_with_the_keyboard_shows_a_bar_and_percent_and_overspend_warns(ledger,
                                                                                       app):
    spend(ledger, date(2026, 11, 5), 8000)  # Food: the category with the most spending
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(pilot, "b", BudgetsScreen)
        table = screen.query_one(DataTable)
        assert cells(table, "Food")[:3] == ["Food", "—", "80.00"]
        assert table.get_row_at(0) == table.get_row("Food")

        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, BudgetForm)
        await pilot.press(*"100", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert cells(table, "Food") == ["Food", "100.00", "80.00", "20.00", "████████░░",
                                        "80%"]
        assert ("", "Budget for Food in 2026-11: ¥100.00", "information") in notices

        # An expense from the entry form that takes Food over its limit is announced.
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"30", "tab", *"food", "enter")
        await settle(pilot)
        assert ("Over budget", "Food is over its budget: ¥110.00 spent of ¥100.00, "
                               "¥10.00 over.", "warning") in notices
        assert cells(table, "Food") == ["Food", "100.00", "110.00", "-10.00", "██████████",
                                        "110%"]


async def test_a_bad_limit_is_explained_under_the_field_and_nothing_is_saved(ledger, app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(pilot, "b", BudgetsScreen)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BudgetForm)
        await pilot.press(*"-5", "enter")
        await settle(pilot)
        error = form.query_one("#amount-error", Static)
        assert error.has_class("shown")
        assert "0 or more" in str(error.render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    assert budgets_for(ledger, "2026-11") == []


async def test_last_months_budgets_are_copied_with_r_and_months_move_with_brackets(ledger, app):
    set_budget(ledger, "Food", "1500", "2026-10")
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(pilot, "b", BudgetsScreen)
        table = screen.query_one(DataTable)
        assert cells(table, "Food")[1] == "—"
        await pilot.press("r")
        await settle(pilot)
        assert cells(table, "Food")[1] == "1,500.00"
        assert any("Copied 1 budget from 2026-10 to 2026-11" in text
                   for _title, text, _severity in notices)

        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert "2027-01" in str(screen.query_one("#budgets-title").render())
        await pilot.press("r")
        await settle(pilot)
        assert ("", "2026-12 has no budgets to copy: press e on a category to set one.",
                "warning") in notices


# --- the monthly review ------------------------------------------------------------------


async def test_review_lists_findings_with_their_rule_ids_and_marks_the_month(ledger, app):
    earn(ledger, date(2026, 10, 10), 100000)
    spend(ledger, date(2026, 10, 12), 120000)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_mode(pilot, "v", ReviewScreen)
        assert "Review of 2026-10" in str(screen.query_one("#review-title").render())
        figures = words(screen.query_one("#review-figures"))
        assert "Income ¥1,000.00" in figures
        assert "Net -¥200.00" in figures
        findings = words(screen.query_one("#review-findings"))
        assert "You spent ¥200.00 more than came in (¥1,200.00 against ¥1,000.00)." in findings
        assert "NEGATIVE_NET · threshold 0 · Spending above income" in findings
        assert "Food" in words(screen.query_one("#review-categories"))
        chart = screen.query_one(IncomeExpensesChart)
        assert chart.months[-1] == "2026-10" and chart.income[-1] == 100000
        assert screen.query_one(CategorySpendingChart).spending == (("Food", 120000),)
    assert ledger.setting(LAST_REVIEW_KEY) == "2026-10"


async def test_review_reminder_at_start_until_last_month_is_reviewed(ledger):
    early = date(2026, 11, 3)
    app = build_app(None, today=lambda: early, ledger=ledger)
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(REMINDER_DELAY)
        await settle(pilot)
        assert any(title == "Monthly review" and "review of 2026-10" in text
                   for title, text, _severity in notices)
        await open_mode(pilot, "v", ReviewScreen)

    again = build_app(None, today=lambda: early, ledger=ledger)
    notices = record_notices(again)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause(REMINDER_DELAY)
        await settle(pilot)
        assert not [notice for notice in notices if notice[0] == "Monthly review"]


async def test_review_at_80x24_shows_one_chart_and_v_switches(ledger, app):
    earn(ledger, date(2026, 10, 10), 100000)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(pilot, "v", ReviewScreen)
        income, categories = (screen.query_one(IncomeExpensesChart),
                              screen.query_one(CategorySpendingChart))
        assert income.display and not categories.display
        assert income.size.height >= 10
        await pilot.press("v")
        await pilot.pause()
        assert categories.display and not income.display
        titles = {command.title for command in app.get_system_commands(screen)}
        for binding in [*app.BINDINGS, *ReviewScreen.BINDINGS]:
            assert binding.description and binding.id
            if binding.show:
                assert (binding.tooltip or binding.description) in titles, binding


# --- the payoff planner ------------------------------------------------------------------


def add_loan(ledger, name: str, principal: int, rate: str, periods: int) -> None:
    terms = LoanTerms(principal=principal, periods=periods, method=Method.EQUAL_INSTALLMENT,
                      start=date(2026, 11, 1), annual_rate=Decimal(rate))
    create_loan(ledger, name=name, terms=terms)


async def test_plan_shows_avalanche_paying_the_18_percent_loan_first_for_less(ledger, app):
    add_loan(ledger, "Card", 500000, "0.18", 12)
    add_loan(ledger, "Car", 200000, "0.06", 24)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_mode(pilot, "y", PlanScreen)
        await pilot.press("e", *"500", "enter")
        await settle(pilot)
        avalanche, snowball = screen.view.plans
        assert screen.view.extra == 50000
        assert avalanche.order == ("Card", "Car") and snowball.order == ("Car", "Card")
        assert avalanche.total_interest < snowball.total_interest

        table = screen.query_one(DataTable)
        rows = {str(table.get_row_at(index)[0]): [str(cell) for cell in
                                                  table.get_row_at(index)[1:]]
                for index in range(table.row_count)}
        card_avalanche, card_snowball = rows["Card paid off"]
        car_avalanche, _car_snowball = rows["Car paid off"]
        assert card_avalanche < car_avalanche
        assert card_avalanche < card_snowball
        assert rows["Months to debt-free"][0] == str(avalanche.months)
        sentences = words(screen.query_one("#plan-sentences"))
        assert "Avalanche (highest APR first): Card → Car." in sentences
        assert "Snowball (smallest balance first): Car → Card." in sentences
        assert "Starter reserve first, then debts" in words(screen.query_one("#plan-split")) \
            or "no surplus" in words(screen.query_one("#plan-split"))
        chart = screen.query_one(DebtPayoffChart)
        assert [name for name, _points in chart.plans] == ["Avalanche", "Snowball"]


async def test_plan_refuses_a_bad_extra_under_the_field_and_adds_your_order(ledger, app):
    add_loan(ledger, "Card", 500000, "0.18", 12)
    add_loan(ledger, "Car", 200000, "0.06", 24)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_mode(pilot, "y", PlanScreen)
        await pilot.press("e", *"abc", "enter")
        await settle(pilot)
        error = screen.query_one("#extra-error", Static)
        assert error.has_class("shown") and str(error.render())
        await pilot.press("e", *"500", "enter")
        await settle(pilot)
        assert not error.has_class("shown")
        await pilot.press("n", *"car, card", "enter")
        await settle(pilot)
        assert [str(plan.strategy) for plan in screen.view.plans] == [
            "avalanche", "snowball", "user-order"]
        assert screen.view.plans[-1].order == ("Car", "Card")


async def test_plan_without_loans_says_there_is_nothing_to_pay_off(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mode(pilot, "y", PlanScreen)
        assert "No open loans" in words(screen.query_one("#plan-sentences"))
        assert "no open loans" in widget_text(screen.query_one(DebtPayoffChart))


# --- charts ------------------------------------------------------------------------------


class ChartsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield IncomeExpensesChart()
        yield CategorySpendingChart()
        yield DebtPayoffChart()


async def test_planning_charts_render_with_no_data_and_with_data():
    app = ChartsApp()
    async with app.run_test(size=(80, 45)) as pilot:
        await pilot.pause()
        income, spending, debt = (app.query_one(IncomeExpensesChart),
                                  app.query_one(CategorySpendingChart),
                                  app.query_one(DebtPayoffChart))
        assert "Income and expenses: nothing recorded yet" in widget_text(income)
        assert "Spending by category: nothing spent" in widget_text(spending)
        assert "Debt over time: no open loans" in widget_text(debt)

        income.show(["2026-09", "2026-10"], [800000, 850000], [700000, 900000])
        spending.show([("Housing", 220000), ("Food", 170000)])
        debt.show([("Avalanche", [("2026-11", 700000), ("2026-12", 300000), ("2027-01", 0)]),
                   ("Snowball", [("2026-11", 700000), ("2026-12", 350000),
                                 ("2027-01", 0)])])
        await pilot.pause()
        drawn = widget_text(income)
        assert "Income and expenses by month" in drawn and "2026-10" in drawn
        assert "Housing" in widget_text(spending) and "Food" in widget_text(spending)
        assert "Total debt by strategy" in widget_text(debt)
        assert "Avalanche" in widget_text(debt)


async def test_budgets_and_plan_bindings_are_in_the_footer_and_the_palette(ledger, app):
    async with app.run_test(size=(80, 24)) as pilot:
        for key, screen_type in (("b", BudgetsScreen), ("y", PlanScreen)):
            screen = await open_mode(pilot, key, screen_type)
            titles = {command.title for command in app.get_system_commands(screen)}
            for binding in [*app.BINDINGS, *screen_type.BINDINGS]:
                assert binding.description and binding.id
                if binding.show:
                    assert (binding.tooltip or binding.description) in titles, binding
