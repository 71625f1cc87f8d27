"""Which export a file is, told by its header row, and its rows as StatementRows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, model_validator

from budget.domain.imports.rows import Direction, ParsedStatement, raw_values, validate_rows
from budget.domain.imports.text import ImportFileError, clean
from budget.i18n import _

HEADER_SEARCH_ROWS = 80
_CARDS = (re.compile(r"\d{0,6}\*{2,}(\d{4})\b"), re.compile(r"尾号[:：]?\s*(\d{4})\b"))
_TRAILER_STARTS = frozenset("-#共人合总已")
_TRAILER = re.compile(r"^(-{5,}|#|共\d+笔|人民币合计|合计|总计|总收入|总支出|已收入|已支出)")

ALIPAY = ("交易时间", "交易分类", "交易对方", "对方账号", "商品说明", "收/支", "金额",
          "收/付款方式", "交易状态", "交易订单号", "商家订单号", "备注")
ALIPAY_2021 = ("收/支", "交易对方", "对方账号", "商品说明", "收/付款方式", "金额", "交易状态",
               "交易分类", "交易订单号", "商家订单号", "交易时间")
WECHAT = ("交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式",
          "当前状态", "交易单号", "商户单号", "备注")
CMB = ("记账日期", "货币", "交易金额", "联机余额", "交易摘要", "对手信息", "客户摘要")
ICBC = ("交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)",
        "交易金额(支出)", "交易币种", "记账金额(收入)", "记账金额(支出)", "记账币种", "余额",
        "对方户名")
_WALLET_DIRECTION = {"支出": Direction.EXPENSE, "收入": Direction.INCOME}


def _alipay(cells: dict[str, str], line: int) -> tuple:
    return raw_values(line, cells["交易时间"], cells["金额"],
                      _WALLET_DIRECTION.get(cells["收/支"], Direction.NEUTRAL),
                      status=cells["交易状态"], payee=cells["交易对方"], item=cells["商品说明"],
                      method=cells["收/付款方式"].split("&")[0],
                      source_category=cells["交易分类"], source_id=cells["交易订单号"],
                      merchant_id=cells["商家订单号"], note=cells.get("备注", ""))


def _wechat(cells: dict[str, str], line: int) -> tuple:
    return raw_values(line, cells["交易时间"], cells["金额(元)"],
                      _WALLET_DIRECTION.get(cells["收/支"], Direction.NEUTRAL),
                      status=cells["当前状态"], payee=cells["交易对方"], item=cells["商品"],
                      method=cells["支付方式"], source_category=cells["交易类型"],
                      source_id=cells["交易单号"], merchant_id=cells["商户单号"],
                      note=cells["备注"])


def _cmb(cells: dict[str, str], line: int) -> tuple:
    return raw_values(line, cells["记账日期"], cells["交易金额"], "signed",
                      balance=cells["联机余额"], payee=cells["对手信息"], item=cells["交易摘要"],
                      source_category=cells["交易摘要"], note=cells["客户摘要"])


def _icbc(cells: dict[str, str], line: int) -> tuple:
    income, expense = cells["记账金额(收入)"], cells["记账金额(支出)"]
    if income and expense:
        raise ValueError(_("both income and expense are filled in"))
    return raw_values(line, cells["交易日期"], income or expense,
                      Direction.INCOME if income else Direction.EXPENSE,
                      balance=cells["余额"], payee=cells["对方户名"] or cells["交易场所"],
                      item=cells["摘要"], source_category=cells["摘要"])


@dataclass(frozen=True)
class Layout:
    """One export format: its header, and how a row's cells become a StatementRow."""

    source: str
    label: str
    header: tuple[str, ...]
    build: Callable[[dict[str, str], int], tuple]
    wallet: bool = False
    own_labels: frozenset[str] = frozenset()


LAYOUTS = (
    Layout("alipay", "Alipay", ALIPAY, _alipay, True, frozenset({"余额", "账户余额"})),
    Layout("alipay", "Alipay (2021-2023 layout)", ALIPAY_2021, _alipay, True,
           frozenset({"余额", "账户余额"})),
    Layout("wechat", "WeChat Pay", WECHAT, _wechat, True, frozenset({"零钱"})),
    Layout("cmb", "China Merchants Bank statement", CMB, _cmb),
    Layout("icbc", "ICBC statement", ICBC, _icbc),
)


