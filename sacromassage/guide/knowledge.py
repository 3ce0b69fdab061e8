"""Load and validate the knowledge base in ``data/*.toml``.

Every piece of health content a person reads (diagnoses, techniques, red flags,
cautions, warnings, stop signs and the advice around them) comes from these files; the
engine only chooses among them. Loading checks every field and names the file and the
key of any mistake, so a content edit that breaks the rules fails loudly at start-up and
in the test suite.

Files and their tables:

- ``sources.toml``: ``[sources.KEY] title, year`` and a ``url`` or ``doi``; ``kind`` names
  what is not a publication (``web-page``; ``rule`` for this guide's own choices, which
  need no url).
- ``diagnoses.toml``: ``[diagnoses.KEY]`` (one per Diagnosis, with the exercises it pairs,
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

import os
import sys
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from sacromassage.model import (
    ALWAYS_WARN,
    SOMETIMES_WARN,
    Benefit,
    Caution,
    Diagnosis,
    Duration,
    Factor,
    Helper,
    Hold,
    IbpItem,
    Intensity,
    Pairing,
    Phase,
    Position,
    RedFlag,
    Source,
    StepTool,
    Tag,
    Tool,
    Verdict,
    When,
)
from sacromassage.paths import cache_dir as cache_dir  # kept importable from here
from sacromassage.paths import data_dir as data_dir

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

FILES = ("sources", "diagnoses", "exercises", "safety", "techniques", "guidance")
# The drawing of where to press; its named zones are read with the knowledge.
MAP_FILE = "body-map.svg"
ZONE_KINDS = ("work", "never", "landmark")
REQUIRED_WARNINGS = (*ALWAYS_WARN, *SOMETIMES_WARN)
SOURCE_KINDS = ("web-page", "rule")


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
    exercises: tuple[str, ...]
    # The rule that holds the ceiling at gentle for this diagnosis, if any.
    hold: Hold | None
    # Cautions whose routine limits apply to this diagnosis too (pregnancy-related).
    routine_as: frozenset[Caution]
    screen_ibp: bool
    short_session: bool
    sources: tuple[str, ...]

    @property
    def inflammatory(self) -> bool:
        return self.hold is Hold.INFLAMMATORY


class DurationInfo(NamedTuple):
    key: Duration
    name: str
    meaning: str
    expectation: str
    sources: tuple[str, ...]


class ExerciseInfo(NamedTuple):
    key: str
    name: str
    how: str
    dose: str
    position: Position
    tags: frozenset[Tag]
    sources: tuple[str, ...]


class WhenInfo(NamedTuple):
    key: When
    label: str
    action: str
    sources: tuple[str, ...]


class Screen(NamedTuple):
    """The inflammatory back pain screen: its questions and what a positive one says."""

    questions: Mapping[IbpItem, str]
    positive: str
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
    when: When
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
    forbid_tags: frozenset[Tag]
    hold_pressure: bool
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
    sides: int
    # What the technique involves, so a caution can rule it out.
    tags: frozenset[Tag]
    # Where on the body map (data/body-map.svg) it is done: one of its work zones.
    zone: str


class Zone(NamedTuple):
    """A named area of the body map: where to work, where never to press, or a landmark."""

    key: str
    kind: str
    name: str
    description: str
    # Where a work zone's step numbers go on the drawing.
    x: float = 0.0
    y: float = 0.0


class TherapistInfo(NamedTuple):
    interview_questions: tuple[str, ...]
    ask_for: tuple[str, ...]
    cost_note: str
    sources: tuple[str, ...]
    # Templates: "{max}" is the pressure ceiling, "{cautions}" the cautions that apply.
    pressure_request: str
    tell_about_cautions: str


class VerdictWords(NamedTuple):
    label: str
    headline: str
    title: str
    warnings_title: str


class SessionWords(NamedTuple):
    """The guided session's words; ``_PLACEHOLDERS`` names the templates among them."""

    ceiling: str
    speak_up: str
    stop_heading: str
    no_session: str
    therapist_note: str
    easing_off: str
    lightest: str
    eased_later: str
    ended_early: str
    noticeable: str
    below_noticeable: str
    no_change: str
    worse: str


