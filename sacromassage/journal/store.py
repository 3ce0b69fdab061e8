"""The pain journal: one SQLite file of sessions, and what they add up to.

This module stores and summarises; it never prints. Every failure a person could
meet is a :class:`JournalError` whose message is one sentence naming the file.

Storage choices, so several processes can share one file safely:

* WAL journal mode, ``synchronous=FULL`` and a 10 s busy timeout;
* every write is one ``BEGIN IMMEDIATE`` transaction, so a writer takes the write
  lock up front instead of upgrading a read lock (which can deadlock);
* the schema version lives in ``PRAGMA user_version`` and pending migrations are
  applied in order inside one transaction;
* a file that is not SQLite (or is damaged) is reported, never rewritten.

Each entry has a random ``uid`` that travels with exports, so importing the same
backup twice adds nothing the second time.
"""

from __future__ import annotations

import builtins
import csv
import hashlib
import io
import json
import os
import sqlite3
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from datetime import time as clock
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import Any, Final, TypeVar

from sacromassage.model import SCHEMA_VERSION as SCHEMA_VERSION_JSON
from sacromassage.model import Diagnosis, Helper, StepTool, whole_number
from sacromassage.paths import APP_NAME as APP_NAME  # kept importable from here
from sacromassage.paths import HOME_VARIABLE as HOME_VARIABLE
from sacromassage.paths import PathError, journal_file

BUSY_TIMEOUT_SECONDS: Final = 10.0
#: The largest integer SQLite stores; larger ids cannot exist.
SQLITE_MAX_INT: Final = 2**63 - 1

MIN_PAIN: Final = 0
MAX_PAIN: Final = 10
MIN_SESSION_MINUTES: Final = 1
MAX_SESSION_MINUTES: Final = 240

#: Relief of this many points or more is a change people usually notice.
NOTICEABLE_POINTS: Final = 2
#: ...and so is relief of this share of the before-score (Farrar et al. 2001).
NOTICEABLE_SHARE: Final = 0.3
#: Fewer sessions than this are too few to judge.
MIN_SESSIONS_FOR_VERDICT: Final = 6

#: Columns of an export, in order; JSON objects carry the same keys.
FIELDS: Final = (
    "id",
    "uid",
    "when",
    "before",
    "after",
    "relief",
    "minutes",
    "diagnosis",
    "helper",
    "tool",
    "tools",
    "note",
    "finished",
    "stopped",
    "steps",
)

WHEN_FORMAT_HINT: Final = (
    "Use ISO-8601, such as 2026-11-20, 2026-11-20T18:30 or 2026-11-20T18:30:00+01:00"
)

# Each migration is a list of statements; migration N brings user_version to N.
MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (
    (
        """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            when_text TEXT NOT NULL,
            when_ts INTEGER NOT NULL,
            week TEXT NOT NULL,
            pain_before INTEGER NOT NULL CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER NOT NULL CHECK (pain_after BETWEEN 0 AND 10),
            minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 240),
            diagnosis TEXT,
            helper TEXT,
            tool TEXT,
            note TEXT,
            finished INTEGER NOT NULL DEFAULT 1 CHECK (finished IN (0, 1)),
            steps TEXT NOT NULL DEFAULT '[]'
        )
        """,
        "CREATE INDEX entries_when ON entries (when_ts, id)",
    ),
    # 2: pain after may be unknown (NULL: not recorded), and why a session stopped early.
    # SQLite cannot drop a NOT NULL, so the table is rebuilt; every row and id is kept.
    (
        """
        CREATE TABLE entries_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            when_text TEXT NOT NULL,
            when_ts INTEGER NOT NULL,
            week TEXT NOT NULL,
            pain_before INTEGER NOT NULL CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after IS NULL OR pain_after BETWEEN 0 AND 10),
            minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 240),
            diagnosis TEXT,
            helper TEXT,
            tool TEXT,
            note TEXT,
            finished INTEGER NOT NULL DEFAULT 1 CHECK (finished IN (0, 1)),
            steps TEXT NOT NULL DEFAULT '[]',
            stopped TEXT
        )
        """,
        "INSERT INTO entries_new (id, uid, when_text, when_ts, week, pain_before, pain_after, "
        "minutes, diagnosis, helper, tool, note, finished, steps) "
        "SELECT id, uid, when_text, when_ts, week, pain_before, pain_after, minutes, "
        "diagnosis, helper, tool, note, finished, steps FROM entries",
        "DROP TABLE entries",
        "ALTER TABLE entries_new RENAME TO entries",
        "CREATE INDEX entries_when ON entries (when_ts, id)",
    ),
    # 3: every tool of a session (a JSON list; ``tool`` stays the first), filled from
    # ``tool`` so nothing recorded before is lost.
    (
        "ALTER TABLE entries ADD COLUMN tools TEXT NOT NULL DEFAULT '[]'",
        "UPDATE entries SET tools = json_array(tool) WHERE tool IS NOT NULL",
    ),
)
SCHEMA_VERSION: Final = len(MIGRATIONS)

_COLUMNS: Final = (
    "id, uid, when_text, pain_before, pain_after, minutes, diagnosis, helper, tool, note, "
    "finished, steps, stopped, tools"
)
#: The same columns from a schema-2 journal opened for reading (it has no tools: the
#: entry then falls back to its one ``tool``).
_COLUMNS_2: Final = _COLUMNS.replace("tools", "'[]'")
#: ...and from a schema-1 journal (it has no stopped either).
_COLUMNS_1: Final = _COLUMNS_2.replace("stopped", "NULL")
E = TypeVar("E", bound=StrEnum)


# --------------------------------------------------------------------------- errors


class JournalError(Exception):
    """Anything that stops a journal command; the message is one sentence for stderr."""


class NotADatabaseError(JournalError):
    """The journal file is not an SQLite database, is damaged, or belongs to something else."""


class TooNewError(JournalError):
    """The journal was written by a newer sacromassage with a schema this one does not know."""


class CannotWriteError(JournalError):
    """The journal's directory or file cannot be created or written."""


class NoSuchEntryError(JournalError):
    """No entry has the requested id."""


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


class Outlook(StrEnum):
    """The gist of the verdict, for machines."""

    TOO_EARLY = "too-early"
    HELPING = "helping"
    NOT_HELPING = "not-helping"


