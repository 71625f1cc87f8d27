"""The shell's language (--lang, BUDGET_LANG, the saved setting, the locale) and click's words."""

from __future__ import annotations

import gettext

import click

from budget.commands.common import option
from budget.i18n import LANGUAGES, N_, _, activate, choose, listing, ngettext, normalize

LANG_META = "budget.lang"

# click translates its own words with the standard library's gettext. These are the ones a
# person meets (help pages, wrong options and values); their ids are click's own, so a
# test checks that click still uses each one.
CLICK_MESSAGES = [
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Positional arguments"),
    N_("Show this message and exit."), N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"), N_("default: {default}"), N_("required"),
    N_("Aborted!"), N_("Missing command."), N_("Error: {message}"),
    N_("Try '{command} {option}' for help."), N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"), N_("Missing argument"),
    N_("Missing option"), N_("Missing parameter"), N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"), N_("No such option {name!r}."),
    N_("No such command {name!r}."), N_("Option {name!r} does not take a value."),
    N_("{value!r} is not a valid {number_type}."), N_("{value} is not in the range {range}."),
    N_("file"), N_("directory"), N_("path"), N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."), N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."), N_("{name} {filename!r} is not writable."),
    N_("Could not open file {filename!r}: {message}"), N_("Choose from:\n\t{choices}"),
]


def click_plurals() -> list[str]:
    """click's messages with plural forms, written as ngettext calls so that extraction keeps
    each pair together; nothing needs to call this."""
    return [
        ngettext("Got unexpected extra argument ({args})",
                 "Got unexpected extra arguments ({args})", 1),
        ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1),
        ngettext("Option {name!r} requires an argument.",
                 "Option {name!r} requires {nargs} arguments.", 1),
        ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
    ]


def install_click_translations() -> None:
    """Route click's own gettext calls through budget's catalogue, in the active language.

    click binds `gettext.gettext` and `gettext.ngettext` into its modules as `_` and
    `ngettext`; those names are replaced by budget's, which follow `budget.i18n.activate`.
    """
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting,
                   click.parser, click.types):
        if getattr(module, "_", None) is gettext.gettext:
            module._ = _
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = ngettext


def start(option: str | None = None) -> None:
    """Speak what --lang, BUDGET_LANG or the locale ask for, before anything is printed."""
    activate(choose(option))


def _chosen(ctx: click.Context, _param, value: str | None) -> str | None:
    if value is None:
        return None
    if normalize(value) is None:
        raise click.BadParameter(_("'{value}' is not a language budget speaks: use {codes}")
                                 .format(value=value, codes=listing(LANGUAGES)))
    ctx.find_root().meta[LANG_META] = activate(value)
    return value


lang_option = option(
    "--lang", metavar="LANG", callback=_chosen, expose_value=False, is_eager=True,
    help=N_("Language: en or zh_CN (default: BUDGET_LANG, the app's setting, then the locale)."))


def apply_saved(ctx: click.Context, db: str | None) -> None:
    """Speak the language saved in the app's settings of database `db` (None: the default
    one), unless --lang chose one; BUDGET_LANG still comes first (see i18n.choose). Reads
    the file without creating or migrating it."""
    if ctx.find_root().meta.get(LANG_META):
        return
    from budget.services.session import saved_language

    activate(choose(saved=saved_language(db)))
