"""PlainInput: an Input that never holds a control character, typed or pasted."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from budget.domain.text import PLAIN_LINE, clean_line


class PlainInput(Input):
    """An Input for outside text. Keys never type control characters; a paste can carry
    escape sequences or line breaks, so what is pasted is cleaned first (the sequences go,
    the first line stays), and `restrict` refuses anything else that would put one in."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("restrict", PLAIN_LINE)
        super().__init__(*args, **kwargs)

    def _on_paste(self, event: events.Paste) -> None:
        lines = (event.text or "").splitlines()
        if lines:
            line = clean_line(lines[0])
            if self.selection.is_empty:
                self.insert_text_at_cursor(line)
            else:
                self.replace(line, *self.selection)
        event.stop()
