"""Imports end to end on a ledger: twice adds nothing, card payments once, undo, learning."""

from datetime import date
from pathlib import Path

import pytest

from budget.domain.ledger import AccountKind
from budget.services import imports
from budget.services.ledger import EntryError
from budget.storage.imports import ImportBook

DATA = Path(__file__).parents[2] / "data"
ALIPAY = DATA / "alipay_2026-03.csv"
CMB = DATA / "cmb_2026-03.csv"
WECHAT = DATA / "wechat_2026-03.csv"
ICBC = DATA / "icbc_2026-03.csv"
CARD = "招商银行(1234)=招商银行"


@pytest.fixture
def ledger(ledger):
    for name, kind, opening in [("Alipay", "e-wallet", 0), ("WeChat", "e-wallet", 0),
                                ("招商银行", "bank", 500000), ("工商银行", "bank", 400000),
                                ("余额宝", "savings", 0), ("Credit card", "credit-card", 0)]:
        ledger.add_account(name, AccountKind(kind), opening_balance=opening)
    return ledger


def run(ledger, path, **options):
    preview = imports.preview(ledger, path, **options)
    return preview, imports.commit(ledger, preview)


def balance(ledger, name):
    return next(a.balance for a in ledger.accounts() if a.name == name)


def count(ledger):
    return ledger._query("SELECT count(*) FROM transactions")[0][0]


def test_importing_the_same_file_twice_adds_nothing_the_second_time(ledger):
    first, batch = run(ledger, ALIPAY, method_accounts=[CARD])
    assert first.counts()["new"] == 12 and batch == 1
    rows, alipay = count(ledger), balance(ledger, "Alipay")
    second, again = run(ledger, ALIPAY)  # the method mapping was remembered
    assert second.counts()["new"] == 0 and second.counts()["duplicates"] == 12
    assert again is None
    assert (count(ledger), balance(ledger, "Alipay")) == (rows, alipay)


def test_the_paying_method_mapping_is_remembered(ledger):
    run(ledger, ALIPAY, method_accounts=[CARD])
    assert ImportBook(ledger).methods() == {"招商银行(1234)": ledger.accounts()[3].id}


def test_overlapping_exports_add_only_what_is_new(ledger, tmp_path):
    text = ALIPAY.read_bytes().decode("gbk")
    head, body = text.split("备注,\n")
    rows = body.splitlines()
    early, late = tmp_path / "jan-mar.csv", tmp_path / "mar-may.csv"
    early.write_bytes((head + "备注,\n" + "\n".join(rows[:10]) + "\n").encode("gbk"))
    late.write_bytes((head + "备注,\n" + "\n".join(rows[6:]) + "\n").encode("gbk"))
    first, _ = run(ledger, early, method_accounts=[CARD])
    second, _ = run(ledger, late)
    whole = imports.preview(ledger, ALIPAY)
    assert second.counts()["duplicates"] == 4  # rows 7 to 10 were in both files
    assert whole.counts()["new"] == 0
    assert first.counts()["new"] + second.counts()["new"] == 12


def test_a_card_payment_in_alipay_and_on_the_statement_is_booked_once(ledger):
    run(ledger, ALIPAY, method_accounts=[CARD])
    statement, _ = run(ledger, CMB)
    assert statement.counts()["matched"] == 2  # the 35.00 meal and the 1,000.00 top-up
    meals = ledger._query("SELECT count(*) FROM transactions WHERE amount = -3500")[0][0]
    assert meals == 1
    # every movement of the statement is in the account: it moved by the statement's net
    assert balance(ledger, "招商银行") == 500000 + 488905


