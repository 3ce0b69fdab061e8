"""What the journal adds up to: a pure function of summaries, no SQLite and no printing.

:func:`summarise` turns a :class:`Summary` (tallies the store keeps, or that
:func:`summary_of` builds from entries by hand) into :class:`Stats` with a verdict in
two layers:

* **Relief right after**: the typical (median) session's drop in pain, before minus
  after, over the sessions whose pain after was recorded. It is "noticeable" when the
  median drop is at least 2 points or at least 30% of the pain before; it is judged
  from six such sessions on.
* **The course over weeks**: the typical (median) score in the first 14 days from the
  first entry (the baseline) against the last 14 days up to the last entry. A change
  is noticeable when the latest score is 2 points or 30% below the baseline (Farrar et
  al. 2001 measured change from a baseline over weeks, and found about 2 points or 30%
  matched what people call much improved). It is judged once the entries (sessions
  and check-ins) span at least 21 days and number at least six. The score is the
  weekly check-in's PEG when both windows hold a check-in, else the pain before
  sessions.

The outlook combines them: ``too-early`` until the course can be judged; then
``helping`` (both noticeable), ``improving`` (the course only), ``relief-only`` (the
relief only) or ``not-helping`` (neither). The journal shows what happened alongside
massage, not that massage caused it, and the verdict says so.
"""

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from sacromassage.journal.entry import NOTICEABLE_POINTS, NOTICEABLE_SHARE
from sacromassage.journal.tally import (
    CheckIn,
    Group,
    Pair,
    Summary,
    weighted_median,
    windows,
)
from sacromassage.model import SCHEMA_VERSION as SCHEMA_VERSION_JSON

if TYPE_CHECKING:
    from sacromassage.journal.words import JournalWords

#: Relief right after is judged from this many sessions with pain after on.
MIN_SESSIONS_FOR_VERDICT: Final = 6
#: The course is judged once entries span this many days...
COURSE_MIN_DAYS: Final = 21
#: ...and number at least this many (sessions and check-ins together).
COURSE_MIN_ENTRIES: Final = 6
#: A check-in older than this is due again.
CHECK_IN_DUE_DAYS: Final = 7
#: Floating-point slack for "exactly 30%" and "exactly 2 points" on averaged scores.
_SLACK: Final = 1e-9


class Outlook(StrEnum):
    """The gist of the verdict, for machines."""

    TOO_EARLY = "too-early"
    HELPING = "helping"
    RELIEF_ONLY = "relief-only"
    IMPROVING = "improving"
    NOT_HELPING = "not-helping"


class Measure(StrEnum):
    """Which score the course over weeks compares."""

    PEG = "peg"
    PAIN_BEFORE = "pain-before"


# --------------------------------------------------------------------------- output


class GroupStats(NamedTuple):
    """Relief for the sessions sharing one helper or one tool (``key`` None: not recorded)."""

    key: str | None
    sessions: int
    average_relief: float


class WeekStats(NamedTuple):
    """Average pain before and after for one ISO week, such as ``2026-W47`` (a NamedTuple:
    a journal spanning years has thousands)."""

    week: str
    sessions: int
    average_before: float
    average_after: float


class Relief(NamedTuple):
    """Relief right after a session, over the sessions with pain after recorded."""

    sessions: int
    median_points: float | None
    #: The median of each session's relief as a share of its pain before (0-1).
    median_share: float | None
    noticeable_sessions: int
    enough: bool
    noticeable: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "median_points": _rounded(self.median_points),
            "median_percent": _percent(self.median_share),
            "noticeable_sessions": self.noticeable_sessions,
            "enough": self.enough,
            "noticeable": self.noticeable,
        }


class Course(NamedTuple):
    """The course over weeks: the first two weeks' typical score against the last two's."""

    measure: Measure | None
    baseline: float | None
    latest: float | None
    #: Baseline minus latest: positive is better.
    change_points: float | None
    change_percent: float | None
    noticeable: bool
    #: Whole weeks from the first entry to the last.
    weeks: int
    days: int
    entries: int
    enough: bool

    @property
    def days_needed(self) -> int:
        return max(0, COURSE_MIN_DAYS - self.days)

    @property
    def entries_needed(self) -> int:
        return max(0, COURSE_MIN_ENTRIES - self.entries)

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": None if self.measure is None else self.measure.value,
            "baseline": _rounded(self.baseline),
            "latest": _rounded(self.latest),
            "change_points": _rounded(self.change_points),
            "change_percent": _rounded(self.change_percent),
            "noticeable": self.noticeable,
            "weeks": self.weeks,
            "days": self.days,
            "entries": self.entries,
            "enough": self.enough,
        }


