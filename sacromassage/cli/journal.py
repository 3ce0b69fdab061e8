"""``sacromassage journal``: log how each session went and see whether massage helps.

cli.py imports this module at start-up, so only typer and light modules load here.
The journal itself (sqlite3), json, csv, datetime and rich load inside the commands.

Exit codes: 0 done; 1 a journal problem (damaged or foreign file, nowhere to write,
an import file that is missing or whose content is not a valid export, an id that
was saved but could not be printed); 2 a usage mistake (a value out of range, an
unknown key, a bad date, an id with no entry, delete without a terminal and without
--yes).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sacromassage.cli.choices import (
    ShortErrorsGroup,
    chosen_format,
    fail,
    keys,
    parse_choice,
    parse_whole,
)
from sacromassage.model import Diagnosis, ExitCode, Helper, StepTool

if TYPE_CHECKING:
    from datetime import datetime

    from sacromassage.journal.entry import Entry
    from sacromassage.journal.stats import Stats, WeekStats
    from sacromassage.journal.store import Journal


#: The largest count --last and --weeks take, and the largest entry id.
MAX_COUNT = 1_000_000_000
MAX_ID = 2**63 - 1
#: Rows the rich list draws without --last.
RICH_ROWS = 200


class ListFormat(StrEnum):
    RICH = "rich"
    PLAIN = "plain"
    JSON = "json"
    CSV = "csv"


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


class StatsFormat(StrEnum):
    """Also what ``show`` writes."""

    RICH = "rich"
    PLAIN = "plain"
    JSON = "json"


OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of the screen ('-': screen); the extension picks the "
        "format when --format is not given. Files are private (0600).",
    ),
]


def _format_option(kind: type[StrEnum]) -> Any:
    return typer.Option("--format", "-f", metavar="FORMAT", help=f"One of: {keys(kind)}.")


def _deliver(text: str, output: str | None) -> None:
    """Write journal output (health data: a file is private) or say why it could not be."""
    from sacromassage.output import OutputError, write_text

    try:
        write_text(text, output, private=True)
    except OutputError as error:
        fail(str(error))


def _to_screen(output: str | None) -> bool:
    return output is None or output == "-"


def _rich_to_text(renderable: Any) -> str:
    """A rich renderable as plain characters, for a file."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=100, color_system=None, highlight=False).print(renderable)
    return buffer.getvalue()


journal_app = typer.Typer(
    name="journal",
    cls=ShortErrorsGroup,
    help=(
        "Log each session's pain before and after, and see whether massage is helping.\n\n"
        "\b\nExamples:\n"
        "  sacromassage journal add --before 6 --after 3\n"
        "  sacromassage journal list --last 10\n"
        "  sacromassage journal stats\n"
        "  sacromassage journal export --format json -o backup.json\n\n"
        "The journal is one file on this computer; 'sacromassage journal path' shows where."
    ),
    no_args_is_help=True,
)


# --------------------------------------------------------------------------- plumbing


@contextmanager
def _reported() -> Iterator[None]:
    """Journal problems become one sentence on stderr and exit status 1; an id with no
    entry is a wrong value, exit status 2."""
    from sacromassage.journal.entry import JournalError, NoSuchEntryError

    try:
        yield
    except NoSuchEntryError as error:
        fail(str(error), ExitCode.USAGE)
    except JournalError as error:
        fail(str(error))


def _open(*, read_only: bool) -> Journal:
    """The journal, once any old journal has been moved to the new place (said on
    stderr). Reading commands open it read-only."""
    from sacromassage.journal.move import move_old_journal
    from sacromassage.journal.store import Journal

    notice = move_old_journal()
    if notice:
        typer.echo(notice, err=True)
    return Journal.open(read_only=read_only)


def _stdin_is_terminal() -> bool:
    """Whether someone can answer a question (a seam for tests)."""
    from sacromassage.terminal import stdin_is_terminal

    return stdin_is_terminal()


def _json(value: Any) -> str:
    from sacromassage.render.json import dumps

    return dumps(value)


