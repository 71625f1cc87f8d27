"""Shell commands for the ledger: add, transfer, list, account, category, paths, demo."""

from __future__ import annotations

from datetime import date

import click

from budget.commands.common import (
    UserError,
    command,
    db_option,
    echo_json,
    entry_error,
    fit,
    group,
    ledger_for,
    option,
    parse_option_date,
    table_lines,
    today,
)
from budget.domain.ledger import KIND_NAMES, AccountKind, CategoryKind, Transaction
from budget.domain.money import format_amount, to_decimal_string
from budget.i18n import N_, _


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
@command("add", context_settings={"ignore_unknown_options": True}, help=N_(
    "Record income or an expense: the sign follows the category.\n"
    "\n"
    "A negative amount is a refund: in an expense category it lowers that category's "
    "spending, in an income category it lowers income.\n"
    "\n"
    "\b\n"
    "budget add 45.5 food lunch\n"
    "budget add \"¥1,234.50\" salary --date 11-20\n"
    "budget add -30 shopping return"))
@click.argument("amount")
@click.argument("category")
@click.argument("note", nargs=-1)
@option("--date", "on", default="today", help=N_("YYYY-MM-DD, MM-DD, today, yesterday."))
@option("--account", default="", help=N_("Account name or prefix (default: last used)."))
@option("--payee", default="", help=N_("Who was paid, or who paid you."))
@db_option
@click.pass_context
def add(ctx, amount: str, category: str, note: tuple[str, ...], on: str, account: str,
        payee: str) -> None:
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


@command("transfer", help=N_(
    "Move money between your accounts (neither income nor expense)."))
@click.argument("amount")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@option("--date", "on", default="today", help=N_("YYYY-MM-DD, MM-DD, today, yesterday."))
@option("--note", default="")
@db_option
@click.pass_context
def transfer(ctx, amount: str, source: str, target: str, on: str, note: str) -> None:
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


@command("list", help=N_("Transactions of one month, newest first."))
@option("--month", help=N_("YYYY-MM (default: this month)."))
@option("--category", default="", help=N_("Only this category (name or prefix)."))
@option("--account", default="", help=N_("Only this account (name or prefix)."))
@option("--limit", type=click.IntRange(1), default=None, help=N_("At most this many rows."))
@option("--json", "as_json", is_flag=True, help=N_("A JSON list of transactions."))
@db_option
@click.pass_context
def list_transactions(ctx, month: str | None, category: str, account: str, limit: int | None,
                      as_json: bool) -> None:
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


@group("account", help=N_(
    "Add and list accounts (cash, bank, credit card, e-wallet, savings)."))
def account() -> None:
    pass


@account.command("add", help=N_("Add an account."))
@click.argument("name")
@option("--kind", required=True, type=click.Choice([k.value for k in AccountKind]))
@option("--currency", default="CNY", show_default=True)
@option("--opening", default="0", help=N_("Balance on the day you start tracking."))
@option("--reserve", is_flag=True, help=N_("This account holds the emergency reserve."))
@db_option
@click.pass_context
def account_add(ctx, name: str, kind: str, currency: str, opening: str, reserve: bool) -> None:
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
        name=created.name, kind=_(KIND_NAMES[created.kind]),
        balance=format_amount(created.opening_balance, created.currency),
        currency=created.currency))


@account.command("set", help=N_(
    "Change an account's opening balance; its balance moves by the same amount.\n"
    "\n"
    "\b\n"
    "budget account set cash --opening 500"))
@click.argument("name")
@option("--opening", required=True,
        help=N_("Balance on the day you started tracking, e.g. 5000 or -1200 owed."))
@db_option
@click.pass_context
def account_set(ctx, name: str, opening: str) -> None:
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


@account.command("card", help=N_(
    "Record the last four digits of an account's card (\"none\" forgets them).\n\n"
    "\b\nbudget account card icbc 9876\n\n"
    "A wallet row paid with 工商银行(9876) then goes to this account, and the card "
    "statement's copy of the same payment is not imported twice."))
