"""Shell commands for the ledger: add, transfer, list, account, category, paths, demo."""

from __future__ import annotations

from datetime import date

import click

from budget.commands.common import (
    UserError,
    db_option,
    echo_json,
    entry_error,
    ledger_for,
    parse_option_date,
    table_lines,
    today,
)
from budget.domain.ledger import AccountKind, CategoryKind, Transaction
from budget.domain.money import format_amount, to_decimal_string
from budget.i18n import _


def transaction_json(tx: Transaction, on: date | None = None) -> dict:
    """One transaction as JSON; `scheduled` is true when it is dated after `on` (today)."""
    return {"id": tx.id, "date": tx.date.isoformat(),
            "amount": to_decimal_string(tx.amount, tx.currency), "currency": tx.currency,
            "category": tx.category if not tx.is_transfer else None, "account": tx.account,
            "payee": tx.payee, "note": tx.note,
            **({"transfer_id": tx.transfer_id} if tx.is_transfer else {}),
            **({"scheduled": True} if on is not None and tx.date > on else {})}


TRANSACTION_ALIGNS = "lllrlll"


def transaction_cells(tx: Transaction, on: date | None = None) -> list[str]:
    """One transaction as table cells: id, date, category, amount, currency, account, text.
    A row dated after `on` (today) is marked scheduled: no balance counts it yet."""
    from budget.domain.ledger import date_text

    category = tx.category or (_("Loan") if tx.belongs_to_loan else _("Transfer"))
    text = " · ".join(part for part in (tx.payee, tx.note) if part)
    return [f"#{tx.id}", date_text(tx.date, on), category,
            format_amount(tx.amount, tx.currency), tx.currency, tx.account, text]


def transaction_line(tx: Transaction, on: date | None = None) -> str:
    """One transaction on one line, as `budget add` echoes it."""
    return table_lines([transaction_cells(tx, on)], TRANSACTION_ALIGNS)[0]


def warn(message: str) -> None:
    """A warning on stderr: the command did its work, but something looks wrong."""
    click.echo(_("budget: warning: {message}").format(message=message), err=True)


# A negative amount is a refund (`budget add -30 shopping`): without this click would read
# "-30" as an unknown option and ask for `--`.
@click.command("add", context_settings={"ignore_unknown_options": True})
@click.argument("amount")
@click.argument("category")
@click.argument("note", nargs=-1)
@click.option("--date", "on", default="today", help="YYYY-MM-DD, MM-DD, today, yesterday.")
@click.option("--account", default="", help="Account name or prefix (default: last used).")
@click.option("--payee", default="", help="Who was paid, or who paid you.")
@db_option
@click.pass_context
def add(ctx, amount: str, category: str, note: tuple[str, ...], on: str, account: str,
        payee: str) -> None:
    """Record income or an expense: the sign follows the category.

    A negative amount is a refund: in an expense category it lowers that category's
    spending, in an income category it lowers income.

    \b
    budget add 45.5 food lunch
    budget add "¥1,234.50" salary --date 11-20
    budget add -30 shopping return
    """
    from budget.domain.dates import unusual_date
    from budget.services.budgets import overspend_warning_for
    from budget.services.ledger import Entry, EntryError, record

    _refuse_unknown_options(note)
    ledger = ledger_for(ctx)
    entry = Entry(amount=amount, category=category, on=on, account=account, payee=payee,
                  note=" ".join(note))
    try:
        tx = record(ledger, entry, today=today())
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("Saved {line}").format(line=transaction_line(tx, today())))
    refund = refund_sentence(ledger, tx)
    if refund:
        click.echo(refund)
    question = unusual_date(tx.date, today())
    if question:
        warn(_("{question} Saved as #{id}; to change it open the app, press l, then e on "
               "the row.").format(question=question, id=tx.id))
    warning = overspend_warning_for(ledger, tx)
    if warning:
        click.echo(warning)


def refund_sentence(ledger, tx: Transaction) -> str | None:
    """What a negative amount did, said plainly: a refund lowers the category's spending."""
    if tx.category_id is None:
        return None
    category = ledger.category(tx.category_id)
    if not category.is_refund(tx.amount):
        return None
    amount = format_amount(abs(tx.amount), tx.currency, symbol=True)
    if category.kind is CategoryKind.EXPENSE:
        return _("A refund: {category} spending is {amount} lower.").format(
            category=category.name, amount=amount)
    return _("A correction: {category} income is {amount} lower.").format(
        category=category.name, amount=amount)


def _refuse_unknown_options(words: tuple[str, ...]) -> None:
    """ignore_unknown_options lets "-30" through as the amount; a mistyped option such as
    "--acount" must still be refused, not saved as part of the note."""
    for word in words:
        if word.startswith("--") and len(word) > 2:
            raise UserError(_("no such option: {option} (see `budget add --help`)").format(
                option=word))


