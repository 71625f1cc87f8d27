"""`budget import`: bring in Alipay, WeChat Pay and bank exports; list and undo batches."""

from __future__ import annotations

import click

from budget.commands.common import (
    UserError,
    db_option,
    echo_json,
    entry_error,
    group,
    ledger_for,
    option,
)
from budget.commands.groups import FileOrCommandGroup
from budget.domain.money import format_amount, to_decimal_string
from budget.i18n import N_, _, listing

SHOWN_ROWS = 20


@group("import", cls=FileOrCommandGroup, invoke_without_command=True, help=N_(
    "Import FILE: an Alipay or WeChat Pay export, or a bank statement.\n"
    "\n"
    "\b\n"
    "budget import data/alipay_2026-03.csv --dry-run\n"
    "budget import alipay.csv --method-account '招商银行(1234)=招商银行'\n"
    "budget import statement.csv --account 招商银行\n"
    "budget import list | undo BATCH | map add NAME ... | rule add TEXT CATEGORY\n"
    "\n"
    "The format is told from the content. Importing the same rows again adds nothing."))
@option("--account", default="", help=N_(
    "Account for the file's rows (a wallet's own balance, a bank statement's card) and for "
    "methods with no mapping."))
@option("--dry-run", is_flag=True, help=N_("Show what would happen; write nothing."))
@option("--json", "as_json", is_flag=True, help=N_("The counts and reasons as JSON."))
@option("--map", "map_name", default=None, help=N_("A saved column mapping (other banks)."))
@option("--method-account", "method_accounts", multiple=True, metavar="'METHOD=ACCOUNT'",
        help=N_("Book a paying method's rows in an account, e.g. '招商银行(1234)=招商银行'; "
                "remembered for later imports. Repeatable."))
@db_option
@click.pass_context
def import_group(ctx, account: str, dry_run: bool, as_json: bool, map_name: str | None,
                 method_accounts: tuple[str, ...]) -> None:
    if ctx.invoked_subcommand is not None:
        return
    path = ctx.meta.get("budget.file")
    if path is None:
        raise UserError(_("give the FILE to import, e.g. `budget import alipay.csv`; "
                          "see `budget import --help`"))
    from budget.services import imports

    ledger = ledger_for(ctx)
    try:
        preview = imports.preview(ledger, path, account=account, map_name=map_name,
                                  method_accounts=method_accounts)
        batch = None if dry_run else imports.commit(ledger, preview)
    except imports.ImportProblem as error:
        raise UserError(str(error)) from error
    if as_json:
        echo_json(summary_json(preview, batch, dry_run))
    else:
        for line in summary_lines(preview, batch, dry_run):
            click.echo(line)


def summary_json(preview, batch: int | None, dry_run: bool) -> dict:
    plan = preview.plan
    return {
        "file": str(preview.path), "format": plan.statement.label,
        "source": plan.statement.source,
        "account": preview.account.name if preview.account else None,
        **preview.counts(),
        "skipped_reasons": dict(plan.skipped_reasons()),
        "skipped_rows": [{"line": row.row.line, "reason": row.reason} for row in plan.rows
                         if row.outcome == "skipped"],
        "needs_category_rows": [row.row.line for row in plan.rows
                                if row.needs_category and plan.uses_category(row)],
        "unmapped_methods": dict(plan.unmapped_methods),
        "net": to_decimal_string(plan.statement.net),
        "batch": batch, "dry_run": dry_run,
    }


def summary_lines(preview, batch: int | None, dry_run: bool) -> list[str]:
    plan, counts = preview.plan, preview.counts()
    lines = [_("{format}: {file} (account {account})").format(
        format=_(plan.statement.label), file=preview.path, account=preview.account.name)
        if preview.account else _("{format}: {file}").format(format=_(plan.statement.label),
                                                             file=preview.path),
        _("{rows} rows: {new} new, {duplicates} duplicates, {skipped} skipped, "
          "{needs} need a category").format(rows=counts["rows"], new=counts["new"],
                                            duplicates=counts["duplicates"],
                                            skipped=counts["skipped"],
                                            needs=counts["needs_category"])]
    if counts["matched"]:
        lines.append(_("{count} card payments were already booked from the other side "
                       "(wallet export or bank statement) and are booked once").format(
            count=counts["matched"]))
        matched = [row for row in plan.rows if row.outcome == "matched"]
        lines += [_("  line {line}: {reason}").format(line=row.row.line, reason=row.reason)
                  for row in matched[:SHOWN_ROWS]]
    skipped = [row for row in plan.rows if row.outcome == "skipped"]
    if skipped:
        lines.append(_("Skipped:"))
        lines += [_("  line {line}: {reason}").format(line=row.row.line, reason=row.reason)
                  for row in skipped[:SHOWN_ROWS]]
        if len(skipped) > SHOWN_ROWS:
            lines.append(_("  … and {count} more").format(count=len(skipped) - SHOWN_ROWS))
    needs = [row for row in plan.rows if row.needs_category and plan.uses_category(row)]
    if needs:
        lines.append(_("Need a category (booked to Other or Other income; add a rule with "
                       "`budget import rule add TEXT CATEGORY`, or fix them in the app):"))
        from budget.commands.common import table_lines

        lines += ["  " + line for line in table_lines(
            [[_("line {line}").format(line=row.row.line), str(row.row.on),
              format_amount(row.amount, plus=True), f"{row.row.payee} {row.row.item}".strip()]
             for row in needs[:SHOWN_ROWS]], "lrrl")]
        if len(needs) > SHOWN_ROWS:
            lines.append(_("  … and {count} more").format(count=len(needs) - SHOWN_ROWS))
    if plan.unmapped_methods:
        methods = listing(_("{method}: {count}").format(method=m or "?", count=c)
                          for m, c in plan.unmapped_methods.items())
        lines.append(_("Paying methods with no account yet (rows): {methods}. Map them with "
                       "--method-account 'METHOD=ACCOUNT'").format(methods=methods))
    if dry_run:
        lines.append(_("Nothing was written (--dry-run)."))
    elif batch is None:
        lines.append(_("Nothing new to import."))
    else:
        lines.append(_("Imported as batch {batch}; undo it with `budget import undo "
                       "{batch}`.").format(batch=batch))
    return lines


