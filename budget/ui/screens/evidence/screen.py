"""EvidenceScreen: one loan's collection contacts, calls per day, tags; record, check, export."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from budget.domain.collection_rules import CHANNEL_LABELS, tag_label, tag_name, tag_names
from budget.i18n import _, pgettext
from budget.services.evidence import LoanEvidence, loan_evidence
from budget.ui.literal import literal
from budget.ui.screens.base import LedgerScreen
from budget.ui.widgets.evidence import ContactsChart
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.plain_table import PlainTable


class TimelineTable(PlainTable):
    """The timeline's table; says when its width changed, so the tags column is fitted again
    (the screen's own size does not change when the wide layout moves the table)."""

    class Resized(Message):
        """The table's width changed."""

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized())


class EvidenceScreen(LedgerScreen):
    """The timeline of one loan's collection contacts, calls per day against the limits and
    the count of each violation; n records a contact with the message check beside it."""

    CSS_PATH = "evidence.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("n", "new_entry", _("New entry"),
                tooltip=_("Record a collection contact, with the message check beside it"),
                id="evidence.new_entry"),
        Binding("k", "check", _("Check"),
                tooltip=_("Check a collector's message without recording it"),
                id="evidence.check"),
        Binding("e", "export", _("Export"),
                tooltip=_("Export a complaint bundle: letter, timeline, files, manifest"),
                id="evidence.export"),
        Binding("i", "profile", _("Your details"),
                tooltip=_("Your name and phone for complaint letters"), id="evidence.profile"),
        Binding("r", "verify", _("Verify"),
                tooltip=_("Verify the evidence chain and every file"), id="evidence.verify"),
        Binding("escape", "back", _("Back"), tooltip=_("Back to the loan"),
                id="evidence.back"),
    ]

    class EvidenceLoaded(Message):
        """The loan's evidence was read."""

        def __init__(self, evidence: LoanEvidence) -> None:
            super().__init__()
            self.evidence = evidence

    class Verified(Message):
        """`budget evidence verify` ran: its problems as sentences (none when all is well)."""

        def __init__(self, entries: int, files: int, problems: list[str]) -> None:
            super().__init__()
            self.entries, self.files, self.problems = entries, files, problems

    def __init__(self, ledger, today, loan_id: int) -> None:
        super().__init__(ledger, today)
        self.loan_id = loan_id
        self.evidence: LoanEvidence | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading…"), id="evidence-facts", markup=False)
        with Horizontal(id="evidence-body"):
            with Vertical(id="timeline-panel", classes="panel") as panel:
                panel.border_title = literal(_("Timeline"))
                yield TimelineTable(id="timeline", cursor_type="row", zebra_stripes=True)
                yield Static(id="entry-detail", markup=False)
            with Horizontal(id="evidence-side"):
                with Vertical(id="chart-panel", classes="panel") as panel:
                    panel.border_title = literal(_("Contacts per day"))
                    yield ContactsChart(id="contacts-chart")
                with Vertical(id="tags-panel", classes="panel") as panel:
                    panel.border_title = literal(_("Violations"))
                    yield Static(id="tag-counts", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#timeline", DataTable).focus()
        super().on_mount()

    @on(TimelineTable.Resized)
    def _table_resized(self) -> None:
        # The tags column wraps at the width the table has: fit it again.
        if self.evidence is not None:
            self._fill_timeline(self.evidence)

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="evidence-load")
    def _load(self) -> None:
        self.post_message(self.EvidenceLoaded(loan_evidence(self.ledger, self.loan_id)))

    @on(EvidenceLoaded)
    def _loaded(self, message: EvidenceLoaded) -> None:
        self.evidence = evidence = message.evidence
        self.sub_title = _("Evidence · {loan}").format(loan=evidence.loan.name)
        self.query_one("#evidence-facts", Static).update(self._facts(evidence))
        self._fill_timeline(evidence)
        self.query_one(ContactsChart).show(evidence.per_day)
        self._show_counts(evidence)

    def _show_counts(self, evidence: LoanEvidence) -> None:
        # At 80 columns the panel is ~22 cells wide: the tag alone, one a line; wide, with
        # what it means.
        wide = self.has_class("-wide")
        counts = [(_("{tag} · {label}: {count}") if wide else _("{count}  {tag}")).format(
            tag=tag_name(tag), label=tag_label(tag), count=count)
            for tag, count in evidence.tags.items()]
        self.query_one("#tag-counts", Static).update(
            Text("\n".join(counts) or _("No violation recorded yet.")))

    def _facts(self, evidence: LoanEvidence) -> str:
        loan = evidence.loan
        who = " · ".join(part for part in (loan.name, loan.lender) if part)
        numbers = (_("official numbers {numbers}").format(numbers=", ".join(evidence.numbers))
                   if evidence.numbers else _("no official number stored"))
        flagged = sum(1 for entry in evidence.timeline if entry.tags)
        recorded = _("contacts recorded: {count}, with a violation: {flagged}").format(
            count=len(evidence.timeline), flagged=flagged)
        head = (_("last hash {hash}…").format(hash=evidence.head[:12]) if evidence.head
                else _("n records the first contact"))
        return f"{who} · {numbers}\n{recorded} · {head}"

    def _fill_timeline(self, evidence: LoanEvidence) -> None:
        table = self.query_one("#timeline", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        this_year = self.today().year
        rows = []
        for entry in reversed(evidence.timeline):
            contact = entry.contact
            answered = "" if contact.channel != "call" else " ✓" if contact.answered else " ✗"
            # The year only when it is not this one: the tags need the width at 80 columns.
            when = contact.at.strftime("%m-%d %H:%M" if contact.at.year == this_year
                                       else "%Y-%m-%d %H:%M")
            rows.append((entry, [str(entry.id), when, _(CHANNEL_LABELS[contact.channel]) + answered,
                                 contact.from_number]))
        tags_width, who = self._tag_width(table, rows)
        table.add_column("#")
        table.add_columns(_("When"), _("How"), pgettext("sender", "From"))
        table.add_column(_("Tags"), width=tags_width)
        if who:
            table.add_column(_("Who"))
        for entry, cells in rows:
            # One tag never breaks across lines; a row is as tall as its tags need.
            tags = Text(tag_names(entry.tags), style="bold" if entry.tags else "")
            table.add_row(*cells, tags, *([entry.contact.who] if who else []),
                          key=str(entry.id), height=None)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)
        self._show_counts(evidence)
        self._show_detail()

    def _tag_width(self, table: DataTable, rows: list) -> tuple[int, bool]:
        """The tags column's width in cells (what is left of the table's width, no less than
        the longest tag), and whether a Who column fits whole beside it (the detail line
        under the table always says who they claimed to be)."""
        headers = ["#", _("When"), _("How"), pgettext("sender", "From")]
        fixed = sum(max([cell_len(header)] + [cell_len(cells[index]) for _entry, cells in rows])
                    for index, header in enumerate(headers))
        padding = 2 * table.cell_padding
        width = (table.size.width or self.size.width - 4) - table.styles.scrollbar_size_vertical
        left = width - fixed - padding * (len(headers) + 1)
        tags = [entry.tags for entry, _cells in rows]
        longest = max([cell_len(tag_name(tag)) + 1 for names in tags for tag in names],
                      default=0)
        needed = max([cell_len(tag_names(names)) for names in tags] + [longest,
                                                                       cell_len(_("Tags"))])
        who = max([cell_len(_("Who"))] + [cell_len(entry.contact.who) for entry, _c in rows])
        if any(entry.contact.who for entry, _c in rows) and left - needed - padding >= who:
            return needed, True
        return max(min(needed, left), longest, cell_len(_("Tags"))), False

    @on(DataTable.RowHighlighted, "#timeline")
    def _show_detail(self) -> None:
        detail = self.query_one("#entry-detail", Static)
        entry = self._selected()
        if entry is None:
            detail.update(_("Nothing recorded yet: press n when a collector calls or writes."))
            return
        files = ", ".join(f.name for f in entry.files)
        lines = [entry.contact.note or _("(no note)")]
        if entry.contact.who:
            lines.insert(0, _("as {who}").format(who=entry.contact.who))
        if files:
            lines.append(_("files: {names}").format(names=files))
        if entry.corrects:
            lines.append(_("corrects #{id}").format(id=entry.corrects))
        detail.update(Text("\n".join(lines)))

    def _selected(self):
        table = self.query_one("#timeline", DataTable)
        if self.evidence is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((entry for entry in self.evidence.timeline if str(entry.id) == key), None)

    def action_new_entry(self) -> None:
        from budget.ui.screens.evidence.entry_form import EvidenceForm

        if self.evidence is not None:
            self.app.push_screen(EvidenceForm(self.ledger, self.today, self.evidence.loan))

    def action_check(self) -> None:
        from budget.ui.screens.evidence.entry_form import CheckForm

        if self.evidence is not None:
            self.app.push_screen(CheckForm(self.ledger, self.today, self.evidence.loan))

    def action_export(self) -> None:
        from budget.ui.screens.evidence.export_form import ExportForm

        if self.evidence is None:
            return
        if not self.evidence.entries:
            self.notify(_("Nothing to export yet: record contacts with n first"))
            return
        self.app.push_screen(ExportForm(self.ledger, self.today, self.evidence))

    def action_profile(self) -> None:
        from budget.ui.screens.evidence.export_form import ProfileForm

        self.app.push_screen(ProfileForm(self.ledger, self.today))

    def action_verify(self) -> None:
        self.notify(_("Verifying the evidence…"))
        self._verify()

    @work(thread=True, exclusive=True, group="evidence-verify")
    def _verify(self) -> None:
        from budget.services.evidence import problem_sentences, verify

        report, names = verify(self.ledger)
        self.post_message(self.Verified(report.entries, report.files,
                                        problem_sentences(report, names)))

    @on(Verified)
    def _verified(self, message: Verified) -> None:
        if not message.problems:
            self.notify(_("Evidence verified: {entries} entries, {files} files, nothing changed "
                          "outside budget.").format(entries=message.entries,
                                                    files=message.files))
            return
        shown = message.problems[:6]
        more = len(message.problems) - len(shown)
        text = "\n".join(shown + ([_("… and {count} more").format(count=more)] if more else []))
        self.notify(text, title=_("Evidence does NOT verify"), severity="error", timeout=20)

    def action_back(self) -> None:
        self.app.pop_screen()
