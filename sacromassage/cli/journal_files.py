"""``journal export``, ``import`` and ``remind``: files in and out of the journal."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sacromassage.cli.choices import (
    chosen_format,
)
from sacromassage.model import EXPORT_FORMATS, OutputFormat

if TYPE_CHECKING:
    pass
from sacromassage.cli import journal_common as common
from sacromassage.cli.journal_common import (
    OutputOpt,
    deliver_public,
    format_option,
    json_text,
    open_journal,
    report_damaged,
    to_screen,
)


def export_command(
    output_format: Annotated[str | None, format_option(EXPORT_FORMATS)] = None,
    output: OutputOpt = None,
) -> None:
    """Export every session and check-in, as a backup or to move the journal.

    \b
    Examples:
      sacromassage journal export --format json -o backup.json
      sacromassage journal export -o sessions.csv
      sacromassage journal export > backup.json

    The export holds everything, including each entry's uid, so importing it again
    later adds nothing twice. Each item has a kind: session or check-in (CSV: a kind
    column, and the check-in's pain_average, enjoyment, activity and change columns,
    empty for a session).
    """
    from sacromassage.journal.entry import EXPORT_FIELDS
    from sacromassage.journal.transfer import export_items, rows_to_csv
    from sacromassage.output import write_text

    chosen = chosen_format(output_format, output, EXPORT_FORMATS, OutputFormat.JSON)
    with open_journal(read_only=True) as journal:
        entries = journal.list()
        check_ins = journal.check_ins()
    report_damaged(entries, "exported")
    rows = export_items(entries, check_ins)
    text = rows_to_csv(rows, EXPORT_FIELDS) if chosen is OutputFormat.CSV else json_text(rows)
    write_text(text, output, private=True)
    if output not in (None, "-"):
        plural = "entry" if len(rows) == 1 else "entries"
        typer.echo(f"Exported {len(rows)} {plural} to {output}.", err=True)


def import_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A JSON or CSV export.", show_default=False)
    ],
) -> None:
    """Merge an export (JSON or CSV) into this journal.

    \b
    Examples:
      sacromassage journal import backup.json
      sacromassage journal import sessions.csv

    Sessions and check-ins already in the journal are skipped, so importing a file
    twice is harmless; an item without a kind is a session (older exports).
    A missing file or one that is not a valid export exits with status 1.
    """
    from sacromassage.journal.transfer import read_import_file

    rows = read_import_file(file)
    with open_journal(read_only=False) as journal:
        added = journal.import_rows(rows, source=str(file))
    skipped = len(rows) - added
    typer.echo(
        f"Added {added} {'entry' if added == 1 else 'entries'}; "
        f"{skipped} {'was' if skipped == 1 else 'were'} already in the journal."
    )


def remind_command(
    days_text: Annotated[
        str,
        typer.Option(
            "--days",
            metavar="DAYS",
            help="Days of the week, separated by commas: mon, tue, wed, thu, fri, sat, sun.",
        ),
    ],
    time_text: Annotated[
        str,
        typer.Option("--time", metavar="HH:MM", help="The time of day, 24-hour, local time."),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the calendar file to FILE, such as sessions.ics (default or '-': "
            "the screen).",
        ),
    ] = None,
) -> None:
    """Make a calendar file (.ics) that reminds you of your sessions every week.

    \b
    Examples:
      sacromassage journal remind --days mon,wed,fri --time 19:00 -o sessions.ics
      sacromassage journal remind --days tue,sat --time 08:30 > sessions.ics

    Import the file into your calendar app: it holds one weekly event at that local
    time, whose description says to run 'sacromassage session' (it asks about red
    flags every time). Nothing is sent anywhere.
    """
    from sacromassage.journal.remind import calendar, parse_days, parse_time

    try:
        days = parse_days(days_text)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--days") from None
    try:
        at = parse_time(time_text)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--time") from None
    moment = common.now()
    deliver_public(calendar(days, at, now=moment), output)
    if not to_screen(output):
        typer.echo(f"Wrote a weekly reminder to {output}; import it into your calendar.", err=True)
