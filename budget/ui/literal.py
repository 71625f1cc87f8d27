"""Text from the ledger shown as it is: never read as Textual or Rich markup.

A payee, a category or a loan name may hold square brackets: as markup, ``[/]`` would end
the app with a MarkupError and ``[@click=app.quit]`` would turn a row into a button.
Strings go to Static.update, DataTable rows and Rich tables through `literal`.
"""

from __future__ import annotations

from rich.text import Text


def literal(value, style: str = "", justify=None):
    """`value` as plain Rich Text when it is a string; anything else unchanged."""
    if isinstance(value, str):
        return Text(value, style=style, justify=justify)
    return value
