"""Which export a file is, told by its header row, and its rows as StatementRows."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, model_validator

from budget.domain.imports.rows import Direction, ParsedStatement, raw_values, validate_rows
from budget.domain.imports.text import ImportFileError, clean
from budget.i18n import N_, _

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


# Each builder takes the line number and the cells of its layout's `columns`, in order.
def _alipay(line, on, amount, flow, status, payee, item, method, category, source_id,
            merchant_id, note) -> tuple:
    return raw_values(line, on, amount, _WALLET_DIRECTION.get(flow, Direction.NEUTRAL), "",
                      status, payee, item, method.split("&")[0], category, source_id,
                      merchant_id, note)


_ALIPAY_COLUMNS = ("交易时间", "金额", "收/支", "交易状态", "交易对方", "商品说明", "收/付款方式",
                   "交易分类", "交易订单号", "商家订单号", "备注")


def _wechat(line, on, amount, flow, status, payee, item, method, category, source_id,
            merchant_id, note) -> tuple:
    return raw_values(line, on, amount, _WALLET_DIRECTION.get(flow, Direction.NEUTRAL), "",
                      status, payee, item, method, category, source_id, merchant_id, note)


_WECHAT_COLUMNS = ("交易时间", "金额(元)", "收/支", "当前状态", "交易对方", "商品", "支付方式",
                   "交易类型", "交易单号", "商户单号", "备注")


def _cmb(line, on, amount, balance, summary, payee, note) -> tuple:
    return raw_values(line, on, amount, "signed", balance, "", payee, summary, "", summary,
                      "", "", note)


_CMB_COLUMNS = ("记账日期", "交易金额", "联机余额", "交易摘要", "对手信息", "客户摘要")


def _icbc(line, on, income, expense, balance, payee, place, summary) -> tuple:
    if income and expense:
        raise ValueError(_("both income and expense are filled in"))
    return raw_values(line, on, income or expense,
                      Direction.INCOME if income else Direction.EXPENSE, balance, "",
                      payee or place, summary, "", summary)


_ICBC_COLUMNS = ("交易日期", "记账金额(收入)", "记账金额(支出)", "余额", "对方户名", "交易场所",
                 "摘要")


@dataclass(frozen=True)
class Layout:
    """One export format: its header, and how a row's cells become a StatementRow."""

    source: str
    label: str
    header: tuple[str, ...]
    build: Callable[..., tuple]
    columns: tuple[str, ...]
    """The header names whose cells `build` takes, after the line number."""
    wallet: bool = False
    own_labels: frozenset[str] = frozenset()


LAYOUTS = (
    Layout("alipay", N_("Alipay"), ALIPAY, _alipay, _ALIPAY_COLUMNS, True,
           frozenset({"余额", "账户余额"})),
    Layout("alipay", N_("Alipay (2021-2023 layout)"), ALIPAY_2021, _alipay, _ALIPAY_COLUMNS, True,
           frozenset({"余额", "账户余额"})),
    Layout("wechat", N_("WeChat Pay"), WECHAT, _wechat, _WECHAT_COLUMNS, True, frozenset({"零钱"})),
    Layout("cmb", N_("China Merchants Bank statement"), CMB, _cmb, _CMB_COLUMNS),
    Layout("icbc", N_("ICBC statement"), ICBC, _icbc, _ICBC_COLUMNS),
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


def _mapped(spec: ColumnMap) -> tuple[Callable[..., tuple], tuple[str, ...]]:
    columns = (spec.date, spec.amount, spec.income, spec.expense, spec.balance, spec.payee,
               spec.id, spec.note)

    def build(line, on, amount, income, expense, balance, payee, source_id, note) -> tuple:
        if spec.amount:
            if spec.expense_positive:
                amount = amount[1:] if amount.startswith("-") else "-" + amount
            return raw_values(line, on, amount, "signed", balance, "", payee, "", "", "",
                              source_id, "", note)
        return raw_values(line, on, income or expense,
                          Direction.INCOME if income else Direction.EXPENSE, balance, "",
                          payee, "", "", "", source_id, "", note)

    return build, columns


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
                build, columns = _mapped(spec)
                return Layout(f"csv:{name.casefold()}", _("CSV mapping {name}").format(
                    name=name), tuple(cells), build, columns), index
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
    # Cells by position, taken by one itemgetter per row; a column the file lacks (or a
    # mapping leaves empty) reads the "" appended to every row.
    positions = {name: position for position, name in enumerate(header) if name}
    cells_of = operator.itemgetter(*(positions.get(name, width) if name else width
                                     for name in layout.columns))
    build = layout.build
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
        cells = row[:width]
        cells += [""] * (width + 1 - len(cells))
        if progress is not None and not index % 5000:
            progress(index, len(rows))
        try:
            values.append(build(index + 1, *cells_of(cells)))
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