_PLACEHOLDERS = {
    "ceiling": ("{max}",),
    "easing_off": ("{pressure}",),
    "noticeable": ("{points}", "{share}"),
    "below_noticeable": ("{points}", "{share}"),
}


class Guidance(NamedTuple):
    disclaimer: str
    reminder: str
    also_check: str
    round_title: str
    map_pointer: str
    # The line ending a two-sided step: "{each}" is the time for each side.
    each_side: str
    position_words: Mapping[Position, str]
    tool_words: Mapping[StepTool, str]
    # What to do after stopping a massage that hurt, and where that advice comes from.
    after_stopping: tuple[str, ...]
    after_stopping_sources: tuple[str, ...]
    pressure_guidance: str
    stop_signs: tuple[str, ...]
    warnings: Mapping[str, Advice]
    verdicts: Mapping[Verdict, VerdictWords]
    helper_intros: Mapping[Helper, str]
    therapist: TherapistInfo
    session: SessionWords


class Knowledge(NamedTuple):
    """The whole validated knowledge base."""

    sources: Mapping[str, Source]
    diagnoses: Mapping[Diagnosis, DiagnosisInfo]
    durations: Mapping[Duration, DurationInfo]
    factors: Mapping[Factor, Described]
    pairings: Mapping[Pairing, Advice]
    exercises: Mapping[str, ExerciseInfo]
    red_flags: Mapping[RedFlag, RedFlagInfo]
    when: Mapping[When, WhenInfo]
    cautions: Mapping[Caution, CautionInfo]
    holds: Mapping[Hold, Advice]
    screen: Screen
    techniques: tuple[Technique, ...]
    guidance: Guidance
    zones: Mapping[str, Zone]


class _Table:
    """One TOML table being read, remembering where it came from for error messages."""

    def __init__(self, file: str, path: str, raw: Any, sources: Mapping[str, object]) -> None:
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

    def optional_choices(self, key: str, kind: type[E]) -> tuple[E, ...]:
        return self.choices(key, kind) if key in self.raw else ()

    def url(self, key: str) -> str | None:
        value = self.optional_text(key)
        if value is not None and not value.startswith("https://"):
            raise self.fail(key, "must be an https:// address")
        return value

    def table(self, key: str) -> _Table:
        return _Table(
            self.file,
            f"{self.path}.{key}" if self.path else key,
            self._get(key),
            self.known_sources,
        )

    def finish(self) -> None:
        """Reject keys nobody reads: they are usually typos."""
        extra = sorted(set(self.raw) - self.used)
        if extra:
            raise self.fail(extra[0], "is not a known field")


def _keyed(root: _Table, name: str, kind: type[E], build: Callable[[E, _Table], T]) -> dict[E, T]:
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
    tables = {name: _read(directory, name) for name in FILES}
    tables["body_map"] = _read_map(directory)
    return tables


def _read_map(directory: Path) -> dict[str, Any]:
    """The map's zones as plain data: each top-level group with a class and an id."""
    from xml.etree import ElementTree

    path = directory / MAP_FILE
    svg = "{http://www.w3.org/2000/svg}"
    try:
        root = ElementTree.parse(path).getroot()
    except FileNotFoundError:
        raise KnowledgeError(f"{MAP_FILE}: the file is missing from {directory}") from None
    except ElementTree.ParseError as error:
        raise KnowledgeError(f"{MAP_FILE}: not valid XML: {error}") from None
    zones = []
    for group in root.findall(f"{svg}g"):
        kind = group.get("class")
        if kind is None:
            continue
        zones.append(
            {
                "id": group.get("id"),
                "kind": kind,
                "x": group.get("data-x"),
                "y": group.get("data-y"),
                "name": group.findtext(f"{svg}title"),
                "description": group.findtext(f"{svg}desc"),
            }
        )
    return {"zones": zones}


