"""A click group whose first argument is a FILE unless it names one of its subcommands."""

from __future__ import annotations

import click

from budget.commands.common import TranslatedGroup


class FileOrCommandGroup(TranslatedGroup):
    """`budget import FILE --dry-run` and `budget import undo 3` side by side.

    The first positional argument that is not a subcommand's name is taken as the FILE
    (`ctx.meta["budget.file"]`); a file named like a subcommand is written `./list`.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value = {name for param in self.params if isinstance(param, click.Option)
                       and not param.is_flag for name in param.opts}
        index = 0
        while index < len(args):
            arg = args[index]
            if arg == "--":
                index += 1
                break
            if arg.startswith("-") and arg != "-":
                index += 2 if arg in takes_value else 1
                continue
            break
        if index < len(args) and args[index] not in self.commands:
            ctx.meta["budget.file"] = args[index]
            args = [*args[:index], *args[index + 1:]]
        return super().parse_args(ctx, args)
