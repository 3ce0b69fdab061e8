"""The rules: a pure function from answers (plus the knowledge base) to a plan.

Nothing here prints, prompts or touches files. Every decision a person sees is made
here and carried in the Plan, so the renderers only lay it out and the rules can be
tested exhaustively (see tests/test_engine.py).
"""

from collections.abc import Iterable
from typing import NamedTuple

from sacromassage.guide.knowledge import CautionInfo, DiagnosisInfo, Knowledge
from sacromassage.guide.steps import Limits, choose_techniques, numbered_steps
from sacromassage.model import (
    ALWAYS_WARN,
    DEFAULT_MINUTES,
    MAX_PRESSURE,
    Answers,
    Benefit,
    Caution,
    Diagnosis,
    Duration,
    Exercise,
    Expectation,
    Helper,
    Hold,
    Item,
    Plan,
    Pressure,
    Reason,
    Safety,
    Source,
    Step,
    StepTool,
    TherapistAdvice,
    Tolerance,
    Tool,
    Verdict,
    When,
)

# The pressure ceiling on the 0-10 discomfort scale, by tolerance. About 5 is "strong,
# but you can still breathe slowly and relax": nobody is sent past it. These numbers, the
# hold at the gentle level and the 15-minute cap are this guide's own conservative rules
# (sources.toml: guide-pressure-rule, guide-time-rule), not figures from a paper.
CEILING = {Tolerance.GENTLE: 3, Tolerance.MODERATE: 4, Tolerance.FIRM: MAX_PRESSURE}
HELD_CEILING = CEILING[Tolerance.GENTLE]
HIGH_PAIN = 7  # from here the ceiling is held and the session kept short
SEVERE_PAIN = 9  # from here the plan asks for a clinician's look within days
SHORT_SESSION_MINUTES = 15
IBP_POSITIVE = 4  # ASAS (Sieper 2009): four of the five items
EXERCISES_SHOWN = 4