@dataclass(frozen=True)
class StepOutcome:
    number: int
    title: str
    outcome: Outcome

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title, "outcome": self.outcome.value}


@dataclass(frozen=True)
class Entry:
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
    steps: tuple[StepOutcome, ...] = field(default=())
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
            "diagnosis": _key(self.diagnosis),
            "helper": _key(self.helper),
            "tool": _key(self.tool),
            "tools": [str(tool) for tool in self.tools],
            "note": self.note,
            "finished": self.finished,
            "stopped": _key(self.stopped),
            "steps": [step.to_dict() for step in self.steps],
        }


@dataclass(frozen=True)
class GroupStats:
    """Relief for the sessions sharing one helper or one tool (``key`` None: not recorded)."""

    key: str | None
    sessions: int
    average_relief: float


@dataclass(frozen=True)
class WeekStats:
    """Average pain before and after for one ISO week, such as ``2026-W47``."""

    week: str
    sessions: int
    average_before: float
    average_after: float


@dataclass(frozen=True)
class Stats:
    """What the journal adds up to.

    Every session counts, finished or not: a session cut short is still a session the
    person did, and leaving it out would flatter the numbers. A session whose pain after
    was not recorded counts in ``sessions`` only: every average, median, group, week,
    ``noticeable`` and the verdict are over the ``recorded`` ones. ``noticeable`` is how
    many met the threshold in :func:`meets_threshold`.
    """

    sessions: int
    finished: int
    #: Sessions whose pain after was recorded: the only ones any relief figure counts.
    recorded: int
    noticeable: int
    average_before: float | None
    average_after: float | None
    average_relief: float | None
    median_relief: float | None
    by_helper: tuple[GroupStats, ...]
    by_tool: tuple[GroupStats, ...]
    weeks: tuple[WeekStats, ...]
    outlook: Outlook
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        def number(value: float | None) -> float | None:
            return None if value is None else round(value, 2)

        def group(item: GroupStats, name: str) -> dict[str, Any]:
            return {
                name: item.key,
                "sessions": item.sessions,
                "average_relief": number(item.average_relief),
            }

        return {
            "schema_version": SCHEMA_VERSION_JSON,
            "sessions": self.sessions,
            "finished": self.finished,
            "recorded": self.recorded,
            "noticeable": self.noticeable,
            "average_before": number(self.average_before),
            "average_after": number(self.average_after),
            "average_relief": number(self.average_relief),
            "median_relief": number(self.median_relief),
            "by_helper": [group(item, "helper") for item in self.by_helper],
            "by_tool": [group(item, "tool") for item in self.by_tool],
            "weeks": [
                {
                    "week": week.week,
                    "sessions": week.sessions,
                    "average_before": number(week.average_before),
                    "average_after": number(week.average_after),
                }
                for week in self.weeks
            ],
            "threshold": {"points": NOTICEABLE_POINTS, "share": NOTICEABLE_SHARE},
            "outlook": self.outlook.value,
            "verdict": self.verdict,
        }


# --------------------------------------------------------------------------- pure helpers


def journal_path() -> Path:
    """Where the journal lives (see :func:`sacromassage.paths.journal_file`); a location
    that cannot be worked out is a :class:`JournalError`."""
    try:
        return journal_file()
    except PathError as error:
        raise JournalError(str(error)) from None


def meets_threshold(before: int, after: int) -> bool:
    """True if the relief is a change people usually notice.

    Farrar et al. (2001) found that a drop of about 2 points, or about 30% of the
    starting score, on a 0-10 scale matches what people call "much improved". A session
    meets the threshold if either holds (and pain actually fell).
    """
    relief = before - after
    return relief >= NOTICEABLE_POINTS or (relief > 0 and relief >= NOTICEABLE_SHARE * before)


def verdict_for(
    sessions: int,
    noticeable: int,
    median_relief: float = 0.0,
    median_share: float = 0.0,
    unrecorded: int = 0,
) -> tuple[Outlook, str]:
    """The plain-words verdict over ``sessions`` with pain after recorded (``unrecorded``
    more have none and are only mentioned).

    With fewer than six sessions it is too early to judge. From six on, massage "seems
    to help" when the typical session reaches the threshold of :func:`meets_threshold`:
    the median relief is at least 2 points, or the median relief as a share of the
    pain before is at least 30%. Otherwise it may not be helping much, and the verdict
    suggests asking a clinician about other approaches.
    """
    if sessions == 0 and unrecorded:
        return Outlook.TOO_EARLY, (
            "No session has its pain after recorded yet, so it is too early to judge; "
            "give your pain after each session to see whether massage helps you."
        )
    if sessions == 0:
        return Outlook.TOO_EARLY, (
            "No sessions logged yet, so it is too early to judge; "
            "log each session to see whether massage helps you."
        )
    if sessions < MIN_SESSIONS_FOR_VERDICT:
        plural = "session" if sessions == 1 else "sessions"
        logged = "with pain after recorded" if unrecorded else "logged"
        return Outlook.TOO_EARLY, (
            f"With {sessions} {plural} {logged} it is too early to judge; keep logging "
            f"until you have at least {MIN_SESSIONS_FOR_VERDICT}."
        )
    evidence = (
        f"a typical session eased your pain by {median_relief:g} points ({median_share:.0%}), "
        f"and {noticeable} of {sessions} reached {NOTICEABLE_POINTS} points or "
        f"{NOTICEABLE_SHARE:.0%}, the size of change people usually notice "
        "(Farrar et al. 2001)"
    )
    if median_relief >= NOTICEABLE_POINTS or median_share >= NOTICEABLE_SHARE:
        return Outlook.HELPING, f"Massage seems to help you noticeably: {evidence}."
    return Outlook.NOT_HELPING, (
        f"Massage may not be helping you much: {evidence}. Consider asking a "
        "clinician about other approaches, such as exercise-based care."
    )


EARLIEST_YEAR: Final = 1900


