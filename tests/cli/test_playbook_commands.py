"""The overdue playbook, contacts with the lender and restructures from the shell."""

import json
from datetime import date, datetime

from icalendar import Calendar

from tests.cli.conftest import ok

AS_OF = "2026-11-30"


def _json(result):
    return json.loads(ok(result).output)


def _behind(run):
    """The demo's 微粒贷: drawn 2026-07-28, #1-#3 paid, #4 (due 2026-11-28) unpaid."""
    ok(run("loan", "add", "微粒贷", "--principal", "5000", "--preset", "weilidai", "--start",
            "2026-07-28", "--lender", "WeBank", "--phone", "95384", "--paid-installments", "3"))


def test_the_playbook_prints_the_same_figures_as_its_json(run):
    _behind(run)
    text = ok(run("loan", "playbook", "微粒贷", "--as-of", AS_OF, "--reason", "illness")).output
    book = _json(run("loan", "playbook", "微粒贷", "--as-of", AS_OF, "--json"))

    assert book["standing"]["due_now"] == "555.00"
    assert (book["standing"]["days_overdue"], book["standing"]["penalty_unpaid"]) == (2, "0.25")
    assert "¥555.00 is due now on 1 installment; it is 2 days past its due date" in text
    assert "Contact the lender: 95384" in text
    assert "because I was ill and could not work" in text
    for option in book["options"]:
        assert f"¥{float(option['total']):,.2f} in all" in text
    kinds = [option["kind"] for option in book["options"]]
    assert kinds == ["pay-now", "waiver", "extension", "installments", "interest-stopped"]