class IncompleteAnswersError(ValueError):
    """The answers do not yet allow a plan; ``missing`` names what is needed."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("missing answers: " + ", ".join(missing))
        self.missing = missing


class RoutineAnswers(NamedTuple):
    """What the ``steps`` command is told: who works, how firmly, with what, for how long,
    and the diagnosis and cautions that limit the routine."""

    helper: Helper
    tolerance: Tolerance
    tools: frozenset[Tool] = frozenset()
    minutes: int = DEFAULT_MINUTES
    diagnosis: Diagnosis | None = None
    cautions: frozenset[Caution] = frozenset()


class Routine(NamedTuple):
    """What the ``steps`` command prints: the ceiling, the steps and their safety."""

    reminder: str
    intro: str
    pressure: Pressure
    steps: tuple[Step, ...]
    cautions: tuple[Item, ...]
    warnings: tuple[Item, ...]
    stop_signs: tuple[str, ...]
    disclaimer: str
    sources: tuple[Source, ...]
    map_pointer: str = ""


def plan(answers: Answers, knowledge: Knowledge) -> Plan:
    """Turn complete answers into a plan. Raises IncompleteAnswersError if any are missing."""
    missing = answers.missing()
    if missing:
        raise IncompleteAnswersError(missing)
    if answers.red_flags:
        return _get_care(answers, knowledge)
    # missing() guarantees these once no red flag was reported.
    diagnosis_key, tolerance, pain, helper = (
        answers.diagnosis,
        answers.tolerance,
        answers.pain,
        answers.helper,
    )
    if diagnosis_key is None or tolerance is None or pain is None or helper is None:
        raise IncompleteAnswersError(["diagnosis", "tolerance", "pain", "helper"])
    guidance = knowledge.guidance
    diagnosis = knowledge.diagnoses[diagnosis_key]
    cautions = frozenset(answers.cautions or ())
    caution_infos = [knowledge.cautions[c] for c in sorted(cautions)]
    used_sources: list[Iterable[str]] = [info.sources for info in caution_infos]

    screened = diagnosis.screen_ibp and answers.duration is Duration.CHRONIC
    answers = answers._replace(ibp=answers.ibp if screened else None)
    positive = screened and len(answers.ibp or ()) >= IBP_POSITIVE
    reasons = [Reason(info.key.value, info.advice) for info in caution_infos]
    if positive:
        reasons.append(Reason(Hold.INFLAMMATORY_SCREEN.value, knowledge.screen.positive))
        used_sources.append(knowledge.screen.sources)
    verdict = Verdict.CAUTION if reasons else Verdict.CLEAR

    benefit: Benefit = diagnosis.benefit
    summary = diagnosis.summary
    if answers.factors:
        benefit = diagnosis.benefit_with_factor or benefit
        if diagnosis.factor_note:
            summary = f"{summary} {diagnosis.factor_note}"
    if answers.duration is not None:
        length = knowledge.durations[answers.duration]
        summary = f"{summary} {length.expectation}"
        used_sources.append(length.sources)
    limits = _limits(knowledge, cautions, diagnosis)
    exercises = [knowledge.exercises[key] for key in diagnosis.exercises]
    exercises = [e for e in exercises if limits.allow(e.position, e.tags)][:EXERCISES_SHOWN]
    pairings = [knowledge.pairings[key] for key in diagnosis.pair_with]
    used_sources += [
        diagnosis.sources,
        *(p.sources for p in pairings),
        *(e.sources for e in exercises),
    ]
    used_sources += [knowledge.factors[f].sources for f in sorted(answers.factors)]

    holds = _holds(knowledge, diagnosis, cautions, pain=pain, screen_positive=positive)
    pressure = _pressure(knowledge, tolerance, holds)
    used_sources += [knowledge.holds[hold].sources for hold in holds]
    short = diagnosis.short_session or pain >= HIGH_PAIN
    extra = [
        key
        for key, applies in (
            ("short-session", short),
            ("high-pain", pain >= SEVERE_PAIN),
            ("screen-skipped", answers.duration is None or (screened and answers.ibp is None)),
        )
        if applies
    ]
    warnings = _warnings(knowledge, [*ALWAYS_WARN, *extra], limits, helper, answers.tools)
    used_sources += [guidance.warnings[w.key].sources for w in warnings]

    steps: tuple[Step, ...] = ()
    therapist = None
    if helper is Helper.THERAPIST:
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
        minutes = min(answers.minutes, SHORT_SESSION_MINUTES) if short else answers.minutes
        techniques = choose_techniques(knowledge, helper, answers.tools, limits, minutes)
        steps = numbered_steps(knowledge, techniques, pressure.max_discomfort)
        used_sources += [t.sources for t, _ in techniques]

    return Plan(
        answers=answers,
        safety=Safety(verdict, tuple(reasons)),
        expectation=Expectation(
            benefit,
            summary,
            tuple(Item(p.key, p.text) for p in pairings),
            tuple(Exercise(e.key, e.name, e.how, e.dose) for e in exercises),
        ),
        pressure=pressure,
        steps=steps,
        warnings=warnings,
        stop_signs=guidance.stop_signs,
        therapist=therapist,
        sources=_sources(knowledge, used_sources),
        disclaimer=guidance.disclaimer,
        intro=guidance.helper_intros[helper],
        map_pointer=guidance.map_pointer if steps else "",
        after_stopping=guidance.after_stopping,
        verdict_label=guidance.verdicts[verdict].label,
        headline=guidance.verdicts[verdict].headline,
        title=guidance.verdicts[verdict].title,
        warnings_title=guidance.verdicts[verdict].warnings_title,
    )


def _get_care(answers: Answers, knowledge: Knowledge) -> Plan:
    """The plan for a red flag: get care, how soon, and nothing about massage."""
    guidance = knowledge.guidance
    infos = sorted(
        (knowledge.red_flags[flag] for flag in answers.red_flags or ()),
        key=lambda info: (list(When).index(info.when), info.key.value),
    )
    soonest = knowledge.when[infos[0].when]
    verdict = Verdict.EMERGENCY if soonest.key is When.NOW else Verdict.SEE_CLINICIAN
    warnings = [guidance.warnings[key] for key in ALWAYS_WARN]
    used_sources = [*(i.sources for i in infos), soonest.sources, *(w.sources for w in warnings)]
    return Plan(
        answers=answers,
        safety=Safety(
            verdict,
            tuple(Reason(i.key.value, i.advice, i.when) for i in infos),
            soonest.key,
            soonest.label,
            soonest.action,
        ),
        expectation=None,
        pressure=None,
        steps=(),
        warnings=tuple(Item(w.key, w.text) for w in warnings),
        stop_signs=guidance.stop_signs,
        therapist=None,
        sources=_sources(knowledge, used_sources),
        disclaimer=guidance.disclaimer,
        verdict_label=guidance.verdicts[verdict].label,
        headline=guidance.verdicts[verdict].headline,
        title=guidance.verdicts[verdict].title,
        warnings_title=guidance.verdicts[verdict].warnings_title,
    )


def routine(answers: RoutineAnswers, knowledge: Knowledge) -> Routine:
    """Just the step list, for a person who has already been screened (``steps``).

    The same rules as a plan: the cautions and the diagnosis limit the steps, hold the
    ceiling and cap the time, and the stop signs and disclaimer come along.
    """
    helper, tools, cautions = answers.helper, answers.tools, answers.cautions
    if helper is Helper.THERAPIST:
        raise ValueError("a therapist brings their own routine: use 'self' or 'partner'")
    info = knowledge.diagnoses[answers.diagnosis] if answers.diagnosis is not None else None
    holds = _holds(knowledge, info, cautions)
    pressure = _pressure(knowledge, answers.tolerance, holds)
    limits = _limits(knowledge, cautions, info)
    short = info is not None and info.short_session
    warnings = _warnings(knowledge, ["short-session"] if short else [], limits, helper, tools)
    minutes = min(answers.minutes, SHORT_SESSION_MINUTES) if short else answers.minutes
    techniques = choose_techniques(knowledge, helper, tools, limits, minutes)
    caution_infos = [knowledge.cautions[c] for c in sorted(cautions)]
    used_sources: list[Iterable[str]] = [t.sources for t, _ in techniques]
    used_sources += [c.sources for c in caution_infos]
    used_sources += [knowledge.holds[hold].sources for hold in holds]
    used_sources += [knowledge.guidance.warnings[w.key].sources for w in warnings]
    return Routine(
        reminder=knowledge.guidance.reminder,
        intro=knowledge.guidance.helper_intros[helper],
        pressure=pressure,
        steps=numbered_steps(knowledge, techniques, pressure.max_discomfort),
        cautions=tuple(Item(c.key.value, c.advice) for c in caution_infos),
        warnings=warnings,
        stop_signs=knowledge.guidance.stop_signs,
        disclaimer=knowledge.guidance.disclaimer,
        sources=_sources(knowledge, used_sources),
        map_pointer=knowledge.guidance.map_pointer,
    )


def pressure_ceiling(
    knowledge: Knowledge,
    tolerance: Tolerance,
    pain: int | None,
    diagnosis: Diagnosis | None,
    cautions: frozenset[Caution],
) -> Pressure:
    """The most discomfort (0-10) any step may cause, with guidance and what holds it.

    Higher with tolerance, never above 5, and held at the gentle level by every rule in
    ``_holds`` (the inflammatory screen needs a plan: see ``plan``).
    """
    info = knowledge.diagnoses[diagnosis] if diagnosis is not None else None
    return _pressure(knowledge, tolerance, _holds(knowledge, info, cautions, pain=pain))


def _holds(
    knowledge: Knowledge,
    diagnosis: DiagnosisInfo | None,
    cautions: frozenset[Caution],
    pain: int | None = None,
    screen_positive: bool = False,
) -> list[Hold]:
    """Every rule that holds the ceiling at the gentle level, in ``Hold`` order."""
    held = {Hold(c.value) for c in cautions if knowledge.cautions[c].hold_pressure}
    if pain is not None and pain >= HIGH_PAIN:
        held.add(Hold.PAIN)
    if screen_positive:
        held.add(Hold.INFLAMMATORY_SCREEN)
    if diagnosis is not None and diagnosis.hold is not None:
        held.add(diagnosis.hold)
    return [hold for hold in Hold if hold in held]


def _pressure(knowledge: Knowledge, tolerance: Tolerance, holds: list[Hold]) -> Pressure:
    ceiling = min(CEILING[tolerance], HELD_CEILING) if holds else CEILING[tolerance]
    guidance = knowledge.guidance.pressure_guidance.replace("{max}", str(ceiling))
    held_by = tuple(Item(hold.value, knowledge.holds[hold].text) for hold in holds)
    return Pressure(max_discomfort=ceiling, guidance=guidance, held_by=held_by)


def _limits(
    knowledge: Knowledge, cautions: frozenset[Caution], diagnosis: DiagnosisInfo | None
) -> Limits:
    """The union of the limits of every caution, and of those the diagnosis shares."""
    shared = diagnosis.routine_as if diagnosis is not None else frozenset()
    infos: list[CautionInfo] = [knowledge.cautions[c] for c in sorted(cautions | shared)]
    return Limits(
        positions=frozenset().union(*(info.forbid_positions for info in infos)),
        tools=frozenset().union(*(info.forbid_tools for info in infos)),
        tags=frozenset().union(*(info.forbid_tags for info in infos)),
    )


def _warnings(
    knowledge: Knowledge,
    keys: list[str],
    limits: Limits,
    helper: Helper,
    tools: frozenset[Tool],
) -> tuple[Item, ...]:
    """The warnings named by ``keys``, then "hands only" if the limits leave out a tool."""
    warnings = knowledge.guidance.warnings
    items = [Item(key, warnings[key].text) for key in keys]
    left_out = sorted(tools & limits.tools) if helper is Helper.SELF else []
    if left_out:
        names = " and ".join(knowledge.guidance.tool_words[StepTool(t.value)] for t in left_out)
        items.append(Item("hands-only", warnings["hands-only"].text.replace("{tools}", names)))
    return tuple(items)


def _sources(knowledge: Knowledge, groups: Iterable[Iterable[str]]) -> tuple[Source, ...]:
    keys = sorted({key for group in groups for key in group}, key=str.lower)
    return tuple(knowledge.sources[key] for key in keys)
