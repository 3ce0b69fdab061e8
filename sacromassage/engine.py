"""The rules: a pure function from answers (plus the knowledge base) to a plan.

Nothing here prints, prompts or touches files. Every decision a person sees is made
here and carried in the Plan, so the renderers only lay it out and the rules can be
tested exhaustively (see tests/test_engine.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from sacromassage.knowledge import Knowledge, Technique
from sacromassage.model import (
    ALWAYS_WARN,
    DEFAULT_MINUTES,
    HIGH_PAIN_WARNING,
    MAX_PRESSURE,
    Answers,
    Benefit,
    Caution,
    Diagnosis,
    Expectation,
    Helper,
    Intensity,
    Item,
    Phase,
    Plan,
    Pressure,
    Safety,
    Source,
    Step,
    StepTool,
    TherapistAdvice,
    Tolerance,
    Tool,
    Urgency,
    Verdict,
)

# The pressure ceiling on the 0-10 discomfort scale, by tolerance. About 5 is "strong,
# but you can still breathe slowly and relax": nobody is sent past it.
CEILING = {Tolerance.GENTLE: 3, Tolerance.MODERATE: 4, Tolerance.FIRM: MAX_PRESSURE}
HIGH_PAIN = 7
# Warm-up and cool-down steps stay this far under the ceiling (but never below 1).
LIGHT_MARGIN = 2
STEP_UNIT = 15
MIN_STEP_SECONDS = 30
MAX_STEP_SECONDS = 300
STRETCH = 2  # a step may last at most this many times its technique's usual length
MAX_FOCUS_STEPS = 60


class IncompleteAnswers(ValueError):
    """The answers do not yet allow a plan; ``missing`` names what is needed."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("missing answers: " + ", ".join(missing))
        self.missing = missing


class Routine(NamedTuple):
    """What the ``steps`` command prints: a reminder, a ceiling and the steps."""

    reminder: str
    intro: str
    pressure: Pressure
    steps: tuple[Step, ...]


def plan(answers: Answers, knowledge: Knowledge) -> Plan:
    """Turn complete answers into a plan. Raises IncompleteAnswers if any are missing."""
    missing = answers.missing()
    if missing:
        raise IncompleteAnswers(missing)
    guidance = knowledge.guidance
    red_flags = sorted(answers.red_flags or ())
    warnings = [guidance.warnings[key] for key in ALWAYS_WARN]
    used_sources: list[Iterable[str]] = [w.sources for w in warnings]

    if red_flags:
        infos = [knowledge.red_flags[flag] for flag in red_flags]
        emergency = any(info.urgency is Urgency.EMERGENCY for info in infos)
        verdict = Verdict.EMERGENCY if emergency else Verdict.SEE_CLINICIAN
        infos.sort(key=lambda info: info.urgency is not Urgency.EMERGENCY)
        used_sources += [info.sources for info in infos]
        return Plan(
            answers=answers,
            safety=Safety(verdict, tuple(Item(i.key.value, i.advice) for i in infos)),
            expectation=None,
            pressure=None,
            steps=(),
            warnings=tuple(Item(w.key, w.text) for w in warnings),
            stop_signs=guidance.stop_signs,
            therapist=None,
            sources=_sources(knowledge, used_sources),
            disclaimer=guidance.disclaimer,
            headline=guidance.verdicts[verdict].headline,
            title=guidance.verdicts[verdict].title,
            warnings_title=guidance.verdicts[verdict].warnings_title,
        )

    # missing() guarantees these once no red flag was reported.
    assert answers.diagnosis is not None and answers.tolerance is not None
    assert answers.pain is not None and answers.helper is not None
    cautions = sorted(answers.cautions or ())
    verdict = Verdict.CAUTION if cautions else Verdict.CLEAR
    caution_infos = [knowledge.cautions[c] for c in cautions]
    used_sources += [info.sources for info in caution_infos]

    diagnosis = knowledge.diagnoses[answers.diagnosis]
    benefit: Benefit = diagnosis.benefit
    summary = diagnosis.summary
    if answers.factors:
        benefit = diagnosis.benefit_with_factor or benefit
        if diagnosis.factor_note:
            summary = f"{summary} {diagnosis.factor_note}"
    pairings = [knowledge.pairings[key] for key in diagnosis.pair_with]
    used_sources += [diagnosis.sources, *(p.sources for p in pairings)]
    used_sources += [knowledge.factors[f].sources for f in sorted(answers.factors)]

    if answers.pain >= HIGH_PAIN:
        warnings.append(guidance.warnings[HIGH_PAIN_WARNING])
        used_sources.append(guidance.warnings[HIGH_PAIN_WARNING].sources)
    pressure = pressure_ceiling(
        knowledge, answers.tolerance, answers.pain, answers.diagnosis, frozenset(cautions)
    )

    steps: tuple[Step, ...] = ()
    therapist = None
    if answers.helper is Helper.THERAPIST:
        info = guidance.therapist
        ask_for = [info.pressure_request.replace("{max}", str(pressure.max_discomfort))]
        if caution_infos:
            names = "; ".join(c.name.lower() for c in caution_infos)
            ask_for.append(info.tell_about_cautions.replace("{cautions}", names))
        therapist = TherapistAdvice(
            info.interview_questions, (*ask_for, *info.ask_for), info.cost_note
        )
        used_sources.append(info.sources)
    else:
        techniques = _choose(knowledge, answers.helper, answers.tools, frozenset(cautions),
                             answers.minutes)
        steps = _steps(techniques, pressure.max_discomfort, guidance.round_title)
        used_sources += [t.sources for t, _ in techniques]

    return Plan(
        answers=answers,
        safety=Safety(verdict, tuple(Item(i.key.value, i.advice) for i in caution_infos)),
        expectation=Expectation(
            benefit, summary, tuple(Item(p.key, p.text) for p in pairings)
        ),
        pressure=pressure,
        steps=steps,
        warnings=tuple(Item(w.key, w.text) for w in warnings),
        stop_signs=guidance.stop_signs,
        therapist=therapist,
        sources=_sources(knowledge, used_sources),
        disclaimer=guidance.disclaimer,
        intro=guidance.helper_intros[answers.helper],
        after_stopping=guidance.after_stopping,
        headline=guidance.verdicts[verdict].headline,
        title=guidance.verdicts[verdict].title,
        warnings_title=guidance.verdicts[verdict].warnings_title,
    )


