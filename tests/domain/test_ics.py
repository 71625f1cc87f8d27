"""The calendar export holds one event and one alarm per unpaid item, with stable UIDs."""

from datetime import UTC, date, datetime, timedelta, timezone

from icalendar import Calendar

from budget.domain.bills import Bill, Frequency, occurrences
from budget.domain.ics import calendar_bytes
from budget.domain.loans import build_schedule, preset_terms
from budget.domain.reminders import DueItem, bill_due_item, loan_due_item
from budget.domain.repayment import Payment, Status, replay

TODAY = date(2026, 3, 10)
STAMP = datetime(2026, 3, 10, 8, 30, tzinfo=UTC)


def events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def plan() -> list[DueItem]:
    """A 3-period 微粒贷 with the first installment paid, and a monthly rent."""
    loan = preset_terms("weilidai", 300_000, date(2026, 1, 15), periods=3)
    schedule = build_schedule(loan)
    state = replay(loan, schedule, [Payment(schedule[0].due_date, schedule[0].payment)], TODAY)
    rent = Bill("Rent", 250_000, Frequency.MONTH, 1, date(2026, 1, 1), lead_days=5)
    return ([loan_due_item(7, "微粒贷", row, periods=3, lead_days=loan.lead_days)
             for row in state.installments]
            + [bill_due_item(2, rent, due, TODAY)
               for due in occurrences(rent, date(2026, 4, 1), date(2026, 5, 31))])


def test_every_unpaid_installment_and_bill_gets_an_all_day_event_with_an_alarm():
    found = events(calendar_bytes(plan(), STAMP))

    assert [str(event["uid"]) for event in found] == [
        "loan-7-2@budget", "loan-7-3@budget", "bill-2-2026-04-01@budget",
        "bill-2-2026-05-01@budget"]
    assert [len(event.walk("VALARM")) for event in found] == [1, 1, 1, 1]
    assert found[0].decoded("dtstart") == date(2026, 3, 15)
    assert found[0].decoded("dtend") == date(2026, 3, 16)


def test_summary_says_what_to_repay_and_which_installment_it_is():
    found = events(calendar_bytes(plan(), STAMP))

    # ¥1,000.00 principal + ¥2,000.00 × 0.05% × 28 days (15 Feb to 15 Mar).
    assert str(found[0]["summary"]) == "Repay 微粒贷 ¥1,028.00 (2/3)"
    assert str(found[2]["summary"]) == "Pay Rent ¥2,500.00"


def test_alarms_ring_each_items_lead_time_before_or_the_one_asked_for():
    own = events(calendar_bytes(plan(), STAMP))
    asked = events(calendar_bytes(plan(), STAMP, lead_days=1))

    def triggers(found):
        return [event.walk("VALARM")[0].decoded("trigger") for event in found]

    assert triggers(own) == [timedelta(days=-3)] * 2 + [timedelta(days=-5)] * 2
    assert triggers(asked) == [timedelta(days=-1)] * 4
    assert all(str(event.walk("VALARM")[0]["action"]) == "DISPLAY" for event in own)


def test_exporting_twice_gives_the_same_file_so_reimport_updates_not_duplicates():
    assert calendar_bytes(plan(), STAMP) == calendar_bytes(plan(), STAMP)


def test_dtstamp_is_the_time_passed_in_written_in_utc():
    beijing = timezone(timedelta(hours=8))
    found = events(calendar_bytes(plan(), datetime(2026, 3, 10, 16, 30, tzinfo=beijing)))

    assert {event.decoded("dtstamp") for event in found} == {STAMP}


def test_paid_and_empty_items_are_left_out_and_overdue_ones_mention_the_penalty():
    overdue = DueItem("loan", "借呗", date(2026, 3, 1), 51_000, Status.OVERDUE, -9, 450,
                      ("loan", 3, 2), 2, 6)
    paid = DueItem("loan", "借呗", date(2026, 2, 1), 0, Status.PAID, -37, 0, ("loan", 3, 1), 1, 6)
    free = DueItem("bill", "Library", date(2026, 4, 1), 0, Status.UPCOMING, 22, 0,
                   ("bill", 9, date(2026, 4, 1)))

    found = events(calendar_bytes([overdue, paid, free], STAMP))

    assert [str(event["uid"]) for event in found] == ["loan-3-2@budget"]
    assert str(found[0]["description"]) == "Includes penalty ¥4.50"


def test_an_empty_export_is_still_a_valid_calendar():
    calendar = Calendar.from_ical(calendar_bytes([], STAMP))

    assert calendar.walk("VEVENT") == []
    assert str(calendar["version"]) == "2.0"