class Stats(NamedTuple):
    """What the journal adds up to.

    Every session counts, finished or not: a session cut short is still a session the
    person did, and leaving it out would flatter the numbers. A session whose pain after
    was not recorded counts in ``sessions`` (and in the course) only: every relief
    figure, group and week is over the ``recorded`` ones.
    """

    sessions: int
    finished: int
    #: Sessions whose pain after was recorded: the only ones any relief figure counts.
    recorded: int
    noticeable: int
    stopped_hurt: int
    average_before: float | None
    average_after: float | None
    average_relief: float | None
    median_relief: float | None
    by_helper: tuple[GroupStats, ...]
    by_tool: tuple[GroupStats, ...]
    #: Recorded sessions by ISO week (only the newest, if the summary was cut so).
    weeks: tuple[WeekStats, ...]
    relief: Relief
    course: Course
    #: The first ISO week with a recorded session ("": none).
    first_week: str
    check_ins: int
    last_check_in: str | None
    #: Whether a check-in is due: none yet, or the last is over a week old.
    check_in_due: bool
    #: The words that offer a check-in when one is due, else None.
    check_in_prompt: str | None
    outlook: Outlook
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        def group(item: GroupStats, name: str) -> dict[str, Any]:
            return {
                name: item.key,
                "sessions": item.sessions,
                "average_relief": _rounded(item.average_relief),
            }

        return {
            "schema_version": SCHEMA_VERSION_JSON,
            "sessions": self.sessions,
            "finished": self.finished,
            "recorded": self.recorded,
            "noticeable": self.noticeable,
            "stopped_hurt": self.stopped_hurt,
            "average_before": _rounded(self.average_before),
            "average_after": _rounded(self.average_after),
            "average_relief": _rounded(self.average_relief),
            "median_relief": _rounded(self.median_relief),
            "by_helper": [group(item, "helper") for item in self.by_helper],
            "by_tool": [group(item, "tool") for item in self.by_tool],
            "weeks": [
                {
                    "week": week.week,
                    "sessions": week.sessions,
                    "average_before": _rounded(week.average_before),
                    "average_after": _rounded(week.average_after),
                }
                for week in self.weeks
            ],
            "threshold": {"points": NOTICEABLE_POINTS, "share": NOTICEABLE_SHARE},
            "relief": self.relief.to_dict(),
            "course": self.course.to_dict(),
            "check_ins": self.check_ins,
            "last_check_in": self.last_check_in,
            "check_in_due": self.check_in_due,
            "outlook": self.outlook.value,
            "verdict": self.verdict,
        }


# --------------------------------------------------------------------------- the rules


def is_noticeable(baseline: float, change: float) -> bool:
    """True if ``change`` (a drop from ``baseline``) is one people usually notice:
    at least 2 points, or at least 30% of the baseline (and a real drop)."""
    return change >= NOTICEABLE_POINTS - _SLACK or (
        change > _SLACK and change >= NOTICEABLE_SHARE * baseline - _SLACK
    )


def summarise(summary: Summary, words: "JournalWords", today: date) -> Stats:
    """The journal's figures and two-layer verdict (see the module's docstring)."""
    recorded = sum(pair.sessions for pair in summary.pairs)
    relief = _relief(summary.pairs)
    course = _course(summary)
    outlook = outlook_for(relief, course)
    last = max(summary.check_ins, key=lambda item: item.when, default=None)
    due = last is None or (today - last.day).days > CHECK_IN_DUE_DAYS
    total_before = sum(pair.before * pair.sessions for pair in summary.pairs)
    total_after = sum(pair.after * pair.sessions for pair in summary.pairs)
    return Stats(
        sessions=summary.sessions,
        finished=summary.finished,
        recorded=recorded,
        noticeable=relief.noticeable_sessions,
        stopped_hurt=summary.stopped_hurt,
        average_before=total_before / recorded if recorded else None,
        average_after=total_after / recorded if recorded else None,
        average_relief=(total_before - total_after) / recorded if recorded else None,
        median_relief=relief.median_points,
        by_helper=_groups(summary.by_helper),
        by_tool=_groups(summary.by_tool),
        weeks=tuple(
            WeekStats(
                week.week,
                week.sessions,
                week.total_before / week.sessions,
                week.total_after / week.sessions,
            )
            for week in summary.weeks
            if week.sessions
        ),
        relief=relief,
        course=course,
        first_week=summary.first_week,
        check_ins=len(summary.check_ins),
        last_check_in=None if last is None else last.when,
        check_in_due=due,
        check_in_prompt=_check_in_prompt(last, today, words) if due else None,
        outlook=outlook,
        verdict=verdict_text(outlook, relief, course, words),
    )


def _check_in_prompt(last: CheckIn | None, today: date, words: "JournalWords") -> str:
    if last is None:
        return words.check_in["never"]
    return words.check_in["due"].format(days=(today - last.day).days)


def outlook_for(relief: Relief, course: Course) -> Outlook:
    """``too-early`` until the course can be judged, then which layers are noticeable."""
    if not course.enough:
        return Outlook.TOO_EARLY
    eased = relief.enough and relief.noticeable
    if course.noticeable:
        return Outlook.HELPING if eased else Outlook.IMPROVING
    return Outlook.RELIEF_ONLY if eased else Outlook.NOT_HELPING


