"""ExportForm writes a complaint bundle, with the escalation ladder shown; ProfileForm keeps
the user's details for the letters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Select, Static

from budget.domain.collection_rules import RECIPIENTS
from budget.i18n import N_, _, pgettext
from budget.l10n import os_reason
from budget.services.complaint import export_bundle, ladder
from budget.services.evidence import LoanEvidence, profile, save_profile
from budget.services.ledger import EntryError
from budget.storage.ledger import Ledger
from budget.ui.literal import literal
from budget.ui.screens.money_form import MoneyForm
from budget.ui.widgets.footer import KeyFooter

RECIPIENT_LABELS = {
    "lender": N_("the lender's customer service"),
    "12378": N_("12378 · financial regulator"),
    "12363": N_("12363 · People's Bank of China"),
    "12321": N_("12321 · harassing calls and messages"),
    "110": N_("110 · police, threats or violence"),
}


class BundleExported(Message):
    """A complaint bundle was written to `path`."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class ProfileSaved(Message):
    """The user's details for complaint letters were saved."""


def default_bundle_path(loan: str, recipient: str, on: date) -> str:
    """``~/budget-complaint-微粒贷-12378-20261120.zip``"""
    safe = "".join(char if char.isalnum() or char in "-_" else "_" for char in loan)
    return str(Path("~") / f"budget-complaint-{safe}-{recipient}-{on:%Y%m%d}.zip")


class ExportForm(MoneyForm):
    """Who the letter is for and where the zip goes; the ladder says whom to turn to first."""

    CSS_PATH = ["../entry.tcss", "../money_form.tcss", "evidence_forms.tcss"]
    FIRST_FIELD = "out"

    def __init__(self, ledger: Ledger, today: Callable[[], date], evidence: LoanEvidence,
                 now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(ledger, today)
        self.evidence, self.now = evidence, now

    def compose(self) -> ComposeResult:
        loan = self.evidence.loan
        with Vertical(id="form") as form:
            form.border_title = literal(_("Complaint bundle · {loan}").format(loan=loan.name))
            yield from self.choice("to", _("For"), [(_(RECIPIENT_LABELS[code]), code)
                                                   for code in RECIPIENTS], "lender")
            yield from self.field("out", _("Save as"), _("a .zip file"),
                                  default_bundle_path(loan.name, "lender", self.today()))
            yield Static(_("Where to turn, in order:") + "\n" + "\n".join(
                ladder(loan.lender or loan.name, self.evidence.numbers)), id="ladder", markup=False)
            yield Static(_("A letter in Simplified Chinese, the timeline (CSV), the files and a "
                           "manifest of their SHA-256. Set your name and phone with i first. "
                           "Enter writes it · Esc cancels"), id="form-help", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#to", Select).focus()

    @on(Select.Changed, "#to")
    def _recipient_changed(self, event: Select.Changed) -> None:
        """Follow the recipient in the file name unless the user typed their own."""
        out = self.query_one("#out")
        name = self.evidence.loan.name
        if any(out.value == default_bundle_path(name, code, self.today()) for code in RECIPIENTS):
            out.value = default_bundle_path(name, str(event.value), self.today())

    @work(thread=True, exclusive=True, group="bundle-export")
    def save(self, values: dict[str, str]) -> None:
        self.write_in_worker(values)

    def write(self, values: dict[str, str]) -> tuple[BundleExported, str]:
        try:
            bundle = export_bundle(self.ledger, self.evidence.loan.name, values["to"],
                                   values["out"], today=self.today(), now=self.now())
        except OSError as error:
            raise EntryError("out", _("cannot write {path}: {reason}").format(
                path=values["out"], reason=os_reason(error))) from error
        return BundleExported(bundle.path), _("Wrote {path}: {entries} entries, {files} files"
                                              ).format(path=bundle.path, entries=bundle.entries,
                                                       files=bundle.files)


class ProfileForm(MoneyForm):
    """Name, phone and (optionally) the resident ID number that complaint letters carry."""

    CSS_PATH = ["../entry.tcss", "../money_form.tcss", "evidence_forms.tcss"]
    FIRST_FIELD = "name"

    class ProfileLoaded(Message):
        """The saved details, to fill the fields."""

        def __init__(self, details: dict[str, str]) -> None:
            super().__init__()
            self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(id="form") as form:
            form.border_title = literal(_("Your details for complaint letters"))
            # A person's name and phone number, not a thing's name or the phone bill.
            yield from self.field("name", pgettext("person", "Name"), _("as on your ID"))
            yield from self.field("phone", pgettext("person", "Phone"),
                                  _("where the lender can reach you"))
            yield from self.field("id_number", _("ID number"), _("optional, 18 characters"))
            yield Static(_("Kept only in your database. Enter saves · Esc cancels"),
                         id="form-help", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#name").focus()
        self._load()

    @work(thread=True, exclusive=True, group="profile-load")
    def _load(self) -> None:
        self.post_message(self.ProfileLoaded(profile(self.ledger)))

    @on(ProfileLoaded)
    def _loaded(self, message: ProfileLoaded) -> None:
        for key, value in message.details.items():
            field = self.query_one(f"#{key}")
            if not field.value:
                field.value = value

    @work(thread=True, exclusive=True, group="profile-save")
    def save(self, values: dict[str, str]) -> None:
        self.write_in_worker(values)

    def write(self, values: dict[str, str]) -> tuple[ProfileSaved, str]:
        save_profile(self.ledger, name=values["name"], phone=values["phone"],
                     id_number=values["id_number"])
        return ProfileSaved(), _("Saved your details for complaint letters")
