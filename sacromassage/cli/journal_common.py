"""What every journal command shares: formats, output, opening the journal, errors."""

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sacromassage.cli.choices import (
    fail,
    keys,
)

if TYPE_CHECKING:
    from datetime import datetime

    from sacromassage.journal.entry import Entry
    from sacromassage.journal.store import Journal


#: The largest count --last and --weeks take, and the largest entry id.
MAX_COUNT = 1_000_000_000


MAX_ID = 2**63 - 1


#: Rows the rich list draws without --last.
RICH_ROWS = 200


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


def format_option(kind: Iterable[StrEnum]) -> Any:
    return typer.Option("--format", "-f", metavar="FORMAT", help=f"One of: {keys(kind)}.")


def deliver(text: str, output: str | None) -> None:
    """Write journal output (health data: a file is private)."""
    from sacromassage.output import write_text

    write_text(text, output, private=True)


def to_screen(output: str | None) -> bool:
    return output is None or output == "-"


def open_journal(*, read_only: bool) -> "Journal":
    """The journal, once any old journal has been moved to the new place (said on
    stderr). Reading commands open it read-only."""
    from sacromassage.journal.move import move_old_journal
    from sacromassage.journal.store import Journal

    notice = move_old_journal()
    if notice:
        typer.echo(notice, err=True)
    return Journal.open(read_only=read_only)


def stdin_is_terminal() -> bool:
    """Whether someone can answer a question (a seam for tests)."""
    from sacromassage.terminal import stdin_is_terminal

    return stdin_is_terminal()


def json_text(value: Any) -> str:
    from sacromassage.render.json import dumps

    return dumps(value)


def report_damaged(entries: "list[Entry]", done: str) -> None:
    """Name each row that could not be read whole, one sentence each, on stderr."""
    for entry in entries:
        if entry.damaged:
            typer.echo(
                f"Entry {entry.id} has damaged {entry.damaged}; it was {done} without them.",
                err=True,
            )


def now() -> "datetime | None":
    """The moment ``--when`` words count back from (None: now; a seam for tests)."""
    return None


def parse_when_flag(text: str) -> "datetime":
    """``--when`` read by :func:`sacromassage.journal.parse_when_words`, or exit 2."""
    from sacromassage.journal.dates import parse_when_words

    try:
        return parse_when_words(text, now())
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--when") from None


def deliver_public(text: str, output: str | None) -> None:
    """Write output that is not health data (the usual permissions)."""
    from sacromassage.output import write_text

    write_text(text, output)


def print_saved_id(entry_id: int) -> None:
    """Print the new id; if that fails (a full disk behind a redirect), say the entry
    was saved all the same, so a script does not add it again."""
    import os
    import sys

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
