"""Importing an export file: read it, preview what each row becomes, write it, undo it."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from budget.domain.imports.categories import CategoryGuesser
from budget.domain.imports.formats import ColumnMap, parse_rows
from budget.domain.imports.match import MATCH_WINDOW_DAYS, match_card_payments
from budget.domain.imports.plan import (
    ImportContext,
    ImportPlan,
    Outcome,
    build_plan,
    card_digits,
    refund_payees,
)
from budget.domain.imports.text import ImportFileError, file_rows, normalise_label
from budget.domain.ledger import Account, Category
from budget.i18n import _
from budget.l10n import os_reason
from budget.services.ledger import EntryError, match_name
from budget.storage.imports import ImportBook
from budget.storage.ledger import Ledger, LedgerError

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): stage is "read", "check" or "write"."""

# Accounts a wallet's rows go to when --account is not given and one is named so.
WALLET_ACCOUNTS = {"alipay": ("Alipay", "支付宝"), "wechat": ("WeChat", "微信", "WeChat Pay")}


class ImportProblem(ValueError):
    """An import that cannot go ahead; the message says what is wrong and what to do."""


@dataclass
class Preview:
    """An import ready to look at and fix; nothing has been written yet."""

    path: Path
    sha256: str
    plan: ImportPlan
    account: Account | None
    accounts: dict[int, str]
    categories: dict[int, str]
    new_methods: dict[str, int] = field(default_factory=dict)
    """Method -> account mappings given for this import, remembered when it is written."""
    learned: dict[str, int] = field(default_factory=dict)
    """Payee -> category the user chose in the preview: rules learned when written."""

    def counts(self) -> dict[str, int]:
        return self.plan.counts()


def parse_method_accounts(ledger: Ledger, pairs: Iterable[str]) -> dict[str, int]:
    """'招商银行(1234)=招商银行' options as {normalised method: account id}."""
    accounts = ledger.accounts()
    found: dict[str, int] = {}
    for pair in pairs:
        method, sep, account = pair.partition("=")
        if not sep or not method.strip() or not account.strip():
            raise ImportProblem(_("--method-account '{pair}': write METHOD=ACCOUNT, e.g. "
                                  "'招商银行(1234)=招商银行'").format(pair=pair))
        try:
            found[normalise_label(method)] = match_name(accounts, account, "account",
                                                        "account").id
        except EntryError as error:
            raise ImportProblem(_("--method-account '{pair}': {error}").format(
                pair=pair, error=error)) from error
    return found


def _read(path: Path) -> bytes:
    try:
        return path.expanduser().read_bytes()
    except OSError as error:
        raise ImportProblem(_("cannot read {path}: {reason}").format(
            path=path, reason=os_reason(error))) from error


def _mapping(book: ImportBook, name: str | None) -> tuple[str, ColumnMap] | None:
    if name is None:
        return None
    maps = {key.casefold(): (key, spec) for key, spec in book.maps().items()}
    if name.casefold() not in maps:
        known = ", ".join(sorted(key for key, _spec in maps.values())) or _("none yet")
        raise ImportProblem(_("no column mapping named '{name}' (saved: {known}); create one "
                              "with `budget import map add`").format(name=name, known=known))
    key, spec = maps[name.casefold()]
    return key, ColumnMap.model_validate(spec)


def _statement_account(ledger: Ledger, statement, account: str, methods: dict[str, int]
                       ) -> Account | None:
    accounts = ledger.accounts()
    if account.strip():
        try:
            return match_name(accounts, account, "account", "account")
        except EntryError as error:
            raise ImportProblem(_("--account: {error}").format(error=error)) from error
    if statement.card:
        # A bank statement of card 1234 goes to the account with that card...
        owner = next((a for a in accounts if a.card == statement.card), None)
        if owner is not None:
            return owner
        # ...or where 招商银行(1234) payments were mapped.
        ids = {account_id for method, account_id in methods.items()
               if card_digits(method) == statement.card}
        if len(ids) == 1:
            return next(a for a in accounts if a.id in ids)
    names = {name.casefold() for name in WALLET_ACCOUNTS.get(statement.source, ())}
    return next((a for a in accounts if a.name.casefold() in names), None)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file's rows are built.

    A 100,000-row file makes a million small objects that live until the import ends;
    the collector would scan them again and again (a third of the time, measured) and
    find nothing to free. It runs again as soon as the work is done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def preview(ledger: Ledger, path: str | Path, *, account: str = "", map_name: str | None = None,
            method_accounts: Iterable[str] = (), methods: dict[str, int] | None = None,
            progress: Progress | None = None) -> Preview:
    """Read a file and decide every row's fate; nothing is written.

    `method_accounts` are 'METHOD=ACCOUNT' texts, `methods` the same as {method: account
    id} (the app's choices). Raises ImportProblem for a file or option that cannot be used.
    """
    with gc_paused():
        return _preview(ledger, Path(path), account=account, map_name=map_name,
                        method_accounts=method_accounts, methods=methods, progress=progress)


