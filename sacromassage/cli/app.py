"""The command line: flags in, plan out. No rules live here.

This module turns flags into Answers, asks the questionnaire for whatever is missing
(only on a terminal), calls the engine, picks a renderer, and turns domain errors into
exit codes (see ``ExitCode``). Heavy modules (questionary, rich) load only on the
paths that need them, so a flag-only ``advise --format json`` starts fast.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from sacromassage import __version__
from sacromassage.cli.choices import (
    ShortErrorsGroup,
    chosen_format,
    fail,
    keys,
    parse_choice,
    parse_choices,
    parse_whole,
)
from sacromassage.cli.journal import journal_app
from sacromassage.model import (
    DEFAULT_MINUTES,
    MAX_MINUTES,
    MIN_MINUTES,
    Answers,
    Caution,
    Diagnosis,
    Duration,
    ExitCode,
    Factor,
    Helper,
    IbpItem,
    MapFormat,
    OutputFormat,
    ProfileFormat,
    RedFlag,
    Tolerance,
    Tool,
)

if TYPE_CHECKING:
    from sacromassage.guide.knowledge import Knowledge
    from sacromassage.render.document import Document

app = typer.Typer(
    name="sacromassage",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    cls=ShortErrorsGroup,
)

app.add_typer(journal_app, name="journal")

# The flags for each answer, in the order of `advise --help`, to tell a script exactly
# what to pass.
FLAGS_FOR = {
    "diagnosis": "--diagnosis KEY",
    "tolerance": "--tolerance KEY",
    "pain": "--pain 0-10",
    "helper": "--helper KEY",
    "red_flags": "--red-flag KEY or --no-red-flags",
    "cautions": "--caution KEY or --no-cautions",
}


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


def _knowledge() -> Knowledge:
    from sacromassage.guide.knowledge import KnowledgeError, load

    try:
        return load()
    except KnowledgeError as error:
        fail(f"the built-in knowledge base is damaged: {error}")


def _format(value: str | None, output: str | None) -> OutputFormat:
    """``--format`` when given, else from the ``--output`` file's extension, else rich."""
    return chosen_format(value, output, OutputFormat, OutputFormat.RICH)


def _in_words(fmt: OutputFormat) -> bool:
    """Handouts for reading (HTML, SVG) name things in words, not the keys typed as flags."""
    return fmt in (OutputFormat.HTML, OutputFormat.SVG)


def _emit(
    fmt: OutputFormat,
    output: str | None,
    document: Callable[[], Document],
    data: Callable[[], dict[str, Any]],
) -> None:
    """Render and deliver one result: ``data`` as JSON, else ``document`` in ``fmt``.

    Both are built only if needed, so ``--format json`` never lays out a document.
    """
    from sacromassage.output import OutputError, write_text

    if fmt is OutputFormat.JSON:
        from sacromassage.render.json import dumps

        text = dumps(data())
    elif fmt is OutputFormat.RICH:
        from sacromassage.render import rich as rich_render

        if output is None or output == "-":
            from sacromassage.terminal import stdout_console

            rich_render.print_document(document(), stdout_console())
            return
        text = rich_render.to_text(document())
    else:
        from sacromassage.render import render

        text = render(document(), fmt)
    try:
        write_text(text, output)
    except OutputError as error:
        fail(str(error))


def _interactive(no_input: bool) -> bool:
    """Prompt only when stdin is a terminal and the person did not forbid it.

    With stdout redirected (``advise -f json > plan.json``) the questions go to stderr.
    """
    from sacromassage.terminal import can_prompt

    return can_prompt(no_input)