def _short_when(entry: Entry) -> str:
    """``2026-11-20 18:30`` in this computer's time zone, like ``--since`` and the order
    of the list (JSON and CSV keep each entry's own offset); a damaged time as it is."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(entry.when).astimezone()
    except (ValueError, OverflowError, OSError):
        return printable(entry.when)
    return moment.strftime("%Y-%m-%d %H:%M")


def _one_line(text: str | None) -> str:
    if not text:
        return ""
    return printable(" / ".join(part for part in text.splitlines() if part.strip()))


_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def printable(text: str) -> str:
    """``text`` safe for a terminal: control, format and unassigned characters are
    shown escaped (ESC as ``\\x1b``), so a note can never clear the screen or imitate
    the program's own output."""
    import unicodedata

    if text.isprintable():
        return text
    return "".join(
        _escaped(char)
        if char != "\u200d" and unicodedata.category(char) in _HIDDEN_CATEGORIES
        else char
        for char in text
    )


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _report_damaged(entries: list[Entry], done: str) -> None:
    """Name each row that could not be read whole, one sentence each, on stderr."""
    for entry in entries:
        if entry.damaged:
            typer.echo(
                f"Entry {entry.id} has damaged {entry.damaged}; it was {done} without them.",
                err=True,
            )


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}"


# --------------------------------------------------------------------------- path


@journal_app.command("path")
def path_command() -> None:
    """Print where the journal file is.

    \b
    Examples:
      sacromassage journal path
      SACROMASSAGE_HOME=~/sync/sacro sacromassage journal path

    Set SACROMASSAGE_HOME to a directory to keep the journal there instead.
    """
    from sacromassage.journal.store import journal_path

    with _reported():
        typer.echo(str(journal_path()))


# --------------------------------------------------------------------------- add


AfterOpt = Annotated[
    str | None,
    typer.Option(
        "--after",
        metavar="0-10",
        help="Pain after the session, 0-10 (leave it out if it was not noted).",
    ),
]
MinutesOpt = Annotated[
    str | None,
    typer.Option("--minutes", "-m", metavar="1-240", help="How long it took, in minutes."),
]
DiagnosisOpt = Annotated[
    str | None,
    typer.Option("--diagnosis", "-d", metavar="KEY", help=f"One of: {keys(Diagnosis)}."),
]
HelperOpt = Annotated[
    str | None,
    typer.Option(
        "--helper",
        "-w",
        metavar="KEY",
        help=f"One of: {keys(Helper)} (therapist: a visit to one).",
    ),
]
ToolOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tool",
        metavar="KEY",
        help=f"A tool used, repeatable (every one is kept): {keys(StepTool)}.",
    ),
]
NoteOpt = Annotated[
    str | None, typer.Option("--note", metavar="TEXT", help="Anything worth remembering.")
]
WhenOpt = Annotated[
    str | None,
    typer.Option(
        "--when",
        metavar="DATE",
        help="When it happened: a date or date-time (no offset means local time), or "
        "exactly today, yesterday, 'N days ago' or a weekday name (the most recent one "
        "past: today's weekday means a week ago); a bare day means local midnight "
        "(default: now).",
    ),
]


def _changes(
    *,
    before: str | None,
    after: str | None,
    minutes: str | None,
    diagnosis: str | None,
    helper: str | None,
    tool: list[str] | None,
    note: str | None,
    when: str | None,
) -> dict[str, Any]:
    """The flags that were given, checked (exit 2 naming the flag), as journal values."""
    from sacromassage.journal.entry import clean_text

    changes: dict[str, Any] = {}
    if before is not None:
        changes["before"] = parse_whole(before, 0, 10, "--before")
    if after is not None:
        changes["after"] = parse_whole(after, 0, 10, "--after")
    if minutes is not None:
        changes["minutes"] = parse_whole(minutes, 1, 240, "--minutes")
    if diagnosis is not None:
        changes["diagnosis"] = parse_choice(diagnosis, Diagnosis, "'--diagnosis' / '-d'")
    if helper is not None:
        changes["helper"] = parse_choice(helper, Helper, "'--helper' / '-w'")
    if tool:
        changes["tools"] = [parse_choice(one, StepTool, "--tool") for one in tool]
    if note is not None:
        changes["note"] = clean_text(note)
    if when is not None:
        changes["when"] = _parse_when(when)
    return changes


