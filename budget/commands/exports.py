"""`budget export csv|json|hledger|beancount|ics`: the ledger for other programs."""

from __future__ import annotations

import sys

import click

from budget.commands.common import (
    UserError,
    command,
    db_option,
    group,
    ledger_for,
    option,
    parse_option_date,
)
from budget.commands.due import export_ics
from budget.i18n import N_, _


@group("export", help=N_(
    "Export data to other programs: CSV, JSON, hledger, beancount, a calendar."))
def export() -> None:
    pass


export.add_command(export_ics)

_DESCRIPTIONS = {
    "csv": N_("Every transaction as CSV: one row per ledger row, amounts exact. "
              "Give - as PATH to write to standard output."),
    "json": N_("Accounts, categories and every transaction as JSON (amounts as decimal "
               "strings). Give - as PATH to write to standard output."),
    "hledger": N_("An hledger journal: `hledger -f FILE bal` shows budget's balances. "
                  "Give - as PATH to write to standard output."),
    "beancount": N_("A beancount file: `bean-check FILE` accepts it; balances as in budget. "
                    "Give - as PATH to write to standard output."),
}


def _command(fmt: str) -> click.Command:
    @command(fmt, help=_DESCRIPTIONS[fmt])
    @click.argument("path", type=click.Path(dir_okay=False))
    @option("--from", "start", help=N_("First day to export (default: everything)."))
    @option("--to", "end", help=N_("Last day to export (default: everything)."))
    @db_option
    @click.pass_context
    def write_format(ctx, path: str, start: str | None, end: str | None) -> None:
        from budget.services.exports import ExportProblem, export_to
        from budget.services.exports import export as write

        first = parse_option_date(start, "--from") if start else None
        last = parse_option_date(end, "--to") if end else None
        try:
            if path == "-":  # standard output, for a pipe: the count goes to stderr
                rows = export_to(ledger_for(ctx), fmt, sys.stdout, start=first, end=last)
                click.echo(_("Wrote {rows} ledger rows to standard output ({format}).")
                           .format(rows=f"{rows:,}", format=fmt), err=True)
                return
            result = write(ledger_for(ctx), fmt, path, start=first, end=last)
        except ExportProblem as error:
            raise UserError(str(error)) from error
        click.echo(_("Wrote {rows} ledger rows to {path} ({format}).").format(
            rows=f"{result.rows:,}", path=result.path, format=fmt))

    return write_format


for _format in ("csv", "json", "hledger", "beancount"):
    export.add_command(_command(_format))