@click.command("transfer")
@click.argument("amount")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--date", "on", default="today", help="YYYY-MM-DD, MM-DD, today, yesterday.")
@click.option("--note", default="")
@db_option
@click.pass_context
def transfer(ctx, amount: str, source: str, target: str, on: str, note: str) -> None:
    """Move money between your accounts (neither income nor expense)."""
    from budget.services.ledger import EntryError, overdraft_warning
    from budget.services.ledger import transfer as make_transfer

    ledger = ledger_for(ctx)
    try:
        out, into = make_transfer(ledger, amount=amount, source=source, target=target, on=on,
                                  note=note, today=today())
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("Moved {amount} {currency} from {source} to {target} on {on}").format(
        amount=format_amount(into.amount, into.currency), currency=into.currency,
        source=out.account, target=into.account, on=into.date.isoformat()))
    overdrawn = overdraft_warning(ledger, out)
    if overdrawn:
        warn(overdrawn)


@click.command("list")
@click.option("--month", help="YYYY-MM (default: this month).")
@click.option("--category", default="", help="Only this category (name or prefix).")
@click.option("--account", default="", help="Only this account (name or prefix).")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many rows.")
@click.option("--json", "as_json", is_flag=True, help="A JSON list of transactions.")
@db_option
@click.pass_context
def list_transactions(ctx, month: str | None, category: str, account: str, limit: int | None,
                      as_json: bool) -> None:
    """Transactions of one month, newest first."""
    from budget.domain.dates import DateError, month_bounds, parse_month
    from budget.services.ledger import EntryError, match_name
    from budget.storage.ledger import TransactionFilter

    ledger = ledger_for(ctx)
    try:
        year, number = parse_month(month) if month else (today().year, today().month)
        category_id = match_name(ledger.categories(include_archived=True), category,
                                 "category", "category").id if category else None
        account_id = match_name(ledger.accounts(include_archived=True), account,
                                "account", "account").id if account else None
    except (DateError, EntryError) as error:
        raise UserError(str(error)) from error
    start, end = month_bounds(year, number)
    where = TransactionFilter(start=start, end=end, category_id=category_id,
                              account_id=account_id)
    rows = ledger.transactions(where, limit=limit or 1_000_000)
    if as_json:
        echo_json([transaction_json(tx, today()) for tx in rows])
        return
    for line in table_lines([transaction_cells(tx, today()) for tx in rows],
                            TRANSACTION_ALIGNS):
        click.echo(line)
    count, total = ledger.count_transactions(where)
    from budget.domain.words import counted

    click.echo(_("{transactions} in {year}-{month:02d}, net {total}").format(
        transactions=counted(count, "{count} transaction", "{count} transactions"),
        year=year, month=number, total=format_amount(total, plus=True)))


@click.group("account")
def account() -> None:
    """Add and list accounts (cash, bank, credit card, e-wallet, savings)."""


@account.command("add")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice([k.value for k in AccountKind]))
@click.option("--currency", default="CNY", show_default=True)
@click.option("--opening", default="0", help="Balance on the day you start tracking.")
@click.option("--reserve", is_flag=True, help="This account holds the emergency reserve.")
@db_option
@click.pass_context
def account_add(ctx, name: str, kind: str, currency: str, opening: str, reserve: bool) -> None:
    """Add an account."""
    from budget.domain.money import AmountError, parse_amount
    from budget.storage.ledger import LedgerError

    if not (len(currency) == 3 and currency.isalpha()):
        raise UserError(_("--currency: '{c}' is not an ISO 4217 code such as CNY or USD")
                        .format(c=currency))
    try:
        opening_minor = parse_amount(opening, currency)
        created = ledger_for(ctx).add_account(name, AccountKind(kind), currency=currency,
                                              opening_balance=opening_minor, reserve=reserve)
    except (AmountError, LedgerError) as error:
        raise UserError(str(error)) from error
    click.echo(_("Added account {name} ({kind}, {balance} {currency})").format(
        name=created.name, kind=created.kind, balance=format_amount(created.opening_balance,
                                                                   created.currency),
        currency=created.currency))


@account.command("set")
@click.argument("name")
@click.option("--opening", required=True,
              help="Balance on the day you started tracking, e.g. 5000 or -1200 owed.")
@db_option
@click.pass_context
def account_set(ctx, name: str, opening: str) -> None:
    """Change an account's opening balance; its balance moves by the same amount.

    \b
    budget account set cash --opening 500
    """
    from budget.services.ledger import EntryError, set_opening_balance

    ledger = ledger_for(ctx)
    try:
        changed = ledger.account(set_opening_balance(ledger, name, opening).id,
                                 as_of=today())
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("{name}: opening balance {opening}, balance now {balance} {currency}").format(
        name=changed.name, opening=format_amount(changed.opening_balance, changed.currency),
        balance=format_amount(changed.balance, changed.currency), currency=changed.currency))


@account.command("card")
@click.argument("name")
@click.argument("digits")
@db_option
@click.pass_context
def account_card(ctx, name: str, digits: str) -> None:
    """Record the last four digits of an account's card ("none" forgets them).

    \b
    budget account card icbc 9876

    A wallet row paid with 工商银行(9876) then goes to this account, and the card
    statement's copy of the same payment is not imported twice.
    """
    from budget.services.ledger import EntryError, set_account_card

    try:
        changed = set_account_card(ledger_for(ctx), name, digits)
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("{name}: card ending {card}").format(name=changed.name, card=changed.card)
               if changed.card else _("{name}: no card recorded").format(name=changed.name))


