"""Command-palette entries for every action of the app and the screen, with their keys."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from budget.i18n import _

FIRST_ACTIONS = ("add", "transfer", "quit")
"""App actions the footer shows before the screen's own: what a person does most."""


def binding_commands(screen: Screen) -> Iterable[SystemCommand]:
    """One palette entry per action of the app and of `screen`, hidden keys included (the
    footer has room for few at 80 columns), titled with the longer wording and every key
    that runs it ("key q, ctrl+q")."""
    app = screen.app
    actions: dict[str, tuple[object, Binding, list[str]]] = {}
    for node in (screen, app):
        for key, binding in _bindings(node):
            if not binding.description or binding.action == "command_palette":
                continue
            if app._check_action_state(binding.action, node) is False:
                continue  # not offered here at all (e.g. the reserve's chart switch)
            shown = app.get_key_display(binding) or key
            if binding.action not in actions:
                actions[binding.action] = (node, binding, [shown])
                continue
            first_node, first, keys = actions[binding.action]
            if shown not in keys:
                keys.append(shown)
            if binding.id and not first.id and first_node is node:
                # budget's own binding names the entry, not Textual's (ctrl+q "Quit").
                actions[binding.action] = (node, binding, [shown, *keys[:-1]])
    for action, (node, binding, keys) in actions.items():
        # Bindings are declared in English at import time: translated here, when shown.
        title = _(binding.tooltip or binding.description)
        help_text = _("key {key}").format(key=_(", ").join(keys))
        yield SystemCommand(title, help_text, partial(node.run_action, action))


def _bindings(node: Screen | App) -> list[tuple[str, Binding]]:
    return [(key, binding) for key, bindings in node._bindings.key_to_bindings.items()
            for binding in bindings]


def footer_rank(node: object, binding: Binding) -> int:
    """Where a binding goes in the footer: add, transfer and quit first, then the screen's
    own keys, then moving between screens (those fall off first at 80 columns)."""
    if isinstance(node, App):
        action = binding.action.split("(")[0]
        return 0 if action in FIRST_ACTIONS else 2
    return 1
