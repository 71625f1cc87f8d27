"""Entries as hledger journal text or beancount text, with names each tool accepts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from budget.domain.exports.entries import Entry, Key
from budget.domain.money import to_decimal_string

# Where each kind of budget account sits in the chart of accounts; a credit card's
# balance is money owed.
ACCOUNT_GROUPS = {"cash": ("assets", "cash"), "bank": ("assets", "bank"),
                  "e-wallet": ("assets", "e-wallet"), "savings": ("assets", "savings"),
                  "credit-card": ("liabilities", "credit-card")}


class Names:
    """Unique, valid account names for keys; `style` is "hledger" or "beancount".

    `accounts` maps an account id to (name, kind); `categories` an id to (name, kind).
    """

    def __init__(self, style: str, accounts: Mapping[int, tuple[str, str]],
                 categories: Mapping[int, tuple[str, str]]):
        self.style, self._accounts, self._categories = style, accounts, categories
        self._names: dict[Key, str] = {}
        self._used: set[str] = set()

    def __call__(self, key: Key) -> str:
        if key not in self._names:
            self._names[key] = self._unique(self._path(key))
        return self._names[key]

    def _path(self, key: Key) -> list[str]:
        kind, value = key
        if kind == "account":
            name, account_kind = self._accounts[value]
            return [*ACCOUNT_GROUPS.get(account_kind, ("assets", "other")), name]
        if kind == "category":
            if value is None or value not in self._categories:
                return ["expenses", "uncategorised"]
            name, category_kind = self._categories[value]
            return ["income" if category_kind == "income" else "expenses", name]
        if kind == "loan":
            return ["liabilities", "loans", str(value)]
        return ["equity", "opening balances"]

    def _unique(self, path: list[str]) -> str:
        name = self._join(path)
        candidate, number = name, 2
        while candidate.casefold() in self._used:
            candidate, number = f"{name}-{number}", number + 1
        self._used.add(candidate.casefold())
        return candidate

    def _join(self, path: list[str]) -> str:
        if self.style == "hledger":
            # A colon separates account levels and two spaces end the name.
            parts = [re.sub(r"\s+", " ", part.replace(":", "-").replace(";", "-")).strip()
                     or "-" for part in path]
            return ":".join(parts)
        return ":".join(_beancount_part(part) for part in path)


_BEANCOUNT_LETTERS = {"Lu", "Ll", "Lt", "Lm", "Lo", "Nd"}


def _beancount_part(text: str) -> str:
    # Beancount: a component is letters, digits and dashes, and starts with a capital
    # letter or a digit (its account regexp). Chinese is a letter but not a capital, so a
    # name that starts with one gets "X-" in front: 招商银行 -> X-招商银行.
    part = "".join(ch if ch == "-" or unicodedata.category(ch) in _BEANCOUNT_LETTERS
                   else "-" for ch in text.strip())
    part = re.sub(r"-{2,}", "-", part).strip("-") or "X"
    first = part[0]
    if first.isascii() and first.islower():
        return first.upper() + part[1:]
    if unicodedata.category(first) not in {"Lu", "Nd"}:
        return "X-" + part
    return part


def _amount(minor: int, currency: str) -> str:
    if currency == "CNY":  # the common case without a lookup: a million rows add up
        whole, cents = divmod(abs(minor), 100)
        return f"{'-' if minor < 0 else ''}{whole}.{cents:02d} CNY"
    return f"{to_decimal_string(minor, currency)} {currency}"


def hledger_entry(entry: Entry, names: Names) -> str:
    """One hledger transaction: `date payee | note`, then a posting per line."""
    payee = _text(entry.payee).replace("|", "/")
    note = _text(entry.note)
    description = f"{payee} | {note}" if note else payee
    lines = [f"{entry.on.isoformat()} {description}".rstrip()]
    if entry.ref:
        lines.append(f"    ; budget:{entry.ref}")
    accounts = [names(posting.key) for posting in entry.postings]
    width = max(map(len, accounts)) + 4
    for account, posting in zip(accounts, entry.postings, strict=True):
        lines.append(f"    {account:<{width}}{_amount(posting.amount, posting.currency)}")
    return "\n".join(lines) + "\n"


def beancount_entry(entry: Entry, names: Names) -> str:
    """One beancount transaction: `date * "payee" "narration"` and its postings."""
    lines = [f'{entry.on.isoformat()} * "{_quoted(entry.payee)}" "{_quoted(entry.note)}"']
    if entry.ref:
        lines.append(f'  budget: "{entry.ref}"')
    for posting in entry.postings:
        lines.append(f"  {names(posting.key)}  {_amount(posting.amount, posting.currency)}")
    return "\n".join(lines) + "\n"


def _text(value: str) -> str:
    # A semicolon starts a comment in a journal; keep the words, not the comment.
    return value.replace(";", "，").strip()


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')
