"""A lived-in demo ledger: a year of a young worker's money in a Chinese city."""

from __future__ import annotations

import os
import random
import tempfile
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path

from budget.domain.dates import add_months
from budget.domain.ledger import AccountKind, category_key
from budget.i18n import N_, _
from budget.storage.database import open_database
from budget.storage.files import private_dir
from budget.storage.ledger import Ledger

MONTHS = 12

# (name, kind, opening balance in fen, reserve)
# The demo is written in English names and shown in the language it is built in: accounts,
# categories, notes and bills are translated as they are saved (payees are Chinese shops).
ACCOUNTS = [
    ("招商银行", AccountKind.BANK, 3_500_00, False),
    (N_("Alipay"), AccountKind.E_WALLET, 200_00, False),
    (N_("WeChat"), AccountKind.E_WALLET, 150_00, False),
    (N_("Credit card"), AccountKind.CREDIT_CARD, 0, False),
    (N_("Savings"), AccountKind.SAVINGS, 6_000_00, True),
]
CASH_OPENING = 300_00

# Rare, costly months: (category, payee, note, amount in fen, account).
SETBACKS = [
    ("Health", "口腔医院", N_("root canal and crown"), 2_860_00, "Credit card"),
    ("Shopping", "京东", N_("phone died, new phone"), 2_499_00, "Credit card"),
    ("Transport", "12306", N_("train home, family emergency"), 1_180_00, "Alipay"),
    ("Other", "", N_("wedding gift for a cousin"), 2_000_00, "WeChat"),
]


