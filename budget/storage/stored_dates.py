"""Dates read back from the file: a loan or bill whose dates cannot be computed is set aside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from budget.domain.dates import EARLIEST, LATEST, in_range
from budget.domain.text import clean_line
from budget.i18n import _
from budget.storage.database import DatabaseError


class StoredDataError(DatabaseError):
    """The file holds text that is not a date where a date belongs: it was changed outside
    budget. Readers cannot go on; the message says where and what to do."""


@dataclass(frozen=True)
class DateProblem:
    """A loan or bill left out of lists and sums because a date stored in it lies outside
    EARLIEST..LATEST (domain/dates.py): an old file, a hand edit or another program.

    `kind` is "loan" or "bill"; `field` is "start", "first_due", "payment", "installment"
    or "restructure"; `number` the payment id or installment number it concerns.
    """

    kind: str
    row_id: int
    name: str
    field: str
    value: str
    number: int | None = None

    @property
    def key(self) -> tuple[str, int]:
        return self.kind, self.row_id

    def message(self) -> str:
        """What is wrong and the command that fixes it, as one paragraph."""
        values = {"name": self.name, "value": self.value, "number": self.number,
                  "earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
        if self.kind == "bill":
            text = _("Bill {name} is left out: its start, {value}, is outside the dates budget "
                     "accepts ({earliest} to {latest}). Change it with `budget bill edit {name} "
                     "--start YYYY-MM-DD` or remove it with `budget bill delete {name}`.")
        elif self.field == "payment":
            text = _("Loan {name} is left out: its payment {number} is dated {value}, outside "
                     "the dates budget accepts ({earliest} to {latest}). Delete that payment "
                     "with `budget loan unpay {name} {number}` and record it again with its "
                     "real date.")
        elif self.field == "start":
            text = _("Loan {name} is left out: its draw date, {value}, is outside the dates "
                     "budget accepts ({earliest} to {latest}). Change it with `budget loan edit "
                     "{name} --start YYYY-MM-DD` or remove it with `budget loan delete {name}`.")
        elif self.field == "first_due":
            text = _("Loan {name} is left out: its first due date, {value}, is outside the "
                     "dates budget accepts ({earliest} to {latest}). Change it with `budget "
                     "loan edit {name} --first-due YYYY-MM-DD` or remove it with `budget loan "
                     "delete {name}`.")
        else:
            text = _("Loan {name} is left out: its schedule holds the date {value}, outside "
                     "the dates budget accepts ({earliest} to {latest}). Remove it with "
                     "`budget loan delete {name}` (or `budget loan archive {name}`) and add it "
                     "again with its real dates.")
        return text.format(**values)


class DateReader:
    """Parses the dates of one stored row, remembering the first that is out of range.

    Out-of-range dates are still returned (the row can be shown, edited or deleted); text
    that is not a date at all raises StoredDataError.
    """

    def __init__(self, kind: str, row_id: int, name: str) -> None:
        self.kind, self.row_id, self.name = kind, row_id, name
        self.problem: DateProblem | None = None

    def __call__(self, text: str, field: str, *, latest: date | None = LATEST,
                 number: int | None = None) -> date:
        """`text` as a date; `latest` None for a date only looked up, never computed from."""
        try:
            day = date.fromisoformat(text)
        except (TypeError, ValueError):
            raise StoredDataError(_(
                "The database holds '{text}' where a date belongs ({kind} {name}, {field}): "
                "it was changed outside budget. Restore a backup (`budget paths` shows where "
                "they are) or correct that row with the sqlite3 program.").format(
                text=clean_line(str(text)), kind=self.kind, name=self.name,
                field=field)) from None
        if self.problem is None and latest is not None and not in_range(day, latest):
            self.problem = DateProblem(self.kind, self.row_id, self.name, field, text, number)
        return day

    def optional(self, text: str | None, field: str) -> date | None:
        return None if text is None else self(text, field)
