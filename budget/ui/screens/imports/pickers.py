"""Small modals of the import screen: pick a category, pick an account for a method."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from budget.i18n import _
from budget.ui.literal import literal
from budget.ui.translated import TranslatedBindings
from budget.ui.widgets.footer import KeyFooter


class ChoicePicker(TranslatedBindings, ModalScreen[int | None]):
    """Type a few letters to narrow the list; Enter picks, Esc cancels. Returns an id."""

    CSS_PATH = "imports.tcss"
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="import_picker.cancel")]

    def __init__(self, title: str, question: str, choices: list[tuple[str, int]]) -> None:
        super().__init__()
        self.title_text, self.question, self.choices = title, question, choices

    def compose(self) -> ComposeResult:
        with Vertical(id="picker") as box:
            box.border_title = literal(self.title_text)
            yield Static(self.question, id="picker-question", markup=False)
            yield Input(placeholder=_("type to narrow the list"), id="picker-filter",
                        compact=True)
            yield OptionList(*self._options(""), id="picker-options")
        yield KeyFooter()

    def _options(self, text: str) -> list[Option]:
        wanted = text.strip().casefold()
        return [Option(literal(name), id=str(value)) for name, value in self.choices
                if wanted in name.casefold()]

    @on(Input.Changed, "#picker-filter")
    def _narrow(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Submitted, "#picker-filter")
    def _pick_first(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            index = options.highlighted if options.highlighted is not None else 0
            self.dismiss(int(options.get_option_at_index(index).id))

    def key_down(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