def map_drawing() -> str:
    """The body map's SVG source, as shipped in data/."""
    return (data_dir() / MAP_FILE).read_text(encoding="utf-8")


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
        stamps.append((MAP_FILE, (directory / MAP_FILE).stat()))
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
        sources[key] = _source(key, entry)
        entry.finish()
    source_group.used.update(source_group.raw)
    source_root.finish()

    exercise_root = _Table("exercises.toml", "", raw["exercises"], sources)
    exercise_group = exercise_root.table("exercises")
    exercises = {}
    for key in exercise_group.raw:
        entry = exercise_group.table(key)
        exercises[key] = _exercise(key, entry)
        entry.finish()
    exercise_group.used.update(exercise_group.raw)
    exercise_root.finish()

    diag_root = _Table("diagnoses.toml", "", raw["diagnoses"], sources)
    diagnoses = _keyed(diag_root, "diagnoses", Diagnosis, _diagnosis)
    durations = _keyed(
        diag_root,
        "durations",
        Duration,
        lambda key, entry: DurationInfo(
            key,
            entry.text("name"),
            entry.text("meaning"),
            entry.text("expectation"),
            entry.source_keys(),
        ),
    )
    factors = _keyed(diag_root, "factors", Factor, _described)
    pairings = _keyed(diag_root, "pairings", Pairing, _advice)
    diag_root.finish()
    for info in diagnoses.values():
        where = f"diagnoses.toml: [diagnoses.{info.key}]"
        if not info.pair_with or info.pair_with[0] is not Pairing.EXERCISE:
            raise KnowledgeError(f"{where} pair_with: must start with 'exercise'")
        unknown = [key for key in info.exercises if key not in exercises]
        if unknown:
            raise KnowledgeError(f"{where} exercises: unknown exercise {unknown[0]!r}")

    safety_root = _Table("safety.toml", "", raw["safety"], sources)
    red_flags = _keyed(safety_root, "red_flags", RedFlag, _red_flag)
    when = _keyed(
        safety_root,
        "when",
        When,
        lambda key, entry: WhenInfo(
            key, entry.text("label"), entry.text("action"), entry.source_keys()
        ),
    )
    cautions = _keyed(safety_root, "cautions", Caution, _caution)
    holds = _keyed(safety_root, "holds", Hold, _advice)
    questions = _keyed(
        safety_root,
        "ibp",
        IbpItem,
        lambda _, entry: (entry.text("question"), entry.source_keys())[0],
    )
    screen_table = safety_root.table("screen")
    screen = Screen(questions, screen_table.text("positive"), screen_table.source_keys())
    screen_table.finish()
    safety_root.finish()
    for caution in cautions.values():
        if caution.hold_pressure and caution.key.value not in {hold.value for hold in Hold}:
            raise KnowledgeError(
                f"safety.toml: [cautions.{caution.key}] hold_pressure: "
                "add this caution to the Hold keys first"
            )

    zones = _zones(raw["body_map"])
    work_zones = [key for key, zone in zones.items() if zone.kind == "work"]
    tech_root = _Table("techniques.toml", "", raw["techniques"], sources)
    tech_group = tech_root.table("techniques")
    techniques = []
    for key in tech_group.raw:
        entry = tech_group.table(key)
        techniques.append(_technique(key, entry, work_zones))
        entry.finish()
    tech_group.used.update(tech_group.raw)
    tech_root.finish()

    guidance = _guidance(_Table("guidance.toml", "", raw["guidance"], sources))
    _check_coverage(techniques, cautions)
    return Knowledge(
        sources=sources,
        diagnoses=diagnoses,
        durations=durations,
        factors=factors,
        pairings=pairings,
        exercises=exercises,
        red_flags=dict(sorted(red_flags.items(), key=lambda item: list(When).index(item[1].when))),
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


def _check_coverage(techniques: list[Technique], cautions: Mapping[Caution, CautionInfo]) -> None:
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
        (helper, phase, StepTool.HANDS, infos)
        for helper in (Helper.SELF, Helper.PARTNER)
        for phase in Phase
    ]
    needs += [
        (
            Helper.SELF,
            Phase.FOCUS,
            StepTool(tool.value),
            [info for info in infos if tool not in info.forbid_tools],
        )
        for tool in Tool
    ]
    for helper, phase, tool, among in needs:
        if not any(
            t.helper is helper and t.phase is phase and t.tool is tool for t in usable(among)
        ):
            raise KnowledgeError(
                f"techniques.toml: no {phase} technique for {helper} with {tool} that every"
                " caution allows; add one"
            )


