"""The questionnaire, driven by keystrokes through prompt_toolkit's pipe input."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from sacromassage.guide.knowledge import Knowledge
from sacromassage.model import (
    Answers,
    Caution,
    Diagnosis,
    Duration,
    Factor,
    Helper,
    IbpItem,
    RedFlag,
    Tolerance,
    Tool,
)
from sacromassage.questions import ask

DOWN, UP, SPACE, ENTER = "\x1b[B", "\x1b[A", " ", "\r"
NONE_OF_THESE = UP + SPACE + ENTER  # the last choice of a screening list


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


UNANSWERED = Answers()


def run(
    pipe: PipeInput, knowledge: Knowledge, typed: str, partial: Answers = UNANSWERED
) -> Answers:
    pipe.send_text(typed)
    return ask(partial, knowledge, input=pipe, output=DummyOutput())


def test_a_whole_questionnaire(keys: PipeInput, knowledge: Knowledge) -> None:
    typed = (
        NONE_OF_THESE  # red flags: none
        + SPACE
        + ENTER  # cautions: the first one (pregnant)
        + ENTER  # diagnosis: first (soft-tissue)
        + DOWN
        + SPACE
        + ENTER  # factors: the second (obesity)
        + DOWN
        + DOWN
        + ENTER  # how long: more than 3 months
        + SPACE
        + DOWN
        + SPACE
        + DOWN
        + SPACE
        + DOWN
        + SPACE
        + ENTER  # screen: first four
        + "4"
        + ENTER  # pain
        + DOWN
        + ENTER  # tolerance: moderate
        + ENTER  # helper: self
        + SPACE
        + DOWN
        + DOWN
        + SPACE
        + ENTER  # tools: ball and massage cane
    )
    answers = run(keys, knowledge, typed)
    assert answers == Answers(
        diagnosis=Diagnosis.SOFT_TISSUE,
        tolerance=Tolerance.MODERATE,
        pain=4,
        helper=Helper.SELF,
        red_flags=frozenset(),
        cautions=frozenset({Caution.PREGNANT}),
        factors=frozenset({Factor.OBESITY}),
        tools=frozenset({Tool.BALL, Tool.MASSAGE_CANE}),
        duration=Duration.CHRONIC,
        ibp=frozenset(list(IbpItem)[:4]),
    )


@pytest.mark.parametrize(
    ("diagnosis", "asked"),
    [
        (Diagnosis.UNKNOWN, True),
        (Diagnosis.HYPOMOBILITY, True),
        (Diagnosis.LAXITY, False),
        (Diagnosis.SACROILIITIS, False),
    ],
)
def test_the_inflammatory_screen_follows_chronic_pain_it_covers(
    keys: PipeInput, knowledge: Knowledge, diagnosis: Diagnosis, asked: bool
) -> None:
    partial = Answers(
        red_flags=frozenset(),
        cautions=frozenset(),
        diagnosis=diagnosis,
        tolerance=Tolerance.GENTLE,
        helper=Helper.PARTNER,
        pain=3,
    )
    typed = DOWN + DOWN + ENTER + (ENTER if asked else "")  # chronic; the screen: none ticked
    answers = run(keys, knowledge, typed, partial)
    assert answers.duration is Duration.CHRONIC
    assert answers.ibp == (frozenset() if asked else None)


def test_how_long_is_asked_even_when_the_rest_is_known(
    keys: PipeInput, knowledge: Knowledge
) -> None:
    partial = Answers(
        red_flags=frozenset(),
        cautions=frozenset(),
        diagnosis=Diagnosis.UNKNOWN,
        tolerance=Tolerance.GENTLE,
        helper=Helper.PARTNER,
        pain=3,
    )
    answers = run(keys, knowledge, ENTER, partial)
    assert answers.duration is Duration.ACUTE and answers.ibp is None


def test_an_empty_tick_list_is_asked_again(keys: PipeInput, knowledge: Knowledge) -> None:
    # Enter with nothing ticked is refused; the person must pick "none of these".
    typed = ENTER + ENTER + NONE_OF_THESE + NONE_OF_THESE
    partial = Answers(
        diagnosis=Diagnosis.LAXITY,
        pain=2,
        tolerance=Tolerance.GENTLE,
        helper=Helper.PARTNER,
        duration=Duration.ACUTE,
    )
    answers = run(keys, knowledge, typed, partial)
    assert answers.red_flags == frozenset() and answers.cautions == frozenset()


def test_none_of_these_cannot_go_with_a_tick(keys: PipeInput, knowledge: Knowledge) -> None:
    # Tick the first flag and "none": refused; untick "none" and confirm the flag.
    typed = SPACE + UP + SPACE + ENTER + SPACE + ENTER
    answers = run(keys, knowledge, typed)
    assert answers.red_flags == frozenset({RedFlag.SADDLE_NUMBNESS})


def test_a_red_flag_ends_the_questions(keys: PipeInput, knowledge: Knowledge) -> None:
    answers = run(keys, knowledge, SPACE + ENTER)
    assert answers.red_flags == frozenset({RedFlag.SADDLE_NUMBNESS})
    assert answers.cautions is None and answers.diagnosis is None
    assert answers.missing() == []


def test_only_missing_answers_are_asked(keys: PipeInput, knowledge: Knowledge) -> None:
    partial = Answers(
        red_flags=frozenset(),
        cautions=frozenset(),
        diagnosis=Diagnosis.LAXITY,
        tolerance=Tolerance.FIRM,
        helper=Helper.SELF,
        duration=Duration.SUBACUTE,
    )
    answers = run(keys, knowledge, "7" + ENTER, partial)
    assert answers == partial._replace(pain=7)


def test_pain_must_be_0_to_10(keys: PipeInput, knowledge: Knowledge) -> None:
    partial = Answers(
        red_flags=frozenset(),
        cautions=frozenset(),
        diagnosis=Diagnosis.LAXITY,
        tolerance=Tolerance.FIRM,
        helper=Helper.SELF,
        duration=Duration.ACUTE,
    )
    typed = (
        "11"
        + ENTER
        + "\x7f\x7f"
        + "abc"
        + ENTER
        + "\x7f\x7f\x7f"
        + "²"
        + ENTER
        + "\x7f"
        + "10"
        + ENTER
    )
    assert run(keys, knowledge, typed, partial).pain == 10


def test_hands_only_when_no_tool_ticked(keys: PipeInput, knowledge: Knowledge) -> None:
    partial = Answers(
        red_flags=frozenset(),
        cautions=frozenset(),
        diagnosis=Diagnosis.HYPOMOBILITY,
        tolerance=Tolerance.GENTLE,
        pain=3,
        duration=Duration.ACUTE,
    )
    answers = run(keys, knowledge, ENTER + ENTER, partial)
    assert answers.helper is Helper.SELF and answers.tools == frozenset()


def test_ctrl_c_and_ctrl_d_stop(keys: PipeInput, knowledge: Knowledge) -> None:
    with pytest.raises(KeyboardInterrupt):
        run(keys, knowledge, "\x03")
    with create_pipe_input() as other, pytest.raises(EOFError):
        run(other, knowledge, "\x04")


def test_a_session_does_not_offer_a_therapist(keys: PipeInput, knowledge: Knowledge) -> None:
    partial = Answers(
        red_flags=frozenset(),
        cautions=frozenset(),
        diagnosis=Diagnosis.LAXITY,
        tolerance=Tolerance.GENTLE,
        pain=3,
        duration=Duration.ACUTE,
    )
    keys.send_text(DOWN + DOWN + ENTER + ENTER)  # two items wrap round to self; no tools
    answers = ask(partial, knowledge, therapist=False, input=keys, output=DummyOutput())
    assert answers.helper is Helper.SELF