EXAMPLES_ADVISE = """Screen for red flags, then print a massage plan made for you.

\b
Examples:
  sacromassage advise
  sacromassage advise -d soft-tissue -t gentle -p 4 -w self \\
      --no-red-flags --no-cautions --tool ball
  sacromassage advise -d laxity -t moderate -p 3 -w partner \\
      --no-red-flags --caution pregnant -f markdown -o handout.md
  sacromassage advise --red-flag fever --format json

On a terminal it asks only what the flags did not answer. Without one, or with
--no-input, a missing answer is an error (exit 2) that names the flags to pass.
Red flags and cautions must always be answered: nobody gets a routine unscreened.

Complete answers are remembered (not the red flags, not your pain; --no-save skips
it): --saved takes every answer the flags leave out from them, and on a terminal they
are offered after the red-flag questions. 'sacromassage profile' shows them.
"""


DiagnosisOpt = Annotated[
    str | None,
    typer.Option("--diagnosis", "-d", metavar="KEY", help=f"Your diagnosis: {keys(Diagnosis)}."),
]
ToleranceOpt = Annotated[
    str | None,
    typer.Option(
        "--tolerance", "-t", metavar="KEY", help=f"How much pressure you like: {keys(Tolerance)}."
    ),
]
PainOpt = Annotated[
    str | None,
    typer.Option("--pain", "-p", metavar="0-10", help="Your pain right now, a whole number 0-10."),
]
HelperOpt = Annotated[
    str | None,
    typer.Option("--helper", "-w", metavar="KEY", help=f"Who gives the massage: {keys(Helper)}."),
]
RedFlagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--red-flag", metavar="KEY", help=f"A red flag you have (repeatable): {keys(RedFlag)}."
    ),
]
NoRedFlagsOpt = Annotated[
    bool, typer.Option("--no-red-flags", help="You have none of the red flags.")
]
CautionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--caution", metavar="KEY", help=f"A caution that applies (repeatable): {keys(Caution)}."
    ),
]
NoCautionsOpt = Annotated[bool, typer.Option("--no-cautions", help="None of the cautions applies.")]
FactorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--factor", metavar="KEY", help=f"Goes with your problem (repeatable): {keys(Factor)}."
    ),
]
ToolOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tool",
        metavar="KEY",
        help=f"A tool you have (repeatable; none means hands only): {keys(Tool)}.",
    ),
]
MinutesOpt = Annotated[
    str,
    typer.Option(
        "--minutes",
        "-m",
        metavar=f"{MIN_MINUTES}-{MAX_MINUTES}",
        help=f"Time you have, in minutes ({MIN_MINUTES}-{MAX_MINUTES}).",
    ),
]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"Output: {keys(OutputFormat)} (default: from the --output file's extension, "
        "else rich).",
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE instead of the screen ('-': screen)."
    ),
]
DurationOpt = Annotated[
    str | None,
    typer.Option(
        "--duration",
        metavar="KEY",
        help="How long this back pain has lasted: acute (under 6 weeks), subacute (6 weeks to "
        "3 months), chronic (over 3 months). Without it the inflammatory screen is skipped.",
    ),
]
IbpOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--ibp",
        metavar="KEY",
        help=f"Inflammatory back pain screen, for chronic pain that is soft-tissue, hypomobility "
        f"or unknown: an item that is true for you (repeatable): {keys(IbpItem)}.",
    ),
]
NoIbpOpt = Annotated[
    bool, typer.Option("--no-ibp", help="None of the inflammatory back pain items is true for you.")
]
NoInputOpt = Annotated[
    bool, typer.Option("--no-input", help="Never ask questions; fail if an answer is missing.")
]
RememberedMinutesOpt = Annotated[
    str | None,
    typer.Option(
        "--minutes",
        "-m",
        metavar=f"{MIN_MINUTES}-{MAX_MINUTES}",
        help=f"Time you have, in minutes ({MIN_MINUTES}-{MAX_MINUTES}; default "
        f"{DEFAULT_MINUTES}, or the saved minutes with --saved).",
    ),
]
SavedOpt = Annotated[
    bool,
    typer.Option(
        "--saved",
        help="Take every answer the flags leave out from your saved answers "
        "(red flags and pain are never saved).",
    ),
]
NoSaveOpt = Annotated[
    bool, typer.Option("--no-save", help="Do not remember these answers for next time.")
]


