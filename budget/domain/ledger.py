"""Ledger values: accounts, categories and transactions, as plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from budget.i18n import _


class AccountKind(StrEnum):
    """What an account is; a credit card holds debt, not savings."""

    CASH = "cash"
    BANK = "bank"
    CREDIT_CARD = "credit-card"
    E_WALLET = "e-wallet"
    SAVINGS = "savings"


class CategoryKind(StrEnum):
    """Income categories store positive amounts, expense categories negative ones."""

    INCOME = "income"
    EXPENSE = "expense"


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    kind: AccountKind
    currency: str
    opening_balance: int
    balance: int
    reserve: bool = False
    archived: bool = False
    card: str = ""
    """Last four digits of the account's card ('' when unknown): imports find it by them."""


@dataclass(frozen=True)
class Category:
    id: int
    name: str
    kind: CategoryKind
    essential: bool = False
    archived: bool = False

    def signed(self, amount: int) -> int:
        """The stored amount of what was typed: an expense is stored negative.

        So a negative amount typed in an expense category is a refund, stored positive,
        that lowers the category's spending; in an income category it lowers income (a
        salary correction). Applied to a stored amount it gives back what was typed.
        """
        return -amount if self.kind is CategoryKind.EXPENSE else amount

    def is_refund(self, stored: int) -> bool:
        """True for a stored amount that goes against the category's kind."""
        return self.signed(stored) < 0


@dataclass(frozen=True)
class Transaction:
    id: int
    date: date
    amount: int
    currency: str
    account_id: int
    account: str
    category_id: int | None
    category: str | None
    payee: str = ""
    note: str = ""
    transfer_id: int | None = None
    loan_payment_id: int | None = None
    """Set on the rows a loan payment posted: they change only through the loan."""
    loan_id: int | None = None
    """Set on the row that brought a loan's money into an account."""
    category_kind: CategoryKind | None = None

    @property
    def typed_amount(self) -> int:
        """The amount as a person types it: an expense positive, a refund negative."""
        if self.category_kind is CategoryKind.EXPENSE:
            return -self.amount
        return self.amount

    @property
    def is_transfer(self) -> bool:
        return self.transfer_id is not None

    @property
    def belongs_to_loan(self) -> bool:
        """Posted by a loan (its draw or a payment): edited and deleted through the loan."""
        return self.loan_payment_id is not None or self.loan_id is not None


def date_text(on: date, today: date | None = None) -> str:
    """A row's date as lists show it: ``2026-12-01``, and ``2026-12-01 scheduled`` when it
    is dated after `today` (entered ahead: no balance counts it until its day)."""
    if today is not None and on > today:
        return _("{date} scheduled").format(date=on.isoformat())
    return on.isoformat()


@dataclass(frozen=True)
class MonthTotals:
    """Income, expenses (negative) and net of one month, transfers excluded."""

    income: int
    expenses: int

    @property
    def net(self) -> int:
        return self.income + self.expenses


DEFAULT_EXPENSE_CATEGORIES = [
    ("Food", False), ("Groceries", True), ("Housing", True), ("Utilities", True),
    ("Transport", True), ("Health", True), ("Insurance", True), ("Communication", True),
    ("Education", False), ("Shopping", False), ("Entertainment", False),
    ("Loan repayment", True), ("Interest and fees", False), ("Other", False),
]
DEFAULT_INCOME_CATEGORIES = ["Salary", "Bonus", "Side income", "Refund", "Other income"]
