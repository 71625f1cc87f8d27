"""EvidenceForm records a collection contact with the message check live beside it; CheckForm
checks a message without recording it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea

from budget.domain.collection_rules import CHANNEL_LABELS, CHANNELS, tag_for, tag_names
from budget.i18n import N_, _, pgettext
from budget.services.evidence import ContactInput, record
from budget.services.evidence_check import CheckContext, check_context, preview
from budget.services.ledger import EntryError
from budget.storage.evidence_lookup import LoanRef
from budget.storage.ledger import Ledger
from budget.ui.literal import literal
from budget.ui.messages import EvidenceRecorded
from budget.ui.screens.money_form import MoneyForm
from budget.ui.translated import TranslatedBindings
from budget.ui.widgets.evidence import CheckPanel
from budget.ui.widgets.footer import KeyFooter

AT_HINT = N_("YYYY-MM-DD HH:MM, e.g. 2026-11-20 23:15")
# Where an error about a field is shown: the services name "tag" and "file", the form's
# inputs are "tags" and "files".
_FIELD_OF = {"tag": "tags", "file": "files", "loan": "at", "corrects": "at"}


def _listed(text: str, separator: str = ",") -> list[str]:
    if separator == ",":
        text = text.replace("，", ",").replace("、", ",")
    return [part.strip() for part in text.split(separator) if part.strip()]


class ContextLoaded(Message):
    """The loan's numbers and calls per day were read for the live check."""

    def __init__(self, context: CheckContext) -> None:
        super().__init__()
        self.context = context


class LiveCheck:
    """What both forms with a live message check do on opening: focus the message, read
    the loan's numbers and calls per day in a worker (`context`), and check again once
    they are in. The class using it has `ledger`, `loan`, `context` and `_run_check`."""

    def on_mount(self) -> None:
        self.query_one("#note", TextArea).focus()
        self._load_context()
        self._run_check()

    @work(thread=True, exclusive=True, group="check-context")
    def _load_context(self) -> None:
        self.post_message(ContextLoaded(check_context(self.ledger, self.loan.id)))

    def on_context_loaded(self, message: ContextLoaded) -> None:
        self.context = message.context
        self._run_check()