@journal_app.command("add")
def add_command(
    before_text: Annotated[
        str, typer.Option("--before", metavar="0-10", help="Pain before the session, 0-10.")
    ],
    after_text: AfterOpt = None,
    minutes_text: MinutesOpt = None,
    diagnosis: DiagnosisOpt = None,
    helper: HelperOpt = None,
    tool: ToolOpt = None,
    note: NoteOpt = None,
    when: WhenOpt = None,
) -> None:
    """Log one session and print its id.

    \b
    Examples:
      sacromassage journal add --before 6 --after 3
      sacromassage journal add --before 7 --after 4 --minutes 15 \\
          --helper self --tool ball
      sacromassage journal add --before 5 --after 4 \\
          --when 2026-11-20T18:30 --note "after driving"
      sacromassage journal add --before 6 --after 4 --when yesterday

    Pain is on the usual 0-10 scale, 0 meaning none and 10 the worst imaginable.
    """
    changes = _changes(
        before=before_text,
        after=after_text,
        minutes=minutes_text,
        diagnosis=diagnosis,
        helper=helper,
        tool=tool,
        note=note,
        when=when,
    )
    with _reported(), _open(read_only=False) as journal:
        entry = journal.add(after=changes.pop("after", None), **changes)
    _print_saved_id(entry.id)


@journal_app.command("edit")
def edit_command(
    id_text: Annotated[str, typer.Argument(metavar="ID", help="The entry's id.")],
    before_text: Annotated[
        str | None,
        typer.Option("--before", metavar="0-10", help="Pain before the session, 0-10."),
    ] = None,
    after_text: AfterOpt = None,
    minutes_text: MinutesOpt = None,
    diagnosis: DiagnosisOpt = None,
    helper: HelperOpt = None,
    tool: ToolOpt = None,
    note: NoteOpt = None,
    when: WhenOpt = None,
) -> None:
    """Change one entry: only the flags given change (the same flags as add).

    \b
    Examples:
      sacromassage journal edit 12 --after 3
      sacromassage journal edit 12 --when yesterday --note "after the drive"
      sacromassage journal edit 12 --note ""

    An empty --note clears the note. The entry keeps its id and uid, so a backup
    made before the edit still matches it. An id with no entry exits with status 2.
    """
    entry_id = parse_whole(id_text, 1, MAX_ID, "ID")
    changes = _changes(
        before=before_text,
        after=after_text,
        minutes=minutes_text,
        diagnosis=diagnosis,
        helper=helper,
        tool=tool,
        note=note,
        when=when,
    )
    if not changes:
        fail(
            "Nothing to change: give at least one of --before, --after, --minutes, "
            "--diagnosis, --helper, --tool, --note or --when.",
            ExitCode.USAGE,
        )
    with _reported(), _open(read_only=False) as journal:
        entry = journal.edit(entry_id, **changes)
    typer.echo(f"Entry {entry.id} updated.", err=True)


def _now() -> datetime | None:
    """The moment ``--when`` words count back from (None: now; a seam for tests)."""
    return None


def _parse_when(text: str) -> datetime:
    """``--when`` read by :func:`sacromassage.journal.parse_when_words`, or exit 2."""
    from sacromassage.journal.dates import parse_when_words

    try:
        return parse_when_words(text, _now())
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--when") from None


def _print_saved_id(entry_id: int) -> None:
    """Print the new id; if that fails (a full disk behind a redirect), say the entry
    was saved all the same, so a script does not add it again."""
    import os

    from sacromassage.output import OutputError, write_text

    try:
        write_text(f"{entry_id}\n", None)
    except OutputError as error:
        try:  # let the unwritten bytes drain into nothing rather than fail again at exit
            sink = os.open(os.devnull, os.O_WRONLY)
            os.dup2(sink, sys.stdout.fileno())
            os.close(sink)
        except (OSError, ValueError, AttributeError):
            pass
        reason = str(error).removeprefix("Cannot write to standard output: ").rstrip(".")
        fail(f"Saved as entry {entry_id}, but the id could not be printed ({reason}).")


