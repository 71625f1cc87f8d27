"""One movement read from an export, validated: the shape every format's parser produces."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from pydantic import PositiveInt, TypeAdapter, ValidationError

from budget.domain.imports.text import ImportFileError, clean
from budget.i18n import N_, _

_AMOUNT = re.compile(r"^([+-]?)[¥￥]?([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$")
_DATE = re.compile(r"^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?"
                   r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
MAX_ROW_AMOUNT = 10**13


class Direction(StrEnum):
    """What the export says about the money: out, in, or not counted (不计收支, `/`)."""

    EXPENSE = "expense"
    INCOME = "income"
    NEUTRAL = "neutral"


def parse_statement_amount(text: str) -> int:
    """A statement cell to signed minor units: ``¥28.16``, ``"1,234.00"``, ``-10.14``.

    Stricter than what the entry form accepts: no sums, at most two decimals.
    Raises ValueError with the accepted forms.
    """
    match = _AMOUNT.match(text)  # the common case: a clean cell
    cleaned = text
    if not match:
        cleaned = clean(text).replace(" ", "").replace("元", "")
        match = _AMOUNT.match(cleaned)
    if not match:
        raise ValueError(_("'{text}' is not an amount: expected digits with up to 2 "
                           "decimals, e.g. 35.00, ¥28.16 or -1,234.50").format(text=cleaned))
    sign = -1 if "-" in (match.group(1) + match.group(2)) else 1
    whole = int(match.group(3).replace(",", ""))
    cents = int((match.group(4) or "0").ljust(2, "0"))
    minor = whole * 100 + cents
    if minor >= MAX_ROW_AMOUNT:
        raise ValueError(_("'{text}' is too large to be an amount").format(text=cleaned))
    return sign * minor


def parse_statement_date(text: str) -> date:
    """``2026-03-02 12:34:56``, ``2026/3/2 12:34``, ``20260302`` or ``2026年3月2日``."""
    if len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:10].isascii():
        try:  # the common ISO shape, read in C
            return date.fromisoformat(text[:10])
        except ValueError:
            pass
    cleaned = clean(text)
    match = _DATE.match(cleaned)
    if not match:
        raise ValueError(_("'{text}' is not a date: expected e.g. 2026-03-02 or "
                           "2026/3/2 12:34").format(text=cleaned))
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError as error:
        raise ValueError(_("'{text}' is not a date: {reason}").format(
            text=cleaned, reason=error)) from error


class StatementRow(NamedTuple):
    """A movement of money as the export shows it. Amounts are positive minor units (分).

    `line` is the 1-based line (CSV) or row (XLSX) in the file, for messages. A named
    tuple validated by pydantic: a hundred thousand of them are read in a fraction of the
    time models would take (design.md: 100,000 rows imported in <= 5 s).
    """

    line: PositiveInt
    on: date
    amount: PositiveInt
    """Minor units, always positive; `direction` carries the sign."""
    direction: Direction
    status: str = ""
    """交易状态 / 当前状态 as written, e.g. 交易成功, 退款成功, 交易关闭."""
    payee: str = ""
    item: str = ""
    """What was bought or the bank's description (商品说明, 商品, 交易摘要)."""
    method: str = ""
    """The paying method as written: 招商银行(1234), 余额, 零钱, 花呗."""
    source_category: str = ""
    """The export's own category or type: 餐饮美食, 商户消费, 代发工资."""
    source_id: str = ""
    """The export's transaction id, trimmed; '' for bank statements."""
    merchant_id: str = ""
    balance: int | None = None
    """The account's balance after the row (bank statements), minor units."""
    note: str = ""

    @property
    def signed(self) -> int:
        """The amount with the export's sign: out negative, in positive, neutral positive."""
        return -self.amount if self.direction is Direction.EXPENSE else self.amount


# Checked as plain tuples, then wrapped: pydantic building each named tuple through its
# Python __new__ cost more than the checks themselves.
_ROWS = TypeAdapter(list[tuple[PositiveInt, date, PositiveInt, Direction, str, str, str, str,
                               str, str, str, int | None, str]])
FIELD_NAMES = {"on": N_("date"), "amount": N_("amount"), "direction": N_("income/expense"),
               "balance": N_("balance"), "line": N_("line")}


def _text(value: str) -> str:
    return "" if value == "/" else value  # `/` means empty in both wallets' exports


def raw_values(line: int, on: str, amount: str, direction: Direction | str, balance: str = "",
               status: str = "", payee: str = "", item: str = "", method: str = "",
               source_category: str = "", source_id: str = "", merchant_id: str = "",
               note: str = "") -> tuple:
    """A parser's clean cells, date and amount read, in StatementRow's order.

    `direction` "signed" takes the direction from the amount's sign (bank statements).
    Raises ValueError naming what cannot be read.
    """
    signed = parse_statement_amount(amount)
    if signed == 0:
        raise ValueError(_("amount: the amount is zero"))
    if direction == "signed":
        direction = Direction.INCOME if signed > 0 else Direction.EXPENSE
    return (line, parse_statement_date(on), abs(signed), direction, _text(status),
            _text(payee), _text(item), _text(method), _text(source_category),
            _text(source_id), _text(merchant_id),
            parse_statement_amount(balance) if balance else None, _text(note))


def validate_rows(values: list[tuple]) -> list[StatementRow]:
    """The parsers' values as StatementRows; ImportFileError naming the lines that fail."""
    try:
        return list(map(StatementRow._make, _ROWS.validate_python(values)))
    except ValidationError as error:
        problems = []
        for item in error.errors()[:10]:
            index = item["loc"][0]
            field = StatementRow._fields[item["loc"][1]] if len(item["loc"]) > 1 else ""
            # pydantic's own wording is English: say what was found instead.
            problems.append(_("line {line}: {column}: '{value}' cannot be read here").format(
                line=values[index][0], column=_(FIELD_NAMES.get(str(field), str(field))),
                value=item.get("input", "")))
        raise ImportFileError("\n".join(problems)) from None


@dataclass(frozen=True)
class ParsedStatement:
    """Every movement row of one export file, and what the file says about itself.

    `source` names the format for duplicate keys ("alipay", "wechat", "cmb", "icbc",
    "csv:NAME"); `card` is the last digits of the statement's bank card when shown;
    `own_labels` are the methods that mean the wallet itself (余额, 零钱).
    """

    source: str
    label: str
    rows: list[StatementRow]
    wallet: bool = False
    card: str = ""
    own_labels: frozenset[str] = frozenset()
    ignored_lines: int = 0
    """Summary, total and blank lines after the header that are not movements."""

    @property
    def net(self) -> int:
        """Sum of the rows as signed minor units (a statement's net movement)."""
        return sum(row.signed for row in self.rows if row.direction is not Direction.NEUTRAL)