@account.command("list")
@click.option("--all", "include_archived", is_flag=True, help="Include archived accounts.")
@click.option("--as-of", help="Balances at the end of this day (default: today).")
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def account_list(ctx, include_archived: bool, as_of: str | None, as_json: bool) -> None:
    """Accounts with their balances on a day: entries dated after it are not counted."""
    from budget.storage.balances import scheduled_after

    ledger = ledger_for(ctx)
    day = parse_option_date(as_of, "--as-of")
    accounts = ledger.accounts(include_archived=include_archived, as_of=day)
    if as_json:
        echo_json([{"id": a.id, "name": a.name, "kind": str(a.kind), "currency": a.currency,
                    "balance": to_decimal_string(a.balance, a.currency),
                    "opening_balance": to_decimal_string(a.opening_balance, a.currency),
                    "reserve": a.reserve, "archived": a.archived, "card": a.card or None,
                    "as_of": day.isoformat()}
                   for a in accounts])
        return
    rows = []
    for a in accounts:
        flags = " ".join(f for f, on in ((_("reserve"), a.reserve), (_("archived"), a.archived))
                         if on)
        rows.append([a.name, str(a.kind), format_amount(a.balance, a.currency), a.currency,
                     flags])
    for line in table_lines(rows, "llrll"):
        click.echo(line)
    count, total = scheduled_after(ledger, day)
    if count:
        from budget.domain.words import counted

        click.echo(_("Not counted yet: {entries} dated after {day} ({total}), scheduled; "
                     "`budget list --month YYYY-MM` shows them.").format(
            entries=counted(count, "{count} entry", "{count} entries"), day=day.isoformat(),
            total=format_amount(total, plus=True)))


@click.group("category")
def category() -> None:
    """Add and list income and expense categories."""


@category.command("add")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice([k.value for k in CategoryKind]))
@click.option("--essential", is_flag=True, help="Counts toward essential spending.")
@db_option
@click.pass_context
def category_add(ctx, name: str, kind: str, essential: bool) -> None:
    """Add a category."""
    from budget.storage.ledger import LedgerError

    try:
        created = ledger_for(ctx).add_category(name, CategoryKind(kind), essential=essential)
    except LedgerError as error:
        raise UserError(str(error)) from error
    click.echo(_("Added category {name} ({kind}{essential})").format(
        name=created.name, kind=created.kind,
        essential=_(", essential") if created.essential else ""))


@category.command("list")
@click.option("--all", "include_archived", is_flag=True, help="Include archived categories.")
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def category_list(ctx, include_archived: bool, as_json: bool) -> None:
    """Categories; essential ones count toward the emergency reserve target."""
    categories = ledger_for(ctx).categories(include_archived=include_archived)
    if as_json:
        echo_json([{"id": c.id, "name": c.name, "kind": str(c.kind), "essential": c.essential,
                    "archived": c.archived} for c in categories])
        return
    rows = [[c.name, str(c.kind), " ".join(f for f, on in ((_("essential"), c.essential),
                                                            (_("archived"), c.archived)) if on)]
            for c in categories]
    for line in table_lines(rows, "lll"):
        click.echo(line)


@click.command("paths")
@db_option
@click.pass_context
def paths(ctx) -> None:
    """Where the database and its backups live."""
    from budget.commands.common import db_path
    from budget.services.session import resolve_db_path
    from budget.storage.paths import backup_dir, demo_db_path

    database = resolve_db_path(db_path(ctx))
    click.echo(f"database: {database}")
    click.echo(f"backups:  {backup_dir(database)}")
    click.echo(f"demo:     {demo_db_path()}")


@click.command("demo")
@click.option("--no-open", is_flag=True, help="Only build (or find) the demo database.")
@click.option("--reset", is_flag=True, help="Throw the demo away and build it again.")
@click.option("--as-of", help="Build the demo year up to this date (default: today).")
def demo(no_open: bool, reset: bool, as_of: str | None) -> None:
    """Open a lived-in demo database, kept in its own file; built the first time.

    A second `budget demo` reopens the same demo with what you did in it; `--reset`
    builds it afresh.
    """
    from budget.cli import run_app
    from budget.services.demo import build_demo
    from budget.storage.paths import demo_db_path

    path = demo_db_path()
    if path.exists() and not reset:
        click.echo(_("Opening the demo database {path} as you left it (`budget demo --reset` "
                     "builds it afresh).").format(path=path))
    else:
        if path.exists():
            click.echo(_("Throwing away the demo in {path} and building it again.").format(
                path=path))
        build_demo(path, today=parse_option_date(as_of, "--as-of"))
        click.echo(_("Built the demo database {path}; your own data is not touched.").format(
            path=path))
    if not no_open:
        run_app(str(path))