@app.command(help=EXAMPLES_ADVISE)
def advise(
    diagnosis: DiagnosisOpt = None,
    tolerance: ToleranceOpt = None,
    pain: PainOpt = None,
    helper: HelperOpt = None,
    red_flag: RedFlagOpt = None,
    no_red_flags: NoRedFlagsOpt = False,
    caution: CautionOpt = None,
    no_cautions: NoCautionsOpt = False,
    factor: FactorOpt = None,
    tool: ToolOpt = None,
    minutes: RememberedMinutesOpt = None,
    duration: DurationOpt = None,
    ibp: IbpOpt = None,
    no_ibp: NoIbpOpt = False,
    output_format: FormatOpt = None,
    output: OutputOpt = None,
    no_input: NoInputOpt = False,
    saved: SavedOpt = False,
    no_save: NoSaveOpt = False,
) -> None:
    fmt = _format(output_format, output)
    flags = AnswerFlags(
        diagnosis,
        tolerance,
        pain,
        helper,
        red_flag,
        no_red_flags,
        caution,
        no_cautions,
        factor,
        tool,
        minutes,
        duration,
        ibp,
        no_ibp,
        saved,
        no_save,
    )
    answers_given = answers_from_flags(flags)
    knowledge = _knowledge()
    answers = _answered(flags, answers_given, knowledge, no_input=no_input)

    from sacromassage.guide.engine import plan as make_plan
    from sacromassage.render import document, json

    plan = make_plan(answers, knowledge)
    _emit(fmt, output, lambda: document.plan_document(plan), lambda: json.plan_dict(plan))


def _minutes(value: str | None) -> int:
    if value is None:
        return DEFAULT_MINUTES
    return parse_whole(value, MIN_MINUTES, MAX_MINUTES, "'--minutes' / '-m'")


class AnswerFlags(NamedTuple):
    """The answer flags of ``advise`` and ``session``, as typed (checked later)."""

    diagnosis: str | None
    tolerance: str | None
    pain: str | None
    helper: str | None
    red_flag: list[str] | None
    no_red_flags: bool
    caution: list[str] | None
    no_cautions: bool
    factor: list[str] | None
    tool: list[str] | None
    minutes: str | None
    duration: str | None = None
    ibp: list[str] | None = None
    no_ibp: bool = False
    saved: bool = False
    no_save: bool = False


def _given(flags: AnswerFlags) -> frozenset[str]:
    """The names of the remembered answers the flags gave (the rest may come from the
    saved answers)."""
    given = {
        "diagnosis": flags.diagnosis is not None,
        "tolerance": flags.tolerance is not None,
        "helper": flags.helper is not None,
        "cautions": bool(flags.caution) or flags.no_cautions,
        "factors": bool(flags.factor),
        "tools": bool(flags.tool),
        "minutes": flags.minutes is not None,
    }
    return frozenset(name for name, was_given in given.items() if was_given)


def _answered(
    flags: AnswerFlags,
    answers: Answers,
    knowledge: Knowledge,
    *,
    no_input: bool,
    therapist: bool = True,
) -> Answers:
    """The one path from flags to complete answers, for ``advise`` and ``session``: the
    saved answers (--saved, or offered), the questions for what is missing, and the
    answers remembered for next time (unless --no-save)."""
    given = _given(flags)
    start = _with_profile(answers, given, flags.saved, no_input, therapist)
    completed = complete_answers(start, knowledge, no_input, therapist, given)
    if not (flags.no_save or start.troubled):
        _remember(completed)
    return completed


class _Start(NamedTuple):
    """The answers to start from, the saved ones to offer, and whether the profile was
    damaged or newer (then it is neither used nor overwritten)."""

    answers: Answers
    offered: Answers | None = None
    troubled: bool = False