def _preview(ledger: Ledger, path: Path, *, account: str, map_name: str | None,
             method_accounts: Iterable[str], methods: dict[str, int] | None,
             progress: Progress | None) -> Preview:
    data = _read(path)
    book = ImportBook(ledger)
    try:
        statement = parse_rows(
            file_rows(data), _mapping(book, map_name),
            progress=(lambda done, total: progress("read", done, total)) if progress else None)
    except ImportFileError as error:
        raise ImportProblem(_("{path}: {error}").format(path=path.name, error=error)) from error
    given = {**parse_method_accounts(ledger, method_accounts),
             **{normalise_label(method): account_id
                for method, account_id in (methods or {}).items()}}
    methods = {**book.methods(), **given}
    target = _statement_account(ledger, statement, account, methods)
    categories = ledger.categories(include_archived=True)
    guesser = CategoryGuesser(book.rules(), guessing_names(categories))
    context = ImportContext(
        account_id=target.id if target else None, methods=methods, guesser=guesser,
        known_keys=book.known_keys(statement.source),
        refund_categories=book.refund_categories(refund_payees(statement)),
        cards={a.card: a.id for a in ledger.accounts() if a.card})
    total = len(statement.rows)
    plan = build_plan(statement, context,
                      progress=(lambda done: progress("check", done, total)) if progress else None)
    if any(row.outcome is Outcome.NEW and None in (leg[0] for leg in row.legs())
           for row in plan.rows):
        raise ImportProblem(_(
            "{path}: which account do these rows belong to? Give --account ACCOUNT (rows "
            "whose paying method has no mapping go there), or map methods with "
            "--method-account 'METHOD=ACCOUNT'").format(path=path.name))
    if target is not None and target.card:
        # A statement that does not print its card number is still that card's.
        for planned in plan.rows:
            planned.card = planned.card or target.card
    _match(book, plan)
    return Preview(path=path, sha256=hashlib.sha256(data).hexdigest(), plan=plan,
                   account=target, accounts={a.id: a.name for a in
                                             ledger.accounts(include_archived=True)},
                   categories={c.id: c.name for c in categories}, new_methods=given)


def _match(book: ImportBook, plan: ImportPlan) -> None:
    new = [row for row in plan.rows if row.outcome is Outcome.NEW]
    if not new:
        return
    accounts = {leg[0] for row in new for leg in row.legs()}
    window = timedelta(days=MATCH_WINDOW_DAYS)
    start = min(row.row.on for row in new) - window
    end = max(row.row.on for row in new) + window
    cards = {row.card for row in new if row.card}
    candidates = book.candidates(accounts, start, end, cards=cards,
                                 wallet_rows=not plan.statement.wallet)
    if candidates:
        match_card_payments(plan, candidates)


def fix_category(ledger: Ledger, current: Preview, index: int, category: str | int) -> str:
    """Give row `index` a category (a name as typed, or an id); budget learns it for the
    row's payee when the import is written.

    Returns the category's name; raises EntryError for a category that does not exist.
    """
    categories = ledger.categories()
    if isinstance(category, int):
        chosen = next((c for c in categories if c.id == category), None)
        if chosen is None:
            raise EntryError("category", _("no category with id {id}").format(id=category))
    else:
        chosen = match_name(categories, category, "category", "category")
    planned = current.plan.rows[index]
    current.plan.set_category(index, chosen.id)
    if planned.row.payee:
        current.learned[planned.row.payee] = chosen.id
    return chosen.name


def commit(ledger: Ledger, current: Preview, *, now: datetime | None = None,
           progress: Progress | None = None) -> int | None:
    """Write the import in one transaction with what was learned; return the batch id.

    A file that brings nothing new (every row a duplicate or skipped) makes no batch:
    None. Mappings and learned rules are kept either way.
    """
    book = ImportBook(ledger)
    total = len(current.plan.rows)
    counts = current.counts()
    with gc_paused(), ledger.atomic():
        for method, account_id in current.new_methods.items():
            book.set_method(method, account_id)
        for payee, category_id in current.learned.items():
            book.add_rule(payee, category_id, learned=True, now=now)
        if not counts["new"] and not counts["matched"]:
            return None
        return book.write(current.plan, file_name=current.path.name,
                          file_sha256=current.sha256, now=now,
                          progress=(lambda done: progress("write", done, total))
                          if progress else None)


def undo(ledger: Ledger, batch_id: int, *, now: datetime | None = None) -> int:
    """Undo an import batch; return how many ledger rows it removed."""
    try:
        return ImportBook(ledger).undo(batch_id, now=now)
    except LedgerError as error:
        raise ImportProblem(str(error)) from error


def save_map(ledger: Ledger, name: str, spec: dict) -> ColumnMap:
    """Validate and store a generic CSV column mapping under `name`."""
    from pydantic import ValidationError

    if not name.strip():
        raise ImportProblem(_("a mapping needs a name, e.g. 'mybank'"))
    try:
        mapping = ColumnMap.model_validate(spec)
    except ValidationError as error:
        raise ImportProblem("; ".join(str(item.get("ctx", {}).get("error", item["msg"]))
                                      for item in error.errors())) from error
    ImportBook(ledger).save_map(name, mapping.model_dump(exclude_defaults=True))
    return mapping


def add_rule(ledger: Ledger, pattern: str, category: str) -> str:
    """`payee contains pattern -> category` for every later import; the category's name."""
    if not pattern.strip():
        raise ImportProblem(_("a rule needs some text to look for in the payee"))
    chosen = match_name(ledger.categories(), category, "category", "category")
    ImportBook(ledger).add_rule(pattern, chosen.id)
    return chosen.name


def guessing_names(categories: Sequence[Category]) -> dict[str, tuple[int, str]]:
    """Category name -> (id, kind) for the CategoryGuesser, archived ones left out.

    The guesser's default tables name the default categories in English ("Food", "Other
    income"); each default category is also listed under that English name, found by its
    stable key, so a Chinese ledger (食品, 其他收入) or a renamed default still gets them.
    """
    from budget.domain.ledger import DEFAULT_NAMES

    names = {c.name: (c.id, str(c.kind)) for c in categories if not c.archived}
    for c in categories:
        if c.key in DEFAULT_NAMES and not c.archived:
            names[DEFAULT_NAMES[c.key]] = (c.id, str(c.kind))
    return names
