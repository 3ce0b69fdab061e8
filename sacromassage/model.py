"""Types shared by every layer: answers in, a plan out.

The enum values are the CLI keys and the JSON values, so each key is spelt here once.

Value types are ``typing.NamedTuple``s rather than frozen dataclasses: they are just as
immutable and typed, but Python 3.11 builds a frozen dataclass about eight times more
slowly (it compiles generated methods at import), and the ~20 types here and in
``knowledge`` would otherwise cost a CLI that should answer in 0.1 s about 10 ms.

This module has no ``from __future__ import annotations`` on purpose: ``NamedTuple``
checks each field's annotation when the class is made, and a string annotation is
compiled to do so (about 70 compiles here, 1-2 ms of every start).
"""

from enum import IntEnum, StrEnum
from typing import NamedTuple

SCHEMA_VERSION = 1
MIN_MINUTES = 5
MAX_MINUTES = 60
DEFAULT_MINUTES = 10
MAX_PRESSURE = 5


MAX_DIGITS = 30


def whole_number(text: str) -> int | None:
    """``text`` as a whole number (ASCII digits with an optional sign), else None.

    ``str.isdigit`` also accepts digits such as "²" that ``int`` rejects, so every place
    that reads a number typed by a person goes through here. More than 18 digits is never
    a sensible answer here, and would overflow SQLite (or ``int``'s digit limit).
    """
    cleaned = text.strip()
    body = cleaned[1:] if cleaned[:1] in "+-" else cleaned
    if body and len(body) <= MAX_DIGITS and body.isascii() and body.isdigit():
        return int(cleaned)
    return None


