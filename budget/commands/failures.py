"""Every failure of a shell command becomes a message and an exit status, never a traceback.

Bad input and a database that cannot be used: exit status 2 with what is wrong and what
to do (UserError). Anything budget did not expect: exit status 70 (EX_SOFTWARE), one line
on the terminal and the traceback in `crash.log` beside the database, to report.
"""

from __future__ import annotations

import os
import traceback

import click

from budget.commands.common import UserError, db_path, entry_error
from budget.i18n import _

EX_SOFTWARE = 70
"""Exit status of a failure budget did not expect (sysexits.h); 1 is `due --check`'s."""


class UnexpectedError(click.ClickException):
    """A bug: the message says where its details were written."""

    exit_code = EX_SOFTWARE

    def show(self, file=None) -> None:
        click.echo(_("budget: {message}").format(message=self.format_message()), err=True)


def plain_message(error: click.ClickException) -> click.ClickException:
    """A click error whose message cannot carry a control character typed in an argument."""
    from budget.domain.text import visible

    error.message = visible(error.message)
    return error


def as_message(error: Exception, ctx: click.Context) -> click.ClickException:
    """The ClickException to show for `error`: itself when it already is one (cleaned),
    UserError for bad input and database failures, UnexpectedError for the rest."""
    if isinstance(error, click.ClickException):
        return plain_message(error)
    from budget.services.ledger import EntryError
    from budget.services.session import resolve_db_path
    from budget.storage.failures import explain
    from budget.storage.ledger import LedgerError

    path = resolve_db_path(db_path(ctx))
    failure = explain(error, path)
    if failure is not None:
        return UserError(str(failure))
    if isinstance(error, EntryError):
        return entry_error(error)
    # A refusal a command did not catch itself: still the user's input, still a message.
    if isinstance(error, LedgerError) or (isinstance(error, ValueError) and
                                          type(error).__module__.startswith("budget.domain")):
        return UserError(str(error))
    if os.environ.get("BUDGET_DEBUG"):
        raise error
    return UnexpectedError(_("something went wrong that budget did not expect ({kind}: "
                             "{error}). Nothing was saved half-way. The details are in {log}: "
                             "please report them.").format(
        kind=type(error).__name__, error=error, log=_crash_log(error, path)))


def _crash_log(error: Exception, path) -> str:
    """Append the traceback to crash.log beside the database (0600); its path, or a note."""
    from pathlib import Path

    from budget.storage.files import append_private, private_dir
    from budget.storage.paths import data_home

    folder = Path(path).parent if str(path) != ":memory:" else data_home()
    log = folder / "crash.log"
    try:
        private_dir(folder)
        append_private(log, "".join(traceback.format_exception(error)) + "\n")
    except OSError:
        return _("(no log: {folder} cannot be written)").format(folder=folder)
    return str(log)