# --------------------------------------------------------------------------- list


@journal_app.command("list")
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
    output_format: Annotated[str | None, _format_option(ListFormat)] = None,
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

    chosen = chosen_format(output_format, output, ListFormat, ListFormat.RICH)
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
    capped = last is None and chosen is ListFormat.RICH and _to_screen(output)
    with _reported(), _open(read_only=True) as journal:
        entries = journal.list(last=RICH_ROWS + 1 if capped else last, since=since_date)
        location = journal.path
        total = journal.count() if not entries else len(entries)
    if capped and len(entries) > RICH_ROWS:  # a long table in rich takes seconds
        entries = entries[-RICH_ROWS:]
        typer.echo(
            f"Showing the newest {RICH_ROWS} sessions; use --last N or --format plain to see more.",
            err=True,
        )
    _report_damaged(entries, "listed")
    if chosen is ListFormat.JSON:
        _deliver(_json([entry.to_dict() for entry in entries]), output)
    elif chosen is ListFormat.CSV:
        _deliver(rows_to_csv(entry.to_dict() for entry in entries), output)
    elif not total:
        _deliver(
            f"No sessions logged yet in {location}. Add one with: "
            "sacromassage journal add --before 6 --after 3\n",
            output,
        )
    elif not entries:
        plural = "session is" if total == 1 else "sessions are"
        _deliver(
            f"No sessions match; {total} {plural} in the journal. Try without --since or --last.\n",
            output,
        )
    elif chosen is ListFormat.PLAIN:
        _deliver(_plain_table(entries), output)
    elif _to_screen(output):
        from sacromassage.terminal import stdout_console

        stdout_console().print(_rich_table(entries))
    else:
        _deliver(_rich_to_text(_rich_table(entries)), output)


_LIST_HEADERS = ("ID", "When", "Before", "After", "Relief", "Min", "Helper", "Tool", "Done", "Note")


#: How a pain after that was never given is shown; stats leave such entries out.
NOT_RECORDED = "not recorded"


def _after(entry: Entry) -> str:
    return NOT_RECORDED if entry.after is None else str(entry.after)


def _tools(entry: Entry) -> str:
    """Every tool of the entry, the first first ("" for none)."""
    every = entry.tools or (() if entry.tool is None else (entry.tool,))
    return ", ".join(printable(str(tool)) for tool in every)


def _cells(entry: Entry) -> list[str]:
    return [
        str(entry.id),
        _short_when(entry),
        str(entry.before),
        _after(entry),
        "" if entry.relief is None else f"{entry.relief:+d}",
        "" if entry.minutes is None else str(entry.minutes),
        "" if entry.helper is None else printable(str(entry.helper)),
        _tools(entry),
        "yes" if entry.finished else "no",
        _one_line(entry.note),
    ]


def _plain_table(entries: list[Entry]) -> str:
    rows = [list(_LIST_HEADERS), *(_cells(entry) for entry in entries)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(_LIST_HEADERS))]
    numeric = {0, 2, 3, 4, 5}
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if column in numeric else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def _rich_table(entries: list[Entry]) -> Any:
    from rich.table import Table
    from rich.text import Text

    # No rules and single-space gaps leave room for notes at 80 columns.
    table = Table(
        title="Sessions",
        title_justify="left",
        box=None,
        pad_edge=False,
        collapse_padding=True,
        header_style="bold underline",
    )
    for header in _LIST_HEADERS:
        numeric = header in ("ID", "Before", "After", "Relief", "Min")
        # Short columns never wrap; only the note folds when the terminal is narrow.
        table.add_column(
            header,
            justify="right" if numeric else "left",
            overflow="fold",
            no_wrap=header != "Note",
            min_width=10 if header == "Note" else None,
        )
    for entry in entries:
        cells = [Text(cell) for cell in _cells(entry)]
        relief = entry.relief or 0
        cells[4].stylize("green" if entry.noticeable else ("red" if relief < 0 else ""))
        if not entry.finished:
            cells[8].stylize("yellow")
        table.add_row(*cells)
    return table