def verdict_text(outlook: Outlook, relief: Relief, course: Course, words: "JournalWords") -> str:
    """The verdict in words: the outlook, each layer's figures, the advice, the caveat."""
    layers = words.layers
    parts = [words.outlooks[outlook]]
    if relief.enough:
        parts.append(
            layers["relief"].format(
                points=_points(relief.median_points),
                percent=f"{_percent(relief.median_share) or 0:.0f}%",
                noticeable=relief.noticeable_sessions,
                sessions=relief.sessions,
                threshold=layers["threshold"],
            )
        )
    else:
        parts.append(
            layers["relief-too-few"].format(
                sessions=relief.sessions, needed=MIN_SESSIONS_FOR_VERDICT
            )
        )
    parts.append(_course_words(course, words))
    parts.append(words.advice[outlook])
    parts.append(layers["caveat"])
    return " ".join(parts)


def _course_words(course: Course, words: "JournalWords") -> str:
    layers = words.layers
    if course.enough and course.measure is not None and course.change_points is not None:
        change = course.change_points
        direction = "down" if change > 0 else ("up" if change < 0 else "no change")
        size = "" if change == 0 else f"{direction} {_points(abs(change))}"
        if change != 0 and course.change_percent is not None:
            size += f", {abs(course.change_percent):.0f}%"
        return layers["course"].format(
            measure=words.measures[course.measure],
            baseline=_shown(course.baseline),
            latest=_shown(course.latest),
            change=size or direction,
            weeks=course.weeks,
        )
    if course.days >= COURSE_MIN_DAYS and course.entries >= COURSE_MIN_ENTRIES:
        return layers["course-no-window"]
    more = []
    if course.days_needed:
        more.append(f"{course.days_needed} more {_plural(course.days_needed, 'day')}")
    if course.entries_needed:
        more.append(f"{course.entries_needed} more {_plural(course.entries_needed, 'entry')}")
    return layers["course-too-early"].format(
        days=COURSE_MIN_DAYS, entries=COURSE_MIN_ENTRIES, more=" and ".join(more) + " to go"
    )


def _relief(pairs: Sequence[Pair]) -> Relief:
    sessions = sum(pair.sessions for pair in pairs)
    noticeable = sum(pair.sessions for pair in pairs if is_noticeable(pair.before, _drop(pair)))
    points = weighted_median((float(_drop(pair)), pair.sessions) for pair in pairs)
    shares = weighted_median(
        (_drop(pair) / pair.before if pair.before else 0.0, pair.sessions) for pair in pairs
    )
    enough = sessions >= MIN_SESSIONS_FOR_VERDICT
    typical = (
        points is not None
        and shares is not None
        and (points >= NOTICEABLE_POINTS - _SLACK or shares >= NOTICEABLE_SHARE - _SLACK)
    )
    return Relief(sessions, points, shares, noticeable, enough, enough and typical)


def _course(summary: Summary) -> Course:
    days = [item.day for item in summary.days] + [item.day for item in summary.check_ins]
    entries = summary.sessions + len(summary.check_ins)
    if not days:
        return Course(None, None, None, None, None, False, 0, 0, 0, False)
    first, last = min(days), max(days)
    span = (last - first).days
    early_end, late_start = windows(first, last)

    def window(day: date, early: bool) -> bool:
        return day < early_end if early else day > late_start

    measure, baseline, latest = Measure.PEG, None, None
    pegs = [(item.peg, 1) for item in summary.check_ins if window(item.day, True)]
    late_pegs = [(item.peg, 1) for item in summary.check_ins if window(item.day, False)]
    if pegs and late_pegs:
        baseline, latest = weighted_median(pegs), weighted_median(late_pegs)
    else:
        measure = Measure.PAIN_BEFORE
        baseline = weighted_median(
            (float(item.before), item.sessions) for item in summary.days if window(item.day, True)
        )
        latest = weighted_median(
            (float(item.before), item.sessions) for item in summary.days if window(item.day, False)
        )
    enough = span >= COURSE_MIN_DAYS and entries >= COURSE_MIN_ENTRIES
    if baseline is None or latest is None:
        return Course(None, None, None, None, None, False, span // 7, span, entries, False)
    change = baseline - latest
    percent = change / baseline * 100 if baseline else None
    noticeable = enough and is_noticeable(baseline, change)
    return Course(
        measure, baseline, latest, change, percent, noticeable, span // 7, span, entries, enough
    )


def _groups(groups: Sequence[Group]) -> tuple[GroupStats, ...]:
    return tuple(
        GroupStats(group.key, group.sessions, group.total_relief / group.sessions)
        for group in groups
        if group.sessions
    )


def _drop(pair: Pair) -> int:
    return pair.before - pair.after


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def _shown(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}".removesuffix(".0")


def _points(value: float | None) -> str:
    return f"{_shown(value)} {'point' if value == 1 else 'points'}"


def _plural(count: int, word: str) -> str:
    if count == 1:
        return word
    return word[:-1] + "ies" if word.endswith("ry") else word + "s"
