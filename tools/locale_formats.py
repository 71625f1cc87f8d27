"""Write budget/locale/formats.json from Babel's CLDR data, for every language budget speaks.

    .venv/bin/python tools/locale_formats.py

Run it after adding a language or upgrading Babel; tests/test_translations.py fails when
the file no longer agrees with Babel.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "budget" / "locale" / "formats.json"
# English keeps the app's ISO months (2026-11), the form the date fields accept; every
# other language uses CLDR's year-and-month skeleton ("y年M月").
MONTH_PATTERN = {"en": "y-MM"}


def locale_formats(code: str) -> dict:
    """The number symbols, grouping, percent pattern and month pattern of one language."""
    locale = Locale.parse(code)
    symbols = locale.number_symbols["latn"]
    percent = locale.percent_formats[None]
    return {
        "decimal": symbols["decimal"], "group": symbols["group"],
        "minus": symbols["minusSign"], "plus": symbols["plusSign"],
        "grouping": list(locale.decimal_formats[None].grouping),
        "percent_prefix": percent.prefix[0].replace("%", symbols["percentSign"]),
        "percent_suffix": percent.suffix[0].replace("%", symbols["percentSign"]),
        "month": MONTH_PATTERN.get(code, locale.datetime_skeletons["yMMM"].pattern),
    }


def all_formats() -> dict[str, dict]:
    from budget.i18n import LANGUAGES

    return {code: locale_formats(code) for code in LANGUAGES}


def main() -> None:
    TARGET.write_text(json.dumps(all_formats(), ensure_ascii=False, indent=2) + "\n",
                      encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