def duration(seconds: int) -> str:
    """``150`` -> ``"2 min 30 s"``."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


class Diagnosis(StrEnum):
    SOFT_TISSUE = "soft-tissue"
    HYPOMOBILITY = "hypomobility"
    LAXITY = "laxity"
    SACROILIITIS = "sacroiliitis"
    ANKYLOSING_SPONDYLITIS = "ankylosing-spondylitis"
    RHEUMATOID_ARTHRITIS = "rheumatoid-arthritis"
    OSTEOARTHRITIS = "osteoarthritis"
    PREGNANCY_RELATED = "pregnancy-related"
    PSYCHOGENIC = "psychogenic"
    UNKNOWN = "unknown"


class Tolerance(StrEnum):
    GENTLE = "gentle"
    MODERATE = "moderate"
    FIRM = "firm"


class Helper(StrEnum):
    SELF = "self"
    PARTNER = "partner"
    THERAPIST = "therapist"


class RedFlag(StrEnum):
    SADDLE_NUMBNESS = "saddle-numbness"
    BLADDER_BOWEL = "bladder-bowel"
    SEXUAL_FUNCTION = "sexual-function"
    LEG_WEAKNESS = "leg-weakness"
    BREATHLESS = "breathless"
    DVT_SIGNS = "dvt-signs"
    FEVER = "fever"
    TRAUMA = "trauma"
    CANCER_HISTORY = "cancer-history"
    WEIGHT_LOSS = "weight-loss"
    NIGHT_PAIN = "night-pain"
    AGE_ONSET = "age-onset"
    STEROIDS = "steroids"
    WEAK_IMMUNITY = "weak-immunity"
    INJECTED_DRUGS = "injected-drugs"


class Urgency(StrEnum):
    """The kind of care a red flag needs (the red-flags listing's ``urgency``)."""

    EMERGENCY = "emergency"
    SEE_CLINICIAN = "see-clinician"


class When(StrEnum):
    """How soon a red flag needs care, most urgent first."""

    NOW = "now"
    TODAY = "today"
    WITHIN_DAYS = "within-days"

    @property
    def urgency(self) -> Urgency:
        """Only ``now`` is an emergency; the rest need a clinician before any massage."""
        return Urgency.EMERGENCY if self is When.NOW else Urgency.SEE_CLINICIAN


class Duration(StrEnum):
    """How long this back pain has lasted."""

    ACUTE = "acute"
    SUBACUTE = "subacute"
    CHRONIC = "chronic"


class IbpItem(StrEnum):
    """The five questions of the ASAS inflammatory back pain screen (Sieper 2009)."""

    ONSET_BEFORE_40 = "onset-before-40"
    GRADUAL_ONSET = "gradual-onset"
    BETTER_WITH_EXERCISE = "better-with-exercise"
    NOT_BETTER_WITH_REST = "not-better-with-rest"
    NIGHT_PAIN_EASES_ON_RISING = "night-pain-eases-on-rising"


class Hold(StrEnum):
    """A reason the pressure ceiling is held at the gentle level, whatever the tolerance.

    The caution keys that hold it are spelt as in ``Caution``.
    """

    PAIN = "pain"
    INFLAMMATORY = "inflammatory"
    INFLAMMATORY_SCREEN = "inflammatory-screen"
    UNKNOWN_DIAGNOSIS = "unknown-diagnosis"
    PREGNANCY_RELATED = "pregnancy-related"
    PREGNANT = "pregnant"
    BLOOD_THINNERS = "blood-thinners"
    OSTEOPOROSIS = "osteoporosis"
    RECENT_SURGERY = "recent-surgery"


class Tag(StrEnum):
    """What a technique or exercise involves, so a caution can rule it out."""

    BODY_WEIGHT = "body-weight"
    FLOOR = "floor"
    FRONT_OF_HIP = "front-of-hip"
    LOWER_BELLY = "lower-belly"
    CROSSED_LEG = "crossed-leg"
    DEEP_SPINAL_BENDING = "deep-spinal-bending"
    OUTER_HIP = "outer-hip"


class Caution(StrEnum):
    PREGNANT = "pregnant"
    BLOOD_THINNERS = "blood-thinners"
    OSTEOPOROSIS = "osteoporosis"
    RECENT_SURGERY = "recent-surgery"
    SKIN_CONDITION = "skin-condition"


class Factor(StrEnum):
    REPEATED_PREGNANCIES = "repeated-pregnancies"
    OBESITY = "obesity"
    ADVANCED_AGE = "advanced-age"


class Tool(StrEnum):
    """Tools a person may own; bare hands are always available."""

    BALL = "ball"
    FOAM_ROLLER = "foam-roller"
    MASSAGE_CANE = "massage-cane"


class StepTool(StrEnum):
    """What a step is done with: hands or one of the tools."""

    HANDS = "hands"
    BALL = "ball"
    FOAM_ROLLER = "foam-roller"
    MASSAGE_CANE = "massage-cane"


class Position(StrEnum):
    PRONE = "prone"
    SIDE_LYING = "side-lying"
    SUPINE = "supine"
    SEATED = "seated"
    STANDING = "standing"
    KNEELING = "kneeling"


class CheckIn(StrEnum):
    """The answers to "how was that?" after a step of a guided session."""

    FINE = "fine"
    EASE_OFF = "ease-off"
    SKIP_REST = "skip-rest"
    STOP_HURTS = "stop-hurts"


class Phase(StrEnum):
    WARM_UP = "warm-up"
    FOCUS = "focus"
    COOL_DOWN = "cool-down"


class Intensity(StrEnum):
    """Light steps stay below the ceiling; working steps may reach it."""

    LIGHT = "light"
    WORKING = "working"


class Verdict(StrEnum):
    EMERGENCY = "emergency"
    SEE_CLINICIAN = "see-clinician"
    CAUTION = "caution"
    CLEAR = "clear"

    @property
    def blocks_massage(self) -> bool:
        """A red flag: get care; no routine, no session."""
        return self in (Verdict.EMERGENCY, Verdict.SEE_CLINICIAN)


# Warnings every plan carries, in this order, then the ones the engine adds when they apply.
ALWAYS_WARN = ("aggressive-pressure", "speak-up", "bony-areas", "slow-breathing", "flare-up")
SOMETIMES_WARN = ("short-session", "high-pain", "screen-skipped", "hands-only")


class Benefit(StrEnum):
    HIGH = "high"
    MODERATE = "moderate"
    LIMITED = "limited"
    TEMPORARY = "temporary"
    UNCERTAIN = "uncertain"


class Pairing(StrEnum):
    EXERCISE = "exercise"
    STRETCHING = "stretching"
    PROLOTHERAPY = "prolotherapy"
    STABILISING = "stabilising"
    MIND_BODY = "mind-body"
    ASSESSMENT = "assessment"


class OutputFormat(StrEnum):
    """Every format the program writes; each command writes some (the tuples below)."""

    RICH = "rich"
    PLAIN = "plain"
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"
    HTML = "html"
    SVG = "svg"


_F = OutputFormat
#: A plan or a listing (advise, steps, diagnoses, red-flags).
PLAN_FORMATS = (_F.RICH, _F.PLAIN, _F.MARKDOWN, _F.JSON, _F.HTML, _F.SVG)
#: The body map: the drawing, or every zone in words.
MAP_FORMATS = (_F.RICH, _F.PLAIN)
#: One value shown in full: the saved answers, one journal entry, the journal's stats.
SHOW_FORMATS = (_F.RICH, _F.PLAIN, _F.JSON)
#: A list of journal entries or check-ins.
LIST_FORMATS = (_F.RICH, _F.PLAIN, _F.JSON, _F.CSV)
#: A journal backup.
EXPORT_FORMATS = (_F.JSON, _F.CSV)
#: The report for a clinician.
REPORT_FORMATS = (_F.RICH, _F.PLAIN, _F.MARKDOWN, _F.HTML, _F.JSON)


class ExitCode(IntEnum):
    """Every exit status the program uses, in one place."""

    OK = 0
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


class Answers(NamedTuple):
    """What the person told us. ``None`` means "not answered yet".

    ``red_flags`` and ``cautions`` are ``None`` until screened; an empty set means
    "none of these". Factors and tools are optional, so empty means none.
    """

    diagnosis: Diagnosis | None = None
    tolerance: Tolerance | None = None
    pain: int | None = None
    helper: Helper | None = None
    red_flags: frozenset[RedFlag] | None = None
    cautions: frozenset[Caution] | None = None
    factors: frozenset[Factor] = frozenset()
    tools: frozenset[Tool] = frozenset()
    minutes: int = DEFAULT_MINUTES
    # Optional with flags (the plan then says the inflammatory screen was skipped):
    duration: Duration | None = None
    ibp: frozenset[IbpItem] | None = None

    def missing(self) -> list[str]:
        """Names of the answers still needed before a plan can be made.

        Any red flag ends the screening: the advice is to get care, so nothing else is
        needed then.
        """
        if self.red_flags is None:
            return ["red_flags"]
        if self.red_flags:
            return []
        names = ["cautions", "diagnosis", "pain", "tolerance", "helper"]
        return [name for name in names if getattr(self, name) is None]


class Item(NamedTuple):
    """A keyed sentence: a pairing, a warning or a reason the ceiling is held."""

    key: str
    text: str


class Reason(NamedTuple):
    """Why the safety verdict is what it is; ``when`` says how soon, for red flags."""

    key: str
    text: str
    when: When | None = None


class Source(NamedTuple):
    """A reference: a publication (doi or url), a web page, or this guide's own rule."""

    key: str
    title: str
    year: int
    url: str | None = None
    doi: str | None = None
    kind: str | None = None


class Safety(NamedTuple):
    verdict: Verdict
    reasons: tuple[Reason, ...]
    # For red flags, from the most urgent one: how soon (a key and its words) and what to do.
    when: When | None = None
    how_soon: str = ""
    action: str = ""


class Exercise(NamedTuple):
    key: str
    name: str
    how: str
    dose: str


class Expectation(NamedTuple):
    benefit: Benefit
    summary: str
    pair_with: tuple[Item, ...]
    exercises: tuple[Exercise, ...] = ()


class Pressure(NamedTuple):
    """A ceiling on the 0-10 discomfort scale, how to keep under it, and what holds it."""

    max_discomfort: int
    guidance: str
    held_by: tuple[Item, ...] = ()


class Step(NamedTuple):
    number: int
    title: str
    area: str
    technique: str
    position: Position
    tool: StepTool
    duration_seconds: int
    pressure: int
    instructions: tuple[str, ...]
    sides: int = 1
    # The position and tool in words a person reads ("lying face down", "a ball").
    position_words: str = ""
    tool_words: str = ""
    # Where on the body map (data/body-map.svg) it is done: one of its work zones.
    zone: str = ""


class TherapistAdvice(NamedTuple):
    interview_questions: tuple[str, ...]
    ask_for: tuple[str, ...]
    cost_note: str


class Plan(NamedTuple):
    """Everything a person is shown, decided by the engine; renderers only lay it out."""

    answers: Answers
    safety: Safety
    expectation: Expectation | None
    pressure: Pressure | None
    steps: tuple[Step, ...]
    warnings: tuple[Item, ...]
    stop_signs: tuple[str, ...]
    therapist: TherapistAdvice | None
    sources: tuple[Source, ...]
    disclaimer: str
    # Shown by the renderers and the session but not part of the JSON contract:
    verdict_label: str = ""
    map_pointer: str = ""
    headline: str = ""
    intro: str = ""
    title: str = ""
    warnings_title: str = ""
    after_stopping: tuple[str, ...] = ()