# --------------------------------------------------------------------------- show


@journal_app.command("show")
def show_command(
    id_text: Annotated[str, typer.Argument(metavar="ID", help="The entry's id.")],
    output_format: Annotated[str | None, _format_option(StatsFormat)] = None,
    output: OutputOpt = None,
) -> None:
    """Show one entry in full, with how each step went.

    \b
    Examples:
      sacromassage journal show 12
      sacromassage journal show 1 -f json

    'sacromassage journal list --last 5' is a quick way to find an id.
    """
    entry_id = parse_whole(id_text, 1, MAX_ID, "ID")
    chosen = chosen_format(output_format, output, StatsFormat, StatsFormat.RICH)
    with _reported(), _open(read_only=True) as journal:
        entry = journal.get(entry_id)
    _report_damaged([entry], "shown")
    if chosen is StatsFormat.JSON:
        _deliver(_json(entry.to_dict()), output)
        return
    optional = {
        "Minutes": entry.minutes,
        "Diagnosis": entry.diagnosis,
        "Helper": entry.helper,
        "Tool": _tools(entry) or None,
    }
    lines = [
        f"Entry {entry.id}",
        f"When:      {printable(entry.when)}",
        f"Pain:      {entry.before} before, {entry.after} after "
        f"(relief {entry.relief:+d}{', noticeable' if entry.noticeable else ''})"
        if entry.relief is not None
        else f"Pain:      {entry.before} before, after {NOT_RECORDED}",
        f"Finished:  {'yes' if entry.finished else 'no, cut short'}",
        f"Stopped:   {'-' if entry.stopped is None else printable(str(entry.stopped))}",
    ]
    for label, value in optional.items():
        shown = "-" if value is None else printable(str(value))
        lines.append(f"{label + ':':<10} {shown}")
    if entry.note:
        note_lines = entry.note.splitlines() or [""]
        lines.append(f"Note:      {printable(note_lines[0])}")
        lines.extend(f"           {printable(line)}" for line in note_lines[1:])
    else:
        lines.append("Note:      -")
    if entry.steps:
        lines.append("Steps:")
        lines.extend(
            f"  {step.number:>2}. {printable(step.title)} - {step.outcome.value}"
            for step in entry.steps
        )
    else:
        lines.append("Steps:     none recorded")
    lines.append(f"Uid:       {printable(entry.uid)}")
    _deliver("\n".join(lines) + "\n", output)


# --------------------------------------------------------------------------- delete


