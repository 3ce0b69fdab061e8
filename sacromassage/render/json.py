"""JSON: the scripting contract (schema_version 1, documented in the README)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sacromassage.model import (
    SCHEMA_VERSION,
    Answers,
    Exercise,
    Item,
    Plan,
    Pressure,
    Reason,
    Source,
    Step,
)

if TYPE_CHECKING:
    from pathlib import Path

    from sacromassage.guide.engine import Routine
    from sacromassage.guide.knowledge import Knowledge


def _items(items: tuple[Item, ...]) -> list[dict[str, str]]:
    return [{"key": item.key, "text": item.text} for item in items]


def _keys(values: frozenset[Any] | None) -> list[str] | None:
    return None if values is None else sorted(str(value) for value in values)


def answers_dict(answers: Answers) -> dict[str, Any]:
    return {
        "diagnosis": answers.diagnosis,
        "tolerance": answers.tolerance,
        "pain": answers.pain,
        "helper": answers.helper,
        "red_flags": _keys(answers.red_flags),
        "cautions": _keys(answers.cautions),
        "factors": _keys(answers.factors),
        "tools": _keys(answers.tools),
        "minutes": answers.minutes,
        "duration": answers.duration,
        "ibp": _keys(answers.ibp),
    }


def pressure_dict(pressure: Pressure | None) -> dict[str, Any] | None:
    if pressure is None:
        return None
    return {
        "max_discomfort": pressure.max_discomfort,
        "guidance": pressure.guidance,
        "held_by": _items(pressure.held_by),
    }


def step_dict(step: Step) -> dict[str, Any]:
    return {
        "number": step.number,
        "title": step.title,
        "area": step.area,
        "technique": step.technique,
        "position": step.position,
        "tool": step.tool,
        "duration_seconds": step.duration_seconds,
        "pressure": step.pressure,
        "instructions": list(step.instructions),
        "sides": step.sides,
        "zone": step.zone,
    }


def _sources(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    """Each source with what is needed to look it up; ``kind`` only where it is not a
    publication (a web page, or this guide's own rule)."""
    listed = []
    for source in sources:
        entry: dict[str, Any] = {
            "key": source.key,
            "title": source.title,
            "year": source.year,
            "url": source.url,
            "doi": source.doi,
        }
        if source.kind is not None:
            entry["kind"] = source.kind
        listed.append(entry)
    return listed


def _reasons(reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
    return [{"key": r.key, "text": r.text, "when": r.when} for r in reasons]


def _exercises(exercises: tuple[Exercise, ...]) -> list[dict[str, str]]:
    return [{"key": e.key, "name": e.name, "how": e.how, "dose": e.dose} for e in exercises]


def plan_dict(plan: Plan) -> dict[str, Any]:
    expectation = plan.expectation
    therapist = plan.therapist
    return {
        "schema_version": SCHEMA_VERSION,
        "answers": answers_dict(plan.answers),
        "safety": {
            "verdict": plan.safety.verdict,
            "reasons": _reasons(plan.safety.reasons),
            "when": plan.safety.when,
            "action": plan.safety.action or None,
        },
        "expectation": None
        if expectation is None
        else {
            "benefit": expectation.benefit,
            "summary": expectation.summary,
            "pair_with": _items(expectation.pair_with),
            "exercises": _exercises(expectation.exercises),
        },
        "pressure": pressure_dict(plan.pressure),
        "steps": [step_dict(step) for step in plan.steps],
        "warnings": _items(plan.warnings),
        "stop_signs": list(plan.stop_signs),
        "therapist": None
        if therapist is None
        else {
            "interview_questions": list(therapist.interview_questions),
            "ask_for": list(therapist.ask_for),
            "cost_note": therapist.cost_note,
        },
        "sources": _sources(plan.sources),
        "disclaimer": plan.disclaimer,
    }


def routine_dict(routine: Routine) -> dict[str, Any]:
    """The ``steps`` contract: the ceiling, the steps and the safety that goes with them."""
    return {
        "schema_version": SCHEMA_VERSION,
        "reminder": routine.reminder,
        "pressure": pressure_dict(routine.pressure),
        "steps": [step_dict(step) for step in routine.steps],
        "cautions": _items(routine.cautions),
        "warnings": _items(routine.warnings),
        "stop_signs": list(routine.stop_signs),
        "disclaimer": routine.disclaimer,
        "sources": _sources(routine.sources),
    }


def diagnoses_dict(knowledge: Knowledge) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "diagnoses": [
            {
                "key": info.key,
                "name": info.name,
                "meaning": info.meaning,
                "benefit": info.benefit,
                "sources": list(info.sources),
            }
            for info in knowledge.diagnoses.values()
        ],
    }


def red_flags_dict(knowledge: Knowledge) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "red_flags": [
            {
                "key": i.key,
                "urgency": i.when.urgency,
                "when": i.when,
                "name": i.name,
                "meaning": i.meaning,
                "advice": i.advice,
                "sources": list(i.sources),
            }
            for i in knowledge.red_flags.values()
        ],
        "cautions": [
            {
                "key": i.key,
                "name": i.name,
                "meaning": i.meaning,
                "advice": i.advice,
                "sources": list(i.sources),
            }
            for i in knowledge.cautions.values()
        ],
        "also_check": knowledge.guidance.also_check,
    }


def profile_dict(where: Path, saved: Answers | None) -> dict[str, Any]:
    """The saved answers (None when nothing is saved yet) and where they are kept."""
    from sacromassage import profile

    return {
        "schema_version": SCHEMA_VERSION,
        "path": str(where),
        "saved": None if saved is None else profile.to_dict(saved),
        "summary": None if saved is None else profile.summary(saved),
    }


def dumps(data: Any) -> str:
    """Stable, readable JSON with a final newline (StrEnums serialise as their values)."""
    import json  # only on the JSON path

    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
