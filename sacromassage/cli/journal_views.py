"""``journal list`` and ``journal stats``: what the journal holds and adds up to."""

from typing import TYPE_CHECKING, Annotated

import typer

from sacromassage.cli.choices import (
    chosen_format,
    parse_whole,
)
from sacromassage.model import LIST_FORMATS, SHOW_FORMATS, OutputFormat

if TYPE_CHECKING:
    pass
from sacromassage.cli.journal_common import (
    MAX_COUNT,
    RICH_ROWS,
    OutputOpt,
    deliver,
    format_option,
    json_text,
    open_journal,
    report_damaged,
    to_screen,
)
from sacromassage.render.journal import as_text, plain_table, rich_stats, rich_table, stats_lines


def list_command(
    last_text: Annotated[
        str | None, typer.Option("--last", metavar="N", help="Only the newest N entries.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="Only entries from this date on (YYYY-MM-DD, local time).",
        ),
    ] = None,
    output_format: Annotated[str | None, format_option(LIST_FORMATS)] = None,
    output: OutputOpt = None,
) -> None:
    """List logged sessions, oldest first.

    \b
    Examples:
      sacromassage journal list --last 10
      sacromassage journal list --since 2026-11-01 --format plain
      sacromassage journal list --format csv > sessions.csv
      sacromassage journal list -f json -o sessions.json

    JSON and CSV carry id, when, before, after (null or empty: not recorded), relief,
    minutes, diagnosis, helper, tool (the first), tools (every one; ';' in CSV), note,
    finished (false for a session cut short), stopped (hurt, interrupted, skipped-rest
    or null), steps and uid.
    """
    from datetime import date

    from sacromassage.journal.transfer import rows_to_csv

    chosen = chosen_format(output_format, output, LIST_FORMATS, OutputFormat.RICH)
    last = None if last_text is None else parse_whole(last_text, 0, MAX_COUNT, "--last")
    since_date = None
    if since is not None:
        try:
            since_date = date.fromisoformat(since.strip())
        except ValueError:
            raise typer.BadParameter(
                f"'{since}' is not a date. Use YYYY-MM-DD, such as 2026-11-01.",
                param_hint="--since",
            ) from None
    capped = last is None and chosen is OutputFormat.RICH and to_screen(output)
    with open_journal(read_only=True) as journal:
        entries = journal.list(last=RICH_ROWS + 1 if capped else last, since=since_date)
        location = journal.path
        total = journal.count() if not entries else len(entries)
    if capped and len(entries) > RICH_ROWS:  # a long table in rich takes seconds
        entries = entries[-RICH_ROWS:]
        typer.echo(
            f"Showing the newest {RICH_ROWS} sessions; use --last N or --format plain to see more.",
            err=True,
        )
    report_damaged(entries, "listed")
    if chosen is OutputFormat.JSON:
        deliver(json_text([entry.to_dict() for entry in entries]), output)
    elif chosen is OutputFormat.CSV:
        deliver(rows_to_csv(entry.to_dict() for entry in entries), output)
    elif not total:
        deliver(
            f"No sessions logged yet in {location}. Add one with: "
            "sacromassage journal add --before 6 --after 3\n",
            output,
        )
    elif not entries:
        plural = "session is" if total == 1 else "sessions are"
        deliver(
            f"No sessions match; {total} {plural} in the journal. Try without --since or --last.\n",
            output,
        )
    elif chosen is OutputFormat.PLAIN:
        deliver(plain_table(entries), output)
    elif to_screen(output):
        from sacromassage.terminal import stdout_console

        stdout_console().print(rich_table(entries))
    else:
        deliver(as_text(rich_table(entries)), output)


def stats_command(
    output_format: Annotated[str | None, format_option(SHOW_FORMATS)] = None,
    output: OutputOpt = None,
    weeks_text: Annotated[
        str,
        typer.Option(
            "--weeks",
            metavar="N",
            help="How many recent weeks the trend draws (0: all; JSON has all).",
        ),
    ] = "26",
) -> None:
    """Show whether massage seems to be helping: relief, trends and a verdict.

    \b
    Examples:
      sacromassage journal stats
      sacromassage journal stats --format plain --weeks 8
      sacromassage journal stats --format json

    Relief is pain before minus pain after. A session counts as a noticeable change
    when relief is at least 2 points or 30% of the before-score (Farrar et al. 2001).
    The verdict waits for 6 sessions; after that, massage seems to help if the typical
    session (the median, counting ones cut short) reached that threshold.
    """
    chosen = chosen_format(output_format, output, SHOW_FORMATS, OutputFormat.RICH)
    weeks = parse_whole(weeks_text, 0, MAX_COUNT, "--weeks")
    with open_journal(read_only=True) as journal:
        from sacromassage.journal.totals import Weeks

        # The screen draws the newest --weeks weeks; JSON has every one.
        newest = 0 if chosen is OutputFormat.JSON else weeks
        stats = journal.stats(weeks=Weeks(newest=newest))
    if chosen is OutputFormat.JSON:
        deliver(json_text(stats.to_dict()), output)
        return
    lines = stats_lines(stats, weeks)
    if chosen is OutputFormat.PLAIN:
        deliver("\n".join(text for text, _ in lines) + "\n", output)
    elif to_screen(output):
        from sacromassage.terminal import stdout_console

        stdout_console().print(rich_stats(stats, lines))
    else:
        deliver(as_text(rich_stats(stats, lines)), output)
