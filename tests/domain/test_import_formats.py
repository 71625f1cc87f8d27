"""Reading exports: formats told from the content, encodings, padded cells, bad rows."""

from datetime import date
from pathlib import Path

import pytest

from budget.domain.imports.formats import ColumnMap, parse_rows
from budget.domain.imports.rows import Direction, parse_statement_amount, parse_statement_date
from budget.domain.imports.text import ImportFileError, file_rows

DATA = Path(__file__).parents[2] / "data"


def parse(data: bytes, mapping=None):
    return parse_rows(file_rows(data), mapping)


@pytest.mark.parametrize("name, source, rows, net", [
    ("alipay_2026-03.csv", "alipay", 16, "-423.80"),
    ("alipay_2023-01_old_layout.csv", "alipay", 5, "-64.30"),
    ("wechat_2026-03.csv", "wechat", 14, "-1508.80"),
    ("wechat_2026-03.xlsx", "wechat", 14, "-1508.80"),
    ("cmb_2026-03.csv", "cmb", 8, "4889.05"),
    ("icbc_2026-03.csv", "icbc", 5, "-309.78"),
])
def test_every_sample_is_recognised_from_its_content(name, source, rows, net):
    from budget.domain.money import to_decimal_string

    statement = parse((DATA / name).read_bytes())
    assert statement.source == source
    assert len(statement.rows) == rows
    assert to_decimal_string(statement.net) == net


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_alipay_reads_the_same_after_a_spreadsheet_resaves_it(encoding):
    original = (DATA / "alipay_2026-03.csv").read_bytes()
    resaved = original.decode("gbk").encode(encoding)
    assert parse(resaved).rows == parse(original).rows


def test_the_file_name_does_not_decide_the_format(tmp_path):
    disguised = tmp_path / "wechat-export.txt"
    disguised.write_bytes((DATA / "alipay_2026-03.csv").read_bytes())
    assert parse(disguised.read_bytes()).source == "alipay"


def test_alipay_cells_lose_their_padding_and_tabs():
    first = parse((DATA / "alipay_2026-03.csv").read_bytes()).rows[0]
    assert first.source_id == "2026030122001100001"
    assert first.on == date(2026, 3, 1)
    assert (first.amount, first.direction, first.payee) == (1590, Direction.EXPENSE, "瑞幸咖啡")
    assert first.line == 27  # the header is line 26, after 25 lines of preamble


def test_old_alipay_layout_stops_at_its_trailer_and_reads_其他_as_not_counted():
    rows = parse((DATA / "alipay_2023-01_old_layout.csv").read_bytes()).rows
    assert [row.direction for row in rows] == [Direction.EXPENSE, Direction.EXPENSE,
                                              Direction.INCOME, Direction.NEUTRAL,
                                              Direction.EXPENSE]


def test_wechat_xlsx_holds_the_same_rows_as_its_csv():
    csv_rows = parse((DATA / "wechat_2026-03.csv").read_bytes()).rows
    xlsx_rows = parse((DATA / "wechat_2026-03.xlsx").read_bytes()).rows
    assert [(r.on, r.amount, r.source_id, r.payee) for r in xlsx_rows] == \
        [(r.on, r.amount, r.source_id, r.payee) for r in csv_rows]
    rent = next(row for row in csv_rows if row.payee == "房东")
    assert rent.amount == 150000  # "¥1,500.00"
    assert rent.method == "零钱" and rent.note == "三月房租"
    neutral = next(row for row in csv_rows if row.source_category == "零钱充值")
    assert neutral.direction is Direction.NEUTRAL


def test_cmb_statement_keeps_signs_thousands_and_the_card_digits():
    statement = parse((DATA / "cmb_2026-03.csv").read_bytes())
    salary = statement.rows[0]
    assert (salary.amount, salary.direction, salary.balance) == (850000, Direction.INCOME,
                                                                  1350000)
    assert statement.card == "1234"
    assert statement.ignored_lines == 3  # a blank line and two '# ...合计' lines


def test_icbc_padded_cells_split_columns_and_total_row():
    statement = parse((DATA / "icbc_2026-03.csv").read_bytes())
    assert statement.card == "9876"
    assert [(row.amount, row.direction) for row in statement.rows] == [
        (4280, Direction.EXPENSE), (30000, Direction.INCOME), (6800, Direction.EXPENSE),
        (102, Direction.INCOME), (50000, Direction.EXPENSE)]
    assert statement.rows[-1].balance == 369022  # "3,690.22"


def test_a_bad_row_is_reported_with_its_line_number_and_nothing_is_read():
    text = (DATA / "alipay_2026-03.csv").read_bytes().decode("gbk")
    broken = text.replace(",15.90,", ",15.9.0,").replace("2026-03-15 22:10:00", "2026-13-15")
    with pytest.raises(ImportFileError) as error:
        parse(broken.encode("gbk"))
    assert "line 27" in str(error.value) and "15.9.0" in str(error.value)
    assert "line 36" in str(error.value)


def test_an_unknown_file_says_which_exports_are_known():
    with pytest.raises(ImportFileError, match="--map NAME"):
        parse("日期,金额\n2026-01-01,3.00\n".encode())


def test_binary_that_is_not_text_is_refused():
    with pytest.raises(ImportFileError):
        parse(b"\x00\x01\x02" * 100)


def test_a_saved_mapping_reads_another_banks_csv():
    mapping = ("mybank", ColumnMap(date="交易日期", amount="金额", payee="对方名称",
                                   note="用途", balance="余额"))
    statement = parse((DATA / "generic_bank.csv").read_bytes(), mapping)
    assert statement.source == "csv:mybank"
    assert [(row.signed, row.payee) for row in statement.rows] == [
        (-4560, "沃尔玛"), (30000, "某某公司"), (-3900, "中国联通")]


def test_a_mapping_with_separate_income_and_expense_columns():
    mapping = ("two", ColumnMap(date="Date", income="In", expense="Out", payee="Who"))
    text = "Date,Who,In,Out\n2026-01-02,Shop,,12.50\n2026-01-03,Boss,100.00,\n"
    assert [row.signed for row in parse(text.encode(), mapping).rows] == [-1250, 10000]


def test_a_mapping_needs_one_way_to_read_amounts():
    with pytest.raises(ValueError, match="--amount"):
        ColumnMap(date="Date")


@pytest.mark.parametrize("text, minor", [("¥28.16", 2816), ("-10.14", -1014),
                                         ("1,234.00", 123400), (" 35.00\t", 3500),
                                         ("¥50.0", 5000), ("-¥3", -300)])
def test_statement_amounts(text, minor):
    assert parse_statement_amount(text) == minor


@pytest.mark.parametrize("text", ["12.345", "1,23.00", "abc", "12+3", ""])
def test_statement_amounts_that_are_refused(text):
    with pytest.raises(ValueError, match="not an amount"):
        parse_statement_amount(text)


@pytest.mark.parametrize("text", ["2026-03-02 12:34:56", "2026/3/2 12:34", "20260302",
                                  "2026年3月2日", "2026-03-02"])
def test_statement_dates(text):
    assert parse_statement_date(text) == date(2026, 3, 2)


def test_control_characters_never_survive_a_cell():
    text = ("交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,"
            "交易单号,商户单号,备注\n"
            "2026-03-01 07:50:12,商户消费,全家\x1b[31m便利店,早餐\x07,支出,¥12.50,零钱,支付成功,"
            "42\t,F\t,/\n")
    row = parse(text.encode()).rows[0]
    assert "\x1b" not in row.payee and row.payee.startswith("全家")
    assert row.source_id == "42" and row.note == ""
