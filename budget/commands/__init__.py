"""Shell command groups; each module adds its commands to the `budget` group."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Attach every command module's commands to the root group."""
    from budget.commands import due, fund, ledger, loans, planning

    ledger.register(group)
    loans.register(group)
    due.register(group)
    fund.register(group)
    planning.register(group)