def test_the_statement_first_then_the_wallet_still_books_once_with_its_category(ledger):
    run(ledger, CMB, account="招商银行")
    meal = ledger._query("SELECT id, category_id, payee FROM transactions "
                         "WHERE amount = -3500")[0]
    preview, batch = run(ledger, ALIPAY, method_accounts=[CARD])
    assert preview.counts()["matched"] == 2
    food = next(c.id for c in ledger.categories() if c.name == "Food")
    assert ledger._query("SELECT category_id, payee FROM transactions WHERE id = ?",
                         [meal[0]])[0] == (food, "美团")
    top_up = ledger._query("SELECT count(*) FROM transactions WHERE transfer_id IS NOT NULL "
                           "AND abs(amount) = 100000")[0][0]
    assert top_up == 2  # the statement's -1,000.00 became the transfer's first leg
    assert balance(ledger, "招商银行") == 500000 + 488905
    imports.undo(ledger, batch)
    assert ledger._query("SELECT category_id, payee FROM transactions WHERE id = ?",
                         [meal[0]])[0] == meal[1:]
    assert balance(ledger, "招商银行") == 500000 + 488905
    assert balance(ledger, "Alipay") == 0


def test_undo_removes_the_batch_and_refuses_while_a_later_batch_matched_it(ledger):
    _, wallet = run(ledger, ALIPAY, method_accounts=[CARD])
    _, bank = run(ledger, CMB)
    with pytest.raises(imports.ImportProblem, match=f"undo batch {bank} first"):
        imports.undo(ledger, wallet)
    imports.undo(ledger, bank)
    assert imports.undo(ledger, wallet) == 13  # 11 rows and the top-up's two legs
    assert count(ledger) == 0
    assert [a.balance for a in ledger.accounts()] == [0, 0, 0, 500000, 400000, 0, 0]
    with pytest.raises(imports.ImportProblem, match="was undone"):
        imports.undo(ledger, wallet)
    again, batch = run(ledger, ALIPAY)
    assert again.counts()["new"] == 12 and batch == 3


def test_wechat_and_icbc_share_a_card_payment_and_a_withdrawal(ledger):
    run(ledger, WECHAT, method_accounts=["工商银行(9876)=工商银行", CARD])
    statement, _ = run(ledger, ICBC)
    assert statement.counts()["matched"] == 2
    assert balance(ledger, "工商银行") == 400000 - 30978
    rent = ledger._query("SELECT c.name FROM transactions t JOIN categories c "
                         "ON c.id = t.category_id WHERE t.amount = -150000")[0][0]
    assert rent == "Housing"  # 房租 in WeChat's note column


def test_a_wallet_row_paid_by_a_recorded_card_goes_to_that_account(ledger):
    from budget.services.ledger import set_account_card

    assert set_account_card(ledger, "工商银行", "6222 0000 0000 9876").card == "9876"
    wechat, _ = run(ledger, WECHAT, method_accounts=[CARD])  # 工商银行(9876) not mapped
    takeaway = next(row for row in wechat.plan.rows if row.row.payee == "美团外卖")
    assert wechat.accounts[takeaway.account_id] == "工商银行"
    statement, _ = run(ledger, ICBC)  # found by the card number it prints
    assert statement.account.name == "工商银行"
    assert statement.counts()["matched"] == 2
    assert balance(ledger, "工商银行") == 400000 - 30978


def test_a_card_payment_booked_to_the_wallet_is_not_imported_again_from_the_card(ledger):
    wechat, _ = run(ledger, WECHAT, account="WeChat", method_accounts=[CARD])
    takeaway = next(row for row in wechat.plan.rows if row.row.payee == "美团外卖")
    assert wechat.accounts[takeaway.account_id] == "WeChat"  # no account had card 9876
    before = balance(ledger, "WeChat")
    statement, batch = run(ledger, ICBC, account="工商银行")
    [matched] = [row for row in statement.plan.rows if row.outcome == "matched"]
    assert (matched.row.on, matched.row.amount, matched.card) == (date(2026, 3, 4), 4280,
                                                                   "9876")
    assert matched.reason == (f"paid with card 9876 on 2026-03-04, already imported from a "
                              f"wallet export (#{matched.match}) into another account: booked "
                              "once, moved to this card's account")
    assert statement.counts()["new"] == 4
    # Booked once, where the money left: the card's account.
    assert balance(ledger, "工商银行") == 400000 - 30978
    assert balance(ledger, "WeChat") == before + 4280
    imports.undo(ledger, batch)
    assert balance(ledger, "WeChat") == before
    assert balance(ledger, "工商银行") == 400000