@journal_app.command("delete")
def delete_command(
    id_text: Annotated[str, typer.Argument(metavar="ID", help="The entry's id.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
) -> None:
    """Delete one entry, after asking.

    \b
    Examples:
      sacromassage journal delete 12
      sacromassage journal delete 12 --yes

    Without a terminal to answer on (in a script), pass --yes.
    """
    entry_id = parse_whole(id_text, 1, MAX_ID, "ID")
    with _reported(), _open(read_only=False) as journal:
        entry = journal.get(entry_id)
        if not yes:
            if not _stdin_is_terminal():
                typer.echo(
                    f"Not deleting entry {entry_id}: there is no terminal to confirm on, "
                    "so pass --yes to delete it.",
                    err=True,
                )
                raise typer.Exit(code=ExitCode.USAGE)
            question = (
                f"Delete entry {entry.id} from {_short_when(entry)} "
                f"(pain {entry.before} -> {_after(entry)})?"
            )
            try:
                confirmed = typer.confirm(question, default=False)
            except typer.Abort:  # Ctrl-C or Ctrl-D at the question
                typer.echo("\nNothing deleted.", err=True)
                raise typer.Exit(code=ExitCode.INTERRUPTED) from None
            if not confirmed:
                typer.echo("Nothing deleted.", err=True)
                return
        journal.delete(entry_id)
    typer.echo(f"Deleted entry {entry_id}.")


# --------------------------------------------------------------------------- export


@journal_app.command("export")
def export_command(
    output_format: Annotated[str | None, _format_option(ExportFormat)] = None,
    output: OutputOpt = None,
) -> None:
    """Export every entry, as a backup or to move the journal.

    \b
    Examples:
      sacromassage journal export --format json -o backup.json
      sacromassage journal export -o sessions.csv
      sacromassage journal export > backup.json

    The export holds everything, including each entry's uid, so importing it again
    later adds nothing twice.
    """
    from sacromassage.journal.transfer import rows_to_csv
    from sacromassage.output import OutputError, write_text

    chosen = chosen_format(output_format, output, ExportFormat, ExportFormat.JSON)
    with _reported(), _open(read_only=True) as journal:
        entries = journal.list()
    _report_damaged(entries, "exported")
    rows = [entry.to_dict() for entry in entries]
    text = rows_to_csv(rows) if chosen is ExportFormat.CSV else _json(rows)
    try:
        write_text(text, output, private=True)
    except OutputError as error:
        fail(str(error))
    if output not in (None, "-"):
        plural = "entry" if len(rows) == 1 else "entries"
        typer.echo(f"Exported {len(rows)} {plural} to {output}.", err=True)


# --------------------------------------------------------------------------- import


@journal_app.command("import")
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

    Entries already in the journal are skipped, so importing a file twice is harmless.
    A missing file or one that is not a valid export exits with status 1.
    """
    from sacromassage.journal.transfer import read_import_file

    with _reported():
        rows = read_import_file(file)
        with _open(read_only=False) as journal:
            added = journal.import_rows(rows, source=str(file))
    skipped = len(rows) - added
    typer.echo(
        f"Added {added} {'entry' if added == 1 else 'entries'}; "
        f"{skipped} {'was' if skipped == 1 else 'were'} already in the journal."
    )


# --------------------------------------------------------------------------- stats

_BAR_WIDTH = 10


def _bar(value: float) -> str:
    """A 0-10 value as a bar of up to ten blocks, in half-block steps."""
    halves = max(0, min(2 * _BAR_WIDTH, int(value * 2 + 0.5)))
    text = "█" * (halves // 2) + ("▌" if halves % 2 else "")
    return text.ljust(_BAR_WIDTH)


def _calendar_weeks(weeks: tuple[WeekStats, ...]) -> list[tuple[str, WeekStats | None]]:
    """Every ISO week from the first logged one to the last, with None for empty weeks,
    so the trend is drawn against real time instead of closing up the gaps."""
    from datetime import date, timedelta

    def monday(label: str) -> date:
        year, week = label.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)

    logged = {week.week: week for week in weeks}
    result: list[tuple[str, WeekStats | None]] = []
    day, last = monday(weeks[0].week), monday(weeks[-1].week)
    while day <= last:
        year, week_number, _ = day.isocalendar()
        label = f"{year}-W{week_number:02d}"
        result.append((label, logged.get(label)))
        day += timedelta(days=7)
    return result


def _stats_lines(stats: Stats, weeks: int) -> list[tuple[str, str]]:
    """(text, rich style) pairs; plain output ignores the styles. Only the newest
    ``weeks`` weeks are drawn (0: all of them)."""
    lines: list[tuple[str, str]] = []
    cut_short, unrecorded = stats.sessions - stats.finished, stats.sessions - stats.recorded
    notes = [f"{cut_short} cut short"] if cut_short else []
    if unrecorded:
        notes.append(f"{unrecorded} with pain after {NOT_RECORDED}, left out of every figure")
    extra = f" ({'; '.join(notes)})" if notes else ""
    lines.append((f"Sessions:        {stats.sessions}{extra}", "bold"))
    if stats.sessions:
        lines.append(
            (
                f"Average pain:    {_number(stats.average_before)} before, "
                f"{_number(stats.average_after)} after",
                "",
            )
        )
        lines.append((f"Average relief:  {_signed(stats.average_relief)} points", ""))
        lines.append((f"Median relief:   {_signed(stats.median_relief)} points", ""))
        lines.append(
            (
                f"Noticeable:      {stats.noticeable} of {stats.recorded} sessions "
                "eased pain by 2+ points or 30%+",
                "",
            )
        )
    for title, groups in (("helper", stats.by_helper), ("tool", stats.by_tool)):
        if not groups:
            continue
        lines.append(("", ""))
        lines.append((f"Relief by {title}:", "bold"))
        width = max(len(group.key or "not recorded") for group in groups)
        for group in groups:
            name = group.key or "not recorded"
            lines.append(
                (
                    f"  {name:<{width}}  {_signed(group.average_relief):>5} points  "
                    f"({group.sessions} {'session' if group.sessions == 1 else 'sessions'})",
                    "",
                )
            )
    if stats.weeks:
        every = _calendar_weeks(stats.weeks)
        shown = every[-weeks:] if weeks else every
        lines.append(("", ""))
        if len(shown) < len(every):
            heading = (
                f"Pain by ISO week, the last {len(shown)} of {len(every)} "
                "(average 0-10; --weeks 0 shows all):"
            )
        else:
            heading = "Pain by ISO week (average, 0-10):"
        lines.append((heading, "bold"))
        for label, week in shown:
            if week is None:
                lines.append((f"{label}  no sessions", "dim"))
                continue
            lines.append(
                (
                    f"{label}  before {_bar(week.average_before)} {week.average_before:4.1f}"
                    f"  after {_bar(week.average_after)} {week.average_after:4.1f}"
                    f"  ({week.sessions})",
                    "week",
                )
            )
    lines.append(("", ""))
    lines.append((stats.verdict, "verdict"))
    return lines


def _rich_stats(stats: Stats, lines: list[tuple[str, str]]) -> Any:
    """The lines as one styled text: one render is much faster than many."""
    from rich.text import Text

    verdict_style = {"helping": "bold green", "not-helping": "bold yellow"}.get(
        stats.outlook.value, "bold"
    )
    output = Text()
    for text, style in lines:
        start = len(output)
        if style == "week":
            output.append(text)
            before_at = start + text.index("before ") + len("before ")
            after_at = start + text.index("after ") + len("after ")
            output.stylize("red", before_at, before_at + _BAR_WIDTH)
            output.stylize("green", after_at, after_at + _BAR_WIDTH)
        else:
            output.append(text, style=verdict_style if style == "verdict" else style)
        output.append("\n")
    output.rstrip()
    return output


@journal_app.command("stats")
def stats_command(
    output_format: Annotated[str | None, _format_option(StatsFormat)] = None,
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
    chosen = chosen_format(output_format, output, StatsFormat, StatsFormat.RICH)
    weeks = parse_whole(weeks_text, 0, MAX_COUNT, "--weeks")
    with _reported(), _open(read_only=True) as journal:
        stats = journal.stats()
    if chosen is StatsFormat.JSON:
        _deliver(_json(stats.to_dict()), output)
        return
    lines = _stats_lines(stats, weeks)
    if chosen is StatsFormat.PLAIN:
        _deliver("\n".join(text for text, _ in lines) + "\n", output)
    elif _to_screen(output):
        from sacromassage.terminal import stdout_console

        stdout_console().print(_rich_stats(stats, lines))
    else:
        _deliver(_rich_to_text(_rich_stats(stats, lines)), output)


# --------------------------------------------------------------------------- remind


@journal_app.command("remind")
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
    moment = _now()
    _deliver_public(calendar(days, at, now=moment), output)
    if not _to_screen(output):
        typer.echo(f"Wrote a weekly reminder to {output}; import it into your calendar.", err=True)


def _deliver_public(text: str, output: str | None) -> None:
    """Write output that is not health data (the usual permissions), or say why not."""
    from sacromassage.output import OutputError, write_text

    try:
        write_text(text, output)
    except OutputError as error:
        fail(str(error))
