"""Bytes of an export file to rows of clean text cells: encodings, CSV, XLSX."""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata

from budget.i18n import _

# Control characters never reach the database, a terminal or an export (design.md). Tabs
# are among them: WeChat and Alipay end ids with one, ICBC pads every cell with one.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
XLSX_MAGIC = b"PK\x03\x04"
# The same without line ends and tabs, for whole files: a fixed replacement runs in C
# (a translate table or a callback per tab cost seconds on 100,000 rows).
_CONTROL_BUT_LINES_AND_TABS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


class ImportFileError(ValueError):
    """A file that cannot be read as an export; the message says what is accepted."""


def clean(text: object) -> str:
    """A cell as plain one-line text: control characters gone, spaces trimmed."""
    if text is None:
        return ""
    value = str(text)
    if value.isprintable():  # no control or format characters: the common case, in C
        return value.strip()
    return _CONTROL.sub(" ", value).strip()


@functools.lru_cache(maxsize=4096)
def normalise_label(text: str) -> str:
    """A paying method as a stable key: full-width brackets and digits made plain."""
    return unicodedata.normalize("NFKC", clean(text)).replace(" ", "")


def decode(data: bytes) -> str:
    """Text of a CSV export: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.

    Alipay ships GBK; a spreadsheet re-saves it as UTF-8, often with a BOM. GB18030 is a
    superset of GBK, so it reads both. Raises ImportFileError for bytes that are neither.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise ImportFileError(_(
            "the file is not text in UTF-8 or GBK (byte {offset} cannot be read): export "
            "it again as CSV or XLSX").format(offset=error.start)) from error


def csv_rows(text: str) -> list[list[str]]:
    """Rows of a CSV text, each cell clean (see `clean`); delimiter sniffed among , ; tab |."""
    sample = "\n".join(text.splitlines()[:60])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    # Exports that pad cells with tabs make the sniffer pick the tab; commas win when the
    # header rows have them.
    if delimiter == "\t" and sample.count(",") > sample.count("\t"):
        delimiter = ","
    # Control characters go in one pass over the text (line ends and a tab delimiter
    # stay), so each cell only needs a strip: a 100,000-row file has 1.3 million cells.
    text = _CONTROL_BUT_LINES_AND_TABS.sub(" ", text)
    if delimiter != "\t":
        text = text.replace("\t", " ")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [list(map(str.strip, row)) for row in reader]


def xlsx_rows(data: bytes) -> list[list[str]]:
    """Cells of the first sheet of an XLSX workbook, as text."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise ImportFileError(_("the spreadsheet cannot be read ({reason}): save it again "
                                "as XLSX or CSV").format(reason=error)) from error
    try:
        sheet = book.worksheets[0]
        return [["" if cell is None else clean(_cell_text(cell)) for cell in row]
                for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    from datetime import datetime

    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float):
        # A number cell: repr keeps the shortest exact decimal (28.16, not 28.159999).
        return repr(value)
    return str(value)


def file_rows(data: bytes) -> list[list[str]]:
    """Clean cells of an export, whichever of CSV or XLSX it is (told by its content)."""
    if data.startswith(XLSX_MAGIC):
        return xlsx_rows(data)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(_("the file is neither CSV text nor an XLSX spreadsheet"))
    return csv_rows(decode(data))
