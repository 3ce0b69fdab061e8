"""Check the raw ``data/*.toml`` tables and body map into the knowledge types.

Files and their tables:

- ``sources.toml``: ``[sources.KEY] title, year`` and a ``url`` or ``doi``; ``kind`` names
  what is not a publication (``web-page``; ``rule`` for this guide's own choices, which
  need no url).
- ``diagnoses.toml``: ``[diagnoses.KEY]`` (one per model.Diagnosis, with the exercises it pairs,
  the rule that holds its ceiling, the caution whose routine limits it shares, whether the
  inflammatory screen applies and whether sessions are kept short), ``[durations.KEY]``,
  ``[factors.KEY]``, ``[pairings.KEY]``.
- ``exercises.toml``: ``[exercises.KEY]``: name, how, dose, position and tags.
- ``safety.toml``: ``[red_flags.KEY]`` (with ``when``), ``[when.KEY]`` (what to do, how
  soon), ``[cautions.KEY]`` (the positions, tools and tags they forbid and whether they
  hold the ceiling), ``[holds.KEY]`` (why a ceiling is held), ``[ibp.KEY]`` (the five
  screen questions) and ``[screen]``.
- ``techniques.toml``: ``[techniques.KEY]``: who does it, phase, tool, position, sides and
  tags (what a caution may rule out).
- ``guidance.toml``: disclaimer, reminder, pressure guidance, stop signs, warnings,
  verdict headlines and titles, helper intros, the therapist advice, the title of a
  repeated step, the "other side" line, words for positions and tools, and what to do
  after stopping a massage that hurt.

Each entry that states a fact carries a non-empty ``sources`` list of keys from
``sources.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from sacromassage import model
from sacromassage.guide.knowledge import (
    MAP_FILE,
    SESSION_PLACEHOLDERS,
    Advice,
    CautionInfo,
    Described,
    DiagnosisInfo,
    DurationInfo,
    ExerciseInfo,
    Guidance,
    Knowledge,
    KnowledgeError,
    RedFlagInfo,
    Screen,
    SessionWords,
    Technique,
    TherapistInfo,
    VerdictWords,
    WhenInfo,
    Zone,
)
from sacromassage.guide.table import Table, keyed, words

ZONE_KINDS = ("work", "never", "landmark")
REQUIRED_WARNINGS = (*model.ALWAYS_WARN, *model.SOMETIMES_WARN)
SOURCE_KINDS = ("web-page", "rule")
WHEN_ORDER = list(model.When)


def validate(raw: dict[str, dict[str, Any]]) -> Knowledge:
    """Check every table and field, naming file and key of the first mistake."""

    source_root = Table("sources.toml", "", raw["sources"], {})
    sources = source_root.each("sources", _source)
    source_root.finish()

    exercise_root = Table("exercises.toml", "", raw["exercises"], sources)
    exercises = exercise_root.each("exercises", _exercise)
    exercise_root.finish()

    diag_root = Table("diagnoses.toml", "", raw["diagnoses"], sources)
    diagnoses = keyed(diag_root, "diagnoses", model.Diagnosis, _diagnosis)
    durations = keyed(
        diag_root,
        "durations",
        model.Duration,
        lambda key, entry: DurationInfo(
            key,
            entry.text("name"),
            entry.text("meaning"),
            entry.text("expectation"),
            entry.source_keys(),
        ),
    )
    factors = keyed(diag_root, "factors", model.Factor, _described)
    pairings = keyed(diag_root, "pairings", model.Pairing, _advice)
    diag_root.finish()
    for info in diagnoses.values():
        where = f"diagnoses.toml: [diagnoses.{info.key}]"
        if not info.pair_with or info.pair_with[0] is not model.Pairing.EXERCISE:
            raise KnowledgeError(f"{where} pair_with: must start with 'exercise'")
        unknown = [key for key in info.exercises if key not in exercises]
        if unknown:
            raise KnowledgeError(f"{where} exercises: unknown exercise {unknown[0]!r}")

    safety_root = Table("safety.toml", "", raw["safety"], sources)
    red_flags = keyed(safety_root, "red_flags", model.RedFlag, _red_flag)
    when = keyed(
        safety_root,
        "when",
        model.When,
        lambda key, entry: WhenInfo(
            key, entry.text("label"), entry.text("action"), entry.source_keys()
        ),
    )
    cautions = keyed(safety_root, "cautions", model.Caution, _caution)
    holds = keyed(safety_root, "holds", model.Hold, _advice)
    questions = keyed(
        safety_root,
        "ibp",
        model.IbpItem,
        lambda _, entry: (entry.text("question"), entry.source_keys())[0],
    )
    screen_table = safety_root.table("screen")
    screen = Screen(questions, screen_table.text("positive"), screen_table.source_keys())
    screen_table.finish()
    safety_root.finish()
    for caution in cautions.values():
        if caution.hold_pressure and caution.key.value not in {hold.value for hold in model.Hold}:
            raise KnowledgeError(
                f"safety.toml: [cautions.{caution.key}] hold_pressure: "
                "add this caution to the model.Hold keys first"
            )

    zones = _zones(raw["body_map"])
    work_zones = [key for key, zone in zones.items() if zone.kind == "work"]
    tech_root = Table("techniques.toml", "", raw["techniques"], sources)
    techniques = list(
        tech_root.each("techniques", lambda key, entry: _technique(key, entry, work_zones)).values()
    )
    tech_root.finish()

    guidance = _guidance(Table("guidance.toml", "", raw["guidance"], sources))
    _check_coverage(techniques, cautions)
    return Knowledge(
        sources=sources,
        diagnoses=diagnoses,
        durations=durations,
        factors=factors,
        pairings=pairings,
        exercises=exercises,
        red_flags=dict(
            sorted(red_flags.items(), key=lambda item: list(model.When).index(item[1].when))
        ),
        when=when,
        cautions=cautions,
        holds=holds,
        screen=screen,
        techniques=tuple(sorted(techniques, key=lambda t: t.key)),
        guidance=guidance,
        zones=zones,
    )


def _zones(raw: dict[str, Any]) -> dict[str, Zone]:
    """Check the map's zones: a unique id, a known kind, a name, words, and for a work
    zone where its step numbers go."""
    zones: dict[str, Zone] = {}
    for number, item in enumerate(raw["zones"], start=1):
        key = item["id"]
        where = f"{MAP_FILE}: zone {key or number}"
        if not key or key in zones:
            raise KnowledgeError(f"{where}: every zone needs an id of its own")
        if item["kind"] not in ZONE_KINDS:
            raise KnowledgeError(f"{where}: class must be one of {', '.join(ZONE_KINDS)}")
        for field in ("name", "description"):
            if not (item[field] or "").strip():
                raise KnowledgeError(f"{where}: needs a {'title' if field == 'name' else 'desc'}")
        x = y = 0.0
        if item["kind"] == "work":
            try:
                x, y = float(item["x"]), float(item["y"])
            except (TypeError, ValueError):
                raise KnowledgeError(f"{where}: a work zone needs data-x and data-y") from None
        zones[key] = Zone(
            key,
            item["kind"],
            " ".join(item["name"].split()),
            " ".join(item["description"].split()),
            x,
            y,
        )
    if not any(zone.kind == "work" for zone in zones.values()):
        raise KnowledgeError(f"{MAP_FILE}: no work zones")
    return zones


def _check_coverage(
    techniques: list[Technique], cautions: Mapping[model.Caution, CautionInfo]
) -> None:
    """Make sure a routine can always be built, whatever cautions apply.

    With every caution's limits at once, self and partner still have a hands technique
    for every phase; and every tool has a focus technique allowed by all the cautions
    that do not forbid that tool.
    """
    infos = list(cautions.values())

    def usable(among: list[CautionInfo]) -> list[Technique]:
        positions = frozenset().union(*(info.forbid_positions for info in among))
        tags = frozenset().union(*(info.forbid_tags for info in among))
        return [t for t in techniques if t.position not in positions and not t.tags & tags]

    needs = [
        (helper, phase, model.StepTool.HANDS, infos)
        for helper in (model.Helper.SELF, model.Helper.PARTNER)
        for phase in model.Phase
    ]
    needs += [
        (
            model.Helper.SELF,
            model.Phase.FOCUS,
            model.StepTool(tool.value),
            [info for info in infos if tool not in info.forbid_tools],
        )
        for tool in model.Tool
    ]
    for helper, phase, tool, among in needs:
        if not any(
            t.helper is helper and t.phase is phase and t.tool is tool for t in usable(among)
        ):
            raise KnowledgeError(
                f"techniques.toml: no {phase} technique for {helper} with {tool} that every"
                " caution allows; add one"
            )


def _source(key: str, entry: Table) -> model.Source:
    kind = entry.optional_text("kind")
    if kind is not None and kind not in SOURCE_KINDS:
        raise entry.fail("kind", f"{kind!r} is not one of {', '.join(SOURCE_KINDS)}")
    source = model.Source(
        key,
        entry.text("title"),
        entry.number("year", 1900, 2100),
        entry.url("url"),
        entry.optional_text("doi"),
        kind,
    )
    if kind != "rule" and not (source.url or source.doi):
        raise entry.fail("url", "a source needs a url or a doi, so it can be looked up")
    return source


def _exercise(key: str, entry: Table) -> ExerciseInfo:
    return ExerciseInfo(
        key=key,
        name=entry.text("name"),
        how=entry.text("how"),
        dose=entry.text("dose"),
        position=entry.choice("position", model.Position),
        tags=frozenset(entry.choices("tags", model.Tag)),
        sources=entry.source_keys(),
    )


def _diagnosis(key: model.Diagnosis, entry: Table) -> DiagnosisInfo:
    return DiagnosisInfo(
        key=key,
        name=entry.text("name"),
        meaning=entry.text("meaning"),
        benefit=entry.choice("benefit", model.Benefit),
        benefit_with_factor=entry.optional_choice("benefit_with_factor", model.Benefit),
        summary=entry.text("summary"),
        factor_note=entry.optional_text("factor_note"),
        pair_with=entry.choices("pair_with", model.Pairing, allow_empty=False),
        exercises=entry.texts("exercises"),
        hold=entry.optional_choice("hold", model.Hold),
        routine_as=frozenset(entry.optional_choices("routine_as", model.Caution)),
        screen_ibp=entry.flag("screen_ibp"),
        short_session=entry.flag("short_session"),
        sources=entry.source_keys(),
    )


def _described(key: StrEnum, entry: Table) -> Described:
    return Described(key.value, entry.text("name"), entry.text("meaning"), entry.source_keys())


def _advice(key: StrEnum, entry: Table) -> Advice:
    return Advice(key.value, entry.text("text"), entry.source_keys())


def _red_flag(key: model.RedFlag, entry: Table) -> RedFlagInfo:
    return RedFlagInfo(
        key=key,
        when=entry.choice("when", model.When),
        name=entry.text("name"),
        meaning=entry.text("meaning"),
        advice=entry.text("advice"),
        sources=entry.source_keys(),
    )


def _caution(key: model.Caution, entry: Table) -> CautionInfo:
    return CautionInfo(
        key=key,
        name=entry.text("name"),
        meaning=entry.text("meaning"),
        advice=entry.text("advice"),
        forbid_positions=frozenset(entry.choices("forbid_positions", model.Position)),
        forbid_tools=frozenset(entry.choices("forbid_tools", model.Tool)),
        forbid_tags=frozenset(entry.choices("forbid_tags", model.Tag)),
        hold_pressure=entry.flag("hold_pressure"),
        sources=entry.source_keys(),
    )


def _technique(key: str, entry: Table, work_zones: list[str]) -> Technique:
    technique = Technique(
        key=key,
        title=entry.text("title"),
        helper=entry.choice("helper", model.Helper),
        phase=entry.choice("phase", model.Phase),
        tool=entry.choice("tool", model.StepTool),
        position=entry.choice("position", model.Position),
        technique=entry.text("technique"),
        area=entry.text("area"),
        intensity=entry.choice("intensity", model.Intensity),
        seconds=entry.number("seconds", 15, 600),
        instructions=entry.texts("instructions"),
        sources=entry.source_keys(),
        sides=entry.number("sides", 1, 2),
        tags=frozenset(entry.choices("tags", model.Tag)),
        zone=entry.text("zone"),
    )
    if technique.zone not in work_zones:
        raise entry.fail(
            "zone", f"{technique.zone!r} is not a work zone of {MAP_FILE}: {', '.join(work_zones)}"
        )
    if technique.helper is model.Helper.THERAPIST:
        raise entry.fail("helper", "techniques are for 'self' or 'partner'")
    if technique.helper is model.Helper.PARTNER and technique.tool is not model.StepTool.HANDS:
        raise entry.fail("tool", "partner techniques use hands")
    return technique


def _guidance(root: Table) -> Guidance:
    warnings = root.each(
        "warnings", lambda key, entry: Advice(key, entry.text("text"), entry.source_keys())
    )
    warnings_group = root.table("warnings")
    for key in REQUIRED_WARNINGS:
        if key not in warnings:
            raise warnings_group.fail(key, "is missing")
    if "{tools}" not in warnings["hands-only"].text:
        raise warnings_group.fail("hands-only", "must contain the {tools} placeholder")
    verdicts = keyed(
        root,
        "verdicts",
        model.Verdict,
        lambda _, entry: VerdictWords(
            entry.text("label"),
            entry.text("headline"),
            entry.text("title"),
            entry.text("warnings_title"),
        ),
    )
    stopping = root.table("after_stopping")
    after_stopping, after_stopping_sources = stopping.texts("advice"), stopping.source_keys()
    stopping.finish()
    intros = keyed(root, "helpers", model.Helper, lambda _, entry: entry.text("intro"))
    therapist_table = root.table("therapist")
    therapist = TherapistInfo(
        interview_questions=therapist_table.texts("interview_questions"),
        ask_for=therapist_table.texts("ask_for"),
        cost_note=therapist_table.text("cost_note"),
        sources=therapist_table.source_keys(),
        pressure_request=therapist_table.text("pressure_request"),
        tell_about_cautions=therapist_table.text("tell_about_cautions"),
    )
    for key, placeholder in (("pressure_request", "{max}"), ("tell_about_cautions", "{cautions}")):
        if placeholder not in therapist_table.raw[key]:
            raise therapist_table.fail(key, f"must contain the {placeholder} placeholder")
    therapist_table.finish()
    session_table = root.table("session")
    session = SessionWords(*(session_table.text(key) for key in SessionWords._fields))
    for key, placeholders in SESSION_PLACEHOLDERS.items():
        if not all(p in getattr(session, key) for p in placeholders):
            raise session_table.fail(key, f"must contain {' and '.join(placeholders)}")
    session_table.finish()
    guidance = Guidance(
        disclaimer=root.text("disclaimer"),
        reminder=root.text("reminder"),
        also_check=root.optional_text("also_check") or "",
        round_title=root.text("round_title"),
        map_pointer=root.text("map_pointer"),
        each_side=root.text("each_side"),
        position_words=words(root, "positions", model.Position),
        tool_words=words(root, "tools", model.StepTool),
        after_stopping=after_stopping,
        after_stopping_sources=after_stopping_sources,
        pressure_guidance=root.text("pressure_guidance"),
        stop_signs=root.texts("stop_signs"),
        warnings=warnings,
        verdicts=verdicts,
        helper_intros=intros,
        therapist=therapist,
        session=session,
    )
    if "{max}" not in guidance.pressure_guidance:
        raise root.fail("pressure_guidance", "must contain the {max} placeholder")
    if "{title}" not in guidance.round_title or "{n}" not in guidance.round_title:
        raise root.fail("round_title", "must contain the {title} and {n} placeholders")
    if "{each}" not in guidance.each_side:
        raise root.fail("each_side", "must contain the {each} placeholder")
    root.finish()
    return guidance
