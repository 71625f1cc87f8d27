"""ContactForm: write down one contact with the lender, with a follow-up date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from budget.i18n import N_, _, choices
from budget.services.ledger import EntryError, read_date
from budget.services.playbook import record_contact
from budget.storage.ledger import Ledger
from budget.storage.loans import StoredLoan
from budget.ui.literal import literal
from budget.ui.messages import ContactRecorded
from budget.ui.screens.entry import DATE_HINT
from budget.ui.screens.money_form import MoneyForm
from budget.ui.widgets.footer import KeyFooter

CHANNELS = [(N_("phone"), "phone"), (N_("the lender's app"), "app"), (N_("SMS"), "sms"),
            (N_("visit"), "visit"), (N_("other"), "other")]


class ContactForm(MoneyForm):
    """When, how, who, what was said, what was promised, when to follow up."""

    FIRST_FIELD = "note"
    CSS_PATH = [*MoneyForm.CSS_PATH, "contact_form.tcss"]

    def __init__(self, ledger: Ledger, today: Callable[[], date], loan: StoredLoan,
                 now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(ledger, today)
        self.loan, self.now = loan, now

    def compose(self) -> ComposeResult:
        moment = self.now()
        day = self.today() if moment.date() != self.today() else moment.date()
        with Vertical(id="form") as form:
            form.border_title = literal(_("Contact with {lender} about {name}").format(
                lender=self.loan.lender or _("the lender"), name=self.loan.name))
            yield from self.field("day", _("Date"), _(DATE_HINT), day.isoformat())
            yield from self.field("clock", _("Time"), _("HH:MM"), f"{moment:%H:%M}")
            yield from self.choice("channel", _("Channel"), choices(CHANNELS), "phone")
            yield from self.field("who", _("Who"), _("name or staff id"))
            yield from self.field("note", _("What was said"), _("what you said and they "
                                                                "offered"))
            yield from self.field("promised", _("Promised"), _("what either side promised"))
            yield from self.field("next", _("Follow up"), _("date to check back (optional)"))
            yield Static(_("Enter saves · Esc cancels · the follow-up shows in the due list"),
                         id="form-help", markup=False)
        yield KeyFooter()

    @work(thread=True, exclusive=True, group="contact-save")
    def save(self, values: dict[str, str]) -> None:
        self.write_in_worker(values)

    def write(self, values: dict[str, str]) -> tuple[ContactRecorded, str]:
        today = self.today()
        day = _date(values["day"], today, "day")
        try:
            clock = time.fromisoformat(values["clock"].strip() or "00:00")
        except ValueError as error:
            raise EntryError("clock", _("'{text}' is not a time: type HH:MM, e.g. 14:05")
                             .format(text=values["clock"])) from error
        next_text = values["next"].strip()
        next_date = _date(next_text, today, "next") if next_text else None
        contact = record_contact(self.ledger, self.loan.name,
                                 at=datetime.combine(day, clock.replace(second=0)),
                                 channel=values["channel"], note=values["note"],
                                 who=values["who"], promised=values["promised"],
                                 next_date=next_date, now=self.now())
        notice = _("Recorded the contact of {at}").format(at=f"{contact.at:%Y-%m-%d %H:%M}")
        if contact.next_date:
            notice += _("; follow up on {day}").format(day=contact.next_date.isoformat())
        return ContactRecorded(self.loan.id), notice


def _date(text: str, today: date, field: str) -> date:
    """A date typed in the form; its error goes under the field it was typed in."""
    try:
        return read_date(text, today)
    except EntryError as error:
        raise EntryError(field, str(error)) from error