@import_group.command("undo", help=N_(
    "Remove everything an import batch added (see `budget import list`)."))
@click.argument("batch", type=int)
@db_option
@click.pass_context
def import_undo(ctx, batch: int) -> None:
    from budget.services import imports

    try:
        removed = imports.undo(ledger_for(ctx), batch)
    except imports.ImportProblem as error:
        raise UserError(str(error)) from error
    click.echo(_("Undid batch {batch}: removed {count} rows.").format(batch=batch,
                                                                       count=removed))


@import_group.command("list", help=N_("Import batches, newest first."))
@option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def import_list(ctx, as_json: bool) -> None:
    from budget.storage.imports import ImportBook

    batches = ImportBook(ledger_for(ctx)).batches()
    if as_json:
        echo_json([batch.__dict__ for batch in batches])
        return
    if not batches:
        click.echo(_("Nothing imported yet."))
    from budget.commands.common import table_lines

    rows = [[f"#{batch.id}", batch.imported_at[:16].replace("T", " "), batch.source,
             batch.file_name, batch.account or "", f"+{batch.added}",
             _("({duplicates} duplicates, {skipped} skipped)").format(
                 duplicates=batch.duplicates, skipped=batch.skipped),
             _("undone {date}").format(date=batch.undone_at[:10]) if batch.undone_at else ""]
            for batch in batches]
    for line in table_lines(rows, "rllllrll"):
        click.echo(line)


@import_group.group("map", help=N_("Column mappings for banks budget does not know."))
def import_map() -> None:
    pass


@import_map.command("add", help=N_(
    "Save a mapping NAME: which columns of a CSV hold the date, amount, payee…\n"
    "\n"
    "\b\n"
    "budget import map add mybank --date 交易日期 --amount 金额 --payee 对方名称 --note 用途\n"
    "budget import statement.csv --map mybank --account 'My bank'"))
@click.argument("name")
@option("--date", "date_column", required=True, help=N_("Header of the date column."))
@option("--amount", default="", help=N_("Header of a signed amount column."))
@option("--income", default="", help=N_("Header of the income column (with --expense)."))
@option("--expense", default="", help=N_("Header of the expense column (with --income)."))
@option("--payee", default="", help=N_("Header of the payee / counterparty column."))
@option("--note", default="", help=N_("Header of the description column."))
@option("--id", "id_column", default="", help=N_("Header of a transaction id column."))
@option("--balance", default="", help=N_("Header of a running balance column."))
@option("--expense-positive", is_flag=True,
        help=N_("The amount column shows spending as positive numbers."))
@db_option
@click.pass_context
def import_map_add(ctx, name: str, date_column: str, amount: str, income: str, expense: str,
                   payee: str, note: str, id_column: str, balance: str,
                   expense_positive: bool) -> None:
    from budget.services import imports

    spec = {"date": date_column, "amount": amount, "income": income, "expense": expense,
            "payee": payee, "note": note, "id": id_column, "balance": balance,
            "expense_positive": expense_positive}
    try:
        imports.save_map(ledger_for(ctx), name, spec)
    except imports.ImportProblem as error:
        raise UserError(str(error)) from error
    click.echo(_("Saved mapping {name}; import with `budget import FILE --map {name}`.").format(
        name=name))


@import_map.command("list", help=N_("Saved column mappings."))
@db_option
@click.pass_context
def import_map_list(ctx) -> None:
    from budget.storage.imports import ImportBook

    for name, spec in ImportBook(ledger_for(ctx)).maps().items():
        columns = ", ".join(f"{key}={value}" for key, value in spec.items())
        click.echo(f"{name}: {columns}")


@import_group.group("rule", help=N_("Category rules: `payee contains TEXT -> CATEGORY`."))
def import_rule() -> None:
    pass


@import_rule.command("add", help=N_(
    "Book rows whose payee or description contains TEXT in CATEGORY from now on."))
@click.argument("text")
@click.argument("category")
@db_option
@click.pass_context
def import_rule_add(ctx, text: str, category: str) -> None:
    from budget.services import imports
    from budget.services.ledger import EntryError

    try:
        name = imports.add_rule(ledger_for(ctx), text, category)
    except EntryError as error:
        raise entry_error(error) from error
    except imports.ImportProblem as error:
        raise UserError(str(error)) from error
    click.echo(_("Rows whose payee contains '{text}' go to {category}.").format(
        text=text, category=name))


@import_rule.command("list", help=N_(
    "Your category rules, those budget learned from your corrections marked so."))
@db_option
@click.pass_context
def import_rule_list(ctx) -> None:
    from budget.storage.imports import ImportBook

    ledger = ledger_for(ctx)
    names = {c.id: c.name for c in ledger.categories(include_archived=True)}
    for rule in ImportBook(ledger).rules():
        learned = _(" (learned)") if rule.learned else ""
        click.echo(f"{rule.pattern} -> {names.get(rule.category_id, '?')}{learned}")
