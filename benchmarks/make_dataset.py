"""Build design.md's reference data set: 1M transactions over 20 years, deterministically.

    .venv/bin/python benchmarks/make_dataset.py --transactions 1000000 --out /tmp/ref.db

Everything goes through the storage layer (open_database, Ledger), so the file has the
same schema, triggers and indexes as a user's. Same arguments, same file contents.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from budget.domain.ledger import AccountKind, CategoryKind
from budget.domain.money import to_decimal_string
from budget.storage.database import open_database
from budget.storage.ledger import Ledger

YEARS = 20
CHUNK = 50_000
LOANS = 50
BILLS = 20
AS_OF = date(2026, 11, 28)  # fixed, so figures from different days compare
EXTRA_CATEGORY = "Pets"  # the defaults are 19; the reference set has 20
ACCOUNTS = [
    ("招商银行", AccountKind.BANK, 5_000_00, False),
    ("Alipay", AccountKind.E_WALLET, 0, False),
    ("WeChat", AccountKind.E_WALLET, 0, False),
    ("Credit card", AccountKind.CREDIT_CARD, 0, False),
    ("Reserve", AccountKind.SAVINGS, 10_000_00, True),
]
# (category, weight, lowest and highest amount in yuan, payees)
SPENDING = [
    ("Food", 40, 5, 80, ["美团外卖", "沙县小吃", "食堂", "瑞幸咖啡", "兰州拉面"]),
    ("Groceries", 12, 20, 300, ["盒马", "永辉超市", "菜市场"]),
    ("Transport", 14, 2, 60, ["地铁", "公交", "滴滴出行"]),
    ("Shopping", 6, 20, 1500, ["淘宝", "京东", "拼多多"]),
    ("Entertainment", 4, 20, 300, ["万达影城", "KTV", "Steam"]),
    ("Health", 2, 20, 800, ["大参林药房", "社区医院"]),
    ("Utilities", 2, 30, 300, ["国家电网", "水务燃气"]),
    ("Communication", 1, 30, 150, ["中国移动", "中国联通"]),
    ("Housing", 1, 500, 3000, ["房东"]),
    ("Education", 1, 50, 2000, ["网易云课堂", "书店"]),
    ("Insurance", 1, 50, 600, ["平安保险"]),
    ("Loan repayment", 2, 100, 2000, ["微粒贷", "借呗"]),
    ("Interest and fees", 1, 1, 100, ["微粒贷", "借呗"]),
    ("Other", 2, 1, 500, [""]),
    (EXTRA_CATEGORY, 1, 10, 400, ["宠物医院", "猫粮"]),
]
EARNING = [
    ("Salary", 3, 6_000, 12_000, ["公司"]),
    ("Bonus", 1, 500, 5_000, ["公司"]),
    ("Side income", 2, 100, 2_000, ["闲鱼", "兼职"]),
    ("Refund", 2, 5, 300, ["淘宝", "京东"]),
    ("Other income", 1, 10, 500, [""]),
]
INCOME_SHARE = 0.04
TRANSFER_SHARE = 0.03  # of rows; each transfer is a pair


def start_date(as_of: date) -> date:
    """The first day of the twenty years that end on `as_of`."""
    try:
        return as_of.replace(year=as_of.year - YEARS) + timedelta(days=1)
    except ValueError:  # 29 February
        return as_of.replace(year=as_of.year - YEARS, day=28) + timedelta(days=1)


class RowMaker:
    """Yields transaction rows in date order, an exact number spread evenly over the days."""

    def __init__(self, rng: random.Random, accounts: dict[str, int],
                 categories: dict[str, int]):
        self.rng = rng
        self.accounts = list(accounts.values())
        self.spend_accounts = [accounts[n] for n in ("Cash", "Alipay", "WeChat", "Credit card")]
        self.bank = accounts["招商银行"]
        self.spending = [(categories[name], low, high, payees)
                         for name, _w, low, high, payees in SPENDING]
        self.spending_weights = [weight for _n, weight, *_rest in SPENDING]
        self.earning = [(categories[name], low, high, payees)
                        for name, _w, low, high, payees in EARNING]
        self.earning_weights = [weight for _n, weight, *_rest in EARNING]
        self.next_transfer_id = 1

    def rows(self, total: int, first: date, last: date) -> Iterator[tuple]:
        days = (last - first).days + 1
        for index in range(days):
            count = (index + 1) * total // days - index * total // days
            yield from self.day(first + timedelta(days=index), count)

    def day(self, day: date, count: int) -> Iterator[tuple]:
        rng, iso = self.rng, day.isoformat()
        left = count
        while left:
            created = f"{iso}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00"
            draw = rng.random()
            if draw < TRANSFER_SHARE and left >= 2:
                yield from self.transfer(iso, created)
                left -= 2
                continue
            if draw < TRANSFER_SHARE + INCOME_SHARE:
                category, low, high, payees = rng.choices(self.earning, self.earning_weights)[0]
                account, sign = self.bank, 1
            else:
                category, low, high, payees = rng.choices(self.spending,
                                                          self.spending_weights)[0]
                account, sign = rng.choice(self.spend_accounts), -1
            amount = sign * rng.randrange(low * 100, high * 100 + 1)
            yield (iso, amount, account, category, rng.choice(payees), "", None, created)
            left -= 1

    def transfer(self, iso: str, created: str) -> Iterator[tuple]:
        source, target = self.rng.sample(self.accounts, 2)
        amount = self.rng.randrange(100, 3_000) * 100
        transfer_id, self.next_transfer_id = self.next_transfer_id, self.next_transfer_id + 1
        yield (iso, -amount, source, None, "", "transfer", transfer_id, created)
        yield (iso, amount, target, None, "", "transfer", transfer_id, created)


def chunks(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


LOAN_METHODS = ["equal-installment", "equal-principal", "interest-first", "bullet",
                "daily-equal-principal"]


def add_loans(ledger: Ledger, count: int, rng: random.Random, as_of: date) -> int:
    """`count` loans drawn over the last three years, paid on time except a few late ones.

    Through the same services as `budget loan add` / `loan pay`, so the reference set holds
    real schedules and real payment rows for `budget due` to replay.
    """
    from budget.domain.loans import LoanTerms
    from budget.domain.repayment import payoff_quote
    from budget.services.loans import create_loan, find_loan, pay_loan

    for number in range(count):
        method = LOAN_METHODS[number % len(LOAN_METHODS)]
        periods = 1 if method == "bullet" else rng.choice([3, 6, 10, 12, 24, 36])
        start = as_of - timedelta(days=rng.randint(20, 3 * 365))
        rate = ({"daily_rate": Decimal("0.0005")} if method == "daily-equal-principal"
                else {"annual_rate": Decimal(rng.choice(["0.06", "0.12", "0.18", "0.24"]))})
        terms = LoanTerms(principal=rng.randint(10, 500) * 10_000, periods=periods,
                          method=method, start=start, grace_days=number % 2, **rate)
        loan = create_loan(ledger, name=f"Loan {number + 1:02d}", terms=terms,
                           lender=rng.choice(["WeBank", "Ant", "CMB", "ICBC"]))
        late = number % 7 == 0  # a few loans stop being paid: overdue in `budget due`
        for row in loan.schedule:
            paid_on = row.due_date - timedelta(days=rng.randint(0, 3))
            if paid_on > as_of or (late and row.due_date > as_of - timedelta(days=40)):
                break
            # paid a few days early, a daily-interest loan's last period costs less
            current = find_loan(ledger, loan.name)
            closing = payoff_quote(current.terms, list(current.schedule), current.payments,
                                   paid_on)
            pay_loan(ledger, loan.name, to_decimal_string(min(row.payment, closing)),
                     on=paid_on)
    return count


def add_bills(ledger: Ledger, count: int, rng: random.Random, as_of: date) -> int:
    """Monthly and weekly bills, the current cycle partly paid."""
    from budget.services.bills import create_bill

    for number in range(count):
        every = "week" if number % 5 == 0 else ("year" if number % 7 == 0 else "month")
        create_bill(ledger, name=f"Bill {number + 1:02d}", amount=str(rng.randint(20, 3000)),
                    frequency=every, day=rng.randint(1, 28) if every == "month" else None,
                    start=as_of - timedelta(days=rng.randint(30, 700)), category="Utilities")
    return count


def setup(ledger: Ledger, first: date) -> tuple[dict[str, int], dict[str, int]]:
    """The 6 accounts and 20 categories of the reference set."""
    opened = datetime.combine(first, datetime.min.time())
    accounts = {a.name: a.id for a in ledger.accounts()}
    for name, kind, opening, reserve in ACCOUNTS:
        accounts[name] = ledger.add_account(name, kind, opening_balance=opening,
                                            reserve=reserve, now=opened).id
    ledger.add_category(EXTRA_CATEGORY, CategoryKind.EXPENSE)
    categories = {c.name: c.id for c in ledger.categories()}
    return accounts, categories


def build(out: Path, *, transactions: int, seed: int, as_of: date) -> None:
    for stale in (out, Path(f"{out}-wal"), Path(f"{out}-shm")):
        stale.unlink(missing_ok=True)
    conn = open_database(out)
    ledger = Ledger(conn)
    first = start_date(as_of)
    accounts, categories = setup(ledger, first)
    maker = RowMaker(random.Random(seed), accounts, categories)
    written = 0
    for chunk in chunks(maker.rows(transactions, first, as_of), CHUNK):
        written += ledger.add_transactions_bulk(chunk)
        print(f"\r{written:,} / {transactions:,} transactions", end="", flush=True)
    print()
    loans = add_loans(ledger, LOANS, random.Random(seed + 1), as_of)
    bills = add_bills(ledger, BILLS, random.Random(seed + 2), as_of)
    print(f"{loans} loans, {bills} bills")
    conn.close()  # checkpoints the WAL into the file
    print(f"{len(accounts)} accounts, {len(categories)} categories, {written:,} transactions "
          f"from {first} to {as_of}; {out.stat().st_size / 2**20:.0f} MiB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True, help="database file (replaced)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", type=date.fromisoformat, default=AS_OF,
                        help=f"last day of the data, YYYY-MM-DD (default {AS_OF})")
    args = parser.parse_args(argv)
    if args.transactions < 1:
        parser.error("--transactions must be at least 1")
    started = time.perf_counter()
    build(args.out.expanduser(), transactions=args.transactions, seed=args.seed,
          as_of=args.as_of)
    print(f"elapsed: {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