def _source(key: str, entry: _Table) -> Source:
    kind = entry.optional_text("kind")
    if kind is not None and kind not in SOURCE_KINDS:
        raise entry.fail("kind", f"{kind!r} is not one of {', '.join(SOURCE_KINDS)}")
    source = Source(
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


def _exercise(key: str, entry: _Table) -> ExerciseInfo:
    return ExerciseInfo(
        key=key,
        name=entry.text("name"),
        how=entry.text("how"),
        dose=entry.text("dose"),
        position=entry.choice("position", Position),
        tags=frozenset(entry.choices("tags", Tag)),
        sources=entry.source_keys(),
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
        exercises=entry.texts("exercises"),
        hold=entry.optional_choice("hold", Hold),
        routine_as=frozenset(entry.optional_choices("routine_as", Caution)),
        screen_ibp=entry.flag("screen_ibp"),
        short_session=entry.flag("short_session"),
        sources=entry.source_keys(),
    )


def _described(key: StrEnum, entry: _Table) -> Described:
    return Described(key.value, entry.text("name"), entry.text("meaning"), entry.source_keys())


def _advice(key: StrEnum, entry: _Table) -> Advice:
    return Advice(key.value, entry.text("text"), entry.source_keys())


def _red_flag(key: RedFlag, entry: _Table) -> RedFlagInfo:
    return RedFlagInfo(
        key=key,
        when=entry.choice("when", When),
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
        forbid_tags=frozenset(entry.choices("forbid_tags", Tag)),
        hold_pressure=entry.flag("hold_pressure"),
        sources=entry.source_keys(),
    )


def _technique(key: str, entry: _Table, work_zones: list[str]) -> Technique:
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
        sides=entry.number("sides", 1, 2),
        tags=frozenset(entry.choices("tags", Tag)),
        zone=entry.text("zone"),
    )
    if technique.zone not in work_zones:
        raise entry.fail(
            "zone", f"{technique.zone!r} is not a work zone of {MAP_FILE}: {', '.join(work_zones)}"
        )
    if technique.helper is Helper.THERAPIST:
        raise entry.fail("helper", "techniques are for 'self' or 'partner'")
    if technique.helper is Helper.PARTNER and technique.tool is not StepTool.HANDS:
        raise entry.fail("tool", "partner techniques use hands")
    return technique


def _words(root: _Table, name: str, kind: type[E]) -> dict[E, str]:
    """A ``[name]`` table giving every member of ``kind`` in words a person reads."""
    table = root.table(name)
    words = {kind(key): table.text(key) for key in (member.value for member in kind)}
    table.finish()
    return words


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
    if "{tools}" not in warnings["hands-only"].text:
        raise warnings_group.fail("hands-only", "must contain the {tools} placeholder")
    verdicts = _keyed(
        root,
        "verdicts",
        Verdict,
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
    session_table = root.table("session")
    session = SessionWords(*(session_table.text(key) for key in SessionWords._fields))
    for key, placeholders in _PLACEHOLDERS.items():
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
        position_words=_words(root, "positions", Position),
        tool_words=_words(root, "tools", StepTool),
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