@click.argument("name")
@click.argument("digits")
@db_option
@click.pass_context
def account_card(ctx, name: str, digits: str) -> None:
    from budget.services.ledger import EntryError, set_account_card

    try:
        changed = set_account_card(ledger_for(ctx), name, digits)
    except EntryError as error:
        raise entry_error(error) from error
    click.echo(_("{name}: card ending {card}").format(name=changed.name, card=changed.card)
               if changed.card else _("{name}: no card recorded").format(name=changed.name))


@account.command("list", help=N_(
    "Accounts with their balances on a day: entries dated after it are not counted."))
@option("--all", "include_archived", is_flag=True, help=N_("Include archived accounts."))
@option("--as-of", help=N_("Balances at the end of this day (default: today)."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def account_list(ctx, include_archived: bool, as_of: str | None, as_json: bool) -> None:
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
        rows.append([a.name, _(KIND_NAMES[a.kind]), format_amount(a.balance, a.currency),
                     a.currency, flags])
    for line in table_lines(rows, "llrll"):
        click.echo(line)
    count, total = scheduled_after(ledger, day)
    if count:
        from budget.domain.words import counted

        click.echo(_("Not counted yet: {entries} dated after {day} ({total}), scheduled; "
                     "`budget list --month YYYY-MM` shows them.").format(
            entries=counted(count, "{count} entry", "{count} entries"), day=day.isoformat(),
            total=format_amount(total, plus=True)))


@group("category", help=N_("Add and list income and expense categories."))
def category() -> None:
    pass


@category.command("add", help=N_("Add a category."))
@click.argument("name")
@option("--kind", required=True, type=click.Choice([k.value for k in CategoryKind]))
@option("--essential", is_flag=True, help=N_("Counts toward essential spending."))
@db_option
@click.pass_context
def category_add(ctx, name: str, kind: str, essential: bool) -> None:
    from budget.storage.ledger import LedgerError

    try:
        created = ledger_for(ctx).add_category(name, CategoryKind(kind), essential=essential)
    except LedgerError as error:
        raise UserError(str(error)) from error
    click.echo(_("Added category {name} ({kind}{essential})").format(
        name=created.name, kind=_(KIND_NAMES[created.kind]),
        essential=_(", essential") if created.essential else ""))


@category.command("list", help=N_(
    "Categories; essential ones count toward the emergency reserve target."))
@option("--all", "include_archived", is_flag=True, help=N_("Include archived categories."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def category_list(ctx, include_archived: bool, as_json: bool) -> None:
    categories = ledger_for(ctx).categories(include_archived=include_archived)
    if as_json:
        echo_json([{"id": c.id, "name": c.name, "kind": str(c.kind), "essential": c.essential,
                    "archived": c.archived} for c in categories])
        return
    rows = [[c.name, _(KIND_NAMES[c.kind]), " ".join(f for f, on in ((_("essential"), c.essential),
                                                            (_("archived"), c.archived)) if on)]
            for c in categories]
    for line in table_lines(rows, "lll"):
        click.echo(line)


@command("paths", help=N_("Where the database and its backups live."))
@db_option
@click.pass_context
def paths(ctx) -> None:
    from budget.commands.common import db_path
    from budget.services.session import resolve_db_path
    from budget.storage.paths import backup_dir, demo_db_path

    database = resolve_db_path(db_path(ctx))
    rows = [(_("database:"), database), (_("backups:"), backup_dir(database)),
            (_("demo:"), demo_db_path())]
    from rich.cells import cell_len

    width = max(cell_len(label) for label, _path in rows)
    for label, path in rows:
        click.echo(f"{fit(label, width)} {path}")


@command("demo", help=N_(
    "Open a lived-in demo database, kept in its own file; built the first time.\n"
    "\n"
    "A second `budget demo` reopens the same demo with what you did in it; `--reset` "
    "builds it afresh."))
@option("--no-open", is_flag=True, help=N_("Only build (or find) the demo database."))
@option("--reset", is_flag=True, help=N_("Throw the demo away and build it again."))
@option("--as-of", help=N_("Build the demo year up to this date (default: today)."))
def demo(no_open: bool, reset: bool, as_of: str | None) -> None:
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
