"""Command-palette entries built from the bindings that are active on a screen."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.widget import Widget

from budget.i18n import _

# Built-in widget bindings (cursor moves, text editing) are not commands a person looks for.
_OWN_NODES = (App, Screen)


def binding_commands(screen: Screen) -> Iterable[SystemCommand]:
    """One palette entry per shown binding of the app and the screen, so both stay in step."""
    seen: set[str] = set()
    for key, active in screen.active_bindings.items():
        binding, node = active.binding, active.node
        if not binding.show or not binding.description or not active.enabled:
            continue
        if isinstance(node, Widget) and not isinstance(node, _OWN_NODES):
            continue
        if binding.action in seen or binding.action == "command_palette":
            continue
        seen.add(binding.action)
        # The tooltip is the longer, searchable wording ("Previous month" for "Previous").
        title = binding.tooltip or binding.description
        help_text = _("key {key}").format(key=binding.key_display or key)
        yield SystemCommand(title, help_text, partial(node.run_action, binding.action))