class _DemoYear:
    """Writes one year of entries day by day, keeping wallets funded as a person would."""

    def __init__(self, rng: random.Random, accounts: dict[str, int],
                 categories: dict[str, int]):
        self.rng = rng
        self.accounts = accounts
        self.categories = categories
        self.rows: list[tuple] = []
        self.balance: dict[str, int] = {}
        self.card_spent: dict[tuple[int, int], int] = defaultdict(int)
        self.next_transfer_id = 1

    def _created(self, day: date) -> str:
        moment = datetime.combine(day, time(self.rng.randrange(7, 23), self.rng.randrange(60)))
        return moment.isoformat(timespec="seconds")

    def _row(self, day: date, amount: int, account: str, category: str | None, payee: str,
             note: str, transfer_id: int | None = None) -> None:
        category_id = self.categories[category_key(category)] if category else None
        self.rows.append((day.isoformat(), amount, self.accounts[account], category_id, payee,
                          _(note) if note else "", transfer_id, self._created(day)))
        self.balance[account] = self.balance.get(account, 0) + amount

    def income(self, day: date, amount: int, category: str, payee: str, note: str = "",
               account: str = "招商银行") -> None:
        self._row(day, amount, account, category, payee, note)

    def spend(self, day: date, amount: int, category: str, payee: str, account: str,
              note: str = "") -> None:
        """An expense; tops the wallet up from the bank first if it would go negative."""
        if account in ("Alipay", "WeChat", "Cash") and self.balance[account] < amount:
            top_up = 300_00 if account == "Cash" else self.rng.choice([500_00, 800_00, 1_000_00])
            self.transfer(day, max(top_up, amount), "招商银行", account,
                          N_("ATM") if account == "Cash" else N_("top-up"))
        if account == "Credit card":
            self.card_spent[day.year, day.month] += amount
        self._row(day, -amount, account, category, payee, note)

    def transfer(self, day: date, amount: int, source: str, target: str, note: str) -> None:
        transfer_id, self.next_transfer_id = self.next_transfer_id, self.next_transfer_id + 1
        self._row(day, -amount, source, None, "", note, transfer_id)
        self._row(day, amount, target, None, "", note, transfer_id)

    def yuan(self, low: int, high: int) -> int:
        """A price between `low` and `high` yuan, to the jiao, as fen."""
        return self.rng.randrange(low * 10, high * 10 + 1) * 10

    # -- one day --------------------------------------------------------------------

    def live(self, day: date, setback_months: set[tuple[int, int]]) -> None:
        self.monthly(day, (day.year, day.month) in setback_months)
        self.meals(day)
        self.commute(day)
        self.errands(day)

    def monthly(self, day: date, setback: bool) -> None:
        rng = self.rng
        if day.day == 1:
            self.spend(day, 2_200_00, "Housing", "房东", "招商银行", N_("rent"))
        if day.day == 5:
            self.spend(day, 25_00, "Entertainment", "爱奇艺", "Alipay", N_("membership"))
        if day.day == 10:
            self.income(day, rng.randrange(8_000, 9_001, 50) * 100, "Salary", "公司", N_("salary"))
            self.spend(day, 800_00, "Other", "爸妈", "WeChat", N_("sent home"))
        if day.day == 11:
            self.save(day, setback)
        if day.day == 12:
            self.repay_card(day)
        if day.day == 18:
            self.spend(day, rng.choice([58_00, 88_00]), "Communication", "中国移动", "WeChat",
                       N_("phone plan"))
        if day.day == 20:
            self.spend(day, self.electricity(day), "Utilities", "国家电网", "Alipay",
                       N_("electricity"))
            self.spend(day, self.yuan(40, 90), "Utilities", "水务燃气", "Alipay",
                       N_("water and gas"))
        if setback and day.day == 16:
            category, payee, note, amount, account = rng.choice(SETBACKS)
            self.spend(day, amount, category, payee, account, note)

    def save(self, day: date, setback: bool) -> None:
        """Pay yourself first, except in a bad month, when the reserve does its job."""
        if not setback:
            self.transfer(day, self.rng.choice([800_00, 1_000_00, 1_200_00, 1_500_00]),
                          "招商银行", "Savings", N_("monthly saving"))
        elif self.rng.random() < 0.5:
            self.transfer(day, 2_000_00, "Savings", "招商银行", N_("covering a bad month"))

    def repay_card(self, day: date) -> None:
        year, month = add_months(day.year, day.month, -1)
        bill = self.card_spent.get((year, month), 0)
        if bill:
            self.transfer(day, bill, "招商银行", "Credit card",
                          _("card bill {month}").format(month=f"{year}-{month:02d}"))

    def electricity(self, day: date) -> int:
        # Air conditioning in summer, heaters in winter.
        return self.yuan(150, 260) if day.month in (1, 2, 7, 8) else self.yuan(60, 140)

    def meals(self, day: date) -> None:
        rng = self.rng
        weekday = day.weekday() < 5
        if weekday and rng.random() < 0.6:
            self.spend(day, self.yuan(6, 14), "Food", rng.choice(["包子铺", "全家"]), "WeChat",
                       N_("breakfast"))
        if weekday or rng.random() < 0.5:
            self.spend(day, self.yuan(18, 38), "Food", rng.choice(["沙县小吃", "食堂", "美团外卖"]),
                       rng.choice(["Alipay", "WeChat"]), N_("lunch"))
        if rng.random() < 0.55:
            self.spend(day, self.yuan(15, 55), "Food",
                       rng.choice(["美团外卖", "兰州拉面", "饿了么"]),
                       rng.choice(["Alipay", "WeChat"]), N_("dinner"))
        if not weekday and rng.random() < 0.3:
            self.spend(day, self.yuan(80, 220), "Food", rng.choice(["海底捞", "烧烤店"]),
                       "Credit card", N_("dinner with friends"))
        if rng.random() < 0.2:
            self.spend(day, self.yuan(12, 30), "Food", "瑞幸咖啡", "Alipay", N_("coffee"))

    def commute(self, day: date) -> None:
        rng = self.rng
        if day.weekday() < 5 and rng.random() < 0.9:
            self.spend(day, self.yuan(6, 10), "Transport", "地铁", "Alipay", N_("metro"))
        if rng.random() < 0.06:
            self.spend(day, self.yuan(15, 48), "Transport", "滴滴出行", "WeChat", N_("taxi"))

    def errands(self, day: date) -> None:
        rng = self.rng
        if day.weekday() in (2, 5) or rng.random() < 0.05:
            self.spend(day, self.yuan(35, 180), "Groceries", rng.choice(["盒马", "永辉超市"]),
                       rng.choice(["Alipay", "WeChat"]))
        if rng.random() < 0.07:
            self.spend(day, self.yuan(30, 450), "Shopping", rng.choice(["淘宝", "拼多多", "京东"]),
                       rng.choice(["Alipay", "Credit card"]))
        if rng.random() < 0.05:
            self.spend(day, self.yuan(40, 180), "Entertainment", rng.choice(["万达影城", "KTV"]),
                       "WeChat", rng.choice([N_("movie"), N_("karaoke with colleagues")]))
        if rng.random() < 0.03:
            self.spend(day, self.yuan(25, 130), "Health", "大参林药房", "Cash", N_("medicine"))
        if rng.random() < 0.01:
            self.income(day, self.yuan(20, 200), "Refund", "淘宝", N_("return"), account="Alipay")
        if rng.random() < 0.012:
            self.income(day, self.yuan(300, 900), "Side income", "闲鱼", N_("sold old things"),
                        account="Alipay")