def _with_profile(
    answers: Answers, given: frozenset[str], use_saved: bool, no_input: bool, therapist: bool = True
) -> _Start:
    """With --saved, the flags' answers filled in from the saved ones (none saved: exit
    2); else, when questions will be asked, the saved answers to offer. The profile is
    read only then, so a flag-only command stays fast."""
    from sacromassage import profile

    if not use_saved and (given >= set(profile.REMEMBERED) or not _interactive(no_input)):
        return _Start(answers)
    try:
        saved = profile.load()
    except profile.ProfileError as error:
        if use_saved:
            fail(str(error))
        typer.echo(str(error), err=True)
        return _Start(answers, troubled=True)
    if saved is not None and not therapist and saved.helper is Helper.THERAPIST:
        saved = saved._replace(helper=None)  # a session is not for a therapist: ask
    if not use_saved:
        return _Start(answers, offered=saved)
    if saved is None:
        fail(
            f"--saved was given, but there are no saved answers yet ({profile.profile_path()}"
            " does not exist); run the command once without --saved to save them.",
            ExitCode.USAGE,
        )
    return _Start(profile.fill(answers, saved, given))


def _remember(answers: Answers) -> None:
    """Save complete answers for next time; a problem is one sentence on stderr."""
    from sacromassage import profile

    try:
        profile.save_if_changed(answers)
    except profile.ProfileError as error:
        typer.echo(str(error), err=True)


def answers_from_flags(flags: AnswerFlags) -> Answers:
    """Check every answer flag (exit 2 with a suggestion) and gather them as Answers."""
    (
        diagnosis,
        tolerance,
        pain,
        helper,
        red_flag,
        no_red_flags,
        caution,
        no_cautions,
        factor,
        tool,
        minutes,
        duration,
        ibp,
        no_ibp,
    ) = flags[:14]
    red_flags = parse_choices(red_flag or [], RedFlag, "'--red-flag'")
    cautions = parse_choices(caution or [], Caution, "'--caution'")
    ibp_items = parse_choices(ibp or [], IbpItem, "'--ibp'")
    for given, none, name in (
        (red_flags, no_red_flags, "red-flag"),
        (cautions, no_cautions, "caution"),
        (ibp_items, no_ibp, "ibp"),
    ):
        if given and none:
            fail(
                f"use either --{name} or --no-{name}{'' if name == 'ibp' else 's'}, not both.",
                ExitCode.USAGE,
            )
    return Answers(
        diagnosis=None
        if diagnosis is None
        else parse_choice(diagnosis, Diagnosis, "'--diagnosis' / '-d'"),
        tolerance=None
        if tolerance is None
        else parse_choice(tolerance, Tolerance, "'--tolerance' / '-t'"),
        pain=None if pain is None else parse_whole(pain, 0, 10, "'--pain' / '-p'"),
        helper=None if helper is None else parse_choice(helper, Helper, "'--helper' / '-w'"),
        red_flags=frozenset() if no_red_flags else (red_flags or None),
        cautions=frozenset() if no_cautions else (cautions or None),
        factors=parse_choices(factor or [], Factor, "'--factor'"),
        tools=parse_choices(tool or [], Tool, "'--tool'"),
        minutes=_minutes(minutes),
        duration=None if duration is None else parse_choice(duration, Duration, "'--duration'"),
        ibp=frozenset() if no_ibp else (ibp_items or None),
    )


