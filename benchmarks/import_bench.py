"""Time `budget import` of 100,000 statement rows and the re-import (all duplicates).

    .venv/bin/python benchmarks/import_bench.py [--rows 100000] [--db /tmp/ref.db]

Writes a deterministic Alipay export (GBK, the 2023 layout, made-up payees) of --rows rows
with the quirks of the real one, then runs the real `budget import` command twice on a
copy of --db (default: a fresh database) and prints the wall times against design.md's
targets (<= 5 s and <= 2 s). Also the same rows as a WeChat XLSX, for comparison.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HEADER = ("交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,"
          "交易订单号,商家订单号,备注,")
PAYEES = [("餐饮美食", "美团"), ("餐饮美食", "瑞幸咖啡"), ("日用百货", "盒马鲜生"),
          ("交通出行", "滴滴出行"), ("服饰装扮", "小鹿服饰店"), ("充值缴费", "中国移动"),
          ("转账红包", "某同事"), ("其他", "某商户")]
TARGETS = {"import": 5.0, "re-import": 2.0}


def alipay_rows(count: int, seed: int = 11):
    rng = random.Random(seed)
    start = datetime(2024, 1, 1)
    for number in range(count):
        when = start + timedelta(minutes=number * 7)
        category, payee = rng.choice(PAYEES)
        roll = rng.random()
        direction, status = ("收入", "交易成功") if roll < 0.05 else ("支出", "交易成功")
        if roll > 0.98:
            status = "交易关闭"
        amount = f"{rng.randrange(100, 50_000) / 100:.2f}"
        method = "招商银行(1234)" if rng.random() < 0.2 else "余额"
        yield (f"{when:%Y-%m-%d %H:%M:%S} ", category, payee, "/", f"订单{number}", direction,
               amount, method, status, f"{20240101220011000000 + number}\t", f"M{number}\t",
               "", "")


def write_alipay(path: Path, count: int) -> None:
    lines = ["支付宝交易记录明细查询"] * 24 + [HEADER]
    lines += [",".join(row) for row in alipay_rows(count)]
    path.write_bytes(("\n".join(lines) + "\n").encode("gbk"))


def write_wechat_xlsx(path: Path, count: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for _ in range(16):
        sheet.append(["微信支付账单明细"])
    sheet.append(["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式",
                  "当前状态", "交易单号", "商户单号", "备注"])
    for row in alipay_rows(count, seed=12):
        sheet.append([row[0].strip(), "商户消费", row[2], row[4], row[5], f"¥{row[6]}", "零钱",
                      "支付成功", row[9], row[10], "/"])
    book.save(path)


def budget_command() -> list[str]:
    script = Path(sys.executable).with_name("budget")
    return [str(script)] if script.exists() else [sys.executable, "-m", "budget"]


def timed(args: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(result.stderr)
    return elapsed, result.stdout


def fresh_copy(source: Path | None, folder: Path) -> Path:
    target = folder / "bench.db"
    if source is not None:
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="start from a copy of this database")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        export = folder / "alipay.csv"
        write_alipay(export, args.rows)
        db = fresh_copy(args.db, folder)
        command = budget_command()
        account = ["--db", str(db)]
        if args.db is None:
            subprocess.run([*command, "account", "add", "Alipay", "--kind", "e-wallet",
                            *account], check=True, capture_output=True)
        # The day's automatic backup is made by the first write; make it before timing.
        subprocess.run([*command, "add", "1", "food", *account], check=True,
                       capture_output=True)
        base = [*command, "import", str(export), "--account", "Alipay", *account]
        first, out = timed(base)
        again, out_again = timed(base)
        print(out.splitlines()[1])
        print(out_again.splitlines()[1])
        xlsx = folder / "wechat.xlsx"
        write_wechat_xlsx(xlsx, args.rows)
        subprocess.run([*command, "account", "add", "WeChat", "--kind", "e-wallet", *account],
                       check=True, capture_output=True)
        wechat, _ = timed([*command, "import", str(xlsx), "--account", "WeChat", *account])
        floor = min(timed([sys.executable, "-c", "import sqlite3"])[0] for _ in range(5))
        print(f"{'what':<44} {'measured':>9} {'target':>7}")
        for label, value, target in [
                ("python -c 'import sqlite3' (the floor)", floor, None),
                (f"import {args.rows:,} Alipay CSV rows", first, TARGETS["import"]),
                ("re-import them (all duplicates)", again, TARGETS["re-import"]),
                (f"import {args.rows:,} WeChat XLSX rows", wechat, None)]:
            mark = "" if target is None else ("ok" if value <= target else "SLOW")
            shown = f"{target:.1f} s" if target else "-"
            print(f"{label:<44} {value:>7.2f} s {shown:>7} {mark}".rstrip())


if __name__ == "__main__":
    main()
