"""What each row of an export becomes: new, duplicate, skipped (why), and how it is booked."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from budget.domain.imports.categories import CategoryGuesser
from budget.domain.imports.rows import Direction, ParsedStatement, StatementRow
from budget.domain.imports.text import normalise_label
from budget.i18n import _

# 交易关闭, 交易失败, 已撤销, 已取消, 等待付款, 对方已退还 ...: no money moved.
_NOT_MOVED = ("关闭", "失败", "撤销", "取消", "等待付款", "未付款", "未支付", "已退还")
_REFUNDED = ("退款成功", "已全额退款", "已退款")
_LABEL = re.compile(r"[\u4e00-\u9fffA-Za-z]+\(\d{4}\)")
_DIGITS = re.compile(r"\((\d{4})\)|尾号(\d{4})")
_POTS = ("余额宝", "零钱通")


class Outcome(StrEnum):
    """What an import does with a row."""

    NEW = "new"
    DUPLICATE = "duplicate"
    MATCHED = "matched"
    SKIPPED = "skipped"


class Booking(StrEnum):
    """How a new row is booked."""

    EXPENSE = "expense"
    INCOME = "income"
    REFUND = "refund"
    TRANSFER = "transfer"


@dataclass
class PlannedRow:
    """One export row and its fate. Mutable: the preview lets the user fix categories.

    `account_id` is the account the money leaves (expense, transfer) or enters (income,
    refund); a transfer's other side is `to_account_id`. `match` is the id of a ledger row
    already holding the same card payment (booked once).
    """

    row: StatementRow
    key: str
    outcome: Outcome
    reason: str = ""
    booking: Booking | None = None
    account_id: int | None = None
    to_account_id: int | None = None
    category_id: int | None = None
    needs_category: bool = False
    card: str = ""
    match: int | None = None
    match_leg: int = 0
    """Which of legs() the matched ledger row is (a transfer's second leg: 1)."""
    refund_of: int | None = None
    """Index of the purchase (in this file) a refund gives money back for."""
    category_fixed: bool = False

    @property
    def amount(self) -> int:
        """Signed minor units for `account_id`: money out negative."""
        if self.booking in (Booking.EXPENSE, Booking.TRANSFER):
            return -self.row.amount
        return self.row.amount

    def legs(self) -> list[tuple[int, int]]:
        """(account id, signed amount) of each ledger row this row books."""
        legs = [(self.account_id, self.amount)]
        if self.booking is Booking.TRANSFER:
            legs.append((self.to_account_id, self.row.amount))
        return legs


@dataclass
class ImportPlan:
    """Every row of one file with its outcome, ready to preview, fix and write."""

    statement: ParsedStatement
    rows: list[PlannedRow]
    account_id: int | None
    unmapped_methods: Counter = field(default_factory=Counter)

    def counts(self) -> dict[str, int]:
        """new, duplicates (matched card payments included), matched, skipped, needs_category."""
        outcomes = Counter(row.outcome for row in self.rows)
        return {"rows": len(self.rows), "new": outcomes[Outcome.NEW],
                "duplicates": outcomes[Outcome.DUPLICATE] + outcomes[Outcome.MATCHED],
                "matched": outcomes[Outcome.MATCHED], "skipped": outcomes[Outcome.SKIPPED],
                "needs_category": sum(1 for row in self.rows if row.needs_category
                                      and self.uses_category(row))}

    def uses_category(self, row: PlannedRow) -> bool:
        """Whether the row's category will be written (new rows; wallet rows that match)."""
        if row.booking is Booking.TRANSFER:
            return False
        return row.outcome is Outcome.NEW or (row.outcome is Outcome.MATCHED
                                              and self.statement.wallet)

    def skipped_reasons(self) -> Counter:
        """How many rows were skipped for each reason."""
        return Counter(row.reason for row in self.rows if row.outcome is Outcome.SKIPPED)

    def set_category(self, index: int, category_id: int) -> None:
        """The user's category for row `index`; refunds of that purchase follow it."""
        planned = self.rows[index]
        planned.category_id, planned.needs_category = category_id, False
        planned.category_fixed = True
        for other in self.rows:
            if other.refund_of == index and not other.category_fixed:
                other.category_id, other.needs_category = category_id, False


@dataclass(frozen=True)
class ImportContext:
    """What the ledger knows that decides a row's fate.

    `methods` maps a normalised paying method (招商银行(1234)) to an account id;
    `known_keys` are the source keys already imported from this source;
    `refund_categories` maps a payee to the category of its latest purchase.
    """

    account_id: int | None
    methods: Mapping[str, int]
    guesser: CategoryGuesser
    known_keys: frozenset[str] | set[str]
    refund_categories: Mapping[str, int] = field(default_factory=dict)
    cards: Mapping[str, int] = field(default_factory=dict)
    """Last four digits of a card -> the account that has it: a method naming the card
    (工商银行(9876)) with no mapping of its own goes there."""


@functools.lru_cache(maxsize=4096)
def card_digits(label: str) -> str:
    """The last four digits a method names (招商银行(1234) -> 1234), or ''."""
    match = _DIGITS.search(normalise_label(label))
    return (match.group(1) or match.group(2)) if match else ""


def row_keys(statement: ParsedStatement, account_id: int | None) -> list[str]:
    """A duplicate key per row: the trimmed id with the date and amount, else the content.

    Ids alone are not trusted: the same id on rows of different content (a purchase and
    its refund, a reused id) must not swallow each other. Identical rows in one file get
    an ordinal, so the second of two equal metro rides is not a duplicate of the first.
    """
    seen: dict[str, int] = {}
    keys = []
    expense = Direction.EXPENSE
    for row in statement.rows:
        signed = -row.amount if row.direction is expense else row.amount
        if statement.wallet and row.source_id:
            base = f"{row.source_id}|{row.on.isoformat()}|{signed}|{row.direction.value}"
        else:
            balance = "" if row.balance is None else row.balance
            base = (f"{account_id}|{row.on.isoformat()}|{signed}|{balance}|{row.payee}|"
                    f"{row.item}|{row.source_id}")
        count = seen.get(base, 0)
        keys.append(f"{base}#{count}" if count else base)
        seen[base] = count + 1
    return keys


def refund_payees(statement: ParsedStatement) -> set[str]:
    """Payees of the refunds in a file, to look up what their purchases were booked as."""
    return {row.payee for row in statement.rows if _is_refund(row)}


def _is_refund(row: StatementRow) -> bool:
    if row.direction is Direction.EXPENSE:
        return False  # a purchase later refunded is still a purchase; its refund is a row
    text = f"{row.status} {row.source_category} {row.item}"
    return any(word in text for word in _REFUNDED) or row.item.startswith("退款") \
        or "退款" in row.source_category


@functools.lru_cache(maxsize=256)
def _status_not_moved(status: str) -> bool:
    return any(word in status for word in _NOT_MOVED)


def _not_moved(row: StatementRow) -> bool:
    return _status_not_moved(row.status)


def build_plan(statement: ParsedStatement, context: ImportContext,
               progress: Callable[[int], None] | None = None) -> ImportPlan:
    """Decide every row's outcome and booking; nothing is written."""
    keys = row_keys(statement, context.account_id)
    plan = ImportPlan(statement=statement, rows=[], account_id=context.account_id)
    purchases: dict[str, int] = {}
    already = _("already imported")
    for index, (row, key) in enumerate(zip(statement.rows, keys, strict=True)):
        if key in context.known_keys:
            planned = PlannedRow(row, key, Outcome.DUPLICATE, already)
        elif _not_moved(row):
            planned = PlannedRow(row, key, Outcome.SKIPPED, _(
                "closed or failed ({status}): no money moved").format(status=row.status))
        else:
            planned = _book(row, key, statement, context, plan, purchases)
        if planned.booking is Booking.EXPENSE:
            for ref in (row.merchant_id, row.source_id, row.payee):
                if ref:
                    purchases[ref] = index
        plan.rows.append(planned)
        if progress is not None and index % 2000 == 0:
            progress(index)
    return plan


def _book(row: StatementRow, key: str, statement: ParsedStatement, context: ImportContext,
          plan: ImportPlan, purchases: dict[str, int]) -> PlannedRow:
    if statement.wallet and row.direction is Direction.NEUTRAL and not _is_refund(row):
        return _transfer(row, key, statement, context, plan)
    account_id = _account(row.method, statement, context)
    if account_id is None:
        plan.unmapped_methods[normalise_label(row.method)] += 1
        account_id = context.account_id
    planned = PlannedRow(row, key, Outcome.NEW, account_id=account_id,
                         card=card_digits(row.method) or statement.card)
    guesser = context.guesser
    if statement.wallet and _is_refund(row):
        planned.booking = Booking.REFUND
        original = next((purchases[ref] for ref in (row.merchant_id, row.source_id, row.payee)
                         if ref and ref in purchases), None)
        if original is None and row.source_id:
            original = next((index for ref, index in purchases.items()
                             if len(ref) > 8 and row.source_id.startswith(ref)), None)
        if original is not None:
            planned.refund_of = original
            planned.category_id = plan.rows[original].category_id
            planned.needs_category = plan.rows[original].needs_category
        else:
            planned.category_id = (context.refund_categories.get(row.payee)
                                   or guesser.guess(row.payee, f"{row.item} {row.note}",
                                                    row.source_category, "expense"))
        kind = "expense"
    else:
        kind = "income" if row.direction is Direction.INCOME else "expense"
        planned.booking = Booking.INCOME if kind == "income" else Booking.EXPENSE
        planned.category_id = guesser.guess(row.payee, f"{row.item} {row.note}",
                                            row.source_category, kind)
    if planned.category_id is None:
        planned.category_id, planned.needs_category = guesser.fallback(kind), True
    return planned


def _account(label: str, statement: ParsedStatement, context: ImportContext) -> int | None:
    method = normalise_label(label)
    if method in context.methods:
        return context.methods[method]
    card = card_digits(method)
    if card and card in context.cards:
        return context.cards[card]
    if not statement.wallet or not method or method in statement.own_labels:
        return context.account_id
    return None


def transfer_sides(row: StatementRow, statement: ParsedStatement) -> tuple[str, str] | None:
    """(from, to) methods of a wallet's not-counted row, or None when it cannot be told.

    Top-ups (充值) go from the paying card to the wallet, withdrawals (提现) the other way,
    余额宝/零钱通 moves in (转入) and out (转出), card repayments (还款) to the card named.
    """
    own = min(statement.own_labels) if statement.own_labels else ""
    method = normalise_label(row.method) or own
    # Each cell on its own: normalising drops spaces, and 零钱提现 + 工商银行(9876) must not
    # read as one method name.
    parts = [normalise_label(part) for part in (row.source_category, row.item, row.payee)]
    text = " ".join(parts)
    named = [label for part in parts for label in _LABEL.findall(part) if label != method]
    pot = next((pot for pot in _POTS if pot in text), None)
    if pot and "转入" in text:
        return (method if method != pot else own), pot
    if pot and "转出" in text:
        return pot, (named[0] if named else (method if method != pot else own))
    if "提现" in text:
        return own, (named[0] if named else method)
    if "充值" in text:
        return (method if method != own else (named[0] if named else "")), own
    if "还款" in text:
        target = named[0] if named else normalise_label(row.payee)
        return method, target
    return None


def _transfer(row: StatementRow, key: str, statement: ParsedStatement,
              context: ImportContext, plan: ImportPlan) -> PlannedRow:
    sides = transfer_sides(row, statement)
    what = row.item or row.source_category or row.payee
    if sides is None:
        return PlannedRow(row, key, Outcome.SKIPPED, _(
            "not counted by the export ({what}): budget cannot tell which of your accounts "
            "it moved between").format(what=what))
    source, target = (_account(side, statement, context) if side else None for side in sides)
    unknown = [side for side, found in zip(sides, (source, target), strict=True)
               if found is None]
    if unknown:
        for side in unknown:
            if side:
                plan.unmapped_methods[side] += 1
        return PlannedRow(row, key, Outcome.SKIPPED, _(
            "a move from {source} to {target}: map {unknown} to one of your accounts to "
            "book it as a transfer").format(source=sides[0] or "?", target=sides[1] or "?",
                                            unknown=", ".join(s for s in unknown if s) or "?"))
    if source == target:
        return PlannedRow(row, key, Outcome.SKIPPED, _(
            "a move within one account ({what})").format(what=what))
    return PlannedRow(row, key, Outcome.NEW, booking=Booking.TRANSFER, account_id=source,
                      to_account_id=target,
                      card=card_digits(sides[0]) or card_digits(sides[1]))