def complete_answers(
    start: _Start,
    knowledge: Knowledge,
    no_input: bool,
    therapist: bool = True,
    given: frozenset[str] = frozenset(),
) -> Answers:
    """Ask for what is missing on a terminal (offering the saved answers for what the
    flags, named in ``given``, left out); otherwise say which flags to pass (exit 2)."""
    answers, saved = start.answers, start.offered
    missing = answers.missing()
    if not missing:
        return answers
    if not _interactive(no_input):
        # Name everything a clear screening would still need, not just the next answer.
        if answers.red_flags is None:
            missing += answers._replace(red_flags=frozenset()).missing()
        needed = ", ".join(flags for name, flags in FLAGS_FOR.items() if name in missing)
        how = (
            "leave out --no-input to be asked"
            if no_input and _interactive(False)
            else "run it in a terminal to be asked"
        )
        fail(
            f"missing answers: pass {needed} (or {how}). "
            "'sacromassage advise --help' lists the values.",
            ExitCode.USAGE,
        )
    from sacromassage.questions import ask

    try:
        return ask(answers, knowledge, therapist=therapist, saved=saved, given=given)
    except (KeyboardInterrupt, EOFError):
        typer.echo("\nStopped. Nothing was changed.", err=True)
        raise typer.Exit(code=ExitCode.INTERRUPTED) from None


EXAMPLES_STEPS = """Print just the numbered massage steps (check the red flags first).

\b
Examples:
  sacromassage steps
  sacromassage steps --helper partner --minutes 15
  sacromassage steps --tool ball --tool foam-roller -t moderate -f json
  sacromassage steps -w partner --caution pregnant -f markdown -o steps.md

For someone already screened with 'sacromassage advise': check the red flags first.
"""


