"""Textual's words and the key bindings' descriptions, in the active language when shown."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import ActiveBinding, Binding

from budget.i18n import N_, _

# Textual's own words that a person meets in budget: the footer's palette key and the
# command palette's entries. The ids are Textual's; a test checks Textual still uses them.
TEXTUAL_MESSAGES = [
    N_("palette"), N_("Open the command palette"), N_("Search for commands…"),
    N_("Search for themes…"), N_("Theme"), N_("Change the current theme"), N_("Quit"),
    N_("Quit the application as soon as possible"), N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"), N_("Minimize"),
    N_("Minimize the widget and restore to normal size"), N_("Maximize"),
    N_("Maximize the focused widget"), N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"), N_("Copy selected text"),
    N_("Focus Next"), N_("Focus Previous"), N_("Dismiss menu"), N_("Exit the command palette"),
]


def translated_binding(binding: Binding) -> Binding:
    """The binding with its description and tooltip in the active language."""
    return replace(binding, description=_(binding.description) if binding.description else "",
                   tooltip=_(binding.tooltip) if binding.tooltip else "")


class TranslatedBindings:
    """Mixin for every screen of budget: the footer, the command palette and the keys panel
    read `active_bindings`, so its descriptions are translated there, when shown.

    Bindings are declared once per class at import time; translating them when shown lets
    the language be chosen after the modules are imported (by --lang, or in the app).
    """

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return {key: active._replace(binding=translated_binding(active.binding),
                                     tooltip=_(active.tooltip) if active.tooltip else "")
                for key, active in super().active_bindings.items()}
