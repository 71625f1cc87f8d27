"""Text from outside: control characters refused at input and never written raw anywhere.

A payee, note or name typed, pasted or imported may hold control characters: an escape
sequence (``\\x1b]0;title\\x07`` retitles the terminal, ``\\x1b[2J`` clears it), a C1 control
(``\\x9b`` is an 8-bit CSI), or a line break that forges a row in a listing. At input they
are refused (`check_line`, `check_block`); every output path cleans what the file holds
anyway, from an older version or another program (`clean_line`, `clean_block`,
`json_safe`). Bidi controls count as control characters: U+202E RIGHT-TO-LEFT OVERRIDE
makes a terminal show ``-00.001`` for ``100.00-``; invisible ones too (a zero-width space
makes a second "Cash" look like the first). A tab becomes a space, at input and on output:
it moves the cursor by a different amount in every program and breaks columns.
"""

from __future__ import annotations

import re
from functools import cache

from budget.i18n import _

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""The Unicode bidi marks, embeddings, overrides and isolates (a regular expression class
body): invisible, yet they reorder what a terminal shows (Unicode TR9; CVE-2021-42574)."""
INVISIBLE = "\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff"
"""Invisible format characters (soft hyphen, zero-width space and joiners, word joiner,
byte order mark): in a name they make a second "Cash" that looks like the first, and they
shift a terminal's columns (a regular expression class body)."""
# C0 controls (but tab), DEL and C1 controls, the Unicode line and paragraph separators
# that some programs treat as a line break, the bidi controls and the invisible ones.
_CONTROL = f"\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}{INVISIBLE}"
_CONTROL_RE = re.compile(f"[{_CONTROL}]")
_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")


@cache
def _sequence_re() -> re.Pattern:
    """Whole escape sequences, so that what they carry (a window title, colour numbers)
    goes with them: CSI (ESC [ or 0x9b, parameters, one final byte), OSC/DCS/SOS/PM/APC
    strings (ESC ] P X ^ _ or 0x9d 0x90 0x98 0x9e 0x9f, up to BEL or ST), and two-character
    escapes. Compiled on first need: most text has none, and every command imports this."""
    return re.compile(
        r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
        r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
        r"|\x1b[ -~]?")


_LINE_BREAK = "\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]"
REPLACEMENT = "\ufffd"
"""What a lone control character becomes on output: visible, and harmless."""

PLAIN_LINE = f"[^{_CONTROL}]*"
"""A regular expression for one line of plain text: for an input field's `restrict`, so a
paste cannot put a control character into it."""


class TextError(ValueError):
    """Text with a control character where only plain text is accepted; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def control_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The control characters in `text`, in order (line feeds allowed when `multiline`)."""
    found = _CONTROL_RE.findall(text or "")
    return [char for char in found if not (multiline and char == "\n")]


NAME_LIMIT = 60
"""The most characters a name may have (an account, category, loan, bill or lender): any
real one fits, and one pasted paragraph would widen every list it is in."""
NAME_FIELDS = frozenset({"name", "lender"})


def check_line(text: str, field: str) -> str:
    """`text` (tabs as spaces) when it is one line of plain text; TextError naming the
    first control character otherwise (a line break or a bidi control included). In a
    name field (NAME_FIELDS) more than NAME_LIMIT characters are refused too."""
    text = _check(text, field, multiline=False)
    if field in NAME_FIELDS and len(text.strip()) > NAME_LIMIT:
        raise TextError(field, _("a name has at most {limit} characters; this one has "
                                 "{count}").format(limit=NAME_LIMIT, count=len(text.strip())))
    return text


def check_block(text: str, field: str) -> str:
    """`text` when it is plain text of one or more lines (line feeds allowed, ``\\r\\n``
    read as one); TextError naming the first other control character."""
    return _check((text or "").replace("\r\n", "\n"), field, multiline=True)


def _check(text: str, field: str, *, multiline: bool) -> str:
    text = (text or "").replace("\t", " ")
    found = control_characters(text, multiline=multiline)
    if not found:
        return text
    char = found[0]
    if char in "\n\r\x0b\x0c\x85\u2028\u2029":
        raise TextError(field, _("a line break is not accepted here: type one line"))
    raise TextError(field, _("a control character ({name}, U+{code:04X}) is not accepted "
                             "here: type plain text").format(name=describe(char),
                                                             code=ord(char)))


def describe(char: str) -> str:
    """A control character's name as people know it: "ESCAPE", "BELL", "DELETE"."""
    import unicodedata

    names = {"\x1b": "ESCAPE", "\x07": "BELL", "\x08": "BACKSPACE", "\x7f": "DELETE",
             "\x00": "NULL", "\x9b": "CONTROL SEQUENCE INTRODUCER"}
    return names.get(char) or unicodedata.name(char, "") or "control"


def clean_line(text: str | None) -> str:
    """One line of plain text for a terminal, a list row or a file: escape sequences and
    bidi controls removed, line breaks and tabs turned into spaces, any other control
    character into U+FFFD."""
    if not text:
        return text or ""
    if "\t" not in text and not _CONTROL_RE.search(text):
        return text  # the usual case, at the cost of one scan
    text = _BIDI_RE.sub("", _sequence_re().sub("", text.replace("\t", " ")))
    text = re.sub(_LINE_BREAK, " ", text)
    return _CONTROL_RE.sub(REPLACEMENT, text)


def clean_block(text: str | None) -> str:
    """Like `clean_line`, keeping line feeds (``\\r\\n`` and lone ``\\r`` become ``\\n``): for
    messages and notes of several lines."""
    if not text:
        return text or ""
    if "\t" not in text and not _CONTROL_RE.search(text.replace("\n", "")):
        return text
    text = _BIDI_RE.sub("", _sequence_re().sub("", text.replace("\t", " ")))
    lines = re.split(_LINE_BREAK, text)
    return "\n".join(_CONTROL_RE.sub(REPLACEMENT, line) for line in lines)


def visible(text: str | None) -> str:
    """Text for a message that may quote what was typed: each control character but line
    feed and tab shown as its escape (``\\x1b``), so the user sees what was refused and the
    terminal does nothing with it."""
    if not text or not _CONTROL_RE.search(text.replace("\n", "")):
        return text or ""
    return _CONTROL_RE.sub(lambda match: "\n" if match.group() == "\n" else
                           match.group().encode("unicode_escape").decode("ascii"), text)


def json_safe(encoded: str) -> str:
    """JSON text with DEL and the C1 controls escaped too (``json.dumps`` escapes only C0;
    with ``ensure_ascii=False`` a raw 0x9b would reach the terminal). Still valid JSON."""
    return re.sub("[\x7f-\x9f\u2028\u2029]", lambda match: f"\\u{ord(match.group()):04x}",
                  encoded)
