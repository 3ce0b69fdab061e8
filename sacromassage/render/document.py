"""Lay a plan, a routine or a listing out as titled sections, ready for any renderer.

Only layout happens here: the words come from the plan (and so from the engine and the
knowledge base), never from rules of this module's own.
"""

from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from sacromassage.model import Plan, Pressure, Source, Step, Verdict, When, duration

if TYPE_CHECKING:
    from sacromassage.guide.engine import Routine
    from sacromassage.guide.knowledge import Knowledge


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
    # The sources behind ``terms``, for renderers that link them rather than list keys.
    cited: tuple[Source, ...] = ()


class Document(NamedTuple):
    title: str
    sections: tuple[Section, ...]
    # A last line for text output (rich, plain, markdown); HTML shows the map instead.
    footer: str = ""


def step_facts(step: Step) -> tuple[tuple[str, str], ...]:
    """Labelled lines saying where, how, how long and how hard a step is done."""
    return (
        ("Where", step.area),
        ("How", f"{step.technique}, {step.position_words}, {step.tool_words}"),
        ("Time", f"{duration(step.duration_seconds)}, pressure up to {step.pressure} out of 10"),
    )


def pressure_section(pressure: Pressure) -> Section:
    """The ceiling, how to keep under it, and every rule that holds it at its level."""
    held: tuple[str, ...] = ()
    if pressure.held_by:
        reasons = "; and because ".join(item.text for item in pressure.held_by)
        held = (f"This ceiling is held at {pressure.max_discomfort} because {reasons}.",)
    return Section(
        title=f"Pressure ceiling: {pressure.max_discomfort} out of 10",
        tone=Tone.WARNING,
        paragraphs=(*held, pressure.guidance),
    )


def safety_sections(
    stop_signs: tuple[str, ...], disclaimer: str, sources: tuple[Source, ...]
) -> tuple[Section, ...]:
    """What every printed routine ends with: the stop signs, the sources, the disclaimer."""
    return (
        Section(
            title="Stop any massage if you notice", tone=Tone.DANGER, lists=_bullets("", stop_signs)
        ),
        Section(
            title="Sources and disclaimer",
            tone=Tone.QUIET,
            terms=_cited(sources),
            closing=(disclaimer,),
            cited=sources,
        ),
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
    if plan.safety.verdict.blocks_massage:
        return get_care_document(plan)
    sections = [
        Section(
            title=f"Safety check: {plan.verdict_label}",
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
                lists=(
                    *_bullets(
                        "Pair massage with:",
                        tuple(item.text for item in plan.expectation.pair_with),
                    ),
                    *_bullets(
                        "Exercises to do alongside it:",
                        tuple(
                            f"{e.name}: {e.how} How much: {e.dose.rstrip('.')}."
                            for e in plan.expectation.exercises
                        ),
                    ),
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
                    Bullets(
                        "Questions to ask before you book:", plan.therapist.interview_questions
                    ),
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
    sections += safety_sections(plan.stop_signs, plan.disclaimer, plan.sources)
    return Document(plan.title, tuple(sections), plan.map_pointer)


def get_care_document(plan: Plan) -> Document:
    """A red flag: short and final. What is wrong, then what to do and how soon, last.

    No routine, no massage tips and no "later" advice: at 80 columns one red flag fits in
    20 lines, so the screen still shows what to do when the program ends.
    """
    safety = plan.safety
    return Document(
        plan.title,
        (
            Section(
                title=f"Safety check: {plan.verdict_label}",
                tone=Tone.DANGER,
                paragraphs=(plan.headline,),
                lists=_bullets("", tuple(reason.text for reason in safety.reasons)),
            ),
            Section(
                title=f"What to do: {safety.how_soon}",
                tone=Tone.DANGER,
                paragraphs=(safety.action,),
            ),
        ),
    )


def routine_document(routine: "Routine") -> Document:
    """The ``steps`` command: a reminder, the ceiling, the steps and their safety."""
    sections = [
        Section(
            title="Before you start",
            tone=Tone.DANGER,
            paragraphs=(routine.reminder,),
            lists=_bullets("", tuple(item.text for item in routine.cautions)),
        )
    ]
    sections += [pressure_section(routine.pressure), routine_section(routine.intro, routine.steps)]
    if routine.warnings:
        sections.append(
            Section(
                title="Go gently",
                tone=Tone.WARNING,
                lists=_bullets("", tuple(w.text for w in routine.warnings)),
            )
        )
    sections += safety_sections(routine.stop_signs, routine.disclaimer, routine.sources)
    return Document("sacromassage: massage steps", tuple(sections), routine.map_pointer)


def diagnoses_document(knowledge: "Knowledge", words: bool = False) -> Document:
    """Every diagnosis key with its meaning and the benefit to expect.

    With ``words`` (a handout for reading, not typing) each is shown by its name, and
    the flag is not mentioned.
    """
    rows = [
        (info.name, f"{info.meaning} Expected benefit: {info.benefit.value}.")
        if words
        else (
            info.key.value,
            f"{info.name}. {info.meaning} Expected benefit: {info.benefit.value}.",
        )
        for info in knowledge.diagnoses.values()
    ]
    title = "Diagnoses" if words else "Diagnoses (--diagnosis)"
    return listing_document("sacromassage: diagnoses", [(title, rows)])


def red_flags_document(knowledge: "Knowledge", words: bool = False) -> Document:
    """The red flags by how soon they need care, then the cautions, each with what to do.

    With ``words`` each is shown by its name, and the flags are not mentioned.
    """
    flag, caution = ("", "") if words else (" (--red-flag)", " (--caution)")
    groups = [
        (
            f"{knowledge.when[when].label}{flag}",
            [
                (i.name if words else i.key.value, f"{i.meaning} {i.advice}")
                for i in knowledge.red_flags.values()
                if i.when is when
            ],
        )
        for when in When
    ]
    cautions = [
        (i.name if words else i.key.value, f"{i.meaning} {i.advice}")
        for i in knowledge.cautions.values()
    ]
    groups.append((f"Cautions: adapt the massage and ask a clinician{caution}", cautions))
    also = knowledge.guidance.also_check
    return listing_document(
        "sacromassage: red flags and cautions", groups, closing=(also,) if also else ()
    )


def listing_document(
    title: str, groups: list[tuple[str, list[tuple[str, str]]]], closing: tuple[str, ...] = ()
) -> Document:
    """A key → meaning listing (``diagnoses``, ``red-flags``), one section per group;
    ``closing`` paragraphs follow the last group."""
    sections = [Section(title=name, terms=tuple(rows)) for name, rows in groups]
    if sections:
        sections[-1] = sections[-1]._replace(closing=closing)
    return Document(title, tuple(sections))


def _cited(sources: tuple[Source, ...]) -> tuple[tuple[str, str], ...]:
    """Each source as a key and a line a reader can look up."""
    rows = []
    for source in sources:
        where = source.url or (f"https://doi.org/{source.doi}" if source.doi else "")
        details = f"{source.title} ({source.year})" + (f" {where}" if where else "")
        rows.append((source.key, details))
    return tuple(rows)


def _bullets(label: str, items: tuple[str, ...]) -> tuple[Bullets, ...]:
    return (Bullets(label, items),) if items else ()
