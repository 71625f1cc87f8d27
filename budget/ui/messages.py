"""Past-tense messages the screens post when the ledger changed or a load finished."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # payload types only: importing the services here slowed start-up
    from budget.domain.ledger import Transaction
    from budget.domain.reserve import ReserveSettings
    from budget.services.dashboard import DashboardSnapshot
    from budget.services.loans import DeletedPayment, PaymentResult
    from budget.services.reserve import ReserveView


class LedgerChanged(Message):
    """Something was written: every screen showing ledger data reloads."""

    snapshot: DashboardSnapshot | None = None
    """The dashboard's figures read right after the write, when the writer had them."""


class TransactionSaved(LedgerChanged):
    """A transaction (or both legs of a transfer) was added or edited."""

    def __init__(self, transactions: list[Transaction], *, edited: bool = False,
                 snapshot: DashboardSnapshot | None = None) -> None:
        super().__init__()
        self.transactions = transactions
        self.edited = edited
        self.snapshot = snapshot


class TransactionDeleted(LedgerChanged):
    """A transaction was deleted; `rows` put it back exactly (undo)."""

    def __init__(self, rows: list[dict]) -> None:
        super().__init__()
        self.rows = rows


class TransactionsRestored(LedgerChanged):
    """A delete was undone."""


class AccountsChanged(LedgerChanged):
    """An account or category was added, renamed, flagged, archived or deleted."""


class DashboardLoaded(Message):
    """The dashboard's figures were read."""

    def __init__(self, snapshot: DashboardSnapshot) -> None:
        super().__init__()
        self.snapshot = snapshot


class ReserveTopUpRecorded(LedgerChanged):
    """Money was moved into a reserve account (`transactions` are both legs)."""

    def __init__(self, transactions: list[Transaction]) -> None:
        super().__init__()
        self.transactions = transactions


class ReserveWithdrawalRecorded(LedgerChanged):
    """Money was taken out of the reserve for an emergency; the reason is in the note."""

    def __init__(self, transactions: list[Transaction]) -> None:
        super().__init__()
        self.transactions = transactions


class ReserveSettingsSaved(LedgerChanged):
    """The reserve target or how it is measured changed: figures and charts reload."""

    def __init__(self, settings: ReserveSettings) -> None:
        super().__init__()
        self.settings = settings


class ReserveLoaded(Message):
    """The reserve's progress and chart series were read."""

    def __init__(self, view: ReserveView) -> None:
        super().__init__()
        self.view = view


class LoanSaved(LedgerChanged):
    """A new loan and its schedule were saved."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class PaymentRecorded(LedgerChanged):
    """A loan payment and its ledger rows were saved; `result` says how it was applied."""

    def __init__(self, result: PaymentResult) -> None:
        super().__init__()
        self.result = result


class PaymentDeleted(LedgerChanged):
    """A loan payment and its ledger rows were deleted; `deleted` can put them back."""

    def __init__(self, deleted: DeletedPayment) -> None:
        super().__init__()
        self.deleted = deleted


class PaymentRestored(LedgerChanged):
    """A loan write was undone (a deleted payment put back, an agreement taken out);
    `notice` says which."""

    def __init__(self, notice: str) -> None:
        super().__init__()
        self.notice = notice


class LoanChanged(LedgerChanged):
    """A loan or bill was archived, brought back or deleted; `notice` says which."""

    def __init__(self, notice: str, undo: Callable[[], object] | None = None) -> None:
        super().__init__()
        self.notice, self.undo = notice, undo


class ContactRecorded(LedgerChanged):
    """A contact with the lender about loan `loan_id` was written down."""

    def __init__(self, loan_id: int) -> None:
        super().__init__()
        self.loan_id = loan_id


class LoanRestructured(LedgerChanged):
    """An agreement with the lender was recorded on loan `name`."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class TransactionRefused(Message):
    """A write to a ledger row was refused; `reason` says why and where to do it."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class BillSaved(LedgerChanged):
    """A recurring bill was added."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class BillPaid(LedgerChanged):
    """One occurrence of a bill was paid and its expense posted."""

    def __init__(self, name: str, due: date, amount: int) -> None:
        super().__init__()
        self.name, self.due, self.amount = name, due, amount


class DayChanged(LedgerChanged):
    """The date rolled over while the app was open: what depends on today reloads."""

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today


class BudgetSet(LedgerChanged):
    """A category's monthly limit was set or replaced (`month` is ``YYYY-MM``)."""

    def __init__(self, category: str, month: str) -> None:
        super().__init__()
        self.category, self.month = category, month


class BudgetsCopied(LedgerChanged):
    """Last month's budgets were copied into `month`; `categories` are those added."""

    def __init__(self, month: str, categories: list[str]) -> None:
        super().__init__()
        self.month, self.categories = month, categories


class EvidenceRecorded(LedgerChanged):
    """A collection contact was recorded (entry `entry_id` of loan `loan`)."""

    def __init__(self, entry_id: int, loan: str) -> None:
        super().__init__()
        self.entry_id, self.loan = entry_id, loan
