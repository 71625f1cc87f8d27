"""Export entries: transfers as one entry, loan principal to the liability, valid names."""

from datetime import date

from budget.domain.exports.entries import (
    ExportLoan,
    ExportRow,
    loan_liability_entries,
    row_entries,
)
from budget.domain.exports.writers import Names, beancount_entry, hledger_entry

ACCOUNTS = {1: ("招商银行", "bank"), 2: ("Credit card", "credit-card"), 3: ("a:b", "cash")}
CATEGORIES = {7: ("Interest and fees", "expense"), 8: ("Loan repayment", "expense")}
DAY = date(2026, 3, 2)


def test_a_transfers_two_legs_make_one_balanced_entry():
    rows = [ExportRow(1, DAY, -50000, "CNY", 1, None, "", "repay card", 9),
            ExportRow(2, DAY, 50000, "CNY", 2, None, "", "repay card", 9)]
    [entry] = list(row_entries(rows))
    assert [(p.key, p.amount) for p in entry.postings] == [(("account", 1), -50000),
                                                           (("account", 2), 50000)]


def test_loan_principal_moves_to_the_liability_and_interest_stays_an_expense():
    rows = [ExportRow(3, DAY, -7750, "CNY", 1, 7, "WeBank", "interest", None),
            ExportRow(4, DAY, -112250, "CNY", 1, 8, "WeBank", "principal", None, "微粒贷")]
    interest, principal = row_entries(rows)
    assert interest.postings[1].key == ("category", 7)
    assert (principal.postings[1].key, principal.postings[1].amount) == (("loan", "微粒贷"),
                                                                         112250)


def test_a_loan_opens_as_a_liability_of_what_was_still_owed():
    loan = ExportLoan("微粒贷", 500000, "CNY", date(2026, 1, 15))
    [whole] = loan_liability_entries([loan], {}, None)
    assert (whole.on, whole.postings[0].amount) == (date(2026, 1, 15), -500000)
    [later] = loan_liability_entries([loan], {"微粒贷": 112250}, date(2026, 3, 1))
    assert (later.on, later.postings[0].amount) == (date(2026, 3, 1), -387750)


def test_names_are_valid_for_each_tool_and_unique():
    hledger = Names("hledger", ACCOUNTS, CATEGORIES)
    assert hledger(("account", 1)) == "assets:bank:招商银行"
    assert hledger(("account", 2)) == "liabilities:credit-card:Credit card"
    assert hledger(("account", 3)) == "assets:cash:a-b"
    assert hledger(("loan", "微粒贷")) == "liabilities:loans:微粒贷"
    bean = Names("beancount", ACCOUNTS, CATEGORIES)
    assert bean(("account", 1)) == "Assets:Bank:X-招商银行"
    assert bean(("account", 2)) == "Liabilities:Credit-card:Credit-card"
    assert bean(("loan", "微粒贷·2")) == "Liabilities:Loans:X-微粒贷-2"
    assert bean(("category", 7)) == "Expenses:Interest-and-fees"
    assert bean(("equity", "opening")) == "Equity:Opening-balances"


def test_entries_as_text_escape_what_would_break_the_file():
    rows = [ExportRow(5, DAY, -3500, "CNY", 1, 7, 'say "hi"; ok', "lunch|x", None)]
    [entry] = row_entries(rows)
    journal = hledger_entry(entry, Names("hledger", ACCOUNTS, CATEGORIES))
    assert journal.splitlines()[0] == "2026-03-02 say \"hi\"， ok | lunch|x"
    assert "-35.00 CNY" in journal and "35.00 CNY" in journal
    bean = beancount_entry(entry, Names("beancount", ACCOUNTS, CATEGORIES))
    assert bean.splitlines()[0] == '2026-03-02 * "say \\"hi\\"; ok" "lunch|x"'
