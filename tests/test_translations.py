"""The gettext catalogues: complete, consistent with the source, the glossary and click."""

from __future__ import annotations

import io
import json
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import budget
from budget.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent
PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "budget.po"
MO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "budget.mo"
POT = LOCALE_DIR / "budget.pot"
HOW_TO = "re-extract and update: see README, 'Translations'"
# `counted(count, "{count} day", "{count} days")` is an ngettext pair too (`-k counted:2,3`).
KEYWORDS = {**DEFAULT_KEYWORDS, "counted": (2, 3)}


def _catalog(path: Path):
    with path.open("rb") as file:
        return read_po(file, locale="zh_CN" if path.suffix == ".po" else None)


@pytest.fixture(scope="module")
def catalog():
    return _catalog(PO)


def _key(message) -> tuple[str | None, str]:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return message.context, msgid


def _fields(text: str) -> set[tuple[str, str | None, str]]:
    """The named placeholders of a str.format template, with conversion and format."""
    return {(name, conversion, spec) for _literal, name, spec, conversion
            in string.Formatter().parse(text) if name is not None}


def test_the_template_holds_every_message_of_the_source():
    source = {(context, message[0] if isinstance(message, tuple) else message)
              for _file, _line, message, _comments, context in extract_from_dir(
                  Path(budget.__file__).parent, method_map=[("**.py", "python")],
                  keywords=KEYWORDS)}
    template = {_key(message) for message in _catalog(POT) if message.id}
    assert source - template == set(), f"messages missing from budget.pot: {HOW_TO}"
    assert template - source == set(), f"budget.pot has messages the source lost: {HOW_TO}"


def test_every_message_has_a_chinese_translation_and_none_is_fuzzy(catalog):
    template = {_key(message) for message in _catalog(POT) if message.id}
    translated = {_key(message) for message in catalog if message.id}
    assert template - translated == set(), f"budget.po lacks messages: {HOW_TO}"
    untranslated = [message.id for message in catalog if message.id and (
        not all(message.string if isinstance(message.string, tuple) else [message.string])
        or message.fuzzy)]
    assert untranslated == []


def test_every_translation_has_the_placeholders_of_its_source(catalog):
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        accepted = [_fields(msgid) for msgid in ids]
        wrong += [(ids[0], text) for text in strings if _fields(text) not in accepted]
    assert wrong == []


def test_plural_messages_have_the_one_chinese_form(catalog):
    plurals = [message for message in catalog if message.id and message.pluralizable]
    assert catalog.num_plurals == 1
    assert len(plurals) >= 20
    assert all(len(message.string) == 1 for message in plurals)


def test_the_compiled_catalogue_is_the_translation(catalog):
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert MO.read_bytes() == compiled.getvalue(), \
        "budget.mo is older than budget.po: pybabel compile -d budget/locale -D budget"


# The glossary of ../shared/domain.md §6: a message that says one of these in English
# says it this way in Chinese.
GLOSSARY = [
    ("emergency reserve", "应急储备金"), ("safe to spend", "今日可用"),
    ("monthly review", "月度复盘"), ("grace", "宽限"), ("overdue", "逾期"),
    ("penalty", "罚息"), ("late fee", "滞纳金"), ("avalanche", "雪崩法"),
    ("snowball", "雪球法"), ("true annual cost", "年化利率"), ("payee", "交易对方"),
    ("equal-installment", "等额本息"), ("equal-principal", "等额本金"),
    ("interest-first", "先息后本"), ("rollover", "结转"), ("restructure", "协商还款"),
]


def _prose(text: str) -> str:
    """A message without what is typed as is: `commands`, --options and example lines."""
    text = re.sub(r"`[^`]*`|--[\w/-]+(?: [\w-]+)?", "", text)
    return "\n".join(line for line in text.splitlines() if not line.startswith(("budget ", " ")))


@pytest.mark.parametrize(("english", "chinese"), GLOSSARY)
def test_domain_words_follow_the_glossary(catalog, english, chinese):
    strays = [(message.id, message.string) for message in catalog if message.id
              and english in _prose(str(message.id)).lower()
              and chinese not in str(message.string)]
    assert strays == []


def test_clicks_own_messages_are_the_ones_click_uses():
    import click

    from budget.commands.language import CLICK_MESSAGES, click_plurals

    with_plurals = [*CLICK_MESSAGES, *(_key(message)[1] for message in _catalog(POT)
                                       if message.pluralizable and any(
                                           path.endswith("commands/language.py")
                                           for path, _line in message.locations))]
    assert len(click_plurals()) == 4
    source = "".join(path.read_text() for path in Path(click.__file__).parent.glob("*.py"))
    assert [msgid for msgid in with_plurals if json.dumps(msgid)[1:-1] not in source] == []


def test_textuals_own_messages_are_the_ones_textual_uses():
    import textual

    from budget.ui.translated import TEXTUAL_MESSAGES

    source = "".join(path.read_text() for path in Path(textual.__file__).parent.rglob("*.py"))
    assert [message for message in TEXTUAL_MESSAGES if f'"{message}"' not in source] == []


def test_the_cached_number_and_month_formats_are_babels():
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from locale_formats import all_formats
    finally:
        sys.path.remove(str(ROOT / "tools"))
    shipped = json.loads((LOCALE_DIR / "formats.json").read_text(encoding="utf-8"))
    assert shipped == all_formats(), "run .venv/bin/python tools/locale_formats.py"


def test_no_message_is_translated_at_import_time():
    """A constant translated when its module is imported keeps the language of that moment
    (English in most tests, the old language after a switch in the app): mark it with N_
    and translate it where it is shown. Bindings are translated when shown already."""
    import ast

    def early_calls(node, deferred: bool = False):
        for child in ast.iter_child_nodes(node):
            later = deferred or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) or (
                isinstance(child, ast.Call) and getattr(child.func, "id", "") == "Binding")
            if isinstance(child, ast.Call) and not later and getattr(
                    child.func, "id", "") in {"_", "ngettext", "pgettext"}:
                yield child.lineno
            yield from early_calls(child, later)

    early = [f"{path.relative_to(ROOT)}:{line}"
             for path in sorted(Path(budget.__file__).parent.rglob("*.py"))
             for line in early_calls(ast.parse(path.read_text()))]
    assert early == []