def routine(
    knowledge: Knowledge,
    helper: Helper,
    tolerance: Tolerance,
    tools: frozenset[Tool] = frozenset(),
    minutes: int = DEFAULT_MINUTES,
    diagnosis: Diagnosis | None = None,
    cautions: frozenset[Caution] = frozenset(),
) -> Routine:
    """Just the step list, for a person who has already been screened (``steps``)."""
    if helper is Helper.THERAPIST:
        raise ValueError("a therapist brings their own routine: use 'self' or 'partner'")
    pressure = pressure_ceiling(knowledge, tolerance, None, diagnosis, cautions)
    techniques = _choose(knowledge, helper, tools, cautions, minutes)
    return Routine(
        reminder=knowledge.guidance.reminder,
        intro=knowledge.guidance.helper_intros[helper],
        pressure=pressure,
        steps=_steps(techniques, pressure.max_discomfort, knowledge.guidance.round_title),
    )


def pressure_ceiling(
    knowledge: Knowledge,
    tolerance: Tolerance,
    pain: int | None,
    diagnosis: Diagnosis | None,
    cautions: frozenset[Caution],
) -> Pressure:
    """The most discomfort (0-10) any step may cause, with guidance on keeping under it.

    Higher with tolerance, never above 5, and held at the gentle level when pain is 7
    or more, the diagnosis is inflammatory, or a caution asks for light pressure.
    """
    ceiling = CEILING[tolerance]
    inflammatory = diagnosis is not None and knowledge.diagnoses[diagnosis].inflammatory
    light = any(knowledge.cautions[c].light_pressure for c in cautions)
    if (pain is not None and pain >= HIGH_PAIN) or inflammatory or light:
        ceiling = min(ceiling, CEILING[Tolerance.GENTLE])
    guidance = knowledge.guidance.pressure_guidance.replace("{max}", str(ceiling))
    return Pressure(max_discomfort=ceiling, guidance=guidance)


