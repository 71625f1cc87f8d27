"""The evidence screen: from the loan, record with the check beside it, export, verify."""

from __future__ import annotations

import zipfile
from datetime import date, datetime

import pytest
from textual import events
from textual.widgets import DataTable, Input, Select, TextArea

from budget.domain.loans import preset_terms
from budget.services.evidence import ContactInput, record
from budget.services.loans import create_loan
from budget.ui.screens.evidence.entry_form import CheckForm, EvidenceForm
from budget.ui.screens.evidence.export_form import ExportForm, ProfileForm
from budget.ui.screens.evidence.screen import EvidenceScreen
from budget.ui.screens.loan_detail import LoanDetailScreen
from budget.ui.widgets.evidence import CheckPanel, ContactsChart
from tests.ui.conftest import TODAY, record_notices, settle, widget_text, words

THREAT = "你再不还钱，我们明天就打电话给你爸妈和你们单位领导，让大家都知道你欠钱不还。"


@pytest.fixture
def loan(ledger):
    return create_loan(ledger, name="微粒贷",
                       terms=preset_terms("weilidai", 500000, date(2026, 10, 15)),
                       lender="WeBank", phones=["95384"])


def log(ledger, at: str, *, answered: bool = True, note: str = "") -> None:
    record(ledger, ContactInput(loan="微粒贷", at=at, channel="call", unanswered=not answered,
                                note=note), today=TODAY, now=datetime(2026, 11, 21, 9, 0))


async def open_evidence_screen(pilot) -> EvidenceScreen:
    """Loans (o), the loan's schedule (s), its evidence (m), as a person would."""
    await settle(pilot)
    await pilot.press("o")
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, LoanDetailScreen)
    await pilot.press("m")
    await settle(pilot)
    assert isinstance(pilot.app.screen, EvidenceScreen)
    return pilot.app.screen


async def paste(pilot, text: str) -> None:
    """What the terminal sends when the user pastes into the focused text area."""
    pilot.app.screen.query_one("#note", TextArea).focus()
    await pilot.pause()
    pilot.app.post_message(events.Paste(text))
    await settle(pilot)


async def test_a_threat_pasted_into_the_form_is_checked_live_and_saved_with_its_tags(app, loan):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evidence_screen(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EvidenceForm)
        form.query_one("#at", Input).value = "2026-11-20 23:15"
        form.query_one("#from", Input).value = "13912345678"
        await paste(pilot, THREAT)
        panel = words(form.query_one(CheckPanel))
        assert "13912345678 is NOT one of the lender's official numbers." in panel
        assert "⚠ OFF_HOURS" in panel
        assert "⚠ THIRD_PARTY_CONTACT · family, colleagues or contacts “打电话给你爸妈" in panel
        assert "Tags on saving: OFF_HOURS, THIRD_PARTY_CONTACT, DEBT_DISCLOSURE" in words(
            form.query_one("#will-tag"))

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        table = screen.query_one("#timeline", DataTable)
        assert [str(cell) for cell in table.get_row_at(0)] == [
            "1", "11-20 23:15", "call ✓", "13912345678",
            "OFF_HOURS, THIRD_PARTY_CONTACT, DEBT_DISCLOSURE"]
        assert "1 OFF_HOURS" in words(screen.query_one("#tag-counts"))
        assert screen.evidence.timeline[0].contact.note == THREAT
        assert "我们明天就打电话给你爸妈" in words(screen.query_one("#entry-detail"))