class EvidenceForm(LiveCheck, MoneyForm):
    """When, how, from which number, who they said they were, tags, files and what was said;
    the check beside it updates with every key. ctrl+s saves (Enter in a one-line field too)."""

    CSS_PATH = ["../entry.tcss", "../money_form.tcss", "evidence_forms.tcss"]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    FIRST_FIELD = "at"

    def __init__(self, ledger: Ledger, today: Callable[[], date], loan: LoanRef, *,
                 note: str = "", sender: str = "",
                 now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(ledger, today)
        self.loan, self.now = loan, now
        self.initial_note, self.initial_sender = note, sender
        self.context = CheckContext(loan.lender or loan.name, loan.phones, {})

    def compose(self) -> ComposeResult:
        with Container(id="form") as form:
            form.border_title = literal(_("New entry · {loan}").format(loan=self.loan.name))
            with VerticalScroll(id="fields"):
                yield from self.field("at", _("When"), _(AT_HINT),
                                      f"{self.today().isoformat()} {self.now():%H:%M}")
                yield from self.choice("channel", _("How"),
                                       [(_(CHANNEL_LABELS[c]), c) for c in CHANNELS], "call")
                yield from self.field("from", pgettext("sender", "From"),
                                      _("the number it came from"),
                                      self.initial_sender)
                yield from self.choice("answered", _("Answered"),
                                       [(_("yes"), "yes"), (_("no, missed"), "no")], "yes")
                yield from self.field("who", _("Who"), _("who they said they were"))
                yield from self.field("tags", _("Tags"), _("your own, e.g. threat, insult"))
                yield from self.field("files", _("Files"),
                                      _("screenshot or recording paths, separated by ;"))
                yield Label(_("What was said (paste the message):"), id="note-label", markup=False)
                yield TextArea(self.initial_note, id="note", soft_wrap=True)
                yield Static(id="note-error", classes="error", markup=False)
                yield Static(id="will-tag", markup=False)
                yield Static(_("ctrl+s saves · Esc cancels · entries are never changed: "
                               "a mistake is fixed by a new entry"), id="form-help", markup=False)
            with VerticalScroll(id="check-pane") as pane:
                pane.border_title = literal(_("Message check"))
                yield CheckPanel(id="check")
        yield KeyFooter()

    def values(self) -> dict[str, str]:
        values = super().values()
        values["note"] = self.query_one("#note", TextArea).text
        return values

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _run_check(self) -> None:
        """The domain check on what is typed so far: no database, so it runs on every key."""
        values = self.values()
        result = preview(self.context, values["note"], sender=values["from"],
                         at=values["at"], channel=values["channel"],
                         answered=values["answered"] != "no", today=self.today())
        self.query_one(CheckPanel).show(result if values["note"].strip() or result.findings
                                        else None, values["from"])
        own = [tag_for(text) or text for text in _listed(values["tags"])]
        tags = list(dict.fromkeys([*result.tags, *own]))
        will_tag = self.query_one("#will-tag", Static)
        will_tag.update(_("Tags on saving: {tags}").format(tags=tag_names(tags)) if tags else "")
        will_tag.display = bool(tags)

    @work(thread=True, exclusive=True, group="evidence-save")
    def save(self, values: dict[str, str]) -> None:
        self.write_in_worker(values)

    def write(self, values: dict[str, str]) -> tuple[EvidenceRecorded, str]:
        typed = ContactInput(loan=self.loan.name, at=values["at"], channel=values["channel"],
                             from_number=values["from"], unanswered=values["answered"] == "no",
                             who=values["who"], tags=_listed(values["tags"]),
                             files=_listed(values["files"], ";"), note=values["note"])
        try:
            recorded = record(self.ledger, typed, today=self.today(), now=self.now())
        except EntryError as error:
            raise EntryError(_FIELD_OF.get(error.field, error.field), str(error)) from error
        entry = recorded.entry
        tags = tag_names(entry.tags) or _("no tag")
        notice = _("Recorded #{id} for {loan}: {tags}").format(id=entry.id,
                                                              loan=recorded.loan.name, tags=tags)
        return EvidenceRecorded(entry.id, recorded.loan.name), notice


class CheckForm(LiveCheck, TranslatedBindings, ModalScreen[None]):
    """Paste a message and see what it means; ctrl+s records it as a new entry."""

    CSS_PATH = ["../entry.tcss", "evidence_forms.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "record", _("Record it"), tooltip=_("Record this message as a new "
                                                            "entry"), id="check.record"),
        Binding("escape", "close", _("Close"), id="check.close"),
    ]

    def __init__(self, ledger: Ledger, today: Callable[[], date], loan: LoanRef) -> None:
        super().__init__()
        self.ledger, self.today, self.loan = ledger, today, loan
        self.context = CheckContext(loan.lender or loan.name, loan.phones, {})

    def compose(self) -> ComposeResult:
        with Vertical(id="form") as form:
            form.border_title = literal(_("Check a message · {loan}").format(loan=self.loan.name))
            with Horizontal(classes="row"):
                yield Label(pgettext("sender", "From"), classes="label", markup=False)
                yield Input(placeholder=_("the number it came from"), id="from", compact=True)
            yield TextArea(id="note", soft_wrap=True)
            with VerticalScroll(id="check-pane"):
                yield CheckPanel(id="check")
        yield KeyFooter()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _run_check(self) -> None:
        text = self.query_one("#note", TextArea).text
        sender = self.query_one("#from", Input).value
        result = preview(self.context, text, sender=sender, today=self.today())
        self.query_one(CheckPanel).show(result if text.strip() else None, sender)

    def action_record(self) -> None:
        note = self.query_one("#note", TextArea).text
        sender = self.query_one("#from", Input).value
        self.dismiss(None)
        self.app.push_screen(EvidenceForm(self.ledger, self.today, self.loan, note=note,
                                          sender=sender))

    def action_close(self) -> None:
        self.dismiss(None)
