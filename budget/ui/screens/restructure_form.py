"""RestructureForm: record the plan agreed with the lender, previewed beside today's plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static

from budget.domain.engine import Restructure
from budget.domain.loans import Method
from budget.domain.money import AmountError, format_amount, parse_amount
from budget.domain.repayment import SETTLED
from budget.domain.words import installments_text
from budget.i18n import N_, _, choices, pgettext
from budget.services.ledger import EntryError, read_date
from budget.services.loan_entry import PER_DAY, PER_YEAR, percent_text
from budget.services.loans import loan_state
from budget.services.playbook import WAIVER, RestructureDraft, draft_restructure, save_restructure
from budget.storage.ledger import Ledger
from budget.storage.loans import StoredLoan
from budget.ui.literal import literal
from budget.ui.messages import LoanRestructured
from budget.ui.screens.entry import DATE_HINT
from budget.ui.screens.loan_form import METHOD_LABELS, RATE_PER
from budget.ui.screens.money_form import MoneyForm
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.plain_table import PlainTable

METHODS = [(label, method.value) for method, label in METHOD_LABELS.items()
           if method is not Method.CUSTOM] + [(N_("Waiver only"), WAIVER)]
YES_NO = [(N_("no"), "no"), (N_("yes"), "yes")]


class RestructureForm(MoneyForm):
    """The agreement's terms on the left; the plan today and the new plan on the right."""

    CSS_PATH = [*MoneyForm.CSS_PATH, "restructure_form.tcss"]
    FIRST_FIELD = "periods"

    class PreviewComputed(Message):
        """The terms were read; `draft` is None and `errors` say why when they are wrong."""

        def __init__(self, draft: RestructureDraft | None, errors: dict[str, str],
                     on_save: bool) -> None:
            super().__init__()
            self.draft, self.errors, self.on_save = draft, errors, on_save

    def __init__(self, ledger: Ledger, today: Callable[[], date], loan: StoredLoan,
                 proposal: Restructure | None = None) -> None:
        super().__init__(ledger, today)
        self.loan, self.proposal = loan, proposal

    def _initial(self) -> dict[str, str]:
        event, terms = self.proposal, self.loan.terms
        values = {"from": self.today().isoformat(), "method": Method.EQUAL_INSTALLMENT.value,
                  "periods": "12", "rate": percent_text(terms.annual), "rate_per": PER_YEAR,
                  "first_due": "", "waive_penalty": "no", "waive_interest": ""}
        if event is None:
            return values
        values["waive_penalty"] = "yes" if event.waived_penalty else "no"
        values["waive_interest"] = format_amount(event.waived_interest) \
            if event.waived_interest else ""
        if event.terms is None:
            return {**values, "method": WAIVER, "periods": "1"}
        new = event.terms
        daily = new.daily_rate is not None
        return {**values, "method": new.method.value, "periods": str(new.periods),
                "rate": percent_text(new.daily_rate if daily else new.annual_rate),
                "rate_per": PER_DAY if daily else PER_YEAR,
                "first_due": new.first_due.isoformat() if new.first_due else ""}

    def compose(self) -> ComposeResult:
        value = self._initial()
        with Vertical(id="form") as form:
            form.border_title = literal(_("Agreement with {lender} on {name}").format(
                lender=self.loan.lender or _("the lender"), name=self.loan.name))
            with Horizontal(id="loan-body"):
                with VerticalScroll(id="loan-fields", can_focus=False):
                    yield from self.field("from", pgettext("date", "From"), _(DATE_HINT),
                                          value["from"])
                    yield from self.choice("method", _("Method"), choices(METHODS),
                                           value["method"])
                    yield from self.field("periods", _("Periods"), _("1-360"),
                                          value["periods"])
                    yield from self.field("rate", _("Rate %"), _("0 when interest stopped"),
                                          value["rate"])
                    yield from self.choice("rate_per", _("Rate per"), choices(RATE_PER),
                                           value["rate_per"])
                    yield from self.field("first_due", _("First due"),
                                          _("default: a month later"), value["first_due"])
                    yield from self.choice("waive_penalty", _("Penalty off"), choices(YES_NO),
                                           value["waive_penalty"])
                    yield from self.field("waive_interest", _("Interest off"),
                                          _("amount waived"), value["waive_interest"])
                    yield from self.field("ref", _("Reference"), _("the lender's, optional"))
                with Vertical(id="loan-preview"):
                    yield Static(id="preview-summary", markup=False)
                    yield Static(id="terms-error", classes="error", markup=False)
                    yield PlainTable(id="preview-table", cursor_type="none", zebra_stripes=True)
            yield Static(_("Enter or ctrl+s records the agreement · Esc cancels"),
                         id="form-help", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#preview-table", DataTable)
        table.add_columns(_("Today"), _("New plan"), "")
        table.can_focus = False
        self._recompute()

    @on(Input.Changed)
    @on(Select.Changed)
    def _recompute(self) -> None:
        self._read(self.values())

    @work(thread=True, exclusive=True, group="restructure-preview")
    def _read(self, values: dict[str, str]) -> None:
        self.post_message(self._computed(values, on_save=False))

    @work(thread=True, exclusive=True, group="restructure-save")
    def save(self, values: dict[str, str]) -> None:
        computed = self._computed(values, on_save=True)
        self.post_message(computed)
        if computed.draft is not None:
            self.write_in_worker(values)

    def _computed(self, values: dict[str, str], on_save: bool) -> PreviewComputed:
        try:
            return self.PreviewComputed(self._draft(values), {}, on_save)
        except EntryError as error:
            return self.PreviewComputed(None, {error.field: str(error)}, on_save)

    def _draft(self, values: dict[str, str]) -> RestructureDraft:
        today = self.today()
        on = read_date(values["from"], today)
        periods_text = values["periods"].strip()
        if not periods_text.isdigit() or not 1 <= int(periods_text) <= 360:
            raise EntryError("periods", _("'{text}' is not a number of periods: type 1 to "
                                          "360").format(text=periods_text))
        try:
            rate = Decimal(values["rate"].strip().rstrip("%") or "0") / 100
        except InvalidOperation:
            raise EntryError("rate", _("'{text}' is not a rate: type a percent, e.g. 12 or 0")
                             .format(text=values["rate"])) from None
        first_text = values["first_due"].strip()
        try:
            waived = parse_amount(values["waive_interest"]) \
                if values["waive_interest"].strip() else 0
        except AmountError as error:
            raise EntryError("waive_interest", str(error)) from error
        daily = values["rate_per"] == PER_DAY
        return draft_restructure(
            self.ledger, self.loan.id, on=on, method=values["method"],
            periods=int(periods_text), annual_rate=None if daily else rate,
            daily_rate=rate if daily else None,
            first_due=read_date(first_text, today) if first_text else None,
            waive_penalty=values["waive_penalty"] == "yes", waive_interest=waived,
            ref=values["ref"].strip())

    def write(self, values: dict[str, str]) -> tuple[LoanRestructured, str]:
        stored = save_restructure(self.ledger, self._draft(values))
        return LoanRestructured(stored.name), _("Recorded the agreement on {name}").format(
            name=stored.name)

    @on(PreviewComputed)
    def _show_preview(self, message: PreviewComputed) -> None:
        errors = {("terms" if field in ("from", "option") and not message.on_save else field):
                  reason for field, reason in message.errors.items()}
        if message.on_save:
            self._saving = message.draft is not None
        self.show_errors(errors, focus=message.on_save)
        self._fill(message.draft)

    def _fill(self, draft: RestructureDraft | None) -> None:
        summary = self.query_one("#preview-summary", Static)
        table = self.query_one("#preview-table", DataTable)
        table.clear()
        state = loan_state(self.loan, self.today())
        today_rows = [row for row in state.installments if row.status not in SETTLED]
        new_rows = list(draft.event.schedule) if draft and draft.event.terms else []
        if draft is None:
            summary.update(_("The new plan appears here once the terms are valid."))
        elif draft.event.terms is None:
            summary.update(_("A waiver of {amount}: the plan stays as it is.").format(
                amount=format_amount(draft.event.waived_penalty + draft.event.waived_interest,
                                     symbol=True)))
        else:
            terms = draft.event.terms
            summary.update(_("{principal} owed on {on} becomes {installments}; "
                             "interest {interest} in all (today's plan: {today_interest})")
                           .format(principal=format_amount(terms.principal, symbol=True),
                                   on=draft.event.on.isoformat(),
                                   installments=installments_text(len(new_rows)),
                                   interest=format_amount(sum(r.interest for r in new_rows),
                                                          symbol=True),
                                   today_interest=format_amount(state.interest_remaining,
                                                                symbol=True)))
        for index in range(max(len(today_rows), len(new_rows))):
            old = today_rows[index] if index < len(today_rows) else None
            new = new_rows[index] if index < len(new_rows) else None
            table.add_row(Text(format_amount(old.amount_due), justify="right") if old else "",
                          new.due_date.isoformat() if new else "",
                          Text(format_amount(new.payment), justify="right") if new else "")
