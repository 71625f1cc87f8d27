"""LoanForm: a new loan from the keyboard, with its schedule previewed live as fields change."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static

from budget.domain.loans import LoanError, LoanTerms, Method, Prepayment
from budget.domain.money import format_amount
from budget.i18n import N_, _, choices, ngettext
from budget.l10n import format_percent
from budget.services.loan_admin import edit_loan
from budget.services.loan_entry import (
    PER_DAY,
    PER_YEAR,
    PRESET_EXTRAS,
    LoanDraft,
    SchedulePreview,
    loan_form_values,
    percent_text,
    preset_values,
    preview,
    read_loan_form,
    read_loan_terms,
)
from budget.services.loans import create_loan, loan_apr
from budget.storage.loans import StoredLoan
from budget.ui.literal import literal
from budget.ui.messages import LoanSaved
from budget.ui.screens.entry import DATE_HINT
from budget.ui.screens.money_form import MoneyForm
from budget.ui.widgets.footer import KeyFooter
from budget.ui.widgets.plain_table import PlainTable

NO_PRESET = "none"
PRESETS = [(N_("Your own terms"), NO_PRESET), (N_("微粒贷 (WeBank)"), "weilidai"),
           (N_("Credit card statement"), "credit-card")]
METHOD_LABELS = {
    Method.EQUAL_INSTALLMENT: N_("Equal installment 等额本息"),
    Method.EQUAL_PRINCIPAL: N_("Equal principal 等额本金"),
    Method.INTEREST_FIRST: N_("Interest first 先息后本"),
    Method.BULLET: N_("Bullet 一次性还本付息"),
    Method.DAILY_EQUAL_PRINCIPAL: N_("Daily interest (微粒贷)"),
    Method.CUSTOM: N_("Lender's rows 按贷款方账单"),
}
RATE_PER = [(N_("% a year"), PER_YEAR), (N_("% a day"), PER_DAY)]
PREPAYMENT_RULES = [(N_("smaller installments"), Prepayment.KEEP_TERM.value),
                    (N_("fewer installments"), Prepayment.KEEP_INSTALLMENT.value)]
EARLY_INTEREST = [(N_("days used (Civil Code 677)"), "no"), (N_("the full period"), "yes")]


def percent(rate: Decimal) -> str:
    return format_percent((rate * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


class LoanForm(MoneyForm):
    """Nothing is saved until every field is valid; a field's problem shows once it is typed
    in, and all of them on save."""

    CSS_PATH = [*MoneyForm.CSS_PATH, "loan_form.tcss"]
    FIRST_FIELD = "name"

    class PreviewComputed(Message):
        """The form's values were read; `draft` is None while something is wrong, and
        `terms` is None while the terms alone cannot give a schedule."""

        def __init__(self, draft: LoanDraft | None, terms: LoanTerms | None,
                     schedule: SchedulePreview | None, errors: dict[str, str],
                     on_save: bool) -> None:
            super().__init__()
            self.draft, self.terms, self.schedule = draft, terms, schedule
            self.errors, self.on_save = errors, on_save

    def __init__(self, ledger, today, editing: StoredLoan | None = None) -> None:
        super().__init__(ledger, today)
        self._touched: set[str] = set()
        self.editing = editing
        self.initial = loan_form_values(editing) if editing else {
            "periods": "12", "method": Method.EQUAL_INSTALLMENT.value, "rate_per": PER_YEAR,
            "start": today().isoformat(), "grace_days": "0", "penalty_multiplier": "0.5",
            "lead_days": "3", "prepayment": Prepayment.KEEP_TERM.value,
            "full_period_interest": "no"}

    def compose(self) -> ComposeResult:
        methods = [(_(label), method.value) for method, label in METHOD_LABELS.items()
                   if method is not Method.CUSTOM or (self.editing and self.initial.get(
                       "method") == Method.CUSTOM.value)]
        value = self.initial.get
        with Vertical(id="form") as form:
            form.border_title = literal(_("Edit {name}").format(name=self.editing.name)
                                        if self.editing else _("New loan"))
            with Horizontal(id="loan-body"):
                with VerticalScroll(id="loan-fields", can_focus=False):
                    if not self.editing:
                        yield from self.choice("preset", _("Preset"), choices(PRESETS), NO_PRESET)
                    yield from self.field("name", _("Name"), _("e.g. 微粒贷, Card"),
                                          value("name", ""))
                    yield from self.field("lender", _("Lender"), _("e.g. WeBank"),
                                          value("lender", ""))
                    yield from self.field("phones", _("Phones"), _("official numbers"),
                                          value("phones", ""))
                    yield from self.field("principal", _("Principal"), _("amount borrowed"),
                                          value("principal", ""))
                    yield from self.field("rate", _("Rate %"), _("18 or 0.05"),
                                          value("rate", ""))
                    yield from self.choice("rate_per", _("Rate per"), choices(RATE_PER),
                                           value("rate_per"))
                    yield from self.field("periods", _("Periods"), _("1-360"), value("periods"))
                    yield from self.choice("method", _("Method"), methods, value("method"))
                    yield from self.field("start", _("Drawn on"), _(DATE_HINT), value("start"))
                    yield from self.field("due_day", _("Due day"), _("default: draw day"),
                                          value("due_day", ""))
                    yield from self.field("first_due", _("First due"),
                                          _("default: a month after"), value("first_due", ""))
                    yield from self.field("grace_days", _("Grace days"), "0-60",
                                          value("grace_days"))
                    yield from self.field("penalty_multiplier", _("Penalty ×"),
                                          _("0.5 = rate +50%"),
                                          value("penalty_multiplier"))
                    yield from self.field("late_fee", _("Late fee"), _("optional"),
                                          value("late_fee", ""))
                    yield from self.field("lead_days", _("Remind"), _("days before"),
                                          value("lead_days"))
                    yield from self.choice("prepayment", _("Paid early"), choices(PREPAYMENT_RULES),
                                           value("prepayment"))
                    yield from self.choice("full_period_interest", _("Early costs"),
                                           choices(EARLY_INTEREST),
                                           value("full_period_interest"))
                    yield from self.field("prepayment_fee", _("Prepay fee %"),
                                          _("optional, e.g. 1"), value("prepayment_fee", ""))
                    yield from self.field("account", _("Pay from"), _("default: last used"))
                    if not self.editing:
                        yield from self.field("paid_installments", _("Already paid"),
                                              _("installments paid before today"), "0")
                        yield from self.field("into", _("Money into"),
                                              _("account it arrived in (optional)"))
                with Vertical(id="loan-preview"):
                    yield Static(id="preview-summary", markup=False)
                    yield Static(id="terms-error", classes="error", markup=False)
                    yield PlainTable(id="preview-table", cursor_type="none", zebra_stripes=True)
            yield Static(_("Enter or ctrl+s saves · Esc cancels · Tab next field"),
                         id="form-help", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#preview-table", DataTable)
        table.add_columns("#", _("Due"), _("Payment"), _("Interest"), _("Principal"))
        table.can_focus = False
        self._recompute()

    @on(Select.Changed, "#preset")
    def _preset_chosen(self, event: Select.Changed) -> None:
        if event.value in (NO_PRESET, Select.NULL):
            return
        filled = preset_values(str(event.value))
        for name, value in PRESET_EXTRAS[str(event.value)].items():
            if not self.query_one(f"#{name}", Input).value.strip():
                filled[name] = _(value) if value else value
        for name, value in filled.items():
            widget = self.query_one(f"#{name}")
            widget.value = value

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        # Only what the user typed is judged while typing; preset fills are not.
        if event.input.has_focus and event.input.id:
            self._touched.add(event.input.id)
        self._recompute()

    @on(Select.Changed, "#rate_per, #method, #prepayment, #full_period_interest")
    def _recompute(self) -> None:
        self._read(self.values())

    @work(thread=True, exclusive=True, group="loan-preview")
    def _read(self, values: dict[str, str]) -> None:
        self.post_message(self._computed(values, on_save=False))

    @work(thread=True, exclusive=True, group="loan-save")
    def save(self, values: dict[str, str]) -> None:
        computed = self._computed(values, on_save=True)
        self.post_message(computed)
        if computed.draft is not None:
            self.write_in_worker(values)

    def _computed(self, values: dict[str, str], on_save: bool) -> PreviewComputed:
        """Read the form and build the schedule: pure domain work, in a worker because a
        360-period APR takes a few tens of milliseconds."""
        today = self.today()
        draft, errors = read_loan_form(values, today)
        terms = draft.terms if draft else read_loan_terms(values, today)[0]
        schedule = None
        if terms is not None:
            try:
                schedule = self._preview(terms)
            except LoanError as error:
                draft, errors = None, {**errors, "terms": str(error)}
        return self.PreviewComputed(draft, terms, schedule, errors, on_save)

    def _preview(self, terms: LoanTerms) -> SchedulePreview:
        if terms.method is Method.CUSTOM and self.editing is not None:
            # The lender's own rows: they cannot be recomputed, only shown.
            return SchedulePreview(list(self.editing.schedule), loan_apr(self.editing))
        return preview(terms)

    def write(self, values: dict[str, str]) -> tuple[LoanSaved, str]:
        if self.editing is not None:
            stored = edit_loan(self.ledger, self.editing.id, values, self.today())
            return LoanSaved(stored.name), _("Saved {name}").format(name=stored.name)
        draft, _errors = read_loan_form(values, self.today())
        stored = create_loan(self.ledger, name=draft.name, terms=draft.terms,
                             lender=draft.lender, phones=draft.phones,
                             account=values.get("account", ""),
                             paid_installments=draft.paid_installments, into=draft.into,
                             today=self.today())
        return LoanSaved(stored.name), ngettext(
            "Added loan {name}: {principal} over {periods} period",
            "Added loan {name}: {principal} over {periods} periods",
            stored.terms.periods).format(
            name=stored.name, principal=format_amount(stored.terms.principal, symbol=True),
            periods=stored.terms.periods)

    @on(PreviewComputed)
    def _show_preview(self, message: PreviewComputed) -> None:
        shown = message.errors if message.on_save else {
            field: reason for field, reason in message.errors.items()
            if field in self._touched or field == "terms"}
        if message.on_save:
            self._saving = message.draft is not None
        self.show_errors(shown, focus=message.on_save)
        self._fill_preview(message.terms, message.schedule)

    def _fill_preview(self, terms: LoanTerms | None, schedule: SchedulePreview | None) -> None:
        summary = self.query_one("#preview-summary", Static)
        table = self.query_one("#preview-table", DataTable)
        table.clear()
        if terms is None or schedule is None:
            summary.update(_("The schedule appears here once principal, rate and periods "
                             "are valid."))
            return
        rows = schedule.schedule
        first = rows[0]
        rate = (_("{rate}% a day").format(rate=percent_text(terms.daily_rate))
                if terms.daily_rate is not None else "")
        summary.update(ngettext(
            "{count} payment, first {first} on {due}\n"
            "Total interest {interest}\n"
            "Nominal {nominal} a year {daily}\n"
            "True annual cost (APR) {apr}",
            "{count} payments, first {first} on {due}\n"
            "Total interest {interest}\n"
            "Nominal {nominal} a year {daily}\n"
            "True annual cost (APR) {apr}", len(rows)).format(
            count=len(rows), first=format_amount(first.payment, symbol=True),
            due=first.due_date.isoformat(),
            interest=format_amount(schedule.total_interest, symbol=True),
            nominal=percent(terms.annual), daily=f"({rate})" if rate else "",
            apr=percent(schedule.apr)))
        for row in rows:
            table.add_row(Text(str(row.number), justify="right"), row.due_date.isoformat(),
                          *(Text(format_amount(amount), justify="right")
                            for amount in (row.payment, row.interest, row.principal)))
