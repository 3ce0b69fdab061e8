"""``journal path``, ``add``, ``edit``, ``show`` and ``delete``: one entry at a time."""

from typing import Annotated, Any, NamedTuple

import typer

from sacromassage.cli import journal_common as common
from sacromassage.cli.choices import choice, chosen_format, fail, keys, parse_whole, whole
from sacromassage.cli.journal_common import (
    MAX_ID,
    OutputOpt,
    WhenOpt,
    deliver,
    format_option,
    json_text,
    open_journal,
    parse_when_flag,
    print_saved_id,
    report_damaged,
)
from sacromassage.cli.options import keyed, takes_groups
from sacromassage.journal.entry import (
    MAX_PAIN,
    MAX_SESSION_MINUTES,
    MIN_PAIN,
    MIN_SESSION_MINUTES,
)
from sacromassage.model import SHOW_FORMATS, Diagnosis, ExitCode, Helper, OutputFormat, StepTool
from sacromassage.render.journal import NOT_RECORDED, after_text, printable, short_when, tools_text


def path_command() -> None:
    """Print where the journal file is.

    \b
    Examples:
      sacromassage journal path
      SACROMASSAGE_HOME=~/sync/sacro sacromassage journal path

    Set SACROMASSAGE_HOME to a directory to keep the journal there instead.
    """
    from sacromassage.journal.store import journal_path

    typer.echo(str(journal_path()))


# Each option is checked by its parser, so a wrong value is exit 2 naming the flag.
BEFORE = typer.Option(
    "--before",
    metavar="0-10",
    help="Pain before the session, 0-10.",
    parser=whole(MIN_PAIN, MAX_PAIN),
)
AfterOpt = Annotated[
    int | None,
    typer.Option(
        "--after",
        metavar="0-10",
        help="Pain after the session, 0-10 (leave it out if it was not noted).",
        parser=whole(MIN_PAIN, MAX_PAIN),
    ),
]


MinutesOpt = Annotated[
    int | None,
    typer.Option(
        "--minutes",
        "-m",
        metavar="1-240",
        help="How long it took, in minutes.",
        parser=whole(MIN_SESSION_MINUTES, MAX_SESSION_MINUTES),
    ),
]


DiagnosisOpt = Annotated[Diagnosis | None, keyed(Diagnosis, "--diagnosis", "-d", about="One of")]


HelperOpt = Annotated[
    Helper | None,
    typer.Option(
        "--helper",
        "-w",
        metavar="KEY",
        help=f"One of: {keys(Helper)} (therapist: a visit to one).",
        parser=choice(Helper),
    ),
]


ToolOpt = Annotated[
    list[StepTool] | None,
    keyed(StepTool, "--tool", about="A tool used, repeatable (every one is kept)"),
]


NoteOpt = Annotated[
    str | None, typer.Option("--note", metavar="TEXT", help="Anything worth remembering.")
]


class EntryFlags(NamedTuple):
    """The options ``add`` and ``edit`` share besides ``--before``, declared once (see
    :func:`~sacromassage.cli.options.takes_groups`); None: not given."""

    after: AfterOpt = None
    minutes: MinutesOpt = None
    diagnosis: DiagnosisOpt = None
    helper: HelperOpt = None
    tool: ToolOpt = None
    note: NoteOpt = None
    when: WhenOpt = None


def _changes(before: int | None, flags: EntryFlags) -> dict[str, Any]:
    """The flags that were given, checked (exit 2 naming the flag), as journal values."""
    from sacromassage.journal.entry import clean_text

    after, minutes, diagnosis, helper, tool, note, when = flags

    given = {
        "before": before,
        "after": after,
        "minutes": minutes,
        "diagnosis": diagnosis,
        "helper": helper,
        "tools": tool or None,
    }
    changes: dict[str, Any] = {name: value for name, value in given.items() if value is not None}
    if note is not None:
        changes["note"] = clean_text(note)
    if when is not None:
        changes["when"] = parse_when_flag(when)
    return changes


@takes_groups
def add_command(
    before_text: Annotated[int, BEFORE],
    flags: EntryFlags,
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
    changes = _changes(before_text, flags)
    with open_journal(read_only=False) as journal:
        entry = journal.add(after=changes.pop("after", None), **changes)
    print_saved_id(entry.id)


@takes_groups
def edit_command(
    id_text: Annotated[str, typer.Argument(metavar="ID", help="The entry's id.")],
    before_text: Annotated[int | None, BEFORE] = None,
    *,
    flags: EntryFlags,
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
    changes = _changes(before_text, flags)
    if not changes:
        fail(
            "Nothing to change: give at least one of --before, --after, --minutes, "
            "--diagnosis, --helper, --tool, --note or --when.",
            ExitCode.USAGE,
        )
    with open_journal(read_only=False) as journal:
        entry = journal.edit(entry_id, **changes)
    typer.echo(f"Entry {entry.id} updated.", err=True)


def show_command(
    id_text: Annotated[str, typer.Argument(metavar="ID", help="The entry's id.")],
    output_format: Annotated[str | None, format_option(SHOW_FORMATS)] = None,
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
    chosen = chosen_format(output_format, output, SHOW_FORMATS, OutputFormat.RICH)
    with open_journal(read_only=True) as journal:
        entry = journal.get(entry_id)
    report_damaged([entry], "shown")
    if chosen is OutputFormat.JSON:
        deliver(json_text(entry.to_dict()), output)
        return
    optional = {
        "Minutes": entry.minutes,
        "Diagnosis": entry.diagnosis,
        "Helper": entry.helper,
        "Tool": tools_text(entry) or None,
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
    deliver("\n".join(lines) + "\n", output)


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
    with open_journal(read_only=False) as journal:
        entry = journal.get(entry_id)
        if not yes:
            if not common.stdin_is_terminal():
                typer.echo(
                    f"Not deleting entry {entry_id}: there is no terminal to confirm on, "
                    "so pass --yes to delete it.",
                    err=True,
                )
                raise typer.Exit(code=ExitCode.USAGE)
            question = (
                f"Delete entry {entry.id} from {short_when(entry)} "
                f"(pain {entry.before} -> {after_text(entry)})?"
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
