"""What each imported row becomes: skipped, refunds, transfers, duplicates, card matches."""

from datetime import date
from pathlib import Path

from budget.domain.imports.categories import CategoryGuesser, Rule
from budget.domain.imports.formats import parse_rows
from budget.domain.imports.match import Candidate, match_card_payments
from budget.domain.imports.plan import (
    Booking,
    ImportContext,
    Outcome,
    build_plan,
    row_keys,
    transfer_sides,
)
from budget.domain.imports.text import file_rows

DATA = Path(__file__).parents[2] / "data"
CATEGORIES = {"Food": (1, "expense"), "Groceries": (2, "expense"), "Shopping": (3, "expense"),
              "Transport": (4, "expense"), "Communication": (5, "expense"),
              "Housing": (6, "expense"), "Other": (7, "expense"), "Salary": (8, "income"),
              "Other income": (9, "income")}
ALIPAY, BANK, SAVINGS, CARD = 10, 11, 12, 13


def statement(name: str):
    return parse_rows(file_rows((DATA / name).read_bytes()))


def plan_for(name, *, methods=None, known=frozenset(), rules=(), account=ALIPAY):
    context = ImportContext(account_id=account, methods=methods or {},
                            guesser=CategoryGuesser(rules, CATEGORIES), known_keys=known)
    return build_plan(statement(name), context)


def by_line(plan, line):
    return next(row for row in plan.rows if row.row.line == line)


def test_closed_and_failed_transactions_are_skipped_with_the_reason():
    plan = plan_for("alipay_2026-03.csv")
    closed = by_line(plan, 31)
    assert closed.outcome is Outcome.SKIPPED
    assert "交易关闭" in closed.reason
    wechat = plan_for("wechat_2026-03.csv")
    failed = next(row for row in wechat.rows if row.row.status == "支付失败")
    assert failed.outcome is Outcome.SKIPPED and "支付失败" in failed.reason


def test_a_refund_lowers_spending_in_the_category_of_its_purchase():
    plan = plan_for("alipay_2026-03.csv")
    purchase, refund = by_line(plan, 30), by_line(plan, 33)
    assert (purchase.booking, purchase.amount, purchase.category_id) == (Booking.EXPENSE,
                                                                         -8900, 3)
    assert (refund.booking, refund.amount, refund.category_id) == (Booking.REFUND, 8900, 3)
    assert refund.refund_of == plan.rows.index(purchase)


def test_fixing_a_purchase_category_moves_its_refund_too():
    plan = plan_for("alipay_2026-03.csv")
    plan.set_category(plan.rows.index(by_line(plan, 30)), 2)
    assert by_line(plan, 33).category_id == 2


def test_not_counted_rows_become_transfers_when_both_accounts_are_known():
    plan = plan_for("alipay_2026-03.csv",
                    methods={"招商银行(1234)": BANK, "余额宝": SAVINGS,
                             "招商银行信用卡(5678)": CARD})
    top_up, pot, repayment = by_line(plan, 34), by_line(plan, 32), by_line(plan, 42)
    assert (top_up.booking, top_up.account_id, top_up.to_account_id) == (Booking.TRANSFER,
                                                                         BANK, ALIPAY)
    assert top_up.legs() == [(BANK, -100000), (ALIPAY, 100000)]
    assert (pot.account_id, pot.to_account_id) == (ALIPAY, SAVINGS)
    assert (repayment.account_id, repayment.to_account_id) == (ALIPAY, CARD)


def test_not_counted_rows_with_an_unknown_side_are_skipped_saying_what_to_map():
    plan = plan_for("alipay_2026-03.csv")
    pot = by_line(plan, 32)
    assert pot.outcome is Outcome.SKIPPED
    assert "余额宝" in pot.reason and "map" in pot.reason
    unknown = by_line(plan, 38)
    assert unknown.outcome is Outcome.SKIPPED and "亲情卡代付" in unknown.reason
    assert plan.unmapped_methods["余额宝"] == 1