def _choose(
    knowledge: Knowledge,
    helper: Helper,
    tools: frozenset[Tool],
    cautions: frozenset[Caution],
    minutes: int,
) -> list[tuple[Technique, int]]:
    """Pick warm-up, focus and cool-down techniques with a duration each.

    Self routines use every tool given that no caution forbids, and nothing else;
    partner routines use hands. The total lands between half and all of ``minutes``.
    Within each round the steps are grouped by position, and the warm-up and cool-down
    match the position they lead into and out of, so nobody turns over more than needed.
    """
    forbidden_positions = frozenset().union(
        *(knowledge.cautions[c].forbid_positions for c in cautions)
    )
    forbidden_tools = frozenset().union(*(knowledge.cautions[c].forbid_tools for c in cautions))
    allowed = {StepTool.HANDS}
    if helper is Helper.SELF:
        allowed |= {StepTool(tool.value) for tool in tools - forbidden_tools}

    def pool(phase: Phase) -> list[Technique]:
        return [
            t for t in knowledge.techniques
            if t.helper is helper and t.phase is phase and t.tool in allowed
            and t.position not in forbidden_positions and not t.avoid_with & cautions
        ]

    candidates = pool(Phase.FOCUS)
    # Tool work first (one technique per tool is required), then the rest, tools before hands.
    by_tool = [[t for t in candidates if t.tool is tool] for tool in StepTool if tool in allowed]
    required = [group[0] for group in by_tool if group and group[0].tool is not StepTool.HANDS]
    extra = [t for group in by_tool for t in group if t not in required]
    ordered = required + extra

    budget = minutes * 60
    warm_seconds = _clamp(budget * 0.15, 60, 300)
    cool_seconds = _clamp(budget * 0.10, 45, 240)
    focus_budget = int(budget * 0.9) - warm_seconds - cool_seconds
    # Each step stays between half and twice its technique's usual length, so the time
    # shown agrees with its instructions; a long session gets more steps (rounds) instead.
    count = max(len(required), min(len(ordered), max(2, focus_budget // 120)))
    while focus_budget > STRETCH * _usual(ordered, count) and count < MAX_FOCUS_STEPS:
        count += 1
    sequence = [ordered[i % len(ordered)] for i in range(count)]
    scale = focus_budget / sum(t.seconds for t in sequence)
    rank = {position: index for index, position in
            reversed(list(enumerate(t.position for t in sequence)))}
    rounds = [sequence[start:start + len(ordered)] for start in range(0, count, len(ordered))]
    sequence = [t for part in rounds for t in sorted(part, key=lambda t: rank[t.position])]
    warm_up = _matching(pool(Phase.WARM_UP), sequence[0])
    cool_down = _matching(pool(Phase.COOL_DOWN), sequence[-1])
    focus = [
        (t, min(STRETCH * t.seconds, _clamp(t.seconds * scale, MIN_STEP_SECONDS,
                                            MAX_STEP_SECONDS, down=True)))
        for t in sequence
    ]
    return [
        (warm_up, min(warm_seconds, STRETCH * warm_up.seconds)),
        *focus,
        (cool_down, min(cool_seconds, STRETCH * cool_down.seconds)),
    ]


def _usual(ordered: list[Technique], count: int) -> int:
    """The usual total length of the first ``count`` steps cycling through ``ordered``."""
    return sum(ordered[i % len(ordered)].seconds for i in range(count))


def _matching(candidates: list[Technique], neighbour: Technique) -> Technique:
    """The first candidate in the same position as ``neighbour``, else the first one."""
    return next((t for t in candidates if t.position is neighbour.position), candidates[0])


def _steps(chosen: list[tuple[Technique, int]], ceiling: int,
           round_title: str) -> tuple[Step, ...]:
    """Number the chosen techniques and give each its pressure under the ceiling; a
    technique met again is titled by its round (``round_title``: {title}, {n})."""
    seen: dict[str, int] = {}
    steps = []
    for number, (technique, seconds) in enumerate(chosen, start=1):
        repeat = seen.get(technique.key, 0)
        seen[technique.key] = repeat + 1
        light = technique.intensity is Intensity.LIGHT or technique.phase is not Phase.FOCUS
        pressure = max(1, ceiling - LIGHT_MARGIN) if light else ceiling
        steps.append(
            Step(
                number=number,
                title=technique.title if not repeat else round_title.replace(
                    "{title}", technique.title).replace("{n}", str(repeat + 1)),
                area=technique.area,
                technique=technique.technique,
                position=technique.position,
                tool=technique.tool,
                duration_seconds=seconds,
                pressure=pressure,
                instructions=technique.instructions,
            )
        )
    return tuple(steps)


def _clamp(value: float, low: int, high: int, down: bool = False) -> int:
    """Clamp to [low, high] and round to whole STEP_UNITs (down, or to the nearest)."""
    units = int(value // STEP_UNIT) if down else round(value / STEP_UNIT)
    return max(low, min(high, units * STEP_UNIT))


def _sources(knowledge: Knowledge, groups: Iterable[Iterable[str]]) -> tuple[Source, ...]:
    keys = sorted({key for group in groups for key in group}, key=str.lower)
    return tuple(Source(key, knowledge.sources[key]) for key in keys)
