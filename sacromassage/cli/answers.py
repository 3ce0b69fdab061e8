"""The answer options of ``advise`` and ``session``, declared once, and the one path from
them to complete answers: the saved answers, the questions, the answers remembered."""

from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from sacromassage.cli.choices import choice, fail, keys, whole
from sacromassage.cli.options import (
    CautionOpt,
    DiagnosisOpt,
    NoInputOpt,
    ToleranceOpt,
    ToolOpt,
    flag,
    helper_option,
    keyed,
    minutes_option,
    usage,
)
from sacromassage.model import (
    DEFAULT_MINUTES,
    MAX_MINUTES,
    MIN_MINUTES,
    Answers,
    Duration,
    ExitCode,
    Factor,
    Helper,
    IbpItem,
    RedFlag,
)

if TYPE_CHECKING:
    from sacromassage.guide.knowledge import Knowledge

PainOpt = Annotated[
    int | None,
    typer.Option(
        "--pain",
        "-p",
        metavar="0-10",
        help="Your pain right now, a whole number 0-10.",
        parser=whole(0, 10),
    ),
]
HelperOpt = Annotated[Helper | None, helper_option(f"Who gives the massage: {keys(Helper)}.")]
RedFlagOpt = Annotated[
    list[RedFlag] | None, keyed(RedFlag, "--red-flag", about="A red flag you have (repeatable)")
]
NoRedFlagsOpt = Annotated[
    bool, typer.Option("--no-red-flags", help="You have none of the red flags.")
]
NoCautionsOpt = Annotated[bool, typer.Option("--no-cautions", help="None of the cautions applies.")]
FactorOpt = Annotated[
    list[Factor] | None,
    keyed(Factor, "--factor", about="Goes with your problem (repeatable)"),
]
RememberedMinutesOpt = Annotated[
    int | None,
    minutes_option(
        f"Time you have, in minutes ({MIN_MINUTES}-{MAX_MINUTES}; default "
        f"{DEFAULT_MINUTES}, or the saved minutes with --saved)."
    ),
]
DurationOpt = Annotated[
    Duration | None,
    typer.Option(
        "--duration",
        metavar="KEY",
        help="How long this back pain has lasted: acute (under 6 weeks), subacute (6 weeks to "
        "3 months), chronic (over 3 months). Without it the inflammatory screen is skipped.",
        parser=choice(Duration),
    ),
]
IbpOpt = Annotated[
    list[IbpItem] | None,
    keyed(
        IbpItem,
        "--ibp",
        about="Inflammatory back pain screen, for chronic pain that is soft-tissue, "
        "hypomobility or unknown: an item that is true for you (repeatable)",
    ),
]
NoIbpOpt = Annotated[
    bool, typer.Option("--no-ibp", help="None of the inflammatory back pain items is true for you.")
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


class AnswerFlags(NamedTuple):
    """The answer options of ``advise`` and ``session``, read; each is named after the
    answer it gives (a ``no_...`` option answers "none of these")."""

    diagnosis: DiagnosisOpt = None
    tolerance: ToleranceOpt = None
    pain: PainOpt = None
    helper: HelperOpt = None
    red_flags: RedFlagOpt = None
    no_red_flags: NoRedFlagsOpt = False
    cautions: CautionOpt = None
    no_cautions: NoCautionsOpt = False
    factors: FactorOpt = None
    tools: ToolOpt = None
    minutes: RememberedMinutesOpt = None
    duration: DurationOpt = None
    ibp: IbpOpt = None
    no_ibp: NoIbpOpt = False

    def given(self) -> dict[str, Any]:
        """Each answer the options give, under its name in Answers; the rest left out."""
        given: dict[str, Any] = {}
        for name, value in self._asdict().items():
            if name.startswith("no_"):
                if value:
                    given[name.removeprefix("no_")] = frozenset()
            elif value is not None:
                given[name] = frozenset(value) if isinstance(value, list) else value
        return given


class ProfileFlags(NamedTuple):
    """Whether to start from the saved answers, and whether to save these."""

    saved: SavedOpt = False
    no_save: NoSaveOpt = False


# The options to pass for each answer, in the order of `advise --help`, to tell a
# script exactly what to pass.
FLAGS_FOR = {
    "diagnosis": usage(DiagnosisOpt),
    "tolerance": usage(ToleranceOpt),
    "pain": usage(PainOpt),
    "helper": usage(HelperOpt),
    "red_flags": f"{usage(RedFlagOpt)} or {flag(NoRedFlagsOpt)}",
    "cautions": f"{usage(CautionOpt)} or {flag(NoCautionsOpt)}",
}


def check_flags(flags: AnswerFlags) -> None:
    """An answer given both as items and as "none of these" is exit 2."""
    for items, none, items_option, none_option in (
        (flags.red_flags, flags.no_red_flags, RedFlagOpt, NoRedFlagsOpt),
        (flags.cautions, flags.no_cautions, CautionOpt, NoCautionsOpt),
        (flags.ibp, flags.no_ibp, IbpOpt, NoIbpOpt),
    ):
        if items and none:
            fail(
                f"use either {flag(items_option)} or {flag(none_option)}, not both.",
                ExitCode.USAGE,
            )


def answers_from_flags(flags: AnswerFlags) -> Answers:
    """The answers the options give (checked: exit 2 on a contradiction)."""
    check_flags(flags)
    return Answers(**flags.given())


def interactive(no_input: bool) -> bool:
    """Prompt only when stdin is a terminal and the person did not forbid it.

    With stdout redirected (``advise -f json > plan.json``) the questions go to stderr.
    """
    from sacromassage.terminal import can_prompt

    return can_prompt(no_input)


def answered(
    flags: AnswerFlags,
    memory: ProfileFlags,
    knowledge: "Knowledge",
    *,
    no_input: bool,
    therapist: bool = True,
) -> Answers:
    """The one path from flags to complete answers, for ``advise`` and ``session``: the
    saved answers (--saved, or offered), the questions for what is missing, and the
    answers remembered for next time (unless --no-save)."""
    answers = answers_from_flags(flags)
    given = frozenset(flags.given())
    start = _with_profile(answers, given, memory.saved, no_input, therapist)
    completed = complete_answers(start, knowledge, no_input, therapist, given)
    if not (memory.no_save or start.troubled):
        _remember(completed)
    return completed


class Start(NamedTuple):
    """The answers to start from, the saved ones to offer, and whether the profile was
    damaged or newer (then it is neither used nor overwritten)."""

    answers: Answers
    offered: Answers | None = None
    troubled: bool = False


def _with_profile(
    answers: Answers, given: frozenset[str], use_saved: bool, no_input: bool, therapist: bool = True
) -> Start:
    """With --saved, the flags' answers filled in from the saved ones (none saved: exit
    2); else, when questions will be asked, the saved answers to offer. The profile is
    read only then, so a flag-only command stays fast."""
    from sacromassage import profile

    if not use_saved and (given >= set(profile.REMEMBERED) or not interactive(no_input)):
        return Start(answers)
    try:
        saved = profile.load()
    except profile.ProfileError as error:
        if use_saved:
            raise
        typer.echo(str(error), err=True)
        return Start(answers, troubled=True)
    if saved is not None and not therapist and saved.helper is Helper.THERAPIST:
        saved = saved._replace(helper=None)  # a session is not for a therapist: ask
    if not use_saved:
        return Start(answers, offered=saved)
    if saved is None:
        fail(
            f"{flag(SavedOpt)} was given, but there are no saved answers yet "
            f"({profile.profile_path()} does not exist); run the command once without "
            f"{flag(SavedOpt)} to save them.",
            ExitCode.USAGE,
        )
    return Start(profile.fill(answers, saved, given))


def _remember(answers: Answers) -> None:
    """Save complete answers for next time; a problem is one sentence on stderr."""
    from sacromassage import profile

    try:
        profile.save_if_changed(answers)
    except profile.ProfileError as error:
        typer.echo(str(error), err=True)


def complete_answers(
    start: Start,
    knowledge: "Knowledge",
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
    if not interactive(no_input):
        # Name everything a clear screening would still need, not just the next answer.
        if answers.red_flags is None:
            missing += answers._replace(red_flags=frozenset()).missing()
        needed = ", ".join(flags for name, flags in FLAGS_FOR.items() if name in missing)
        how = (
            f"leave out {flag(NoInputOpt)} to be asked"
            if no_input and interactive(False)
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
