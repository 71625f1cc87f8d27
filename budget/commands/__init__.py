"""Shell command groups, imported only when one of their commands runs."""

from __future__ import annotations

import importlib

import click

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


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return super().get_command(ctx, name)
        module, attribute = COMMANDS[name]
        return getattr(importlib.import_module(f"budget.commands.{module}"), attribute)
