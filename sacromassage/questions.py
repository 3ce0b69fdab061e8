"""The interactive questionnaire: the only module that imports questionary.

It fills in whatever the flags left open and returns the same ``Answers`` type the
flags produce, so both paths meet the same engine. Order matters for safety: red flags
come first, and a red flag ends the questions at once (the answer is "get care").

Follow-up questions are asked only after the question they follow: the factors after a
diagnosis of soft-tissue pain chosen here (they change nothing for other diagnoses), the
five inflammatory back pain questions after chronic pain with a diagnosis the screen
covers, and the tools after "self" chosen here as the helper. When those answers came
from flags, absent factors and tools mean none, exactly as for a script. How long the pain
has lasted is always asked here (with flags it is optional, and the plan then says the
screen was skipped).

Saved answers (profile.py) are offered in one line after the red-flag checklist, which
is asked every time: Yes takes them, Change some walks the questions with them as the
defaults, Start again asks as if there were none.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from questionary import Choice

from sacromassage.guide.knowledge import Knowledge
from sacromassage.model import (
    Answers,
    Caution,
    CheckIn,
    Diagnosis,
    Duration,
    Factor,
    Helper,
    IbpItem,
    RedFlag,
    Step,
    Tolerance,
    Tool,
    whole_number,
)

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

E = TypeVar("E", bound=StrEnum)
NONE = "none"


class Named(Protocol):
    """Any knowledge entry with a short name and a meaning."""

    @property
    def name(self) -> str: ...

    @property
    def meaning(self) -> str: ...


TICK_HELP = "(space ticks, enter confirms)"

TOLERANCE_TITLES = {
    Tolerance.GENTLE: "Gentle: light touch, I am sore or unsure",
    Tolerance.MODERATE: "Moderate: steady pressure feels good",
    Tolerance.FIRM: "Firm: I like strong (but never painful) pressure",
}
HELPER_TITLES = {
    Helper.SELF: "Myself (with my hands or a tool)",
    Helper.PARTNER: "A partner, friend or family member",
    Helper.THERAPIST: "A massage therapist",
}
TOOL_TITLES = {
    Tool.BALL: "A ball (tennis ball is softer, lacrosse ball firmer)",
    Tool.FOAM_ROLLER: "A foam roller",
    Tool.MASSAGE_CANE: "A massage cane (hook-shaped stick)",
}


def _about(text: str) -> str:
    """A choice's description, wrapped to the terminal under questionary's label."""
    indent = " " * len("  Description: ")
    width = max(40, shutil.get_terminal_size().columns - 1)
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent).lstrip()


def run_question(question: questionary.Question) -> Any:
    """Ask, with Ctrl-C as KeyboardInterrupt and Ctrl-D as EOFError at every prompt.

    questionary binds only Ctrl-C, and not on every kind of prompt; both keys must end
    the program cleanly (exit 130) wherever the person is.
    """
    extra = KeyBindings()

    @extra.add("c-d", eager=True)
    def _eof(event: Any) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    @extra.add("c-c", eager=True)
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    application = question.application
    application.key_bindings = merge_key_bindings(
        [application.key_bindings or KeyBindings(), extra]
    )
    return question.unsafe_ask()


def _screening(
    message: str,
    choices: list[Choice],
    kind: type[E],
    default: frozenset[E] | None = None,
    **io: Any,
) -> frozenset[E]:
    """A tick list that needs an explicit answer: some items, or "none of these";
    ``default`` ticks the items given (an empty set ticks "none of these")."""

    def validate(picked: Sequence[str]) -> bool | str:
        if not picked:
            return "Tick what applies, or tick 'None of these' (space ticks, enter confirms)."
        if NONE in picked and len(picked) > 1:
            return "'None of these' cannot go with other ticks."
        return True

    if default is not None:
        choices = _ticked(choices, default)
    picked = run_question(
        questionary.checkbox(
            message,
            choices=[
                *choices,
                Choice(
                    "None of these",
                    value=NONE,
                    checked=default == frozenset(),
                    description=_about("Tick this if nothing above applies."),
                ),
            ],
            validate=validate,
            instruction=TICK_HELP,
            **io,
        )
    )
    return frozenset(kind(value) for value in picked if value != NONE)


def _ticked(choices: list[Choice], default: frozenset[Any] | None) -> list[Choice]:
    """The choices with those in ``default`` ticked."""
    for choice in choices:
        choice.checked = default is not None and choice.value in default
    return choices


def _ticks(
    message: str, choices: list[Choice], kind: type[E], instruction: str, **io: Any
) -> frozenset[E]:
    """An optional tick list: none ticked is an answer too (no such thing)."""
    question = questionary.checkbox(message, choices=choices, instruction=instruction, **io)
    return frozenset(kind(value) for value in run_question(question))


def _select(message: str, titles: dict[E, str], default: E | None = None, **io: Any) -> E:
    choices = [Choice(title, value=key.value) for key, title in titles.items()]
    kind = type(next(iter(titles)))
    if default is not None and default in titles:
        io = {**io, "default": default.value}
    return kind(run_question(questionary.select(message, choices=choices, **io)))


PAIN_HINT: Final = "Type a whole number from 0 (no pain) to 10 (worst imaginable)."


def _pain_check(empty_ok: bool, hint: str = PAIN_HINT) -> Callable[[str], bool | str]:
    """A check for a typed pain score, 0 to 10; ``empty_ok`` lets a bare Enter through."""

    def validate(text: str) -> bool | str:
        number = whole_number(text)
        if (empty_ok and not text.strip()) or (number is not None and 0 <= number <= 10):
            return True
        return hint

    return validate


def _pain(**io: Any) -> int:
    message = "How bad is your pain right now, from 0 (none) to 10 (worst imaginable)?"
    return int(run_question(questionary.text(message, validate=_pain_check(False), **io)).strip())


class Offer(StrEnum):
    """The answers to "Use your saved answers?"."""

    YES = "yes"
    CHANGE = "change"
    START_AGAIN = "start-again"


OFFER_TITLES = {Offer.YES: "Yes", Offer.CHANGE: "Change some", Offer.START_AGAIN: "Start again"}


def ask(
    partial: Answers,
    knowledge: Knowledge,
    *,
    therapist: bool = True,
    saved: Answers | None = None,
    given: frozenset[str] = frozenset(),
    **io: Any,
) -> Answers:
    """Ask for every answer ``partial`` lacks; ``io`` may carry prompt_toolkit input/output.

    ``saved`` (remembered answers) is offered after the red flags, for the answers the
    flags did not give (``given`` names those they did).

    Raises KeyboardInterrupt (Ctrl-C) or EOFError (Ctrl-D) if the person stops. When
    stdout is not a terminal (the plan is being redirected), the questions go to stderr.
    """
    from sacromassage.terminal import stderr_is_terminal, stdout_is_terminal

    if "output" not in io and not stdout_is_terminal() and stderr_is_terminal():
        from prompt_toolkit.output import create_output

        io["output"] = create_output(stdout=sys.stderr)
    answers = partial
    defaults: Answers | None = None

    def offer(a: Answers) -> Answers:
        nonlocal defaults
        from sacromassage import profile

        if saved is None or a.red_flags or profile.fill(a, saved, given) == a:
            return a
        choice = _select(f"Use your saved answers? {profile.summary(saved)}", OFFER_TITLES, **io)
        if choice is Offer.YES:
            return profile.fill(a, saved, given)
        if choice is Offer.CHANGE:
            defaults = saved
            return a if "minutes" in given else a._replace(minutes=saved.minutes)
        return a

    steps: list[Callable[[Answers], Answers]] = [
        lambda a: _ask_red_flags(a, knowledge, **io),
        offer,
        lambda a: _ask_cautions(a, knowledge, defaults, **io),
        lambda a: _ask_diagnosis(a, knowledge, defaults, **io),
        lambda a: _ask_duration(a, knowledge, **io),
        lambda a: a if a.pain is not None else a._replace(pain=_pain(**io)),
        lambda a: (
            a
            if a.tolerance is not None
            else a._replace(
                tolerance=_select(
                    "How much pressure do you like?",
                    TOLERANCE_TITLES,
                    defaults.tolerance if defaults else None,
                    **io,
                )
            )
        ),
        lambda a: _ask_helper(a, therapist, defaults, **io),
    ]
    for step in steps:
        answers = step(answers)
        if answers.red_flags:  # get care: nothing else matters now
            break
    return answers


def _choices(entries: Mapping[E, Named]) -> list[Choice]:
    """One choice per entry: its short name, with its meaning shown when highlighted."""
    return [
        Choice(info.name, value=key.value, description=_about(info.meaning))
        for key, info in entries.items()
    ]


def _ask_red_flags(answers: Answers, knowledge: Knowledge, **io: Any) -> Answers:
    if answers.red_flags is not None:
        return answers
    message = "Safety first: do any of these warning signs apply to you?"
    flags = _screening(message, _choices(knowledge.red_flags), RedFlag, **io)
    return answers._replace(red_flags=flags)


def _ask_cautions(
    answers: Answers, knowledge: Knowledge, defaults: Answers | None, **io: Any
) -> Answers:
    if answers.cautions is not None:
        return answers
    message = "Do any of these apply to you? They change how the massage is done."
    cautions = _screening(
        message,
        _choices(knowledge.cautions),
        Caution,
        defaults.cautions if defaults else None,
        **io,
    )
    return answers._replace(cautions=cautions)


def _ask_diagnosis(
    answers: Answers, knowledge: Knowledge, defaults: Answers | None, **io: Any
) -> Answers:
    if answers.diagnosis is not None:
        return answers
    diagnosis = Diagnosis(
        run_question(
            questionary.select(
                "What have you been told is causing your SI joint pain?",
                choices=_choices(knowledge.diagnoses),
                default=None if defaults is None else str(defaults.diagnosis),
                **io,
            )
        )
    )
    answers = answers._replace(diagnosis=diagnosis)
    if diagnosis is Diagnosis.SOFT_TISSUE and not answers.factors:
        factors = _ticked(_choices(knowledge.factors), defaults.factors if defaults else None)
        message = "Does any of these go with your pain?"
        skips = "(optional: space ticks, enter with none ticked skips)"
        answers = answers._replace(factors=_ticks(message, factors, Factor, skips, **io))
    return answers


def _ask_duration(answers: Answers, knowledge: Knowledge, **io: Any) -> Answers:
    if answers.duration is None:
        titles = {key: info.name for key, info in knowledge.durations.items()}
        answers = answers._replace(
            duration=_select("How long have you had this back pain?", titles, **io)
        )
    screened = answers.diagnosis is not None and knowledge.diagnoses[answers.diagnosis].screen_ibp
    if screened and answers.duration is Duration.CHRONIC and answers.ibp is None:
        choices = [
            Choice(question, value=key.value)
            for key, question in knowledge.screen.questions.items()
        ]
        message = "A check for inflammatory back pain: tick each one that is true for you."
        none = "(space ticks; enter with none ticked means none)"
        answers = answers._replace(ibp=_ticks(message, choices, IbpItem, none, **io))
    return answers


def _ask_helper(answers: Answers, therapist: bool, defaults: Answers | None, **io: Any) -> Answers:
    """Who gives the massage; a guided session leaves the therapist out (they bring their
    own routine: log their visits with ``journal add -w therapist``)."""
    if answers.helper is not None:
        return answers
    titles = {
        key: title
        for key, title in HELPER_TITLES.items()
        if therapist or key is not Helper.THERAPIST
    }
    helper = _select(
        "Who will give the massage?", titles, defaults.helper if defaults else None, **io
    )
    answers = answers._replace(helper=helper)
    if helper is Helper.SELF and not answers.tools:
        choices = _ticked(
            [Choice(title, value=key.value) for key, title in TOOL_TITLES.items()],
            defaults.tools if defaults else None,
        )
        message, hands = (
            "Which massage tools do you have?",
            "(space ticks; none ticked means hands only)",
        )
        answers = answers._replace(tools=_ticks(message, choices, Tool, hands, **io))
    return answers


# --------------------------------------------------------------------------- session

CHECK_IN_TITLES: Final = {
    CheckIn.FINE: "Fine, carry on",
    CheckIn.EASE_OFF: "Ease off: lighter pressure from now on",
    CheckIn.SKIP_REST: "Skip the rest: end the session here",
    CheckIn.STOP_HURTS: "Stop, it hurts",
}


class QuestionaryPrompter:
    """The real questions, through questionary; ``input``/``output`` are for tests.

    With the real terminal, keys typed before a question appears are discarded.
    """

    def __init__(self, *, input: Input | None = None, output: Output | None = None) -> None:
        given = {"input": input, "output": output}
        self._io: dict[str, Any] = {key: io for key, io in given.items() if io is not None}

    def _ask(self, question: questionary.Question) -> Any:
        if "input" not in self._io:
            from sacromassage.terminal import discard_typeahead

            discard_typeahead()
        return run_question(question)

    def pain(self, message: str, default: int | None = None) -> int:
        answer = self._score(message, _pain_check(default is not None))
        if answer is not None:
            return answer
        if default is None:  # never: the check lets a bare Enter through only with a default
            raise ValueError("a pain score is needed")
        return default

    def pain_or_skip(self, message: str) -> int | None:
        skip = "Type a whole number from 0 to 10, or press Enter to skip."
        return self._score(message, _pain_check(True, skip))

    def _score(self, message: str, validate: Callable[[str], bool | str]) -> int | None:
        """A checked pain score, or None for a bare Enter (when the check allows it)."""
        answer = str(self._ask(questionary.text(message, validate=validate, **self._io)))
        return int(answer) if answer.strip() else None

    def check_in(self, step: Step) -> CheckIn:
        choices = [
            questionary.Choice(title, value=key.value) for key, title in CHECK_IN_TITLES.items()
        ]
        answer = self._ask(
            questionary.select(
                f"Step {step.number} is over. How did it feel?",
                choices=choices,
                **self._io,
            )
        )
        return CheckIn(answer)

    def wait_for_enter(self, message: str) -> None:
        self._ask(questionary.press_any_key_to_continue(message, **self._io))
