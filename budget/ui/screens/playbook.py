"""PlaybookScreen: an overdue loan, calmly, one step at a time, with the options priced."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Label, Select, Static

from budget.domain.contacts import channel_name
from budget.domain.money import format_amount
from budget.domain.playbook import (
    CALM,
    IMPROPER,
    LAWFUL,
    NEXT,
    REASONS,
    option_name,
    script,
    standing_lines,
    translated,
)
from budget.domain.restructure import OptionKind
from budget.i18n import _, listing
from budget.services.playbook import Playbook, playbook_for
from budget.ui.screens.base import LedgerScreen
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.plain_table import PlainTable


def reason_choices() -> list[tuple[str, str]]:
    """The reasons of the call's script as (label, key), in the active language."""
    return [(_(text)[:1].upper() + _(text)[1:], key) for key, text in REASONS.items()]


class PlaybookScreen(LedgerScreen):
    """Where you stand, the messages you may get, staying calm, who to call and what to
    say, the options to ask for (Enter records the selected one as the agreement), next."""

    CSS_PATH = "playbook.tcss"
    AUTO_FOCUS = "#playbook-body"
    BINDINGS = [
        Binding("k", "contact", _("Record contact"),
                tooltip=_("Write down a call or message with the lender"),
                id="playbook.contact"),
        Binding("r", "restructure", _("Agreement"),
                tooltip=_("Record the plan agreed with the lender (the selected option)"),
                id="playbook.restructure"),
        Binding("p", "pay", _("Pay"), tooltip=_("Record a payment on this loan"),
                id="playbook.pay"),
        Binding("m", "evidence", _("Check a message"),
                tooltip=_("Check a collector's message and keep evidence of improper contact"),
                id="playbook.evidence"),
        Binding("u", "undo", _("Undo"), tooltip=_("Take out the agreement just recorded"),
                id="playbook.undo"),
        Binding("escape", "back", _("Back"), tooltip=_("Back to the previous screen"),
                id="playbook.back"),
    ]

    class PlaybookLoaded(Message):
        """The loan's playbook was computed for today."""

        def __init__(self, book: Playbook) -> None:
            super().__init__()
            self.book = book

    def __init__(self, ledger, today, loan_id: int) -> None:
        super().__init__(ledger, today)
        self.loan_id = loan_id
        self.book: Playbook | None = None
        self._agreements = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="playbook-body"):
            yield Static(id="standing", classes="step", markup=False)
            yield Static(classes="step", id="lawful", markup=False)
            yield Static(classes="step", id="calm", markup=False)
            yield Static(id="contact-head", classes="step", markup=False)
            with Horizontal(id="reason-row"):
                yield Label(_("What happened"), classes="label", markup=False)
                yield Select(reason_choices(), value="income-late", allow_blank=False,
                             id="reason", compact=True)
            yield Static(id="script", markup=False)
            yield Static(id="options-head", classes="step", markup=False)
            yield PlainTable(id="options", cursor_type="row", zebra_stripes=True)
            yield Static(id="contacts", classes="step", markup=False)
            yield Static(classes="step", id="next", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#options", DataTable)
        table.add_columns(_("Option"), _("First"), _("Monthly"), "#", _("In all"),
                          _("vs today"), _("APR"), _("Fits"))
        self.query_one("#lawful", Static).update(self._lawful())
        self.query_one("#calm", Static).update(_section(
            3, _("Stay calm"), ["• " + line for line in translated(CALM)]))
        self.query_one("#next", Static).update(_section(
            6, _("Next, so it does not happen again"),
            ["• " + line for line in translated(NEXT)]))
        super().on_mount()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="playbook-load")
    def _load(self) -> None:
        self.post_message(self.PlaybookLoaded(playbook_for(self.ledger, self.loan_id,
                                                           self.today())))

    @on(PlaybookLoaded)
    def _loaded(self, message: PlaybookLoaded) -> None:
        self.book = book = message.book
        self.sub_title = _("{name} · what to do").format(name=book.loan.name)
        self.query_one("#standing", Static).update(_section(
            1, _("Where you stand"), standing_lines(book.standing)))
        phones = listing(book.loan.phones) or _("the number in the lender's official app")
        self.query_one("#contact-head", Static).update(_section(
            4, _("Contact the lender: {who} {phones}").format(who=book.loan.lender,
                                                               phones=phones), []))
        self._show_script()
        self._fill_options(book)
        surplus = (_("Your monthly surplus is {amount} (income less essential spending and "
                     "other loan payments).").format(amount=self._money(book.surplus))
                   if book.surplus is not None else
                   _("Your monthly surplus is not known yet: it needs a month of income and "
                     "spending."))
        self.query_one("#options-head", Static).update(_section(
            5, _("Options to ask for"), [surplus, _("Enter or r records the selected option as "
                                                    "the agreement; p pays what is due.")]))
        self.query_one("#contacts", Static).update(self._contacts(book))

    def _money(self, minor: int) -> str:
        currency = self.book.loan.currency if self.book else "CNY"
        return format_amount(minor, currency, symbol=True)

    def _lawful(self) -> Group:
        return _section(2, _("Is the message you got lawful?"), [
            _(LAWFUL),
            _("Press m to check a message you got, word by word, and keep it as evidence."),
            _("Not lawful (keep the message, the number and the time as evidence):"),
            *("• " + line for line in translated(IMPROPER))])

    @on(Select.Changed, "#reason")
    def _show_script(self) -> None:
        if self.book is None:
            return
        book = self.book
        reason = str(self.query_one("#reason", Select).value)
        chosen = self._selected_option() or next(
            (option for option in book.options if option.fits), None)
        lines = script(book.loan.name, book.loan.lender, book.standing, reason,
                       min(book.can_pay_now, book.standing.due_now), chosen)
        self.query_one("#script", Static).update("\n".join(f"“{line}”" for line in lines))

    def _fill_options(self, book: Playbook) -> None:
        table = self.query_one("#options", DataTable)
        row = table.cursor_row
        table.clear()
        for option in book.options:
            vs = option.extra_cost
            cells = [
                option_name(option, book.standing, short=True),
                self._money(option.first_payment),
                self._money(option.monthly), str(option.periods), self._money(option.total),
                ("+" if vs > 0 else "") + self._money(vs) if vs else "—",
                f"{option.apr * 100:.2f}%" if option.apr is not None and option.apr > 0
                else "—",
                {True: "✓", False: "✗", None: "?"}[option.fits]]
            table.add_row(*(Text(cell, justify="left" if index == 0 else "right")
                            for index, cell in enumerate(cells)), key=str(option.kind))
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)

    def _contacts(self, book: Playbook) -> Group:
        if not book.contacts:
            return _section(None, _("Contacts with the lender"), [
                _("None recorded yet: after every call or message press k.")])
        lines = []
        for contact in book.contacts[-5:]:
            line = f"{contact.at:%Y-%m-%d %H:%M} {channel_name(contact.channel)} " \
                   f"{contact.who} — {contact.note}"
            if contact.promised:
                line += " · " + _("promised: {text}").format(text=contact.promised)
            if contact.next_date:
                line += " · " + _("follow up {day}").format(day=contact.next_date.isoformat())
            lines.append(line)
        return _section(None, _("Contacts with the lender"), lines)

    def _selected_option(self):
        table = self.query_one("#options", DataTable)
        if self.book is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((option for option in self.book.options if str(option.kind) == key), None)

    @on(DataTable.RowHighlighted, "#options")
    def _option_moved(self) -> None:
        self._show_script()

    @on(DataTable.RowSelected, "#options")
    def action_restructure(self) -> None:
        from budget.ui.screens.restructure_form import RestructureForm

        if self.book is None:
            return
        option = self._selected_option()
        if option is not None and option.kind is OptionKind.PAY_NOW:
            self.action_pay()
            return
        self.app.push_screen(RestructureForm(self.ledger, self.today, self.book.loan,
                                             option.restructure if option else None),
                             callback=self._agreed)

    def _agreed(self, saved: bool | None) -> None:
        if saved:
            self._agreements += 1

    def action_undo(self) -> None:
        if not self._agreements:
            self.notify(_("Nothing to undo"))
            return
        self._agreements -= 1
        self._undo_agreement()

    @work(thread=True, exclusive=True, group="playbook-write")
    def _undo_agreement(self) -> None:
        from budget.services.playbook import undo_restructure
        from budget.ui.messages import PaymentRestored

        undo_restructure(self.ledger, self.loan_id)
        self.post_message(PaymentRestored(_("Deleted the agreement: the plan before it is "
                                            "back")))

    def on_payment_restored(self, message) -> None:
        self.notify(message.notice)

    def action_contact(self) -> None:
        from budget.ui.screens.contact_form import ContactForm

        if self.book is not None:
            self.app.push_screen(ContactForm(self.ledger, self.today, self.book.loan))

    def action_pay(self) -> None:
        from budget.services.loans import view
        from budget.ui.screens.payment_form import PaymentForm

        if self.book is None:
            return
        loan_view = view(self.book.loan, self.today())
        if loan_view.closed:
            self.notify(_("{name} is repaid in full: nothing to pay").format(
                name=self.book.loan.name))
            return
        self.app.push_screen(PaymentForm(self.ledger, self.today, loan_view))

    def action_evidence(self) -> None:
        from budget.ui.screens.evidence import open_evidence

        open_evidence(self.app, self.ledger, self.today, self.loan_id)

    def action_back(self) -> None:
        self.app.pop_screen()


def _section(number: int | None, title: str, lines: list[str]) -> Group:
    """A numbered section: its title in bold, then its lines; a line starting "• " hangs
    under its bullet. Rich breaks lines only at spaces, so a Chinese sentence after "• "
    (no space in it) would otherwise leave the bullet alone on its line."""
    head = Text()
    head.append(f"{number}. {title}" if number else title, style="bold")
    parts: list = [head]
    for line in lines:
        if line.startswith("• "):
            if not isinstance(parts[-1], Table):
                parts.append(Table.grid(padding=(0, 1, 0, 0), expand=True))
                parts[-1].add_column(no_wrap=True)
                parts[-1].add_column(ratio=1, overflow="fold")
            parts[-1].add_row("•", Text(line[2:]))
        elif isinstance(parts[-1], Text):
            parts[-1].append("\n" + line)
        else:
            parts.append(Text(line))
    return Group(*parts)
