"""The collection-message check: real-sounding messages, each rule of domain.md §3."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from budget.domain import phrases
from budget.domain.collection import (
    DayCounts,
    check_message,
    normalise_number,
    official_sender,
    phrasebook,
)
from budget.domain.collection_rules import TAGS, excessive, off_hours, rule_for

WEBANK = ["95384"]

# Written for these tests: how a lender's own reminders read.
REMINDER_ZH = ("【微众银行】尊敬的客户，您的微粒贷本期应还金额578.25元已逾期2天，请尽快通过微信-"
               "微粒贷或微众银行App还款，以免产生更多罚息。逾期记录将按规定报送金融信用信息基础"
               "数据库，可能影响您的信用记录。如有疑问请致电95384。")
REMINDER_DUE_ZH = ("【微众银行】您的微粒贷将于11月15日到期，本期应还577.50元，"
                   "请确保微信绑定的银行卡余额充足。")
REMINDER_SUE_ZH = ("【微众银行】您的借款已逾期45天，欠款合计5,210.40元。如仍未还款，我行将依法向有"
                   "管辖权的人民法院提起诉讼。请登录App还款或致电95384协商。")
REMINDER_EN = ("WeBank: your Weilidai installment of RMB 578.25 is 2 days overdue. Please repay "
               "through the official app to avoid further penalty interest. Overdue records may "
               "be reported to the credit reference system.")
FREE_OF_FEES = "【微众银行】提前还款免手续费，本期应还577.50元，请于11月15日前还款。"


def tags(text: str, **kwargs) -> list[str]:
    return list(check_message(text, **kwargs).tags)


@pytest.mark.parametrize("text", [REMINDER_ZH, REMINDER_DUE_ZH, REMINDER_SUE_ZH, REMINDER_EN,
                                  FREE_OF_FEES])
def test_an_ordinary_reminder_from_the_lenders_number_gives_no_finding(text):
    result = check_message(text, sender="95384", official_numbers=WEBANK, lender="WeBank")
    assert result.findings == ()
    assert result.official_sender is True
    assert result.lawful, "the reminder's lawful parts are recognised"
    assert "ordinary reminder" in result.advice[0]


@pytest.mark.parametrize("text", [
    "【招商银行】您尾号1234的信用卡本期账单金额3,210.50元，最低还款321.05元，到期还款日12月5日。",
    "【借呗】您的借款已逾期3天，逾期将产生罚息并可能影响您的个人征信，请尽快还款。客服95188",
    "您好，我是微众银行的客服，工号1023，您的微粒贷已逾期5天，今天能否安排还款？如有困难可以申请分期。",
    "如需更改紧急联系人，请联系客服95384。",
    "为保障您的资金安全，请勿向任何个人账户转账，谨防诈骗。",
    "我们不会联系您的家人或单位，请您本人尽快处理。",
    "温馨提示：官方不会收取任何手续费或服务费，请勿相信陌生来电。",
    "您的家人和朋友都很关心您，建议您与我们协商还款方案。",
    "We will never ask you to transfer money to a personal account.",
])
def test_warnings_promises_and_plain_service_messages_are_not_findings(text):
    assert check_message(text).findings == ()


# Lawful messages that use the words of a threat harmlessly: family, a visit, another
# platform, a deadline. Written for these tests.
@pytest.mark.parametrize("text", [
    "为保障资金安全，验证码请勿向家人以外的人透露。",
    "为了您和家人的资金安全，请勿向任何人透露验证码。",
    "如您近期收入有变化，可与家人商量后致电95384申请延期还款。",
    "【微众银行】您的微粒贷今天到期，应还1,230.00元，请在今晚24点前通过微信还款。",
    "【借呗】您本月应还1,024.00元，还款日为12月10日，可在支付宝-借呗还款。客服95188",
    "温馨提示：我行工作人员不会上门收取现金，也不会要求您下载其他借款App。",
    "您也可以用其他银行卡还款，到账时间以银行为准。",
    "结清证明将在3个工作日内寄到您家，请注意查收。",
    "明天是还款日，请确保尾号6688的银行卡余额充足。",
    "请下载微众银行App查看账单并还款。",
    "Protect yourself and your family: never share your verification code with anyone.",
    "We will never call your family or your employer about your loan.",
    "Reminder: your instalment of RMB 320.00 is due on 15 November. Please repay in the "
    "official app.",
    "Please tell your family and friends to beware of calls pretending to be us.",
    "Our staff will not come to your home and will not ask you to borrow from another app.",
    "If money is tight this month, you could talk to your family or call 95384 about a plan.",
])
def test_ordinary_messages_that_mention_family_visits_or_other_lenders_are_not_findings(text):
    assert check_message(text).findings == ()


def test_a_negation_in_another_clause_does_not_hide_a_threat():
    assert tags("我们不会再等了，明天就联系你的家人") == ["THIRD_PARTY_CONTACT"]


def test_the_lawful_parts_of_a_reminder_are_named_with_why():
    result = check_message(REMINDER_ZH, sender="95384", official_numbers=WEBANK)
    kinds = {item.kind: item for item in result.lawful}
    assert kinds["due_reminder"].evidence == "本期应还金额578.25元已逾期2天"
    assert "征信业管理条例 art. 15" in kinds["credit_report"].why
    assert "金融信用信息基础数据库" in kinds["credit_report"].evidence
    assert set(kinds) == {"due_reminder", "penalty", "official_channel", "credit_report"}


def test_saying_the_lender_may_sue_is_lawful_but_claiming_a_filed_case_is_not():
    lawful = check_message(REMINDER_SUE_ZH)
    assert lawful.findings == ()
    assert [item.kind for item in lawful.lawful if item.kind == "lawsuit"] == ["lawsuit"]
    assert tags("你的案子已经立案了，等着法院来找你吧") == ["DECEPTION"]


@pytest.mark.parametrize(("text", "expected"), [
    ("再拖着不还，我们就联系你爸妈，还有你单位的领导。", ["THIRD_PARTY_CONTACT"]),
    ("您的紧急联系人我们今天会逐个打电话通知。", ["THIRD_PARTY_CONTACT"]),
    ("不还钱就爆你通讯录，让你所有朋友都知道你欠钱不还", ["THIRD_PARTY_CONTACT",
                                                       "DEBT_DISCLOSURE"]),
    ("你欠钱不还的事，我们会告诉你们公司所有同事", ["THIRD_PARTY_CONTACT", "DEBT_DISCLOSURE"]),
    ("我們會通知你的家屬和老闆", ["THIRD_PARTY_CONTACT"]),  # traditional characters
    ("明天把你的照片发到你们小区群里，老赖名单上有你",
     ["THIRD_PARTY_CONTACT", "DEBT_DISCLOSURE", "INSULT"]),
    ("Pay today or we will call your wife and your employer.", ["THIRD_PARTY_CONTACT"]),
    ("Everyone will know you owe money: we will tell all your colleagues.",
     ["THIRD_PARTY_CONTACT", "DEBT_DISCLOSURE"]),
])
def test_threats_to_tell_family_or_the_employer_are_third_party_contact(text, expected):
    assert tags(text) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("我们已经联系了你的紧急联系人", "联系了你的紧急联系人"),
    ("你填的紧急联系人我们上午都打过电话了", "紧急联系人我们上午都打过电话了"),
    ("今天已向你通讯录里的几个人发送了催收短信", "向你通讯录里的几个人发送了催收短信"),
    ("你的亲友我们会挨个打电话说明情况", "亲友我们会挨个打电话"),
    ("刚给你单位领导打了电话", "给你单位领导打了电话"),
    ("我们打了你妈的电话，她说会转告你", "打了你妈的电话"),
    ("你家里人已经被我们通知了", "家里人已经被我们通知了"),
    ("再不接电话就联系你的亲友", "联系你的亲友"),
])
def test_contacting_family_or_contacts_in_any_tense_is_third_party_contact(text, words):
    result = check_message(text)
    assert result.tags == ("THIRD_PARTY_CONTACT",)
    assert result.findings[0].evidence == words


@pytest.mark.parametrize(("text", "words"), [
    ("We called your mother.", "called your mother"),
    ("We spoke to your father yesterday.", "spoke to your father"),
    ("We rang your husband this morning.", "rang your husband"),
    ("We are calling your colleagues tomorrow.", "calling your colleagues"),
    ("We will contact your wife and your boss.", "contact your wife"),
    ("Your relatives have already been told.", "Your relatives have already been told"),
    ("Your friends will hear from us on Monday.", "Your friends will hear from us"),
    ("We will text everyone in your contact list.", "everyone in your contact list"),
    ("Our team called your co-workers.", "called your co-workers"),
])
def test_english_third_party_contact_past_and_future(text, words):
    result = check_message(text)
    assert result.tags == ("THIRD_PARTY_CONTACT",)
    assert result.findings[0].evidence == words


@pytest.mark.parametrize(("text", "expected"), [
    ("【深圳市南山区人民法院】传票：你因拖欠网贷已被起诉，请于3日内到庭。",
     ["IMPERSONATION", "DECEPTION"]),
    ("我是派出所的民警，你涉嫌恶意透支，马上还款，否则明天拘留。",
     ["IMPERSONATION", "DECEPTION"]),
    ("你的银行卡和微信马上就会被冻结，公安已介入调查。", ["IMPERSONATION"]),
    ("This is the police. An arrest warrant will be issued unless you pay today.",
     ["IMPERSONATION", "DECEPTION"]),
    ("A case has been filed against you and you will be arrested.", ["DECEPTION"]),
    ("不还钱影响你孩子以后考公务员和当兵政审，你自己看着办。", ["DECEPTION"]),
])
def test_a_fake_court_or_police_notice_is_impersonation_or_deception(text, expected):
    assert tags(text) == expected


@pytest.mark.parametrize("text", [
    "今天下午之前把2000元转到我个人账户，户名：李某，卡号：6222 0000 1111 2222",
    "直接扫这个码还款就行，不用走App",
    "Transfer the money to my personal account today, not through the app.",
])
def test_a_demand_to_pay_a_private_account_is_extra_fees(text):
    assert tags(text) == ["EXTRA_FEES"]


@pytest.mark.parametrize("text", [
    "除了欠款，还要另付催收服务费300元和上门费200元。",
    "You must also pay a 500 yuan collection fee and a lawyer's fee.",
])
def test_fees_not_in_the_contract_are_extra_fees(text):
    assert tags(text) == ["EXTRA_FEES"]


@pytest.mark.parametrize("text", [
    "你这个老赖，真不要脸，骗子一个",
    "你就是个废物，死全家吧",
    "You are a deadbeat and a loser.",
])
def test_insults_are_insult(text):
    assert "INSULT" in tags(text)


@pytest.mark.parametrize("text", [
    "没钱就去别的平台借，借新还旧谁不会？",
    "找你爸妈借钱也要还上，砸锅卖铁也得还",
    "Borrow from another app and pay us today.",
])
def test_pressure_to_borrow_elsewhere_is_new_borrowing(text):
    assert tags(text) == ["NEW_BORROWING"]


@pytest.mark.parametrize(("text", "words"), [
    ("今晚十二点前不还就上门", "今晚十二点前不还就上门"),
    ("明天不还，我们的人就到你家找你", "明天不还，我们的人就到你家找你"),
    ("三天内不处理，直接安排外访", "三天内不处理，直接安排外访"),
    ("晚上八点我们在你家楼下等你", "在你家楼下等你"),
    ("外访人员已经出发了", "外访人员已经"),
    ("I will come to your house tonight.", "come to your house"),
    ("We are sending someone to your office tomorrow.", "sending someone to your"),
    ("Our team will be at your door at 8 pm.", "be at your door"),
    ("We'll pay you a visit this weekend.", "pay you a visit"),
])
def test_a_visit_threatened_on_a_condition_or_by_a_deadline_is_a_threat(text, words):
    result = check_message(text)
    assert result.tags == ("THREAT",)
    assert result.findings[0].evidence == words


def test_a_visit_to_the_workplace_is_a_threat_and_names_the_boss_as_third_party():
    assert tags("再不还钱，明早去你单位找你领导") == ["THIRD_PARTY_CONTACT", "THREAT"]


@pytest.mark.parametrize("text", [
    "We know where your kids go to school. Pay now or something bad will happen.",
    "Think about your children's safety.",
    "It would be a shame if something happened to your family.",
    "We cannot guarantee your family's safety.",
    "我们知道你女儿每天几点放学",
    "你儿子在实验小学读书吧？",
    "你家人的安全你自己考虑清楚",
    "你孩子上学路上小心点",
    "出了什么事别怪我们没提醒",
])
def test_intimidation_about_family_children_or_safety_is_a_threat(text):
    assert tags(text) == ["THREAT"]


@pytest.mark.parametrize("text", [
    "你去借别的网贷先把我们的还了，可以下载XX贷",
    "撸几个口子不就还上了",
    "你在其他平台还有额度吗？有就借出来",
    "推荐你下载个钱包App，额度高",
    "借钱还我们，怎么借是你的事",
    "找其他网贷周转一下",
    "Download a cash loan app and pay us today.",
    "Get a payday loan if you have to.",
    "Borrow the money from somebody, I do not care who.",
    "Ask your parents to lend you the money.",
])
def test_every_way_of_pushing_new_borrowing_is_new_borrowing(text):
    assert tags(text) == ["NEW_BORROWING"]


def test_a_sentence_with_a_finding_is_never_listed_as_lawful():
    fee = check_message("逾期需额外支付催收服务费300元")
    assert fee.tags == ("EXTRA_FEES",)
    assert fee.lawful == ()
    assert "ordinary reminder" not in " ".join(fee.advice)
    # The lawful sentence beside it still is.
    both = check_message("您本期应还577.50元。逾期需额外支付催收服务费300元。")
    assert [(item.kind, item.evidence) for item in both.lawful] == [
        ("due_reminder", "本期应还577.50元")]
    english = check_message("Your payment of RMB 577.50 is due. We called your mother.")
    assert english.tags == ("THIRD_PARTY_CONTACT",)
    assert [item.evidence for item in english.lawful] == ["payment of RMB 577.50 … is due"]


def test_threats_violence_data_harassment_and_a_nameless_caller_each_have_their_tag():
    assert tags("不还钱后果自负，你给我等着") == ["THREAT"]
    assert tags("再不还打断你的腿") == ["VIOLENCE"]
    assert tags("你的通讯录我们都有，你住在幸福小区3栋") == ["PERSONAL_DATA"]
    assert tags("不还就天天给你打，打到你还钱为止") == ["HARASSING_MESSAGES"]
    assert tags("我是谁不重要，你只管还钱") == ["UNIDENTIFIED_CALLER"]


def test_words_split_to_dodge_filters_are_still_found_and_quoted_as_written():
    result = check_message("再不还就 曝 光 你，爆*通*讯*录")
    assert result.tags == ("THIRD_PARTY_CONTACT", "DEBT_DISCLOSURE")
    disclosure = result.findings[1]
    assert disclosure.evidence == "曝 光 … 爆*通*讯*录"


def test_full_width_letters_are_read_as_ascii():
    assert tags("ＳＢ，赶紧还钱") == ["INSULT"]


def test_each_finding_cites_its_rule_as_domain_md_names_it():
    result = check_message("再不还就联系你单位领导，后果自负")
    by_tag = {finding.tag: finding for finding in result.findings}
    assert "互联网金融 个人网络消费信贷 贷后催收风控指引" in by_tag["THIRD_PARTY_CONTACT"].rule
    assert "Civil Code arts. 1032 and 1033" in by_tag["THIRD_PARTY_CONTACT"].rule
    assert "Criminal Law art. 293-1" in by_tag["THREAT"].rule
    assert "金融机构个人消费类贷款催收工作指引（试行）" in rule_for("OFF_HOURS")
    assert "2024-01-30" in rule_for("OFF_HOURS")


@pytest.mark.parametrize(("hour", "minute", "off"), [
    (21, 59, False), (22, 0, True), (7, 59, True), (8, 0, False), (23, 15, True),
    (12, 0, False)])
def test_off_hours_is_22_00_to_08_00(hour, minute, off):
    at = datetime(2026, 11, 20, hour, minute)
    assert off_hours(at.time()) is off
    found = tags("请尽快还款", at=at)
    assert (found == ["OFF_HOURS"]) is off
    if off:
        evidence = check_message("", at=at).findings[0].evidence
        assert evidence == f"contact at {hour:02d}:{minute:02d}"


@pytest.mark.parametrize(("answered", "unanswered", "excess"), [
    (3, 0, False), (4, 0, True), (0, 6, False), (0, 7, True), (3, 6, False)])
def test_excess_frequency_after_3_answered_or_6_unanswered_calls(answered, unanswered,
                                                                 excess):
    day = DayCounts(date(2026, 11, 20), answered, unanswered)
    assert excessive(answered, unanswered) is excess
    assert ("EXCESS_FREQUENCY" in tags("", day=day)) is excess


def test_official_sender_compares_with_the_lenders_numbers():
    assert official_sender("95384", WEBANK) is True
    assert official_sender("10690095384", WEBANK) is True  # an SMS gateway ending in it
    assert official_sender("13912345678", WEBANK) is False
    assert official_sender("13912345678", []) is None
    assert official_sender(None, WEBANK) is None
    assert official_sender("+86 755 8376 5432", ["0755-83765432"]) is True


def test_phone_numbers_are_compared_without_country_code_or_trunk_zero():
    assert normalise_number("+86 138 0013 8000") == "13800138000"
    assert normalise_number("008613800138000") == "13800138000"
    assert normalise_number("0755-8376 5432") == "75583765432"
    assert normalise_number("WeBank") == "webank"


def test_a_money_demand_from_an_unknown_number_says_to_check_with_the_official_one():
    result = check_message("您的微粒贷已逾期，请今天还款577.50元", sender="17012345678",
                           official_numbers=WEBANK, lender="WeBank")
    assert result.official_sender is False
    assert result.advice[0] == ("This did not come from WeBank's official number: check with "
                                "95384 before you pay anything.")


def test_the_json_has_exactly_the_documented_shape():
    result = check_message("你这个老赖", sender="13912345678", official_numbers=WEBANK)
    document = result.to_json()
    assert list(document) == ["official_sender", "findings", "lawful", "advice"]
    assert document["official_sender"] is False
    assert list(document["findings"][0]) == ["tag", "evidence", "rule"]
    assert document["findings"][0]["tag"] == "INSULT"
    assert all(isinstance(line, str) for line in document["advice"])


def test_every_tag_in_the_data_file_is_a_tag_of_domain_md_and_every_content_tag_has_phrases():
    book = phrasebook()
    assert set(book.tags) <= set(TAGS)
    assert set(TAGS) - set(book.tags) == {"OFF_HOURS", "EXCESS_FREQUENCY", "OTHER"}
    for phrase_list in [*book.tags.values(), *book.lawful.values()]:
        for branch in phrase_list.branches:
            phrases._compiled(branch.regex)  # every pattern is a valid regular expression


MESSAGES = [REMINDER_ZH, REMINDER_DUE_ZH, REMINDER_SUE_ZH, REMINDER_EN, FREE_OF_FEES,
            "不还钱就爆你通讯录，让你所有朋友都知道你欠钱不还", "我們會通知你的家屬和老闆",
            "【深圳市南山区人民法院】传票：你因拖欠网贷已被起诉", "扫这个码还款", "ＳＢ",
            "去别的平台借，借新还旧", "你的通讯录我们都有，你住在幸福小区3栋",
            "Transfer the money to my personal account", "You are a deadbeat",
            "再不还就 曝 光 你，爆*通*讯*录", "打断你的腿", "我是谁不重要",
            "我们已经联系了你的紧急联系人", "We called your mother.", "call your co-workers",
            "tell your neighbours", "今晚十二点前不还就上门", "I will come to your house tonight.",
            "We know where your kids go to school.", "你去借别的网贷，可以下载XX贷",
            "晚上8点到你家楼下", "逾期需额外支付催收服务费300元"]


@pytest.mark.parametrize("text", MESSAGES)
def test_the_word_gates_never_hide_a_match(text, monkeypatch):
    gated = check_message(text)
    monkeypatch.setattr(phrases.Branch, "may_match", lambda self, text, seen=None: True)
    assert check_message(text) == gated


def test_the_compiled_phrase_lists_beside_the_toml_are_up_to_date():
    import hashlib
    import json
    import tomllib

    from budget.domain.collection import RULES_FILE, compiled_path
    from budget.domain.phrases import compile_rules

    source = RULES_FILE.read_bytes()
    compiled = json.loads(compiled_path().read_text(encoding="utf-8"))
    stale = "run `python -m budget.domain.collection` after editing collection_rules.toml"
    assert compiled.pop("source_sha256") == hashlib.sha256(source).hexdigest(), stale
    fresh = json.loads(json.dumps(compile_rules(tomllib.loads(source.decode()))))
    assert compiled == fresh, stale


def test_a_stale_compiled_form_is_ignored_and_the_toml_read(tmp_path):
    import shutil

    from budget.domain.collection import RULES_FILE, compiled_path

    rules = tmp_path / "collection_rules.toml"
    shutil.copy(RULES_FILE, rules)
    shutil.copy(compiled_path(), compiled_path(rules))
    with rules.open("a", encoding="utf-8") as file:
        file.write("\n[tags.OTHER]\npatterns = ['柠檬茶']\n")
    book = phrasebook(rules)
    assert check_message("我想喝柠檬茶", book=book).tags == ("OTHER",)
