"""LanguageForm: choose the language budget speaks; the choice is saved in the ledger."""

from __future__ import annotations

import os

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from budget.i18n import AUTO, LANGUAGES, _, from_environment, language, normalize
from budget.services.session import save_language, saved_language_of
from budget.storage.ledger import Ledger
from budget.ui.translated import TranslatedBindings
from budget.ui.widgets.footer import KeyFooter


class LanguageForm(TranslatedBindings, ModalScreen[str | None]):
    """Lists "follow the system" and each language in its own name; Enter saves the choice
    in a worker and dismisses with its code ("auto", "en", "zh_CN"), Esc with None."""

    CSS_PATH = ["entry.tcss", "language_form.tcss"]
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="language.cancel")]

    class Saved(Message):
        """The choice is saved in the ledger's settings."""

        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    def __init__(self, ledger: Ledger) -> None:
        super().__init__()
        self.ledger = ledger

    def compose(self) -> ComposeResult:
        system = LANGUAGES[from_environment()]
        choices = [Option(_("Follow the system ({language})").format(language=system), id=AUTO)]
        # Each language is named in itself, so a person who cannot read the current one
        # still finds their own.
        choices += [Option(name, id=code) for code, name in LANGUAGES.items()]
        with Vertical(id="form") as form:
            form.border_title = _("Language")
            yield OptionList(*choices, id="languages")
            yield Static(self._help(), id="form-help")
        yield KeyFooter()

    def _help(self) -> str:
        lines = [_("Enter chooses · Esc cancels · budget starts again in the language chosen")]
        override = os.environ.get("BUDGET_LANG")
        if normalize(override):
            lines.append(_("BUDGET_LANG={value} is set: it decides the language at the next "
                           "start.").format(value=override))
        return "\n".join(lines)

    def on_mount(self) -> None:
        languages = self.query_one(OptionList)
        self._load_current()
        languages.focus()

    @work(thread=True, exclusive=True, group="language")
    def _load_current(self) -> None:
        saved = saved_language_of(self.ledger) or AUTO
        self.app.call_from_thread(self._highlight, saved)

    def _highlight(self, saved: str) -> None:
        languages = self.query_one(OptionList)
        code = saved if saved in {AUTO, *LANGUAGES} else language()
        languages.highlighted = languages.get_option_index(code)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._save(event.option.id or AUTO)

    @work(thread=True, exclusive=True, group="language")
    def _save(self, code: str) -> None:
        save_language(self.ledger, code)
        self.post_message(self.Saved(code))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self.dismiss(message.code)

    def action_cancel(self) -> None:
        self.dismiss(None)