def test_wechat_neutral_rows_read_their_direction_from_the_type():
    rows = {row.source_category: row for row in statement("wechat_2026-03.csv").rows}
    parsed = statement("wechat_2026-03.csv")
    assert transfer_sides(rows["零钱充值"], parsed) == ("招商银行(1234)", "零钱")
    assert transfer_sides(rows["零钱提现"], parsed) == ("零钱", "工商银行(9876)")
    assert transfer_sides(rows["转入零钱通-来自零钱"], parsed) == ("零钱", "零钱通")
    assert transfer_sides(rows["信用卡还款"], parsed) == ("零钱", "招商银行信用卡(5678)")


def test_the_paying_method_picks_the_account_and_unmapped_ones_go_to_the_default():
    plan = plan_for("alipay_2026-03.csv", methods={"招商银行(1234)": BANK})
    assert by_line(plan, 28).account_id == BANK  # 招商银行(1234)
    assert by_line(plan, 29).account_id == ALIPAY  # 花呗, not mapped
    assert plan.unmapped_methods["花呗"] == 1


def test_categories_come_from_rules_then_payee_then_the_exports_category():
    rules = [Rule("瑞幸", 2), Rule("瑞幸咖啡", 3)]
    plan = plan_for("alipay_2026-03.csv", rules=rules)
    assert by_line(plan, 27).category_id == 3  # the longer rule wins over 餐饮美食 -> Food
    assert by_line(plan, 37).category_id == 5  # 中国移动 -> Communication, not 充值缴费
    assert by_line(plan, 36).category_id == 4  # 滴滴出行 -> Transport
    income = by_line(plan, 35)  # 转账红包 from a friend: no rule knows it
    assert (income.category_id, income.needs_category) == (9, True)
    assert plan.counts()["needs_category"] == 1


def test_an_id_reused_on_two_rows_keeps_both():
    plan = plan_for("alipay_2026-03.csv")
    noodles, egg = by_line(plan, 39), by_line(plan, 40)
    assert noodles.row.source_id == egg.row.source_id
    assert noodles.outcome is egg.outcome is Outcome.NEW
    assert noodles.key != egg.key


def test_known_keys_are_duplicates_and_identical_rows_get_their_own_keys():
    parsed = statement("alipay_2026-03.csv")
    keys = row_keys(parsed, ALIPAY)
    first = plan_for("alipay_2026-03.csv")
    imported = {row.key for row in first.rows if row.outcome is Outcome.NEW}
    again = plan_for("alipay_2026-03.csv", known=imported)
    assert {row.outcome for row in again.rows} == {Outcome.DUPLICATE, Outcome.SKIPPED}
    assert again.counts()["new"] == 0
    assert again.counts()["duplicates"] == first.counts()["new"] == 11
    assert keys[0] == "2026030122001100001|2026-03-01|-1590|expense"
    twice = parsed.rows[:1] * 2
    doubled = type(parsed)(source="cmb", label="", rows=twice)
    first, second = row_keys(doubled, BANK)
    assert second == first + "#1"


def test_a_card_payment_on_the_statement_matches_the_wallet_row_within_two_days():
    plan = plan_for("cmb_2026-03.csv", account=BANK)
    wallet_rows = [Candidate(501, BANK, date(2026, 3, 2), -3500, "1234"),
                   Candidate(502, BANK, date(2026, 3, 10), -100000, "1234"),
                   Candidate(503, BANK, date(2026, 3, 15), -5630, "")]  # 5 days off
    assert match_card_payments(plan, wallet_rows) == 2
    meituan = next(row for row in plan.rows if row.row.payee == "支付宝-美团")
    assert (meituan.outcome, meituan.match) == (Outcome.MATCHED, 501)
    groceries = next(row for row in plan.rows if row.row.payee == "永辉超市")
    assert groceries.outcome is Outcome.NEW


def test_a_different_cards_digits_never_match():
    plan = plan_for("cmb_2026-03.csv", account=BANK)
    assert match_card_payments(plan, [Candidate(501, BANK, date(2026, 3, 3), -3500,
                                                "9999")]) == 0