def test_a_category_fixed_in_the_preview_is_learned_for_that_payee(ledger, tmp_path):
    preview = imports.preview(ledger, WECHAT)
    index = next(i for i, row in enumerate(preview.plan.rows) if row.row.payee == "王芳")
    assert preview.plan.rows[index].needs_category
    assert imports.fix_category(ledger, preview, index, "side") == "Side income"
    assert preview.counts()["needs_category"] == 1
    imports.commit(ledger, preview)
    assert [(r.pattern, r.learned) for r in ImportBook(ledger).rules()] == [("王芳", True)]
    imports.undo(ledger, 1)
    again = imports.preview(ledger, WECHAT)
    chosen = next(row for row in again.plan.rows if row.row.payee == "王芳")
    assert not chosen.needs_category
    assert again.categories[chosen.category_id] == "Side income"
    with pytest.raises(EntryError):
        imports.fix_category(ledger, again, index, "no such category")


def test_a_bank_statement_without_an_account_asks_for_one(ledger):
    with pytest.raises(imports.ImportProblem, match="--account"):
        imports.preview(ledger, ICBC)


def test_a_statement_finds_its_account_through_the_cards_digits(ledger):
    preview = imports.preview(ledger, CMB, method_accounts=[CARD])
    assert preview.account.name == "招商银行"


def test_a_file_that_cannot_be_read_writes_nothing(ledger, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_bytes(ALIPAY.read_bytes().replace(b",15.90,", b",1x.90,"))
    with pytest.raises(imports.ImportProblem, match="line 27"):
        imports.preview(ledger, broken)
    with pytest.raises(imports.ImportProblem, match="cannot read"):
        imports.preview(ledger, tmp_path / "missing.csv")
    assert count(ledger) == 0


def test_a_refund_lowers_the_months_spending_instead_of_counting_as_income(ledger):
    run(ledger, ALIPAY, method_accounts=[CARD])
    totals = ledger.month_totals(date(2026, 3, 1), date(2026, 3, 31))
    assert totals.income == 20000  # only the friend's 200.00; the 89.00 refund is not income
    shopping = dict((c.name, total) for c, total in
                    ledger.totals_by_category(date(2026, 3, 1), date(2026, 3, 31)))
    assert shopping["Shopping"] == -5900  # T-shirt 89.00 refunded; the storage box stays


def test_a_mapped_csv_from_another_bank(ledger):
    imports.save_map(ledger, "mybank", {"date": "交易日期", "amount": "金额",
                                        "payee": "对方名称", "note": "用途", "balance": "余额"})
    preview, batch = run(ledger, DATA / "generic_bank.csv", map_name="MyBank",
                         account="工商银行")
    assert preview.counts()["new"] == 3 and batch
    assert balance(ledger, "工商银行") == 400000 - 4560 + 30000 - 3900
    with pytest.raises(imports.ImportProblem, match="no column mapping named 'other'"):
        imports.preview(ledger, DATA / "generic_bank.csv", map_name="other")


def test_a_refund_whose_purchase_is_in_an_earlier_import_takes_its_category(ledger, tmp_path):
    text = ALIPAY.read_bytes().decode("gbk")
    head, body = text.split("备注,\n")
    rows = body.splitlines()
    purchase = next(row for row in rows if "纯棉T恤" in row and "支出" in row)
    refund = next(row for row in rows if "退款-纯棉T恤" in row)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_bytes((head + "备注,\n" + purchase + "\n").encode("gbk"))
    second.write_bytes((head + "备注,\n" + refund + "\n").encode("gbk"))
    run(ledger, first)
    shopping = next(c.id for c in ledger.categories() if c.name == "Shopping")
    groceries = next(c.id for c in ledger.categories() if c.name == "Groceries")
    ledger.conn.execute("UPDATE transactions SET category_id = ?", [groceries])  # user fix
    preview, _batch = run(ledger, second)
    [planned] = preview.plan.rows
    assert (planned.booking, planned.amount) == ("refund", 8900)
    assert planned.category_id == groceries != shopping
