"""The engine's rules, checked as invariants over every combination of answers."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sacromassage.guide.engine import (
    IncompleteAnswersError,
    RoutineAnswers,
    plan,
    pressure_ceiling,
    routine,
)
from sacromassage.guide.knowledge import Knowledge
from sacromassage.model import (
    Answers,
    Benefit,
    Caution,
    Diagnosis,
    Duration,
    Factor,
    Helper,
    Position,
    RedFlag,
    StepTool,
    Tolerance,
    Tool,
    Verdict,
)
from tests.conftest import KNOWLEDGE

E = TypeVar("E", bound=StrEnum)
# The ceilings the README documents, written out here so a wrong constant fails.
DOCUMENTED_CEILING = {Tolerance.GENTLE: 3, Tolerance.MODERATE: 4, Tolerance.FIRM: 5}
GENTLE_CEILING = 3
EMERGENCY = {
    RedFlag.SADDLE_NUMBNESS,
    RedFlag.BLADDER_BOWEL,
    RedFlag.SEXUAL_FUNCTION,
    RedFlag.LEG_WEAKNESS,
    RedFlag.BREATHLESS,
}
INFLAMMATORY = {
    Diagnosis.SACROILIITIS,
    Diagnosis.ANKYLOSING_SPONDYLITIS,
    Diagnosis.RHEUMATOID_ARTHRITIS,
}
BENEFIT = {
    Diagnosis.SOFT_TISSUE: Benefit.HIGH,
    Diagnosis.HYPOMOBILITY: Benefit.MODERATE,
    Diagnosis.LAXITY: Benefit.MODERATE,
    Diagnosis.PREGNANCY_RELATED: Benefit.MODERATE,
    Diagnosis.SACROILIITIS: Benefit.LIMITED,
    Diagnosis.ANKYLOSING_SPONDYLITIS: Benefit.LIMITED,
    Diagnosis.RHEUMATOID_ARTHRITIS: Benefit.LIMITED,
    Diagnosis.OSTEOARTHRITIS: Benefit.LIMITED,
    Diagnosis.PSYCHOGENIC: Benefit.TEMPORARY,
    Diagnosis.UNKNOWN: Benefit.UNCERTAIN,
}
PAIRS = {
    Diagnosis.HYPOMOBILITY: {"exercise", "stretching"},
    Diagnosis.LAXITY: {"exercise", "prolotherapy", "stabilising"},
    Diagnosis.PREGNANCY_RELATED: {"exercise", "stabilising"},
    Diagnosis.PSYCHOGENIC: {"exercise", "mind-body"},
    Diagnosis.UNKNOWN: {"exercise", "assessment"},
}


def subsets(kind: type[E]) -> st.SearchStrategy[frozenset[E]]:
    return st.frozensets(st.sampled_from(list(kind)))


def screen_positive(answers: Answers) -> bool:
    """Four or more inflammatory items, asked because chronic pain with a covered cause."""
    return (
        answers.diagnosis in {Diagnosis.SOFT_TISSUE, Diagnosis.HYPOMOBILITY, Diagnosis.UNKNOWN}
        and answers.duration is Duration.CHRONIC
        and len(answers.ibp or ()) >= 4
    )


complete_answers = st.builds(
    Answers,
    diagnosis=st.sampled_from(list(Diagnosis)),
    tolerance=st.sampled_from(list(Tolerance)),
    pain=st.integers(0, 10),
    helper=st.sampled_from(list(Helper)),
    red_flags=subsets(RedFlag),
    cautions=subsets(Caution),
    factors=subsets(Factor),
    tools=subsets(Tool),
    minutes=st.integers(5, 60),
)
screened_clear = complete_answers.map(lambda a: a._replace(red_flags=frozenset()))


@settings(max_examples=400, deadline=None)
@given(complete_answers)
def test_red_flags_come_first_and_block_any_routine(answers: Answers) -> None:
    result = plan(answers, KNOWLEDGE)
    assert answers.red_flags is not None
    if answers.red_flags & EMERGENCY:
        assert result.safety.verdict is Verdict.EMERGENCY
    elif answers.red_flags:
        assert result.safety.verdict is Verdict.SEE_CLINICIAN
    elif answers.cautions or screen_positive(answers):
        assert result.safety.verdict is Verdict.CAUTION
    else:
        assert result.safety.verdict is Verdict.CLEAR
    if answers.red_flags:
        assert result.steps == ()
        assert result.therapist is None
        assert {r.key for r in result.safety.reasons} == {f.value for f in answers.red_flags}
    warning_keys = [w.key for w in result.warnings]
    assert "aggressive-pressure" in warning_keys and "speak-up" in warning_keys
    assert result.stop_signs and result.disclaimer and result.sources


@settings(max_examples=400, deadline=None)
@given(screened_clear)
def test_expectation_is_honest_per_diagnosis(answers: Answers) -> None:
    result = plan(answers, KNOWLEDGE)
    assert result.expectation is not None and answers.diagnosis is not None
    expected = BENEFIT[answers.diagnosis]
    if answers.diagnosis is Diagnosis.SOFT_TISSUE and answers.factors:
        expected = Benefit.MODERATE
    assert result.expectation.benefit is expected
    keys = [item.key for item in result.expectation.pair_with]
    assert keys[0] == "exercise"
    assert set(keys) == PAIRS.get(answers.diagnosis, {"exercise"})


@settings(max_examples=400, deadline=None)
@given(screened_clear)
def test_pressure_ceiling_and_steps_stay_under_it(answers: Answers) -> None:
    result = plan(answers, KNOWLEDGE)
    assert result.pressure is not None
    ceiling = result.pressure.max_discomfort
    assert 1 <= ceiling <= 5
    capped = (
        (answers.pain or 0) >= 7
        or answers.diagnosis in {*INFLAMMATORY, Diagnosis.UNKNOWN, Diagnosis.PREGNANCY_RELATED}
        or bool(
            {Caution.BLOOD_THINNERS, Caution.OSTEOPOROSIS, Caution.PREGNANT, Caution.RECENT_SURGERY}
            & (answers.cautions or set())
        )
        or screen_positive(answers)
    )
    if capped:
        assert ceiling <= GENTLE_CEILING
    else:
        assert ceiling == DOCUMENTED_CEILING[answers.tolerance or Tolerance.GENTLE]
    assert all(1 <= step.pressure <= ceiling for step in result.steps)
    assert str(ceiling) in result.pressure.guidance


@settings(max_examples=400, deadline=None)
@given(screened_clear)
def test_routine_fits_time_tools_and_cautions(answers: Answers) -> None:
    result = plan(answers, KNOWLEDGE)
    cautions = answers.cautions or frozenset()
    if answers.helper is Helper.THERAPIST:
        assert result.steps == () and result.therapist is not None
        assert result.therapist.interview_questions and result.therapist.cost_note
        return
    assert result.therapist is None
    steps = result.steps
    assert [s.number for s in steps] == list(range(1, len(steps) + 1))
    total = sum(s.duration_seconds for s in steps)
    short = answers.diagnosis is Diagnosis.UNKNOWN or (answers.pain or 0) >= 7
    minutes = min(answers.minutes, 15) if short else answers.minutes
    assert minutes * 30 <= total <= minutes * 60
    used = {s.tool for s in steps}
    if answers.helper is Helper.PARTNER:
        assert used == {StepTool.HANDS}
    else:
        allowed = set(answers.tools)
        if cautions & {Caution.BLOOD_THINNERS, Caution.OSTEOPOROSIS}:
            allowed = set()
        assert used - {StepTool.HANDS} == {StepTool(t.value) for t in allowed}
    if Caution.PREGNANT in cautions:
        assert all(s.position not in {Position.PRONE, Position.SUPINE} for s in steps)
    usual = {t.title: t.seconds for t in KNOWLEDGE.techniques}
    assert len({step.title for step in steps}) == len(steps)  # repeats are named by round
    for step in steps:
        assert step.instructions and step.title and step.area
        title = re.sub(r" \(round \d+\)$", "", step.title)
        # The time shown never strays far from what the instructions describe.
        assert step.duration_seconds <= 2 * usual[title]


@settings(max_examples=200, deadline=None)
@given(screened_clear.filter(lambda a: a.helper is not Helper.THERAPIST))
def test_ceiling_rises_with_tolerance(answers: Answers) -> None:
    ceilings = [
        plan(answers._replace(tolerance=t), KNOWLEDGE).pressure.max_discomfort  # type: ignore[union-attr]
        for t in Tolerance
    ]
    assert ceilings == sorted(ceilings)


def test_gentle_is_below_firm_when_nothing_caps_it(knowledge: Knowledge) -> None:
    def ceiling(tolerance: Tolerance) -> int:
        return pressure_ceiling(
            knowledge, tolerance, 3, Diagnosis.SOFT_TISSUE, frozenset()
        ).max_discomfort

    assert ceiling(Tolerance.GENTLE) < ceiling(Tolerance.MODERATE) < ceiling(Tolerance.FIRM) == 5


@pytest.mark.parametrize("flag", list(RedFlag))
def test_a_single_red_flag_needs_no_other_answer(flag: RedFlag, knowledge: Knowledge) -> None:
    result = plan(Answers(red_flags=frozenset({flag})), knowledge)
    assert result.steps == () and result.pressure is None and result.expectation is None
    expected = Verdict.EMERGENCY if flag in EMERGENCY else Verdict.SEE_CLINICIAN
    assert result.safety.verdict is expected


@pytest.mark.parametrize(
    ("answers", "missing"),
    [
        (Answers(), ["red_flags"]),
        (Answers(red_flags=frozenset()), ["cautions", "diagnosis", "pain", "tolerance", "helper"]),
        (
            Answers(
                red_flags=frozenset(),
                cautions=frozenset(),
                diagnosis=Diagnosis.LAXITY,
                pain=2,
                tolerance=Tolerance.FIRM,
            ),
            ["helper"],
        ),
    ],
)
def test_incomplete_answers_are_refused(
    answers: Answers, missing: list[str], knowledge: Knowledge
) -> None:
    with pytest.raises(IncompleteAnswersError) as caught:
        plan(answers, knowledge)
    assert caught.value.missing == missing


@settings(max_examples=200, deadline=None)
@given(
    helper=st.sampled_from([Helper.SELF, Helper.PARTNER]),
    tolerance=st.sampled_from(list(Tolerance)),
    tools=subsets(Tool),
    minutes=st.integers(5, 60),
    cautions=subsets(Caution),
)
def test_steps_routine_keeps_the_same_rules(
    helper: Helper,
    tolerance: Tolerance,
    tools: frozenset[Tool],
    minutes: int,
    cautions: frozenset[Caution],
) -> None:
    result = routine(
        RoutineAnswers(helper, tolerance, tools, minutes, cautions=cautions), KNOWLEDGE
    )
    total = sum(s.duration_seconds for s in result.steps)
    assert minutes * 30 <= total <= minutes * 60
    assert all(s.pressure <= result.pressure.max_discomfort <= 5 for s in result.steps)
    if Caution.PREGNANT in cautions:
        assert all(s.position not in {Position.PRONE, Position.SUPINE} for s in result.steps)


def test_therapist_has_no_step_list(knowledge: Knowledge) -> None:
    with pytest.raises(ValueError, match="therapist"):
        routine(RoutineAnswers(Helper.THERAPIST, Tolerance.GENTLE), knowledge)


def blocks(positions: list[Position]) -> int:
    """How many runs of the same position a routine has (1 = nobody ever turns over)."""
    return 1 + sum(a is not b for a, b in zip(positions, positions[1:], strict=False))


@pytest.mark.parametrize("minutes", [10, 20, 30])
def test_partner_routines_group_positions(minutes: int, knowledge: Knowledge) -> None:
    result = routine(RoutineAnswers(Helper.PARTNER, Tolerance.GENTLE, minutes=minutes), knowledge)
    positions = [step.position for step in result.steps]
    assert blocks(positions) == len(set(positions))  # each position visited once
    pregnant = routine(
        RoutineAnswers(
            Helper.PARTNER,
            Tolerance.GENTLE,
            minutes=minutes,
            cautions=frozenset({Caution.PREGNANT}),
        ),
        knowledge,
    )
    assert {step.position for step in pregnant.steps} <= {Position.SIDE_LYING, Position.SEATED}