def parse_when(text: str) -> datetime:
    """Read an ISO-8601 date or date-time; a date means local midnight and a time
    without an offset is local time. Raises ``ValueError`` naming the valid format."""
    cleaned = text.strip()
    try:
        if len(cleaned) == 10:
            moment = datetime.combine(date.fromisoformat(cleaned), clock())
        else:
            moment = datetime.fromisoformat(cleaned)
        moment = _aware(moment)
        moment.timestamp()  # years the clock cannot represent fail here, not later
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"'{text}' is not a date or time. {WHEN_FORMAT_HINT}.") from None
    # A year before 1900 or a time more than a day ahead (slack for time zones) is a
    # typo, not a session: refuse it here so both `add` and `import` do.
    if moment.year < EARLIEST_YEAR:
        raise ImplausibleWhenError(text, f"before {EARLIEST_YEAR} (check the year)")
    if moment > datetime.now(moment.tzinfo) + timedelta(days=1):
        raise ImplausibleWhenError(text, "in the future (give when the session happened)")
    return moment


#: Weekday names ``--when`` takes, Monday first (as ``date.weekday()`` counts).
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WHEN_WORDS_HINT: Final = (
    "or exactly today, yesterday, N days ago (N a whole number) or a weekday name "
    "(monday to sunday: the most recent one past)"
)


def when_day(text: str, today: date) -> date | None:
    """The day named by ``today``, ``yesterday``, ``N days ago`` (ASCII digits) or a
    weekday name (case-insensitive; the most recent one before ``today``, so today's
    weekday means a week ago); None for anything else, nothing fuzzier."""
    words = text.strip().lower().split()
    if words == ["today"]:
        return today
    if words == ["yesterday"]:
        return today - timedelta(days=1)
    if len(words) == 1 and words[0] in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS.index(words[0])) % 7 or 7
        return today - timedelta(days=back)
    if (
        len(words) == 3
        and words[1:] == ["days", "ago"]
        and words[0].isascii()
        and words[0].isdigit()
        and len(words[0]) <= 6  # a million days: far before 1900, refused below
    ):
        return today - timedelta(days=int(words[0]))
    return None


def parse_when_words(text: str, moment: datetime | None = None) -> datetime:
    """:func:`parse_when`, and also the words of :func:`when_day` counted back from
    ``moment`` (default: now); a bare day means local midnight, like a date."""
    current = now() if moment is None else _aware(moment)
    try:
        day = when_day(text, current.astimezone().date())
    except OverflowError:
        day = None
    if day is None:
        try:
            return parse_when(text)
        except ImplausibleWhenError:
            raise
        except ValueError:
            raise ValueError(
                f"'{text}' is not a date or time. {WHEN_FORMAT_HINT}, {WHEN_WORDS_HINT}."
            ) from None
    return parse_when(day.isoformat())


class ImplausibleWhenError(ValueError):
    """A real date and time, but not one a session can have happened at."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"'{text}' is {reason}. {WHEN_FORMAT_HINT}.")
        self.reason = reason


def _aware(moment: datetime) -> datetime:
    """To the second, with a UTC offset; a naive time is taken as local time."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.astimezone()
    return moment.replace(microsecond=0)


def now() -> datetime:
    return _aware(datetime.now().astimezone())


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _key(value: StrEnum | str | None) -> str | None:
    """A key as its text (a StrEnum member is its value)."""
    return None if value is None else str(value)


def _key_or_text(kind: type[E], value: object) -> E | str | None:
    """The member of ``kind`` named ``value``; a key this version does not know stays
    as it is, so a row from a newer version is shown and exported, not lost."""
    if value is None or value == "":
        return None
    text = _stored_text(value)
    try:
        return kind(text)
    except ValueError:
        return text


def _stored_text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _steps_from_json(text: object) -> tuple[StepOutcome, ...]:
    """The stored steps; raises _RowProblemError when they cannot be read."""
    try:
        return _check_steps(_stored_text(text))
    except RecursionError:
        raise _RowProblemError("has steps nested too deeply") from None


def _steps_to_json(steps: Iterable[StepOutcome]) -> str:
    return json.dumps([step.to_dict() for step in steps], ensure_ascii=False)


def _entry_from_row(row: Sequence[Any]) -> Entry:
    """An entry from a stored row; never raises: what cannot be read is left out and
    named in ``damaged``."""
    try:
        steps, damaged = _steps_from_json(row[11]), None
    except _RowProblemError:
        steps, damaged = (), "steps"
    return Entry(
        id=row[0],
        uid=_stored_text(row[1]),
        when=_stored_text(row[2]),
        before=row[3],
        after=row[4] if isinstance(row[4], int) else None,
        minutes=row[5] if isinstance(row[5], int) else None,
        diagnosis=_key_or_text(Diagnosis, row[6]),
        helper=_key_or_text(Helper, row[7]),
        tool=_key_or_text(StepTool, row[8]),
        tools=_tools_from_row(row[8], row[13]),
        note=None if row[9] is None else _stored_text(row[9]),
        finished=bool(row[10]),
        steps=steps,
        stopped=_key_or_text(Stopped, row[12]),
        damaged=damaged,
    )


def _tools_from_row(tool: object, tools: object) -> tuple[StepTool | str, ...]:
    """The stored tools; a journal from before ``tools`` (or an unreadable list) falls
    back to its one ``tool``, so nothing recorded is hidden."""
    try:
        values = json.loads(_stored_text(tools))
    except (json.JSONDecodeError, RecursionError):
        values = []
    if not isinstance(values, list):
        values = []
    found = [_key_or_text(StepTool, value) for value in values if isinstance(value, str)]
    kept = [value for value in found if value is not None]
    if not kept and tool is not None and tool != "":
        first = _key_or_text(StepTool, tool)
        return () if first is None else (first,)
    return tuple(kept)


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


def _tools_json(tools: Iterable[StepTool | str]) -> str:
    return json.dumps([str(tool) for tool in tools], ensure_ascii=False)


# --------------------------------------------------------------------------- row checks


class _RowProblemError(Exception):
    """One bad field in an imported row; turned into :class:`BadImportError` by the caller."""


def _check_int(value: object, name: str, low: int, high: int, *, optional: bool) -> int | None:
    if value is None or value == "":
        if optional:
            return None
        raise _RowProblemError(f"has no {name}")
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        number = whole_number(value)
    if number is None or not low <= number <= high:
        raise _RowProblemError(
            f"has {name} {_shown(value)}; give a whole number from {low} to {high}"
        )
    return number


