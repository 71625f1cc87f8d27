"""The `budget` command: shell commands, and the TUI when no command is given."""

from __future__ import annotations

import click

from budget.commands import LazyGroup
from budget.commands.common import TranslatedOption, UserError, db_option, db_path
from budget.commands.language import apply_saved, lang_option
from budget.i18n import N_


@click.group(cls=LazyGroup, invoke_without_command=True,
             help=N_("budget: record spending, track loans and due dates, build an emergency "
                     "reserve.\n\nWith no command, opens the terminal app."))
@lang_option
@db_option
@click.version_option(package_name="budget", cls=TranslatedOption,
                      help=N_("Show the version and exit."))
@click.pass_context
def main(ctx: click.Context) -> None:
    """The `budget` command: a shell command, or the TUI when none is given."""
    if ctx.invoked_subcommand is None:
        # The app speaks the language saved in it, unless --lang or BUDGET_LANG say other.
        apply_saved(ctx, db_path(ctx))
        run_app(db_path(ctx))


def run_app(db: str | None) -> None:
    """Start the TUI; Textual is imported only here so shell commands stay fast."""
    from budget.storage.database import DatabaseError, EmptyDatabaseError

    try:
        from budget.ui.app import RESTART, build_app

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
    while True:
        app.run()
        if app.return_code:
            raise SystemExit(app.return_code)
        if app.return_value != RESTART:
            return
        # A language was chosen in the app: start again on the same ledger, in it.
        app = build_app(db, ledger=app.ledger)