async def test_an_unreadable_time_is_explained_under_the_field_and_nothing_is_saved(app, loan):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evidence_screen(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#at", Input).value = "last night"
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = app.screen.query_one("#at-error")
        assert error.display
        assert "'last night' is not a date and time" in words(error)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one("#timeline", DataTable).row_count == 0


async def test_calls_per_day_and_the_fourth_answered_call_are_shown(app, ledger, loan):
    for hour in (9, 10, 11, 12):
        log(ledger, f"2026-11-20 {hour}:00")
    log(ledger, "2026-11-19 10:00", answered=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_evidence_screen(pilot)
        assert screen.has_class("-wide")
        chart = screen.query_one(ContactsChart)
        assert chart.days == (date(2026, 11, 19), date(2026, 11, 20))
        assert (chart.answered, chart.unanswered) == ((0, 4), (1, 0))
        table = screen.query_one("#timeline", DataTable)
        assert str(table.get_row_at(0)[4]) == "EXCESS_FREQUENCY"
        assert "EXCESS_FREQUENCY · too many calls in a day: 1" in words(
            screen.query_one("#tag-counts"))
        assert "contacts recorded: 5, with a violation: 1" in widget_text(
            screen.query_one("#evidence-facts"))


async def test_check_a_message_then_record_it(app, loan):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_evidence_screen(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, CheckForm)
        app.screen.query_one("#from", Input).value = "95384"
        await paste(pilot, "【微众银行】您的微粒贷本期应还577.50元，请于11月15日前还款。")
        panel = words(app.screen.query_one(CheckPanel))
        assert "From an official number of the lender." in panel
        assert "Breaks none of the collection rules budget knows." in panel
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceForm)
        assert app.screen.query_one("#from", Input).value == "95384"
        assert app.screen.query_one("#note", TextArea).text.startswith("【微众银行】")


async def test_export_shows_the_ladder_and_writes_the_bundle(app, ledger, loan, tmp_path):
    log(ledger, "2026-11-20 23:15", note="说要打电话给你单位领导")
    target = tmp_path / "complaint.zip"
    async with app.run_test(size=(80, 24)) as pilot:
        notices = record_notices(app)
        await open_evidence_screen(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ExportForm)
        ladder = words(form.query_one("#ladder"))
        assert "1. WeBank's customer service: 95384" in ladder
        assert "5. 110: police, for threats or violence" in ladder
        form.query_one("#to", Select).value = "12378"
        await settle(pilot)
        assert form.query_one("#out", Input).value.endswith("-12378-20261120.zip")
        form.query_one("#out", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
    assert (f"Wrote {target}: 1 entries, 0 files") in [message for _t, message, _s in notices]
    with zipfile.ZipFile(target) as bundle:
        letter = next(bundle.read(name) for name in bundle.namelist()
                      if name.endswith("letter.txt")).decode()
    assert "国家金融监督管理总局消费者投诉热线（12378）" in letter


async def test_your_details_are_saved_and_verify_reports_all_is_well(app, ledger, loan):
    log(ledger, "2026-11-20 10:00")
    async with app.run_test(size=(80, 24)) as pilot:
        notices = record_notices(app)
        await open_evidence_screen(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ProfileForm)
        app.screen.query_one("#name", Input).value = "王小明"
        app.screen.query_one("#phone", Input).value = "13600001111"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
    from budget.services.evidence import profile

    assert profile(ledger)["name"] == "王小明"
    assert any("Evidence verified: 1 entries, 0 files" in message
               for _t, message, _s in notices)


async def test_every_evidence_key_is_in_the_footer_and_the_palette(app, loan):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_evidence_screen(pilot)
        titles = {command.title for command in app.get_system_commands(screen)}
        for binding in EvidenceScreen.BINDINGS:
            assert binding.description
            assert (binding.tooltip or binding.description) in titles
        detail_titles = {command.title for command in app.get_system_commands(
            app.screen_stack[-2])}
        assert "Collection messages: check one, keep evidence, complain" in detail_titles
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LoanDetailScreen)


MANY_TAGS = "说明天去你公司找你领导，不还就曝光你，你这个老赖"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_tag_of_an_entry_is_readable_whole_at_80x24_and_120x40(app, ledger, loan,
                                                                          size):
    record(ledger, ContactInput(loan="微粒贷", at="2026-11-20 07:15", channel="call",
                                from_number="13912345678", who="自称律师事务所",
                                note=MANY_TAGS), today=TODAY, now=datetime(2026, 11, 21, 9, 0))
    expected = ["OFF_HOURS", "THIRD_PARTY_CONTACT", "DEBT_DISCLOSURE", "THREAT", "INSULT"]
    async with app.run_test(size=size) as pilot:
        screen = await open_evidence_screen(pilot)
        assert list(screen.evidence.timeline[0].tags) == expected
        shown = widget_text(screen.query_one("#timeline", DataTable))
        counts = widget_text(screen.query_one("#tag-counts"))
        for tag in expected:
            assert tag in shown, f"{tag} is cut in the timeline at {size}"
            assert f"1  {tag}" in counts or f"{tag} · " in counts
        assert "as 自称律师事务所" in widget_text(screen.query_one("#entry-detail"))
