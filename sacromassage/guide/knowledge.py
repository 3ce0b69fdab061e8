"""The knowledge base: its types, and loading it from ``data/`` (parsed once, then cached).

Every piece of health content a person reads (diagnoses, techniques, red flags,
cautions, warnings, stop signs and the advice around them) comes from these files; the
engine only chooses among them. ``load`` checks every field (see ``validate``) and names
the file and the key of any mistake, so a content edit that breaks the rules fails loudly
at start-up and in the test suite.
"""

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from sacromassage.errors import SacromassageError
from sacromassage.model import (
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

FILES = ("sources", "diagnoses", "exercises", "safety", "techniques", "guidance")
# The drawing of where to press; its named zones are read with the knowledge.
MAP_FILE = "body-map.svg"


class KnowledgeError(SacromassageError):
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
    """The guided session's words; ``SESSION_PLACEHOLDERS`` names the templates among them."""

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


SESSION_PLACEHOLDERS = {
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
    if use_cache:
        return _load_cached(directory)
    return _validated(directory)


def _validated(directory: Path) -> Knowledge:
    # Imported here because validate builds the types defined above.
    from sacromassage.guide.validate import validate

    return validate(_read_all(directory))


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


#: The code a cached Knowledge depends on: a change to any of them starts afresh.
_CODE = ("model.py", "guide/knowledge.py", "guide/validate.py", "guide/table.py")


def _load_cached(directory: Path) -> Knowledge:
    """The validated knowledge, from a cache while the files and the code are unchanged.

    Reading the TOML (tomllib is pure Python) and validating it cost more than the rest
    of ``advise`` together, so the validated :class:`Knowledge` is kept with pickle in
    ``cache_dir()``, one file per data folder and Python version. It is used only while
    its stored key still matches: this package's version and the size and modification
    time of every data file and of the modules that build the knowledge. The file is
    private (0600) in a private folder, and one that another user could have written is
    ignored: it is as trusted as the ``.pyc`` files Python itself keeps. A cache that
    cannot be read or written is ignored; the files are then read and checked.
    """
    import binascii
    import pickle

    from sacromassage import __version__

    package = Path(__file__).resolve().parent.parent
    try:
        stamps = [(name, (directory / f"{name}.toml").stat()) for name in FILES]
        stamps.append((MAP_FILE, (directory / MAP_FILE).stat()))
        stamps += [(name, (package / name).stat()) for name in _CODE]
    except OSError:
        return _validated(directory)
    place = repr((str(package), sys.version, str(directory.absolute())))
    key = repr((place, __version__, [(n, st.st_size, st.st_mtime_ns) for n, st in stamps]))
    # One file per data folder and Python: an edit overwrites it instead of adding one.
    path = cache_dir() / f"knowledge-{binascii.crc32(place.encode()):08x}.pickle"
    try:
        with path.open("rb") as stream:
            status = os.fstat(stream.fileno())
            if status.st_uid == os.getuid() and not status.st_mode & 0o022:
                cached_key, knowledge = pickle.load(stream)
                if cached_key == key and isinstance(knowledge, Knowledge):
                    return knowledge
    except Exception:  # a damaged cache, of whatever kind, is only ignored
        pass
    knowledge = _validated(directory)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((key, knowledge), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except (OSError, ValueError, pickle.PicklingError):
        pass
    return knowledge
