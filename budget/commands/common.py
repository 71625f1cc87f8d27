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
        click.echo(_("budget: {message}").format(message=self.format_message()), err=True)


def entry_error(error) -> UserError:
    """An EntryError from the services, naming every field or option that is wrong."""
    errors = getattr(error, "errors", None) or {error.field: str(error)}
    return UserError("\n".join(f"{field}: {message}" for field, message in errors.items()))


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
        return open_ledger(db_path(ctx))
    except DatabaseError as error:
        raise UserError(str(error)) from error


def today() -> date:
    """The one place shell commands read the calendar; everything below takes it as a value."""
    return date.today()


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
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def table_lines(rows: list[list[str]], aligns: str) -> list[str]:
    """Rows of cells as aligned text lines, measured in terminal cells (a Chinese character
    takes two). `aligns` has one letter per column: "l" left, "r" right. Digits are never
    cut; the widest cell sets each column's width."""
    from rich.cells import cell_len

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
