"""Load and validate the knowledge base in ``data/*.toml``.

Every piece of health content a person reads (diagnoses, techniques, red flags,
cautions, warnings, stop signs and the advice around them) comes from these files; the
engine only chooses among them. Loading checks every field and names the file and the
key of any mistake, so a content edit that breaks the rules fails loudly at start-up and
in the test suite.

Files and their tables:

- ``sources.toml``: ``[sources.KEY] title``.
- ``diagnoses.toml``: ``[diagnoses.KEY]`` (one per Diagnosis), ``[factors.KEY]``,
  ``[pairings.KEY]``.
- ``safety.toml``: ``[red_flags.KEY]`` (with ``urgency``), ``[cautions.KEY]`` (with the
  positions and tools they forbid and whether pressure must stay light).
- ``techniques.toml``: ``[techniques.KEY]``: who does it, phase, tool, position...,
  and optionally ``avoid_with``, the cautions that rule it out.
- ``guidance.toml``: disclaimer, reminder, pressure guidance, stop signs, warnings,
  verdict headlines and titles, helper intros, the therapist advice, the title of a
  repeated step and what to do after stopping a massage that hurt.

Each entry that states a fact carries a non-empty ``sources`` list of keys from
``sources.toml``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from sacromassage.model import (
    ALWAYS_WARN,
    HIGH_PAIN_WARNING,
    Benefit,
    Caution,
    Diagnosis,
    Factor,
    Helper,
    Intensity,
    Pairing,
    Phase,
    Position,
    RedFlag,
    StepTool,
    Tool,
    Urgency,
    Verdict,
)

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

FILES = ("sources", "diagnoses", "safety", "techniques", "guidance")
REQUIRED_WARNINGS = (*ALWAYS_WARN, HIGH_PAIN_WARNING)


class KnowledgeError(Exception):
    """The knowledge base is broken; the message names the file and the key."""


class DiagnosisInfo(NamedTuple):
    key: Diagnosis
    name: str
    meaning: str
    benefit: Benefit
    benefit_with_factor: Benefit | None
    summary: str
    factor_note: str | None
    pair_with: tuple[Pairing, ...]
    inflammatory: bool
    sources: tuple[str, ...]


class Described(NamedTuple):
    """An entry with a short name, a meaning and sources (factors)."""

    key: str
    name: str
    meaning: str
    sources: tuple[str, ...]


class Advice(NamedTuple):
    """A keyed piece of advice with its sources (pairings, warnings)."""

    key: str
    text: str
    sources: tuple[str, ...]


class RedFlagInfo(NamedTuple):
    key: RedFlag
    urgency: Urgency
    name: str
    meaning: str
    advice: str
    sources: tuple[str, ...]


class CautionInfo(NamedTuple):
    key: Caution
    name: str
    meaning: str
    advice: str
    forbid_positions: frozenset[Position]
    forbid_tools: frozenset[Tool]
    light_pressure: bool
    sources: tuple[str, ...]


class Technique(NamedTuple):
    key: str
    title: str
    helper: Helper
    phase: Phase
    tool: StepTool
    position: Position
    technique: str
    area: str
    intensity: Intensity
    seconds: int
    instructions: tuple[str, ...]
    sources: tuple[str, ...]
    # Cautions that rule this technique out, beyond the positions and tools they forbid.
    avoid_with: frozenset[Caution] = frozenset()


class TherapistInfo(NamedTuple):
    interview_questions: tuple[str, ...]
    ask_for: tuple[str, ...]
    cost_note: str
    sources: tuple[str, ...]
    # Templates: "{max}" is the pressure ceiling, "{cautions}" the cautions that apply.
    pressure_request: str
    tell_about_cautions: str


class VerdictWords(NamedTuple):
    headline: str
    title: str
    warnings_title: str


class Guidance(NamedTuple):
    disclaimer: str
    reminder: str
    also_check: str
    round_title: str
    # What to do after stopping a massage that hurt, and where that advice comes from.
    after_stopping: tuple[str, ...]
    after_stopping_sources: tuple[str, ...]
    pressure_guidance: str
    stop_signs: tuple[str, ...]
    warnings: Mapping[str, Advice]
    verdicts: Mapping[Verdict, VerdictWords]
    helper_intros: Mapping[Helper, str]
    therapist: TherapistInfo


class Knowledge(NamedTuple):
    """The whole validated knowledge base."""

    sources: Mapping[str, str]
    diagnoses: Mapping[Diagnosis, DiagnosisInfo]
    factors: Mapping[Factor, Described]
    pairings: Mapping[Pairing, Advice]
    red_flags: Mapping[RedFlag, RedFlagInfo]
    cautions: Mapping[Caution, CautionInfo]
    techniques: tuple[Technique, ...]
    guidance: Guidance



class _Table:
    """One TOML table being read, remembering where it came from for error messages."""

    def __init__(self, file: str, path: str, raw: Any, sources: Mapping[str, str]) -> None:
        if not isinstance(raw, dict):
            raise KnowledgeError(f"{file}: [{path}] must be a table")
        self.file, self.path, self.raw, self.known_sources = file, path, raw, sources
        self.used: set[str] = set()

    def fail(self, key: str, problem: str) -> KnowledgeError:
        where = f"[{self.path}] " if self.path else ""
        return KnowledgeError(f"{self.file}: {where}{key}: {problem}")

    def _get(self, key: str, optional: bool = False) -> Any:
        self.used.add(key)
        if key not in self.raw:
            if optional:
                return None
            raise self.fail(key, "is missing")
        return self.raw[key]

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty string")
        return " ".join(value.split())

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if key in self.raw else self._get(key, optional=True)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(key, "must be a non-empty list of strings")
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(key, "must hold only non-empty strings")
        return tuple(" ".join(item.split()) for item in value)

    def flag(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def number(self, key: str, low: int, high: int) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"must be a whole number from {low} to {high}")
        return value

    def choice(self, key: str, kind: type[E]) -> E:
        value = self._get(key)
        return self._member(key, value, kind)

    def optional_choice(self, key: str, kind: type[E]) -> E | None:
        return self.choice(key, kind) if key in self.raw else self._get(key, optional=True)

    def choices(self, key: str, kind: type[E], allow_empty: bool = True) -> tuple[E, ...]:
        value = self._get(key)
        if not isinstance(value, list) or (not value and not allow_empty):
            raise self.fail(key, "must be a list" + ("" if allow_empty else " with items"))
        return tuple(self._member(key, item, kind) for item in value)

    def _member(self, key: str, value: Any, kind: type[E]) -> E:
        valid = [member.value for member in kind]
        if value not in valid:
            raise self.fail(key, f"{value!r} is not one of {', '.join(valid)}")
        return kind(value)

    def source_keys(self) -> tuple[str, ...]:
        keys = self.texts("sources")
        for key in keys:
            if key not in self.known_sources:
                raise self.fail("sources", f"unknown source {key!r} (add it to sources.toml)")
        return keys

    def table(self, key: str) -> _Table:
        return _Table(self.file, f"{self.path}.{key}" if self.path else key,
                      self._get(key), self.known_sources)

    def finish(self) -> None:
        """Reject keys nobody reads: they are usually typos."""
        extra = sorted(set(self.raw) - self.used)
        if extra:
            raise self.fail(extra[0], "is not a known field")


def _keyed(
    root: _Table, name: str, kind: type[E], build: Callable[[E, _Table], T]
) -> dict[E, T]:
    """Read ``[name.KEY]`` tables, requiring exactly one per member of ``kind``."""
    group = root.table(name)
    result: dict[E, T] = {}
    for key in group.raw:
        member = group._member(key, key, kind)
        entry = group.table(key)
        result[member] = build(member, entry)
        entry.finish()
    group.used.update(group.raw)
    missing = [member.value for member in kind if member not in result]
    if missing:
        raise group.fail(missing[0], "is missing")
    return result


def data_dir() -> Path:
    """Where the knowledge base is: inside the installed package, else the checkout."""
    override = os.environ.get("SACROMASSAGE_DATA")
    if override:
        return Path(override)
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def cache_dir() -> Path:
    """Where parsed knowledge is cached: $SACROMASSAGE_CACHE, else the user cache folder."""
    override = os.environ.get("SACROMASSAGE_CACHE")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sacromassage"


def _read(directory: Path, name: str) -> dict[str, Any]:
    import tomllib  # only when the cache cannot answer: it is slow to import and to run

    path = directory / f"{name}.toml"
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except FileNotFoundError:
        raise KnowledgeError(f"{path.name}: the file is missing from {directory}") from None
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError(f"{path.name}: not valid TOML: {error}") from None


def load(directory: Path | None = None, use_cache: bool = True) -> Knowledge:
    """Read and validate every knowledge file; raise KnowledgeError on the first mistake."""
    directory = directory or data_dir()
    raw = _read_cached(directory) if use_cache else _read_all(directory)
    return _validate(raw)


def _read_all(directory: Path) -> dict[str, dict[str, Any]]:
    return {name: _read(directory, name) for name in FILES}


def _read_cached(directory: Path) -> dict[str, dict[str, Any]]:
    """The parsed TOML tables, from a cache while the files are unchanged.

    tomllib is pure Python: importing it and parsing the files costs more than the rest
    of ``advise`` together. The parsed tables (plain dicts, lists and strings) are kept
    with marshal in ``cache_dir()``, one file per data folder and Python version, and
    used only while its stored key (this code's path, the Python version and each data
    file's path, size and modification time) still matches. Validation still runs on every
    load. A cache that cannot be read or written is ignored.
    """
    import binascii
    import marshal

    try:
        stamps = [(name, (directory / f"{name}.toml").stat()) for name in FILES]
    except OSError:
        return _read_all(directory)
    place = repr((__file__, sys.version, str(directory.absolute())))
    key = repr((place, [(name, st.st_size, st.st_mtime_ns) for name, st in stamps]))
    # One file per data folder and Python: an edit overwrites it instead of adding one.
    path = cache_dir() / f"knowledge-{binascii.crc32(place.encode()):08x}.marshal"
    try:
        cached_key, tables = marshal.loads(path.read_bytes())
        if cached_key == key and isinstance(tables, dict):
            return tables
    except (OSError, EOFError, ValueError, TypeError):
        pass
    tables = _read_all(directory)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps((key, tables)))
        os.replace(temporary, path)
    except (OSError, ValueError):
        pass
    return tables


def _validate(raw: dict[str, dict[str, Any]]) -> Knowledge:
    """Check every table and field, naming file and key of the first mistake."""

    source_root = _Table("sources.toml", "", raw["sources"], {})
    source_group = source_root.table("sources")
    sources = {}
    for key in source_group.raw:
        entry = source_group.table(key)
        sources[key] = entry.text("title")
        entry.finish()
    source_group.used.update(source_group.raw)
    source_root.finish()

    diag_root = _Table("diagnoses.toml", "", raw["diagnoses"], sources)
    diagnoses = _keyed(diag_root, "diagnoses", Diagnosis, _diagnosis)
    factors = _keyed(diag_root, "factors", Factor, _described)
    pairings = _keyed(diag_root, "pairings", Pairing, _advice)
    diag_root.finish()
    for info in diagnoses.values():
        if not info.pair_with or info.pair_with[0] is not Pairing.EXERCISE:
            raise KnowledgeError(
                f"diagnoses.toml: [diagnoses.{info.key}] pair_with: must start with 'exercise'"
            )

    safety_root = _Table("safety.toml", "", raw["safety"], sources)
    red_flags = _keyed(safety_root, "red_flags", RedFlag, _red_flag)
    cautions = _keyed(safety_root, "cautions", Caution, _caution)
    safety_root.finish()

    tech_root = _Table("techniques.toml", "", raw["techniques"], sources)
    tech_group = tech_root.table("techniques")
    techniques = []
    for key in tech_group.raw:
        entry = tech_group.table(key)
        techniques.append(_technique(key, entry))
        entry.finish()
    tech_group.used.update(tech_group.raw)
    tech_root.finish()

    guidance = _guidance(_Table("guidance.toml", "", raw["guidance"], sources))
    _check_coverage(techniques, cautions)
    return Knowledge(
        sources=sources,
        diagnoses=diagnoses,
        factors=factors,
        pairings=pairings,
        red_flags=red_flags,
        cautions=cautions,
        techniques=tuple(sorted(techniques, key=lambda t: t.key)),
        guidance=guidance,
    )


def _check_coverage(techniques: list[Technique], cautions: Mapping[Caution, CautionInfo]) -> None:
    """Make sure a routine can always be built, whatever cautions apply.

    Every phase needs a hands technique for self and for partner, and every tool a focus
    technique, in a position that no caution forbids.
    """
    forbidden = frozenset().union(*(info.forbid_positions for info in cautions.values()))
    usable = [t for t in techniques if t.position not in forbidden]
    needs = [(helper, phase, StepTool.HANDS) for helper in (Helper.SELF, Helper.PARTNER)
             for phase in Phase]
    needs += [(Helper.SELF, Phase.FOCUS, StepTool(tool.value)) for tool in Tool]
    for helper, phase, tool in needs:
        if not any(t.helper is helper and t.phase is phase and t.tool is tool for t in usable):
            raise KnowledgeError(
                f"techniques.toml: no {phase} technique for {helper} with {tool} in a position"
                " every caution allows; add one"
            )


def _diagnosis(key: Diagnosis, entry: _Table) -> DiagnosisInfo:
    return DiagnosisInfo(
        key=key,
        name=entry.text("name"),
        meaning=entry.text("meaning"),
        benefit=entry.choice("benefit", Benefit),
        benefit_with_factor=entry.optional_choice("benefit_with_factor", Benefit),
        summary=entry.text("summary"),
        factor_note=entry.optional_text("factor_note"),
        pair_with=entry.choices("pair_with", Pairing, allow_empty=False),
        inflammatory=entry.flag("inflammatory"),
        sources=entry.source_keys(),
    )


def _described(key: StrEnum, entry: _Table) -> Described:
    return Described(key.value, entry.text("name"), entry.text("meaning"), entry.source_keys())


def _advice(key: StrEnum, entry: _Table) -> Advice:
    return Advice(key.value, entry.text("text"), entry.source_keys())


def _red_flag(key: RedFlag, entry: _Table) -> RedFlagInfo:
    return RedFlagInfo(
        key=key,
        urgency=entry.choice("urgency", Urgency),
        name=entry.text("name"),
        meaning=entry.text("meaning"),
        advice=entry.text("advice"),
        sources=entry.source_keys(),
    )


def _caution(key: Caution, entry: _Table) -> CautionInfo:
    return CautionInfo(
        key=key,
        name=entry.text("name"),
        meaning=entry.text("meaning"),
        advice=entry.text("advice"),
        forbid_positions=frozenset(entry.choices("forbid_positions", Position)),
        forbid_tools=frozenset(entry.choices("forbid_tools", Tool)),
        light_pressure=entry.flag("light_pressure"),
        sources=entry.source_keys(),
    )


def _technique(key: str, entry: _Table) -> Technique:
    technique = Technique(
        key=key,
        title=entry.text("title"),
        helper=entry.choice("helper", Helper),
        phase=entry.choice("phase", Phase),
        tool=entry.choice("tool", StepTool),
        position=entry.choice("position", Position),
        technique=entry.text("technique"),
        area=entry.text("area"),
        intensity=entry.choice("intensity", Intensity),
        seconds=entry.number("seconds", 15, 600),
        instructions=entry.texts("instructions"),
        sources=entry.source_keys(),
        avoid_with=frozenset(
            entry.choices("avoid_with", Caution) if "avoid_with" in entry.raw else ()
        ),
    )
    if technique.helper is Helper.THERAPIST:
        raise entry.fail("helper", "techniques are for 'self' or 'partner'")
    if technique.helper is Helper.PARTNER and technique.tool is not StepTool.HANDS:
        raise entry.fail("tool", "partner techniques use hands")
    return technique


def _guidance(root: _Table) -> Guidance:
    warnings_group = root.table("warnings")
    warnings = {}
    for key in warnings_group.raw:
        entry = warnings_group.table(key)
        warnings[key] = Advice(key, entry.text("text"), entry.source_keys())
        entry.finish()
    warnings_group.used.update(warnings_group.raw)
    for key in REQUIRED_WARNINGS:
        if key not in warnings:
            raise warnings_group.fail(key, "is missing")
    verdicts = _keyed(root, "verdicts", Verdict, lambda _, entry: VerdictWords(
        entry.text("headline"), entry.text("title"), entry.text("warnings_title")))
    stopping = root.table("after_stopping")
    after_stopping, after_stopping_sources = stopping.texts("advice"), stopping.source_keys()
    stopping.finish()
    intros = _keyed(root, "helpers", Helper, lambda _, entry: entry.text("intro"))
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
    guidance = Guidance(
        disclaimer=root.text("disclaimer"),
        reminder=root.text("reminder"),
        also_check=root.text("also_check"),
        round_title=root.text("round_title"),
        after_stopping=after_stopping,
        after_stopping_sources=after_stopping_sources,
        pressure_guidance=root.text("pressure_guidance"),
        stop_signs=root.texts("stop_signs"),
        warnings=warnings,
        verdicts=verdicts,
        helper_intros=intros,
        therapist=therapist,
    )
    if "{max}" not in guidance.pressure_guidance:
        raise root.fail("pressure_guidance", "must contain the {max} placeholder")
    if "{title}" not in guidance.round_title or "{n}" not in guidance.round_title:
        raise root.fail("round_title", "must contain the {title} and {n} placeholders")
    root.finish()
    return guidance
