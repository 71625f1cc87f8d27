"""What every shell command shares: --db, opening the ledger, errors, JSON and today."""

from __future__ import annotations

import json
from datetime import date

import click

from budget.i18n import _


class UserError(click.ClickException):
    """Bad input: the message says what is wrong and what is accepted; nothing was written."""

    exit_code = 2

    def show(self, file=None) -> None:
        from budget.domain.text import visible

        # The message may quote what was typed: never echo a control character back.
        click.echo(_("budget: {message}").format(message=visible(self.format_message())),
                   err=True)


# Fields the services name that are not an option of their own: say only what is wrong.
_NO_OPTION = frozenset({"terms", "loan", "bill", "payment", "option", "safe"})
_OPTION_NAMES = {"phones": "--phone"}


def entry_error(error) -> UserError:
    """An EntryError from the services, naming every field or option that is wrong: a
    field that is an option shows as one (paid_installments -> --paid-installments)."""
    errors = getattr(error, "errors", None) or {error.field: str(error)}
    lines = []
    for field, message in errors.items():
        if field in _NO_OPTION:
            lines.append(message)
            continue
        name = _OPTION_NAMES.get(field) or (
            f"--{field.replace('_', '-')}" if "_" in field else field)
        lines.append(f"{name}: {message}")
    return UserError("\n".join(lines))


def _remember_db(ctx: click.Context, _param, value):
    if value is not None:
        ctx.find_root().meta["budget.db"] = value
    return value


db_option = click.option("--db", type=click.Path(dir_okay=False), callback=_remember_db,
                         expose_value=False, is_eager=True,
                         help="Database file to use (default: see `budget paths`).")


def db_path(ctx: click.Context) -> str | None:
    return ctx.find_root().meta.get("budget.db")


def ledger_for(ctx: click.Context):
    """Open the ledger named by --db / BUDGET_HOME, turning a bad file into a clear error."""
    from budget.services.session import open_ledger
    from budget.storage.database import DatabaseError

    try:
        ledger = open_ledger(db_path(ctx))
    except DatabaseError as error:
        raise UserError(str(error)) from error
    for notice in ledger.notices:
        click.echo(_("budget: {message}").format(message=notice), err=True)
    ctx.call_on_close(lambda: _report_set_aside(ledger))
    return ledger


def _report_set_aside(ledger) -> None:
    """After the command: each loan or bill left out for a date outside the accepted range,
    and how to fix it (on stderr, so JSON on stdout stays valid)."""
    for problem in ledger.date_problems.values():
        click.echo(_("budget: {message}").format(message=problem.message()), err=True)


def today() -> date:
    """The one place shell commands read the calendar; everything below takes it as a value."""
    return date.today()


def now():
    """The clock, read in one place (tests set it): contacts and evidence are timed."""
    from datetime import datetime

    return datetime.now().replace(second=0, microsecond=0)


def parse_option_date(text: str | None, field: str) -> date:
    """An --as-of / --date option: the same formats the entry form accepts."""
    from budget.domain.dates import DateError, parse_date

    if text is None:
        return today()
    try:
        return parse_date(text, today())
    except DateError as error:
        raise UserError(f"{field}: {error}") from error


def echo_json(value) -> None:
    """`value` as indented JSON; no control character reaches the terminal raw (C0 are
    escaped by json, DEL and C1 by `json_safe`)."""
    from budget.domain.text import json_safe

    click.echo(json_safe(json.dumps(value, ensure_ascii=False, indent=2)))


TEXT_COLUMN = 32
"""The widest a name column of a shell table gets, in terminal cells."""


def cut_cells(text: str, width: int) -> str:
    """`text` when it fits in `width` terminal cells, else cut to fit with "…" at the end
    (never half a double-width character)."""
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    while text and cell_len(text) > width - 1:
        text = text[:-1]
    return text + "…"


def table_lines(rows: list[list[str]], aligns: str) -> list[str]:
    """Rows of cells as aligned text lines, measured in terminal cells (a Chinese character
    takes two). `aligns` has one letter per column: "l" left, "r" right. Digits are never
    cut; the widest cell sets each column's width, but a left-aligned column other than
    the last is at most TEXT_COLUMN cells, longer text cut with "…" (`cut_cells`)."""
    from rich.cells import cell_len

    last = len(aligns) - 1
    rows = [[cut_cells(cell, TEXT_COLUMN) if align == "l" and index < last else cell
             for index, (cell, align) in enumerate(zip(row, aligns, strict=True))]
            for row in rows]
    widths = [max((cell_len(row[index]) for row in rows), default=0)
              for index in range(len(aligns))]
    lines = []
    for row in rows:
        cells = []
        for cell, width, align in zip(row, widths, aligns, strict=True):
            gap = " " * (width - cell_len(cell))
            cells.append(gap + cell if align == "r" else cell + gap)
        lines.append("  ".join(cells).rstrip())
    return lines
