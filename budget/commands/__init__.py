"""Shell command groups, imported only when one of their commands runs."""

from __future__ import annotations

import errno
import importlib
import os
import sys

import click

from budget.commands.common import TranslatedGroup

# command name -> (module, attribute). `budget due` then imports the due module and what it
# needs, not every command of the app: start-up time is most of a shell command's cost.
COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("ledger", "add"),
    "transfer": ("ledger", "transfer"),
    "list": ("ledger", "list_transactions"),
    "account": ("ledger", "account"),
    "category": ("ledger", "category"),
    "paths": ("ledger", "paths"),
    "demo": ("ledger", "demo"),
    "loan": ("loans", "loan"),
    "bill": ("bills", "bill"),
    "due": ("due", "due"),
    "remind": ("due", "remind"),
    "export": ("exports", "export"),
    "import": ("imports", "import_group"),
    "backup": ("backups", "backup"),
    "restore": ("backups", "restore"),
    "fund": ("fund", "fund"),
    "budget": ("planning", "budget_group"),
    "safe": ("planning", "safe"),
    "review": ("planning", "review"),
    "plan": ("planning", "plan"),
    "evidence": ("evidence", "evidence"),
}


class LazyGroup(TranslatedGroup):
    """A click group whose subcommands are imported on first use; as the root command it
    chooses the language before anything is read or printed, and it is the one place where
    any failure of a shell command becomes a message (see `commands.failures`)."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        # The language saved in the app applies before the command reads its options (and
        # shows its help); a --db among them applies its own file's instead.
        if not any(arg == "--db" or arg.startswith("--db=") for arg in rest):
            from budget.commands.common import db_path
            from budget.commands.language import apply_saved

            apply_saved(ctx, db_path(ctx))
        return name, command, rest

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return super().get_command(ctx, name)
        module, attribute = COMMANDS[name]
        return getattr(importlib.import_module(f"budget.commands.{module}"), attribute)

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        if parent is None:
            from budget.commands.language import install_click_translations, start

            install_click_translations()
            start()  # --lang, read with the other options, may change it again
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as error:
            from budget.commands.failures import plain_message

            raise plain_message(error) from None

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
            # Flushed here, not at exit: a reader gone by then (`| head -1`) would make
            # Python print an ignored BrokenPipeError.
            sys.stdout.flush()
            return result
        except (click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            if isinstance(error, OSError) and error.errno == errno.EPIPE:
                _reader_gone()
            from budget.commands.failures import as_message

            message = as_message(error, ctx)
            if message is error:
                raise
            raise message from error


def _reader_gone() -> None:
    """Stop quietly when what reads our output has closed it (`budget list | head -1`).

    The recipe of the Python docs (library/signal, "Note on SIGPIPE"): point stdout at
    devnull so the flush at exit cannot fail again, then exit with status 1.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(1)
