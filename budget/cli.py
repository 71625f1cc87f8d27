"""The `budget` command: shell commands, and the TUI when no command is given."""

from __future__ import annotations

import click

from budget.commands import LazyGroup
from budget.commands.common import UserError, db_option, db_path


@click.group(cls=LazyGroup, invoke_without_command=True)
@db_option
@click.version_option(package_name="budget")
@click.pass_context
def main(ctx: click.Context) -> None:
    """budget: record spending, track loans and due dates, build an emergency reserve.

    With no command, opens the terminal app.
    """
    if ctx.invoked_subcommand is None:
        run_app(db_path(ctx))


def run_app(db: str | None) -> None:
    """Start the TUI; Textual is imported only here so shell commands stay fast."""
    from budget.storage.database import DatabaseError, EmptyDatabaseError

    try:
        from budget.ui.app import build_app

        try:
            app = build_app(db)
        except EmptyDatabaseError as error:
            # The shell refuses an empty file; the app asks, since someone is there to answer.
            from budget.ui.empty_file import ask_start_afresh

            if not ask_start_afresh(error.path):
                raise
            app = build_app(db, allow_empty=True)
    except DatabaseError as error:
        raise UserError(str(error)) from error
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)

