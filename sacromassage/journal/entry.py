"""What one journal entry is: its values, its limits, and the errors journal commands raise."""

import builtins
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, ClassVar, Final, NamedTuple

from sacromassage.errors import SacromassageError
from sacromassage.model import Diagnosis, ExitCode, Helper, StepTool

MIN_PAIN: Final = 0
MAX_PAIN: Final = 10
MIN_SESSION_MINUTES: Final = 1
MAX_SESSION_MINUTES: Final = 240

#: The global impression of change since starting: 1 (no change, or worse) to 7.
MIN_CHANGE: Final = 1
MAX_CHANGE: Final = 7
#: A check-in's three 0-10 answers (the PEG), as JSON keys and CSV columns.
CHECK_IN_ANSWERS: Final = ("pain_average", "enjoyment", "activity")

#: Relief of this many points or more is a change people usually notice.
NOTICEABLE_POINTS: Final = 2
#: ...and so is relief of this share of the before-score (Farrar et al. 2001).
NOTICEABLE_SHARE: Final = 0.3

#: What a session records besides its time and pain (and what ``journal edit`` changes).
DETAILS: Final = ("minutes", "diagnosis", "helper", "tool", "tools", "note")
#: Columns of an export, in order; JSON objects carry the same keys.
FIELDS: Final = (
    "id",
    "uid",
    "when",
    "before",
    "after",
    "relief",
    *DETAILS,
    "finished",
    "stopped",
    "steps",
)

#: Columns of a full export (``journal export``): what each row is, the session's
#: columns, then the check-in's (empty for a session; a check-in leaves the session's
#: empty but its id, uid and when).
EXPORT_FIELDS: Final = ("kind", *FIELDS, *CHECK_IN_ANSWERS, "change")


class Kind(StrEnum):
    """What an item of an export is; an item without ``kind`` is a session."""

    SESSION = "session"
    CHECK_IN = "check-in"


# --------------------------------------------------------------------------- errors


class JournalError(SacromassageError):
    """Anything that stops a journal command; the message is one sentence for stderr."""


class NotADatabaseError(JournalError):
    """The journal file is not an SQLite database, is damaged, or belongs to something else."""


class TooNewError(JournalError):
    """The journal was written by a newer sacromassage with a schema this one does not know."""


class CannotWriteError(JournalError):
    """The journal's directory or file cannot be created or written."""


class NoSuchEntryError(JournalError):
    """No entry has the requested id: a wrong value, so exit status 2."""

    exit_code: ClassVar[int] = ExitCode.USAGE


class BadImportError(JournalError):
    """An import file is unreadable, not JSON/CSV, or has a row that is not a valid entry."""


# --------------------------------------------------------------------------- values


class Outcome(StrEnum):
    """What happened to one step of a guided session."""

    DONE = "done"
    EASED = "eased"
    SKIPPED = "skipped"
    STOPPED = "stopped"


class Stopped(StrEnum):
    """Why a session ended before its last step (None: it did not)."""

    HURT = "hurt"
    INTERRUPTED = "interrupted"
    SKIPPED_REST = "skipped-rest"


class StepOutcome(NamedTuple):
    number: int
    title: str
    outcome: Outcome

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title, "outcome": self.outcome.value}


class Entry(NamedTuple):
    """One logged session. ``when`` is ISO-8601 with a UTC offset, to the second."""

    id: int
    uid: str
    when: str
    before: int
    #: None: not recorded (the session was interrupted before pain after was given).
    after: int | None
    minutes: int | None = None
    #: A key this version does not know (written by a newer one) is kept as text.
    diagnosis: Diagnosis | str | None = None
    helper: Helper | str | None = None
    tool: StepTool | str | None = None
    #: Every tool used, ``tool`` first (empty when none was recorded).
    tools: tuple[StepTool | str, ...] = ()
    note: str | None = None
    finished: bool = True
    steps: tuple[StepOutcome, ...] = ()
    #: Why the session stopped early, if it did (a newer version's key stays as text).
    stopped: Stopped | str | None = None
    #: What could not be read in the stored row (such as its steps), else None.
    damaged: str | None = None

    @property
    def relief(self) -> int | None:
        """Points of pain eased: before minus after (negative if pain rose); None when
        pain after was not recorded."""
        return None if self.after is None else self.before - self.after

    @property
    def noticeable(self) -> bool:
        return self.after is not None and meets_threshold(self.before, self.after)

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready values, keys in :data:`FIELDS` order."""
        return {
            "id": self.id,
            "uid": self.uid,
            "when": self.when,
            "before": self.before,
            "after": self.after,
            "relief": self.relief,
            "minutes": self.minutes,
            "diagnosis": stored_key(self.diagnosis),
            "helper": stored_key(self.helper),
            "tool": stored_key(self.tool),
            "tools": [str(tool) for tool in self.tools],
            "note": self.note,
            "finished": self.finished,
            "stopped": stored_key(self.stopped),
            "steps": [step.to_dict() for step in self.steps],
        }


def meets_threshold(before: int, after: int) -> bool:
    """True if the relief is a change people usually notice.

    Farrar et al. (2001) found that a drop of about 2 points, or about 30% of the
    starting score, on a 0-10 scale matches what people call "much improved". A session
    meets the threshold if either holds (and pain actually fell).
    """
    relief = before - after
    return relief >= NOTICEABLE_POINTS or (relief > 0 and relief >= NOTICEABLE_SHARE * before)


def stored_key(value: StrEnum | str | None) -> str | None:
    """A key as its text (a StrEnum member is its value)."""
    return None if value is None else str(value)


def unique_tools(tools: Iterable[StepTool | str | None]) -> tuple[StepTool, ...]:
    """Tools in the order given, each once; raises ValueError for an unknown key."""
    result: builtins.list[StepTool] = []
    for tool in tools:
        if tool is None:
            continue
        member = StepTool(tool)
        if member not in result:
            result.append(member)
    return tuple(result)


def clean_text(text: str | None) -> str | None:
    """``text`` with lone surrogates (undecodable bytes in an argument, ``\\ud800`` in
    JSON) replaced by U+FFFD, so it can be stored as UTF-8."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in text)
    return text