class ColumnMap(BaseModel):
    """A saved mapping for a bank budget does not know: which header names hold what.

    Either `amount` (signed, expenses negative; `expense_positive` flips it) or both
    `income` and `expense` (unsigned) must be given.
    """

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    date: str
    amount: str = ""
    income: str = ""
    expense: str = ""
    payee: str = ""
    note: str = ""
    id: str = ""
    balance: str = ""
    expense_positive: bool = False

    @model_validator(mode="after")
    def _one_way_of_amounts(self) -> ColumnMap:
        if not self.amount and not (self.income and self.expense):
            raise ValueError(_("give --amount, or both --income and --expense"))
        if self.amount and (self.income or self.expense):
            raise ValueError(_("give --amount, or --income and --expense, not both"))
        return self

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(name for name in (self.date, self.amount, self.income, self.expense)
                     if name)


def _mapped(spec: ColumnMap) -> Callable[[dict[str, str], int], tuple]:
    def build(cells: dict[str, str], line: int) -> tuple:
        text = {"payee": cells.get(spec.payee, ""), "note": cells.get(spec.note, ""),
                "source_id": cells.get(spec.id, "")}
        balance = cells.get(spec.balance, "")
        if spec.amount:
            amount = cells[spec.amount]
            if spec.expense_positive:
                amount = amount[1:] if amount.startswith("-") else "-" + amount
            return raw_values(line, cells[spec.date], amount, "signed", balance=balance,
                              **text)
        income, expense = cells[spec.income], cells[spec.expense]
        return raw_values(line, cells[spec.date], income or expense,
                          Direction.INCOME if income else Direction.EXPENSE, balance=balance,
                          **text)

    return build


def _matches(cells: list[str], header: tuple[str, ...]) -> bool:
    return tuple(cells[:len(header)]) == header


def _header_cells(row: list[str]) -> list[str]:
    return [cell.replace(" ", "") for cell in row]


def detect(rows: list[list[str]], mapping: tuple[str, ColumnMap] | None = None
           ) -> tuple[Layout, int]:
    """The layout of an export and the index of its header row, from the content alone."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = _header_cells(row)
        if mapping is not None:
            name, spec = mapping
            if set(spec.required) <= set(cells):
                return Layout(f"csv:{name.casefold()}", _("CSV mapping {name}").format(
                    name=name), tuple(cells), _mapped(spec)), index
            continue
        for layout in LAYOUTS:
            if _matches(cells, layout.header):
                return layout, index
    if mapping is not None:
        raise ImportFileError(_("no header row holds the columns {columns} of mapping "
                                "{name}").format(columns=", ".join(mapping[1].required),
                                                 name=mapping[0]))
    raise ImportFileError(_(
        "this is not an export budget recognises: Alipay, WeChat Pay (CSV or XLSX), China "
        "Merchants Bank or ICBC statements. For another bank, save a column mapping with "
        "`budget import map add` and import with --map NAME"))


def parse_rows(rows: list[list[str]], mapping: tuple[str, ColumnMap] | None = None,
               progress: Callable[[int, int], None] | None = None) -> ParsedStatement:
    """Every movement row of an export; summary, total and blank lines are left out.

    `progress(done, total)` is called every few thousand rows. Raises ImportFileError
    naming the line of the first rows that cannot be read.
    """
    layout, header_index = detect(rows, mapping)
    header = _header_cells(rows[header_index])
    card = "" if layout.wallet else _card(rows[:header_index])
    values: list[tuple] = []
    problems: list[str] = []
    ignored = 0
    width = len(header)
    for index in range(header_index + 1, len(rows)):
        row = rows[index]  # cells arrive clean from file_rows
        first = row[0] if row else ""
        if first[:1] in _TRAILER_STARTS and _TRAILER.match(first.replace(" ", "")):
            if first.startswith("-"):
                ignored += len(rows) - index  # Alipay's trailer: export info, not rows
                break
            ignored += 1
            continue
        if not any(row):
            ignored += 1
            continue
        if len(row) < width:
            row = [*row, *([""] * (width - len(row)))]
        cells = dict(zip(header, row, strict=False))
        if progress is not None and not index % 5000:
            progress(index, len(rows))
        try:
            values.append(layout.build(cells, index + 1))
        except (ValueError, KeyError) as error:
            problems.append(_("line {line}: {problem}").format(line=index + 1, problem=error))
            if len(problems) >= 10:
                break
    if problems:
        raise ImportFileError("\n".join(problems))
    parsed = validate_rows(values)
    return ParsedStatement(source=layout.source, label=layout.label, rows=parsed,
                           wallet=layout.wallet, card=card, own_labels=layout.own_labels,
                           ignored_lines=ignored)


def _card(preamble: list[list[str]]) -> str:
    for pattern in _CARDS:
        for row in preamble:
            for cell in row:
                match = pattern.search(clean(cell))
                if match:
                    return match.group(1)
    return ""