def test_a_contact_with_a_follow_up_shows_in_due_remind_and_the_calendar(run, tmp_path,
                                                                         monkeypatch):
    monkeypatch.setattr("budget.commands.common.now", lambda: datetime(2026, 12, 2, 18, 0))
    _behind(run)
    ok(run("loan", "contact", "add", "微粒贷", "--at", "2026-11-30 10:15", "--channel",
            "phone", "--who", "工号 0371", "--note", "asked for installments",
            "--promised", "plan in the app by Wednesday", "--next", "2026-12-02"))
    [contact] = _json(run("loan", "contacts", "微粒贷", "--json"))
    assert (contact["at"], contact["who"], contact["next"]) == (
        "2026-11-30T10:15", "工号 0371", "2026-12-02")

    due = _json(run("due", "--json", "--as-of", "2026-12-02"))
    followup = [item for item in due if item["kind"] == "followup"]
    assert followup and followup[0]["note"] == "plan in the app by Wednesday"
    assert "Follow up: 微粒贷" in ok(run("remind", "--as-of", "2026-12-02")).output \
        or "due today" in ok(run("remind", "--as-of", "2026-12-02")).output
    path = tmp_path / "due.ics"
    ok(run("export", "ics", str(path), "--as-of", "2026-12-01"))
    events = [event for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT")]
    assert any("Follow up with the lender about 微粒贷" in str(event["summary"])
               for event in events)

    # A contact before the follow-up day leaves it open; one on that day settles it.
    ok(run("loan", "contact", "add", "微粒贷", "--at", "2026-12-01 09:00", "--channel", "app",
            "--note", "asked where the plan is"))
    due = _json(run("due", "--json", "--as-of", "2026-12-02"))
    assert [item for item in due if item["kind"] == "followup"]
    ok(run("loan", "contact", "add", "微粒贷", "--at", "2026-12-02 09:00", "--channel", "app",
            "--note", "plan received"))
    due = _json(run("due", "--json", "--as-of", "2026-12-02"))
    assert not [item for item in due if item["kind"] == "followup"]
    future = run("loan", "contact", "add", "微粒贷", "--at", "2026-12-03 09:00", "--channel",
                 "app", "--note", "not yet")
    assert future.exit_code == 2 and "in the future" in future.output


def test_a_restructure_replaces_the_unpaid_rest_and_keeps_the_old_plan_as_history(run):
    _behind(run)
    ok(run("loan", "restructure", "微粒贷", "--from", AS_OF, "--method", "equal-principal",
            "--periods", "6", "--annual-rate", "0", "--waive-penalty", "--ref", "WB-1130"))

    shown = _json(run("loan", "show", "微粒贷", "--json", "--as-of", AS_OF))
    assert [segment["from"] for segment in shown["segments"]] == ["2026-07-28", AS_OF]
    assert shown["segments"][1]["ref"] == "WB-1130"
    assert shown["segments"][1]["waived_penalty"] == "0.25"
    history = [row for row in shown["installments"] if row["segment"] == 0]
    new_plan = [row for row in shown["installments"] if row["segment"] == 1]
    assert [row["status"] for row in history] == ["paid"] * 3
    # ¥3,500.00 principal and ¥57.75 interest owed, in 6 interest-free installments.
    assert [row["payment"] for row in new_plan] == ["592.96"] * 5 + ["592.95"]
    assert shown["outstanding"] == "3557.75"
    due = _json(run("due", "--json", "--as-of", AS_OF, "--days", "40"))
    assert [(item["name"], item["number"], item["amount"]) for item in due] == [
        ("微粒贷", 4, "592.96")]


def test_a_playbook_option_is_recorded_with_one_command(run):
    _behind(run)
    ok(run("loan", "restructure", "微粒贷", "--from", AS_OF, "--option", "installments"))
    shown = _json(run("loan", "show", "微粒贷", "--json", "--as-of", AS_OF))
    assert len([row for row in shown["installments"] if row["segment"] == 1]) == 12


def test_payments_before_the_agreement_date_are_refused_and_that_days_go_to_the_new_plan(run):
    _behind(run)
    ok(run("loan", "restructure", "微粒贷", "--from", AS_OF, "--option", "installments"))
    refused = run("loan", "pay", "微粒贷", "100", "--date", "2026-11-29")
    assert refused.exit_code == 2 and "before 微粒贷 was restructured on 2026-11-30" in \
        refused.output
    ok(run("loan", "pay", "微粒贷", "326.62", "--date", AS_OF))
    shown = _json(run("loan", "show", "微粒贷", "--json", "--as-of", AS_OF))
    first_new = next(row for row in shown["installments"] if row["segment"] == 1)
    assert first_new["status"] == "paid"
    again = run("loan", "restructure", "微粒贷", "--from", AS_OF, "--option", "extension")
    assert again.exit_code == 2 and "already restructured" in again.output


def test_bad_contacts_and_restructures_say_what_is_wrong(run):
    _behind(run)
    for args, message in [
        (("loan", "contact", "add", "微粒贷", "--channel", "phone", "--note", " "),
         "a note is needed"),
        (("loan", "contact", "add", "微粒贷", "--channel", "phone", "--note", "x", "--at",
          "2026-11-30 25:99"), "not a time"),
        (("loan", "contact", "add", "微粒贷", "--channel", "phone", "--note", "x", "--at",
          "2026-11-30 10:00", "--next", "2026-11-01"), "before the contact"),
        (("loan", "restructure", "微粒贷", "--periods", "6"), "--method and --periods"),
        (("loan", "restructure", "微粒贷", "--method", "bullet", "--periods", "1",
          "--waive-interest", "9999"), "interest waived"),
    ]:
        refused = run(*args)
        assert refused.exit_code == 2, args
        assert message in refused.output, (args, refused.output)
    assert _json(run("loan", "contacts", "微粒贷", "--json")) == []


def test_the_reviews_overdue_finding_names_the_playbook(run):
    _behind(run)
    review = _json(run("review", "--month", "2026-11", "--json", "--as-of", "2026-12-02"))
    [finding] = [item for item in review["findings"] if item["rule"] == "OVERDUE"]
    assert "budget loan playbook 微粒贷" in finding["message"]
    assert date.fromisoformat(AS_OF)


def test_a_payment_then_an_agreement_the_same_day_keeps_the_payment_as_it_was(run):
    """Pay what is due, then call the lender: the agreement is on what is owed after the
    payment (3,000.00 principal and 2 days' interest), and the payment keeps its split."""
    _behind(run)
    ok(run("loan", "pay", "微粒贷", "555", "--date", AS_OF))
    split = _json(run("list", "--month", "2026-11", "--json"))
    assert sorted(row["amount"] for row in split) == ["-500.00", "-55.00"]
    agreed = ok(run("loan", "restructure", "微粒贷", "--from", AS_OF, "--option",
                    "installments")).output
    assert "¥3,003.00 in 12 installments" in agreed
    shown = _json(run("loan", "show", "微粒贷", "--json", "--as-of", AS_OF))
    fourth = next(row for row in shown["installments"] if row["number"] == 4)
    assert (fourth["status"], fourth["paid"], fourth["segment"]) == ("paid_late", "555.00", 0)
    assert (shown["segments"][1]["principal"], shown["outstanding"]) == ("3003.00", "3003.00")
    assert _json(run("list", "--month", "2026-11", "--json")) == split


def test_a_loan_with_talks_with_the_lender_is_not_deleted_without_force(run):
    _behind(run)
    for at in ("2026-11-28 10:15", "2026-11-29 09:00"):
        ok(run("loan", "contact", "add", "微粒贷", "--at", at, "--channel", "phone",
                "--who", "工号 0371", "--note", "asked for installments"))
    refused = run("loan", "delete", "微粒贷")
    assert refused.exit_code == 2
    assert ("微粒贷 has 2 talks with the lender recorded, which deleting would lose: "
            "`budget loan delete 微粒贷 --force` deletes them with the loan, or `budget loan "
            "archive 微粒贷` hides the loan and keeps them") in refused.output
    assert len(_json(run("loan", "contacts", "微粒贷", "--json"))) == 2
    assert "Deleted 微粒贷." in ok(run("loan", "delete", "微粒贷", "--force")).output
    assert _json(run("loan", "list", "--all", "--json")) == []


def test_one_installment_due_is_said_in_the_singular(run):
    _behind(run)
    shown = ok(run("loan", "show", "微粒贷", "--as-of", AS_OF)).output
    assert "(1 installment, penalty unpaid ¥0.25)" in shown
    assert "1 installments" not in shown


def test_marking_one_installment_paid_says_so_in_the_singular(run):
    added = ok(run("loan", "add", "借呗", "--principal", "3000", "--preset", "weilidai",
                   "--start", "2026-07-28", "--paid-installments", "1"))
    assert "Marked the first installment paid on its due date." in added.output


def test_a_payment_the_agreement_was_made_on_cannot_be_removed_under_it(run):
    """Removing the 555.00 paid before the same day's agreement would leave the agreement on
    a debt 555.00 too small: refused until the agreement is undone. One paid after the
    agreement goes to the new plan and can be removed."""
    _behind(run)
    ok(run("loan", "pay", "微粒贷", "555", "--date", AS_OF))
    ok(run("loan", "restructure", "微粒贷", "--from", AS_OF, "--option", "installments"))
    ok(run("loan", "pay", "微粒贷", "100", "--date", AS_OF))
    first, second = [row["id"] for row in sorted(
        _json(run("loan", "payments", "微粒贷", "--json")), key=lambda row: row["id"])][-2:]
    refused = run("loan", "unpay", "微粒贷", str(first))
    assert refused.exit_code == 2 and "undo the agreement first" in refused.output
    ok(run("loan", "unpay", "微粒贷", str(second)))
    shown = _json(run("loan", "show", "微粒贷", "--json", "--as-of", AS_OF))
    assert shown["outstanding"] == "3003.00"
    ok(run("loan", "restructure", "微粒贷", "--undo"))
    ok(run("loan", "unpay", "微粒贷", str(first)))
    shown = _json(run("loan", "show", "微粒贷", "--json", "--as-of", AS_OF))
    assert shown["outstanding"] == "3500.00"


def test_what_a_part_payment_paid_is_no_longer_counted_as_late_interest(run):
    """微粒贷 5,000.00 from 2026-08-15, nothing paid by 2026-11-30: late interest 34.25
    (#1 19.00, #2 11.50, #3 3.75). 300.00 pays #1's penalty and interest (its late interest
    too), so 15.25 is left, and the penalty left is #2's and #3's."""
    ok(run("loan", "add", "W", "--principal", "5000", "--preset", "weilidai", "--start",
           "2026-08-15"))
    before = _json(run("loan", "playbook", "W", "--as-of", AS_OF, "--json"))["standing"]
    assert (before["late_interest"], before["penalty_unpaid"]) == ("34.25", "17.13")
    ok(run("loan", "pay", "W", "300", "--date", AS_OF))
    after = _json(run("loan", "playbook", "W", "--as-of", AS_OF, "--json"))["standing"]
    assert (after["late_interest"], after["penalty_unpaid"], after["due_now"]) == (
        "15.25", "7.63", "1458.38")


def test_a_loan_payment_dated_far_ahead_is_saved_and_questioned(run, monkeypatch):
    monkeypatch.setattr("budget.commands.loans.today", lambda: date(2026, 11, 30))
    _behind(run)
    result = ok(run("loan", "pay", "微粒贷", "10", "--date", "2027-01-10"))
    assert "2027-01-10 is 41 days ahead of today (2026-11-30): is the year right?" in \
        result.stderr
    assert "Payment " in result.stdout
    quiet = ok(run("loan", "pay", "微粒贷", "10", "--date", "2026-11-30"))
    assert "warning" not in quiet.stderr


def test_paying_a_loan_off_does_not_speak_of_recomputed_installments(run):
    ok(run("loan", "add", "W", "--principal", "5000", "--preset", "weilidai", "--start",
           "2027-01-15"))
    part = ok(run("loan", "pay", "W", "2000", "--date", "2027-01-25")).output
    assert "interest 25.00, principal 1,975.00" in part
    assert "¥1,475.00 of it was a prepayment" in part  # #1 (500.00) paid early first
    closed = ok(run("loan", "pay", "W", "3025", "--date", "2027-01-25")).output
    assert "W is repaid in full." in closed and "recomputed" not in closed
