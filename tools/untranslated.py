"""List the messages of a catalogue still to translate: empty, or marked fuzzy by an update.

    .venv/bin/python tools/untranslated.py [budget/locale/zh_CN/LC_MESSAGES/budget.po]
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po

DEFAULT = Path(__file__).resolve().parent.parent / "budget/locale/zh_CN/LC_MESSAGES/budget.po"


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    with path.open("rb") as file:
        catalog = read_po(file)
    todo = 0
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or (all(strings) and not message.fuzzy):
            continue
        todo += 1
        where = ", ".join(f"{file}:{line}" for file, line in message.locations[:2])
        state = "fuzzy" if message.fuzzy else "empty"
        print(f"{state:5}  {where}\n       {message.id!r}")
    print(f"{todo} of {len(catalog)} messages to translate in {path}")
    return 1 if todo else 0


if __name__ == "__main__":
    sys.exit(main())
