"""The typer app: the commands registered in the order ``--help`` lists them, and ``main()``.

Each command lives in its own module (advise, listings, profile, session; the journal
group in journal.py) and stays thin: flags in, a value out. What goes wrong inside a
command becomes an exit in the command group (``ShortErrorsGroup`` in choices.py);
``main()`` adds what can happen around it (a closed stream, Ctrl-C before a command
runs). Heavy modules (questionary, rich) load only on the paths that need them, so a
flag-only ``advise --format json`` starts fast.
"""

import sys
from typing import Annotated, Any

import typer

from sacromassage import __version__
from sacromassage.cli import advise, listings, profile, session
from sacromassage.cli.choices import ShortErrorsGroup
from sacromassage.cli.options import tidy_help
from sacromassage.model import ExitCode


class _Commands(ShortErrorsGroup):
    """The top group. The journal group loads only when it is asked for, so ``advise``
    never imports the journal's commands: to run one of its commands it loads with just
    that one (the word after ``journal``), to list them all (help, completion) whole."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = list(super().list_commands(ctx))
        return names if JOURNAL in names else [*names, JOURNAL]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] == JOURNAL:
            self._load_journal(args[1] if len(args) > 1 else None)
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: Any, name: str) -> Any:
        if name == JOURNAL:
            self._load_journal(None)
        return super().get_command(ctx, name)

    def _load_journal(self, only: str | None) -> None:
        if JOURNAL not in self.commands:
            from sacromassage.cli.journal import journal_group

            self.add_command(typer.main.get_command(journal_group(only)), JOURNAL)


JOURNAL = "journal"

app = typer.Typer(
    name="sacromassage",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    cls=_Commands,
)

app.command(help=advise.HELP)(advise.advise)
app.command(help=listings.STEPS_HELP)(listings.steps)
app.command()(listings.diagnoses)
app.command("red-flags")(listings.red_flags)
app.command("map")(listings.body_map)
app.command("profile")(profile.profile_command)
app.command(help=session.HELP)(session.session)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sacromassage {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """A careful self-massage guide for sacroiliac (SI) joint pain.

    \b
    Examples:
      sacromassage advise                  answer a few questions, get a plan
      sacromassage red-flags               signs that need a doctor, not massage
      sacromassage steps -w partner        a routine for a partner to follow
      sacromassage session                 a guided, timed session, then logged
      sacromassage journal stats           is massage helping you?

    Massage eases symptoms; it rarely cures. It must never hurt. This tool gives general
    information, not a diagnosis: see a clinician about your own back.
    """


def _only(command: str) -> None:
    """Register just ``command`` before running, if it is one of ours.

    typer builds every command's parameters at start-up, which costs more than the
    advice itself; a process runs one command, so the others are dropped first (the
    journal group, loaded only when asked for, needs none of them).
    """
    commands = [
        c
        for c in app.registered_commands
        if (c.name or (c.callback.__name__ if c.callback else "")).replace("_", "-") == command
    ]
    if commands or command == JOURNAL:
        app.registered_commands = commands


tidy_help(app)


def main() -> None:
    """Console-script entry point: what goes wrong around a command becomes an exit.

    Usage errors are 2 and a command's own errors and Ctrl-C are mapped by the command
    group; here Ctrl-C anywhere else is 130 too, and a stream that cannot be written
    (closed, a full disk) is one sentence and exit 1, never a traceback, including for
    --help and --version.
    """
    from sacromassage import terminal

    terminal.prepare()
    if len(sys.argv) > 1:
        _only(sys.argv[1])
    try:
        app()
        code: int | str | None = 0
    except SystemExit as done:
        code = done.code
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    except OSError as error:
        code = _cannot_write(error)
    try:
        sys.stdout.flush()
    except OSError as error:
        code = _cannot_write(error)
    sys.exit(code)


def _cannot_write(error: OSError) -> int:
    """Report a failed write in one sentence (a closed pipe is the reader's choice: quiet).

    Only the errors a screen or a redirect gives are blamed on standard output; anything
    else is reported as it is.
    """
    import errno

    from sacromassage.terminal import silence_stdout

    output_errors = (errno.EPIPE, errno.EBADF, errno.ENOSPC, errno.EIO, errno.EDQUOT)
    reason = error.strerror or str(error)
    if error.errno in output_errors:
        silence_stdout()
        message = f"cannot write to standard output: {reason}"
    else:
        message = f"{reason}" + (f": {error.filename}" if error.filename else "")
    if error.errno != errno.EPIPE:
        try:
            sys.stderr.write(f"Error: {message}.\n")
        except OSError:
            pass
    return ExitCode.ERROR
