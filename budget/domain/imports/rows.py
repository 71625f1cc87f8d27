"""One movement read from an export, validated: the shape every format's parser produces."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from budget.domain.imports.text import ImportFileError, clean
from budget.i18n import _

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


class StatementRow(BaseModel):
    """A movement of money as the export shows it. Amounts are positive minor units (分).

    `line` is the 1-based line (CSV) or row (XLSX) in the file, for messages.
    """

    model_config = ConfigDict(frozen=True)

    line: int
    on: date
    amount: int
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

    @model_validator(mode="before")
    @classmethod
    def _signed(cls, values: dict) -> dict:
        # Bank statements give one signed column: its sign decides the direction.
        if values.get("direction") == "signed":
            amount = parse_statement_amount(str(values.get("amount", "")))
            values = {**values, "amount": abs(amount),
                      "direction": Direction.INCOME if amount > 0 else Direction.EXPENSE}
        return values

    @field_validator("on", mode="before")
    @classmethod
    def _date(cls, value: object) -> date:
        if isinstance(value, date):
            return value
        return parse_statement_date(str(value))

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: object) -> int:
        if isinstance(value, int):
            return value
        amount = parse_statement_amount(str(value))
        if amount == 0:
            raise ValueError(_("the amount is zero"))
        return abs(amount)

    @field_validator("balance", mode="before")
    @classmethod
    def _balance(cls, value: object) -> int | None:
        if value is None or isinstance(value, int):
            return value
        text = clean(value)
        return parse_statement_amount(text) if text else None

    @field_validator("status", "payee", "item", "method", "source_category", "source_id",
                     "merchant_id", "note", mode="before")
    @classmethod
    def _text(cls, value: object) -> str:
        text = clean(value)
        return "" if text == "/" else text  # `/` means empty in both wallets' exports

    @property
    def signed(self) -> int:
        """The amount with the export's sign: out negative, in positive, neutral positive."""
        return -self.amount if self.direction is Direction.EXPENSE else self.amount


FIELD_NAMES = {"on": "date", "amount": "amount", "direction": "income/expense",
               "balance": "balance", "status": "status"}


def validate_row(values: dict) -> StatementRow:
    """A parser's raw cells as a StatementRow; ImportFileError naming the line and column."""
    try:
        return StatementRow.model_validate(values)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            where = FIELD_NAMES.get(str(item["loc"][0]) if item["loc"] else "", "row")
            message = str(item.get("ctx", {}).get("error", item["msg"]))
            problems.append(_("{column}: {problem}").format(column=_(where), problem=message))
        raise ImportFileError(_("line {line}: {problems}").format(
            line=values.get("line", "?"), problems="; ".join(problems))) from None
    except ValueError as error:
        raise ImportFileError(_("line {line}: {problem}").format(
            line=values.get("line", "?"), problem=error)) from None


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


