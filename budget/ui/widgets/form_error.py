"""A failure of a whole form (the database busy or read-only), shown above its help line."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Static

FORM = "form"
"""The key of an error that belongs to no field: `{FORM: message}` in a form's errors."""


def show_form_error(screen: Screen, message: str) -> None:
    """Show `message` on its own line above the form's ``#form-help`` (or at the end of the
    form when it has none), never under a field the user did nothing wrong in. An empty
    message hides the line. The line is made on first need, so every form has it."""
    found = list(screen.query("#form-error").results(Static))
    if found:
        line = found[0]
    elif not message:
        return
    else:
        line = Static(id="form-error", classes="error", markup=False)
        helps = list(screen.query("#form-help").results(Static))
        if helps:
            helps[0].parent.mount(line, before=helps[0])
        else:
            screen.query_one("#form").mount(line)
    line.update(message)
    line.set_class(bool(message), "shown")