def demo_start(today: date) -> date:
    """The first day of the demo: the start of the month eleven months before `today`'s."""
    year, month = add_months(today.year, today.month, -(MONTHS - 1))
    return date(year, month, 1)


def build_demo(path: str | Path, *, today: date, seed: int = 7) -> Path:
    """Build the demo database at `path`, replacing any previous one; same seed, same data."""
    path = Path(path).expanduser()
    private_dir(path.parent)
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".db", dir=path.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        conn = open_database(temporary, allow_empty=True)  # mkstemp made it, empty
        try:
            _fill(Ledger(conn), today=today, seed=seed)
        finally:
            conn.close()  # the last close checkpoints the WAL into the file
        # A stale WAL beside the old demo would be replayed into the new file.
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, path)
    except BaseException:
        for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return path


def _fill(ledger: Ledger, *, today: date, seed: int) -> None:
    start = demo_start(today)
    opened = datetime.combine(start, time(9))
    # The new ledger's Cash account and categories are named in the active language.
    cash = next(a for a in ledger.accounts() if a.kind is AccountKind.CASH)
    ledger.update_account(cash.id, opening_balance=CASH_OPENING)
    accounts = {"Cash": cash.id}
    for name, kind, opening, reserve in ACCOUNTS:
        accounts[name] = ledger.add_account(_(name), kind, opening_balance=opening,
                                            reserve=reserve, now=opened).id
    categories = {c.key: c.id for c in ledger.categories() if c.key}
    rng = random.Random(seed)
    year = _DemoYear(rng, accounts, categories)
    year.balance = {name: ledger.account(account_id).opening_balance
                    for name, account_id in accounts.items()}
    months = [add_months(start.year, start.month, n) for n in range(MONTHS - 1)]
    setback_months = set(rng.sample(months, 3))
    day = start
    while day <= today:
        year.live(day, setback_months)
        day += timedelta(days=1)
    ledger.add_transactions_bulk(year.rows)
    _add_loan_and_bills(ledger, today)
    ledger.set_setting("last_account_id", str(accounts["WeChat"]))


def _add_loan_and_bills(ledger: Ledger, today: date) -> None:
    """The story budget grew from: a 微粒贷 repaid on time until this month's installment,
    now two days overdue; and the bills that come every month."""
    from decimal import Decimal

    from budget.domain.loans import LoanTerms, Method
    from budget.domain.money import to_decimal_string
    from budget.services.bills import create_bill
    from budget.services.loans import create_loan, pay_loan

    due = today - timedelta(days=2)
    drawn = date(*add_months(due.year, due.month, -4), min(due.day, 28))
    terms = LoanTerms(principal=5_000_00, periods=10, method=Method.DAILY_EQUAL_PRINCIPAL,
                      start=drawn, daily_rate=Decimal("0.0005"), due_day=due.day,
                      grace_days=1)
    loan = create_loan(ledger, name="微粒贷", terms=terms, lender=_("WeBank"), phones=["95384"],
                       account="招商银行")
    for installment in loan.schedule:
        if installment.due_date >= due:
            break
        pay_loan(ledger, loan.name, to_decimal_string(installment.payment),
                 on=installment.due_date, account="招商银行")
    next_month = date(*add_months(today.year, today.month, 1), 1)
    create_bill(ledger, name=_("Rent"), amount="2,200", frequency="month", day=1,
                start=next_month, category=_("Housing"), account="招商银行")
    create_bill(ledger, name=_("Phone"), amount="88", frequency="month", day=20,
                start=today + timedelta(days=1), category=_("Communication"),
                account=_("Alipay"))
    create_bill(ledger, name=_("Video subscription"), amount="25", frequency="month", day=5,
                start=today + timedelta(days=1), category=_("Entertainment"),
                account=_("Alipay"))
