"""``sacromassage session``: a guided, timed session, then logged in the journal."""

from typing import Annotated

import typer

from sacromassage.cli import emit
from sacromassage.cli.answers import (
    AnswerFlags,
    ProfileFlags,
    answered,
    check_flags,
    interactive,
)
from sacromassage.cli.choices import fail, whole
from sacromassage.cli.options import takes_groups
from sacromassage.model import ExitCode

HELP = """Follow your routine step by step with a timer, then log it in the journal.

\b
Examples:
  sacromassage session
  sacromassage session -d soft-tissue -t gentle -w self \\
      --no-red-flags --no-cautions --tool ball
  sacromassage session --no-timer
  sacromassage session --plain --quiet --ready 30

Takes the same answer flags as 'advise' and asks for the rest. Asks your pain before
and after, and saves the session to the journal. While a step counts down, keys act at
once: space pauses and goes on, e eases off (this and every later step one point
lighter), n moves to the next step, h stops because it hurts. A bell rings when a step
ends and halfway through a two-sided step, to switch sides. After each step it checks in
(fine / ease off / skip the rest / stop, it hurts). Ctrl-C asks your pain now (Enter
skips it; Ctrl-C again leaves at once) and saves what was done, marked unfinished.
Needs a terminal: in a script use 'sacromassage steps' to print the routine and
'sacromassage journal add' to log it.
"""

NoTimerOpt = Annotated[
    bool,
    typer.Option("--no-timer", help="No countdown: press Enter to move on to the next step."),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", help="No bell at the end of a step or to switch sides.")
]
PlainOpt = Annotated[
    bool,
    typer.Option(
        "--plain",
        help="No redrawn bar: a line at the start, halfway, 10 seconds before the "
        "end and at the end of each step (for screen readers; automatic "
        "with TERM=dumb).",
    ),
]
ReadyOpt = Annotated[
    int,
    typer.Option(
        "--ready",
        metavar="SECONDS",
        help="Time to get into position before the first step and when the position "
        "changes (0-120, default 15).",
        parser=whole(0, 120),
    ),
]


@takes_groups
def session(  # noqa: PLR0913
    flags: AnswerFlags,
    memory: ProfileFlags,
    no_timer: NoTimerOpt = False,
    quiet: QuietOpt = False,
    plain: PlainOpt = False,
    ready: ReadyOpt = 15,
) -> None:
    check_flags(flags)
    # A session is read and answered as it goes: it needs a terminal on both ends.
    from sacromassage.terminal import TerminalKeys, plain_wanted, stdout_is_terminal

    if not (interactive(no_input=False) and stdout_is_terminal()):
        fail(
            "a guided session needs a terminal (for both input and output). In a script, "
            "print the routine with 'sacromassage steps' and log how it went with "
            "'sacromassage journal add'.",
            ExitCode.USAGE,
        )
    knowledge = emit.knowledge()
    completed = answered(flags, memory, knowledge, no_input=False, therapist=False)

    from sacromassage.guide.engine import plan as make_plan
    from sacromassage.session.flow import SessionOptions, SessionParts, run_session

    # The plan was made for this pain (asked a moment ago, or given with -p): it is the
    # pain "now", never asked again, so the pain the session logs is the one that shaped
    # the plan's limits (held ceiling, 15-minute cap) and warnings.
    code = run_session(
        make_plan(completed, knowledge),
        SessionOptions(
            timer=not no_timer,
            quiet=quiet,
            plain=plain or plain_wanted(),
            ready=ready,
            pain_before=completed.pain,
        ),
        SessionParts(keys=TerminalKeys(), words=knowledge.guidance.session),
    )
    raise typer.Exit(code=code)
