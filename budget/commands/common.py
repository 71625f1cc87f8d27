"""What every shell command shares: --db, opening the ledger, errors, JSON and today."""

from __future__ import annotations

import json
from datetime import date

import click

from budget.i18n import N_, _


class UserError(click.ClickException):
    """Bad input: the message says what is wrong and what is accepted; nothing was written."""

    exit_code = 2

    def show(self, file=None) -> None:
        from budget.domain.text import visible

        # The message may quote what was typed: never echo a control character back.
        click.echo(_("budget: {message}").format(message=visible(self.format_message())),
                   err=True)


# Fields the services name that are not an option of their own: say only what is wrong.
_NO_OPTION = frozenset({"terms", "loan", "bill", "payment", "option", "safe"})
_OPTION_NAMES = {"phones": "--phone"}


def entry_error(error) -> UserError:
    """An EntryError from the services, naming every field or option that is wrong: a
    field that is an option shows as one (paid_installments -> --paid-installments), a
    field of its own by its translated name ("amount" -> "金额")."""
    errors = getattr(error, "errors", None) or {error.field: str(error)}
    lines = []
    for field, message in errors.items():
        if field in _NO_OPTION:
            lines.append(message)
            continue
        name = _OPTION_NAMES.get(field) or (
            f"--{field.replace('_', '-')}" if "_" in field else field_name(field))
        lines.append(_("{field}: {message}").format(field=name, message=message))
    return UserError("\n".join(lines))


# The names of the fields an EntryError can point at, as a person reads them. Options
# ("--as-of") are shown as typed.
FIELD_NAMES = {
    "amount": N_("amount"), "category": N_("category"), "date": N_("date"),
    "account": N_("account"), "payee": N_("payee"), "note": N_("note"), "to": N_("to account"),
    "name": N_("name"), "opening": N_("opening balance"), "loan": N_("loan"),
    "bill": N_("bill"), "payment": N_("payment"), "day": N_("day"),
    "interval": N_("interval"), "month": N_("month"), "extra": N_("extra per month"),
    "order": N_("order"), "payday": N_("payday"), "reserve": N_("reserve"),
    "safe": N_("safe to spend"), "principal": N_("principal"), "rate": N_("rate"),
    "rate_per": N_("rate period"), "periods": N_("installments"), "method": N_("method"),
    "start": N_("start"), "due_day": N_("due day"), "first_due": N_("first due date"),
    "grace_days": N_("grace period"), "late_fee": N_("late fee"),
    "lead_days": N_("remind days before"), "penalty_multiplier": N_("penalty multiplier"),
    "paid_installments": N_("installments already paid"), "prepayment": N_("prepayment"),
    "prepayment_fee": N_("prepayment fee"),
    "full_period_interest": N_("interest on early principal"),
}


def field_name(field: str) -> str:
    """The translated name of an entry field ("amount" -> "金额"); an option stays as is."""
    return _(FIELD_NAMES[field]) if field in FIELD_NAMES else field