@app.command(help=EXAMPLES_STEPS)
def steps(
    helper: Annotated[
        str,
        typer.Option("--helper", "-w", metavar="KEY", help="Who gives the massage: self, partner."),
    ] = "self",
    tolerance: Annotated[
        str,
        typer.Option(
            "--tolerance",
            "-t",
            metavar="KEY",
            help=f"How much pressure you like: {keys(Tolerance)}.",
        ),
    ] = "gentle",
    tool: ToolOpt = None,
    minutes: MinutesOpt = str(DEFAULT_MINUTES),
    diagnosis: DiagnosisOpt = None,
    caution: CautionOpt = None,
    output_format: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    fmt = _format(output_format, output)
    who = parse_choice(helper, Helper, "'--helper' / '-w'")
    if who is Helper.THERAPIST:
        fail(
            "steps are for 'self' or 'partner'; for a therapist, run "
            "'sacromassage advise --helper therapist'.",
            ExitCode.USAGE,
        )
    level = parse_choice(tolerance, Tolerance, "'--tolerance' / '-t'")
    tools = parse_choices(tool or [], Tool, "'--tool'")
    cautions = parse_choices(caution or [], Caution, "'--caution'")
    condition = (
        None if diagnosis is None else parse_choice(diagnosis, Diagnosis, "'--diagnosis' / '-d'")
    )
    knowledge = _knowledge()

    from sacromassage.guide.engine import RoutineAnswers, routine
    from sacromassage.render import document, json

    answers = RoutineAnswers(who, level, tools, _minutes(minutes), condition, cautions)
    result = routine(answers, knowledge)
    _emit(fmt, output, lambda: document.routine_document(result), lambda: json.routine_dict(result))


@app.command()
def diagnoses(
    output_format: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """List every diagnosis key, what it means and how much massage tends to help.

    \b
    Examples:
      sacromassage diagnoses
      sacromassage diagnoses --format json
    """
    fmt = _format(output_format, output)
    knowledge = _knowledge()
    from sacromassage.render import document, json

    _emit(
        fmt,
        output,
        lambda: document.diagnoses_document(knowledge, _in_words(fmt)),
        lambda: json.diagnoses_dict(knowledge),
    )


@app.command("red-flags")
def red_flags(
    output_format: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """List the red flags (get care, no massage) and the cautions (adapt the massage).

    \b
    Examples:
      sacromassage red-flags
      sacromassage red-flags --format markdown -o red-flags.md
    """
    fmt = _format(output_format, output)
    knowledge = _knowledge()
    from sacromassage.render import document, json

    _emit(
        fmt,
        output,
        lambda: document.red_flags_document(knowledge, _in_words(fmt)),
        lambda: json.red_flags_dict(knowledge),
    )


@app.command("map")
def body_map(
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"Output: {keys(MapFormat)} (plain: every zone in words, for screen readers).",
        ),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """Show where to work and where never to press, on a map of the low back and pelvis.

    \b
    Examples:
      sacromassage map
      sacromassage map -f plain
    """
    fmt = chosen_format(output_format, output, MapFormat, MapFormat.RICH)
    knowledge = _knowledge()
    from sacromassage.output import OutputError, write_text
    from sacromassage.render import map as map_render

    if fmt is MapFormat.PLAIN:
        text = map_render.plain_map(knowledge)
    else:
        from sacromassage.terminal import stdout_console

        if output is None or output == "-":
            map_render.print_map(knowledge, stdout_console())
            return
        import io

        from rich.console import Console

        buffer = io.StringIO()
        map_render.print_map(knowledge, Console(file=buffer, width=80, color_system=None))
        text = buffer.getvalue()
    try:
        write_text(text, output)
    except OutputError as error:
        fail(str(error))


@app.command("profile")
def profile_command(
    output_format: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar="FORMAT", help=f"Output: {keys(ProfileFormat)}."),
    ] = None,
    forget: Annotated[bool, typer.Option("--forget", help="Delete the saved answers.")] = False,
) -> None:
    """Show the answers saved for next time, or forget them.

    \b
    Examples:
      sacromassage profile
      sacromassage profile -f json
      sacromassage profile --forget

    'advise' and 'session' remember complete answers (never the red flags or your pain);
    '--saved' reuses them and '--no-save' leaves them as they are.
    """
    from sacromassage import profile

    fmt = chosen_format(output_format, None, ProfileFormat, ProfileFormat.RICH)
    try:
        where = profile.profile_path()
        if forget:
            gone = profile.forget(where)
            typer.echo(
                f"Forgot your saved answers (deleted {gone})."
                if gone
                else "There were no saved answers to forget."
            )
            return
        saved = profile.load(where)
    except profile.ProfileError as error:
        fail(str(error))
    if fmt is ProfileFormat.JSON:
        from sacromassage.model import SCHEMA_VERSION
        from sacromassage.render.json import dumps

        typer.echo(
            dumps(
                {
                    "schema_version": SCHEMA_VERSION,
                    "path": str(where),
                    "saved": None if saved is None else profile.to_dict(saved),
                    "summary": None if saved is None else profile.summary(saved),
                }
            ),
            nl=False,
        )
        return
    if saved is None:
        typer.echo(
            "No saved answers yet: 'sacromassage advise' and 'sacromassage session' "
            "save them once every question is answered."
        )
        return
    rows = profile.to_dict(saved)
    lines = [f"Saved answers ({where}):"]
    lines += [
        f"  {key.capitalize() + ':':<11}"
        f"{', '.join(value) if isinstance(value, list) else value}"
        + ("none" if value == [] else "")
        for key, value in rows.items()
    ]
    lines += [
        f"In one line: {profile.summary(saved)}",
        "Reuse them with --saved; forget them with 'sacromassage profile --forget'.",
    ]
    if fmt is ProfileFormat.PLAIN:
        typer.echo("\n".join(lines))
        return
    from rich.text import Text

    from sacromassage.terminal import stdout_console

    text = Text("\n".join(lines))
    text.stylize("bold", 0, len(lines[0]))
    stdout_console().print(text)


EXAMPLES_SESSION = """Follow your routine step by step with a timer, then log it in the journal.

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


@app.command(help=EXAMPLES_SESSION)
def session(
    diagnosis: DiagnosisOpt = None,
    tolerance: ToleranceOpt = None,
    pain: PainOpt = None,
    helper: HelperOpt = None,
    red_flag: RedFlagOpt = None,
    no_red_flags: NoRedFlagsOpt = False,
    caution: CautionOpt = None,
    no_cautions: NoCautionsOpt = False,
    factor: FactorOpt = None,
    tool: ToolOpt = None,
    minutes: RememberedMinutesOpt = None,
    duration: DurationOpt = None,
    ibp: IbpOpt = None,
    no_ibp: NoIbpOpt = False,
    saved: SavedOpt = False,
    no_save: NoSaveOpt = False,
    no_timer: Annotated[
        bool,
        typer.Option("--no-timer", help="No countdown: press Enter to move on to the next step."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="No bell at the end of a step or to switch sides.")
    ] = False,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="No redrawn bar: a line at the start, halfway, 10 seconds before the "
            "end and at the end of each step (for screen readers; automatic "
            "with TERM=dumb).",
        ),
    ] = False,
    ready: Annotated[
        str,
        typer.Option(
            "--ready",
            metavar="SECONDS",
            help="Time to get into position before the first step and when the position "
            "changes (0-120, default 15).",
        ),
    ] = "15",
) -> None:
    flags = AnswerFlags(
        diagnosis,
        tolerance,
        pain,
        helper,
        red_flag,
        no_red_flags,
        caution,
        no_cautions,
        factor,
        tool,
        minutes,
        duration,
        ibp,
        no_ibp,
        saved,
        no_save,
    )
    answers = answers_from_flags(flags)
    ready_seconds = parse_whole(ready, 0, 120, "'--ready'")
    # A session is read and answered as it goes: it needs a terminal on both ends.
    from sacromassage.terminal import TerminalKeys, plain_wanted, stdout_is_terminal

    if not (_interactive(no_input=False) and stdout_is_terminal()):
        fail(
            "a guided session needs a terminal (for both input and output). In a script, "
            "print the routine with 'sacromassage steps' and log how it went with "
            "'sacromassage journal add'.",
            ExitCode.USAGE,
        )
    knowledge = _knowledge()
    completed = _answered(flags, answers, knowledge, no_input=False, therapist=False)

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
            ready=ready_seconds,
            pain_before=completed.pain,
        ),
        SessionParts(keys=TerminalKeys(), words=knowledge.guidance.session),
    )
    raise typer.Exit(code=code)


def _only(command: str) -> None:
    """Register just ``command`` before running, if it is one of ours.

    typer builds every command's parameters at start-up, which costs more than the
    advice itself; a process runs one command, so the others are dropped first.
    """
    commands = [
        c
        for c in app.registered_commands
        if (c.name or (c.callback.__name__ if c.callback else "")).replace("_", "-") == command
    ]
    groups = [g for g in app.registered_groups if g.name == command]
    if commands or groups:
        app.registered_commands = commands
        app.registered_groups = groups


def _reflow(text: str) -> str:
    """Join the lines of each prose paragraph (typer keeps them as hard line breaks,
    which look ragged once rich wraps them again); ``\\b`` blocks stay as written."""
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(
        part if part.startswith("\b") else " ".join(part.split("\n")) for part in paragraphs
    )


def _tidy_help(typer_app: typer.Typer) -> None:
    for info in typer_app.registered_commands:
        text = info.help or (info.callback.__doc__ if info.callback else None)
        if isinstance(text, str):
            info.help = _reflow(text)
    callback = typer_app.registered_callback
    if callback is not None and callback.callback is not None and callback.callback.__doc__:
        callback.help = _reflow(callback.callback.__doc__)
    if isinstance(typer_app.info.help, str):
        typer_app.info.help = _reflow(typer_app.info.help)


_tidy_help(app)
_tidy_help(journal_app)


def main() -> None:
    """Console-script entry point: the one place that turns what went wrong into an exit.

    typer already maps usage errors to 2 and Ctrl-C inside a command to 130; here Ctrl-C
    anywhere else is 130 too, and a stream that cannot be written (closed, a full disk) is
    one sentence and exit 1, never a traceback, including for --help and --version.
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
