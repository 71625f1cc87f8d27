"""Ledger values: accounts, categories and transactions, as plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from budget.i18n import N_, _


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


# How each kind is shown (the English ids are the stored values themselves).
KIND_NAMES = {
    AccountKind.CASH: N_("cash"), AccountKind.BANK: N_("bank"),
    AccountKind.CREDIT_CARD: N_("credit-card"), AccountKind.E_WALLET: N_("e-wallet"),
    AccountKind.SAVINGS: N_("savings"), CategoryKind.INCOME: N_("income"),
    CategoryKind.EXPENSE: N_("expense"),
}


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
    key: str | None = None
    """A default category's stable key ("loan_repayment"), whatever its name or language;
    None for the categories a person added."""

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


# The categories every new ledger starts with, by their English names (the message ids of
# their translations): a new ledger gets them in the language it is created in.
DEFAULT_EXPENSE_CATEGORIES = [
    (N_("Food"), False), (N_("Groceries"), True), (N_("Housing"), True),
    (N_("Utilities"), True), (N_("Transport"), True), (N_("Health"), True),
    (N_("Insurance"), True), (N_("Communication"), True), (N_("Education"), False),
    (N_("Shopping"), False), (N_("Entertainment"), False), (N_("Loan repayment"), True),
    (N_("Interest and fees"), False), (N_("Other"), False),
]
DEFAULT_INCOME_CATEGORIES = [N_("Salary"), N_("Bonus"), N_("Side income"), N_("Refund"),
                             N_("Other income")]
DEFAULT_ACCOUNT = N_("Cash")


def category_key(english_name: str) -> str:
    """The stable key of a default category: "Loan repayment" -> "loan_repayment"."""
    return english_name.lower().replace(" ", "_")


DEFAULT_NAMES = {category_key(name): name for name in
                 [*(name for name, _essential in DEFAULT_EXPENSE_CATEGORIES),
                  *DEFAULT_INCOME_CATEGORIES]}
"""A default category's key -> its English name (the message id of its translation)."""
LOAN_REPAYMENT = category_key("Loan repayment")
"""Principal repaid on a loan whose money never passed through an account."""
INTEREST_AND_FEES = category_key("Interest and fees")
"""Interest, penalty interest and fees of loan payments."""
OTHER = category_key("Other")
"""Where a bill without a category of its own goes, and an imported expense nothing knows."""
OTHER_INCOME = category_key("Other income")
"""Where an imported income row nothing knows goes."""