class TranslatedText:
    """A text attribute of a click object (help, short help, epilog) kept as its message id
    (marked with N_ where it is declared) and translated each time it is read."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__.get(self.slot)
        return _(value) if value else value

    def __set__(self, obj, value: str | None) -> None:
        obj.__dict__[self.slot] = value


class TranslatedOption(click.Option):
    """An option whose help (marked with N_ where it is declared) is translated each time
    it is shown, so `budget --lang zh_CN add --help` speaks the language chosen while the
    command line was read, whatever was active when the module was imported."""

    help = TranslatedText()


class CellFormatter(click.HelpFormatter):
    """click's help layout, wrapped by terminal cells: a Chinese character takes two.

    click measures text with len(); each wide character is padded while it lays out and
    the padding is taken out of the result (budget.l10n.pad_wide).
    """

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        from budget.l10n import pad_wide

        prefix = _("Usage:") + " " if prefix is None else prefix
        super().write_usage(pad_wide(prog), pad_wide(args), pad_wide(prefix))

    def write_heading(self, heading: str) -> None:
        from budget.l10n import pad_wide

        super().write_heading(pad_wide(heading))

    def write_text(self, text: str) -> None:
        from budget.l10n import pad_wide

        super().write_text(pad_wide(text))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        from budget.l10n import pad_wide

        super().write_dl([(pad_wide(term), pad_wide(text)) for term, text in rows],
                         col_max, col_spacing)

    def getvalue(self) -> str:
        import re

        from budget.l10n import unpad

        # Chinese punctuation never starts a line: it goes back to the end of the one before
        # (a line that held only punctuation goes altogether, leaving no blank line).
        text = re.sub(r"\n *([，。、；：！？）」』”]+)(?=\n|$)", r"\1", unpad(super().getvalue()))
        return re.sub(r"\n( *)([，。、；：！？）」』”])", r"\2\n\1", text)


class BudgetContext(click.Context):
    """The context of every budget command: help laid out by CellFormatter."""

    formatter_class = CellFormatter


class TranslatedCommand(click.Command):
    """A command whose help and short help are translated when shown (see TranslatedOption)."""

    context_class = BudgetContext

    help = TranslatedText()
    short_help = TranslatedText()
    epilog = TranslatedText()

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # click builds --help once per command, in the language active then; its text is
        # set again each time it is asked for.
        help_option = super().get_help_option(ctx)
        if help_option is not None:
            help_option.help = _("Show this message and exit.")
        return help_option


class TranslatedGroup(TranslatedCommand, click.Group):
    """A group of commands whose help is translated when shown; its subcommands too."""

    command_class = TranslatedCommand
    group_class = type  # subgroups are TranslatedGroups as well


def option(*declarations: str, **attributes):
    """`click.option` with its help translated when shown: ``option("--days", help=N_(…))``."""
    return click.option(*declarations, cls=TranslatedOption, **attributes)


def command(name: str | None = None, **attributes):
    """`click.command` with its help translated when shown: ``command("add", help=N_(…))``;
    a `cls` given must be a TranslatedCommand."""
    attributes.setdefault("cls", TranslatedCommand)
    return click.command(name, **attributes)


def group(name: str | None = None, **attributes):
    """`click.group` with its help (and its subcommands') translated when shown; a `cls`
    given must be a TranslatedGroup (groups.FileOrCommandGroup is one)."""
    attributes.setdefault("cls", TranslatedGroup)
    return click.group(name, **attributes)


def _remember_db(ctx: click.Context, _param, value):
    if value is not None:
        ctx.find_root().meta["budget.db"] = value
        # The language saved in that file's settings applies from here on.
        from budget.commands.language import apply_saved

        apply_saved(ctx, value)
    return value


db_option = option("--db", type=click.Path(dir_okay=False), callback=_remember_db,
                   expose_value=False, is_eager=True,
                   help=N_("Database file to use (default: see `budget paths`)."))


def db_path(ctx: click.Context) -> str | None:
    return ctx.find_root().meta.get("budget.db")


def ledger_for(ctx: click.Context):
    """Open the ledger named by --db / BUDGET_HOME, turning a bad file into a clear error."""
    from budget.services.session import open_ledger
    from budget.storage.database import DatabaseError

    try:
        ledger = open_ledger(db_path(ctx))
    except DatabaseError as error:
        raise UserError(str(error)) from error
    for notice in ledger.notices:
        click.echo(_("budget: {message}").format(message=notice), err=True)
    ctx.call_on_close(lambda: _report_set_aside(ledger))
    return ledger


def _report_set_aside(ledger) -> None:
    """After the command: each loan or bill left out for a date outside the accepted range,
    and how to fix it (on stderr, so JSON on stdout stays valid)."""
    for problem in ledger.date_problems.values():
        click.echo(_("budget: {message}").format(message=problem.message()), err=True)


def today() -> date:
    """The one place shell commands read the calendar; everything below takes it as a value."""
    return date.today()


def now():
    """The clock, read in one place (tests set it): contacts and evidence are timed."""
    from datetime import datetime

    return datetime.now().replace(second=0, microsecond=0)


def parse_option_date(text: str | None, field: str) -> date:
    """An --as-of / --date option: the same formats the entry form accepts."""
    from budget.domain.dates import DateError, parse_date

    if text is None:
        return today()
    try:
        return parse_date(text, today())
    except DateError as error:
        raise UserError(_("{field}: {message}").format(field=field_name(field),
                                                       message=error)) from error


def echo_json(value) -> None:
    """`value` as indented JSON; no control character reaches the terminal raw (C0 are
    escaped by json, DEL and C1 by `json_safe`)."""
    from budget.domain.text import json_safe

    click.echo(json_safe(json.dumps(value, ensure_ascii=False, indent=2)))


def fit(text: str, width: int, align: str = "l") -> str:
    """`text` padded (or cut) to exactly `width` terminal cells, a Chinese character taking
    two; a cut never splits a character, and "r" aligns right."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) > width:
        return set_cell_size(text, width)
    gap = " " * (width - cell_len(text))
    return gap + text if align == "r" else text + gap
TEXT_COLUMN = 32
"""The widest a name column of a shell table gets, in terminal cells."""


def cut_cells(text: str, width: int) -> str:
    """`text` when it fits in `width` terminal cells, else cut to fit with "…" at the end
    (never half a double-width character)."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    # set_cell_size pads half a cut wide character with a space: the rstrip takes it off.
    return set_cell_size(text, width - 1).rstrip() + "…"


def table_lines(rows: list[list[str]], aligns: str) -> list[str]:
    """Rows of cells as aligned text lines, measured in terminal cells (a Chinese character
    takes two). `aligns` has one letter per column: "l" left, "r" right. Digits are never
    cut; the widest cell sets each column's width, but a left-aligned column other than
    the last is at most TEXT_COLUMN cells, longer text cut with "…" (`cut_cells`)."""
    from rich.cells import cell_len

    last = len(aligns) - 1
    rows = [[cut_cells(cell, TEXT_COLUMN) if align == "l" and index < last else cell
             for index, (cell, align) in enumerate(zip(row, aligns, strict=True))]
            for row in rows]
    widths = [max((cell_len(row[index]) for row in rows), default=0)
              for index in range(len(aligns))]
    lines = []
    for row in rows:
        cells = []
        for cell, width, align in zip(row, widths, aligns, strict=True):
            gap = " " * (width - cell_len(cell))
            cells.append(gap + cell if align == "r" else cell + gap)
        lines.append("  ".join(cells).rstrip())
    return lines
