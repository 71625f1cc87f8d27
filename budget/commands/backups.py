"""`budget backup [FILE]`, `budget backup list` and `budget restore FILE`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from budget.commands.common import (
    UserError,
    command,
    db_option,
    db_path,
    echo_json,
    group,
    ledger_for,
    option,
)
from budget.commands.groups import FileOrCommandGroup
from budget.i18n import N_, _
from budget.l10n import os_reason


def _database(ctx) -> Path:
    from budget.services.session import resolve_db_path

    path = resolve_db_path(db_path(ctx))
    if str(path) == ":memory:":
        raise UserError(_("an in-memory database has no file to back up"))
    return Path(path)


@group("backup", cls=FileOrCommandGroup, invoke_without_command=True, help=N_(
    "Copy the database to FILE (default: a dated file in the backups folder).\n"
    "\n"
    "\b\n"
    "budget backup                  # backups/budget-20261130-090000.db\n"
    "budget backup ~/usb/budget.db\n"
    "budget backup list\n"
    "\n"
    "The copy is consistent even while the app is open. budget also keeps one "
    "copy a day automatically (made before the first change of the day): the "
    "last 7 days and one a week for 4 weeks."))
@db_option
@click.pass_context
def backup(ctx) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from budget.storage.backups import copy_to, manual_name

    database = _database(ctx)
    ledger = ledger_for(ctx)
    target = ctx.meta.get("budget.file")
    target = Path(target).expanduser() if target else manual_name(database, datetime.now())
    if target.resolve() == database.resolve():
        raise UserError(_("{path} is the database itself: give another file").format(
            path=target))
    try:
        written = copy_to(ledger.conn, target)
    except OSError as error:
        raise UserError(_("cannot write {path}: {reason}").format(
            path=target, reason=os_reason(error))) from error
    click.echo(_("Backed up {database} to {path}").format(database=database, path=written))


@backup.command("list", help=N_("Backups in the backups folder, newest first."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def backup_list(ctx, as_json: bool) -> None:
    from budget.storage.backups import list_backups

    files = list_backups(_database(ctx))
    if as_json:
        echo_json([{"path": str(f.path), "kind": f.kind, "size": f.size,
                    "modified": f.modified.isoformat(timespec="seconds")} for f in files])
        return
    if not files:
        click.echo(_("No backups yet."))
    from budget.commands.common import table_lines

    rows = [[f"{item.modified:%Y-%m-%d %H:%M}", _(item.kind),
             _("{size} MiB").format(size=f"{item.size / 2**20:.1f}"), str(item.path)]
            for item in files]
    for line in table_lines(rows, "llrl"):
        click.echo(line)


@command("restore", help=N_(
    "Replace the database with the backup at PATH (the current one is backed up first)."))
@click.argument("path", type=click.Path(dir_okay=False))
@option("--yes", is_flag=True, help=N_("Do not ask for confirmation."))
@db_option
@click.pass_context
def restore(ctx, path: str, yes: bool) -> None:
    from budget.storage.backups import BackupError, backup_of, check_backup, restore_into
    from budget.storage.database import SCHEMA_VERSION, migrate
    from budget.storage.paths import backup_dir

    database = _database(ctx)
    source = Path(path).expanduser()
    owner = backup_of(source)
    if source.resolve().parent == backup_dir(database) and owner not in (None, database.stem):
        # The backups folder is shared by every database beside this one.
        raise UserError(_("{path} is a backup of {owner}, not of {database}: give that "
                          "database with --db to restore it; nothing was changed").format(
            path=source, owner=f"{owner}{database.suffix}", database=database.name))
    try:
        check_backup(source, SCHEMA_VERSION)
    except BackupError as error:
        raise UserError(_("{error}: nothing was changed").format(error=error)) from error
    if source.resolve() == database.resolve():
        raise UserError(_("{path} is the database itself: nothing to restore").format(
            path=source))
    if not yes and not click.confirm(_("Replace {database} with {path}?").format(
            database=database, path=source), default=False):
        raise UserError(_("nothing was changed"))
    ledger = ledger_for(ctx)
    try:
        safety = restore_into(ledger.conn, database, source, SCHEMA_VERSION, datetime.now())
    except (BackupError, OSError) as error:
        raise UserError(str(error)) from error
    version = ledger.conn.execute("PRAGMA user_version").fetchone()[0]
    if version < SCHEMA_VERSION:
        migrate(ledger.conn)
    click.echo(_("Restored {path}. What was there before is in {safety}").format(
        path=source, safety=safety))
