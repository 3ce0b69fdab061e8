"""Lay a plan, a routine or a listing out as titled sections, ready for any renderer.

Only layout happens here: the words come from the plan (and so from the engine and the
knowledge base), never from rules of this module's own.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from sacromassage.model import Plan, Pressure, Step, Urgency, Verdict

if TYPE_CHECKING:
    from sacromassage.engine import Routine
    from sacromassage.knowledge import Knowledge


class Tone(StrEnum):
    """How loudly a section speaks; renderers pick colours from it."""

    DANGER = "danger"
    WARNING = "warning"
    INFO = "info"
    CALM = "calm"
    QUIET = "quiet"


VERDICT_TONE = {
    Verdict.EMERGENCY: Tone.DANGER,
    Verdict.SEE_CLINICIAN: Tone.DANGER,
    Verdict.CAUTION: Tone.WARNING,
    Verdict.CLEAR: Tone.CALM,
}


class Bullets(NamedTuple):
    """A bulleted list, optionally introduced by a label line."""

    label: str
    items: tuple[str, ...]


class Section(NamedTuple):
    title: str
    tone: Tone = Tone.INFO
    paragraphs: tuple[str, ...] = ()
    lists: tuple[Bullets, ...] = ()
    steps: tuple[Step, ...] = ()
    terms: tuple[tuple[str, str], ...] = ()
    closing: tuple[str, ...] = ()


class Document(NamedTuple):
    title: str
    sections: tuple[Section, ...]


def duration(seconds: int) -> str:
    """``150`` -> ``"2 min 30 s"``."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def step_facts(step: Step) -> tuple[tuple[str, str], ...]:
    """Labelled lines saying where, how, how long and how hard a step is done."""
    return (
        ("Where", step.area),
        ("How", f"{step.technique}, {step.position.value}, {step.tool.value}"),
        ("Time", f"{duration(step.duration_seconds)}, pressure up to {step.pressure} out of 10"),
    )


def pressure_section(pressure: Pressure) -> Section:
    return Section(
        title=f"Pressure ceiling: {pressure.max_discomfort} out of 10",
        tone=Tone.WARNING,
        paragraphs=(pressure.guidance,),
    )


def routine_section(intro: str, steps: tuple[Step, ...]) -> Section:
    total = sum(step.duration_seconds for step in steps)
    return Section(
        title=f"Your routine: {len(steps)} steps, about {duration(total)}",
        tone=Tone.CALM,
        paragraphs=(intro,),
        steps=steps,
    )


def plan_document(plan: Plan) -> Document:
    """Sections in the order a careful clinician would speak: safety first."""
    sections = [
        Section(
            title=f"Safety check: {plan.safety.verdict.value}",
            tone=VERDICT_TONE[plan.safety.verdict],
            paragraphs=(plan.headline,),
            lists=_bullets("", tuple(reason.text for reason in plan.safety.reasons)),
        )
    ]
    if plan.expectation is not None:
        sections.append(
            Section(
                title=f"What massage can do for you: {plan.expectation.benefit.value} benefit",
                paragraphs=(plan.expectation.summary,),
                lists=_bullets(
                    "Pair massage with:", tuple(item.text for item in plan.expectation.pair_with)
                ),
            )
        )
    if plan.pressure is not None:
        sections.append(pressure_section(plan.pressure))
    if plan.steps:
        sections.append(routine_section(plan.intro, plan.steps))
    if plan.therapist is not None:
        sections.append(
            Section(
                title="Working with a massage therapist",
                paragraphs=(plan.intro,),
                lists=(
                    Bullets("Questions to ask before you book:",
                            plan.therapist.interview_questions),
                    Bullets("What to ask for during the massage:", plan.therapist.ask_for),
                ),
                closing=(plan.therapist.cost_note,),
            )
        )
    sections.append(
        Section(
            title=plan.warnings_title,
            tone=Tone.WARNING,
            lists=_bullets("", tuple(warning.text for warning in plan.warnings)),
        )
    )
    sections.append(Section(title="Stop any massage if you notice", tone=Tone.DANGER,
                            lists=_bullets("", plan.stop_signs)))
    sections.append(
        Section(
            title="Sources and disclaimer",
            tone=Tone.QUIET,
            terms=tuple((source.key, source.title) for source in plan.sources),
            closing=(plan.disclaimer,),
        )
    )
    return Document(plan.title, tuple(sections))


def routine_document(routine: Routine) -> Document:
    """The ``steps`` command: a reminder, the ceiling and the numbered steps."""
    return Document(
        "sacromassage: massage steps",
        (
            Section(title="Before you start", tone=Tone.DANGER, paragraphs=(routine.reminder,)),
            pressure_section(routine.pressure),
            routine_section(routine.intro, routine.steps),
        ),
    )


def diagnoses_document(knowledge: Knowledge) -> Document:
    """Every diagnosis key with its meaning and the benefit to expect."""
    rows = [
        (info.key.value, f"{info.name}. {info.meaning} Expected benefit: {info.benefit.value}.")
        for info in knowledge.diagnoses.values()
    ]
    return listing_document("sacromassage: diagnoses", [("Diagnoses (--diagnosis)", rows)])


def red_flags_document(knowledge: Knowledge) -> Document:
    """The red flags by urgency, then the cautions, each with what to do."""
    flags = knowledge.red_flags.values()
    urgent = [(i.key.value, f"{i.meaning} {i.advice}") for i in flags
              if i.urgency is Urgency.EMERGENCY]
    clinician = [(i.key.value, f"{i.meaning} {i.advice}") for i in flags
                 if i.urgency is Urgency.SEE_CLINICIAN]
    cautions = [(i.key.value, f"{i.meaning} {i.advice}") for i in knowledge.cautions.values()]
    return listing_document("sacromassage: red flags and cautions", [
        ("Emergency: get urgent care now (--red-flag)", urgent),
        ("See a clinician before any massage (--red-flag)", clinician),
        ("Cautions: adapt the massage and ask a clinician (--caution)", cautions),
    ], closing=(knowledge.guidance.also_check,))


def listing_document(title: str, groups: list[tuple[str, list[tuple[str, str]]]],
                     closing: tuple[str, ...] = ()) -> Document:
    """A key → meaning listing (``diagnoses``, ``red-flags``), one section per group;
    ``closing`` paragraphs follow the last group."""
    sections = [Section(title=name, terms=tuple(rows)) for name, rows in groups]
    if sections:
        sections[-1] = sections[-1]._replace(closing=closing)
    return Document(title, tuple(sections))


def _bullets(label: str, items: tuple[str, ...]) -> tuple[Bullets, ...]:
    return (Bullets(label, items),) if items else ()
