"""Types shared by every layer: answers in, a plan out.

The enum values are the CLI keys and the JSON values, so each key is spelt here once.

Value types are ``typing.NamedTuple``s rather than frozen dataclasses: they are just as
immutable and typed, but Python 3.11 builds a frozen dataclass about eight times more
slowly (it compiles generated methods at import), and the ~20 types here and in
``knowledge`` would otherwise cost a CLI that should answer in 0.1 s about 10 ms.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import NamedTuple

SCHEMA_VERSION = 1
MIN_MINUTES = 5
MAX_MINUTES = 60
DEFAULT_MINUTES = 10
MAX_PRESSURE = 5


def whole_number(text: str) -> int | None:
    """``text`` as a whole number (ASCII digits with an optional sign), else None.

    ``str.isdigit`` also accepts digits such as "²" that ``int`` rejects, so every place
    that reads a number typed by a person goes through here.
    """
    cleaned = text.strip()
    body = cleaned[1:] if cleaned[:1] in "+-" else cleaned
    if body and body.isascii() and body.isdigit():
        return int(cleaned)
    return None


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
    LEG_WEAKNESS = "leg-weakness"
    DVT_SIGNS = "dvt-signs"
    FEVER = "fever"
    WEIGHT_LOSS = "weight-loss"
    CANCER_HISTORY = "cancer-history"
    TRAUMA = "trauma"
    NIGHT_PAIN = "night-pain"


class Urgency(StrEnum):
    """How soon a red flag needs care."""

    EMERGENCY = "emergency"
    SEE_CLINICIAN = "see-clinician"


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


# Warnings every plan carries, in this order, and the one added when pain is 7 or more.
ALWAYS_WARN = ("aggressive-pressure", "speak-up", "bony-areas", "slow-breathing", "flare-up")
HIGH_PAIN_WARNING = "high-pain"


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
    RICH = "rich"
    PLAIN = "plain"
    MARKDOWN = "markdown"
    JSON = "json"
    HTML = "html"
    SVG = "svg"


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
    """A keyed sentence: a safety reason, a pairing or a warning."""

    key: str
    text: str


class Source(NamedTuple):
    key: str
    title: str


class Safety(NamedTuple):
    verdict: Verdict
    reasons: tuple[Item, ...]


class Expectation(NamedTuple):
    benefit: Benefit
    summary: str
    pair_with: tuple[Item, ...]


class Pressure(NamedTuple):
    """A ceiling on the 0-10 discomfort scale, and how to keep under it."""

    max_discomfort: int
    guidance: str


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
    headline: str = ""
    intro: str = ""
    title: str = ""
    warnings_title: str = ""
    after_stopping: tuple[str, ...] = ()
