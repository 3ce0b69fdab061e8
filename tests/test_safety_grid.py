"""Safe in every combination: the whole answer grid, walked in-process.

Every diagnosis, tolerance, helper, duration, inflammatory-screen count, subset of
cautions and of tools, and pain in {0, 3, 6, 7, 9, 10}, then each red flag. The rules are
written out here from the README, independently of the engine, so a rule the engine
forgets fails here. Only self-massage uses tools, so a partner plan goes through no tools
and all of them (which it must ignore) and a therapist plan through none; minutes cycle
through 5, 10, 15, 30 and 60. The grid is shared out over every core, so the
~370,000 plans take about half a minute on two.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from enum import StrEnum
from typing import TypeVar

import pytest

from sacromassage.guide.engine import RoutineAnswers, plan, routine
from sacromassage.guide.knowledge import Knowledge, Technique
from sacromassage.model import (
    Answers,
    Caution,
    Diagnosis,
    Duration,
    Helper,
    IbpItem,
    Plan,
    Position,
    RedFlag,
    StepTool,
    Tag,
    Tolerance,
    Tool,
    Verdict,
    When,
)
from tests.conftest import KNOWLEDGE

E = TypeVar("E", bound=StrEnum)

CEILING = {Tolerance.GENTLE: 3, Tolerance.MODERATE: 4, Tolerance.FIRM: 5}
HELD = 3
PAINS = (0, 3, 6, 7, 9, 10)
MINUTES = (5, 10, 15, 30, 60)
CAP_SECONDS = 15 * 60
INFLAMMATORY = {
    Diagnosis.SACROILIITIS,
    Diagnosis.ANKYLOSING_SPONDYLITIS,
    Diagnosis.RHEUMATOID_ARTHRITIS,
}
SCREENED = {Diagnosis.UNKNOWN, Diagnosis.SOFT_TISSUE, Diagnosis.HYPOMOBILITY}
HOLDING_CAUTIONS = {
    Caution.PREGNANT,
    Caution.BLOOD_THINNERS,
    Caution.OSTEOPOROSIS,
    Caution.RECENT_SURGERY,
}
NO_TOOLS = {Caution.BLOOD_THINNERS, Caution.OSTEOPOROSIS}
PREGNANCY_POSITIONS = {Position.SIDE_LYING, Position.SEATED, Position.STANDING}
NOW = {
    RedFlag.SADDLE_NUMBNESS,
    RedFlag.BLADDER_BOWEL,
    RedFlag.SEXUAL_FUNCTION,
    RedFlag.LEG_WEAKNESS,
    RedFlag.BREATHLESS,
}
TODAY = {RedFlag.DVT_SIGNS, RedFlag.FEVER, RedFlag.TRAUMA, RedFlag.CANCER_HISTORY}
EMERGENCY_NUMBERS = ("999", "911", "112")
NEW_STOP_SIGNS = ("weakness in a leg or foot", "between the legs")


def subsets(kind: type[E]) -> list[frozenset[E]]:
    members = list(kind)
    return [
        frozenset(combo)
        for size in range(len(members) + 1)
        for combo in itertools.combinations(members, size)
    ]


TOOL_SETS: dict[Helper, list[frozenset[Tool]]] = {
    Helper.SELF: subsets(Tool),
    Helper.PARTNER: [frozenset(), frozenset(Tool)],
    Helper.THERAPIST: [frozenset()],
}


def _grid(diagnosis: Diagnosis, tolerance: Tolerance) -> Iterator[Answers]:
    ibp_items = list(IbpItem)
    counter = itertools.count()
    for helper, duration, cautions, pain in itertools.product(
        Helper, [None, *Duration], subsets(Caution), PAINS
    ):
        screens: list[frozenset[IbpItem] | None] = [None]
        if diagnosis in SCREENED and duration is Duration.CHRONIC:
            screens += [frozenset(ibp_items[:n]) for n in range(6)]
        tool_sets = TOOL_SETS[helper]
        for ibp, tools in itertools.product(screens, tool_sets):
            yield Answers(
                diagnosis=diagnosis,
                tolerance=tolerance,
                pain=pain,
                helper=helper,
                red_flags=frozenset(),
                cautions=cautions,
                tools=tools,
                minutes=MINUTES[next(counter) % len(MINUTES)],
                duration=duration,
                ibp=ibp,
            )


def _by_title(knowledge: Knowledge) -> dict[str, Technique]:
    return {t.title: t for t in knowledge.techniques}


TECHNIQUES = _by_title(KNOWLEDGE)
EXERCISES = KNOWLEDGE.exercises


def technique_of(title: str) -> Technique:
    return TECHNIQUES[re.sub(r" \(round \d+\)$", "", title)]


def expected_holds(answers: Answers, screen_positive: bool) -> set[str]:
    cautions = answers.cautions or frozenset()
    holds = {c.value for c in cautions & HOLDING_CAUTIONS}
    if (answers.pain or 0) >= 7:
        holds.add("pain")
    if answers.diagnosis in INFLAMMATORY:
        holds.add("inflammatory")
    if screen_positive:
        holds.add("inflammatory-screen")
    if answers.diagnosis is Diagnosis.UNKNOWN:
        holds.add("unknown-diagnosis")
    if answers.diagnosis is Diagnosis.PREGNANCY_RELATED:
        holds.add("pregnancy-related")
    return holds


def check_clear_plan(answers: Answers, result: Plan) -> None:  # noqa: C901, PLR0912, PLR0915
    cautions = answers.cautions or frozenset()
    diagnosis, pain, tolerance = answers.diagnosis, answers.pain or 0, answers.tolerance
    assert tolerance is not None
    pregnancy = Caution.PREGNANT in cautions or diagnosis is Diagnosis.PREGNANCY_RELATED
    eligible = diagnosis in SCREENED and answers.duration is Duration.CHRONIC
    positive = eligible and len(answers.ibp or ()) >= 4
    short = diagnosis is Diagnosis.UNKNOWN or pain >= 7

    # The answers as recorded: the screen is null where it was not asked.
    assert result.answers.ibp == (answers.ibp if eligible else None)
    assert result.answers.duration is answers.duration

    # Verdict and reasons.
    reason_keys = [r.key for r in result.safety.reasons]
    expected_reasons = sorted(c.value for c in cautions)
    if positive:
        expected_reasons.append("inflammatory-screen")
    assert reason_keys == expected_reasons
    assert result.safety.verdict is (Verdict.CAUTION if expected_reasons else Verdict.CLEAR)
    if Caution.RECENT_SURGERY in cautions:
        surgery = next(r for r in result.safety.reasons if r.key == "recent-surgery")
        assert surgery.text.lower().startswith("ask your surgeon first")
    if positive:
        screen = next(r for r in result.safety.reasons if r.key == "inflammatory-screen")
        assert "rheumatolog" in screen.text.lower() and "not a diagnosis" in screen.text.lower()

    # The ceiling, and every rule that holds it.
    pressure = result.pressure
    assert pressure is not None
    holds = expected_holds(answers, positive)
    assert {item.key for item in pressure.held_by} == holds
    assert all(item.text for item in pressure.held_by)
    expected_ceiling = min(CEILING[tolerance], HELD) if holds else CEILING[tolerance]
    assert pressure.max_discomfort == expected_ceiling <= 5
    assert all(1 <= step.pressure <= pressure.max_discomfort for step in result.steps)

    # Warnings.
    keys = [w.key for w in result.warnings]
    assert keys[:5] == [
        "aggressive-pressure",
        "speak-up",
        "bony-areas",
        "slow-breathing",
        "flare-up",
    ]
    assert ("short-session" in keys) is short
    assert ("high-pain" in keys) is (pain >= 9)
    skipped = answers.duration is None or (eligible and answers.ibp is None)
    assert ("screen-skipped" in keys) is skipped
    tools_dropped = (
        answers.helper is Helper.SELF and bool(answers.tools) and bool(cautions & NO_TOOLS)
    )
    assert ("hands-only" in keys) is tools_dropped

    # Exercises respect the cautions too.
    assert result.expectation is not None
    exercises = result.expectation.exercises
    assert 3 <= len(exercises) <= 4
    for exercise in exercises:
        info = EXERCISES[exercise.key]
        assert exercise.how and exercise.dose
        if pregnancy:
            assert info.position not in {Position.PRONE, Position.SUPINE}
        if Caution.OSTEOPOROSIS in cautions:
            assert Tag.DEEP_SPINAL_BENDING not in info.tags

    assert result.stop_signs and result.disclaimer
    assert all(any(sign in s.lower() for s in result.stop_signs) for sign in NEW_STOP_SIGNS)
    for source in result.sources:
        assert source.year and (source.url or source.doi or source.kind == "rule")

    if answers.helper is Helper.THERAPIST:
        assert result.steps == () and result.therapist is not None
        return
    steps = result.steps
    assert [s.number for s in steps] == list(range(1, len(steps) + 1))
    total = sum(s.duration_seconds for s in steps)
    minutes = min(answers.minutes, 15) if short else answers.minutes
    assert minutes * 30 <= total <= minutes * 60
    if short:
        assert total <= CAP_SECONDS

    used = {s.tool for s in steps}
    if answers.helper is Helper.PARTNER:
        assert used == {StepTool.HANDS}
    elif cautions & NO_TOOLS:
        assert used == {StepTool.HANDS}
    else:
        assert used - {StepTool.HANDS} == {StepTool(t.value) for t in answers.tools}

    for step in steps:
        technique = technique_of(step.title)
        assert step.duration_seconds <= 2 * technique.seconds
        words = " ".join((step.position_words, step.tool_words, *step.instructions)).lower()
        assert "prone" not in words and "supine" not in words
        if technique.sides == 2:
            assert "other side" in step.instructions[-1] and "each side" in step.instructions[-1]
        if cautions & NO_TOOLS:
            assert Tag.BODY_WEIGHT not in technique.tags
        if pregnancy:
            assert step.position in PREGNANCY_POSITIONS
            assert not technique.tags & {Tag.FLOOR, Tag.LOWER_BELLY, Tag.FRONT_OF_HIP}
            assert "face down" not in words and "on your back" not in words
        if Caution.RECENT_SURGERY in cautions:
            assert not technique.tags & {Tag.FRONT_OF_HIP, Tag.CROSSED_LEG}


def _walk(part: tuple[Diagnosis, Tolerance]) -> tuple[int, str]:
    """Check every plan for one diagnosis and tolerance: how many, and the first failure."""
    count = 0
    for answers in _grid(*part):
        try:
            check_clear_plan(answers, plan(answers, KNOWLEDGE))
        except AssertionError as error:
            return count, f"{answers}: {error}"
        count += 1
    return count, ""


def test_every_combination_of_answers_gives_a_safe_plan() -> None:
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=context) as pool:
        results = list(pool.map(_walk, itertools.product(Diagnosis, Tolerance)))
    failures = [failure for _, failure in results if failure]
    assert not failures, failures[0]
    assert sum(count for count, _ in results) > 350_000  # the grid really was walked


@pytest.mark.parametrize("flag", list(RedFlag))
def test_every_red_flag_blocks_every_routine(flag: RedFlag) -> None:
    when = When.NOW if flag in NOW else When.TODAY if flag in TODAY else When.WITHIN_DAYS
    for diagnosis, helper, cautions, pain in itertools.product(
        Diagnosis, Helper, [frozenset(), frozenset(Caution)], PAINS
    ):
        answers = Answers(
            diagnosis=diagnosis,
            tolerance=Tolerance.FIRM,
            pain=pain,
            helper=helper,
            red_flags=frozenset({flag}),
            cautions=cautions,
            tools=frozenset(Tool),
            duration=Duration.CHRONIC,
        )
        result = plan(answers, KNOWLEDGE)
        assert result.steps == () and result.pressure is None and result.therapist is None
        assert result.expectation is None
        assert [(r.key, r.when) for r in result.safety.reasons] == [(flag.value, when)]
        assert result.safety.when is when and result.safety.action
        assert result.safety.verdict is (
            Verdict.EMERGENCY if when is When.NOW else Verdict.SEE_CLINICIAN
        )
        if when is When.NOW:
            assert all(number in result.safety.action for number in EMERGENCY_NUMBERS)


def test_the_most_urgent_red_flag_decides_what_to_do() -> None:
    for first, second in itertools.combinations(RedFlag, 2):
        result = plan(Answers(red_flags=frozenset({first, second})), KNOWLEDGE)
        whens = [r.when for r in result.safety.reasons]
        assert whens == sorted(whens, key=list(When).index)  # type: ignore[arg-type]
        assert result.safety.when is whens[0]


def test_steps_keeps_the_same_rules() -> None:
    for helper, tolerance, tools, diagnosis, cautions in itertools.product(
        (Helper.SELF, Helper.PARTNER),
        Tolerance,
        subsets(Tool),
        [None, *Diagnosis],
        subsets(Caution),
    ):
        if helper is Helper.PARTNER and tools:
            continue
        result = routine(
            RoutineAnswers(helper, tolerance, tools, 30, diagnosis, cautions), KNOWLEDGE
        )
        pregnancy = Caution.PREGNANT in cautions or diagnosis is Diagnosis.PREGNANCY_RELATED
        assert result.stop_signs and result.disclaimer
        assert [c.key for c in result.cautions] == sorted(c.value for c in cautions)
        holds = bool(cautions & HOLDING_CAUTIONS) or diagnosis in (
            *INFLAMMATORY,
            Diagnosis.UNKNOWN,
            Diagnosis.PREGNANCY_RELATED,
        )
        assert result.pressure.max_discomfort == (
            min(CEILING[tolerance], HELD) if holds else CEILING[tolerance]
        )
        assert bool(result.pressure.held_by) is holds
        total = sum(s.duration_seconds for s in result.steps)
        if diagnosis is Diagnosis.UNKNOWN:
            assert total <= CAP_SECONDS
            assert "short-session" in [w.key for w in result.warnings]
        for step in result.steps:
            technique = technique_of(step.title)
            if pregnancy:
                assert step.position in PREGNANCY_POSITIONS
                assert not technique.tags & {Tag.FLOOR, Tag.LOWER_BELLY, Tag.FRONT_OF_HIP}
            if cautions & NO_TOOLS:
                assert step.tool is StepTool.HANDS
                assert Tag.BODY_WEIGHT not in technique.tags
