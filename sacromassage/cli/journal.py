"""``sacromassage journal``: log how each session went and see whether massage helps.

The commands live in ``journal_entries`` (one entry at a time), ``journal_check_in``
(the weekly check-in), ``journal_views`` (list and stats) and ``journal_files``
(export, import, remind); this module gathers them in the order ``--help`` shows.
cli/app.py imports it at start-up, so only typer and light modules load here; the
journal itself (sqlite3), json, csv, datetime and rich load inside the commands.

Exit codes: 0 done; 1 a journal problem (damaged or foreign file, nowhere to write,
an import file that is missing or whose content is not a valid export, an id that
was saved but could not be printed); 2 a usage mistake (a value out of range, an
unknown key, a bad date, an id with no entry, delete without a terminal and without
--yes).
"""

import importlib

import typer

from sacromassage.cli.choices import ShortErrorsGroup
from sacromassage.cli.options import tidy_help

#: Every command, in help order: its name, and the module and function that hold it.
COMMANDS = (
    ("path", "journal_entries", "path_command"),
    ("add", "journal_entries", "add_command"),
    ("edit", "journal_entries", "edit_command"),
    ("check-in", "journal_check_in", "check_in_command"),
    ("list", "journal_views", "list_command"),
    ("show", "journal_entries", "show_command"),
    ("delete", "journal_entries", "delete_command"),
    ("export", "journal_files", "export_command"),
    ("import", "journal_files", "import_command"),
    ("stats", "journal_views", "stats_command"),
    ("report", "journal_report", "report_command"),
    ("remind", "journal_files", "remind_command"),
)
HELP = (
    "Log each session's pain before and after, and see whether massage is helping.\n\n"
    "\b\nExamples:\n"
    "  sacromassage journal add --before 6 --after 3\n"
    "  sacromassage journal list --last 10\n"
    "  sacromassage journal check-in\n"
    "  sacromassage journal stats\n"
    "  sacromassage journal export --format json -o backup.json\n\n"
    "The journal is one file on this computer; 'sacromassage journal path' shows where."
)


def _journal() -> None:
    # The group itself does nothing (its commands do); no docstring, so HELP is its help.
    return None


def journal_group(only: str | None = None) -> typer.Typer:
    """The journal's typer group with every command, or with just ``only`` when it is
    one of them (a process runs one command: the others need not load)."""
    group = typer.Typer(
        name="journal",
        cls=ShortErrorsGroup,
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
    )
    group.callback(help=HELP)(_journal)  # a group even with one command in it
    wanted = [c for c in COMMANDS if c[0] == only] or COMMANDS
    for name, module, function in wanted:
        command = getattr(importlib.import_module(f"sacromassage.cli.{module}"), function)
        group.command(name)(command)
    tidy_help(group)
    return group


def __getattr__(name: str) -> typer.Typer:
    """``journal_app``: the group with every command, made on first use (for tests and
    for anything that imports it by name)."""
    if name == "journal_app":
        app = journal_group()
        globals()["journal_app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