def _check_enum(value: object, name: str, kind: type[E]) -> E | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        for member in kind:
            if member.value == value.strip().lower():
                return member
    valid = ", ".join(member.value for member in kind)
    raise _RowProblemError(f"has {name} {_shown(value)}, expected one of {valid}")


def _check_tools(value: object) -> tuple[StepTool, ...]:
    """``tools`` of an imported row: a JSON list, or CSV text joined with ``;``."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = [part for part in value.split(";") if part.strip()]
    if not isinstance(value, list):
        raise _RowProblemError(f"has tools {_shown(value)}, expected a list")
    found = [_check_enum(item, "a tool", StepTool) for item in value]
    return unique_tools(found)


def _check_text(value: object, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _RowProblemError(f"has {name} {_shown(value)}, expected text")
    return clean_text(value)


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


def _shown(value: object) -> str:
    """A value for an error message: its repr, cut to a readable length."""
    try:
        text = repr(value)
    except ValueError:  # an int too long to print
        text = "a number too long to print"
    return text if len(text) <= 40 else f"{text[:37]}..."


def _check_finished(value: object) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "yes", "1"):
            return True
        if word in ("false", "no", "0"):
            return False
    raise _RowProblemError(f"has finished {_shown(value)}, expected true or false")


def _check_steps(value: object) -> tuple[StepOutcome, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise _RowProblemError("has steps that are not a JSON list") from None
    if not isinstance(value, list):
        raise _RowProblemError("has steps that are not a list")
    steps: builtins.list[StepOutcome] = []
    for position, item in enumerate(value, start=1):
        if not isinstance(item, Mapping):
            raise _RowProblemError(f"has step {position} that is not an object")
        number = _check_int(
            item.get("number"), f"step {position} number", 0, 10_000, optional=False
        )
        title = item.get("title")
        if not isinstance(title, str):
            raise _RowProblemError(f"has step {position} without a text title")
        outcome = _check_enum(item.get("outcome"), f"step {position} outcome", Outcome)
        if outcome is None:
            raise _RowProblemError(f"has step {position} without an outcome")
        if number is None:  # optional=False already refuses a missing number
            raise _RowProblemError(f"has step {position} without a number")
        steps.append(StepOutcome(number, title, outcome))
    return tuple(steps)


def _coerce_steps(steps: Iterable[StepOutcome | Mapping[str, Any]]) -> tuple[StepOutcome, ...]:
    plain = [step.to_dict() if isinstance(step, StepOutcome) else dict(step) for step in steps]
    try:
        return _check_steps(plain)
    except _RowProblemError as problem:
        raise ValueError(f"The entry {problem}.") from None


def _derived_uid(values: Sequence[object]) -> str:
    """A stable uid for a hand-made row without one, so re-importing it adds nothing."""
    digest = hashlib.sha256(json.dumps(values, ensure_ascii=False).encode("utf-8"))
    return "derived-" + digest.hexdigest()[:32]


def _row_values(row: Mapping[str, Any], seen: Counter[str]) -> tuple[object, ...]:
    """Check one imported row and return the values for an INSERT, or raise _RowProblemError.

    A row without a uid gets one made from its content and from how many identical rows
    came before it in the same import (``seen``): two real sessions with the same time
    and scores both arrive, and importing the same file again still adds nothing.
    """
    when_value = row.get("when")
    if not isinstance(when_value, str) or not when_value.strip():
        raise _RowProblemError("has no when (an ISO-8601 date or time)")
    try:
        moment = parse_when(when_value)
    except ImplausibleWhenError as error:
        raise _RowProblemError(f"has when {_shown(when_value)}, which is {error.reason}") from None
    except ValueError:
        raise _RowProblemError(f"has when {_shown(when_value)}, which is not ISO-8601") from None
    before = _check_int(row.get("before"), "before", MIN_PAIN, MAX_PAIN, optional=False)
    after = _check_int(row.get("after"), "after", MIN_PAIN, MAX_PAIN, optional=True)
    minutes = _check_int(
        row.get("minutes"), "minutes", MIN_SESSION_MINUTES, MAX_SESSION_MINUTES, optional=True
    )
    diagnosis = _check_enum(row.get("diagnosis"), "diagnosis", Diagnosis)
    helper = _check_enum(row.get("helper"), "helper", Helper)
    tool = _check_enum(row.get("tool"), "tool", StepTool)
    tools = _check_tools(row.get("tools"))
    every_tool = unique_tools(tools if tool is None or tool in tools else (tool, *tools))
    note = _check_text(row.get("note"), "note")
    finished = _check_finished(row.get("finished"))
    stopped = _check_enum(row.get("stopped"), "stopped", Stopped)
    steps_json = _steps_to_json(_check_steps(row.get("steps")))
    when_text = moment.isoformat()
    content: tuple[object, ...] = (
        when_text,
        before,
        after,
        minutes,
        None if diagnosis is None else diagnosis.value,
        None if helper is None else helper.value,
        every_tool[0].value if every_tool else None,
        note,
        int(finished),
        steps_json,
    )
    if stopped is not None:  # only then, so rows made before `stopped` keep their uids
        content = (*content, stopped.value)
    if len(every_tool) > 1:  # likewise for rows made before `tools`
        content = (*content, "tools", *(tool.value for tool in every_tool))
    uid = _check_text(row.get("uid"), "uid")
    if not uid:
        key = json.dumps(content, ensure_ascii=False)
        repeat = seen[key]
        seen[key] += 1
        uid = _derived_uid(content if not repeat else (*content, repeat))
    return (
        uid,
        when_text,
        int(moment.timestamp()),
        iso_week(moment),
        *content[1:10],
        None if stopped is None else stopped.value,
        _tools_json(every_tool),
    )


#: What :meth:`Journal.edit` can change.
EDITABLE: Final = (
    "before",
    "after",
    "minutes",
    "diagnosis",
    "helper",
    "tool",
    "tools",
    "note",
    "when",
)


def _check_pain(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_PAIN <= value <= MAX_PAIN:
        raise ValueError(f"Pain {name} must be a whole number from 0 to 10, not {value}.")


def _check_minutes(minutes: int | None) -> None:
    if minutes is not None and not MIN_SESSION_MINUTES <= minutes <= MAX_SESSION_MINUTES:
        raise ValueError(f"Minutes must be from 1 to 240, not {minutes}.")


def _moment(when: datetime | str) -> datetime:
    return parse_when(when) if isinstance(when, str) else _aware(when)


def _edited_columns(changes: Mapping[str, Any]) -> dict[str, object]:
    """The stored columns and values for :meth:`Journal.edit`; raises ValueError."""
    columns: dict[str, object] = {}
    if "before" in changes:
        _check_pain("before", changes["before"])
        columns["pain_before"] = changes["before"]
    if "after" in changes:
        if changes["after"] is not None:
            _check_pain("after", changes["after"])
        columns["pain_after"] = changes["after"]
    if "minutes" in changes:
        _check_minutes(changes["minutes"])
        columns["minutes"] = changes["minutes"]
    for name, kind in (("diagnosis", Diagnosis), ("helper", Helper)):
        if name in changes:
            value = changes[name]
            columns[name] = None if value is None else kind(value).value
    if "tool" in changes or "tools" in changes:  # the tools replace the old ones
        every_tool = unique_tools([changes.get("tool"), *(changes.get("tools") or ())])
        columns["tool"] = every_tool[0].value if every_tool else None
        columns["tools"] = _tools_json(every_tool)
    if "note" in changes:
        columns["note"] = clean_text(changes["note"]) or None
    if "when" in changes:
        moment = _moment(changes["when"])
        columns.update(
            when_text=moment.isoformat(), when_ts=int(moment.timestamp()), week=iso_week(moment)
        )
    return columns


_INSERT: Final = (
    "INSERT OR IGNORE INTO entries (uid, when_text, when_ts, week, pain_before, pain_after, "
    "minutes, diagnosis, helper, tool, note, finished, steps, stopped, tools) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


# --------------------------------------------------------------------------- files


def read_import_file(path: Path) -> builtins.list[dict[str, Any]]:
    """Read a JSON or CSV export into rows for :meth:`Journal.import_rows`.

    JSON is recognised by its first character (``[``) or a ``.json`` name; anything
    else is read as CSV with a header row. Raises :class:`BadImportError` naming the file.
    """
    data = _read_regular_file(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadImportError(f"Cannot import {path}: it is not UTF-8 text.") from None
    start = text.lstrip()[:1]
    if start in ("[", "{") or (not start and path.suffix.lower() == ".json"):
        return _rows_from_json(text, path)
    if path.suffix.lower() == ".json":
        raise BadImportError(f"Cannot import {path}: it is not valid JSON (it should be a list).")
    return _rows_from_csv(text, path)


#: The largest file `journal import` reads: far more than any real journal.
MAX_IMPORT_BYTES: Final = 50 * 1024 * 1024


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_IMPORT_BYTES`; anything else
    (a device such as /dev/zero, a pipe, a folder, a huge file) is a BadImportError."""
    import stat

    try:
        with open(os.path.expanduser(path), "rb") as stream:
            status = os.fstat(stream.fileno())
            if stat.S_ISDIR(status.st_mode):
                raise BadImportError(f"Cannot import {path}: it is a directory, not a file.")
            if not stat.S_ISREG(status.st_mode):
                raise BadImportError(f"Cannot import {path}: it is not a regular file.")
            data = stream.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise BadImportError(f"Cannot import {path}: no such file.") from None
    except IsADirectoryError:
        raise BadImportError(f"Cannot import {path}: it is a directory, not a file.") from None
    except OSError as error:
        raise BadImportError(f"Cannot import {path}: {error.strerror or error}.") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise BadImportError(
            f"Cannot import {path}: it is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, "
            "far more than any journal export."
        )
    return data


def _rows_from_json(text: str, path: Path) -> builtins.list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadImportError(
            f"Cannot import {path}: it is not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno})."
        ) from None
    except RecursionError:
        raise BadImportError(f"Cannot import {path}: its JSON is nested too deeply.") from None
    except ValueError as error:  # such as an integer with more digits than Python reads
        raise BadImportError(f"Cannot import {path}: it is not valid JSON ({error}).") from None
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        data = data["entries"]
    if not isinstance(data, list):
        raise BadImportError(f"Cannot import {path}: the JSON should be a list of entries.")
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise BadImportError(f"Cannot import {path}: row {number} is not a JSON object.")
    return data


def _rows_from_csv(text: str, path: Path) -> builtins.list[dict[str, Any]]:
    if not text.strip():
        raise BadImportError(f"Cannot import {path}: the file is empty.")
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a long note must re-import
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = reader.fieldnames or []
        missing = [name for name in ("when", "before", "after") if name not in header]
        if missing:
            raise BadImportError(
                f"Cannot import {path}: it is neither JSON nor a journal CSV "
                f"(the header lacks {', '.join(missing)})."
            )
        rows: builtins.list[dict[str, Any]] = []
        for number, row in enumerate(reader, start=1):
            if None in row:
                raise BadImportError(
                    f"Cannot import {path}: row {number} has more cells than the header."
                )
            rows.append({name: _restored(cell) for name, cell in row.items()})
        return rows
    except csv.Error as error:
        raise BadImportError(f"Cannot import {path}: it is not valid CSV ({error}).") from None
    finally:
        csv.field_size_limit(limit)


#: A cell starting with one of these is a formula to a spreadsheet.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def _neutralised(cell: str) -> str:
    """A CSV cell a spreadsheet will not run: one that would start a formula, after any
    quotes it already starts with, gets one more leading ``'``; :func:`_restored`
    removes exactly that one, so the round trip is exact."""
    return f"'{cell}" if cell.lstrip("'").startswith(FORMULA_STARTS) else cell


def _restored(cell: str | None) -> str | None:
    if cell is not None and cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def rows_to_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """CSV text with a header of :data:`FIELDS`; steps become JSON text, booleans
    ``true``/``false`` and missing values empty cells. Text that a spreadsheet would
    read as a formula is neutralised (see :func:`_neutralised`)."""
    buffer = io.StringIO(newline="")
    # CRLF rows (RFC 4180) also make the writer quote a lone CR inside a note.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for row in rows:
        cells: builtins.list[object] = []
        for name in FIELDS:
            value = row.get(name)
            if name == "steps":
                cells.append(json.dumps(value or [], ensure_ascii=False))
            elif name == "tools":
                cells.append(_neutralised(";".join(str(tool) for tool in value or [])))
            elif isinstance(value, bool):
                cells.append("true" if value else "false")
            elif isinstance(value, str):
                cells.append(_neutralised(value))
            else:
                cells.append("" if value is None else value)
        writer.writerow(cells)
    return buffer.getvalue()


# --------------------------------------------------------------------------- journal


class Journal:
    """The journal file. Open with :meth:`open`; use as a context manager.

    Nothing touches the disk until the first read or write. Reading a journal that
    does not exist yet gives no entries and creates nothing; the first write creates
    the directory and the file.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._connection: sqlite3.Connection | None = None
        self._columns = _COLUMNS

    @classmethod
    def open(cls, path: Path | None = None, *, read_only: bool = False) -> Journal:
        """A journal at ``path``, by default :func:`journal_path`. Opens an existing
        file straight away so a damaged or foreign file is reported early. A journal
        opened ``read_only`` never writes (so a read-only file or folder can still be
        read) and refuses every change."""
        journal = cls(journal_path() if path is None else path, read_only=read_only)
        if journal._exists():
            journal._connect(create=False)
        return journal

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # ---- connecting

    def _exists(self) -> bool:
        """Whether the journal file exists; a folder that cannot be searched is a
        :class:`CannotWriteError` naming it."""
        try:
            if self.path.is_dir():
                raise CannotWriteError(
                    f"Cannot open the journal at {self.path}: it is a directory."
                )
            return self.path.exists()
        except OSError as error:
            raise CannotWriteError(
                f"Cannot open the journal at {self.path}: {_reason(error)}."
            ) from None

    def _connect(self, *, create: bool) -> sqlite3.Connection | None:
        """The open connection with an up-to-date schema; None if there is no journal
        yet and ``create`` is false (or the journal is read-only and still empty)."""
        if self._connection is not None:
            return self._connection
        if not self._exists():
            if not create:
                self._check_parents(create)
                return None
            self._create()
        tighten_journal(self.path)
        connection = self._open_connection()
        try:
            with self._errors():
                connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
                version = self._read_version(connection)  # refuses a foreign file first
                if version > SCHEMA_VERSION:
                    raise TooNewError(
                        f"The journal at {self.path} was written by a newer sacromassage "
                        f"(schema {version}, this one knows up to {SCHEMA_VERSION}); "
                        "please upgrade sacromassage."
                    )
                if self.read_only:
                    if version == 0:  # an empty file: nothing to read yet
                        connection.close()
                        return None
                    # An older journal is read as it is (reading never migrates).
                    self._columns = {1: _COLUMNS_1, 2: _COLUMNS_2}.get(version, _COLUMNS)
                else:
                    self._prepare(connection, version)
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        return connection

    def _check_parents(self, create: bool) -> None:
        blocker = next((p for p in self.path.parents if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            verb = "create" if create else "open"
            raise CannotWriteError(
                f"Cannot {verb} the journal at {self.path}: {blocker} is a file, not a folder."
            )

    def _create(self) -> None:
        """Create the private folder and the private, empty journal file."""
        if self.read_only:
            raise CannotWriteError(
                f"Cannot write the journal at {self.path}: it is open for reading."
            )
        self._check_parents(create=True)
        try:
            make_private_folder(self.path.parent)
            create_private_file(self.path)
        except OSError as error:
            raise CannotWriteError(
                f"Cannot create the journal at {self.path}: {_reason(error)}."
            ) from None

    def _open_connection(self) -> sqlite3.Connection:
        """Connect; reading uses a read-only URI so a read-only journal can be read."""
        try:
            if self.read_only:
                uri = f"{self.path.absolute().as_uri()}?mode=ro"
                connection = sqlite3.connect(
                    uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
                )
                if not _readable(connection):  # a WAL journal in a read-only folder
                    connection.close()
                    connection = sqlite3.connect(
                        f"{self.path.absolute().as_uri()}?immutable=1",
                        uri=True,
                        timeout=BUSY_TIMEOUT_SECONDS,
                        isolation_level=None,
                    )
            else:
                connection = sqlite3.connect(
                    self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
                )
        except sqlite3.Error as error:
            raise CannotWriteError(f"Cannot open the journal at {self.path}: {error}.") from None
        connection.text_factory = _decoded
        return connection

    def _prepare(self, connection: sqlite3.Connection, version: int) -> None:
        """WAL, durable commits, and any pending migration: only once the file is known
        to be a journal (or empty)."""
        self._use_wal(connection)
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            self._migrate(connection)

    def _read_version(self, connection: sqlite3.Connection) -> int:
        """The schema version; reading it is the first touch, so a non-SQLite file
        fails here. A foreign SQLite file (tables but no version) is refused."""
        # One statement, so both values come from the same snapshot even while
        # another process is creating the schema.
        version, tables, journals = connection.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), "
            "(SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'), "
            "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'entries')"
        ).fetchone()
        # An empty file becomes a journal; anything else must have the entries table.
        if (version == 0 and tables) or (version != 0 and not journals):
            raise NotADatabaseError(
                f"The file {self.path} is an SQLite database but not a sacromassage "
                "journal; it was left untouched."
            )
        return int(version)

    def _use_wal(self, connection: sqlite3.Connection) -> None:
        """Switch to WAL once; the switch needs a moment alone with the file, so retry
        while another process holds it."""
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() == "wal":
                    return
                connection.execute("PRAGMA journal_mode = WAL").fetchone()
                return
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def _migrate(self, connection: sqlite3.Connection) -> None:
        """Apply every pending migration in one transaction."""
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = self._read_version(connection)  # another process may have migrated
            for number, statements in enumerate(MIGRATIONS, start=1):
                if number <= version:
                    continue
                for statement in statements:
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn sqlite3 failures into one-sentence :class:`JournalError` messages."""
        try:
            yield
        except JournalError:
            raise
        except sqlite3.OperationalError as error:
            text = str(error).lower()
            if _is_busy(error):
                raise JournalError(
                    f"The journal at {self.path} stayed busy for more than "
                    f"{BUSY_TIMEOUT_SECONDS:.0f} s; another sacromassage may be stuck."
                ) from None
            if "readonly" in text or "read-only" in text or "unable to open" in text:
                raise CannotWriteError(
                    f"Cannot write the journal at {self.path}: {error}."
                ) from None
            if "disk i/o" in text or "full" in text:
                raise CannotWriteError(
                    f"Cannot write the journal at {self.path}: {error}."
                ) from None
            raise NotADatabaseError(
                f"The journal at {self.path} could not be read ({error}); it may be damaged "
                "and was left untouched."
            ) from None
        except sqlite3.IntegrityError as error:
            raise JournalError(
                f"The journal at {self.path} refused an entry that breaks its rules ({error})."
            ) from None
        except sqlite3.DatabaseError as error:
            raise NotADatabaseError(
                f"The file {self.path} is not a sacromassage journal or is damaged ({error}); "
                "it was left untouched."
            ) from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock up front."""
        if self.read_only:
            raise CannotWriteError(
                f"Cannot write the journal at {self.path}: it is open for reading."
            )
        connection = self._connect(create=True)
        if connection is None:  # _connect(create=True) makes the file or raises
            raise CannotWriteError(f"Cannot write the journal at {self.path}.")
        with self._errors():
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    # ---- writing

    def add(
        self,
        *,
        before: int,
        after: int | None,
        minutes: int | None = None,
        diagnosis: Diagnosis | None = None,
        helper: Helper | None = None,
        tool: StepTool | None = None,
        note: str | None = None,
        when: datetime | str | None = None,
        tools: Iterable[StepTool] = (),
        finished: bool = True,
        steps: Iterable[StepOutcome | Mapping[str, Any]] = (),
        stopped: Stopped | None = None,
    ) -> Entry:
        """Log one session and return it with its new id.

        ``after`` None means pain after was not recorded. ``tools`` are every tool
        used (``tool``, if given, comes first; repeats are dropped). ``when`` defaults to now; a
        string is read by :func:`parse_when`. Raises ``ValueError`` for out-of-range
        values and :class:`JournalError` for file trouble.
        """
        _check_pain("before", before)
        if after is not None:
            _check_pain("after", after)
        _check_minutes(minutes)
        moment = now() if when is None else _moment(when)
        outcomes = _coerce_steps(steps)
        every_tool = unique_tools([tool, *tools])
        entry = Entry(
            id=0,
            uid=uuid.uuid4().hex,
            when=moment.isoformat(),
            before=before,
            after=after,
            minutes=minutes,
            diagnosis=None if diagnosis is None else Diagnosis(diagnosis),
            helper=None if helper is None else Helper(helper),
            tool=every_tool[0] if every_tool else None,
            tools=every_tool,
            note=clean_text(note) or None,
            finished=bool(finished),
            steps=outcomes,
            stopped=None if stopped is None else Stopped(stopped),
        )
        values = (
            entry.uid,
            entry.when,
            int(moment.timestamp()),
            iso_week(moment),
            entry.before,
            entry.after,
            entry.minutes,
            _key(entry.diagnosis),
            _key(entry.helper),
            _key(entry.tool),
            entry.note,
            int(entry.finished),
            _steps_to_json(entry.steps),
            _key(entry.stopped),
            _tools_json(entry.tools),
        )
        with self._write() as connection:
            cursor = connection.execute(_INSERT, values)
            new_id = cursor.lastrowid
        if new_id is None:  # an INSERT always has a row id: never seen
            raise CannotWriteError(f"The journal at {self.path} gave the new entry no id.")
        return replace(entry, id=new_id)

    def edit(self, entry_id: int, **changes: Any) -> Entry:
        """Change only the fields given (any of :data:`EDITABLE`; ``None`` clears an
        optional one) of one entry and return it; its id and uid are kept. Raises
        :class:`NoSuchEntryError` for an unknown id and ``ValueError`` for a bad value,
        before anything is written."""
        unknown = sorted(set(changes) - set(EDITABLE))
        if unknown:
            raise TypeError(f"Cannot edit {', '.join(unknown)}.")
        columns = _edited_columns(changes)
        if self._connect(create=False) is None or abs(entry_id) > SQLITE_MAX_INT:
            raise self._missing(entry_id)
        with self._write() as connection:
            if columns:
                assignments = ", ".join(f"{name} = ?" for name in columns)
                cursor = connection.execute(
                    f"UPDATE entries SET {assignments} WHERE id = ?",
                    [*columns.values(), entry_id],
                )
            else:
                cursor = connection.execute("SELECT id FROM entries WHERE id = ?", (entry_id,))
            found = cursor.rowcount if columns else len(cursor.fetchall())
            if found == 0:
                raise self._missing(entry_id)
        return self.get(entry_id)

    def delete(self, entry_id: int) -> None:
        """Remove one entry; :class:`NoSuchEntryError` if there is none with that id."""
        if self._connect(create=False) is None or abs(entry_id) > SQLITE_MAX_INT:
            raise self._missing(entry_id)
        with self._write() as connection:
            cursor = connection.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
            if cursor.rowcount == 0:
                raise self._missing(entry_id)

    def import_rows(self, rows: Iterable[Mapping[str, Any]], source: str = "the rows") -> int:
        """Merge rows shaped like :meth:`export_rows` (ids are ignored, new ones are
        given) and return how many were added. Rows whose ``uid`` is already present are
        skipped. Every row is checked before anything is written, and all are written in
        one transaction; a bad row raises :class:`BadImportError` naming ``source`` and the row.
        """
        values = []
        seen: Counter[str] = Counter()
        for number, row in enumerate(rows, start=1):
            try:
                values.append(_row_values(row, seen))
            except _RowProblemError as problem:
                raise BadImportError(f"Cannot import {source}: row {number} {problem}.") from None
        if not values:
            return 0
        with self._write() as connection:
            before = connection.total_changes
            connection.executemany(_INSERT, values)
            return connection.total_changes - before

    # ---- reading

    def get(self, entry_id: int) -> Entry:
        connection = self._connect(create=False)
        if connection is not None and abs(entry_id) <= SQLITE_MAX_INT:
            with self._errors():
                row = connection.execute(
                    f"SELECT {self._columns} FROM entries WHERE id = ?", (entry_id,)
                ).fetchone()
            if row is not None:
                return _entry_from_row(row)
        raise self._missing(entry_id)

    def list(self, last: int | None = None, since: date | None = None) -> builtins.list[Entry]:
        """Entries oldest first (by time, then id): only those from local midnight of
        ``since`` on, and only the newest ``last`` of those."""
        connection = self._connect(create=False)
        if connection is None:
            return []
        where, parameters = "", builtins.list[object]()
        if since is not None:
            where = "WHERE when_ts >= ?"
            parameters.append(_local_midnight(since))
        with self._errors():
            if last is None:
                rows = connection.execute(
                    f"SELECT {self._columns} FROM entries {where} ORDER BY when_ts, id", parameters
                ).fetchall()
            else:
                rows = connection.execute(
                    f"SELECT {self._columns} FROM entries {where} "
                    "ORDER BY when_ts DESC, id DESC LIMIT ?",
                    [*parameters, min(max(last, 0), SQLITE_MAX_INT)],
                ).fetchall()
                rows.reverse()
        return [_entry_from_row(row) for row in rows]

    def count(self) -> int:
        connection = self._connect(create=False)
        if connection is None:
            return 0
        with self._errors():
            return int(connection.execute("SELECT count(*) FROM entries").fetchone()[0])

    def export_rows(self) -> builtins.list[dict[str, Any]]:
        """Every entry as a dict (see :data:`FIELDS`), oldest first: a full backup."""
        return [entry.to_dict() for entry in self.list()]

    def stats(self) -> Stats:
        """Summaries over every session, finished or not (see :class:`Stats`)."""
        connection = self._connect(create=False)
        if connection is None:
            outlook, verdict = verdict_for(0, 0)
            return Stats(0, 0, 0, 0, None, None, None, None, (), (), (), outlook, verdict)
        # Every relief figure is over the sessions whose pain after was recorded.
        recorded_only = "WHERE pain_after IS NOT NULL"
        with self._errors():
            sessions, finished = connection.execute(
                "SELECT count(*), total(finished) FROM entries"
            ).fetchone()
            recorded, avg_before, avg_after, avg_relief = connection.execute(
                "SELECT count(*), avg(pain_before), avg(pain_after), "
                f"avg(pain_before - pain_after) FROM entries {recorded_only}"
            ).fetchone()
            pairs = connection.execute(
                f"SELECT pain_before, pain_after FROM entries {recorded_only}"
            ).fetchall()
            noticeable = sum(meets_threshold(before, after) for before, after in pairs)
            reliefs = [before - after for before, after in pairs]
            # Relief as a share of the pain there was to ease (none to ease: no share).
            shares = [(before - after) / before if before else 0.0 for before, after in pairs]
            groups = {
                column: tuple(
                    GroupStats(key, count, average)
                    for key, count, average in connection.execute(
                        f"SELECT {column}, count(*), avg(pain_before - pain_after) "
                        f"FROM entries {recorded_only} "
                        f"GROUP BY {column} ORDER BY {column} IS NULL, {column}"
                    )
                )
                for column in ("helper", "tool")
            }
            weeks = tuple(
                WeekStats(week, count, average_before, average_after)
                for week, count, average_before, average_after in connection.execute(
                    "SELECT week, count(*), avg(pain_before), avg(pain_after) "
                    f"FROM entries {recorded_only} GROUP BY week ORDER BY week"
                )
            )
        median_relief = float(statistics.median(reliefs)) if reliefs else None
        outlook, verdict = verdict_for(
            recorded,
            int(noticeable),
            median_relief or 0.0,
            float(statistics.median(shares)) if shares else 0.0,
            unrecorded=sessions - recorded,
        )
        return Stats(
            sessions=sessions,
            finished=int(finished),
            recorded=recorded,
            noticeable=int(noticeable),
            average_before=avg_before,
            average_after=avg_after,
            average_relief=avg_relief,
            median_relief=median_relief,
            by_helper=groups["helper"],
            by_tool=groups["tool"],
            weeks=weeks,
            outlook=outlook,
            verdict=verdict,
        )

    def _missing(self, entry_id: int) -> NoSuchEntryError:
        return NoSuchEntryError(f"No entry with id {entry_id} in {self.path}.")


PRIVATE_FOLDER: Final = 0o700
PRIVATE_FILE: Final = 0o600
SIDE_FILES: Final = ("", "-wal", "-shm")


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed and make it private (0700), whatever
    the umask; raises OSError if it cannot be created."""
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    _tighten(folder, PRIVATE_FOLDER)


def tighten_journal(path: Path) -> None:
    """Make the journal's folder 0700 and the journal and its side files 0600, where
    they exist and belong to this user; a read-only place is left as it is."""
    _tighten(path.parent, PRIVATE_FOLDER)
    for suffix in SIDE_FILES:
        _tighten(Path(f"{path}{suffix}"), PRIVATE_FILE)


def _tighten(path: Path, mode: int) -> None:
    try:
        if path.stat().st_mode & 0o777 & ~mode:
            os.chmod(path, mode)
    except OSError:
        pass  # missing, someone else's, or read-only: nothing to tighten here


def create_private_file(path: Path) -> None:
    """Create an empty ``path`` readable by this user only, unless it exists; SQLite
    then gives its -wal and -shm files the same permissions."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return
    os.close(handle)
    os.chmod(path, PRIVATE_FILE)


def _decoded(raw: bytes) -> str:
    """Text from the file; bytes that are not UTF-8 (a damaged row) become U+FFFD."""
    return raw.decode("utf-8", "replace")


def _readable(connection: sqlite3.Connection) -> bool:
    """Whether a read-only connection can read; False when SQLite cannot open the WAL
    index (a WAL journal in a read-only folder), which immutable mode reads instead."""
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        return "unable to open" not in str(error).lower()
    except sqlite3.DatabaseError:
        return True  # not a database: reported by the first real read
    return True


def _local_midnight(day: date) -> int:
    """The timestamp of local midnight on ``day``; a day too early or too late for the
    clock gives the earliest or latest timestamp SQLite holds."""
    try:
        return int(datetime.combine(day, clock()).astimezone().timestamp())
    except (OverflowError, OSError, ValueError):
        return -SQLITE_MAX_INT if day.year < 1970 else SQLITE_MAX_INT


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _reason(error: OSError) -> str:
    if isinstance(error, NotADirectoryError | FileExistsError):
        return "a file is in the way of the directory"
    return str(error.strerror or error).rstrip(".").lower() or "unknown error"
