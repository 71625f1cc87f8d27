"""A ledger created in Chinese (m012_language): default categories by key, names in Chinese."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

from sqlite_utils import Database

from budget.domain.ledger import INTEREST_AND_FEES, LOAN_REPAYMENT, OTHER, AccountKind
from budget.domain.loans import LoanTerms, Method
from budget.i18n import CHINESE, ENGLISH, activate
from budget.services.bills import create_bill, pay_bill
from budget.services.loans import create_loan, pay_loan
from budget.services.planning import inferred_payday
from budget.storage.database import open_database
from budget.storage.ledger import Ledger, TransactionFilter
from budget.storage.migrations import migrations

EVERYTHING = TransactionFilter(start=date(2000, 1, 1), end=date(2100, 1, 1))


def _chinese_ledger(path) -> Ledger:
    activate(CHINESE)
    try:
        return Ledger(open_database(path))
    finally:
        activate(ENGLISH)


def test_a_new_ledger_in_chinese_names_its_defaults_in_chinese(tmp_path):
    ledger = _chinese_ledger(tmp_path / "zh.db")
    names = {category.key: category.name for category in ledger.categories()}
    assert names["food"] == "食品" and names["housing"] == "住房"
    assert names[LOAN_REPAYMENT] == "还贷" and names[INTEREST_AND_FEES] == "利息费用"
    assert names["salary"] == "工资" and names["other_income"] == "其他收入"
    assert [account.name for account in ledger.accounts()] == ["现金"]


def test_an_existing_ledger_keeps_its_names_and_its_defaults_get_their_keys(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    migrations.apply(Database(conn), stop_before="m012_language")
    conn.execute("UPDATE categories SET name = 'Eating out' WHERE name = 'Food'")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    ledger = _chinese_ledger(path)  # opened in Chinese: nothing is renamed behind your back
    names = {category.name: category.key for category in ledger.categories()}
    assert names["Loan repayment"] == LOAN_REPAYMENT and names["Other"] == OTHER
    assert names["Eating out"] is None  # renamed before keys existed: an ordinary category
    assert [account.name for account in ledger.accounts()] == ["Cash"]


def test_loan_payments_post_to_the_chinese_categories_found_by_key(tmp_path):
    ledger = _chinese_ledger(tmp_path / "zh.db")
    repayment = ledger.category_by_key(LOAN_REPAYMENT)
    ledger.update_category(repayment.id, name="借款还本")  # renamed by the user: still found
    terms = LoanTerms(principal=1_200_00, periods=12, method=Method.EQUAL_PRINCIPAL,
                      start=date(2026, 1, 5), annual_rate=Decimal("0.12"), due_day=5)
    create_loan(ledger, name="借呗", terms=terms, today=date(2026, 2, 5))
    pay_loan(ledger, "借呗", "112", on=date(2026, 2, 5))
    posted = {tx.category: tx.amount for tx in ledger.transactions(EVERYTHING)}
    assert posted == {"借款还本": -100_00, "利息费用": -12_00}


def test_a_bill_without_a_category_goes_to_other_whatever_it_is_called(tmp_path):
    ledger = _chinese_ledger(tmp_path / "zh.db")
    create_bill(ledger, name="话费", amount="88", frequency="month", day=20,
                start=date(2026, 11, 20), category="", account="")
    pay_bill(ledger, "话费", None, on=date(2026, 11, 20), as_of=date(2026, 11, 20))
    [paid] = ledger.transactions(EVERYTHING, limit=1)
    assert (paid.category, paid.amount) == ("其他", -88_00)


def test_payday_is_inferred_from_the_salary_category_in_any_language(tmp_path):
    ledger = _chinese_ledger(tmp_path / "zh.db")
    bank = ledger.add_account("招商银行", AccountKind.BANK)
    salary = ledger.category_by_key("salary")
    for month in (9, 10, 11):
        ledger.add_transaction(on=date(2026, month, 10), amount=8_000_00, account_id=bank.id,
                               category_id=salary.id)
    assert inferred_payday(ledger, date(2026, 11, 28)) == 10
