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

import typer

from sacromassage.cli.choices import ShortErrorsGroup
from sacromassage.cli.journal_check_in import check_in_command
from sacromassage.cli.journal_entries import (
    add_command,
    delete_command,
    edit_command,
    path_command,
    show_command,
)
from sacromassage.cli.journal_files import export_command, import_command, remind_command
from sacromassage.cli.journal_report import report_command
from sacromassage.cli.journal_views import list_command, stats_command
from sacromassage.cli.options import tidy_help

journal_app = typer.Typer(
    name="journal",
    cls=ShortErrorsGroup,
    help=(
        "Log each session's pain before and after, and see whether massage is helping.\n\n"
        "\b\nExamples:\n"
        "  sacromassage journal add --before 6 --after 3\n"
        "  sacromassage journal list --last 10\n"
        "  sacromassage journal check-in\n"
        "  sacromassage journal stats\n"
        "  sacromassage journal export --format json -o backup.json\n\n"
        "The journal is one file on this computer; 'sacromassage journal path' shows where."
    ),
    no_args_is_help=True,
)


for name, command in (
    ("path", path_command),
    ("add", add_command),
    ("edit", edit_command),
    ("check-in", check_in_command),
    ("list", list_command),
    ("show", show_command),
    ("delete", delete_command),
    ("export", export_command),
    ("import", import_command),
    ("stats", stats_command),
    ("report", report_command),
    ("remind", remind_command),
):
    journal_app.command(name)(command)
tidy_help(journal_app)
