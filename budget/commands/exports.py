"""`budget export csv|json|hledger|beancount|ics`: the ledger for other programs."""

from __future__ import annotations

import sys

import click

from budget.commands.common import UserError, db_option, ledger_for, parse_option_date
from budget.commands.due import export_ics
from budget.i18n import _


@click.group("export")
def export() -> None:
    """Export data to other programs: CSV, JSON, hledger, beancount, a calendar."""


export.add_command(export_ics)

_DESCRIPTIONS = {
    "csv": _("Every transaction as CSV: one row per ledger row, amounts exact."),
    "json": _("Accounts, categories and every transaction as JSON (amounts as decimal "
              "strings)."),
    "hledger": _("An hledger journal: `hledger -f FILE bal` shows budget's balances."),
    "beancount": _("A beancount file: `bean-check FILE` accepts it; balances as in budget."),
}


def _command(fmt: str) -> click.Command:
    @click.command(fmt, help=_DESCRIPTIONS[fmt] + "\n\n" + _("Give - as PATH to write "
                                                              "to standard output."))
    @click.argument("path", type=click.Path(dir_okay=False))
    @click.option("--from", "start", help="First day to export (default: everything).")
    @click.option("--to", "end", help="Last day to export (default: everything).")
    @db_option
    @click.pass_context
    def command(ctx, path: str, start: str | None, end: str | None) -> None:
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

    return command


for _format in ("csv", "json", "hledger", "beancount"):
    export.add_command(_command(_format))
